#!/usr/bin/env bash
# The --fail-on gate on files (issue 11, item 6): a new table or column
# above Public trips it, so does a raised label and a declared-label
# violation (new or standing); a label changed only by a new policy is
# listed apart as policy_raised and trips only with --fail-on
# policy-change; a Public table added or a lowered label never trips it.
. "$(dirname "$0")/../setup.sh"
schema="$top_srcdir/schemas/report.schema.json"
cd "$TMP" || exit 1
export LC_ALL=C

cards() { printf 'id,ref\n1,4111111111111111\n2,5555555555554444\n3,378282246310005\n4,6011111111111117\n'; }
mails() { printf 'id,contact\n1,a@example.com\n2,b@example.org\n3,c@example.net\n4,d@example.com\n'; }
plain() { printf 'id,colour\n1,red\n2,blue\n3,green\n4,red\n'; }

# 1. A new table above Public trips the gate; a new Public table does not.
plain > base.csv
"$CLASSIFY" scan -q --history H1 -o r1.json base.csv
plain > extra.csv
"$CLASSIFY" scan -q --history H1 --fail-on raise -o r2.json base.csv extra.csv 2>err; rc=$?
check "a new Public table: exit 0" [ $rc -eq 0 ]
check "... and it is listed as added" grep -q '"change": "table_added"' r2.json
cards > payments.csv
"$CLASSIFY" scan -q --history H1 --fail-on raise -o r3.json base.csv extra.csv payments.csv 2>err; rc=$?
check "a new Secret table: exit 3" [ $rc -eq 3 ]
check "... the message counts the new table" grep -q "0 label(s) raised, 1 new table(s) or column(s) above Public" err
check "... the report validates" /usr/bin/python3 "$top_srcdir/tests/check_report.py" r3.json "$schema"

# 2. A new column above Public in a known table trips it.
printf 'id,colour,contact\n1,red,a@example.com\n2,blue,b@example.org\n3,green,c@example.net\n4,red,d@example.com\n' > base.csv
"$CLASSIFY" scan -q --history H1 --fail-on raise -o r4.json base.csv extra.csv payments.csv 2>err; rc=$?
check "a new Confidential column: exit 3" [ $rc -eq 3 ]
check "... named as a column added above Public" grep -q "1 new table(s) or column(s) above Public" err
"$CLASSIFY" diff --fail-on raise r3.json r4.json >d.txt 2>err; rc=$?
check "diff --fail-on raise agrees (exit 3)" [ $rc -eq 3 ]
check "... and lists the column" grep -Eq "column added +base\.contact +\(Confidential\)" d.txt

# 3. A raised label trips it; the same run again does not; lowering does not.
cards > extra.csv
"$CLASSIFY" scan -q --history H1 --fail-on raise -o r5.json base.csv extra.csv payments.csv 2>err; rc=$?
check "a raised label: exit 3" [ $rc -eq 3 ]
"$CLASSIFY" scan -q --history H1 --fail-on raise -o r6.json base.csv extra.csv payments.csv 2>err; rc=$?
check "the same data again: exit 0" [ $rc -eq 0 ]
plain > extra.csv
"$CLASSIFY" scan -q --history H1 --fail-on raise -o r7.json base.csv extra.csv payments.csv 2>err; rc=$?
check "a lowered label: exit 0" [ $rc -eq 0 ]

# 4. A declared-label violation trips it every run it stands, not only when new.
cat > declared.yaml <<'YAML'
version: 1
declared:
  tables: {"payments": Public}
YAML
"$CLASSIFY" scan -q --policy declared.yaml --history H2 --fail-on raise -o v1.json payments.csv 2>err; rc=$?
check "a violation without a prior run: exit 3" [ $rc -eq 3 ]
"$CLASSIFY" scan -q --policy declared.yaml --history H2 --fail-on raise -o v2.json payments.csv 2>err; rc=$?
check "the same violation in the next run still trips: exit 3" [ $rc -eq 3 ]
check "... the message counts it" grep -q "1 violation(s) of declared labels" err

# 5. A changed policy: e-mail becomes Secret. Same data, same evidence:
# policy_raised, listed apart, not a raise unless --fail-on policy-change.
mails > contacts.csv
"$CLASSIFY" scan -q --history H3 -o p1.json contacts.csv
cat > strict.yaml <<'YAML'
version: 1
detectors:
  email: Secret
YAML
"$CLASSIFY" scan -q --policy strict.yaml --history H3 --fail-on raise -o p2.json contacts.csv 2>err; rc=$?
check "a label raised by the policy alone: exit 0 with --fail-on raise" [ $rc -eq 0 ]
check "... recorded as policy_raised, not label_raised" /usr/bin/python3 - p2.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
kinds = [(c["change"], c["column"]) for c in r["changes"]["items"]]
assert ("policy_raised", "contact") in kinds and ("policy_raised", "") in kinds, kinds
assert not any(k == "label_raised" for k, _ in kinds), kinds
assert any("policy changed" in n for n in r["changes"]["notes"]), r["changes"]
PY
check "... the report validates" /usr/bin/python3 "$top_srcdir/tests/check_report.py" p2.json "$schema"
"$CLASSIFY" diff p1.json p2.json > pd.txt
check "diff lists it apart, under the policy change" bash -c \
  "sed -n '/Explained by the policy change/,\$p' pd.txt | grep -Eq 'raised by policy +contacts\.contact +Confidential -> Secret'"
"$CLASSIFY" diff --fail-on raise p1.json p2.json >/dev/null 2>&1; rc=$?
check "diff --fail-on raise: exit 0" [ $rc -eq 0 ]
"$CLASSIFY" diff --fail-on policy-change p1.json p2.json >/dev/null 2>err; rc=$?
check "diff --fail-on policy-change: exit 3" [ $rc -eq 3 ]
check "... saying the raise came from the policy" grep -q "2 raised by the policy change alone (counted" err
rm -rf H3; "$CLASSIFY" scan -q --history H3 -o /dev/null contacts.csv
"$CLASSIFY" scan -q --policy strict.yaml --history H3 --fail-on raise,policy-change -o p3.json contacts.csv 2>err; rc=$?
check "scan --fail-on raise,policy-change: exit 3" [ $rc -eq 3 ]

# A new policy AND new data: the raise is the data's and trips the gate.
rm -rf H3; printf 'id,contact\n1,x\n2,y\n3,z\n4,w\n' > contacts.csv
"$CLASSIFY" scan -q --history H3 -o /dev/null contacts.csv
mails > contacts.csv
"$CLASSIFY" scan -q --policy strict.yaml --history H3 --fail-on raise -o p4.json contacts.csv 2>err; rc=$?
check "new evidence under a new policy is a raise: exit 3" [ $rc -eq 3 ]
check "... label_raised, not policy_raised" grep -q '"change": "label_raised"' p4.json

"$CLASSIFY" scan -q --fail-on nonsense -o /dev/null contacts.csv 2>err; rc=$?
check "--fail-on with an unknown value: exit 1 naming it" bash -c "[ $rc -eq 1 ] && grep -q \"got 'nonsense'\" err"
finish
