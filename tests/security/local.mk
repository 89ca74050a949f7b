# Security tests (issue 10): rogue servers in a network namespace
# (rogue.sh, with fake_pg.py and fake_mysql.py) and TLS verification
# against the real throwaway servers (tls.sh).
SECURITY_TESTS = tests/security/rogue.sh tests/security/tls.sh
TESTS += $(SECURITY_TESTS)
EXTRA_DIST += $(SECURITY_TESTS) tests/security/fake_pg.py tests/security/fake_mysql.py \
	tests/security/forward.py
