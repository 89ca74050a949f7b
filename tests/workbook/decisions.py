#!/usr/bin/python3
"""Prints the decided or stale rows of a workbook's Tables and Columns
sheets, one a line: sheet, table, column, decision, review date, reviewer,
prior review (tab-separated). Read with openpyxl, as a person's tool would."""
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
for name in ("Tables", "Columns"):
    ws = book[name]
    cols = {c.value: c.column for c in ws[1]}
    for r in range(2, ws.max_row + 1):
        d, p = ws.cell(r, cols["Decision"]).value, ws.cell(r, cols["Prior review"]).value
        if d or p:
            col = ws.cell(r, cols["Column"]).value if "Column" in cols else ""
            date = ws.cell(r, cols["Review date"]).value
            print("\t".join([name, ws.cell(r, cols["Table"]).value, col or "", d or "",
                             date.strftime("%Y-%m-%d") if date else "",
                             ws.cell(r, cols["Reviewed by"]).value or "", p or ""]))
