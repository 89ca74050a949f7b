#!/usr/bin/env bash
# No credential to a server that has not proved itself (issue 10, items 1,
# 2, 3, 6). Rogue PostgreSQL and MySQL servers (fake_pg.py, fake_mysql.py:
# no TLS, then a request for the password in clear) listen on 203.0.113.10
# inside a network namespace this test makes (unshare -n -m), with its own
# /etc/hosts naming 127.db.example.com there; nothing leaves the machine
# and no name goes to the host's resolver. Each case checks that no
# password, scramble or IAM token reached the rogue server and that the
# error is one line naming what allows more. Skips (77) when no namespace
# can be made (not root).
. "$(dirname "$0")/../setup.sh"

if [ "${1:-}" != "--inside" ]; then
  unshare -n -m true 2>/dev/null || { echo "skip: cannot create a network namespace"; exit 77; }
  exec unshare -n -m "$BASH" "$0" --inside
fi

# ---- inside the namespace: prove it before anything connects ----
ip link set lo up && ip addr add 203.0.113.10/32 dev lo || { echo "not ok - namespace set-up"; exit 1; }
links=$(ip -o link | awk -F': ' '{print $2}')
[ "$links" = "lo" ] || { echo "not ok - not inside a fresh namespace (links: $links)"; exit 1; }
pass "inside a network namespace with only lo"
printf '127.0.0.1 localhost\n203.0.113.10 127.db.example.com rogue.example.com\n' >"$TMP/hosts"
mount --bind "$TMP/hosts" /etc/hosts || { echo "not ok - private /etc/hosts"; exit 1; }

PY=/usr/bin/python3
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$TMP"; }
trap cleanup EXIT
start_fake() {   # start_fake SCRIPT HOST PORT LOG [ssl]
  "$PY" "$top_srcdir/tests/security/$1" "$2" "$3" "$4" ${5:-} & pids+=($!)
  for _ in $(seq 50); do grep -q listening "$4" 2>/dev/null && return 0; sleep 0.1; done
  echo "not ok - $1 did not start"; exit 1
}
PGLOG=$TMP/pg.log; PGLOG_LO=$TMP/pg_lo.log; MYLOG=$TMP/my.log; MYLOG_LO=$TMP/my_lo.log
start_fake fake_pg.py 203.0.113.10 5432 "$PGLOG"
start_fake fake_pg.py 127.0.0.1 5432 "$PGLOG_LO"
start_fake fake_mysql.py 203.0.113.10 3306 "$MYLOG"
start_fake fake_mysql.py 127.0.0.1 3306 "$MYLOG_LO"
MYLOG_SSL=$TMP/my_ssl.log   # offers TLS in its greeting but cannot do it
start_fake fake_mysql.py 203.0.113.10 3307 "$MYLOG_SSL" ssl

PW=Zq9-Rogue-Secret-Pw
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY
export HOME=$TMP/home; mkdir -p "$HOME"
unset PGHOST PGHOSTADDR PGPORT PGSSLMODE PGSERVICE PGSERVICEFILE MYSQL_PWD

# run NAME ENV... -- ARGS...: one scan with a fresh log; stderr in $TMP/NAME.err.
run() {
  local name=$1; shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
  : >"$PGLOG.cur"; : >"$MYLOG.cur"
  cp "$PGLOG" "$PGLOG.before"; cp "$MYLOG" "$MYLOG.before"
  cp "$PGLOG_LO" "$PGLOG_LO.before"; cp "$MYLOG_LO" "$MYLOG_LO.before"
  cp "$MYLOG_SSL" "$MYLOG_SSL.before"
  env "${envs[@]}" timeout 30 "$CLASSIFY" scan --quiet -o "$TMP/$name.json" "$@" 2>"$TMP/$name.err"
  echo $? >"$TMP/$name.rc"
  sleep 0.2   # the fake servers write their log after the client hangs up
  for l in PGLOG PGLOG_LO MYLOG MYLOG_LO MYLOG_SSL; do
    diff "${!l}.before" "${!l}" | sed -n 's/^> //p' >"$TMP/$name.$l"
  done
}
# what LOG-VAR NAME: what that fake server saw during run NAME.
saw() { cat "$TMP/$2.$1"; }
no_secret() {   # the password/token is nowhere: logs, stderr, report
  ! grep -q -e "$PW" -e "password=" -e "clear=" -e "authlen=[1-9]" "$TMP/$1".*LOG* &&
  ! grep -q -e "$PW" -e "X-Amz" "$TMP/$1.err" "$TMP/$1.json" 2>/dev/null
}
one_line_naming() {   # NAME WORD: exactly one error line (warnings aside), naming WORD
  [ "$(grep -vc '^classify: warning:' "$TMP/$1.err")" -eq 1 ] &&
    grep -v '^classify: warning:' "$TMP/$1.err" | grep -q -- "$2"
}

# ---- controls: the rogue servers do get a password when allowed to ----
run pg_control PGPASSWORD=$PW -- --allow-plaintext "postgresql://scanner@203.0.113.10:5432/app"
check "control: with --allow-plaintext the rogue PostgreSQL server gets the password (the test can fail)" \
  grep -q "password=$PW" "$TMP/pg_control.PGLOG"
run pg_control_lo PGPASSWORD=$PW -- "postgresql://scanner@127.0.0.1:5432/app"
check "control: loopback plaintext stays allowed (the password reaches 127.0.0.1)" \
  grep -q "password=$PW" "$TMP/pg_control_lo.PGLOG_LO"

# ---- item 2: PostgreSQL loopback means the address dialled ----
run pg_hostaddr PGPASSWORD=$PW -- "host=127.0.0.1 hostaddr=203.0.113.10 port=5432 sslmode=disable user=scanner dbname=app"
check "PG host=127.0.0.1 hostaddr=203.0.113.10 sslmode=disable: nothing dialled" \
  [ ! -s "$TMP/pg_hostaddr.PGLOG" ] && [ ! -s "$TMP/pg_hostaddr.PGLOG_LO" ]
check "PG hostaddr case: one line naming --allow-plaintext" one_line_naming pg_hostaddr --allow-plaintext
check "PG hostaddr case: the report's source names 203.0.113.10" \
  grep -q '"source": "postgresql://203.0.113.10:5432/app"' "$TMP/pg_hostaddr.json"

run pg_env PGPASSWORD=$PW PGHOST=203.0.113.10 PGPORT=5432 -- "dbname=app user=scanner"
check "PG PGHOST=203.0.113.10: no password reached the rogue server" no_secret pg_env
check "PG PGHOST: it was dialled (TLS asked, refused) and not reported as localhost" \
  grep -q sslrequest "$TMP/pg_env.PGLOG" && grep -q '203.0.113.10' "$TMP/pg_env.err"
check "PG PGHOST: one line naming --allow-plaintext" one_line_naming pg_env --allow-plaintext

run pg_envaddr PGPASSWORD=$PW PGHOST=localhost PGHOSTADDR=203.0.113.10 PGPORT=5432 -- "dbname=app user=scanner"
check "PG PGHOST=localhost PGHOSTADDR=203.0.113.10: no password" no_secret pg_envaddr
check "PG PGHOSTADDR: one line naming --allow-plaintext" one_line_naming pg_envaddr --allow-plaintext

printf '[rogue]\nhost=203.0.113.10\nport=5432\nsslmode=disable\n' >"$TMP/svc.conf"
run pg_service PGPASSWORD=$PW PGSERVICEFILE=$TMP/svc.conf -- "service=rogue dbname=app user=scanner"
check "PG service file (sslmode=disable, remote host): nothing dialled" [ ! -s "$TMP/pg_service.PGLOG" ]
check "PG service file: one line naming --allow-plaintext" one_line_naming pg_service --allow-plaintext
run pg_service2 PGPASSWORD=$PW PGSERVICEFILE=$TMP/svc.conf PGSERVICE=rogue -- "dbname=app user=scanner"
check "PG PGSERVICE: nothing dialled" [ ! -s "$TMP/pg_service2.PGLOG" ]

run pg_name127 PGPASSWORD=$PW -- "postgresql://scanner@127.db.example.com:5432/app"
check "PG host 127.db.example.com (resolves to 203.0.113.10): no password" no_secret pg_name127
check "PG 127.db.example.com: one line naming --allow-plaintext" one_line_naming pg_name127 --allow-plaintext

run pg_multi PGPASSWORD=$PW -- "host=127.0.0.1,203.0.113.10 port=5432 sslmode=disable user=scanner dbname=app"
check "PG multi-host list with one remote host and sslmode=disable: nothing dialled" \
  [ ! -s "$TMP/pg_multi.PGLOG" ] && [ ! -s "$TMP/pg_multi.PGLOG_LO" ]

run pg_noverify PGPASSWORD=$PW -- --tls-no-verify "postgresql://scanner@203.0.113.10:5432/app"
check "PG --tls-no-verify to a server without TLS: no password" no_secret pg_noverify
check "PG --tls-no-verify: one line naming --allow-plaintext" one_line_naming pg_noverify --allow-plaintext

run pg_iam -- --iam-auth --region us-east-1 "postgresql://scanner@203.0.113.10:5432/app"
check "PG --iam-auth: no token reached the rogue server" no_secret pg_iam
check "PG --iam-auth: one line naming --allow-plaintext" one_line_naming pg_iam --allow-plaintext

# ---- item 6: a PostgreSQL URI with an unencoded '@' is refused ----
run pg_at -- "postgresql://scanner:Zq9@secret-PW@127.0.0.1/app"
check "PG unencoded '@' in the password: refused, nothing dialled" \
  [ ! -s "$TMP/pg_at.PGLOG_LO" ] && [ "$(cat "$TMP/pg_at.rc")" -ne 0 ]
check "PG unencoded '@': no part of the password in stderr or the report" \
  eval '! grep -q -e secret-PW -e Zq9 "$TMP/pg_at.err" "$TMP/pg_at.json"'
check "PG unencoded '@': one line saying to %-encode it" one_line_naming pg_at '%40'

# ---- item 1: MySQL ----
run my_control -- --allow-plaintext "mysql://scanner:$PW@203.0.113.10:3306/app"
check "control: with --allow-plaintext the rogue MySQL server gets a scramble (the test can fail)" \
  grep -q "authlen=20" "$TMP/my_control.MYLOG"
check "MySQL --allow-plaintext: mysql_clear_password is still refused" \
  eval '! grep -q clear= "$TMP/my_control.MYLOG"'
run my_lo MYSQL_PWD=$PW -- "mysql://scanner@127.0.0.1:3306/app"
check "MySQL loopback plaintext: scramble allowed, clear password never" \
  grep -q "authlen=20" "$TMP/my_lo.MYLOG_LO" && ! grep -q clear= "$TMP/my_lo.MYLOG_LO"

for mode in "" "?ssl-mode=REQUIRED" "?ssl=1"; do
  n=my_default${mode//[^a-zA-Z]/_}
  run "$n" MYSQL_PWD=$PW -- "mysql://scanner@203.0.113.10:3306/app$mode"
  check "MySQL remote '$mode': no user name, scramble or password reached the rogue server" \
    eval "no_secret $n && ! grep -q response \"\$TMP/$n.MYLOG\""
  check "MySQL remote '$mode': one line naming --allow-plaintext" one_line_naming "$n" --allow-plaintext
done
run my_disabled MYSQL_PWD=$PW -- "mysql://scanner@203.0.113.10:3306/app?ssl-mode=DISABLED"
check "MySQL ssl-mode=DISABLED to a remote host: nothing dialled" [ ! -s "$TMP/my_disabled.MYLOG" ]
check "MySQL ssl-mode=DISABLED: one line naming --allow-plaintext" one_line_naming my_disabled --allow-plaintext
run my_noverify MYSQL_PWD=$PW -- --tls-no-verify "mysql://scanner@203.0.113.10:3306/app"
check "MySQL --tls-no-verify to a server without TLS: nothing sent" \
  eval 'no_secret my_noverify && ! grep -q response "$TMP/my_noverify.MYLOG"'
check "MySQL --tls-no-verify: one line naming --allow-plaintext" one_line_naming my_noverify --allow-plaintext
run my_iam -- --iam-auth --region us-east-1 "mysql://scanner@rogue.example.com:3306/app"
check "MySQL --iam-auth: no token reached the rogue server" \
  eval 'no_secret my_iam && ! grep -q response "$TMP/my_iam.MYLOG"'
run my_iam_nv -- --iam-auth --tls-no-verify --region us-east-1 "mysql://scanner@203.0.113.10:3306/app"
check "MySQL --iam-auth with --tls-no-verify: refused, nothing dialled" \
  [ ! -s "$TMP/my_iam_nv.MYLOG" ] && grep -q -- --tls-no-verify "$TMP/my_iam_nv.err"
mkdir -p "$HOME"; printf '[client]\nhost=203.0.113.10\nport=3306\npassword=%s\n' "$PW" >"$HOME/.my.cnf"
run my_cnf -- "mysql://scanner@/app"
check "MySQL empty host with host= in ~/.my.cnf: the rogue server was not dialled" \
  [ ! -s "$TMP/my_cnf.MYLOG" ]
# A ~/.my.cnf that tries to turn TLS and verification off does not.
printf '[client]\nssl-verify-server-cert=0\nskip-ssl\nssl=0\n' >"$HOME/.my.cnf"
for opt in "" --tls-no-verify; do
  run my_cnf_ssl$opt MYSQL_PWD=$PW -- $opt "mysql://scanner@203.0.113.10:3307/app"
  check "MySQL ~/.my.cnf with skip-ssl ${opt:-(default)}: TLS still asked, no login sent" \
    eval "grep -q sslrequest \"\$TMP/my_cnf_ssl$opt.MYLOG_SSL\" && ! grep -q response \"\$TMP/my_cnf_ssl$opt.MYLOG_SSL\""
done
rm -f "$HOME/.my.cnf"

# ---- item 6: MySQL URI errors never echo the typed text ----
run my_badmode -- "mysql://scanner@127.0.0.1:3306/app?ssl-mode=Zq9typed"
check "MySQL bad ssl-mode: one line, the typed value not echoed" \
  eval 'one_line_naming my_badmode ssl-mode && ! grep -q Zq9typed "$TMP/my_badmode.err" "$TMP/my_badmode.json"'
run my_badparam -- "mysql://scanner@127.0.0.1:3306/app?Zq9typed=1"
check "MySQL unknown parameter: one line, the typed key not echoed" \
  eval 'one_line_naming my_badparam "unknown parameter" && ! grep -q Zq9typed "$TMP/my_badparam.err" "$TMP/my_badparam.json"'
finish
