#!/usr/bin/env bash
# rotate-key throughput and peak heap on embedded PostgreSQL: KeyRotation (batched CAS, with its
# pre-check and verify passes) vs a naive one-row-per-transaction loop measured in the same run.
# Usage: bench/rotate_key.sh [rows] [runs] [naiveRows] [batchSize]  (default 100000 3 5000 500)
# MCPBOT_BENCH_HEAP sets -Xmx (default 256m) to show memory stays flat regardless of row count.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/bench/lib.sh"
exec java "-Xmx${MCPBOT_BENCH_HEAP:-256m}" -cp "$cp" io.mcpbot.bench.RotateKeyBench "$@"
