#!/usr/bin/env bash
# The YAML inventory (scan --targets FILE.yaml) against throwaway
# PostgreSQL and MariaDB servers with TLS: per-target CA file, globs,
# sample size and jobs, defaults for all, a target built from the engine,
# host, port, database and user that discovery writes, the report grouped
# by target name with exposure next to the label; a bad inventory stops
# the run with file:line:col before anything connects.
. "$(dirname "$0")/../setup.sh"
. "$top_srcdir/tests/db/lib.sh"
. "$top_srcdir/tests/fleet/lib.sh"

pg_start
my_start
fleet_pg_db inv_pg 37 || exit 1
fleet_my_db inv_my 37 || exit 1
export PGPASSWORD=$SCANNER_PW MYSQL_PWD=$SCANNER_PW
cat >"$TMP/inventory.yaml" <<YAML
version: 1
defaults:
  ca_file: $TMP/certs/ca.crt
  sample: 150
  exclude: "*.[x-z]*"
targets:
  - name: billing
    uri: postgresql://scanner@127.0.0.1:$PORT/inv_pg
    tables: "public.[a-p]*"
    publicly_accessible: true
    storage_encrypted: false
    jobs: 2
  - name: shop
    engine: mariadb
    host: 127.0.0.1
    port: $MY_PORT
    database: inv_my
    user: scanner
    region: eu-west-1
    iam_auth: false
    ca_identifier: rds-ca-rsa2048-g1
    storage_encrypted: true
    sample: 40
YAML
"$CLASSIFY" scan --quiet --seed 3 --targets "$TMP/inventory.yaml" -o "$TMP/r.json" 2>"$TMP/err"; rc=$?
sed 's/^/# /' "$TMP/err"
check "inventory scan: exit 0 (got $rc)" [ $rc -eq 0 ]
check "inventory scan: schema-valid" /usr/bin/python3 "$top_srcdir/tests/check_report.py" \
  "$TMP/r.json" "$top_srcdir/schemas/report.schema.json"
q() { jget "$TMP/r.json" "$1"; }
check "every table carries its target's name, grouped: billing first, then shop" \
  [ "$(q '[k for i, k in enumerate([t["target"] for t in r["tables"]]) if i == 0 or k != r["tables"][i-1]["target"]]')" = "['billing', 'shop']" ]
check "billing: only its tables glob (public.[a-p]*) and not the default exclude ([x-z]*)" \
  [ "$(q 'all("a" <= t["table"][0] <= "p" for t in r["tables"] if t["target"] == "billing") and any(t["target"] == "billing" for t in r["tables"])')" = True ]
check "shop: the default exclude applies (no table starting x-z)" \
  [ "$(q 'any(t["target"] == "shop" for t in r["tables"]) and not any(t["table"][0] in "xyz" for t in r["tables"] if t["target"] == "shop")')" = True ]
check "shop: its own sample size (40 rows at most per table)" \
  [ "$(q 'max(t["rows_sampled"] for t in r["tables"] if t["target"] == "shop")')" = 40 ]
check "billing: the default sample size (150 rows at most, more than 40 somewhere)" \
  [ "$(q 'max(t["rows_sampled"] for t in r["tables"] if t["target"] == "billing")')" = 150 ]
check "billing's tables carry its exposure next to the label" \
  [ "$(q 'all(t["exposure"] == ["publicly_accessible", "storage_unencrypted"] for t in r["tables"] if t["target"] == "billing")')" = True ]
check "shop's tables (encrypted, not public) carry no exposure" \
  [ "$(q 'any("exposure" in t for t in r["tables"] if t["target"] == "shop")')" = False ]
check "targets[] name both, with billing's exposure" \
  [ "$(q 'sorted((t["name"], tuple(t.get("exposure", []))) for t in r["targets"])')" = "[('billing', ('publicly_accessible', 'storage_unencrypted')), ('shop', ())]" ]
check "the CA file of the defaults verified both servers (tls true)" \
  [ "$(q 'all(t["tls"] for t in r["targets"])')" = True ]
check "shop's URI was built from engine, host, port, user and database" \
  [ "$(q 'sorted(set(t["source"] for t in r["tables"] if t["target"] == "shop"))')" = "['mysql://127.0.0.1:$MY_PORT/inv_my']" ]

# A target with the wrong CA fails alone; the other is scanned.
sed "s|ca_file: $TMP/certs/ca.crt|ca_file: $TMP/certs/wrong.crt|" "$TMP/inventory.yaml" >"$TMP/wrongca.yaml"
printf '  - name: billing2\n    uri: postgresql://scanner@127.0.0.1:%s/inv_pg\n    ca_file: %s\n    tables: "public.a*"\n' \
  "$PORT" "$TMP/certs/ca.crt" >>"$TMP/wrongca.yaml"
"$CLASSIFY" scan --quiet --seed 3 --targets "$TMP/wrongca.yaml" -o "$TMP/w.json" 2>/dev/null; rc=$?
check "the default CA is wrong for two targets: exit 2 (got $rc)" [ $rc -eq 2 ]
check "the wrong CA: the two targets are errors, billing2 (own ca_file) is scanned" \
  [ "$(jget "$TMP/w.json" 'len([e for e in r["errors"] if e["table"] == ""]) == 2 and set(t["target"] for t in r["tables"]) == {"billing2"}')" = True ]

# Shards of an inventory merge like any other.
for k in 0 1; do
  "$CLASSIFY" scan --quiet --seed 3 --shard $k/2 --targets "$TMP/inventory.yaml" -o "$TMP/s$k.json" 2>/dev/null
done
"$CLASSIFY" merge "$TMP/s0.json" "$TMP/s1.json" -o "$TMP/m.json"; rc=$?
check "inventory in two shards, merged: exit 0 (got $rc)" [ $rc -eq 0 ]
check "inventory in two shards, merged: equal to the single run" \
  same_report "$TMP/r.json" "$TMP/m.json"

# Bad inventories: one line naming file:line:col, exit 1, nothing scanned.
bad() {  # desc pattern yaml
  printf '%b' "$3" >"$TMP/bad.yaml"
  "$CLASSIFY" scan --quiet --targets "$TMP/bad.yaml" -o "$TMP/bad.json" 2>"$TMP/err"; local rc=$?
  sed 's/^/# /' "$TMP/err"
  one_line() { [ "$rc" -eq 1 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q "$TMP/bad.yaml:$2" "$TMP/err"; }
  check "bad inventory ($1): exit 1, one line, names the place (got $rc)" one_line "$@"
  check "bad inventory ($1): no report" [ ! -e "$TMP/bad.json" ]
}
bad "unknown key" "4:5: unknown key 'passwd' in a target" 'targets:\n  - name: a\n    uri: postgresql://h/d\n    passwd: x\n'
bad "no name" "2:5: a target needs a name" 'targets:\n  - uri: postgresql://h/d\n'
bad "a name twice" ".*target name 'a' appears twice" 'targets:\n  - {name: a, uri: u}\n  - {name: a, uri: v}\n'
bad "no uri nor endpoint" ".*needs a uri, or engine, host and port" 'targets:\n  - {name: a, host: h}\n'
bad "a bad sample" "2:31: sample: expected a whole number" 'targets:\n  - {name: a, uri: u, sample: lots}\n'
bad "an unknown engine" ".*engine 'oracle' is neither" 'targets:\n  - {name: a, engine: oracle, host: h, port: 1}\n'
bad "iam without region" ".*iam: needs a region" 'defaults:\n  iam: {user: u}\ntargets:\n  - {name: a, uri: u}\n'
bad "version 2" "1:10: version: this classify reads inventory version 1" 'version: 2\ntargets:\n  - {name: a, uri: u}\n'
bad "no targets" ".*targets: expected a list of one or more" 'version: 1\n'
bad "malformed YAML" ".*" 'targets: [\n'
# The readers of inventories and policies share one loader
# (classify/util/yaml_doc.c): a second document is refused, not ignored,
# and so is a key twice and nesting past the bound.
bad "two documents" "3:1: a second YAML document: an inventory is one document" 'targets:\n  - {name: a, uri: u}\n---\ntargets:\n  - {name: b, uri: v}\n'
bad "a key twice" "2:23: duplicate key 'uri'" 'targets:\n  - {name: a, uri: u, uri: v}\n'
bad "nested too deep" ".*nested deeper than 16 levels" "targets:\n  - {name: a, uri: u, x: $(printf '[%.0s' $(seq 20))$(printf ']%.0s' $(seq 20))}\n"
finish
