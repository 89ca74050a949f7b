/* Shards of a run across a fleet: which (target, table) work items this
 * process takes (shard.c), and the checkpoint that lets an interrupted run
 * resume without scanning again what it already did (checkpoint.c). */
#ifndef CLASSIFY_CORE_SHARD_H
#define CLASSIFY_CORE_SHARD_H

#include <stdbool.h>
#include <stddef.h>

#include "classify/report.h"
#include "classify/source.h"

/* True when the table of the target named target_id belongs to shard
 * index of count (count 0 or 1: every table does). The share is a stable
 * hash (FNV-1a, 64 bits) of the target's identity and the table's
 * database, schema and name: the same in every process, on every machine,
 * whatever the order of the catalog. */
bool cls_shard_mine(unsigned index, unsigned count, const char *target_id,
                    const struct cls_table_ref *table);

/* The SHA-256 (hex into hex[65]) of the set of target identities (their
 * printable forms, never a password; order does not matter), so that
 * shards of different target sets are never merged. Returns 0 or
 * CLS_ENOMEM. */
int cls_shard_targets_sha256(const char *const *targets, size_t count, char hex[65]);

struct cls_checkpoint;
struct cls_engine;
struct cls_scan_options;

/* The fleet's share of cls_scan_run, before the first target: stamps the
 * report with the seed, the target set's sha256 and the shard, and opens
 * the checkpoint (opts->checkpoint) into opts->checkpoint_open. Returns 0
 * or negative with err set (a checkpoint of another run, I/O). */
int cls_scan_fleet_begin(struct cls_report *report, struct cls_scan_options *opts,
                         const char *const *targets, size_t count, struct cls_error *err);
struct cls_strlist;

/* Scans target i of the run (cls_scan_target) under its inventory entry's
 * settings (opts->specs[i]: CA file, IAM, globs, sample, jobs), then gives
 * its tables and connection entries the entry's name and exposure. seen
 * holds the targets scanned before in this run: one already there is
 * skipped with a warning (scan.c). */
int cls_scan_fleet_target(struct cls_report *report, const struct cls_engine *engine,
                          const char *target, size_t i, const struct cls_scan_options *opts,
                          struct cls_strlist *seen, struct cls_error *err);
/* cls_scan_target, skipping a target whose identity is already in seen
 * (and adding it there). scan.c. */
int cls_scan_target_once(struct cls_report *report, const struct cls_engine *engine,
                         const char *target, const struct cls_scan_options *opts,
                         struct cls_strlist *seen, struct cls_error *err);
/* After the last target: closes the checkpoint and, when opts->stop was
 * set, marks the report interrupted and incomplete. */
void cls_scan_fleet_end(struct cls_report *report, struct cls_scan_options *opts);

/* Opens the checkpoint at path for a run whose identity (seed, sample
 * size, shard, targets, policy) is the given string. With resume, the
 * tables an earlier run of the same identity recorded there are kept for
 * cls_checkpoint_take, and new ones are appended; a checkpoint of another
 * identity is refused (CLS_EUSAGE, naming the file). Without resume, or
 * when the file does not exist, it starts empty. A last line cut short
 * (a worker killed mid-write) is ignored. */
int cls_checkpoint_open(struct cls_checkpoint **out, const char *path, const char *identity,
                        bool resume, struct cls_error *err);
/* Moves the recorded table (source, database, schema, name) into *out and
 * returns 1, or returns 0 when it was not recorded. */
int cls_checkpoint_take(struct cls_checkpoint *cp, const char *source,
                        const struct cls_table_ref *table, struct cls_table_report *out);
/* How many tables the checkpoint held when it was opened. */
size_t cls_checkpoint_resumed(const struct cls_checkpoint *cp);
/* Appends a decided table (before the policy's hooks) as one line, written
 * with one write(2) so a killed process leaves whole lines only. Not
 * thread-safe: the scan calls it under its lock. Returns 0 or negative. */
int cls_checkpoint_add(struct cls_checkpoint *cp, const struct cls_table_report *table);
void cls_checkpoint_close(struct cls_checkpoint *cp);

#endif
