# Shared by the database tests: an unprivileged OS user for the servers,
# free ports, a throwaway CA with a server certificate and a wrong CA, and
# helpers to load the demo CSVs. Sourced after tests/setup.sh.

# free_port: prints a TCP port on 127.0.0.1 that nobody listens on now.
free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# The servers refuse to run as root: use an unprivileged system user.
DB_USER=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  DB_USER=classify-db
  id "$DB_USER" >/dev/null 2>&1 || useradd --system --no-create-home "$DB_USER" || exit 1
fi
as_db_user() { if [ "$(id -u)" -eq 0 ]; then runuser -u "$DB_USER" -- "$@"; else "$@"; fi; }
chmod 755 "$TMP"

# make_certs DIR: CA, server key/cert for 127.0.0.1 and localhost, and an
# unrelated "wrong" CA, all made here with openssl.
make_certs() {
  local d=$1
  mkdir -p "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=classify test CA" \
    -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null || return 1
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=wrong CA" \
    -keyout "$d/wrong.key" -out "$d/wrong.crt" 2>/dev/null || return 1
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null || return 1
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$d/san.ext"
  openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" \
    -CAcreateserial -days 2 -extfile "$d/san.ext" -out "$d/server.crt" 2>/dev/null || return 1
  chmod 600 "$d/server.key"
  chown "$DB_USER" "$d/server.key" "$d/server.crt" "$d/ca.crt" 2>/dev/null
  return 0
}

# csv_columns FILE: the header row as "a text, b text, ..." (quoted names).
csv_columns() {
  head -1 "$1" | tr -d '\r' | awk -F, -v q="$2" '{for (i = 1; i <= NF; i++) printf "%s%s%s%s text", (i > 1 ? ", " : ""), q, $i, q}'
}

# The demo corpus, loaded into each server and scanned as CSV for comparison.
DEMO_CSVS=$(ls "$top_srcdir"/contrib/demo/*.csv)
demo_expected() {
  "$CLASSIFY" scan --quiet --seed 7 -o "$TMP/csv.json" $DEMO_CSVS
  /usr/bin/python3 "$top_srcdir/tests/db/labels.py" "$TMP/csv.json" >"$TMP/expected.tsv"
}

# check_labels REPORT: schema-valid and the same labels as the CSV scan.
check_labels() {
  /usr/bin/python3 "$top_srcdir/tests/check_report.py" "$1" \
    "$top_srcdir/schemas/report.schema.json" --expect "$TMP/expected.tsv"
}

# jq-free JSON probe: jget REPORT PYTHON-EXPRESSION (r is the report).
jget() {
  /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# The EXIT trap of pg_start and my_start: stops whichever servers run.
stop_servers() {
  declare -F stop_pg >/dev/null && stop_pg
  declare -F stop_my >/dev/null && stop_my
  rm -rf "$TMP"
}

# pg_start: a throwaway PostgreSQL on a free 127.0.0.1 port with TLS (CA in
# $TMP/certs), trust over its socket for `psql_admin`, scram over TCP;
# stopped by stop_pg in the EXIT trap. Exits 77 without the binaries.
pg_start() {
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pg_ctl" ] ||
    { echo "skip: no PostgreSQL server binaries"; exit 77; }

  PGD="$TMP/pg"
  PORT=$(free_port)
  mkdir -p "$PGD/sock"
  make_certs "$TMP/certs" || { echo "not ok - openssl could not make test certificates"; exit 1; }
  chown -R "$DB_USER" "$PGD"
  stop_pg() { as_db_user "$PGBIN/pg_ctl" -D "$PGD/data" -m immediate stop >/dev/null 2>&1; }
  trap stop_servers EXIT
  as_db_user "$PGBIN/initdb" -D "$PGD/data" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$TMP/initdb.log" 2>&1 ||
    { cat "$TMP/initdb.log"; echo "not ok - initdb"; exit 1; }
  as_db_user "$PGBIN/pg_ctl" -D "$PGD/data" -l "$PGD/log" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$PGD/sock \
     -c ssl=on -c ssl_cert_file=$TMP/certs/server.crt -c ssl_key_file=$TMP/certs/server.key \
     -c fsync=off" >/dev/null || { cat "$PGD/log"; echo "not ok - pg_ctl start"; exit 1; }

  psql_admin() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGD/sock" -p "$PORT" -U postgres "$@"; }
}

# my_start: a throwaway MariaDB (or MySQL) on a free 127.0.0.1 port
# ($MY_PORT, data and socket in $MD) with TLS (CA in $TMP/certs), root
# over its socket for `sql_admin`; stopped by stop_my in the EXIT trap.
# Exits 77 without the binaries.
# pg_wait_query PATTERN, my_wait_query PATTERN: wait (up to 60 s) until a
# classify session runs a query matching PATTERN (SQL LIKE), so a test acts
# mid-scan at a known point rather than after a fixed sleep that a loaded
# machine can outrun.
pg_wait_query() {
  wait_counted "$1" psql_admin -d postgres -Atc "SELECT count(*) FROM pg_stat_activity
    WHERE application_name = 'classify' AND state = 'active' AND query LIKE '$1'"
}
my_wait_query() {
  wait_counted "$1" sql_admin -N -B -e "SELECT count(*) FROM information_schema.processlist
    WHERE user = 'scanner' AND command = 'Query' AND info LIKE '$1'"
}
# wait_counted PATTERN CMD...: polls CMD (which prints a count) every 0.1 s.
wait_counted() {
  local pattern=$1 i
  shift
  for i in $(seq 600); do
    [ "$("$@")" != 0 ] && return 0
    sleep 0.1
  done
  echo "# no classify query like $pattern within 60 s"
  return 1
}

my_start() {
  MYSQLD=$(command -v mariadbd || command -v mysqld || ls /usr/sbin/mariadbd 2>/dev/null)
  INSTALL_DB=$(command -v mariadb-install-db || command -v mysql_install_db)
  CLIENT=$(command -v mariadb || command -v mysql)
  [ -n "$MYSQLD" ] && [ -n "$INSTALL_DB" ] && [ -n "$CLIENT" ] ||
    { echo "skip: no MariaDB/MySQL server binaries"; exit 77; }

  MD="$TMP/my"
  MY_PORT=$(free_port)
  mkdir -p "$MD/data"
  [ -f "$TMP/certs/ca.crt" ] || make_certs "$TMP/certs" ||
    { echo "not ok - openssl could not make test certificates"; exit 1; }
  chown -R "$DB_USER" "$MD"
  stop_my() {
    [ -f "$MD/pid" ] && kill "$(cat "$MD/pid")" 2>/dev/null
    for _ in $(seq 50); do [ -f "$MD/pid" ] || break; sleep 0.1; done
  }
  trap stop_servers EXIT
  "$INSTALL_DB" --no-defaults --datadir="$MD/data" --user="$DB_USER" \
    --auth-root-authentication-method=socket --skip-test-db >"$TMP/install.log" 2>&1 ||
    { cat "$TMP/install.log"; echo "not ok - mariadb-install-db"; exit 1; }
  "$MYSQLD" --no-defaults --datadir="$MD/data" --socket="$MD/sock" --pid-file="$MD/pid" \
    --port="$MY_PORT" --bind-address=127.0.0.1 --skip-name-resolve --user="$DB_USER" \
    --ssl-ca="$TMP/certs/ca.crt" --ssl-cert="$TMP/certs/server.crt" \
    --ssl-key="$TMP/certs/server.key" --innodb-buffer-pool-size=${MY_BUFFER_POOL:-32M} \
    --log-error="$MD/log" >/dev/null 2>&1 &
  for _ in $(seq 300); do [ -S "$MD/sock" ] && break; sleep 0.1; done
  [ -S "$MD/sock" ] || { cat "$MD/log"; echo "not ok - mariadbd did not start"; exit 1; }
  sql_admin() { "$CLIENT" --no-defaults -S "$MD/sock" -u root "$@"; }
  for _ in $(seq 100); do sql_admin -e 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.1; done
}

# The labeled corpus, for loading into a server and comparing.
CORPUS_CSVS=$(ls "$top_srcdir"/tests/corpus/*.csv)

# check_corpus_labels NAME URI: scans the labeled corpus loaded at URI and
# checks that every table and column gets the label it gets as CSV. The
# sample is larger than any corpus table, so both scans read the same rows.
check_corpus_labels() {
  local name=$1 uri=$2 rc
  "$CLASSIFY" scan --quiet --seed 1 --sample 2000 -o "$TMP/corpus_csv.json" $CORPUS_CSVS
  /usr/bin/python3 "$top_srcdir/tests/db/labels.py" "$TMP/corpus_csv.json" >"$TMP/corpus_expected.tsv"
  "$CLASSIFY" scan --quiet --seed 1 --sample 2000 --jobs 2 -o "$TMP/corpus_db.json" "$uri"; rc=$?
  check "labeled corpus from $name: exit 0 (got $rc)" [ $rc -eq 0 ]
  check "labeled corpus from $name: every label equals the CSV scan's" \
    /usr/bin/python3 "$top_srcdir/tests/check_report.py" "$TMP/corpus_db.json" \
    "$top_srcdir/schemas/report.schema.json" --expect "$TMP/corpus_expected.tsv"
}
