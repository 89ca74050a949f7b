#!/usr/bin/env bash
# The benchmark suite behind `make bench` (never part of `make check`):
# generates its own data, starts and stops its own throwaway servers, and
# prints one table of figures, each the median of RUNS runs with min and
# max, and the peak RSS of the classify process:
#   engine      detector engine, one core, ~200 MB of value-shaped text
#   wire        classify scan --sample 100000 of a 1,000,000-row, 10-column
#               table vs. a bare COPY/SELECT of the same sample (PostgreSQL:
#               pg_wire, MariaDB: my_wire)
#   stream      classify scan --sample 100000 of 1,000,000 rows x 8 text
#               columns, row-uniform and --sampling pages, vs. bare psql
#               \copy of TABLESAMPLE SYSTEM (10) and of classify's BERNOULLI
#   breadth     2,000 tables x 10 columns x 200 rows at --jobs 1, 2, 4, and
#               the catalog alone
#   breadth-rtt the same 2,000 tables over a 1 ms round trip (network
#               namespaces; netem, or bench/delay_relay without it) at
#               --jobs 1, 2, 4, 8 beside a bare pipelined libpq client
#               (bench/bare_breadth); needs root
#   catalog     10,000 and 100,000 tables of 4 columns x 3 rows in one
#               database: the catalog read (--tables none) and the whole
#               scan, its time per table at both sizes and their ratio
#   spot-check  classify table on one table, from process start
#   false-alarm random digit columns (9, 10, 11, 16 digits; FA_COLUMNS of
#               1,000 values each, default 10,000) that fire anything: a
#               count, not a time (bench/bench_false_alarm)
# Usage (from the build directory): RUNS=5 ENGINE_MB=200 bench/run.sh [engine|stream|wire|breadth|breadth-rtt|catalog|spot|false-alarm ...]
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$PWD}
. "$top_srcdir/tests/setup.sh"
. "$top_srcdir/tests/db/lib.sh"
RUNS=${RUNS:-5}
ENGINE_MB=${ENGINE_MB:-200}
MEASURE="/usr/bin/python3 $top_srcdir/bench/measure.py"
FA_COLUMNS=${FA_COLUMNS:-10000}
parts=${*:-engine stream wire breadth breadth-rtt catalog spot false-alarm}
[ -x "$CLASSIFY" ] || { echo "build classify first (run from the build directory)"; exit 1; }

row() { printf '%-44s %10s %10s %10s %9s   %s\n' "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
# measure LABEL NOTE CMD...: one table row of wall seconds and peak RSS.
measure() {
  local label=$1 note=$2; shift 2
  local m
  m=$($MEASURE "$RUNS" "$@") || { row "$label" failed - - - "$note"; return 1; }
  set -- $m
  row "$label" "$1 s" "$2 s" "$3 s" "$(mb "$4")" "$note"
  LAST_MEDIAN=$1 LAST_MIN=$2 LAST_MAX=$3 LAST_RSS=$4 LAST_CPU=$5
}
# rate LABEL COUNT NOTE: COUNT per second of the last measure (median, and
# the min and max from its slowest and fastest run).
rate() {
  row "$1" $(awk -v c="$2" -v m="$LAST_MEDIAN" -v a="$LAST_MAX" -v b="$LAST_MIN" \
    'BEGIN { printf "%.0f %.0f %.0f", c / m, c / a, c / b }') "" "$3"
}

engine() {
  local out v=() line
  for _ in $(seq "$RUNS"); do
    out=$("$top_builddir/bench/bench_engine" "$ENGINE_MB") || return 1
    v+=("$(sed -n 's/^ *\([0-9.]*\) MB\/s.*/\1/p' <<<"$out")")
  done
  line=$(printf '%s\n' "${v[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[1], a[NR]}')
  set -- $line
  row "engine, all detectors (MB/s, one core)" "$1" "$2" "$3" "-" "target >= 300 MB/s"
  sed -n '1p;/matches/p' <<<"$out" | sed 's/^/    /'
  # The same matches per detector as before the one-pass digit runs.
  "$top_builddir/bench/bench_engine" 20 examples \
    --check "$top_srcdir/bench/expected/engine_20mb_examples.txt" | tail -1 | sed 's/^/    /'
}

pg_wire() {
  psql_admin -d postgres -c "CREATE DATABASE wire" >/dev/null || return 1
  psql_admin -d wire >/dev/null <<'SQL' || return 1
CREATE TABLE wire AS
  SELECT g AS id,
         (ARRAY['4111 1111 1111 1111','5555555555554444','378282246310005'])[1 + g % 3] || '' AS card,
         'user' || g || '@example.com' AS email,
         lpad((g::bigint * 7919 % 899 + 1)::text, 3, '0') || '-' || lpad((g % 98 + 1)::text, 2, '0') || '-' || lpad((g % 9998 + 1)::text, 4, '0') AS ssn,
         (1000000000000000 + (g::bigint * 2654435761) % 8999999999999999)::text AS order_id,
         md5(g::text) AS digest,
         (g % 1000)::text || '.' || (g % 100)::text AS price,
         now() - (g || ' seconds')::interval AS created_at,
         'parcel ' || g || ' left the depot, ref ' || (g * 31 % 100000) AS notes,
         (ARRAY['gold','silver','bronze'])[1 + g % 3] AS tier
  FROM generate_series(1, 1000000) g;
ANALYZE wire;
DO $$ BEGIN CREATE ROLE scanner LOGIN PASSWORD 'bench-pw'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO scanner;
SQL
  export PGPASSWORD=bench-pw
  local uri="postgresql://scanner@127.0.0.1:$PORT/wire?sslmode=disable"
  # The same method and percentage classify picks (classify/sources/pg.c from_clause).
  local est cols pct
  est=$(psql_admin -d wire -Atc "SELECT reltuples::bigint FROM pg_class WHERE relname = 'wire'")
  # classify's select list (pg.c select_list): text cut by left() only
  # when longer than 4096 bytes, integers and timestamps cast, anything
  # else cut.
  cols=$(psql_admin -d wire -Atc "SELECT string_agg(CASE
      WHEN format_type(atttypid, atttypmod) = 'text'
      THEN format('CASE WHEN octet_length(%1\$I) <= 4096 THEN %1\$I ELSE left(%1\$I, 4096) END', attname)
      WHEN format_type(atttypid, atttypmod) ~ '^(timestamp|integer|bigint)' THEN format('%I::text', attname)
      ELSE format('left(%I::text, 4096)', attname) END, ', '
    ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'wire'::regclass AND attnum > 0")
  pct=$(awk -v n=100000 -v e="$est" 'BEGIN { f = (e <= 20 * n) ? 1.3 : 2.0; p = 100 * f * n / e; if (p > 100) p = 100; printf "%.6f", p }')
  local method
  method=$(awk -v n=100000 -v e="$est" 'BEGIN { print (e <= 20 * n) ? "BERNOULLI" : "SYSTEM" }')
  measure "wire pg: classify scan --sample 100000" "1,000,000 rows x 10 cols" \
    "$CLASSIFY" scan --quiet --seed 1 --sample 100000 -o "$TMP/w.json" "$uri"
  local s=$LAST_MEDIAN
  measure "wire pg: bare COPY of the same sample" "psql, $method ($pct%)" \
    "$PGBIN/psql" -X -q "$uri" -c "COPY (SELECT $cols FROM public.wire TABLESAMPLE $method ($pct) REPEATABLE (1) LIMIT 100000) TO STDOUT"
  row "wire pg: ratio scan / fetch" "$(ratio "$s" "$LAST_MEDIAN")" "" "" "" "target <= 1.2"
  # classify's own query now streams the whole uncapped oversample and
  # draws n rows on the client (classify/sources/pg.c from_clause,
  # sources/reservoir.c): the fetch of exactly that query shows what the
  # reservoir and detection add.
  local bpct
  bpct=$(awk -v n=100000 -v e="$est" 'BEGIN { p = 100 * (n + 5 * sqrt(n) + 10) / e; if (p > 100) p = 100; printf "%.6f", p }')
  measure "wire pg: bare COPY of classify's query" "$method ($bpct%), uncapped, no sort" \
    "$PGBIN/psql" -X -q "$uri" -c "COPY (SELECT $cols FROM public.wire TABLESAMPLE $method ($bpct) REPEATABLE (1)) TO STDOUT"
  row "wire pg: ratio scan / its own query" "$(ratio "$s" "$LAST_MEDIAN")" "" "" "" "reservoir + detection"
  unset PGPASSWORD
}

# The issue-14 case: 1,000,000 rows of 8 text columns; classify scan
# --sample 100000 (a streamed BERNOULLI sample drawn to 100,000 rows on the
# client) beside the bare psql \copy of TABLESAMPLE SYSTEM (10).
pg_stream() {
  psql_admin -d postgres -c "CREATE DATABASE stream" >/dev/null || return 1
  psql_admin -d stream >/dev/null <<'SQL' || return 1
CREATE TABLE t AS
  SELECT (ARRAY['4111 1111 1111 1111','5555555555554444','378282246310005'])[1 + g % 3] AS card,
         'user' || g || '@example.com' AS email,
         lpad((g::bigint * 7919 % 899 + 1)::text, 3, '0') || '-' || lpad((g % 98 + 1)::text, 2, '0') || '-' || lpad((g % 9998 + 1)::text, 4, '0') AS ssn,
         (1000000000000000 + (g::bigint * 2654435761) % 8999999999999999)::text AS order_id,
         md5(g::text) AS digest,
         (g % 1000)::text || '.' || (g % 100)::text AS price,
         'parcel ' || g || ' left the depot, ref ' || (g * 31 % 100000) AS notes,
         (ARRAY['gold','silver','bronze'])[1 + g % 3] AS tier
  FROM generate_series(1, 1000000) g;
VACUUM ANALYZE t;
DO $$ BEGIN CREATE ROLE scanner LOGIN PASSWORD 'bench-pw'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO scanner;
SQL
  export PGPASSWORD=bench-pw
  local uri="postgresql://scanner@127.0.0.1:$PORT/stream?sslmode=disable"
  measure "stream pg: classify scan --sample 100000" "rows (default): BERNOULLI, reservoir" \
    "$CLASSIFY" scan --quiet --seed 1 --sample 100000 -o "$TMP/st.json" "$uri"
  local s=$LAST_MEDIAN
  measure "stream pg: the same, --sampling pages" "SYSTEM pages, reservoir" \
    "$CLASSIFY" scan --quiet --seed 1 --sample 100000 --sampling pages -o "$TMP/sp.json" "$uri"
  local sp=$LAST_MEDIAN
  # What the server alone costs for the row-uniform sample: the very query
  # classify sends (classify/sources/pg.c bernoulli_pct), fetched bare.
  local est bpct
  est=$(psql_admin -d stream -Atc "SELECT reltuples::bigint FROM pg_class WHERE relname = 't'")
  bpct=$(awk -v n=100000 -v e="$est" 'BEGIN { p = 100 * (n + 5 * sqrt(n) + 10) / e; if (p > 100) p = 100; printf "%.6f", p }')
  measure "stream pg: bare psql \\copy of its BERNOULLI" "BERNOULLI ($bpct%), TO /dev/null" \
    "$PGBIN/psql" -X -q "$uri" -c "\\copy (SELECT * FROM t TABLESAMPLE BERNOULLI ($bpct) REPEATABLE (1)) TO /dev/null"
  local bb=$LAST_MEDIAN
  measure "stream pg: bare psql \\copy SYSTEM (10)" "SELECT * ... TO /dev/null" \
    "$PGBIN/psql" -X -q "$uri" -c "\\copy (SELECT * FROM t TABLESAMPLE SYSTEM (10)) TO /dev/null"
  row "stream pg: ratio rows / bare SYSTEM (10)" "$(ratio "$s" "$LAST_MEDIAN")" "" "" "" "target <= 1.2"
  row "stream pg: ratio pages / bare SYSTEM (10)" "$(ratio "$sp" "$LAST_MEDIAN")" "" "" "" "target <= 1.2"
  row "stream pg: ratio rows / bare BERNOULLI" "$(ratio "$s" "$bb")" "" "" "" "the client's share"
  unset PGPASSWORD
}

# MariaDB: the same table; classify samples it by random primary-key
# ranges (classify/sources/mysql.c pk_ranges), and the bare fetch runs the very query
# classify sent (taken from the server's general log) through the mariadb
# client, streaming (--quick) to /dev/null.
my_wire() {
  [ -n "${MD:-}" ] || MY_BUFFER_POOL=256M my_start >/dev/null || return 1
  sql_admin >/dev/null <<'SQL' || return 1
CREATE DATABASE wire CHARACTER SET utf8mb4;
USE wire;
CREATE TABLE wire.wire (id BIGINT PRIMARY KEY, card VARCHAR(32), email VARCHAR(64),
  ssn VARCHAR(16), order_id VARCHAR(24), digest CHAR(32), price VARCHAR(16),
  created_at DATETIME, notes VARCHAR(80), tier VARCHAR(8));
INSERT INTO wire.wire
  SELECT seq, ELT(1 + seq % 3, '4111 1111 1111 1111', '5555555555554444', '378282246310005'),
         CONCAT('user', seq, '@example.com'),
         CONCAT(LPAD(seq * 7919 % 899 + 1, 3, '0'), '-', LPAD(seq % 98 + 1, 2, '0'), '-',
                LPAD(seq % 9998 + 1, 4, '0')),
         CAST(1000000000000000 + (seq * 2654435761) % 8999999999999999 AS CHAR),
         MD5(seq), CONCAT(seq % 1000, '.', seq % 100), NOW() - INTERVAL seq SECOND,
         CONCAT('parcel ', seq, ' left the depot, ref ', seq * 31 % 100000),
         ELT(1 + seq % 3, 'gold', 'silver', 'bronze')
  FROM seq_1_to_1000000;
ANALYZE TABLE wire.wire;
CREATE USER scanner@'%' IDENTIFIED BY 'Bench-pw-1';
GRANT SELECT ON wire.* TO scanner@'%';
SET GLOBAL general_log_file = 'general.log';
SET GLOBAL general_log = 1;
SQL
  export MYSQL_PWD=Bench-pw-1
  local uri="mysql://scanner@127.0.0.1:$MY_PORT/wire"
  "$CLASSIFY" scan --quiet --seed 1 --sample 100000 -o "$TMP/mw.json" "$uri" 2>/dev/null || return 1
  sql_admin -e "SET GLOBAL general_log = 0" || return 1
  sed -n 's/^.*Query[[:space:]]*\((SELECT .* UNION ALL .*\)$/\1/p' "$MD/data/general.log" | tail -1 >"$TMP/my_sample.sql"
  [ -s "$TMP/my_sample.sql" ] || { row "wire mariadb" failed - - - "no sample query in the log"; return 1; }
  # Both commands run under bash, their stderr (the plaintext warning) dropped.
  measure "wire mariadb: classify scan --sample 100000" "1,000,000 rows x 10 cols" \
    bash -c '"$0" scan --quiet --seed 1 --sample 100000 -o "$1" "$2" 2>/dev/null' \
    "$CLASSIFY" "$TMP/mw.json" "$uri" || return 1
  local s=$LAST_MEDIAN
  measure "wire mariadb: bare fetch of the same sample" "mariadb --quick, 1,000 key ranges" \
    bash -c '"$0" --no-defaults -h 127.0.0.1 -P "$1" -u scanner --quick -N -B wire <"$2" >/dev/null' \
    "$CLIENT" "$MY_PORT" "$TMP/my_sample.sql" || return 1
  row "wire mariadb: ratio scan / fetch" "$(ratio "$s" "$LAST_MEDIAN")" "" "" "" "target <= 1.2"
  unset MYSQL_PWD
}

# The breadth database: 2,000 tables x 10 columns x 200 rows, analysed,
# readable by the role scanner (made once; both breadth parts use it).
breadth_db() {
  psql_admin -d breadth -c 'SELECT 1' >/dev/null 2>&1 && return 0
  psql_admin -d postgres -c "CREATE DATABASE breadth" >/dev/null || return 1
  psql_admin -d breadth >/dev/null <<'SQL' || return 1
DO $$
BEGIN
  FOR i IN 1..2000 LOOP
    EXECUTE format('CREATE TABLE t%s AS SELECT g AS id, ''user'' || g || ''@example.com'' AS email,
      md5(g::text) AS h, g * 3 AS n, ''note '' || g AS note, now() AS ts, g %% 7 AS k,
      ''SKU-'' || g AS sku, (g * 1.5)::numeric AS price, ''x'' AS flag
      FROM generate_series(1, 200) g', i);
  END LOOP;
END $$;
ANALYZE;
DO $$ BEGIN CREATE ROLE scanner LOGIN PASSWORD 'bench-pw'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO scanner;
SQL
}

breadth() {
  breadth_db || return 1
  export PGPASSWORD=bench-pw
  local uri="postgresql://scanner@127.0.0.1:$PORT/breadth?sslmode=disable"
  measure "breadth: catalog only (--tables none)" "2,000 tables, one query" \
    "$CLASSIFY" scan --quiet --tables 'no-such-table' -o "$TMP/b0.json" "$uri"
  for j in 1 2 4; do
    measure "breadth: 2,000 tables, --jobs $j" "" \
      "$CLASSIFY" scan --quiet --jobs "$j" --seed 1 -o "$TMP/b$j.json" "$uri"
    row "  = tables per second" "$(awk -v t="$LAST_MEDIAN" 'BEGIN { printf "%.0f", 2000 / t }')" "" "" "" \
      "$([ "$j" = 2 ] && echo 'target >= 3000 at --jobs 2')"
  done
  unset PGPASSWORD
}

# A 1 ms round trip, as to a database in the same cloud region: two network
# namespaces joined by a veth (203.0.113.1 the server side, .2 the client),
# netem delay 0.5ms on both ends where the kernel has netem, else
# bench/delay_relay holding every chunk 0.5 ms each way. In both cases
# delay_relay listens on 203.0.113.1:5432 in the server namespace and
# forwards to the throwaway server on 127.0.0.1 (its socket is made in
# that namespace; it dials from the host's). Nothing leaves the machine.
RTT_NS_S=breadth-rtt-$$-s RTT_NS_C=breadth-rtt-$$-c RTT_RELAY=
rtt_down() {
  [ -n "$RTT_RELAY" ] && kill "$RTT_RELAY" 2>/dev/null && wait "$RTT_RELAY" 2>/dev/null
  RTT_RELAY=
  ip netns del "$RTT_NS_C" 2>/dev/null
  ip netns del "$RTT_NS_S" 2>/dev/null
}
rtt_up() {
  [ "$(id -u)" -eq 0 ] || { row "breadth rtt" skipped - - - "needs root (ip netns)"; return 1; }
  trap 'rtt_down; stop_servers' EXIT
  ip netns add "$RTT_NS_S" && ip netns add "$RTT_NS_C" &&
    ip link add rtt-s netns "$RTT_NS_S" type veth peer name rtt-c netns "$RTT_NS_C" &&
    ip -n "$RTT_NS_S" addr add 203.0.113.1/24 dev rtt-s &&
    ip -n "$RTT_NS_C" addr add 203.0.113.2/24 dev rtt-c &&
    ip -n "$RTT_NS_S" link set rtt-s up && ip -n "$RTT_NS_C" link set rtt-c up &&
    ip -n "$RTT_NS_S" link set lo up && ip -n "$RTT_NS_C" link set lo up ||
    { row "breadth rtt" failed - - - "could not make the namespaces"; return 1; }
  # The client side must see only lo and its veth before anything connects.
  local links
  links=$(ip -n "$RTT_NS_C" -o link | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | sort | tr '\n' ' ')
  [ "$links" = "lo rtt-c " ] ||
    { row "breadth rtt" failed - - - "client namespace has: $links"; return 1; }
  local us=500
  RTT_HOW="delay_relay, 0.5 ms each way (no netem in this kernel)"
  if tc -n "$RTT_NS_S" qdisc add dev rtt-s root netem delay 0.5ms 2>/dev/null &&
     tc -n "$RTT_NS_C" qdisc add dev rtt-c root netem delay 0.5ms 2>/dev/null; then
    us=0 RTT_HOW="netem delay 0.5ms on both ends"
  fi
  "$top_builddir/bench/delay_relay" "/run/netns/$RTT_NS_S" 203.0.113.1 5432 127.0.0.1 "$PORT" \
    "$us" >"$TMP/relay.out" 2>&1 &
  RTT_RELAY=$!
  for _ in $(seq 50); do grep -q ready "$TMP/relay.out" 2>/dev/null && return 0; sleep 0.1; done
  row "breadth rtt" failed - - - "delay_relay: $(cat "$TMP/relay.out")"
  return 1
}

# classify and the bare pipelined client (bench/bare_breadth) at --jobs
# 1, 2, 4, 8 over the 1 ms round trip, each run from the client namespace.
breadth_rtt() {
  breadth_db || return 1
  rtt_up || { rtt_down; return 1; }
  export PGPASSWORD=bench-pw
  local uri="postgresql://scanner@203.0.113.1:5432/breadth?sslmode=disable"
  local in_ns="ip netns exec $RTT_NS_C" bare="$top_builddir/bench/bare_breadth" p
  p=$($in_ns "$bare" --ping 200 "$uri") || { row "breadth rtt" failed - - - "no SELECT 1"; rtt_down; return 1; }
  set -- $p
  row "breadth rtt: SELECT 1 round trip" "$2 ms" "$1 ms" "$3 ms" "" "target 1 ms: $RTT_HOW"
  # Server, client and relay share this machine's cores: other load shows.
  row "breadth rtt: load average at start" "$(cut -d' ' -f1 /proc/loadavg)" "" "" "" "$(nproc) cores"
  local j best_c= best_b= best_cj= best_bj=
  for j in 1 2 4 8; do
    measure "breadth rtt: classify --jobs $j" "2,000 tables, from process start" \
      $in_ns "$CLASSIFY" scan --quiet --allow-plaintext --jobs "$j" --seed 1 \
      -o "$TMP/br$j.json" "$uri" || continue
    rate "  = tables per second" 2000 "target >= 2000"
    if [ -z "$best_c" ] || awk -v a="$LAST_MEDIAN" -v b="$best_c" 'BEGIN { exit !(a < b) }'; then
      best_c=$LAST_MEDIAN best_cj=$j
    fi
    measure "breadth rtt: bare pipelined libpq, -j $j" "same queries, no transactions" \
      $in_ns "$bare" -j "$j" "$uri" || continue
    rate "  = tables per second" 2000 ""
    if [ -z "$best_b" ] || awk -v a="$LAST_MEDIAN" -v b="$best_b" 'BEGIN { exit !(a < b) }'; then
      best_b=$LAST_MEDIAN best_bj=$j
    fi
  done
  [ -n "$best_c" ] && [ -n "$best_b" ] &&
    row "breadth rtt: best classify / best bare" "$(ratio "$best_c" "$best_b")" "" "" "" \
      "--jobs $best_cj / -j $best_bj; target <= 1.5"
  unset PGPASSWORD
  rtt_down
}

# catalog_db NAME N: a database of N tables of 4 columns (2 int, 2 text)
# and 3 rows each, created by generated SQL, 1,000 tables a transaction;
# prints how long that took.
catalog_db() {
  local t0=$SECONDS
  psql_admin -d postgres -c "CREATE DATABASE $1" >/dev/null || return 1
  awk -v n="$2" -v q="'" 'BEGIN {
    for (i = 1; i <= n; i++) {
      if (i % 1000 == 1) print "BEGIN;"
      printf "CREATE TABLE t%d (id int, email text, note text, n int);\n", i
      printf "INSERT INTO t%d VALUES (1, %suser%d@example.com%s, %snote %d%s, %d), ", i, q, i, q, q, i, q, i
      printf "(2, %sx%d@example.org%s, %sok%s, %d), (3, NULL, %sparcel%s, 3);\n", q, i, q, q, q, i, q, q
      if (i % 1000 == 0 || i == n) print "COMMIT;"
    }
  }' | psql_admin -d "$1" >/dev/null || return 1
  psql_admin -d "$1" >/dev/null <<'SQL' || return 1
ANALYZE;
DO $$ BEGIN CREATE ROLE scanner LOGIN PASSWORD 'bench-pw'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO scanner;
SQL
  echo $((SECONDS - t0))
}

# Issue 14, "scale of the catalog": 10,000 and 100,000 tables in one
# database. The catalog read (both catalog queries over every table and
# column, and the plan's selection pass over every table; --tables
# matches none, so no table is sampled) must stay under 64 MB; the whole
# scan's time per table must not grow with the number of tables.
catalog() {
  local n s per10k= cpu10k=
  export PGPASSWORD=bench-pw
  for n in 10000 100000; do
    s=$(catalog_db "cat$n" "$n") || { row "catalog: $n tables" failed - - - "creating the database"; return 1; }
    local uri="postgresql://scanner@127.0.0.1:$PORT/cat$n?sslmode=disable"
    local label
    label=$(awk -v n="$n" 'BEGIN { printf "%d,%03d", n / 1000, n % 1000 }')
    row "catalog: $label tables created" "$s s" "" "" "" "4 cols x 3 rows, 1,000 a transaction"
    measure "catalog: $label tables, catalog read" "target peak RSS < 64 MB" \
      "$CLASSIFY" scan --quiet --tables 'no-such-table' -o "$TMP/c0.json" "$uri"
    row "  = peak RSS under 64 MB" "$([ "$LAST_RSS" -lt 65536 ] && echo yes || echo NO)" "" "" "" ""
    measure "catalog: $label tables, whole scan" "--jobs 1, report written" \
      "$CLASSIFY" scan --quiet --seed 1 -o "$TMP/c1.json" "$uri"
    local ms
    ms=$(awk -v t="$LAST_MEDIAN" -v n="$n" 'BEGIN { printf "%.3f", 1000 * t / n }')
    row "  = ms per table" "$ms" "$(awk -v t="$LAST_MIN" -v n="$n" 'BEGIN { printf "%.3f", 1000 * t / n }')" \
      "$(awk -v t="$LAST_MAX" -v n="$n" 'BEGIN { printf "%.3f", 1000 * t / n }')" "" ""
    # The process's own CPU (user + system, median run): the part of the
    # time per table that is classify's, whatever the server and the
    # machine's other load do.
    local cpu
    cpu=$(awk -v t="$LAST_CPU" -v n="$n" 'BEGIN { printf "%.4f", 1000 * t / n }')
    row "  = classify CPU ms per table" "$cpu" "" "" "" "user + system, median run"
    if [ -z "$per10k" ]; then
      per10k=$ms cpu10k=$cpu
    else
      row "catalog: ms per table, 100,000 / 10,000" "$(ratio "$ms" "$per10k")" "" "" "" "target <= 1.1 (flat)"
      row "catalog: CPU per table, 100,000 / 10,000" "$(ratio "$cpu" "$cpu10k")" "" "" "" "target <= 1.1 (flat)"
    fi
    psql_admin -d postgres -c "DROP DATABASE cat$n" >/dev/null
  done
  unset PGPASSWORD
}

spot() {
  export PGPASSWORD=bench-pw
  measure "spot-check: classify table, 1,000 rows" "process start to printed table" \
    "$CLASSIFY" table "postgresql://scanner@127.0.0.1:$PORT/wire?sslmode=disable" public.wire
  measure "spot-check: classify table on a CSV" "contrib/demo/payments.csv" \
    "$CLASSIFY" table "$top_srcdir/contrib/demo/payments.csv"
  unset PGPASSWORD
}

echo "classify bench: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), RUNS=$RUNS"
row "figure" median min max "peak RSS" "note"
for p in $parts; do
  case $p in
    engine) engine ;;
    false-alarm) "$top_builddir/bench/bench_false_alarm" "$FA_COLUMNS" | sed 's/^/    /' ;;
    wire|stream|breadth|breadth-rtt|catalog|spot)
      [ -n "${PGD:-}" ] || { pg_start >/dev/null; }
      case $p in
        wire) pg_wire; my_wire ;;
        stream) pg_stream ;;
        breadth) breadth ;;
        breadth-rtt) breadth_rtt ;;
        catalog) catalog ;;
        spot) psql_admin -d wire -c 'SELECT 1' >/dev/null 2>&1 || pg_wire >/dev/null; spot ;;
      esac ;;
    *) echo "unknown part $p"; exit 1 ;;
  esac
done
