#!/usr/bin/env bash
# Benchmarks (parallel efficiency, Spark overhead, throughput vs cblas_sgemm, structured speedup, front
# quality, memory, cost model, per-candidate fixed cost, durations). Regenerates bench/RESULTS.md and
# bench/raw.csv; how long it took is in RESULTS.md ("Durations"). --quick runs CI-size inputs (exercises
# the code; numbers not meaningful).
#   jobs/bench.sh [--quick] [--out bench]
# Run it on an otherwise idle machine: the ratios are measured in one run, but other load skews them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! ls target/prunesweep-*.jar >/dev/null 2>&1 || [ ! -d target/lib ]; then
  mvn -B -q -DskipTests package
fi
exec jobs/prunesweep bench "$@"
