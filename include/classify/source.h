/* The source interface: where sampled values come from. One back-end a file
 * (classify/sources/csv.c, pg.c, mysql.c), chosen by the scheme of
 * the target string. The engine sees only this interface.
 *
 * Life cycle: open -> list_tables -> for each table: list_columns, sample
 * -> close. A failure on one table is returned as an error for that table;
 * the caller records it and goes on with the next. */
#ifndef CLASSIFY_SOURCE_H
#define CLASSIFY_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "classify/error.h"

/* Every sampled value is cut to this many bytes (server-side for databases)
 * so one huge cell cannot flood memory or the wire. */
#define CLS_VALUE_MAX 4096

struct cls_source;

struct cls_table_ref {
    char *database;       /* "" when the source has none (CSV) */
    char *schema;         /* "" when the source has none (CSV) */
    char *name;
    int64_t rows_estimated; /* -1 when unknown */
};

struct cls_table_list {
    struct cls_table_ref *items;
    size_t count;
};

struct cls_column_ref {
    char *name;
    char *data_type;      /* as the source names it; "text" for CSV */
    int skipped;          /* 1: not sampled (binary, geometry); see skip_reason */
    char *skip_reason;
    /* 1: a built-in (pg_catalog) type, whose text form no user-defined
     * cast can change, so the source may cast and cut it server-side;
     * 0: the value is read in its type's own text output, cut here. */
    int builtin_type;
};

struct cls_column_list {
    struct cls_column_ref *items;
    size_t count;
};

/* What a row handed to a cls_row_fn is. A source that draws its sample on
 * the client (a reservoir over a streamed oversample) hands each row as it
 * is drawn into a slot, CLS_ROW_DRAWN, so the consumer can examine it while
 * the stream goes on; a slot may be drawn again later, replacing its row.
 * When the draw is final it hands the sample, slot by slot in order, as
 * CLS_ROW_KEPT rows (the bytes last drawn into that slot). A consumer that
 * ignores CLS_ROW_DRAWN rows and takes CLS_ROW_KEPT rows as CLS_ROW_SAMPLE
 * rows sees the same sample. */
enum cls_row_kind {
    CLS_ROW_SAMPLE = 0,   /* a row of the sample */
    CLS_ROW_DRAWN,        /* drawn into `slot`; not (yet) the sample */
    CLS_ROW_KEPT,         /* the sample's row in `slot` */
};

/* One sampled row: values[i] is NULL for SQL NULL, else lens[i] bytes
 * (not NUL-terminated by contract; at most CLS_VALUE_MAX). Valid only for
 * the duration of the callback. */
struct cls_row {
    const char *const *values;
    const size_t *lens;
    size_t count;
    enum cls_row_kind kind;
    uint64_t slot;        /* CLS_ROW_DRAWN and CLS_ROW_KEPT only */
    uint64_t slots;       /* CLS_ROW_DRAWN: the reservoir's size (slot < slots), so
                           * the consumer can size its per-slot notes once */
};

/* Called once per sampled row; return non-zero to stop sampling. */
typedef int (*cls_row_fn)(void *user, const struct cls_row *row);

/* Tables up to this many estimated rows may be sampled in a pipelined
 * batch (core/scan.c) or alone, depending on how the work falls to the
 * workers: a source samples them the same way either way, so a report never
 * depends on --jobs or --shard. */
#define CLS_BATCH_MAX_ROWS 100000

struct cls_source_options {
    uint64_t sample_rows; /* rows wanted per table */
    uint64_t seed;        /* for reproducible random samples */
    int seeded;           /* 0: seed from the clock */
    /* Database sources only (zero means the default). */
    uint32_t statement_timeout_ms; /* default 30000 */
    uint32_t lock_timeout_ms;      /* default 5000 */
    const char *ssl_ca;   /* verify the server certificate and host name */
    int allow_plaintext;  /* 1: allow a non-loopback host without TLS */
    int tls_no_verify;    /* 1: TLS to a non-loopback host need not be verified */
    int include_views;    /* 1: views are listed too */
    /* 1: a big table's sample may be drawn from whole random pages
     * (PostgreSQL TABLESAMPLE SYSTEM), which reads a fraction of the table
     * but takes rows stored together together; 0: every row of the sample
     * is drawn independently of the others where the engine allows. */
    int sample_pages;
    int iam_auth;         /* 1: RDS IAM token as the password (TLS required) */
    const char *region;   /* for iam_auth; NULL: AWS_REGION */
    /* 1: an extra --jobs connection of a scan whose first connection
     * recorded the facts (info()): the TLS facts and the privilege check,
     * the same for every connection of the account, are not read again.
     * The TLS requirements and the session settings are those of any
     * connection. */
    int extra_connection;
};

/* What a database source learnt about its connection, for the report's
 * `targets` and `run.warnings`. Strings are owned by the source. */
struct cls_source_info {
    const char *engine;            /* "postgresql", "mysql" */
    const char *server_version;
    int tls;                       /* 1: the connection is encrypted */
    const char *tls_version;       /* "" without TLS */
    const char *tls_cipher;
    int server_requires_tls;       /* 1 yes, 0 no, -1 could not tell */
    int tls_verified;              /* 1: the certificate and host name were verified */
    int tls_no_verify;             /* 1: --tls-no-verify allowed an unverified server */
    const char *const *warnings;   /* least-privilege findings */
    size_t warning_count;
};

struct cls_source_ops {
    const char *scheme;   /* "csv", "postgresql", "mysql" */
    /* Opens the target; *out is owned by the caller and released by close. */
    int (*open)(struct cls_source **out, const char *target,
                const struct cls_source_options *opts, struct cls_error *err);
    /* Fills *out with the tables to scan; free with cls_table_list_clear. */
    int (*list_tables)(struct cls_source *src, struct cls_table_list *out,
                       struct cls_error *err);
    /* Fills *out with the table's columns; free with cls_column_list_clear. */
    int (*list_columns)(struct cls_source *src, const struct cls_table_ref *table,
                        struct cls_column_list *out, struct cls_error *err);
    /* Streams a random sample of up to opts->sample_rows rows of the
     * table's columns (in list_columns order; skipped columns are NULL)
     * to fn (see enum cls_row_kind). *rows_seen is set to the number of
     * rows of the sample delivered (CLS_ROW_DRAWN rows not counted). */
    int (*sample)(struct cls_source *src, const struct cls_table_ref *table,
                  const struct cls_column_list *columns, cls_row_fn fn,
                  void *user, uint64_t *rows_seen, struct cls_error *err);
    /* The target as it may be printed and stored: never a password. */
    const char *(*display_uri)(const struct cls_source *src);
    void (*close)(struct cls_source *src);
    /* Optional (NULL for files): the connection facts above. */
    const struct cls_source_info *(*info)(const struct cls_source *src);
};

/* Picks the back-end for a target string: "postgresql://", "postgres://",
 * libpq "key=value" conninfo, "mysql://", else a CSV file path. Returns NULL
 * and sets err when the scheme is known but compiled out. */
const struct cls_source_ops *cls_source_for_target(const char *target,
                                                   struct cls_error *err);

void cls_table_list_clear(struct cls_table_list *list);
void cls_column_list_clear(struct cls_column_list *list);

/* The built-in back-ends. */
extern const struct cls_source_ops cls_source_csv;
extern const struct cls_source_ops cls_source_pg;
extern const struct cls_source_ops cls_source_mysql;

#endif
