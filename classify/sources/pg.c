/* The PostgreSQL source (libpq). The target is any libpq URI or conninfo
 * string, handed to libpq as-is so every libpq option (and PGPASSWORD,
 * ~/.pgpass, PGSSLMODE...) works; classify only adds application_name,
 * TLS requirements and session limits. The catalog is read with one query
 * for the tables and one for all their columns, both row by row into the
 * compact catalog of pg_catalog.c. Sampling uses TABLESAMPLE
 * SYSTEM (random pages: cost grows with the sample, not the table) for big
 * tables, BERNOULLI (reads every page, picks rows uniformly) for tables up
 * to 20 samples' worth, and a plain LIMIT read for small, never-analysed
 * tables and views. Every value that can be long is cut server-side with
 * left(col::text, 4096) (a character type's only when it is longer than
 * that: select_list); a big table's sample, drawn on the client (a
 * reservoir), arrives as COPY text. Small tables are sampled in pipelined
 * batches (pg_sample_batch, db_batch.h), each sample read as one result
 * of at most n rows of cut values (a row at a time when a column's type
 * is not cut server-side). */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <libpq-fe.h>

#include "classify/source.h"
#include "sources/copy_text.h"
#include "sources/db_batch.h"
#include "sources/db_util.h"
#include "sources/netcheck.h"
#include "sources/pg_catalog.h"
#include "sources/pg_conn.h"
#include "sources/reservoir.h"
#include "sources/sigv4.h"
#include "util/util.h"

struct cls_source {
    PGconn *conn;
    struct cls_source_options opts;
    char *display;
    char *password;                  /* from the target, to scrub messages */
    uint64_t seed;
    struct cls_pg_catalog cat;       /* filled by list_tables */
    struct cls_strlist warnings;
    struct cls_source_info info;
    char *server_version, *tls_version, *tls_cipher;
    int catalog_read;                /* list_tables ran on this connection */
    struct cls_pg_plan plan;         /* where the connection goes (pg_conn.c) */
    int tls_need;                    /* enum cls_tls_need applied */
    int timed_out;                   /* the deadline dropped the connection */
    int unsafe;                      /* a transaction turned read-write */
};

/* Every sample runs in its own read-only transaction with the search path
 * pinned, and is ended by ROLLBACK: a read-only transaction has nothing to
 * commit, and ROLLBACK also undoes any SET a function in the database made
 * (default_transaction_read_only = off, search_path), which a COMMIT would
 * have kept for the next table. The ROLLBACK in front ends a transaction a
 * failed query left aborted (outside one it is only a warning). */
#define PG_BEGIN "ROLLBACK", "BEGIN TRANSACTION READ ONLY", \
    "SET LOCAL search_path = pg_catalog, pg_temp"
#define PG_CHECK "SELECT pg_catalog.current_setting('transaction_read_only')"

/* After this long past the statement timeout without a byte from the
 * server, the query is cancelled; after as long again, the connection is
 * dropped: a frozen backend answers neither the query nor the cancel. */
#define PG_GRACE_MS 2000

static int pg_result_fail(struct cls_source *s, struct cls_error *err, const PGresult *res);

/* Sets err from the connection's last message, password scrubbed. */
static int pg_fail(struct cls_source *s, struct cls_error *err, const char *what,
                   const char *msg)
{
    int code = PQstatus(s->conn) == CONNECTION_BAD ? CLS_ECONN : CLS_ESOURCE;
    if (s->timed_out && code == CLS_ECONN)
        return cls_error_set(err, CLS_ETIMEOUT,
                             "no reply from the server within %u ms of the statement "
                             "timeout, nor to the cancel request; the connection was dropped",
                             2 * PG_GRACE_MS);
    if (s->password || !PQpass(s->conn))
        return cls_db_error(err, code, s->password, what, msg);
    return cls_db_error(err, code, PQpass(s->conn), what, msg);
}

/* The client-side deadline of one wait for the server: no byte for the
 * statement timeout and PG_GRACE_MS, then the query is cancelled; no byte
 * for PG_GRACE_MS more, then the socket is shut down so that libpq
 * reports the connection lost (s->timed_out says why). A server's own
 * timeouts cannot fire in a backend that is stopped or cut off; this can. */
struct pg_deadline {
    int limit, cancelled;
};

static struct pg_deadline pg_deadline(const struct cls_source *s)
{
    unsigned st = s->opts.statement_timeout_ms ? s->opts.statement_timeout_ms : 30000;
    return (struct pg_deadline){(int)(st + PG_GRACE_MS), 0};
}

/* Waits for input under the deadline d and reads it into libpq. Returns 0
 * to look again, -1 when there is nothing more to wait for (the
 * connection failed or was given up). */
static int pg_wait_input(struct cls_source *s, struct pg_deadline *d)
{
    struct pollfd p = {.fd = PQsocket(s->conn), .events = POLLIN};
    if (p.fd < 0)
        return -1;
    int n = poll(&p, 1, d->limit);
    if (n < 0 && errno == EINTR)
        return 0;
    if (n != 0)
        return PQconsumeInput(s->conn) ? 0 : -1;
    if (!d->cancelled) {
        char buf[256];
        PGcancel *c = PQgetCancel(s->conn);
        if (c)
            PQcancel(c, buf, sizeof buf);
        PQfreeCancel(c);
        d->cancelled = 1;
        d->limit = PG_GRACE_MS;
        return 0;
    }
    s->timed_out = 1;
    shutdown(p.fd, SHUT_RDWR);
    PQconsumeInput(s->conn);
    return -1;
}

/* Waits until the current result can be read without blocking, or the
 * deadline gives up. */
static void pg_wait(struct cls_source *s)
{
    struct pg_deadline d = pg_deadline(s);
    while (PQstatus(s->conn) == CONNECTION_OK && PQisBusy(s->conn))
        if (pg_wait_input(s, &d) < 0)
            return;
}

/* PQgetResult under the client-side deadline. */
static PGresult *pg_result(struct cls_source *s)
{
    pg_wait(s);
    return PQgetResult(s->conn);
}

/* Runs sql (one or more statements) under the deadline. 0, or the first
 * failure; when first is given, it receives a copy of the first value of
 * the first row returned (NULL if none). */
static int pg_run(struct cls_source *s, const char *sql, char **first, struct cls_error *err)
{
    int rc = PQsendQuery(s->conn, sql) ? 0 : pg_fail(s, err, NULL, PQerrorMessage(s->conn));
    PGresult *res;
    while (rc == 0 && (res = pg_result(s)) != NULL) {
        ExecStatusType st = PQresultStatus(res);
        if (st == PGRES_TUPLES_OK && first && !*first && PQntuples(res) > 0 &&
            !(*first = strdup(PQgetvalue(res, 0, 0))))
            rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
        else if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
            rc = pg_result_fail(s, err, res);
        PQclear(res);
    }
    while (rc < 0 && (res = pg_result(s)) != NULL)
        PQclear(res);
    return rc;
}

/* What the read-only check returned: 0 when "on", else CLS_EUNSAFE and
 * the source refuses every later sample. */
static int pg_check_read_only(struct cls_source *s, const char *value, struct cls_error *err)
{
    if (value && strcmp(value, "on") == 0)
        return 0;
    s->unsafe = 1;
    return cls_error_set(err, CLS_EUNSAFE,
                         "%s: a sampling transaction was not read-only (transaction_read_only "
                         "is %s); the scan of this target was stopped",
                         s->display, value ? value : "unknown");
}

/* The primary message of a failed result ("permission denied for table t").
 * A FATAL error ends the session (pg_terminate_backend, a restart): the
 * connection is lost even while libpq has not yet read its end. */
static int pg_result_fail(struct cls_source *s, struct cls_error *err, const PGresult *res)
{
    const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *sev = res ? PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED) : NULL;
    int rc = pg_fail(s, err, NULL, m ? m : PQerrorMessage(s->conn));
    if (sev && (strcmp(sev, "FATAL") == 0 || strcmp(sev, "PANIC") == 0) && rc == CLS_ESOURCE)
        err->code = rc = CLS_ECONN;
    return rc;
}

static const char *opt_value(const PQconninfoOption *o, const char *key)
{
    for (; o && o->keyword; o++)
        if (strcmp(o->keyword, key) == 0)
            return o->val;
    return NULL;
}

/* The core never prints: server notices (e.g. "terminating connection")
 * are dropped; what matters arrives as an error on the query. */
static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* The RDS IAM token replaces the password; it is kept for scrubbing. */
static int pg_iam_token(struct cls_source *s, const PQconninfoOption *ci, const char *host,
                        struct cls_error *err)
{
    const char *port = opt_value(ci, "port");
    char *token = NULL;
    int rc = cls_rds_token_from_env(&token, host, port && *port ? (unsigned)atoi(port) : 5432,
                                    opt_value(ci, "user"), s->opts.region, err);
    if (rc < 0)
        return rc;
    free(s->password);
    s->password = token;
    return 0;
}

/* libpq's "server does not support SSL" and certificate failures, said
 * as what classify refused and what the user can do about it. */
static int pg_connect_fail(struct cls_source *s, struct cls_error *err)
{
    const char *m = PQerrorMessage(s->conn);
    if (s->tls_need >= CLS_TLS_ENCRYPT && strstr(m, "does not support SSL"))
        return cls_error_set(err, CLS_ESOURCE, "%s: " CLS_NET_NO_TLS_HINT, s->display);
    if (s->tls_need == CLS_TLS_VERIFY && !s->opts.ssl_ca &&
        (strstr(m, "certificate") || strstr(m, "server name")))
        return cls_error_set(err, CLS_ESOURCE, "%s: " CLS_NET_UNVERIFIED_HINT, s->display);
    return pg_fail(s, err, s->display, m);
}

/* Connects with the target expanded as dbname, then the forced options
 * (later keywords override what the target said): the host, hostaddr and
 * port lists of the plan, so libpq dials the addresses checked, and the
 * TLS the destination needs (pg_conn.c). */
static int pg_connect(struct cls_source *s, const char *target, const PQconninfoOption *ci,
                      struct cls_error *err)
{
    /* 8 of classify's own, up to 5 from the plan, the password and the end. */
    const char *keys[20], *vals[20];
    int n = 0;
    keys[n] = "connect_timeout", vals[n++] = "10";  /* default; the target may override */
    /* A host that vanishes (not a stopped backend: its kernel still
     * answers) is found within about a minute, not the system's hours. */
    keys[n] = "keepalives", vals[n++] = "1";
    keys[n] = "keepalives_idle", vals[n++] = "30";
    keys[n] = "keepalives_interval", vals[n++] = "10";
    keys[n] = "keepalives_count", vals[n++] = "3";
    keys[n] = "tcp_user_timeout", vals[n++] = "60000";
    keys[n] = "dbname", vals[n++] = target;
    keys[n] = "application_name", vals[n++] = "classify";
    int rc = cls_pg_plan_params(&s->plan, &s->opts, keys, vals, &n, &s->tls_need, err);
    if (rc < 0)
        return rc;
    if (s->opts.iam_auth) {
        const char *host = s->plan.count ? s->plan.dial[0].host : "";
        rc = pg_iam_token(s, ci, host, err);
        if (rc < 0)
            return rc;
        keys[n] = "password", vals[n++] = s->password;
    }
    keys[n] = NULL, vals[n] = NULL;
    s->conn = PQconnectdbParams(keys, vals, 1);
    if (!s->conn)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    PQsetNoticeProcessor(s->conn, ignore_notice, NULL);
    if (PQstatus(s->conn) != CONNECTION_OK)
        return pg_connect_fail(s, err);
    if (!PQsslInUse(s->conn) && s->tls_need >= CLS_TLS_ENCRYPT)
        return cls_error_set(err, CLS_ESOURCE, "%s: the connection is not encrypted; use TLS "
                             "(--ssl-ca) or --allow-plaintext", s->display);
    return 0;
}

static int pg_exec_ok(struct cls_source *s, const char *sql, struct cls_error *err)
{
    PGresult *res = PQexec(s->conn, sql);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
    int rc = ok ? 0 : pg_result_fail(s, err, res);
    PQclear(res);
    return rc;
}

/* Read-only transactions and the timeouts, for the whole session. */
static int pg_session(struct cls_source *s, struct cls_error *err)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; "
             "SET search_path = pg_catalog, pg_temp; "
             "SET statement_timeout = %u; SET lock_timeout = %u",
             s->opts.statement_timeout_ms ? s->opts.statement_timeout_ms : 30000,
             s->opts.lock_timeout_ms ? s->opts.lock_timeout_ms : 5000);
    return pg_exec_ok(s, sql, err);
}

/* True when libpq verified the certificate and the host name. */
static int verify_full_in_use(PGconn *conn)
{
    PQconninfoOption *o = PQconninfo(conn);
    const char *m = opt_value(o, "sslmode");
    int yes = m && strcmp(m, "verify-full") == 0;
    PQconninfoFree(o);
    return yes;
}

/* TLS facts and whether the server refuses plaintext: rds.force_ssl on
 * RDS, else pg_hba_file_rules when this account may read it. */
static void pg_tls_info(struct cls_source *s)
{
    struct cls_source_info *in = &s->info;
    in->engine = "postgresql";
    in->tls = PQsslInUse(s->conn);
    s->tls_version = cls_strdup(in->tls ? PQsslAttribute(s->conn, "protocol") : "");
    s->tls_cipher = cls_strdup(in->tls ? PQsslAttribute(s->conn, "cipher") : "");
    s->server_version = cls_strdup(PQparameterStatus(s->conn, "server_version"));
    in->tls_version = s->tls_version ? s->tls_version : "";
    in->tls_cipher = s->tls_cipher ? s->tls_cipher : "";
    in->server_version = s->server_version ? s->server_version : "";
    in->server_requires_tls = -1;
    in->tls_verified = in->tls && (s->opts.ssl_ca || s->tls_need == CLS_TLS_VERIFY ||
                                   verify_full_in_use(s->conn));
    in->tls_no_verify = in->tls && !in->tls_verified && s->tls_need == CLS_TLS_ENCRYPT;
    if (in->tls_no_verify)
        cls_strlist_add(&s->warnings, "%s: --tls-no-verify: the server's certificate was not "
                        "verified, so whoever answered may have read the login", s->display);
    PGresult *res = PQexec(s->conn,
                           "SELECT current_setting('rds.force_ssl', true), "
                           "current_setting('ssl', true)");
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
        const char *force = PQgetvalue(res, 0, 0), *ssl = PQgetvalue(res, 0, 1);
        if (strcmp(force, "1") == 0 || strcmp(force, "on") == 0)
            in->server_requires_tls = 1;
        else if (strcmp(ssl, "off") == 0 || strcmp(force, "0") == 0)
            in->server_requires_tls = 0;
    }
    PQclear(res);
    if (in->server_requires_tls != -1)
        return;
    /* Plaintext is possible when a non-reject host/hostnossl rule exists. */
    res = PQexec(s->conn, "SELECT count(*) FILTER (WHERE type IN ('host', 'hostnossl') "
                          "AND auth_method <> 'reject') FROM pg_hba_file_rules");
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
        in->server_requires_tls = strcmp(PQgetvalue(res, 0, 0), "0") == 0;
    PQclear(res);
}

#define PG_USER_SCHEMAS                                                            \
    "n.nspname NOT IN ('pg_catalog', 'information_schema') "                       \
    "AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'"

/* Superuser, role admin, write or DDL rights: each is a warning. */
static int pg_privileges(struct cls_source *s)
{
    PGresult *res = PQexec(
        s->conn,
        "SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication, "
        "r.rolbypassrls, has_database_privilege(current_database(), 'CREATE'), "
        "(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        " WHERE c.relkind IN ('r', 'p') AND " PG_USER_SCHEMAS
        " AND (has_table_privilege(c.oid, 'INSERT') OR has_table_privilege(c.oid, 'UPDATE')"
        " OR has_table_privilege(c.oid, 'DELETE') OR has_table_privilege(c.oid, 'TRUNCATE'))), "
        "(SELECT count(*) FROM pg_namespace n WHERE " PG_USER_SCHEMAS
        " AND has_schema_privilege(n.oid, 'CREATE')), current_user "
        "FROM pg_roles r WHERE r.rolname = current_user");
    int rc = 0;
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        rc = cls_strlist_add(&s->warnings, "%s: could not check the account's privileges",
                             s->display);
        PQclear(res);
        return rc;
    }
    static const char *const what[] = {"superuser", "CREATEROLE", "CREATEDB", "REPLICATION",
                                       "BYPASSRLS", "CREATE on the database"};
    char rights[512] = "";
    for (int i = 0; i < 6; i++)
        if (strcmp(PQgetvalue(res, 0, i), "t") == 0)
            snprintf(rights + strlen(rights), sizeof rights - strlen(rights), "%s%s",
                     rights[0] ? ", " : "", what[i]);
    if (strcmp(PQgetvalue(res, 0, 6), "0") != 0)
        snprintf(rights + strlen(rights), sizeof rights - strlen(rights),
                 "%sINSERT/UPDATE/DELETE/TRUNCATE on %s tables", rights[0] ? ", " : "",
                 PQgetvalue(res, 0, 6));
    if (strcmp(PQgetvalue(res, 0, 7), "0") != 0)
        snprintf(rights + strlen(rights), sizeof rights - strlen(rights),
                 "%sCREATE in %s schemas", rights[0] ? ", " : "", PQgetvalue(res, 0, 7));
    if (rights[0])
        rc = cls_strlist_add(&s->warnings,
                             "%s: account \"%s\" has more than read access (%s); scan with a "
                             "read-only account",
                             s->display, PQgetvalue(res, 0, 8), rights);
    PQclear(res);
    return rc;
}

static void pg_close(struct cls_source *s);
static void pg_disconnect(struct cls_source *s);

static int pg_open(struct cls_source **out, const char *target,
                   const struct cls_source_options *opts, struct cls_error *err)
{
    char *perr = NULL;
    PQconninfoOption *ci = PQconninfoParse(target, &perr);
    if (!ci) {
        /* libpq's message quotes the bad token, which may be the password. */
        PQfreemem(perr);
        char *shown = cls_db_redact_target(target);
        int rc = cls_error_set(err, CLS_EUSAGE, "%s: cannot parse the connection string "
                               "(check quoting and %%-escapes)",
                               shown ? shown : "postgresql target");
        free(shown);
        return rc;
    }
    struct cls_source *s = calloc(1, sizeof *s);
    int rc = s ? 0 : CLS_ENOMEM;
    if (s) {
        s->opts = *opts;         /* ssl_ca is borrowed: used only while connecting */
        s->seed = opts->seeded ? opts->seed : (uint64_t)time(NULL);
        s->password = cls_strdup(opt_value(ci, "password"));
        rc = cls_pg_plan_build(&s->plan, target, true, err);
        if (rc == CLS_ESOURCE) {      /* a host that does not resolve */
            char *shown = cls_db_redact_target(target);
            struct cls_error e = *err;
            cls_error_set(err, rc, "%s: %s", shown ? shown : "postgresql target", e.message);
            free(shown);
        }
        s->display = rc == 0 ? cls_strdup(s->plan.display) : NULL;
        if (rc == 0 && !s->display)
            rc = CLS_ENOMEM;
    }
    if (rc == 0)
        rc = pg_connect(s, target, ci, err);
    if (rc == 0)
        rc = pg_session(s, err);
    if (rc == 0 && !opts->extra_connection) {
        pg_tls_info(s);
        rc = pg_privileges(s);
    }
    PQconninfoFree(ci);
    if (rc == CLS_ENOMEM)
        cls_error_set(err, CLS_ENOMEM, "out of memory");
    if (rc < 0) {
        pg_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

/* Runs a catalog query in single-row mode and hands each row to fn: the
 * catalog of 100,000 tables never sits whole in one PGresult. 0, or the
 * first failure (fn's CLS_ENOMEM as "out of memory"); every result is
 * drained, so the connection is ready for the next query. */
static int catalog_rows(struct cls_source *s, const char *sql,
                        int (*fn)(struct cls_source *s, const PGresult *row, void *user),
                        void *user, struct cls_error *err)
{
    int rc = 0;
    if (!PQsendQuery(s->conn, sql) || !PQsetSingleRowMode(s->conn))
        rc = pg_fail(s, err, NULL, PQerrorMessage(s->conn));
    PGresult *res;
    while (rc == 0 && (res = pg_result(s)) != NULL) {
        ExecStatusType st = PQresultStatus(res);
        if (st == PGRES_SINGLE_TUPLE && fn(s, res, user) < 0)
            rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
        else if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK)
            rc = pg_result_fail(s, err, res);
        PQclear(res);
    }
    while (rc < 0 && (res = pg_result(s)) != NULL)
        PQclear(res);
    return rc;
}

static int column_row(struct cls_source *s, const PGresult *res, void *user)
{
    (void)user;
    return cls_pg_catalog_add_column(&s->cat, (unsigned)strtoul(PQgetvalue(res, 0, 0), NULL, 10),
                                     PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2),
                                     PQgetvalue(res, 0, 3), PQgetvalue(res, 0, 4),
                                     strcmp(PQgetvalue(res, 0, 5), "t") == 0);
}

static int pg_load_columns(struct cls_source *s, const char *kinds, struct cls_error *err)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), "
             "t.typname, t.typcategory, t.typnamespace = 'pg_catalog'::regnamespace "
             "FROM pg_attribute a "
             "JOIN pg_class c ON c.oid = a.attrelid "
             "JOIN pg_namespace n ON n.oid = c.relnamespace "
             "JOIN pg_type t ON t.oid = a.atttypid "
             "WHERE c.relkind IN (%s) AND NOT c.relispartition AND " PG_USER_SCHEMAS
             " AND a.attnum > 0 AND NOT a.attisdropped "
             "ORDER BY a.attrelid, a.attnum",  /* no name sort (collation): ~half the time */
             kinds);
    if (cls_pg_catalog_begin_columns(&s->cat) < 0)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    int rc = catalog_rows(s, sql, column_row, NULL, err);
    if (cls_pg_catalog_end_columns(&s->cat) < 0 && rc == 0)
        rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
    return rc;
}

static int fill_ref(struct cls_table_ref *t, const PGresult *res, const char *db)
{
    const char *sch = PQgetvalue(res, 0, 1), *name = PQgetvalue(res, 0, 2);
    double est = strtod(PQgetvalue(res, 0, 3), NULL);
    t->database = cls_strdup_utf8(db, strlen(db));
    t->schema = cls_strdup_utf8(sch, strlen(sch));
    t->name = cls_strdup_utf8(name, strlen(name));
    /* reltuples is -1 for a table never vacuumed or analysed. */
    t->rows_estimated = est < 0 ? -1 : (int64_t)est;
    return t->database && t->schema && t->name ? 0 : CLS_ENOMEM;
}

struct table_rows {
    struct cls_table_list *out;
    size_t cap;
    const char *db;
};

/* One table: its printable ref into the list, its raw names into the
 * source's catalog. */
static int table_row(struct cls_source *s, const PGresult *res, void *user)
{
    struct table_rows *tr = user;
    struct cls_table_list *out = tr->out;
    if (cls_grow((void **)&out->items, &tr->cap, out->count, sizeof *out->items) < 0)
        return CLS_ENOMEM;
    struct cls_table_ref *t = &out->items[out->count++];
    if (fill_ref(t, res, tr->db) < 0)
        return CLS_ENOMEM;
    return cls_pg_catalog_add_rel(&s->cat, (unsigned)strtoul(PQgetvalue(res, 0, 0), NULL, 10),
                                  PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2),
                                  PQgetvalue(res, 0, 4)[0], t);
}

static int pg_list_tables(struct cls_source *s, struct cls_table_list *out,
                          struct cls_error *err)
{
    const char *kinds = s->opts.include_views ? "'r', 'p', 'm', 'v'" : "'r', 'p', 'm'";
    char sql[2048];
    /* A partitioned table is listed once, as its parent, with the sum of
     * its leaf partitions' estimates. The catalog read takes no table
     * lock (pg_relation_size and pg_partition_tree do, so one table locked
     * ACCESS EXCLUSIVE made the whole database unreadable): the estimate is
     * reltuples, or the statistics' live-tuple count when the table grew
     * since it was analysed. */
    snprintf(sql, sizeof sql,
             "SELECT c.oid, n.nspname, c.relname, CASE WHEN c.relkind = 'p' THEN "
             "(WITH RECURSIVE tree(relid) AS (SELECT c.oid UNION ALL SELECT i.inhrelid "
             "FROM pg_inherits i JOIN tree ON i.inhparent = tree.relid) "
             "SELECT coalesce(sum(greatest(p.reltuples, 0)), -1) FROM tree "
             "JOIN pg_class p ON p.oid = tree.relid WHERE p.relkind <> 'p') "
             "WHEN c.relkind = 'v' OR c.reltuples < 0 THEN -1 "
             "ELSE greatest(c.reltuples, pg_stat_get_live_tuples(c.oid)) END, "
             "c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
             "WHERE c.relkind IN (%s) AND NOT c.relispartition AND " PG_USER_SCHEMAS
             " ORDER BY n.nspname, c.relname",
             kinds);
    s->catalog_read = 1;
    cls_pg_catalog_clear(&s->cat);
    const char *db = PQdb(s->conn);
    struct table_rows tr = {.out = out, .db = db ? db : ""};
    int rc = catalog_rows(s, sql, table_row, &tr, err);
    /* The list grew by doubling: give back what the tables do not use. */
    if (out->count && out->count < tr.cap) {
        struct cls_table_ref *fit = realloc(out->items, out->count * sizeof *out->items);
        if (fit)
            out->items = fit;
    }
    return rc < 0 ? rc : pg_load_columns(s, kinds, err);
}

static const struct cls_pg_rel *rel_by_name(struct cls_source *s, const struct cls_table_ref *t)
{
    return cls_pg_catalog_find(&s->cat, t);
}

static int pg_list_columns(struct cls_source *s, const struct cls_table_ref *t,
                           struct cls_column_list *out, struct cls_error *err)
{
    const struct cls_pg_rel *r = rel_by_name(s, t);
    if (!r)
        return cls_error_set(err, CLS_ESOURCE, "no such table");
    out->items = calloc(r->ncols ? r->ncols : 1, sizeof *out->items);
    if (!out->items)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    for (size_t i = 0; i < r->ncols; i++) {
        const struct cls_pg_type *ty = cls_pg_col_type(&s->cat, r, i);
        struct cls_column_ref *d = &out->items[out->count++];
        d->name = cls_strdup(cls_pg_col_name(r, i));
        d->data_type = cls_strdup(ty->shown);
        d->skipped = ty->skip_reason != NULL;
        d->builtin_type = ty->builtin;
        d->skip_reason = cls_strdup(ty->skip_reason);
        if (!d->name || !d->data_type || (ty->skip_reason && !d->skip_reason))
            return cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    return 0;
}

/* Appends a and b to a growing SQL string; returns 0 or CLS_ENOMEM (then
 * *sql is as it was, the caller's to free). By realloc, not a printf of
 * the whole string per piece: a batch builds a query per small table. */
static int sql_add(char **sql, const char *a, const char *b)
{
    size_t have = *sql ? strlen(*sql) : 0, la = strlen(a), lb = strlen(b);
    char *next = realloc(*sql, have + la + lb + 1);
    if (!next)
        return CLS_ENOMEM;
    memcpy(next + have, a, la);
    memcpy(next + have + la, b, lb + 1);
    *sql = next;
    return 0;
}

/* True for a type whose text form never exceeds CLS_VALUE_MAX characters
 * (format_type names): its values need no left(), which walks every
 * character of every value on the server. */
static int short_text(const char *type)
{
    static const char *const fixed[] = {
        "smallint", "integer", "bigint", "real", "double precision", "boolean", "date",
        "uuid", "money", "oid", "inet", "cidr", "macaddr", "macaddr8", "name",
    };
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        if (strcmp(type, fixed[i]) == 0)
            return 1;
    if (strncmp(type, "timestamp", 9) == 0 || strncmp(type, "time ", 5) == 0 ||
        strcmp(type, "time") == 0)
        return strchr(type, '[') == NULL;
    static const char *const sized[] = {"character varying(", "character("};
    return cls_db_type_length_fits(type, sized, 2, CLS_VALUE_MAX);
}

/* True for a character type (format_type names) whose value the server
 * holds as text already: its octet_length() reads only the value's header
 * (the test never detoasts a value), so a value that fits is sent as it
 * is and only a longer one is cut by left(). On 1,000,000 rows of 8 text
 * columns that halved the server's time of a 10% sample (215 -> 125 ms):
 * left() copies every value and counts its characters. */
static int string_type(const char *type)
{
    /* "character" also starts "character varying"; an array's name ends
     * in "[]" and has no octet_length(). */
    return (strcmp(type, "text") == 0 || strncmp(type, "character", 9) == 0) &&
           strchr(type, '[') == NULL;
}

/* Column i of cols as the server names it: the raw name the catalog (r,
 * when this connection read it) holds for that printable name. */
static const char *raw_column(const struct cls_pg_rel *r, const struct cls_column_list *cols,
                              size_t i)
{
    const char *shown = cols->items[i].name;
    if (r && i < r->ncols && strcmp(cls_pg_col_name(r, i), shown) == 0)
        return cls_pg_col_raw(r, i);
    return shown;
}

/* A column's quoted identifier (PQfreemem it), NULL on out of memory. */
static char *quote_column(struct cls_source *s, const struct cls_pg_rel *r,
                          const struct cls_column_list *cols, size_t i)
{
    const char *name = raw_column(r, cols, i);
    return PQescapeIdentifier(s->conn, name, strlen(name));
}

/* CLS_VALUE_MAX as SQL text (a literal, or an expression SQL reads alike). */
#define PG_STR_(x) #x
#define PG_STR(x) PG_STR_(x)

/* The select list, NULL for the skipped columns so positions match the
 * column list. A built-in type is cast and cut server-side with built-in
 * functions, schema-qualified: pg_catalog.left(col::pg_catalog.text, 4096)
 * (no left() for short types, and only for a long value of a character
 * type). Any other type (composite, enum, domain,
 * array of one) is selected as it is: the server's type output makes its
 * text and deliver() cuts it. A cast of such a type to text may be a
 * function its owner wrote (CREATE CAST ... WITH FUNCTION), which would
 * run as the scanning role. */
static int select_list(struct cls_source *s, const struct cls_pg_rel *r,
                       const struct cls_column_list *cols, char **sql)
{
    int rc = sql_add(sql, "SELECT ", "");
    for (size_t i = 0; rc == 0 && i < cols->count; i++) {
        const char *sep = i ? ", " : "";
        if (cols->items[i].skipped) {
            rc = sql_add(sql, sep, "NULL");
            continue;
        }
        char *id = quote_column(s, r, cols, i);
        if (!id)
            return CLS_ENOMEM;
        const char *type = cols->items[i].data_type;
        if (!cols->items[i].builtin_type)
            rc = sql_add(sql, sep, id);
        else if (type && short_text(type))
            rc = sql_add(sql, sep, id) || sql_add(sql, "::pg_catalog.text", "");
        else if (type && string_type(type))
            /* At most CLS_VALUE_MAX bytes is at most that many characters:
             * left() would return the value unchanged. */
            rc = sql_add(sql, sep, "CASE WHEN pg_catalog.octet_length(") || sql_add(sql, id, "") ||
                 sql_add(sql, ") OPERATOR(pg_catalog.<=) " PG_STR(CLS_VALUE_MAX) " THEN ", id) ||
                 sql_add(sql, "::pg_catalog.text ELSE pg_catalog.left(", id) ||
                 sql_add(sql, "::pg_catalog.text, " PG_STR(CLS_VALUE_MAX) ") END", "");
        else
            rc = sql_add(sql, sep, "pg_catalog.left(") || sql_add(sql, id, "") ||
                 sql_add(sql, "::pg_catalog.text, " PG_STR(CLS_VALUE_MAX) ")", "");
        rc = rc ? CLS_ENOMEM : 0;
        PQfreemem(id);
    }
    if (rc == 0 && cols->count == 0)
        rc = sql_add(sql, "NULL", "");
    return rc;
}

/* The sampled columns, raw, for the inner query of a shuffled sample
 * ("1" when none is sampled). */
static int raw_list(struct cls_source *s, const struct cls_pg_rel *r,
                    const struct cls_column_list *cols, char **sql)
{
    int rc = 0, any = 0;
    for (size_t i = 0; rc == 0 && i < cols->count; i++) {
        if (cols->items[i].skipped)
            continue;
        char *id = quote_column(s, r, cols, i);
        if (!id)
            return CLS_ENOMEM;
        rc = sql_add(sql, any++ ? ", " : "", id);
        PQfreemem(id);
    }
    return rc == 0 && !any ? sql_add(sql, "1", "") : rc;
}

/* The streamed sample's Bernoulli percentage: the expected count n + 5
 * standard deviations (sqrt(n) at most) + 10, so that fewer than n rows
 * arrive with probability below 1e-6 when the estimate is right. */
static double bernoulli_pct(uint64_t n, double est)
{
    double want = (double)n + 5.0 * sqrt((double)n) + 10.0;
    double pct = 100.0 * want / est;
    return pct > 100 ? 100 : pct;
}

/* --sampling pages: SYSTEM picks whole pages, so the count of rows it
 * returns varies more than a Bernoulli count (by whole pages); 10% over
 * the Bernoulli margin keeps a short draw rare, and a short one is drawn
 * again at the measured rate (pg_sample). Every row streamed past n costs
 * a little reservoir work, so the margin is not made larger. */
#define PG_PAGES_OVERSAMPLE 1.1

/* FROM clause and sampling method, chosen from the row estimate:
 * unknown or <= n rows: read up to n rows as stored (plain scan, LIMIT);
 * <= 20 n rows: BERNOULLI, which reads every page but picks rows
 * uniformly; larger: SYSTEM, which reads only about 2 n rows' worth of
 * random pages. Both oversample, and their rows come in physical order,
 * so the sample (not the table) is shuffled by a seeded hash of each row's
 * address before LIMIT: otherwise LIMIT would keep the table's start. The
 * shuffle sorts the raw columns in a subquery and casts and cuts only the
 * n rows kept, by an integer hash: text casts of every oversampled row
 * and a text (collation-aware) sort key made it cost more than the fetch. */
static int from_clause(struct cls_source *s, const struct cls_table_ref *t,
                       const struct cls_pg_rel *r, const struct cls_column_list *cols, char kind,
                       double *drawn, char **sql)
{
    const char *rs = r ? r->schema : t->schema, *rn = r ? r->name : t->name;
    char *sch = PQescapeIdentifier(s->conn, rs, strlen(rs));
    char *name = PQescapeIdentifier(s->conn, rn, strlen(rn));
    uint64_t n = s->opts.sample_rows ? s->opts.sample_rows : 1000;
    double est = (double)t->rows_estimated;
    int sampleable = kind == 'r' || kind == 'p' || kind == 'm';
    char *piece = NULL, *inner = NULL;
    int rc = sch && name ? 0 : CLS_ENOMEM;
    /* Only tables no batch takes are streamed: a table a batch may take
     * is sampled alone exactly as in the batch (the query below), so the
     * sample never depends on how the tables fell to the workers. */
    if (rc == 0 && sampleable && t->rows_estimated > (int64_t)n &&
        t->rows_estimated > CLS_BATCH_MAX_ROWS && drawn) {
        /* Streamed (pg_sample): the whole oversample comes in physical
         * order, unsorted and uncapped, and the client draws n rows from
         * it with a reservoir while it arrives (README "Samples that
         * stream"). */
        bool bern = est <= 20.0 * (double)n && !s->opts.sample_pages;
        double pct = bern                  ? bernoulli_pct(n, est)
                     : s->opts.sample_pages ? PG_PAGES_OVERSAMPLE * bernoulli_pct(n, est)
                                           : 100.0 * 2.0 * (double)n / est;
        unsigned long long seed = (unsigned long long)(s->seed % 2147483647u);
        *drawn = pct > 100 ? 100 : pct;
        piece = cls_asprintf(" FROM %s.%s TABLESAMPLE %s (%.6f) REPEATABLE (%llu)", sch, name,
                             bern ? "BERNOULLI" : "SYSTEM", pct > 100 ? 100 : pct, seed);
    } else if (rc == 0 && sampleable && t->rows_estimated > (int64_t)n) {
        double pct = 100.0 * (est <= 20.0 * (double)n ? 1.3 : 2.0) * (double)n / est;
        unsigned long long seed = (unsigned long long)(s->seed % 2147483647u);
        rc = raw_list(s, r, cols, &inner);
        if (rc == 0)
            piece = cls_asprintf(" FROM (SELECT %s FROM %s.%s TABLESAMPLE %s (%.6f) REPEATABLE "
                                 "(%llu) ORDER BY pg_catalog.hashtext(tableoid::pg_catalog.text "
                                 "OPERATOR(pg_catalog.||) ctid::pg_catalog.text "
                                 "OPERATOR(pg_catalog.||) '%llu') LIMIT %llu) s",
                                 inner, sch, name,
                                 est <= 20.0 * (double)n ? "BERNOULLI" : "SYSTEM",
                                 pct > 100 ? 100 : pct, seed, seed, (unsigned long long)n);
    } else if (rc == 0) {
        piece = cls_asprintf(" FROM %s.%s LIMIT %llu", sch, name, (unsigned long long)n);
    }
    PQfreemem(sch);
    PQfreemem(name);
    free(inner);
    if (rc == 0)
        rc = piece ? sql_add(sql, piece, "") : CLS_ENOMEM;
    free(piece);
    return rc;
}

/* Hands row i of a result to fn; values are cut to CLS_VALUE_MAX bytes
 * (left() counts characters, so a multi-byte prefix can be longer). */
static int deliver(const PGresult *res, int i, const char **vals, size_t *lens, size_t ncols,
                   cls_row_fn fn, void *user)
{
    for (size_t c = 0; c < ncols; c++) {
        /* A NULL has length 0: only an empty value asks whether it is one
         * (three libpq calls a value were a twentieth of a breadth scan). */
        size_t len = (size_t)PQgetlength(res, i, (int)c);
        if (len == 0 && PQgetisnull(res, i, (int)c)) {
            vals[c] = NULL;
            lens[c] = 0;
            continue;
        }
        vals[c] = PQgetvalue(res, i, (int)c);
        lens[c] = len > CLS_VALUE_MAX ? CLS_VALUE_MAX : len;
    }
    struct cls_row row = {.values = vals, .lens = lens, .count = ncols};
    return fn(user, &row);
}

/* Offers one row to the reservoir (which copies it only when drawn, cut
 * to CLS_VALUE_MAX bytes a value as in deliver()). The rows drawn go
 * to fn as CLS_ROW_DRAWN a batch at a time, on the reservoir's helper
 * thread where it has a core of its own (cls_reservoir_set_helper), so
 * that they are examined while this thread reads the rest of the stream.
 * Returns 0, 1 when fn asks to stop, or CLS_ENOMEM. */
static int offer(struct cls_reservoir *r, const char **vals, size_t *lens,
                 cls_row_fn fn, void *user)
{
    int drawn = cls_reservoir_offer(r, vals, lens, NULL);
    if (drawn <= 0)
        return drawn;
    return cls_reservoir_pending(r) >= CLS_RESERVOIR_BATCH
               ? cls_reservoir_flush_behind(r, fn, user)
               : 0;
}

/* Runs the query in single-row mode; every result is drained even after
 * fn asks to stop, so the connection is ready for the next table. */
static int stream(struct cls_source *s, const char *sql, size_t ncols, cls_row_fn fn,
                  void *user, uint64_t *rows, struct cls_error *err)
{
    const char **vals = calloc(ncols ? ncols : 1, sizeof *vals);
    size_t *lens = calloc(ncols ? ncols : 1, sizeof *lens);
    int rc = vals && lens ? 0 : cls_error_set(err, CLS_ENOMEM, "out of memory");
    if (rc == 0 && (!PQsendQuery(s->conn, sql) || !PQsetSingleRowMode(s->conn)))
        rc = pg_fail(s, err, NULL, PQerrorMessage(s->conn));
    int stop = rc < 0;
    PGresult *res;
    while (rc == 0 && (res = pg_result(s)) != NULL) {
        ExecStatusType st = PQresultStatus(res);
        if (st == PGRES_SINGLE_TUPLE && !stop) {
            (*rows)++;
            stop = deliver(res, 0, vals, lens, ncols, fn, user);
        } else if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK) {
            rc = pg_result_fail(s, err, res);
        }
        PQclear(res);
    }
    while (rc < 0 && (res = pg_result(s)) != NULL)
        PQclear(res);
    free(vals);
    free(lens);
    return rc;
}

/* The next row of a COPY out under the client-side deadline (pg_wait):
 * its length (*buf for PQfreemem), -1 at the end of the data, -2 on
 * failure. */
static int copy_next(struct cls_source *s, char **buf)
{
    struct pg_deadline d = pg_deadline(s);
    int n;
    while ((n = PQgetCopyData(s->conn, buf, 1)) == 0)
        if (pg_wait_input(s, &d) < 0)
            return (n = PQgetCopyData(s->conn, buf, 1)) != 0 ? n : -2;
    return n;
}

/* One row of the COPY data offered to the reservoir: 0, 1 when fn asks to
 * stop, or a failure. */
static int copy_offer(struct cls_reservoir *r, char *buf, int len, const char **vals,
                      size_t *lens, size_t ncols, cls_row_fn fn, void *user,
                      struct cls_error *err)
{
    size_t width = ncols ? ncols : 1;       /* "SELECT NULL" without columns */
    if (cls_copy_text_row(buf, (size_t)len, vals, lens, width) != (int)width)
        return cls_error_set(err, CLS_ESOURCE, "a row of the sample was not valid COPY text");
    int o = offer(r, vals, lens, fn, user);
    return o < 0 ? cls_error_set(err, CLS_ENOMEM, "out of memory") : o;
}

/* A sample for the reservoir, as COPY (query) TO STDOUT in text format:
 * one buffer a row (PQgetCopyData), split and unescaped in place
 * (copy_text.c), where single-row mode built and freed a PGresult a row,
 * the larger part of this thread's work. COPY TO runs in a read-only
 * transaction and needs only SELECT. Every row is read, even after fn asks
 * to stop or a row fails, so the connection is ready for the next table. */
static int stream_copy(struct cls_source *s, const char *sql, size_t ncols, cls_row_fn fn,
                       void *user, struct cls_reservoir *res_rows, struct cls_error *err)
{
    const char **vals = calloc(ncols ? ncols : 1, sizeof *vals);
    size_t *lens = calloc(ncols ? ncols : 1, sizeof *lens);
    char *copy = cls_asprintf("COPY (%s) TO STDOUT", sql);
    int rc = vals && lens && copy ? 0 : cls_error_set(err, CLS_ENOMEM, "out of memory");
    if (rc == 0 && !PQsendQuery(s->conn, copy))
        rc = pg_fail(s, err, NULL, PQerrorMessage(s->conn));
    PGresult *res = rc == 0 ? pg_result(s) : NULL;
    bool copying = res && PQresultStatus(res) == PGRES_COPY_OUT;
    if (rc == 0 && !copying)
        rc = pg_result_fail(s, err, res);
    PQclear(res);
    int stop = 0, n = -1;
    char *buf;
    while (copying && (n = copy_next(s, &buf)) > 0) {
        if (rc == 0 && !stop) {
            int o = copy_offer(res_rows, buf, n, vals, lens, ncols, fn, user, err);
            stop = o > 0;
            rc = o < 0 ? o : 0;
        }
        PQfreemem(buf);
    }
    if (rc == 0 && n == -2)
        rc = pg_fail(s, err, NULL, PQerrorMessage(s->conn));
    /* After the data, the command's own result (or its error), then none. */
    while ((res = pg_result(s)) != NULL) {
        if (rc == 0 && PQresultStatus(res) != PGRES_COMMAND_OK)
            rc = pg_result_fail(s, err, res);
        PQclear(res);
    }
    free(copy);
    free(vals);
    free(lens);
    return rc;
}

/* One sample in its read-only transaction (PG_BEGIN): the query, then the
 * read-only check, then ROLLBACK. */
static int stream_read_only(struct cls_source *s, const char *sql, size_t ncols,
                            cls_row_fn fn, void *user, struct cls_reservoir *res_rows,
                            uint64_t *rows, struct cls_error *err)
{
    static const char *const begin[] = {PG_BEGIN};
    char *value = NULL;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof begin / sizeof *begin; i++)
        rc = pg_run(s, begin[i], NULL, err);
    if (rc == 0)
        rc = res_rows ? stream_copy(s, sql, ncols, fn, user, res_rows, err)
                      : stream(s, sql, ncols, fn, user, rows, err);
    if (rc == 0)
        rc = pg_run(s, PG_CHECK, &value, err);
    if (rc == 0)
        rc = pg_check_read_only(s, value, err);
    free(value);
    struct cls_error ignored = {0};
    if (PQstatus(s->conn) == CONNECTION_OK)
        pg_run(s, "ROLLBACK", NULL, &ignored);
    return rc;
}

/* The sample query of one table. Without this connection's catalog (an
 * extra --jobs worker), a table with a row estimate is sampleable: views
 * always have none (-1). */
static int build_sql(struct cls_source *s, const struct cls_table_ref *t,
                     const struct cls_column_list *cols, double *drawn, char **sql)
{
    const struct cls_pg_rel *r = rel_by_name(s, t);
    char kind = r ? r->kind : t->rows_estimated >= 0 ? 'r' : 'v';
    int rc = select_list(s, r, cols, sql);
    return rc == 0 ? from_clause(s, t, r, cols, kind, drawn, sql) : rc;
}

static bool has_fffd(const char *name)
{
    return strstr(name, "\xEF\xBF\xBD") != NULL;
}

/* True when this connection has no catalog and t's names were made
 * printable (U+FFFD): its SQL needs the raw names (need_raw_names). */
static bool raw_names_missing(const struct cls_source *s, const struct cls_table_ref *t,
                              const struct cls_column_list *cols)
{
    bool need = has_fffd(t->schema) || has_fffd(t->name);
    for (size_t i = 0; !need && i < cols->count; i++)
        need = has_fffd(cols->items[i].name);
    return need && !s->catalog_read;
}

/* An extra --jobs worker reads no catalog, and builds its queries from the
 * printable names; one that meets a name made printable (U+FFFD) reads the
 * catalog once, for the raw names. Never in pipeline mode (PQexec). */
static void need_raw_names(struct cls_source *s, const struct cls_table_ref *t,
                           const struct cls_column_list *cols)
{
    if (!raw_names_missing(s, t, cols))
        return;
    struct cls_table_list ignored = {0};
    struct cls_error err = {0};
    pg_list_tables(s, &ignored, &err);  /* on failure, the printable names */
    cls_table_list_clear(&ignored);
}

static int pg_sample(struct cls_source *s, const struct cls_table_ref *t,
                     const struct cls_column_list *cols, cls_row_fn fn, void *user,
                     uint64_t *rows_seen, struct cls_error *err)
{
    char *sql = NULL;
    *rows_seen = 0;
    if (s->unsafe)
        return cls_error_set(err, CLS_EUNSAFE, "not sampled: the target was stopped");
    if (PQstatus(s->conn) != CONNECTION_OK)
        return cls_error_set(err, CLS_ECONN, "connection to the server lost");
    need_raw_names(s, t, cols);
    uint64_t n = s->opts.sample_rows ? s->opts.sample_rows : 1000;
    struct cls_table_ref again = *t;
    struct cls_reservoir *res_rows = NULL;
    int rc = 0;
    /* A second pass only when a streamed sample brought fewer than n rows
     * (the estimate was too high): a fresh sample at the rate the first
     * one measured, which is as uniform as the first. */
    for (int pass = 0; rc == 0 && pass < 2; pass++) {
        double drawn = 0;
        sql = NULL;
        rc = build_sql(s, &again, cols, &drawn, &sql) < 0
                 ? cls_error_set(err, CLS_ENOMEM, "out of memory") : 0;
        cls_reservoir_free(res_rows);
        res_rows = rc == 0 && drawn > 0 ? cls_reservoir_new(n, cols->count, s->seed + pass) : NULL;
        if (rc == 0 && drawn > 0 && !res_rows)
            rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
        if (rc == 0)
            rc = stream_read_only(s, sql, cols->count, fn, user, res_rows, rows_seen, err);
        free(sql);
        if (rc < 0 || !res_rows || cls_reservoir_seen(res_rows) >= n || drawn >= 100)
            break;
        double measured = (double)cls_reservoir_seen(res_rows) * 100.0 / drawn;
        again.rows_estimated = measured > (double)n ? (int64_t)measured : (int64_t)n + 1;
    }
    /* The draw is handed over only once the stream is whole: a row kept
     * early may still be replaced by a later one. */
    if (rc == 0 && res_rows)
        rc = cls_reservoir_deliver(res_rows, fn, user, rows_seen);
    cls_reservoir_free(res_rows);
    return rc;
}

/* Pipelined batches: each query is followed by its own Sync, so a failing
 * table aborts only itself, and at most PG_WINDOW queries are sent ahead
 * of the one being read (the server's results wait in the socket buffers;
 * the one being read is held whole, see batch_read). When the tables
 * given run out, the hooks' more() extends the batch, so one pipeline
 * runs for as long as the queue holds small tables: over a 1 ms round
 * trip, a pipeline drained and refilled per batch left the server idle
 * for two round trips each time. */
#define PG_WINDOW 16

struct pg_batch {
    struct cls_source *s;
    const struct cls_sample_req *reqs;
    size_t n;                        /* tables in reqs */
    struct cls_sample_req ring[CLS_BATCH_RING];  /* table n + k at (n + k) % RING */
    size_t total, sent;              /* tables known (reqs and more()), sent */
    int no_more;                     /* more() said there are none */
    const struct cls_batch_hooks *h;
    const char **vals;
    size_t *lens;
    size_t cap;                      /* of vals and lens */
};

static const struct cls_sample_req *batch_req(const struct pg_batch *b, size_t i)
{
    return i < b->n ? &b->reqs[i] : &b->ring[i % CLS_BATCH_RING];
}

/* Asks the hooks for more tables when every known one was sent; i is the
 * table being read, so at most CLS_BATCH_RING are outstanding. */
static void batch_more(struct pg_batch *b, size_t i)
{
    struct cls_sample_req got[CLS_BATCH_RING];
    size_t room = CLS_BATCH_RING - (b->total - i);
    if (b->no_more || !b->h->more || b->sent < b->total || room == 0)
        return;
    size_t k = b->h->more(b->h->user, got, room);
    b->no_more = k == 0;
    for (size_t j = 0; j < k; j++, b->total++)
        b->ring[b->total % CLS_BATCH_RING] = got[j];
}

/* The statements of one table in a batch, in order. */
enum { BQ_ROLLBACK, BQ_BEGIN, BQ_PIN, BQ_SAMPLE, BQ_CHECK, BQ_COUNT };

/* Sends the next table's statements with their Sync. */
static int batch_send(struct pg_batch *b, struct cls_error *err)
{
    const struct cls_sample_req *q = batch_req(b, b->sent++);
    char *sql = NULL;
    if (build_sql(b->s, q->table, q->columns, NULL, &sql) < 0) {
        free(sql);
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    /* The table's own read-only transaction (PG_BEGIN ... PG_CHECK),
     * ended by the next table's ROLLBACK or the one after the batch. */
    const char *const stmts[BQ_COUNT] = {PG_BEGIN, sql, PG_CHECK};
    int ok = 1;
    for (int k = 0; ok && k < BQ_COUNT; k++)
        ok = PQsendQueryParams(b->s->conn, stmts[k], 0, NULL, NULL, NULL, NULL, 0);
    ok = ok && PQpipelineSync(b->s->conn);
    free(sql);
    return ok ? 0 : pg_fail(b->s, err, NULL, PQerrorMessage(b->s->conn));
}

/* Sends (and asks for) tables until PG_WINDOW are ahead of table i. A
 * table from more() whose raw names this connection lacks waits until
 * every table before it was read: the catalog is read outside pipeline
 * mode (inside the last table's read-only transaction). */
static int batch_fill(struct pg_batch *b, size_t i, struct cls_error *err)
{
    int rc = 0;
    while (rc == 0 && b->sent < i + PG_WINDOW) {
        batch_more(b, i);
        if (b->sent == b->total)
            break;
        const struct cls_sample_req *q = batch_req(b, b->sent);
        if (raw_names_missing(b->s, q->table, q->columns)) {
            if (b->sent > i)
                break;
            PQexitPipelineMode(b->s->conn);
            need_raw_names(b->s, q->table, q->columns);
            if (!PQenterPipelineMode(b->s->conn))
                return pg_fail(b->s, err, NULL, PQerrorMessage(b->s->conn));
        }
        rc = batch_send(b, err);
    }
    return rc;
}

/* Hands every row of one result to the hooks, unless told to stop. */
static void batch_rows(struct pg_batch *b, const PGresult *res, size_t ncols, int *stop,
                       uint64_t *rows)
{
    for (int r = 0; !*stop && r < PQntuples(res); r++) {
        (*rows)++;
        *stop = deliver(res, r, b->vals, b->lens, ncols, b->h->row, b->h->user);
    }
}

/* vals and lens for ncols columns; 0 or CLS_ENOMEM. */
static int batch_buffers(struct pg_batch *b, size_t ncols)
{
    if (ncols <= b->cap && b->vals)
        return 0;
    size_t need = ncols > 16 ? ncols : 16;
    const char **v = realloc(b->vals, need * sizeof *v);
    if (v)
        b->vals = v;
    size_t *l = v ? realloc(b->lens, need * sizeof *l) : NULL;
    if (l)
        b->lens = l;
    if (!v || !l)
        return CLS_ENOMEM;
    b->cap = need;
    return 0;
}

/* Reads the results of query i up to its Sync; 0 or the table's error.
 * A lost connection makes PQgetResult return NULL early: never blocks. */
static int batch_read(struct pg_batch *b, size_t i, int failed, uint64_t *rows,
                      struct cls_error *err)
{
    size_t ncols = batch_req(b, i)->columns->count;
    int rc = batch_buffers(b, ncols) < 0 ? cls_error_set(err, CLS_ENOMEM, "out of memory") : 0;
    int stop = failed || rc < 0;
    char *ro = NULL;
    PGresult *res;
    /* The sample comes as one whole result, not a row at a time: single-row
     * mode cost a PGresult copy, its attributes and a malloc per row (a
     * tenth of a breadth scan's client instructions). The result is
     * bounded: a batched table's query (from_clause without `drawn`)
     * always ends in LIMIT n, n the sample size, whatever the real size of
     * the table, and select_list cuts every value of a built-in type to
     * CLS_VALUE_MAX characters (at most 4 bytes each) on the server: n rows
     * of those, as many as a streamed table's reservoir keeps. A value of
     * another type (enum, domain, composite) comes uncut, so a table with
     * such a column is still read a row at a time. */
    const struct cls_column_list *cols = batch_req(b, i)->columns;
    bool uncut = false;
    for (size_t c = 0; c < cols->count; c++)
        uncut |= !cols->items[c].skipped && !cols->items[c].builtin_type;
    for (int k = 0; k < BQ_COUNT; k++) {
        if (k == BQ_SAMPLE && uncut)
            PQsetSingleRowMode(b->s->conn);     /* may refuse: whole results then */
        while ((res = pg_result(b->s)) != NULL) {
            ExecStatusType st = PQresultStatus(res);
            if (k == BQ_SAMPLE && (st == PGRES_SINGLE_TUPLE || st == PGRES_TUPLES_OK))
                batch_rows(b, res, ncols, &stop, rows);
            else if (k == BQ_CHECK && st == PGRES_TUPLES_OK && PQntuples(res) == 1 && !ro)
                ro = strdup(PQgetvalue(res, 0, 0));
            else if (rc == 0 && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
                rc = pg_result_fail(b->s, err, res);
            PQclear(res);
        }
    }
    res = pg_result(b->s);
    int synced = res && PQresultStatus(res) == PGRES_PIPELINE_SYNC;
    PQclear(res);
    if (!synced && rc == 0)
        rc = pg_fail(b->s, err, NULL, PQstatus(b->s->conn) == CONNECTION_OK
                                          ? "the server's reply was out of step"
                                          : PQerrorMessage(b->s->conn));
    if (rc == 0)
        rc = pg_check_read_only(b->s, ro, err);
    free(ro);
    return rc;
}

/* What stops the whole batch after table i ended with trc, as rc. */
static int batch_stop(struct cls_source *s, int trc, struct cls_error *err)
{
    if (trc < 0 && PQstatus(s->conn) != CONNECTION_OK)
        return cls_error_set(err, CLS_ECONN, "connection to the server lost");
    if (trc == CLS_EUNSAFE)
        return cls_error_set(err, CLS_EUNSAFE, "not sampled: the target was stopped");
    if (trc == CLS_ENOMEM)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    return 0;
}

static int pg_sample_batch(struct cls_source *s, const struct cls_sample_req *reqs, size_t n,
                           const struct cls_batch_hooks *h)
{
    struct pg_batch b = {.s = s, .reqs = reqs, .n = n, .total = n, .h = h};
    struct cls_error err = {0};
    int rc = 0;
    if (s->unsafe)
        rc = cls_error_set(&err, CLS_EUNSAFE, "not sampled: the target was stopped");
    if (rc == 0 && PQstatus(s->conn) != CONNECTION_OK)
        rc = cls_error_set(&err, CLS_ECONN, "connection to the server lost");
    for (size_t k = 0; rc == 0 && k < n; k++)
        need_raw_names(s, reqs[k].table, reqs[k].columns);
    if (rc == 0 && !PQenterPipelineMode(s->conn))
        rc = pg_fail(s, &err, NULL, PQerrorMessage(s->conn));
    size_t i = 0;
    for (; rc == 0; i++) {
        rc = batch_fill(&b, i, &err);
        if (rc < 0 || i == b.sent)
            break;                   /* an error, or every table was read */
        struct cls_error terr = {0};
        uint64_t rows = 0;
        int begun = h->begin(h->user, i, &terr);
        int trc = batch_read(&b, i, begun < 0, &rows, &terr);
        if (begun < 0)
            trc = begun;
        h->end(h->user, i, trc, rows, &terr);
        rc = batch_stop(s, trc, &err);
    }
    /* What was sent but not read is drained, so the connection is usable
     * (or stays broken) for the next batch. */
    for (size_t k = i; k < b.sent && PQstatus(s->conn) == CONNECTION_OK; k++) {
        uint64_t rows = 0;
        struct cls_error ignored = {0};
        batch_read(&b, k, 1, &rows, &ignored);
    }
    if (PQpipelineStatus(s->conn) != PQ_PIPELINE_OFF)
        PQexitPipelineMode(s->conn);
    struct cls_error ignored = {0};
    if (PQstatus(s->conn) == CONNECTION_OK)
        pg_run(s, "ROLLBACK", NULL, &ignored);   /* the last table's transaction */
    for (; i < b.total; i++)
        h->end(h->user, i, rc, 0, &err);
    free(b.vals);
    free(b.lens);
    return rc == CLS_ENOMEM ? rc : 0;
}

const struct cls_batch_ops cls_batch_pg = {
    .sample_batch = pg_sample_batch,
    .needs_catalog = 0,
    .recycle_tables = 5000,
    .disconnect = pg_disconnect,
};

static const char *pg_display_uri(const struct cls_source *s)
{
    return s->display;
}

static const struct cls_source_info *pg_info(const struct cls_source *s)
{
    struct cls_source *m = (struct cls_source *)s;
    m->info.warnings = (const char *const *)s->warnings.items;
    m->info.warning_count = s->warnings.count;
    return &s->info;
}

/* Ends the connection, keeping the catalog for list_columns. */
static void pg_disconnect(struct cls_source *s)
{
    PQfinish(s->conn);
    s->conn = NULL;
}

static void pg_close(struct cls_source *s)
{
    if (!s)
        return;
    PQfinish(s->conn);
    cls_pg_catalog_clear(&s->cat);
    cls_strlist_clear(&s->warnings);
    cls_pg_plan_clear(&s->plan);
    free(s->display);
    free(s->password);
    free(s->server_version);
    free(s->tls_version);
    free(s->tls_cipher);
    free(s);
}

const struct cls_source_ops cls_source_pg = {
    .scheme = "postgresql",
    .open = pg_open,
    .list_tables = pg_list_tables,
    .list_columns = pg_list_columns,
    .sample = pg_sample,
    .display_uri = pg_display_uri,
    .close = pg_close,
    .info = pg_info,
};
