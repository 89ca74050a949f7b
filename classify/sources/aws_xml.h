/* The AWS Query APIs' XML responses (RDS, STS) read with expat as a stream
 * of elements, each named by its path from the root ("A/B/C"), so a caller
 * picks the fields it wants without building a tree. */
#ifndef CLASSIFY_AWS_XML_H
#define CLASSIFY_AWS_XML_H

#include <stdbool.h>
#include <stddef.h>

#include "classify/error.h"

/* Called at each element's start (text NULL) and end (its text, trimmed of
 * nothing, NUL-terminated; len its length). A non-zero return stops the
 * parse and is returned by cls_aws_xml_parse. */
typedef int (*cls_aws_xml_fn)(void *ud, const char *path, const char *text, size_t len);

/* Parses doc (len bytes) calling fn. Namespace prefixes are dropped from
 * names. A DOCTYPE is refused (no entity expansion), as are nesting past 32
 * levels, paths past 1 KiB and one element's text past 64 KiB. Returns 0,
 * fn's non-zero value, or CLS_EPARSE with "name:LINE: reason". */
int cls_aws_xml_parse(const char *name, const char *doc, size_t len, cls_aws_xml_fn fn,
                      void *ud, struct cls_error *err);

#endif
