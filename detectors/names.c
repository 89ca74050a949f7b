/* The lookup behind person_name: folds one word of a value onto the
 * dictionary's spelling (lowercase ASCII, no apostrophes, accents off, so
 * MARY, mary, Zoë and O'Brien find mary, zoe and obrien) and searches the
 * generated array (names_data.c) inside the bucket of the word's first two
 * letters: a handful of comparisons, since this runs on every capitalised
 * word of free text. Not a detector: it exports no descriptor. */
#include <string.h>

#include "names.h"

#define MAX_KEY 31

/* Base letters of U+00C0..U+00FF and U+0100..U+017F; '?' a ligature or
 * digraph (spelled in ligature()), '!' not a letter (x and division). */
static const char latin1[] = "aaaaaa?ceeeeiiii" "dnooooo!ouuuuy??"
                             "aaaaaa?ceeeeiiii" "dnooooo!ouuuuy?y";
static const char extended_a[] = "aaaaaaccccccccdd" "ddeeeeeeeeeegggg" "gggghhhhiiiiiiii"
                                 "ii??jjkkklllllll" "lllnnnnnnnnnoooo" "oo??rrrrrrssssss"
                                 "ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";

static const char *ligature(unsigned cp)
{
    switch (cp) {
    case 0xC6: case 0xE6: return "ae";
    case 0xDE: case 0xFE: return "th";
    case 0xDF: return "ss";
    case 0x132: case 0x133: return "ij";
    default: return "oe";                   /* U+0152, U+0153 */
    }
}

/* Latin Extended-A pairs capitals and small letters, the capital first,
 * except where the pairs shift by one (U+0139..U+0148, U+0179..U+017E). */
static bool extended_upper(unsigned cp)
{
    if (cp == 0x138 || cp == 0x149 || cp == 0x17F)
        return false;
    if (cp == 0x178)
        return true;
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
        return cp % 2 == 1;
    return cp % 2 == 0;
}

size_t cls_name_letter(const char *s, size_t len, size_t i, char fold[3], bool *upper)
{
    unsigned char c = (unsigned char)s[i];
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
        fold[0] = (char)(c | 0x20);
        fold[1] = '\0';
        *upper = c < 'a';
        return 1;
    }
    if (c < 0xC3 || c > 0xC5 || i + 1 >= len)
        return 0;
    unsigned char d = (unsigned char)s[i + 1];
    if (d < 0x80 || d > 0xBF)
        return 0;
    unsigned cp = ((unsigned)(c & 0x1F) << 6) | (d & 0x3F);
    char base = cp < 0x100 ? latin1[cp - 0xC0] : extended_a[cp - 0x100];
    if (base == '!')
        return 0;
    if (base == '?') {
        memcpy(fold, ligature(cp), 3);
    } else {
        fold[0] = base;
        fold[1] = '\0';
    }
    *upper = cp < 0x100 ? cp < 0xDF : extended_upper(cp);
    return 2;
}

static bool is_apostrophe(const char *s, size_t len, size_t i, size_t *n)
{
    if (s[i] == '\'') {
        *n = 1;
        return true;
    }
    *n = 3;
    return i + 2 < len && memcmp(s + i, "\xE2\x80\x99", 3) == 0;
}

/* German umlauts, which English records spell ae, oe, ue (Juergen). */
static bool umlaut(const char *s, size_t len, size_t i, char f[3])
{
    static const char from[] = "\x84\x96\x9c\xa4\xb6\xbc", *to[] = {"ae", "oe", "ue"};
    const char *p;
    if ((unsigned char)s[i] != 0xC3 || i + 1 >= len || !(p = memchr(from, s[i + 1], 6)))
        return false;
    memcpy(f, to[(p - from) % 3], 3);
    return true;
}

/* Folds s[0..len) into key (umlauts as ae/oe/ue when german is set);
 * false when a byte is neither a letter nor an apostrophe, or the key
 * would be longer than MAX_KEY. */
static bool fold_word(const char *s, size_t len, char key[MAX_KEY + 1], bool german)
{
    size_t k = 0;
    for (size_t i = 0; i < len;) {
        char f[3];
        bool up;
        size_t n = cls_name_letter(s, len, i, f, &up);
        if (n && german)
            umlaut(s, len, i, f);
        if (n == 0) {
            if (!is_apostrophe(s, len, i, &n))
                return false;
            i += n;
            continue;
        }
        size_t fl = f[1] ? 2 : 1;
        if (k + fl > MAX_KEY)
            return false;
        memcpy(key + k, f, fl);
        k += fl;
        i += n;
    }
    key[k] = '\0';
    return k >= 2;
}

static unsigned find_key(const char *key)
{
    unsigned b = (unsigned)(key[0] - 'a') * 26 + (unsigned)(key[1] - 'a');
    size_t lo = cls_names_bucket[b], hi = cls_names_bucket[b + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, cls_names[mid].name);
        if (c == 0)
            return cls_names[mid].flags;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

/* "Anne-Marie", "Smith-Jones": every part a name; given by its first part,
 * surname by its last. */
static unsigned lookup_parts(const char *s, size_t len)
{
    unsigned first = 0, last = 0;
    for (size_t i = 0; i <= len;) {
        const char *dash = memchr(s + i, '-', len - i);
        size_t end = dash ? (size_t)(dash - s) : len;
        char key[MAX_KEY + 1];
        unsigned f = fold_word(s + i, end - i, key, false) ? find_key(key) : 0;
        if (!f)
            return 0;
        if (i == 0)
            first = f;
        last = f;
        i = end + 1;
    }
    return (first & (CLS_NAME_GIVEN | CLS_NAME_GIVEN_WORD)) |
           (last & (CLS_NAME_SURNAME | CLS_NAME_SURNAME_WORD));
}

/* Plain ASCII letters, the common case: lowercase them straight into the
 * key. False when the word needs folding. */
static bool ascii_key(const char *s, size_t len, char key[MAX_KEY + 1])
{
    if (len > MAX_KEY)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)(s[i] | 0x20);
        if ((unsigned)(c - 'a') >= 26u)
            return false;
        key[i] = (char)c;
    }
    key[len] = '\0';
    return true;
}

unsigned cls_name_lookup(const char *s, size_t len)
{
    char key[MAX_KEY + 1];
    size_t k = 0;
    bool hyphen = false;
    if (ascii_key(s, len, key))
        return len >= 2 ? find_key(key) : 0;
    /* The whole word without its hyphens first: SSA spells Annemarie. */
    for (size_t i = 0; i < len && k <= MAX_KEY; i++) {
        if (s[i] == '-')
            hyphen = true;
        else
            key[k++] = s[i];
    }
    if (k < 2 || k > MAX_KEY)
        return 0;
    char folded[MAX_KEY + 1];
    unsigned f = fold_word(key, k, folded, false) ? find_key(folded) : 0;
    /* Jürgen is spelt Jurgen or Juergen: try both. */
    if (!f && memchr(key, 0xC3, k) && fold_word(key, k, folded, true))
        f = find_key(folded);
    if (f || !hyphen)
        return f;
    return lookup_parts(s, len);
}
