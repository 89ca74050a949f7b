#!/usr/bin/env bash
# Builds libFuzzer binaries of every fuzz target with clang, ASan and UBSan:
#   tests/fuzz/build.sh SRCDIR BUILDDIR   (or: make fuzz)
# then run e.g.  BUILDDIR/tests/fuzz/fuzz_csv SRCDIR/tests/fuzz/corpus/csv -max_total_time=60
# Each target links the whole core (every classify/ part but cli/, and the
# detectors), compiled once into objects here, so a file added to the core
# never breaks this script. Needs: apt-get install clang libclang-rt-14-dev
set -eu
src=$(cd "${1:-.}" && pwd); build=$(cd "${2:-.}" && pwd)
pkgs="jansson libcrypto libpcre2-8 yaml-0.1 libpq xlsxwriter libzip libcurl expat"
if pkg-config --exists mysqlclient; then pkgs="$pkgs mysqlclient"; else pkgs="$pkgs libmariadb"; fi
cflags="-g -O1 -std=c11 -D_GNU_SOURCE -I$build -I$src/include -I$src/classify -I$src/detectors $(pkg-config --cflags $pkgs)"
san="-fsanitize=fuzzer-no-link,address,undefined"
libs="$(pkg-config --libs $pkgs) -lm -lpthread"
obj="$build/tests/fuzz/obj"
mkdir -p "$obj"
objects=
# Generated sources of the core: the built-in report schema
# (classify/report/local.mk makes the same) and the name lists (Makefile.am).
mkdir -p "$obj/gen"
sh "$src/schemas/embed.sh" cls_report_schema_text "$src/schemas/report.schema.json" \
  > "$obj/gen/report_schema_text.c"
LC_ALL=C awk -f "$src/detectors/names_gen.awk" "$src/detectors/names_given.txt" \
  "$src/detectors/names_surnames.txt" > "$obj/gen/names_data.c"
for c in "$src"/classify/{util,sources,report,core,policy}/*.c "$src"/detectors/*.c \
         "$obj/gen/report_schema_text.c" "$obj/gen/names_data.c"; do
  o="$obj/$(basename "$(dirname "$c")")_$(basename "$c" .c).o"
  clang $cflags $san -c "$c" -o "$o"
  objects="$objects $o"
done
for f in "$src"/tests/fuzz/fuzz_*.c; do
  t=$(basename "$f" .c)
  clang $cflags -fsanitize=fuzzer,address,undefined "$f" $objects $libs -o "$build/tests/fuzz/$t"
  echo "built $build/tests/fuzz/$t"
done
