/* The report's run.selection, run.seed and run.jobs: what a run was asked
 * to scan and how it sampled, written, read back and compared. */
#ifndef CLASSIFY_REPORT_SELECTION_H
#define CLASSIFY_REPORT_SELECTION_H

#include <jansson.h>
#include <stdbool.h>

#include "classify/report.h"

/* Adds "selection", "seed" and "jobs" to the run object (nothing when the
 * selection was not recorded). */
void cls_report_selection_json(const struct cls_report *report, json_t *run);
/* Reads them back from a run object; a report without them reads as not
 * recorded. Returns 0 or CLS_ENOMEM. */
int cls_report_selection_read(struct cls_report *report, json_t *run);
/* When the two runs were asked for different tables (globs, one table) or
 * targets, a malloc'd one-line description of the difference; NULL when
 * they were the same, when either was not recorded, or on ENOMEM. */
char *cls_report_selection_difference(const struct cls_report *prior,
                                      const struct cls_report *report);

#endif
