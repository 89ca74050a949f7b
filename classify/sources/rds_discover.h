/* Discovery of RDS instances and Aurora clusters: the RDS Query API
 * (DescribeDBInstances, DescribeDBClusters, Version 2014-10-31) over HTTPS,
 * SigV4-signed with the credential chain (aws_creds.h), page by page
 * (Marker), filtered by tags, written as a YAML inventory that
 * `scan --targets FILE.yaml` reads. */
#ifndef CLASSIFY_RDS_DISCOVER_H
#define CLASSIFY_RDS_DISCOVER_H

#include <stddef.h>

#include "classify/error.h"

struct cls_rds_tag {
    char *key, *value;
};

/* One DB instance or cluster as the API describes it. */
struct cls_rds_endpoint {
    const char *kind;            /* "instance" or "cluster" */
    char *id, *engine, *host, *database, *ca_identifier, *cluster_id, *members;
    unsigned port;
    int iam_auth, storage_encrypted, publicly_accessible;   /* 1, 0, -1 unknown */
    struct cls_rds_tag *tags;
    size_t tag_count;
};

struct cls_rds_list {
    struct cls_rds_endpoint *items;
    size_t count, cap;
    char *marker;                /* the page's Marker; NULL on the last page */
};

/* Appends the DBInstance or DBCluster entries of one response page to
 * *list and sets list->marker. An ErrorResponse becomes CLS_ESOURCE with
 * its code and message; malformed XML CLS_EPARSE naming name and line. */
int cls_rds_parse_page(struct cls_rds_list *list, const char *name, const char *xml, size_t len,
                       struct cls_error *err);

void cls_rds_list_clear(struct cls_rds_list *list);

struct cls_rds_discover_options {
    const char *region;          /* required */
    const char *endpoint_url;    /* NULL: https://rds.REGION.amazonaws.com/ */
    const char *ca_file;         /* NULL: the system's CAs (or AWS_CA_BUNDLE) */
    const char *const *tags;     /* "KEY=VALUE", all must match */
    size_t tag_count;
    const char *iam_user;        /* NULL, or written as defaults.iam.user */
};

/* Lists the region's instances and clusters and renders the inventory
 * (YAML, version 1) into *yaml (malloc'd); *count is the number of
 * targets in it. Returns 0 or a negative code with a message. */
int cls_rds_discover(char **yaml, size_t *count, const struct cls_rds_discover_options *o,
                     struct cls_error *err);

/* The inventory of already-listed instances and clusters: members of a
 * cluster are folded into the cluster's entry, tag filters applied,
 * engines other than PostgreSQL/MySQL/MariaDB left as comments. */
char *cls_rds_inventory_yaml(const struct cls_rds_list *instances,
                             const struct cls_rds_list *clusters,
                             const struct cls_rds_discover_options *o, size_t *count);

#endif
