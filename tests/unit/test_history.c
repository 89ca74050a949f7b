/* The history folder under concurrent runs (issue 10, item 8): twelve
 * processes that write a report with the same start second into the same
 * --history folder at the same moment must leave twelve reports, each
 * complete, valid and distinct, and no temp file behind. The race is run
 * for several rounds: stat() then rename() lost one report in most. */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "classify/report.h"
#include "report/diff.h"
#include "util/util.h"

#define WRITERS 12
#define ROUNDS 8

/* One writer: waits until the barrier pipe closes, then writes a report
 * whose only table is named writer_<id>. Exits 0 when written. */
static void writer(const char *dir, int barrier, int id)
{
    char c;
    struct cls_report *r;
    struct cls_error err = {0};
    if (cls_report_new(&r) < 0)
        _exit(2);
    r->started_at = strdup("2026-11-27T10:00:00Z");
    r->finished_at = strdup("2026-11-27T10:00:01Z");
    r->complete = true;
    struct cls_table_report *t = cls_report_add_table(r);
    t->source = strdup("writers.csv");
    t->database = strdup("");
    t->schema = strdup("");
    t->table = cls_asprintf("writer_%02d", id);
    t->rows_estimated = -1;
    (void)!read(barrier, &c, 1);    /* EOF: every writer starts now */
    int rc = cls_history_write(r, dir, NULL, &err);
    cls_report_free(r);
    _exit(rc == 0 ? 0 : 1);
}

/* Checks dir after one round: WRITERS reports, each read back, each
 * naming a different writer, and nothing else in the folder. */
static void check_folder(const char *dir)
{
    bool seen[WRITERS] = {false};
    int reports = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || !strcmp(e->d_name, "..")))
            continue;
        char *path = cls_asprintf("%s/%s", dir, e->d_name);
        struct cls_report *r = NULL;
        struct cls_error err = {0};
        if (cls_report_read_json(&r, path, &err) < 0)
            fail_msg("%s: %s", path, err.message);
        assert_int_equal(r->table_count, 1);
        int id = -1;
        assert_int_equal(sscanf(r->tables[0].table, "writer_%d", &id), 1);
        assert_true(id >= 0 && id < WRITERS);
        assert_false(seen[id]);
        seen[id] = true;
        reports++;
        cls_report_free(r);
        unlink(path);
        free(path);
    }
    closedir(d);
    assert_int_equal(reports, WRITERS);
}

static void test_twelve_concurrent_writers_keep_twelve_reports(void **state)
{
    (void)state;
    char base[] = "/tmp/classify-history.XXXXXX";
    assert_non_null(mkdtemp(base));
    char *dir = cls_asprintf("%s/history", base);
    for (int round = 0; round < ROUNDS; round++) {
        int fds[2];
        pid_t pids[WRITERS];
        assert_int_equal(pipe(fds), 0);
        for (int i = 0; i < WRITERS; i++) {
            pids[i] = fork();
            assert_true(pids[i] >= 0);
            if (pids[i] == 0) {
                close(fds[1]);
                writer(dir, fds[0], i);
            }
        }
        close(fds[0]);
        close(fds[1]);
        for (int i = 0; i < WRITERS; i++) {
            int status;
            assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
            assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        }
        check_folder(dir);
    }
    rmdir(dir);
    rmdir(base);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_twelve_concurrent_writers_keep_twelve_reports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
