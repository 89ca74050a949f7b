/* Recall of person_name's dictionary on name lists that were not used to
 * build it (tests/data/names/): the share of a list's names that the real
 * lookup (cls_name_lookup, with its case and accent folding) finds as the
 * kind asked for. A measurement, not a test: `make names-recall` prints
 *   given FILE...    names found as given names
 *   surname FILE...  names found as surnames
 * Lines starting with '#' and blank lines are skipped. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

static int measure(const char *path, unsigned want)
{
    FILE *f = fopen(path, "r");
    char line[256];
    unsigned long total = 0, found = 0;
    if (!f) {
        fprintf(stderr, "names_recall: cannot open %s\n", path);
        return 1;
    }
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n");
        if (n == 0 || line[0] == '#')
            continue;
        total++;
        found += (cls_name_lookup(line, n) & want) != 0;
    }
    fclose(f);
    printf("%-8s %6.1f%%  %lu of %lu  %s\n", want == CLS_NAME_GIVEN ? "given" : "surname",
           total ? 100.0 * (double)found / (double)total : 0.0, found, total, path);
    return 0;
}

int main(int argc, char **argv)
{
    unsigned want = CLS_NAME_GIVEN;
    int rc = 0;
    if (argc < 3) {
        fprintf(stderr, "usage: names_recall given|surname FILE... [given|surname FILE...]\n");
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "given") == 0)
            want = CLS_NAME_GIVEN;
        else if (strcmp(argv[i], "surname") == 0)
            want = CLS_NAME_SURNAME;
        else
            rc |= measure(argv[i], want);
    }
    return rc;
}
