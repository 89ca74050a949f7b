/* `classify discover rds --region R [--tag KEY=VALUE]... -o inventory.yaml`:
 * lists a region's RDS instances and Aurora clusters and writes the YAML
 * inventory that `scan --targets FILE.yaml` reads. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "sources/rds_discover.h"
#include "util/util.h"

#define MAX_TAG_FILTERS 64

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: classify discover rds --region REGION [OPTIONS] -o INVENTORY.yaml\n"
            "List the RDS instances and Aurora clusters of a region (DescribeDBInstances,\n"
            "DescribeDBClusters) and write one inventory entry per database endpoint:\n"
            "engine, host, port, region, IAM authentication, storage encryption, public\n"
            "accessibility, CA certificate. Aurora cluster members are covered by their\n"
            "cluster's endpoint; engines other than PostgreSQL/MySQL/MariaDB are listed\n"
            "as comments.\n\n"
            "Credentials, first found: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; the\n"
            "shared credentials/config files (AWS_PROFILE); AWS_WEB_IDENTITY_TOKEN_FILE\n"
            "with AWS_ROLE_ARN (STS); the ECS container endpoint; IMDSv2.\n\n"
            "Options:\n"
            "      --region REGION     the AWS region (or AWS_REGION / AWS_DEFAULT_REGION)\n"
            "      --tag KEY=VALUE     only databases with this tag (repeat: all must match)\n"
            "      --endpoint-url URL  the RDS API endpoint (default https://rds.REGION.amazonaws.com/)\n"
            "      --ssl-ca FILE       CA bundle to verify the endpoint with (or AWS_CA_BUNDLE)\n"
            "      --iam-user USER     write defaults iam: {region, user} for IAM tokens\n"
            "  -o, --output FILE       the inventory to write (mode 0600, atomic)\n"
            "  -h, --help              show this help\n");
}

int cls_cmd_discover(int argc, char **argv)
{
    enum { OPT_REGION = 0x700, OPT_TAG, OPT_ENDPOINT, OPT_CA, OPT_IAM_USER };
    static const struct option longopts[] = {
        {"region", required_argument, NULL, OPT_REGION},
        {"tag", required_argument, NULL, OPT_TAG},
        {"endpoint-url", required_argument, NULL, OPT_ENDPOINT},
        {"ssl-ca", required_argument, NULL, OPT_CA},
        {"iam-user", required_argument, NULL, OPT_IAM_USER},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *tags[MAX_TAG_FILTERS], *output = NULL;
    struct cls_rds_discover_options o = {.tags = tags};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_REGION:
            o.region = optarg;
            break;
        case OPT_ENDPOINT:
            o.endpoint_url = optarg;
            break;
        case OPT_CA:
            o.ca_file = optarg;
            break;
        case OPT_IAM_USER:
            o.iam_user = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case OPT_TAG:
            if (!strchr(optarg, '=') || optarg[0] == '=')
                return cls_cli_usage_error("discover", "--tag '%s': expected KEY=VALUE", optarg);
            if (o.tag_count == MAX_TAG_FILTERS)
                return cls_cli_usage_error("discover", "--tag: at most %d", MAX_TAG_FILTERS);
            tags[o.tag_count++] = optarg;
            break;
        case 'h':
            usage(stdout);
            return CLS_EXIT_OK;
        default:
            return cls_cli_usage_hint("discover");
        }
    }
    if (argc - optind != 1 || strcmp(argv[optind], "rds") != 0)
        return cls_cli_usage_error("discover", "discover: expected 'rds' (the one service known)");
    if (!o.region)
        o.region = getenv("AWS_REGION") && *getenv("AWS_REGION") ? getenv("AWS_REGION")
                                                                  : getenv("AWS_DEFAULT_REGION");
    if (!o.region || !*o.region)
        return cls_cli_usage_error("discover", "discover rds: missing --region (or AWS_REGION)");
    if (!output)
        return cls_cli_usage_error("discover", "discover rds: missing -o INVENTORY.yaml");
    struct cls_error err = {0};
    char *yaml = NULL;
    size_t count = 0;
    int rc = cls_rds_discover(&yaml, &count, &o, &err);
    if (rc == 0)
        rc = cls_write_file_atomic(output, yaml, strlen(yaml), &err);
    free(yaml);
    if (rc < 0) {
        cls_cli_error("%s", err.message);
        return CLS_EXIT_FATAL;
    }
    if (count == 0)
        fprintf(stderr, "classify: warning: no database endpoint in %s matched%s\n", o.region,
                o.tag_count ? " the --tag filters" : "");
    fprintf(stderr, "classify: %zu database endpoint%s written to %s\n", count,
            count == 1 ? "" : "s", output);
    return CLS_EXIT_OK;
}
