/* One bounded expat parse of an xlsx part (report/xlsx_read.c's parts
 * share it): element names without their namespace, nesting capped at
 * CLS_XLSX_DEPTH_MAX, a cell's text at CLS_XLSX_TEXT_MAX, and a DTD refused
 * outright (no workbook has one; it is how "billion laughs" starts). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "report/xlsx_read.h"
#include "report/xlsx_xml.h"
#include "util/util.h"


void xlsx_xml_stop(struct xml *x, int rc, const char *what)
{
    if (x->rc == 0)
        x->rc = cls_error_set(x->err, rc, "%s: %s", x->part, what);
    XML_StopParser(x->p, XML_FALSE);
}

/* The local part of a namespaced name ("uri local"). */
static const char *local(const char *name)
{
    const char *sp = strrchr(name, ' ');
    return sp ? sp + 1 : name;
}

const char *xlsx_xml_attr(const char **attrs, const char *name)
{
    for (size_t i = 0; attrs[i]; i += 2)
        if (strcmp(local(attrs[i]), name) == 0)
            return attrs[i + 1];
    return NULL;
}

static void on_start(void *ud, const char *name, const char **attrs)
{
    struct xml *x = ud;
    if (++x->depth > CLS_XLSX_DEPTH_MAX)
        return xlsx_xml_stop(x, CLS_ETOOBIG, "XML nested too deep");
    if (x->start && x->rc == 0)
        x->start(x, local(name), attrs);
}

static void on_end(void *ud, const char *name)
{
    struct xml *x = ud;
    x->depth--;
    if (x->end && x->rc == 0)
        x->end(x, local(name));
}

static void on_text(void *ud, const char *s, int len)
{
    struct xml *x = ud;
    if (!x->collect || len <= 0)
        return;
    if (x->text_len + (size_t)len > CLS_XLSX_TEXT_MAX)
        return xlsx_xml_stop(x, CLS_ETOOBIG, "a cell's text is too long");
    char *p = realloc(x->text, x->text_len + (size_t)len + 1);
    if (!p)
        return xlsx_xml_stop(x, CLS_ENOMEM, "out of memory");
    memcpy(p + x->text_len, s, (size_t)len);
    x->text_len += (size_t)len;
    p[x->text_len] = '\0';
    x->text = p;
}

static void on_doctype(void *ud, const char *name, const char *sysid, const char *pubid,
                       int internal)
{
    xlsx_xml_stop(ud, CLS_EPARSE, "a DTD is not allowed in a workbook");
}

/* Takes the collected text (never NULL) and stops collecting. */
char *xlsx_xml_take_text(struct xml *x)
{
    char *t = x->text ? x->text : cls_strdup("");
    x->text = NULL;
    x->text_len = 0;
    x->collect = false;
    if (!t)
        xlsx_xml_stop(x, CLS_ENOMEM, "out of memory");
    return t;
}

int xlsx_xml_parse(const char *part, const char *buf, size_t len, struct xml *x,
                 struct cls_error *err)
{
    x->p = XML_ParserCreateNS(NULL, ' ');
    x->err = err;
    x->part = part;
    if (!x->p)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    XML_SetUserData(x->p, x);
    XML_SetElementHandler(x->p, on_start, on_end);
    XML_SetCharacterDataHandler(x->p, on_text);
    XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
    if (XML_Parse(x->p, buf, (int)len, XML_TRUE) == XML_STATUS_ERROR && x->rc == 0)
        x->rc = cls_error_set(err, CLS_EPARSE, "%s: bad XML at line %lu: %s", part,
                              (unsigned long)XML_GetCurrentLineNumber(x->p),
                              XML_ErrorString(XML_GetErrorCode(x->p)));
    XML_ParserFree(x->p);
    free(x->text);
    x->text = NULL;
    return x->rc;
}

