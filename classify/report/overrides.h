/* A reviewer's overrides in the report (report/overrides.c): the
 * `override` object of a column or table, and the report's
 * `overrides_expired` array, written to and read from JSON. */
#ifndef CLASSIFY_REPORT_OVERRIDES_H
#define CLASSIFY_REPORT_OVERRIDES_H

#include <jansson.h>

#include "classify/report.h"

/* {"decision", "detected_label", "applied_label", "reviewer", "date",
 * "comment"} (new reference); applied is the label now in force. */
json_t *cls_override_json(const struct cls_report *report, const struct cls_override *o,
                          enum cls_label applied);
/* Reads an `override` object back, or NULL (absent, malformed, ENOMEM). */
struct cls_override *cls_override_read(const struct cls_report *report, json_t *o);
/* The `overrides_expired` array (new reference), and reading it back. */
json_t *cls_report_expired_json(const struct cls_report *report);
void cls_report_expired_read(struct cls_report *report, json_t *array);

#endif
