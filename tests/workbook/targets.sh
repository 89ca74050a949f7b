#!/usr/bin/env bash
# The Summary lists each scanned target on its own row: engine, host,
# database, TLS in use, whether the server requires TLS, the account's
# privilege warning. A PostgreSQL and a MariaDB database both named
# `holdout` stay two targets (two rows in every count block), never one.
# Starts both servers on 127.0.0.1; skips (77) only without their binaries.
. "$(dirname "$0")/../setup.sh"
. "$top_srcdir/tests/db/lib.sh"
PY=/usr/bin/python3
$PY -c 'import openpyxl' 2> /dev/null || { echo "python3-openpyxl not installed"; exit 77; }
cust="$top_srcdir/contrib/demo/customers.csv"

pg_start
psql_admin -d postgres -c "CREATE DATABASE holdout" || exit 1
psql_admin -d holdout -c "CREATE TABLE people ($(csv_columns "$cust" '"'))" || exit 1
psql_admin -d holdout -c "\\copy people FROM '$cust' WITH (FORMAT csv, HEADER true)" || exit 1
# An account with more than read access, so the privilege warning shows.
psql_admin -d holdout -c "CREATE ROLE wide LOGIN CREATEDB PASSWORD 'Wide-Pw-1'; GRANT SELECT ON people TO wide" || exit 1

my_start
sql_admin -e "CREATE DATABASE holdout" || exit 1
sql_admin --local-infile=1 holdout -e "SET GLOBAL local_infile = 1;
  CREATE TABLE people ($(csv_columns "$cust" '`'));
  LOAD DATA LOCAL INFILE '$cust' INTO TABLE people FIELDS TERMINATED BY ','
    OPTIONALLY ENCLOSED BY '\"' LINES TERMINATED BY '\n' IGNORE 1 LINES" || exit 1
sql_admin -e "CREATE USER 'wide'@'127.0.0.1' IDENTIFIED BY 'Wide-Pw-1';
  GRANT ALL PRIVILEGES ON holdout.* TO 'wide'@'127.0.0.1'" || exit 1

cd "$TMP" || exit 1
"$CLASSIFY" scan -q --seed 7 --ssl-ca "$TMP/certs/ca.crt" -o r.json --xlsx book.xlsx \
  "postgresql://wide:Wide-Pw-1@127.0.0.1:$PORT/holdout" \
  "mysql://wide:Wide-Pw-1@127.0.0.1:$MY_PORT/holdout" 2> err; rc=$?
check "the scan of both holdout databases exits 0" [ $rc -eq 0 ]
check "no password reaches the workbook" bash -c "! unzip -p book.xlsx | grep -q 'Wide-Pw-1'"
check "Summary: one row per target, never merged by database name" \
  $PY - book.xlsx "$PORT" "$MY_PORT" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Summary"]
rows = [[c.value for c in r] for r in ws.iter_rows()]
first = [i for i, r in enumerate(rows) if r[0] == "Targets scanned"][0]
head = rows[first + 1][:7]
assert head == ["Target", "Engine", "Host", "Database", "TLS in use", "Server requires TLS",
                "Privilege warning"], head
targets = {}
for r in rows[first + 2:]:
    if not r[0]:
        break
    targets[r[1]] = r
assert set(targets) == {"postgresql", "mysql"}, targets
pg, my = targets["postgresql"], targets["mysql"]
assert pg[2] == "127.0.0.1:" + sys.argv[2] and my[2] == "127.0.0.1:" + sys.argv[3], (pg, my)
assert pg[3] == my[3] == "holdout", (pg, my)
assert pg[4].startswith("Yes") and my[4].startswith("Yes"), (pg, my)
assert pg[5] in ("Yes", "No", "Unknown") and my[5] in ("Yes", "No", "Unknown"), (pg, my)
assert "CREATEDB" in pg[6], pg
assert "read access" in my[6] or "privilege" in my[6], my
for block in ("Tables per label and target", "Columns per label and target"):
    at = [i for i, r in enumerate(rows) if r[0] == block][0]
    names = []
    for r in rows[at + 2:]:
        if r[0] in (None, "All"):
            break
        names.append(r[0])
    assert len(names) == 2 and len(set(names)) == 2, (block, names)
    assert all("holdout" in n for n in names), names
PY
finish
