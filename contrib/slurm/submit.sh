#!/bin/sh
# Submits the quarterly run to Slurm: the array of CLASSIFY_SHARDS shards,
# then the merge, which waits for every shard to end (afterany). Prints
# the two job ids ("ARRAY MERGE"). The environment of classify-shard.sbatch
# and classify-merge.sbatch must be set; sbatch hands it to the jobs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${CLASSIFY_SHARDS:?set CLASSIFY_SHARDS, the number of shards}"
array=$(sbatch --parsable --chdir="${CLASSIFY_OUT}" --array="0-$((CLASSIFY_SHARDS - 1))" \
  "$here/classify-shard.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --chdir="${CLASSIFY_OUT}" --dependency="afterany:$array" \
  "$here/classify-merge.sbatch")
echo "$array ${merge%%;*}"
