# The --fail-on gate, options that add up, and the edges of `classify
# table` (issue 11, items 6-8): files here, real servers in db.sh.
GATE_TESTS = tests/gate/gate.sh tests/gate/options.sh tests/gate/db.sh tests/gate/mysql.sh
TESTS += $(GATE_TESTS)
EXTRA_DIST += $(GATE_TESTS)
