/* One YAML document of outside input (yaml_doc.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/yaml_doc.h"

int cls_yaml_fail(struct cls_yaml *y, const yaml_node_t *n, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t line = n ? n->start_mark.line + 1 : 1, col = n ? n->start_mark.column + 1 : 1;
    return cls_error_set(y->err, CLS_EPARSE, "%s:%zu:%zu: %s", y->name, line, col, msg);
}

yaml_node_t *cls_yaml_node(struct cls_yaml *y, int index)
{
    return yaml_document_get_node(&y->doc, index);
}

static const char *kind_name(const yaml_node_t *n)
{
    switch (n ? n->type : YAML_NO_NODE) {
    case YAML_SCALAR_NODE: return "a single value";
    case YAML_SEQUENCE_NODE: return "a list";
    case YAML_MAPPING_NODE: return "a mapping";
    default: return "nothing";
    }
}

int cls_yaml_expect(struct cls_yaml *y, const yaml_node_t *n, yaml_node_type_t type,
                    const char *what)
{
    if (n && n->type == type)
        return 0;
    return cls_yaml_fail(y, n, "%s: expected %s, found %s", what,
                         type == YAML_MAPPING_NODE    ? "a mapping (key: value)"
                         : type == YAML_SEQUENCE_NODE ? "a list"
                                                      : "a single value",
                         kind_name(n));
}

const char *cls_yaml_scalar(struct cls_yaml *y, const yaml_node_t *n, const char *what)
{
    if (cls_yaml_expect(y, n, YAML_SCALAR_NODE, what) < 0)
        return NULL;
    const char *s = (const char *)n->data.scalar.value;
    if (strlen(s) != n->data.scalar.length) {
        cls_yaml_fail(y, n, "%s: contains a NUL byte", what);
        return NULL;
    }
    return s;
}

int cls_yaml_unique_keys(struct cls_yaml *y, const yaml_node_t *map, bool fold_case)
{
    for (yaml_node_pair_t *a = map->data.mapping.pairs.start; a < map->data.mapping.pairs.top;
         a++) {
        yaml_node_t *ka = cls_yaml_node(y, a->key);
        if (!ka || ka->type != YAML_SCALAR_NODE)
            return cls_yaml_fail(y, ka ? ka : map, "a key must be a single value");
        const char *key = (const char *)ka->data.scalar.value;
        for (yaml_node_pair_t *b = map->data.mapping.pairs.start; b < a; b++) {
            const char *other = (const char *)cls_yaml_node(y, b->key)->data.scalar.value;
            if ((fold_case ? strcasecmp(key, other) : strcmp(key, other)) == 0)
                return cls_yaml_fail(y, ka, "duplicate key '%s'", key);
        }
    }
    return 0;
}

/* libyaml's own words for malformed text, at its mark, with the context
 * ("while parsing a flow sequence that starts at 2:9") when it has one. */
static int parser_error(struct cls_yaml *y, const yaml_parser_t *p)
{
    const yaml_mark_t *m = p->problem ? &p->problem_mark : &p->mark;
    char where[96] = "";
    if (p->context)
        snprintf(where, sizeof where, " %s that starts at %zu:%zu", p->context,
                 p->context_mark.line + 1, p->context_mark.column + 1);
    return cls_error_set(y->err, CLS_EPARSE, "%s:%zu:%zu: %s%s", y->name, m->line + 1,
                         m->column + 1, p->problem ? p->problem : "malformed YAML", where);
}

/* Refuses nesting deeper than max_depth with the event parser (which does
 * not recurse), before the document loader (which does, and takes time
 * quadratic in the depth) sees the text. */
static int check_depth(struct cls_yaml *y, const char *text, size_t len, int max_depth)
{
    yaml_parser_t p;
    yaml_event_t ev;
    int depth = 0, rc = 0;
    if (!yaml_parser_initialize(&p))
        return cls_error_set(y->err, CLS_ENOMEM, "out of memory");
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    for (;;) {
        if (!yaml_parser_parse(&p, &ev)) {
            rc = parser_error(y, &p);
            break;
        }
        yaml_event_type_t type = ev.type;
        depth += type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT;
        depth -= type == YAML_SEQUENCE_END_EVENT || type == YAML_MAPPING_END_EVENT;
        size_t line = ev.start_mark.line + 1, col = ev.start_mark.column + 1;
        yaml_event_delete(&ev);
        if (depth > max_depth) {
            rc = cls_error_set(y->err, CLS_EPARSE, "%s:%zu:%zu: nested deeper than %d levels",
                               y->name, line, col, max_depth);
            break;
        }
        if (type == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&p);
    return rc;
}

int cls_yaml_load(struct cls_yaml *y, const char *text, size_t len, int max_depth,
                  const char *what)
{
    int rc = check_depth(y, text, len, max_depth);
    if (rc < 0)
        return rc;
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return cls_error_set(y->err, CLS_ENOMEM, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    int ok = yaml_parser_load(&parser, &y->doc);
    if (!ok)
        parser_error(y, &parser);
    /* One document only: a second one would be silently ignored. */
    if (ok) {
        yaml_document_t extra;
        int more = yaml_parser_load(&parser, &extra);
        bool second = more && yaml_document_get_root_node(&extra) != NULL;
        const yaml_mark_t m = second ? extra.start_mark : parser.mark;
        if (more)
            yaml_document_delete(&extra);
        if (!more || second) {
            yaml_document_delete(&y->doc);
            ok = 0;
            if (second)
                cls_error_set(y->err, CLS_EPARSE,
                              "%s:%zu:%zu: a second YAML document: %s is one document",
                              y->name, m.line + 1, m.column + 1, what);
            else
                cls_error_set(y->err, CLS_EPARSE, "%s:%zu:%zu: %s", y->name, m.line + 1,
                              m.column + 1, parser.problem ? parser.problem : "malformed YAML");
        }
    }
    yaml_parser_delete(&parser);
    return ok ? 0 : CLS_EPARSE;
}
