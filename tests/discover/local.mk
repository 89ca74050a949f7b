# `classify discover rds` against a local HTTPS endpoint serving the RDS
# Query API's documented XML, with every link of the credential chain, and
# the shared credentials file parser.
TESTS += tests/discover/discover.sh
EXTRA_DIST += tests/discover/discover.sh tests/discover/fake_aws.py

check_PROGRAMS += tests/discover/test_aws_creds
tests_discover_test_aws_creds_SOURCES = tests/discover/test_aws_creds.c
tests_discover_test_aws_creds_CFLAGS = $(TEST_CFLAGS)
tests_discover_test_aws_creds_LDADD = $(TEST_LIBS)
TESTS += tests/discover/test_aws_creds
