/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The worker pool of a corpus run: long-lived worker processes, forked from the
 * parent once it holds the normalizer's data, each taking documents one after another
 * over a pipe and sending back what the catalog needs (tl_harvest), so the parent
 * neither forks per document nor reads any XML back.  Isolation stays per document: a
 * worker that crashes, hangs past the deadline or runs out of memory costs the
 * document it was on; it is replaced, and the document recorded with the reason.  A
 * worker retires after RECYCLE documents or past RECYCLE_RSS_MB resident (what a
 * long run's fragmentation and caches would otherwise keep).
 *
 * Each worker has three pipes: jobs in, results out, and one taking its stdout and
 * stderr, so library noise (Poppler's, Tesseract's, a flood of "out of memory" lines)
 * is kept per document, bounded, instead of poured into the run's stderr.  The
 * parent watches every busy worker's pipes and deadline; a worker also dies with its
 * parent (PR_SET_PDEATHSIG) and stops itself a little after a document's deadline
 * (alarm, and a CPU limit moved on per document), so a killed build leaves nothing
 * running and nothing holding its lock. */
#define _GNU_SOURCE
#include "run.h"
#include "../extract/extract.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LOG_KEEP 4096 /* bytes of a worker's output kept for the catalog */
#define RECYCLE 200
#define RECYCLE_RSS_MB 1024

double tl_run_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct slot {
    pid_t pid;                /* 0: no worker */
    int job_fd, res_fd, log_fd;
    size_t docs;              /* documents it has taken */
    int busy;
    size_t idx;
    double start;
    tl_worker_msg msg;
    size_t got;               /* bytes of msg read */
    char *payload;            /* msg.payload_len bytes follow msg */
    size_t pgot;
    char log[LOG_KEEP];       /* the first bytes of its output on this document */
    size_t nlog, dropped;
} slot;

struct tl_pool {
    int n, running, keep_fd;
    size_t started, recycle;
    struct sigaction old_sigpipe; /* restored at the end: a dead worker's pipe is EPIPE, not death */
    int sigpipe_set;
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
    const char *f = tl_hook("TAILAN_CORPUS_FAULT");
    if (!f)
        return;
    if (!strncmp(f, "abort:", 6) && strstr(path, f + 6))
        abort();
    if (!strncmp(f, "hang:", 5) && strstr(path, f + 5))
        for (;;)
            pause();
}

/* VmPeak and VmRSS of this process, in kB */
static void vm_kb(long *peak, long *rss)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    *peak = *rss = 0;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmPeak:", 7))
            *peak = strtol(line + 7, NULL, 10);
        else if (!strncmp(line, "VmRSS:", 6))
            *rss = strtol(line + 6, NULL, 10);
    if (f)
        fclose(f);
}

static int read_all(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* One document in a worker: converted, and what the catalog keeps read off its XML */
static void work_one(const tl_corpus_opts *o, const char *in, const char *xml, int res_fd)
{
    if (o->timeout_s > 0) {
        /* The parent stops it at the deadline; these hold when the parent cannot. */
        alarm((unsigned)o->timeout_s + 2);
        struct rusage ru;
        struct rlimit cpu;
        getrusage(RUSAGE_SELF, &ru);
        getrlimit(RLIMIT_CPU, &cpu);
        rlim_t soft = (rlim_t)ru.ru_utime.tv_sec + (rlim_t)ru.ru_stime.tv_sec + (rlim_t)o->timeout_s + 3;
        if (cpu.rlim_max == RLIM_INFINITY || soft < cpu.rlim_max) {
            cpu.rlim_cur = soft;
            setrlimit(RLIMIT_CPU, &cpu);
        }
    }
    test_fault(in);
    tl_worker_msg m = { 0 };
    tl_error err = { 0 };
    tl_harvest h = { 0 };
    char *payload = NULL, *text = NULL;
    size_t plen = 0, tlen = 0;
    char *review = o->review ? tl_corpus_review_dir(o->out, xml) : NULL;
    m.code = (int)tl_convert_file_review(in, xml, review, &o->convert, &text, &tlen, &err);
    if (m.code != TL_OK && review)
        tl_remove_tree(review);
    free(review);
    snprintf(m.msg, sizeof m.msg, "%s", m.code ? err.msg : "");
    /* read off the text written, not the file again */
    if (m.code == TL_OK && (tl_harvest_xml(text, tlen, &h) || tl_harvest_pack(&h, &payload, &plen))) {
        m.code = TL_E_OUTPUT;
        snprintf(m.msg, sizeof m.msg, "the XML written cannot be read back");
    }
    free(text);
    tl_harvest_free(&h);
    m.payload_len = plen;
    vm_kb(&m.vm_peak_kb, &m.rss_kb);
    alarm(0);
    fflush(NULL);
    write_all(res_fd, &m, sizeof m);
    write_all(res_fd, payload, plen);
    free(payload);
}

/* A worker's life: jobs until the parent closes the pipe */
/* Each worker's temporary files (LibreOffice's copy of a legacy file, its profile)
 * go into a folder of its own, which the build removes once the worker is gone: a
 * worker killed at the deadline cleans nothing up itself. */
static void worker_tmp(char *out, size_t cap, pid_t pid)
{
    snprintf(out, cap, "%s/tailan-worker-%ld", tl_extract_scratch(), (long)pid);
}

static void remove_worker_tmp(pid_t pid)
{
    char dir[4200];
    worker_tmp(dir, sizeof dir, pid);
    tl_remove_tree(dir);
}

static void worker(const tl_pool *p, int self, int job_fd, int res_fd, int log_fd)
{
    /* Die with the build; if it is already gone, do nothing. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != p->parent)
        _exit(0);
    if (p->keep_fd >= 0)
        close(p->keep_fd);
    /* the other workers' pipes: held here, a retired worker would never see its end */
    for (int j = 0; j < p->n; j++)
        if (j != self && p->s[j].pid) {
            close(p->s[j].job_fd);
            close(p->s[j].res_fd);
            close(p->s[j].log_fd);
        }
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    close(log_fd);
    const tl_corpus_opts *o = p->o;
    if (o->mem_mb > 0 && !TL_ASAN) {
        /* the parent's free heap (the CLI keeps some: cli/main.c) is no room of the
         * worker's: without this a limit under it would never be met */
        malloc_trim(0);
        struct rlimit rl = { (rlim_t)o->mem_mb << 20, (rlim_t)o->mem_mb << 20 };
        setrlimit(RLIMIT_AS, &rl);
    }
    signal(SIGALRM, SIG_DFL);
    char tmp[4200];
    worker_tmp(tmp, sizeof tmp, getpid());
    if (mkdir(tmp, 0700) == 0)
        tl_extract_set_scratch(tmp);
    /* the run has a worker per core already: a scan's pages are read on the cores
     * the workers leave (one each, unless fewer workers than cores) */
    tl_limits lim = *tl_limits_get();
    if (lim.ocr_threads <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        lim.ocr_threads = cores > p->n ? (int)(cores / p->n) : 1;
        tl_limits_set(&lim);
    }
    for (;;) {
        uint32_t len[2];
        if (read_all(job_fd, len, sizeof len) || len[0] > 1u << 20 || len[1] > 1u << 20)
            _exit(0);
        char *in = malloc((size_t)len[0] + 1), *xml = malloc((size_t)len[1] + 1);
        if (!in || !xml || read_all(job_fd, in, len[0]) || read_all(job_fd, xml, len[1]))
            _exit(0);
        in[len[0]] = 0;
        xml[len[1]] = 0;
        work_one(o, in, xml, res_fd);
        free(in);
        free(xml);
    }
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
    /* TAILAN_CORPUS_RECYCLE=N retires workers after N documents (for the tests) */
    const char *rec = tl_hook("TAILAN_CORPUS_RECYCLE");
    p->recycle = rec && atoi(rec) > 0 ? (size_t)atoi(rec) : RECYCLE;
    struct sigaction ign = { .sa_handler = SIG_IGN };
    sigemptyset(&ign.sa_mask);
    p->sigpipe_set = sigaction(SIGPIPE, &ign, &p->old_sigpipe) == 0;
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
        if (!p->s[j].busy)
            return j;
    return -1;
}

int tl_pool_running(const tl_pool *p)
{
    return p->running;
}

size_t tl_pool_started(const tl_pool *p)
{
    return p->started;
}

/* After the worker was reaped. */
static void close_worker(slot *s)
{
    if (s->job_fd >= 0)
        close(s->job_fd);
    close(s->res_fd);
    close(s->log_fd);
    remove_worker_tmp(s->pid);
    s->pid = 0;
    s->docs = 0;
}

static tl_code spawn(tl_pool *p, int j, tl_error *err)
{
    int job[2], res[2], log[2];
    if (pipe2(job, O_CLOEXEC) != 0)
        return tl_error_set(err, TL_E_INTERNAL, "pipe: %s", strerror(errno));
    if (pipe2(res, O_CLOEXEC) != 0) {
        close(job[0]);
        close(job[1]);
        return tl_error_set(err, TL_E_INTERNAL, "pipe: %s", strerror(errno));
    }
    if (pipe2(log, O_CLOEXEC) != 0) {
        close(job[0]);
        close(job[1]);
        close(res[0]);
        close(res[1]);
        return tl_error_set(err, TL_E_INTERNAL, "pipe: %s", strerror(errno));
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(job[1]);
        close(res[0]);
        close(log[0]);
        worker(p, j, job[0], res[1], log[1]);
    }
    close(job[0]);
    close(res[1]);
    close(log[1]);
    if (pid < 0) {
        close(job[1]);
        close(res[0]);
        close(log[0]);
        return tl_error_set(err, TL_E_INTERNAL, "fork: %s", strerror(errno));
    }
    fcntl(log[0], F_SETFL, O_NONBLOCK);
    fcntl(res[0], F_SETFL, O_NONBLOCK);
    slot *s = &p->s[j];
    *s = (slot){ .pid = pid, .job_fd = job[1], .res_fd = res[0], .log_fd = log[0] };
    p->started++;
    return TL_OK;
}

tl_code tl_pool_start(tl_pool *p, const char *in, const char *xml, size_t idx, tl_error *err)
{
    int j = tl_pool_free_slot(p);
    if (j < 0)
        return tl_error_set(err, TL_E_INTERNAL, "no free worker slot");
    slot *s = &p->s[j];
    if (!s->pid) {
        tl_code rc = spawn(p, j, err);
        if (rc != TL_OK)
            return rc;
    }
    uint32_t len[2] = { (uint32_t)strlen(in), (uint32_t)strlen(xml) };
    /* a worker that died idle shows here (EPIPE; SIGPIPE is ignored): one more try */
    for (int tries = 0;; tries++) {
        if (write_all(s->job_fd, len, sizeof len) == 0 && write_all(s->job_fd, in, len[0]) == 0 &&
            write_all(s->job_fd, xml, len[1]) == 0)
            break;
        kill(s->pid, SIGKILL);
        waitpid(s->pid, NULL, 0);
        close_worker(s);
        tl_code rc = tries ? tl_error_set(err, TL_E_INTERNAL, "a new worker takes no job: %s", strerror(errno))
                           : spawn(p, j, err);
        if (rc != TL_OK)
            return rc;
    }
    s->busy = 1;
    s->idx = idx;
    s->start = tl_run_clock();
    s->got = s->pgot = s->nlog = s->dropped = 0;
    s->docs++;
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

/* 1 when the whole message and its payload are in, -1 when the pipe closed first,
 * 0 while more is to come. */
static int read_result(slot *s)
{
    for (;;) {
        char *to;
        size_t want;
        if (s->got < sizeof s->msg) {
            to = (char *)&s->msg + s->got;
            want = sizeof s->msg - s->got;
        } else if (s->pgot < s->msg.payload_len) {
            if (!s->payload && s->msg.payload_len > (size_t)1 << 31)
                return -1; /* no worker sends that much */
            if (!s->payload && !(s->payload = malloc(s->msg.payload_len)))
                return -1;
            to = s->payload + s->pgot;
            want = s->msg.payload_len - s->pgot;
        } else {
            return 1;
        }
        ssize_t r = read(s->res_fd, to, want);
        if (r < 0 && errno == EINTR)
            continue;
        if (r > 0) {
            if (s->got < sizeof s->msg)
                s->got += (size_t)r;
            else
                s->pgot += (size_t)r;
            continue;
        }
        return r == 0 ? -1 : 0;
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
    int got = s->got == sizeof s->msg && s->pgot == s->msg.payload_len;
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

/* The document on worker j has ended: its result in (done), or the worker gone or
 * past the deadline (expired), in which case it is stopped and replaced later. */
static void finish(tl_pool *p, int j, int done, int expired, tl_job_end *e)
{
    slot *s = &p->s[j];
    int status = 0;
    if (!done) {
        if (expired)
            kill(s->pid, SIGKILL);
        while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
            ;
    }
    /* What it wrote before its result or its end; not waiting for the end of the
     * pipe, which a helper process it started may still hold. */
    drain_log(s);
    if (!done)
        read_result(s);
    s->log[s->nlog] = 0;
    memset(e, 0, sizeof *e);
    e->idx = s->idx;
    e->seconds = tl_run_clock() - s->start;
    judge(p, s, status, expired, e);
    if (e->code == TL_OK && done &&
        tl_harvest_unpack(s->payload ? s->payload : "", s->msg.payload_len, &e->harvest) != 0) {
        e->code = TL_E_OUTPUT;
        snprintf(e->msg, sizeof e->msg, "the worker's account of the XML is damaged");
    }
    if (s->nlog) {
        size_t cap = s->nlog + 64;
        e->log = malloc(cap);
        if (e->log)
            snprintf(e->log, cap, s->dropped ? "%s\n[... %zu more bytes]" : "%s", s->log, s->dropped);
    }
    free(s->payload);
    s->payload = NULL;
    s->busy = 0;
    p->running--;
    long limit_kb = p->o->mem_mb > 0 && !TL_ASAN ? p->o->mem_mb * 1024 : 0;
    int retire = done && (s->docs >= p->recycle || s->msg.rss_kb > RECYCLE_RSS_MB * 1024L ||
                          (limit_kb && s->msg.vm_peak_kb > limit_kb / 2));
    if (retire) { /* its job pipe closed, it ends */
        close(s->job_fd);
        s->job_fd = -1;
        while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    if (!done || retire)
        close_worker(s);
}

size_t tl_pool_wait(tl_pool *p, tl_job_end *ends)
{
    int np = 0;
    double t = tl_run_clock(), wait = 0.2;
    for (int j = 0; j < p->n; j++) {
        slot *s = &p->s[j];
        if (!s->busy)
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
        int got = p->pf[q].revents ? read_result(s) : 0;
        int expired = !got && p->o->timeout_s > 0 && t - s->start >= p->o->timeout_s;
        if (got || expired)
            finish(p, j, got == 1, expired, &ends[n++]);
    }
    return n;
}

void tl_pool_free(tl_pool *p)
{
    if (!p)
        return;
    /* idle workers end on their closed job pipe; busy ones are stopped */
    for (int j = 0; p->s && j < p->n; j++)
        if (p->s[j].pid) {
            close(p->s[j].job_fd);
            if (p->s[j].busy)
                kill(p->s[j].pid, SIGKILL);
        }
    for (int j = 0; p->s && j < p->n; j++)
        if (p->s[j].pid) {
            while (waitpid(p->s[j].pid, NULL, 0) < 0 && errno == EINTR)
                ;
            remove_worker_tmp(p->s[j].pid);
            close(p->s[j].res_fd);
            close(p->s[j].log_fd);
            free(p->s[j].payload);
        }
    if (p->sigpipe_set)
        sigaction(SIGPIPE, &p->old_sigpipe, NULL);
    free(p->s);
    free(p->pf);
    free(p->pf_slot);
    free(p);
}
