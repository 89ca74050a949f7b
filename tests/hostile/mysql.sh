#!/usr/bin/env bash
# Hostile schemas against a real throwaway MariaDB (issue 10, items 4 and
# 5): views whose stored functions turn the session read-write
# (SET @@session.tx_read_only = 0), then copy card numbers into the
# attacker's table; a function that fails quoting a card number. Checked in
# the server: no row written; checked in every output: no raw value.
. "$(dirname "$0")/../setup.sh"
. "$top_srcdir/tests/db/lib.sh"

my_start
CARD=4929381312860053
sql_admin <<SQL || exit 1
CREATE DATABASE app;
USE app;
CREATE TABLE loot (v text);
CREATE TABLE cards (card text);
INSERT INTO cards VALUES ('$CARD');
DELIMITER //
CREATE FUNCTION flip() RETURNS int MODIFIES SQL DATA BEGIN
  SET @@session.tx_read_only = 0;
  RETURN 1;
END //
CREATE FUNCTION grab() RETURNS int MODIFIES SQL DATA BEGIN
  INSERT INTO loot SELECT card FROM cards;
  RETURN 1;
END //
CREATE FUNCTION loud(x text) RETURNS int DETERMINISTIC BEGIN
  DECLARE m varchar(128) DEFAULT CONCAT('bad value ', x);
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = m;
  RETURN 1;
END //
DELIMITER ;
-- Sampled in name order: the first turns the session read-write, the
-- next ones write in what would then be read-write transactions.
CREATE VIEW a_flip AS SELECT flip() AS f;
CREATE VIEW b_grab AS SELECT grab() AS g;
CREATE VIEW c_grab AS SELECT grab() AS g;
CREATE VIEW d_loud AS SELECT loud(card) AS n FROM cards;
CREATE USER 'scanner'@'127.0.0.1' IDENTIFIED BY 'Hostile-My-Pw-1';
GRANT SELECT, EXECUTE ON app.* TO 'scanner'@'127.0.0.1';
SQL
URI="mysql://scanner:Hostile-My-Pw-1@127.0.0.1:$MY_PORT/app"

for jobs in 1 2; do
  "$CLASSIFY" scan --include-views --jobs $jobs -o "$TMP/r$jobs.json" --xlsx "$TMP/r$jobs.xlsx" \
    "$URI" 2>"$TMP/err$jobs"
  loot=$(sql_admin -N -e "SELECT count(*) FROM app.loot")
  check "--jobs $jobs: no row reached the attacker's table (got $loot)" [ "$loot" = 0 ]
  check "--jobs $jobs: the writing views failed on the read-only transaction" \
    [ "$(jget "$TMP/r$jobs.json" "sorted(e['table'] for e in r['errors'] if 'READ ONLY' in e['message'])")" = "['app.b_grab', 'app.c_grab']" ]
  check "--jobs $jobs: the other tables were scanned" \
    [ "$(jget "$TMP/r$jobs.json" "sorted(t['table'] for t in r['tables'])")" = "['a_flip', 'cards', 'loot']" ]
  check "--jobs $jobs: the function's error is recorded, masked" \
    [ "$(jget "$TMP/r$jobs.json" "len([e for e in r['errors'] if e['message'] == 'bad value 4929********0053'])")" = 1 ]
  unzip -p "$TMP/r$jobs.xlsx" xl/sharedStrings.xml >"$TMP/shared$jobs.xml" 2>/dev/null
  for f in "$TMP/err$jobs" "$TMP/r$jobs.json" "$TMP/shared$jobs.xml"; do
    check "--jobs $jobs: no raw card number in $(basename "$f")" eval "! grep -q '$CARD' '$f'"
  done
done

finish
