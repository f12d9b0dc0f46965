#!/usr/bin/env bash
# The benchmark harness (not part of the test suite): pitr vs the same work by hand, interleaved, on a
# pgbench-initialised sandbox at each scale. Results: pitr-examples/target/benchmark/summary.md and runs.tsv;
# docs/benchmarks.md records a run.
#   bash scripts/benchmark.sh                      # scales 10 and 60, 5 runs each
#   bash scripts/benchmark.sh --scales=10 --runs=3
#   bash scripts/benchmark.sh --scales= --wal-heavy=20:90,60:10 --runs=3 --with-untuned
#       # the drills only, pitr in its own JVM (JVM start included) against the runbook's hand script:
#       # SCALE:LOAD_SECONDS of pgbench -c 2 after the full backup (20:90 WAL-heavy, 60:10 restore-heavy);
#       # --with-untuned adds pitr with its replay settings and fetch-ahead off;
#       # --pitr-jvm=-XX:TieredStopAtLevel=1 passes JVM options (comma-separated) to pitr's own-JVM drill
# pitr:check runs the whole governance check (pgBackRest check, preflight, rules); the benchmark sandbox has
# no drill history on record, so its drill rule FAILs: failOnError=false keeps the timing and logs the FAIL.
# The Maven side (pitr:check through `mvn`) uses the plugin built here, installed into the private
# repository pitr-examples/target/it-repo (never ~/.m2), offline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-prerequisites.sh
args="$*"
[ -z "$args" ] && args="--scales=10,60 --wal-heavy=20:90,60:10 --runs=5"
root=$PWD
out=$root/pitr-examples/target/benchmark
mkdir -p "$out"
echo "[pitr] building pitr and installing the plugin into pitr-examples/target/it-repo"
mvn -B -ntp -q -Dstyle.color=never -pl pitr-examples -am -DskipTests pre-integration-test
cat > "$out/settings.xml" <<XML
<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
  <mirrors><mirror><id>outer</id><mirrorOf>*</mirrorOf><url>file://${HOME}/.m2/repository</url></mirror></mirrors>
</settings>
XML
version=$(sed -n 's:.*<version>\(.*-SNAPSHOT\)</version>.*:\1:p' pom.xml | head -1)
export PITR_BENCH_MAVEN_CHECK="mvn -B -q -o -ntp -Daether.offline.protocols=file -Dmaven.repo.local=$root/pitr-examples/target/it-repo -s $out/settings.xml dev.pitr:pitr-maven-plugin:$version:check -Dpitr.failOnError=false"
echo "[pitr] benchmarking: $args"
exec mvn -B -ntp -q -Dstyle.color=never -pl pitr-examples -am -DskipTests -Prun package \
  -Dpitr.example.main=dev.pitr.examples.benchmark.Benchmark \
  "-Dpitr.example.args=--raw-drill=$root/scripts/bench/raw-drill.sh --out=$out $args"
