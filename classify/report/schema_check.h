/* Checking a JSON document against a JSON Schema (schema_check.c): the
 * subset of draft 2020-12 that schemas/report.schema.json uses. The report
 * reader runs every report through it before it takes a value from it. */
#ifndef CLS_REPORT_SCHEMA_CHECK_H
#define CLS_REPORT_SCHEMA_CHECK_H

#include <jansson.h>

#include "classify/error.h"

/* schemas/report.schema.json as text, built in (schemas/embed.sh). */
extern const char cls_report_schema_text[];

/* Checks doc against the schema in schema_text. Returns 0 when doc fits;
 * otherwise CLS_EPARSE with one line in err naming the first misfit by its
 * JSON path and what was expected ("$.tables[0].label: expected string,
 * found integer"). No value of doc is quoted, only the schema's names and
 * array indices. A schema that does not parse, or that uses a keyword the
 * checker does not know, is an error (CLS_ERR) whatever doc holds, so a
 * schema change cannot silently check less. */
int cls_schema_check(const char *schema_text, json_t *doc, struct cls_error *err);

/* The same checks, the schema parsed once for many values (the report
 * reader checks a large report a table at a time). */
struct cls_schema;
/* Parses schema_text and checks its keywords as cls_schema_check does. */
int cls_schema_open(struct cls_schema **out, const char *schema_text, struct cls_error *err);
/* Checks v against the schema's $defs/def (the whole schema when def is
 * NULL); misfits are named from path ("$.tables[7]"). */
int cls_schema_check_at(struct cls_schema *schema, const char *def, json_t *v,
                        const char *path, struct cls_error *err);
void cls_schema_close(struct cls_schema *schema);

#endif
