#!/usr/bin/env bash
# What the drill's amcheck validation costs per GB on this machine (not part of the test suite; the result is
# written down in docs/restore-drills.md, "Integrity: amcheck").
#   bash scripts/bench/amcheck-cost.sh            # scales 20 and 60, 3 runs of each variant
#   bash scripts/bench/amcheck-cost.sh "20 60" 5
# A throwaway cluster (initdb --data-checksums, like the sandbox; default shared_buffers), pgbench -i at each
# scale, CHECKPOINT, then per run: restart the server (cold shared_buffers, like a freshly recovered drill
# clone; the files stay in the OS page cache, as a just-restored clone's are) and time pg_amcheck over the
# database, as the drill runs it:
#   plain:          pg_amcheck --jobs=J            (verify_heapam of every heap/TOAST block, bt_index_check of
#                                                   every B-tree index)
#   heapallindexed: pg_amcheck --jobs=J --heapallindexed (also probes every heap tuple in every B-tree index)
# Prints one TSV line per run (scale, database bytes, variant, jobs, run, ms) and a median summary with s/GB.
# As root the server runs as postgres. Everything lives under one mktemp directory, removed on exit.
set -euo pipefail
scales=${1:-"20 60"}
runs=${2:-3}
jobs=$(nproc)

pg_bin=${PITR_PG_BIN:-}
if [ -z "$pg_bin" ]; then
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/pg_amcheck" ]; then pg_bin=$d; break; fi
  done
fi
[ -x "$pg_bin/pg_amcheck" ] || { echo "no pg_amcheck (PostgreSQL 14 or newer) found; set PITR_PG_BIN" >&2; exit 2; }

as_pg=(); owner=()
if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); owner=(-o postgres -g postgres); fi
dir=$(mktemp -d /tmp/pitr-amcheck-bench-XXXXXX)
chmod 755 "$dir"
install -d "${owner[@]}" -m 700 "$dir/pg" "$dir/sock" "$dir/log"
port=$(( 20000 + RANDOM % 20000 ))
cleanup() {
  if [ -f "$dir/pg/postmaster.pid" ]; then "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/pg" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
ms() { echo $(( $(date +%s%N) / 1000000 )); }
psql_() { "${as_pg[@]}" "$pg_bin/psql" -h "$dir/sock" -p "$port" -d postgres -XAtq "$@"; }
start() { "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/pg" -l "$dir/log/server.log" -w -o "-p $port -k $dir/sock -c listen_addresses=''" start >/dev/null; }
stop() { "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null; }

"${as_pg[@]}" "$pg_bin/initdb" -D "$dir/pg" -A trust -U postgres --data-checksums >/dev/null
start
psql_ -c "create extension amcheck" >/dev/null
echo "# $("$pg_bin/postgres" --version); $(nproc) cores; jobs=$jobs; $(date -u +%FT%TZ); load $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'scale\tbytes\tvariant\tjobs\trun\tms\n'
summary=()
for scale in $scales; do
  "${as_pg[@]}" "$pg_bin/pgbench" -h "$dir/sock" -p "$port" -i -q -s "$scale" postgres >/dev/null 2>&1
  psql_ -c checkpoint >/dev/null
  bytes=$(psql_ -c "select pg_database_size('postgres')")
  for variant in plain heapallindexed; do
    flag=(); [ "$variant" = heapallindexed ] && flag=(--heapallindexed)
    times=()
    for run in $(seq 1 "$runs"); do
      stop; start
      t0=$(ms)
      "${as_pg[@]}" "$pg_bin/pg_amcheck" -h "$dir/sock" -p "$port" -U postgres -w --jobs="$jobs" "${flag[@]}" -d postgres
      t1=$(ms)
      times+=($((t1 - t0)))
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$scale" "$bytes" "$variant" "$jobs" "$run" "$((t1 - t0))"
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    summary+=("$(awk -v s="$scale" -v b="$bytes" -v v="$variant" -v m="$median" -v lo="$(printf '%s\n' "${times[@]}" | sort -n | head -1)" -v hi="$(printf '%s\n' "${times[@]}" | sort -n | tail -1)" \
      'BEGIN {printf "scale %s (%.0f MB): %-14s median %d ms (%d-%d), %.1f s/GB, %.0f MB/s", s, b/1e6, v, m, lo, hi, m/1000/(b/1e9), (b/1e6)/(m/1000)}')")
  done
done
echo "# summary (GB = 10^9 bytes of pg_database_size)"
printf '# %s\n' "${summary[@]}"
