/* Label names, in the spelling reports and policies use. */
#include <string.h>
#include <strings.h>

#include "classify/label.h"

static const char *const label_names[CLS_LABEL_COUNT] = {
    [CLS_PUBLIC] = "Public",
    [CLS_CONFIDENTIAL] = "Confidential",
    [CLS_PROTECTED] = "Protected",
    [CLS_SECRET] = "Secret",
};

/* A policy may define up to eight levels; ranks past the built-in four get
 * placeholder names here, which the policy renames (policy/apply.c), so a
 * reason never names the wrong level. */
static const char *const extra_names[] = {"Level4", "Level5", "Level6", "Level7"};
#define EXTRA_COUNT (sizeof extra_names / sizeof extra_names[0])

const char *cls_label_name(enum cls_label label)
{
    if ((unsigned)label < CLS_LABEL_COUNT)
        return label_names[label];
    if ((unsigned)label < CLS_LABEL_COUNT + EXTRA_COUNT)
        return extra_names[label - CLS_LABEL_COUNT];
    return "Public";
}

int cls_label_parse(enum cls_label *out, const char *name)
{
    for (size_t i = 0; i < EXTRA_COUNT; i++) {
        if (strcmp(name, extra_names[i]) == 0) {
            *out = (enum cls_label)(CLS_LABEL_COUNT + i);
            return 0;
        }
    }
    for (int i = 0; i < CLS_LABEL_COUNT; i++) {
        if (strcasecmp(name, label_names[i]) == 0) {
            *out = (enum cls_label)i;
            return 0;
        }
    }
    return -1;
}
