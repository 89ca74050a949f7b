#!/usr/bin/env bash
# The quarterly re-classification as a pipeline job: every database in
# targets.txt (one target a line, '#' comments, no passwords: use
# ~/.pgpass, PGPASSWORD/MYSQL_PWD from the job's secret store, or
# --iam-auth), gentle sampling, a JSON report kept in history/, the diff
# against the last complete run, and a workbook for the compliance officer.
#
# Exit status (the job's gate):
#   0  done, nothing raised
#   2  finished, but some table or database could not be read (see errors)
#   3  a label was raised or a declared label was exceeded since last run
#   1  usage or fatal error (bad policy, unreadable targets file)
set -u
cd "$(dirname "$0")"
classify scan \
  --targets targets.txt \
  --policy policy.yaml \
  --ssl-ca /etc/ssl/certs/rds-global-bundle.pem \
  --sample 1000 --jobs 2 --statement-timeout 30000 \
  --history history \
  --xlsx "classification-$(date -u +%Y-Q$(( ($(date -u +%-m) + 2) / 3 ))).xlsx" \
  --fail-on raise \
  --quiet
rc=$?
case $rc in
  0) echo "classification unchanged or lowered" ;;
  2) echo "incomplete run: some tables could not be read (see the report's errors)" ;;
  3) echo "labels raised or violations found: review the workbook's Changes sheet" ;;
  *) echo "classify failed (exit $rc)" ;;
esac
exit $rc
