#!/usr/bin/env bash
# One quarter's review loop on the demo data, with the real CLI: scan and
# write the workbook; a person (openpyxl) fills in decisions; `review
# export` turns them into overrides; the next scan applies them (the JSON
# shows detected and applied label); `xlsx --reviewed` carries decisions
# over, and shows one as stale when the data under it changed, while its
# override expires and the report says so.
. "$(dirname "$0")/../setup.sh"
PY=/usr/bin/python3
W="$top_srcdir/tests/workbook"
$PY -c 'import openpyxl' 2> /dev/null || { echo "python3-openpyxl not installed"; exit 77; }
cd "$TMP" || exit 1
cp "$top_srcdir"/contrib/demo/*.csv .

"$CLASSIFY" scan -q --seed 7 -o q1.json --xlsx q1.xlsx ./*.csv
check "the first scan writes report and workbook" [ -s q1.json -a -s q1.xlsx ]
$PY "$W/fill.py" q1.xlsx q1-reviewed.xlsx "customers.email=False positive" \
  "customers.notes=Corrected label:Public" "patients.ssn=Agree" \
  "payments.card_number=Accepted risk" "payments=Accepted risk"
check "a person fills in five decisions" [ -s q1-reviewed.xlsx ]

"$CLASSIFY" review export q1-reviewed.xlsx -o reviews.yaml 2> err; rc=$?
check "review export exits 0" [ $rc -eq 0 ]
check "review export says how many overrides" grep -q '4 override(s) from 5 decision(s)' err
check "reviews.yaml is mode 0600" [ "$(stat -c %a reviews.yaml)" = 600 ]
check "Agree needs no override" bash -c "! grep -q 'Agree' reviews.yaml"
check "each override keeps reviewer, date and fingerprint" $PY - reviews.yaml <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
rv = {(r["table"], r["column"]): r for r in doc["reviews"]}
assert set(rv) == {("customers", "email"), ("customers", "notes"),
                   ("payments", "card_number"), ("payments", "")}, rv
e = rv[("customers", "email")]
assert e["decision"] == "False positive" and e["reviewer"] == "Ada Reviewer", e
assert e["date"] == "2026-10-01", e
assert e["reviewed"] == {"label": "Confidential", "detectors": ["email"],
                         "protection": "plaintext"}, e
assert rv[("customers", "notes")]["label"] == "Public"
assert rv[("payments", "")]["reviewed"]["label"] == "Secret"
PY

"$CLASSIFY" scan -q --seed 7 --reviews reviews.yaml -o q2.json ./*.csv; rc=$?
check "the next scan with --reviews exits 0" [ $rc -eq 0 ]
check "its report matches the schema" $PY "$top_srcdir/tests/check_report.py" q2.json \
  "$top_srcdir/schemas/report.schema.json"
check "a lowered label shows detected, applied label and the override" $PY - q2.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
cols = {(t["table"], c["column"]): c for t in r["tables"] for c in t["columns"]}
tables = {t["table"]: t for t in r["tables"]}
e = cols[("customers", "email")]
assert e["label"] == "Public", e
o = e["override"]
assert (o["detected_label"], o["applied_label"], o["decision"]) == \
    ("Confidential", "Public", "False positive"), o
assert o["reviewer"] == "Ada Reviewer" and o["date"] == "2026-10-01", o
assert any(x.startswith('override: "False positive" by Ada Reviewer') for x in e["reasons"])
assert cols[("customers", "notes")]["override"]["applied_label"] == "Public"
assert cols[("payments", "card_number")]["label"] == "Secret"
assert cols[("payments", "card_number")]["override"]["decision"] == "Accepted risk"
assert tables["payments"]["override"]["decision"] == "Accepted risk"
assert "override" not in cols[("patients", "ssn")]
assert "overrides_expired" not in r
PY
check "reviews.yaml matches schemas/policy.schema.json" $PY -c '
import json, sys, yaml, jsonschema
jsonschema.validate(yaml.safe_load(open(sys.argv[1])), json.load(open(sys.argv[2])))' \
  reviews.yaml "$top_srcdir/schemas/policy.schema.json"
# The same overrides pasted into a policy's reviews: section apply alike.
{ "$CLASSIFY" policy show; grep -v '^version:' reviews.yaml; } > policy.yaml
"$CLASSIFY" scan -q --seed 7 --policy policy.yaml -o q2p.json ./*.csv; rc=$?
check "the policy's reviews: section applies the same overrides" bash -c "[ $rc -eq 0 ] &&
  cmp <(grep -v -e '_at\"' -e sha256 -e '\"policy\"' q2.json) <(grep -v -e '_at\"' -e sha256 -e '\"policy\"' q2p.json)"
"$CLASSIFY" scan -q --seed 7 -o plain.json ./*.csv
check "without --reviews nothing is overridden" bash -c "! grep -q '\"override\"' plain.json"

"$CLASSIFY" xlsx q2.json --prior q1.json --reviewed q1-reviewed.xlsx -o q2.xlsx; rc=$?
check "xlsx --reviewed exits 0" [ $rc -eq 0 ]
$PY "$W/decisions.py" q2.xlsx > q2.tsv
check "every decision is carried into its row, with its date" $PY - q2.tsv <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
got = {(r[0], r[1], r[2]): r for r in rows}
want = {("Columns", "customers", "email"): "False positive",
        ("Columns", "customers", "notes"): "Corrected label",
        ("Columns", "patients", "ssn"): "Agree",
        ("Columns", "payments", "card_number"): "Accepted risk",
        ("Tables", "payments", ""): "Accepted risk"}
assert set(got) == set(want), got
for k, d in want.items():
    assert got[k][3] == d and got[k][4] == "2026-10-01" and got[k][5] == "Ada Reviewer", got[k]
    assert got[k][6].startswith("carried over"), got[k]
PY

# Next quarter the email column holds no addresses any more: its decision
# is stale in the workbook, and its override expires in the scan.
$PY - customers.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
i = rows[0].index("email")
for r in rows[1:]:
    r[i] = "n/a"
csv.writer(open(sys.argv[1], "w", newline="")).writerows(rows)
PY
"$CLASSIFY" scan -q --seed 7 --reviews reviews.yaml -o q3.json ./*.csv 2> err3; rc=$?
check "a scan whose data changed under an override exits 0" [ $rc -eq 0 ]
check "the override expires and the report says so" $PY - q3.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
ex = r["overrides_expired"]
assert len(ex) == 1, ex
e = ex[0]
assert (e["table"], e["column"], e["decision"]) == ("customers", "email", "False positive"), e
assert e["reviewed"] == "Confidential|email|plaintext" and e["now"].startswith("Public|"), e
col = [c for t in r["tables"] for c in t["columns"]
       if t["table"] == "customers" and c["column"] == "email"][0]
assert "override" not in col and any(x.startswith("review expired") for x in col["reasons"])
notes = [c for t in r["tables"] for c in t["columns"]
         if t["table"] == "customers" and c["column"] == "notes"][0]
assert notes["override"]["applied_label"] == "Public"
PY
check "the scan names the expired override on stderr" grep -q 'expired' err3
"$CLASSIFY" xlsx q3.json --prior q2.json --reviewed q1-reviewed.xlsx -o q3.xlsx
$PY "$W/decisions.py" q3.xlsx > q3.tsv
check "a changed row shows the old decision as stale beside what changed" $PY - q3.tsv <<'PY'
import sys
rows = {(r[0], r[1], r[2]): r for r in (l.rstrip("\n").split("\t") for l in open(sys.argv[1]))}
e = rows[("Columns", "customers", "email")]
assert e[3] == "" and e[6].startswith('STALE: "False positive" by Ada Reviewer on 2026-10-01'), e
assert "Reviewed: Confidential [email], plaintext; now: Public" in e[6], e
assert rows[("Columns", "patients", "ssn")][3] == "Agree"
PY

check "Summary counts overrides applied and expired" $PY - q3.xlsx <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Summary"]
facts = {r[0].value: r[1].value for r in ws.iter_rows() if r[0].value}
assert facts["Reviewers' overrides"].startswith("3 applied, 1 expired"), facts
PY

# Sign-off counts what is still open.
check "Sign-off counts the open decisions" $PY - q2.xlsx <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Sign-off"]
cells = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
# 4 tables + 33 columns, 5 decided
assert cells["Open decisions"].startswith("32 row(s)"), cells
assert len(cells["Policy sha256"]) == 64 and cells["Run id"].endswith("Z"), cells
PY

# Bad decisions are named by sheet and row.
$PY "$W/fill.py" q1.xlsx typo.xlsx "customers.email=Maybe"
"$CLASSIFY" review export typo.xlsx -o typo.yaml 2> err; rc=$?
check "a decision outside the list is refused naming sheet and row" \
  bash -c "[ $rc -eq 1 ] && grep -q 'Columns row [0-9]*: Decision \"Maybe\"' err && [ ! -e typo.yaml ]"
"$CLASSIFY" review export q1.json -o x.yaml 2> err; rc=$?
check "a file that is no workbook is refused" bash -c "[ $rc -eq 1 ] && grep -q 'not an xlsx workbook' err"
printf 'version: 1\nreviews:\n  - {table: t, decision: "Corrected label", label: Sekret, reviewed: {label: Public}}\n' > bad.yaml
"$CLASSIFY" scan -q --reviews bad.yaml -o x.json ./*.csv 2> err; rc=$?
check "an override to an unknown level stops the scan" bash -c "[ $rc -eq 1 ] && grep -q \"label 'Sekret' is not a level\" err"
finish
