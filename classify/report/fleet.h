/* The report's fields for a run across a fleet: run.seed, run.targets_sha256,
 * run.shard and run.interrupted (written and read here, called by json.c),
 * one table alone as JSON (for the checkpoint of a resumable run), the
 * canonical order of a report, and the merge of shard reports (merge.c). */
#ifndef CLASSIFY_REPORT_FLEET_H
#define CLASSIFY_REPORT_FLEET_H

#include <jansson.h>

#include "classify/report.h"

/* Adds the fleet fields to the report's `run` object (only those set). */
void cls_report_fleet_json(const struct cls_report *report, json_t *run);
/* Reads them back from a `run` object. */
void cls_report_fleet_read(struct cls_report *report, json_t *run);

/* A table's inventory name ("target") and "exposure", when it has them. */
void cls_report_fleet_table_json(const struct cls_table_report *table, json_t *o);
void cls_report_fleet_table_read(struct cls_table_report *table, json_t *o);
/* Exposure bits as JSON ["publicly_accessible", "storage_unencrypted"],
 * and back (unknown names are ignored). */
json_t *cls_report_exposure_json(unsigned exposure);
unsigned cls_report_exposure_read(json_t *a);

/* One table as its JSON object in `tables` (json.c); NULL on ENOMEM. */
json_t *cls_report_table_json(const struct cls_report *report,
                              const struct cls_table_report *table);
/* Dumps o into *text, a buffer its caller keeps (*cap bytes, grown when
 * short, always with room for one byte more): the text's length, or 0 on
 * failure. A table a time, no fresh string each (json.c, checkpoint.c). */
size_t cls_json_dump_kept(const json_t *o, char **text, size_t *cap, size_t flags);
/* Appends the table read from a `tables` element o to report: 0, or
 * CLS_ENOMEM / CLS_EPARSE (not an object). */
int cls_report_table_read(struct cls_report *report, json_t *o);

/* Puts the report in its canonical order, the same for any --jobs, any
 * sharding and any resume: tables by (source, database, schema, table),
 * errors, violations, exclusions, targets and warnings likewise, and
 * duplicate warnings, target entries and whole-target errors (which every
 * shard records) dropped. Returns 0. */
int cls_report_canonical(struct cls_report *report);

/* Merges shard reports (all from one sharded run: the same shard count,
 * policy, seed, sample size and target set, distinct indices, no table in
 * two of them) into *out, a report equal to one process's run over the
 * same targets. A missing shard makes the merged report incomplete with an
 * error naming it. Returns 0, or CLS_EINVAL with err naming the shard that
 * does not fit, or CLS_ENOMEM. names[i] is the file shards[i] came from,
 * for the messages. */
int cls_report_merge(struct cls_report **out, struct cls_report *const *shards,
                     const char *const *names, size_t count, struct cls_error *err);

#endif
