#!/usr/bin/env bash
# Replays the inventory reader's fuzz corpus (tests/fuzz/corpus/inventory):
# no crash, no leak under the sanitizers, every rejection says where.
. "$(dirname "$0")/../setup.sh"
check "fuzz corpus replays cleanly through inventory" \
  "$top_builddir/tests/fuzz/replay_inventory" "$top_srcdir"/tests/fuzz/corpus/inventory/*
finish
