/* delay_relay: a TCP relay that adds a fixed one-way delay, for benchmarks
 * on a kernel without netem (CONFIG_NET_SCH_NETEM unset, as on this
 * project's CI machines). It listens on ADDR:PORT inside a network
 * namespace (the socket is made there and keeps it; the relay itself runs
 * in the caller's namespace) and forwards each connection to
 * UPSTREAM_HOST:UPSTREAM_PORT in the caller's namespace, so a throwaway
 * server on 127.0.0.1 is reached over a veth as if it were remote.
 *
 * Every chunk read from either side is written to the other side DELAY_US
 * microseconds after it was read, never earlier: one queue per direction,
 * stamped on arrival, released in order by a nanosecond ppoll() timeout.
 * Reading never waits for writing, so a pipelined client keeps many
 * requests on the wire, as over a real link; a delay of 500 us each way is
 * the 1 ms round trip that `tc qdisc ... netem delay 0.5ms` on both ends of
 * a veth gives. With DELAY_US 0 it is a plain relay (netem present).
 *
 * Usage: delay_relay NETNS_PATH ADDR PORT UPSTREAM_HOST UPSTREAM_PORT DELAY_US
 * (NETNS_PATH "-" listens in the caller's namespace). Prints "ready" once
 * listening; runs until killed. Not installed; used by bench/run.sh. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 65536
#define QUEUE_CAP (8u << 20)     /* bytes held per direction before reading pauses */
#define MAX_CONNS 64

struct chunk {
    struct chunk *next;
    uint64_t due_ns;
    size_t len, off;
    char data[];
};

/* One direction of a connection: bytes read from `from`, written to `to`. */
struct dir {
    int from, to;
    struct chunk *head, *tail;
    size_t queued;
    int eof, shut, blocked;      /* blocked: the head is due but `to` is full */
};

struct conn {
    int fd[2];                   /* client, upstream */
    struct dir d[2];             /* client -> upstream, upstream -> client */
    int dead;
};

static struct conn *conns[MAX_CONNS];
static uint64_t delay_ns;

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void die(const char *what)
{
    fprintf(stderr, "delay_relay: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void set_nodelay_nonblock(int fd)
{
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* The listening socket, made inside the namespace at path (setns there
 * and back: a socket stays in the namespace it was created in). */
static int listen_in(const char *netns, const char *addr, int port)
{
    int home = -1, there = -1;
    if (strcmp(netns, "-") != 0) {
        home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        there = open(netns, O_RDONLY | O_CLOEXEC);
        if (home < 0 || there < 0 || setns(there, CLONE_NEWNET) < 0)
            die(netns);
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (fd < 0 || inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
        die("listen address");
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 64) < 0)
        die("bind");
    if (home >= 0 && setns(home, CLONE_NEWNET) < 0)
        die("back to the caller's namespace");
    if (home >= 0)
        close(home), close(there);
    return fd;
}

static int dial(const char *host, int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (fd < 0 || inet_pton(AF_INET, host, &sa.sin_addr) != 1)
        die("upstream address");
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static void accept_one(int lfd, const char *host, int port)
{
    int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    if (c < 0)
        return;
    int u = dial(host, port);
    size_t slot = 0;
    while (slot < MAX_CONNS && conns[slot])
        slot++;
    struct conn *k = u >= 0 && slot < MAX_CONNS ? calloc(1, sizeof *k) : NULL;
    if (!k) {
        close(c);
        if (u >= 0)
            close(u);
        return;
    }
    set_nodelay_nonblock(c);
    set_nodelay_nonblock(u);
    k->fd[0] = c, k->fd[1] = u;
    k->d[0] = (struct dir){.from = c, .to = u};
    k->d[1] = (struct dir){.from = u, .to = c};
    conns[slot] = k;
}

/* Reads what `from` has into a new chunk due delay_ns from now. */
static void pull(struct conn *k, struct dir *d)
{
    struct chunk *ch = malloc(sizeof *ch + CHUNK);
    if (!ch)
        die("malloc");
    ssize_t n = read(d->from, ch->data, CHUNK);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        free(ch);
        return;
    }
    if (n <= 0) {                 /* end or reset: passed on after the queue */
        free(ch);
        d->eof = 1;
        if (n < 0)
            k->dead = 1;
        return;
    }
    ch->next = NULL;
    ch->due_ns = now_ns() + delay_ns;
    ch->len = (size_t)n, ch->off = 0;
    if (d->tail)
        d->tail->next = ch;
    else
        d->head = ch;
    d->tail = ch;
    d->queued += (size_t)n;
}

/* Writes every chunk that is due, in order, until `to` is full. */
static void push(struct conn *k, struct dir *d, uint64_t now)
{
    d->blocked = 0;
    while (d->head && d->head->due_ns <= now) {
        struct chunk *ch = d->head;
        ssize_t n = send(d->to, ch->data + ch->off, ch->len - ch->off, MSG_NOSIGNAL);
        if (n < 0 && errno == EAGAIN) {
            d->blocked = 1;
            return;
        }
        if (n < 0) {
            k->dead = 1;
            return;
        }
        ch->off += (size_t)n;
        d->queued -= (size_t)n;
        if (ch->off < ch->len)
            continue;
        d->head = ch->next;
        if (!d->head)
            d->tail = NULL;
        free(ch);
    }
    if (!d->head && d->eof && !d->shut) {
        shutdown(d->to, SHUT_WR);
        d->shut = 1;
    }
}

static void drop(size_t slot)
{
    struct conn *k = conns[slot];
    for (int i = 0; i < 2; i++) {
        while (k->d[i].head) {
            struct chunk *ch = k->d[i].head;
            k->d[i].head = ch->next;
            free(ch);
        }
        close(k->fd[i]);
    }
    free(k);
    conns[slot] = NULL;
}

int main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: delay_relay NETNS_PATH ADDR PORT UPSTREAM_HOST UPSTREAM_PORT "
                        "DELAY_US\n");
        return 2;
    }
    delay_ns = strtoull(argv[6], NULL, 10) * 1000u;
    int lfd = listen_in(argv[1], argv[2], atoi(argv[3]));
    /* Wake on time: the default 50 us timer slack would be a tenth of the
     * delay; a real-time priority (when allowed) keeps the other busy
     * processes of a small machine from adding their own delay, as the
     * kernel's network path (netem runs in softirq) would not. */
    prctl(PR_SET_TIMERSLACK, 1UL);
    struct sched_param sp = {.sched_priority = 10};
    sched_setscheduler(0, SCHED_FIFO, &sp);
    signal(SIGPIPE, SIG_IGN);
    printf("ready\n");
    fflush(stdout);
    struct pollfd pfd[1 + 2 * MAX_CONNS];
    struct dir *pdir[1 + 2 * MAX_CONNS];        /* the direction reading each fd */
    struct conn *pconn[1 + 2 * MAX_CONNS];
    for (;;) {
        uint64_t now = now_ns(), next = UINT64_MAX;
        int nfd = 0;
        pfd[nfd++] = (struct pollfd){.fd = lfd, .events = POLLIN};
        for (size_t s = 0; s < MAX_CONNS; s++) {
            struct conn *k = conns[s];
            if (!k)
                continue;
            for (int i = 0; i < 2 && !k->dead; i++)
                push(k, &k->d[i], now);
            if (k->dead || (k->d[0].shut && k->d[1].shut)) {
                drop(s);
                continue;
            }
            for (int i = 0; i < 2; i++) {
                struct dir *in = &k->d[i], *out = &k->d[1 - i];  /* read from fd[i], write to it */
                short ev = 0;
                if (!in->eof && in->queued < QUEUE_CAP)
                    ev |= POLLIN;
                if (out->blocked)
                    ev |= POLLOUT;
                else if (out->head && out->head->due_ns < next)
                    next = out->head->due_ns;
                pdir[nfd] = in, pconn[nfd] = k;
                /* nothing wanted: not polled, or a hung-up socket would spin */
                pfd[nfd++] = (struct pollfd){.fd = ev ? k->fd[i] : -1, .events = ev};
            }
        }
        struct timespec ts, *tp = NULL;
        if (next != UINT64_MAX) {
            uint64_t wait = next > now ? next - now : 0;
            ts.tv_sec = (time_t)(wait / 1000000000u);
            ts.tv_nsec = (long)(wait % 1000000000u);
            tp = &ts;
        }
        int n = ppoll(pfd, (nfds_t)nfd, tp, NULL);
        if (n < 0 && errno != EINTR)
            die("ppoll");
        if (n <= 0)
            continue;
        if (pfd[0].revents & POLLIN)
            accept_one(lfd, argv[4], atoi(argv[5]));
        for (int i = 1; i < nfd; i++)
            if ((pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) && !pdir[i]->eof)
                pull(pconn[i], pdir[i]);
    }
}
