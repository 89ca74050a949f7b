/* Chooses a source back-end by the target's scheme, and frees the lists
 * that back-ends fill. Database back-ends register here when built. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "classify/source.h"

static int has_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* libpq conninfo "host=... dbname=..." has '=' before any '/' or '.'. */
static int looks_like_conninfo(const char *t)
{
    const char *eq = strchr(t, '=');
    return eq && strncmp(t, "host=", 5) == 0 ? 1 : (eq && strstr(t, "dbname=") != NULL);
}

const struct cls_source_ops *cls_source_for_target(const char *target,
                                                   struct cls_error *err)
{
    if (has_prefix(target, "postgresql://") || has_prefix(target, "postgres://") ||
        looks_like_conninfo(target)) {
        (void)err;
        return &cls_source_pg;
    }
    if (has_prefix(target, "mysql://") || has_prefix(target, "mariadb://")) {
        return &cls_source_mysql;
    }
    /* Any other scheme is a mistake, not a file name; name only the scheme,
     * since the rest may carry a password. */
    const char *sep = strstr(target, "://");
    if (sep) {
        cls_error_set(err, CLS_EUSAGE,
                      "unknown scheme '%.*s': classify reads postgresql://, mysql:// and "
                      "CSV files", (int)(sep - target > 32 ? 32 : sep - target), target);
        return NULL;
    }
    return &cls_source_csv;
}

void cls_table_list_clear(struct cls_table_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        free(l->items[i].database);
        free(l->items[i].schema);
        free(l->items[i].name);
    }
    free(l->items);
    l->items = NULL;
    l->count = 0;
}

void cls_column_list_clear(struct cls_column_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        free(l->items[i].name);
        free(l->items[i].data_type);
        free(l->items[i].skip_reason);
    }
    free(l->items);
    l->items = NULL;
    l->count = 0;
}
