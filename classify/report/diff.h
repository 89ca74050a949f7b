/* Comparing two reports (diff.c) and keeping a history of them
 * (history.c): what changed since the prior run, as a list of changes
 * stored in the new report, printed as text or JSON, and the gate that lets
 * a pipeline fail when a label was raised or a violation appeared. */
#ifndef CLASSIFY_DIFF_H
#define CLASSIFY_DIFF_H

#include <stdbool.h>
#include <stdio.h>

#include "classify/error.h"
#include "classify/report.h"

/* Compares prior with report and stores the changes in report
 * (has_changes, changes_prior, changes, change_notes), replacing any
 * earlier ones. A column is the same column when (source host and port,
 * database, schema, table, column) are equal; order never matters. A
 * prevalence change is one whose two 95% Wilson intervals do not overlap. A
 * table the new run could not read (it is in report->errors) is not
 * reported as removed. Only targets both runs covered are compared (the
 * others get a note). When the two runs name different policies
 * (policy_sha256), a label change with unchanged evidence is policy_raised
 * or policy_lowered. Returns 0 or CLS_ENOMEM. */
int cls_diff_reports(const struct cls_report *prior, struct cls_report *report,
                     struct cls_error *err);

/* What `--fail-on raise` counts in a report compared with its prior run
 * (report->has_changes; without a prior run only violations count). */
struct cls_gate {
    size_t raised;       /* labels raised (label_raised) */
    size_t added;        /* tables and columns added above the lowest level */
    size_t violations;   /* declared-label violations in the report, new or not */
    size_t policy;       /* labels raised by the policy alone (policy_raised) */
    bool tripped;        /* raised, added or violations, or policy when counted */
};

/* Fills *gate from report. policy_changes (--fail-on policy-change) counts
 * raises the policy alone explains as raises too. */
void cls_diff_gate(const struct cls_report *report, bool policy_changes,
                   struct cls_gate *gate);
/* cls_diff_gate(report, false, ...).tripped. */
bool cls_diff_gate_raise(const struct cls_report *report);

/* The key of the target a table or error source belongs to: host, port
 * and database of a URI (user, query dropped), a file's base name. The
 * diff and the history compare runs per target by it. Malloc'd, or NULL. */
char *cls_diff_target_key(const char *source);

/* The identity of a table's source across runs: "host:port" of a URI
 * (user and path dropped), a file's base name. Malloc'd, or NULL. */
char *cls_diff_source_identity(const char *source);

/* Counts the changes of one kind. */
size_t cls_diff_count(const struct cls_report *report, enum cls_change_kind kind);

/* Prints report's changes as text, one line each, then a summary line. */
void cls_diff_print_text(const struct cls_report *report, FILE *out);

/* A short human phrase for a change kind ("label raised"). */
const char *cls_diff_kind_words(enum cls_change_kind kind);

/* The prior of a new run from the history folder dir, per target: for each
 * target of now (its tables' and errors' sources, by cls_diff_target_key),
 * the newest of the last 32 runs that read it without an error (else the
 * newest that covered it); *out holds those runs' tables of that target,
 * with the newest chosen run's start time, policy and selection. *out is
 * NULL when no run covered any target of now (or dir is missing). A run
 * stamped later than now is never chosen. Returns 0 or negative. */
int cls_history_prior(struct cls_report **out, const char *dir, const struct cls_report *now,
                      struct cls_error *err);

/* Writes report into dir (created 0700 when missing) as
 * <started_at as YYYYMMDDTHHMMSSZ>.json, mode 0600, atomically, never
 * replacing an existing report (a _02, _03 ... suffix is added). *written
 * (malloc'd) names the file when not NULL. Returns 0 or negative. */
int cls_history_write(const struct cls_report *report, const char *dir, char **written,
                      struct cls_error *err);

#endif
