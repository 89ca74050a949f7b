#!/usr/bin/env bash
# PostgreSQL samples that stream (classify/sources/pg.c from_clause,
# sources/reservoir.c): a 300,000-row table is sampled with an uncapped
# TABLESAMPLE (BERNOULLI when the estimate is at most 20 samples' worth,
# SYSTEM above) with no ORDER BY and no LIMIT, and the client draws exactly
# the asked number of rows. Checks the statement the server ran (its log),
# the row count, the verdict on a card column, that a seeded scan is
# repeatable, and the opt-in page-level sampling (--sampling pages). Skips (77) only when the server binaries are absent.
. "$(dirname "$0")/../setup.sh"
. "$top_srcdir/tests/db/lib.sh"

pg_start
psql_admin -d postgres -c "CREATE DATABASE stream" || exit 1
psql_admin -d stream >/dev/null <<'SQL' || exit 1
CREATE TABLE big AS
  SELECT g AS id,
         (ARRAY['4111 1111 1111 1111','5555555555554444','378282246310005'])[1 + g % 3] AS card,
         'user' || g || '@example.com' AS email
  FROM generate_series(1, 300000) g;
ANALYZE big;
-- Shrunk after ANALYZE, autovacuum off: the estimate (>= 300,000) is three
-- times the 100,000 rows left, so a first pass brings about 13,700 rows.
CREATE TABLE shrunk WITH (autovacuum_enabled = false) AS SELECT * FROM big;
ANALYZE shrunk;
DELETE FROM shrunk WHERE id % 3 <> 0;
-- Values COPY text must escape: tabs, newlines, backslashes, a literal \N
-- beside real NULLs, and UTF-8.
CREATE TABLE odd AS
  SELECT g AS id,
         E'ref\t' || g || E'\\path\nuser' || g || '@example.com' AS contact,
         CASE WHEN g % 2 = 0 THEN NULL ELSE E'\\N' END AS maybe,
         E'\t' || (ARRAY['4111 1111 1111 1111','5555555555554444','378282246310005'])[1 + g % 3]
           || E'\\' AS card,
         'Zoë Ærøskøbing ' || g AS note
  FROM generate_series(1, 120000) g;
ANALYZE odd;
CREATE ROLE scanner LOGIN PASSWORD 'stream-pw';
GRANT SELECT ON ALL TABLES IN SCHEMA public TO scanner;
ALTER SYSTEM SET log_statement = 'all';
SELECT pg_reload_conf();
SQL
export PGPASSWORD=stream-pw
URI="postgresql://scanner@127.0.0.1:$PORT/stream?sslmode=disable"
rows() { jget "$1" "[t['rows_sampled'] for t in r['tables'] if t['table']=='big'][0]"; }
label() { jget "$1" "[c['label'] for t in r['tables'] for c in t['columns'] if c['column']=='$2'][0]"; }

"$CLASSIFY" scan --quiet --seed 3 --sample 40000 --tables public.big -o "$TMP/b.json" "$URI" 2>"$TMP/err"
check "a 40,000-row sample of 300,000 rows scans" [ "$(jget "$TMP/b.json" "len(r['tables'])")" = 1 ]
check "exactly 40,000 rows are drawn" [ "$(rows "$TMP/b.json")" = 40000 ]
check "the card column is Secret" [ "$(label "$TMP/b.json" card)" = Secret ]
check "the server ran an uncapped BERNOULLI sample, as COPY text" \
  grep -q 'TABLESAMPLE BERNOULLI ([0-9.]*) REPEATABLE (3)) TO STDOUT"\?$' "$PGD/log"
check "with no server-side sort or LIMIT" \
  bash -c "! grep 'TABLESAMPLE' '$PGD/log' | grep -q 'ORDER BY\|LIMIT'"
check "still inside a read-only transaction" grep -q 'BEGIN TRANSACTION READ ONLY' "$PGD/log"

"$CLASSIFY" scan --quiet --seed 3 --sample 40000 --tables public.big -o "$TMP/b2.json" "$URI" 2>"$TMP/err"
same() { jget "$1" "[(c['column'], c['label'], json.dumps(c.get('findings'), sort_keys=True)) for t in r['tables'] for c in t['columns']]"; }
check "a seeded scan draws the same sample" [ "$(same "$TMP/b.json")" = "$(same "$TMP/b2.json")" ]

# Rows are run through the detectors as they are drawn and counted when
# the draw is final: the same report as counting the drawn rows (held for
# the corpus by tests/db/pg.sh); here, every column's counts add up.
check "every drawn value is counted once" [ "$(jget "$TMP/b.json" \
  "sorted(set(c['values_sampled'] for t in r['tables'] for c in t['columns']))")" = "[40000]" ]

# --sampling pages: whole random pages (SYSTEM) for the same table, streamed
# into the same reservoir; opt-in and recorded in the report.
: >"$PGD/log"
"$CLASSIFY" scan --quiet --seed 3 --sample 40000 --sampling pages --tables public.big \
  -o "$TMP/p.json" "$URI" 2>"$TMP/err"
check "--sampling pages draws exactly 40,000 rows" [ "$(rows "$TMP/p.json")" = 40000 ]
check "from an uncapped SYSTEM sample" \
  grep -q 'FROM "public"."big" TABLESAMPLE SYSTEM ([0-9.]*) REPEATABLE (3)) TO STDOUT"\?$' "$PGD/log"
check "--sampling pages: the card column is Secret" [ "$(label "$TMP/p.json" card)" = Secret ]
check "the report says run.sampling pages" [ "$(jget "$TMP/p.json" "r['run'].get('sampling')")" = pages ]
check "a row-uniform report has no run.sampling" [ "$(jget "$TMP/b.json" "r['run'].get('sampling')")" = None ]
"$CLASSIFY" scan --quiet --sampling sometimes "$URI" 2>"$TMP/err"; rc=$?
check "--sampling sometimes is refused (exit 1: $rc)" [ $rc -eq 1 ]

"$CLASSIFY" scan --quiet --seed 3 --sample 1000 --tables public.big -o "$TMP/s.json" "$URI" 2>"$TMP/err"
check "a small sample of a big table uses SYSTEM pages" \
  grep -q 'TABLESAMPLE SYSTEM ([0-9.]*) REPEATABLE (3)) TO STDOUT"\?$' "$PGD/log"
check "and draws exactly 1,000 rows" [ "$(rows "$TMP/s.json")" = 1000 ]

# COPY text (how a streamed sample arrives): escapes and NULLs come out as
# the values they were.
"$CLASSIFY" scan --quiet --seed 3 --sample 2000 --tables public.odd -o "$TMP/o.json" "$URI" 2>"$TMP/err"
col() { jget "$TMP/o.json" "[c['$2'] for t in r['tables'] for c in t['columns'] if c['column']=='$1'][0]"; }
check "odd values: 2,000 rows drawn" [ "$(col id values_sampled)" = 2000 ]
check "an e-mail after a tab, a backslash and a newline is found" \
  [ "$(col contact label)" = Confidential ]
check "a card between a tab and a backslash is Secret" [ "$(col card label)" = Secret ]
check "a literal \\N is a value, NULL is NULL (about half each)" \
  [ "$(jget "$TMP/o.json" "[900 < c['values_non_null'] < 1100 for t in r['tables'] for c in t['columns'] if c['column']=='maybe'][0]")" = True ]
check "UTF-8 values are whole" [ "$(col note values_non_null)" = 2000 ]
check "odd values: the table was streamed as COPY text" \
  grep -q 'FROM "public"."odd" TABLESAMPLE SYSTEM ([0-9.]*) REPEATABLE (3)) TO STDOUT"\?$' "$PGD/log"

"$CLASSIFY" scan --quiet --seed 3 --sample 40000 --tables public.shrunk -o "$TMP/k.json" "$URI" 2>"$TMP/err"
check "a too-high estimate still gives exactly 40,000 rows" \
  [ "$(jget "$TMP/k.json" "[t['rows_sampled'] for t in r['tables'] if t['table']=='shrunk'][0]")" = 40000 ]
check "by a second, fresh pass at the measured rate" \
  [ "$(grep -c 'FROM "public"."shrunk" TABLESAMPLE BERNOULLI' "$PGD/log")" = 2 ]
finish
