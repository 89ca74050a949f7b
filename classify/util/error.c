/* The error object: a code plus a formatted one-line message. */
#include <stdarg.h>
#include <stdio.h>

#include "classify/error.h"

int cls_error_set(struct cls_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

void cls_error_clear(struct cls_error *err)
{
    if (err) {
        err->code = CLS_OK;
        err->message[0] = '\0';
    }
}
