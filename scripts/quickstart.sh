#!/usr/bin/env bash
# The quickstart demo: the runbook end to end on a throwaway sandbox cluster (stanza-create, check,
# full backup, rows, target time, more rows, incremental backup, info, restore drill, summary, clean-up).
# Installs what is missing first. Builds pitr-core and pitr-examples in one reactor (tests skipped; run
# scripts/test.sh for them) and runs dev.pitr.examples.QuickstartDemo in its own JVM. Nothing is installed
# into ~/.m2. The drill's reports stay in pitr-examples/target/quickstart-drill-report/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-prerequisites.sh
echo "[pitr] building pitr-core and pitr-examples, then running the demo (first run downloads Maven plugins)"
exec mvn -B -ntp -q -Dstyle.color=never -pl pitr-examples -am -DskipTests -Prun package "$@"
