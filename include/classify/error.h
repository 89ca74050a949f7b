/* Error object: functions return 0 or a negative cls_errcode and describe
 * the failure here, so callers decide how (and whether) to print it. */
#ifndef CLASSIFY_ERROR_H
#define CLASSIFY_ERROR_H

enum cls_errcode {
    CLS_OK = 0,
    CLS_ERR = -1,        /* generic failure */
    CLS_ENOMEM = -2,
    CLS_EIO = -3,        /* file or network I/O */
    CLS_EPARSE = -4,     /* malformed outside input (CSV, JSON, policy) */
    CLS_EUSAGE = -5,     /* bad option or argument */
    CLS_ESOURCE = -6,    /* the data source refused or failed */
    CLS_ETOOBIG = -7,    /* input over a documented cap */
    CLS_ECONN = -8,      /* the connection to the server was lost */
    CLS_ETIMEOUT = -9,   /* no reply within the client-side deadline */
    CLS_EUNSAFE = -10,   /* a read-only guarantee broke: stop the target */
};

struct cls_error {
    int code;
    char message[1024];
};

/* Records code and a printf-style message; returns code so that callers can
 * write `return cls_error_set(err, CLS_EIO, "...")`. err may be NULL. */
int cls_error_set(struct cls_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears err to CLS_OK with an empty message. */
void cls_error_clear(struct cls_error *err);

#endif
