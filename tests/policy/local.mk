# Policy, history, diff and the workbook: unit tests, the policy parser's
# fuzz target replayed over tests/policy/corpus, and shell drivers.
POLICY_UNIT_TESTS = tests/unit/test_policy tests/unit/test_diff
check_PROGRAMS += $(POLICY_UNIT_TESTS) tests/fuzz/replay_policy
tests_unit_test_policy_SOURCES = tests/unit/test_policy.c
tests_unit_test_policy_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_policy_LDADD = $(TEST_LIBS)
tests_unit_test_diff_SOURCES = tests/unit/test_diff.c
tests_unit_test_diff_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_diff_LDADD = $(TEST_LIBS)
# The policy parser's fuzz target, replayed over tests/policy/corpus by
# tests/policy/fuzz.sh; `make fuzz` builds it for libFuzzer.
tests_fuzz_replay_policy_SOURCES = tests/fuzz/fuzz_policy.c tests/fuzz/replay.c
tests_fuzz_replay_policy_LDADD = $(CLS_LIBS)

POLICY_SHELL_TESTS = tests/policy/policy.sh tests/policy/history.sh tests/policy/xlsx.sh \
	tests/policy/fuzz.sh
TESTS += $(POLICY_UNIT_TESTS) $(POLICY_SHELL_TESTS)
EXTRA_DIST += $(POLICY_SHELL_TESTS) tests/policy/bad tests/policy/corpus \
	tests/policy/read_xlsx.py contrib/policies
