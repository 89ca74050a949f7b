/* The compliance workbook (report/xlsx*.c): Summary, Tables, Columns,
 * Review, Sign-off, Changes, Violations, Policy and Errors sheets, written
 * with libxlsxwriter; and the decisions a reviewer wrote into one, read
 * back (xlsx_reviews.c over the reader xlsx_read.c) so they carry over to
 * the next quarter's workbook and become overrides (policy/apply.c). */
#ifndef CLASSIFY_REPORT_XLSX_H
#define CLASSIFY_REPORT_XLSX_H

#include <stddef.h>

#include "classify/error.h"
#include "classify/report.h"

/* One reviewed row of a workbook's Columns or Tables sheet. Identity is
 * (source, schema, table, column); column is "" for a table. fingerprint is
 * what was reviewed, "LABEL|det1,det2|protection" (cls_xlsx_fingerprint);
 * date is YYYY-MM-DD or "". All strings are owned, never NULL. */
struct cls_xlsx_review {
    char *source, *schema, *table, *column;
    char *fingerprint;
    char *decision;          /* "Agree", "Corrected label", "False positive", "Accepted risk" */
    char *corrected;         /* a level name, or "" */
    char *reviewer, *date, *comment;
    size_t row;              /* 1-based row in its sheet, for messages */
};

struct cls_xlsx_reviews {
    struct cls_xlsx_review *items;
    size_t count;
};

/* Writes report as an .xlsx workbook at path, mode 0600, atomically (a
 * temp file in the same directory, then rename). Text is always written as
 * text, never as a formula. prior (may be NULL) holds the decisions of last
 * quarter's workbook: each is copied into the row of the same identity when
 * the fingerprint is unchanged, else shown as stale beside what changed.
 * Returns 0 or negative (err set). */
int cls_report_write_xlsx(const struct cls_report *report, const char *path,
                          struct cls_error *err);
int cls_report_write_xlsx_reviewed(const struct cls_report *report,
                                   const struct cls_xlsx_reviews *prior, const char *path,
                                   struct cls_error *err);

/* The fingerprint of a column (LABEL|fired detectors|protection) or, with
 * column NULL, of a table (LABEL|detectors that drove it|), where LABEL is the
 * label detected (before an override). Malloc'd; NULL on ENOMEM. */
char *cls_xlsx_fingerprint(const struct cls_report *report, const struct cls_table_report *t,
                           const struct cls_column_report *column);
/* The same with the label's name given (the label the scan detected, before
 * any override); a column that was not sampled is "Not assessed". */
char *cls_xlsx_fingerprint_as(const char *label, const struct cls_table_report *t,
                              const struct cls_column_report *column);

/* Reads the decisions of a reviewed workbook (rows of Columns and Tables
 * with a Decision). A file that is no workbook of ours, damaged or hostile
 * (zip bomb, huge or deep XML, missing parts) is refused with a one-line
 * error naming what was wrong. Returns 0 or negative (err set). */
int cls_xlsx_read_reviews(const char *path, struct cls_xlsx_reviews *out,
                          struct cls_error *err);
/* Finds the decision for an identity (column "" for a table), or NULL. */
const struct cls_xlsx_review *cls_xlsx_reviews_find(const struct cls_xlsx_reviews *reviews,
                                                    const char *source, const char *schema,
                                                    const char *table, const char *column);
void cls_xlsx_reviews_free(struct cls_xlsx_reviews *reviews);

#endif
