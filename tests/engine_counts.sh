#!/usr/bin/env bash
# The engine finds, per detector, exactly the matches, candidate-only
# values and spans recorded before the one-pass digit runs (issue 14):
# bench/bench_engine over its deterministic 20 MB corpus with every
# detector's example buried in 1% of the values, checked against
# bench/expected/engine_20mb_examples.txt. A count, never a speed.
. "$(dirname "$0")/setup.sh"
out=$("$top_builddir/bench/bench_engine" 20 examples \
  --check "$top_srcdir/bench/expected/engine_20mb_examples.txt" 2>&1)
rc=$?
grep 'differs' <<<"$out" | sed 's/^/# /'
check "per-detector matches, candidates and spans are those recorded" [ "$rc" = 0 ]
check "every detector's line was compared" \
  [ "$(grep -c ' candidates, spans ' <<<"$out")" = "$(grep -c ' candidates, spans ' "$top_srcdir/bench/expected/engine_20mb_examples.txt")" ]
finish
