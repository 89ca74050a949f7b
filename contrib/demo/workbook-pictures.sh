#!/usr/bin/env bash
# Renders the pictures of the README's "The compliance workbook: a
# quarter's review" from the demo data: one quarter's loop (scan, review
# with openpyxl, export, next scan with --reviews and --reviewed), then the
# new workbook through LibreOffice to PDF and PNG. Needs soffice
# (libreoffice-calc-nogui), pdftoppm (poppler-utils), python3-openpyxl.
#   contrib/demo/workbook-pictures.sh BUILDDIR   (writes contrib/demo/*.png)
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
classify=$(cd "${1:-$src/_build}" && pwd)/classify/classify
# A fixed folder, so the pictures show a short, stable path.
tmp=${TMPDIR:-/tmp}/classify-demo
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
cp "$src"/contrib/demo/*.csv .
"$classify" scan -q --seed 7 -o q3.json --xlsx q3.xlsx customers.csv patients.csv payments.csv products.csv
/usr/bin/python3 "$src/tests/workbook/fill.py" q3.xlsx q3-reviewed.xlsx \
  "customers.email=False positive" "customers.notes=Corrected label:Public" \
  "patients.ssn=Agree" "payments=Accepted risk" "payments.card_number=Accepted risk" \
  "customers=Agree" "patients=Agree"
"$classify" review export q3-reviewed.xlsx -o reviews.yaml
# Next quarter a column appears in products.
sed -i '1s/$/,contact/; 2,$s/$/,ops@example.com/' products.csv
"$classify" scan -q --seed 7 --reviews reviews.yaml -o q4.json customers.csv patients.csv payments.csv products.csv
"$classify" xlsx q4.json --prior q3.json --reviewed q3-reviewed.xlsx -o q4.xlsx
soffice -env:UserInstallation=file://"$tmp/profile" --headless --convert-to pdf q4.xlsx > /dev/null 2>&1
pdftoppm -png -r 110 -f 1 -l 1 q4.pdf page
pdftoppm -png -r 150 -f 2 -l 2 q4.pdf page
/usr/bin/python3 - page-1.png page-2.png "$src/contrib/demo" <<'PY'
import sys
from PIL import Image, ImageChops
def crop(path, out):
    im = Image.open(path).convert("RGB")
    bg = Image.new("RGB", im.size, (255, 255, 255))
    box = ImageChops.difference(im, bg).getbbox()
    # the content, without the page footer
    top = im.crop((0, 0, im.width, int(im.height * 0.9)))
    box = ImageChops.difference(top, Image.new("RGB", top.size, (255, 255, 255))).getbbox()
    im.crop((max(box[0] - 12, 0), max(box[1] - 12, 0), min(box[2] + 12, im.width),
             min(box[3] + 12, im.height))).save(out, optimize=True)
crop(sys.argv[1], sys.argv[3] + "/workbook-summary.png")
crop(sys.argv[2], sys.argv[3] + "/workbook-tables.png")
PY
echo "wrote $src/contrib/demo/workbook-summary.png and workbook-tables.png"
