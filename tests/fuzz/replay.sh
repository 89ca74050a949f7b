#!/usr/bin/env bash
# Replays the regression corpus of every fuzz target.
. "$(dirname "$0")/../setup.sh"
for t in csv report target mysql_uri engine names xlsx rds_xml copy_text; do
  check "fuzz corpus replays cleanly through $t" \
    "$top_builddir/tests/fuzz/replay_$t" "$top_srcdir"/tests/fuzz/corpus/$t/*
done
finish
