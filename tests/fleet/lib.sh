# Shared by the fleet tests and bench/fleet.sh: databases full of the
# labeled corpus on throwaway servers (tests/db/lib.sh), a read-only
# `scanner` login on each, and the comparison of two reports. Sourced after
# tests/setup.sh and tests/db/lib.sh.

SCANNER_PW=Sc4nner-Pw
# The fleet databases hold the first 37 tables of the labeled corpus (the
# counts the fleet tests and bench/fleet.sh ask for are built on them), so
# a corpus that grows does not change them.
FLEET_CSVS=$(for f in $CORPUS_CSVS; do echo "$f"; done | head -37)
SAME_REPORT="/usr/bin/python3 $top_srcdir/tests/fleet/same_report.py"

# corpus_copies COUNT: "TABLE SOURCE" lines for COUNT tables made of the
# labeled corpus (tests/corpus/*.csv): the tables themselves, then copies
# c2_x, c3_x, ... until there are COUNT.
corpus_copies() {
  local n=0 i=2 f
  while [ "$n" -lt "$1" ]; do
    for f in $FLEET_CSVS; do
      [ "$n" -lt "$1" ] || break
      n=$((n + 1))
      [ "$n" -gt 37 ] && echo "c${i}_$(basename "$f" .csv) $(basename "$f" .csv)"
    done
    [ "$n" -gt 37 ] && i=$((i + 1))
  done
}

# fleet_pg_db NAME COUNT: a PostgreSQL database NAME holding COUNT tables
# of the labeled corpus (corpus_copies), readable by role scanner.
fleet_pg_db() {
  local db=$1 count=$2 f t
  psql_admin -d postgres -c "CREATE DATABASE $db" || return 1
  psql_admin -d postgres -c "DO \$\$ BEGIN CREATE ROLE scanner LOGIN PASSWORD '$SCANNER_PW';
    EXCEPTION WHEN duplicate_object THEN NULL; END \$\$" || return 1
  for f in $FLEET_CSVS; do
    t=$(basename "$f" .csv)
    psql_admin -d "$db" -c "CREATE TABLE $t ($(csv_columns "$f" '"'))" \
      -c "\\copy $t FROM '$f' WITH (FORMAT csv, HEADER true)" || return 1
  done
  corpus_copies "$count" | while read -r t f; do
    echo "CREATE TABLE $t AS SELECT * FROM $f;"
  done | psql_admin -d "$db" || return 1
  psql_admin -d "$db" -c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO scanner; ANALYZE" ||
    return 1
}

# fleet_my_db NAME COUNT: the same in MariaDB, readable by user scanner.
fleet_my_db() {
  local db=$1 count=$2 f t nulls
  sql_admin -e "CREATE DATABASE $db CHARACTER SET utf8mb4;
    CREATE USER IF NOT EXISTS scanner@'%' IDENTIFIED BY '$SCANNER_PW';
    GRANT SELECT ON $db.* TO scanner@'%'; SET GLOBAL local_infile = 1" || return 1
  for f in $FLEET_CSVS; do
    t=$(basename "$f" .csv)
    nulls=$(head -1 "$f" | tr -d '\r' | awk -F, '{for (i = 1; i <= NF; i++) printf "%s`%s` = NULLIF(`%s`, '"''"')", (i > 1 ? ", " : ""), $i, $i}')
    sql_admin --local-infile=1 "$db" -e "CREATE TABLE \`$t\` ($(csv_columns "$f" '`'));
      LOAD DATA LOCAL INFILE '$f' INTO TABLE \`$t\` CHARACTER SET utf8mb4 FIELDS TERMINATED BY ','
        OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' LINES TERMINATED BY '\n' IGNORE 1 LINES;
      UPDATE \`$t\` SET $nulls" >/dev/null || return 1
  done
  corpus_copies "$count" | while read -r t f; do
    echo "CREATE TABLE \`$t\` AS SELECT * FROM \`$f\`;"
  done | sql_admin "$db" || return 1
  # Persistent statistics, so TABLE_ROWS (the estimate that picks the
  # sampling method) is the same in every run.
  sql_admin -N "$db" -e "SELECT CONCAT('ANALYZE TABLE \`', table_name, '\`;')
    FROM information_schema.tables WHERE table_schema = '$db'" | sql_admin "$db" >/dev/null
}

# same_report A B: the reports are equal but for their timings.
same_report() { $SAME_REPORT "$1" "$2"; }

# count_tables REPORT
count_tables() { jget "$1" 'len(r["tables"])'; }
