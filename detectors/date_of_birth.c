/* date_of_birth: a calendar date that can be a birth date (year 1880 to
 * 2039, a real day of that month) written ISO 8601 (1985-11-16, 19851116),
 * day or month first (16/11/1985, 11/16/1985, 16.11.1985) or with a month
 * name (16 Nov 1985, November 16, 1985), optionally with a midnight time
 * ("1985-11-16 00:00:00", how a DATE often arrives through a DATETIME; not
 * an ISO "T...Z" timestamp, whatever its time).
 * Any date matches this shape, so the detector needs the column name:
 * `dob`, `birth_date`, `born`, `geburtsdatum` ... (needs_name_hint). A
 * `created_at` column of timestamps is therefore never a birth date. */
#include <string.h>

#include "common.h"

static bool all_digits(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!cls_is_digit(s[i]))
            return false;
    return true;
}

static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};

static unsigned num(const char *s, size_t n)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (unsigned)(s[i] - '0');
    return v;
}

static bool real_date(unsigned y, unsigned m, unsigned d)
{
    static const unsigned char mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1880 || y > 2039 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

/* 1..12 for a month name or its three-letter abbreviation, else 0. */
static unsigned month_name(const char *s, size_t n)
{
    if (n < 3)
        return 0;
    for (unsigned k = 0; k < 12; k++)
        if (((s[0] | 0x20) == months[k][0]) && ((s[1] | 0x20) == months[k][1]) &&
            ((s[2] | 0x20) == months[k][2]))
            return k + 1;
    return 0;
}

/* Splits s into up to 3 fields of digits or letters; returns the count. */
static size_t fields(const char *s, size_t len, const char *f[3], size_t fl[3], char seps[2])
{
    size_t n = 0, i = 0;
    while (i < len && n < 4) {
        while (i < len && !cls_is_alnum(s[i]))
            i++;
        if (i >= len)
            break;
        size_t st = i;
        bool digit = cls_is_digit(s[i]);
        while (i < len && cls_is_alnum(s[i]) && cls_is_digit(s[i]) == digit)
            i++;
        if (n == 3)
            return 4;
        f[n] = s + st;
        fl[n] = i - st;
        if (n > 0 && n < 3)
            seps[n - 1] = s[st - 1];
        n++;
    }
    return n;
}

/* True for "", " 00:00", "T00:00:00", " 00:00:00.000Z", "T00:00:00+00:00". */
static bool midnight(const char *s, size_t len)
{
    if (len == 0)
        return true;
    if (s[0] != 'T' && s[0] != ' ')
        return false;
    for (size_t i = 1; i < len; i++)
        if (!(s[i] == '0' || s[i] == ':' || s[i] == '.' || s[i] == 'Z' || s[i] == '+'))
            return false;
    return true;
}

static bool dob_date_valid(const char *s, size_t len)
{
    const char *f[3];
    size_t fl[3];
    char seps[2] = {0, 0};
    if (len == 8 && all_digits(s, len))      /* 19851116; not 1/2/1985 */
        return real_date(num(s, 4), num(s + 4, 2), num(s + 6, 2));
    if (fields(s, len, f, fl, seps) != 3)
        return false;
    bool digits = cls_is_digit(f[1][0]);
    if (digits && seps[0] != seps[1])
        return false;
    if (fl[0] == 4 && digits)                    /* 1985-11-16 */
        return real_date(num(f[0], 4), num(f[1], fl[1]), num(f[2], fl[2]));
    if (fl[2] != 4 || !cls_is_digit(f[2][0]))
        return false;
    unsigned y = num(f[2], 4);
    if (!digits)                                 /* 16 Nov 1985 */
        return cls_is_digit(f[0][0]) && real_date(y, month_name(f[1], fl[1]), num(f[0], fl[0]));
    if (!cls_is_digit(f[0][0]))                  /* Nov 16, 1985 */
        return real_date(y, month_name(f[0], fl[0]), num(f[1], fl[1]));
    unsigned a = num(f[0], fl[0]), b = num(f[1], fl[1]);
    return real_date(y, b, a) || real_date(y, a, b);
}

/* The date part of a candidate ends where a time starts. */
static bool dob_validate(const char *s, size_t len)
{
    size_t dl = len;
    for (size_t i = 8; i < len; i++)
        if ((s[i] == 'T' || s[i] == ' ') && i + 3 < len && s[i + 3] == ':') {
            dl = i;
            break;
        }
    return midnight(s + dl, len - dl) && dob_date_valid(s, dl);
}

/* Digits from v[i]: how many (at most max), 0 when fewer than min. */
static size_t digits_at(const char *v, size_t len, size_t i, size_t min, size_t max)
{
    size_t n = 0;
    while (i + n < len && n <= max && cls_is_digit(v[i + n]))
        n++;
    return n >= min && n <= max ? n : 0;
}

/* "hh:mm[:ss[.fff]][Z|+hh[:]mm]" after 'T' or ' ' at v[i]; its length or 0. */
static size_t time_at(const char *v, size_t len, size_t i)
{
    size_t p = i + 1;
    if (i >= len || (v[i] != 'T' && v[i] != ' ') || !digits_at(v, len, p, 2, 2) ||
        p + 2 >= len || v[p + 2] != ':' || !digits_at(v, len, p + 3, 2, 2))
        return 0;
    p += 5;
    while (p < len && (cls_is_digit(v[p]) || v[p] == ':' || v[p] == '.' || v[p] == 'Z' ||
                       v[p] == '+' || v[p] == '-'))
        p++;
    return p - i;
}

/* Numeric forms at v[i]: YYYY?M?D, D?M?YYYY (one separator kind), YYYYMMDD,
 * each optionally with a time. Returns the length or 0. */
static size_t numeric_at(const char *v, size_t len, size_t i)
{
    size_t a = digits_at(v, len, i, 1, 8), p = i + a, b, c;
    if (a == 8)
        return a;
    if ((a != 4 && a > 2) || a == 0 || p >= len || !strchr(a == 4 ? "-/." : "-/. ", v[p]))
        return 0;
    char sep = v[p++];
    if (!(b = digits_at(v, len, p, 1, 2)) || p + b >= len || v[p + b] != sep)
        return 0;
    p += b + 1;
    if (!(c = a == 4 ? digits_at(v, len, p, 1, 2) : digits_at(v, len, p, 4, 4)))
        return 0;
    p += c;
    return p - i + time_at(v, len, p);
}

/* "16 Nov 1985", "16-Nov-1985", "Nov 16, 1985", "November 16 1985". */
static size_t named_at(const char *v, size_t len, size_t i)
{
    size_t p = i, d, m, y;
    if ((d = digits_at(v, len, p, 1, 2))) {
        p += d;
        if (p >= len || (v[p] != ' ' && v[p] != '-'))
            return 0;
        for (m = ++p; m < len && ((v[m] | 0x20) >= 'a' && (v[m] | 0x20) <= 'z'); m++)
            ;
        if (!month_name(v + p, m - p) || m >= len || (v[m] != ' ' && v[m] != '-'))
            return 0;
        return (y = digits_at(v, len, m + 1, 4, 4)) ? m + 1 + y - i : 0;
    }
    for (m = p; m < len && ((v[m] | 0x20) >= 'a' && (v[m] | 0x20) <= 'z'); m++)
        ;
    if (!month_name(v + p, m - p))
        return 0;
    p = m + (m < len && v[m] == '.');
    if (p >= len || v[p] != ' ' || !(d = digits_at(v, len, p + 1, 1, 2)))
        return 0;
    p += 1 + d;
    p += p < len && v[p] == ',';
    if (p >= len || v[p] != ' ' || !(y = digits_at(v, len, p + 1, 4, 4)))
        return 0;
    return p + 1 + y - i;
}

/* A hand-written scanner: a date starts at a word start and ends at one. */
static bool dob_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    for (size_t i = from; i < len; i++) {
        if (!cls_is_alnum(v[i]) || (i > 0 && cls_is_alnum(v[i - 1])))
            continue;
        size_t n = cls_is_digit(v[i]) ? numeric_at(v, len, i) : 0;
        if (!n)
            n = named_at(v, len, i);
        if (n && !(i + n < len && (cls_is_alnum(v[i + n]) || v[i + n] == ':'))) {
            span->start = i;
            span->len = n;
            return true;
        }
    }
    return false;
}

static bool dob_could_match(const struct cls_shape *sh)
{
    /* Short (a birth date column holds dates, not prose), not a bare
     * number unless it is YYYYMMDD, and no ISO timestamp with a 'T' or
     * 'Z': a birth date comes as a DATE, or as "1985-11-16 00:00:00" from
     * a DATETIME; timestamps are by far the commonest dated values. */
    if (sh->colon && sh->alpha)
        return false;
    /* A date has at most 8 digits; only a midnight time adds more. */
    if (!sh->colon && sh->digits > 8)
        return false;
    return sh->digits >= 6 && sh->len <= 32 && (sh->len != sh->digits || sh->len == 8);
}

static void dob_mask(const char *s, size_t len, char *out, size_t outsz)
{
    cls_mask_keep(s, len, 0, 0, out, outsz);
}

static const char *const positives[] = {
    "1985-11-16",
    "16/11/1985",
    "16 Nov 1985",
    "November 16, 1985",
    "1985-11-16 00:00:00",
    NULL,
};

static const char *const negatives[] = {
    "1985-02-30",               /* no such day */
    "1900-02-29",               /* 1900 was no leap year */
    "1985-13-16",
    "2024-10-08T08:10:00Z",     /* a timestamp */
    "1985-11-16 14:22:01",      /* a time of day */
    NULL,
};

const struct cls_detector cls_detector_date_of_birth = {
    .id = "date_of_birth",
    .category = "contact",
    .label = CLS_CONFIDENTIAL,
    .rule = "a real date, years 1880-2039 (ISO, day- or month-first, month names, midnight "
            "time allowed), only in a column named for birth: dob, birth_date, born",
    .example = "1985-11-16",
    .could_match = dob_could_match,
    .needs = CLS_NEED_DIGIT,
    .find = dob_find,
    .validate = dob_validate,
    .mask = dob_mask,
    .positives = positives,
    .negatives = negatives,
    .min_count = 2,
    .name_hint = "birth|(^|_)dob($|_)|^dob|dob$|(^|_)born|geburt|naissance|nacimiento|"
                 "(^|_)bday($|_)|date_?of_?b",
    .needs_name_hint = true,
    .name_alone = true,
};
