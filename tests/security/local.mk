# Security tests (issue 10): rogue servers in a network namespace
# (rogue.sh, with fake_pg.py and fake_mysql.py) and TLS verification
# against the real throwaway servers (tls.sh).
SECURITY_TESTS = tests/security/rogue.sh tests/security/tls.sh
TESTS += $(SECURITY_TESTS)
EXTRA_DIST += $(SECURITY_TESTS) tests/security/fake_pg.py tests/security/fake_mysql.py \
	tests/security/forward.py

# Unit tests of the destination checks, numeric addresses only.
check_PROGRAMS += tests/security/test_netcheck
tests_security_test_netcheck_SOURCES = tests/security/test_netcheck.c
tests_security_test_netcheck_CFLAGS = $(TEST_CFLAGS)
tests_security_test_netcheck_LDADD = $(TEST_LIBS)
TESTS += tests/security/test_netcheck
