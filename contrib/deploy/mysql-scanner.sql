-- A read-only MySQL/MariaDB account for classify, reachable only over TLS.
-- classify warns (run.warnings) when SHOW GRANTS shows more than it needs.
CREATE USER 'classify_scanner'@'%' IDENTIFIED BY 'change-me' REQUIRE SSL;
GRANT SELECT, SHOW VIEW ON app.* TO 'classify_scanner'@'%';
