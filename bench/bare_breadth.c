/* bare_breadth: the bare client the breadth benchmark compares classify
 * with. It reads the table list with one catalog query, then sends for each
 * table the query classify sends for a small analysed table (the same
 * select list: short types cast to text, character types cut with left(...,
 * 4096) only when longer, others always;
 * FROM the table LIMIT 1000: classify/sources/pg.c select_list and
 * from_clause), pipelined in libpq pipeline mode with WINDOW tables in
 * flight, each query with its own Sync, and reads every value. No
 * transaction, no checks, no detection: the least a client must do to
 * fetch the same values. With -j N it uses N connections (its own
 * threads), each taking every N-th table.
 *
 * Usage: bare_breadth [-j N] [-w WINDOW] CONNINFO
 *        bare_breadth --ping COUNT CONNINFO   (round trips of SELECT 1: min median max ms)
 * Prints "tables T rows R bytes B". Not installed; used by bench/run.sh. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

/* The select list of classify's select_list() for built-in types, made by
 * the server: format_type names whose text never exceeds 4096 characters
 * are only cast (short_text() in pg.c), character types are cut when
 * longer (string_type()), the others are cut. */
static const char catalog_sql[] =
    "SELECT format('SELECT %s FROM %I.%I LIMIT 1000', string_agg(CASE "
    "WHEN t.ft IN ('smallint', 'integer', 'bigint', 'real', 'double precision', 'boolean', "
    "'date', 'uuid', 'money', 'oid', 'inet', 'cidr', 'macaddr', 'macaddr8', 'name') "
    "OR (t.ft ~ '^(timestamp|time( |$))' AND t.ft !~ '\\[') "
    "OR substring(t.ft from '^character(?: varying)?\\((\\d{1,4})\\)$')::int <= 4096 "
    "THEN format('%I::pg_catalog.text', a.attname) "
    "WHEN (t.ft = 'text' OR t.ft ~ '^character') AND t.ft !~ '\\[' "
    "THEN format('CASE WHEN pg_catalog.octet_length(%1$I) OPERATOR(pg_catalog.<=) 4096 "
    "THEN %1$I::pg_catalog.text "
    "ELSE pg_catalog.left(%1$I::pg_catalog.text, 4096) END', a.attname) "
    "ELSE format('pg_catalog.left(%I::pg_catalog.text, 4096)', a.attname) END, ', ' "
    "ORDER BY a.attnum), n.nspname, c.relname) "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
    "CROSS JOIN LATERAL (SELECT format_type(a.atttypid, a.atttypmod) AS ft) t "
    "WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
    "AND n.nspname !~ '^pg_' GROUP BY n.nspname, c.relname ORDER BY n.nspname, c.relname";

struct share {
    const char *conninfo;
    PGconn *conn;                /* already open (connection 0), or NULL */
    char **queries;
    size_t nq, first, step, window;
    unsigned long long tables, rows, bytes;
    int failed;
};

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static PGconn *open_conn(const char *conninfo)
{
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "bare_breadth: %s", PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    return c;
}

/* Reads every result that is ready; counts a table at each Sync. */
static int drain(struct share *sh, size_t *inflight)
{
    PGconn *c = sh->conn;
    while (!PQisBusy(c)) {
        PGresult *r = PQgetResult(c);
        if (!r)
            continue;                       /* end of one query's results */
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_PIPELINE_SYNC) {
            (*inflight)--;
            sh->tables++;
        } else if (st == PGRES_TUPLES_OK) {
            int nr = PQntuples(r), nf = PQnfields(r);
            sh->rows += (unsigned long long)nr;
            for (int i = 0; i < nr; i++)
                for (int f = 0; f < nf; f++)
                    sh->bytes += (unsigned long long)PQgetlength(r, i, f) +
                                 (PQgetvalue(r, i, f)[0] != 0);
        } else {
            fprintf(stderr, "bare_breadth: %s", PQresultErrorMessage(r));
            PQclear(r);
            return -1;
        }
        PQclear(r);
        if (*inflight == 0)
            return 0;
    }
    return 0;
}

/* One connection's share of the tables, pipelined. */
static void *run_share(void *arg)
{
    struct share *sh = arg;
    if (!sh->conn && !(sh->conn = open_conn(sh->conninfo))) {
        sh->failed = 1;
        return NULL;
    }
    PGconn *c = sh->conn;
    if (PQsetnonblocking(c, 1) != 0 || !PQenterPipelineMode(c)) {
        sh->failed = 1;
        return NULL;
    }
    size_t next = sh->first, inflight = 0;
    while (next < sh->nq || inflight > 0) {
        while (next < sh->nq && inflight < sh->window) {
            if (!PQsendQueryParams(c, sh->queries[next], 0, NULL, NULL, NULL, NULL, 0) ||
                !PQpipelineSync(c)) {
                fprintf(stderr, "bare_breadth: %s", PQerrorMessage(c));
                sh->failed = 1;
                return NULL;
            }
            next += sh->step;
            inflight++;
        }
        int more = PQflush(c);
        struct pollfd p = {.fd = PQsocket(c), .events = POLLIN | (more ? POLLOUT : 0)};
        if (poll(&p, 1, -1) < 0 && errno != EINTR)
            break;
        if ((p.revents & POLLIN) && !PQconsumeInput(c)) {
            fprintf(stderr, "bare_breadth: %s", PQerrorMessage(c));
            sh->failed = 1;
            return NULL;
        }
        if (drain(sh, &inflight) < 0) {
            sh->failed = 1;
            return NULL;
        }
    }
    return NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* COUNT sequential SELECT 1 round trips: min, median and max in ms. */
static int ping(const char *conninfo, int count)
{
    PGconn *c = open_conn(conninfo);
    double *t = calloc((size_t)count, sizeof *t);
    if (!c || !t)
        return 1;
    for (int i = 0; i < count; i++) {
        double t0 = now_s();
        PGresult *r = PQexec(c, "SELECT 1");
        t[i] = (now_s() - t0) * 1000;
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            fprintf(stderr, "bare_breadth: %s", PQerrorMessage(c));
            return 1;
        }
        PQclear(r);
    }
    qsort(t, (size_t)count, sizeof *t, cmp_double);
    printf("%.3f %.3f %.3f\n", t[0], t[count / 2], t[count - 1]);
    PQfinish(c);
    free(t);
    return 0;
}

int main(int argc, char **argv)
{
    size_t jobs = 1, window = 64;
    int a = 1;
    if (argc == 4 && strcmp(argv[1], "--ping") == 0)
        return ping(argv[3], atoi(argv[2]));
    for (; a + 1 < argc && argv[a][0] == '-'; a += 2) {
        if (strcmp(argv[a], "-j") == 0)
            jobs = strtoul(argv[a + 1], NULL, 10);
        else if (strcmp(argv[a], "-w") == 0)
            window = strtoul(argv[a + 1], NULL, 10);
        else
            break;
    }
    if (a + 1 != argc || jobs < 1 || jobs > 64 || window < 1) {
        fprintf(stderr, "usage: bare_breadth [-j N] [-w WINDOW] CONNINFO\n"
                        "       bare_breadth --ping COUNT CONNINFO\n");
        return 2;
    }
    PGconn *c0 = open_conn(argv[a]);
    if (!c0)
        return 1;
    PGresult *r = PQexec(c0, catalog_sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        fprintf(stderr, "bare_breadth: %s", PQerrorMessage(c0));
        return 1;
    }
    size_t nq = (size_t)PQntuples(r);
    char **queries = calloc(nq ? nq : 1, sizeof *queries);
    struct share *sh = calloc(jobs, sizeof *sh);
    pthread_t *th = calloc(jobs, sizeof *th);
    if (!queries || !sh || !th)
        return 1;
    for (size_t i = 0; i < nq; i++)
        queries[i] = PQgetvalue(r, (int)i, 0);
    for (size_t j = 0; j < jobs; j++) {
        sh[j] = (struct share){.conninfo = argv[a], .conn = j ? NULL : c0, .queries = queries,
                               .nq = nq, .first = j, .step = jobs, .window = window};
        if (j && pthread_create(&th[j], NULL, run_share, &sh[j]) != 0)
            return 1;
    }
    run_share(&sh[0]);
    unsigned long long tables = 0, rows = 0, bytes = 0;
    int failed = 0;
    for (size_t j = 0; j < jobs; j++) {
        if (j)
            pthread_join(th[j], NULL);
        tables += sh[j].tables, rows += sh[j].rows, bytes += sh[j].bytes;
        failed |= sh[j].failed;
        PQfinish(sh[j].conn);
    }
    printf("tables %llu rows %llu bytes %llu\n", tables, rows, bytes);
    PQclear(r);
    free(queries);
    free(sh);
    free(th);
    return failed || tables != nq;
}
