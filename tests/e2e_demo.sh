#!/usr/bin/env bash
# End to end: scan the shipped demo data with the real CLI, validate the
# report against the schema, and check every column's label.
. "$(dirname "$0")/setup.sh"
report="$TMP/r.json"
"$CLASSIFY" scan --quiet --seed 7 -o "$report" "$top_srcdir"/contrib/demo/*.csv
check "scan of contrib/demo exits 0" [ $? -eq 0 ]
check "report is mode 0600" [ "$(stat -c %a "$report")" = 600 ]
check "report matches the schema and every expected label" \
  /usr/bin/python3 "$top_srcdir/tests/check_report.py" "$report" \
  "$top_srcdir/schemas/report.schema.json" --expect "$top_srcdir/contrib/demo/expected.tsv"
# No raw card number or SSN from the demo data may appear in the report.
check "no raw card number in the report" \
  bash -c "! grep -Eq '4111111111111111|4111 1111 1111 1111|5555555555554444' '$report'"
check "no raw SSN in the report" bash -c "! grep -Eq '\"[0-9]{3}-[0-9]{2}-[0-9]{4}' '$report'"
# The same seed gives the same sample, so the same report apart from times.
"$CLASSIFY" scan --quiet --seed 7 -o "$TMP/r2.json" "$top_srcdir"/contrib/demo/*.csv
check "a seeded scan is repeatable" \
  cmp <(grep -v '_at"' "$report") <(grep -v '_at"' "$TMP/r2.json")
finish
