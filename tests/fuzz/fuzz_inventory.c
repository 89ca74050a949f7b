/* Fuzz target: the inventory reader (scan --targets FILE.yaml; written by
 * people and by `discover rds` from what AWS answers) over arbitrary
 * bytes. Whatever it accepts has a name and a URI for every target;
 * whatever it rejects says where, starting with the file's name. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sources/inventory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cls_inventory *inv = NULL;
    struct cls_error err = {0};
    if (cls_inventory_parse(&inv, "fuzz.yaml", (const char *)data, size, &err) == 0) {
        if (inv->count == 0)
            abort();
        for (size_t i = 0; i < inv->count; i++)
            if (!inv->targets[i].name || !inv->targets[i].uri)
                abort();
        cls_inventory_free(inv);
    } else if (err.code != CLS_ENOMEM && strncmp(err.message, "fuzz.yaml", 9) != 0) {
        abort();
    }
    return 0;
}
