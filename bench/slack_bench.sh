#!/usr/bin/env bash
# Slack-side latency (SlackBench): emulator + real Bolt client + core services + Agent with a
# zero-latency model; ack, event->placeholder and event->final answer p50/p99 at 1 user and at N
# concurrent users, and the ratio.
# Usage: bench/slack_bench.sh [users=50] [rounds=20] [h2|postgresql]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/bench/lib.sh"
java -Xmx1g -Dlogback.configurationFile=bench/logback-bench.xml -cp "$cp" \
  io.mcpbot.bench.SlackBench "${1:-50}" "${2:-20}" "${3:-h2}"
