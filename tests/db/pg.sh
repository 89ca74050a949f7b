#!/usr/bin/env bash
# PostgreSQL end to end: starts a throwaway server (initdb + pg_ctl, TLS
# with a CA made here) on a free 127.0.0.1 port, loads the demo corpus and
# tables with awkward names, creates a read-only `scanner` role, scans,
# and checks labels, report contents and every failure case. The server is
# stopped in the EXIT trap, also when a check fails. Skips (77) only when
# the server binaries are absent.
. "$(dirname "$0")/../setup.sh"
. "$top_srcdir/tests/db/lib.sh"

pg_start
psql_admin -d postgres -c "CREATE DATABASE corpus" || exit 1

# The demo corpus, every column text, as the CSV source sees it.
for f in $DEMO_CSVS; do
  t=$(basename "$f" .csv)
  psql_admin -d corpus -c "CREATE TABLE $t ($(csv_columns "$f" '"'))" \
    -c "\\copy $t FROM '$f' WITH (FORMAT csv, HEADER true)" || exit 1
done
psql_admin -d corpus <<'SQL' || exit 1
-- Awkward names: each has an e-mail column and an SSN column.
CREATE TABLE "we""ird" AS SELECT email AS "e""mail", ssn FROM customers;
CREATE TABLE "semi;colon" AS SELECT email, ssn AS "s;sn" FROM customers;
CREATE TABLE "ü nicode" AS SELECT email AS "ü", ssn FROM customers;
CREATE TABLE "select" AS SELECT email AS "from", ssn AS "where" FROM customers;
CREATE TABLE "Mixed Case" AS SELECT email AS "Email", ssn AS "SSN" FROM customers;
-- Types: binary and geometry are skipped; json, arrays, enums read as text.
CREATE TYPE tier AS ENUM ('bronze', 'silver', 'gold');
CREATE TABLE typed AS SELECT convert_to(card_number, 'UTF8') AS blob, point(1, 2) AS pos,
  json_build_object('card', card_number) AS doc, ARRAY[card_number] AS cards,
  'gold'::tier AS level FROM payments;
-- A partitioned table is scanned once, as its parent.
CREATE TABLE parted (id int, email text) PARTITION BY RANGE (id);
CREATE TABLE parted_a PARTITION OF parted FOR VALUES FROM (0) TO (150);
CREATE TABLE parted_b PARTITION OF parted FOR VALUES FROM (150) TO (1000);
INSERT INTO parted SELECT row_number() OVER (), email FROM customers;
-- Big enough for TABLESAMPLE SYSTEM (estimate > 20 x sample).
CREATE TABLE big AS SELECT g AS id, c.card_number FROM generate_series(1, 60) g, payments c;
CREATE TABLE forbidden AS SELECT * FROM customers;
-- Analysed small, then grown: the estimate must follow the table's size.
CREATE TABLE grown (id int, note text) WITH (autovacuum_enabled = false);
INSERT INTO grown SELECT g, 'n' FROM generate_series(1, 1000) g;
ANALYZE grown;
INSERT INTO grown SELECT g, 'n' FROM generate_series(1001, 60000) g;
CREATE VIEW slow AS SELECT pg_sleep(3)::text AS nap;
-- Values are cut to 4096 characters before detection: a card number after
-- 5,000 characters of filler is never seen, one at the start is; a
-- varchar(6000) column is cut like text (it is no short type), and so are
-- char(6000), an unbounded varchar and a text[] (character types are cut
-- only when longer than 4096 bytes, arrays always); a value of exactly
-- 4096 characters is read whole.
CREATE TABLE cut_values AS SELECT repeat('x', 5000) || ' ' || card_number AS a,
  (repeat('x', 5000) || ' ' || card_number)::varchar(6000) AS b,
  card_number || ' ' || repeat('x', 5000) AS c,
  (repeat('x', 5000) || ' ' || card_number)::char(6000) AS d,
  ARRAY[repeat('x', 5000) || ' ' || card_number] AS e,
  repeat('x', 4095 - length(card_number)) || ' ' || card_number AS f,
  (card_number || ' ' || repeat('x', 5000))::varchar AS g FROM payments;
ANALYZE big, typed, parted, payments, customers, patients, products;
CREATE ROLE scanner LOGIN PASSWORD 'Sc4nner-Pw';
GRANT USAGE ON SCHEMA public TO scanner;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO scanner;
REVOKE SELECT ON forbidden FROM scanner;
CREATE ROLE single LOGIN PASSWORD 'S1ngle-Pw' CONNECTION LIMIT 1;
GRANT USAGE ON SCHEMA public TO single;
GRANT SELECT ON products, payments TO single;
CREATE ROLE writer LOGIN PASSWORD 'Wr1ter-Pw' CREATEROLE;
GRANT SELECT, INSERT, DELETE ON ALL TABLES IN SCHEMA public TO writer;
SQL

demo_expected
URI="postgresql://scanner@127.0.0.1:$PORT/corpus"
export PGPASSWORD=Sc4nner-Pw

# 1. The whole database, password from PGPASSWORD.
"$CLASSIFY" scan --quiet --seed 7 --exclude 'public.forbidden' -o "$TMP/r.json" "$URI" 2>"$TMP/err"
rc=$?
check "scan of the corpus database exits 0 (got $rc)" [ $rc -eq 0 ]
check "labels equal those of the same corpus scanned as CSV" check_labels "$TMP/r.json"
check "table source is scheme://host:port/db" \
  [ "$(jget "$TMP/r.json" 'r["tables"][0]["source"]')" = "postgresql://127.0.0.1:$PORT/corpus" ]
for t in 'we"ird' 'semi;colon' 'ü nicode' 'select' 'Mixed Case'; do
  check "awkward table name $t is scanned and Protected" \
    [ "$(jget "$TMP/r.json" "[t['label'] for t in r['tables'] if t['table'] == '''$t'''][0]")" = Protected ]
done
check "values are cut to 4096 characters (text, varchar(n), char(n), varchar, text[]); their start, and all of 4096, is read" \
  [ "$(jget "$TMP/r.json" "[c['label'] for t in r['tables'] if t['table'] == 'cut_values' for c in t['columns']]")" = \
    "['Public', 'Public', 'Secret', 'Public', 'Public', 'Secret', 'Secret']" ]
check "bytea column skipped as binary" \
  [ "$(jget "$TMP/r.json" "[c['reasons'][0] for t in r['tables'] if t['table']=='typed' for c in t['columns'] if c['column']=='blob'][0]")" = "not sampled: binary type bytea" ]
check "point column skipped as geometry" \
  [ "$(jget "$TMP/r.json" "[c['skipped'] for t in r['tables'] if t['table']=='typed' for c in t['columns'] if c['column']=='pos'][0]")" = True ]
check "json and array columns are read as text (Secret)" \
  [ "$(jget "$TMP/r.json" "sorted(c['label'] for t in r['tables'] if t['table']=='typed' for c in t['columns'] if c['column'] in ('doc','cards'))")" = "['Secret', 'Secret']" ]
check "partitioned table listed once, as the parent" \
  [ "$(jget "$TMP/r.json" "sorted(t['table'] for t in r['tables'] if t['table'].startswith('parted'))")" = "['parted']" ]
check "big table sampled to 1000 rows (TABLESAMPLE)" \
  [ "$(jget "$TMP/r.json" "[t['rows_sampled'] for t in r['tables'] if t['table']=='big'][0]")" -gt 500 ]
check "a table grown since ANALYZE is estimated from its size (> 30000 rows)" \
  [ "$(jget "$TMP/r.json" "[t['rows_estimated'] for t in r['tables'] if t['table']=='grown'][0]")" -gt 30000 ]
check "views are not listed without --include-views" \
  [ "$(jget "$TMP/r.json" "len([t for t in r['tables'] if t['table']=='slow'])")" = 0 ]
check "no least-privilege warning for the read-only scanner" \
  [ "$(jget "$TMP/r.json" 'len(r["run"]["warnings"])')" = 0 ]
check "targets entry says TLS was used" \
  [ "$(jget "$TMP/r.json" 'r["targets"][0]["tls"]')" = True ]
check "server accepts plaintext (host rules): server_requires_tls is not true" \
  [ "$(jget "$TMP/r.json" 'r["targets"][0]["server_requires_tls"]')" != True ]
check "no password in the report" bash -c "! grep -q Sc4nner '$TMP/r.json'"
check "a seeded scan is repeatable" bash -c \
  "'$CLASSIFY' scan --quiet --seed 7 --exclude public.forbidden -o '$TMP/r2.json' '$URI' &&
   cmp <(grep -v '_at\"' '$TMP/r.json') <(grep -v '_at\"' '$TMP/r2.json')"

# 2. A password in the command-line URI: warned about, never printed.
unset PGPASSWORD
"$CLASSIFY" scan --quiet --tables 'public.customers' -o "$TMP/pw.json" \
  "postgresql://scanner:Sc4nner-Pw@127.0.0.1:$PORT/corpus" 2>"$TMP/err"
check "password in URI: scan works" [ $? -eq 0 ]
check "password in URI: warning on stderr" grep -q "password on the command line" "$TMP/err"
check "password in URI: never on stderr or in the report" \
  bash -c "! grep -q Sc4nner '$TMP/err' '$TMP/pw.json'"
check "--tables selects one table" [ "$(jget "$TMP/pw.json" 'len(r["tables"])')" = 1 ]

# 3. classify table TARGET schema.table.
PGPASSWORD=Sc4nner-Pw "$CLASSIFY" table --quiet "$URI" public.payments >"$TMP/out" 2>&1
check "classify table URI public.payments exits 0" [ $? -eq 0 ]
check "classify table shows the card column as Secret" grep -q "card_number.*Secret" "$TMP/out"

# expect_error NAME REPORT PATTERN RC: exit 2, run.complete false, an error matching.
expect_error() {
  check "$1: exit code 2 (got $4)" [ "$4" -eq 2 ]
  check "$1: run.complete is false" [ "$(jget "$2" 'r["run"]["complete"]')" = False ]
  check "$1: errors[] says '$3'" \
    [ "$(jget "$2" "any('''$3''' in e['message'] for e in r['errors'])")" = True ]
}

# 4. Failures are findings.
export PGPASSWORD=Sc4nner-Pw
DEAD=$(free_port)
"$CLASSIFY" scan --quiet -o "$TMP/f1.json" "postgresql://scanner@127.0.0.1:$DEAD/corpus" \
  "$URI" --tables public.products 2>"$TMP/err"
expect_error "connection refused" "$TMP/f1.json" "refused" $?
check "connection refused: the other target is still scanned" \
  [ "$(jget "$TMP/f1.json" 'len(r["tables"])')" = 1 ]
check "connection refused: one line on stderr" grep -q "refused" "$TMP/err"

PGPASSWORD=Wrong-Pw-123 "$CLASSIFY" scan --quiet -o "$TMP/f2.json" "$URI" 2>"$TMP/err"
expect_error "bad password" "$TMP/f2.json" "password authentication failed" $?
"$CLASSIFY" scan --quiet -o "$TMP/f2b.json" \
  "postgresql://scanner:Wrong-Pw-123@127.0.0.1:$PORT/corpus" 2>"$TMP/err"
check "bad password in URI: scrubbed from stderr and report" \
  bash -c "! grep -q Wrong-Pw '$TMP/err' '$TMP/f2b.json'"

"$CLASSIFY" scan --quiet -o "$TMP/f3.json" "postgresql://scanner@127.0.0.1:$PORT/nosuchdb" 2>"$TMP/err"
expect_error "unknown database" "$TMP/f3.json" 'database "nosuchdb" does not exist' $?

"$CLASSIFY" scan --quiet --seed 7 -o "$TMP/f4.json" "$URI" 2>"$TMP/err"
expect_error "permission denied on one table" "$TMP/f4.json" "permission denied" $?
check "permission denied: the error names public.forbidden" \
  [ "$(jget "$TMP/f4.json" 'r["errors"][0]["table"]')" = public.forbidden ]
check "permission denied: the other tables are still scanned" \
  [ "$(jget "$TMP/f4.json" 'len(r["tables"])')" -ge 13 ]
# Small tables are sampled in pipelined batches: the refused query must
# fail alone, not the tables queued behind it on the same connection.
check "permission denied in a pipelined batch: one error, every other table scanned" \
  [ "$(jget "$TMP/f4.json" 'len(r["errors"]), sorted(t["table"] for t in r["tables"])')" = \
    "$(jget "$TMP/r.json" '1, sorted(t["table"] for t in r["tables"])')" ]

"$CLASSIFY" scan --quiet --include-views --tables public.slow --statement-timeout 300 \
  -o "$TMP/f5.json" "$URI" 2>"$TMP/err"
expect_error "statement timeout" "$TMP/f5.json" "statement timeout" $?

# 5. TLS: verify-full with the right CA works, a wrong CA fails clearly.
"$CLASSIFY" scan --quiet --tables public.products --ssl-ca "$TMP/certs/ca.crt" \
  -o "$TMP/t1.json" "$URI" 2>"$TMP/err"
check "verify-full with the right CA: exit 0" [ $? -eq 0 ]
check "verify-full: TLS version recorded" \
  bash -c "[ \"\$(/usr/bin/python3 -c 'import json; print(json.load(open(\"$TMP/t1.json\"))[\"targets\"][0][\"tls_version\"])')\" != '' ]"
"$CLASSIFY" scan --quiet --ssl-ca "$TMP/certs/wrong.crt" -o "$TMP/t2.json" "$URI" 2>"$TMP/err"
expect_error "wrong CA" "$TMP/t2.json" "certificate verify failed" $?

# 6. Least privilege: an account with write and role rights is warned about.
PGPASSWORD=Wr1ter-Pw "$CLASSIFY" scan --quiet --tables public.products -o "$TMP/w.json" \
  "postgresql://writer@127.0.0.1:$PORT/corpus" 2>"$TMP/err"
check "writer account: scan still exits 0" [ $? -eq 0 ]
check "writer account: run.warnings names the rights" \
  [ "$(jget "$TMP/w.json" "'INSERT/UPDATE/DELETE/TRUNCATE' in r['run']['warnings'][0] and 'CREATEROLE' in r['run']['warnings'][0]")" = True ]
check "writer account: warning on stderr" grep -q "read-only account" "$TMP/err"

# 7. Parallel workers give the same report as one.
"$CLASSIFY" scan --quiet --seed 7 --jobs 3 --exclude public.forbidden -o "$TMP/j.json" "$URI"
check "--jobs 3: exit 0" [ $? -eq 0 ]
check "--jobs 3: same labels as the CSV scan" check_labels "$TMP/j.json"
check "--jobs 3: same tables as one worker" \
  [ "$(jget "$TMP/j.json" 'sorted(t["table"] for t in r["tables"])')" = \
    "$(jget "$TMP/r.json" 'sorted(t["table"] for t in r["tables"])')" ]

# A worker that cannot connect (the role's connection limit) leaves its
# tables to the others and is reported as a warning.
PGPASSWORD=S1ngle-Pw "$CLASSIFY" scan --quiet --jobs 3 --tables 'public.p[ar][oy]*' \
  -o "$TMP/j1.json" "postgresql://single@127.0.0.1:$PORT/corpus" 2>"$TMP/err"
check "--jobs 3 with a 1-connection role: exit 0" [ $? -eq 0 ]
check "--jobs 3 with a 1-connection role: every table scanned" \
  [ "$(jget "$TMP/j1.json" 'sorted(t["table"] for t in r["tables"])')" = "['payments', 'products']" ]
check "--jobs 3 with a 1-connection role: warning says workers could not connect" \
  [ "$(jget "$TMP/j1.json" 'any("could not connect" in w for w in r["run"]["warnings"])')" = True ]

# 8. --targets FILE with comments.
printf '# the corpus\n\n  %s  \n' "$URI" >"$TMP/targets"
"$CLASSIFY" scan --quiet --targets "$TMP/targets" --tables 'public.p*' -o "$TMP/tf.json"
check "--targets FILE: exit 0" [ $? -eq 0 ]
check "--targets FILE: tables matching the glob" \
  [ "$(jget "$TMP/tf.json" 'sorted(t["table"] for t in r["tables"])')" = "['parted', 'patients', 'payments', 'products']" ]

# RDS IAM authentication: without credentials a clear error; with (fake)
# ones the token goes as the password over verified TLS (--iam-auth needs it) and never shows in output.
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$CLASSIFY" scan --quiet --iam-auth \
  --region us-east-1 -o "$TMP/i1.json" "$URI" 2>"$TMP/err"
expect_error "--iam-auth without credentials" "$TMP/i1.json" "AWS_ACCESS_KEY_ID" $?
AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY \
  "$CLASSIFY" scan --quiet --iam-auth --ssl-ca "$TMP/certs/ca.crt" --region us-east-1 -o "$TMP/i2.json" "$URI" 2>"$TMP/err"
expect_error "--iam-auth token refused by a non-RDS server" "$TMP/i2.json" \
  "password authentication failed" $?
check "--iam-auth: the token never reaches stderr or the report" \
  bash -c "! grep -q 'X-Amz' '$TMP/err' '$TMP/i2.json'"

# 8b. Names that are not printable (a newline, a tab): the SQL uses the
# raw names, the report the printable ones (U+FFFD for the newline). The
# slow view comes first, so the --jobs 2 worker (which reads no catalog of
# its own) gets the table.
psql_admin -d corpus <<'SQL' || exit 1
CREATE SCHEMA "od
d";
CREATE VIEW "od
d"."a
slow" AS SELECT pg_sleep(1)::text AS "n
ap", email FROM customers LIMIT 1;
CREATE TABLE "od
d"."line
break" AS SELECT email AS "e
mail", ssn AS "s	sn" FROM customers;
ANALYZE "od
d"."line
break";
GRANT USAGE ON SCHEMA "od
d" TO scanner;
GRANT SELECT ON ALL TABLES IN SCHEMA "od
d" TO scanner;
SQL
for jobs in 1 2; do
  "$CLASSIFY" scan --quiet --include-views --jobs $jobs --tables 'od*' -o "$TMP/nl$jobs.json" \
    "$URI" 2>"$TMP/err"
  check "newline in names (--jobs $jobs): exit 0 (got $?)" [ $? -eq 0 ] || cat "$TMP/err"
  check "newline in names (--jobs $jobs): both scanned, names printable, no error" \
    [ "$(jget "$TMP/nl$jobs.json" 'sorted((t["schema"], t["table"]) for t in r["tables"]) == [("od\ufffdd", "a\ufffdslow"), ("od\ufffdd", "line\ufffdbreak")] and not r["errors"]')" = True ]
  check "newline in names (--jobs $jobs): columns printable and read (e-mail Confidential, SSN Protected)" \
    [ "$(jget "$TMP/nl$jobs.json" '[(c["column"], c["label"]) for t in r["tables"] if t["table"].startswith("line") for c in t["columns"]] == [("e\ufffdmail", "Confidential"), ("s\tsn", "Protected")] and all(t["rows_sampled"] > 0 for t in r["tables"])')" = True ]
done

# 8b'. The same on a pipelined batch that extends itself (db_batch.h
# more()): while the first connection sleeps in the view a0, the --jobs 2
# worker (no catalog of its own) streams twenty small tables and meets a
# name it has no raw form of in the middle of its pipeline (the schema's
# name is plain: a name made printable in the first batch is read before
# the pipeline starts).
psql_admin -d corpus >/dev/null <<'SQL' || exit 1
CREATE SCHEMA ode;
CREATE VIEW ode.a0 AS SELECT pg_sleep(1)::text AS nap, email FROM customers LIMIT 1;
DO $$ BEGIN
  FOR i IN 1..20 LOOP
    EXECUTE format('CREATE TABLE ode.%I AS SELECT email FROM customers LIMIT 5', 'b' || lpad(i::text, 2, '0'));
  END LOOP;
END $$;
CREATE TABLE ode."z
last" AS SELECT email AS "e
mail", ssn FROM customers;
ANALYZE;
GRANT USAGE ON SCHEMA ode TO scanner;
GRANT SELECT ON ALL TABLES IN SCHEMA ode TO scanner;
SQL
"$CLASSIFY" scan --quiet --include-views --jobs 2 --tables 'ode.*' -o "$TMP/nlb.json" "$URI" 2>"$TMP/err"
check "newline in names mid-pipeline: exit 0 (got $?)" [ $? -eq 0 ] || cat "$TMP/err"
check "newline in names mid-pipeline: 22 tables, no error, every table read" \
  [ "$(jget "$TMP/nlb.json" 'len(r["tables"]) == 22 and not r["errors"] and all(t["rows_sampled"] > 0 for t in r["tables"])')" = True ]
check "newline in names mid-pipeline: its columns read (e-mail Confidential, SSN Protected)" \
  [ "$(jget "$TMP/nlb.json" '[(c["column"], c["label"]) for t in r["tables"] if t["table"] == "z\ufffdlast" for c in t["columns"]] == [("e\ufffdmail", "Confidential"), ("ssn", "Protected")]')" = True ]

# 8c. A connection string libpq cannot parse: a fixed message, never
# libpq's, which quotes the bad token (here the password).
for bad in "postgresql://scanner:Sec%zzret@127.0.0.1:$PORT/corpus" \
           "host=127.0.0.1 port=$PORT password=Secr=et xyzzy"; do
  "$CLASSIFY" scan --quiet -o "$TMP/bad.json" "$bad" 2>"$TMP/err"
  check "unparsable target: exit 2 (got $?)" [ $? -eq 2 ]
  check "unparsable target: a fixed message on stderr" \
    grep -q "cannot parse the connection string (check quoting and %-escapes)" "$TMP/err"
  check "unparsable target: no part of the password on stderr or in the report" \
    bash -c "! grep -E -q 'Sec%zz|zzret|Secr=|xyzzy|invalid percent|missing' '$TMP/err' '$TMP/bad.json'"
done

# 9. A table dropped mid-run: listed, then gone when its turn comes.
psql_admin -d corpus -c "CREATE TABLE zz_dropped AS SELECT * FROM products" \
  -c "GRANT SELECT ON zz_dropped TO scanner" || exit 1
"$CLASSIFY" scan --quiet --include-views --tables 'public.[sz]*' -o "$TMP/d.json" "$URI" 2>"$TMP/err" &
pid=$!
pg_wait_query '%slow%'
psql_admin -d corpus -c "DROP TABLE zz_dropped"
wait $pid
expect_error "table dropped mid-run" "$TMP/d.json" "does not exist" $?
check "table dropped mid-run: the error names public.zz_dropped" \
  [ "$(jget "$TMP/d.json" "[e['table'] for e in r['errors']]")" = "['public.zz_dropped']" ]

# 9b. The labeled corpus (tests/corpus, 37 tables, 303 columns) loaded into its
# own database: every table and column gets the label it gets as CSV. The
# sample is larger than any corpus table, so both scans read the same rows.
psql_admin -d postgres -c "CREATE DATABASE labeled" >/dev/null || exit 1
for f in $CORPUS_CSVS; do
  t=$(basename "$f" .csv)
  psql_admin -d labeled -c "CREATE TABLE \"$t\" ($(csv_columns "$f" '"'))" \
    -c "\\copy \"$t\" FROM '$f' WITH (FORMAT csv, HEADER true)" >/dev/null || exit 1
done
psql_admin -d labeled -c "ANALYZE" -c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO scanner" \
  >/dev/null || exit 1
check_corpus_labels PostgreSQL "postgresql://scanner@127.0.0.1:$PORT/labeled"

# 10. The server killed mid-scan (last: it ends the server).
"$CLASSIFY" scan --quiet --include-views --tables 'public.[st]*' -o "$TMP/k.json" "$URI" 2>"$TMP/err" &
pid=$!
pg_wait_query '%slow%'
stop_pg
wait $pid
expect_error "server killed mid-scan" "$TMP/k.json" "" $?
check "server killed mid-scan: the table being read is in errors" \
  [ "$(jget "$TMP/k.json" "'public.slow' in [e['table'] for e in r['errors']]")" = True ]
check "server killed mid-scan: no server notice leaks to stderr" bash -c "! grep -q WARNING '$TMP/err'"

finish
