/* The worker pool of a corpus run: one process per document, so a crash, a hang or a
 * runaway allocation costs that document only.
 *
 * Each worker has two pipes to the parent: one for its result (a tl_worker_msg) and
 * one taking its stdout and stderr, so library noise (Poppler's, Tesseract's, a
 * flood of "out of memory" lines) is kept per document, bounded, instead of poured
 * into the run's stderr.  The parent watches every pipe (any number of workers) and
 * every deadline; a worker also dies with its parent (PR_SET_PDEATHSIG) and stops
 * itself a little after the deadline (alarm), so a killed build leaves nothing
 * running and nothing holding its lock. */
#define _GNU_SOURCE
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LOG_KEEP 4096 /* bytes of a worker's output kept for the catalog */

double tl_run_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct slot {
    pid_t pid; /* 0: free */
    int res_fd, log_fd;
    size_t idx;
    double start;
    tl_worker_msg msg;
    size_t got;         /* bytes of msg read */
    char log[LOG_KEEP]; /* the first bytes of its output */
    size_t nlog, dropped;
} slot;

struct tl_pool {
    int n, running, keep_fd;
    const tl_corpus_opts *o;
    pid_t parent;
    slot *s;
    struct pollfd *pf;
    int *pf_slot;
};

/* AddressSanitizer reserves terabytes of address space for its shadow before main:
 * an address-space limit would fail every allocation, so sanitizer builds go without. */
#if defined(__SANITIZE_ADDRESS__)
#define TL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TL_ASAN 1
#endif
#endif
#ifndef TL_ASAN
#define TL_ASAN 0
#endif

/* A deliberate fault for the crash-isolation tests: TAILAN_CORPUS_FAULT="abort:NAME"
 * or "hang:NAME" makes the worker on a path containing NAME abort or hang. */
static void test_fault(const char *path)
{
    const char *f = getenv("TAILAN_CORPUS_FAULT");
    if (!f)
        return;
    if (!strncmp(f, "abort:", 6) && strstr(path, f + 6))
        abort();
    if (!strncmp(f, "hang:", 5) && strstr(path, f + 5))
        for (;;)
            pause();
}

static long vm_peak_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = 0;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmPeak:", 7))
            kb = strtol(line + 7, NULL, 10);
    if (f)
        fclose(f);
    return kb;
}

static void write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

static void worker(const tl_pool *p, const char *in, const char *xml, int res_fd, int log_fd)
{
    /* Die with the build; if it is already gone, do nothing. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != p->parent)
        _exit(0);
    if (p->keep_fd >= 0)
        close(p->keep_fd);
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    close(log_fd);
    const tl_corpus_opts *o = p->o;
    if (o->mem_mb > 0 && !TL_ASAN) {
        struct rlimit rl = { (rlim_t)o->mem_mb << 20, (rlim_t)o->mem_mb << 20 };
        setrlimit(RLIMIT_AS, &rl);
    }
    if (o->timeout_s > 0) {
        /* The parent stops it at the deadline; this holds when the parent cannot. */
        signal(SIGALRM, SIG_DFL);
        alarm((unsigned)o->timeout_s + 2);
        struct rlimit cpu = { (rlim_t)o->timeout_s + 2, (rlim_t)o->timeout_s + 3 };
        setrlimit(RLIMIT_CPU, &cpu);
    }
    test_fault(in);
    tl_worker_msg m = { 0, 0, "" };
    tl_error err = { 0 };
    m.code = (int)tl_convert_file(in, xml, &o->convert, &err);
    snprintf(m.msg, sizeof m.msg, "%s", m.code ? err.msg : "");
    m.vm_peak_kb = vm_peak_kb();
    fflush(NULL);
    write_all(res_fd, &m, sizeof m);
    _exit(0);
}

tl_pool *tl_pool_new(int jobs, const tl_corpus_opts *o, int keep_fd)
{
    tl_pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->n = jobs > 0 ? jobs : 1;
    p->o = o;
    p->keep_fd = keep_fd;
    p->parent = getpid();
    p->s = calloc((size_t)p->n, sizeof *p->s);
    p->pf = calloc((size_t)p->n * 2, sizeof *p->pf);
    p->pf_slot = calloc((size_t)p->n * 2, sizeof *p->pf_slot);
    if (!p->s || !p->pf || !p->pf_slot) {
        tl_pool_free(p);
        return NULL;
    }
    return p;
}

int tl_pool_free_slot(const tl_pool *p)
{
    for (int j = 0; j < p->n; j++)
        if (!p->s[j].pid)
            return j;
    return -1;
}

int tl_pool_running(const tl_pool *p)
{
    return p->running;
}

tl_code tl_pool_start(tl_pool *p, const char *in, const char *xml, size_t idx, tl_error *err)
{
    int j = tl_pool_free_slot(p);
    if (j < 0)
        return tl_error_set(err, TL_E_INTERNAL, "no free worker slot");
    int res[2], log[2];
    if (pipe2(res, O_CLOEXEC) != 0)
        return tl_error_set(err, TL_E_INTERNAL, "pipe: %s", strerror(errno));
    if (pipe2(log, O_CLOEXEC) != 0) {
        close(res[0]);
        close(res[1]);
        return tl_error_set(err, TL_E_INTERNAL, "pipe: %s", strerror(errno));
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(res[0]);
        close(log[0]);
        worker(p, in, xml, res[1], log[1]);
    }
    close(res[1]);
    close(log[1]);
    if (pid < 0) {
        close(res[0]);
        close(log[0]);
        return tl_error_set(err, TL_E_INTERNAL, "fork: %s", strerror(errno));
    }
    fcntl(log[0], F_SETFL, O_NONBLOCK);
    fcntl(res[0], F_SETFL, O_NONBLOCK);
    slot *s = &p->s[j];
    memset(s, 0, sizeof *s);
    *s = (slot){ .pid = pid, .res_fd = res[0], .log_fd = log[0], .idx = idx, .start = tl_run_clock() };
    p->running++;
    return TL_OK;
}

/* Reads what the worker printed; keeps the first LOG_KEEP bytes.  1 at end of file. */
static int drain_log(slot *s)
{
    char buf[4096];
    for (;;) {
        ssize_t r = read(s->log_fd, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return r == 0;
        size_t room = sizeof s->log - 1 - s->nlog, take = (size_t)r < room ? (size_t)r : room;
        memcpy(s->log + s->nlog, buf, take);
        s->nlog += take;
        s->dropped += (size_t)r - take;
    }
}

/* 1 when the whole message is in, or the pipe is closed. */
static int read_result(slot *s)
{
    for (;;) {
        ssize_t r = read(s->res_fd, (char *)&s->msg + s->got, sizeof s->msg - s->got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r > 0) {
            s->got += (size_t)r;
            if (s->got == sizeof s->msg)
                return 1;
            continue;
        }
        return r == 0;
    }
}

static const char *signame(int sig)
{
    const char *s = strsignal(sig);
    return s ? s : "signal";
}

/* Out of memory shows in many wordings: ours, GLib's, C++'s, Poppler's, cairo's. */
static int says_out_of_memory(const char *s)
{
    static const char *const words[] = { "out of memory", "cannot allocate", "bad_alloc", "failed to allocate",
                                         "memory exhausted", "not enough memory", "insufficient memory",
                                         "Cannot allocate" };
    for (size_t i = 0; s && i < sizeof words / sizeof *words; i++)
        if (strcasestr(s, words[i]))
            return 1;
    return 0;
}

/* How the document went, from what the worker said, how it ended and what it printed. */
static void judge(const tl_pool *p, slot *s, int status, int expired, tl_job_end *e)
{
    const tl_corpus_opts *o = p->o;
    int limited = o->mem_mb > 0 && !TL_ASAN;
    int got = s->got == sizeof s->msg;
    int timed_out = expired || (WIFSIGNALED(status) && (WTERMSIG(status) == SIGALRM || WTERMSIG(status) == SIGXCPU));
    if (got) {
        e->code = s->msg.code;
        snprintf(e->msg, sizeof e->msg, "%s", s->msg.msg);
    } else if (timed_out) {
        e->code = TL_E_LIMIT;
        snprintf(e->msg, sizeof e->msg, "no result after %d s: the worker was stopped", o->timeout_s);
    } else if (WIFSIGNALED(status)) {
        e->code = TL_E_INTERNAL;
        snprintf(e->msg, sizeof e->msg, "the worker crashed (%s)", signame(WTERMSIG(status)));
    } else {
        e->code = TL_E_INTERNAL;
        snprintf(e->msg, sizeof e->msg, "the worker ended without a result (exit %d)",
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
    /* Under a memory limit a failure that says so, or that came within a tenth of the
     * limit, is the limit's doing, whatever the library made of it ("no content",
     * "damaged image", a crash). */
    long limit_kb = o->mem_mb * 1024;
    if (limited && e->code != TL_OK && !timed_out &&
        (says_out_of_memory(e->msg) || says_out_of_memory(s->log) ||
         (got && s->msg.vm_peak_kb >= limit_kb - limit_kb / 10))) {
        e->code = TL_E_MEMORY;
        snprintf(e->msg, sizeof e->msg, "out of memory under the %ld MB limit (--memory)", o->mem_mb);
    }
}

static void finish(tl_pool *p, int j, int expired, tl_job_end *e)
{
    slot *s = &p->s[j];
    if (expired)
        kill(s->pid, SIGKILL);
    int status = 0;
    while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
        ;
    /* What it wrote before it ended; not waiting for the end of the pipe, which a
     * helper process it started may still hold. */
    drain_log(s);
    read_result(s);
    s->log[s->nlog] = 0;
    memset(e, 0, sizeof *e);
    e->idx = s->idx;
    e->seconds = tl_run_clock() - s->start;
    judge(p, s, status, expired, e);
    if (s->nlog) {
        size_t cap = s->nlog + 64;
        e->log = malloc(cap);
        if (e->log)
            snprintf(e->log, cap, s->dropped ? "%s\n[... %zu more bytes]" : "%s", s->log, s->dropped);
    }
    close(s->res_fd);
    close(s->log_fd);
    s->pid = 0;
    p->running--;
}

size_t tl_pool_wait(tl_pool *p, tl_job_end *ends)
{
    int np = 0;
    double t = tl_run_clock(), wait = 0.2;
    for (int j = 0; j < p->n; j++) {
        slot *s = &p->s[j];
        if (!s->pid)
            continue;
        p->pf[np] = (struct pollfd){ s->res_fd, POLLIN, 0 };
        p->pf_slot[np++] = j;
        p->pf[np] = (struct pollfd){ s->log_fd, POLLIN, 0 };
        p->pf_slot[np++] = j;
        if (p->o->timeout_s > 0) {
            double left = s->start + p->o->timeout_s - t;
            if (left < wait)
                wait = left > 0 ? left : 0;
        }
    }
    if (np)
        poll(p->pf, (nfds_t)np, (int)(wait * 1000) + 1);
    size_t n = 0;
    t = tl_run_clock();
    for (int q = 0; q < np; q += 2) {
        int j = p->pf_slot[q];
        slot *s = &p->s[j];
        if (p->pf[q + 1].revents)
            drain_log(s);
        int done = p->pf[q].revents ? read_result(s) : 0;
        int expired = !done && p->o->timeout_s > 0 && t - s->start >= p->o->timeout_s;
        if (done || expired)
            finish(p, j, expired, &ends[n++]);
    }
    return n;
}

void tl_pool_free(tl_pool *p)
{
    if (!p)
        return;
    for (int j = 0; p->s && j < p->n; j++)
        if (p->s[j].pid) {
            kill(p->s[j].pid, SIGKILL);
            waitpid(p->s[j].pid, NULL, 0);
            close(p->s[j].res_fd);
            close(p->s[j].log_fd);
        }
    free(p->s);
    free(p->pf);
    free(p->pf_slot);
    free(p);
}
