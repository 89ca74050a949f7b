/* The compliance workbook (report/xlsx.c): Summary, Columns, Changes,
 * Violations, Policy and Errors sheets, written with libxlsxwriter. */
#ifndef CLASSIFY_REPORT_XLSX_H
#define CLASSIFY_REPORT_XLSX_H

#include "classify/error.h"
#include "classify/report.h"

/* Writes report as an .xlsx workbook at path, mode 0600, atomically (a
 * temp file in the same directory, then rename). Text is always written as
 * text, never as a formula. Returns 0 or negative (err set). */
int cls_report_write_xlsx(const struct cls_report *report, const char *path,
                          struct cls_error *err);

#endif
