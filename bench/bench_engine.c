/* Engine benchmark: generates a deterministic corpus of value-shaped text
 * (about 100 MB by default; argument 1 overrides, in MB), then runs every
 * detector over each value on one core and prints MB/s, values/s and the
 * matches found per detector, so a faster run that finds less is visible.
 * 90% ordinary values (words, ids, timestamps, prices, UUIDs, sentences),
 * 10% sensitive (cards, emails, SSNs, some buried in sentences). With a
 * second argument "examples", 1% of the values (half the buried ones)
 * instead bury each detector's own example, so every detector has matches
 * to show; the default corpus stays the one the baseline was measured on.
 * Per detector it also counts candidate-only values and folds every hit's
 * kind and span into a checksum; `--check FILE` compares those lines with
 * FILE (written by an earlier run) and exits 1 on any difference, so a
 * faster engine is shown to find exactly what the old one found. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classify/engine.h"

static uint64_t state = 0x5eed;
static int with_examples;
static uint64_t rnd(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static const char *const words[] = {"order", "shipped", "delayed", "invoice", "refund",
                                    "customer", "address", "warehouse", "priority", "box",
                                    "returned", "approved", "the", "and", "with", "for"};
static const char *const cards[] = {"4111111111111111", "5555 5555 5555 4444",
                                    "3782-822463-10005", "6011111111111117"};

static int make_value(char *buf, size_t cap)
{
    unsigned k = (unsigned)(rnd() % 100);
    size_t nw = sizeof words / sizeof words[0];
    if (k < 15)
        return snprintf(buf, cap, "%s %s %s %s %s %s %s", words[rnd() % nw], words[rnd() % nw],
                        words[rnd() % nw], words[rnd() % nw], words[rnd() % nw],
                        words[rnd() % nw], words[rnd() % nw]);
    if (k < 30)
        return snprintf(buf, cap, "%llu", (unsigned long long)(rnd() % 10000000000000000ULL));
    if (k < 42)
        return snprintf(buf, cap, "2026-%02u-%02uT%02u:%02u:%02uZ", (unsigned)(rnd() % 12 + 1),
                        (unsigned)(rnd() % 28 + 1), (unsigned)(rnd() % 24),
                        (unsigned)(rnd() % 60), (unsigned)(rnd() % 60));
    if (k < 54)
        return snprintf(buf, cap, "%u.%02u", (unsigned)(rnd() % 1000), (unsigned)(rnd() % 100));
    if (k < 66)
        return snprintf(buf, cap, "%08llx-%04llx-4%03llx-a%03llx-%012llx",
                        (unsigned long long)(rnd() & 0xffffffff),
                        (unsigned long long)(rnd() & 0xffff), (unsigned long long)(rnd() & 0xfff),
                        (unsigned long long)(rnd() & 0xfff),
                        (unsigned long long)(rnd() & 0xffffffffffffULL));
    if (k < 78)
        return snprintf(buf, cap, "SKU-%05u-%c", (unsigned)(rnd() % 100000),
                        (char)('A' + rnd() % 26));
    if (k < 90)
        return snprintf(buf, cap, "%s %s %s, ref %u, see ticket %u for %s", words[rnd() % nw],
                        words[rnd() % nw], words[rnd() % nw], (unsigned)(rnd() % 100000),
                        (unsigned)(rnd() % 1000), words[rnd() % nw]);
    if (k < 93)
        return snprintf(buf, cap, "%s", cards[rnd() % 4]);
    if (k < 96)
        return snprintf(buf, cap, "user%u@example.com", (unsigned)(rnd() % 100000));
    if (k < 98)
        return snprintf(buf, cap, "%03u-%02u-%04u", (unsigned)(rnd() % 899 + 1),
                        (unsigned)(rnd() % 99 + 1), (unsigned)(rnd() % 9999 + 1));
    if (k == 98 && with_examples)
        return snprintf(buf, cap, "customer read %.*s on the call", (int)(cap - 32),
                        cls_detectors[rnd() % cls_detector_count]->example);
    return snprintf(buf, cap, "customer read card %s and mail x%u@example.org on the call",
                    cards[rnd() % 4], (unsigned)(rnd() % 1000));
}

/* Compares the per-detector lines of this run (text) with those in file:
 * each line of the file that starts with two spaces and a detector id must
 * appear in text unchanged. Returns the number of differences. */
static int check_counts(const char *text, const char *file)
{
    FILE *f = fopen(file, "r");
    char line[256];
    int bad = 0, seen = 0;
    if (!f) {
        fprintf(stderr, "bench: cannot open %s\n", file);
        return 1;
    }
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "  ", 2) != 0 || !strstr(line, " matches"))
            continue;
        seen++;
        if (!strstr(text, line)) {
            fprintf(stderr, "bench: differs from %s: %s", file, line);
            bad++;
        }
    }
    fclose(f);
    if (!seen) {
        fprintf(stderr, "bench: %s holds no per-detector lines\n", file);
        bad++;
    }
    return bad;
}

int main(int argc, char **argv)
{
    const char *check = NULL;
    int pos = 0;
    size_t mbs = 100;
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--check") == 0 && a + 1 < argc)
            check = argv[++a];
        else if (strcmp(argv[a], "examples") == 0)
            with_examples = 1;
        else if (pos++ == 0)
            mbs = (size_t)atol(argv[a]);
    }
    size_t target = mbs * 1000 * 1000;
    char *corpus = malloc(target + 256);
    size_t *offs = malloc((target / 4) * sizeof *offs);
    size_t used = 0, nvals = 0;
    if (!corpus || !offs)
        return 1;
    while (used < target) {
        offs[nvals++] = used;
        int n = make_value(corpus + used, 200);
        used += (size_t)n + 1;      /* keep the NUL as the separator */
    }
    offs[nvals] = used;

    struct cls_engine *engine;
    struct cls_scanner *scanner;
    struct cls_error err = {0};
    if (cls_engine_new(&engine, &err) < 0 || cls_scanner_new(&scanner, engine, &err) < 0) {
        fprintf(stderr, "bench: %s\n", err.message);
        return 1;
    }
    size_t nd = cls_engine_detector_count(engine);
    unsigned long long *matches = calloc(nd, sizeof *matches);
    unsigned long long *cands = calloc(nd, sizeof *cands);
    uint64_t *sums = calloc(nd, sizeof *sums);
    /* Wall time, and the thread's CPU time: on a machine shared with other
     * work the wall figure counts the time this thread waited for a core. */
    struct timespec t0, t1, c0, c1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
    for (size_t i = 0; i < nvals; i++) {
        const struct cls_value_result *r =
            cls_scan_value(scanner, corpus + offs[i], offs[i + 1] - offs[i] - 1);
        for (uint64_t b = r->hits; b; b &= b - 1) {
            unsigned d = (unsigned)__builtin_ctzll(b);
            matches[d] += r->hit[d] == CLS_HIT_MATCH;
            cands[d] += r->hit[d] == CLS_HIT_CANDIDATE;
            sums[d] = (sums[d] ^ (i << 20 ^ r->span[d].start << 10 ^ r->span[d].len << 2 ^
                                  r->hit[d])) * 0x100000001B3ULL;
        }
    }
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    double cpu = (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9;
    double mb = (double)(used - nvals) / 1e6;
    printf("engine: %zu detectors, %.1f MB in %zu values, one core\n", nd, mb, nvals);
    printf("  %.1f MB/s  %.2f M values/s  (%.2f s; on CPU %.2f s: %.1f MB/s)\n", mb / secs,
           (double)nvals / secs / 1e6, secs, cpu, mb / cpu);
    char *text = malloc(nd * 128 + 1);
    size_t tl = 0;
    for (size_t d = 0; text && d < nd; d++)
        tl += (size_t)snprintf(text + tl, 128, "  %-22s %llu matches, %llu candidates, spans %016llx\n",
                               cls_engine_detector(engine, d)->id, matches[d], cands[d],
                               (unsigned long long)sums[d]);
    if (!text)
        return 1;
    fputs(text, stdout);
    int bad = check ? check_counts(text, check) : 0;
    if (check)
        printf("check against %s: %s\n", check, bad ? "DIFFERENT" : "same matches, candidates and spans");
    free(text);
    free(matches);
    free(cands);
    free(sums);
    cls_scanner_free(scanner);
    cls_engine_free(engine);
    free(corpus);
    free(offs);
    return bad ? 1 : 0;
}
