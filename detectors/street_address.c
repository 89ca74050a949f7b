/* street_address: a street address line, in the forms of several
 * countries:
 *   US/UK  house number, 1-4 capitalised name words, a street-type word
 *          ("221B Baker Street", "1600 Pennsylvania Ave NW", "5 W 5th St"),
 *          then optionally a unit ("Apt 4B", "Suite 200", "Flat 3", "#12");
 *   DE     a street word ending in -straße/-str./-weg/-allee/-platz/... and
 *          a house number ("Hauptstraße 5", "Karl-Marx-Str. 12a");
 *   FR     house number, optional bis/ter, a street type first ("12 rue de
 *          la Paix", "5 bis avenue Victor Hugo");
 *   any    "PO Box 123".
 * Street types that are also ordinary words (Way, Court, Place, Close ...)
 * must be capitalised; a number followed by lower-case words ("3 boxes on
 * the way") is not an address. A hand-written scanner over words. */
#include <string.h>
#include <strings.h>

#include "common.h"

struct street_type {
    const char *word;
    bool needs_cap;   /* also an ordinary English word */
};

/* USPS Publication 28 suffixes and Royal Mail thoroughfare types (common
 * ones), with their standard abbreviations. */
static const struct street_type types[] = {
    {"street", false}, {"st", false},     {"avenue", false}, {"ave", false},
    {"av", false},     {"road", false},   {"rd", false},     {"boulevard", false},
    {"blvd", false},   {"lane", false},   {"ln", false},     {"drive", false},
    {"dr", false},     {"court", true},   {"ct", false},     {"place", true},
    {"pl", false},     {"terrace", false}, {"ter", false},   {"way", true},
    {"circle", true},  {"cir", false},    {"parkway", false}, {"pkwy", false},
    {"highway", false}, {"hwy", false},   {"square", true},  {"sq", false},
    {"crescent", false}, {"cres", false}, {"close", true},   {"grove", true},
    {"gardens", true}, {"row", true},     {"mews", false},   {"walk", true},
    {"trail", true},   {"trl", false},    {"pike", true},    {"alley", true},
    {"loop", true},    {"plaza", true},   {"hill", true},    {"park", true},
};

/* German thoroughfare endings, lower case, UTF-8. */
static const char *const de_suffixes[] = {
    "stra\xc3\x9f" "e", "strasse", "str.", "weg", "allee", "platz", "gasse", "ring",
    "damm", "ufer", "chaussee", "steig", "pfad",
};

/* French thoroughfare types that come before the name. */
static const char *const fr_types[] = {
    "rue", "avenue", "av.", "boulevard", "bd", "place", "chemin", "impasse", "quai",
    "cours", "route", "all\xc3\xa9" "e", "allee", "passage", "square",
};

static const char *const units[] = {"apt", "apartment", "suite", "ste", "unit", "flat",
                                    "fl", "floor", "room", "rm", "bldg", "building"};

struct tok {
    size_t start, len;
};

/* Next space-separated token at or after i, without a trailing ',' or ';'. */
static bool next_tok(const char *v, size_t len, size_t i, struct tok *t)
{
    while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == ',' || v[i] == ';'))
        i++;
    if (i >= len)
        return false;
    size_t j = i;
    while (j < len && v[j] != ' ' && v[j] != '\t' && v[j] != ',' && v[j] != ';')
        j++;
    t->start = i;
    t->len = j - i;
    return true;
}

static bool tok_is(const char *v, const struct tok *t, const char *word, bool dot_ok)
{
    size_t n = t->len;
    if (dot_ok && n > 1 && v[t->start + n - 1] == '.')
        n--;
    return strlen(word) == n && strncasecmp(v + t->start, word, n) == 0;
}

/* "12", "221B", "12a", "12-14", "3/5": a house number of 1-5 digits. */
static bool house_number(const char *v, const struct tok *t)
{
    size_t d = 0;
    while (d < t->len && cls_is_digit(v[t->start + d]))
        d++;
    if (d == 0 || d > 5)
        return false;
    if (d == t->len)
        return true;
    const char *r = v + t->start + d;
    size_t rl = t->len - d;
    if (rl == 1 && ((r[0] >= 'a' && r[0] <= 'z') || cls_is_upper(r[0])))
        return true;
    if ((r[0] == '-' || r[0] == '/') && rl >= 2 && rl <= 5) {
        for (size_t k = 1; k < rl; k++)
            if (!cls_is_digit(r[k]))
                return false;
        return true;
    }
    return false;
}

/* A street-name word: "Main", "O'Connell", "5th", "N", "MLK". */
static bool name_word(const char *v, const struct tok *t)
{
    char c = v[t->start];
    if (cls_is_upper(c))
        return true;
    if (!cls_is_digit(c) || t->len < 3)
        return false;
    const char *e = v + t->start + t->len - 2;
    return strncasecmp(e, "st", 2) == 0 || strncasecmp(e, "nd", 2) == 0 ||
           strncasecmp(e, "rd", 2) == 0 || strncasecmp(e, "th", 2) == 0;
}

static const struct street_type *street_type(const char *v, const struct tok *t)
{
    for (size_t k = 0; k < sizeof types / sizeof types[0]; k++)
        if (tok_is(v, t, types[k].word, true))
            return (!types[k].needs_cap || cls_is_upper(v[t->start])) ? &types[k] : NULL;
    return NULL;
}

/* Extends *end over a unit designator after the street: "Apt 4B". */
static size_t unit_after(const char *v, size_t len, size_t end)
{
    struct tok u, n;
    if (!next_tok(v, len, end, &u))
        return end;
    if (v[u.start] == '#' && u.len > 1)
        return u.start + u.len;
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
        if (tok_is(v, &u, units[k], true) && next_tok(v, len, u.start + u.len, &n) &&
            n.len <= 6 && (cls_is_digit(v[n.start]) || cls_is_upper(v[n.start])))
            return n.start + n.len;
    return end;
}

/* US/UK: number, name words, type. Returns the end or 0. */
static size_t anglo_at(const char *v, size_t len, const struct tok *num)
{
    struct tok t;
    size_t at = num->start + num->len, names = 0;
    while (names <= 4 && next_tok(v, len, at, &t)) {
        if (names > 0 && street_type(v, &t))
            return unit_after(v, len, t.start + t.len);
        if (!name_word(v, &t))
            return 0;
        names++;
        at = t.start + t.len;
    }
    return 0;
}

/* FR: number, optional bis/ter, type, then a name. */
static size_t french_at(const char *v, size_t len, const struct tok *num)
{
    struct tok t, name;
    size_t at = num->start + num->len;
    if (!next_tok(v, len, at, &t))
        return 0;
    if (tok_is(v, &t, "bis", false) || tok_is(v, &t, "ter", false)) {
        if (!next_tok(v, len, t.start + t.len, &t))
            return 0;
    }
    for (size_t k = 0; k < sizeof fr_types / sizeof fr_types[0]; k++)
        if (tok_is(v, &t, fr_types[k], false) && next_tok(v, len, t.start + t.len, &name))
            return name.start + name.len;
    return 0;
}

/* DE: a capitalised street word with a thoroughfare ending, then a number. */
static bool german_word(const char *v, const struct tok *t)
{
    if (!cls_is_upper(v[t->start]))
        return false;
    for (size_t k = 0; k < sizeof de_suffixes / sizeof de_suffixes[0]; k++) {
        size_t sl = strlen(de_suffixes[k]);
        if (t->len > sl + 1 && strncasecmp(v + t->start + t->len - sl, de_suffixes[k], sl) == 0)
            return true;
    }
    return false;
}

static bool street_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    struct tok t, n;
    for (size_t at = from; next_tok(v, len, at, &t); at = t.start + t.len) {
        size_t end = 0;
        if (house_number(v, &t)) {
            end = anglo_at(v, len, &t);
            if (!end)
                end = french_at(v, len, &t);
        } else if (german_word(v, &t) && next_tok(v, len, t.start + t.len, &n) &&
                   house_number(v, &n)) {
            end = n.start + n.len;
        } else if ((tok_is(v, &t, "po", false) || tok_is(v, &t, "p.o.", false)) &&
                   next_tok(v, len, t.start + t.len, &n) && tok_is(v, &n, "box", false) &&
                   next_tok(v, len, n.start + n.len, &n) && house_number(v, &n)) {
            end = n.start + n.len;
        }
        if (end) {
            span->start = t.start;
            span->len = end - t.start;
            return true;
        }
    }
    return false;
}

static bool street_could_match(const struct cls_shape *sh)
{
    return sh->digits >= 1 && sh->alpha >= 4 && sh->spaces >= 1 && sh->upper >= 1;
}

/* "221B Baker Street" -> "***B B**** S*****": digits hidden, the first
 * letter of each word kept so the shape stays readable. */
static void street_mask(const char *s, size_t len, char *out, size_t outsz)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < outsz; i++) {
        char c = s[i];
        bool letter = (c >= 'a' && c <= 'z') || cls_is_upper(c);
        bool first = letter && (i == 0 || !cls_is_alnum(s[i - 1]));
        if (cls_is_digit(c) || (unsigned char)c >= 0x80 || (letter && !first))
            out[o++] = '*';
        else
            out[o++] = c;
    }
    out[o] = '\0';
}

static const char *const positives[] = {
    "221B Baker Street",
    "1600 Pennsylvania Ave NW",
    "12 Oak Avenue Apt 4B",
    "Hauptstra\xc3\x9f" "e 5",
    "12 rue de la Paix",
    "PO Box 1234",
    NULL,
};

static const char *const negatives[] = {
    "3 boxes on the way",       /* lower-case words */
    "Main Street",              /* no house number */
    "123456 Main St",           /* six digits: not a house number */
    "order 12 shipped to warehouse",
    NULL,
};

const struct cls_detector cls_detector_street_address = {
    .id = "street_address",
    .category = "contact",
    .label = CLS_CONFIDENTIAL,
    .rule = "house number + capitalised street name + street type (US/UK, units like Apt "
            "4B), German -stra\xc3\x9f" "e/-weg + number, French number + rue/avenue + name, "
            "PO Box",
    .example = "221B Baker Street",
    .could_match = street_could_match,
    .needs = CLS_NEED_DIGIT | CLS_NEED_ALPHA | CLS_NEED_SPACE | CLS_NEED_UPPER,
    .find = street_find,
    .mask = street_mask,
    .positives = positives,
    .negatives = negatives,
    .min_count = 2,
    .name_hint = "(^|_)(street|addr|address|address_?line_?[0-9]?|line_?[12]|strasse|rue)"
                 "($|_|[0-9])|(home|billing|shipping|mailing|postal|delivery|residential|"
                 "street)_?addr",
    .name_veto = "(^|_)(ip|email|e_?mail|mac|url|web|wallet|memory|mem|remote|client|peer|"
                 "src|dst|host|bitcoin|btc|eth)_?addr",
    .name_alone = true,
};
