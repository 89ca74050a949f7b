/* Fuzz target: the policy parser (policy files come from users and from
 * version control) over arbitrary bytes. Whatever it accepts must describe
 * itself in words without a crash; whatever it rejects must say where. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "policy/policy.h"
#include "policy/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cls_policy *p = NULL;
    struct cls_error err = {0};
    if (cls_policy_parse(&p, "fuzz.yaml", (const char *)data, size, &err) == 0) {
        size_t n = 0;
        char **words = cls_policy_describe(p, &n);
        if (!words)
            abort();
        for (size_t i = 0; i < n; i++)
            free(words[i]);
        free(words);
        cls_policy_free(p);
    } else if (strncmp(err.message, "fuzz.yaml", 9) != 0) {
        abort();
    }
    return 0;
}
