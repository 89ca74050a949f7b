#!/usr/bin/env bash
# Signals and resume against a real PostgreSQL: every table is made slow to
# read (a row-level security policy whose uncorrelated sub-select sleeps
# once per query), so that a run can be stopped half way. SIGTERM and
# SIGINT stop cleanly (exit 2, connections closed, a partial report marked
# interrupted with the tables done so far, the checkpoint kept); --resume
# scans only the rest and the final report equals an uninterrupted one.
# SIGKILL loses at most the tables in flight: the checkpoint has whole
# lines only, and a resume again equals the uninterrupted run. A
# checkpoint of another run is refused.
. "$(dirname "$0")/../setup.sh"
. "$top_srcdir/tests/db/lib.sh"
. "$top_srcdir/tests/fleet/lib.sh"

pg_start
fleet_pg_db slow 80 || exit 1
psql_admin -d slow -At -c "SELECT format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY; CREATE POLICY slow ON %I USING ((SELECT pg_sleep(0.05)) IS NOT NULL);', tablename, tablename) FROM pg_tables WHERE schemaname = 'public'" |
  psql_admin -d slow || exit 1
export PGPASSWORD=$SCANNER_PW
URI="postgresql://scanner@127.0.0.1:$PORT/slow"
scan() { "$CLASSIFY" scan --quiet --seed 5 --sample 100 "$@" "$URI"; }
# The same in the background, $pid the classify process itself (not a
# subshell, which would take the signal instead).
scan_bg() { "$CLASSIFY" scan --quiet --seed 5 --sample 100 "$@" "$URI" & pid=$!; }

scan -o "$TMP/whole.json"; rc=$?
check "uninterrupted run: exit 0 (got $rc)" [ $rc -eq 0 ]
check "uninterrupted run: 80 tables" [ "$(count_tables "$TMP/whole.json")" = 80 ]
check "uninterrupted run: no checkpoint left behind" [ ! -e "$TMP/whole.json.checkpoint" ]

# waits until the checkpoint of $1 holds at least $2 tables (header + lines).
wait_tables() {
  for _ in $(seq 600); do
    [ -f "$1.checkpoint" ] && [ "$(wc -l <"$1.checkpoint")" -gt "$2" ] && return 0
    sleep 0.05
  done
  return 1
}
eof_count() { grep -c 'unexpected EOF on client connection\|could not receive data from client' "$PGD/log"; }

for sig in TERM INT; do
  out="$TMP/$sig.json"
  before=$(eof_count)
  scan_bg -o "$out" 2>"$TMP/err"
  check "SIG$sig: the run got going" wait_tables "$out" 2
  kill -s "$sig" "$pid"
  wait "$pid"; rc=$?
  sed 's/^/# /' "$TMP/err" | tail -2
  check "SIG$sig: exit 2 (got $rc)" [ $rc -eq 2 ]
  done_n=$(count_tables "$out")
  check "SIG$sig: a partial report, marked interrupted and incomplete ($done_n tables)" \
    [ "$(jget "$out" 'r["run"]["interrupted"] is True and r["run"]["complete"] is False and 0 < len(r["tables"]) < 80')" = True ]
  check "SIG$sig: the report holds exactly the tables of the checkpoint" \
    [ "$(($(wc -l <"$out.checkpoint") - 1))" = "$done_n" ]
  check "SIG$sig: stderr says how to resume" grep -q 'run the same command with --resume' "$TMP/err"
  sleep 0.3
  check "SIG$sig: every connection was closed by the client (no EOF in the server log)" \
    [ "$(eof_count)" = "$before" ]
  check "SIG$sig: the server has no session of the scanner left" \
    [ "$(psql_admin -d postgres -At -c "SELECT count(*) FROM pg_stat_activity WHERE usename = 'scanner'")" = 0 ]
  scan --resume -o "$out" 2>"$TMP/err"; rc=$?
  check "SIG$sig then --resume: exit 0 (got $rc)" [ $rc -eq 0 ]
  check "SIG$sig then --resume: the report equals the uninterrupted run's" \
    same_report "$TMP/whole.json" "$out"
  check "SIG$sig then --resume: the checkpoint is gone" [ ! -e "$out.checkpoint" ]
done

# The resumed run scanned only the rest: time it against the whole.
out="$TMP/half.json"
scan_bg -o "$out" 2>/dev/null
wait_tables "$out" 2 && kill -TERM "$pid"
wait "$pid"
left=$((80 - $(count_tables "$out")))
psql_admin -d postgres -c "SELECT pg_stat_reset()" >/dev/null
scan --resume -o "$out" 2>/dev/null
sampled=$(psql_admin -d slow -At -c "SELECT count(*) FROM pg_stat_user_tables WHERE seq_scan > 0 OR idx_scan > 0")
check "--resume read only the $left tables not done (server counts $sampled tables read)" \
  [ "$sampled" -le "$left" ]

# SIGKILL: whole lines only, and a resume equals the uninterrupted run.
out="$TMP/kill.json"
scan_bg -o "$out" 2>/dev/null
wait_tables "$out" 3
kill -KILL "$pid"
wait "$pid" 2>/dev/null
check "SIGKILL: no report written" [ ! -e "$out" ]
check "SIGKILL: the checkpoint has whole JSON lines only" /usr/bin/python3 -c '
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == ""
for l in lines[:-1]:
    json.loads(l)
' "$out.checkpoint"
kept=$(($(wc -l <"$out.checkpoint") - 1))
scan --resume -o "$out"; rc=$?
check "SIGKILL then --resume ($kept tables kept): exit 0 (got $rc)" [ $rc -eq 0 ]
check "SIGKILL then --resume: the report equals the uninterrupted run's" \
  same_report "$TMP/whole.json" "$out"

# A line cut short (a node lost mid-write) is ignored.
scan_bg -o "$out" 2>/dev/null
wait_tables "$out" 3
kill -KILL "$pid"
wait "$pid" 2>/dev/null
printf '{"table": {"source": "cut' >>"$out.checkpoint"
scan --resume -o "$out"; rc=$?
check "a checkpoint ending in a cut line: resume exit 0 (got $rc)" [ $rc -eq 0 ]
check "a checkpoint ending in a cut line: equals the uninterrupted run" \
  same_report "$TMP/whole.json" "$out"

# A checkpoint of another run is refused; without one, --resume scans all.
scan_bg -o "$out" 2>/dev/null
wait_tables "$out" 2 && kill -TERM "$pid"
wait "$pid"
"$CLASSIFY" scan --quiet --seed 6 --sample 100 --resume -o "$out" "$URI" 2>"$TMP/err"; rc=$?
check "--resume with another seed: exit 1 (got $rc)" [ $rc -eq 1 ]
check "--resume with another seed: the error names the checkpoint" \
  grep -q "$out.checkpoint: a checkpoint of a different run" "$TMP/err"
rm -f "$TMP/fresh.json"
scan --resume -o "$TMP/fresh.json"; rc=$?
check "--resume without a checkpoint: a whole run, exit 0 (got $rc)" [ $rc -eq 0 ]
check "--resume without a checkpoint: equals the uninterrupted run" \
  same_report "$TMP/whole.json" "$TMP/fresh.json"
"$CLASSIFY" scan --quiet --resume "$URI" 2>"$TMP/err"; rc=$?
check "--resume without -o: exit 1 naming -o" grep -q -- '--resume: needs -o FILE' "$TMP/err"
finish
