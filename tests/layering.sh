#!/usr/bin/env bash
# The layering check (ARCHITECTURE.md): reads every #include line of
# classify/*/ and detectors/ and fails, naming the file and the include,
# when a part reaches a part it must not. The parts stack
#   util (0) < detectors, sources, report (1) < core (2) < policy (3) < cli (4)
# and a file may include its own part's headers or a lower part's, never a
# higher part's nor a sibling's at the same rank. The interface headers
# include/classify/source.h and report.h are shared by sources and report
# (that is not an arrow between them). Also: nothing outside cli/ reads
# options or writes to the terminal.
#
# `tests/layering.sh --self-test` runs the same rules over a planted bad tree
# and expects each rule to fire, so a rule that never fires is caught too.
. "$(dirname "$0")/setup.sh"

# The part a header belongs to, from the include's text.
part_of_header() {
  case $1 in
    classify/error.h | classify/label.h | util/*) echo util ;;
    classify/detector.h | common.h | names.h | detectors.def) echo detectors ;;
    classify/source.h) echo source-interface ;;
    classify/report.h) echo report-interface ;;
    classify/engine.h | classify/scan.h | core/*) echo core ;;
    sources/*) echo sources ;;
    report/*) echo report ;;
    policy/*) echo policy ;;
    cli/*) echo cli ;;
    config.h) echo config ;;
    *) echo unknown ;;
  esac
}

rank() {
  case $1 in
    util | config) echo 0 ;;
    detectors | sources | report | source-interface | report-interface) echo 1 ;;
    core) echo 2 ;;
    policy) echo 3 ;;
    cli) echo 4 ;;
    *) echo 9 ;;
  esac
}

# Why an include from part $1 of a header in part $2 is forbidden, or
# nothing when it is allowed.
forbidden() {
  local from=$1 to=$2
  [ "$to" = config ] && return
  [ "$to" = "$from" ] && return
  case $from:$to in
    detectors:source-interface | detectors:report-interface | detectors:sources | detectors:report)
      echo "detectors never see sources or writers"; return ;;
    sources:detectors | sources:core)
      echo "sources never call the engine or detectors"; return ;;
    report:sources)
      echo "writers never call sources"; return ;;
    sources:source-interface | report:report-interface | sources:report-interface | report:source-interface)
      return ;;  # the shared interface headers
  esac
  [ "$to" = unknown ] && { echo "an include the layering does not know"; return; }
  local rf rt
  rf=$(rank "$from"); rt=$(rank "$to")
  if [ "$rt" -gt "$rf" ]; then
    echo "$from must not use $to, a higher part"
  elif [ "$rt" -eq "$rf" ]; then
    echo "$from must not use $to, a sibling part"
  fi
}

# Checks every file under $1 (a tree with classify/*/ and detectors/).
# Prints one "file: #include ...: why" line per violation.
violations() {
  local root=$1 f part inc why
  for f in "$root"/classify/*/*.[ch] "$root"/detectors/*.[ch]; do
    [ -e "$f" ] || continue
    part=$(basename "$(dirname "$f")")
    while IFS= read -r inc; do
      why=$(forbidden "$part" "$(part_of_header "$inc")")
      [ -n "$why" ] && echo "${f#"$root"/}: #include \"$inc\": $why"
    done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
    [ "$part" = cli ] && continue
    if grep -q '^[[:space:]]*#[[:space:]]*include[[:space:]]*<getopt.h>' "$f"; then
      echo "${f#"$root"/}: #include <getopt.h>: nothing outside cli/ reads options"
    fi
    # Outside strings and comments: stderr, isatty, getopt, argv, printf.
    if sed -e 's/"\([^"\\]\|\\.\)*"//g' -e 's|//.*||' "$f" | sed -e ':a;s|/\*.*\*/||;ta' |
        grep -qE '\b(stderr|isatty|getopt(_long)?|optarg|argv)\b|(^|[^a-z_])(printf|puts|putchar|perror)\('; then
      echo "${f#"$root"/}: writes to the terminal or reads options: nothing outside cli/ does"
    fi
  done
}

if [ "${1:-}" = --self-test ]; then
  mkdir -p "$TMP/t/classify/sources" "$TMP/t/classify/report" "$TMP/t/classify/core" "$TMP/t/detectors"
  printf '#include "classify/source.h"\n' > "$TMP/t/detectors/bad.c"
  printf '#include "classify/engine.h"\n#include "common.h"\n' > "$TMP/t/classify/sources/bad.c"
  printf '#include "sources/db_util.h"\n' > "$TMP/t/classify/report/bad.c"
  printf '#include "policy/policy.h"\nvoid f(void) { fprintf(stderr, "x"); }\n' > "$TMP/t/classify/core/bad.c"
  out=$(violations "$TMP/t")
  echo "$out" | sed 's/^/# /'
  check "detectors including the source interface is caught" grep -q 'detectors/bad.c.*never see sources' <<<"$out"
  check "sources including the engine is caught" grep -q 'sources/bad.c.*engine.h.*never call the engine' <<<"$out"
  check "sources including a detector header is caught" grep -q 'sources/bad.c.*common.h' <<<"$out"
  check "writers including a source back-end's header is caught" grep -q 'report/bad.c.*never call sources' <<<"$out"
  check "core including the policy is caught" grep -q 'core/bad.c.*policy/policy.h.*higher part' <<<"$out"
  check "stderr outside cli/ is caught" grep -q 'core/bad.c: writes to the terminal' <<<"$out"
  finish
fi

out=$(violations "$top_srcdir")
if [ -n "$out" ]; then
  while IFS= read -r line; do fail "$line"; done <<<"$out"
else
  pass "every #include in classify/*/ and detectors/ follows the layering"
fi
check "the rules fire on a planted bad tree" bash "$0" --self-test
finish
