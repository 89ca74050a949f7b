#!/usr/bin/env bash
# The policy file: `policy show` is a valid policy whose sha256 the report
# records; every bad file in tests/policy/bad/ fails with the
# FILE:LINE:COLUMN message on its first line; a bad policy stops the scan
# before any source is opened; levels, exclusions, declared labels and
# combination rules reach the report.
. "$(dirname "$0")/../setup.sh"
demo="$top_srcdir/contrib/demo"
schema="$top_srcdir/schemas/report.schema.json"

for cmd in policy diff xlsx; do
  check "$cmd --help exits 0" bash -c "'$CLASSIFY' $cmd --help | grep -q Usage"
done
check "scan --help lists --policy and --fail-on" bash -c "'$CLASSIFY' scan --help | grep -q -- '--fail-on raise'"
"$CLASSIFY" policy frob 2> "$TMP/err"; rc=$?
check "policy with a wrong verb is a usage error" bash -c "[ $rc -eq 1 ] && grep -q 'check FILE' '$TMP/err'"
"$CLASSIFY" scan --fail-on lower x.csv 2> "$TMP/err"; rc=$?
check "--fail-on takes only 'raise'" bash -c "[ $rc -eq 1 ] && grep -q \"expected 'raise'\" '$TMP/err'"

"$CLASSIFY" policy show > "$TMP/default.yaml"
check "policy show is a policy that checks" "$CLASSIFY" policy check "$TMP/default.yaml"
"$CLASSIFY" scan -q -o "$TMP/default.json" "$demo/payments.csv"
sha=$(sha256sum "$TMP/default.yaml" | cut -d' ' -f1)
check "built-in run records the sha256 of 'policy show'" grep -q "\"policy_sha256\": \"$sha\"" "$TMP/default.json"
"$CLASSIFY" scan -q --policy "$TMP/default.yaml" -o "$TMP/same.json" "$demo/payments.csv"
check "the same policy from a file gives the same sha256" grep -q "\"policy_sha256\": \"$sha\"" "$TMP/same.json"
for f in "$top_srcdir"/contrib/policies/*.yaml; do
  check "example $(basename "$f") checks" "$CLASSIFY" policy check "$f"
done

for f in "$top_srcdir"/tests/policy/bad/*.yaml; do
  want=$(head -1 "$f" | sed 's/^# expect: //')
  "$CLASSIFY" policy check "$f" > /dev/null 2> "$TMP/err"; rc=$?
  got=$(cat "$TMP/err")
  check "$(basename "$f"): exit 1" [ $rc -eq 1 ]
  check "$(basename "$f"): $want" bash -c '[[ "$1" == "$2"* ]]' _ "$got" "$f:$want"
done

bad="$top_srcdir/tests/policy/bad/unknown_level.yaml"
"$CLASSIFY" scan -q --policy "$bad" -o "$TMP/never.json" "$TMP/missing.csv" 2> "$TMP/err"; rc=$?
check "scan with a bad policy exits 1" [ $rc -eq 1 ]
check "... naming the policy's line and column" grep -q "unknown_level.yaml:4:16:" "$TMP/err"
check "... before any source is opened" bash -c "! grep -q missing.csv '$TMP/err'"
check "... and writes no report" [ ! -e "$TMP/never.json" ]

# Two levels, renamed: only those names appear in the report.
two="$top_srcdir/contrib/policies/two-levels.yaml"
"$CLASSIFY" scan -q --policy "$two" -o "$TMP/two.json" "$demo"/*.csv
check "two-level report validates" /usr/bin/python3 "$top_srcdir/tests/check_report.py" "$TMP/two.json" "$schema"
check "two-level report uses only its levels" /usr/bin/python3 - "$TMP/two.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
labels = {c["label"] for t in r["tables"] for c in t["columns"]} | {t["label"] for t in r["tables"]}
assert r["run"]["levels"] == ["Confidential", "Nonconfidential"], r["run"]["levels"]
assert labels == {"Confidential", "Nonconfidential"}, labels
card = [c for t in r["tables"] for c in t["columns"] if c["column"] == "card_number"][0]
assert card["label"] == "Confidential" and card["reasons"][0].endswith("-> Confidential"), card
PY
check "two-level report records the file's sha256" \
  grep -q "\"policy_sha256\": \"$(sha256sum "$two" | cut -d' ' -f1)\"" "$TMP/two.json"

# Exclusions, declared labels, name rules, thresholds and combinations.
cat > "$TMP/rules.yaml" <<'YAML'
version: 1
detectors:
  credit_card_masked: {min_count: 1000}
columns:
  - {match: "customers.tier", level: Protected}
exclude:
  tables: ["products"]
  columns: ["payments.notes"]
declared:
  tables: {"customers": Protected}
  columns: {"payments.card_number": Confidential}
combinations:
  - {name: contact, detectors: [us_ssn, email], level: Secret}
YAML
"$CLASSIFY" scan -q --policy "$TMP/rules.yaml" -o "$TMP/rules.json" "$demo"/*.csv; rc=$?
check "scan under the rules exits 0" [ $rc -eq 0 ]
check "rules report validates" /usr/bin/python3 "$top_srcdir/tests/check_report.py" "$TMP/rules.json" "$schema"
check "rules reach the report" /usr/bin/python3 - "$TMP/rules.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
tables = {t["table"]: t for t in r["tables"]}
col = lambda t, c: [x for x in tables[t]["columns"] if x["column"] == c][0]
assert "products" not in tables, "excluded table was scanned"
assert r["excluded"] == [{"schema": "", "table": "products", "rule": "products"}], r["excluded"]
notes = col("payments", "notes")
assert notes.get("skipped") and notes["findings"] == [], notes
assert col("payments", "card_display")["label"] == "Public", "min_count not applied"
assert col("customers", "tier")["label"] == "Protected", "name rule not applied"
assert tables["customers"]["label"] == "Secret", tables["customers"]["label"]
assert any("combination \"contact\"" in x for x in tables["customers"]["reasons"])
v = {(x["table"], x["column"]): x for x in r["violations"]}
assert set(v) == {("customers", ""), ("payments", "card_number")}, v
assert v[("payments", "card_number")]["declared"] == "Confidential"
assert v[("payments", "card_number")]["detected"] == "Secret"
assert r["run"]["policy"].endswith("rules.yaml")
assert any("never sampled" in x for x in r["run"]["policy_rules"])
PY
"$CLASSIFY" scan -q --policy "$TMP/rules.yaml" --fail-on raise -o "$TMP/gate.json" "$demo"/*.csv; rc=$?
check "--fail-on raise exits 3 on violations without a prior report" [ $rc -eq 3 ]
"$CLASSIFY" table --policy "$two" "$demo/payments.csv" > "$TMP/table.txt"
check "table --policy applies the policy" grep -Eq "card_number +Confidential" "$TMP/table.txt"

if /usr/bin/python3 -c 'import yaml, jsonschema' 2>/dev/null; then
  for f in "$top_srcdir"/contrib/policies/*.yaml "$TMP/default.yaml" "$TMP/rules.yaml"; do
    check "$(basename "$f") matches schemas/policy.schema.json" /usr/bin/python3 -c '
import json, sys, yaml, jsonschema
jsonschema.validate(yaml.safe_load(open(sys.argv[1])), json.load(open(sys.argv[2])))' \
      "$f" "$top_srcdir/schemas/policy.schema.json"
  done
fi
# Review findings: a fifth level is named in reasons; a column rule cannot
# switch on a detector the policy turned off.
cat > "$TMP/five.yaml" <<'YAML'
version: 1
levels: [TopSecret, Secret, Protected, Confidential, Public]
detectors:
  credit_card: TopSecret
YAML
printf 'card\n4111111111111111\n5555555555554444\n378282246310005\n' > "$TMP/cards.csv"
"$CLASSIFY" scan --quiet --policy "$TMP/five.yaml" -o "$TMP/five.json" "$TMP/cards.csv"
check "a fifth level is named in the label and the reason" /usr/bin/python3 -c '
import json, sys; c = json.load(open(sys.argv[1]))["tables"][0]["columns"][0]
assert c["label"] == "TopSecret" and c["reasons"][-1].endswith("-> TopSecret"), c' "$TMP/five.json"
cat > "$TMP/off.yaml" <<'YAML'
version: 1
detectors:
  credit_card: {enabled: false}
columns:
  - {match: billing_card, detector: credit_card}
YAML
printf 'id,billing_card\n1,\n2,\n' > "$TMP/billing.csv"
"$CLASSIFY" scan --quiet --policy "$TMP/off.yaml" -o "$TMP/off.json" "$TMP/billing.csv"
check "a column rule does not switch on a disabled detector" /usr/bin/python3 -c '
import json, sys; t = json.load(open(sys.argv[1]))["tables"][0]; assert t["label"] == "Public", t' "$TMP/off.json"
# The terminal summary names what the policy excluded, and cuts long
# non-ASCII names on a character boundary.
cat > "$TMP/excl.yaml" <<'YAML'
version: 1
exclude:
  tables: [products]
YAML
printf 'sku\nA-1\n' > "$TMP/products.csv"
out=$("$CLASSIFY" scan --policy "$TMP/excl.yaml" "$TMP/products.csv" "$TMP/cards.csv")
check "scan summary lists the excluded table" grep -q "excluded by the policy: products" <<<"$out"
long=$(printf 'адрес%.0s' $(seq 12))
printf '%s\n4111111111111111\n5555555555554444\n' "$long" > "$TMP/wide.csv"
"$CLASSIFY" table "$TMP/wide.csv" > "$TMP/wide.txt"
check "a long non-ASCII column name is cut on a character boundary" bash -c "iconv -f UTF-8 -t UTF-8 \"$TMP/wide.txt\" > \"$TMP/wide.out\""
finish
