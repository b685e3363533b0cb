#!/usr/bin/env bash
# Runs the MCP benchmarks: (a) echo via our pool vs the TypeScript SDK, (b) first turn with three
# servers in parallel vs sequential, (c) churn of 500 users under a cap of 50.
# Usage: bench/mcp_vs_ts.sh [echo|firstturn|churn|all]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
JAVA_HOME="$(mcpbot_find_jdk)"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
cd "$root"
[ -d testing/node_modules ] || (cd testing && npm ci --no-audit --no-fund --loglevel=error)
# one reactor run: package, then each module's runtime classpath (reactor jars, not ~/.m2) to a file
mvn -B -q -ntp -pl bench -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >/tmp/mcpbench-build.log 2>&1 ||
  { cat /tmp/mcpbench-build.log; exit 1; }
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
run() { java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dlogback.configurationFile=bench/logback-bench.xml -cp "$cp" "$@"; }
what="${1:-all}"
[[ $what == all || $what == echo ]] && run io.mcpbot.bench.McpEchoBench 1000 200
[[ $what == all || $what == firstturn ]] && run io.mcpbot.bench.FirstTurnBench 7
[[ $what == all || $what == churn ]] && run io.mcpbot.bench.ChurnBench 500 50 16
exit 0
