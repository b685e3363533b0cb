#!/usr/bin/env bash
# Per-turn overhead (TurnBench): the real Agent with a zero-latency in-process model and warm
# tiny node MCP sessions; overhead = turn time minus provider and tool time, p50/p99, one turn at
# a time and at N concurrent users, turns/s, on H2 and PostgreSQL.
# Usage: bench/turn_bench.sh [users=50] [turns=20]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
JAVA_HOME="$(mcpbot_find_jdk)"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
cd "$root"
# one reactor run: package, then each module's runtime classpath (reactor jars, not ~/.m2) to a file
mvn -B -q -ntp -pl bench -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >/tmp/turnbench-build.log 2>&1 ||
  { cat /tmp/turnbench-build.log; exit 1; }
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
java -Xmx1g -Dlogback.configurationFile=bench/logback-bench.xml -cp "$cp" \
  io.mcpbot.bench.TurnBench "${1:-50}" "${2:-20}"
