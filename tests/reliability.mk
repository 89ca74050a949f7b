# Tests of issue 10's reliability promises: no lost report when runs share
# a --history folder, and readers that check the types of what they read.
check_PROGRAMS += tests/unit/test_history
tests_unit_test_history_SOURCES = tests/unit/test_history.c
tests_unit_test_history_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_history_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_history
TESTS += tests/readers.sh tests/history_concurrent.sh
EXTRA_DIST += tests/readers.sh tests/history_concurrent.sh
check_PROGRAMS += tests/unit/test_schema_check
tests_unit_test_schema_check_SOURCES = tests/unit/test_schema_check.c
tests_unit_test_schema_check_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_schema_check_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_schema_check
