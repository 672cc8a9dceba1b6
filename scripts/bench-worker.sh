#!/usr/bin/env bash
# Worker benchmark against the local RabbitMQ: articles/s and p50/p99 latency with the full
# and the empty pipeline, peak RSS, and `process` on the same articles for comparison.
# Usage: scripts/bench-worker.sh [--rounds N] [--pin-cores] [--articles N] [--latency-articles N] [--prefetch N] [--queue-type quorum|classic] [--input FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
(exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null || { echo "RabbitMQ is not answering on 127.0.0.1:5672 (scripts/test.sh starts it)" >&2; exit 1; }
cargo bench --locked --bench worker -- "$@"
