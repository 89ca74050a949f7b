#!/usr/bin/env bash
# MariaDB/MySQL end to end: starts a throwaway server (mariadb-install-db +
# mariadbd, TLS with a CA made here) on a free 127.0.0.1 port, loads the
# demo corpus and tables with awkward names, creates a read-only `scanner`
# account, scans, and checks labels, report contents and the failure
# cases. The server is stopped in the EXIT trap, also when a check fails.
# Skips (77) only when the server binaries are absent.
. "$(dirname "$0")/../setup.sh"
. "$top_srcdir/tests/db/lib.sh"

my_start
PORT=$MY_PORT

sql_admin -e "CREATE DATABASE corpus CHARACTER SET utf8mb4" || exit 1
for f in $DEMO_CSVS; do
  t=$(basename "$f" .csv)
  sql_admin --local-infile=1 corpus -e "SET GLOBAL local_infile = 1;
    CREATE TABLE $t ($(csv_columns "$f" '`'));
    LOAD DATA LOCAL INFILE '$f' INTO TABLE $t CHARACTER SET utf8mb4 FIELDS TERMINATED BY ','
      OPTIONALLY ENCLOSED BY '\"' LINES TERMINATED BY '\n' IGNORE 1 LINES" || exit 1
done
sql_admin corpus >/dev/null <<'SQL' || exit 1
-- Awkward names: each has an e-mail column and an SSN column.
CREATE TABLE `we"ird` AS SELECT email AS `e``mail`, ssn FROM customers;
CREATE TABLE `semi;colon` AS SELECT email, ssn AS `s;sn` FROM customers;
CREATE TABLE `ü nicode` AS SELECT email AS `ü`, ssn FROM customers;
CREATE TABLE `select` AS SELECT email AS `from`, ssn AS `where` FROM customers;
CREATE TABLE `Mixed Case` AS SELECT email AS `Email`, ssn AS `SSN` FROM customers;
CREATE TABLE `back``tick` AS SELECT email, ssn FROM customers;
-- Binary and geometry are skipped; json and enums are read as text.
CREATE TABLE typed (id INT AUTO_INCREMENT PRIMARY KEY, blob_col BLOB, pos POINT,
  doc JSON, level ENUM('bronze', 'silver', 'gold'), card VARCHAR(32));
INSERT INTO typed (blob_col, pos, doc, level, card)
  SELECT card_number, POINT(1, 2), JSON_OBJECT('card', card_number), 'gold', card_number
  FROM payments;
-- Big enough for random primary-key ranges (integer key) and RAND() (none).
CREATE TABLE big (id BIGINT AUTO_INCREMENT PRIMARY KEY, card_number VARCHAR(32));
INSERT INTO big (card_number) SELECT p.card_number FROM payments p, payments q LIMIT 20000;
CREATE TABLE big_nokey AS SELECT card_number FROM big;
ANALYZE TABLE big, big_nokey;
-- Values are cut to 4096 characters before detection: a card number after
-- 5,000 characters of filler is never seen, one at the start is, in TEXT
-- and VARCHAR(6000) (cut by the server) as in VARCHAR(64) (sent as it is);
-- a VARCHAR(4096) of exactly 4096 characters is read whole, one of 4096
-- two-byte characters is cut to 4096 bytes by the client.
CREATE TABLE cut_values AS SELECT CAST(CONCAT(REPEAT('x', 5000), ' ', card_number) AS CHAR) AS a,
  CAST(CONCAT(REPEAT('x', 5000), ' ', card_number) AS CHAR(6000)) AS b,
  CAST(CONCAT(card_number, ' ', REPEAT('x', 5000)) AS CHAR) AS c FROM payments;
ALTER TABLE cut_values MODIFY a TEXT, MODIFY b VARCHAR(6000), MODIFY c TEXT,
  ADD d VARCHAR(64), ADD e VARCHAR(4096), ADD f VARCHAR(4096), ADD g DATETIME;
UPDATE cut_values SET d = LEFT(c, 40), e = CONCAT(REPEAT('x', 4096 - 40), RIGHT(a, 40)),
  f = CONCAT(REPEAT(_utf8mb4 X'C3A9', 4000), RIGHT(a, 40)), g = '2026-01-02 03:04:05';
CREATE TABLE forbidden AS SELECT * FROM customers;
CREATE SQL SECURITY INVOKER VIEW forbidden_view AS SELECT * FROM forbidden;
CREATE VIEW slow AS SELECT SLEEP(3) AS nap;
CREATE USER scanner@'%' IDENTIFIED BY 'Sc4nner-Pw';
CREATE USER writer@'%' IDENTIFIED BY 'Wr1ter-Pw';
GRANT SELECT, INSERT, DROP ON corpus.* TO writer@'%';
SQL
# The scanner may read every table but `forbidden`.
for t in $(sql_admin -N corpus -e "SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'corpus' AND table_name <> 'forbidden'" | sed 's/`/``/g; s/ /%20/g'); do
  t=${t//%20/ }
  sql_admin corpus -e "GRANT SELECT ON corpus.\`$t\` TO scanner@'%'" || exit 1
done

demo_expected
URI="mysql://scanner@127.0.0.1:$PORT/corpus"
export MYSQL_PWD=Sc4nner-Pw

# 1. The whole database, password from MYSQL_PWD.
"$CLASSIFY" scan --quiet --seed 7 -o "$TMP/r.json" "$URI" 2>"$TMP/err"
rc=$?
check "scan of the corpus database exits 0 (got $rc)" [ $rc -eq 0 ]
check "labels equal those of the same corpus scanned as CSV" check_labels "$TMP/r.json"
check "table source is scheme://host:port/db" \
  [ "$(jget "$TMP/r.json" 'r["tables"][0]["source"]')" = "mysql://127.0.0.1:$PORT/corpus" ]
for t in 'we"ird' 'semi;colon' 'ü nicode' 'select' 'Mixed Case' 'back`tick'; do
  check "awkward table name $t is scanned and Protected" \
    [ "$(jget "$TMP/r.json" "[t['label'] for t in r['tables'] if t['table'] == '''$t'''][0]")" = Protected ]
done
check "blob column skipped as binary" \
  [ "$(jget "$TMP/r.json" "[c['reasons'][0] for t in r['tables'] if t['table']=='typed' for c in t['columns'] if c['column']=='blob_col'][0]")" = "not sampled: binary type blob" ]
check "point column skipped as geometry" \
  [ "$(jget "$TMP/r.json" "[c['skipped'] for t in r['tables'] if t['table']=='typed' for c in t['columns'] if c['column']=='pos'][0]")" = True ]
check "json column read as text (Secret)" \
  [ "$(jget "$TMP/r.json" "[c['label'] for t in r['tables'] if t['table']=='typed' for c in t['columns'] if c['column']=='doc'][0]")" = Secret ]
for t in big big_nokey; do
  check "$t: sampled about 1000 rows, Secret" \
    [ "$(jget "$TMP/r.json" "[t['label'] + ' ' + str(t['rows_sampled'] > 500 and t['rows_sampled'] <= 1000) for t in r['tables'] if t['table']=='$t'][0]")" = "Secret True" ]
done
check "values are cut to 4096 characters (text, varchar(6000) by the server; varchar(4096) of 2-byte characters by the client); their start, and all of 4096, is read" \
  [ "$(jget "$TMP/r.json" "[c['label'] for t in r['tables'] if t['table'] == 'cut_values' for c in t['columns']]")" = \
    "['Public', 'Public', 'Secret', 'Secret', 'Secret', 'Public', 'Public']" ]
check "schema is the database" [ "$(jget "$TMP/r.json" 'r["tables"][0]["schema"]')" = corpus ]
check "no least-privilege warning for the read-only scanner" \
  [ "$(jget "$TMP/r.json" 'len([w for w in r["run"]["warnings"] if "read-only" in w])')" = 0 ]
check "Secret tables on a server accepting plaintext: warned" \
  [ "$(jget "$TMP/r.json" 'any("accepts plaintext" in w for w in r["run"]["warnings"])')" = True ]
check "targets entry: engine mysql, no TLS on loopback by default" \
  [ "$(jget "$TMP/r.json" 'r["targets"][0]["engine"] + " " + str(r["targets"][0]["tls"])')" = "mysql False" ]
check "no password in the report" bash -c "! grep -q Sc4nner '$TMP/r.json'"

# 2. A password in the URI: warned about, never printed.
unset MYSQL_PWD
"$CLASSIFY" scan --quiet --tables corpus.customers -o "$TMP/pw.json" \
  "mysql://scanner:Sc4nner-Pw@127.0.0.1:$PORT/corpus" 2>"$TMP/err"
check "password in URI: scan works" [ $? -eq 0 ]
check "password in URI: warning on stderr" grep -q "password on the command line" "$TMP/err"
check "password in URI: never on stderr or in the report" \
  bash -c "! grep -q Sc4nner '$TMP/err' '$TMP/pw.json'"
export MYSQL_PWD=Sc4nner-Pw

# 3. classify table TARGET schema.table.
"$CLASSIFY" table --quiet "$URI" corpus.payments >"$TMP/out" 2>&1
check "classify table URI corpus.payments exits 0" [ $? -eq 0 ]
check "classify table shows the card column as Secret" grep -q "card_number.*Secret" "$TMP/out"

expect_error() {
  check "$1: exit code 2 (got $4)" [ "$4" -eq 2 ]
  check "$1: run.complete is false" [ "$(jget "$2" 'r["run"]["complete"]')" = False ]
  check "$1: errors[] says '$3'" \
    [ "$(jget "$2" "any('''$3''' in e['message'] for e in r['errors'])")" = True ]
}

# 4. Failures are findings.
DEAD=$(free_port)
"$CLASSIFY" scan --quiet -o "$TMP/f1.json" "mysql://scanner@127.0.0.1:$DEAD/corpus" \
  "$URI" --tables corpus.products 2>"$TMP/err"
expect_error "connection refused" "$TMP/f1.json" "Can't connect" $?
check "connection refused: the other target is still scanned" \
  [ "$(jget "$TMP/f1.json" 'len(r["tables"])')" = 1 ]
MYSQL_PWD=Wrong-Pw-123 "$CLASSIFY" scan --quiet -o "$TMP/f2.json" "$URI" 2>"$TMP/err"
expect_error "bad password" "$TMP/f2.json" "Access denied" $?
"$CLASSIFY" scan --quiet -o "$TMP/f2b.json" "mysql://scanner:Wrong-Pw-123@127.0.0.1:$PORT/corpus" 2>"$TMP/err"
check "bad password in URI: scrubbed from stderr and report" \
  bash -c "! grep -q Wrong-Pw '$TMP/err' '$TMP/f2b.json'"
"$CLASSIFY" scan --quiet -o "$TMP/f3.json" "mysql://scanner@127.0.0.1:$PORT/nosuchdb" 2>"$TMP/err"
expect_error "unknown database" "$TMP/f3.json" "nosuchdb" $?
"$CLASSIFY" scan --quiet --include-views --tables 'corpus.forbidden*' -o "$TMP/f4.json" "$URI" 2>"$TMP/err"
expect_error "permission denied on one table" "$TMP/f4.json" "lack rights" $?
check "permission denied: the error names corpus.forbidden_view" \
  [ "$(jget "$TMP/f4.json" 'r["errors"][0]["table"]')" = corpus.forbidden_view ]
check "permission denied: one line on stderr" grep -q "forbidden_view.*lack rights" "$TMP/err"
"$CLASSIFY" scan --quiet --include-views --tables corpus.slow --statement-timeout 300 \
  -o "$TMP/f5.json" "$URI" 2>"$TMP/err"
expect_error "statement timeout" "$TMP/f5.json" "max_statement_time" $?

# ~/.my.cnf ([client] password) when neither the URI nor MYSQL_PWD has one.
mkdir -p "$TMP/home" && printf '[client]\npassword=Sc4nner-Pw\n' >"$TMP/home/.my.cnf"
chmod 600 "$TMP/home/.my.cnf"
env -u MYSQL_PWD HOME="$TMP/home" "$CLASSIFY" scan --quiet --tables corpus.products \
  -o "$TMP/cnf.json" "$URI" 2>"$TMP/err"
check "password from ~/.my.cnf: exit 0" [ $? -eq 0 ]

# A table dropped mid-run: listed, then gone when its turn comes.
sql_admin corpus -e "CREATE TABLE zz_dropped AS SELECT * FROM products;
  GRANT SELECT ON corpus.zz_dropped TO scanner@'%'" || exit 1
"$CLASSIFY" scan --quiet --include-views --tables 'corpus.[sz]*' -o "$TMP/d.json" "$URI" 2>"$TMP/err" &
pid=$!
my_wait_query '%slow%'
sql_admin corpus -e "DROP TABLE zz_dropped"
wait $pid
expect_error "table dropped mid-run" "$TMP/d.json" "doesn't exist" $?
check "table dropped mid-run: the error names corpus.zz_dropped" \
  [ "$(jget "$TMP/d.json" "[e['table'] for e in r['errors']]")" = "['corpus.zz_dropped']" ]

# 5. TLS: verify with the right CA works and is recorded, a wrong CA fails.
"$CLASSIFY" scan --quiet --tables corpus.products --ssl-ca "$TMP/certs/ca.crt" \
  -o "$TMP/t1.json" "$URI" 2>"$TMP/err"
check "verify server cert with the right CA: exit 0" [ $? -eq 0 ]
check "TLS used, version recorded" \
  [ "$(jget "$TMP/t1.json" 'r["targets"][0]["tls"] and r["targets"][0]["tls_version"] != ""')" = True ]
check "server does not require TLS: recorded as false" \
  [ "$(jget "$TMP/t1.json" 'r["targets"][0]["server_requires_tls"]')" = False ]
"$CLASSIFY" scan --quiet --tables corpus.products -o "$TMP/t3.json" \
  "$URI?ssl-mode=VERIFY_IDENTITY&ssl-ca=$TMP/certs/ca.crt" 2>"$TMP/err"
check "ssl-mode=VERIFY_IDENTITY with ssl-ca in the URI: exit 0 over TLS" \
  [ "$(jget "$TMP/t3.json" 'r["targets"][0]["tls"]')" = True ]
"$CLASSIFY" scan --quiet --ssl-ca "$TMP/certs/wrong.crt" -o "$TMP/t2.json" "$URI" 2>"$TMP/err"
expect_error "wrong CA" "$TMP/t2.json" "certificate" $?
check "wrong CA: one line on stderr" grep -q "TLS/SSL error" "$TMP/err"

# 6. Least privilege.
MYSQL_PWD=Wr1ter-Pw "$CLASSIFY" scan --quiet --tables corpus.products -o "$TMP/w.json" \
  "mysql://writer@127.0.0.1:$PORT/corpus" 2>"$TMP/err"
check "writer account: scan exits 0" [ $? -eq 0 ]
check "writer account: run.warnings names INSERT and DROP" \
  [ "$(jget "$TMP/w.json" "'INSERT' in r['run']['warnings'][0] and 'DROP' in r['run']['warnings'][0]")" = True ]

# RDS IAM authentication: the token goes as the password (cleartext plugin,
# verified TLS required, hence --ssl-ca) and never shows in output.
AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY \
  "$CLASSIFY" scan --quiet --iam-auth --ssl-ca "$TMP/certs/ca.crt" --region us-east-1 -o "$TMP/i2.json" "$URI" 2>"$TMP/err"
expect_error "--iam-auth token refused by a non-RDS server" "$TMP/i2.json" "Access denied" $?
check "--iam-auth: the token never reaches stderr or the report" \
  bash -c "! grep -q 'X-Amz' '$TMP/err' '$TMP/i2.json'"

# 7. Parallel workers.
"$CLASSIFY" scan --quiet --seed 7 --jobs 3 -o "$TMP/j.json" "$URI"
check "--jobs 3: exit 0" [ $? -eq 0 ]
check "--jobs 3: same labels as the CSV scan" check_labels "$TMP/j.json"

# 8. Small tables go as multi-statement batches: a table dropped after the
# catalog read fails in the middle of its batch, and only it fails.
for i in 1 2 3 4 5 6 7 8; do
  sql_admin corpus -e "CREATE TABLE zz_$i AS SELECT * FROM products;
    GRANT SELECT ON corpus.zz_$i TO scanner@'%'; ANALYZE TABLE zz_$i" >/dev/null || exit 1
done
"$CLASSIFY" scan --quiet --include-views --tables 'corpus.[sz][lz]*' \
  -o "$TMP/d.json" "$URI" 2>"$TMP/err" &
pid=$!
my_wait_query '%slow%'
sql_admin corpus -e "DROP TABLE zz_2"
wait $pid
expect_error "table dropped mid-batch" "$TMP/d.json" "doesn't exist" $?
check "table dropped mid-batch: only corpus.zz_2 fails, the other seven are scanned" \
  [ "$(jget "$TMP/d.json" "[e['table'] for e in r['errors']], sorted(t['table'] for t in r['tables'] if t['table'].startswith('zz'))")" = \
    "(['corpus.zz_2'], ['zz_1', 'zz_3', 'zz_4', 'zz_5', 'zz_6', 'zz_7', 'zz_8'])" ]

# 8b. A password holding '#', '/', '?' (unencoded or %-encoded) works and
# never shows: the userinfo ends at the URI's last '@'. One whose end cannot
# be told (an '@' on both sides of a '/') is refused without showing any
# part of it.
sql_admin corpus -e "CREATE USER special@'%' IDENTIFIED BY 'Hu#nt/er?2';
  GRANT SELECT ON corpus.products TO special@'%'" || exit 1
for pw in 'Hu#nt/er?2' 'Hu%23nt%2Fer%3F2'; do
  env -u MYSQL_PWD "$CLASSIFY" scan --quiet -o "$TMP/sp.json" \
    "mysql://special:$pw@127.0.0.1:$PORT/corpus?ssl=0" 2>"$TMP/err"
  check "password $pw in the URI: exit 0 (got $?)" [ $? -eq 0 ]
  check "password $pw in the URI: source is scheme://host:port/db" \
    [ "$(jget "$TMP/sp.json" 'r["tables"][0]["source"]')" = "mysql://127.0.0.1:$PORT/corpus" ]
  check "password $pw in the URI: warned about" grep -q "password on the command line" "$TMP/err"
  check "password $pw in the URI: no part of it on stderr or in the report" \
    bash -c "! grep -E -q 'Hu#|Hu%|nt/er|%23nt' '$TMP/err' '$TMP/sp.json'"
done
for pw in 'Hunter2/xyz' 'Hu#nter2'; do
  "$CLASSIFY" scan --quiet -o "$TMP/sp.json" "mysql://scanner:$pw@127.0.0.1:$DEAD/app" 2>"$TMP/err"
  check "refused target with password $pw: exit 2 (got $?)" [ $? -eq 2 ]
  check "refused target with password $pw: the error's source is scheme://host:port/db" \
    [ "$(jget "$TMP/sp.json" 'r["errors"][0]["source"]')" = "mysql://127.0.0.1:$DEAD/app" ]
  check "refused target with password $pw: warned about, never shown" \
    bash -c "grep -q 'password on the command line' '$TMP/err' &&
             ! grep -E -q 'Hunter|Hu#|nter2' '$TMP/err' '$TMP/sp.json'"
done
"$CLASSIFY" scan --quiet -o "$TMP/sp.json" "mysql://special:Hu@nt/er@127.0.0.1:$PORT/corpus" \
  2>"$TMP/err"
check "password with '@' and '/' unencoded: exit 2 (got $?)" [ $? -eq 2 ]
check "password with '@' and '/' unencoded: refused, shown as (unparsable target)" \
  [ "$(jget "$TMP/sp.json" 'r["errors"][0]["source"] + " | " + r["errors"][0]["message"]')" = \
    "mysql://(unparsable target) | mysql target: cannot tell where the password ends; %-encode '@', '/', '?' and '#' in it" ]
check "password with '@' and '/' unencoded: no part of it on stderr or in the report" \
  bash -c "! grep -E -q 'Hu@|nt/er' '$TMP/err' '$TMP/sp.json'"

# 8b'. Names that are not printable (a newline, a tab): the SQL uses the
# raw names, the report the printable ones (U+FFFD for the newline).
sql_admin corpus <<'SQL' || exit 1
CREATE TABLE `line
break` AS SELECT email AS `e
mail`, ssn AS `s	sn` FROM customers;
GRANT SELECT ON corpus.`line
break` TO scanner@'%';
SQL
for jobs in 1 2; do
  "$CLASSIFY" scan --quiet --jobs $jobs --tables 'corpus.line*' -o "$TMP/nl.json" "$URI" 2>"$TMP/err"
  check "newline in names (--jobs $jobs): exit 0 (got $?)" [ $? -eq 0 ]
  check "newline in names (--jobs $jobs): scanned, names printable, e-mail Confidential, SSN Protected" \
    [ "$(jget "$TMP/nl.json" '[(t["table"], [(c["column"], c["label"]) for c in t["columns"]]) for t in r["tables"]] == [("line\ufffdbreak", [("e\ufffdmail", "Confidential"), ("s\tsn", "Protected")])] and not r["errors"] and r["tables"][0]["rows_sampled"] > 0')" = True ]
done

# 8c. Random key ranges over a BIGINT key spanning its whole range: the
# span is 2^64 (0 in 64 bits) and the start must not overflow.
sql_admin corpus -e "CREATE TABLE extremes (id BIGINT PRIMARY KEY, card VARCHAR(32));
  INSERT INTO extremes SELECT -9223372036854775808, card_number FROM payments LIMIT 1;
  INSERT INTO extremes SELECT 9223372036854775807, card_number FROM payments LIMIT 1;
  INSERT INTO extremes VALUES (-1, NULL), (0, NULL), (1, NULL);
  ANALYZE TABLE extremes; GRANT SELECT ON corpus.extremes TO scanner@'%'" >/dev/null || exit 1
for seed in 1 2 3 4 5 6 7 8; do
  "$CLASSIFY" table --quiet --sample 1 --seed $seed "$URI" corpus.extremes >"$TMP/out" 2>&1
  rc=$?
  [ $rc -eq 0 ] || break
done
check "BIGINT key from -2^63 to 2^63-1, --sample 1: exit 0 for every seed (got $rc)" [ $rc -eq 0 ]
check "BIGINT key over the whole range: no sanitizer report" \
  bash -c "! grep -E -q 'runtime error|Sanitizer' '$TMP/out'"

# 8c'. A table without a key above CLS_BATCH_MAX_ROWS rows: one scan with
# RAND(seed) < p, streamed unsorted into the client's reservoir (no ORDER BY
# RAND()), exactly the asked rows drawn. Its own database: the corpus
# checks above count corpus' tables.
sql_admin -e "CREATE DATABASE nokey" || exit 1
sql_admin nokey -e "CREATE TABLE nokey.huge AS
  SELECT ELT(1 + seq % 3, '4111 1111 1111 1111', '5555555555554444', '378282246310005') AS card
  FROM seq_1_to_120000; ANALYZE TABLE nokey.huge; GRANT SELECT ON nokey.* TO scanner@'%';
  SET GLOBAL general_log_file = 'general.log'; SET GLOBAL general_log = 1" >/dev/null || exit 1
"$CLASSIFY" scan --quiet --seed 5 --sample 3000 -o "$TMP/nk.json" \
  "mysql://scanner@127.0.0.1:$PORT/nokey" 2>"$TMP/err"
sql_admin -e "SET GLOBAL general_log = 0" >/dev/null
check "no key, 120,000 rows: exactly 3,000 rows drawn, Secret" \
  [ "$(jget "$TMP/nk.json" "[t['label'] + ' ' + str(t['rows_sampled']) for t in r['tables'] if t['table']=='huge'][0]")" = "Secret 3000" ]
check "no key: the server ran an uncapped RAND(seed) filter" \
  grep -q 'FROM `nokey`.`huge` WHERE RAND([0-9]*) < [0-9.]*$' "$MD/data/general.log"
check "no key: no ORDER BY RAND() and no LIMIT" \
  bash -c "! grep '\`huge\`' '$MD/data/general.log' | grep -q 'ORDER BY\|LIMIT'"

# 8d. The labeled corpus (tests/corpus, 37 tables, 303 columns) loaded into
# its own database gets every label it gets as CSV. LOAD DATA reads an empty
# field as '' where the CSV source sees NULL, so empty strings are made NULL;
# no escape character, as in RFC 4180. The sample is larger than any table.
sql_admin -e "CREATE DATABASE labeled CHARACTER SET utf8mb4" || exit 1
for f in $CORPUS_CSVS; do
  t=$(basename "$f" .csv)
  nulls=$(head -1 "$f" | tr -d '\r' | awk -F, '{for (i = 1; i <= NF; i++) printf "%s`%s` = NULLIF(`%s`, '"''"')", (i > 1 ? ", " : ""), $i, $i}')
  sql_admin --local-infile=1 labeled -e "CREATE TABLE \`$t\` ($(csv_columns "$f" '`'));
    LOAD DATA LOCAL INFILE '$f' INTO TABLE \`$t\` CHARACTER SET utf8mb4 FIELDS TERMINATED BY ','
      OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' LINES TERMINATED BY '\n' IGNORE 1 LINES;
    UPDATE \`$t\` SET $nulls; ANALYZE TABLE \`$t\`" >/dev/null || exit 1
done
sql_admin -e "GRANT SELECT ON labeled.* TO scanner@'%'" || exit 1
check_corpus_labels MariaDB "mysql://scanner@127.0.0.1:$PORT/labeled"

# 9. The server killed mid-scan (last).
"$CLASSIFY" scan --quiet --include-views --tables 'corpus.[st]*' -o "$TMP/k.json" "$URI" 2>"$TMP/err" &
pid=$!
my_wait_query '%slow%'
kill -9 "$(cat "$MD/pid")" && rm -f "$MD/pid"
wait $pid
expect_error "server killed mid-scan" "$TMP/k.json" "" $?
check "server killed mid-scan: the table being read is in errors" \
  [ "$(jget "$TMP/k.json" "'corpus.slow' in [e['table'] for e in r['errors']]")" = True ]
finish
