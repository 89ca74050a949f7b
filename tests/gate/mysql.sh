#!/usr/bin/env bash
# The same against a real throwaway MariaDB (issue 11, items 6-8): two
# databases share one --history folder without reporting each other's
# tables as removed; a new Secret table trips --fail-on raise; repeated
# --tables add up; `table` without a table lists the tables, a misspelt
# one gets "did you mean", a missing database is one line; each exit 1.
# Skips (77) only when the server binaries are absent.
. "$(dirname "$0")/../setup.sh"
. "$top_srcdir/tests/db/lib.sh"
export LC_ALL=C

my_start
PORT=$MY_PORT
sql_admin >/dev/null <<'SQL' || exit 1
CREATE DATABASE shop CHARACTER SET utf8mb4;
CREATE DATABASE staff CHARACTER SET utf8mb4;
CREATE TABLE shop.orders (id INT, colour VARCHAR(16));
INSERT INTO shop.orders VALUES (1, 'red'), (2, 'blue'), (3, 'green'), (4, 'red');
CREATE TABLE shop.customers (id INT, email VARCHAR(64));
INSERT INTO shop.customers VALUES (1, 'a@example.com'), (2, 'b@example.org'),
  (3, 'c@example.net'), (4, 'd@example.com');
CREATE TABLE staff.people (id INT, email VARCHAR(64));
INSERT INTO staff.people VALUES (1, 'e@example.com'), (2, 'f@example.org'), (3, 'g@example.net');
CREATE USER scanner@'%' IDENTIFIED BY 'Sc4nner-Pw';
GRANT SELECT ON shop.* TO scanner@'%';
GRANT SELECT ON staff.* TO scanner@'%';
SQL
SHOP="mysql://scanner@127.0.0.1:$PORT/shop"
STAFF="mysql://scanner@127.0.0.1:$PORT/staff"
export MYSQL_PWD=Sc4nner-Pw
H="$TMP/history"
cd "$TMP" || exit 1
changes() { /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(" ".join(sorted(c["change"]+":"+c["table"]+"."+c["column"] for c in r.get("changes",{}).get("items",[]))))' "$1"; }

"$CLASSIFY" scan -q --history "$H" -o s1.json "$SHOP"; rc=$?
check "shop: first run exits 0" [ $rc -eq 0 ]
sleep 1
"$CLASSIFY" scan -q --history "$H" --fail-on raise -o t1.json "$STAFF"; rc=$?
check "staff into the same history: exit 0, nothing removed" bash -c "[ $rc -eq 0 ] && ! grep -q table_removed t1.json"
sleep 1
"$CLASSIFY" scan -q --history "$H" --fail-on raise -o s2.json "$SHOP"; rc=$?
check "shop again: exit 0, compared with the shop's run: no changes" \
  bash -c "[ $rc -eq 0 ] && [ -z '$(changes s2.json)' ] && grep -q '\"prior_started_at\"' s2.json"
sql_admin >/dev/null <<'SQL' || exit 1
CREATE TABLE shop.payments (id INT, card VARCHAR(32));
INSERT INTO shop.payments VALUES (1, '4111111111111111'), (2, '5555555555554444'),
  (3, '378282246310005'), (4, '6011111111111117');
GRANT SELECT ON shop.* TO scanner@'%';
SQL
sleep 1
"$CLASSIFY" scan -q --history "$H" --fail-on raise -o s3.json "$SHOP" 2>err; rc=$?
check "a new Secret table: exit 3" [ $rc -eq 3 ]
check "... listed as table_added" [ "$(changes s3.json)" = "table_added:payments." ]

"$CLASSIFY" scan -q --tables shop.orders --tables 'shop.pay*' -o tt.json "$SHOP"
check "two --tables add up" [ "$(jget tt.json '" ".join(sorted(t["table"] for t in r["tables"]))')" = "orders payments" ]

"$CLASSIFY" table "$SHOP" >out 2>err; rc=$?
check "table without a table name: exit 1, the tables listed" \
  bash -c "[ $rc -eq 1 ] && grep -qx '  shop.customers' err && grep -qx '  shop.orders' err && [ ! -s out ]"
"$CLASSIFY" table "$SHOP" shop.ordrs >out 2>err; rc=$?
check "a misspelt table: exit 1, did you mean" \
  bash -c "[ $rc -eq 1 ] && grep -q \"did you mean 'shop.orders'?\" err"
"$CLASSIFY" table "mysql://scanner@127.0.0.1:$PORT/nosuchdb" shop.orders >out 2>err; rc=$?
check "a database that does not exist: exit 1, one line" bash -c "[ $rc -eq 1 ] && [ \$(wc -l <err) -eq 1 ]"
"$CLASSIFY" table -o - "$SHOP" shop.customers >one.json; rc=$?
check "table -o -: JSON alone" /usr/bin/python3 -c '
import json, sys; r = json.load(open(sys.argv[1])); assert [t["table"] for t in r["tables"]] == ["customers"]' one.json
finish
