# Database sources against real throwaway servers (tests/db/*.sh start and
# stop their own), and unit tests of the database helpers.
DB_TESTS = tests/db/pg.sh tests/db/mysql.sh tests/db/pg_stream.sh
TESTS += $(DB_TESTS)
EXTRA_DIST += $(DB_TESTS) tests/db/lib.sh tests/db/labels.py

# Unit tests of the helpers (password scrubbing, display URIs, targets JSON).
check_PROGRAMS += tests/db/test_db_util
tests_db_test_db_util_SOURCES = tests/db/test_db_util.c
tests_db_test_db_util_CFLAGS = $(TEST_CFLAGS)
tests_db_test_db_util_LDADD = $(TEST_LIBS)
TESTS += tests/db/test_db_util

# The SigV4 signer against AWS's published vectors.
check_PROGRAMS += tests/db/test_sigv4
tests_db_test_sigv4_SOURCES = tests/db/test_sigv4.c
tests_db_test_sigv4_CFLAGS = $(TEST_CFLAGS)
tests_db_test_sigv4_LDADD = $(TEST_LIBS)
TESTS += tests/db/test_sigv4
