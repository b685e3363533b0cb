#!/usr/bin/env bash
# Runs the MCP benchmarks: (a) echo via our pool vs the raw Java SDK and the TypeScript SDK
# (three rounds, medians), (b) first turn with three
# servers in parallel vs sequential, (c) churn of 500 users under a cap of 50.
# Usage: bench/mcp_vs_ts.sh [echo|firstturn|churn|all]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -d "$root/testing/node_modules" ] || (cd "$root/testing" && npm ci --no-audit --no-fund --loglevel=error)
. "$root/bench/lib.sh"
run() { java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dlogback.configurationFile=bench/logback-bench.xml -cp "$cp" "$@"; }
what="${1:-all}"
[[ $what == all || $what == echo ]] && run io.mcpbot.bench.McpEchoBench 1000 200 3
[[ $what == all || $what == firstturn ]] && run io.mcpbot.bench.FirstTurnBench 7
[[ $what == all || $what == churn ]] && run io.mcpbot.bench.ChurnBench 500 50 16
exit 0
