#!/usr/bin/env bash
# `classify detectors --self-test` and the listing: every registered
# detector is listed with label, rule and example, carries built-in
# published vectors, and passes them; the issue's named negatives are
# among the vectors.
. "$(dirname "$0")/setup.sh"
ids=$(sed -n 's/^DETECTOR(\([a-z0-9_]*\))$/\1/p' "$top_srcdir/detectors/detectors.def")
n=$(echo "$ids" | wc -l)

"$CLASSIFY" detectors --self-test >"$TMP/st" 2>"$TMP/err"; rc=$?
check "self-test exits 0" [ $rc -eq 0 ]
check "self-test says nothing on stderr" [ ! -s "$TMP/err" ]
check "self-test summary counts every detector" grep -q "^self-test: $n detectors, 0 failed$" "$TMP/st"
for id in $ids; do
  check "$id passes its built-in vectors" grep -Eq "^$id +[0-9]+/[0-9]+ +[0-9]+/[0-9]+ +pass$" "$TMP/st"
done

"$CLASSIFY" detectors --self-test --verbose >"$TMP/v"
# Published near-misses the issue names, shown masked: NHS syntax example,
# HMRC's QQ prefix, a Luhn-valid millisecond timestamp.
check "NHS 987 654 4321 must not match" grep -q "must not match: 98\* \*\*\* \*321" "$TMP/v"
check "QQ123456A must not match" grep -q "must not match: QQ\*\*\*\*56A" "$TMP/v"
check "a Luhn-valid timestamp is no card" grep -q "must not match: 173\*\*\*\*\*\*\*004" "$TMP/v"
check "verbose output shows no raw vector" bash -c "! grep -q '943 476 5919\|4111 1111 1111 1111' '$TMP/v'"

"$CLASSIFY" detectors >"$TMP/list"
for id in $ids; do
  check "$id listed with a label and an example" \
    grep -Eq "^$id +[a-z_]+ +(Secret|Protected|Confidential|Public) +[^ ]" "$TMP/list"
done
check "every detector has a rule line" [ "$(grep -c '^    rule: ' "$TMP/list")" -eq "$n" ]

"$CLASSIFY" detectors --self-test extra 2>"$TMP/err"; rc=$?
check "unexpected argument exits 1" [ $rc -eq 1 ]
finish
