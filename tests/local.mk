# Tests: cmocka unit programs, data-driven detector vectors, and shell
# drivers that run the real CLI end to end. `make check` runs them all.
TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) -DSRCDIR='"$(abs_top_srcdir)"'
TEST_LIBS = $(CLS_LIBS) $(CMOCKA_LIBS)

UNIT_TESTS = tests/unit/test_checksum tests/unit/test_detectors tests/unit/test_csv \
	tests/unit/test_column tests/unit/test_report tests/unit/test_verdict tests/unit/test_names \
	tests/unit/test_digit_runs tests/unit/test_reservoir tests/unit/test_pg_catalog \
	tests/unit/test_copy_text tests/unit/test_json_split
check_PROGRAMS += $(UNIT_TESTS)
tests_unit_test_checksum_SOURCES = tests/unit/test_checksum.c
tests_unit_test_checksum_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_checksum_LDADD = $(TEST_LIBS)
tests_unit_test_detectors_SOURCES = tests/unit/test_detectors.c
tests_unit_test_detectors_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_detectors_LDADD = $(TEST_LIBS)
tests_unit_test_csv_SOURCES = tests/unit/test_csv.c
tests_unit_test_csv_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_csv_LDADD = $(TEST_LIBS)
tests_unit_test_column_SOURCES = tests/unit/test_column.c
tests_unit_test_column_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_column_LDADD = $(TEST_LIBS)
tests_unit_test_verdict_SOURCES = tests/unit/test_verdict.c
tests_unit_test_verdict_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_verdict_LDADD = $(TEST_LIBS)
tests_unit_test_report_SOURCES = tests/unit/test_report.c
tests_unit_test_report_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_report_LDADD = $(TEST_LIBS)
tests_unit_test_names_SOURCES = tests/unit/test_names.c
tests_unit_test_names_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_names_LDADD = $(TEST_LIBS)
tests_unit_test_digit_runs_SOURCES = tests/unit/test_digit_runs.c
tests_unit_test_digit_runs_CFLAGS = $(TEST_CFLAGS) $(PCRE2_CFLAGS)
tests_unit_test_digit_runs_LDADD = $(TEST_LIBS)
tests_unit_test_reservoir_SOURCES = tests/unit/test_reservoir.c
tests_unit_test_reservoir_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/classify
tests_unit_test_reservoir_LDADD = $(TEST_LIBS)
tests_unit_test_copy_text_SOURCES = tests/unit/test_copy_text.c
tests_unit_test_copy_text_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/classify
tests_unit_test_copy_text_LDADD = $(TEST_LIBS)
tests_unit_test_json_split_SOURCES = tests/unit/test_json_split.c
tests_unit_test_json_split_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/classify
tests_unit_test_json_split_LDADD = $(TEST_LIBS)
tests_unit_test_pg_catalog_SOURCES = tests/unit/test_pg_catalog.c
tests_unit_test_pg_catalog_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/classify
tests_unit_test_pg_catalog_LDADD = $(TEST_LIBS)

SHELL_TESTS = tests/registry.sh tests/layering.sh tests/cli.sh tests/e2e_demo.sh
SHELL_TESTS += tests/selftest.sh tests/verdicts.sh tests/engine_counts.sh
TESTS += $(UNIT_TESTS) $(SHELL_TESTS)
EXTRA_DIST += $(SHELL_TESTS) tests/setup.sh tests/check_report.py tests/verdicts/fixtures.py
AM_TESTS_ENVIRONMENT = top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)'; \
	export top_srcdir top_builddir;
