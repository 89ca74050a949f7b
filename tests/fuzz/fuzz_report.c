/* Fuzz target: the report reader (classify diff and xlsx read reports that
 * may come from anywhere) over arbitrary bytes; whatever it accepts must
 * serialise again. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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
    struct cls_report *r = NULL;
    struct cls_error err;
    if (cls_report_read_json(&r, path, &err) == 0) {
        char *text = cls_report_to_json(r);
        if (!text)
            abort();
        free(text);
        cls_report_free(r);
    }
    unlink(path);
    return 0;
}
