#!/usr/bin/env bash
# Per-turn overhead (TurnBench): the real Agent with a zero-latency in-process model and warm
# tiny node MCP sessions; overhead = turn time minus provider and tool time, p50/p99, one turn at
# a time and at N concurrent users, turns/s, on H2 and PostgreSQL.
# Usage: bench/turn_bench.sh [users=50] [turns=20]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/bench/lib.sh"
java -Xmx1g -Dlogback.configurationFile=bench/logback-bench.xml -cp "$cp" \
  io.mcpbot.bench.TurnBench "${1:-50}" "${2:-20}"
