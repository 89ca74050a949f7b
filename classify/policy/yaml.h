/* The policy's reader: YAML text, a file or the built-in default into the
 * model of policy.h. The model never calls the reader. */
#ifndef CLASSIFY_POLICY_YAML_H
#define CLASSIFY_POLICY_YAML_H

#include <stddef.h>

#include "classify/error.h"
#include "policy/policy.h"

/* Parses policy text (len bytes; `name` is used in messages and as
 * source). Errors are "name:line:column: message" (CLS_EPARSE). *out is
 * the caller's, freed with cls_policy_free. */
int cls_policy_parse(struct cls_policy **out, const char *name, const char *text, size_t len,
                     struct cls_error *err);
/* Reads and parses a policy file (capped at CLS_POLICY_FILE_MAX). */
int cls_policy_load(struct cls_policy **out, const char *path, struct cls_error *err);
/* The built-in default policy (parsed from cls_policy_default_text()). */
int cls_policy_builtin(struct cls_policy **out, struct cls_error *err);
#endif
