/* Candidate scanners shared by the hand-written `find` functions: numbers
 * written as fixed digit groups, and word starts handed to a detector's
 * own matcher. They replace a regular expression where the shape is simple,
 * and walk the value once with no allocation. */
#include "common.h"

static bool is_sep(char c)
{
    return c == ' ' || c == '-';
}

/* A number may start at i: nothing alphanumeric before it, and not a
 * separator that follows a digit (the tail of a longer number). */
static bool starts_alone(const char *v, size_t i)
{
    if (i == 0)
        return true;
    if (cls_is_alnum(v[i - 1]))
        return false;
    return !(is_sep(v[i - 1]) && i >= 2 && cls_is_digit(v[i - 2]));
}

/* A number may end at e: the end, or a byte that is neither alphanumeric
 * nor a separator followed by a digit. */
static bool ends_alone(const char *v, size_t len, size_t e)
{
    if (e >= len)
        return true;
    if (cls_is_alnum(v[e]))
        return false;
    return !(is_sep(v[e]) && e + 1 < len && cls_is_digit(v[e + 1]));
}

static size_t digit_run(const char *v, size_t len, size_t i)
{
    size_t n = 0;
    while (i + n < len && cls_is_digit(v[i + n]))
        n++;
    return n;
}

/* Matches the grouped form at i, whose first group (run digits) is already
 * known; returns the end offset or 0. */
static size_t grouped_end(const char *v, size_t len, size_t i, size_t run,
                          const unsigned char *groups, size_t ngroups)
{
    size_t p = i + run;
    if (ngroups < 2 || run != groups[0] || p >= len || !is_sep(v[p]))
        return 0;
    char sep = v[p];
    for (size_t g = 1; g < ngroups; g++) {
        if (p >= len || v[p] != sep)
            return 0;
        p++;
        if (digit_run(v, len, p) != groups[g])
            return 0;
        p += groups[g];
    }
    return p;
}

/* A number of the groups starting at the digit run v[i..i+run): the end
 * offset, or 0. */
static size_t groups_at(const char *v, size_t len, size_t i, size_t run,
                        const unsigned char *groups, size_t ngroups, unsigned forms)
{
    size_t total = 0;
    for (size_t g = 0; g < ngroups; g++)
        total += groups[g];
    if (!starts_alone(v, i))
        return 0;
    size_t end = 0;
    if ((forms & CLS_DIGITS_BARE) && run == total)
        end = i + run;
    else if (forms & CLS_DIGITS_GROUPED)
        end = grouped_end(v, len, i, run, groups, ngroups);
    return end && ends_alone(v, len, end) ? end : 0;
}

bool cls_find_digit_groups(const char *v, size_t len, size_t from,
                           const unsigned char *groups, size_t ngroups, unsigned forms,
                           struct cls_span *span)
{
    for (size_t i = from; i < len;) {
        if (!cls_is_digit(v[i])) {
            i++;
            continue;
        }
        size_t run = digit_run(v, len, i);
        size_t end = groups_at(v, len, i, run, groups, ngroups, forms);
        if (end) {
            *span = (struct cls_span){.start = i, .len = end - i};
            return true;
        }
        i += run;   /* no number starts inside a digit run */
    }
    return false;
}

/* A run that starts before `from` and reaches past it is, from `from` on,
 * a run preceded by a digit, which starts_alone refuses: only the runs
 * starting at or after `from` can hold a number, as in the walk above. */
bool cls_find_digit_groups_in_runs(const char *v, size_t len, const struct cls_digit_runs *runs,
                                   size_t from, const unsigned char *groups, size_t ngroups,
                                   unsigned forms, struct cls_span *span)
{
    for (uint32_t k = 0; k < runs->count; k++) {
        size_t i = runs->run[k].start;
        if (i < from)
            continue;
        size_t end = groups_at(v, len, i, runs->run[k].len, groups, ngroups, forms);
        if (end) {
            *span = (struct cls_span){.start = i, .len = end - i};
            return true;
        }
    }
    return false;
}

bool cls_find_word(const char *v, size_t len, size_t from, cls_match_at_fn match_at,
                   struct cls_span *span)
{
    for (size_t i = from; i < len; i++) {
        if (!cls_is_alnum(v[i]) || (i > 0 && cls_is_alnum(v[i - 1])))
            continue;
        size_t n = match_at(v, len, i);
        if (n) {
            *span = (struct cls_span){.start = i, .len = n};
            return true;
        }
    }
    return false;
}
