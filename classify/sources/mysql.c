/* The MySQL/MariaDB source (MariaDB Connector/C, the libmysqlclient API).
 * The target is mysql://[user[:password]@]host[:port][/database][?ssl-ca=
 * FILE&ssl=1]; without a database every schema but mysql, sys,
 * performance_schema and information_schema is scanned. The password comes
 * from the URI (%-encoded: %40 for '@', %2F for '/', %3F, %23, %25),
 * MYSQL_PWD or ~/.my.cnf ([client]). The catalog is two
 * information_schema queries (tables, columns). Sampling never sorts the
 * table: with a single-column integer primary key it reads a few short
 * index ranges from random key values (cost: one MIN/MAX probe and about
 * n rows, whatever the table's size; gaps in the keys favour rows after
 * gaps); without one, one scan with `WHERE RAND(seed) < p`: for a table a
 * batch may take, the ~1.25 n rows picked are shuffled and cut to n on the
 * server; for a bigger one, the ~n + 5 sqrt(n) rows picked are streamed,
 * uncapped and unsorted, into a client-side reservoir (reservoir.c) that
 * draws n, so nothing is sorted. Small tables and views are read with
 * LIMIT n. Values that can be long are cut server-side with
 * LEFT(CAST(col AS CHAR), 4096) (short types are sent as they are:
 * short_text) and rows are streamed with mysql_use_result. */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <mysql.h>

#include "classify/source.h"
#include "sources/db_batch.h"
#include "sources/db_util.h"
#include "sources/my_conn.h"
#include "sources/netcheck.h"
#include "sources/reservoir.h"
#include "sources/sigv4.h"
#include "util/util.h"

/* A table's catalog entry. Names are kept as the server has them, for
 * SQL; the refs handed out carry them made printable (cls_strdup_utf8: a
 * newline becomes U+FFFD), under which a quoted identifier holding one
 * would not be found. shown_* and raw_cols[i] are NULL where both agree. */
struct my_rel {
    char *schema, *shown_schema;
    char *name, *shown_name;
    int view;
    char *pk;                        /* single integer primary key, or NULL */
    int pk_parts;
    struct cls_column_list cols;     /* printable names */
    size_t cap;
    char **raw_cols;                 /* raw_cols[i]: column i's raw name */
    size_t raw_cap;
};

struct cls_source {
    MYSQL *m;
    struct cls_source_options opts;
    char *display;
    char *user, *password, *host, *db, *ssl_ca;
    unsigned port;
    int want_tls;                    /* ?ssl=1, ssl-mode=REQUIRED */
    int want_verify;                 /* ssl-mode=VERIFY_CA/VERIFY_IDENTITY */
    int want_plain;                  /* ssl-mode=DISABLED, ssl=0 */
    struct cls_my_dest dest;         /* where it connects, the TLS it needs */
    uint64_t seed;
    struct my_rel *rels;
    size_t nrels;
    /* rels by raw and by printable (schema, name): rel index + 1, 0 empty.
     * A lookup walks no list, in whatever order the columns come or the
     * tables are asked for (a column of a view not listed, with 100,000
     * tables, walked them all). Read only after list_tables. */
    uint32_t *by_raw, *by_shown;
    size_t nslots;
    struct cls_strlist warnings;
    struct cls_source_info info;
    char *server_version, *tls_version, *tls_cipher;
};

static pthread_once_t library_once = PTHREAD_ONCE_INIT;

/* Connector/C must be initialised once before threads use it. */
static void library_init(void)
{
    mysql_library_init(0, NULL, NULL);
}

static int my_fail(struct cls_source *s, struct cls_error *err, const char *what)
{
    /* 2006 server gone, 2013 lost during query: the scan may reconnect. */
    unsigned e = mysql_errno(s->m);
    int code = e == 2006 || e == 2013 ? CLS_ECONN : CLS_ESOURCE;
    return cls_db_error(err, code, s->password, what, mysql_error(s->m));
}

/* "mysql://host[:port]" for messages about the target's query: no part
 * of the target beyond scheme, host and port. */
static const char *where(const struct cls_source *s, char *buf, size_t cap)
{
    const char *host = s->host ? s->host : "";
    /* A host that is not printable is not shown at all: the message is
     * one line, and it echoes nothing the user typed beyond a host. */
    for (const char *p = host; *p; p++)
        if ((unsigned char)*p < 0x21 || (unsigned char)*p == 0x7f) {
            host = "(unprintable host)";
            break;
        }
    if (s->port)
        snprintf(buf, cap, "mysql://%s:%u", host, s->port);
    else
        snprintf(buf, cap, "mysql://%s", host);
    return buf;
}

/* ssl-mode as the mysql client spells it. VERIFY_CA and VERIFY_IDENTITY
 * both verify the host name too (Connector/C has one switch), so they need
 * ssl-ca or --ssl-ca. Takes val. */
static int ssl_mode(struct cls_source *s, char *val, struct cls_error *err)
{
    int rc = 0;
    char buf[300];
    if (strcasecmp(val, "DISABLED") == 0 || strcasecmp(val, "PREFERRED") == 0)
        s->want_tls = 0, s->want_plain = strcasecmp(val, "DISABLED") == 0;
    else if (strcasecmp(val, "REQUIRED") == 0)
        s->want_tls = 1;
    else if (strcasecmp(val, "VERIFY_CA") == 0 || strcasecmp(val, "VERIFY_IDENTITY") == 0)
        s->want_tls = s->want_verify = 1;
    else
        rc = cls_error_set(err, CLS_EUSAGE, "%s: unknown ssl-mode value (DISABLED, PREFERRED, "
                           "REQUIRED, VERIFY_CA or VERIFY_IDENTITY)", where(s, buf, sizeof buf));
    free(val);
    return rc;
}

/* Sets one URI query parameter (ssl-ca, ssl, ssl-mode). Unknown keys are an error:
 * a typo in a TLS option must not silently weaken the connection. */
static int set_param(struct cls_source *s, const char *kv, size_t len, struct cls_error *err)
{
    const char *eq = memchr(kv, '=', len);
    size_t klen = eq ? (size_t)(eq - kv) : len;
    char *val = eq ? cls_db_percent_decode(eq + 1, len - klen - 1) : strdup("1");
    if (!val)
        return cls_error_set(err, CLS_EUSAGE, "mysql target: bad %%-escape in the query");
    if (klen == 6 && strncmp(kv, "ssl-ca", 6) == 0) {
        free(s->ssl_ca);
        s->ssl_ca = val;
        return 0;
    }
    if (klen == 3 && strncmp(kv, "ssl", 3) == 0) {
        s->want_tls = strcmp(val, "0") != 0 && strcmp(val, "false") != 0;
        s->want_plain = !s->want_tls;
        free(val);
        return 0;
    }
    if (klen == 8 && strncmp(kv, "ssl-mode", 8) == 0)
        return ssl_mode(s, val, err);
    free(val);
    /* The typed text is not echoed: it may be a misplaced password. */
    char buf[300];
    return cls_error_set(err, CLS_EUSAGE, "%s: unknown parameter in the query (ssl, ssl-ca and "
                         "ssl-mode are known)", where(s, buf, sizeof buf));
}

static int parse_authority(struct cls_source *s, const char *a, size_t len,
                           struct cls_error *err)
{
    const char *at = NULL;
    for (const char *p = a; p < a + len; p++)
        if (*p == '@')
            at = p;
    if (at) {
        const char *colon = memchr(a, ':', (size_t)(at - a));
        s->user = cls_db_percent_decode(a, (size_t)((colon ? colon : at) - a));
        if (colon)
            s->password = cls_db_percent_decode(colon + 1, (size_t)(at - colon - 1));
        if (!s->user || (colon && !s->password))
            return cls_error_set(err, CLS_EUSAGE, "mysql target: bad user or password");
        len -= (size_t)(at + 1 - a);
        a = at + 1;
    }
    const char *hend = a + len, *colon = NULL;
    if (a[0] == '[') {                   /* [::1]:3306 */
        const char *rb = memchr(a, ']', len);
        if (!rb)
            return cls_error_set(err, CLS_EUSAGE, "mysql target: unclosed '[' in host");
        s->host = cls_db_percent_decode(a + 1, (size_t)(rb - a - 1));
        colon = rb + 1 < hend && rb[1] == ':' ? rb + 1 : NULL;
    } else {
        colon = memchr(a, ':', len);
        s->host = cls_db_percent_decode(a, (size_t)((colon ? colon : hend) - a));
    }
    if (colon) {
        char *end = NULL;
        unsigned long port = strtoul(colon + 1, &end, 10);
        if (end != hend || port == 0 || port > 65535)
            return cls_error_set(err, CLS_EUSAGE, "mysql target: bad port");
        s->port = (unsigned)port;
    }
    return s->host ? 0 : cls_error_set(err, CLS_EUSAGE, "mysql target: bad host");
}

/* mysql://[user[:password]@]host[:port][/db][?k=v&...] (also mariadb://).
 * User, password and database are %-decoded; special characters in them
 * should be %-encoded, though a password's unencoded '/', '?' or '#' is
 * read right (the userinfo ends at the URI's last '@', cls_db_uri_userinfo). */
static int parse_uri(struct cls_source *s, const char *target, struct cls_error *err)
{
    const char *a = strstr(target, "://") + 3, *at;
    if (cls_db_uri_userinfo(a, &at) < 0)
        return cls_error_set(err, CLS_EUSAGE, "mysql target: cannot tell where the password "
                                              "ends; %%-encode '@', '/', '?' and '#' in it");
    size_t alen = at ? (size_t)(at + 1 - a) + strcspn(at + 1, "/?#") : strcspn(a, "/?#");
    int rc = parse_authority(s, a, alen, err);
    const char *p = a + alen;
    if (rc == 0 && *p == '/') {
        size_t dlen = strcspn(p + 1, "?#");
        s->db = dlen ? cls_db_percent_decode(p + 1, dlen) : NULL;
        if (dlen && !s->db)
            rc = cls_error_set(err, CLS_EUSAGE, "mysql target: bad database name");
        p += 1 + dlen;
    }
    if (rc == 0 && *p == '?') {
        for (const char *q = p + 1; rc == 0 && *q && *q != '#';) {
            size_t n = strcspn(q, "&#");
            if (n)
                rc = set_param(s, q, n, err);
            q += n + (q[n] == '&');
        }
    }
    return rc;
}

static void set_options(struct cls_source *s)
{
    my_bool on = 1;
    unsigned connect_timeout = 10;
    /* A read that hangs (server gone) fails after twice the statement timeout. */
    unsigned read_timeout = (s->opts.statement_timeout_ms ? s->opts.statement_timeout_ms : 30000) /
                            500 + 5;
    mysql_options(s->m, MYSQL_READ_DEFAULT_GROUP, "client");
    mysql_options(s->m, MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout);
    mysql_options(s->m, MYSQL_OPT_READ_TIMEOUT, &read_timeout);
    mysql_optionsv(s->m, MYSQL_OPT_CONNECT_ATTR_ADD, "program_name", "classify");
    (void)on;
}

static int my_exec(struct cls_source *s, const char *sql, struct cls_error *err)
{
    if (mysql_real_query(s->m, sql, strlen(sql)) != 0)
        return my_fail(s, err, NULL);
    MYSQL_RES *res = mysql_store_result(s->m);
    mysql_free_result(res);
    return 0;
}

/* Read-only transactions, utf8mb4 and the timeouts, for the session. */
static int my_session(struct cls_source *s, struct cls_error *err)
{
    unsigned st = s->opts.statement_timeout_ms ? s->opts.statement_timeout_ms : 30000;
    unsigned lk = s->opts.lock_timeout_ms ? s->opts.lock_timeout_ms : 5000;
    unsigned lk_s = (lk + 999) / 1000;
    char sql[256];
    int rc = my_exec(s, "SET NAMES utf8mb4", err);
    if (rc == 0)
        rc = my_exec(s, "SET SESSION TRANSACTION READ ONLY", err);
    if (strstr(mysql_get_server_info(s->m), "MariaDB"))
        snprintf(sql, sizeof sql, "SET SESSION max_statement_time = %.3f", st / 1000.0);
    else
        snprintf(sql, sizeof sql, "SET SESSION max_execution_time = %u", st);
    if (rc == 0)
        rc = my_exec(s, sql, err);
    snprintf(sql, sizeof sql, "SET SESSION lock_wait_timeout = %u", lk_s);
    if (rc == 0)
        rc = my_exec(s, sql, err);
    snprintf(sql, sizeof sql, "SET SESSION innodb_lock_wait_timeout = %u", lk_s);
    if (rc == 0)
        rc = my_exec(s, sql, err);
    return rc;
}

/* Runs a one-row query and copies its first n columns into out[] (NULL
 * for SQL NULL). Returns 0, or -1 when the query fails or has no row. */
static int first_row(struct cls_source *s, const char *sql, char **out, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        out[i] = NULL;
    if (mysql_real_query(s->m, sql, strlen(sql)) != 0)
        return -1;
    MYSQL_RES *res = mysql_store_result(s->m);
    MYSQL_ROW row = res && mysql_num_fields(res) >= n ? mysql_fetch_row(res) : NULL;
    for (unsigned i = 0; row && i < n; i++)
        out[i] = row[i] ? strdup(row[i]) : NULL;
    mysql_free_result(res);
    return row ? 0 : -1;
}

static void my_tls_info(struct cls_source *s)
{
    struct cls_source_info *in = &s->info;
    const char *cipher = mysql_get_ssl_cipher(s->m);
    const char *version = NULL;
    in->engine = "mysql";
    in->tls = cipher != NULL;
    if (in->tls)
        mariadb_get_infov(s->m, MARIADB_CONNECTION_TLS_VERSION, &version);
    s->tls_cipher = cls_strdup(cipher ? cipher : "");
    s->tls_version = cls_strdup(version ? version : "");
    s->server_version = cls_strdup(mysql_get_server_info(s->m));
    in->tls_cipher = s->tls_cipher ? s->tls_cipher : "";
    in->tls_version = s->tls_version ? s->tls_version : "";
    in->server_version = s->server_version ? s->server_version : "";
    char *req = NULL;
    first_row(s, "SELECT @@require_secure_transport", &req, 1);
    in->server_requires_tls = req ? strcmp(req, "1") == 0 || strcmp(req, "ON") == 0 : -1;
    in->tls_verified = in->tls && s->dest.verify;
    in->tls_no_verify = in->tls && !s->dest.verify && s->dest.need == CLS_TLS_ENCRYPT;
    if (in->tls_no_verify)
        cls_strlist_add(&s->warnings, "%s: --tls-no-verify: the server's certificate was not "
                        "verified, so whoever answered may have read the login", s->display);
    free(req);
}

/* Privileges a scanning account needs or that cannot change data. */
static int harmless(const char *p, size_t n)
{
    static const char *const ok[] = {"SELECT", "USAGE", "SHOW VIEW", "SHOW DATABASES",
                                     "PROCESS", "REPLICATION CLIENT", "BINLOG MONITOR",
                                     "SLAVE MONITOR", NULL};
    for (int i = 0; ok[i]; i++)
        if (strlen(ok[i]) == n && strncmp(p, ok[i], n) == 0)
            return 1;
    return n > 7 && strncmp(p, "SELECT ", 7) == 0;   /* column grant "SELECT (a)" */
}

/* Adds the risky privileges of one "GRANT a, b ON x TO y" line to out. */
static void grant_line(const char *line, char *out, size_t cap)
{
    const char *on = strstr(line, " ON ");
    if (strncmp(line, "GRANT ", 6) != 0 || !on || strncmp(line, "GRANT PROXY", 11) == 0)
        return;
    for (const char *p = line + 6; p < on;) {
        size_t n = strcspn(p, ",");
        if (p + n > on)
            n = (size_t)(on - p);
        if (!harmless(p, n) && !strstr(out, "ALL PRIVILEGES"))
            snprintf(out + strlen(out), cap - strlen(out), "%s%.*s", *out ? ", " : "",
                     (int)n, p);
        p += n;
        while (p < on && (*p == ',' || *p == ' '))
            p++;
    }
    if (strstr(on, "WITH GRANT OPTION") && !strstr(out, "GRANT OPTION"))
        snprintf(out + strlen(out), cap - strlen(out), "%sGRANT OPTION", *out ? ", " : "");
}

static int my_privileges(struct cls_source *s)
{
    char rights[512] = "";
    if (mysql_real_query(s->m, "SHOW GRANTS", 11) != 0)
        return cls_strlist_add(&s->warnings, "%s: could not check the account's privileges",
                               s->display);
    MYSQL_RES *res = mysql_store_result(s->m);
    MYSQL_ROW row;
    while (res && (row = mysql_fetch_row(res)) != NULL)
        if (row[0])
            grant_line(row[0], rights, sizeof rights);
    mysql_free_result(res);
    if (!rights[0])
        return 0;
    return cls_strlist_add(&s->warnings,
                           "%s: account \"%s\" has more than read access (%s); scan with a "
                           "read-only account",
                           s->display, s->user ? s->user : "", rights);
}

static void my_close(struct cls_source *s);

static int my_connect(struct cls_source *s, struct cls_error *err)
{
    s->m = mysql_init(NULL);
    if (!s->m)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    set_options(s);
    /* TLS, verification and the allowed plugins, decided on the address
     * dialled before anything is sent (my_conn.c). */
    cls_my_dest_clear(&s->dest);
    int rc = cls_my_dest_setup(&s->dest, s->m, s->host,
                               s->opts.ssl_ca ? s->opts.ssl_ca : s->ssl_ca, s->want_tls,
                               s->want_plain, &s->opts, s->display, err);
    if (rc < 0)
        return rc;
    if (s->opts.iam_auth) {
        /* RDS takes the token in clear text: verified TLS is required above. */
        char *token = NULL;
        rc = cls_rds_token_from_env(&token, s->host, s->port ? s->port : 3306, s->user,
                                    s->opts.region, err);
        if (rc < 0)
            return rc;
        free(s->password);
        s->password = token;
    }
    const char *pw = s->password ? s->password : getenv("MYSQL_PWD");
    rc = cls_my_connect(&s->dest, s->m, s->user, pw, s->db, s->port, s->display, err);
    if (rc < 0)
        return rc;
    if (!mysql_get_ssl_cipher(s->m) && s->dest.need >= CLS_TLS_ENCRYPT)
        return cls_error_set(err, CLS_ESOURCE,
                             "%s: the connection is not encrypted; use TLS (--ssl-ca) or "
                             "--allow-plaintext", s->display);
    return 0;
}

static int my_open(struct cls_source **out, const char *target,
                   const struct cls_source_options *opts, struct cls_error *err)
{
    pthread_once(&library_once, library_init);
    struct cls_source *s = calloc(1, sizeof *s);
    if (!s)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    s->opts = *opts;
    s->seed = opts->seeded ? opts->seed : (uint64_t)time(NULL);
    s->display = cls_db_redact_target(target);
    int rc = s->display ? parse_uri(s, target, err) : cls_error_set(err, CLS_ENOMEM, "out of memory");
    if (rc == 0 && s->want_verify && !opts->ssl_ca && !s->ssl_ca)
        rc = cls_error_set(err, CLS_EUSAGE, "%s: ssl-mode=VERIFY_* needs ssl-ca=FILE or --ssl-ca",
                           s->display);
    if (rc == 0)
        rc = my_connect(s, err);
    if (rc == 0)
        rc = my_session(s, err);
    if (rc == 0 && !opts->extra_connection) {
        my_tls_info(s);
        rc = my_privileges(s) < 0 ? cls_error_set(err, CLS_ENOMEM, "out of memory") : 0;
    }
    s->opts.ssl_ca = NULL;   /* borrowed; only needed while connecting */
    if (rc < 0) {
        my_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

/* Binary and spatial values are not text a detector can read. */
static const char *skip_reason(const char *type)
{
    static const char *const binary[] = {"binary", "varbinary", "tinyblob", "blob",
                                         "mediumblob", "longblob", "bit", NULL};
    static const char *const geometry[] = {"geometry", "point", "linestring", "polygon",
                                           "multipoint", "multilinestring", "multipolygon",
                                           "geometrycollection", NULL};
    for (int i = 0; binary[i]; i++)
        if (strcmp(type, binary[i]) == 0)
            return "binary type";
    for (int i = 0; geometry[i]; i++)
        if (strcmp(type, geometry[i]) == 0)
            return "geometry type";
    return NULL;
}

static const char *const SCHEMA_FILTER =
    "TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')";

static size_t name_hash(const char *schema, const char *name, size_t nslots)
{
    uint32_t h = 2166136261u;                    /* FNV-1a, schema NUL name */
    for (const char *p = schema; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    h *= 16777619u;
    for (const char *p = name; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    return h & (nslots - 1);
}

static const char *shown_schema(const struct my_rel *r)
{
    return r->shown_schema ? r->shown_schema : r->schema;
}

static const char *shown_name(const struct my_rel *r)
{
    return r->shown_name ? r->shown_name : r->name;
}

/* Indexes the rels by raw and by printable names. 0 or CLS_ENOMEM. */
static int index_rels(struct cls_source *s)
{
    size_t n = 64;
    while (n < 2 * s->nrels)
        n *= 2;
    free(s->by_raw);
    free(s->by_shown);
    s->by_raw = calloc(n, sizeof *s->by_raw);
    s->by_shown = calloc(n, sizeof *s->by_shown);
    s->nslots = s->by_raw && s->by_shown ? n : 0;
    if (!s->nslots)
        return CLS_ENOMEM;
    for (size_t i = 0; i < s->nrels; i++) {
        const struct my_rel *r = &s->rels[i];
        size_t k = name_hash(r->schema, r->name, n);
        while (s->by_raw[k])
            k = (k + 1) & (n - 1);
        s->by_raw[k] = (uint32_t)i + 1;
        for (k = name_hash(shown_schema(r), shown_name(r), n); s->by_shown[k];)
            k = (k + 1) & (n - 1);
        s->by_shown[k] = (uint32_t)i + 1;
    }
    return 0;
}

/* The rel of raw names, or NULL. */
static struct my_rel *rel_find(struct cls_source *s, const char *schema, const char *name)
{
    size_t mask = s->nslots - 1;
    for (size_t k = s->nslots ? name_hash(schema, name, s->nslots) : 0; s->nslots && s->by_raw[k];
         k = (k + 1) & mask) {
        struct my_rel *r = &s->rels[s->by_raw[k] - 1];
        if (strcmp(r->schema, schema) == 0 && strcmp(r->name, name) == 0)
            return r;
    }
    return NULL;
}

/* The rel of a table ref (printable names), or NULL. */
static const struct my_rel *rel_of(struct cls_source *s, const struct cls_table_ref *t)
{
    size_t mask = s->nslots - 1;
    for (size_t k = s->nslots ? name_hash(t->schema, t->name, s->nslots) : 0;
         s->nslots && s->by_shown[k]; k = (k + 1) & mask) {
        const struct my_rel *r = &s->rels[s->by_shown[k] - 1];
        if (strcmp(shown_schema(r), t->schema) == 0 && strcmp(shown_name(r), t->name) == 0)
            return r;
    }
    return NULL;
}

static int is_int_type(const char *t)
{
    return strcmp(t, "tinyint") == 0 || strcmp(t, "smallint") == 0 ||
           strcmp(t, "mediumint") == 0 || strcmp(t, "int") == 0 || strcmp(t, "bigint") == 0;
}

/* row: schema, table, column, column_type, data_type, column_key. */
static int add_column(struct my_rel *r, MYSQL_ROW row)
{
    if (cls_grow((void **)&r->cols.items, &r->cap, r->cols.count, sizeof *r->cols.items) < 0)
        return CLS_ENOMEM;
    size_t i = r->cols.count;
    struct cls_column_ref *c = &r->cols.items[r->cols.count++];
    const char *reason = skip_reason(row[4] ? row[4] : "");
    memset(c, 0, sizeof *c);
    c->name = cls_strdup_utf8(row[2], strlen(row[2]));
    if (c->name && strcmp(c->name, row[2]) != 0 &&
        (cls_grow((void **)&r->raw_cols, &r->raw_cap, i, sizeof *r->raw_cols) < 0 ||
         !(r->raw_cols[i] = strdup(row[2]))))
        return CLS_ENOMEM;
    c->data_type = cls_strdup_utf8(row[3] ? row[3] : "", row[3] ? strlen(row[3]) : 0);
    c->skipped = reason != NULL;
    c->skip_reason = reason ? cls_asprintf("%s %s", reason, row[4]) : NULL;
    if (row[5] && strcmp(row[5], "PRI") == 0) {
        r->pk_parts++;
        if (is_int_type(row[4] ? row[4] : "") && !r->pk)
            r->pk = strdup(row[2]);
    }
    return c->name && c->data_type && (!reason || c->skip_reason) ? 0 : CLS_ENOMEM;
}

static int load_columns(struct cls_source *s, struct cls_error *err)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, COLUMN_KEY "
             "FROM information_schema.COLUMNS WHERE %s%s "
             "ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION",
             SCHEMA_FILTER, s->db ? " AND TABLE_SCHEMA = DATABASE()" : "");
    if (mysql_real_query(s->m, sql, strlen(sql)) != 0)
        return my_fail(s, err, NULL);
    MYSQL_RES *res = mysql_use_result(s->m);
    MYSQL_ROW row;
    int rc = res ? 0 : my_fail(s, err, NULL);
    while (rc == 0 && (row = mysql_fetch_row(res)) != NULL) {
        struct my_rel *r = row[0] && row[1] && row[2] ? rel_find(s, row[0], row[1]) : NULL;
        if (r && add_column(r, row) < 0)
            rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    if (rc == 0 && mysql_errno(s->m))
        rc = my_fail(s, err, NULL);
    mysql_free_result(res);
    for (size_t i = 0; i < s->nrels; i++)
        if (s->rels[i].pk_parts != 1) {   /* a composite key is not one range */
            free(s->rels[i].pk);
            s->rels[i].pk = NULL;
        }
    return rc;
}

static int keep_table(struct cls_source *s, struct cls_table_list *out, MYSQL_ROW row)
{
    struct cls_table_ref *t = &out->items[out->count++];
    struct my_rel *r = &s->rels[s->nrels++];
    t->database = cls_strdup_utf8(row[0], strlen(row[0]));
    t->schema = cls_strdup_utf8(row[0], strlen(row[0]));
    t->name = cls_strdup_utf8(row[1], strlen(row[1]));
    t->rows_estimated = row[2] ? strtoll(row[2], NULL, 10) : -1;
    r->schema = strdup(row[0]);
    r->name = strdup(row[1]);
    r->view = row[3] && strcmp(row[3], "VIEW") == 0;
    if (!t->database || !t->schema || !t->name || !r->schema || !r->name)
        return CLS_ENOMEM;
    if (strcmp(t->schema, r->schema) != 0 && !(r->shown_schema = strdup(t->schema)))
        return CLS_ENOMEM;
    if (strcmp(t->name, r->name) != 0 && !(r->shown_name = strdup(t->name)))
        return CLS_ENOMEM;
    return 0;
}

static int my_list_tables(struct cls_source *s, struct cls_table_list *out,
                          struct cls_error *err)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS, TABLE_TYPE FROM "
             "information_schema.TABLES WHERE %s%s AND TABLE_TYPE IN ('BASE TABLE', "
             "'SYSTEM VERSIONED'%s) ORDER BY TABLE_SCHEMA, TABLE_NAME",
             SCHEMA_FILTER, s->db ? " AND TABLE_SCHEMA = DATABASE()" : "",
             s->opts.include_views ? ", 'VIEW'" : "");
    if (mysql_real_query(s->m, sql, strlen(sql)) != 0)
        return my_fail(s, err, NULL);
    MYSQL_RES *res = mysql_store_result(s->m);
    if (!res)
        return my_fail(s, err, NULL);
    size_t n = (size_t)mysql_num_rows(res);
    out->items = calloc(n ? n : 1, sizeof *out->items);
    s->rels = calloc(n ? n : 1, sizeof *s->rels);
    int rc = out->items && s->rels ? 0 : CLS_ENOMEM;
    MYSQL_ROW row;
    while (rc == 0 && (row = mysql_fetch_row(res)) != NULL)
        if (row[0] && row[1])
            rc = keep_table(s, out, row);
    mysql_free_result(res);
    if (rc == 0)
        rc = index_rels(s);
    if (rc < 0)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    return load_columns(s, err);
}

static int my_list_columns(struct cls_source *s, const struct cls_table_ref *t,
                           struct cls_column_list *out, struct cls_error *err)
{
    const struct my_rel *r = rel_of(s, t);
    if (!r)
        return cls_error_set(err, CLS_ESOURCE, "no such table");
    out->items = calloc(r->cols.count ? r->cols.count : 1, sizeof *out->items);
    if (!out->items)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    for (size_t i = 0; i < r->cols.count; i++) {
        const struct cls_column_ref *c = &r->cols.items[i];
        struct cls_column_ref *d = &out->items[out->count++];
        d->name = cls_strdup(c->name);
        d->data_type = cls_strdup(c->data_type);
        d->skipped = c->skipped;
        d->skip_reason = cls_strdup(c->skip_reason);
        if (!d->name || !d->data_type || (c->skip_reason && !d->skip_reason))
            return cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    return 0;
}

/* `name` with backticks doubled, in backticks; the caller frees. */
static char *quote_ident(const char *name)
{
    size_t n = strlen(name), extra = 0;
    for (size_t i = 0; i < n; i++)
        extra += name[i] == '`';
    char *q = malloc(n + extra + 3), *o = q;
    if (!q)
        return NULL;
    *o++ = '`';
    for (size_t i = 0; i < n; i++) {
        if (name[i] == '`')
            *o++ = '`';
        *o++ = name[i];
    }
    *o++ = '`';
    *o = '\0';
    return q;
}

/* Appends printf output to *sql; returns 0 or CLS_ENOMEM. */
static int sql_cat(char **sql, const char *a, const char *b)
{
    char *next = cls_asprintf("%s%s%s", *sql ? *sql : "", a, b ? b : "");
    free(*sql);
    *sql = next;
    return next ? 0 : CLS_ENOMEM;
}

/* Column i of cols as the server names it (the catalog's raw name for
 * that printable one). */
static const char *raw_column(const struct my_rel *r, const struct cls_column_list *cols,
                              size_t i)
{
    const char *shown = cols->items[i].name;
    if (r && i < r->raw_cap && r->raw_cols[i] && i < r->cols.count &&
        strcmp(r->cols.items[i].name, shown) == 0)
        return r->raw_cols[i];
    return shown;
}

/* True for a column type (information_schema COLUMN_TYPE) whose values
 * are never longer than CLS_VALUE_MAX characters as text: such a column is
 * sent as it is, since CAST(... AS CHAR) and LEFT() copy every value on
 * the server (on 200,000 rows of 10 short columns, 0.37 s bare against
 * 0.48 s cast and cut). The protocol's text form of these types is the
 * same as CAST's; a zerofill display width is left to CAST. */
static int short_text(const char *type)
{
    static const char *const prefixes[] = {
        "tinyint", "smallint", "mediumint", "int", "bigint", "date", "datetime",
        "timestamp", "time", "year",
    };
    if (strstr(type, "zerofill"))
        return 0;
    static const char *const sized[] = {"varchar(", "char("};
    if (cls_db_type_length_fits(type, sized, 2, CLS_VALUE_MAX))
        return 1;
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        size_t n = strlen(prefixes[i]);
        /* "int", "int(11)", "int(10) unsigned", "datetime(6)"; not "interval". */
        if (strncmp(type, prefixes[i], n) == 0 &&
            (type[n] == '\0' || type[n] == '(' || type[n] == ' '))
            return 1;
    }
    return 0;
}

/* "SELECT LEFT(CAST(`c` AS CHAR), 4096) AS c0, `d` AS c1, NULL AS c2, ..."
 * (short types as they are, NULL for skipped columns). The aliases keep
 * names unique and short, as a derived table needs. */
static int select_list(const struct my_rel *r, const struct cls_column_list *cols, char **sql)
{
    int rc = sql_cat(sql, "SELECT ", NULL);
    for (size_t i = 0; rc == 0 && i < cols->count; i++) {
        char *q = cols->items[i].skipped ? NULL : quote_ident(raw_column(r, cols, i));
        char *piece = cols->items[i].skipped
                          ? cls_asprintf("%sNULL AS c%zu", i ? ", " : "", i)
                      : q && short_text(cols->items[i].data_type ? cols->items[i].data_type : "")
                          ? cls_asprintf("%s%s AS c%zu", i ? ", " : "", q, i)
                      : q ? cls_asprintf("%sLEFT(CAST(%s AS CHAR), %d) AS c%zu", i ? ", " : "", q,
                                         CLS_VALUE_MAX, i)
                          : NULL;
        rc = piece ? sql_cat(sql, piece, NULL) : CLS_ENOMEM;
        free(q);
        free(piece);
    }
    if (rc == 0 && cols->count == 0)
        rc = sql_cat(sql, "NULL", NULL);
    return rc;
}

/* A seed per table, so each table gets its own repeatable draw. */
static uint64_t table_seed(const struct cls_source *s, const struct cls_table_ref *t)
{
    uint64_t h = s->seed ^ 0x9e3779b97f4a7c15ull;
    for (const char *p = t->name; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
    return h;
}

/* The key range [lo, hi] of an integer primary key (an index probe). */
static int key_range(struct cls_source *s, const char *from, const char *pk, long long *lo,
                     long long *hi)
{
    char *sql = cls_asprintf("SELECT MIN(%s), MAX(%s) FROM %s", pk, pk, from);
    char *v[2] = {NULL, NULL};
    int ok = sql && first_row(s, sql, v, 2) == 0 && v[0] && v[1];
    if (ok) {
        *lo = strtoll(v[0], NULL, 10);
        *hi = strtoll(v[1], NULL, 10);
    }
    free(sql);
    free(v[0]);
    free(v[1]);
    return ok && *hi >= *lo ? 0 : -1;
}

/* Random primary-key ranges: k index range reads of about n/k rows each,
 * glued with UNION ALL, so no sort and no full scan. */
static int pk_ranges(struct cls_source *s, const struct cls_table_ref *t, const char *cols,
                     const char *from, const char *pk, uint64_t n, char **sql)
{
    long long lo, hi;
    if (key_range(s, from, pk, &lo, &hi) < 0)
        return 1;                       /* empty or unreadable: plain read */
    uint64_t k = n / 100 ? n / 100 : 1, per = (n + k - 1) / k;
    /* Unsigned: a key spanning all of BIGINT overflows a signed span, and
     * then the span wraps to 0, which means every 64-bit value. */
    uint64_t state = table_seed(s, t), span = (uint64_t)hi - (uint64_t)lo + 1;
    /* One buffer of the final size: appending part by part copied the
     * growing query k times (225 MB of copying for --sample 100000). The
     * fixed text of a part and its two numbers fit in 96 bytes. */
    size_t cap = k * (strlen(cols) + strlen(from) + 2 * strlen(pk) + 96) + 1, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return CLS_ENOMEM;
    for (uint64_t i = 0; i < k; i++) {
        uint64_t r = span ? cls_rand_below(&state, span) : cls_rand_next(&state);
        long long start = (long long)((uint64_t)lo + r);
        int w = snprintf(buf + len, cap - len,
                         "%s(%s FROM %s WHERE %s >= %lld ORDER BY %s LIMIT %llu)",
                         i ? " UNION ALL " : "", cols, from, pk, start, pk,
                         (unsigned long long)per);
        if (w < 0 || (size_t)w >= cap - len) {
            free(buf);
            return CLS_ENOMEM;
        }
        len += (size_t)w;
    }
    int rc = sql_cat(sql, buf, NULL);
    free(buf);
    return rc;
}

/* Builds the sampling query for table t (see the file comment). With
 * drawn given (a table sampled alone), a big table without a usable key
 * and above CLS_BATCH_MAX_ROWS is streamed for the reservoir, and *drawn
 * becomes 1; a table a batch may take is sampled as in the batch, so a
 * report never depends on --jobs. */
static int build_query(struct cls_source *s, const struct cls_table_ref *t,
                       const struct cls_column_list *cols, int *drawn, char **sql)
{
    const struct my_rel *r = rel_of(s, t);
    uint64_t n = s->opts.sample_rows ? s->opts.sample_rows : 1000;
    char *list = NULL, *qs = quote_ident(r ? r->schema : t->schema);
    char *qn = quote_ident(r ? r->name : t->name);
    char *from = qs && qn ? cls_asprintf("%s.%s", qs, qn) : NULL;
    char *pk = r && r->pk ? quote_ident(r->pk) : NULL;
    int rc = from && select_list(r, cols, &list) == 0 ? 0 : CLS_ENOMEM;
    int big = t->rows_estimated > (int64_t)(2 * n) && r && !r->view;
    if (rc == 0 && big && pk)
        rc = pk_ranges(s, t, list, from, pk, n, sql);
    if (rc == 0 && big && !pk && drawn && t->rows_estimated > CLS_BATCH_MAX_ROWS) {
        /* Bernoulli by RAND(seed) over one scan, n + 5 sd + 10 rows
         * expected (fewer than n with probability below 1e-6 when the
         * estimate is right), streamed unsorted to the reservoir. */
        double want = (double)n + 5.0 * sqrt((double)n) + 10.0;
        double p = want / (double)t->rows_estimated;
        unsigned long long seed = (unsigned long long)(table_seed(s, t) % 1000000007u);
        char *q = p >= 1 ? cls_asprintf("%s FROM %s", list, from)
                         : cls_asprintf("%s FROM %s WHERE RAND(%llu) < %.9f", list, from, seed, p);
        rc = q ? sql_cat(sql, q, NULL) : CLS_ENOMEM;
        free(q);
        *drawn = 1;
    } else if (rc == 0 && big && !pk) {
        /* Bernoulli by RAND(seed) over one scan, then the ~1.25 n picked
         * rows (not the table) are shuffled, so LIMIT keeps no region. */
        double p = 1.25 * (double)n / (double)t->rows_estimated;
        unsigned long long seed = (unsigned long long)(table_seed(s, t) % 1000000007u);
        char where[96], tail[96];
        snprintf(where, sizeof where, " WHERE RAND(%llu) < %.9f", seed, p);
        snprintf(tail, sizeof tail, ") AS picked ORDER BY RAND(%llu) LIMIT %llu", seed + 1,
                 (unsigned long long)n);
        char *q = cls_asprintf("SELECT * FROM (%s FROM %s%s%s", list, from, where, tail);
        rc = q ? sql_cat(sql, q, NULL) : CLS_ENOMEM;
        free(q);
    } else if (rc == 1 || (rc == 0 && !*sql)) {
        char *q = cls_asprintf("%s FROM %s LIMIT %llu", list, from, (unsigned long long)n);
        rc = q ? sql_cat(sql, q, NULL) : CLS_ENOMEM;
        free(q);
    }
    free(list);
    free(qs);
    free(qn);
    free(from);
    free(pk);
    return rc;
}

static int deliver(MYSQL_RES *res, MYSQL_ROW row, size_t ncols, const char **vals,
                   size_t *lens, cls_row_fn fn, void *user)
{
    unsigned long *l = mysql_fetch_lengths(res);
    for (size_t i = 0; i < ncols; i++) {
        vals[i] = row[i];
        lens[i] = row[i] ? (l[i] > CLS_VALUE_MAX ? CLS_VALUE_MAX : l[i]) : 0;
    }
    struct cls_row r = {.values = vals, .lens = lens, .count = ncols};
    return fn(user, &r);
}

/* Hands the rows of one streamed result to fn; rows are fetched to the end
 * even after fn stops (use_result needs it) and beyond the sample size
 * (key ranges may return a few rows more than asked). */
static void read_rows(struct cls_source *s, MYSQL_RES *res, size_t ncols, const char **vals,
                      size_t *lens, cls_row_fn fn, void *user, int stop, uint64_t *rows)
{
    uint64_t cap = s->opts.sample_rows ? s->opts.sample_rows : 1000;
    MYSQL_ROW row;
    while ((row = mysql_fetch_row(res)) != NULL) {
        if (stop || mysql_num_fields(res) < ncols || *rows >= cap)
            continue;
        (*rows)++;
        stop = deliver(res, row, ncols, vals, lens, fn, user);
    }
}

/* Offers every row of a streamed result to the reservoir; the rows drawn
 * go to fn as CLS_ROW_DRAWN a batch at a time (examined while the stream
 * goes on, on the reservoir's helper thread where it has a core of its
 * own; the last ones when the draw is handed over).
 * Rows are fetched to the end even after fn stops (use_result needs it).
 * Returns 0 or CLS_ENOMEM. */
static int read_drawn(MYSQL_RES *res, size_t ncols, const char **vals, size_t *lens,
                      cls_row_fn fn, void *user, struct cls_reservoir *pool,
                      struct cls_error *err)
{
    int rc = 0, stop = 0;
    MYSQL_ROW row;
    while ((row = mysql_fetch_row(res)) != NULL) {
        if (stop || mysql_num_fields(res) < ncols)
            continue;
        unsigned long *l = mysql_fetch_lengths(res);
        for (size_t i = 0; i < ncols; i++) {
            vals[i] = row[i];
            lens[i] = row[i] ? (l[i] > CLS_VALUE_MAX ? CLS_VALUE_MAX : l[i]) : 0;
        }
        int kept = cls_reservoir_offer(pool, vals, lens, NULL);
        if (kept < 0) {
            rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
            stop = 1;
            continue;
        }
        if (kept && cls_reservoir_pending(pool) >= CLS_RESERVOIR_BATCH)
            stop = cls_reservoir_flush_behind(pool, fn, user);
    }
    return rc;
}

/* Ends the read-only transaction of a sample; nothing was written, so
 * nothing is kept. */
static void end_read_only(struct cls_source *s)
{
    struct cls_error ignored = {0};
    if (mysql_errno(s->m) != 2006 && mysql_errno(s->m) != 2013)
        my_exec(s, "ROLLBACK", &ignored);
}

static int my_sample(struct cls_source *s, const struct cls_table_ref *t,
                     const struct cls_column_list *cols, cls_row_fn fn, void *user,
                     uint64_t *rows_seen, struct cls_error *err)
{
    char *sql = NULL;
    int drawn = 0;
    *rows_seen = 0;
    if (build_query(s, t, cols, &drawn, &sql) != 0) {
        free(sql);
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    uint64_t n = s->opts.sample_rows ? s->opts.sample_rows : 1000;
    struct cls_reservoir *pool = drawn ? cls_reservoir_new(n, cols->count, table_seed(s, t)) : NULL;
    if (drawn && !pool) {
        free(sql);
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    /* Whatever the session says, this sample cannot write: a stored
     * function a view calls fails on its first write. */
    int rc = my_exec(s, "START TRANSACTION READ ONLY", err);
    if (rc == 0 && mysql_real_query(s->m, sql, strlen(sql)) != 0)
        rc = my_fail(s, err, NULL);
    free(sql);
    MYSQL_RES *res = rc == 0 ? mysql_use_result(s->m) : NULL;
    if (rc == 0 && !res)
        rc = my_fail(s, err, NULL);
    size_t ncols = cols->count;
    const char **vals = calloc(ncols ? ncols : 1, sizeof *vals);
    size_t *lens = calloc(ncols ? ncols : 1, sizeof *lens);
    if (rc == 0 && (!vals || !lens))
        rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
    if (rc == 0 && pool)
        rc = read_drawn(res, ncols, vals, lens, fn, user, pool, err);
    else if (rc == 0)
        read_rows(s, res, ncols, vals, lens, fn, user, 0, rows_seen);
    if (rc == 0 && mysql_errno(s->m))
        rc = my_fail(s, err, NULL);
    mysql_free_result(res);
    end_read_only(s);
    /* The draw is handed over only once the stream is whole: a row kept
     * early may still be replaced by a later one. */
    if (rc == 0 && pool)
        rc = cls_reservoir_deliver(pool, fn, user, rows_seen) < 0
                 ? cls_error_set(err, CLS_ENOMEM, "out of memory") : 0;
    cls_reservoir_free(pool);
    free(vals);
    free(lens);
    return rc;
}

/* Batches: up to MY_BATCH small tables' queries go as one multi-statement
 * query, one round trip instead of one per table; the server runs each
 * next statement while the client reads the current result. The classic
 * API has no pipeline, and a failing statement ends its batch: the tables
 * after it go in the next one. */
#define MY_BATCH 16

struct my_batch {
    struct cls_source *s;
    const struct cls_sample_req *reqs;
    const struct cls_batch_hooks *h;
    const char **vals;
    size_t *lens;
    int fatal;                       /* CLS_ENOMEM seen */
};

static int batch_sql(struct my_batch *b, size_t from, size_t n, char **sql)
{
    for (size_t i = from; i < from + n; i++) {
        char *one = NULL;
        int rc = build_query(b->s, b->reqs[i].table, b->reqs[i].columns, NULL, &one);
        if (rc == 0)
            rc = sql_cat(sql, one, i + 1 < from + n ? ";" : NULL);
        free(one);
        if (rc != 0)
            return CLS_ENOMEM;
    }
    return 0;
}

/* Reads the current result of the batch as table i and reports it; `failed`
 * says the server refused the statement. Returns the table's rc. */
static int batch_table(struct my_batch *b, size_t i, int failed)
{
    struct cls_source *s = b->s;
    struct cls_error err = {0};
    uint64_t rows = 0;
    int rc = failed ? my_fail(s, &err, NULL) : 0;
    MYSQL_RES *res = rc == 0 ? mysql_use_result(s->m) : NULL;
    if (rc == 0 && !res)
        rc = my_fail(s, &err, NULL);
    int begun = rc == 0 ? b->h->begin(b->h->user, i, &err) : 0;
    if (res) {
        read_rows(s, res, b->reqs[i].columns->count, b->vals, b->lens, b->h->row,
                  b->h->user, begun < 0, &rows);
        if (mysql_errno(s->m))
            rc = my_fail(s, &err, NULL);
        mysql_free_result(res);
    }
    if (begun < 0)
        rc = begun;
    b->h->end(b->h->user, i, rc, rows, &err);
    if (rc == CLS_ENOMEM)
        b->fatal = CLS_ENOMEM;
    return rc;
}

/* Runs tables [from, from + n) as one query; returns how many were reported
 * (at least one: a refused query reports its first table). */
static size_t batch_run(struct my_batch *b, size_t from, size_t n)
{
    MYSQL *m = b->s->m;
    char *sql = NULL;
    if (batch_sql(b, from, n, &sql) < 0) {
        free(sql);
        b->fatal = CLS_ENOMEM;
        return 0;
    }
    int failed = mysql_real_query(m, sql, strlen(sql)) != 0;
    free(sql);
    size_t i = from;
    for (;;) {
        int rc = batch_table(b, i++, failed);
        if (failed || i == from + n || (rc < 0 && mysql_errno(m)))
            break;
        int next = mysql_next_result(m);
        if (next < 0)
            break;
        failed = next > 0;
    }
    /* What the server still sends of an ended batch is read and dropped. */
    while (mysql_more_results(m) && mysql_next_result(m) == 0) {
        MYSQL_RES *res = mysql_use_result(m);
        while (res && mysql_fetch_row(res))
            ;
        mysql_free_result(res);
    }
    return i - from;
}

static int my_sample_batch(struct cls_source *s, const struct cls_sample_req *reqs, size_t n,
                           const struct cls_batch_hooks *h)
{
    struct my_batch b = {.s = s, .reqs = reqs, .h = h};
    size_t need = 1, done = 0;
    for (size_t i = 0; i < n; i++)
        need = reqs[i].columns->count > need ? reqs[i].columns->count : need;
    b.vals = calloc(need, sizeof *b.vals);
    b.lens = calloc(need, sizeof *b.lens);
    int multi = b.vals && b.lens &&
                mysql_set_server_option(s->m, MYSQL_OPTION_MULTI_STATEMENTS_ON) == 0;
    b.fatal = b.vals && b.lens ? 0 : CLS_ENOMEM;
    struct cls_error terr = {0};
    if (!b.fatal && my_exec(s, "START TRANSACTION READ ONLY", &terr) < 0) {
        /* Not one table is read outside a read-only transaction. */
        for (; done < n; done++)
            h->end(h->user, done, terr.code, 0, &terr);
    }
    while (done < n && !b.fatal) {
        size_t chunk = n - done < MY_BATCH ? n - done : MY_BATCH;
        done += batch_run(&b, done, multi ? chunk : 1);
    }
    struct cls_error err = {0};
    cls_error_set(&err, CLS_ENOMEM, "out of memory");
    for (; done < n; done++)
        h->end(h->user, done, CLS_ENOMEM, 0, &err);
    if (multi)
        mysql_set_server_option(s->m, MYSQL_OPTION_MULTI_STATEMENTS_OFF);
    end_read_only(s);
    free(b.vals);
    free(b.lens);
    return b.fatal;
}

const struct cls_batch_ops cls_batch_mysql = {
    .sample_batch = my_sample_batch,
    .needs_catalog = 1,
};

static const char *my_display_uri(const struct cls_source *s)
{
    return s->display;
}

static const struct cls_source_info *my_info(const struct cls_source *s)
{
    struct cls_source *m = (struct cls_source *)s;
    m->info.warnings = (const char *const *)s->warnings.items;
    m->info.warning_count = s->warnings.count;
    return &s->info;
}

static void my_close(struct cls_source *s)
{
    if (!s)
        return;
    if (s->m)
        mysql_close(s->m);
    for (size_t i = 0; i < s->nrels; i++) {
        struct my_rel *r = &s->rels[i];
        free(r->schema);
        free(r->name);
        free(r->shown_schema);
        free(r->shown_name);
        free(r->pk);
        for (size_t c = 0; c < r->raw_cap; c++)
            free(r->raw_cols[c]);
        free(r->raw_cols);
        cls_column_list_clear(&r->cols);
    }
    free(s->rels);
    free(s->by_raw);
    free(s->by_shown);
    cls_strlist_clear(&s->warnings);
    free(s->display);
    free(s->user);
    free(s->password);
    free(s->host);
    cls_my_dest_clear(&s->dest);
    free(s->db);
    free(s->ssl_ca);
    free(s->server_version);
    free(s->tls_version);
    free(s->tls_cipher);
    free(s);
}

const struct cls_source_ops cls_source_mysql = {
    .scheme = "mysql",
    .open = my_open,
    .list_tables = my_list_tables,
    .list_columns = my_list_columns,
    .sample = my_sample,
    .display_uri = my_display_uri,
    .close = my_close,
    .info = my_info,
};
