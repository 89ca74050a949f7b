/* The path-and-text reader of AWS XML responses (aws_xml.h) over expat.
 * The documents come from the network (or from whoever answers at an
 * --endpoint-url), so a DTD is refused outright — no internal entities, no
 * billion laughs — and depth, path and text are capped. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "sources/aws_xml.h"

#define MAX_DEPTH 32
#define MAX_PATH 1024
#define MAX_TEXT (64u << 10)

struct state {
    XML_Parser p;
    cls_aws_xml_fn fn;
    void *ud;
    char path[MAX_PATH];
    size_t ends[MAX_DEPTH + 1];   /* path length before each level */
    int depth;
    char text[MAX_TEXT + 1];
    size_t text_len;
    int rc;                       /* the callback's, or ours */
    const char *why;
};

static void stop(struct state *s, int rc, const char *why)
{
    if (s->rc == 0) {
        s->rc = rc;
        s->why = why;
    }
    XML_StopParser(s->p, XML_FALSE);
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    struct state *s = ud;
    (void)attrs;
    if (s->rc)
        return;   /* expat may still call after a stop: the state is no longer kept */
    const char *local = strchr(name, ':') ? strchr(name, ':') + 1 : name;
    size_t cur = strlen(s->path), n = strlen(local);
    if (s->depth >= MAX_DEPTH)
        return stop(s, CLS_EPARSE, "nested too deep");
    if (cur + 1 + n >= MAX_PATH)
        return stop(s, CLS_EPARSE, "element path too long");
    s->ends[s->depth++] = cur;
    if (cur)
        s->path[cur++] = '/';
    memcpy(s->path + cur, local, n + 1);
    s->text_len = 0;
    s->text[0] = '\0';
    int rc = s->fn(s->ud, s->path, NULL, 0);
    if (rc)
        stop(s, rc, NULL);
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    struct state *s = ud;
    (void)name;
    if (s->rc || s->depth == 0)
        return;
    int rc = s->fn(s->ud, s->path, s->text, s->text_len);
    if (rc)
        return stop(s, rc, NULL);
    s->path[s->ends[--s->depth]] = '\0';
    s->text_len = 0;
    s->text[0] = '\0';
}

static void XMLCALL on_text(void *ud, const XML_Char *t, int len)
{
    struct state *s = ud;
    if (s->rc)
        return;
    if (s->text_len + (size_t)len > MAX_TEXT)
        return stop(s, CLS_EPARSE, "element text longer than 64 KiB");
    memcpy(s->text + s->text_len, t, (size_t)len);
    s->text_len += (size_t)len;
    s->text[s->text_len] = '\0';
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int internal)
{
    (void)name, (void)sysid, (void)pubid, (void)internal;
    stop(ud, CLS_EPARSE, "a DOCTYPE is not accepted");
}

int cls_aws_xml_parse(const char *name, const char *doc, size_t len, cls_aws_xml_fn fn,
                      void *ud, struct cls_error *err)
{
    static struct state zero;
    struct state *s = malloc(sizeof *s);
    int rc = 0;
    if (!s)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    *s = zero;
    s->fn = fn;
    s->ud = ud;
    if (!(s->p = XML_ParserCreate("UTF-8"))) {
        free(s);
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    XML_SetUserData(s->p, s);
    XML_SetElementHandler(s->p, on_start, on_end);
    XML_SetCharacterDataHandler(s->p, on_text);
    XML_SetStartDoctypeDeclHandler(s->p, on_doctype);
    enum XML_Status st = len > (size_t)INT_MAX ? XML_STATUS_ERROR
                                               : XML_Parse(s->p, doc, (int)len, XML_TRUE);
    unsigned long line = (unsigned long)XML_GetCurrentLineNumber(s->p);
    if (s->rc && !s->why)
        rc = s->rc;   /* the callback stopped, its own error set */
    else if (s->rc)
        rc = cls_error_set(err, s->rc, "%s:%lu: %s", name, line, s->why);
    else if (st != XML_STATUS_OK)
        rc = cls_error_set(err, CLS_EPARSE, "%s:%lu: %s", name, line,
                           len > (size_t)INT_MAX ? "too large"
                                                 : XML_ErrorString(XML_GetErrorCode(s->p)));
    XML_ParserFree(s->p);
    free(s);
    return rc;
}
