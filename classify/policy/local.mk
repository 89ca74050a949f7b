# Policy, history, diff and the workbook: the policy file (YAML via
# libyaml), the scan's policy hooks, report diffs, the history directory,
# the xlsx writer, their subcommands and their tests.
libclassify_a_SOURCES += classify/policy_yaml.c classify/policy_apply.c \
	classify/diff.c classify/diff.h classify/history.c \
	classify/report_xlsx.c classify/report_xlsx.h
classify_classify_SOURCES += classify/policy_cli.c classify/policy_cli.h \
	classify/cmd_policy.c classify/cmd_diff.c classify/cmd_xlsx.c

# ---- tests ------------------------------------------------------------------
POLICY_UNIT_TESTS = tests/unit/test_policy tests/unit/test_diff
check_PROGRAMS += $(POLICY_UNIT_TESTS) tests/fuzz/replay_policy
tests_unit_test_policy_SOURCES = tests/unit/test_policy.c
tests_unit_test_policy_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_policy_LDADD = $(TEST_LIBS)
tests_unit_test_diff_SOURCES = tests/unit/test_diff.c
tests_unit_test_diff_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_diff_LDADD = $(TEST_LIBS)
# The policy parser's fuzz target, replayed over tests/policy/corpus by
# tests/policy/fuzz.sh. To fuzz it (clang, libclang-rt-14-dev), from a build dir:
#   clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE -I. \
#     -I$SRC/include -I$SRC/classify -I$SRC/detectors $SRC/tests/fuzz/fuzz_policy.c \
#     $SRC/classify/{policy,policy_yaml,error,util,label,registry}.c $SRC/detectors/*.c \
#     $(pkg-config --libs yaml-0.1 libcrypto libpcre2-8 jansson) -o fuzz_policy
#   ./fuzz_policy $SRC/tests/policy/corpus -max_total_time=300
tests_fuzz_replay_policy_SOURCES = tests/fuzz/fuzz_policy.c tests/fuzz/replay.c
tests_fuzz_replay_policy_LDADD = $(CLS_LIBS)

POLICY_SHELL_TESTS = tests/policy/policy.sh tests/policy/history.sh tests/policy/xlsx.sh \
	tests/policy/fuzz.sh
TESTS += $(POLICY_UNIT_TESTS) $(POLICY_SHELL_TESTS)
EXTRA_DIST += $(POLICY_SHELL_TESTS) tests/policy/bad tests/policy/corpus \
	tests/policy/read_xlsx.py contrib/policies
