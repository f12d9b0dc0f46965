#!/usr/bin/env bash
# The whole test suite: unit tests and integration tests against a real PostgreSQL and real pgBackRest
# (throwaway clusters the tests create and remove). Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-prerequisites.sh --postgis
echo "[pitr] running the test suite: mvn -B verify"
exec mvn -B -ntp verify "$@"
