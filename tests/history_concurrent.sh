#!/usr/bin/env bash
# No lost report (issue 10, item 8), through the CLI: 12 `classify scan
# --history` runs started together into one folder leave 12 reports, each a
# valid report of its own run (each scans a differently named file), and no
# temp file. tests/unit/test_history forces the same start second; here the
# real command does the whole job.
. "$(dirname "$0")/setup.sh"
cd "$TMP" || exit 1
for i in $(seq -w 1 12); do
  printf 'id,card\n1,4111111111111111\n2,5555555555554444\n' > "w$i.csv"
done
pids=()
for i in $(seq -w 1 12); do
  "$CLASSIFY" scan -q --history hist -o "out$i.json" "w$i.csv" 2> "err$i" &
  pids+=($!)
done
rcs=0
for p in "${pids[@]}"; do wait "$p" || rcs=$((rcs + 1)); done
check "all 12 runs exit 0" [ $rcs -eq 0 ]
check "12 reports in the history folder" [ "$(ls hist | grep -c '^[0-9T]*Z\(_[0-9]*\)\?\.json$')" -eq 12 ]
check "nothing else in it (no temp file)" [ "$(ls -A hist | wc -l)" -eq 12 ]
check "each is a valid report of a different run" /usr/bin/python3 - hist <<'PY'
import json, os, sys
d = sys.argv[1]
names = set()
for f in os.listdir(d):
    r = json.load(open(os.path.join(d, f)))
    assert r["format"] == "classify-report/1" and len(r["tables"]) == 1
    names.add(r["tables"][0]["table"])
assert names == {"w%02d" % i for i in range(1, 13)}, names
PY
check "each diffs cleanly against another (the readers accept them)" \
  bash -c 'set -- hist/*; "$0" diff "$1" "$2" > /dev/null' "$CLASSIFY"
finish
