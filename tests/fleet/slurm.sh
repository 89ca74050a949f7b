#!/usr/bin/env bash
# The quarterly run on a real job engine: a one-node Slurm cluster started
# here (tests/fleet/slurm_lib.sh), throwaway PostgreSQL and MariaDB with
# TLS, and contrib/slurm/ as a user would submit it: the array of shards,
# then the merge with --dependency=afterany. The merged report must equal
# a single run with the same seed, and be in the history. Then a quarter
# whose last shard never ran: the merge names it (exit 2); the shard run
# alone later, and merged again, completes the same report. Skips (77)
# only when slurm-wlm or the database servers are absent.
. "$(dirname "$0")/../setup.sh"
. "$top_srcdir/tests/db/lib.sh"
. "$top_srcdir/tests/fleet/lib.sh"
. "$top_srcdir/tests/fleet/slurm_lib.sh"

command -v slurmctld >/dev/null || { echo "skip: slurm-wlm is not installed"; exit 77; }
pg_start
my_start
trap 'slurm_stop; stop_servers' EXIT
fleet_pg_db quarter_a 40 || exit 1
fleet_my_db quarter_b 40 || exit 1
slurm_start "$TMP/slurm" || { fail "the one-node Slurm cluster started"; finish; }
pass "the one-node Slurm cluster started (sinfo: idle)"

export PGPASSWORD=$SCANNER_PW MYSQL_PWD=$SCANNER_PW CLASSIFY
export CLASSIFY_SHARDS=3 CLASSIFY_SEED=42 CLASSIFY_CA="$TMP/certs/ca.crt"
export CLASSIFY_TARGETS="$TMP/targets" CLASSIFY_OUT="$TMP/q1" CLASSIFY_HISTORY="$TMP/history"
printf '%s\n' "postgresql://scanner@127.0.0.1:$PORT/quarter_a" \
  "mysql://scanner@127.0.0.1:$MY_PORT/quarter_b" >"$CLASSIFY_TARGETS"
mkdir -p "$CLASSIFY_OUT"
"$CLASSIFY" scan --quiet --seed 42 --ssl-ca "$CLASSIFY_CA" --targets "$CLASSIFY_TARGETS" \
  -o "$TMP/single.json"; rc=$?
check "single run over TLS: exit 0 (got $rc)" [ $rc -eq 0 ]

ids=$("$top_srcdir/contrib/slurm/submit.sh") || { fail "contrib/slurm/submit.sh submits"; finish; }
set -- $ids
array=$1 merge=$2
echo "# array job $array, merge job $merge"
check "the array and the merge job ran to the end" slurm_wait "$merge"
state() { scontrol -o show job "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | sort -u | tr '\n' ' '; }
check "every array task completed (JobState: $(state "$array" JobState))" \
  [ "$(state "$array" JobState)" = "COMPLETED " ]
last_end=$(state "$array" EndTime | tr ' ' '\n' | sort | tail -1)
check "the merge started after the last shard ended (afterany: $last_end <= $(state "$merge" StartTime))" \
  [ ! "$(state "$merge" StartTime)" \< "$last_end " ]
check "the merge job completed (exit $(state "$merge" ExitCode))" [ "$(state "$merge" ExitCode)" = "0:0 " ]
check "three shard reports, one per task" [ "$(ls "$CLASSIFY_OUT"/shard-*.json | wc -l)" -eq 3 ]
check "the merged report equals the single run, timings aside" \
  same_report "$TMP/single.json" "$CLASSIFY_OUT/full.json"
check "the merged report is in the history" [ "$(ls "$CLASSIFY_HISTORY" | wc -l)" -eq 1 ]
check "the merged workbook is written" unzip -tq "$CLASSIFY_OUT/full.xlsx"

# A quarter with a shard that never ran: submitted as 4 shards, 3 tasks.
sleep 1
export CLASSIFY_SHARDS=4 CLASSIFY_OUT="$TMP/q2"
mkdir -p "$CLASSIFY_OUT"
here="$top_srcdir/contrib/slurm"
array=$(sbatch --parsable --chdir="$CLASSIFY_OUT" --array=0-2 "$here/classify-shard.sbatch")
merge=$(sbatch --parsable --chdir="$CLASSIFY_OUT" --dependency="afterany:$array" \
  "$here/classify-merge.sbatch")
slurm_wait "$merge"
check "merge with shard 3/4 missing: the job fails with exit 2 ($(state "$merge" ExitCode))" \
  [ "$(state "$merge" ExitCode)" = "2:0 " ]
check "merge with shard 3/4 missing: its output names the shard" \
  grep -q 'shard 3/4 is missing' "$CLASSIFY_OUT/classify-merge-$merge.out"
late=$(sbatch --parsable --chdir="$CLASSIFY_OUT" --array=3 "$here/classify-shard.sbatch")
merge=$(sbatch --parsable --chdir="$CLASSIFY_OUT" --dependency="afterany:$late" \
  "$here/classify-merge.sbatch")
slurm_wait "$merge"
check "shard 3/4 run late, merged again: exit 0 ($(state "$merge" ExitCode))" \
  [ "$(state "$merge" ExitCode)" = "0:0 " ]
check "shard 3/4 run late, merged again: equals the single run (but for its diff)" \
  $SAME_REPORT --ignore-changes "$TMP/single.json" "$CLASSIFY_OUT/full.json"
check "shard 3/4 run late, merged again: no label changed since the first quarter" \
  [ "$(jget "$CLASSIFY_OUT/full.json" 'len(r["changes"]["items"])')" = 0 ]
finish
