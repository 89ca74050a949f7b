/* Fuzz target: the report reader (classify diff and xlsx read reports that
 * may come from anywhere) over arbitrary bytes; whatever it accepts must
 * serialise again. The reader takes a report a table at a time when it
 * splits (report/json_split.c): it must accept exactly what the whole-tree
 * reader accepts, read the same report, and fail with the same message. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classify/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/cls-fuzz-report-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    struct cls_report *r = NULL, *whole = NULL;
    struct cls_error err = {0}, whole_err = {0};
    int rc = cls_report_read_json(&r, path, &err);
    int whole_rc = cls_report_read_json_whole(&whole, path, &whole_err);
    if (rc != whole_rc || (rc < 0 && strcmp(err.message, whole_err.message) != 0))
        abort();
    if (rc == 0) {
        char *text = cls_report_to_json(r), *whole_text = cls_report_to_json(whole);
        if (!text || !whole_text || strcmp(text, whole_text) != 0)
            abort();
        free(text);
        free(whole_text);
    }
    cls_report_free(r);
    cls_report_free(whole);
    unlink(path);
    return 0;
}
