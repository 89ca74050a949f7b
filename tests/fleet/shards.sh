#!/usr/bin/env bash
# Shards and merge against real throwaway servers: two PostgreSQL databases
# and one MariaDB database of the labeled corpus. N runs with --shard K/N
# cover every (target, table) exactly once, --shard auto reads each job
# engine's variable, and `classify merge` joins the shards into a report
# equal to a single run with the same seed (timings aside), puts it into
# history and diffs it; it refuses shards of different runs, the same shard
# twice and overlapping shards, and names missing ones (exit 2).
. "$(dirname "$0")/../setup.sh"
. "$top_srcdir/tests/db/lib.sh"
. "$top_srcdir/tests/fleet/lib.sh"

pg_start
my_start
fleet_pg_db fleet_a 37 || exit 1
fleet_pg_db fleet_b 45 || exit 1
fleet_my_db fleet_c 40 || exit 1
export PGPASSWORD=$SCANNER_PW MYSQL_PWD=$SCANNER_PW
TARGETS="postgresql://scanner@127.0.0.1:$PORT/fleet_a postgresql://scanner@127.0.0.1:$PORT/fleet_b mysql://scanner@127.0.0.1:$MY_PORT/fleet_c"
scan() { "$CLASSIFY" scan --quiet --seed 11 --sample 200 "$@" $TARGETS; }

scan -o "$TMP/single.json"; rc=$?
check "single run: exit 0 (got $rc)" [ $rc -eq 0 ]
check "single run: 122 tables" [ "$(count_tables "$TMP/single.json")" = 122 ]

# 1. Three shards cover every table exactly once.
for k in 0 1 2; do
  scan --shard $k/3 -o "$TMP/s$k.json"; rc=$?
  check "shard $k/3: exit 0 (got $rc)" [ $rc -eq 0 ]
  check "shard $k/3: run.shard says so" \
    [ "$(jget "$TMP/s$k.json" 'r["run"]["shard"]')" = "{'index': $k, 'count': 3}" ]
done
cover() {
  /usr/bin/python3 - "$@" <<'PY'
import json, sys
single = json.load(open(sys.argv[1]))
key = lambda t: (t["source"], t["database"], t["schema"], t["table"])
want = sorted(key(t) for t in single["tables"])
got = [key(t) for p in sys.argv[2:] for t in json.load(open(p))["tables"]]
sizes = [len(json.load(open(p))["tables"]) for p in sys.argv[2:]]
print("# shard sizes", sizes)
sys.exit(0 if sorted(got) == want and len(set(got)) == len(got) and min(sizes) > 0 else 1)
PY
}
check "shards 0,1,2 of 3: every table exactly once, none empty" \
  cover "$TMP/single.json" "$TMP/s0.json" "$TMP/s1.json" "$TMP/s2.json"
check "every shard read the catalog of every target (targets[] of each has 3)" \
  [ "$(jget "$TMP/s1.json" 'len(r["targets"])')" = 3 ]

# 2. The merge equals the single run.
"$CLASSIFY" merge "$TMP/s2.json" "$TMP/s0.json" "$TMP/s1.json" -o "$TMP/merged.json"; rc=$?
check "merge of 3 shards: exit 0 (got $rc)" [ $rc -eq 0 ]
check "merged report equals the single run, timings aside" \
  same_report "$TMP/single.json" "$TMP/merged.json"
check "merged report is schema-valid" /usr/bin/python3 "$top_srcdir/tests/check_report.py" \
  "$TMP/merged.json" "$top_srcdir/schemas/report.schema.json"
check "merged report has no run.shard" [ "$(jget "$TMP/merged.json" '"shard" in r["run"]')" = False ]

# --jobs changes nothing either.
scan --jobs 3 --shard 1/3 -o "$TMP/s1j.json"
check "shard 1/3 with --jobs 3 equals shard 1/3 with one worker" \
  same_report "$TMP/s1.json" "$TMP/s1j.json"

# 3. auto: K from each engine's variable.
for var in JOB_COMPLETION_INDEX AWS_BATCH_JOB_ARRAY_INDEX SLURM_ARRAY_TASK_ID; do
  env "$var=2" "$CLASSIFY" scan --quiet --seed 11 --sample 200 --shard auto/3 \
    -o "$TMP/auto.json" $TARGETS
  check "--shard auto/3 with $var=2 is shard 2/3" same_report "$TMP/s2.json" "$TMP/auto.json"
done
SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=3 \
  "$CLASSIFY" scan --quiet --seed 11 --sample 200 --shard auto -o "$TMP/auto.json" $TARGETS
check "--shard auto: K = SLURM_ARRAY_TASK_ID, N = SLURM_ARRAY_TASK_COUNT" \
  same_report "$TMP/s1.json" "$TMP/auto.json"
"$CLASSIFY" scan --quiet --shard auto/3 -o "$TMP/x.json" $TARGETS 2>"$TMP/err"; rc=$?
check "--shard auto without an engine variable: exit 1 naming them (got $rc)" \
  grep -q 'none of JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX, SLURM_ARRAY_TASK_ID' "$TMP/err"
for bad in 3/3 x/2 1/0 1; do
  "$CLASSIFY" scan --quiet --shard "$bad" -o "$TMP/x.json" $TARGETS 2>"$TMP/err"; rc=$?
  one_line() { [ "$rc" -eq 1 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q -- '--shard' "$TMP/err"; }
  check "--shard $bad: exit 1 with a one-line error (got $rc)" one_line
done

# 4. What merge refuses.
refuse() {  # desc pattern shards...
  local d=$1 p=$2; shift 2
  "$CLASSIFY" merge "$@" -o "$TMP/bad.json" 2>"$TMP/err"; local rc=$?
  sed 's/^/# /' "$TMP/err"
  check "merge refuses $d: exit 1 (got $rc)" [ $rc -eq 1 ]
  check "merge refuses $d: the error says why" grep -q "$p" "$TMP/err"
  check "merge refuses $d: no report written" [ ! -e "$TMP/bad.json" ]
}
refuse "the same shard twice" "both are shard 0/3" "$TMP/s0.json" "$TMP/s1.json" "$TMP/s0.json"
scan --seed 12 --shard 1/3 -o "$TMP/seed12.json"
refuse "a shard of another seed" "different seed" "$TMP/s0.json" "$TMP/seed12.json"
"$CLASSIFY" scan --quiet --seed 11 --sample 200 --shard 1/3 -o "$TMP/fewer.json" \
  "postgresql://scanner@127.0.0.1:$PORT/fleet_a"
refuse "a shard of another target set" "different target set" "$TMP/s0.json" "$TMP/fewer.json"
printf 'version: 1\nlevels: [Restricted, Sensitive, Internal, Open]\n' >"$TMP/policy.yaml"
scan --policy "$TMP/policy.yaml" --shard 1/3 -o "$TMP/pol.json"
refuse "a shard of another policy" "different policy" "$TMP/s0.json" "$TMP/pol.json"
scan --shard 1/2 -o "$TMP/of2.json"
refuse "shards of different counts" "shard of 2" "$TMP/s0.json" "$TMP/of2.json"
refuse "a report that is no shard" "not a shard report" "$TMP/s0.json" "$TMP/single.json"
# Overlap: shard 1's tables relabelled as shard 2 share tables with shard 1.
/usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r["run"]["shard"]["index"]=2; r["tables"].append(json.load(open(sys.argv[3]))["tables"][0]); json.dump(r, open(sys.argv[2], "w"))' \
  "$TMP/s2.json" "$TMP/s2x.json" "$TMP/s1.json"
refuse "overlapping shards" "overlap: both hold" "$TMP/s0.json" "$TMP/s1.json" "$TMP/s2x.json"

# 5. A missing shard: merged, incomplete, named.
"$CLASSIFY" merge "$TMP/s0.json" "$TMP/s2.json" -o "$TMP/part.json" 2>"$TMP/err"; rc=$?
check "merge without shard 1/3: exit 2 (got $rc)" [ $rc -eq 2 ]
check "merge without shard 1/3: stderr names it" grep -q 'shard 1/3 is missing' "$TMP/err"
check "merge without shard 1/3: report incomplete, the error names it" \
  [ "$(jget "$TMP/part.json" 'r["run"]["complete"] is False and any("shard 1/3" in e["message"] for e in r["errors"])')" = True ]

# 6. History and diff: the merged report is what goes in, and diffs.
"$CLASSIFY" merge "$TMP/s0.json" "$TMP/s1.json" "$TMP/s2.json" -o "$TMP/q1.json" \
  --history "$TMP/hist" --xlsx "$TMP/q1.xlsx"; rc=$?
check "merge --history --xlsx: exit 0 (got $rc)" [ $rc -eq 0 ]
check "merge --history: one report in the history" [ "$(ls "$TMP/hist" | wc -l)" -eq 1 ]
check "merge --xlsx: a workbook (zip) is written" unzip -tq "$TMP/q1.xlsx"
psql_admin -d fleet_b -c "CREATE TABLE zz_new AS SELECT * FROM payments; GRANT SELECT ON zz_new TO scanner" || exit 1
sleep 1
for k in 0 1 2; do scan --shard $k/3 -o "$TMP/n$k.json"; done
"$CLASSIFY" merge "$TMP/n0.json" "$TMP/n1.json" "$TMP/n2.json" -o "$TMP/q2.json" \
  --history "$TMP/hist"; rc=$?
check "second quarter's merge: exit 0 (got $rc)" [ $rc -eq 0 ]
check "second quarter's merge diffs against the first: zz_new added" \
  [ "$(jget "$TMP/q2.json" '[c["table"] for c in r["changes"]["items"] if c["change"] == "table_added"]')" = "['zz_new']" ]
check "merge --history: two reports in the history" [ "$(ls "$TMP/hist" | wc -l)" -eq 2 ]
finish
