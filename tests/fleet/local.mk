# The run across a fleet (issue 13): shards and merge, signals and resume,
# and the job engines (a real one-node Slurm; the Kubernetes and AWS Batch
# files parsed and checked), against throwaway servers.
FLEET_TESTS = tests/fleet/engines.sh tests/fleet/inventory.sh tests/fleet/shards.sh tests/fleet/resume.sh tests/fleet/slurm.sh
TESTS += $(FLEET_TESTS)
EXTRA_DIST += $(FLEET_TESTS) tests/fleet/lib.sh tests/fleet/slurm_lib.sh tests/fleet/same_report.py tests/fleet/engines.py

# The inventory reader's fuzz target, replayed over its corpus by
# tests/fleet/fuzz.sh; `make fuzz` builds it for libFuzzer (tests/fuzz/build.sh).
check_PROGRAMS += tests/fuzz/replay_inventory
tests_fuzz_replay_inventory_SOURCES = tests/fuzz/fuzz_inventory.c tests/fuzz/replay.c
tests_fuzz_replay_inventory_LDADD = $(CLS_LIBS)
TESTS += tests/fleet/fuzz.sh
EXTRA_DIST += tests/fleet/fuzz.sh
