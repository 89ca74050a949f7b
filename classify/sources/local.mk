# Database sources (PostgreSQL via libpq, MySQL/MariaDB via Connector/C),
# and their tests against real throwaway servers (tests/db/).
libclassify_a_SOURCES += classify/db_util.c classify/db_util.h classify/db_batch.h classify/db_cli.c \
	classify/db_cli.h classify/db_report.c classify/db_report.h classify/source_pg.c \
	classify/source_mysql.c classify/sigv4.c classify/sigv4.h

# Real servers, started and stopped by each script (skip 77 without them).
DB_TESTS = tests/db/pg.sh tests/db/mysql.sh
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

# `make bench-wire`: classify scan vs. a bare COPY of the same sample on a
# 1,000,000-row PostgreSQL table (not part of make check).
EXTRA_DIST += bench/bench_wire.sh
bench-wire: classify/classify
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	  $(SHELL) '$(abs_top_srcdir)/bench/bench_wire.sh'
.PHONY: bench-wire
