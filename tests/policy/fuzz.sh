#!/usr/bin/env bash
# Replays the policy parser's fuzz corpus (tests/policy/corpus: the example
# policies, the built-in one and every bad file) through its fuzz target.
. "$(dirname "$0")/../setup.sh"
check "policy fuzz corpus replays cleanly" \
  "$top_builddir/tests/fuzz/replay_policy" "$top_srcdir"/tests/policy/corpus/*
finish
