# `make bench`: the benchmark suite (bench/run.sh), which builds on the
# engine benchmark program below and starts its own throwaway servers. Not
# part of `make check`: speed is measured here, never asserted in tests.
# `make bench-engine` runs only the engine figure.
noinst_PROGRAMS += bench/bench_engine
bench_bench_engine_SOURCES = bench/bench_engine.c
bench_bench_engine_LDADD = $(CLS_LIBS)
EXTRA_DIST += bench/run.sh bench/measure.py bench/fleet.sh bench/expected

# `make bench-false-alarm`: how many random digit columns fire anything
# (10,000 columns of 1,000 values per shape; BENCH_FA_COLUMNS to change).
noinst_PROGRAMS += bench/bench_false_alarm
bench_bench_false_alarm_SOURCES = bench/bench_false_alarm.c
bench_bench_false_alarm_LDADD = $(CLS_LIBS)
BENCH_FA_COLUMNS = 10000
bench-false-alarm: bench/bench_false_alarm
	./bench/bench_false_alarm $(BENCH_FA_COLUMNS)
.PHONY: bench-false-alarm

bench: bench/bench_engine bench/bench_false_alarm bench/delay_relay bench/bare_breadth \
  classify/classify
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' $(abs_top_srcdir)/bench/run.sh
bench-engine: bench/bench_engine
	./bench/bench_engine
.PHONY: bench bench-engine

# `make bench-wire`: classify scan vs. a bare COPY of the same sample on a
# 1,000,000-row PostgreSQL table (not part of make check).
EXTRA_DIST += bench/bench_wire.sh
bench-wire: classify/classify
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	  $(SHELL) '$(abs_top_srcdir)/bench/bench_wire.sh'
.PHONY: bench-wire

# `make names-recall`: recall of person_name's name dictionary on lists that
# were not used to build it (not part of make check; see README "Detectors").
noinst_PROGRAMS += bench/names_recall
bench_names_recall_SOURCES = bench/names_recall.c
bench_names_recall_LDADD = $(CLS_LIBS)
names-recall: bench/names_recall
	./bench/names_recall given $(top_srcdir)/tests/data/names/moby_given.txt \
	  surname $(top_srcdir)/tests/data/names/census2010_surnames_top.txt
.PHONY: names-recall

# The breadth-over-a-round-trip part of `make bench`: a relay that delays
# every chunk (for kernels without netem) and the bare pipelined libpq
# client classify is compared with.
noinst_PROGRAMS += bench/delay_relay bench/bare_breadth
bench_delay_relay_SOURCES = bench/delay_relay.c
bench_bare_breadth_SOURCES = bench/bare_breadth.c
bench_bare_breadth_LDADD = $(PQ_LIBS)
