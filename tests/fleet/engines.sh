#!/usr/bin/env bash
# The job-engine files of contrib/ that cannot run here: Kubernetes and AWS
# Batch parse, name the right variables and run the same command line as
# the Slurm test (tests/fleet/engines.py); the systemd units pass
# `systemd-analyze verify`; the Dockerfile's runtime packages exist.
. "$(dirname "$0")/../setup.sh"
/usr/bin/python3 "$top_srcdir/tests/fleet/engines.py" "$top_srcdir" || failures=$((failures + 1))

if command -v systemd-analyze >/dev/null; then
  mkdir -p "$TMP/units"
  sed "s|/usr/local/bin/classify|$CLASSIFY|" "$top_srcdir/contrib/systemd/classify-quarterly.service" \
    >"$TMP/units/classify-quarterly.service"
  cp "$top_srcdir/contrib/systemd/classify-quarterly.timer" "$TMP/units/"
  SYSTEMD_LOG_LEVEL=err systemd-analyze verify --man=no "$TMP/units/classify-quarterly.timer" \
    "$TMP/units/classify-quarterly.service" >"$TMP/verify" 2>&1; rc=$?
  grep -v 'Failed to get D-Bus\|Failed to connect to bus\|System has not been booted' "$TMP/verify" | sed 's/^/# /'
  check "systemd-analyze verify accepts the service and the timer (rc $rc)" \
    [ -z "$(grep -v 'Failed to get D-Bus\|Failed to connect to bus\|System has not been booted\|not found\|User.*classify' "$TMP/verify")" ]
fi
check "the timer fires on the first day of each quarter" \
  grep -q '^OnCalendar=\*-01,04,07,10-01 ' "$top_srcdir/contrib/systemd/classify-quarterly.timer"
check "the service stops on SIGTERM with time to write its partial report" \
  grep -q '^TimeoutStopSec=' "$top_srcdir/contrib/systemd/classify-quarterly.service"
pkgs=$(sed -n '/^FROM debian:bookworm-slim/,$p' "$top_srcdir/contrib/Dockerfile" |
  sed -n '/apt-get install/,/rm -rf/p' | tr ' \\' '\n\n' | grep -E '^lib|^ca-cert')
missing=
for p in $pkgs; do apt-cache show "$p" >/dev/null 2>&1 || missing="$missing $p"; done
check "the Dockerfile's runtime packages are Debian packages (missing:${missing:- none})" [ -z "$missing" ]
finish
