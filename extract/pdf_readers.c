/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A PDF's pages read ahead on several threads.  Reading a page (its text, a
 * rendering, the rules) is most of a text PDF's cost and needs nothing from the
 * pages before it; placing it (layout, what a table carries from page to page, the
 * document) does, and stays on the caller's thread, in page order.  Poppler's
 * documents are not shared between threads: each reader opens its own over the same
 * bytes.  Pages are handed out in order and at most 3 x threads + 3 wait to be taken,
 * so memory stays that of a few pages whatever the document's length (a page waiting
 * is its text and rules, not its rendering).  Placing a page now and then takes
 * longer than reading one: with room for one page only, readers sat idle through it
 * (seed004.pdf on 2 cores, perf stat -r 20: 0.197-0.203 s with 2 waiting, 0.176-0.181
 * s with 4 to 17). */
#include "pdf_private.h"
#include "../normalize/normalize.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct slot {
    tl_pdf_page page;
    int ready;
} slot;

struct tl_pdf_readers {
    const tl_source *src;
    int fd;
    pthread_t th[TL_MOST_THREADS];
    int nth;
    pthread_mutex_t lock;
    pthread_cond_t ready, room;
    slot *slots;      /* page index i waits in slots[i % cap] */
    int cap;
    int next, n;      /* the next page index to read; the page count */
    int taken;        /* pages before this one are the caller's */
    int stop;
    int warm;         /* a reader loads the dictionary first (see tl_pdf_readers_start) */
};

/* The next page index to read, or -1 when there is none, the readers stop or the
 * pages read wait to be taken (locked). */
static int claim_locked(tl_pdf_readers *r)
{
    return r->stop || r->next >= r->n || r->next >= r->taken + r->cap ? -1 : r->next++;
}

/* Reads page index i with pd and cv and puts it in its slot (called unlocked). */
static void read_into_slot(tl_pdf_readers *r, PopplerDocument *pd, tl_pdf_canvas *cv, int i)
{
    tl_pdf_page p = { .state = TL_PDF_UNREAD, .number = i + 1 };
    PopplerPage *page = pd ? poppler_document_get_page(pd, i) : NULL;
    if (page) {
        tl_pdf_page_read(page, i + 1, cv, &p);
        g_object_unref(page);
    }
    pthread_mutex_lock(&r->lock);
    r->slots[i % r->cap] = (slot){ p, 1 };
    pthread_cond_broadcast(&r->ready);
    pthread_mutex_unlock(&r->lock);
}

static void *reader(void *arg)
{
    tl_pdf_readers *r = arg;
    tl_heap_advise(); /* this thread's heap, where the caller wants it */
    PopplerDocument *pd = tl_pdf_open(r->src, r->fd, NULL);
    tl_pdf_canvas cv = { 0 };
    pthread_mutex_lock(&r->lock);
    int warm = r->warm;
    r->warm = 0;
    pthread_mutex_unlock(&r->lock);
    if (warm) {
        /* the lexicon and the spelling groups a word of the page asks for */
        static const char word[] = "төлөвлөгөө";
        tl_norm_lexicon_count(word, sizeof word - 1);
        tl_norm_spell_knows(word, sizeof word - 1);
    }
    for (;;) {
        pthread_mutex_lock(&r->lock);
        int i;
        while ((i = claim_locked(r)) < 0 && !r->stop && r->next < r->n)
            pthread_cond_wait(&r->room, &r->lock);
        pthread_mutex_unlock(&r->lock);
        if (i < 0)
            break;
        read_into_slot(r, pd, &cv, i);
    }
    tl_pdf_canvas_free(&cv);
    if (pd)
        g_object_unref(pd);
    return NULL;
}

tl_pdf_readers *tl_pdf_readers_start(const tl_source *src, int fd, int from, int n, int threads, int warm)
{
    if (threads < 1 || from >= n)
        return NULL;
    if (threads > TL_MOST_THREADS)
        threads = TL_MOST_THREADS;
    tl_pdf_readers *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    *r = (tl_pdf_readers){ .src = src, .fd = fd, .cap = 3 * threads + 3, .next = from, .n = n, .taken = from, .warm = warm };
    r->slots = calloc((size_t)r->cap, sizeof *r->slots);
    if (!r->slots) {
        free(r);
        return NULL;
    }
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->ready, NULL);
    pthread_cond_init(&r->room, NULL);
    for (int k = 0; k < threads; k++)
        if (pthread_create(&r->th[r->nth], NULL, reader, r) == 0)
            r->nth++;
    if (!r->nth) {
        tl_pdf_readers_stop(r);
        return NULL;
    }
    return r;
}

void tl_pdf_readers_take(tl_pdf_readers *r, int i, PopplerDocument *pd, tl_pdf_canvas *cv, tl_pdf_page *out)
{
    slot *s = &r->slots[i % r->cap];
    pthread_mutex_lock(&r->lock);
    while (!s->ready) {
        /* rather than wait, read the next page no reader has taken up */
        int j = claim_locked(r);
        if (j < 0) {
            pthread_cond_wait(&r->ready, &r->lock);
            continue;
        }
        pthread_mutex_unlock(&r->lock);
        read_into_slot(r, pd, cv, j);
        pthread_mutex_lock(&r->lock);
    }
    *out = s->page;
    *s = (slot){ 0 };
    r->taken = i + 1;
    pthread_cond_broadcast(&r->room);
    pthread_mutex_unlock(&r->lock);
}

void tl_pdf_readers_stop(tl_pdf_readers *r)
{
    if (!r)
        return;
    pthread_mutex_lock(&r->lock);
    r->stop = 1;
    pthread_cond_broadcast(&r->room);
    pthread_mutex_unlock(&r->lock);
    for (int k = 0; k < r->nth; k++)
        pthread_join(r->th[k], NULL);
    for (int k = 0; k < r->cap; k++)
        if (r->slots[k].ready)
            tl_pdf_page_free(&r->slots[k].page);
    pthread_cond_destroy(&r->room);
    pthread_cond_destroy(&r->ready);
    pthread_mutex_destroy(&r->lock);
    free(r->slots);
    free(r);
}
