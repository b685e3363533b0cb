#!/usr/bin/env bash
# Spawn to initialized for a node reference server with and without the bubblewrap sandbox:
# p50/p99 and the ratio (goal <= 1.3x), close time, RSS per sandboxed session.
# Usage: bench/sandbox_bench.sh [iterations] [warmup] [package]
#   package: @modelcontextprotocol/server-everything (default) or @modelcontextprotocol/server-memory
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/bench/lib.sh"
bench_need_sandbox
java -Xmx256m -Dlogback.configurationFile=bench/logback-bench.xml -cp "$cp" \
  io.mcpbot.bench.SandboxBench "${1:-30}" "${2:-5}" "${3:-@modelcontextprotocol/server-everything}"
