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
#   spot-check  classify table on one table, from process start
#   false-alarm random digit columns (9, 10, 11, 16 digits; FA_COLUMNS of
#               1,000 values each, default 10,000) that fire anything: a
#               count, not a time (bench/bench_false_alarm)
# Usage (from the build directory): RUNS=5 ENGINE_MB=200 bench/run.sh [engine|stream|wire|breadth|spot|false-alarm ...]
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$PWD}
. "$top_srcdir/tests/setup.sh"
. "$top_srcdir/tests/db/lib.sh"
RUNS=${RUNS:-5}
ENGINE_MB=${ENGINE_MB:-200}
MEASURE="/usr/bin/python3 $top_srcdir/bench/measure.py"
FA_COLUMNS=${FA_COLUMNS:-10000}
parts=${*:-engine stream wire breadth spot false-alarm}
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
  LAST_MEDIAN=$1
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
  cols=$(psql_admin -d wire -Atc "SELECT string_agg(format('left(%I::text, 4096)', attname), ', '
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

breadth() {
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
    wire|stream|breadth|spot)
      [ -n "${PGD:-}" ] || { pg_start >/dev/null; }
      case $p in
        wire) pg_wire; my_wire ;;
        stream) pg_stream ;;
        breadth) breadth ;;
        spot) psql_admin -d wire -c 'SELECT 1' >/dev/null 2>&1 || pg_wire >/dev/null; spot ;;
      esac ;;
    *) echo "unknown part $p"; exit 1 ;;
  esac
done
