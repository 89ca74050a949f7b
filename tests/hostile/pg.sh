#!/usr/bin/env bash
# Hostile schemas and bad days against a real throwaway PostgreSQL (issue
# 10, items 4, 5 and 7). Each fault is built here, the scan is run, and
# what must not happen is checked in the server itself:
#  - an attacker-owned composite type with CREATE CAST ... WITH FUNCTION
#    evil(), and a view calling a function that writes: no row reaches the
#    attacker's table, ALTER ROLE ... SUPERUSER never happens, although the
#    scanner is a superuser;
#  - views that fail quoting a card number and an SSN: neither value is
#    in stderr, the JSON errors, the history file or the workbook;
#  - a backend frozen with SIGSTOP: the scan ends within a bound and
#    records the error; a table locked ACCESS EXCLUSIVE in another session
#    fails alone; a backend terminated mid-scan: the other tables are
#    still scanned; a missing output folder: exit 1 before scanning; a
#    target listed twice: its tables once.
. "$(dirname "$0")/../setup.sh"
. "$top_srcdir/tests/db/lib.sh"

pg_start
PW='Hostile-Test-Pw-1'
psql_admin -d postgres <<SQL || exit 1
CREATE ROLE scanner LOGIN SUPERUSER PASSWORD '$PW';
CREATE ROLE attacker LOGIN PASSWORD 'attacker-pw';
CREATE DATABASE app;
SQL
URI="postgresql://scanner:$PW@127.0.0.1:$PORT/app"

# Distinctive values made by the published rules: a Luhn-valid card and an
# SSN in a valid area/group/serial, found nowhere else in this test.
CARD=4929381312860053
SSN=536-22-8174
/usr/bin/python3 - "$CARD" <<'PY' || { echo "not ok - test card is not Luhn-valid"; exit 1; }
import sys
d = [int(c) for c in sys.argv[1]][::-1]
s = sum(x if i % 2 == 0 else (2 * x - 9 if 2 * x > 9 else 2 * x) for i, x in enumerate(d))
sys.exit(s % 10 != 0)
PY

psql_admin -d app <<SQL || exit 1
GRANT CREATE ON SCHEMA public TO attacker;
CREATE TABLE cards (card text);
INSERT INTO cards VALUES ('$CARD');
SET ROLE attacker;
CREATE TABLE loot (v text);
GRANT INSERT, SELECT ON loot TO PUBLIC;
CREATE TYPE thetype AS (a text);
-- Writes only when it finds itself in a read-write transaction, and turns
-- the session's default read-write for the next one.
CREATE FUNCTION evil(thetype) RETURNS text LANGUAGE plpgsql AS \$\$
BEGIN
  IF current_setting('transaction_read_only') = 'off' THEN
    INSERT INTO public.loot SELECT card FROM public.cards;
    EXECUTE 'ALTER ROLE attacker SUPERUSER';
  END IF;
  PERFORM set_config('default_transaction_read_only', 'off', false);
  PERFORM set_config('search_path', 'public', false);
  RETURN (\$1).a;
END \$\$;
CREATE CAST (thetype AS text) WITH FUNCTION evil(thetype);
CREATE TABLE hostile_a (v thetype);
CREATE TABLE hostile_b (v thetype);
INSERT INTO hostile_a VALUES (ROW('alpha')), (ROW('beta'));
INSERT INTO hostile_b VALUES (ROW('gamma'));
-- A view whose function tries to write, whatever the transaction says.
CREATE FUNCTION grab() RETURNS text LANGUAGE plpgsql AS \$\$
BEGIN
  PERFORM set_config('default_transaction_read_only', 'off', false);
  INSERT INTO public.loot SELECT card FROM public.cards;
  RETURN 'x';
END \$\$;
CREATE VIEW hostile_view AS SELECT grab() AS g;
RESET ROLE;
ANALYZE;
SQL

# ---- 4. read-only, even against a hostile schema --------------------------
"$CLASSIFY" scan --quiet --include-views --seed 1 -o "$TMP/hostile.json" "$URI" \
  2>"$TMP/hostile.err"
echo "exit $?" >>"$TMP/hostile.err"
loot=$(psql_admin -d app -Atc "SELECT count(*) FROM loot")
check "evil cast: no row reached the attacker's table (got $loot)" [ "$loot" = 0 ]
check "evil cast: ALTER ROLE attacker SUPERUSER did not happen" \
  [ "$(psql_admin -d app -Atc "SELECT rolsuper FROM pg_roles WHERE rolname = 'attacker'")" = f ]
check "evil cast: the composite columns were read in their own text form" \
  [ "$(jget "$TMP/hostile.json" "sorted(t['table'] for t in r['tables'] if t['table'].startswith('hostile_') and t['rows_sampled'] > 0)")" = "['hostile_a', 'hostile_b']" ]
check "the writing view failed alone, on the read-only transaction" \
  grep -q "read-only transaction" "$TMP/hostile.json"

# ---- 5. no raw value in any error ----------------------------------------
psql_admin -d app <<SQL || exit 1
CREATE TABLE people (ssn text);
INSERT INTO people VALUES ('$SSN');
CREATE VIEW card_as_int AS SELECT card::int AS n FROM cards;
CREATE VIEW ssn_as_int AS SELECT ssn::int AS n FROM people;
SQL
mkdir -p "$TMP/hist"
"$CLASSIFY" scan --include-views --seed 1 -o "$TMP/masked.json" --history "$TMP/hist" \
  --xlsx "$TMP/masked.xlsx" --tables 'public.*_as_int' "$URI" 2>"$TMP/masked.err"
rc=$?
check "failing views: exit 2 (incomplete), got $rc" [ "$rc" = 2 ]
check "the card error is recorded, masked" \
  [ "$(jget "$TMP/masked.json" "len([e for e in r['errors'] if 'out of range' in e['message'] and '0053' in e['message']])")" = 1 ]
check "the SSN error is recorded, masked" \
  [ "$(jget "$TMP/masked.json" "len([e for e in r['errors'] if 'invalid input syntax' in e['message'] and '*' in e['message']])")" = 1 ]
unzip -p "$TMP/masked.xlsx" xl/sharedStrings.xml >"$TMP/shared.xml" 2>/dev/null
check "the workbook has the errors' masked text" grep -q "out of range" "$TMP/shared.xml"
for f in "$TMP/masked.err" "$TMP/masked.json" "$TMP/hist"/* "$TMP/shared.xml"; do
  check "no raw card number in $(basename "$f")" eval "! grep -q '$CARD' '$f'"
  check "no raw SSN in $(basename "$f")" eval "! grep -qE '${SSN}|${SSN//-/}' '$f'"
done
check "stderr shows the masked card error" grep -q '4929\*\*\*\*\*\*\*\*0053" is out of range' "$TMP/masked.err"

# ---- 7. time-outs that hold, failures that stay small ---------------------
psql_admin -d app <<SQL || exit 1
CREATE TABLE b1 AS SELECT 'x' AS v; CREATE TABLE b2 AS SELECT 'x' AS v;
CREATE TABLE b3 AS SELECT 'x' AS v; CREATE TABLE b4 AS SELECT 'x' AS v;
CREATE VIEW a_nap AS SELECT pg_sleep(2)::text AS nap;
CREATE TABLE locked (v text);
ANALYZE;
SQL

# The pid of the backend running a query that mentions $1.
backend_of() {
  local pid=""
  for _ in $(seq 100); do
    pid=$(psql_admin -d app -Atc "SELECT pid FROM pg_stat_activity WHERE query LIKE '%$1%'
           AND pid <> pg_backend_pid() AND state = 'active' LIMIT 1")
    [ -n "$pid" ] && break
    sleep 0.05
  done
  echo "$pid"
}

# A frozen backend: SIGSTOP while it runs the view's query.
# A watchdog (timeout 60) turns a hang into a failure, not a stuck test.
start=$(date +%s)
timeout 60 "$CLASSIFY" scan --quiet --include-views --statement-timeout 3000 -o "$TMP/frozen.json" \
  --tables 'public.[ab]*' "$URI" 2>"$TMP/frozen.err" &
scan=$!
pid=$(backend_of a_nap)
[ -n "$pid" ] && kill -STOP "$pid"
wait $scan
elapsed=$(( $(date +%s) - start ))
[ -n "$pid" ] && kill -CONT "$pid"
check "SIGSTOP: a backend was frozen" [ -n "$pid" ]
check "SIGSTOP: the scan ended within 30 s (took ${elapsed} s)" [ "$elapsed" -le 30 ]
check "SIGSTOP: the frozen table's error is recorded" \
  [ "$(jget "$TMP/frozen.json" "len([e for e in r['errors'] if e['table'] == 'public.a_nap' and 'no reply' in e['message']])")" = 1 ]
check "SIGSTOP: the other tables were scanned after reconnecting" \
  [ "$(jget "$TMP/frozen.json" "sorted(t['table'] for t in r['tables'])")" = "['b1', 'b2', 'b3', 'b4']" ]

# A table locked ACCESS EXCLUSIVE in another session fails alone.
mkfifo "$TMP/lockfifo"
"$PGBIN/psql" -X -q -h "$PGD/sock" -p "$PORT" -U postgres -d app <"$TMP/lockfifo" >/dev/null 2>&1 &
locker=$!
exec 9>"$TMP/lockfifo"
echo "BEGIN; LOCK TABLE locked IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(120);" >&9
for _ in $(seq 100); do
  [ "$(psql_admin -d app -Atc "SELECT count(*) FROM pg_locks WHERE relation = 'public.locked'::regclass AND mode = 'AccessExclusiveLock' AND granted")" = 1 ] && break
  sleep 0.05
done
timeout 60 "$CLASSIFY" scan --quiet --lock-timeout 1000 -o "$TMP/locked.json" --tables 'public.[bl]*' \
  "$URI" 2>/dev/null
kill "$locker" 2>/dev/null; exec 9>&-; wait "$locker" 2>/dev/null
check "locked table: the other tables were scanned" \
  [ "$(jget "$TMP/locked.json" "sorted(t['table'] for t in r['tables'])")" = "['b1', 'b2', 'b3', 'b4', 'loot']" ]
check "locked table: it failed alone, with its error" \
  [ "$(jget "$TMP/locked.json" "[e['table'] for e in r['errors']]")" = "['public.locked']" ]

# A backend terminated mid-scan, with one and with two workers.
for jobs in 1 2; do
  timeout 60 "$CLASSIFY" scan --quiet --include-views --jobs $jobs -o "$TMP/term$jobs.json" \
    --tables 'public.[ab]*' "$URI" 2>"$TMP/term$jobs.err" &
  scan=$!
  pid=$(backend_of a_nap)
  [ -n "$pid" ] && psql_admin -d app -Atc "SELECT pg_terminate_backend($pid)" >/dev/null
  wait $scan; rc=$?
  check "terminated backend (--jobs $jobs): one was terminated" [ -n "$pid" ]
  check "terminated backend (--jobs $jobs): every table scanned, exit 0 (got $rc)" \
    [ "$rc" = 0 ] && [ "$(jget "$TMP/term$jobs.json" "sorted(t['table'] for t in r['tables'])")" = "['a_nap', 'b1', 'b2', 'b3', 'b4']" ]
done

# A missing output folder is refused before any connection is made.
for opt in "-o $TMP/missing/r.json" "--xlsx $TMP/missing/r.xlsx" "--history $TMP/missing/deeper/h"; do
  before=$(psql_admin -d app -Atc "SELECT sum(numbackends) FROM pg_stat_database")
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  "$CLASSIFY" scan --quiet --include-views $opt "$URI" 2>"$TMP/missing.err"; rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  check "missing folder ($opt): exit 1, got $rc" [ "$rc" = 1 ]
  check "missing folder ($opt): the error names the folder" grep -q "$TMP/missing" "$TMP/missing.err"
  check "missing folder ($opt): refused before scanning (${ms} ms, the view sleeps 2 s)" [ "$ms" -lt 1500 ]
done

# The same target twice (once as a URI, once as a conninfo string).
"$CLASSIFY" scan --quiet -o "$TMP/dup.json" --tables 'public.b*' "$URI" "$URI" \
  "host=127.0.0.1 port=$PORT dbname=app user=scanner password=$PW" 2>"$TMP/dup.err"
check "duplicated target: each table once" \
  [ "$(jget "$TMP/dup.json" "sorted(t['table'] for t in r['tables'])")" = "['b1', 'b2', 'b3', 'b4']" ]
check "duplicated target: a warning says so" grep -q "listed more than once" "$TMP/dup.err"

finish
