-- A read-only PostgreSQL account for classify (run as an administrator in
-- each database to scan). classify warns when its account can do more:
-- superuser, role or database creation, or INSERT/UPDATE/DELETE/TRUNCATE on
-- what it reads. On RDS, prefer IAM authentication (grant rds_iam) over a
-- password.
CREATE ROLE classify_scanner LOGIN;              -- add PASSWORD '...' or GRANT rds_iam
ALTER ROLE classify_scanner SET default_transaction_read_only = on;
GRANT CONNECT ON DATABASE app TO classify_scanner;
-- PostgreSQL 14 and later: read every table, present and future.
GRANT pg_read_all_data TO classify_scanner;
-- Before 14, per schema instead:
--   GRANT USAGE ON SCHEMA public TO classify_scanner;
--   GRANT SELECT ON ALL TABLES IN SCHEMA public TO classify_scanner;
--   ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO classify_scanner;
