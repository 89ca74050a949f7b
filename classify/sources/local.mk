# sources/: where rows come from. The back-end chosen by scheme (source.c),
# CSV files (csv.c over the RFC 4180 reader csv_parse.c), PostgreSQL via
# libpq (pg.c, its catalog kept compactly in pg_catalog.c), MySQL/MariaDB via
# Connector/C (mysql.c), what the database
# back-ends share (db_util.c, db_batch.h), where a connection
# really goes and the TLS it needs (netcheck.c, pg_conn.c) and RDS IAM tokens (sigv4.c);
# AWS: HTTP with libcurl (http.c), the XML responses (aws_xml.c), the
# credential chain (aws_creds.c) and RDS discovery (rds_discover.c),
# the client-side reservoir that draws a streamed sample (reservoir.c), and
# the COPY text rows such a sample arrives in from PostgreSQL (copy_text.c).
libclassify_a_SOURCES += classify/sources/source.c \
	classify/sources/csv.c classify/sources/csv_parse.c classify/sources/csv_parse.h \
	classify/sources/pg.c classify/sources/mysql.c \
	classify/sources/pg_conn.c classify/sources/pg_conn.h \
	classify/sources/pg_catalog.c classify/sources/pg_catalog.h \
	classify/sources/netcheck.c classify/sources/netcheck.h \
	classify/sources/my_conn.c classify/sources/my_conn.h \
	classify/sources/db_util.c classify/sources/db_util.h classify/sources/db_batch.h \
	classify/sources/sigv4.c classify/sources/sigv4.h \
	classify/sources/http.c classify/sources/http.h \
	classify/sources/aws_xml.c classify/sources/aws_xml.h \
	classify/sources/aws_creds.c classify/sources/aws_creds.h \
	classify/sources/rds_discover.c classify/sources/rds_discover.h \
	classify/sources/reservoir.c classify/sources/reservoir.h \
	classify/sources/copy_text.c classify/sources/copy_text.h
# The YAML inventory of a run across a fleet (scan --targets FILE.yaml).
libclassify_a_SOURCES += classify/sources/inventory.c classify/sources/inventory.h
