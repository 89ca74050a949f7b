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
 * (has_changes, changes_prior, changes), replacing any earlier ones. A
 * column is the same column when (source host and port, database, schema,
 * table, column) are equal; order never matters. A prevalence change is one
 * whose two 95% Wilson intervals do not overlap. A table the new run could
 * not read (it is in report->errors) is not reported as removed. Returns 0
 * or CLS_ENOMEM. */
int cls_diff_reports(const struct cls_report *prior, struct cls_report *report,
                     struct cls_error *err);

/* True when report's changes include a raised label or a new violation:
 * the condition of `--fail-on raise`. */
bool cls_diff_gate_raise(const struct cls_report *report);

/* Counts the changes of one kind. */
size_t cls_diff_count(const struct cls_report *report, enum cls_change_kind kind);

/* Prints report's changes as text, one line each, then a summary line. */
void cls_diff_print_text(const struct cls_report *report, FILE *out);

/* A short human phrase for a change kind ("label raised"). */
const char *cls_diff_kind_words(enum cls_change_kind kind);

/* Finds the newest report in dir, by the UTC time stamp of its file name
 * (YYYYMMDDTHHMMSSZ[_NN].json). *path is malloc'd, or NULL when there is
 * none (a missing dir is no error). Returns 0 or negative. */
int cls_history_newest(char **path, const char *dir, struct cls_error *err);

/* Writes report into dir (created 0700 when missing) as
 * <started_at as YYYYMMDDTHHMMSSZ>.json, mode 0600, atomically, never
 * replacing an existing report (a _02, _03 ... suffix is added). *written
 * (malloc'd) names the file when not NULL. Returns 0 or negative. */
int cls_history_write(const struct cls_report *report, const char *dir, char **written,
                      struct cls_error *err);

#endif
