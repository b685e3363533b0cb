#!/usr/bin/env bash
# A user's first turn with three reference servers through the pool (parallel start until tools
# listed), each in its own bubblewrap sandbox vs unsandboxed: p50/p99, ratio, RSS per session.
# Usage: bench/sandbox_first_turn.sh [rounds] [warmup]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/bench/lib.sh"
bench_need_sandbox
java -Xmx256m -Dlogback.configurationFile=bench/logback-bench.xml -cp "$cp" \
  io.mcpbot.bench.SandboxFirstTurnBench "${1:-20}" "${2:-3}"
