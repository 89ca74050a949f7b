#!/usr/bin/env bash
# The command line: help, version, exit codes, and clear one-line errors
# for bad input, with the failed table recorded and the run going on.
. "$(dirname "$0")/setup.sh"
out=$("$CLASSIFY" --help); check "--help exits 0 and shows commands" [ $? -eq 0 ]
check "--help lists scan" grep -q "scan" <<<"$out"
check "--version" bash -c "'$CLASSIFY' --version | grep -q '^classify [0-9]'"
for cmd in scan table detectors; do
  check "$cmd --help exits 0" bash -c "'$CLASSIFY' $cmd --help | grep -q Usage"
done
"$CLASSIFY" frobnicate 2>"$TMP/err"; rc=$?
check "unknown command exits 1" [ $rc -eq 1 ]
check "unknown command says so" grep -q "unknown command 'frobnicate'" "$TMP/err"
"$CLASSIFY" scan 2>/dev/null; check "scan without target exits 1" [ $? -eq 1 ]
"$CLASSIFY" scan --sample abc x.csv 2>"$TMP/err"; rc=$?
check "bad --sample exits 1 naming the option" bash -c "[ $rc -eq 1 ] && grep -q -- '--sample' '$TMP/err'"
# A bad option value or an unknown option: the one error, then the hint.
"$CLASSIFY" scan --sampling bogus x.csv 2>"$TMP/err"; rc=$?
check "bad --sampling: exit 1, its error and the hint only" bash -c "[ $rc -eq 1 ] &&
  [ \"\$(cat '$TMP/err')\" = \"classify: --sampling: must be rows or pages, got 'bogus'
Try 'classify scan --help' for more information.\" ]"
"$CLASSIFY" table --frob x.csv 2>"$TMP/err"; rc=$?
check "unknown option: exit 1, named by the command, then the hint" bash -c "[ $rc -eq 1 ] &&
  [ \"\$(cat '$TMP/err')\" = \"classify table: unrecognized option '--frob'
Try 'classify table --help' for more information.\" ]"
# The report keeps --seed as a (signed) JSON integer: a seed above 2^63-1
# is refused rather than written back negative.
"$CLASSIFY" scan --seed 9223372036854775808 -o "$TMP/s.json" "$top_srcdir/contrib/demo/payments.csv" 2>"$TMP/err"; rc=$?
check "--seed above 2^63-1 exits 1 naming the option" bash -c "[ $rc -eq 1 ] && grep -q -- '--seed: must be between 0 and 9223372036854775807' '$TMP/err'"
"$CLASSIFY" scan --quiet --seed 9223372036854775807 -o "$TMP/s.json" "$top_srcdir/contrib/demo/payments.csv" 2>/dev/null
check "--seed 2^63-1 is written as it was given" grep -q '"seed": 9223372036854775807' "$TMP/s.json"
check "detectors lists credit_card as Secret" \
  bash -c "'$CLASSIFY' detectors | grep -Eq '^credit_card +payment +Secret'"

# A bad CSV among good ones: error with file and line, others still scanned, exit 2.
printf 'a,b\n1,2\n3,"open\n' > "$TMP/broken.csv"
printf 'email\njane@example.com\njohn@example.org\n' > "$TMP/good.csv"
: > "$TMP/empty.csv"
printf 'a,b\n1,2\n3\n' > "$TMP/ragged.csv"
"$CLASSIFY" scan --quiet -o "$TMP/r.json" "$TMP/broken.csv" "$TMP/good.csv" "$TMP/empty.csv" \
  "$TMP/ragged.csv" "$TMP/missing.csv" 2>"$TMP/err"; rc=$?
check "incomplete run exits 2" [ $rc -eq 2 ]
check "unterminated quote error names file and line" grep -q "broken.csv:3: unterminated quoted field" "$TMP/err"
check "empty file error" grep -q "empty.csv: empty file" "$TMP/err"
check "ragged row error names the line" grep -q "ragged.csv:3: 1 fields, but the header has 2" "$TMP/err"
check "missing file error" grep -q "missing.csv: No such file" "$TMP/err"
check "report marks the run incomplete" grep -q '"complete": false' "$TMP/r.json"
check "the good table is still scanned" grep -q '"table": "good"' "$TMP/r.json"
check "errors are recorded" bash -c "[ \$(grep -c '\"message\"' '$TMP/r.json') -eq 4 ]"

# table: a spot-check prints a terminal table without colour when piped or NO_COLOR.
out=$("$CLASSIFY" table "$top_srcdir/contrib/demo/payments.csv")
check "table prints the card column as Secret" grep -Eq "card_number +Secret +credit_card" <<<"$out"
check "no colour codes when piped" bash -c "! grep -q $'\033' <<<\"\$0\"" "$out"
check "evidence is masked" bash -c "! grep -Eq '[0-9]{4} [0-9]{4} [0-9]{4} [0-9]{4}' <<<\"\$0\"" "$out"
"$CLASSIFY" table "$top_srcdir/contrib/demo/payments.csv" nosuch >/dev/null 2>"$TMP/err"; rc=$?
check "table with an unknown table name exits 1" [ $rc -eq 1 ]
# Review findings: nothing raw may leak through a name column's free text,
# an unknown scheme's error, or a HICN's mask.
printf 'customer\nMary 4111 1111 1111 1111\n"Mary, SSN 536-22-8726"\nJohn Smith\nAnna Lee\n' > "$TMP/free.csv"
"$CLASSIFY" scan --quiet -o "$TMP/free.json" "$TMP/free.csv" 2>/dev/null
check "name-column evidence hides digits" bash -c "! grep -Eq '4111 1111|1111 1111 1111|536-22' '$TMP/free.json'"
"$CLASSIFY" scan --quiet -o "$TMP/scheme.json" 'sqlserver://sa:Passw0rd@db.example.com/x' 2>"$TMP/err"; rc=$?
check "unknown scheme: exit 2" [ $rc -eq 2 ]
check "unknown scheme: named on stderr" grep -q "unknown scheme 'sqlserver'" "$TMP/err"
check "unknown scheme: no password on stderr or in the report" \
  bash -c "! grep -q Passw0rd '$TMP/err' '$TMP/scheme.json'"
printf 'medicare_hicn\n123-12-3456A\n219-09-9999B1\n536-22-8726A\n' > "$TMP/hicn.csv"
"$CLASSIFY" scan --quiet -o "$TMP/hicn.json" "$TMP/hicn.csv"
check "HICN evidence hides every SSN digit" bash -c "grep -q '\*\*\*-\*\*-\*\*\*\*A' '$TMP/hicn.json' && ! grep -Eq '3456A|8726A' '$TMP/hicn.json'"
# A generic date column is a birth date when a neighbour says birth.
printf 'name,birth_place,date,created_on\n' > "$TMP/people.csv"
for d in 1985-11-16 1947-06-23 1990-01-01 2001-12-31 1963-04-05; do
  printf 'Mary Martin,Leeds,%s,%s\n' "$d" "$d" >> "$TMP/people.csv"
done
"$CLASSIFY" scan --quiet -o "$TMP/people.json" "$TMP/people.csv"
check "date beside birth_place is a birth date; created_on is not" /usr/bin/python3 -c '
import json, sys
cols = {c["column"]: c["label"] for c in json.load(open(sys.argv[1]))["tables"][0]["columns"]}
assert cols["date"] == "Confidential" and cols["created_on"] == "Public", cols' "$TMP/people.json"
# -o to a FIFO (or a device) writes into it, never renames over it.
mkfifo "$TMP/fifo"
cat "$TMP/fifo" > "$TMP/fifo.out" &
"$CLASSIFY" scan --quiet -o "$TMP/fifo" "$top_srcdir/contrib/demo/products.csv"; rc=$?
wait
check "-o FIFO: exit 0, report written through it" bash -c "[ $rc -eq 0 ] && grep -q classify-report/1 '$TMP/fifo.out'"
check "-o FIFO: still a FIFO afterwards" test -p "$TMP/fifo"
check "scan --quiet without -o prints nothing on stdout" \
  bash -c "[ -z \"\$('$CLASSIFY' scan --quiet '$top_srcdir/contrib/demo/products.csv')\" ]"
finish
