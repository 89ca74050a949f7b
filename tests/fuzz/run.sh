#!/usr/bin/env bash
# Runs every libFuzzer binary that `make fuzz` built for SECONDS each
# (CI: 60), starting from a copy of its checked-in seed corpus, and prints
# one counted line per target:
#   ok - fuzz_csv: 60 s, 1234567 executions, no crash
#   not ok - fuzz_csv: crashed after 1234 executions (input saved in DIR/crash-...)
#   tests/fuzz/run.sh SRCDIR BUILDDIR [SECONDS]
# Under a failed target it prints the frames in our code and each saved
# input in base64 (`base64 -d > crash` replays it with tests/fuzz/replay_csv).
# Exits 1 when any target crashed, leaked, timed out or did not run.
set -u
src=$(cd "${1:-.}" && pwd); build=$(cd "${2:-.}" && pwd); secs=${3:-60}
out="$build/tests/fuzz/runs"
rm -rf "$out"; mkdir -p "$out"
failed=0
corpus_of() {  # the seed folder of fuzz target $1
  case $1 in
    policy) echo "$src/tests/policy/corpus" ;;
    *) echo "$src/tests/fuzz/corpus/$1" ;;
  esac
}
for bin in "$build"/tests/fuzz/fuzz_*; do
  [ -x "$bin" ] || continue
  t=$(basename "$bin"); name=${t#fuzz_}
  work="$out/$name"; mkdir -p "$work/corpus" "$work/artifacts"
  seeds=$(corpus_of "$name")
  [ -d "$seeds" ] && cp "$seeds"/* "$work/corpus/" 2>/dev/null
  "$bin" "$work/corpus" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/" > "$work/log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
  if [ $rc -eq 0 ] && [ -n "$execs" ]; then
    echo "ok - $t: $secs s, $execs executions, no crash"
  else
    failed=$((failed + 1))
    echo "not ok - $t: exit $rc after ${execs:-?} executions" \
      "(inputs in $work/artifacts; log $work/log)"
    grep -m3 -E 'ERROR: |SUMMARY: |Test unit written' "$work/log" | sed 's/^/#   /'
    # Where in our code, and the input itself: the CI machine's folders are
    # gone when its log is read, so the log must carry enough to replay it.
    grep -m4 -E '^ *#[0-9]+ .* in [^ ]+ [^ ]*/(classify|detectors|tests)/[^ ]*\.[ch]:[0-9]+' "$work/log" | sed 's/^ */#   /'
    for f in "$work"/artifacts/*; do
      [ -f "$f" ] || continue
      echo "#   $(basename "$f") ($(wc -c < "$f") bytes, base64): $(head -c 4096 "$f" | base64 -w0)"
    done
  fi
done
[ "$failed" -eq 0 ]
