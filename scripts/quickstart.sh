#!/usr/bin/env bash
# The quickstart demo: the runbook end to end on a throwaway sandbox cluster (stanza-create, check,
# full backup, rows, target time, more rows, incremental backup, info, restore drill, summary, clean-up).
# Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-prerequisites.sh
echo "[pitr] building pitr (tests skipped; run scripts/test.sh for them)"
mvn -B -ntp -q install -DskipTests
echo "[pitr] running the demo"
exec mvn -B -ntp -q -pl pitr-examples exec:java -Dexec.mainClass=dev.pitr.examples.QuickstartDemo "$@"
