/* The built-in default policy, derived from the detector registry so the
 * two can never disagree. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify/detector.h"
#include "policy.h"
#include "util.h"

char *cls_policy_default_text(void)
{
    size_t cap = 64 + cls_detector_count * 64, len = 0;
    char *text = malloc(cap);
    if (!text)
        return NULL;
    len += (size_t)snprintf(text, cap, "# classify built-in policy\nlevels: [Secret, Protected, Confidential, Public]\ndetectors:\n");
    for (size_t i = 0; i < cls_detector_count && len < cap; i++)
        len += (size_t)snprintf(text + len, cap - len, "  %s: %s\n", cls_detectors[i]->id,
                                cls_label_name(cls_detectors[i]->label));
    return text;
}

void cls_policy_default_sha256(char hex[65])
{
    char *text = cls_policy_default_text();
    cls_sha256_hex(text ? text : "", text ? strlen(text) : 0, hex);
    free(text);
}
