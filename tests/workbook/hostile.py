#!/usr/bin/python3
"""Writes small workbooks into DIR for the xlsx reader's tests and fuzz
seeds: one hand-made the way other programs save (a prefixed namespace,
inline strings, omitted r= references, rows out of order, a date as a serial
number) and hostile ones (a zip bomb, deep XML, a DTD with entities, missing
parts, bad references, not a zip at all). `hostile.py DIR [--no-bomb]`:
the bomb (a 70 MB part in a 70 kB file) is left out of the fuzz seeds."""
import os
import sys
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

WORKBOOK = ('<?xml version="1.0"?><x:workbook xmlns:x="%s" xmlns:r="%s"><x:sheets>'
            '<x:sheet name="Columns" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>'
            % (MAIN, REL))
RELS = ('<?xml version="1.0"?><Relationships xmlns="%s">'
        '<Relationship Id="rId1" Type="%s/worksheet" Target="/xl/worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="%s/sharedStrings" Target="strings.xml"/>'
        '</Relationships>' % (PKG, REL, REL))
STRINGS = ('<?xml version="1.0"?><sst xmlns="%s"><si><t>Source</t></si>'
           '<si><r><t>Sche</t></r><r><t>ma</t></r><rPh><t>IGNORED</t></rPh></si></sst>' % MAIN)


def inline(text):
    return '<x:c t="inlineStr"><x:is><x:t>%s</x:t></x:is></x:c>' % text


# Header row 1 after data row 2 (re-ordered); cells without r= follow on.
SHEET = ('<?xml version="1.0"?><x:worksheet xmlns:x="%s"><x:sheetData>'
         '<x:row r="2">' + inline("demo/customers.csv") + '<x:c t="s"><x:v>1</x:v></x:c>'
         + inline("customers") + inline("email") + inline("False positive") + inline("")
         + inline("Ada Reviewer") + '<x:c><x:v>46296</x:v></x:c>' + inline("test addresses")
         + inline("Confidential|email|plaintext") + '</x:row>'
         '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>'
         + inline("Table") + inline("Column") + inline("Decision") + inline("Corrected label")
         + inline("Reviewed by") + inline("Review date") + inline("Comment")
         + inline("Review key (do not edit)") + '</x:row>'
         '</x:sheetData></x:worksheet>') % MAIN


def book(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def good_parts(**over):
    parts = {"xl/workbook.xml": WORKBOOK, "xl/_rels/workbook.xml.rels": RELS,
             "xl/strings.xml": STRINGS, "xl/worksheets/sheet1.xml": SHEET}
    parts.update(over)
    return {k: v for k, v in parts.items() if v is not None}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    book(os.path.join(out, "handmade.xlsx"), good_parts())
    deep = "<a>" * 200 + "</a>" * 200
    book(os.path.join(out, "deep.xlsx"),
         good_parts(**{"xl/worksheets/sheet1.xml": '<?xml version="1.0"?>' + deep}))
    laughs = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>')
    book(os.path.join(out, "dtd.xlsx"), good_parts(**{"xl/workbook.xml": laughs}))
    book(os.path.join(out, "missing.xlsx"), good_parts(**{"xl/workbook.xml": None}))
    book(os.path.join(out, "nosheet.xlsx"), good_parts(**{"xl/worksheets/sheet1.xml": None}))
    bad_ref = SHEET.replace('r="A1"', 'r="XFD1048577"')
    book(os.path.join(out, "badref.xlsx"), good_parts(**{"xl/worksheets/sheet1.xml": bad_ref}))
    oob = SHEET.replace("<x:v>1</x:v>", "<x:v>99</x:v>", 1)
    book(os.path.join(out, "sst_range.xlsx"), good_parts(**{"xl/worksheets/sheet1.xml": oob}))
    with open(os.path.join(out, "notzip.xlsx"), "w") as f:
        f.write("Source,Schema\nthis is not a workbook\n")
    if "--no-bomb" not in sys.argv:
        pad = '<?xml version="1.0"?><x:worksheet xmlns:x="%s">' % MAIN + " " * (70 << 20)
        book(os.path.join(out, "bomb.xlsx"), good_parts(**{"xl/worksheets/sheet1.xml": pad}))


if __name__ == "__main__":
    main()
