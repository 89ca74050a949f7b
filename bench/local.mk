# `make bench`: builds and runs the engine benchmark. Not part of `make check`:
# speed is measured here, never asserted in tests.
noinst_PROGRAMS += bench/bench_engine
bench_bench_engine_SOURCES = bench/bench_engine.c
bench_bench_engine_LDADD = $(CLS_LIBS)

bench: bench/bench_engine
	./bench/bench_engine
.PHONY: bench
