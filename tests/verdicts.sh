#!/bin/sh
# How a column is judged (issue 11), end to end over CSV fixtures written by
# tests/verdicts/fixtures.py: cards among random ids (in free text at 14%,
# bare at 5% and 15%) are Secret and random 16-digit ids Public; a column of
# repeated file sizes gets one label over 20 seeds; bare SSNs and ITINs under
# telling names are Protected with basis values+name and random 9-digit ids
# under customer_id/account_id Public; a dotted phone column is a phone
# column, not also an IP column; and a finding held back with more than
# chance evidence is flagged for review in the JSON and marked in the
# terminal table.
. "${top_srcdir:-$(dirname "$0")/..}/tests/setup.sh"

PY=/usr/bin/python3
FX="$TMP/fx"
"$PY" "$top_srcdir/tests/verdicts/fixtures.py" "$FX" || { echo "fixtures failed"; exit 1; }

# field TABLE COLUMN EXPR: prints EXPR evaluated over the column object c
# (and its findings by detector id, f) of report $TMP/r.json.
field() {
    "$PY" - "$TMP/r.json" "$1" "$2" "$3" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
for t in r["tables"]:
    for c in t["columns"]:
        if t["table"] == sys.argv[2] and c["column"] == sys.argv[3]:
            f = {x["detector"]: x for x in c["findings"]}
            print(eval(sys.argv[4]))
PYEOF
}
is() { [ "$(field "$1" "$2" "$3")" = "$4" ]; }

"$CLASSIFY" scan --quiet --seed 1 -o "$TMP/r.json" "$FX"/*.csv
rc=$?
check "scan of the fixtures exits 0" [ "$rc" -eq 0 ]

check "cards read out in notes among 16-digit order ids: Secret" \
    is card_notes notes 'c["label"]' Secret
check "bare cards at 5% among random 16-digit references: Secret" \
    is card_notes reference_5 'c["label"]' Secret
check "bare cards at 15% among random 16-digit references: Secret" \
    is card_notes reference_15 'c["label"]' Secret
check "random 16-digit references alone: Public, no review flag" \
    is card_notes order_ref '(c["label"], f["credit_card"].get("review", False))' \
    "('Public', False)"
check "the reason states the chance test" \
    is card_notes order_ref '"chance gives about" in " ".join(c["reasons"])' True

for col in ssn employee_ssn social_security_number; do
    check "bare SSNs under $col: Protected, basis values+name" \
        is staff_ids $col '(c["label"], f["us_ssn"]["basis"], f["us_ssn"]["fired"])' \
        "('Protected', 'values+name', True)"
done
for col in customer_id account_id; do
    check "random 9-digit numbers under $col: Public" is staff_ids $col 'c["label"]' Public
done
check "bare ITINs under itin: Protected, basis values+name" \
    is staff_ids itin '(c["label"], f["us_itin"]["basis"])' "('Protected', 'values+name')"
check "bare NINOs under nino: Protected" is staff_ids nino 'c["label"]' Protected
check "bare MBIs under mbi: Secret" is staff_ids mbi 'c["label"]' Secret
check "three bare SINs of three: Protected, every one valid" \
    is tiny_sin sin '(c["label"], f["ca_sin"]["basis"])' "('Protected', 'values')"
check "four valid SINs and a typo under sin: Protected, the name decides" \
    is sin_typo sin '(c["label"], f["ca_sin"]["basis"])' "('Protected', 'values+name')"

check "dotted phone numbers: Confidential by phone_number" \
    is contacts_dk phone '(c["label"], f["phone_number"]["fired"])' "('Confidential', True)"
check "dotted phone numbers: ip_address listed, not fired, with its reason" \
    is contacts_dk phone '(f["ip_address"]["fired"], any(x.startswith("ip_address: its") for x in c["reasons"]))' \
    "(False, True)"
check "10-digit phones: NHS and NPI do not fire beside the phone" \
    is contacts_dk mobile '(c["label"], f["uk_nhs_number"]["fired"], f["us_npi"]["fired"])' \
    "('Confidential', False, False)"

check "5 valid cards of 8, no name: Public with review true and a reason" \
    is scraps value '(c["label"], f["credit_card"].get("review"), "5 of 8" in f["credit_card"].get("review_reason", ""))' \
    "('Public', True, True)"
check "the report with review flags validates against the schema" \
    "$PY" "$top_srcdir/tests/check_report.py" "$TMP/r.json" \
    "$top_srcdir/schemas/report.schema.json"

# One table, 20 seeds, one answer: file sizes repeated, 4 of 12 passing
# the NHS modulus 11 by chance.
labels=""
for s in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    "$CLASSIFY" scan --quiet --seed "$s" -o "$TMP/r.json" "$FX/file_store.csv"
    labels="$labels $(field file_store size_bytes 'c["label"]')"
done
answers=$(echo $labels | tr ' ' '\n' | sort -u | tr '\n' ' ')
check "file sizes over 20 seeds: one answer (got: $answers)" [ "$answers" = "Public " ]

# The terminal table marks the held-back finding and says why.
"$CLASSIFY" table "$FX/scraps.csv" >"$TMP/t.txt" 2>&1
check "terminal: the column shows the review marker" grep -q '! credit_card?' "$TMP/t.txt"
check "terminal: the reason is under the column" \
    grep -q '! review credit_card: 5 of 8 distinct candidates pass the check' "$TMP/t.txt"
"$CLASSIFY" table "$FX/card_notes.csv" >"$TMP/t.txt" 2>&1
check "terminal: notes shows credit_card, not '-'" \
    grep -Eq '^  notes +Secret +credit_card' "$TMP/t.txt"
finish
