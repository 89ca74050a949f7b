#!/usr/bin/env bash
# TLS is verified by default (issue 10, item 3), against the real
# throwaway PostgreSQL and MariaDB servers (tests/db/lib.sh). The whole
# test runs in a network namespace it makes (unshare -n -m); the servers
# listen on the namespace's 127.0.0.1 and forward.py makes them answer on
# 203.0.113.10 too, a "remote" address. Their certificate (made here, also
# valid for 203.0.113.10) is signed by a CA the system bundle does not
# hold: by default it is refused before the password is sent; with
# --tls-no-verify it is accepted with a warning and targets[] records it;
# with --ssl-ca CA it is verified. Skips (77) without server binaries or
# when no namespace can be made.
. "$(dirname "$0")/../setup.sh"

if [ "${1:-}" != "--inside" ]; then
  unshare -n -m true 2>/dev/null || { echo "skip: cannot create a network namespace"; exit 77; }
  exec unshare -n -m "$BASH" "$0" --inside
fi
ip link set lo up && ip addr add 203.0.113.10/32 dev lo || { echo "not ok - namespace set-up"; exit 1; }
links=$(ip -o link | awk -F': ' '{print $2}')
[ "$links" = "lo" ] || { echo "not ok - not inside a fresh namespace (links: $links)"; exit 1; }
pass "inside a network namespace with only lo"

. "$top_srcdir/tests/db/lib.sh"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; stop_servers' EXIT

pg_start
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; stop_servers' EXIT
# The server certificate, re-signed to name 203.0.113.10 as well.
printf 'subjectAltName=IP:127.0.0.1,IP:203.0.113.10,DNS:localhost\n' >"$TMP/certs/san2.ext"
openssl x509 -req -in "$TMP/certs/server.csr" -CA "$TMP/certs/ca.crt" -CAkey "$TMP/certs/ca.key" \
  -CAcreateserial -days 2 -extfile "$TMP/certs/san2.ext" -out "$TMP/certs/server.crt" 2>/dev/null ||
  { echo "not ok - openssl"; exit 1; }
chown "$DB_USER" "$TMP/certs/server.crt"
as_db_user "$PGBIN/pg_ctl" -D "$PGD/data" reload >/dev/null
psql_admin -d postgres -c "CREATE DATABASE app" -c "CREATE ROLE scanner LOGIN PASSWORD 'Sc4nner-Pw'" >/dev/null || exit 1
psql_admin -d app -c "CREATE TABLE t AS SELECT 'x'::text AS a" -c "GRANT SELECT ON t TO scanner" >/dev/null || exit 1
my_start
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; stop_servers' EXIT
sql_admin -e "CREATE DATABASE app; CREATE TABLE app.t AS SELECT 'x' AS a;
  CREATE USER scanner@'%' IDENTIFIED BY 'Sc4nner-Pw'; GRANT SELECT ON app.* TO scanner@'%'" || exit 1

forward() {  # forward PORT: 203.0.113.10:PORT -> 127.0.0.1:PORT
  /usr/bin/python3 "$top_srcdir/tests/security/forward.py" 203.0.113.10 "$1" "$1" "$TMP/fw$1" & pids+=($!)
  for _ in $(seq 50); do [ -s "$TMP/fw$1" ] && return 0; sleep 0.1; done
  echo "not ok - forwarder"; exit 1
}
forward "$PORT"; forward "$MY_PORT"
export PGPASSWORD=Sc4nner-Pw MYSQL_PWD=Sc4nner-Pw
unset PGSSLMODE PGSSLROOTCERT
export HOME=$TMP/home; mkdir -p "$HOME"   # no ~/.postgresql/root.crt, no ~/.my.cnf

# case ENGINE URI
for engine in pg my; do
  if [ $engine = pg ]; then uri="postgresql://scanner@203.0.113.10:$PORT/app"
  else uri="mysql://scanner@203.0.113.10:$MY_PORT/app"; fi

  "$CLASSIFY" scan --quiet -o "$TMP/$engine-d.json" "$uri" 2>"$TMP/$engine-d.err"; rc=$?
  check "$engine: untrusted certificate refused by default (exit $rc)" [ $rc -eq 2 ]
  check "$engine: the refusal is one line naming --ssl-ca and --tls-no-verify" \
    eval "[ \$(wc -l <\"$TMP/$engine-d.err\") -eq 1 ] && grep -q -- --tls-no-verify \"$TMP/$engine-d.err\" && grep -q -- --ssl-ca \"$TMP/$engine-d.err\""
  check "$engine: no table was read" [ "$(jget "$TMP/$engine-d.json" 'len(r["tables"])')" = 0 ]

  "$CLASSIFY" scan --quiet --tls-no-verify -o "$TMP/$engine-n.json" "$uri" 2>"$TMP/$engine-n.err"; rc=$?
  check "$engine: --tls-no-verify accepts it (exit $rc)" [ $rc -eq 0 ]
  check "$engine: --tls-no-verify prints a warning" grep -q 'warning: .*--tls-no-verify' "$TMP/$engine-n.err"
  check "$engine: targets[] records tls true, tls_verified false, tls_no_verify true" \
    [ "$(jget "$TMP/$engine-n.json" '[(t["tls"], t["tls_verified"], t["tls_no_verify"]) for t in r["targets"]]')" = "[(True, False, True)]" ]
  check "$engine: --tls-no-verify report is schema-valid" \
    /usr/bin/python3 "$top_srcdir/tests/check_report.py" "$TMP/$engine-n.json" "$top_srcdir/schemas/report.schema.json"

  "$CLASSIFY" scan --quiet --ssl-ca "$TMP/certs/ca.crt" -o "$TMP/$engine-v.json" "$uri" 2>"$TMP/$engine-v.err"; rc=$?
  check "$engine: --ssl-ca with the right CA verifies (exit $rc)" [ $rc -eq 0 ]
  check "$engine: targets[] records tls_verified true, tls_no_verify false" \
    [ "$(jget "$TMP/$engine-v.json" '[(t["tls"], t["tls_verified"], t["tls_no_verify"]) for t in r["targets"]]')" = "[(True, True, False)]" ]

  "$CLASSIFY" scan --quiet --ssl-ca "$TMP/certs/wrong.crt" -o "$TMP/$engine-w.json" "$uri" 2>"$TMP/$engine-w.err"; rc=$?
  check "$engine: --ssl-ca with a wrong CA is refused (exit $rc)" [ $rc -eq 2 ]

  SSL_CERT_FILE=$TMP/certs/ca.crt "$CLASSIFY" scan --quiet -o "$TMP/$engine-s.json" "$uri" 2>"$TMP/$engine-s.err"; rc=$?
  check "$engine: the default CA bundle is the system's (SSL_CERT_FILE honoured; exit $rc)" [ $rc -eq 0 ]
done
finish
