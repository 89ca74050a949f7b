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
    char *basis;             /* "values", "name" or "values+name" (the name decided) */
    char *evidence[CLS_EVIDENCE_MAX]; /* masked */
    size_t evidence_count;
    /* A finding that did not fire but has more than chance evidence
     * (checksum-valid values above the chance bound, or a telling column
     * name) is flagged for a person to look at: review is true and
     * review_reason says why in one line (NULL otherwise; not written). */
    bool review;
    char *review_reason;
};

/* A reviewer's decision applied on this run (policy reviews: issue 12):
 * the label the scan detected, and who decided what. The column's or
 * table's label is the label applied, so a lowered label is never silent. */
struct cls_override {
    char *decision;          /* "Corrected label", "False positive", "Accepted risk" */
    enum cls_label detected; /* the label before the override */
    char *reviewer, *date, *comment;
};

struct cls_column_report {
    char *column;
    char *data_type;
    enum cls_label label;
    uint64_t values_sampled;
    uint64_t values_non_null;
    bool skipped;            /* not sampled (binary type, excluded) */
    /* For a sensitive-looking column: "plaintext", "masked", "hashed",
     * "encrypted" or "tokenized"; NULL otherwise (not written). */
    char *protection;
    /* Rule of three: 95% upper bound on the share of values any detector
     * that found nothing could have missed (1 - 0.05^(1/n), about 3/n);
     * 0 when not computed (no non-null values; not written). */
    double missed_upper;
    struct cls_finding *findings;
    size_t finding_count;
    char **reasons;
    size_t reason_count;
    struct cls_override *override;  /* NULL: none applied */
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
    char **reasons;          /* table-level reasons (policy combination rules) */
    size_t reason_count;
    struct cls_override *override;  /* NULL: none applied */
    /* From an inventory (report/fleet.c): the target's name (NULL: none)
     * and its exposure (CLS_EXPOSURE_* bits; data risk = label x exposure). */
    char *target;
    unsigned exposure;
    /* Recorded by a scan: the table's strings and arrays (all but target
     * and the overrides) live in its report's pool (report/pool.h) and
     * are read-only; the table never leaves that report. */
    bool pooled;
};

/* What discovery says about where a table lives. */
#define CLS_EXPOSURE_PUBLIC 1u       /* the endpoint is publicly accessible */
#define CLS_EXPOSURE_UNENCRYPTED 2u  /* storage is not encrypted at rest */

struct cls_report_error {
    char *source;
    char *table;             /* "schema.table", or "" for a whole target */
    char *message;
};

/* A table or column whose detected label is above the label its owner
 * declared in the policy (column "" for a whole table). */
struct cls_violation {
    char *source;
    char *database;
    char *schema;
    char *table;
    char *column;
    enum cls_label declared;
    enum cls_label detected;
    char *rule;              /* the policy pattern that declared it */
};

/* A table the policy excluded: never sampled, listed so nobody mistakes
 * its absence for "nothing found". */
struct cls_exclusion {
    char *schema;
    char *table;
    char *rule;              /* the policy pattern that excluded it */
};

/* One difference from the prior run (diff.c). Identity is (source host and
 * port, database, schema, table, column); before/after are label names or
 * prevalences as text, "" when not applicable. */
enum cls_change_kind {
    CLS_CHANGE_TABLE_ADDED,
    CLS_CHANGE_TABLE_REMOVED,
    CLS_CHANGE_COLUMN_ADDED,
    CLS_CHANGE_COLUMN_REMOVED,
    CLS_CHANGE_LABEL_RAISED,
    CLS_CHANGE_LABEL_LOWERED,
    CLS_CHANGE_DETECTOR_APPEARED,
    CLS_CHANGE_DETECTOR_GONE,
    CLS_CHANGE_PREVALENCE,
    CLS_CHANGE_VIOLATION_NEW,
    /* A label changed between runs under different policies while the
     * column's evidence (detectors with matches, their prevalence) did
     * not: the policy explains it. Listed apart; a raise counts for
     * --fail-on only with --fail-on policy-change. */
    CLS_CHANGE_POLICY_RAISED,
    CLS_CHANGE_POLICY_LOWERED,
};
#define CLS_CHANGE_KIND_COUNT 12

struct cls_change {
    enum cls_change_kind kind;
    char *source;
    char *database;
    char *schema;
    char *table;
    char *column;            /* "" for a table-level change */
    char *detector;          /* "" unless a detector or prevalence change */
    char *before;
    char *after;
};

/* A review whose fingerprint no longer matches the data: not applied.
 * reviewed / now are "LABEL|detectors|protection". column "" for a table. */
struct cls_expired_override {
    char *source, *schema, *table, *column;
    char *decision, *reviewer, *date;
    char *reviewed, *now;
};

/* One database target's connection, as classify saw it (report/targets.c). */
struct cls_target_report {
    char *source;            /* display URI: never a password */
    char *engine;            /* "postgresql", "mysql" */
    char *server_version;
    bool tls;                /* the connection was encrypted */
    char *tls_version;       /* "" without TLS */
    char *tls_cipher;
    int server_requires_tls; /* 1 yes, 0 no (accepts plaintext), -1 unknown */
    bool tls_verified;       /* certificate and host name verified */
    bool tls_no_verify;      /* --tls-no-verify let an unverified server through */
    char *name;              /* the inventory's name for it, or NULL */
    unsigned exposure;       /* CLS_EXPOSURE_* bits */
};

/* What a run was asked to scan (run.selection), so a filtered run cannot
 * pass for a full one: the --tables and --exclude globs, the one table of
 * `classify table`, the targets as given (passwords removed), the seed
 * and the workers. recorded is false for a report written before these
 * were recorded (nothing is written then). */
struct cls_run_selection {
    bool recorded;
    char **tables;           /* --tables globs; none: every table */
    size_t table_count;
    char **exclude;          /* --exclude globs */
    size_t exclude_count;
    char *only_table;        /* `classify table`'s table, or NULL */
    char **targets;          /* as given on the command line, redacted */
    size_t target_count;
    bool seeded;             /* false: seeded from the clock (seed 0) */
    uint64_t seed;
    unsigned jobs;
};

struct cls_report_pool;

struct cls_report {
    char *format;            /* "classify-report/1" */
    char *started_at;        /* RFC 3339 UTC */
    char *finished_at;
    char *tool_version;
    char *policy_sha256;
    uint64_t sample_rows;
    bool sample_pages;       /* --sampling pages: run.sampling "pages" */
    bool complete;
    char **warnings;
    size_t warning_count;
    struct cls_table_report *tables;
    size_t table_count;
    size_t table_cap;        /* room in tables (cls_report_add_table) */
    struct cls_report_error *errors;
    size_t error_count;
    /* Policy in force (policy/apply.c): its name ("built-in" or the file path)
     * and level names by rank, lowest first; level_count 0 means the
     * default four (cls_label_name). */
    char *policy;
    char **levels;
    size_t level_count;
    char **policy_rules;     /* the policy in plain words, for readers */
    size_t policy_rule_count;
    struct cls_violation *violations;
    size_t violation_count;
    struct cls_exclusion *exclusions;
    size_t exclusion_count;
    /* Differences from a prior report (diff.c); has_changes false when
     * there was no prior report to compare with. */
    bool has_changes;
    char *changes_prior;     /* the prior report's started_at */
    struct cls_change *changes;
    size_t change_count;
    /* What a reader of the changes must know (changes.notes): the policy
     * changed, the runs scanned different selections, a target was only
     * in one of them. */
    char **change_notes;
    size_t change_note_count;
    /* Database targets and their connections (written as `targets`). */
    struct cls_target_report *targets;
    size_t target_count;
    /* The run's selection and sampling settings (run.selection). */
    struct cls_run_selection selection;
    /* Reviews that expired on this run (report/overrides.c). */
    struct cls_expired_override *expired;
    size_t expired_count;
    /* The run across a fleet (report/fleet.c): the seed when one was
     * given (run.seed), the identity of the target set (run.targets_sha256),
     * which share of the work a shard report holds (run.shard; count 0: the
     * whole run) and whether a signal stopped the run (run.interrupted). */
    bool seeded;
    uint64_t seed;
    char *targets_sha256;
    unsigned shard_index, shard_count;
    bool interrupted;
    /* Where the scan's recorded tables keep their strings (NULL: none). */
    struct cls_report_pool *pool;
};

/* Frees the selection's strings and zeroes it. */
void cls_report_clear_selection(struct cls_report *report);

/* Overrides (report/overrides.c): frees one (and NULLs the slot); appends
 * a zeroed expired entry (NULL on ENOMEM); frees the expired list. */
void cls_override_free(struct cls_override **slot);
struct cls_expired_override *cls_report_add_expired(struct cls_report *report);
void cls_report_clear_expired(struct cls_report *report);

/* Appends a zeroed target entry (server_requires_tls -1), or NULL. */
struct cls_target_report *cls_report_add_target(struct cls_report *report);
/* Frees the target entries. */
void cls_report_clear_targets(struct cls_report *report);

/* Name of a label under the report's levels ("Secret"), never NULL. */
const char *cls_report_label_name(const struct cls_report *report, enum cls_label label);
/* Parses a level name of the report (case-insensitive): 0 or -1. */
int cls_report_label_parse(const struct cls_report *report, const char *name,
                           enum cls_label *out);
/* Sets the level names (by rank, lowest first; copied). n 0 restores the
 * default four. Returns 0 or CLS_ENOMEM. */
int cls_report_set_levels(struct cls_report *report, const char *const *names, size_t n);
/* Name of a change kind as written in JSON ("label_raised"). */
const char *cls_change_kind_name(enum cls_change_kind kind);
/* Parses a change kind name: 0 or -1. */
int cls_change_kind_parse(const char *name, enum cls_change_kind *out);
/* Appends a zeroed element to one of the report's arrays (violations,
 * exclusions, changes): returns it, or NULL on ENOMEM. */
struct cls_violation *cls_report_add_violation(struct cls_report *report);
struct cls_exclusion *cls_report_add_exclusion(struct cls_report *report);
struct cls_change *cls_report_add_change(struct cls_report *report);
/* Frees the change list (before a diff replaces it). */
void cls_report_clear_changes(struct cls_report *report);

/* Allocates an empty report (format, tool_version set; complete = true). */
int cls_report_new(struct cls_report **out);
void cls_report_free(struct cls_report *report);
/* Frees what one column's report owns (its strings, findings, reasons,
 * override) and leaves it to be zeroed or refilled: for a column decided
 * alone (cls_column_acc_decide), as tests and benchmarks do. */
void cls_column_report_clear(struct cls_column_report *column);

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
/* The report's `changes` object alone, as a malloc'd JSON string (caller
 * frees), for `classify diff --json`; NULL on ENOMEM. */
char *cls_report_changes_to_json(const struct cls_report *report);
/* Reads a report written by cls_report_write_json (for diff and xlsx), a
 * table at a time when the file allows it (a large report is never one
 * whole JSON tree in memory); a report that fails a check is read whole,
 * so that the error names the first misfit exactly as before. */
int cls_report_read_json(struct cls_report **out, const char *path,
                         struct cls_error *err);
/* The same, always as one whole tree: what the table-at-a-time reader is
 * tested against. */
int cls_report_read_json_whole(struct cls_report **out, const char *path,
                               struct cls_error *err);

/* Prints the terminal table of `classify table`: one line per column with
 * label, detectors and prevalence, one masked example. */
struct cls_text_style {
    bool color;
};
void cls_report_print_text(const struct cls_report *report, void *stream,
                           const struct cls_text_style *style);

#endif
