/* Fuzz target: the RDS Query API response reader (rds_discover.c over
 * aws_xml.c) and the inventory written from what it read. The bytes stand
 * for what an endpoint answers; whatever is accepted must render as an
 * inventory, whatever is refused must say where. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sources/rds_discover.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cls_rds_list inst = {0}, clus = {0};
    struct cls_error err = {0};
    static const char *const tags[] = {"env=prod"};
    struct cls_rds_discover_options o = {.region = "eu-west-3", .tags = tags, .tag_count = 1};
    /* The same bytes as an instances page and as a clusters page. */
    int a = cls_rds_parse_page(&inst, "fuzz", (const char *)data, size, &err);
    if (a < 0 && err.message[0] == '\0')
        abort();
    int b = cls_rds_parse_page(&clus, "fuzz", (const char *)data, size, &err);
    if (a == 0 && b == 0) {
        size_t n = 0;
        char *yaml = cls_rds_inventory_yaml(&inst, &clus, &o, &n);
        if (!yaml)
            abort();
        o.tag_count = 0;
        char *all = cls_rds_inventory_yaml(&inst, &clus, &o, &n);
        if (!all || n > inst.count + clus.count)
            abort();
        free(yaml);
        free(all);
    }
    cls_rds_list_clear(&inst);
    cls_rds_list_clear(&clus);
    return 0;
}
