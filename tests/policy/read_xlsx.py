#!/usr/bin/python3
"""Reads an .xlsx workbook back with the standard library (it is a zip of
XML) and prints it as JSON: {"sheets": [names], "cells": {sheet: [[row
values]]}, "types": {sheet: [[cell types]]}, "autofilter": {sheet: ref},
"frozen": {sheet: bool}, "validations": {sheet: count}, "formulas": N}.
Used by tests/policy/xlsx.sh; no spreadsheet program needed."""
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def column_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def shared_strings(z):
    if "xl/sharedStrings.xml" not in z.namelist():
        return []
    root = ET.fromstring(z.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"]))
            for si in root.findall("m:si", NS)]


def sheet_paths(z):
    book = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    return [(s.get("name"), "xl/" + target[s.get(REL)].lstrip("/").replace("xl/", ""))
            for s in book.find("m:sheets", NS)]


def read_sheet(z, path, strings):
    root = ET.fromstring(z.read(path))
    rows, types = [], []
    for row in root.iter("{%s}row" % NS["m"]):
        r = int(row.get("r")) - 1
        while len(rows) <= r:
            rows.append([])
            types.append([])
        for c in row.findall("m:c", NS):
            i = column_index(c.get("r"))
            while len(rows[r]) <= i:
                rows[r].append("")
                types[r].append("")
            v = c.find("m:v", NS)
            t = c.get("t", "n")
            if v is None:
                continue
            rows[r][i] = strings[int(v.text)] if t == "s" else v.text
            types[r][i] = t
    af = root.find("m:autoFilter", NS)
    pane = root.find(".//m:pane", NS)
    dv = root.find("m:dataValidations", NS)
    return {"cells": rows, "types": types,
            "autofilter": af.get("ref") if af is not None else None,
            "frozen": pane is not None and pane.get("state") == "frozen",
            "validations": int(dv.get("count")) if dv is not None else 0,
            "formulas": len(root.findall(".//m:f", NS))}


def main():
    z = zipfile.ZipFile(sys.argv[1])
    strings = shared_strings(z)
    out = {"sheets": [], "cells": {}, "types": {}, "autofilter": {}, "frozen": {},
           "validations": {}, "formulas": 0}
    for name, path in sheet_paths(z):
        s = read_sheet(z, path, strings)
        out["sheets"].append(name)
        for key in ("cells", "types", "autofilter", "frozen", "validations"):
            out[key][name] = s[key]
        out["formulas"] += s["formulas"]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
