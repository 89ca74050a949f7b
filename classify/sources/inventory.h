/* The inventory of a run across a fleet: a YAML file that `scan --targets`
 * reads (and `discover rds` writes) naming each database target with its
 * own connection and scan settings, and defaults for all. */
#ifndef CLASSIFY_SOURCES_INVENTORY_H
#define CLASSIFY_SOURCES_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "classify/error.h"

struct cls_inventory_target {
    char *name;           /* unique in the inventory; the report groups by it */
    char *uri;            /* the target (given, or built from engine/host/port) */
    char *ca_file;        /* NULL: none */
    char *iam_region;     /* non-NULL: RDS IAM authentication in this region */
    char *iam_user;       /* the database user of the IAM token (in the URI) */
    char *tables;         /* glob, NULL: all */
    char *exclude;        /* glob, NULL: none */
    uint64_t sample;      /* rows per table; 0: the run's */
    unsigned jobs;        /* 0: the run's */
    int publicly_accessible;  /* 1 yes, 0 no, -1 unknown (from discovery) */
    int storage_encrypted;    /* 1 yes, 0 no, -1 unknown */
};

struct cls_inventory {
    struct cls_inventory_target *targets;
    size_t count;
};

/* Parses an inventory (name is used in errors: "NAME:LINE:COL: ..."):
 *   version: 1
 *   defaults: {ca_file, iam: {region, user}, tables, exclude, sample, jobs}
 *   targets:
 *     - name: billing
 *       uri: postgresql://classify@billing.example:5432/billing
 *       # or engine: postgres|mysql|aurora-..., host, port, database, user
 *       ... any key of defaults ..., publicly_accessible, storage_encrypted,
 *       region, iam_auth, ca_identifier (written by discover)
 * A target's own keys win over defaults. Returns 0 or CLS_EPARSE (err
 * names the file, line and column) or CLS_ENOMEM. */
int cls_inventory_parse(struct cls_inventory **out, const char *name, const char *text,
                        size_t len, struct cls_error *err);
/* Reads and parses the file at path (at most 16 MiB). */
int cls_inventory_load(struct cls_inventory **out, const char *path, struct cls_error *err);
void cls_inventory_free(struct cls_inventory *inv);
/* True when path names a YAML inventory (.yaml or .yml), not a plain list. */
bool cls_inventory_is_yaml(const char *path);

#endif
