# Hostile schemas, masked errors and bad days, against real throwaway
# servers (issue 10, items 4, 5 and 7).
HOSTILE_TESTS = tests/hostile/pg.sh tests/hostile/mysql.sh
TESTS += $(HOSTILE_TESTS)
EXTRA_DIST += $(HOSTILE_TESTS)

# The masking of server and client messages, case by case.
check_PROGRAMS += tests/hostile/test_mask
tests_hostile_test_mask_SOURCES = tests/hostile/test_mask.c
tests_hostile_test_mask_CFLAGS = $(TEST_CFLAGS)
tests_hostile_test_mask_LDADD = $(TEST_LIBS)
TESTS += tests/hostile/test_mask
