#!/usr/bin/python3
"""Checks a classify report: validates it against schemas/report.schema.json
and, with --expect FILE, compares every column's label with a TSV of
`table<TAB>column<TAB>label` lines (# comments allowed). Exit 1 on any
difference, printing each one."""
import json
import sys

import jsonschema


def main():
    args = sys.argv[1:]
    report_path, schema_path = args[0], args[1]
    expect = args[args.index("--expect") + 1] if "--expect" in args else None
    report = json.load(open(report_path))
    jsonschema.validate(report, json.load(open(schema_path)))
    print("schema: ok")
    if not expect:
        return 0
    got = {}
    for t in report["tables"]:
        got[(t["table"], "")] = t["label"]
        for c in t["columns"]:
            got[(t["table"], c["column"])] = c["label"]
    bad = 0
    seen = 0
    for line in open(expect):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        table, column, label = line.split("\t")
        seen += 1
        actual = got.get((table, column))
        if actual != label:
            bad += 1
            print("label mismatch: %s.%s expected %s, got %s" % (table, column or "(table)",
                                                                 label, actual))
    missing = set(k for k in got) - set()
    print("labels: %d checked, %d wrong" % (seen, bad))
    return 1 if bad or seen == 0 else 0


sys.exit(main())
