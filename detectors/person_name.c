/* person_name: a person's name, "Given Surname" (optionally with a middle
 * name or initial) or "Surname, Given", where the given name and the
 * surname are both in the dictionary of common names (names_data.c) and
 * both are capitalised. A lone dictionary name ("Mary", "Martin") is only a
 * candidate: it counts in a column whose name says it holds names
 * (first_name, surname, patient ...), not in free text. */
#include <string.h>

#include "common.h"
#include "names.h"

#define MAX_WORD 31

static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool cls_name_in(const char *const *table, size_t count, const char *s, size_t len)
{
    char key[MAX_WORD + 1];
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '\'')
            continue;
        if (!is_letter(c) || n == MAX_WORD)
            return false;
        key[n++] = (char)(c | 0x20);
    }
    key[n] = '\0';
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, table[mid]);
        if (c == 0)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

/* A word: letters and apostrophes, from a letter not preceded by one. */
struct word {
    size_t start, len;
};

static bool next_word(const char *v, size_t len, size_t from, struct word *w)
{
    size_t i = from;
    while (i < len && !(is_letter(v[i]) && (i == 0 || !is_letter(v[i - 1]))))
        i++;
    if (i >= len)
        return false;
    size_t j = i;
    while (j < len && (is_letter(v[j]) || (v[j] == '\'' && j + 1 < len && is_letter(v[j + 1]))))
        j++;
    w->start = i;
    w->len = j - i;
    return true;
}

/* "Mary", "MARY", "McDonald", "O'Brien": an upper-case first letter, and
 * not a lower-case word; a digit touching it disqualifies it. */
static bool capitalised(const char *v, size_t len, const struct word *w)
{
    if (!cls_is_upper(v[w->start]) || w->len < 2)
        return false;
    size_t end = w->start + w->len;
    return !(end < len && cls_is_digit(v[end])) &&
           !(w->start > 0 && cls_is_digit(v[w->start - 1]));
}

static bool given(const char *v, const struct word *w)
{
    return cls_name_in(cls_given_names, cls_given_names_count, v + w->start, w->len);
}

static bool surname(const char *v, const struct word *w)
{
    return cls_name_in(cls_surnames, cls_surnames_count, v + w->start, w->len);
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

/* Tries the pair forms starting with word a; the end of the pair or 0. */
static size_t pair_at(const char *v, size_t len, const struct word *a)
{
    struct word b, c;
    size_t a_end = a->start + a->len;
    if (!next_word(v, len, a_end, &b))
        return 0;
    size_t b_end = b.start + b.len;
    /* A middle initial "J." */
    bool initial = b.len == 1 && cls_is_upper(v[b.start]) && b_end < len && v[b_end] == '.';
    if (!initial && !capitalised(v, len, &b))
        return 0;
    if (given(v, a)) {
        if (gap_is(v, a_end, b.start, false) && surname(v, &b))
            return b_end;
        if ((gap_is(v, a_end, b.start, false) && (given(v, &b) || initial)) &&
            next_word(v, len, b_end + initial, &c) && capitalised(v, len, &c) &&
            gap_is(v, b_end + initial, c.start, false) && surname(v, &c))
            return c.start + c.len;
    }
    if (surname(v, a) && gap_is(v, a_end, b.start, true) && given(v, &b))
        return b_end;
    return 0;
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

/* The first pair at or after `from`; failing that (first call only), the
 * first lone dictionary name as a candidate. Later calls search nothing
 * more: the first call has looked at every word. */
static bool name_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    struct word w, lone = {0, 0};
    for (size_t at = from; next_word(v, len, at, &w); at = w.start + w.len) {
        if (!capitalised(v, len, &w))
            continue;
        size_t end = after_number(v, w.start) ? 0 : pair_at(v, len, &w);
        if (end) {
            span->start = w.start;
            span->len = end - w.start;
            return true;
        }
        if (!lone.len && (given(v, &w) || surname(v, &w)))
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
    /* A name of three letters or more, capitalised; an all-capitals
     * value with digits is a code (SKU-55700-B), not a name. */
    return sh->alpha >= 3 && sh->upper >= 1 && (sh->alpha > sh->upper || sh->digits == 0);
}

/* "Mary Jane Martin" -> "M*** J*** M*****": initials only. */
static void name_mask(const char *s, size_t len, char *out, size_t outsz)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < outsz; i++) {
        bool first = is_letter(s[i]) && (i == 0 || !is_letter(s[i - 1]));
        /* Digits too: a name column can hold free text with numbers in it. */
        bool hide = is_letter(s[i]) || s[i] == '\'' || (s[i] >= '0' && s[i] <= '9');
        out[o++] = first ? s[i] : hide ? '*' : s[i];
    }
    out[o] = '\0';
}

static const char *const positives[] = {
    "Mary Martin",
    "Jennifer A. Lopez",
    "Martin, Mary",
    "Please call Sarah Johnson about the refund.",
    NULL,
};

static const char *const negatives[] = {
    "Mary",                     /* a lone name: only with a column name */
    "mary martin",              /* not capitalised */
    "Park Lane",                /* a street, not a given name first */
    "120 Madison Lane",         /* after a house number */
    "Lorem ipsum dolor sit amet",
    NULL,
};

const struct cls_detector cls_detector_person_name = {
    .id = "person_name",
    .category = "contact",
    .label = CLS_CONFIDENTIAL,
    .rule = "capitalised \"Given [Middle] Surname\" or \"Surname, Given\" with both in the "
            "built-in dictionary of common names; a lone dictionary name only in a column "
            "named for names",
    .example = "Mary Martin",
    .could_match = name_could_match,
    .find = name_find,
    .validate = name_validate,
    .mask = name_mask,
    .positives = positives,
    .negatives = negatives,
    .min_count = 2,
    .name_hint = "(^|_)(first|last|middle|given|family|sur|full|maiden|nick|display|legal|"
                 "preferred|fore|contact|customer|patient|employee|person|holder|cardholder|"
                 "card_holder|account_holder|recipient|beneficiary|guardian|parent|mother|"
                 "father|spouse|doctor|physician)_?names?$|^names?$|^[fl]_?name$|surname|"
                 "forename|^(patient|customer|employee|person|contact|cardholder|recipient)s?$",
    .name_alone = true,
    .hint_counts_candidates = true,
};
