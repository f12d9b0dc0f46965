#!/usr/bin/env bash
# The hand-scripted restore drill pitr's drill is measured against (scripts/benchmark.sh runs it; it is not
# part of pitr). The sequence an operator would type:
#   pgbackrest restore --type=time --target=T --target-action=promote --archive-mode=off into a fresh directory,
#   pg_ctl -w start on a private port and socket, poll SELECT pg_is_in_recovery() every 100 ms until false,
#   the same count query the pitr drill checks, pg_ctl stop (fast), rm -rf.
# Prints one line: restore_ms recovery_ms count_ms stop_ms rm_ms total_ms rows
# Usage (as root the server and pgBackRest run as the postgres user, otherwise as yourself):
#   raw-drill.sh CONFIG STANZA TARGET_TIME DIRECTORY PORT PROCESS_MAX PG_BIN TABLE
set -euo pipefail
conf=$1 stanza=$2 target=$3 dir=$4 port=$5 pmax=$6 pgbin=$7 table=$8
as_pg=(); owner=()
if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); owner=(-o postgres -g postgres); fi
sock=$dir.sock
ms() { echo $(( $(date +%s%N) / 1000000 )); }
cleanup() {
  if [ -f "$dir/postmaster.pid" ]; then "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir" "$sock" "$dir.log"
}
trap cleanup EXIT

rm -rf "$dir" "$sock"
install -d "${owner[@]}" -m 700 "$dir" "$sock"

t0=$(ms)
"${as_pg[@]}" pgbackrest --config="$conf" --stanza="$stanza" --pg1-path="$dir" --type=time --target="$target" \
  --target-action=promote --archive-mode=off --process-max="$pmax" --log-level-console=warn restore
t1=$(ms)
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir" -l "$dir.log" -w -t 300 \
  -o "-p $port -k $sock -c listen_addresses=''" start >/dev/null
while :; do
  r=$("${as_pg[@]}" "$pgbin/psql" -h "$sock" -p "$port" -d postgres -XAtqc 'SELECT pg_is_in_recovery()' 2>/dev/null || true)
  [ "$r" = f ] && break
  pid=$(head -1 "$dir/postmaster.pid" 2>/dev/null || echo 0)
  kill -0 "$pid" 2>/dev/null || { echo "postmaster died; log:" >&2; tail -20 "$dir.log" >&2; exit 1; }
  sleep 0.1
done
t2=$(ms)
rows=$("${as_pg[@]}" "$pgbin/psql" -h "$sock" -p "$port" -d postgres -XAtqc "SELECT count(*) FROM $table")
t3=$(ms)
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
t4=$(ms)
rm -rf "$dir" "$sock" "$dir.log"
t5=$(ms)
trap - EXIT
echo "$((t1-t0)) $((t2-t1)) $((t3-t2)) $((t4-t3)) $((t5-t4)) $((t5-t0)) $rows"
