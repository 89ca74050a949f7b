#!/usr/bin/python3
"""Prints `table<TAB>column<TAB>label` for every table and column of a
classify report (the table's own line has an empty column), in the format
tests/check_report.py --expect reads: a scan of the same data from another
source must give the same labels."""
import json
import sys

report = json.load(open(sys.argv[1]))
for t in report["tables"]:
    print("%s\t\t%s" % (t["table"], t["label"]))
    for c in t["columns"]:
        print("%s\t%s\t%s" % (t["table"], c["column"], c["label"]))
