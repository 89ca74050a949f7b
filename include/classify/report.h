/* The report model: what a scan found, filled by the core and read `const`
 * by the writers (JSON, terminal, xlsx). All strings are owned by the
 * report and valid UTF-8 (outside text is sanitised on the way in).
 * Nothing here ever holds a raw sensitive value: evidence is masked before
 * it reaches the model. The JSON form is "classify-report/1" (README,
 * schemas/report.schema.json). */
#ifndef CLASSIFY_REPORT_H
#define CLASSIFY_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "classify/error.h"
#include "classify/label.h"

#define CLS_EVIDENCE_MAX 3

struct cls_finding {
    char *detector;          /* detector id */
    uint64_t matches;        /* values that validated */
    uint64_t candidates;     /* values with a candidate span (>= matches) */
    double ratio;            /* matches / values_non_null */
    double ratio_low;        /* 95% Wilson interval of ratio */
    double ratio_high;
    bool fired;              /* did this finding decide the label? */
    char *basis;             /* "values" or "name" */
    char *evidence[CLS_EVIDENCE_MAX]; /* masked */
    size_t evidence_count;
};

struct cls_column_report {
    char *column;
    char *data_type;
    enum cls_label label;
    uint64_t values_sampled;
    uint64_t values_non_null;
    bool skipped;            /* not sampled (binary type, excluded) */
    struct cls_finding *findings;
    size_t finding_count;
    char **reasons;
    size_t reason_count;
};

struct cls_table_report {
    char *source;            /* display URI: never a password */
    char *database;
    char *schema;
    char *table;
    int64_t rows_estimated;  /* -1: unknown (written as null) */
    uint64_t rows_sampled;
    enum cls_label label;
    struct cls_column_report *columns;
    size_t column_count;
};

struct cls_report_error {
    char *source;
    char *table;             /* "schema.table", or "" for a whole target */
    char *message;
};

/* One database target's connection, as classify saw it (db_report.c). */
struct cls_target_report {
    char *source;            /* display URI: never a password */
    char *engine;            /* "postgresql", "mysql" */
    char *server_version;
    bool tls;                /* the connection was encrypted */
    char *tls_version;       /* "" without TLS */
    char *tls_cipher;
    int server_requires_tls; /* 1 yes, 0 no (accepts plaintext), -1 unknown */
};

struct cls_report {
    char *format;            /* "classify-report/1" */
    char *started_at;        /* RFC 3339 UTC */
    char *finished_at;
    char *tool_version;
    char *policy_sha256;
    uint64_t sample_rows;
    bool complete;
    char **warnings;
    size_t warning_count;
    struct cls_table_report *tables;
    size_t table_count;
    struct cls_report_error *errors;
    size_t error_count;
    /* Database targets and their connections (written as `targets`). */
    struct cls_target_report *targets;
    size_t target_count;
};

/* Appends a zeroed target entry (server_requires_tls -1), or NULL. */
struct cls_target_report *cls_report_add_target(struct cls_report *report);
/* Frees the target entries. */
void cls_report_clear_targets(struct cls_report *report);

/* Allocates an empty report (format, tool_version set; complete = true). */
int cls_report_new(struct cls_report **out);
void cls_report_free(struct cls_report *report);

/* Appends and returns a zeroed table owned by the report, or NULL. */
struct cls_table_report *cls_report_add_table(struct cls_report *report);
/* Records a failed table or target and marks the report incomplete. */
int cls_report_add_error(struct cls_report *report, const char *source,
                         const char *table, const char *message);
int cls_report_add_warning(struct cls_report *report, const char *message);
/* Appends a human-readable reason to a column. */
int cls_column_add_reason(struct cls_column_report *col, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Sets started_at / finished_at to the current UTC time. */
void cls_report_stamp(char **slot);

/* Writers. The JSON file is created with mode 0600 and replaced atomically
 * (temp file in the same directory + rename), so a reader never sees half
 * a report. path "-" writes to stdout. */
int cls_report_write_json(const struct cls_report *report, const char *path,
                          struct cls_error *err);
/* Serialises to a malloc'd NUL-terminated string (caller frees). */
char *cls_report_to_json(const struct cls_report *report);
/* Reads a report written by cls_report_write_json (for diff and xlsx). */
int cls_report_read_json(struct cls_report **out, const char *path,
                         struct cls_error *err);

/* Prints the terminal table of `classify table`: one line per column with
 * label, detectors and prevalence, one masked example. */
struct cls_text_style {
    bool color;
};
void cls_report_print_text(const struct cls_report *report, void *stream,
                           const struct cls_text_style *style);

#endif
