/* Label names, in the spelling reports and policies use. */
#include <strings.h>

#include "classify/label.h"

static const char *const label_names[CLS_LABEL_COUNT] = {
    [CLS_PUBLIC] = "Public",
    [CLS_CONFIDENTIAL] = "Confidential",
    [CLS_PROTECTED] = "Protected",
    [CLS_SECRET] = "Secret",
};

const char *cls_label_name(enum cls_label label)
{
    if ((unsigned)label >= CLS_LABEL_COUNT)
        return "Public";
    return label_names[label];
}

int cls_label_parse(enum cls_label *out, const char *name)
{
    for (int i = 0; i < CLS_LABEL_COUNT; i++) {
        if (strcasecmp(name, label_names[i]) == 0) {
            *out = (enum cls_label)i;
            return 0;
        }
    }
    return -1;
}
