/* The detection engine: compiles every detector's pattern once (PCRE2 with
 * JIT), computes each value's shape in one pass, and runs only the
 * detectors whose `could_match` accepts that shape. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "classify/engine.h"

struct cls_engine {
    size_t count;
    const struct cls_detector *const *detectors;
    pcre2_code **code;       /* [count], NULL for hand-written finders */
    struct cls_detector_params *params; /* [count] */
    /* Flat copies for the per-value loop: no pointer chasing per detector. */
    bool (*could[CLS_DETECTORS_MAX])(const struct cls_shape *shape);
    uint64_t enabled;        /* bit i: params[i].enabled */
    /* The detectors' needs as tables: need_lo[p & 63] & need_hi[p >> 6]
     * has bit i when the classes present p (CLS_NEED_* bits) hold all that
     * detector i needs; runs_free has the detectors that need no run
     * length, run_tab[n] those that accept a run of n digits. */
    uint64_t need_lo[64], need_hi[64];
    /* any_lo[p & 63] | any_hi[p >> 6]: the detectors whose needs_any is 0
     * or meets p. */
    uint64_t any_lo[64], any_hi[64];
    uint64_t runs_free, run_tab[32];
    uint64_t run_users;      /* bit i: detector i has find_in_runs */
};

struct cls_scanner {
    const struct cls_engine *engine;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit_stack;
    struct cls_value_result result;
    /* The current value's digit runs, listed once for all the digit-based
     * detectors; runs_ok is false when it has more than the list holds. */
    struct cls_digit_runs runs;
    bool runs_ok;
};

static uint64_t all_detectors(size_t count)
{
    return count >= 64 ? ~0ULL : (1ULL << count) - 1;
}

static void init_shape_tables(void);
static pthread_once_t shape_tables_once = PTHREAD_ONCE_INIT;

int cls_engine_new(struct cls_engine **out, struct cls_error *err)
{
    pthread_once(&shape_tables_once, init_shape_tables);
    struct cls_engine *e = calloc(1, sizeof *e);
    if (!e)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    e->count = cls_detector_count;
    e->detectors = cls_detectors;
    if (e->count > CLS_DETECTORS_MAX) {
        free(e);
        return cls_error_set(err, CLS_ERR, "%zu detectors: at most %d are supported",
                             cls_detector_count, CLS_DETECTORS_MAX);
    }
    e->enabled = all_detectors(e->count);
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
        e->could[i] = d->could_match;
        if (d->find_in_runs)
            e->run_users |= 1ULL << i;
        for (unsigned p = 0; p < 64; p++)
            if ((d->needs & 63u & ~p) == 0)
                e->need_lo[p] |= 1ULL << i;
        for (unsigned p = 0; p < 64; p++)
            if ((d->needs >> 6 & ~p) == 0)
                e->need_hi[p] |= 1ULL << i;
        for (unsigned p = 0; p < 64; p++) {
            if (!d->needs_any || (d->needs_any & p))
                e->any_lo[p] |= 1ULL << i;
            if (d->needs_any >> 6 & p)
                e->any_hi[p] |= 1ULL << i;
        }
        if (!d->needs_runs)
            e->runs_free |= 1ULL << i;
        for (unsigned n = 0; n < 32; n++)
            if (d->needs_runs >> n & 1u)
                e->run_tab[n] |= 1ULL << i;
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
    if (i >= e->count)
        return;
    e->params[i] = *params;
    if (params->enabled)
        e->enabled |= 1ULL << i;
    else
        e->enabled &= ~(1ULL << i);
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

/* The one-pass shape count. Every byte belongs to several classes (an 'X'
 * is a letter, an upper-case letter and a mask character), so each class
 * count is a 16-bit lane of three 64-bit words, and one table lookup per
 * word adds a byte to all its classes at once: three additions a byte
 * instead of one test and add per class. Lanes are flushed to the 32-bit
 * counts every LANE_MAX bytes, before a lane can overflow. */
#define LANE(flag, lane) ((uint64_t)((flag) ? 1 : 0) << (16 * (lane)))
#define LANE_GET(word, lane) ((uint32_t)(((word) >> (16 * (lane))) & 0xffff))
#define LANE_MAX 65535

static uint64_t shape_inc[3][256];
/* Digit runs: 1 a digit, 2 a separator a run may keep (' ', '-'). */
static unsigned char run_kind[256];
/* For values of at most 64 bytes no count exceeds 64, so 8-bit lanes do:
 * eight counts to a word, and the run kind rides in lane 0 of the second
 * (its sum, at most 128, never carries into lane 1). */
#define SHORT_LANE(flag, lane) ((uint64_t)((flag) ? 1 : 0) << (8 * (lane)))
#define SHORT_GET(word, lane) ((uint32_t)(((word) >> (8 * (lane))) & 0xff))
static uint64_t short_inc[2][256];
#if defined(__SSE2__) && defined(__GNUC__)
/* Set once by init_shape_tables when the CPU has POPCNT (shape_sse_popcnt). */
#define HAVE_SHAPE_POPCNT 1
static bool use_popcnt;
#endif

/* Run once, through pthread_once: workers may scan in parallel. */
static void init_shape_tables(void)
{
    for (int c = 0; c < 256; c++) {
        bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
        bool mask = c == '*' || c == '#' || c == 'X' || c == 'x';
        shape_inc[0][c] = LANE(c >= '0' && c <= '9', 0) | LANE(upper || lower, 1) |
                          LANE(upper, 2) | LANE(c == '@', 3);
        shape_inc[1][c] = LANE(c == '.', 0) | LANE(c == '-', 1) | LANE(c == ':', 2) |
                          LANE(mask, 3);
        shape_inc[2][c] = LANE(c == ' ', 0) | LANE(c >= 0x80, 1) | LANE(c == '$', 2);
        run_kind[c] = (unsigned char)(c == ' ' || c == '-' ? 2 : 0);
        short_inc[0][c] = SHORT_LANE(c >= '0' && c <= '9', 0) | SHORT_LANE(upper || lower, 1) |
                          SHORT_LANE(upper, 2) | SHORT_LANE(c == '@', 3) |
                          SHORT_LANE(c == '.', 4) | SHORT_LANE(c == '-', 5) |
                          SHORT_LANE(c == ':', 6) | SHORT_LANE(mask, 7);
        short_inc[1][c] = (uint64_t)(c >= '0' && c <= '9' ? 1 : run_kind[c]) |
                          SHORT_LANE(c == ' ', 1) | SHORT_LANE(c >= 0x80, 2) |
                          SHORT_LANE(c == '$', 3);
    }
    for (int c = '9'; c >= '0'; c--)
        run_kind[c] = 1;
#ifdef HAVE_SHAPE_POPCNT
    __builtin_cpu_init();
    use_popcnt = __builtin_cpu_supports("popcnt");
#endif
}

/* Records a finished digit run: its length in the set, and the maximum. */
static void note_run(struct cls_shape *sh, uint32_t run)
{
    if (!run)
        return;
    sh->digit_run_set |= 1u << (run < 31 ? run : 31);
    if (run > sh->max_digit_run)
        sh->max_digit_run = run;
}

static inline void add_lanes(struct cls_shape *sh, const uint64_t w[3])
{
    sh->digits += LANE_GET(w[0], 0);
    sh->alpha += LANE_GET(w[0], 1);
    sh->upper += LANE_GET(w[0], 2);
    sh->at += LANE_GET(w[0], 3);
    sh->dot += LANE_GET(w[1], 0);
    sh->dash += LANE_GET(w[1], 1);
    sh->colon += LANE_GET(w[1], 2);
    sh->mask_chars += LANE_GET(w[1], 3);
    sh->spaces += LANE_GET(w[2], 0);
    sh->high += LANE_GET(w[2], 1);
    sh->dollar += LANE_GET(w[2], 2);
}

/* Digit runs of a value of at most 64 bytes from its bit masks of digits
 * and separators, without a branch per byte: a separator joins a run when
 * digits stand on both sides of it, and each maximal joined segment is one
 * run of popcount(its digits) digits. */
static inline __attribute__((always_inline)) void
runs_from_masks(struct cls_shape *sh, uint64_t digits, uint64_t seps)
{
    uint64_t joined = digits | (seps & (digits << 1) & (digits >> 1));
    while (joined) {
        int start = __builtin_ctzll(joined);
        uint64_t rest = ~(joined >> start);
        int n = rest ? __builtin_ctzll(rest) : 64 - start;
        uint64_t seg = (n >= 64 ? ~0ULL : ((1ULL << n) - 1)) << start;
        note_run(sh, (uint32_t)__builtin_popcountll(seg & digits));
        joined &= ~seg;
    }
}

#ifndef __SSE2__
/* Values up to 64 bytes (most of them): counts and run masks, no branch
 * per byte, so digit/letter boundaries cost no mispredictions. */
static uint64_t shape_short(struct cls_shape *sh, const unsigned char *v, size_t len)
{
    uint64_t a = 0, b = 0, digits = 0, seps = 0;
    for (size_t i = 0; i < len; i++) {
        uint64_t kb = short_inc[1][v[i]];
        a += short_inc[0][v[i]];
        b += kb;
        /* Shifting by one, not by i: the masks come out reversed, which
         * changes no run's length, and a variable shift costs more. */
        digits = digits << 1 | (kb & 1);
        seps = seps << 1 | ((kb >> 1) & 1);
    }
    sh->digits = SHORT_GET(a, 0);
    sh->alpha = SHORT_GET(a, 1);
    sh->upper = SHORT_GET(a, 2);
    sh->at = SHORT_GET(a, 3);
    sh->dot = SHORT_GET(a, 4);
    sh->dash = SHORT_GET(a, 5);
    sh->colon = SHORT_GET(a, 6);
    sh->mask_chars = SHORT_GET(a, 7);
    sh->spaces = SHORT_GET(b, 1);
    sh->high = SHORT_GET(b, 2);
    sh->dollar = SHORT_GET(b, 3);
    if (digits)
        runs_from_masks(sh, digits, seps);
    return digits;
}
#endif

#ifdef __SSE2__
/* The same for values of at most 64 bytes, sixteen bytes at a time: each
 * class is a byte compare whose movemask gives sixteen bits of a 64-bit
 * mask of the class (bit i is byte i), and each count is the popcount of
 * its mask. The value is first copied into a zeroed block: a zero byte is
 * in no class. Eleven byte counters summed across their lanes at the end
 * cost more than the value's bytes for most values (and spill registers). */
#define SSE_CLASSES 11
static inline __attribute__((always_inline)) uint64_t
shape_sse_body(struct cls_shape *sh, const unsigned char *v, size_t len)
{
    _Alignas(16) unsigned char buf[64] = {0};
    memcpy(buf, v, len);
    union {
        uint16_t part[4];
        uint64_t all;
    } m[SSE_CLASSES + 1];
    memset(m, 0, sizeof m);
#define B(c) _mm_set1_epi8((char)(c))
    for (size_t b = 0; b * 16 < len; b++) {
        __m128i x = _mm_load_si128((const __m128i *)(buf + 16 * b));
        __m128i lx = _mm_or_si128(x, B(0x20));
        __m128i d = _mm_and_si128(_mm_cmpgt_epi8(x, B('0' - 1)), _mm_cmplt_epi8(x, B('9' + 1)));
        __m128i up = _mm_and_si128(_mm_cmpgt_epi8(x, B('A' - 1)), _mm_cmplt_epi8(x, B('Z' + 1)));
        __m128i al = _mm_and_si128(_mm_cmpgt_epi8(lx, B('a' - 1)), _mm_cmplt_epi8(lx, B('z' + 1)));
        __m128i dash = _mm_cmpeq_epi8(x, B('-')), sp = _mm_cmpeq_epi8(x, B(' '));
        __m128i mask = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, B('*')), _mm_cmpeq_epi8(x, B('#'))),
                                    _mm_cmpeq_epi8(lx, B('x')));
        m[0].part[b] = (uint16_t)_mm_movemask_epi8(d);
        m[1].part[b] = (uint16_t)_mm_movemask_epi8(al);
        m[2].part[b] = (uint16_t)_mm_movemask_epi8(up);
        m[3].part[b] = (uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, B('@')));
        m[4].part[b] = (uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, B('.')));
        m[5].part[b] = (uint16_t)_mm_movemask_epi8(dash);
        m[6].part[b] = (uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, B(':')));
        m[7].part[b] = (uint16_t)_mm_movemask_epi8(mask);
        m[8].part[b] = (uint16_t)_mm_movemask_epi8(sp);
        m[9].part[b] = (uint16_t)_mm_movemask_epi8(x);     /* the high bit */
        m[10].part[b] = (uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, B('$')));
        m[11].part[b] = (uint16_t)_mm_movemask_epi8(_mm_or_si128(dash, sp));
    }
#undef B
    sh->digits = (uint32_t)__builtin_popcountll(m[0].all);
    sh->alpha = (uint32_t)__builtin_popcountll(m[1].all);
    sh->upper = (uint32_t)__builtin_popcountll(m[2].all);
    sh->at = (uint32_t)__builtin_popcountll(m[3].all);
    sh->dot = (uint32_t)__builtin_popcountll(m[4].all);
    sh->dash = (uint32_t)__builtin_popcountll(m[5].all);
    sh->colon = (uint32_t)__builtin_popcountll(m[6].all);
    sh->mask_chars = (uint32_t)__builtin_popcountll(m[7].all);
    sh->spaces = (uint32_t)__builtin_popcountll(m[8].all);
    sh->high = (uint32_t)__builtin_popcountll(m[9].all);
    sh->dollar = (uint32_t)__builtin_popcountll(m[10].all);
    /* The parts are in byte order only on a little-endian machine, which
     * every SSE2 machine is. */
    if (m[0].all)
        runs_from_masks(sh, m[0].all, m[11].all);
    return m[0].all;
}

static uint64_t shape_sse(struct cls_shape *sh, const unsigned char *v, size_t len)
{
    return shape_sse_body(sh, v, len);
}

/* The same with the POPCNT instruction (every x86-64 CPU since 2008),
 * chosen at run time: the default x86-64 target lacks it, and the
 * library's bit-by-bit popcount costs more than the rest of the shape. */
#ifdef HAVE_SHAPE_POPCNT
__attribute__((target("popcnt"))) static uint64_t
shape_sse_popcnt(struct cls_shape *sh, const unsigned char *v, size_t len)
{
    return shape_sse_body(sh, v, len);
}
#endif
#endif

/* Longer values: the same counts, runs tracked byte by byte. */
static void shape_long(struct cls_shape *sh, const unsigned char *v, size_t len)
{
    uint32_t run = 0;
    bool prev_sep = false;
    for (size_t base = 0; base < len; base += LANE_MAX) {
        size_t end = len - base > LANE_MAX ? base + LANE_MAX : len;
        uint64_t w[3] = {0, 0, 0};
        for (size_t i = base; i < end; i++) {
            unsigned char c = v[i];
            w[0] += shape_inc[0][c];
            w[1] += shape_inc[1][c];
            w[2] += shape_inc[2][c];
            unsigned k = run_kind[c];
            if ((k | run) == 0)
                continue;           /* most bytes: no digit run, none starting */
            if (k == 1) {
                run++;
                prev_sep = false;
            } else if (k == 2 && run > 0 && !prev_sep) {
                prev_sep = true;    /* "4111 1111" and "4111-1111" keep the run */
            } else if (run > 0) {
                note_run(sh, run);
                run = 0;
                prev_sep = false;
            }
        }
        add_lanes(sh, w);
    }
    note_run(sh, run);
}

/* The shape, and for a value of at most 64 bytes its digit mask (bit i
 * for byte i), from which its digit runs are read without touching the
 * bytes again. */
static uint64_t shape_of(struct cls_shape *sh, const char *v, size_t len)
{
    memset(sh, 0, sizeof *sh);
    sh->len = len;
    if (len <= 64) {
#ifdef __SSE2__
#ifdef HAVE_SHAPE_POPCNT
        if (use_popcnt)
            return shape_sse_popcnt(sh, (const unsigned char *)v, len);
#endif
        return shape_sse(sh, (const unsigned char *)v, len);
#else
        /* Its mask comes out reversed (bit len-1-i for byte i). */
        uint64_t rev = shape_short(sh, (const unsigned char *)v, len), m = 0;
        for (size_t i = 0; i < len; i++)
            m |= (rev >> (len - 1 - i) & 1) << i;
        return m;
#endif
    }
    shape_long(sh, (const unsigned char *)v, len);
    return 0;
}

void cls_shape_compute(struct cls_shape *sh, const char *v, size_t len)
{
    pthread_once(&shape_tables_once, init_shape_tables);
    shape_of(sh, v, len);
}

/* Digit runs of a short value from its digit mask (bit i for byte i),
 * first byte first: at most 32 runs fit in 64 bytes, so the list never
 * overflows. */
static void runs_from_mask(struct cls_digit_runs *rs, uint64_t m)
{
    rs->count = 0;
    while (m) {
        int start = __builtin_ctzll(m);
        uint64_t rest = ~(m >> start);
        int n = rest ? __builtin_ctzll(rest) : 64 - start;
        rs->run[rs->count++] = (struct cls_digit_run){.start = (uint32_t)start,
                                                      .len = (uint32_t)n};
        m &= n + start >= 64 ? 0 : ~0ULL << (start + n);
    }
}

/* Digit runs of a longer value, byte by byte; false past CLS_DIGIT_RUNS_MAX. */
static bool runs_of(struct cls_digit_runs *rs, const char *v, size_t len)
{
    rs->count = 0;
    for (size_t i = 0; i < len;) {
        if ((unsigned char)(v[i] - '0') > 9) {
            i++;
            continue;
        }
        size_t s = i;
        while (i < len && (unsigned char)(v[i] - '0') <= 9)
            i++;
        if (rs->count == CLS_DIGIT_RUNS_MAX)
            return false;
        rs->run[rs->count++] = (struct cls_digit_run){.start = (uint32_t)s,
                                                      .len = (uint32_t)(i - s)};
    }
    return true;
}

/* The runs of a value whose shape (and digit mask) is already known. */
static bool runs_for(struct cls_digit_runs *rs, const char *v, size_t len, uint64_t digit_mask)
{
    if (len > 64)
        return len <= UINT32_MAX && runs_of(rs, v, len);
    runs_from_mask(rs, digit_mask);
    return true;
}

bool cls_digit_runs_compute(struct cls_digit_runs *runs, const char *v, size_t len)
{
    struct cls_shape sh;
    pthread_once(&shape_tables_once, init_shape_tables);
    return runs_for(runs, v, len, shape_of(&sh, v, len));
}

/* Finds the next candidate of detector i at or after `from`. */
static bool next_candidate(struct cls_scanner *s, size_t i, const char *v,
                           size_t len, size_t from, struct cls_span *span)
{
    const struct cls_detector *d = s->engine->detectors[i];
    if (d->find_in_runs && s->runs_ok)
        return d->find_in_runs(v, len, &s->runs, from, span);
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
        if (d->shape_ok && !d->shape_ok(v + span.start, span.len)) {
            from = span.start + (span.len ? span.len : 1);
            continue;               /* not even of the right shape */
        }
        if (!d->validate || d->validate(v + span.start, span.len)) {
            *found = span;
            return CLS_HIT_MATCH;
        }
        /* The first candidate's span, for its context words. */
        if (hit == CLS_HIT_NONE)
            *found = span;
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
    uint64_t allowed = ~0ULL;
    for (size_t i = 0; skip && i < s->engine->count; i++)
        if (skip[i])
            allowed &= ~(1ULL << i);
    return cls_scan_value_mask(s, v, len, allowed);
}

/* Which detectors could match a value of this shape: the detectors'
 * needs rule most of them out by table (a sentence has no digit run, a
 * number no letter), and only the rest have could_match called. */
_Static_assert(offsetof(struct cls_shape, max_digit_run) == offsetof(struct cls_shape, digits) + 4 &&
               offsetof(struct cls_shape, alpha) == offsetof(struct cls_shape, digits) + 8 &&
               offsetof(struct cls_shape, dollar) == offsetof(struct cls_shape, digits) + 44,
               "CLS_NEED_* bit k is the k-th count from digits");

/* The classes a value holds as CLS_NEED_* bits: count k non-zero. */
static unsigned classes_present(const struct cls_shape *sh)
{
#ifdef __SSE2__
    const char *c = (const char *)&sh->digits;
    __m128i z = _mm_setzero_si128();
    __m128i a = _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)c), z);
    __m128i b = _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(c + 16)), z);
    __m128i d = _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(c + 32)), z);
    __m128i zero = _mm_packs_epi16(_mm_packs_epi32(a, b), _mm_packs_epi32(d, d));
    return ~(unsigned)_mm_movemask_epi8(zero) & 0xfffu;
#else
    const uint32_t *n = &sh->digits;
    unsigned p = 0;
    for (unsigned k = 0; k < 12; k++)
        p |= (unsigned)(n[k] > 0) << k;
    return p;
#endif
}

static uint64_t candidates(const struct cls_engine *e, const struct cls_shape *sh, uint64_t want)
{
    unsigned p = classes_present(sh);
    uint64_t runs = e->runs_free;
    for (uint32_t set = sh->digit_run_set; set; set &= set - 1)
        runs |= e->run_tab[__builtin_ctz(set)];
    uint64_t maybe = e->need_lo[p & 63] & e->need_hi[p >> 6] &
                     (e->any_lo[p & 63] | e->any_hi[p >> 6]) & runs & want, cand = 0;
    for (; maybe; maybe &= maybe - 1) {
        unsigned i = (unsigned)__builtin_ctzll(maybe);
        cand |= (uint64_t)(e->could[i] ? e->could[i](sh) : true) << i;
    }
    return cand;
}

/* Two passes: first every detector's could_match into a bit mask (the loop
 * has no data-dependent branch, so the CPU predicts it), then the detectors
 * whose bit is set, lowest first. hit[] is reset only where the previous
 * value set it. */
const struct cls_value_result *cls_scan_value_mask(struct cls_scanner *s, const char *v,
                                                   size_t len, uint64_t allowed)
{
    const struct cls_engine *e = s->engine;
    struct cls_shape shape;
    uint64_t digit_mask = shape_of(&shape, v, len);
    uint64_t cand = candidates(e, &shape, e->enabled & allowed);
    if (cand & e->run_users)
        s->runs_ok = runs_for(&s->runs, v, len, digit_mask);
    for (uint64_t old = s->result.hits; old; old &= old - 1)
        s->result.hit[__builtin_ctzll(old)] = CLS_HIT_NONE;
    uint64_t hits = 0;
    for (; cand; cand &= cand - 1) {
        unsigned i = (unsigned)__builtin_ctzll(cand);
        enum cls_hit h = run_detector(s, i, v, len, &s->result.span[i]);
        s->result.hit[i] = (uint8_t)h;
        hits |= (uint64_t)(h != CLS_HIT_NONE) << i;
    }
    s->result.hits = hits;
    return &s->result;
}
