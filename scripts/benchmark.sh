#!/usr/bin/env bash
# The benchmark harness (not part of the test suite): pitr vs the same work by hand, interleaved, on a
# pgbench-initialised sandbox at each scale. Results: pitr-examples/target/benchmark/summary.md and runs.tsv;
# docs/benchmarks.md records a run.
#   bash scripts/benchmark.sh                      # scales 10 and 60, 5 runs each
#   bash scripts/benchmark.sh --scales=10 --runs=3
# With the Maven plugin built, add:  --maven-check="mvn -q -o dev.pitr:pitr-maven-plugin:0.1.0-SNAPSHOT:check"
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-prerequisites.sh
args="$*"
[ -z "$args" ] && args="--scales=10,60 --runs=5"
echo "[pitr] building, then benchmarking: $args"
exec mvn -B -ntp -q -Dstyle.color=never -pl pitr-examples -am -DskipTests -Prun package \
  -Dpitr.example.main=dev.pitr.examples.benchmark.Benchmark \
  "-Dpitr.example.args=--raw-drill=$PWD/scripts/bench/raw-drill.sh --out=$PWD/pitr-examples/target/benchmark $args"
