#!/usr/bin/env bash
# /metrics scrape cost (MetricsScrapeBench): p50/p99 of a real HTTP scrape of the bot's endpoint,
# idle and while N simulated users record what their turns record.
# Usage: bench/metrics_scrape.sh [scrapes=400] [users=50]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/bench/lib.sh"
java -Xmx512m -Dlogback.configurationFile=bench/logback-bench.xml -cp "$cp" \
  io.mcpbot.bench.MetricsScrapeBench "${1:-400}" "${2:-50}"
