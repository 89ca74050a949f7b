/* Splits one top-level array member out of a JSON object, reading the file
 * a block at a time (json_split.h says what for). The scanner knows only
 * JSON's strings, escapes, brackets, ',' and ':'; it never decides what a
 * value means. Where it is not certain, it declines and the caller parses
 * the whole document, so an error message is always jansson's own. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "classify/error.h"
#include "report/json_split.h"
#include "util/util.h"

/* jansson refuses a document nested deeper than 2048 levels, counting a
 * scalar inside the deepest bracket as a level of its own. An element sits
 * two levels down (the document, the array): brackets nested deeper than
 * this inside it, with a value in the deepest, parse alone but not in the
 * document, so such an element is declined. */
#define MAX_ELEM_DEPTH 2045

enum state {
    S_DOC,        /* in the document: bytes go to the skeleton */
    S_VALUE,      /* after the member's ':', before its '[' */
    S_FIRST,      /* after '[': the first element, or ']' */
    S_ELEM,       /* inside an element */
    S_NEXT,       /* after an element: ',' or ']' */
    S_AFTER_COMMA /* after ',': an element (not ']') */
};

struct scan {
    const char *key;
    size_t key_len;
    enum state st;
    int depth;             /* S_DOC: nesting of the document */
    int elem_depth;        /* S_ELEM: nesting inside the element */
    bool in_str, esc;
    bool expect_name;      /* depth 1: the next string names a member */
    bool naming;           /* that string is being read */
    size_t name_pos;
    bool name_matches;     /* the name read so far is key's beginning */
    bool name_is_key;      /* the last name was key: ':' must come next */
    int found;             /* how many members named key */
    bool started, closed;  /* the top-level '{' and its '}' */
    bool decline;
    off_t elem_start;
    struct cls_json_split *out;
    size_t skel_cap, elem_cap;
};

static bool is_ws(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int skel_add(struct scan *s, const char *p, size_t n)
{
    struct cls_json_split *o = s->out;
    if (o->skeleton_len + n + 1 > s->skel_cap) {
        size_t cap = s->skel_cap ? s->skel_cap : 4096;
        while (cap < o->skeleton_len + n + 1)
            cap *= 2;
        char *grown = realloc(o->skeleton, cap);
        if (!grown)
            return CLS_ENOMEM;
        o->skeleton = grown;
        s->skel_cap = cap;
    }
    memcpy(o->skeleton + o->skeleton_len, p, n);
    o->skeleton_len += n;
    o->skeleton[o->skeleton_len] = '\0';
    return 0;
}

static int elem_add(struct scan *s, off_t end)
{
    struct cls_json_split *o = s->out;
    if (cls_grow((void **)&o->elements, &s->elem_cap, o->count, sizeof *o->elements) != 0)
        return CLS_ENOMEM;
    o->elements[o->count++] = (struct cls_json_span){s->elem_start, (size_t)(end - s->elem_start + 1)};
    return 0;
}

/* One byte of the document outside the split member. */
static int in_doc(struct scan *s, char c)
{
    if (s->in_str) {
        if (s->esc)
            s->esc = false;
        else if (c == '\\')
            s->esc = true, s->decline |= s->naming;   /* a name written with an escape */
        else if (c == '"') {
            s->in_str = false;
            if (s->naming)
                s->name_is_key = s->name_matches && s->name_pos == s->key_len;
            s->naming = false;
        } else if (s->naming) {
            s->name_matches = s->name_matches && s->name_pos < s->key_len &&
                              c == s->key[s->name_pos];
            s->name_pos++;
        }
        return skel_add(s, &c, 1);
    }
    if (is_ws(c))
        return skel_add(s, &c, 1);
    if (!s->started && c != '{')
        s->decline = true;
    if (s->closed)
        s->decline = true;                 /* bytes after the document */
    bool member = s->name_is_key && c == ':' && s->depth == 1;
    s->name_is_key = false;
    switch (c) {
    case '"':
        s->in_str = true;
        if (s->depth == 1 && s->expect_name) {
            s->naming = true;
            s->name_pos = 0;
            s->name_matches = true;
        }
        break;
    case ':':
        if (s->depth == 1)
            s->expect_name = false;
        if (member) {
            if (++s->found > 1)
                s->decline = true;         /* jansson would keep the last one */
            s->st = S_VALUE;
        }
        break;
    case ',':
        if (s->depth == 1)
            s->expect_name = true;
        break;
    case '{':
    case '[':
        if (++s->depth == 1)
            s->started = true, s->expect_name = true;
        break;
    case '}':
    case ']':
        if (--s->depth == 0)
            s->closed = true;
        if (s->depth < 0)
            s->decline = true;
        break;
    default:
        break;
    }
    return skel_add(s, &c, 1);
}

/* One byte inside an element of the member. */
static int in_elem(struct scan *s, char c, off_t pos)
{
    if (s->in_str) {
        if (s->esc)
            s->esc = false;
        else if (c == '\\')
            s->esc = true;
        else if (c == '"')
            s->in_str = false;
        return 0;
    }
    if (c == '"')
        s->in_str = true;
    else if ((c == '{' || c == '[') && ++s->elem_depth > MAX_ELEM_DEPTH)
        s->decline = true;
    else if ((c == '}' || c == ']') && --s->elem_depth == 0) {
        s->st = S_NEXT;
        return elem_add(s, pos);
    }
    return 0;
}

static int step(struct scan *s, char c, off_t pos)
{
    switch (s->st) {
    case S_DOC:
        return in_doc(s, c);
    case S_ELEM:
        return in_elem(s, c, pos);
    default:
        break;
    }
    if (is_ws(c))
        return 0;
    if (s->st == S_VALUE) {
        if (c != '[') {
            s->decline = true;
            return 0;
        }
        s->st = S_FIRST;
        return skel_add(s, "[]", 2);
    }
    if ((s->st == S_FIRST || s->st == S_NEXT) && c == ']') {
        s->st = S_DOC;
        return 0;
    }
    if (s->st == S_NEXT) {
        if (c == ',')
            s->st = S_AFTER_COMMA;
        else
            s->decline = true;
        return 0;
    }
    if (c != '{') {                        /* S_FIRST, S_AFTER_COMMA */
        s->decline = true;
        return 0;
    }
    s->st = S_ELEM;
    s->elem_depth = 1;
    s->elem_start = pos;
    return 0;
}

int cls_json_split(FILE *f, const char *key, struct cls_json_split *out)
{
    memset(out, 0, sizeof *out);
    if (fseeko(f, 0, SEEK_SET) != 0)
        return 1;                          /* not a file that can be read twice */
    struct scan s = {.key = key, .key_len = strlen(key), .out = out};
    char block[65536];
    off_t pos = 0;
    int rc = 0;
    size_t n;
    while (rc == 0 && !s.decline && (n = fread(block, 1, sizeof block, f)) > 0)
        for (size_t i = 0; rc == 0 && !s.decline && i < n; i++, pos++)
            rc = step(&s, block[i], pos);
    if (rc == 0 && ferror(f))
        rc = CLS_EIO;
    if (rc == 0 && (s.decline || !s.closed || s.st != S_DOC || s.in_str || s.found != 1))
        rc = 1;
    if (rc != 0)
        cls_json_split_free(out);
    return rc;
}

int cls_json_split_read(FILE *f, const struct cls_json_split *split, size_t i, char **buf,
                        size_t *cap)
{
    const struct cls_json_span *e = &split->elements[i];
    if (e->length + 1 > *cap) {
        char *grown = realloc(*buf, e->length + 1);
        if (!grown)
            return CLS_ENOMEM;
        *buf = grown;
        *cap = e->length + 1;
    }
    if (fseeko(f, e->offset, SEEK_SET) != 0 || fread(*buf, 1, e->length, f) != e->length)
        return CLS_EIO;
    (*buf)[e->length] = '\0';
    return 0;
}

void cls_json_split_free(struct cls_json_split *split)
{
    free(split->skeleton);
    free(split->elements);
    memset(split, 0, sizeof *split);
}
