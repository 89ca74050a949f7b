#!/usr/bin/env bash
# The workbook, read back as the zip of XML it is (no spreadsheet program):
# every sheet, the Columns sheet row for row against the JSON report, an
# autofilter, a frozen header and review validations, changes and
# violations, mode 0600, no formula anywhere (text from the data that
# starts with = + - @ stays text), and no raw card number.
. "$(dirname "$0")/../setup.sh"
demo="$top_srcdir/contrib/demo"
read_xlsx="/usr/bin/python3 $top_srcdir/tests/policy/read_xlsx.py"
cd "$TMP" || exit 1
command -v unzip > /dev/null || { echo "unzip not found"; exit 77; }

cp "$demo"/*.csv .
# Column names and a table name that a spreadsheet would run as formulas.
printf '=1+2,+SUM(A1),-2+3,@cmd,card\n1,2,3,4,4111111111111111\n5,6,7,8,5555555555554444\n' > '=evil.csv'
cat > policy.yaml <<'YAML'
version: 1
declared:
  columns: {"payments.card_number": Confidential}
YAML
"$CLASSIFY" scan -q --policy policy.yaml -o first.json ./*.csv
printf 'id,note\n1,4012888888881881\n2,4111111111111111\n' > fresh.csv
"$CLASSIFY" scan -q --policy policy.yaml --prior first.json --xlsx book.xlsx -o report.json \
  ./*.csv missing.csv 2> err; rc=$?
check "scan --xlsx of an incomplete run exits 2" [ $rc -eq 2 ]
check "the workbook is mode 0600" [ "$(stat -c %a book.xlsx)" = 600 ]
check "no temp file is left behind" bash -c "[ \$(ls | grep -c '^book.xlsx') -eq 1 ]"
check "it is a zip with a workbook" bash -c "unzip -p book.xlsx xl/workbook.xml > workbook.xml"
for s in Summary Tables Columns Review Sign-off Changes Violations Policy Errors; do
  check "sheet $s exists" grep -q "<sheet name=\"$s\"" workbook.xml
done
check "Columns has an autofilter" bash -c "unzip -p book.xlsx xl/worksheets/sheet3.xml | grep -q '<autoFilter ref=\"A1:S'"
check "no cell anywhere is a formula" bash -c "! unzip -p book.xlsx 'xl/worksheets/*.xml' | grep -q '<f>'"
check "no raw card number in the workbook" bash -c "! unzip -p book.xlsx | grep -Eq '4111111111111111|5555555555554444|4012888888881881'"
$read_xlsx book.xlsx > book.json
check "workbook matches the report" /usr/bin/python3 - book.json report.json <<'PY'
import json, sys
book = json.load(open(sys.argv[1]))
r = json.load(open(sys.argv[2]))
cols = book["cells"]["Columns"]
head = cols[0]
assert head[:7] == ["Source", "Database", "Schema", "Table", "Column", "Type", "Label"], head
assert head[11:17] == ["Owner", "Decision", "Corrected label", "Reviewed by", "Review date", "Comment"], head
rows = [(t["table"], c["column"], c["label"]) for t in r["tables"] for c in t["columns"]]
got = [(row[3], row[4], row[6]) for row in cols[1:]]
assert got == rows, (got, rows)
assert book["frozen"]["Columns"], "header not frozen"
assert book["validations"]["Columns"] == 6, book["validations"]
# Formula-looking text is a string cell, never a formula.
evil = [i for i, row in enumerate(cols) if row[3] == "=evil"]
assert len(evil) == 5, evil
names = [cols[i][4] for i in evil]
assert names == ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "card"], names
assert all(book["types"]["Columns"][i][4] == "s" for i in evil)
assert book["formulas"] == 0
card = [row for row in cols if row[3] == "payments" and row[4] == "card_number"][0]
assert "credit_card" in card[7] and "****" in card[8], card
changes = book["cells"]["Changes"]
assert any(row[0] == "table added" and row[4] == "fresh" for row in changes), changes
viol = book["cells"]["Violations"]
assert viol[1][3:7] == ["payments", "card_number", "Confidential", "Secret"], viol
errors = book["cells"]["Errors"]
assert "missing.csv" in errors[1][0] + errors[1][2], errors
summary = book["cells"]["Summary"]
flat = [c for row in summary for c in row]
assert any(c.startswith("Incomplete run") for c in flat), "no incomplete-run warning"
assert "Columns per label and target" in flat and "Secret" in flat
policy = [c for row in book["cells"]["Policy"] for c in row]
assert any("declared columns matching \"payments.card_number\" to be Confidential" in c for c in policy), policy
PY
check "the workbook has a chart" bash -c "unzip -l book.xlsx | grep -q xl/charts/chart1.xml"

"$CLASSIFY" xlsx report.json -o again.xlsx; rc=$?
check "classify xlsx REPORT -o FILE exits 0" [ $rc -eq 0 ]
$read_xlsx again.xlsx > again.json
check "the workbook from the report keeps its changes" /usr/bin/python3 -c '
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
assert a["cells"]["Columns"] == b["cells"]["Columns"]
assert a["cells"]["Changes"] == b["cells"]["Changes"]' book.json again.json
"$CLASSIFY" xlsx --prior report.json report.json -o same.xlsx
$read_xlsx same.xlsx > same.json
check "xlsx --prior of the same report shows no change" /usr/bin/python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))["cells"]["Changes"]
assert rows[1][0].startswith("Nothing changed"), rows' same.json
"$CLASSIFY" xlsx report.json 2> err; rc=$?
check "xlsx without -o is a usage error" bash -c "[ $rc -eq 1 ] && grep -q 'missing -o' err"
"$CLASSIFY" xlsx report.json -o /nonexistent/dir/book.xlsx 2> err; rc=$?
check "an unwritable workbook path exits 1 naming it" bash -c "[ $rc -eq 1 ] && grep -q '/nonexistent/dir/book.xlsx' err"
finish
