/* One YAML document of outside input (a policy, an inventory), loaded
 * whole with libyaml's document API and read node by node. The readers of
 * policy/yaml.c and sources/inventory.c share this: a bounded load (the
 * nesting is checked with the event parser before the composer, which
 * recurses, sees the text; exactly one document), and errors that name
 * the file, line and column of the node ("t.yaml:3:5: ..."). */
#ifndef CLASSIFY_UTIL_YAML_DOC_H
#define CLASSIFY_UTIL_YAML_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include <yaml.h>

#include "classify/error.h"

struct cls_yaml {
    yaml_document_t doc;
    const char *name;           /* the file's name in messages */
    struct cls_error *err;
};

/* Loads text (len bytes, no NUL: the caller refuses those with its own
 * words) into y->doc: CLS_EPARSE when it is malformed, nested deeper than
 * max_depth mappings and lists, or more than one document (`what`, e.g.
 * "a policy", completes "a second YAML document: %s is one document").
 * On 0 the caller frees y->doc with yaml_document_delete. */
int cls_yaml_load(struct cls_yaml *y, const char *text, size_t len, int max_depth,
                  const char *what);

/* Sets CLS_EPARSE "name:line:column: message" at node n (1:1 without a
 * node) and returns it. */
int cls_yaml_fail(struct cls_yaml *y, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

yaml_node_t *cls_yaml_node(struct cls_yaml *y, int index);

/* 0 when n is of the type, else the error "what: expected ..., found ...". */
int cls_yaml_expect(struct cls_yaml *y, const yaml_node_t *n, yaml_node_type_t type,
                    const char *what);

/* The number of items of a sequence node, of pairs of a mapping node. */
static inline size_t cls_yaml_seq_len(const yaml_node_t *n)
{
    return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}
static inline size_t cls_yaml_map_len(const yaml_node_t *n)
{
    return (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
}

/* The text of a scalar node, or NULL (error set) for anything else or a
 * value holding a NUL byte. */
const char *cls_yaml_scalar(struct cls_yaml *y, const yaml_node_t *n, const char *what);

/* Refuses a mapping whose keys are not single values or whose key appears
 * twice (libyaml allows both); fold_case: "X" and "x" are the same key. */
int cls_yaml_unique_keys(struct cls_yaml *y, const yaml_node_t *map, bool fold_case);

#endif
