/* One column's verdict. Counts, per detector, the values that held a
 * candidate and the values that validated (and, for a checksum detector,
 * the distinct ones, with and without context words beside them), keeps up
 * to three distinct masked evidence strings, and decides which detectors
 * fire by the rule in the README ("Column decision", "How a column is
 * judged"):
 *
 *   matches >= min_count, matches / non-null >= min_ratio, and, for a
 *   detector whose validator random data passes by chance (Luhn: 1 in 10),
 *   a binomial test (core/evidence.c): chance alone gives that many valid
 *   distinct candidates with p <= 1e-6, or <= 1e-3 with the column name,
 *   context words, or every one of a few candidates valid.
 *
 * Around that rule sits the column-level judgement: the column name as
 * supporting evidence (name_hint, needs_name_hint, hint_counts_candidates,
 * bare_needs_support, a "name" finding for an empty column), evidence
 * against (name_veto, a numeric column type, _id/_count/... suffixes, very
 * few distinct values, epoch timestamps, UUID/hex ids, documentation
 * example values), one meaning per value (two detectors on the same
 * characters: the column keeps the explanation that fits it), review flags
 * on findings held back with more than chance evidence, and the protection
 * state of a sensitive-looking column (masked, hashed, encrypted, tokenized
 * or plaintext). Each reason says which evidence decided. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <math.h>
#include <pcre2.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "classify/engine.h"
#include "core/evidence.h"
#include "util/util.h"

#define EVIDENCE_LEN 96
#define DEFAULT_MIN_COUNT 2
/* Distinct values are counted exactly up to this many, then "at least":
 * the count only has to tell a placeholder column (LOW_CARD_MAX values)
 * from data, and a small table stays in cache across the column's values. */
#define DISTINCT_CAP 16
#define DISTINCT_SLOTS 32
/* At most this many distinct values in at least LOW_CARD_MIN_ROWS values
 * look like a placeholder or a default, not data. */
#define LOW_CARD_MAX 2
#define LOW_CARD_MIN_ROWS 20
/* Share of values that must be epoch timestamps or UUID/hex ids for that
 * context to count against a finding, and the share of a protection
 * class that decides the column's protection. */
#define CONTEXT_SHARE 0.8
#define PROTECTION_SHARE 0.5
/* With a counting-against name suffix, the Wilson lower bound of the
 * match ratio must reach this: nearly every value must match. */
#define SUFFIX_MIN_LOW 0.5

enum protection { P_NONE, P_MASKED, P_HASHED, P_ENCRYPTED, P_TOKENIZED, P_COUNT };
static const char *const protection_name[P_COUNT] = {NULL, "masked", "hashed", "encrypted",
                                                     "tokenized"};

struct det_acc {
    uint64_t candidates;
    uint64_t matches;
    uint64_t examples;     /* matches that are documentation examples */
    uint64_t hinted;       /* candidates counted as matches by the column name */
    uint64_t named;        /* bare matches counted because of the column name */
    /* For a checksum detector (chance_pass_rate > 0): distinct candidate
     * values and how many validated, all and those with a context word
     * beside the candidate (core/evidence.c). */
    uint64_t dcand, dmatch, ctx_cand, ctx_match;
    struct cls_value_set seen;
    size_t evidence_count;
    char evidence[CLS_EVIDENCE_MAX][EVIDENCE_LEN];
};

/* Values on which two detectors counted the same characters: the column
 * decides which explanation fits (resolve_conflicts). A few pairs suffice;
 * more are not tracked. */
#define PAIRS_MAX 8
struct pair_count {
    uint8_t i, j;          /* i < j */
    uint64_t n;
};

/* Notes of repeated values (cls_column_acc_add): a column of flags, status
 * codes or now() timestamps sends the same few values again and again, and
 * a value's note depends only on its bytes and the column's fixed context.
 * Direct-mapped by the value's hash; a slot keeps the whole value and is
 * used only when the bytes are equal. Values longer than NOTE_CACHE_LEN
 * or with more than NOTE_CACHE_HITS hits are always noted afresh. */
#define NOTE_CACHE_SLOTS 16
#define NOTE_CACHE_LEN 64
#define NOTE_CACHE_HITS 3
/* After this many look-ups, a column that found fewer than one value in
 * NOTE_CACHE_MIN_SHARE in the cache stops looking (ids, e-mail addresses,
 * free text: nearly every value is new). */
#define NOTE_CACHE_TRIAL 32
#define NOTE_CACHE_MIN_SHARE 8

struct cls_column_acc {
    const struct cls_engine *engine;
    char *table;           /* context: names and type, owned */
    char *column;
    char *data_type;
    bool numeric_type;
    uint64_t *slots;       /* [DISTINCT_SLOTS] hashes, 0 = empty */
    uint8_t *hint;         /* [detector count] the column name supports it */
    uint8_t *veto;         /* [detector count] 1: the column name counts against it,
                            * 2: the table name does (tracks.name) */
    uint8_t *skip;         /* [detector count] cannot fire here: not run */
    uint64_t allowed;      /* the complement of skip, as the engine's mask */
    struct det_acc *det;   /* [detector count] */
    struct cls_column_draw *drawn; /* notes of values drawn ahead, by slot */
    struct note_cache *cache;      /* NULL until a value is cached */
    /* From here on, what the column's values added: zeroed when the
     * accumulator is reused (cls_column_acc_reuse). */
    uint64_t touched;      /* bit i: det[i] was counted into */
    struct pair_count pairs[PAIRS_MAX];
    size_t pair_count;
    uint64_t sampled;
    uint64_t non_null;
    uint64_t epoch;        /* values that are epoch seconds or milliseconds */
    uint64_t hexid;        /* UUIDs and long hex strings */
    uint64_t protection[P_COUNT];
    uint64_t distinct;     /* exact below DISTINCT_CAP */
    uint32_t cache_tries, cache_found;
    bool cache_off;        /* too few repeats: not looked up any more */
    bool cache_used;       /* some slot may hold a note */
};

#define ACC_COUNTS_START offsetof(struct cls_column_acc, touched)

/* Character classes, by comparison for a single byte and by one table
 * look-up a byte for the spans: these run over every byte of every
 * sampled value (the table is filled once, by cls_column_acc_new). */
static inline bool k_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10u;
}

static inline bool k_hex(unsigned char c)
{
    return k_digit(c) || (unsigned)((c | 0x20) - 'a') < 6u;
}

static inline bool k_b64(unsigned char c)
{
    return k_digit(c) || (unsigned)((c | 0x20) - 'a') < 26u || c == '+' || c == '/' ||
           c == '-' || c == '_';
}

enum { C_DIGIT = 1, C_HEX = 2, C_B64 = 4, C_MASK = 8 };
static uint8_t byte_class[256];
static pthread_once_t classes_once = PTHREAD_ONCE_INIT;

static void fill_classes(void)
{
    for (unsigned c = 0; c < 256; c++)
        byte_class[c] = (uint8_t)((k_digit((unsigned char)c) ? C_DIGIT : 0) |
                                  (k_hex((unsigned char)c) ? C_HEX : 0) |
                                  (k_b64((unsigned char)c) ? C_B64 : 0) |
                                  (c == '*' || c == '#' || c == 'X' || c == 'x' ? C_MASK : 0));
}

/* Length of the prefix of v whose bytes all are in class k. */
static size_t span_class(const char *v, size_t len, unsigned k)
{
    size_t i = 0;
    while (i < len && (byte_class[(unsigned char)v[i]] & k))
        i++;
    return i;
}

static size_t span_digit(const char *v, size_t len)
{
    return span_class(v, len, C_DIGIT);
}

static size_t span_b64(const char *v, size_t len)
{
    return span_class(v, len, C_B64);
}

/* ---- column-name patterns, compiled once for the whole process ---------- */

static pcre2_code **hint_code, **veto_code;   /* [cls_detector_count] */
static pthread_once_t names_once = PTHREAD_ONCE_INIT;

static pcre2_code *compile_name_pattern(const char *pattern)
{
    int ec;
    PCRE2_SIZE off;
    if (!pattern)
        return NULL;
    /* A bad pattern is a bug in a detector descriptor; the registry test
     * (tests/unit/test_column.c) checks every pattern compiles. */
    return pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_CASELESS, &ec, &off,
                         NULL);
}

static void compile_names(void)
{
    hint_code = calloc(cls_detector_count + 1, sizeof *hint_code);
    veto_code = calloc(cls_detector_count + 1, sizeof *veto_code);
    if (!hint_code || !veto_code)
        return;
    for (size_t i = 0; i < cls_detector_count; i++) {
        hint_code[i] = compile_name_pattern(cls_detectors[i]->name_hint);
        veto_code[i] = compile_name_pattern(cls_detectors[i]->name_veto);
    }
}

static bool name_matches(const pcre2_code *code, const char *name)
{
    if (!code || !*name)
        return false;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    int rc = md ? pcre2_match(code, (PCRE2_SPTR)name, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) : -1;
    pcre2_match_data_free(md);
    return rc >= 0;
}

/* Index of d in the registry (the engine keeps registry order). */
static size_t registry_index(const struct cls_detector *d)
{
    for (size_t j = 0; j < cls_detector_count; j++)
        if (cls_detectors[j] == d)
            return j;
    return cls_detector_count;
}

/* Column names repeat from table to table (id, email, created_at), and a
 * name's hints cost two PCRE2 matches per detector: each thread keeps the
 * answers for the names it met in a small direct-mapped cache, a bit per
 * detector, each bit found the first time it is asked. A longer name is
 * matched every time. */
#define NAME_CACHE_SLOTS 256
#define NAME_CACHE_KEY 56
struct name_cache_entry {
    char name[NAME_CACHE_KEY];
    uint64_t known[2], said[2];     /* [0] hints, [1] vetoes; bit j: detector j */
};
static _Thread_local struct name_cache_entry name_cache[NAME_CACHE_SLOTS];

static struct name_cache_entry *cached_name(const char *column)
{
    size_t len = strlen(column);
    if (len >= NAME_CACHE_KEY)
        return NULL;
    uint32_t h = 2166136261u;                       /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)column[i]) * 16777619u;
    struct name_cache_entry *e = &name_cache[h % NAME_CACHE_SLOTS];
    if (strcmp(e->name, column) != 0 || !(e->known[0] | e->known[1])) {
        memcpy(e->name, column, len + 1);
        e->known[0] = e->known[1] = e->said[0] = e->said[1] = 0;
    }
    return e;
}

/* The detectors (bit j: registry index j) among `want` whose name_hint
 * (veto: name_veto) matches name: the cached answers, and the patterns
 * not yet asked for this name matched now and remembered. One cache
 * look-up for all the detectors of a column, not one per detector. */
static uint64_t name_bits(const char *name, bool veto, uint64_t want)
{
    pthread_once(&names_once, compile_names);
    if (!hint_code)
        return 0;
    struct name_cache_entry *e = cached_name(name);
    uint64_t unknown = e ? want & ~e->known[veto] : want;
    uint64_t said = e ? e->said[veto] & want & ~unknown : 0;
    for (uint64_t bits = unknown; bits; bits &= bits - 1) {
        size_t j = (size_t)__builtin_ctzll(bits);
        if (j >= cls_detector_count)
            break;
        uint64_t bit = 1ULL << j;
        if (name_matches(veto ? veto_code[j] : hint_code[j], name))
            said |= bit;
        if (e) {
            e->known[veto] |= bit;
            e->said[veto] |= said & bit;
        }
    }
    return said;
}

bool cls_column_name_hint(const struct cls_detector *d, const char *column, bool veto)
{
    size_t j = registry_index(d);
    if (j >= cls_detector_count)
        return false;
    if (j >= 64) {
        pthread_once(&names_once, compile_names);
        return hint_code && name_matches(veto ? veto_code[j] : hint_code[j], column);
    }
    return (name_bits(column, veto, 1ULL << j) >> j) & 1;
}

/* Integer, decimal and floating types hold only numbers (MySQL and
 * PostgreSQL spellings; "interval" and "point" are not numbers). */
static bool is_numeric_type(const char *t)
{
    static const char *const prefixes[] = {"int", "bigint", "smallint", "tinyint", "mediumint",
                                           "numeric", "decimal", "float", "double", "real",
                                           "serial", "bigserial", "smallserial", "number",
                                           "money"};
    if (strncasecmp(t, "interval", 8) == 0)
        return false;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncasecmp(t, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return false;
}

/* A column named only "date" (or "dt", "day") says nothing by itself;
 * its table or its neighbours say what kind of date it holds. */
static bool generic_name(const char *column)
{
    return strcasecmp(column, "date") == 0 || strcasecmp(column, "dt") == 0 ||
           strcasecmp(column, "day") == 0;
}

/* Does a neighbouring column's name support detector d (`birth_place`
 * beside `date`)? Only for a column with a generic name. */
static bool neighbour_hint(const struct cls_detector *d, const char *column,
                           const struct cls_column_ctx *ctx)
{
    if (!ctx || !d->needs_name_hint || !generic_name(column))
        return false;
    for (size_t k = 0; k < ctx->neighbour_count; k++)
        if (ctx->neighbours[k] && strcmp(ctx->neighbours[k], column) != 0 &&
            cls_column_name_hint(d, ctx->neighbours[k], false))
            return true;
    return false;
}

/* Bit j: registry detector j wants a name hint (needs_name_hint). */
static uint64_t needs_hint_bits(void)
{
    uint64_t m = 0;
    for (size_t j = 0; j < cls_detector_count && j < 64; j++)
        if (cls_detectors[j]->needs_name_hint)
            m |= 1ULL << j;
    return m;
}

_Static_assert(CLS_DETECTORS_MAX <= 64, "a column's name hints are a bit per detector");

static void name_evidence(struct cls_column_acc *a, const struct cls_column_ctx *ctx)
{
    size_t n = cls_engine_detector_count(a->engine);
    size_t nr = cls_detector_count < 64 ? cls_detector_count : 64;
    uint64_t all = nr == 64 ? ~0ULL : (1ULL << nr) - 1, needs = needs_hint_bits();
    /* The column's and table's names, each looked up once for every
     * detector: bit i is detector i, since the engine holds the registry
     * in its order and refuses more than CLS_DETECTORS_MAX (64) of them
     * (cls_engine_new). */
    uint64_t col_hint = name_bits(a->column, false, all);
    uint64_t col_veto = name_bits(a->column, true, all);
    uint64_t tab_hint = needs ? name_bits(a->table, false, needs) : 0;
    a->allowed = ~0ULL;
    for (size_t i = 0; i < n; i++) {
        const struct cls_detector *d = cls_engine_detector(a->engine, i);
        bool hint = (col_hint >> i) & 1, veto = (col_veto >> i) & 1;
        bool tab = d->needs_name_hint && ((tab_hint >> i) & 1);
        /* customers.name is a person, tracks.name a song (core/context.c);
         * only a detector with generic column names asks the table. */
        int table_says = cls_column_table_context(d, a->table, a->column);
        /* A birth date may be named by its table (births.date) or by its
         * neighbours (people.birth_place beside people.date). */
        a->hint[i] = hint || tab || neighbour_hint(d, a->column, ctx) || table_says > 0;
        a->veto[i] = veto ? 1 : table_says < 0 ? 2 : 0;
        /* A date in `created_at` is no birth date: do not even look. */
        a->skip[i] = d->needs_name_hint && !a->hint[i];
        if (a->skip[i])
            a->allowed &= ~(1ULL << i);
    }
}

/* Copies ctx's names into a (replacing what a held) and derives what
 * they say; 0 or CLS_ENOMEM. */
static int set_context(struct cls_column_acc *a, const struct cls_column_ctx *ctx)
{
    free(a->table);
    free(a->column);
    free(a->data_type);
    a->table = strdup(ctx && ctx->table ? ctx->table : "");
    a->column = strdup(ctx && ctx->column ? ctx->column : "");
    a->data_type = strdup(ctx && ctx->data_type ? ctx->data_type : "");
    if (!a->table || !a->column || !a->data_type)
        return CLS_ENOMEM;
    a->numeric_type = is_numeric_type(a->data_type);
    name_evidence(a, ctx);
    return 0;
}

int cls_column_acc_new(struct cls_column_acc **out, const struct cls_engine *engine,
                       const struct cls_column_ctx *ctx)
{
    pthread_once(&classes_once, fill_classes);
    struct cls_column_acc *a = calloc(1, sizeof *a);
    size_t n = cls_engine_detector_count(engine);
    if (!a)
        return CLS_ENOMEM;
    a->engine = engine;
    a->det = calloc(n ? n : 1, sizeof *a->det);
    a->hint = calloc(n ? n : 1, 1);
    a->veto = calloc(n ? n : 1, 1);
    a->skip = calloc(n ? n : 1, 1);
    a->slots = calloc(DISTINCT_SLOTS, sizeof *a->slots);
    if (!a->det || !a->hint || !a->veto || !a->skip || !a->slots || set_context(a, ctx) < 0) {
        cls_column_acc_free(a);
        return CLS_ENOMEM;
    }
    *out = a;
    return 0;
}

static void draw_free(struct cls_column_draw *dr);
static void note_cache_clear(struct cls_column_acc *a);

int cls_column_acc_reuse(struct cls_column_acc *a, const struct cls_column_ctx *ctx)
{
    /* Only the detectors counted into hold anything to clear: a column
     * touches a few of the det entries (~9 kB in all), and clearing
     * those is what makes reuse cheaper than calloc. */
    for (uint64_t bits = a->touched; bits; bits &= bits - 1) {
        struct det_acc *da = &a->det[__builtin_ctzll(bits)];
        cls_value_set_free(&da->seen);
        memset(da, 0, sizeof *da);
    }
    memset(a->slots, 0, DISTINCT_SLOTS * sizeof *a->slots);
    draw_free(a->drawn);
    a->drawn = NULL;
    note_cache_clear(a);
    memset((char *)a + ACC_COUNTS_START, 0, sizeof *a - ACC_COUNTS_START);
    return set_context(a, ctx);
}

void cls_column_acc_free(struct cls_column_acc *a)
{
    if (!a)
        return;
    for (size_t i = 0; a->det && i < cls_engine_detector_count(a->engine); i++)
        cls_value_set_free(&a->det[i].seen);
    free(a->det);
    draw_free(a->drawn);
    free(a->hint);
    free(a->veto);
    free(a->skip);
    free(a->slots);
    free(a->table);
    free(a->column);
    free(a->data_type);
    free(a->cache);
    free(a);
}

/* ---- per-value context: distinct count, epoch/hex ids, protection -------- */

/* A value's hash for the distinct count and the note cache: eight bytes
 * a step (a multiply per byte was a tenth of a wide scan's time). Never 0. */
static uint64_t value_hash(const char *v, size_t len)
{
    uint64_t h = 1469598103934665603ULL ^ len, w;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        memcpy(&w, v + i, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 29;
    }
    for (; i < len; i++)
        h = (h ^ (unsigned char)v[i]) * 1099511628211ULL;
    h ^= h >> 32;
    return h | 1;                              /* 0 marks an empty slot */
}

/* h: the value's value_hash. Collisions only make the count a little
 * low. */
static void count_distinct(struct cls_column_acc *a, uint64_t h)
{
    if (a->distinct >= DISTINCT_CAP)
        return;
    for (size_t k = h % DISTINCT_SLOTS;; k = (k + 1) % DISTINCT_SLOTS) {
        if (a->slots[k] == h)
            return;
        if (a->slots[k] == 0) {
            a->slots[k] = h;
            a->distinct++;
            return;
        }
    }
}

/* Epoch seconds (2000-2100) or milliseconds as a bare number. */
static bool is_epoch(const char *v, size_t len)
{
    if ((len != 10 && len != 13) || span_digit(v, len) != len)
        return false;
    /* By hand: the value is not NUL-terminated, so no strtod. */
    uint64_t n = 0;
    for (size_t i = 0; i < len; i++)
        n = n * 10 + (uint64_t)(v[i] - '0');
    double x = (double)n / (len == 13 ? 1000.0 : 1.0);
    return x >= 946684800.0 && x <= 4102444800.0;
}

/* A run of 16 or more hex digits, not all decimal: a hex id or digest
 * (is_hexid and classify_protection both ask; note_of asks once). */
static bool is_hex_run(const char *v, size_t len)
{
    if (len < 16)
        return false;
    unsigned all = C_DIGIT;            /* stays set while every byte is a digit */
    for (size_t i = 0; i < len; i++) {
        unsigned k = byte_class[(unsigned char)v[i]];
        if (!(k & C_HEX))
            return false;
        all &= k;
    }
    return !all;
}

static bool is_hexid(const char *v, size_t len, bool hex_run)
{
    static const size_t dash[] = {8, 13, 18, 23};
    if (len == 36) {
        for (size_t k = 0; k < 4; k++)
            if (v[dash[k]] != '-')
                return false;
        for (size_t i = 0; i < len; i++)
            if (v[i] != '-' && !k_hex((unsigned char)v[i]))
                return false;
        return true;
    }
    return hex_run;
}

/* A run of three or more identical mask characters: "****", "XXXX". */
static bool is_masked(const char *v, size_t len)
{
    /* Any three bytes in a row hold exactly one byte at an index divisible
     * by three: only those bytes are tested (this runs over every value),
     * and the run through such a mask byte is measured around it. */
    for (size_t j = 0; j < len; j += 3) {
        if (!(byte_class[(unsigned char)v[j]] & C_MASK))
            continue;
        size_t lo = j, hi = j + 1;
        while (lo > 0 && j - lo < 2 && v[lo - 1] == v[j])
            lo--;
        while (hi < len && hi - lo < 3 && v[hi] == v[j])
            hi++;
        if (hi - lo >= 3)
            return true;
    }
    return len >= 3 && memcmp(v, "\xe2\x80\xa2", 3) == 0;   /* "•" */
}

static bool has_prefix(const char *v, size_t len, const char *p)
{
    size_t n = strlen(p);
    /* The second byte first, by hand (|0x20 folds ASCII letters and keeps
     * '-' and '{'): strncasecmp ran on most values starting with p or t. */
    return len >= n && (n < 2 || ((v[1] | 0x20) == (p[1] | 0x20))) && strncasecmp(v, p, n) == 0;
}

/* Digest lengths: MD5, SHA-1, SHA-224, SHA-256, SHA-384, SHA-512 in hex;
 * the same in padded or unpadded base64. */
static bool digest_length(size_t len, bool hex)
{
    static const size_t hexlen[] = {32, 40, 56, 64, 96, 128};
    static const size_t b64len[] = {22, 24, 27, 28, 43, 44, 64, 86, 88};
    const size_t *t = hex ? hexlen : b64len;
    size_t n = hex ? 6 : 9;
    for (size_t i = 0; i < n; i++)
        if (t[i] == len)
            return true;
    return false;
}

/* The forms recognised by their first characters; most values start
 * with none of t, p, v, e, '{', '-', so the prefix tests are skipped. */
static enum protection prefixed_protection(const char *v, size_t len)
{
    unsigned char c = (unsigned char)v[0] | 0x20;
    if (c != 't' && c != 'p' && c != 'v' && c != 'e' && c != '{' && c != '-')
        return P_NONE;
    if (has_prefix(v, len, "tok_") || has_prefix(v, len, "tkn_") || has_prefix(v, len, "token_"))
        return P_TOKENIZED;
    /* Django's pbkdf2_sha256$...; LDAP {SSHA}. */
    if (has_prefix(v, len, "pbkdf2_") || has_prefix(v, len, "{SSHA"))
        return P_HASHED;
    if (has_prefix(v, len, "-----BEGIN PGP MESSAGE") || has_prefix(v, len, "vault:v") ||
        has_prefix(v, len, "ENC("))
        return P_ENCRYPTED;
    return P_NONE;
}

static enum protection classify_protection(const char *v, size_t len, bool hex_run)
{
    enum protection p = len ? prefixed_protection(v, len) : P_NONE;
    if (p != P_NONE)
        return p;
    /* Modular crypt: $2b$, $argon2id$, $6$ ... */
    if (len > 20 && v[0] == '$' && memchr(v + 1, '$', len - 1))
        return P_HASHED;
    if (is_masked(v, len))
        return P_MASKED;
    size_t pad = 0;
    while (pad < 2 && pad < len && v[len - 1 - pad] == '=')
        pad++;
    size_t body = len - pad;
    /* Ciphertext carries an IV and a tag (AES-GCM: 28 bytes) besides the
     * data: at least 80 hex or 48 base64 characters. Shorter random strings
     * are as likely API keys and secrets, which are plaintext. */
    if (hex_run)
        return digest_length(len, true) ? P_HASHED : len >= 80 ? P_ENCRYPTED : P_NONE;
    if (body >= 20 && span_b64(v, body) == body && span_digit(v, body) != body) {
        bool upper = false, lower = false, digit = false;
        for (size_t i = 0; i < body; i++) {
            upper |= v[i] >= 'A' && v[i] <= 'Z';
            lower |= v[i] >= 'a' && v[i] <= 'z';
            digit |= v[i] >= '0' && v[i] <= '9';
        }
        if (!(upper && lower && digit))
            return P_NONE;                      /* words, not random bytes */
        /* KMS ciphertext blobs start "AQICAH", AWS Encryption SDK "AYA". */
        if (digest_length(len, false) && !has_prefix(v, len, "AQICAH"))
            return P_HASHED;
        return len >= 48 ? P_ENCRYPTED : P_NONE;
    }
    return P_NONE;
}

/* ---- documentation example values ---------------------------------------- */

/* Published examples that appear in documentation and test fixtures, not
 * in real records: the SSA's Woolworth wallet-card SSN and its advertising
 * example, the common 123-45-6789, AWS's documented example key pair. */
static const char *const example_digits[] = {"078051120", "123456789", "219099999"};
static const char *const example_strings[] = {"AKIAIOSFODNN7EXAMPLE",
                                              "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"};

static bool is_example(const char *s, size_t len)
{
    /* The example numbers are 9 digits, written in at most 11 characters:
     * a longer span is none of them (most spans: checked once a match). */
    char digits[24];
    size_t n = 0;
    for (size_t i = 0; len <= 11 && i < len && n + 1 < sizeof digits; i++)
        if (s[i] >= '0' && s[i] <= '9')
            digits[n++] = s[i];
    digits[n] = '\0';
    for (size_t i = 0; len <= 11 && i < sizeof example_digits / sizeof example_digits[0]; i++)
        if (strcmp(digits, example_digits[i]) == 0)
            return true;
    for (size_t i = 0; i < sizeof example_strings / sizeof example_strings[0]; i++) {
        size_t el = strlen(example_strings[i]);
        if (len == el && memcmp(s, example_strings[i], el) == 0)
            return true;
    }
    return false;
}

/* ---- accumulating ---------------------------------------------------------- */

static void keep_evidence(struct det_acc *da, const struct cls_detector *d,
                          const char *s, size_t len)
{
    char masked[EVIDENCE_LEN];
    if (da->evidence_count >= CLS_EVIDENCE_MAX)
        return;
    masked[0] = '\0';
    /* The masker sees the whole span (a "last 4" must be the real last
     * 4); the output size bounds what it writes. */
    if (d->mask)
        d->mask(s, len, masked, sizeof masked);
    else
        snprintf(masked, sizeof masked, "[%zu characters]", len);
    for (size_t i = 0; i < da->evidence_count; i++)
        if (strcmp(da->evidence[i], masked) == 0)
            return;
    memcpy(da->evidence[da->evidence_count++], masked, sizeof masked);
}

/* True when detector i's match in this value lies inside a longer
 * identifier another detector matched (the SSN inside the HICN
 * "123-45-6789A"). Two detectors matching the same characters ("12.34.56.78"
 * a dotted phone number and an IPv4 address) are both counted here; the
 * column decides between them (resolve_conflicts). */
static bool shadowed(const struct cls_column_acc *a, const struct cls_value_result *r, size_t i)
{
    (void)a;
    const struct cls_span *si = &r->span[i];
    /* Only the detectors that hit (r->hits), not all of them. */
    for (uint64_t bits = r->hits & ~(1ULL << i); bits; bits &= bits - 1) {
        size_t j = (size_t)__builtin_ctzll(bits);
        const struct cls_span *sj = &r->span[j];
        if (r->hit[j] != CLS_HIT_MATCH)
            continue;
        if (sj->start <= si->start && sj->start + sj->len >= si->start + si->len &&
            sj->len > si->len)
            return true;
    }
    return false;
}

static bool spans_overlap(const struct cls_span *x, const struct cls_span *y)
{
    return x->start < y->start + y->len && y->start < x->start + x->len;
}

/* Records that detectors i and j counted overlapping characters of one
 * value. */
static void note_pair(struct cls_column_acc *a, size_t i, size_t j)
{
    for (size_t k = 0; k < a->pair_count; k++)
        if (a->pairs[k].i == i && a->pairs[k].j == j) {
            a->pairs[k].n++;
            return;
        }
    if (a->pair_count < PAIRS_MAX)
        a->pairs[a->pair_count++] = (struct pair_count){(uint8_t)i, (uint8_t)j, 1};
}

/* A span of letters and digits only: "536228726", not "536-22-8726". */
static bool is_bare(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!k_digit((unsigned char)s[i]) &&
            !((unsigned)((s[i] | 0x20) - 'a') < 26u))
            return false;
    return len > 0;
}

/* Does the column name or a context word support a bare match of detector
 * i? Sets *by_name when the name did. */
static bool bare_supported(const struct cls_column_acc *a, size_t i, const char *v,
                           size_t len, const struct cls_span *span, bool *by_name)
{
    const struct cls_detector *d = cls_engine_detector(a->engine, i);
    *by_name = a->hint[i] && !a->veto[i];
    return *by_name || cls_context_near(v, len, span, d->context_words);
}

/* The distinct-value counts of a checksum detector (the binomial test's
 * trials and successes). */
static void count_trial(struct det_acc *da, const struct cls_detector *d, const char *v,
                        size_t len, uint64_t vh, const struct cls_span *span, bool match)
{
    if (!cls_value_set_add(&da->seen, vh))
        return;
    da->dcand++;
    da->dmatch += match;
    if (cls_context_near(v, len, span, d->context_words)) {
        da->ctx_cand++;
        da->ctx_match += match;
    }
}

/* ---- a value's note, then its counting ------------------------------------- */

/* What one value contributes to the column, found by the engine and the
 * per-value checks that read only the value and the column's fixed context
 * (names, type): everything but the counting. Counting a note (apply_note_h)
 * needs the value again only for what depends on the counts so far: the
 * distinct values, the evidence kept, the checksum trials. So a value can
 * be noted when it arrives and counted later, in the sample's order. */
enum { N_NULL = 0, N_EMPTY = 1, N_VALUE = 2 };
enum { H_MATCH = 1, H_NAMED = 2, H_EXAMPLE = 4, H_HINTED = 8 };
#define NOTE_EPOCH 4
#define NOTE_HEXID 8
#define NOTE_PROT_SHIFT 4

struct note_hit {
    uint8_t det, flags;            /* detector index; H_* */
    uint32_t start, len;           /* its span (a sampled value is at most 4096 bytes) */
};

struct value_note {
    uint8_t what;                  /* N_*, NOTE_EPOCH, NOTE_HEXID, protection */
    uint8_t nhits;
    struct note_hit hit[CLS_DETECTORS_MAX];
};

static void note_of(const struct cls_column_acc *a, struct cls_scanner *scanner, const char *v,
                    size_t len, struct value_note *nt)
{
    nt->nhits = 0;
    nt->what = !v ? N_NULL : len == 0 ? N_EMPTY : N_VALUE;
    if (nt->what != N_VALUE)
        return;
    bool hex_run = is_hex_run(v, len);
    nt->what |= (is_epoch(v, len) ? NOTE_EPOCH : 0) | (is_hexid(v, len, hex_run) ? NOTE_HEXID : 0) |
                (uint8_t)(classify_protection(v, len, hex_run) << NOTE_PROT_SHIFT);
    const struct cls_value_result *r = cls_scan_value_mask(scanner, v, len, a->allowed);
    /* Only the detectors that hit: most values hit none. */
    for (uint64_t bits = r->hits; bits; bits &= bits - 1) {
        size_t i = (size_t)__builtin_ctzll(bits);
        const struct cls_detector *d = cls_engine_detector(a->engine, i);
        const char *s = v + r->span[i].start;
        bool match = r->hit[i] == CLS_HIT_MATCH && !shadowed(a, r, i), by_name = false;
        uint8_t flags = 0;
        /* A bare 9-digit number is an SSN only in `ssn` or beside "SSN". */
        if (match && d->bare_needs_support && is_bare(s, r->span[i].len)) {
            match = bare_supported(a, i, v, len, &r->span[i], &by_name);
            flags |= match && by_name ? H_NAMED : 0;
        }
        if (match)
            flags |= H_MATCH | (is_example(s, r->span[i].len) ? H_EXAMPLE : 0);
        else if (a->hint[i] && d->hint_counts_candidates)
            flags |= H_HINTED;          /* "Mary" in first_name */
        nt->hit[nt->nhits++] = (struct note_hit){(uint8_t)i, flags, (uint32_t)r->span[i].start,
                                                 (uint32_t)r->span[i].len};
    }
}

/* Counts a noted value (what and its nhits hits; v, len: the same value;
 * vh: its value_hash, or 0). */
static void apply_note_h(struct cls_column_acc *a, uint8_t what, const struct note_hit *hit,
                         size_t nhits, const char *v, size_t len, uint64_t vh)
{
    a->sampled++;
    if ((what & 3) == N_NULL)
        return;
    a->non_null++;
    if ((what & 3) == N_EMPTY)
        return;
    if (!vh)
        vh = value_hash(v, len);
    count_distinct(a, vh);
    a->epoch += (what & NOTE_EPOCH) != 0;
    a->hexid += (what & NOTE_HEXID) != 0;
    a->protection[what >> NOTE_PROT_SHIFT]++;
    uint64_t counted_bits = 0;
    for (size_t k = 0; k < nhits; k++) {
        const struct note_hit *h = &hit[k];
        const struct cls_detector *d = cls_engine_detector(a->engine, h->det);
        struct det_acc *da = &a->det[h->det];
        const struct cls_span span = {h->start, h->len};
        bool match = h->flags & H_MATCH;
        a->touched |= 1ULL << h->det;
        da->candidates++;
        da->named += (h->flags & H_NAMED) != 0;
        if (d->chance_pass_rate > 0.0)
            count_trial(da, d, v, len, vh, &span, match);
        if (match) {
            da->matches++;
            da->examples += (h->flags & H_EXAMPLE) != 0;
            keep_evidence(da, d, v + h->start, h->len);
            counted_bits |= 1ULL << h->det;
        } else if (h->flags & H_HINTED) {
            da->hinted++;
            keep_evidence(da, d, v, len);
            counted_bits |= 1ULL << h->det;
        }
    }
    if (!(counted_bits & (counted_bits - 1)))
        return;
    /* Two detectors counting the same characters: one value, two
     * meanings, for the column to settle. Hits are in detector order. */
    for (size_t x = 0; x < nhits; x++) {
        const struct note_hit *hx = &hit[x];
        if (!(counted_bits & (1ULL << hx->det)))
            continue;
        for (size_t y = x + 1; y < nhits; y++) {
            const struct note_hit *hy = &hit[y];
            const struct cls_span sx = {hx->start, hx->len}, sy = {hy->start, hy->len};
            if ((counted_bits & (1ULL << hy->det)) && spans_overlap(&sx, &sy))
                note_pair(a, hx->det, hy->det);
        }
    }
}

/* ---- notes of repeated values ---------------------------------------------- */

struct note_cache_slot {
    uint64_t hash;                 /* value_hash of value; 0: empty */
    uint8_t len, what, nhits;
    struct note_hit hit[NOTE_CACHE_HITS];
    char value[NOTE_CACHE_LEN];
};

struct note_cache {
    struct note_cache_slot slot[NOTE_CACHE_SLOTS];
};

static void note_cache_clear(struct cls_column_acc *a)
{
    if (!a->cache || !a->cache_used)
        return;
    for (size_t k = 0; k < NOTE_CACHE_SLOTS; k++)
        a->cache->slot[k].hash = 0;
}

/* The slot for hash h, the cache made on first use; NULL when it cannot
 * be (the column then goes without). */
static struct note_cache_slot *note_cache_slot(struct cls_column_acc *a, uint64_t h)
{
    if (!a->cache && !(a->cache = calloc(1, sizeof *a->cache))) {
        a->cache_off = true;
        return NULL;
    }
    return &a->cache->slot[(h >> 1) % NOTE_CACHE_SLOTS];     /* bit 0 is always set */
}

/* Stops looking up a column that seldom repeats a value: re-judged every
 * NOTE_CACHE_TRIAL look-ups over all so far. */
static void note_cache_judge(struct cls_column_acc *a)
{
    a->cache_tries++;
    if (a->cache_tries % NOTE_CACHE_TRIAL == 0 &&
        (uint64_t)a->cache_found * NOTE_CACHE_MIN_SHARE < a->cache_tries)
        a->cache_off = true;
}

/* A value's note, taken from the column's cache when the same bytes were
 * noted before (then *cached points at the slot and nt is not written),
 * else found by note_of into nt and kept in the cache when it fits. *h is
 * the value's hash, 0 when it was not computed (not a cacheable value). */
static void note_cached(struct cls_column_acc *a, struct cls_scanner *scanner, const char *v,
                        size_t len, struct value_note *nt,
                        const struct note_cache_slot **cached, uint64_t *h)
{
    *cached = NULL;
    *h = 0;
    if (!v || len == 0 || len > NOTE_CACHE_LEN || a->cache_off) {
        note_of(a, scanner, v, len, nt);
        return;
    }
    *h = value_hash(v, len);
    struct note_cache_slot *c = note_cache_slot(a, *h);
    if (c && c->hash == *h && c->len == len && memcmp(c->value, v, len) == 0) {
        /* The same bytes in the same column: the same note (note_of reads
         * only the value and the column's fixed context). */
        a->cache_found++;
        note_cache_judge(a);
        *cached = c;
        return;
    }
    note_of(a, scanner, v, len, nt);
    if (c && nt->nhits <= NOTE_CACHE_HITS) {
        c->hash = *h;
        c->len = (uint8_t)len;
        c->what = nt->what;
        c->nhits = nt->nhits;
        memcpy(c->hit, nt->hit, nt->nhits * sizeof *nt->hit);
        memcpy(c->value, v, len);
        a->cache_used = true;
    }
    if (c)
        note_cache_judge(a);
}

void cls_column_acc_uncached(struct cls_column_acc *a)
{
    a->cache_off = true;
}

void cls_column_acc_add(struct cls_column_acc *a, struct cls_scanner *scanner,
                        const char *v, size_t len)
{
    struct value_note nt;
    const struct note_cache_slot *c;
    uint64_t h;
    note_cached(a, scanner, v, len, &nt, &c, &h);
    if (c)
        apply_note_h(a, c->what, c->hit, c->nhits, v, len, h);
    else
        apply_note_h(a, nt.what, nt.hit, nt.nhits, v, len, h);
}

/* ---- values drawn ahead of the sample -------------------------------------- */

/* A slot's note, kept compact: the note's first byte, its hit count and
 * where its hits start in the column's hit arena. A slot drawn again leaves
 * its old hits behind in the arena (a reservoir replaces few rows). */
struct drawn_slot {
    uint8_t what, nhits, used;
    uint32_t first;
};

struct cls_column_draw {
    struct drawn_slot *slots;
    size_t cap;
    struct note_hit *hits;
    size_t nhits, hits_cap;
};

/* The notes are sized for the reservoir once (fresh zeroed memory, touched
 * only where written), not grown by doubling: each doubling copied the
 * array and zeroed its new half, a page fault per 4 KB either way. The hit
 * arena starts at one hit a slot, at most HITS_FIRST. */
#define HITS_FIRST ((size_t)1 << 16)

static struct cls_column_draw *draw_new(uint64_t slots)
{
    struct cls_column_draw *dr = calloc(1, sizeof *dr);
    size_t cap = slots && slots < SIZE_MAX / sizeof *dr->slots ? (size_t)slots : 1;
    if (dr && (dr->slots = calloc(cap, sizeof *dr->slots)) != NULL) {
        dr->cap = cap;
        return dr;
    }
    free(dr);
    return NULL;
}

/* Room for `more` hits; grown without zeroing (hits are written before
 * they are read). */
static int hits_room(struct cls_column_draw *dr, size_t more, uint64_t slots)
{
    if (dr->hits_cap - dr->nhits >= more)
        return 0;
    size_t cap = dr->hits_cap ? dr->hits_cap
                 : slots < HITS_FIRST ? (size_t)(slots ? slots : 1) : HITS_FIRST;
    while (cap - dr->nhits < more) {
        if (cap > SIZE_MAX / 2 / sizeof *dr->hits)
            return CLS_ENOMEM;
        cap *= 2;
    }
    struct note_hit *p = realloc(dr->hits, cap * sizeof *p);
    if (!p)
        return CLS_ENOMEM;
    dr->hits = p;
    dr->hits_cap = cap;
    return 0;
}

int cls_column_acc_draw(struct cls_column_acc *a, struct cls_scanner *scanner, uint64_t slot,
                        uint64_t slots, const char *v, size_t len)
{
    if (!a->drawn && !(a->drawn = draw_new(slots)))
        return CLS_ENOMEM;
    struct cls_column_draw *dr = a->drawn;
    struct value_note nt;
    const struct note_cache_slot *c;
    uint64_t h;
    note_cached(a, scanner, v, len, &nt, &c, &h);
    uint8_t what = c ? c->what : nt.what, nhits = c ? c->nhits : nt.nhits;
    if (slot >= SIZE_MAX / sizeof *dr->slots ||
        cls_grow((void **)&dr->slots, &dr->cap, (size_t)slot, sizeof *dr->slots) < 0 ||
        dr->nhits + nhits > UINT32_MAX || hits_room(dr, nhits, slots) < 0)
        return CLS_ENOMEM;
    dr->slots[slot] = (struct drawn_slot){what, nhits, 1, (uint32_t)dr->nhits};
    if (nhits)
        memcpy(dr->hits + dr->nhits, c ? c->hit : nt.hit, nhits * sizeof *nt.hit);
    dr->nhits += nhits;
    return 0;
}

void cls_column_acc_add_drawn(struct cls_column_acc *a, struct cls_scanner *scanner,
                              uint64_t slot, const char *v, size_t len)
{
    const struct cls_column_draw *dr = a->drawn;
    if (!dr || slot >= dr->cap || !dr->slots[slot].used) {
        cls_column_acc_add(a, scanner, v, len);     /* never drawn: noted now */
        return;
    }
    const struct drawn_slot *ds = &dr->slots[slot];
    apply_note_h(a, ds->what, ds->nhits ? dr->hits + ds->first : NULL, ds->nhits, v, len, 0);
}

static void draw_free(struct cls_column_draw *dr)
{
    if (!dr)
        return;
    free(dr->slots);
    free(dr->hits);
    free(dr);
}

void cls_wilson(uint64_t k, uint64_t n, double *low, double *high)
{
    if (n == 0) {
        *low = 0.0;
        *high = 1.0;
        return;
    }
    const double z = 1.959963984540054;
    double p = (double)k / (double)n, nn = (double)n;
    double denom = 1.0 + z * z / nn;
    double centre = (p + z * z / (2.0 * nn)) / denom;
    double half = z * sqrt(p * (1.0 - p) / nn + z * z / (4.0 * nn * nn)) / denom;
    *low = centre - half < 0.0 ? 0.0 : centre - half;
    *high = centre + half > 1.0 ? 1.0 : centre + half;
}

/* ---- deciding ---------------------------------------------------------------- */

/* Matches that count: validated values, plus the candidates the column name
 * vouches for. */
static uint64_t counted(const struct det_acc *da)
{
    return da->matches + da->hinted;
}

/* The chance test of a checksum detector over the column's counts. */
static enum cls_chance_verdict chance_of(const struct cls_column_acc *a, size_t i,
                                         const struct det_acc *da, struct cls_chance *c)
{
    const struct cls_detector *d = cls_engine_detector(a->engine, i);
    *c = (struct cls_chance){.trials = da->dcand, .valid = da->dmatch,
                             .ctx_trials = da->ctx_cand, .ctx_valid = da->ctx_match,
                             .rate = d->chance_pass_rate, .name = a->hint[i] && !a->veto[i]};
    return cls_chance_judge(c);
}

/* "167 of 379 distinct candidates pass the check, chance gives about 38
 * (p = 3e-45)" into buf. */
static void chance_text(char *buf, size_t cap, const struct cls_chance *c)
{
    snprintf(buf, cap, "%llu of %llu distinct candidates pass the check, chance gives about "
             "%.0f (p %s %.2g)", (unsigned long long)c->valid, (unsigned long long)c->trials,
             c->rate * (double)c->trials, c->p > 0.0 ? "=" : "<", c->p > 0.0 ? c->p : 1e-300);
}

/* Flags finding f for review with a one-line reason. */
static int set_review(struct cls_finding *f, const char *buf)
{
    f->review = true;
    free(f->review_reason);
    f->review_reason = cls_strdup(buf);
    return f->review_reason ? 0 : CLS_ENOMEM;
}

/* The statistical rule (README "How a column is judged"); a reason when
 * it fails (the caller writes the one for a firing, after the evidence
 * against has had its say). *basis becomes "values+name" when the column
 * name decided (the tie-breaker for bare or few values). */
static bool decide_detector(const struct cls_column_acc *a, size_t i,
                            const struct cls_detector_params *p, const struct det_acc *da,
                            struct cls_column_report *col, const char **basis)
{
    const struct cls_detector *d = cls_engine_detector(a->engine, i);
    uint32_t min_count = p->min_count ? p->min_count : DEFAULT_MIN_COUNT;
    uint64_t k = counted(da), non_null = a->non_null;
    double ratio = non_null ? (double)k / (double)non_null : 0.0;
    if (da->named)
        *basis = "values+name";
    if (k < min_count) {
        cls_column_add_reason(col, "%s in %llu of %llu values: fewer than %u -> not fired",
                              d->id, (unsigned long long)k, (unsigned long long)non_null,
                              min_count);
        return false;
    }
    if (ratio < p->min_ratio) {
        cls_column_add_reason(col, "%s in %.1f%% of %llu values: below %.1f%% -> not fired",
                              d->id, ratio * 100.0, (unsigned long long)non_null,
                              p->min_ratio * 100.0);
        return false;
    }
    if (d->chance_pass_rate <= 0.0)
        return true;
    struct cls_chance c;
    enum cls_chance_verdict v = chance_of(a, i, da, &c);
    char text[160];
    chance_text(text, sizeof text, &c);
    if (v == CLS_CHANCE_NAME)
        *basis = "values+name";
    if (v >= CLS_CHANCE_VALUES)
        return true;
    cls_column_add_reason(col, "%s: %s; fires below p = %g -> not fired%s", d->id, text,
                          CLS_ALPHA, v == CLS_CHANCE_NONE ? ", looks like random numbers" : "");
    return false;
}

static void fired_reason(const struct cls_column_acc *a, size_t i,
                         const struct cls_detector_params *p, const struct det_acc *da,
                         struct cls_column_report *col)
{
    const struct cls_detector *d = cls_engine_detector(a->engine, i);
    double ratio = a->non_null ? (double)counted(da) / (double)a->non_null : 0.0;
    char text[200] = "";
    if (d->chance_pass_rate > 0.0) {
        struct cls_chance c;
        enum cls_chance_verdict v = chance_of(a, i, da, &c);
        size_t n = (size_t)snprintf(text, sizeof text, "; ");
        chance_text(text + n, sizeof text - n, &c);
        n = strlen(text);
        if (v == CLS_CHANCE_CONTEXT)
            snprintf(text + n, sizeof text - n, "; with context words beside them %llu of %llu",
                     (unsigned long long)c.ctx_valid, (unsigned long long)c.ctx_trials);
        else if (v == CLS_CHANCE_ALL)
            snprintf(text + n, sizeof text - n, "; every one is valid");
        else if (v == CLS_CHANCE_NAME)
            snprintf(text + n, sizeof text - n, "; the column name '%s' decides", a->column);
    }
    cls_column_add_reason(col, "%s in %.1f%% of %llu values%s%s%s -> %s", d->id, ratio * 100.0,
                          (unsigned long long)a->non_null,
                          da->hinted ? " (column name supports the lone values)" : "",
                          da->named ? " (bare values, the column name decides)" : "", text,
                          cls_label_name((enum cls_label)p->label));
}

/* Name suffixes that mark counters, keys, timestamps and codes. */
static const char *against_suffix(const char *column)
{
    static const char *const suffixes[] = {"_count", "_id", "_total", "_at", "_code", "_num",
                                           "_qty", "_version", "_ts"};
    size_t n = strlen(column);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t sl = strlen(suffixes[i]);
        if (n > sl && strcasecmp(column + n - sl, suffixes[i]) == 0)
            return suffixes[i];
    }
    return NULL;
}

/* Does the column name declare an identifier that is not personal data
 * ("isbn10", "tracking_no", "device_imei", "build_version")? ISBN-10s pass
 * the NHS modulus 11 by construction and IMEIs pass Luhn, so the name is
 * the evidence that tells them apart. Word tokens between '_', or these
 * substrings anywhere. */
static bool names_other_id(const char *column)
{
    static const char *const substrings[] = {"isbn", "issn", "tracking", "barcode", "checksum"};
    static const char *const tokens[] = {"ean", "upc", "gtin", "sku", "asin", "imei", "uuid",
                                         "guid", "serial", "version", "build", "oid", "sha",
                                         "commit", "etag"};
    char lower[128];
    size_t n = 0;
    for (; column[n] && n + 1 < sizeof lower; n++)
        lower[n] = (char)(column[n] >= 'A' && column[n] <= 'Z' ? column[n] + 32 : column[n]);
    lower[n] = '\0';
    for (size_t i = 0; i < sizeof substrings / sizeof substrings[0]; i++)
        if (strstr(lower, substrings[i]))
            return true;
    for (char *tok = lower; *tok;) {
        size_t tl = strcspn(tok, "_");
        for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++)
            if (tl == strlen(tokens[i]) && strncmp(tok, tokens[i], tl) == 0)
                return true;
        tok += tl + (tok[tl] == '_');
    }
    return false;
}

/* Can detector d match a value of a numeric column? Only when its example
 * is digits with spaces or dashes (a card, an SSN), not an e-mail. */
static bool fits_numeric(const struct cls_detector *d)
{
    const char *e = d->example ? d->example : "";
    size_t n = strlen(e), i = 0;
    while (i < n && (k_digit((unsigned char)e[i]) || e[i] == ' ' || e[i] == '-'))
        i++;
    return n && i == n;
}

/* Evidence against a detector that passed the statistical rule; writes the
 * reason and returns true when it decides against. The column name's
 * support outweighs all of these but the example values and the veto. */
static bool evidence_against(const struct cls_column_acc *a, size_t i,
                             const struct cls_detector *d, const struct det_acc *da,
                             uint32_t min_count, struct cls_column_report *col)
{
    const char *id = d->id, *suffix = against_suffix(a->column);
    uint64_t nn = a->non_null;
    if (da->examples && counted(da) - da->examples < min_count)
        return cls_column_add_reason(col, "%s: the matches are documentation example values "
                                     "-> not fired", id), true;
    if (a->veto[i] == 2)
        return cls_column_add_reason(col, "%s: '%s' in table '%s' names a thing, not this "
                                     "-> not fired", id, a->column, a->table), true;
    if (a->veto[i])
        return cls_column_add_reason(col, "%s: the column name '%s' says otherwise -> not "
                                     "fired", id, a->column), true;
    if (a->hint[i])
        return false;
    if (names_other_id(a->column))
        return cls_column_add_reason(col, "%s: the column name '%s' names another kind of "
                                     "identifier -> not fired", id, a->column), true;
    if (a->numeric_type && !fits_numeric(d))
        return cls_column_add_reason(col, "%s: a %s column cannot hold it -> not fired", id,
                                     a->data_type), true;
    if (nn >= LOW_CARD_MIN_ROWS && a->distinct <= LOW_CARD_MAX)
        return cls_column_add_reason(col, "%s: only %llu distinct values in %llu: a "
                                     "placeholder or default -> not fired", id,
                                     (unsigned long long)a->distinct, (unsigned long long)nn),
               true;
    if ((double)a->epoch >= CONTEXT_SHARE * (double)nn)
        return cls_column_add_reason(col, "%s: values are epoch timestamps -> not fired", id),
               true;
    if ((double)a->hexid >= CONTEXT_SHARE * (double)nn)
        return cls_column_add_reason(col, "%s: values are UUID/hex identifiers -> not fired",
                                     id), true;
    double lo, hi;
    cls_wilson(counted(da), nn, &lo, &hi);
    if (suffix && lo < SUFFIX_MIN_LOW)
        return cls_column_add_reason(col, "%s: the name suffix %s counts against and only "
                                     "%.1f%% of values match -> not fired", id, suffix,
                                     100.0 * (double)counted(da) / (double)nn), true;
    return false;
}

static int add_finding(struct cls_column_report *col, const struct cls_detector *d,
                       const struct det_acc *da, uint64_t non_null, bool fired,
                       const char *basis)
{
    /* Grown one at a time: most columns make none, a few one or two (an
     * array of every detector's size per column cost more than deciding). */
    struct cls_finding *grown = realloc(col->findings, (col->finding_count + 1) * sizeof *grown);
    if (!grown)
        return CLS_ENOMEM;
    col->findings = grown;
    struct cls_finding *f = &col->findings[col->finding_count++];
    memset(f, 0, sizeof *f);
    uint64_t k = counted(da);
    f->detector = strdup(d->id);
    f->basis = strdup(basis);
    f->matches = k;
    f->candidates = da->candidates;
    f->ratio = non_null ? (double)k / (double)non_null : 0.0;
    cls_wilson(k, non_null, &f->ratio_low, &f->ratio_high);
    f->fired = fired;
    for (size_t i = 0; i < da->evidence_count; i++)
        f->evidence[f->evidence_count++] = cls_strdup_utf8(da->evidence[i],
                                                           strlen(da->evidence[i]));
    return f->detector && f->basis ? 0 : CLS_ENOMEM;
}

/* The majority protection class of the column's values, or P_NONE. */
static enum protection majority_protection(const struct cls_column_acc *a)
{
    for (int p = P_MASKED; p < P_COUNT; p++)
        if (a->non_null && (double)a->protection[p] >= PROTECTION_SHARE * (double)a->non_null)
            return (enum protection)p;
    return P_NONE;
}

/* A detector the column name suggests but whose values did not bear out:
 * a "name" finding, fired only when there are no values to judge. */
static int name_only(const struct cls_column_acc *a, const struct cls_detector *d,
                     const struct cls_detector_params *p, const struct det_acc *da,
                     struct cls_column_report *col, bool *fired)
{
    enum protection prot = majority_protection(a);
    *fired = a->non_null == 0 && d->name_alone;
    if (*fired)
        cls_column_add_reason(col, "column name '%s' suggests %s and there are no values to "
                              "check -> %s (basis: name)", a->column, d->id,
                              cls_label_name((enum cls_label)p->label));
    else if (prot != P_NONE)
        cls_column_add_reason(col, "column name '%s' suggests %s; the values are %s -> not "
                              "fired", a->column, d->id, protection_name[prot]);
    else if (da->candidates && d->validate)
        cls_column_add_reason(col, "column name '%s' suggests %s, but none of %llu values of "
                              "that shape pass the check: tokenised or test data? -> not fired",
                              a->column, d->id, (unsigned long long)da->candidates);
    else if (d->name_alone)
        cls_column_add_reason(col, "column name '%s' suggests %s, but no value matched -> not "
                              "fired", a->column, d->id);
    else
        return 0;
    if (add_finding(col, d, da, a->non_null, *fired, "name") < 0)
        return CLS_ENOMEM;
    /* Values hashed, encrypted or masked are the good case; anything else
     * under a telling name is for a person to look at. */
    if (*fired || prot != P_NONE)
        return 0;
    char buf[256];
    snprintf(buf, sizeof buf, "the column name '%s' suggests %s, but the values do not bear "
             "it out", a->column, d->id);
    return set_review(&col->findings[col->finding_count - 1], buf);
}

/* The column's protection: "masked" when a masking detector fired,
 * "plaintext" when any other value detector fired, else the values'
 * majority class, else "tokenized" for a checksum shape that never
 * validates in a column named for it; NULL when nothing says (a
 * `phone_verified` column of booleans is not sensitive-looking). */
static const char *protection_of(const struct cls_column_acc *a,
                                 const struct cls_column_report *col, bool hinted,
                                 bool tokenised)
{
    bool plain = false, masked = false;
    for (size_t i = 0; i < col->finding_count; i++) {
        const struct cls_finding *f = &col->findings[i];
        if (!f->fired || strcmp(f->basis, "values") != 0)
            continue;
        if (strstr(f->detector, "masked"))
            masked = true;
        else
            plain = true;
    }
    if (plain)
        return "plaintext";
    if (masked)
        return "masked";
    enum protection p = majority_protection(a);
    if (p != P_NONE && (hinted || col->finding_count))
        return protection_name[p];
    return tokenised ? "tokenized" : NULL;
}

/* Flags a finding that did not fire although its checksum-valid values are
 * more than chance gives (p < CLS_ALPHA_REVIEW): "found, then explained
 * away" is for a person to judge, not to hide behind "not fired". why is
 * the reason it did not fire. */
static int review_if_evidence(const struct cls_column_acc *a, size_t i,
                              const struct det_acc *da, struct cls_finding *f, const char *why)
{
    struct cls_chance c;
    char text[160];
    if (f->fired || cls_engine_detector(a->engine, i)->chance_pass_rate <= 0.0 ||
        da->examples >= da->matches)
        return 0;
    if (chance_of(a, i, da, &c) == CLS_CHANCE_NONE)
        return 0;
    char buf[512];
    chance_text(text, sizeof text, &c);
    if (!why) {
        snprintf(buf, sizeof buf, "%s: more than chance, short of the p = %g that fires",
                 text, CLS_ALPHA);
        return set_review(f, buf);
    }
    /* The reason without its "id: " head and "-> not fired" tail. */
    size_t idl = strlen(f->detector), wl;
    if (strncmp(why, f->detector, idl) == 0 && why[idl] == ':')
        why += idl + 2;
    static const char tail[] = " -> not fired";
    wl = strlen(why);
    if (wl >= sizeof tail && strcmp(why + wl - (sizeof tail - 1), tail) == 0)
        wl -= sizeof tail - 1;
    snprintf(buf, sizeof buf, "%s, but not fired: %.*s", text, (int)wl, why);
    return set_review(f, buf);
}

static int decide_values(const struct cls_column_acc *a, size_t i,
                         const struct cls_detector_params *p, struct cls_column_report *col,
                         bool *fired)
{
    const struct det_acc *da = &a->det[i];
    const struct cls_detector *d = cls_engine_detector(a->engine, i);
    uint32_t min_count = p->min_count ? p->min_count : DEFAULT_MIN_COUNT;
    const char *basis = "values";
    bool passed = decide_detector(a, i, p, da, col, &basis);
    *fired = passed && !evidence_against(a, i, d, da, min_count, col);
    if (*fired)
        fired_reason(a, i, p, da, col);
    if (add_finding(col, d, da, a->non_null, *fired, basis) < 0)
        return CLS_ENOMEM;
    /* Not fired on the statistics alone: the review says so itself. */
    const char *why = !passed ? NULL
                      : col->reason_count ? col->reasons[col->reason_count - 1] : "";
    return review_if_evidence(a, i, da, &col->findings[col->finding_count - 1], why);
}

static int decide_one(const struct cls_column_acc *a, size_t i, struct cls_column_report *col,
                      bool *tokenised)
{
    const struct det_acc *da = &a->det[i];
    const struct cls_detector *d = cls_engine_detector(a->engine, i);
    const struct cls_detector_params *p = cls_engine_params(a->engine, i);
    bool fired = false;
    if (!p->enabled)
        return 0;
    if (counted(da) == 0) {
        if (!a->hint[i] || a->veto[i])
            return 0;
        /* A checksum shape in every value that never validates. */
        *tokenised |= d->validate && d->chance_pass_rate > 0.0 &&
                      (double)da->candidates >= PROTECTION_SHARE * (double)a->non_null &&
                      a->non_null > 0;
        if (name_only(a, d, p, da, col, &fired) < 0)
            return CLS_ENOMEM;
    } else if (decide_values(a, i, p, col, &fired) < 0) {
        return CLS_ENOMEM;
    }
    return 0;
}

/* ---- one value, one meaning ------------------------------------------------ */

static struct cls_finding *finding_of(struct cls_column_report *col, const char *id)
{
    for (size_t k = 0; k < col->finding_count; k++)
        if (strcmp(col->findings[k].detector, id) == 0)
            return &col->findings[k];
    return NULL;
}

/* Which of detectors i and j, both fired on shared values, explains the
 * column better: the one the column name supports (when only one is), then
 * the one whose checksum beat chance over a format-only one, then the one
 * that explains more values. Writes why into *why; returns the winner. */
static size_t better_fit(const struct cls_column_acc *a, size_t i, size_t j, const char **why)
{
    bool ni = a->hint[i] && !a->veto[i], nj = a->hint[j] && !a->veto[j];
    double ci = cls_engine_detector(a->engine, i)->chance_pass_rate;
    double cj = cls_engine_detector(a->engine, j)->chance_pass_rate;
    if (ni != nj)
        return *why = "the column name", ni ? i : j;
    if ((ci > 0.0) != (cj > 0.0))
        return *why = "its check digit, beyond chance", ci > 0.0 ? i : j;
    *why = "more of the values";
    return counted(&a->det[i]) >= counted(&a->det[j]) ? i : j;
}

/* Removes the "ID in N% of M values ... -> Label" reason of a finding that
 * lost a tie-break: the reason that replaces it says why it did not fire. */
static void drop_fired_reason(struct cls_column_report *col, const char *id)
{
    size_t idl = strlen(id);
    for (size_t k = 0; k < col->reason_count; k++) {
        if (strncmp(col->reasons[k], id, idl) != 0 || strncmp(col->reasons[k] + idl, " in ", 4))
            continue;
        free(col->reasons[k]);
        memmove(&col->reasons[k], &col->reasons[k + 1],
                (col->reason_count - k - 1) * sizeof *col->reasons);
        col->reason_count--;
        return;
    }
}

/* Share of a detector's counted values that another detector's count
 * explains before it loses to it: nearly all. */
#define EXPLAINED_SHARE 0.9

/* Settles one pair: the loser, if its values are (nearly) all the winner's
 * too, stays listed with fired false and a reason. */
static int settle_pair(const struct cls_column_acc *a, const struct pair_count *pc,
                       struct cls_column_report *col)
{
    size_t i = pc->i, j = pc->j;
    const struct cls_detector *di = cls_engine_detector(a->engine, i);
    const struct cls_detector *dj = cls_engine_detector(a->engine, j);
    struct cls_finding *fi = finding_of(col, di->id), *fj = finding_of(col, dj->id);
    if (!fi || !fj || !fi->fired || !fj->fired)
        return 0;
    bool ei = (double)pc->n >= EXPLAINED_SHARE * (double)counted(&a->det[i]);
    bool ej = (double)pc->n >= EXPLAINED_SHARE * (double)counted(&a->det[j]);
    const char *why;
    size_t win = ei && ej ? better_fit(a, i, j, &why) : ei ? j : i;
    if (!ei && !ej)
        return 0;               /* each explains values of its own: both fire */
    if (!(ei && ej))
        why = "more of the values";
    size_t lose = win == i ? j : i;
    struct cls_finding *fl = win == i ? fj : fi;
    const char *wid = cls_engine_detector(a->engine, win)->id;
    const char *lid = cls_engine_detector(a->engine, lose)->id;
    fl->fired = false;
    drop_fired_reason(col, lid);
    cls_column_add_reason(col, "%s: its %llu values are also %s values, which fits the column "
                          "better (%s) -> not fired", lid, (unsigned long long)pc->n, wid, why);
    return review_if_evidence(a, lose, &a->det[lose], fl, col->reasons[col->reason_count - 1]);
}

/* The column's label: the highest label of the findings that fired. */
static void label_from_findings(const struct cls_column_acc *a, struct cls_column_report *col)
{
    size_t n = cls_engine_detector_count(a->engine);
    col->label = CLS_PUBLIC;
    for (size_t k = 0; k < col->finding_count; k++) {
        if (!col->findings[k].fired)
            continue;
        for (size_t i = 0; i < n; i++) {
            const struct cls_detector_params *p = cls_engine_params(a->engine, i);
            if (strcmp(cls_engine_detector(a->engine, i)->id, col->findings[k].detector) == 0 &&
                p->label > (int)col->label)
                col->label = (enum cls_label)p->label;
        }
    }
}

int cls_column_acc_decide(const struct cls_column_acc *a, struct cls_column_report *col)
{
    size_t n = cls_engine_detector_count(a->engine);
    bool hinted = false, tokenised = false;
    col->values_sampled = a->sampled;
    col->values_non_null = a->non_null;
    col->label = CLS_PUBLIC;
    col->findings = NULL;               /* add_finding grows it */
    col->finding_count = 0;
    for (size_t i = 0; i < n; i++) {
        hinted |= a->hint[i] && !a->veto[i];
        if (decide_one(a, i, col, &tokenised) < 0)
            return CLS_ENOMEM;
    }
    for (size_t k = 0; k < a->pair_count; k++)
        if (settle_pair(a, &a->pairs[k], col) < 0)
            return CLS_ENOMEM;
    label_from_findings(a, col);
    /* Rule of three, exactly: P(no hit in n values) = (1 - p)^n = 0.05. */
    if (a->non_null)
        col->missed_upper = 1.0 - pow(0.05, 1.0 / (double)a->non_null);
    const char *prot = protection_of(a, col, hinted, tokenised);
    if (prot && !(col->protection = strdup(prot)))
        return CLS_ENOMEM;
    if (col->label == CLS_PUBLIC && col->reason_count == 0)
        cls_column_add_reason(col, "no detector matched in %llu non-null values -> Public",
                              (unsigned long long)a->non_null);
    return 0;
}
