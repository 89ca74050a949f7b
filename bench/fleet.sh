#!/usr/bin/env bash
# The quarterly run across a fleet, measured (README "At scale"): 3
# PostgreSQL databases and 2 MariaDB databases, 1,000 tables in all (the
# labeled corpus, copied), on throwaway servers; a one-node Slurm cluster
# (tests/fleet/slurm_lib.sh). Prints, as a Markdown table:
#   - one process, no Slurm (the reference report);
#   - the catalog alone (--exclude '*'), the cost every shard pays;
#   - wall time through Slurm at 1, 2 and 4 shards (array + merge, from
#     submission to the merge's end), each merged report compared with the
#     single run;
#   - 4 shards with shard 1 killed (SIGKILL) mid-run: the merge names it
#     (exit 2), shard 1 is run again with --resume from its checkpoint,
#     merged again and compared with the single run.
# Usage: top_srcdir=. top_builddir=_build bench/fleet.sh   (as root)
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
. "$top_srcdir/tests/setup.sh"
. "$top_srcdir/tests/db/lib.sh"
. "$top_srcdir/tests/fleet/lib.sh"
. "$top_srcdir/tests/fleet/slurm_lib.sh"

now() { date +%s.%N; }
since() { /usr/bin/python3 -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$(now)"; }

pg_start
my_start
trap 'slurm_stop; stop_servers' EXIT
t0=$(now)
for db in fleet_pg1 fleet_pg2 fleet_pg3; do fleet_pg_db "$db" 200 >/dev/null || exit 1; done
for db in fleet_my1 fleet_my2; do fleet_my_db "$db" 200 >/dev/null || exit 1; done
echo "# loaded 1,000 tables in $(since "$t0") s"
slurm_start "$TMP/slurm" || exit 1

export PGPASSWORD=$SCANNER_PW MYSQL_PWD=$SCANNER_PW CLASSIFY
export CLASSIFY_SEED=7 CLASSIFY_CA="$TMP/certs/ca.crt" CLASSIFY_TARGETS="$TMP/targets"
for db in fleet_pg1 fleet_pg2 fleet_pg3; do echo "postgresql://scanner@127.0.0.1:$PORT/$db"; done >"$CLASSIFY_TARGETS"
for db in fleet_my1 fleet_my2; do echo "mysql://scanner@127.0.0.1:$MY_PORT/$db"; done >>"$CLASSIFY_TARGETS"
here="$top_srcdir/contrib/slurm"

echo "| run | shards | wall (s) | tables | equal to one process |"
echo "|---|---|---|---|---|"
t0=$(now)
"$CLASSIFY" scan --quiet --seed 7 --ssl-ca "$CLASSIFY_CA" --targets "$CLASSIFY_TARGETS" \
  -o "$TMP/single.json" 2>/dev/null
echo "| one process, no Slurm | - | $(since "$t0") | $(count_tables "$TMP/single.json") | (reference) |"
t0=$(now)
"$CLASSIFY" scan --quiet --seed 7 --ssl-ca "$CLASSIFY_CA" --targets "$CLASSIFY_TARGETS" \
  --exclude '*' -o "$TMP/catalog.json" 2>/dev/null
echo "| the catalog alone (--exclude '*'): what every shard reads | - | $(since "$t0") | 0 | - |"

equal() { same_report "$TMP/single.json" "$1" >/dev/null && echo yes || echo NO; }
for n in 1 2 4; do
  export CLASSIFY_SHARDS=$n CLASSIFY_OUT="$TMP/run$n" CLASSIFY_HISTORY="$TMP/history$n"
  mkdir -p "$CLASSIFY_OUT"
  t0=$(now)
  set -- $("$here/submit.sh")
  slurm_wait "$2"
  echo "| Slurm array + merge | $n | $(since "$t0") | $(count_tables "$CLASSIFY_OUT/full.json") | $(equal "$CLASSIFY_OUT/full.json") |"
done

# Shard 1 of 4 killed mid-run, resumed, merged.
export CLASSIFY_SHARDS=4 CLASSIFY_OUT="$TMP/kill" CLASSIFY_HISTORY="$TMP/historyk"
mkdir -p "$CLASSIFY_OUT"
t0=$(now)
array=$(sbatch --parsable --chdir="$CLASSIFY_OUT" --array=0-3 "$here/classify-shard.sbatch")
for _ in $(seq 3000); do
  [ -f "$CLASSIFY_OUT/shard-1.json.checkpoint" ] &&
    [ "$(wc -l <"$CLASSIFY_OUT/shard-1.json.checkpoint")" -gt 40 ] && break
  sleep 0.1
done
scancel --signal=KILL "${array}_1"
kept=$(($(wc -l <"$CLASSIFY_OUT/shard-1.json.checkpoint") - 1))
merge=$(sbatch --parsable --chdir="$CLASSIFY_OUT" --dependency="afterany:$array" "$here/classify-merge.sbatch")
slurm_wait "$merge"
code=$(scontrol -o show job "$merge" | tr ' ' '\n' | sed -n 's/^ExitCode=//p')
echo "| 4 shards, shard 1 killed (SIGKILL) after $kept tables: merge | 4 | $(since "$t0") | $(count_tables "$CLASSIFY_OUT/full.json") | no: exit $code; missing: $(jget "$CLASSIFY_OUT/full.json" '[e["source"] for e in r["errors"] if "is missing" in e["message"]]') |"
t0=$(now)
late=$(sbatch --parsable --chdir="$CLASSIFY_OUT" --array=1 "$here/classify-shard.sbatch")
merge=$(sbatch --parsable --chdir="$CLASSIFY_OUT" --dependency="afterany:$late" "$here/classify-merge.sbatch")
slurm_wait "$merge"
echo "| shard 1 run again with --resume ($kept tables from its checkpoint), merged | 4 | $(since "$t0") | $(count_tables "$CLASSIFY_OUT/full.json") | $(same_report "$TMP/single.json" "$CLASSIFY_OUT/full.json" >/dev/null || $SAME_REPORT --ignore-changes "$TMP/single.json" "$CLASSIFY_OUT/full.json" >/dev/null && echo yes || echo NO) |"
echo
echo "# $(nproc) CPUs, $(uname -sr), $(slurmctld -V), $("$CLASSIFY" --version)"
