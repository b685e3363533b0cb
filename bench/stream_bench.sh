#!/usr/bin/env bash
# Streaming into Slack (StreamBench): a local model streaming 200 tokens over 4 s, the real Bolt
# client against the emulator, the core Agent; first token -> first visible text (Slack stream and
# chat.update fallback) vs the final answer, p50/p99; Slack API calls per answer. Then CacheShare:
# input tokens per turn and the cacheable share for a user with 40 tools over a 10-turn thread.
# Usage: bench/stream_bench.sh [runs=8] [tokens=200] [seconds=4]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/bench/lib.sh"
java -Xmx1g -Dlogback.configurationFile=bench/logback-bench.xml -cp "$cp" \
  io.mcpbot.bench.StreamBench "${1:-8}" "${2:-200}" "${3:-4}"
