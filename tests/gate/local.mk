# The --fail-on gate, options that add up, and the edges of `classify
# table` (issue 11, items 6-8): files here, real servers in db.sh.
GATE_TESTS = tests/gate/gate.sh tests/gate/options.sh tests/gate/db.sh tests/gate/mysql.sh
TESTS += $(GATE_TESTS)
EXTRA_DIST += $(GATE_TESTS)

# The gate's model and run.selection, as a unit test.
check_PROGRAMS += tests/gate/test_gate
tests_gate_test_gate_SOURCES = tests/gate/test_gate.c
tests_gate_test_gate_CFLAGS = $(TEST_CFLAGS)
tests_gate_test_gate_LDADD = $(TEST_LIBS)
TESTS += tests/gate/test_gate
