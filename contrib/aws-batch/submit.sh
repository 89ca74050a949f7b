#!/bin/sh
# Submits the quarterly run to AWS Batch: the array job (size = the
# job definition's CLASSIFY_SHARDS), then the merge, which depends on the
# whole array. Batch fails a job whose dependency failed, so a shard that
# finished incomplete (exit 2: a table or target failed) exits 0 and leaves
# the incompleteness to its report, which the merge reads and reports; a
# shard that crashed is retried (retryStrategy) and resumes from its
# checkpoint on the EFS volume. Needs the AWS CLI and credentials.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
array=$(aws batch submit-job --cli-input-json "file://$here/submit-shards.json" \
  --query jobId --output text)
sed "s/ARRAY_JOB_ID/$array/" "$here/submit-merge.json" >"${TMPDIR:-/tmp}/classify-merge.json"
merge=$(aws batch submit-job --cli-input-json "file://${TMPDIR:-/tmp}/classify-merge.json" \
  --query jobId --output text)
echo "$array $merge"
