#!/usr/bin/python3
"""Fills in decisions in a classify workbook the way a person would, with
openpyxl: finds rows by the visible Table/Column cells, picks values from
the lists, types a name, a real date and a comment, and saves.
  fill.py IN.xlsx OUT.xlsx TABLE.COLUMN=DECISION[:LABEL] ... [TABLE=DECISION]"""
import datetime
import sys

import openpyxl


def header(ws):
    return {c.value: c.column for c in ws[1] if c.value}


def find_row(ws, cols, table, column):
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, cols["Table"]).value != table:
            continue
        if column is None or ws.cell(row, cols["Column"]).value == column:
            return row
    raise SystemExit("no row for %s.%s" % (table, column))


def main():
    book = openpyxl.load_workbook(sys.argv[1])
    for spec in sys.argv[3:]:
        where, decision = spec.split("=", 1)
        decision, _, label = decision.partition(":")
        table, _, column = where.partition(".")
        ws = book["Columns" if column else "Tables"]
        cols = header(ws)
        row = find_row(ws, cols, table, column or None)
        ws.cell(row, cols["Decision"]).value = decision
        if label:
            ws.cell(row, cols["Corrected label"]).value = label
        ws.cell(row, cols["Reviewed by"]).value = "Ada Reviewer"
        ws.cell(row, cols["Review date"]).value = datetime.datetime(2026, 10, 1)
        ws.cell(row, cols["Comment"]).value = "checked with the data owner: %s" % where
    book.save(sys.argv[2])


if __name__ == "__main__":
    main()
