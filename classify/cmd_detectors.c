/* `classify detectors`: lists every registered detector with its id,
 * category, default label, rule and an example. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "classify/detector.h"
#include "cli.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: classify detectors [OPTIONS]\n"
            "List the built-in detectors: id, category, label in the default policy,\n"
            "the rule each validates, and an example value.\n\n"
            "Options:\n"
            "  -v, --verbose   also print each rule and example\n"
            "  -h, --help      show this help\n");
}

int cls_cmd_detectors(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int verbose = 1, c; /* the rule is the point of the listing */
    optind = 1;
    while ((c = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
        switch (c) {
        case 'v':
            verbose = 1;
            break;
        case 'h':
            usage(stdout);
            return CLS_EXIT_OK;
        default:
            return cls_cli_usage_error("detectors", "invalid option");
        }
    }
    if (optind < argc)
        return cls_cli_usage_error("detectors", "detectors: unexpected argument '%s'",
                                   argv[optind]);
    printf("%-22s %-12s %-13s %s\n", "DETECTOR", "CATEGORY", "LABEL", "EXAMPLE");
    for (size_t i = 0; i < cls_detector_count; i++) {
        const struct cls_detector *d = cls_detectors[i];
        printf("%-22s %-12s %-13s %s\n", d->id, d->category, cls_label_name(d->label),
               d->example);
        if (verbose)
            printf("    rule: %s\n", d->rule);
    }
    return CLS_EXIT_OK;
}
