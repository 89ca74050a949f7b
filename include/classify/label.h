/* Sensitivity labels: the four levels of the default policy, ordered so that
 * a larger value is more sensitive and "the highest label" is a plain max(). */
#ifndef CLASSIFY_LABEL_H
#define CLASSIFY_LABEL_H

enum cls_label {
    CLS_PUBLIC = 0,       /* nothing fired */
    CLS_CONFIDENTIAL = 1,
    CLS_PROTECTED = 2,
    CLS_SECRET = 3,
};

#define CLS_LABEL_COUNT 4

/* Name of a label as written in reports ("Secret"), never NULL. */
const char *cls_label_name(enum cls_label label);

/* Parses a label name (case-insensitive). Returns 0 and sets *out, or -1. */
int cls_label_parse(enum cls_label *out, const char *name);

#endif
