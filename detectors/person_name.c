/* person_name: a person's name, "Given Surname" (optionally with a middle
 * name or initial) or "Surname, Given", where the given name and the
 * surname are both in the dictionary of common names (names.h: US SSA
 * baby names, US Census surnames). Words match in any case and with
 * accents, apostrophes and hyphens (MARY, José, O'Brien, Anne-Marie). In
 * free text both words must be capitalised or in capitals; an all-lowercase
 * pair counts only when it is the whole value ("mary martin" in a name
 * column), and a pair of two names that are also English words ("Penny
 * Lane", "Rose Gold") not at all. A lone dictionary name, also with the
 * trailing digits of generated test data (Mary3, smith_12), is only a
 * candidate: it counts in a column whose name, or whose table's name, says
 * it holds names (first_name; `name` in customers), not in free text. */
#include <string.h>

#include "common.h"
#include "names.h"

/* Case of a word: every letter small, every letter capital, or a capital
 * first (Mary, McDonald, O'Brien); anything else (mARY) is no name. */
enum word_case { W_LOWER, W_UPPER, W_TITLE, W_MIXED };

struct word {
    size_t start, len;
    enum word_case wcase;
    bool digit_before;      /* "1Mary" */
    bool digits_after;      /* "Mary3", "smith_12": generated test data */
    int flags;              /* the dictionary's flags, -1 until looked up */
};

/* A letter at v[i]: its byte length in *n. ASCII inline, since this runs
 * on every byte of the values that reach the detector; accented letters
 * through names.c. */
static inline bool letter_at(const char *v, size_t len, size_t i, size_t *n, bool *upper)
{
    unsigned char c = (unsigned char)v[i];
    if ((unsigned)((c | 0x20) - 'a') < 26u) {
        *n = 1;
        *upper = c < 'a';
        return true;
    }
    if (c < 0xC3 || c > 0xC5) {
        *n = 0;
        return false;
    }
    char f[3];
    *n = cls_name_letter(v, len, i, f, upper);
    return *n > 0;
}

/* Is the byte before i the end of a letter (ASCII or 2-byte UTF-8)? */
static bool letter_before(const char *v, size_t i)
{
    size_t n;
    bool up;
    if (i == 0)
        return false;
    if (letter_at(v, i, i - 1, &n, &up))
        return true;
    return i >= 2 && letter_at(v, i, i - 2, &n, &up) && n == 2;
}

/* An apostrophe (' or U+2019) or a hyphen inside a word: its length when a
 * letter follows, else 0. */
static size_t joiner(const char *v, size_t len, size_t i)
{
    size_t n = v[i] == '\'' || v[i] == '-' ? 1
             : (i + 2 < len && memcmp(v + i, "\xE2\x80\x99", 3) == 0) ? 3 : 0;
    size_t m;
    bool up;
    return n && i + n < len && letter_at(v, len, i + n, &m, &up) ? n : 0;
}

static void word_context(const char *v, size_t len, struct word *w)
{
    size_t i = w->start + w->len;
    w->digit_before = w->start > 0 && cls_is_digit(v[w->start - 1]);
    if (i < len && v[i] == '_')
        i++;
    w->digits_after = i < len && cls_is_digit(v[i]);
    while (i < len && cls_is_digit(v[i]))
        i++;
    /* "Mary3" is a name with a number; "Mary3x" is not. */
    if (w->digits_after && i < len && !(v[i] == ' ' || v[i] == ',' || v[i] == '.'))
        w->digits_after = false, w->digit_before = true;
}

/* A word: letters (accented too) with inner apostrophes and hyphens, from a
 * letter not preceded by one. */
static bool next_word(const char *v, size_t len, size_t from, struct word *w)
{
    size_t i = from, n;
    bool up, prev = letter_before(v, from);
    /* To the first letter that follows no letter, stepping over whole
     * letters so an accented one is not taken for two bytes. */
    for (; i < len; i += n ? n : 1) {
        bool is = letter_at(v, len, i, &n, &up);
        if (is && !prev)
            break;
        prev = is;
    }
    if (i >= len)
        return false;
    size_t j = i, letters = 0, uppers = 0;
    bool first_upper = false;
    for (;;) {
        if (j < len && letter_at(v, len, j, &n, &up)) {
            first_upper |= letters == 0 && up;
            letters++;
            uppers += up;
            j += n;
        } else if (j < len && (n = joiner(v, len, j)) != 0) {
            j += n;
        } else {
            break;
        }
    }
    w->start = i;
    w->len = j - i;
    w->flags = -1;
    w->wcase = uppers == 0 ? W_LOWER
             : uppers == letters && letters >= 2 ? W_UPPER
             : first_upper ? W_TITLE : W_MIXED;
    word_context(v, len, w);
    return true;
}

/* A word as names are written in text: capitalised (two letters or more)
 * or in capitals (three or more: AL and WA are state codes), with no digit
 * touching it. */
static bool capitalised(const struct word *w)
{
    return ((w->wcase == W_TITLE && w->len >= 2) || (w->wcase == W_UPPER && w->len >= 3)) &&
           !w->digit_before && !w->digits_after;
}

/* A word is looked up once, however many forms ask about it. */
static unsigned flags(const char *v, struct word *w)
{
    if (w->flags < 0)
        w->flags = (int)cls_name_lookup(v + w->start, w->len);
    return (unsigned)w->flags;
}

static bool given(const char *v, struct word *w)
{
    return flags(v, w) & CLS_NAME_GIVEN;
}

static bool surname(const char *v, struct word *w)
{
    return flags(v, w) & CLS_NAME_SURNAME;
}

/* "Penny Lane", "Rose Gold": a given name and a surname that are both
 * also ordinary words say nothing about a person. */
static bool both_words(const char *v, struct word *g, struct word *s)
{
    return (flags(v, g) & CLS_NAME_GIVEN_WORD) && (flags(v, s) & CLS_NAME_SURNAME_WORD);
}

/* Only spaces (one or two) between two words; for "Surname, Given" a comma. */
static bool gap_is(const char *v, size_t a_end, size_t b_start, bool comma)
{
    size_t n = b_start - a_end;
    if (comma)
        return n == 2 && v[a_end] == ',' && v[a_end + 1] == ' ';
    for (size_t i = a_end; i < b_start; i++)
        if (v[i] != ' ')
            return false;
    return n >= 1 && n <= 2;
}

/* Is v[0..len) only blanks outside [start, end)? */
static bool whole(const char *v, size_t len, size_t start, size_t end)
{
    for (size_t i = 0; i < len; i++)
        if ((i < start || i >= end) && v[i] != ' ' && v[i] != '\t')
            return false;
    return true;
}

/* May b follow a in a name? Capitalised after capitalised; a lowercase pair
 * only when it is the whole value. */
static bool fits(const struct word *a, const struct word *b)
{
    if (a->wcase == W_LOWER)
        return b->wcase == W_LOWER && b->len >= 2 && !b->digit_before && !b->digits_after;
    return capitalised(b);
}

/* Does a word end just before `start`, with only spaces between? */
static bool word_before(const char *v, size_t start)
{
    size_t i = start;
    while (i > 0 && v[i - 1] == ' ')
        i--;
    return i < start && letter_before(v, i);
}

/* Tries the pair forms starting with word a; the end of the pair or 0. */
static size_t pair_end(const char *v, size_t len, struct word *a)
{
    struct word b, c;
    size_t a_end = a->start + a->len;
    if (!next_word(v, len, a_end, &b))
        return 0;
    size_t b_end = b.start + b.len;
    /* A middle initial "J." */
    bool initial = b.len == 1 && b.wcase != W_LOWER && b_end < len && v[b_end] == '.' &&
                   a->wcase != W_LOWER;
    if (!initial && !fits(a, &b))
        return 0;
    if (given(v, a)) {
        if (gap_is(v, a_end, b.start, false) && surname(v, &b) && !both_words(v, a, &b))
            return b_end;
        if ((gap_is(v, a_end, b.start, false) && (given(v, &b) || initial)) &&
            next_word(v, len, b_end + initial, &c) && fits(a, &c) &&
            gap_is(v, b_end + initial, c.start, false) && surname(v, &c) &&
            !both_words(v, a, &c))
            return c.start + c.len;
    }
    /* "Smith, John" opens its phrase; "37 Hickory Lane, Bristol" is a
     * street and a town. */
    if (surname(v, a) && gap_is(v, a_end, b.start, true) && given(v, &b) &&
        !both_words(v, &b, a) && !word_before(v, a->start))
        return b_end;
    return 0;
}

static size_t pair_at(const char *v, size_t len, struct word *a)
{
    if (a->wcase == W_LOWER && (a->digit_before || a->digits_after))
        return 0;
    if (a->wcase != W_LOWER && !capitalised(a))
        return 0;
    /* Most capitalised words of free text are no name: look a up before
     * scanning on for b. */
    if (!(flags(v, a) & (CLS_NAME_GIVEN | CLS_NAME_SURNAME)))
        return 0;
    size_t end = pair_end(v, len, a);
    if (end && a->wcase == W_LOWER && !whole(v, len, a->start, end))
        return 0;
    return end;
}

/* "120 Madison Lane": a name after a house number is a street. */
static bool after_number(const char *v, size_t start)
{
    size_t i = start;
    while (i > 0 && v[i - 1] == ' ')
        i--;
    if (i == start || i == 0)
        return false;
    if (!cls_is_digit(v[i - 1]) && !(i > 1 && cls_is_digit(v[i - 2]) && cls_is_upper(v[i - 1])))
        return false;
    return true;
}

/* Is the whole value a name as a name column holds one: at most four words
 * of letters, spaces, commas, periods, hyphens, apostrophes, with digits
 * only at the end of a word? "mary", "smith_12", "o'brien, mary". */
static bool name_shaped(const char *v, size_t len)
{
    struct word w;
    size_t words = 0, at = 0, spaces = 0;
    for (size_t i = 0; i < len; i++) {
        if (v[i] == ' ' && ++spaces > 4)
            return false;
        unsigned char c = (unsigned char)v[i];
        if (!(c >= 0x80 || c == ' ' || c == ',' || c == '.' || c == '-' || c == '\'' ||
              c == '_' || (unsigned)((c | 0x20) - 'a') < 26u || cls_is_digit((char)c)))
            return false;
    }
    for (; next_word(v, len, at, &w); at = w.start + w.len)
        if (++words > 4 || w.digit_before)
            return false;
    return words > 0;
}

/* The first lone dictionary name: capitalised anywhere (with trailing
 * digits too), lowercase only in a value that is just a name. */
static bool lone_name(const char *v, struct word *w, bool shaped)
{
    if (w->wcase == W_MIXED || w->digit_before || w->len < 2)
        return false;
    if (w->wcase == W_LOWER && !shaped)
        return false;
    return (flags(v, w) & (CLS_NAME_GIVEN | CLS_NAME_SURNAME)) != 0;
}

/* The first pair at or after `from`; failing that (first call only), the
 * first lone dictionary name as a candidate. Later calls search nothing
 * more: the first call has looked at every word. */
static bool name_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    struct word w, lone = {0};
    int shaped = -1;        /* name_shaped(), asked only of a lowercase word */
    for (size_t at = from; next_word(v, len, at, &w); at = w.start + w.len) {
        if (w.wcase == W_LOWER && shaped < 0)
            shaped = from == 0 && name_shaped(v, len);
        if (w.wcase == W_MIXED || (w.wcase == W_LOWER && !shaped))
            continue;
        size_t end = after_number(v, w.start) ? 0 : pair_at(v, len, &w);
        if (end) {
            span->start = w.start;
            span->len = end - w.start;
            return true;
        }
        if (!lone.len && from == 0 && lone_name(v, &w, shaped > 0))
            lone = w;
    }
    if (from != 0 || !lone.len)
        return false;
    span->start = lone.start;
    span->len = lone.len;
    return true;
}

/* A span is a name when it holds a pair; a lone word is not. */
static bool name_validate(const char *s, size_t len)
{
    struct word w;
    return next_word(s, len, 0, &w) && pair_at(s, len, &w) == len;
}

static bool name_could_match(const struct cls_shape *sh)
{
    uint32_t letters = sh->alpha + sh->high / 2;
    if (letters < 2)
        return false;
    /* Capitalised: a name of two letters or more; an all-capitals value
     * with digits is a code (SKU-55700-B), unless they trail (MARY3). */
    if (sh->upper >= 1)
        return sh->alpha > sh->upper || sh->digits == 0 || (sh->digits <= 3 && sh->dash == 0);
    /* All lowercase: only a value that is a name alone ("mary", "smith_12",
     * "mary martin"), not a sentence, an address or an id. */
    return sh->at == 0 && sh->colon == 0 && sh->spaces <= 3 && sh->digits <= 4 &&
           sh->len <= 64;
}

/* "Mary Jane Martin" -> "M*** J*** M*****": initials only. */
static void name_mask(const char *s, size_t len, char *out, size_t outsz)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < outsz; i++) {
        unsigned char c = (unsigned char)s[i];
        bool letter = (unsigned)((c | 0x20) - 'a') < 26u;
        bool first = letter && (i == 0 || !((unsigned)((((unsigned char)s[i - 1]) | 0x20) - 'a') < 26u ||
                                            (unsigned char)s[i - 1] >= 0x80));
        /* Digits and accented letters too: a name column can hold free text
         * with numbers in it, and "José" must not show its "é". */
        bool hide = letter || c == '\'' || cls_is_digit((char)c) || c >= 0x80;
        out[o++] = first ? (char)c : hide ? '*' : (char)c;
    }
    out[o] = '\0';
}

static const char *const positives[] = {
    "Mary Martin",
    "Jennifer A. Lopez",
    "Martin, Mary",
    "MARY MARTIN",
    "mary martin",
    "Anne-Marie O'Brien",
    "Jos\xc3\xa9 Garc\xc3\xad" "a",
    "Please call Sarah Johnson about the refund.",
    NULL,
};

static const char *const negatives[] = {
    "Mary",                     /* a lone name: only with a column name */
    "please call mary martin",  /* lowercase in a sentence */
    "Penny Lane",               /* two names that are also words */
    "Park Lane",                /* a street, not a given name first */
    "120 Madison Lane",         /* after a house number */
    "Lorem ipsum dolor sit amet",
    NULL,
};

const struct cls_detector cls_detector_person_name = {
    .id = "person_name",
    .category = "contact",
    .label = CLS_CONFIDENTIAL,
    .rule = "\"Given [Middle] Surname\" or \"Surname, Given\" with both in the built-in "
            "dictionary (US SSA given names, US Census surnames), any case, accents and "
            "hyphens; a lone dictionary name only in a column named for names",
    .example = "Mary Martin",
    .could_match = name_could_match,
    .needs_any = CLS_NEED_ALPHA | CLS_NEED_HIGH,
    .find = name_find,
    .validate = name_validate,
    .mask = name_mask,
    .positives = positives,
    .negatives = negatives,
    .min_count = 2,
    .name_hint = "(^|_)(first|last|middle|given|family|sur|full|maiden|nick|display|legal|"
                 "preferred|fore|contact|customer|patient|employee|person|holder|cardholder|"
                 "card_holder|account_holder|recipient|beneficiary|guardian|parent|mother|"
                 "father|spouse|doctor|physician)_?names?$|^[fl]_?name$|surname|"
                 "forename|^(patient|customer|employee|person|contact|cardholder|recipient)s?$",
    .name_alone = true,
    .hint_counts_candidates = true,
    /* `name` and `title` say nothing alone: customers.name is a person,
     * tracks.name a song. The table's name decides, word by word from the
     * last (customer_products holds products). */
    .generic_name = "^(names?|titles?|full_?name|display_?name)$",
    .table_hint = "^(customers?|clients?|employees?|staff|personnel|patients?|contacts?|"
                  "users?|members?|persons?|people|students?|teachers?|authors?|"
                  "applicants?|candidates?|subscribers?|guests?|passengers?|drivers?|"
                  "doctors?|physicians?|nurses?|volunteers?|donors?|tenants?|residents?|"
                  "visitors?|attendees?|participants?|workers?|recipients?|borrowers?|"
                  "beneficiar(y|ies)|leads?|accounts?|owners?|agents?|managers?|reviewers?|"
                  "individuals?|citizens?|voters?|claimants?|insured|policyholders?|"
                  "cardholders?|travell?ers?|hr|payroll|crew)$",
    .table_veto = "^(tracks?|songs?|albums?|products?|items?|skus?|categor(y|ies)|"
                  "compan(y|ies)|playlists?|genres?|books?|movies?|films?|shows?|"
                  "episodes?|brands?|stores?|shops?|vendors?|suppliers?|"
                  "organi[sz]ations?|orgs?|departments?|teams?|projects?|cities|city|"
                  "countr(y|ies)|regions?|locations?|places?|venues?|tags?|labels?|"
                  "devices?|apps?|applications?|services?|plans?|tiers?|menus?|dishes|"
                  "recipes?|courses?|events?|media|catalog(ue)?s?|inventory|articles?|"
                  "posts?|pages?|documents?|files?|reports?|roles?|permissions?|groups?|"
                  "channels?|games?|tools?|assets?|warehouses?|sites?|buildings?|rooms?|"
                  "banks?|merchants?|businesses|business|institutions?|schools?|"
                  "hospitals?|clinics?|pharmac(y|ies)|drugs?|medications?|medicines?)$",
};
