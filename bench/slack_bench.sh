#!/usr/bin/env bash
# Slack-side latency (SlackBench): emulator + real Bolt client + CoreBotBackend + core Agent with a
# zero-latency model; ack, event->placeholder and event->final answer p50/p99 at 1 user and at N
# concurrent users, and the ratio.
# Usage: bench/slack_bench.sh [users=50] [rounds=20] [h2|postgresql]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
JAVA_HOME="$(mcpbot_find_jdk)"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
cd "$root"
# one reactor run: package, then each module's runtime classpath (reactor jars, not ~/.m2) to a file
mvn -B -q -ntp -pl bench -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >/tmp/slackbench-build.log 2>&1 ||
  { cat /tmp/slackbench-build.log; exit 1; }
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
java -Xmx1g -Dlogback.configurationFile=bench/logback-bench.xml -cp "$cp" \
  io.mcpbot.bench.SlackBench "${1:-50}" "${2:-20}" "${3:-h2}"
