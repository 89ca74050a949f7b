#!/usr/bin/env bash
# The gate, the options and `classify table` against a real throwaway
# PostgreSQL (issue 11, items 6-8): two databases share one --history
# folder and each run is compared with the prior run of its own database,
# never reporting the other's tables as removed; a new Secret table or a
# new column above Public trips --fail-on raise; repeated --tables and
# --targets with comments add up; `table` without a table lists the tables
# (exit 1), a misspelt table gets "did you mean" (exit 1), an unreachable
# server or a missing database is one line and exit 1, and `-o -` is JSON
# alone. Skips (77) only when the server binaries are absent.
. "$(dirname "$0")/../setup.sh"
. "$top_srcdir/tests/db/lib.sh"
export LC_ALL=C

pg_start
psql_admin -d postgres -c "CREATE DATABASE shop" -c "CREATE DATABASE staff" || exit 1
psql_admin -d postgres -c "CREATE ROLE scanner LOGIN PASSWORD 'Sc4nner-Pw'" || exit 1
for db in shop staff; do
  psql_admin -d $db -c "GRANT USAGE ON SCHEMA public TO scanner" \
    -c "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO scanner" || exit 1
done
psql_admin -d shop <<'SQL' || exit 1
CREATE TABLE orders (id int, colour text);
INSERT INTO orders VALUES (1, 'red'), (2, 'blue'), (3, 'green'), (4, 'red');
CREATE TABLE customers (id int, email text);
INSERT INTO customers VALUES (1, 'a@example.com'), (2, 'b@example.org'),
  (3, 'c@example.net'), (4, 'd@example.com');
SQL
psql_admin -d staff <<'SQL' || exit 1
CREATE TABLE people (id int, email text);
INSERT INTO people VALUES (1, 'e@example.com'), (2, 'f@example.org'), (3, 'g@example.net');
CREATE TABLE rota (id int, shift text);
INSERT INTO rota VALUES (1, 'early'), (2, 'late');
SQL
SHOP="postgresql://scanner@127.0.0.1:$PORT/shop"
STAFF="postgresql://scanner@127.0.0.1:$PORT/staff"
export PGPASSWORD=Sc4nner-Pw
H="$TMP/history"
cd "$TMP" || exit 1
kinds() { /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(" ".join(sorted(c["change"]+":"+c["table"]+"."+c["column"] for c in r.get("changes",{}).get("items",[]))))' "$1"; }
export -f kinds

# 1. One history folder, two databases on one server.
"$CLASSIFY" scan -q --seed 1 --history "$H" -o s1.json "$SHOP"; rc=$?
check "shop: first run exits 0" [ $rc -eq 0 ]
sleep 1
"$CLASSIFY" scan -q --seed 1 --history "$H" --fail-on raise -o t1.json "$STAFF"; rc=$?
check "staff into the same history: exit 0" [ $rc -eq 0 ]
check "... the shop's tables are not reported removed" bash -c "! grep -q table_removed t1.json"
sleep 1
"$CLASSIFY" scan -q --seed 1 --history "$H" --fail-on raise -o s2.json "$SHOP"; rc=$?
check "shop again: exit 0" [ $rc -eq 0 ]
check "... compared with the shop's run, not the staff's: no changes" [ -z "$(kinds s2.json)" ]
check "... the prior is the first shop run" [ "$(jget s2.json 'r["changes"]["prior_started_at"]')" = "$(jget s1.json 'r["run"]["started_at"]')" ]
sleep 1
"$CLASSIFY" scan -q --seed 1 --history "$H" --fail-on raise -o b1.json "$SHOP" "$STAFF"; rc=$?
check "both databases in one run: exit 0, no changes" bash -c "[ $rc -eq 0 ] && [ -z \"\$(kinds b1.json)\" ]"
sleep 1
"$CLASSIFY" scan -q --seed 1 --history "$H" --fail-on raise -o t2.json "$STAFF"; rc=$?
check "staff alone after both: exit 0, nothing removed" bash -c "[ $rc -eq 0 ] && [ -z \"\$(kinds t2.json)\" ]"
check "... a note says the prior run had other targets" /usr/bin/python3 -c '
import json, sys; n = json.load(open(sys.argv[1]))["changes"]["notes"]
assert any("different selections (targets:" in x and "/shop" in x for x in n), n' t2.json

# 2. A new Secret table and a new column above Public trip the gate.
psql_admin -d shop <<'SQL' || exit 1
CREATE TABLE payments (id int, card text);
INSERT INTO payments VALUES (1, '4111111111111111'), (2, '5555555555554444'),
  (3, '378282246310005'), (4, '6011111111111117');
SQL
sleep 1
"$CLASSIFY" scan -q --seed 1 --history "$H" --fail-on raise -o s3.json "$SHOP" 2>err; rc=$?
check "a new Secret table in the shop: exit 3" [ $rc -eq 3 ]
check "... listed as table_added" [ "$(kinds s3.json)" = "table_added:payments." ]
check "... and counted in the message" grep -q "1 new table(s) or column(s) above Public" err
psql_admin -d shop -c "ALTER TABLE orders ADD COLUMN contact text" \
  -c "UPDATE orders SET contact = 'o' || id || '@example.com'" || exit 1
sleep 1
"$CLASSIFY" scan -q --seed 1 --history "$H" --fail-on raise -o s4.json "$SHOP" 2>err; rc=$?
check "a new Confidential column: exit 3" [ $rc -eq 3 ]
check "... column_added, and the table raised" [ "$(kinds s4.json)" = "column_added:orders.contact label_raised:orders." ]
sleep 1
"$CLASSIFY" scan -q --seed 1 --history "$H" --fail-on raise -o s5.json "$SHOP"; rc=$?
check "the same again: exit 0" [ $rc -eq 0 ]

# 3. Options that add up, on a database.
"$CLASSIFY" scan -q --tables public.orders --tables 'public.cust*' -o tt.json "$SHOP"
check "two --tables add up" [ "$(jget tt.json '" ".join(sorted(t["table"] for t in r["tables"]))')" = "customers orders" ]
check "... and run.selection records both" [ "$(jget tt.json '",".join(r["run"]["selection"]["tables"])')" = "public.orders,public.cust*" ]
printf '  %s   # the shop\n# staff follows\n\t%s\t#the staff\n' "$SHOP" "$STAFF" > targets
"$CLASSIFY" scan -q --targets targets --exclude public.payments --exclude 'public.r*' -o tf.json; rc=$?
check "--targets with comments and blanks: exit 0" [ $rc -eq 0 ]
check "... both databases, two --exclude add up" \
  [ "$(jget tf.json '" ".join(sorted(t["database"]+"."+t["table"] for t in r["tables"]))')" = "shop.customers shop.orders staff.people" ]
check "... the targets are recorded" [ "$(jget tf.json '" ".join(r["run"]["selection"]["targets"])')" = "postgresql://127.0.0.1:$PORT/shop postgresql://127.0.0.1:$PORT/staff" ]

# 4. classify table on a database.
"$CLASSIFY" table "$SHOP" >out 2>err; rc=$?
check "table without a table name: exit 1" [ $rc -eq 1 ]
check "... lists the tables and asks for one" bash -c "grep -q 'name one table' err && grep -qx '  public.customers' err && grep -qx '  public.payments' err && [ ! -s out ]"
"$CLASSIFY" table "$SHOP" public.custmers >out 2>err; rc=$?
check "table with a misspelt name: exit 1" [ $rc -eq 1 ]
check "... did you mean" grep -q "no such table 'public.custmers'; did you mean 'public.customers'?" err
"$CLASSIFY" table "$SHOP" ordesr >out 2>err; rc=$?
check "a swapped pair of letters in a bare name: did you mean" bash -c "[ $rc -eq 1 ] && grep -q \"did you mean 'public.orders'?\" err"
"$CLASSIFY" table "$SHOP" public.invoices >out 2>err; rc=$?
check "a table that does not exist: exit 1, one line, no INCOMPLETE" \
  bash -c "[ $rc -eq 1 ] && [ \$(wc -l <err) -eq 1 ] && ! grep -q INCOMPLETE out err"
DEAD=$(free_port)
"$CLASSIFY" table "postgresql://scanner@127.0.0.1:$DEAD/shop" public.orders >out 2>err; rc=$?
check "an unreachable server: exit 1, one line" bash -c "[ $rc -eq 1 ] && [ \$(wc -l <err) -eq 1 ] && [ ! -s out ]"
"$CLASSIFY" table "postgresql://scanner@127.0.0.1:$PORT/nosuchdb" public.orders >out 2>err; rc=$?
check "a database that does not exist: exit 1, one line" bash -c "[ $rc -eq 1 ] && [ \$(wc -l <err) -eq 1 ] && grep -q nosuchdb err"
"$CLASSIFY" table "postgresql://scanner@127.0.0.1:notaport/shop" public.orders >out 2>err; rc=$?
check "a target that cannot be parsed: exit 1, one line" bash -c "[ $rc -eq 1 ] && [ \$(wc -l <err) -eq 1 ]"
"$CLASSIFY" table -o - "$SHOP" public.customers >one.json 2>err; rc=$?
check "table -o -: exit 0 and standard output is JSON alone" /usr/bin/python3 -c '
import json, sys; r = json.load(open(sys.argv[1]))
assert [t["table"] for t in r["tables"]] == ["customers"], r["tables"]
assert r["run"]["selection"]["table"] == "public.customers"' one.json
"$CLASSIFY" table "$SHOP" public.customers >human.txt; rc=$?
check "table with a good name prints the terminal table" bash -c "[ $rc -eq 0 ] && grep -Eq 'email +Confidential' human.txt"
finish
