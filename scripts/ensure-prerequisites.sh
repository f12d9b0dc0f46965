#!/usr/bin/env bash
# Installs what pitr needs on Debian/Ubuntu when it is missing, and says what it did:
#   Maven, the PostgreSQL server (15 on Debian bookworm), pgBackRest (2.45 or newer),
#   and with --postgis the PostGIS extension (the test suite restores a PostGIS table).
# Idempotent: installs nothing that is already there. As a non-root user without sudo it prints the
# exact command to run instead.
set -euo pipefail

want_postgis=no
[ "${1:-}" = "--postgis" ] && want_postgis=yes

say() { printf '[pitr] %s\n' "$*"; }
missing=()

command -v java >/dev/null 2>&1 || { say "JDK 17 is required but 'java' is not on PATH (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless)"; exit 2; }
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v pgbackrest >/dev/null 2>&1 || missing+=(pgbackrest)
# openssl makes the throwaway certificates of the repository-host tests.
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# Debian's prometheus, for the test suite (with --postgis, as scripts/test.sh calls it): promtool checks the
# metrics exposition and the alert rules, and a test scrapes the example service with a real server (started
# on a free loopback port; under systemd the package also enables its own server on :9090, never used).
if [ "$want_postgis" = yes ]; then
  command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
fi

pg_bin=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then pg_bin=$d; break; fi
done
[ -n "${PITR_PG_BIN:-}" ] && pg_bin=$PITR_PG_BIN
[ -z "$pg_bin" ] && missing+=(postgresql)

if [ "$want_postgis" = yes ]; then
  major=$( [ -n "$pg_bin" ] && basename "$(dirname "$pg_bin")" || echo 15 )
  if ! ls /usr/share/postgresql/"$major"/extension/postgis.control >/dev/null 2>&1; then
    missing+=("postgresql-${major}-postgis-3")
  fi
fi

if [ ${#missing[@]} -eq 0 ]; then
  say "prerequisites present: $(mvn -B -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g' | cut -c1-18), $(pgbackrest version), PostgreSQL binaries in $pg_bin"
  exit 0
fi

say "missing: ${missing[*]}"
if [ "$(id -u)" = 0 ]; then
  apt_cmd=(apt-get)
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  apt_cmd=(sudo apt-get)
else
  say "cannot install without root. Run:"
  say "  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  exit 2
fi
say "installing with apt-get: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${apt_cmd[@]}" update -qq
"${apt_cmd[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
say "installed: ${missing[*]} ($(pgbackrest version 2>/dev/null || echo 'pgbackrest ?'))"
# Debian's postgresql package creates and starts a default cluster on port 5432; pitr never uses it.
