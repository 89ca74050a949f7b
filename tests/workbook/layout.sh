#!/usr/bin/env bash
# The workbook as a reviewer meets it (read with openpyxl): Tables right
# after Summary, one row per table sorted by label then name, with counts
# per label; decision cells with lists (the policy's levels), a date rule
# and input prompts, the only unlocked cells of protected sheets; a column
# that was not sampled reads "Not assessed" in grey with its reason; a
# finding flagged for review is on the Review sheet with its reason; print
# setup (landscape, fit to width, repeated header, marking in header and
# footer); Sign-off with run id, sha256 and counts.
. "$(dirname "$0")/../setup.sh"
PY=/usr/bin/python3
$PY -c 'import openpyxl' 2> /dev/null || { echo "python3-openpyxl not installed"; exit 77; }
cd "$TMP" || exit 1
cp "$top_srcdir"/contrib/demo/*.csv .
printf 'version: 1\nexclude:\n  columns: ["customers.tier"]\n' > policy.yaml
"$CLASSIFY" scan -q --seed 7 --policy policy.yaml -o r.json ./*.csv
# A finding flagged for review, as the scan writes it (review, review_reason).
$PY - r.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for t in r["tables"]:
    for c in t["columns"]:
        for f in c["findings"]:
            if t["table"] == "payments" and c["column"] == "order_id" and not f["fired"]:
                f["review"] = True
                f["review_reason"] = "13 checksum-valid card numbers, above chance"
json.dump(r, open(sys.argv[1], "w"))
PY
"$CLASSIFY" xlsx r.json -o book.xlsx; rc=$?
check "xlsx exits 0" [ $rc -eq 0 ]
check "the workbook reads as a reviewer meets it" $PY - book.xlsx <<'PY'
import sys, openpyxl
b = openpyxl.load_workbook(sys.argv[1])
assert b.sheetnames[:5] == ["Summary", "Tables", "Columns", "Review", "Sign-off"], b.sheetnames
t = b["Tables"]
head = [c.value for c in t[1]]
rows = [[c.value for c in r] for r in t.iter_rows(min_row=2)]
rank = {"Secret": 0, "Protected": 1, "Confidential": 2, "Public": 3}
keys = [(rank[r[3]], r[1] or "", r[2]) for r in rows]
assert keys == sorted(keys) and len(rows) == 4, keys
assert head[5:9] == ["Secret columns", "Protected columns", "Confidential columns",
                     "Public columns"], head
cust = [r for r in rows if r[2] == "customers"][0]
assert cust[head.index("Not assessed columns")] == 1, cust
assert cust[head.index("Sampled rows")] == 300, cust
pay = [r for r in rows if r[2] == "payments"][0]
assert pay[3] == "Secret" and pay[4] == "credit_card", pay
assert t.auto_filter.ref and t.freeze_panes == "A2", (t.auto_filter.ref, t.freeze_panes)
for name in ("Tables", "Columns"):
    ws = b[name]
    cols = {c.value: c.column for c in ws[1]}
    assert ws.protection.sheet, name
    for h in ("Decision", "Corrected label", "Reviewed by", "Review date", "Comment", "Owner"):
        assert not ws.cell(2, cols[h]).protection.locked, (name, h)
    assert ws.cell(2, cols["Label"]).protection.locked, name
    rules = {dv.sqref.ranges[0].min_col: dv for dv in ws.data_validations.dataValidation}
    dec = rules[cols["Decision"]]
    assert dec.type == "list" and dec.formula1 == '"Agree,Corrected label,False positive,Accepted risk"', dec.formula1
    assert rules[cols["Corrected label"]].formula1 == '"Secret,Protected,Confidential,Public"'
    assert rules[cols["Review date"]].type == "date"
    for h in ("Decision", "Corrected label", "Reviewed by", "Review date", "Comment"):
        assert rules[cols[h]].prompt and rules[cols[h]].showInputMessage, (name, h)
    assert ws.column_dimensions[openpyxl.utils.get_column_letter(cols["Review key (do not edit)"])].hidden
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows in ("1:1", "$1:$1"), ws.print_title_rows
    assert "Classification: Secret" in ws.oddHeader.left.text, name
    assert ws.oddFooter.center.text == "Page &P of &N", ws.oddFooter.center.text
c = b["Columns"]
cols = {x.value: x.column for x in c[1]}
tier = [r for r in range(2, c.max_row + 1) if c.cell(r, cols["Column"]).value == "tier"][0]
lab = c.cell(tier, cols["Label"])
assert lab.value == "Not assessed" and lab.fill.fgColor.rgb.endswith("D9D9D9"), (lab.value, lab.fill.fgColor.rgb)
assert c.cell(tier, cols["Protection"]).value == "not sampled: excluded by the policy"
src = c.column_dimensions["A"].width
assert src >= 20, src     # Source is not cut to a stub
rv = [[x.value for x in r] for r in b["Review"].iter_rows()]
assert rv[0][-1] == "Why it needs a look", rv[0]
assert len(rv) == 2 and rv[1][2:4] == ["payments", "order_id"], rv
assert rv[1][-1] == "13 checksum-valid card numbers, above chance", rv[1]
so = {r[0].value: r[1].value for r in b["Sign-off"].iter_rows() if r[0].value}
assert so["Open decisions"].startswith("37 row(s)"), so
assert len(so["Policy sha256"]) == 64 and so["Run id"][8] == "T", so
assert so["Secret"] == 1 and so["Not assessed"] is None, so
for k in ("Approver name", "Date", "Decision"):
    assert k in so, so
PY
finish
