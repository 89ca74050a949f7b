/* The policy: the levels, which detector means which level and when it
 * fires, column-name rules, exclusions, declared labels and combination
 * rules. It is read from a YAML file (yaml.h) or is the built-in
 * default, which is itself the YAML text `classify policy show` prints,
 * parsed like any file, so the two can never disagree. The report records
 * the sha256 of the policy's bytes so two runs can be compared honestly.
 * apply.h turns a policy into the scan's hooks (scan.h). */
#ifndef CLASSIFY_POLICY_H
#define CLASSIFY_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "classify/error.h"
#include "classify/report.h"

#define CLS_POLICY_LEVELS_MAX 8
#define CLS_POLICY_FILE_MAX (1024 * 1024)

/* A glob over dotted names, split once at load: "billing.*.card*" has
 * three parts and matches (schema, table, column) from the right. */
struct cls_policy_pattern {
    char *text;
    char **parts;
    size_t part_count;
};

struct cls_policy_detector {
    char *id;
    bool enabled;
    int level;               /* rank, -1: the detector's default */
    uint32_t min_count;      /* 0: the detector's default */
    double min_ratio;        /* < 0: the detector's default */
};

struct cls_policy_name_rule {
    struct cls_policy_pattern match;
    int level;               /* rank the column is raised to, -1: none */
    char *detector;          /* detector the name is evidence for, or NULL */
};

struct cls_policy_declared {
    struct cls_policy_pattern match;
    int level;
};

struct cls_policy_combo {
    char *name;
    char **detectors;
    size_t detector_count;
    int level;
};

/* A reviewer's decision that overrides the scan (the `reviews:` section,
 * or a file given with --reviews, written by `classify review export`). It
 * applies while the data matches what was reviewed: the fingerprint
 * "LABEL|det1,det2|protection" (report/xlsx.h). column "" for a table. */
struct cls_policy_review {
    char *source, *schema, *table, *column;
    char *decision;          /* "Corrected label", "False positive", "Accepted risk" */
    char *label;             /* the corrected level's name, or NULL */
    char *reviewer, *date, *comment;
    char *fingerprint;
};

struct cls_policy {
    char *source;            /* "built-in" or the file path */
    char sha256[65];         /* of the file's bytes */
    char *levels[CLS_POLICY_LEVELS_MAX]; /* by rank, lowest first */
    size_t level_count;
    struct cls_policy_detector *detectors;
    size_t detector_count;
    struct cls_policy_name_rule *column_rules;
    size_t column_rule_count;
    struct cls_policy_pattern *exclude_tables;
    size_t exclude_table_count;
    struct cls_policy_pattern *exclude_columns;
    size_t exclude_column_count;
    struct cls_policy_declared *declared_tables;
    size_t declared_table_count;
    struct cls_policy_declared *declared_columns;
    size_t declared_column_count;
    struct cls_policy_combo *combos;
    size_t combo_count;
    struct cls_policy_review *reviews;
    size_t review_count;
};

/* An empty policy (no levels, no rules) named `source`, with the sha256
 * of the bytes it was read from. The reader (yaml.c) fills it in. *out is
 * the caller's, freed with cls_policy_free. 0 or CLS_ENOMEM. */
int cls_policy_new(struct cls_policy **out, const char *source, const void *bytes,
                   size_t len);
void cls_policy_free(struct cls_policy *policy);

/* The built-in policy as a commented YAML file a user can start from
 * (malloc'd; NULL on ENOMEM). Generated from the detector registry. */
char *cls_policy_default_text(void);
/* sha256 of cls_policy_default_text(), 64 hex characters, into hex[65]. */
void cls_policy_default_sha256(char hex[65]);

/* True when a detector id is registered or reserved for a coming detector
 * (README "Detectors"), so a policy may name it. */
bool cls_policy_known_detector(const char *id);
/* Finds a level by name (case-insensitive): its rank, or -1. */
int cls_policy_level_find(const struct cls_policy *policy, const char *name);
/* The rank a detector gets under the policy: its setting, else the level
 * named like its built-in label, else the top level (fail closed). */
int cls_policy_detector_level(const struct cls_policy *policy, const char *id);
/* The policy's setting for a detector, or NULL. */
const struct cls_policy_detector *cls_policy_detector_find(const struct cls_policy *policy,
                                                           const char *id);

/* Frees the policy's reviews (policy/reviews.c). */
void cls_policy_reviews_free(struct cls_policy *policy);
/* Moves the reviews of `from` onto the end of policy's (from keeps none)
 * after checking that every corrected label is one of policy's levels (err
 * names the file `from_name`); with an empty `from`, checks policy's own
 * reviews. Returns 0, CLS_EPARSE or CLS_ENOMEM. */
int cls_policy_take_reviews(struct cls_policy *policy, struct cls_policy *from,
                            const char *from_name, struct cls_error *err);
/* The review of a column (column "" for a table), matched on the source
 * (a file by its base name, a URI without its user), schema and table; or
 * NULL. */
const struct cls_policy_review *cls_policy_review_find(const struct cls_policy *policy,
                                                       const char *source, const char *schema,
                                                       const char *table, const char *column);

/* Matches a pattern against the rightmost parts of (schema, table,
 * column); column may be NULL for a table pattern. Case-insensitive. */
bool cls_policy_pattern_match(const struct cls_policy_pattern *pattern, const char *schema,
                              const char *table, const char *column);

/* The policy in plain words, one sentence each, into a malloc'd array
 * (*count set). NULL on ENOMEM. */
char **cls_policy_describe(const struct cls_policy *policy, size_t *count);

#endif
