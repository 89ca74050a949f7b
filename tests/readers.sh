#!/usr/bin/env bash
# Readers that check what they read (issue 10, item 9): `classify diff` and
# `classify xlsx` refuse a report whose values have the wrong type or lie
# outside the schema (schemas/report.schema.json, built into the reader),
# with one line naming the file and the JSON path, exit 1 and no workbook;
# a label that is not one of the report's levels is refused the same way.
# Control characters read from a report or a data file, C1 (U+0080-U+009F,
# CSI U+009B above all) and DEL included, never reach the terminal.
. "$(dirname "$0")/setup.sh"
cd "$TMP" || exit 1
cp "$top_srcdir"/contrib/demo/*.csv .
"$CLASSIFY" scan -q -o good.json ./*.csv
"$CLASSIFY" scan -q --prior good.json -o changed.json ./*.csv

check "diff reads the reports the scanner writes" bash -c '"$1" diff good.json changed.json > /dev/null' _ "$CLASSIFY"
check "xlsx reads the reports the scanner writes" "$CLASSIFY" xlsx changed.json -o ok.xlsx

# name  JSON path the error must name  python statement on the report r
cases=(
  "tables_object|\$.tables: expected array, found object|r['tables'] = {}"
  "label_number|\$.tables[0].label: expected string, found integer|r['tables'][0]['label'] = 42"
  "label_unknown|\$.tables[1].columns[0].label: not one of the report's levels|r['tables'][1]['columns'][0]['label'] = 'Bogus'"
  "complete_string|\$.run.complete: expected boolean, found string|r['run']['complete'] = 'yes'"
  "rows_negative|\$.tables[2].rows_sampled: below the minimum|r['tables'][2]['rows_sampled'] = -5"
  "rows_real|\$.tables[0].rows_estimated: not of any type allowed here, found number|r['tables'][0]['rows_estimated'] = 1.5"
  "ratio_above_one|\$.tables[0].columns[0].findings[0].ratio: above the maximum|first_finding(r)['ratio'] = 2"
  "evidence_four|\$.tables[0].columns[0].findings[0].evidence: has too many items|first_finding(r)['evidence'] = ['a', 'b', 'c', 'd']"
  "errors_missing|\$: \"errors\" is missing|del r['errors']"
  "column_not_object|\$.tables[1].columns[1]: expected object, found string|r['tables'][1]['columns'][1] = 'x'"
  "change_unknown|\$.changes.items[0].change: not one of the values allowed here|r['changes']['items'] = [{'change': 'table_vanished', 'table': 't', 'column': ''}]"
  "sha_bad|\$.run.policy_sha256: does not have the expected form|r['run']['policy_sha256'] = 'xyz'"
  "levels_number|\$.run.levels[1]: expected string, found integer|r['run']['levels'] = ['Secret', 7]"
)
for c in "${cases[@]}"; do
  IFS='|' read -r name want edit <<< "$c"
  /usr/bin/python3 - changed.json "$name.json" "$edit" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
def first_finding(r):
    for t in r["tables"]:
        for c in t["columns"]:
            if c["findings"]:
                # move the table and column to the front, so the path is known
                r["tables"].remove(t); r["tables"].insert(0, t)
                t["columns"].remove(c); t["columns"].insert(0, c)
                return c["findings"][0]
exec(sys.argv[3])
json.dump(r, open(sys.argv[2], "w"))
PY
  "$CLASSIFY" diff good.json "$name.json" > out 2> err; rc=$?
  check "diff refuses $name with exit 1" [ $rc -eq 1 ]
  check "diff: $name: one line naming the file and $want" \
    bash -c '[ "$(wc -l < err)" -eq 1 ] && grep -qF -- "$1: $2" err' _ "$name.json" "$want"
  "$CLASSIFY" xlsx "$name.json" -o "$name.xlsx" 2> err; rc=$?
  check "xlsx refuses $name with exit 1" [ $rc -eq 1 ]
  check "xlsx: $name: one line naming the file and $want, no workbook" \
    bash -c '[ "$(wc -l < err)" -eq 1 ] && grep -qF -- "$1: $2" err && [ ! -e "$3" ]' \
    _ "$name.json" "$want" "$name.xlsx"
done

# Control characters: C1 CSI (U+009B), NEL (U+0085), DEL and ESC in names
# that a report carries, and in a column header of a scanned file.
# No such byte may come out on the terminal.
no_controls() {  # file: no ESC, DEL, or UTF-8 C1 (C2 80-C2 9F)
  ! LC_ALL=C grep -qP '\x1b|\x7f|\xc2[\x80-\x9f]' "$1"
}
/usr/bin/python3 - changed.json c1.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["tables"][0]["table"] = "evil\u009b31mred\u0085\u007f\u001b[2J"
r["tables"][0]["columns"][0]["column"] = "col\u009b1m"
r["errors"] = [{"source": "x\u009b", "table": "t\u0085", "message": "m\u009b2J"}]
json.dump(r, open(sys.argv[2], "w"))
PY
"$CLASSIFY" diff good.json c1.json > out 2> err
check "diff of a report with C1 controls prints none of them" no_controls out
check "diff of a report with C1 controls prints none on stderr" no_controls err
check "and shows them as U+FFFD" grep -q $'evil\xef\xbf\xbd31mred' out
printf '{"format": "classify-report/1", \xc2\x9b31m\x7f}' > broken.json
"$CLASSIFY" diff good.json broken.json 2> err
check "a parse error quoting a C1 control prints none of it" no_controls err
printf 'id,note\xc2\x9b31m\x7f\n1,4111111111111111\n' > c1.csv
"$CLASSIFY" scan -o c1-report.json c1.csv > out 2> err
check "scanning a header with C1 controls prints none of them" no_controls out
check "nor on stderr" no_controls err
check "the report holds the header with U+FFFD" grep -q 'note\\ufffd31m\\ufffd\|note�31m�' c1-report.json
finish
