/* A JSON Schema checker for the subset of draft 2020-12 that
 * schemas/report.schema.json uses: type, const, enum, required,
 * properties, items, $ref to #/$defs/..., minimum, maximum,
 * exclusiveMinimum, minItems, maxItems and pattern; description, title,
 * $schema, $id and $defs are notes. Any other keyword fails the schema as a
 * whole before a document is looked at. The first misfit ends the check;
 * its message gives the JSON path and the expectation, never the value. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "report/schema_check.h"

static const char *const keywords[] = {
    "type", "const", "enum", "required", "properties", "items", "$ref", "minimum",
    "maximum", "exclusiveMinimum", "minItems", "maxItems", "pattern",
    "description", "title", "$schema", "$id", "$defs", NULL,
};

/* A pattern of the schema, compiled once per checker rather than once per
 * value checked (a report holds a few patterned values per column). */
struct compiled {
    json_t *pattern;
    pcre2_code *re;
    pcre2_match_data *md;
};

#define MAX_PATTERNS 32

struct cls_schema {
    json_t *root;
    struct compiled patterns[MAX_PATTERNS];
    size_t pattern_count;
};

struct walk {
    struct cls_schema *schema; /* its root for $ref, its compiled patterns */
    char path[512];            /* "$.tables[2].label" so far */
    struct cls_error *err;
};

static bool known_keyword(const char *k)
{
    for (size_t i = 0; keywords[i]; i++)
        if (strcmp(keywords[i], k) == 0)
            return true;
    return false;
}

/* Every keyword of every subschema is one the checker knows. */
static int check_keywords(json_t *schema, struct cls_error *err)
{
    const char *k;
    json_t *v;
    if (!json_is_object(schema))
        return cls_error_set(err, CLS_ERR, "report schema: a subschema is not an object");
    json_object_foreach(schema, k, v) {
        if (!known_keyword(k))
            return cls_error_set(err, CLS_ERR, "report schema: unsupported keyword \"%s\"", k);
        int rc = 0;
        if (strcmp(k, "items") == 0)
            rc = check_keywords(v, err);
        else if (strcmp(k, "properties") == 0 || strcmp(k, "$defs") == 0) {
            const char *name;
            json_t *sub;
            json_object_foreach(v, name, sub)
                if ((rc = check_keywords(sub, err)) < 0)
                    break;
        }
        if (rc < 0)
            return rc;
    }
    return 0;
}

static const char *type_of(json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "object";
    case JSON_ARRAY: return "array";
    case JSON_STRING: return "string";
    case JSON_INTEGER: return "integer";
    case JSON_REAL: return "number";
    case JSON_TRUE:
    case JSON_FALSE: return "boolean";
    default: return "null";
    }
}

static bool has_type(json_t *v, const char *type)
{
    const char *t = type ? type : "";
    if (strcmp(t, "number") == 0)
        return json_is_number(v);
    return strcmp(t, type_of(v)) == 0;
}

static int misfit(struct walk *w, const char *fmt, const char *what)
{
    return cls_error_set(w->err, CLS_EPARSE, "%s: %s%s", w->path, fmt, what ? what : "");
}

static int check_type(struct walk *w, json_t *type, json_t *v)
{
    if (json_is_string(type))
        return has_type(v, json_string_value(type))
                   ? 0 : cls_error_set(w->err, CLS_EPARSE, "%s: expected %s, found %s",
                                       w->path, json_string_value(type), type_of(v));
    size_t i;
    json_t *t;
    json_array_foreach(type, i, t)
        if (has_type(v, json_string_value(t)))
            return 0;
    return misfit(w, "not of any type allowed here, found ", type_of(v));
}

static int check_enum(struct walk *w, json_t *options, json_t *v)
{
    size_t i;
    json_t *o;
    json_array_foreach(options, i, o)
        if (json_equal(o, v))
            return 0;
    return misfit(w, "not one of the values allowed here", NULL);
}

static int check_range(struct walk *w, json_t *s, json_t *v)
{
    if (!json_is_number(v))
        return 0;
    double x = json_number_value(v);
    json_t *b;
    if ((b = json_object_get(s, "minimum")) && x < json_number_value(b))
        return misfit(w, "below the minimum", NULL);
    if ((b = json_object_get(s, "maximum")) && x > json_number_value(b))
        return misfit(w, "above the maximum", NULL);
    if ((b = json_object_get(s, "exclusiveMinimum")) && x <= json_number_value(b))
        return misfit(w, "not above the minimum", NULL);
    return 0;
}

/* The compiled form of pattern, compiled on first use; NULL with err set
 * when it does not compile or the schema has more patterns than kept. */
static struct compiled *compiled_of(struct cls_schema *s, json_t *pattern,
                                    struct cls_error *err)
{
    for (size_t i = 0; i < s->pattern_count; i++)
        if (s->patterns[i].pattern == pattern)
            return &s->patterns[i];
    if (s->pattern_count == MAX_PATTERNS) {
        cls_error_set(err, CLS_ERR, "report schema: more than %d patterns", MAX_PATTERNS);
        return NULL;
    }
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)json_string_value(pattern),
                                   PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code, &off, NULL);
    pcre2_match_data *md = re ? pcre2_match_data_create_from_pattern(re, NULL) : NULL;
    if (!md) {
        pcre2_code_free(re);
        cls_error_set(err, CLS_ERR, "report schema: a pattern does not compile");
        return NULL;
    }
    struct compiled *c = &s->patterns[s->pattern_count++];
    *c = (struct compiled){pattern, re, md};
    return c;
}

static int check_pattern(struct walk *w, json_t *pattern, json_t *v)
{
    if (!json_is_string(v))
        return 0;
    struct compiled *c = compiled_of(w->schema, pattern, w->err);
    if (!c)
        return CLS_ERR;
    int m = pcre2_match(c->re, (PCRE2_SPTR)json_string_value(v), json_string_length(v), 0, 0,
                        c->md, NULL);
    return m >= 0 ? 0 : misfit(w, "does not have the expected form", NULL);
}

static int check_value(struct walk *w, json_t *s, json_t *v);

/* Checks v[key] (or v[index] when key is NULL) with the path extended. */
static int check_child(struct walk *w, json_t *s, json_t *v, const char *key, size_t index)
{
    size_t len = strlen(w->path);
    if (key)
        snprintf(w->path + len, sizeof w->path - len, ".%s", key);
    else
        snprintf(w->path + len, sizeof w->path - len, "[%zu]", index);
    int rc = check_value(w, s, v);
    w->path[len] = '\0';
    return rc;
}

static int check_object(struct walk *w, json_t *s, json_t *v)
{
    size_t i;
    json_t *k;
    json_array_foreach(json_object_get(s, "required"), i, k)
        if (!json_object_get(v, json_string_value(k)))
            return cls_error_set(w->err, CLS_EPARSE, "%s: \"%s\" is missing", w->path,
                                 json_string_value(k));
    const char *name;
    json_t *sub;
    json_object_foreach(json_object_get(s, "properties"), name, sub) {
        json_t *field = json_object_get(v, name);
        int rc = field ? check_child(w, sub, field, name, 0) : 0;
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int check_array(struct walk *w, json_t *s, json_t *v)
{
    json_t *b;
    size_t n = json_array_size(v);
    if ((b = json_object_get(s, "minItems")) && n < (size_t)json_integer_value(b))
        return misfit(w, "has too few items", NULL);
    if ((b = json_object_get(s, "maxItems")) && n > (size_t)json_integer_value(b))
        return misfit(w, "has too many items", NULL);
    json_t *items = json_object_get(s, "items");
    for (size_t i = 0; items && i < n; i++) {
        int rc = check_child(w, items, json_array_get(v, i), NULL, i);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int check_value(struct walk *w, json_t *s, json_t *v)
{
    json_t *k;
    int rc = 0;
    if ((k = json_object_get(s, "$ref"))) {
        const char *ref = json_string_value(k);
        json_t *target = ref && strncmp(ref, "#/$defs/", 8) == 0
                             ? json_object_get(json_object_get(w->schema->root, "$defs"), ref + 8) : NULL;
        if (!target)
            return cls_error_set(w->err, CLS_ERR, "report schema: unresolved $ref");
        if ((rc = check_value(w, target, v)) < 0)
            return rc;
    }
    if ((k = json_object_get(s, "type")) && (rc = check_type(w, k, v)) < 0)
        return rc;
    if ((k = json_object_get(s, "const")) && !json_equal(k, v))
        return misfit(w, "not the value required here", NULL);
    if ((k = json_object_get(s, "enum")) && (rc = check_enum(w, k, v)) < 0)
        return rc;
    if ((k = json_object_get(s, "pattern")) && (rc = check_pattern(w, k, v)) < 0)
        return rc;
    if ((rc = check_range(w, s, v)) < 0)
        return rc;
    if (json_is_object(v))
        return check_object(w, s, v);
    if (json_is_array(v))
        return check_array(w, s, v);
    return 0;
}

int cls_schema_open(struct cls_schema **out, const char *schema_text, struct cls_error *err)
{
    json_error_t jerr;
    *out = NULL;
    struct cls_schema *s = calloc(1, sizeof *s);
    if (!s)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    s->root = json_loads(schema_text, 0, &jerr);
    int rc = s->root ? check_keywords(s->root, err)
                     : cls_error_set(err, CLS_ERR, "report schema: %s", jerr.text);
    if (rc < 0) {
        cls_schema_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

int cls_schema_check_at(struct cls_schema *s, const char *def, json_t *v, const char *path,
                        struct cls_error *err)
{
    struct walk w = {.schema = s, .err = err};
    snprintf(w.path, sizeof w.path, "%s", path);
    json_t *sub = def ? json_object_get(json_object_get(s->root, "$defs"), def) : s->root;
    if (!sub)
        return cls_error_set(err, CLS_ERR, "report schema: no definition \"%s\"", def);
    return check_value(&w, sub, v);
}

void cls_schema_close(struct cls_schema *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->pattern_count; i++) {
        pcre2_match_data_free(s->patterns[i].md);
        pcre2_code_free(s->patterns[i].re);
    }
    json_decref(s->root);
    free(s);
}

int cls_schema_check(const char *schema_text, json_t *doc, struct cls_error *err)
{
    struct cls_schema *s;
    int rc = cls_schema_open(&s, schema_text, err);
    if (rc == 0)
        rc = cls_schema_check_at(s, NULL, doc, "$", err);
    cls_schema_close(s);
    return rc;
}
