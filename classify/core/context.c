/* The table as context for a column with a generic name. `name` in
 * customers is a person's name, `name` in tracks a song's and `title` in
 * albums an album's: the column name says nothing, the table's does. A
 * detector states which column names are generic (generic_name) and which
 * table words speak for it (table_hint) or against it (table_veto); this
 * file splits the table name into words (at '_', '.', '-', ' ', digits and
 * lower-to-upper case changes, so dim_Customer, CustomerProducts and
 * crm.staff_2024 all split) and lets the last word that either pattern
 * knows decide: customer_products holds products, product_reviewers people. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "classify/engine.h"

/* Longest table-name word looked at; longer words are no entity noun. */
#define WORD_MAX 48

enum { P_GENERIC, P_HINT, P_VETO, P_KINDS };

static pcre2_code **codes;     /* [cls_detector_count * P_KINDS] */
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void compile_all(void)
{
    codes = calloc(cls_detector_count * P_KINDS + 1, sizeof *codes);
    if (!codes)
        return;
    for (size_t i = 0; i < cls_detector_count; i++) {
        const struct cls_detector *d = cls_detectors[i];
        const char *p[P_KINDS] = {d->generic_name, d->table_hint, d->table_veto};
        for (int k = 0; k < P_KINDS; k++) {
            int ec;
            PCRE2_SIZE off;
            /* A bad pattern is a bug in a descriptor: tests/unit/test_context.c
             * runs every detector through here. */
            codes[i * P_KINDS + k] = p[k] ? pcre2_compile((PCRE2_SPTR)p[k], PCRE2_ZERO_TERMINATED,
                                                          PCRE2_CASELESS, &ec, &off, NULL)
                                          : NULL;
        }
    }
}

static bool matches(const pcre2_code *code, const char *s, size_t len)
{
    if (!code)
        return false;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    int rc = md ? pcre2_match(code, (PCRE2_SPTR)s, len, 0, 0, md, NULL) : -1;
    pcre2_match_data_free(md);
    return rc >= 0;
}

static bool is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

/* The start of the word of `table` that ends at `end` (exclusive). */
static size_t word_start(const char *table, size_t end)
{
    size_t i = end;
    while (i > 0 && (is_lower(table[i - 1]) || is_upper(table[i - 1]))) {
        /* "CustomerProducts": a capital after a small letter starts a word. */
        if (is_upper(table[i - 1]) && i - 1 > 0 && is_lower(table[i - 2]))
            return i - 1;
        i--;
    }
    return i;
}

int cls_column_table_context(const struct cls_detector *d, const char *table,
                             const char *column)
{
    /* Most detectors name no generic column: no registry search for them. */
    if (!d->generic_name)
        return 0;
    pthread_once(&once, compile_all);
    size_t j;
    for (j = 0; j < cls_detector_count && cls_detectors[j] != d; j++)
        ;
    if (!codes || j == cls_detector_count || !table || !column ||
        !matches(codes[j * P_KINDS + P_GENERIC], column, strlen(column)))
        return 0;
    /* Words from the last: the entity a table holds is named last. */
    for (size_t end = strlen(table); end > 0;) {
        if (!is_lower(table[end - 1]) && !is_upper(table[end - 1])) {
            end--;
            continue;
        }
        size_t start = word_start(table, end);
        if (end - start <= WORD_MAX) {
            if (matches(codes[j * P_KINDS + P_VETO], table + start, end - start))
                return -1;
            if (matches(codes[j * P_KINDS + P_HINT], table + start, end - start))
                return 1;
        }
        end = start;
    }
    return 0;
}
