# `make bench`: the benchmark suite (bench/run.sh), which builds on the
# engine benchmark program below and starts its own throwaway servers. Not
# part of `make check`: speed is measured here, never asserted in tests.
# `make bench-engine` runs only the engine figure.
noinst_PROGRAMS += bench/bench_engine
bench_bench_engine_SOURCES = bench/bench_engine.c
bench_bench_engine_LDADD = $(CLS_LIBS)
EXTRA_DIST += bench/run.sh bench/measure.py bench/fleet.sh

bench: bench/bench_engine classify/classify
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
