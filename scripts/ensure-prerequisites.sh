#!/usr/bin/env bash
# Installs what pitr needs on Debian/Ubuntu when it is missing, and says what it did:
#   Maven, a PostgreSQL server, pgBackRest (2.45 or newer), openssl,
#   and with --postgis the PostGIS extension (the test suite restores a PostGIS table).
# The PostgreSQL major is never assumed: it is the newest one installed (the one pitr's sandboxes use), or,
# when none is, the one apt would install (the candidate of the `postgresql` package: 15 on Debian 12,
# 17 on Debian 13). PostGIS is installed for that same major (postgresql-NN-postgis-3).
# Idempotent: installs nothing that is already there. As a non-root user without sudo it prints the
# exact command to run instead.
set -euo pipefail

want_postgis=no
[ "${1:-}" = "--postgis" ] && want_postgis=yes

say() { printf '[pitr] %s\n' "$*"; }
missing=()

command -v java >/dev/null 2>&1 || { say "a JDK (17 or newer) is required but 'java' is not on PATH (Debian/Ubuntu: apt-get install default-jdk-headless)"; exit 2; }
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

# The newest installed server, as pitr-core's PostgresBinaries picks it (PITR_PG_BIN wins).
pg_bin=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then pg_bin=$d; break; fi
done
[ -n "${PITR_PG_BIN:-}" ] && pg_bin=$PITR_PG_BIN
[ -z "$pg_bin" ] && missing+=(postgresql)

# The major of a bin directory such as /usr/lib/postgresql/NN/bin; empty when the layout is another one.
major_of_bin() { basename "$(dirname "$1")" | grep -E '^[0-9]+$' || true; }

# The major `apt-get install postgresql` would install: the postgresql-NN its candidate depends on.
candidate_major() {
  apt-cache depends postgresql 2>/dev/null | sed -n 's/^ *Depends: postgresql-\([0-9][0-9]*\)$/\1/p' | sort -n | tail -1
}

major=""
postgis_missing=no
if [ "$want_postgis" = yes ]; then
  [ -n "$pg_bin" ] && major=$(major_of_bin "$pg_bin")
  if [ -n "$pg_bin" ] && [ -z "$major" ]; then
    say "PostgreSQL in $pg_bin is not a Debian/Ubuntu package layout: install PostGIS for it yourself"
  elif [ -z "$major" ] || ! [ -f "/usr/share/postgresql/$major/extension/postgis.control" ]; then
    postgis_missing=yes
  fi
fi

if [ ${#missing[@]} -eq 0 ] && [ "$postgis_missing" = no ]; then
  say "prerequisites present: $(mvn -B -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g' | cut -c1-18), $(pgbackrest version), PostgreSQL binaries in $pg_bin"
  exit 0
fi

if [ "$(id -u)" = 0 ]; then
  apt_cmd=(apt-get)
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  apt_cmd=(sudo apt-get)
else
  apt_cmd=()
fi

export DEBIAN_FRONTEND=noninteractive
if [ ${#apt_cmd[@]} -gt 0 ]; then
  # Fresh machines and container images have empty package lists; the candidate major needs them.
  "${apt_cmd[@]}" update -qq
fi
if [ "$postgis_missing" = yes ]; then
  [ -z "$major" ] && major=$(candidate_major)
  if [ -z "$major" ]; then
    say "cannot tell which PostgreSQL major apt would install (no candidate for package 'postgresql');"
    say "install postgresql-NN and postgresql-NN-postgis-3 for one major NN, or set PITR_PG_BIN"
    exit 2
  fi
  missing+=("postgresql-${major}-postgis-3")
  # With no server installed, pin the server to the same major as PostGIS.
  for i in "${!missing[@]}"; do
    [ "${missing[$i]}" = postgresql ] && missing[$i]="postgresql-${major}"
  done
fi

say "missing: ${missing[*]}"
if [ ${#apt_cmd[@]} -eq 0 ]; then
  say "cannot install without root. Run:"
  say "  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  exit 2
fi
say "installing with apt-get: ${missing[*]}"
"${apt_cmd[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian's postgresql package creates a default cluster on port 5432 (started where an init system runs);
# pitr never uses it.
pg_now=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -1)
say "installed: ${missing[*]} ($(pgbackrest version 2>/dev/null || echo 'pgbackrest ?'), PostgreSQL binaries in ${pg_now:-?})"
