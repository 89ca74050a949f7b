/* A bounded expat parse of one xlsx part (report/xlsx_xml.c), internal to
 * the workbook reader (xlsx_read.c). */
#ifndef CLASSIFY_REPORT_XLSX_XML_H
#define CLASSIFY_REPORT_XLSX_XML_H

#include <stdbool.h>
#include <stddef.h>

#include <expat.h>

#include "classify/error.h"

/* The state of one parse: the part's own start/end callbacks get local
 * element names; set collect to gather character data into text. */
struct xml {
    XML_Parser p;
    struct cls_error *err;
    const char *part;
    int depth;
    int rc;                   /* first error, or 0 */
    void *user;               /* the part's own state */
    void (*start)(struct xml *x, const char *name, const char **attrs);
    void (*end)(struct xml *x, const char *name);
    bool collect;             /* gathering character data into text */
    char *text;
    size_t text_len;
};

/* Records the first error (rc, "PART: what") and stops the parser. */
void xlsx_xml_stop(struct xml *x, int rc, const char *what);
/* An attribute's value by local name, or NULL. */
const char *xlsx_xml_attr(const char **attrs, const char *name);
/* Takes the gathered text (malloc'd, never NULL unless out of memory, then
 * the parse is stopped) and stops gathering. */
char *xlsx_xml_take_text(struct xml *x);
/* Parses buf (len bytes) of part with x's callbacks. Returns 0 or the first
 * error (err set). */
int xlsx_xml_parse(const char *part, const char *buf, size_t len, struct xml *x,
                   struct cls_error *err);

#endif
