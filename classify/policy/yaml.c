/* Reads a policy from YAML with libyaml's document API: the whole file is
 * loaded into a node tree (each node keeps its start mark), then walked key
 * by key. Every error names the file, line and column of the offending node
 * ("policy.yaml:7:5: unknown level 'Secrett' (levels: ...)"), so
 * `classify policy check` can point at it. The format is in README
 * ("Policy, history and the workbook") and schemas/policy.schema.json. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "policy/policy.h"
#include "policy/yaml.h"
#include "util/util.h"
#include "util/yaml_doc.h"

#define LEVEL_NAME_MAX 40
#define RULES_MAX 10000

struct ctx {
    struct cls_yaml y;
    struct cls_policy *p;
};

typedef int (*section_fn)(struct ctx *c, yaml_node_t *n);

static int parse_level(struct ctx *c, yaml_node_t *n, const char *what, int *out)
{
    const char *s = cls_yaml_scalar(&c->y, n, what);
    if (!s)
        return CLS_EPARSE;
    *out = cls_policy_level_find(c->p, s);
    if (*out >= 0)
        return 0;
    char names[CLS_POLICY_LEVELS_MAX * (LEVEL_NAME_MAX + 2)] = "";
    for (size_t i = c->p->level_count; i-- > 0;)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                 c->p->levels[i], i ? ", " : "");
    return cls_yaml_fail(&c->y, n, "unknown level '%s' (the levels are: %s)", s, names);
}

static int parse_bool(struct ctx *c, yaml_node_t *n, const char *what, bool *out)
{
    static const char *const yes[] = {"true", "yes", "on"}, *const no[] = {"false", "no", "off"};
    const char *s = cls_yaml_scalar(&c->y, n, what);
    if (!s)
        return CLS_EPARSE;
    for (size_t i = 0; i < 3; i++) {
        if (strcasecmp(s, yes[i]) == 0 || strcasecmp(s, no[i]) == 0) {
            *out = strcasecmp(s, yes[i]) == 0;
            return 0;
        }
    }
    return cls_yaml_fail(&c->y, n, "%s: expected true or false, got '%s'", what, s);
}

static int parse_count(struct ctx *c, yaml_node_t *n, const char *what, uint32_t *out)
{
    const char *s = cls_yaml_scalar(&c->y, n, what);
    char *end = NULL;
    if (!s)
        return CLS_EPARSE;
    unsigned long long v = *s >= '0' && *s <= '9' ? strtoull(s, &end, 10) : 0;
    if (!end || *end || v < 1 || v > 1000000000)
        return cls_yaml_fail(&c->y, n, "%s: expected a whole number from 1 to 1000000000, got '%s'",
                             what, s);
    *out = (uint32_t)v;
    return 0;
}

static int parse_fraction(struct ctx *c, yaml_node_t *n, const char *what, double *out)
{
    const char *s = cls_yaml_scalar(&c->y, n, what);
    char *end = NULL;
    if (!s)
        return CLS_EPARSE;
    /* Plain decimals only: strtod alone would take " 0.5", "0x1p-3", "1e-1". */
    bool plain = *s != '\0' && strspn(s, "0123456789.") == strlen(s) &&
                 strchr(s, '.') == strrchr(s, '.');
    double v = plain ? strtod(s, &end) : NAN;
    if (!end || *end || !isfinite(v) || v < 0.0 || v > 1.0)
        return cls_yaml_fail(
            &c->y, n, "%s: expected a fraction from 0 to 1 (0.05 is 5%%), got '%s'", what, s);
    *out = v;
    return 0;
}

/* Splits "schema.table.column" into parts; max_parts bounds the count. */
static int parse_pattern(struct ctx *c, yaml_node_t *n, size_t max_parts, const char *form,
                         struct cls_policy_pattern *out)
{
    const char *s = cls_yaml_scalar(&c->y, n, "pattern");
    if (!s)
        return CLS_EPARSE;
    size_t parts = 1;
    for (const char *q = s; *q; q++)
        parts += *q == '.';
    if (!*s || parts > max_parts)
        return cls_yaml_fail(&c->y, n, "pattern '%s': expected %s", s, form);
    out->text = strdup(s);
    out->parts = calloc(parts, sizeof *out->parts);
    if (!out->text || !out->parts)
        return cls_error_set(c->y.err, CLS_ENOMEM, "out of memory");
    const char *start = s;
    for (size_t i = 0; i < parts; i++) {
        const char *dot = strchr(start, '.');
        size_t len = dot ? (size_t)(dot - start) : strlen(start);
        if (len == 0)
            return cls_yaml_fail(&c->y, n, "pattern '%s': empty name between dots", s);
        if (!(out->parts[out->part_count++] = strndup(start, len)))
            return cls_error_set(c->y.err, CLS_ENOMEM, "out of memory");
        start = dot ? dot + 1 : start + len;
    }
    return 0;
}

/* ---- sections --------------------------------------------------------------- */

static int parse_version(struct ctx *c, yaml_node_t *n)
{
    const char *s = cls_yaml_scalar(&c->y, n, "version");
    if (!s)
        return CLS_EPARSE;
    if (strcmp(s, "1") != 0)
        return cls_yaml_fail(&c->y, n, "version: this classify reads policy version 1, not '%s'",
                             s);
    return 0;
}

static int parse_levels(struct ctx *c, yaml_node_t *n)
{
    if (cls_yaml_expect(&c->y, n, YAML_SEQUENCE_NODE, "levels") < 0)
        return CLS_EPARSE;
    size_t count = cls_yaml_seq_len(n);
    const char *names[CLS_POLICY_LEVELS_MAX];
    if (count < 2 || count > CLS_POLICY_LEVELS_MAX)
        return cls_yaml_fail(&c->y, n,
                             "levels: expected 2 to %d levels, most sensitive first, found %zu",
                             CLS_POLICY_LEVELS_MAX, count);
    for (size_t i = 0; i < count; i++) {
        yaml_node_t *item = cls_yaml_node(&c->y, n->data.sequence.items.start[i]);
        const char *s = cls_yaml_scalar(&c->y, item, "a level");
        if (!s)
            return CLS_EPARSE;
        size_t len = strlen(s);
        bool printable = len > 0 && len <= LEVEL_NAME_MAX;
        for (size_t k = 0; k < len && printable; k++)
            printable = (unsigned char)s[k] >= 0x20 && s[k] != 0x7f;
        if (!printable)
            return cls_yaml_fail(&c->y, item, "a level name must be 1 to %d printable characters",
                                 LEVEL_NAME_MAX);
        for (size_t k = 0; k < i; k++)
            if (strcasecmp(names[k], s) == 0)
                return cls_yaml_fail(&c->y, item, "level '%s' appears twice", s);
        names[i] = s;
    }
    /* The file lists the most sensitive first; ranks count up from the
     * bottom, so the last name is rank 0. */
    for (size_t i = 0; i < count; i++) {
        c->p->levels[count - 1 - i] = strdup(names[i]);
        c->p->level_count++;
    }
    for (size_t i = 0; i < count; i++)
        if (!c->p->levels[i])
            return cls_error_set(c->y.err, CLS_ENOMEM, "out of memory");
    return 0;
}

static int parse_detector_options(struct ctx *c, yaml_node_t *n, struct cls_policy_detector *d)
{
    if (cls_yaml_unique_keys(&c->y, n, true) < 0)
        return CLS_EPARSE;
    for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
         pr++) {
        yaml_node_t *k = cls_yaml_node(&c->y, pr->key), *v = cls_yaml_node(&c->y, pr->value);
        const char *key = (const char *)k->data.scalar.value;
        int rc;
        if (strcmp(key, "level") == 0)
            rc = parse_level(c, v, "level", &d->level);
        else if (strcmp(key, "min_count") == 0)
            rc = parse_count(c, v, "min_count", &d->min_count);
        else if (strcmp(key, "min_prevalence") == 0)
            rc = parse_fraction(c, v, "min_prevalence", &d->min_ratio);
        else if (strcmp(key, "enabled") == 0)
            rc = parse_bool(c, v, "enabled", &d->enabled);
        else
            rc = cls_yaml_fail(&c->y, k,
                               "unknown detector setting '%s' (expected level, min_count, "
                               "min_prevalence or enabled)",
                               key);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int parse_detector(struct ctx *c, yaml_node_t *k, yaml_node_t *v,
                          struct cls_policy_detector *d)
{
    const char *id = (const char *)k->data.scalar.value;
    if (!cls_policy_known_detector(id))
        return cls_yaml_fail(&c->y, k, "unknown detector '%s' (see `classify detectors`)", id);
    d->id = strdup(id);
    d->enabled = true;
    d->level = -1;
    d->min_ratio = -1.0;
    if (!d->id)
        return cls_error_set(c->y.err, CLS_ENOMEM, "out of memory");
    if (v->type == YAML_MAPPING_NODE)
        return parse_detector_options(c, v, d);
    const char *s = cls_yaml_scalar(&c->y, v, id);
    if (!s)
        return CLS_EPARSE;
    if (strcasecmp(s, "off") == 0 || strcasecmp(s, "false") == 0) {
        d->enabled = false;
        return 0;
    }
    return parse_level(c, v, id, &d->level);
}

static int parse_detectors(struct ctx *c, yaml_node_t *n)
{
    if (cls_yaml_expect(&c->y, n, YAML_MAPPING_NODE, "detectors") < 0 ||
        cls_yaml_unique_keys(&c->y, n, true) < 0)
        return CLS_EPARSE;
    size_t count = cls_yaml_map_len(n);
    c->p->detectors = calloc(count ? count : 1, sizeof *c->p->detectors);
    if (!c->p->detectors)
        return cls_error_set(c->y.err, CLS_ENOMEM, "out of memory");
    for (size_t i = 0; i < count; i++) {
        yaml_node_pair_t *pr = &n->data.mapping.pairs.start[i];
        c->p->detector_count++;
        int rc = parse_detector(c, cls_yaml_node(&c->y, pr->key), cls_yaml_node(&c->y, pr->value),
                                &c->p->detectors[i]);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static const char column_form[] = "[[schema.]table.]column, e.g. \"*.ssn\"";
static const char table_form[] = "[schema.]table, e.g. \"audit.*\"";

static int parse_column_rule(struct ctx *c, yaml_node_t *n, struct cls_policy_name_rule *r)
{
    r->level = -1;
    if (cls_yaml_expect(&c->y, n, YAML_MAPPING_NODE, "a column rule") < 0 ||
        cls_yaml_unique_keys(&c->y, n, true) < 0)
        return CLS_EPARSE;
    for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
         pr++) {
        yaml_node_t *k = cls_yaml_node(&c->y, pr->key), *v = cls_yaml_node(&c->y, pr->value);
        const char *key = (const char *)k->data.scalar.value;
        int rc;
        if (strcmp(key, "match") == 0) {
            rc = parse_pattern(c, v, 3, column_form, &r->match);
        } else if (strcmp(key, "level") == 0) {
            rc = parse_level(c, v, "level", &r->level);
        } else if (strcmp(key, "detector") == 0) {
            const char *id = cls_yaml_scalar(&c->y, v, "detector");
            rc = !id ? CLS_EPARSE
                 : !cls_policy_known_detector(id)
                     ? cls_yaml_fail(&c->y, v, "unknown detector '%s' (see `classify detectors`)",
                                     id)
                     : ((r->detector = strdup(id)) ? 0 : CLS_ENOMEM);
        } else {
            rc = cls_yaml_fail(
                &c->y, k, "unknown column rule key '%s' (expected match, level or detector)", key);
        }
        if (rc < 0)
            return rc;
    }
    if (!r->match.text)
        return cls_yaml_fail(&c->y, n, "a column rule needs 'match: PATTERN'");
    if (r->level < 0 && !r->detector)
        return cls_yaml_fail(&c->y, n, "column rule '%s' needs 'level' or 'detector'",
                             r->match.text);
    return 0;
}

/* Parses a sequence of rules into a new array of elem-sized items:
 * parse_one(c, node, item, index) for each; *count grows as items are
 * taken, so the policy frees exactly what was filled on an error. */
static int parse_rule_list(struct ctx *c, yaml_node_t *n, const char *what, void **items,
                           size_t *count, size_t elem,
                           int (*parse_one)(struct ctx *, yaml_node_t *, void *, size_t))
{
    if (cls_yaml_expect(&c->y, n, YAML_SEQUENCE_NODE, what) < 0)
        return CLS_EPARSE;
    size_t len = cls_yaml_seq_len(n);
    if (len > RULES_MAX)
        return cls_yaml_fail(&c->y, n, "%s: more than %d rules", what, RULES_MAX);
    *items = calloc(len ? len : 1, elem);
    if (!*items)
        return cls_error_set(c->y.err, CLS_ENOMEM, "out of memory");
    for (size_t i = 0; i < len; i++) {
        (*count)++;
        int rc = parse_one(c, cls_yaml_node(&c->y, n->data.sequence.items.start[i]),
                           (char *)*items + i * elem, i);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int parse_column_item(struct ctx *c, yaml_node_t *n, void *item, size_t index)
{
    (void)index;
    return parse_column_rule(c, n, item);
}

static int parse_columns(struct ctx *c, yaml_node_t *n)
{
    return parse_rule_list(c, n, "columns", (void **)&c->p->column_rules,
                           &c->p->column_rule_count, sizeof *c->p->column_rules,
                           parse_column_item);
}

static int parse_pattern_list(struct ctx *c, yaml_node_t *n, size_t max_parts, const char *form,
                              struct cls_policy_pattern **out, size_t *count)
{
    if (cls_yaml_expect(&c->y, n, YAML_SEQUENCE_NODE, "an exclusion list") < 0)
        return CLS_EPARSE;
    size_t len = cls_yaml_seq_len(n);
    if (len > RULES_MAX)
        return cls_yaml_fail(&c->y, n, "more than %d patterns", RULES_MAX);
    *out = calloc(len ? len : 1, sizeof **out);
    if (!*out)
        return cls_error_set(c->y.err, CLS_ENOMEM, "out of memory");
    for (size_t i = 0; i < len; i++) {
        (*count)++;
        int rc = parse_pattern(c, cls_yaml_node(&c->y, n->data.sequence.items.start[i]), max_parts,
                               form, &(*out)[i]);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int parse_declared_map(struct ctx *c, yaml_node_t *n, size_t max_parts, const char *form,
                              struct cls_policy_declared **out, size_t *count)
{
    if (cls_yaml_expect(&c->y, n, YAML_MAPPING_NODE, "declared labels") < 0 ||
        cls_yaml_unique_keys(&c->y, n, true) < 0)
        return CLS_EPARSE;
    size_t len = cls_yaml_map_len(n);
    if (len > RULES_MAX)
        return cls_yaml_fail(&c->y, n, "more than %d declarations", RULES_MAX);
    *out = calloc(len ? len : 1, sizeof **out);
    if (!*out)
        return cls_error_set(c->y.err, CLS_ENOMEM, "out of memory");
    for (size_t i = 0; i < len; i++) {
        yaml_node_pair_t *pr = &n->data.mapping.pairs.start[i];
        (*count)++;
        int rc = parse_pattern(c, cls_yaml_node(&c->y, pr->key), max_parts, form, &(*out)[i].match);
        if (rc == 0)
            rc =
                parse_level(c, cls_yaml_node(&c->y, pr->value), "declared level", &(*out)[i].level);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* `exclude:` and `declared:` both hold `tables:` and `columns:`. */
static int parse_tables_columns(struct ctx *c, yaml_node_t *n, const char *section,
                                bool declared)
{
    struct cls_policy *p = c->p;
    if (cls_yaml_expect(&c->y, n, YAML_MAPPING_NODE, section) < 0 ||
        cls_yaml_unique_keys(&c->y, n, true) < 0)
        return CLS_EPARSE;
    for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
         pr++) {
        yaml_node_t *k = cls_yaml_node(&c->y, pr->key), *v = cls_yaml_node(&c->y, pr->value);
        const char *key = (const char *)k->data.scalar.value;
        bool tables = strcmp(key, "tables") == 0;
        int rc;
        if (!tables && strcmp(key, "columns") != 0)
            rc = cls_yaml_fail(&c->y, k, "%s: unknown key '%s' (expected tables or columns)",
                               section, key);
        else if (declared)
            rc = tables ? parse_declared_map(c, v, 2, table_form, &p->declared_tables,
                                             &p->declared_table_count)
                        : parse_declared_map(c, v, 3, column_form, &p->declared_columns,
                                             &p->declared_column_count);
        else
            rc = tables ? parse_pattern_list(c, v, 2, table_form, &p->exclude_tables,
                                             &p->exclude_table_count)
                        : parse_pattern_list(c, v, 3, column_form, &p->exclude_columns,
                                             &p->exclude_column_count);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int parse_exclude(struct ctx *c, yaml_node_t *n)
{
    return parse_tables_columns(c, n, "exclude", false);
}

static int parse_declared(struct ctx *c, yaml_node_t *n)
{
    return parse_tables_columns(c, n, "declared", true);
}

static int parse_combo_detectors(struct ctx *c, yaml_node_t *n, struct cls_policy_combo *cb)
{
    if (cls_yaml_expect(&c->y, n, YAML_SEQUENCE_NODE, "detectors") < 0)
        return CLS_EPARSE;
    size_t len = cls_yaml_seq_len(n);
    if (len < 2 || len > 32)
        return cls_yaml_fail(&c->y, n, "a combination needs 2 to 32 detectors, found %zu", len);
    cb->detectors = calloc(len, sizeof *cb->detectors);
    if (!cb->detectors)
        return cls_error_set(c->y.err, CLS_ENOMEM, "out of memory");
    for (size_t i = 0; i < len; i++) {
        yaml_node_t *item = cls_yaml_node(&c->y, n->data.sequence.items.start[i]);
        const char *id = cls_yaml_scalar(&c->y, item, "a detector");
        if (!id)
            return CLS_EPARSE;
        if (!cls_policy_known_detector(id))
            return cls_yaml_fail(&c->y, item, "unknown detector '%s' (see `classify detectors`)",
                                 id);
        for (size_t k = 0; k < cb->detector_count; k++)
            if (strcmp(cb->detectors[k], id) == 0)
                return cls_yaml_fail(&c->y, item, "detector '%s' named twice in one combination",
                                     id);
        if (!(cb->detectors[cb->detector_count++] = strdup(id)))
            return cls_error_set(c->y.err, CLS_ENOMEM, "out of memory");
    }
    return 0;
}

static int parse_combo(struct ctx *c, yaml_node_t *n, struct cls_policy_combo *cb, size_t index)
{
    cb->level = -1;
    if (cls_yaml_expect(&c->y, n, YAML_MAPPING_NODE, "a combination") < 0 ||
        cls_yaml_unique_keys(&c->y, n, true) < 0)
        return CLS_EPARSE;
    for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
         pr++) {
        yaml_node_t *k = cls_yaml_node(&c->y, pr->key), *v = cls_yaml_node(&c->y, pr->value);
        const char *key = (const char *)k->data.scalar.value, *s;
        int rc;
        if (strcmp(key, "name") == 0)
            rc = !(s = cls_yaml_scalar(&c->y, v, "name"))     ? CLS_EPARSE
                 : (cb->name = cls_strdup_utf8(s, strlen(s))) ? 0
                                                              : CLS_ENOMEM;
        else if (strcmp(key, "detectors") == 0)
            rc = parse_combo_detectors(c, v, cb);
        else if (strcmp(key, "level") == 0)
            rc = parse_level(c, v, "level", &cb->level);
        else
            rc = cls_yaml_fail(
                &c->y, k, "unknown combination key '%s' (expected name, detectors or level)", key);
        if (rc < 0)
            return rc;
    }
    if (!cb->detectors || cb->level < 0)
        return cls_yaml_fail(&c->y, n, "a combination needs 'detectors' and 'level'");
    if (!cb->name && !(cb->name = cls_asprintf("combination %zu", index + 1)))
        return cls_error_set(c->y.err, CLS_ENOMEM, "out of memory");
    return 0;
}

static int parse_combo_item(struct ctx *c, yaml_node_t *n, void *item, size_t index)
{
    return parse_combo(c, n, item, index);
}

static int parse_combinations(struct ctx *c, yaml_node_t *n)
{
    return parse_rule_list(c, n, "combinations", (void **)&c->p->combos, &c->p->combo_count,
                           sizeof *c->p->combos, parse_combo_item);
}

/* ---- reviews: reviewers' overrides (classify review export) ------------------------ */

static int take_string(struct ctx *c, yaml_node_t *v, const char *what, char **out)
{
    const char *s = cls_yaml_scalar(&c->y, v, what);
    if (!s)
        return CLS_EPARSE;
    if (strlen(s) > 4000)
        return cls_yaml_fail(&c->y, v, "%s: longer than 4000 characters", what);
    free(*out);
    *out = cls_strdup_utf8(s, strlen(s));
    return *out ? 0 : cls_error_set(c->y.err, CLS_ENOMEM, "out of memory");
}

/* reviewed: {label: L, detectors: [a, b], protection: P} -> "L|a,b|P". */
static int parse_reviewed(struct ctx *c, yaml_node_t *n, struct cls_policy_review *v)
{
    char *label = NULL, *prot = NULL, dets[2048] = "";
    int rc = cls_yaml_expect(&c->y, n, YAML_MAPPING_NODE, "reviewed") < 0 ||
                     cls_yaml_unique_keys(&c->y, n, true) < 0
                 ? CLS_EPARSE
                 : 0;
    for (yaml_node_pair_t *pr = rc ? NULL : n->data.mapping.pairs.start;
         pr && rc == 0 && pr < n->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = cls_yaml_node(&c->y, pr->key), *val = cls_yaml_node(&c->y, pr->value);
        const char *key = (const char *)k->data.scalar.value;
        if (strcmp(key, "label") == 0)
            rc = take_string(c, val, "reviewed label", &label);
        else if (strcmp(key, "protection") == 0)
            rc = take_string(c, val, "reviewed protection", &prot);
        else if (strcmp(key, "detectors") == 0 &&
                 (rc = cls_yaml_expect(&c->y, val, YAML_SEQUENCE_NODE, "reviewed detectors")) == 0)
            for (size_t i = 0; rc == 0 && i < cls_yaml_seq_len(val); i++) {
                const char *id = cls_yaml_scalar(
                    &c->y, cls_yaml_node(&c->y, val->data.sequence.items.start[i]), "a detector");
                if (!id || strlen(dets) + strlen(id) + 2 > sizeof dets)
                    rc = id ? cls_yaml_fail(&c->y, val, "too many detectors") : CLS_EPARSE;
                else
                    snprintf(dets + strlen(dets), sizeof dets - strlen(dets), "%s%s",
                             dets[0] ? "," : "", id);
            }
        else if (rc == 0)
            rc = cls_yaml_fail(&c->y, k,
                               "unknown key '%s' in reviewed (expected label, detectors, "
                               "protection)",
                               key);
    }
    if (rc == 0 && !label)
        rc = cls_yaml_fail(&c->y, n, "reviewed needs a label");
    if (rc == 0 && !(v->fingerprint = cls_asprintf("%s|%s|%s", label, dets, prot ? prot : "")))
        rc = cls_error_set(c->y.err, CLS_ENOMEM, "out of memory");
    free(label);
    free(prot);
    return rc;
}

static int parse_review_key(struct ctx *c, yaml_node_t *k, yaml_node_t *val,
                            struct cls_policy_review *v)
{
    static const char *const keys[] = {"source", "schema", "table", "column", "decision",
                                       "label", "reviewer", "date", "comment"};
    char **slots[] = {&v->source, &v->schema, &v->table, &v->column, &v->decision,
                      &v->label, &v->reviewer, &v->date, &v->comment};
    const char *key = (const char *)k->data.scalar.value;
    if (strcmp(key, "reviewed") == 0)
        return parse_reviewed(c, val, v);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(key, keys[i]) == 0)
            return take_string(c, val, keys[i], slots[i]);
    return cls_yaml_fail(&c->y, k,
                         "unknown review key '%s' (expected source, schema, table, column, "
                         "decision, label, reviewer, date, comment, reviewed)",
                         key);
}

static int parse_review(struct ctx *c, yaml_node_t *n, void *item, size_t index)
{
    struct cls_policy_review *v = item;
    (void)index;
    if (cls_yaml_expect(&c->y, n, YAML_MAPPING_NODE, "a review") < 0 ||
        cls_yaml_unique_keys(&c->y, n, true) < 0)
        return CLS_EPARSE;
    for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
         pr++) {
        int rc =
            parse_review_key(c, cls_yaml_node(&c->y, pr->key), cls_yaml_node(&c->y, pr->value), v);
        if (rc < 0)
            return rc;
    }
    if (!v->table || !v->decision || !v->fingerprint)
        return cls_yaml_fail(&c->y, n, "a review needs 'table', 'decision' and 'reviewed'");
    if (strcmp(v->decision, "Corrected label") != 0 &&
        strcmp(v->decision, "False positive") != 0 && strcmp(v->decision, "Accepted risk") != 0)
        return cls_yaml_fail(&c->y, n,
                             "decision '%s': expected Corrected label, False positive or "
                             "Accepted risk",
                             v->decision);
    if (strcmp(v->decision, "Corrected label") == 0 && !v->label)
        return cls_yaml_fail(&c->y, n, "a Corrected label review needs 'label'");
    char **opt[] = {&v->source, &v->schema, &v->column, &v->reviewer, &v->date, &v->comment};
    for (size_t i = 0; i < sizeof opt / sizeof opt[0]; i++)
        if (!*opt[i] && !(*opt[i] = cls_strdup("")))
            return cls_error_set(c->y.err, CLS_ENOMEM, "out of memory");
    return 0;
}

static int parse_reviews(struct ctx *c, yaml_node_t *n)
{
    return parse_rule_list(c, n, "reviews", (void **)&c->p->reviews, &c->p->review_count,
                           sizeof *c->p->reviews, parse_review);
}

/* ---- the document ------------------------------------------------------------ */

static const struct {
    const char *key;
    section_fn parse;
} sections[] = {
    {"version", parse_version},     {"levels", parse_levels},
    {"detectors", parse_detectors}, {"columns", parse_columns},
    {"exclude", parse_exclude},     {"declared", parse_declared},
    {"combinations", parse_combinations}, {"reviews", parse_reviews},
};
#define SECTION_COUNT (sizeof sections / sizeof sections[0])

static int default_levels(struct ctx *c)
{
    for (int i = 0; i < CLS_LABEL_COUNT; i++)
        if (!(c->p->levels[i] = strdup(cls_label_name((enum cls_label)i))))
            return cls_error_set(c->y.err, CLS_ENOMEM, "out of memory");
    c->p->level_count = CLS_LABEL_COUNT;
    return 0;
}

static yaml_node_t *section_value(struct ctx *c, yaml_node_t *root, const char *key)
{
    for (yaml_node_pair_t *pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top;
         pr++)
        if (strcmp((char *)cls_yaml_node(&c->y, pr->key)->data.scalar.value, key) == 0)
            return cls_yaml_node(&c->y, pr->value);
    return NULL;
}

/* Levels first (the other sections name them), then the rest in file order. */
static int parse_root(struct ctx *c, yaml_node_t *root)
{
    if (!root)
        return cls_yaml_fail(&c->y, NULL,
                             "empty policy: expected a mapping with levels, detectors, ...");
    if (cls_yaml_expect(&c->y, root, YAML_MAPPING_NODE, "the policy") < 0 ||
        cls_yaml_unique_keys(&c->y, root, true) < 0)
        return CLS_EPARSE;
    yaml_node_t *levels = section_value(c, root, "levels");
    int rc = levels ? parse_levels(c, levels) : default_levels(c);
    for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
         rc == 0 && pr < root->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = cls_yaml_node(&c->y, pr->key);
        const char *key = (const char *)k->data.scalar.value;
        size_t i = 0;
        while (i < SECTION_COUNT && strcmp(sections[i].key, key) != 0)
            i++;
        if (i == SECTION_COUNT)
            rc = cls_yaml_fail(&c->y, k,
                               "unknown key '%s' (expected version, levels, detectors, columns, "
                               "exclude, declared, combinations or reviews)",
                               key);
        else if (sections[i].parse != parse_levels)
            rc = sections[i].parse(c, cls_yaml_node(&c->y, pr->value));
    }
    return rc;
}

/* Deepest flow/block nesting a policy needs is 4; libyaml's loader takes
 * time quadratic in the depth, so a crafted file is refused up front. */
#define MAX_NESTING 32

int cls_policy_parse(struct cls_policy **out, const char *name, const char *text, size_t len,
                     struct cls_error *err)
{
    struct ctx c = {.y = {.name = name, .err = err}};
    if (memchr(text, '\0', len))
        return cls_error_set(err, CLS_EPARSE, "%s: NUL byte: not a text policy file", name);
    if (cls_policy_new(&c.p, name, text, len) < 0)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    int rc = cls_yaml_load(&c.y, text, len, MAX_NESTING, "a policy");
    if (rc == 0) {
        rc = parse_root(&c, yaml_document_get_root_node(&c.y.doc));
        yaml_document_delete(&c.y.doc);
    }
    if (rc < 0) {
        cls_policy_free(c.p);
        return rc;
    }
    *out = c.p;
    return 0;
}

int cls_policy_builtin(struct cls_policy **out, struct cls_error *err)
{
    char *text = cls_policy_default_text();
    if (!text)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    int rc = cls_policy_parse(out, "built-in", text, strlen(text), err);
    free(text);
    return rc;
}

int cls_policy_load(struct cls_policy **out, const char *path, struct cls_error *err)
{
    char *text = NULL;
    size_t len = 0;
    int rc = cls_read_file(path, CLS_POLICY_FILE_MAX, &text, &len, err);
    if (rc < 0)
        return rc;
    rc = cls_policy_parse(out, path, text, len, err);
    free(text);
    return rc;
}
