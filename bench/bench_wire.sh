#!/usr/bin/env bash
# Wire benchmark (not part of `make check`; speed is measured, never
# asserted): on a throwaway PostgreSQL with a 1,000,000-row table, times a
# full `classify scan` of that table (connect, catalog, privilege check,
# TABLESAMPLE sample, detectors, report) beside merely fetching the same
# sample with psql `COPY (SELECT left(col::text, 4096)... TABLESAMPLE
# SYSTEM (p) REPEATABLE (seed) ORDER BY md5(ctid...) LIMIT n) TO STDOUT`,
# the very query classify sends, and prints the ratio,
# for --sample 1000 and 100000. Each time is the median of RUNS runs.
# Usage: bench/bench_wire.sh   (from the build directory; RUNS=5 by default)
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$PWD}
. "$top_srcdir/tests/setup.sh"
. "$top_srcdir/tests/db/lib.sh"
RUNS=${RUNS:-5}
[ -x "$CLASSIFY" ] || { echo "build classify first (run from the build directory)"; exit 1; }

pg_start
psql_admin -d postgres -c "CREATE DATABASE wire" || exit 1
f="$top_srcdir/contrib/demo/payments.csv"
psql_admin -d wire -c "CREATE TABLE payments ($(csv_columns "$f" '"'))" \
  -c "\\copy payments FROM '$f' WITH (FORMAT csv, HEADER true)" || exit 1
echo "loading 1,000,000 rows..."
psql_admin -d wire <<'SQL' || exit 1
CREATE TABLE wire AS
  SELECT g AS id, p.card_number, p.card_display, p.notes,
         'user' || g || '@example.com' AS email, p.order_id, p.amount
  FROM generate_series(1, 1000000) g
  JOIN payments p ON p.payment_id::int = 1 + g % 400;
ANALYZE wire;
CREATE ROLE scanner LOGIN PASSWORD 'bench-pw';
GRANT SELECT ON wire TO scanner;
SQL
export PGPASSWORD=bench-pw
URI="postgresql://scanner@127.0.0.1:$PORT/wire"
EST=$(psql_admin -d wire -Atc "SELECT reltuples::bigint FROM pg_class WHERE relname = 'wire'")
COLS=$(psql_admin -d wire -Atc "SELECT string_agg(format('left(%I::text, 4096)', attname), ', '
  ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'wire'::regclass AND attnum > 0")

now() { date +%s.%N; }
# median of the arguments
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

for n in 1000 100000; do
  # The same method and percentage classify picks (classify/sources/pg.c from_clause).
  PCT=$(awk -v n="$n" -v e="$EST" 'BEGIN {
    f = (e <= 20 * n) ? 1.3 : 2.0; p = 100 * f * n / e; if (p > 100) p = 100; printf "%.6f", p }')
  METHOD=$(awk -v n="$n" -v e="$EST" 'BEGIN { print (e <= 20 * n) ? "BERNOULLI" : "SYSTEM" }')
  SQL="COPY (SELECT $COLS FROM public.wire TABLESAMPLE $METHOD ($PCT) REPEATABLE (1)
    ORDER BY md5(tableoid::text || ctid::text || '1') LIMIT $n) TO STDOUT"
  scan=() fetch=()
  for _ in $(seq "$RUNS"); do
    t0=$(now)
    "$CLASSIFY" scan --quiet --seed 1 --sample "$n" --tables public.wire -o "$TMP/r.json" "$URI" || exit 1
    t1=$(now)
    "$PGBIN/psql" -X -q "$URI" -c "$SQL" >"$TMP/copy.out" || exit 1
    t2=$(now)
    scan+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')")
    fetch+=("$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.6f", b - a }')")
  done
  s=$(median "${scan[@]}") c=$(median "${fetch[@]}")
  rows=$(wc -l <"$TMP/copy.out")
  sampled=$(jget "$TMP/r.json" 'r["tables"][0]["rows_sampled"]')
  printf 'sample %6d: classify scan %.3f s (%s rows), COPY of the same sample %.3f s (%s rows), ratio %.2f\n' \
    "$n" "$s" "$sampled" "$c" "$rows" "$(awk -v a="$s" -v b="$c" 'BEGIN { print a / b }')"
done
