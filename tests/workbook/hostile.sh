#!/usr/bin/env bash
# The workbook reader refuses what it must, each with one line naming what
# was wrong, and accepts what other programs write: a hand-made workbook
# with a prefixed namespace, inline and rich shared strings, cells without
# references, rows out of order and a date as a serial number.
. "$(dirname "$0")/../setup.sh"
/usr/bin/python3 "$top_srcdir/tests/workbook/hostile.py" "$TMP/h" || exit 1
cd "$TMP/h" || exit 1
refused() {  # file, expected message
  "$CLASSIFY" review export "$1" -o out.yaml 2> err; local rc=$?
  check "$1 is refused: $2" bash -c "[ $rc -eq 1 ] && [ \$(wc -l < err) -eq 1 ] && grep -q -- '$1: .*$2' err && [ ! -e out.yaml ]"
}
refused bomb.xlsx "more than 64 MB inflated (a zip bomb?)"
refused deep.xlsx "XML nested too deep"
refused dtd.xlsx "a DTD is not allowed"
refused missing.xlsx "missing part xl/workbook.xml"
refused nosheet.xlsx "missing part xl/worksheets/sheet1.xml"
refused badref.xlsx "a cell reference is malformed"
refused sst_range.xlsx "a shared string index is out of range"
refused notzip.xlsx "not an xlsx workbook"
"$CLASSIFY" review export handmade.xlsx -o hand.yaml; rc=$?
check "a hand-made workbook (other writers' forms) is read" [ $rc -eq 0 ]
check "its decision, serial date and rich string come through" /usr/bin/python3 - hand.yaml <<'PY'
import sys, yaml
r = yaml.safe_load(open(sys.argv[1]))["reviews"]
assert len(r) == 1, r
r = r[0]
assert (r["source"], r["schema"], r["table"], r["column"]) == \
    ("demo/customers.csv", "Schema", "customers", "email"), r
assert (r["decision"], r["date"], r["reviewer"]) == \
    ("False positive", "2026-10-01", "Ada Reviewer"), r
assert r["reviewed"] == {"label": "Confidential", "detectors": ["email"], "protection": "plaintext"}
PY
finish
