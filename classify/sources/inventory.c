/* The YAML inventory reader (inventory.h). An inventory is outside input
 * (hand-written, or written by `discover rds` from what AWS says), so every
 * key is checked, unknown keys are refused with their line, nesting is
 * bounded before the document is built (libyaml's composer recurses), and
 * nothing in it is trusted beyond being text: the URIs it holds go to the
 * database back-ends, which quote and escape as for any target. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "sources/inventory.h"
#include "util/util.h"
#include "util/yaml_doc.h"

#define MAX_DEPTH 16
#define MAX_TARGETS 100000
#define INVENTORY_MAX (16u << 20)

struct ctx {
    struct cls_yaml y;
};

static int set_text(struct ctx *c, yaml_node_t *n, const char *what, char **slot)
{
    const char *s = cls_yaml_scalar(&c->y, n, what);
    if (!s)
        return CLS_EPARSE;
    if (!*s)
        return cls_yaml_fail(&c->y, n, "%s: empty", what);
    free(*slot);
    *slot = cls_strdup_utf8(s, strlen(s));
    return *slot ? 0 : cls_error_set(c->y.err, CLS_ENOMEM, "out of memory");
}

static int set_bool(struct ctx *c, yaml_node_t *n, const char *what, int *slot)
{
    const char *s = cls_yaml_scalar(&c->y, n, what);
    if (!s)
        return CLS_EPARSE;
    if (strcasecmp(s, "true") == 0 || strcasecmp(s, "false") == 0) {
        *slot = strcasecmp(s, "true") == 0;
        return 0;
    }
    return cls_yaml_fail(&c->y, n, "%s: expected true or false, got '%s'", what, s);
}

static int set_count(struct ctx *c, yaml_node_t *n, const char *what, uint64_t max,
                     uint64_t *slot)
{
    const char *s = cls_yaml_scalar(&c->y, n, what);
    char *end = NULL;
    if (!s)
        return CLS_EPARSE;
    unsigned long long v = *s >= '0' && *s <= '9' ? strtoull(s, &end, 10) : 0;
    if (!end || *end || v < 1 || v > max)
        return cls_yaml_fail(&c->y, n, "%s: expected a whole number from 1 to %llu, got '%s'", what,
                             (unsigned long long)max, s);
    *slot = v;
    return 0;
}

/* iam: {region: R, user: U} */
static int set_iam(struct ctx *c, yaml_node_t *n, struct cls_inventory_target *t)
{
    if (n->type != YAML_MAPPING_NODE)
        return cls_yaml_fail(&c->y, n, "iam: expected a mapping {region: ..., user: ...}");
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = cls_yaml_node(&c->y, p->key), *v = cls_yaml_node(&c->y, p->value);
        const char *key = cls_yaml_scalar(&c->y, k, "a key of iam");
        int rc = !key                         ? CLS_EPARSE
                 : strcmp(key, "region") == 0 ? set_text(c, v, "iam.region", &t->iam_region)
                 : strcmp(key, "user") == 0   ? set_text(c, v, "iam.user", &t->iam_user)
                 : cls_yaml_fail(&c->y, k, "iam: unknown key '%s' (region, user)", key);
        if (rc < 0)
            return rc;
    }
    if (!t->iam_region)
        return cls_yaml_fail(&c->y, n, "iam: needs a region");
    return 0;
}

/* The parts of a target that discovery describes, for building its URI. */
struct endpoint {
    char *engine, *host, *database, *user;
    uint64_t port;
};

/* One key of a target (or of defaults: own false). */
static int set_key(struct ctx *c, yaml_node_t *k, yaml_node_t *v, bool own,
                   struct cls_inventory_target *t, struct endpoint *e)
{
    const char *key = cls_yaml_scalar(&c->y, k, "a key");
    uint64_t n = 0;
    int rc, ignored = 0;
    if (!key)
        return CLS_EPARSE;
    if (strcmp(key, "ca_file") == 0)
        return set_text(c, v, key, &t->ca_file);
    if (strcmp(key, "iam") == 0)
        return set_iam(c, v, t);
    if (strcmp(key, "tables") == 0)
        return set_text(c, v, key, &t->tables);
    if (strcmp(key, "exclude") == 0)
        return set_text(c, v, key, &t->exclude);
    if (strcmp(key, "sample") == 0) {
        rc = set_count(c, v, key, 10000000, &n);
        t->sample = n;
        return rc;
    }
    if (strcmp(key, "jobs") == 0) {
        rc = set_count(c, v, key, 64, &n);
        t->jobs = (unsigned)n;
        return rc;
    }
    if (own && strcmp(key, "name") == 0)
        return set_text(c, v, key, &t->name);
    if (own && strcmp(key, "uri") == 0)
        return set_text(c, v, key, &t->uri);
    if (own && strcmp(key, "engine") == 0)
        return set_text(c, v, key, &e->engine);
    if (own && strcmp(key, "host") == 0)
        return set_text(c, v, key, &e->host);
    if (own && strcmp(key, "database") == 0)
        return set_text(c, v, key, &e->database);
    if (own && strcmp(key, "user") == 0)
        return set_text(c, v, key, &e->user);
    if (own && strcmp(key, "port") == 0)
        return set_count(c, v, key, 65535, &e->port);
    if (own && strcmp(key, "publicly_accessible") == 0)
        return set_bool(c, v, key, &t->publicly_accessible);
    if (own && strcmp(key, "storage_encrypted") == 0)
        return set_bool(c, v, key, &t->storage_encrypted);
    /* Facts discovery records for people; the scan does not need them. */
    if (own && strcmp(key, "iam_auth") == 0)
        return set_bool(c, v, key, &ignored);
    if (own && (strcmp(key, "region") == 0 || strcmp(key, "ca_identifier") == 0 ||
                strcmp(key, "kind") == 0))
        return cls_yaml_scalar(&c->y, v, key) ? 0 : CLS_EPARSE;
    return cls_yaml_fail(&c->y, k, "unknown key '%s'%s", key,
                         own ? " in a target" : " in defaults");
}

static int read_map(struct ctx *c, yaml_node_t *n, bool own, struct cls_inventory_target *t,
                    struct endpoint *e)
{
    if (!n || n->type != YAML_MAPPING_NODE)
        return cls_yaml_fail(&c->y, n, "%s: expected a mapping (key: value)",
                             own ? "a target" : "defaults");
    int rc = cls_yaml_unique_keys(&c->y, n, false);
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
         rc == 0 && p < n->data.mapping.pairs.top; p++)
        rc = set_key(c, cls_yaml_node(&c->y, p->key), cls_yaml_node(&c->y, p->value), own, t, e);
    return rc;
}

/* scheme://[user@]host:port/[database], from what discovery wrote. */
static int build_uri(struct ctx *c, yaml_node_t *n, struct cls_inventory_target *t,
                     const struct endpoint *e)
{
    if (t->uri)
        return 0;
    if (!e->engine || !e->host || !e->port)
        return cls_yaml_fail(&c->y, n, "target '%s': needs a uri, or engine, host and port",
                             t->name);
    const char *scheme = strstr(e->engine, "postgres") ? "postgresql"
                         : strstr(e->engine, "mysql") || strstr(e->engine, "mariadb") ? "mysql"
                                                                                     : NULL;
    if (!scheme)
        return cls_yaml_fail(&c->y, n,
                             "target '%s': engine '%s' is neither PostgreSQL nor MySQL/MariaDB",
                             t->name, e->engine);
    const char *user = t->iam_user ? t->iam_user : e->user;
    t->uri = cls_asprintf("%s://%s%s%s:%llu/%s", scheme, user ? user : "", user ? "@" : "",
                          e->host, (unsigned long long)e->port,
                          e->database ? e->database : "");
    return t->uri ? 0 : cls_error_set(c->y.err, CLS_ENOMEM, "out of memory");
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Starts a target from the defaults. */
static int inherit(struct cls_inventory_target *t, const struct cls_inventory_target *d)
{
    *t = (struct cls_inventory_target){
        .ca_file = dup_or_null(d->ca_file), .iam_region = dup_or_null(d->iam_region),
        .iam_user = dup_or_null(d->iam_user), .tables = dup_or_null(d->tables),
        .exclude = dup_or_null(d->exclude), .sample = d->sample, .jobs = d->jobs,
        .publicly_accessible = -1, .storage_encrypted = -1,
    };
    return (d->ca_file && !t->ca_file) || (d->iam_region && !t->iam_region) ||
                   (d->iam_user && !t->iam_user) || (d->tables && !t->tables) ||
                   (d->exclude && !t->exclude)
               ? CLS_ENOMEM
               : 0;
}

static void target_clear(struct cls_inventory_target *t)
{
    free(t->name);
    free(t->uri);
    free(t->ca_file);
    free(t->iam_region);
    free(t->iam_user);
    free(t->tables);
    free(t->exclude);
}

static int read_target(struct ctx *c, yaml_node_t *n, const struct cls_inventory_target *d,
                       struct cls_inventory *inv)
{
    struct cls_inventory_target *t = &inv->targets[inv->count];
    struct endpoint e = {0};
    int rc = inherit(t, d) < 0 ? cls_error_set(c->y.err, CLS_ENOMEM, "out of memory") : 0;
    inv->count++;
    if (rc == 0)
        rc = read_map(c, n, true, t, &e);
    if (rc == 0 && !t->name)
        rc = cls_yaml_fail(&c->y, n, "a target needs a name");
    for (size_t i = 0; rc == 0 && i + 1 < inv->count; i++)
        if (strcmp(inv->targets[i].name, t->name) == 0)
            rc = cls_yaml_fail(&c->y, n, "target name '%s' appears twice", t->name);
    if (rc == 0)
        rc = build_uri(c, n, t, &e);
    free(e.engine);
    free(e.host);
    free(e.database);
    free(e.user);
    return rc;
}

static int read_root(struct ctx *c, struct cls_inventory *inv)
{
    yaml_node_t *root = yaml_document_get_root_node(&c->y.doc);
    struct cls_inventory_target d = {.publicly_accessible = -1, .storage_encrypted = -1};
    struct endpoint unused = {0};
    yaml_node_t *targets = NULL, *defaults = NULL;
    if (!root || root->type != YAML_MAPPING_NODE)
        return cls_yaml_fail(&c->y, root,
                             "an inventory is a mapping with version, defaults and targets");
    int rc = cls_yaml_unique_keys(&c->y, root, false);
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
         rc == 0 && p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = cls_yaml_node(&c->y, p->key), *v = cls_yaml_node(&c->y, p->value);
        const char *key = cls_yaml_scalar(&c->y, k, "a key");
        const char *s = NULL;
        if (!key)
            rc = CLS_EPARSE;
        else if (strcmp(key, "version") == 0) {
            if (!(s = cls_yaml_scalar(&c->y, v, "version")))
                rc = CLS_EPARSE;
            else if (strcmp(s, "1") != 0)
                rc = cls_yaml_fail(&c->y, v, "version: this classify reads inventory version 1, "
                                             "not '%s'", s);
        }
        else if (strcmp(key, "defaults") == 0)
            defaults = v;
        else if (strcmp(key, "targets") == 0)
            targets = v;
        else
            rc = cls_yaml_fail(&c->y, k, "unknown key '%s' (version, defaults, targets)", key);
    }
    if (rc == 0 && defaults)
        rc = read_map(c, defaults, false, &d, &unused);
    if (rc == 0 && (!targets || targets->type != YAML_SEQUENCE_NODE ||
                    cls_yaml_seq_len(targets) == 0))
        rc = cls_yaml_fail(&c->y, targets ? targets : root,
                           "targets: expected a list of one or more targets");
    size_t n = rc == 0 ? cls_yaml_seq_len(targets) : 0;
    if (rc == 0 && n > MAX_TARGETS)
        rc = cls_yaml_fail(&c->y, targets, "targets: more than %d", MAX_TARGETS);
    if (rc == 0 && !(inv->targets = calloc(n, sizeof *inv->targets)))
        rc = cls_error_set(c->y.err, CLS_ENOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = read_target(c, cls_yaml_node(&c->y, targets->data.sequence.items.start[i]), &d, inv);
    target_clear(&d);
    return rc;
}

void cls_inventory_free(struct cls_inventory *inv)
{
    if (!inv)
        return;
    for (size_t i = 0; i < inv->count; i++)
        target_clear(&inv->targets[i]);
    free(inv->targets);
    free(inv);
}

int cls_inventory_parse(struct cls_inventory **out, const char *name, const char *text,
                        size_t len, struct cls_error *err)
{
    struct ctx c = {.y = {.name = name, .err = err}};
    *out = NULL;
    if (memchr(text, '\0', len))
        return cls_error_set(err, CLS_EPARSE, "%s: NUL byte: not a text inventory", name);
    struct cls_inventory *inv = calloc(1, sizeof *inv);
    if (!inv)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    int rc = cls_yaml_load(&c.y, text, len, MAX_DEPTH, "an inventory");
    if (rc == 0) {
        rc = read_root(&c, inv);
        yaml_document_delete(&c.y.doc);
    }
    if (rc < 0) {
        cls_inventory_free(inv);
        return rc;
    }
    *out = inv;
    return 0;
}

int cls_inventory_load(struct cls_inventory **out, const char *path, struct cls_error *err)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    int rc = cls_read_file(path, INVENTORY_MAX, &text, &len, err);
    if (rc == 0)
        rc = cls_inventory_parse(out, path, text, len, err);
    free(text);
    return rc;
}

bool cls_inventory_is_yaml(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    return (n > 5 && strcmp(path + n - 5, ".yaml") == 0) ||
           (n > 4 && strcmp(path + n - 4, ".yml") == 0);
}
