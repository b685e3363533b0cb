#!/usr/bin/env bash
# Two replicas on embedded PostgreSQL: credential save on A -> restarted session on B (p50/p99),
# added latency of a turn handed to the lease holder, changes applied/s under a burst.
# Usage: bench/replica_bench.sh [saves] [turns] [changes]  (default 30 200 1000)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/bench/lib.sh"
exec java -cp "$cp" io.mcpbot.bench.ReplicaBench "$@"
