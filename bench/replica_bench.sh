#!/usr/bin/env bash
# Two replicas on embedded PostgreSQL: credential save on A -> restarted session on B (p50/p99 of
# each phase: save returned, change on B, old process gone, new session up; the fixture's cold
# start alone as the peer; A runs no session for the user, as in a deployment),
# added latency of a turn handed to the lease holder, changes applied/s under a burst.
# Usage: bench/replica_bench.sh [saves] [turns] [changes]  (default 30 200 1000)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/bench/lib.sh"
exec java -cp "$cp" io.mcpbot.bench.ReplicaBench "$@"
