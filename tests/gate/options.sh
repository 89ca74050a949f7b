#!/usr/bin/env bash
# Options that add up and the spot-check's edges, on files (issue 11,
# items 7 and 8): repeated --tables, --exclude and --targets accumulate; a
# --targets line may end in a comment and carry blanks; the report's run
# records the selection, seed and jobs, and a diff of two runs with
# different selections says so; `table -o -` writes JSON alone; a missing
# file or table is one line and exit 1, with "did you mean".
. "$(dirname "$0")/../setup.sh"
schema="$top_srcdir/schemas/report.schema.json"
cd "$TMP" || exit 1
for t in alpha beta gamma delta; do printf 'id,colour\n1,red\n2,blue\n' > $t.csv; done
tables() { /usr/bin/python3 -c 'import json,sys; print(" ".join(sorted(t["table"] for t in json.load(open(sys.argv[1]))["tables"])))' "$1"; }

"$CLASSIFY" scan -q --tables alpha --tables 'b*' -o t.json alpha.csv beta.csv gamma.csv delta.csv
check "two --tables add up" [ "$(tables t.json)" = "alpha beta" ]
"$CLASSIFY" scan -q --exclude alpha --exclude 'g*' -o x.json alpha.csv beta.csv gamma.csv delta.csv
check "two --exclude add up" [ "$(tables x.json)" = "beta delta" ]

printf '  alpha.csv   # the first one\n# a whole-line comment\n\n\tbeta.csv\t\n' > list1
printf 'gamma.csv #trailing\n' > list2
"$CLASSIFY" scan -q --seed 9 --jobs 2 --targets list1 --targets list2 --exclude beta -o f.json 2>err; rc=$?
check "two --targets files with comments and blanks: exit 0" [ $rc -eq 0 ]
check "... every target of both files scanned" [ "$(tables f.json)" = "alpha gamma" ]
check "... the report validates" /usr/bin/python3 "$top_srcdir/tests/check_report.py" f.json "$schema"
check "run records the selection, sample, seed and jobs" /usr/bin/python3 - f.json <<'PY'
import json, os, sys
run = json.load(open(sys.argv[1]))["run"]
s = run["selection"]
assert [os.path.basename(t) for t in s.pop("targets")] == ["alpha.csv", "beta.csv", "gamma.csv"]
assert s == {"tables": [], "exclude": ["beta"], "table": None}, s
assert run["seed"] == 9 and run["jobs"] == 2 and run["sample_rows"] == 1000, run
PY
"$CLASSIFY" scan -q -o u.json alpha.csv
check "an unseeded run records seed null" /usr/bin/python3 -c '
import json, sys; r = json.load(open(sys.argv[1]))["run"]; assert r["seed"] is None and r["jobs"] == 1, r' u.json

# A diff of a filtered run with a full one says the selections differ.
"$CLASSIFY" scan -q -o all.json alpha.csv beta.csv
"$CLASSIFY" scan -q --tables alpha -o some.json alpha.csv beta.csv
"$CLASSIFY" diff all.json some.json > d.txt
check "diff notes different --tables" grep -q "note: the two runs scanned different selections (--tables: all tables before, alpha now)" d.txt
"$CLASSIFY" diff --json all.json some.json > d.json
check "... also in the JSON changes" /usr/bin/python3 -c '
import json, sys; n = json.load(open(sys.argv[1]))["notes"]; assert any("--tables" in x for x in n), n' d.json

# table: -o - writes only JSON to standard output.
cp "$top_srcdir/contrib/demo/payments.csv" .
"$CLASSIFY" table -o - payments.csv > only.json 2>err; rc=$?
check "table -o -: exit 0" [ $rc -eq 0 ]
check "... standard output is one JSON document" /usr/bin/python3 -c '
import json, sys; r = json.load(open(sys.argv[1])); assert r["tables"][0]["table"] == "payments"' only.json
check "... and records the table asked for (none: the file)" /usr/bin/python3 -c '
import json, sys; assert json.load(open(sys.argv[1]))["run"]["selection"]["table"] is None' only.json
"$CLASSIFY" table -o - payments.csv payments > one.json
check "table -o - with a table name: JSON, selection.table recorded" /usr/bin/python3 -c '
import json, sys; assert json.load(open(sys.argv[1]))["run"]["selection"]["table"] == "payments"' one.json
"$CLASSIFY" table -o t.json payments.csv > human.txt
check "table -o FILE still prints the terminal table" grep -Eq "card_number +Secret" human.txt

# table: a file that is not there, a table that is not there.
"$CLASSIFY" table nosuch.csv >out 2>err; rc=$?
check "table on a missing file: exit 1" [ $rc -eq 1 ]
check "... one line naming it, nothing on stdout" bash -c "[ \$(wc -l <err) -eq 1 ] && grep -q nosuch.csv err && [ ! -s out ]"
"$CLASSIFY" table payments.csv paymnets >out 2>err; rc=$?
check "table with a misspelt name: exit 1" [ $rc -eq 1 ]
check "... did you mean the name one edit away" grep -q "no such table 'paymnets'; did you mean 'payments'?" err
"$CLASSIFY" table payments.csv invoices >out 2>err; rc=$?
check "table with an unrelated name: exit 1, no suggestion" bash -c "[ $rc -eq 1 ] && grep -q \"no such table 'invoices'\$\" err"
printf 'a\n1\n"open\n' > broken.csv
"$CLASSIFY" table broken.csv >out 2>err; rc=$?
check "table on a file that cannot be parsed: exit 1, one line" bash -c "[ $rc -eq 1 ] && [ \$(wc -l <err) -eq 1 ] && ! grep -q INCOMPLETE out"
finish
