#!/usr/bin/env bash
# Builds libFuzzer binaries of each target with clang, ASan and UBSan:
#   tests/fuzz/build.sh SRCDIR BUILDDIR   (or: make fuzz)
# then run e.g.  BUILDDIR/tests/fuzz/fuzz_csv SRCDIR/tests/fuzz/corpus/csv -max_total_time=60
# Needs: apt-get install clang libclang-rt-14-dev
set -eu
src=${1:-.}; build=${2:-.}
flags="-g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE -I$build -I$src/include -I$src/classify -I$src/detectors"
core="$src/classify/csv.c $src/classify/error.c $src/classify/report.c $src/classify/report_json.c $src/classify/util.c $src/classify/label.c"
libs="$(pkg-config --libs jansson libcrypto)"
mkdir -p "$build/tests/fuzz"
for t in csv report; do
  clang $flags $(pkg-config --cflags jansson) "$src/tests/fuzz/fuzz_$t.c" $core $libs -o "$build/tests/fuzz/fuzz_$t"
  echo "built $build/tests/fuzz/fuzz_$t"
done
