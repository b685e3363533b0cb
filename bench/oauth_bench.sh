#!/usr/bin/env bash
# OAuth benchmarks: (a) 50 concurrent calls of one user meeting an expired token -> refresh requests
# per round (must be 1); (b) a tool call with the OAuth bearer vs the same token as a static header
# (TypeScript SDK demo server with --oauth): p50/p99 and ratio (goal <= 1.05x).
# Usage: bench/oauth_bench.sh [rounds=20] [concurrency=50] [calls=1000] [warmup=200]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -d "$root/testing/node_modules" ] || (cd "$root/testing" && npm ci --no-audit --no-fund --loglevel=error)
. "$root/bench/lib.sh"
java -Xmx512m -Dlogback.configurationFile=bench/logback-bench.xml -cp "$cp" \
  io.mcpbot.bench.OAuthRefreshBench "${1:-20}" "${2:-50}" "${3:-1000}" "${4:-200}"
