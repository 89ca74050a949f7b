# Shared by the shell tests: where things are, and small assertion helpers.
# Each test sources this and calls `pass`/`fail`; a test exits 0 (pass),
# 1 (fail) or 77 (skip: only when a required program is absent).
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
CLASSIFY="$top_builddir/classify/classify"
failures=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/classify-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# The AWS credential chain (classify/sources/aws_creds.c) must find nothing
# the tests did not put there: no ~/.aws files, and no instance metadata
# service off loopback (tests that want one point it at 127.0.0.1).
export AWS_EC2_METADATA_DISABLED=true AWS_SHARED_CREDENTIALS_FILE=/nonexistent/credentials \
  AWS_CONFIG_FILE=/nonexistent/config
unset AWS_CONTAINER_CREDENTIALS_RELATIVE_URI AWS_CONTAINER_CREDENTIALS_FULL_URI \
  AWS_WEB_IDENTITY_TOKEN_FILE AWS_PROFILE

pass() { echo "ok - $*"; }
fail() { echo "not ok - $*"; failures=$((failures + 1)); }
# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check() { local d=$1; shift; if "$@"; then pass "$d"; else fail "$d"; fi; }
finish() { [ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }; exit 0; }
