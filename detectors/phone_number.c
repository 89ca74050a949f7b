/* phone_number: a telephone number in international E.164 form ("+" or
 * "00", a country code from the ITU list with its national number length)
 * or in one of the common national written forms: North American (NANP
 * area and exchange rules: NXX NXX-XXXX, N = 2-9, no N11), UK (0 + 10
 * digits, 01/02/03/05/07/08/09), German (0 + area code of 2-5 digits +
 * subscriber, 9-12 digits), French (0X XX XX XX XX). Not any 10 digits: a
 * bare national number is only a candidate, counted in a column named
 * `phone`, `mobile`, `tel` ... (hint_counts_candidates). */
#include <string.h>

#include "common.h"

#define MAX_GROUPS 8

/* The parsed shape of a candidate: digit groups and what separated them. */
struct phone {
    bool plus;                 /* "+" or "00" in front */
    size_t ngroups;
    unsigned char glen[MAX_GROUPS];
    bool paren[MAX_GROUPS];    /* group written "(123)" */
    char sep[MAX_GROUPS];      /* separator before group i (0 for the first) */
    char digits[24];
    size_t ndigits;
};

/* Country code, shortest and longest national number (ITU-T E.164
 * assignments; national lengths from the ITU national numbering plans). */
struct country {
    unsigned short cc;
    unsigned char min, max;
};

static const struct country countries[] = {
    {1, 10, 10},   {7, 10, 10},   {20, 9, 10},   {27, 9, 9},    {30, 10, 10},
    {31, 9, 9},    {32, 8, 9},    {33, 9, 9},    {34, 9, 9},    {36, 8, 9},
    {39, 6, 11},   {40, 9, 9},    {41, 9, 9},    {43, 4, 13},   {44, 9, 10},
    {45, 8, 8},    {46, 7, 9},    {47, 8, 8},    {48, 9, 9},    {49, 6, 13},
    {51, 8, 9},    {52, 10, 10},  {53, 8, 8},    {54, 10, 11},  {55, 10, 11},
    {56, 9, 9},    {57, 10, 10},  {58, 10, 10},  {60, 8, 10},   {61, 9, 9},
    {62, 8, 12},   {63, 8, 10},   {64, 8, 10},   {65, 8, 8},    {66, 8, 9},
    {81, 9, 10},   {82, 8, 10},   {84, 9, 10},   {86, 10, 11},  {90, 10, 10},
    {91, 10, 10},  {92, 9, 10},   {93, 9, 9},    {94, 9, 9},    {95, 7, 10},
    {98, 10, 10},  {212, 9, 9},   {213, 9, 9},   {216, 8, 8},   {234, 8, 10},
    {254, 9, 9},   {351, 9, 9},   {352, 4, 11},  {353, 7, 9},   {354, 7, 9},
    {358, 5, 12},  {359, 8, 9},   {370, 8, 8},   {371, 8, 8},   {372, 7, 8},
    {380, 9, 9},   {420, 9, 9},   {421, 9, 9},   {852, 8, 8},   {886, 9, 9},
    {966, 9, 9},   {971, 8, 9},   {972, 8, 9},
};

static bool is_sep(char c)
{
    return c == ' ' || c == '-' || c == '.' || c == '/';
}

/* Splits s into groups; false when it holds anything else. */
static bool parse(const char *s, size_t len, struct phone *p)
{
    size_t i = 0;
    char pending = 0;
    memset(p, 0, sizeof *p);
    if (i < len && s[i] == '+')
        p->plus = true, i++;
    while (i < len) {
        if (is_sep(s[i])) {
            pending = s[i++];
            while (i < len && s[i] == ' ')
                i++;
            continue;
        }
        bool paren = s[i] == '(';
        i += paren;
        size_t start = i;
        while (i < len && cls_is_digit(s[i]))
            i++;
        size_t n = i - start;
        if (n == 0 || (paren && (i >= len || s[i++] != ')')))
            return false;
        if (p->ngroups == MAX_GROUPS || p->ndigits + n >= sizeof p->digits)
            return false;
        p->glen[p->ngroups] = (unsigned char)n;
        p->paren[p->ngroups] = paren;
        /* "(201)555-0123": a bracket is separator enough. */
        p->sep[p->ngroups] = p->ngroups == 0 ? 0 : pending ? pending : ' ';
        p->ngroups++;
        memcpy(p->digits + p->ndigits, s + start, n);
        p->ndigits += n;
        pending = 0;
    }
    p->digits[p->ndigits] = '\0';
    return p->ngroups > 0;
}

/* NANP: NPA and central office code are NXX (N = 2-9), neither N11. */
static bool nanp_valid(const char *d)
{
    if (d[0] < '2' || d[3] < '2')
        return false;
    if (d[1] == '1' && d[2] == '1')
        return false;
    return !(d[4] == '1' && d[5] == '1');
}

static bool international_valid(const struct phone *p, size_t skip)
{
    const char *d = p->digits + skip;
    size_t n = p->ndigits - skip;
    for (size_t k = 0; k < sizeof countries / sizeof countries[0]; k++) {
        const struct country *c = &countries[k];
        size_t cl = c->cc >= 100 ? 3 : c->cc >= 10 ? 2 : 1;
        unsigned code = 0;
        for (size_t i = 0; i < cl && i < n; i++)
            code = code * 10 + (unsigned)(d[i] - '0');
        if (code != c->cc || n < cl)
            continue;
        const char *nat = d + cl;
        size_t nl = n - cl;
        /* "+44 (0)20 ...": the trunk 0 written in brackets is not dialled. */
        if (nl > 0 && nat[0] == '0' && p->ngroups > 1 && p->paren[1] && p->glen[1] == 1)
            nat++, nl--;
        if (nl < c->min || nl > c->max || nat[0] == '0')
            return false;
        return c->cc != 1 || nanp_valid(nat);
    }
    return false;
}

static bool all_seps(const struct phone *p, char want)
{
    for (size_t g = 1; g < p->ngroups; g++)
        if (p->sep[g] != want)
            return false;
    return true;
}

static bool national_valid(const struct phone *p)
{
    const char *d = p->digits;
    size_t n = p->ndigits, g = p->ngroups;
    if (g < 2)
        return false;                  /* a bare number: a candidate only */
    /* NANP: [1] NXX NXX XXXX. Spaces alone ("943 476 5919") are how NHS
     * numbers are written; a phone in that form counts only in a column
     * named for phones (as a candidate). */
    size_t off = (g == 4 && p->glen[0] == 1 && d[0] == '1') ? 1 : 0;
    if (n - off == 10 && g - off == 3 && p->glen[off] == 3 && p->glen[off + 1] == 3 &&
        p->glen[off + 2] == 4)
        return nanp_valid(d + off) && (off || p->paren[0] || !all_seps(p, ' '));
    if (d[0] != '0' || d[1] == '0')
        return false;
    /* France: 0X XX XX XX XX, one separator kind. */
    if (n == 10 && g == 5 && p->glen[0] == 2 && p->glen[1] == 2 && all_seps(p, p->sep[1]))
        return true;
    /* UK: 11 digits as Ofcom writes them: 0XXXX XXXXXX, 0XXX XXX XXXX,
     * 0XX XXXX XXXX (not the 4-4-3 of IBAN groups). */
    if (n == 11 && strchr("1235789", d[1]) &&
        ((g == 2 && p->glen[0] >= 4 && p->glen[0] <= 5) ||
         (g == 3 && ((p->glen[0] == 4 && p->glen[1] == 3) ||
                     (p->glen[0] == 3 && p->glen[1] == 4)))))
        return true;
    /* Germany: area code 0 + 2-5 digits (01x only for mobile 015-017),
     * then the subscriber number in one group: "030 12345678",
     * "0171-1234567", "(030) 1234567", "030/1234567". */
    if (n >= 10 && n <= 12 && g == 2 && p->glen[0] >= 3 && p->glen[0] <= 6 &&
        (d[1] != '1' || (d[2] >= '5' && d[2] <= '7')))
        return true;
    return false;
}

static bool phone_validate(const char *s, size_t len)
{
    struct phone p;
    if (!parse(s, len, &p))
        return false;
    if (p.plus)
        return international_valid(&p, 0);
    if (p.ndigits > 2 && p.digits[0] == '0' && p.digits[1] == '0' && p.glen[0] >= 2)
        return p.ngroups > 1 && international_valid(&p, 2);
    return national_valid(&p);
}

/* Seven digits in a run (separators ' ' '-' allowed singly), or the dotted
 * forms (201.555.0123, 06.12.34.56.78); a bare number only at national
 * length; no timestamp. */
/* Characters that may continue a written number. */
static bool phone_char(char c)
{
    return cls_is_digit(c) || c == ' ' || c == '(' || c == ')' || is_sep(c);
}

/* A run of digits, brackets and separators starting at a word boundary
 * (not after a letter, digit, '+' or a separator that continues a
 * number), without three separators in a row, ending in a digit or ')',
 * not followed by a letter or by a separator and more digits. Its
 * structure is checked by phone_validate. Hand-written: a PCRE2 pattern
 * with the same shape costs ten times as much on digit-heavy text. */
static bool phone_scan(const char *v, size_t len, size_t from, size_t limit,
                       struct cls_span *span)
{
    for (size_t i = from; i < limit; i++) {
        char c = v[i];
        if (!(cls_is_digit(c) || c == '+' || c == '('))
            continue;
        if (i > 0 && (cls_is_alnum(v[i - 1]) || v[i - 1] == '+' || v[i - 1] == '_' ||
                      ((is_sep(v[i - 1]) && v[i - 1] != ' ') || v[i - 1] == ',') ||
                      v[i - 1] == ')')) {
            while (i + 1 < len && cls_is_alnum(v[i + 1]))
                i++;
            continue;
        }
        size_t j = i + 1, seps = 0, digits = cls_is_digit(c), end = cls_is_digit(c) ? j : 0;
        for (; j < len && phone_char(v[j]) && seps < 3; j++) {
            if (cls_is_digit(v[j])) {
                digits++;
                seps = 0;
                end = j + 1;
            } else {
                seps++;
                if (v[j] == ')')
                    end = j + 1;
            }
        }
        if (end > i && digits >= 7 && digits <= 20 &&
            !(end < len && (cls_is_alnum(v[end]) || v[end] == '_' ||
                            (end + 1 < len && is_sep(v[end]) && v[end] != ' ' &&
                             cls_is_digit(v[end + 1]))))) {
            span->start = i;
            span->len = end - i;
            return true;
        }
        i = j > i ? j - 1 : i;
    }
    return false;
}

static bool phone_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    return phone_scan(v, len, from, len, span);
}

/* A byte no candidate spans: neither a letter or digit nor a byte that
 * continues a written number. ('+' is one: it only opens a candidate.) */
static bool barrier(char c)
{
    return !cls_is_alnum(c) && !phone_char(c);
}

/* The same candidates from the digit runs. The scan above visits every
 * barrier at or after `from` (it skips only letters and digits after a
 * refused start, and the bytes of a scanned stretch, which continue a
 * number), so it can be resumed at any barrier it has not passed with
 * the same result. A candidate lies in one segment between barriers (a
 * '+' just before its segment) and holds at least seven digits, so only
 * segments whose runs hold seven digits are scanned, each from the
 * barrier before it to the barrier after it. */
static bool phone_find_in_runs(const char *v, size_t len, const struct cls_digit_runs *runs,
                               size_t from, struct cls_span *span)
{
    uint32_t k = 0;
    while (k < runs->count && runs->run[k].start + runs->run[k].len <= from)
        k++;
    if (k == runs->count)
        return false;
    /* The segment's first barrier: the last one between from and run k. */
    size_t seg_from = from;
    for (size_t i = runs->run[k].start; i > from; i--)
        if (barrier(v[i - 1])) {
            seg_from = i - 1;
            break;
        }
    while (k < runs->count) {
        /* Runs k..m-1 with no barrier between them; their digits (a run
         * reaching back before `from` counted whole: more is safe). */
        size_t digits = runs->run[k].len, end = runs->run[k].start + runs->run[k].len;
        size_t limit = len, next_from = len;
        uint32_t m = k + 1;
        for (; m < runs->count; m++) {
            size_t first = 0, last = 0;
            bool any = false;
            for (size_t i = end; i < runs->run[m].start; i++)
                if (barrier(v[i])) {
                    if (!any)
                        first = i;
                    any = true;
                    last = i;
                }
            if (any) {
                limit = first;
                next_from = last;
                break;
            }
            digits += runs->run[m].len;
            end = runs->run[m].start + runs->run[m].len;
        }
        if (m == runs->count)
            for (size_t i = end; i < len; i++)
                if (barrier(v[i])) {
                    limit = i;
                    break;
                }
        if (digits >= 7 && phone_scan(v, len, seg_from, limit, span))
            return true;
        seg_from = next_from;
        k = m;
    }
    return false;
}

static bool phone_could_match(const struct cls_shape *sh)
{
    if (sh->digits < 7 || (sh->max_digit_run < 7 && sh->dot < 2))
        return false;
    if (sh->digits == sh->len)
        return sh->len == 10 || sh->len == 11;
    /* More digits than E.164 allows in a value with little else: a card
     * "5555 5555 5555 4444". */
    if (sh->digits > 15 && sh->len <= sh->digits + 4)
        return false;
    /* A run longer than E.164 allows (a card number in a sentence) leaves
     * too few other digits to form a phone number. */
    if (sh->max_digit_run > 15 && sh->digits - sh->max_digit_run < 7)
        return false;
    /* An SSN "123-45-6789": nine digits is too short for a national form. */
    if (sh->len == 11 && sh->digits == 9 && sh->dash == 2)
        return false;
    /* A UUID: 36 characters with four dashes. */
    if (sh->len == 36 && sh->dash == 4 && sh->spaces == 0)
        return false;
    return !(sh->colon >= 2 && sh->len <= 32);
}

static void phone_mask(const char *s, size_t len, char *out, size_t outsz)
{
    cls_mask_keep(s, len, 0, 2, out, outsz);
}

static const char *const positives[] = {
    "+1 (201) 555-0123",        /* NANP, 555-01XX: reserved for fiction */
    "+44 20 7946 0958",         /* Ofcom's drama range, London */
    "07700 900123",             /* Ofcom's drama range, mobile */
    "+49 30 12345678",
    "01 23 45 67 89",
    NULL,
};

static const char *const negatives[] = {
    "2015550123",               /* a bare 10-digit number: any id */
    "(101) 555-0123",           /* area code cannot start with 1 */
    "201-411-0123",             /* N11 exchange */
    "+999 123 456 789",         /* no such country code */
    "943 476 5919",             /* an NHS number's 3-3-4 */
    "2026-11-27",               /* a date */
    NULL,
};

const struct cls_detector cls_detector_phone_number = {
    .id = "phone_number",
    .category = "contact",
    .label = CLS_CONFIDENTIAL,
    .rule = "E.164 (+ or 00, ITU country code, national length) or national forms: NANP "
            "NXX-NXX-XXXX with area/exchange rules, UK 0XXXX XXXXXX, DE 0AAA SSSSSSS, FR "
            "0X XX XX XX XX; a bare number only in a column named phone/mobile/tel",
    .example = "+1 (201) 555-0123",
    .could_match = phone_could_match,
    .needs = CLS_NEED_DIGIT,
    .find = phone_find,
    .find_in_runs = phone_find_in_runs,
    .validate = phone_validate,
    .mask = phone_mask,
    .positives = positives,
    .negatives = negatives,
    .min_count = 2,
    .name_hint = "phone|mobile|(^|_)(tel|fax|cell|msisdn)($|_)|telephone|contact_?number|"
                 "(^|_)(tel|cell)_?(no|num|number)$",
    .name_alone = true,
    .hint_counts_candidates = true,
    /* A column named for another number holds that number, even one
     * written like a phone number ("683-955-2327" in nhs_number). */
    .name_veto = "nhs|ssn|(^|_)sin($|_)|npi|iban|account|routing|(^|_)order|invoice|isbn|"
                 "tracking|serial|imei|(^|_)ein($|_)|tax|(^|_)mrn($|_)|passport|licen[cs]e|"
                 "card|zip|postal|postcode",
};
