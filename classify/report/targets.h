/* The report's `targets` array: one entry per database target with its
 * TLS use, protocol, cipher and whether the server refuses plaintext. */
#ifndef CLASSIFY_DB_REPORT_H
#define CLASSIFY_DB_REPORT_H

#include <jansson.h>

#include "classify/report.h"
#include "classify/source.h"

/* Appends a target entry built from a source's info. 0 or CLS_ENOMEM. */
int cls_scan_record_target(struct cls_report *report, const char *display,
                           const struct cls_source_info *info);
/* Frees a target entry's strings (not the entry). */
void cls_target_report_free(struct cls_target_report *target);
/* The `targets` JSON array (new reference). */
json_t *cls_report_targets_json(const struct cls_report *report);
/* Reads a `targets` array back (missing or malformed entries are skipped). */
void cls_report_targets_read(struct cls_report *report, json_t *array);

#endif
