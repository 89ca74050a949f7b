# Hostile schemas, masked errors and bad days, against real throwaway
# servers (issue 10, items 4, 5 and 7).
HOSTILE_TESTS = tests/hostile/pg.sh
TESTS += $(HOSTILE_TESTS)
EXTRA_DIST += $(HOSTILE_TESTS)
