# Fuzz targets for the parsers of outside input. `make check` replays the
# checked-in corpus through each target (tests/fuzz/replay.sh); `make fuzz`
# builds the libFuzzer binaries with clang (see tests/fuzz/README.md).
check_PROGRAMS += tests/fuzz/replay_csv tests/fuzz/replay_report tests/fuzz/replay_xlsx
tests_fuzz_replay_csv_SOURCES = tests/fuzz/fuzz_csv.c tests/fuzz/replay.c
tests_fuzz_replay_csv_LDADD = $(CLS_LIBS)
tests_fuzz_replay_report_SOURCES = tests/fuzz/fuzz_report.c tests/fuzz/replay.c
tests_fuzz_replay_report_LDADD = $(CLS_LIBS)
# The target/URI parsers and the detector engine (issue 10, item 10).
check_PROGRAMS += tests/fuzz/replay_target tests/fuzz/replay_mysql_uri tests/fuzz/replay_engine
tests_fuzz_replay_target_SOURCES = tests/fuzz/fuzz_target.c tests/fuzz/replay.c
tests_fuzz_replay_target_LDADD = $(CLS_LIBS)
tests_fuzz_replay_mysql_uri_SOURCES = tests/fuzz/fuzz_mysql_uri.c tests/fuzz/replay.c
tests_fuzz_replay_mysql_uri_LDADD = $(CLS_LIBS)
tests_fuzz_replay_engine_SOURCES = tests/fuzz/fuzz_engine.c tests/fuzz/replay.c
tests_fuzz_replay_engine_LDADD = $(CLS_LIBS)
check_PROGRAMS += tests/fuzz/replay_names
tests_fuzz_replay_names_SOURCES = tests/fuzz/fuzz_names.c tests/fuzz/replay.c
tests_fuzz_replay_names_LDADD = $(CLS_LIBS)
tests_fuzz_replay_xlsx_SOURCES = tests/fuzz/fuzz_xlsx.c tests/fuzz/replay.c
tests_fuzz_replay_xlsx_LDADD = $(CLS_LIBS)
# The RDS Query API responses read by `discover rds` (issue 13, item 4).
check_PROGRAMS += tests/fuzz/replay_rds_xml
tests_fuzz_replay_rds_xml_SOURCES = tests/fuzz/fuzz_rds_xml.c tests/fuzz/replay.c
tests_fuzz_replay_rds_xml_LDADD = $(CLS_LIBS)
# The COPY text rows of a streamed PostgreSQL sample (sources/copy_text.c).
check_PROGRAMS += tests/fuzz/replay_copy_text
tests_fuzz_replay_copy_text_SOURCES = tests/fuzz/fuzz_copy_text.c tests/fuzz/replay.c
tests_fuzz_replay_copy_text_LDADD = $(CLS_LIBS)
TESTS += tests/fuzz/replay.sh
EXTRA_DIST += tests/fuzz/replay.sh tests/fuzz/README.md tests/fuzz/corpus tests/fuzz/build.sh \
	tests/fuzz/typed_secret.h \
	tests/fuzz/run.sh

fuzz:
	$(top_srcdir)/tests/fuzz/build.sh $(top_srcdir) $(top_builddir)
.PHONY: fuzz
