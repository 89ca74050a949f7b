/* The detection engine: compiles every detector's pattern once (PCRE2 with
 * JIT), computes each value's shape in one pass, and runs only the
 * detectors whose `could_match` accepts that shape. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "classify/engine.h"

struct cls_engine {
    size_t count;
    const struct cls_detector *const *detectors;
    pcre2_code **code;       /* [count], NULL for hand-written finders */
    struct cls_detector_params *params; /* [count] */
};

struct cls_scanner {
    const struct cls_engine *engine;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit_stack;
    struct cls_value_result result;
};

int cls_engine_new(struct cls_engine **out, struct cls_error *err)
{
    struct cls_engine *e = calloc(1, sizeof *e);
    if (!e)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    e->count = cls_detector_count;
    e->detectors = cls_detectors;
    e->code = calloc(e->count ? e->count : 1, sizeof *e->code);
    e->params = calloc(e->count ? e->count : 1, sizeof *e->params);
    if (!e->code || !e->params) {
        cls_engine_free(e);
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < e->count; i++) {
        const struct cls_detector *d = e->detectors[i];
        e->params[i] = (struct cls_detector_params){
            .enabled = true, .label = (int)d->label,
            .min_count = d->min_count, .min_ratio = d->min_ratio,
        };
    }
    for (size_t i = 0; i < e->count; i++) {
        const struct cls_detector *d = e->detectors[i];
        if (!d->pattern)
            continue;
        int ec;
        PCRE2_SIZE off;
        e->code[i] = pcre2_compile((PCRE2_SPTR)d->pattern, PCRE2_ZERO_TERMINATED, 0,
                                   &ec, &off, NULL);
        if (!e->code[i]) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(ec, msg, sizeof msg);
            cls_error_set(err, CLS_ERR, "detector %s: pattern error at offset %zu: %s",
                          d->id, (size_t)off, (const char *)msg);
            cls_engine_free(e);
            return CLS_ERR;
        }
        /* JIT is an optimisation: where it is unavailable the interpreter
         * gives the same answers, so a failure here is not an error. */
        pcre2_jit_compile(e->code[i], PCRE2_JIT_COMPLETE);
    }
    *out = e;
    return 0;
}

void cls_engine_free(struct cls_engine *e)
{
    if (!e)
        return;
    for (size_t i = 0; e->code && i < e->count; i++)
        pcre2_code_free(e->code[i]);
    free(e->code);
    free(e->params);
    free(e);
}

size_t cls_engine_detector_count(const struct cls_engine *e)
{
    return e->count;
}

const struct cls_detector *cls_engine_detector(const struct cls_engine *e, size_t i)
{
    return i < e->count ? e->detectors[i] : NULL;
}

const struct cls_detector_params *cls_engine_params(const struct cls_engine *e, size_t i)
{
    return &e->params[i];
}

void cls_engine_set_params(struct cls_engine *e, size_t i,
                           const struct cls_detector_params *params)
{
    if (i < e->count)
        e->params[i] = *params;
}

int cls_scanner_new(struct cls_scanner **out, const struct cls_engine *e,
                    struct cls_error *err)
{
    struct cls_scanner *s = calloc(1, sizeof *s);
    if (!s)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    s->engine = e;
    s->md = pcre2_match_data_create(16, NULL);
    s->mctx = pcre2_match_context_create(NULL);
    s->jit_stack = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
    s->result.hit = calloc(e->count ? e->count : 1, 1);
    s->result.span = calloc(e->count ? e->count : 1, sizeof *s->result.span);
    if (!s->md || !s->mctx || !s->jit_stack || !s->result.hit || !s->result.span) {
        cls_scanner_free(s);
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    pcre2_jit_stack_assign(s->mctx, NULL, s->jit_stack);
    *out = s;
    return 0;
}

void cls_scanner_free(struct cls_scanner *s)
{
    if (!s)
        return;
    pcre2_match_data_free(s->md);
    pcre2_match_context_free(s->mctx);
    pcre2_jit_stack_free(s->jit_stack);
    free(s->result.hit);
    free(s->result.span);
    free(s);
}

/* Byte classes for the one-pass shape count. */
enum {
    B_DIGIT = 1, B_ALPHA = 2, B_UPPER = 4, B_AT = 8, B_DOT = 16, B_DASH = 32,
    B_COLON = 64, B_MASK = 128, B_SPACE = 256, B_HIGH = 512, B_DOLLAR = 1024,
};

static unsigned short byte_class[256];

static void init_byte_class(void)
{
    if (byte_class['0'])
        return;
    for (int c = 0; c < 256; c++) {
        unsigned short k = 0;
        if (c >= '0' && c <= '9') k |= B_DIGIT;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) k |= B_ALPHA;
        if (c >= 'A' && c <= 'Z') k |= B_UPPER;
        if (c == '@') k |= B_AT;
        if (c == '.') k |= B_DOT;
        if (c == '-') k |= B_DASH;
        if (c == ':') k |= B_COLON;
        if (c == '*' || c == '#' || c == 'X' || c == 'x') k |= B_MASK;
        if (c == ' ') k |= B_SPACE;
        if (c >= 0x80) k |= B_HIGH;
        if (c == '$') k |= B_DOLLAR;
        byte_class[c] = k;
    }
}

/* Records a finished digit run in the shape's set of run lengths. */
static void note_run(struct cls_shape *sh, uint32_t run)
{
    if (run)
        sh->digit_run_set |= 1u << (run < 31 ? run : 31);
}

void cls_shape_compute(struct cls_shape *sh, const char *v, size_t len)
{
    init_byte_class();
    memset(sh, 0, sizeof *sh);
    sh->len = len;
    uint32_t run = 0;
    int prev_sep = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned short k = byte_class[(unsigned char)v[i]];
        if (k & B_DIGIT) {
            sh->digits++;
            run++;
            prev_sep = 0;
            if (run > sh->max_digit_run)
                sh->max_digit_run = run;
        } else if ((k & (B_SPACE | B_DASH)) && run > 0 && !prev_sep) {
            prev_sep = 1;   /* "4111 1111" and "4111-1111" keep the run */
        } else {
            note_run(sh, run);
            run = 0;
            prev_sep = 0;
        }
        sh->alpha += !!(k & B_ALPHA);
        sh->upper += !!(k & B_UPPER);
        sh->at += !!(k & B_AT);
        sh->dot += !!(k & B_DOT);
        sh->dash += !!(k & B_DASH);
        sh->colon += !!(k & B_COLON);
        sh->mask_chars += !!(k & B_MASK);
        sh->spaces += !!(k & B_SPACE);
        sh->high += !!(k & B_HIGH);
        sh->dollar += !!(k & B_DOLLAR);
    }
    note_run(sh, run);
}

/* Finds the next candidate of detector i at or after `from`. */
static bool next_candidate(struct cls_scanner *s, size_t i, const char *v,
                           size_t len, size_t from, struct cls_span *span)
{
    const struct cls_detector *d = s->engine->detectors[i];
    if (d->find)
        return d->find(v, len, from, span);
    pcre2_code *code = s->engine->code[i];
    if (!code || from > len)
        return false;
    int rc = pcre2_match(code, (PCRE2_SPTR)v, len, from, 0, s->md, s->mctx);
    if (rc < 0)
        return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
    span->start = ov[0];
    span->len = ov[1] - ov[0];
    return true;
}

/* A value with many candidates (a long log line) is searched fully; the
 * cap only bounds pathological input such as a 4 KiB run of digits. */
#define MAX_CANDIDATES_PER_VALUE 256

static enum cls_hit run_detector(struct cls_scanner *s, size_t i, const char *v,
                                 size_t len, struct cls_span *found)
{
    const struct cls_detector *d = s->engine->detectors[i];
    enum cls_hit hit = CLS_HIT_NONE;
    struct cls_span span;
    size_t from = 0;
    for (int n = 0; n < MAX_CANDIDATES_PER_VALUE &&
                    next_candidate(s, i, v, len, from, &span); n++) {
        if (!d->validate || d->validate(v + span.start, span.len)) {
            *found = span;
            return CLS_HIT_MATCH;
        }
        hit = CLS_HIT_CANDIDATE;
        /* Go on after this candidate's first byte: a longer digit run may
         * hide a valid number that starts later. */
        from = span.start + (span.len ? span.len : 1);
    }
    return hit;
}

const struct cls_value_result *cls_scan_value(struct cls_scanner *s, const char *v,
                                              size_t len)
{
    return cls_scan_value_skip(s, v, len, NULL);
}

const struct cls_value_result *cls_scan_value_skip(struct cls_scanner *s, const char *v,
                                                   size_t len, const uint8_t *skip)
{
    const struct cls_engine *e = s->engine;
    struct cls_shape shape;
    cls_shape_compute(&shape, v, len);
    for (size_t i = 0; i < e->count; i++) {
        const struct cls_detector *d = e->detectors[i];
        if (!e->params[i].enabled || (skip && skip[i]) ||
            (d->could_match && !d->could_match(&shape))) {
            s->result.hit[i] = CLS_HIT_NONE;
            continue;
        }
        s->result.hit[i] = (uint8_t)run_detector(s, i, v, len, &s->result.span[i]);
    }
    return &s->result;
}
