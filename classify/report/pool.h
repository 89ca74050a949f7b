/* The report's pool (pool.c): where a recorded table's strings and arrays
 * live once the scan is done with them, so that a report of 100,000 tables
 * does not hold 100,000 copies of its source, database, schema, data types
 * and reason texts, each in its own malloc block (README "Scale of the
 * catalog"). */
#ifndef CLASSIFY_REPORT_POOL_H
#define CLASSIFY_REPORT_POOL_H

#include "classify/report.h"

/* Moves table t's strings and arrays into report r's pool: the strings
 * that repeat from table to table (source, database, schema, column names,
 * data types, reasons, detector ids, bases, protections, review reasons)
 * are kept once, the others (the table's name, evidence) are copied; the
 * columns, findings and reason arrays are copied. The malloc'd originals
 * are freed and t->pooled is set. Not moved: t->target and the overrides,
 * which stay malloc'd. A pooled table is read-only from then on, and may
 * not leave its report. Returns 0, or CLS_ENOMEM with t unchanged. An
 * already pooled table is left as it is. */
int cls_report_pool_table(struct cls_report *r, struct cls_table_report *t);

/* Frees the pool (cls_report_free calls it). Accepts NULL. */
void cls_report_pool_free(struct cls_report_pool *pool);

#endif
