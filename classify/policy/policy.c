/* The policy model: the built-in default (generated from the detector
 * registry as the YAML text `classify policy show` prints, then parsed like
 * a user's file), loading a file, look-ups by level and detector, name
 * patterns, and the policy in plain words for the workbook. Reading YAML
 * is in yaml.c, which builds the model through this file's functions (this
 * file never calls the reader); applying a policy to a scan is in apply.c. */
#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "classify/detector.h"
#include "policy/policy.h"
#include "util/util.h"

/* Ids the README reserves for coming detectors: a policy may name them
 * (e.g. in a combination rule) before the detector exists. */
static const char *const reserved_ids[] = {
    "us_mbi", "us_hicn", "uk_nhs_number", "icd10_code", "aws_access_key", "private_key",
    "us_itin", "uk_nino", "ca_sin", "iban", "password_hash", "jwt", "phone_number",
    "person_name", "street_address", "date_of_birth", "ip_address", "us_npi", "us_dea",
};

bool cls_policy_known_detector(const char *id)
{
    if (cls_detector_find(id))
        return true;
    for (size_t i = 0; i < sizeof reserved_ids / sizeof reserved_ids[0]; i++)
        if (strcmp(id, reserved_ids[i]) == 0)
            return true;
    return false;
}

static const char default_head[] =
    "# classify policy: the built-in default, as printed by `classify policy show`.\n"
    "# Save it, edit it, check it with `classify policy check FILE`, and scan\n"
    "# with `classify scan --policy FILE ...`. Format: schemas/policy.schema.json.\n"
    "version: 1\n\n"
    "# The levels, most sensitive first. A column gets the level of the most\n"
    "# sensitive detector that fired on it; the last level means nothing was\n"
    "# found. Rename them or use fewer, e.g. [Confidential, Nonconfidential].\n"
    "levels: [Secret, Protected, Confidential, Public]\n\n"
    "# Each detector's level and when it fires: at least min_count matching\n"
    "# values, and matching / non-null values at least min_prevalence (0 to 1).\n"
    "# `enabled: false` switches a detector off. A detector not listed keeps\n"
    "# its built-in level if a level of that name exists, else the top level.\n"
    "detectors:\n";

static const char default_tail[] =
    "\n# Column-name rules, first match wins; a pattern is [[schema.]table.]column\n"
    "# with * and ? (case-insensitive). `level` raises a matching column to at\n"
    "# least that level; `detector` makes that detector's finding count on it.\n"
    "columns: []\n"
    "#  - {match: \"*.ssn\", level: Protected}\n"
    "#  - {match: \"billing.*.card*\", detector: credit_card}\n\n"
    "# Never sampled, and listed in the report as excluded. Tables are\n"
    "# [schema.]table, columns [[schema.]table.]column.\n"
    "exclude:\n"
    "  tables: []      # e.g. [\"audit.*\"]\n"
    "  columns: []     # e.g. [\"*.password_hash\"]\n\n"
    "# What the data owners say a table or column is. A detected label above\n"
    "# the declared one is reported as a violation.\n"
    "declared:\n"
    "  tables: {}      # e.g. {\"public.customers\": Confidential}\n"
    "  columns: {}     # e.g. {\"public.customers.notes\": Public}\n\n"
    "# Detectors that, fired together in one table, raise the table to a level:\n"
    "# each alone is Confidential, together they identify a person.\n"
    "combinations:\n"
    "  - name: quasi-identifiers\n"
    "    detectors: [person_name, date_of_birth, street_address]\n"
    "    level: Protected\n";

char *cls_policy_default_text(void)
{
    size_t cap = sizeof default_head + sizeof default_tail + cls_detector_count * 128;
    char *text = malloc(cap);
    if (!text)
        return NULL;
    size_t len = (size_t)snprintf(text, cap, "%s", default_head);
    for (size_t i = 0; i < cls_detector_count && len < cap; i++) {
        const struct cls_detector *d = cls_detectors[i];
        len += (size_t)snprintf(text + len, cap - len,
                                "  %s: {level: %s, min_count: %u, min_prevalence: %g}\n",
                                d->id, cls_label_name(d->label),
                                d->min_count ? d->min_count : 2, d->min_ratio);
    }
    if (len < cap)
        snprintf(text + len, cap - len, "%s", default_tail);
    return text;
}

void cls_policy_default_sha256(char hex[65])
{
    char *text = cls_policy_default_text();
    cls_sha256_hex(text ? text : "", text ? strlen(text) : 0, hex);
    free(text);
}

int cls_policy_new(struct cls_policy **out, const char *source, const void *bytes,
                   size_t len)
{
    struct cls_policy *p = calloc(1, sizeof *p);
    if (!p || !(p->source = strdup(source))) {
        free(p);
        return CLS_ENOMEM;
    }
    cls_sha256_hex(bytes, len, p->sha256);
    *out = p;
    return 0;
}

static void pattern_clear(struct cls_policy_pattern *p)
{
    free(p->text);
    for (size_t i = 0; i < p->part_count; i++)
        free(p->parts[i]);
    free(p->parts);
}

static void patterns_free(struct cls_policy_pattern *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pattern_clear(&p[i]);
    free(p);
}

static void declared_free(struct cls_policy_declared *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pattern_clear(&d[i].match);
    free(d);
}

void cls_policy_free(struct cls_policy *p)
{
    if (!p)
        return;
    free(p->source);
    for (size_t i = 0; i < p->level_count; i++)
        free(p->levels[i]);
    for (size_t i = 0; i < p->detector_count; i++)
        free(p->detectors[i].id);
    free(p->detectors);
    for (size_t i = 0; i < p->column_rule_count; i++) {
        pattern_clear(&p->column_rules[i].match);
        free(p->column_rules[i].detector);
    }
    free(p->column_rules);
    patterns_free(p->exclude_tables, p->exclude_table_count);
    patterns_free(p->exclude_columns, p->exclude_column_count);
    declared_free(p->declared_tables, p->declared_table_count);
    declared_free(p->declared_columns, p->declared_column_count);
    for (size_t i = 0; i < p->combo_count; i++) {
        free(p->combos[i].name);
        for (size_t j = 0; j < p->combos[i].detector_count; j++)
            free(p->combos[i].detectors[j]);
        free(p->combos[i].detectors);
    }
    free(p->combos);
    cls_policy_reviews_free(p);
    free(p);
}

int cls_policy_level_find(const struct cls_policy *p, const char *name)
{
    for (size_t i = 0; i < p->level_count; i++)
        if (strcasecmp(p->levels[i], name) == 0)
            return (int)i;
    return -1;
}

const struct cls_policy_detector *cls_policy_detector_find(const struct cls_policy *p,
                                                           const char *id)
{
    for (size_t i = 0; i < p->detector_count; i++)
        if (strcmp(p->detectors[i].id, id) == 0)
            return &p->detectors[i];
    return NULL;
}

int cls_policy_detector_level(const struct cls_policy *p, const char *id)
{
    const struct cls_policy_detector *s = cls_policy_detector_find(p, id);
    if (s && s->level >= 0)
        return s->level;
    const struct cls_detector *d = cls_detector_find(id);
    int rank = d ? cls_policy_level_find(p, cls_label_name(d->label)) : -1;
    /* An unmapped detector must not fall silently to the bottom level:
     * when its built-in level has no namesake here, take the top one. */
    return rank >= 0 ? rank : (int)p->level_count - 1;
}

bool cls_policy_pattern_match(const struct cls_policy_pattern *p, const char *schema,
                              const char *table, const char *column)
{
    const char *names[3] = {schema ? schema : "", table ? table : "", column};
    size_t n = column ? 3 : 2;
    if (p->part_count == 0 || p->part_count > n)
        return false;
    for (size_t i = 0; i < p->part_count; i++) {
        const char *name = names[n - p->part_count + i];
        if (fnmatch(p->parts[i], name, FNM_CASEFOLD) != 0)
            return false;
    }
    return true;
}

/* ---- the policy in plain words ---------------------------------------------- */

struct words {
    char **items;
    size_t count, cap;
    bool failed;
};

static void say(struct words *w, char *sentence)
{
    if (!sentence || cls_grow((void **)&w->items, &w->cap, w->count, sizeof *w->items) < 0) {
        free(sentence);
        w->failed = true;
        return;
    }
    w->items[w->count++] = sentence;
}

static const char *level_name(const struct cls_policy *p, int rank)
{
    return rank >= 0 && (size_t)rank < p->level_count ? p->levels[rank] : "?";
}

static void describe_levels(struct words *w, const struct cls_policy *p)
{
    char buf[CLS_POLICY_LEVELS_MAX * 40] = "";
    for (size_t i = p->level_count; i-- > 0;)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", p->levels[i],
                 i ? " > " : "");
    say(w, cls_asprintf("Levels, most sensitive first: %s. A column gets the level of the "
                        "most sensitive detector that fired; %s means nothing was found.",
                        buf, p->levels[0]));
}

static void describe_detectors(struct words *w, const struct cls_policy *p)
{
    for (size_t i = 0; i < cls_detector_count; i++) {
        const struct cls_detector *d = cls_detectors[i];
        const struct cls_policy_detector *s = cls_policy_detector_find(p, d->id);
        if (s && !s->enabled) {
            say(w, cls_asprintf("Detector %s is switched off.", d->id));
            continue;
        }
        uint32_t mc = s && s->min_count ? s->min_count : (d->min_count ? d->min_count : 2);
        double mr = s && s->min_ratio >= 0 ? s->min_ratio : d->min_ratio;
        char ratio[64] = "";
        if (mr > 0.0)
            snprintf(ratio, sizeof ratio, " and at least %g%% of the non-null values do",
                     mr * 100.0);
        say(w, cls_asprintf("Detector %s (%s) means %s, when at least %u sampled values "
                            "match%s.", d->id, d->category,
                            level_name(p, cls_policy_detector_level(p, d->id)), mc, ratio));
    }
}

static void describe_rules(struct words *w, const struct cls_policy *p)
{
    for (size_t i = 0; i < p->column_rule_count; i++) {
        const struct cls_policy_name_rule *r = &p->column_rules[i];
        if (r->level >= 0)
            say(w, cls_asprintf("A column whose name matches \"%s\" is at least %s.",
                                r->match.text, level_name(p, r->level)));
        if (r->detector)
            say(w, cls_asprintf("A column whose name matches \"%s\" counts as evidence for "
                                "%s: its matches count even below the thresholds.",
                                r->match.text, r->detector));
    }
    for (size_t i = 0; i < p->exclude_table_count; i++)
        say(w, cls_asprintf("Tables matching \"%s\" are never sampled (listed as excluded).",
                            p->exclude_tables[i].text));
    for (size_t i = 0; i < p->exclude_column_count; i++)
        say(w, cls_asprintf("Columns matching \"%s\" are never sampled (listed as excluded).",
                            p->exclude_columns[i].text));
}

static void describe_declared(struct words *w, const struct cls_policy *p)
{
    for (size_t i = 0; i < p->declared_table_count; i++)
        say(w, cls_asprintf("The owners declared tables matching \"%s\" to be %s; a higher "
                            "detected label is a violation.", p->declared_tables[i].match.text,
                            level_name(p, p->declared_tables[i].level)));
    for (size_t i = 0; i < p->declared_column_count; i++)
        say(w, cls_asprintf("The owners declared columns matching \"%s\" to be %s; a higher "
                            "detected label is a violation.", p->declared_columns[i].match.text,
                            level_name(p, p->declared_columns[i].level)));
    for (size_t i = 0; i < p->combo_count; i++) {
        const struct cls_policy_combo *c = &p->combos[i];
        char buf[512] = "";
        for (size_t j = 0; j < c->detector_count; j++)
            snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", j ? " + " : "",
                     c->detectors[j]);
        say(w, cls_asprintf("Combination \"%s\": %s fired in one table raise the table to %s.",
                            c->name, buf, level_name(p, c->level)));
    }
}

char **cls_policy_describe(const struct cls_policy *p, size_t *count)
{
    struct words w = {0};
    describe_levels(&w, p);
    describe_detectors(&w, p);
    describe_rules(&w, p);
    describe_declared(&w, p);
    if (w.failed) {
        for (size_t i = 0; i < w.count; i++)
            free(w.items[i]);
        free(w.items);
        return NULL;
    }
    *count = w.count;
    return w.items;
}
