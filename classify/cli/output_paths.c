/* Checks that every output path of a scan (-o, --xlsx, --history) can be
 * written, before any source is opened: a missing folder found after an
 * hour of scanning loses that hour. The writers still check again (the
 * file system may change during the scan); this only moves the common
 * failure to the start. */
#include "config.h"

#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/output_paths.h"

/* The folder path is in (dirname of a copy); 0 when it is a folder this
 * process may create files in, else -1 after printing why. */
static int folder_ok(const char *opt, const char *path, const char *folder)
{
    struct stat st;
    if (stat(folder, &st) < 0) {
        cls_cli_error("%s %s: folder %s: %s", opt, path, folder, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        cls_cli_error("%s %s: %s is not a folder", opt, path, folder);
        return -1;
    }
    if (access(folder, W_OK | X_OK) < 0) {
        cls_cli_error("%s %s: cannot write in folder %s: %s", opt, path, folder,
                      strerror(errno));
        return -1;
    }
    return 0;
}

int cls_cli_check_output_file(const char *opt, const char *path)
{
    struct stat st;
    if (!path || strcmp(path, "-") == 0)
        return 0;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        cls_cli_error("%s %s: is a folder, not a file", opt, path);
        return -1;
    }
    char *copy = strdup(path);
    if (!copy) {
        cls_cli_error("out of memory");
        return -1;
    }
    int rc = folder_ok(opt, path, dirname(copy));
    free(copy);
    return rc;
}

int cls_cli_check_output_folder(const char *opt, const char *path)
{
    struct stat st;
    if (!path)
        return 0;
    if (stat(path, &st) == 0)
        return folder_ok(opt, path, path);
    /* Absent: the writer creates it, in a parent that must exist. */
    char *copy = strdup(path);
    if (!copy) {
        cls_cli_error("out of memory");
        return -1;
    }
    int rc = folder_ok(opt, path, dirname(copy));
    free(copy);
    return rc;
}
