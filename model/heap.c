/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Transparent huge pages for the heap a thread allocates from.
 *
 * A conversion's heap is faulted in 4 KB at a time as it first grows: about 2,000
 * faults for a 61-page PDF on top of the libraries' own.  On a virtual machine a
 * fault costs microseconds (bench/pdf.sh: seed004.pdf 3,100 faults, a third of them
 * the heap's), so the time goes to the kernel, not to reading.  Where the system
 * gives huge pages on request (transparent_hugepage "madvise", Debian's default),
 * a heap advised to use them is faulted 2 MB at a time.  glibc does this itself
 * under GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (same effect here), but a tunable is
 * read from the environment at start, which a program cannot set for itself.
 *
 * Which memory is the heap is not asked of glibc's internals: a small allocation is
 * made and the anonymous read-write mapping that holds it found in
 * /proc/self/maps, with the reserve glibc keeps after a thread's heap (the
 * inaccessible mapping that follows, which the heap grows into).  Anything else (no
 * such file, a named mapping, a sanitizer's allocator) is left as it is. */
#define _GNU_SOURCE
#include "model.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE ((uintptr_t)2 << 20)

/* A sanitizer's allocator keeps its own heap: it is not this one's to advise. */
#if defined(__SANITIZE_ADDRESS__)
#define TL_OWN_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define TL_OWN_ALLOCATOR 1
#endif
#endif

static int wanted;

void tl_heap_huge_pages(int on)
{
    wanted = on;
}

#if defined(MADV_HUGEPAGE) && !defined(TL_OWN_ALLOCATOR)
/* One line of /proc/self/maps: its range, whether read-write private, and whether
 * anonymous (no file; glibc's heaps have none, the main one is "[heap]"). */
typedef struct span {
    uintptr_t lo, hi;
    char perms[8];
    int anon;
} span;

static int parse(const char *line, span *s)
{
    unsigned long lo, hi, off, inode;
    char dev[16];
    int used = 0;
    if (sscanf(line, "%lx-%lx %7s %lx %15s %lu %n", &lo, &hi, s->perms, &off, dev, &inode, &used) < 6)
        return -1;
    const char *name = line + used;
    s->lo = lo, s->hi = hi;
    s->anon = inode == 0 && (name[0] == '\n' || name[0] == '\0' || !strncmp(name, "[heap]", 6));
    return 0;
}

void tl_heap_advise(void)
{
    if (!wanted)
        return;
    void *probe = malloc(64);
    FILE *f = probe ? fopen("/proc/self/maps", "re") : NULL;
    uintptr_t at = (uintptr_t)probe, lo = 0, hi = 0;
    char line[512];
    span s;
    while (f && fgets(line, sizeof line, f)) {
        if (parse(line, &s))
            continue;
        if (!hi && at >= s.lo && at < s.hi) {
            if (!s.anon || strncmp(s.perms, "rw", 2))
                break; /* not a heap this knows */
            lo = s.lo, hi = s.hi;
        } else if (hi) {
            /* a thread heap's reserve: inaccessible, right after it */
            if (s.lo == hi && s.anon && !strncmp(s.perms, "---", 3))
                hi = s.hi;
            break;
        }
    }
    if (f)
        fclose(f);
    free(probe);
    uintptr_t a = (lo + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1), b = hi & ~(HUGE_PAGE - 1);
    if (hi && b > a)
        madvise((void *)a, b - a, MADV_HUGEPAGE); /* a hint: refused, nothing changes */
}
#else
void tl_heap_advise(void)
{
    (void)wanted;
}
#endif
