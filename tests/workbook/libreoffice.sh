#!/usr/bin/env bash
# The review loop through LibreOffice: a workbook filled in and re-saved by
# LibreOffice headless (its own XML: inline or shared strings, dates as
# serials, its own part names) exports the same overrides and carries the
# same decisions as the one openpyxl saved. The printed form (PDF):
# the Tables sheet is there, header rows repeat on every page of a long
# sheet, and every page carries the marking and its page number.
. "$(dirname "$0")/../setup.sh"
PY=/usr/bin/python3
W="$top_srcdir/tests/workbook"
command -v soffice > /dev/null || { echo "soffice not found (libreoffice-calc-nogui)"; exit 77; }
command -v pdftotext > /dev/null || { echo "pdftotext not found (poppler-utils)"; exit 77; }
$PY -c 'import openpyxl' 2> /dev/null || { echo "python3-openpyxl not installed"; exit 77; }
cd "$TMP" || exit 1
# A private profile, so a LibreOffice run elsewhere on the machine never
# shares (or locks) ours.
office() { timeout 300 soffice -env:UserInstallation=file://"$TMP/profile" --headless "$@" > /dev/null 2>&1; }
cp "$top_srcdir"/contrib/demo/*.csv .
# A wide table, so the Columns sheet runs over several printed pages.
$PY - <<'PY'
import csv
with open("wide.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["field_%03d" % i for i in range(150)])
    for r in range(20):
        w.writerow(["v%d_%d" % (r, i) for i in range(150)])
PY

"$CLASSIFY" scan -q --seed 7 -o q1.json --xlsx q1.xlsx ./*.csv
$PY "$W/fill.py" q1.xlsx q1-reviewed.xlsx "customers.email=False positive" \
  "customers.notes=Corrected label:Public" "patients.ssn=Agree" "payments=Accepted risk"
mkdir lo
office --convert-to xlsx --outdir lo q1-reviewed.xlsx
check "LibreOffice re-saves the reviewed workbook" [ -s lo/q1-reviewed.xlsx ]
check "the re-saved file is LibreOffice's own XML" \
  bash -c "unzip -p lo/q1-reviewed.xlsx docProps/app.xml | grep -qi libreoffice"
"$CLASSIFY" review export q1-reviewed.xlsx -o a.yaml 2> /dev/null
"$CLASSIFY" review export lo/q1-reviewed.xlsx -o b.yaml 2> err; rc=$?
check "review export reads the LibreOffice workbook" [ $rc -eq 0 ]
check "and finds the same overrides" cmp <(grep -v '^#' a.yaml) <(grep -v '^#' b.yaml)
"$CLASSIFY" scan -q --seed 7 --reviews b.yaml -o q2.json ./*.csv
check "the next scan applies them" $PY - q2.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = [c for t in r["tables"] for c in t["columns"] if c["column"] == "email"][0]
assert c["label"] == "Public" and c["override"]["detected_label"] == "Confidential", c
PY
"$CLASSIFY" xlsx q2.json --prior q1.json --reviewed lo/q1-reviewed.xlsx -o q2.xlsx; rc=$?
check "xlsx --reviewed reads the LibreOffice workbook" [ $rc -eq 0 ]
$PY "$W/decisions.py" q2.xlsx | cut -f1-6 | sort > got.tsv
printf '%s\n' "Columns	customers	email	False positive	2026-10-01	Ada Reviewer" \
  "Columns	customers	notes	Corrected label	2026-10-01	Ada Reviewer" \
  "Columns	patients	ssn	Agree	2026-10-01	Ada Reviewer" \
  "Tables	payments		Accepted risk	2026-10-01	Ada Reviewer" | sort > want.tsv
check "every decision is carried over from it" diff want.tsv got.tsv

office --convert-to pdf --outdir pdf q2.xlsx
check "LibreOffice renders the workbook to PDF" [ -s pdf/q2.pdf ]
pdftotext -layout pdf/q2.pdf q2.txt
pages=$(grep -c $'\f' q2.txt)
check "the PDF shows the Tables sheet" grep -q 'Detectors that drove the label' q2.txt
check "the Columns header row repeats on every page of the sheet (>= 2)" \
  bash -c "[ \$(grep -c 'Detectors (prevalence' q2.txt) -ge 2 ]"
check "every page carries the workbook's marking ($pages pages)" \
  bash -c "[ \$(grep -c 'Classification: Secret' q2.txt) -ge $pages ] && [ $pages -ge 9 ]"
check "pages are numbered" grep -q "Page 2 of " q2.txt
check "Sign-off is printed with its approval cells" grep -q 'Approver name' q2.txt
check "an unsampled column reads Not assessed, not Public" bash -c "grep -q 'Not assessed' q2.txt"
finish
