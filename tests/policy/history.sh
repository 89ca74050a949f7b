#!/usr/bin/env bash
# History and diff: two scans of a changed table (its order-reference
# column filled with card numbers in between, one column dropped, one added)
# give a diff that names the column as raised to Secret, `--fail-on raise`
# exits 3, the report carries `changes`, the history files are 0600, and
# the diff never depends on the order of tables.
. "$(dirname "$0")/../setup.sh"
schema="$top_srcdir/schemas/report.schema.json"
H="$TMP/history"
export LC_ALL=C   # history file names sort by time in byte order
cd "$TMP" || exit 1

printf 'id,ref,note\n1,ORD-0001,first\n2,ORD-0002,second\n3,ORD-0003,third\n4,ORD-0004,fourth\n' > orders.csv
printf 'sku,price\nA-1,3.50\nB-2,4.00\n' > items.csv
"$CLASSIFY" scan -q --history "$H" -o first.json orders.csv items.csv; rc=$?
check "first scan exits 0" [ $rc -eq 0 ]
check "history holds one report" [ "$(ls "$H" | wc -l)" -eq 1 ]
f=$(ls "$H")
check "history file is named by the UTC start time" bash -c "[[ '$f' =~ ^[0-9]{8}T[0-9]{6}Z\\.json\$ ]]"
check "history file is mode 0600" [ "$(stat -c %a "$H/$f")" = 600 ]
check "first report has no changes (nothing to compare)" bash -c "! grep -q '\"changes\"' first.json"

# Published test card numbers replace the order references.
printf 'id,ref,email\n1,4111111111111111,a@example.com\n2,5555555555554444,b@example.org\n3,378282246310005,c@example.net\n4,6011111111111117,d@example.com\n' > orders.csv
"$CLASSIFY" scan -q --history "$H" --fail-on raise -o second.json orders.csv items.csv 2> err; rc=$?
check "second scan with --fail-on raise exits 3" [ $rc -eq 3 ]
check "... and says why on stderr" grep -q -- "--fail-on raise: 2 label(s) raised, 1 new table(s) or column(s) above Public, 0 violation(s)" err
check "history holds two reports" [ "$(ls "$H" | wc -l)" -eq 2 ]
check "second report validates" /usr/bin/python3 "$top_srcdir/tests/check_report.py" second.json "$schema"
check "embedded changes name orders.ref raised to Secret" /usr/bin/python3 - second.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
ch = r["changes"]["items"]
kinds = {(c["change"], c["table"], c["column"]) for c in ch}
raised = [c for c in ch if c["change"] == "label_raised" and c["column"] == "ref"]
assert raised and raised[0]["before"] == "Public" and raised[0]["after"] == "Secret", ch
assert ("column_added", "orders", "email") in kinds, kinds
assert ("column_removed", "orders", "note") in kinds, kinds
assert ("detector_appeared", "orders", "ref") in kinds, kinds
assert not any(c["table"] == "items" for c in ch), "unchanged table reported"
first = json.load(open("first.json"))
assert r["changes"]["prior_started_at"] == first["run"]["started_at"]
PY

old="$H/$(ls "$H" | head -1)"; new="$H/$(ls "$H" | tail -1)"
"$CLASSIFY" diff "$old" "$new" > diff.txt; rc=$?
check "diff exits 0 without a gate" [ $rc -eq 0 ]
check "diff text names the raised column" grep -Eq "label raised +orders\.ref +Public -> Secret" diff.txt
check "diff text lists the removed column" grep -Eq "column removed +orders\.note" diff.txt
"$CLASSIFY" diff --fail-on raise "$old" "$new" > /dev/null; rc=$?
check "diff --fail-on raise exits 3" [ $rc -eq 3 ]
"$CLASSIFY" diff --json "$old" "$new" > diff.json
check "diff --json is the changes object" /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert any(c["change"] == "label_raised" and c["column"] == "ref" for c in d["items"]), d' diff.json
"$CLASSIFY" diff --fail-on raise "$new" "$old" > /dev/null; rc=$?
check "the reverse diff (labels lowered) does not trip the gate" [ $rc -eq 0 ]

# No change since the last run: the gate stays open.
"$CLASSIFY" scan -q --history "$H" --fail-on raise -o third.json orders.csv items.csv; rc=$?
check "an unchanged third scan exits 0" [ $rc -eq 0 ]
check "... with an empty change list" /usr/bin/python3 -c '
import json, sys; assert json.load(open(sys.argv[1]))["changes"]["items"] == []' third.json

# Identity never depends on table order.
"$CLASSIFY" scan -q --prior third.json -o reordered.json items.csv orders.csv
check "scanning the tables in another order changes nothing" /usr/bin/python3 -c '
import json, sys; assert json.load(open(sys.argv[1]))["changes"]["items"] == []' reordered.json
"$CLASSIFY" diff first.json second.json > a.txt
"$CLASSIFY" diff first.json reordered.json > b.txt
check "diff output does not depend on table order" diff <(tail -n +2 a.txt) <(tail -n +2 b.txt)

# A table that cannot be read in the new run is an error, not a removal.
mv items.csv items.hidden
"$CLASSIFY" scan -q --prior third.json -o unreadable.json orders.csv items.csv; rc=$?
check "a run with an unreadable table exits 2" [ $rc -eq 2 ]
check "... and does not report that table as removed" /usr/bin/python3 -c '
import json, sys; assert json.load(open(sys.argv[1]))["changes"]["items"] == []' unreadable.json
mv items.hidden items.csv

"$CLASSIFY" scan -q --prior nosuch.json -o never.json orders.csv 2> err; rc=$?
check "a missing --prior report exits 1 before the scan" bash -c "[ $rc -eq 1 ] && [ ! -e never.json ] && grep -q nosuch.json err"
"$CLASSIFY" diff first.json 2> err; rc=$?
check "diff with one report is a usage error" [ $rc -eq 1 ]
echo '{"format": "something-else"}' > other.json
"$CLASSIFY" diff other.json first.json 2> err; rc=$?
check "diff of a non-report exits 1 naming it" bash -c "[ $rc -eq 1 ] && grep -q 'other.json: not a classify report' err"
# Review findings: the same files in another directory are the same tables;
# the prior of a history run is the newest complete run, never a future one;
# a report with no tables diffs without crashing.
H2="$TMP/h2"
mkdir -p a b
printf 'id,currency\n1,USD\n2,EUR\n3,GBP\n4,USD\n' > a/pay.csv
"$CLASSIFY" scan -q --history "$H2" -o base.json a/pay.csv
printf 'id,currency\n1,4111111111111111\n2,5555555555554444\n3,378282246310005\n4,6011111111111117\n' > b/pay.csv
"$CLASSIFY" scan -q --prior base.json --fail-on raise -o moved.json b/pay.csv; rc=$?
check "a moved CSV is the same table: the raise trips the gate" [ $rc -eq 3 ]
sleep 1
printf 'id,currency\n1,"open\n' > a/pay.csv
"$CLASSIFY" scan -q --history "$H2" -o broken.json a/pay.csv; rc=$?
check "a run that cannot read the table exits 2" [ $rc -eq 2 ]
cp b/pay.csv a/pay.csv
sleep 1
cp "$H2/$(ls "$H2" | head -1)" "$H2/20991231T000000Z.json"
"$CLASSIFY" scan -q --history "$H2" --fail-on raise -o after.json a/pay.csv; rc=$?
check "history compares with the newest complete run (raise seen, exit 3)" [ $rc -eq 3 ]
check "... not with a run stamped in the future" /usr/bin/python3 -c '
import json, sys; r = json.load(open(sys.argv[1])); assert r["changes"]["items"], r["changes"]' after.json
printf 'a\n1\n"open\n' > bad.csv
"$CLASSIFY" scan -q -o empty.json bad.csv 2>/dev/null
"$CLASSIFY" diff empty.json base.json >/dev/null; rc=$?
check "diff of a report with no tables works" [ $rc -eq 0 ]
finish
