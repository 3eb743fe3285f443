/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scanned pages of one document read on several threads and placed in page order
 * (ocr.h).  Reading a page (Tesseract, about 2 s at 300 dpi) touches no document, so
 * each thread reads with a recogniser of its own; placing (layout, the carry from
 * page to page, the document's blocks) stays on the caller's thread, in order.  At
 * most threads + 1 pages wait unplaced, so memory stays a few page images. */
#include "extract.h"
#include "ocr.h"

#include "lept.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>


typedef struct job {
    PIX *pix;
    int dpi, number;
    int state; /* WAITING, READING, READ */
    tl_ocr_read *read;
} job;

enum { WAITING, READING, READ };

struct tl_ocr_queue {
    int threads;
    tl_ocr *first; /* opened by the caller: the recogniser's errors are the caller's */
    pthread_t *tid;
    int started;
    pthread_mutex_t lock;
    pthread_cond_t work, done;
    job *jobs; /* unplaced, oldest first: jobs[head .. head + n) in a ring of cap */
    size_t cap, head, n;
    int stop;
};

typedef struct reader_arg {
    tl_ocr_queue *q;
    tl_ocr *ocr; /* NULL: the thread opens its own */
} reader_arg;

static job *job_at(tl_ocr_queue *q, size_t k)
{
    return &q->jobs[(q->head + k) % q->cap];
}

static void *reader(void *p)
{
    reader_arg *a = p;
    tl_ocr_queue *q = a->q;
    tl_ocr *o = a->ocr;
    free(a);
    tl_error e;
    if (!o && tl_ocr_open(&o, &e))
        o = NULL; /* the other threads read: this one takes nothing */
    pthread_mutex_lock(&q->lock);
    while (o) {
        job *j = NULL;
        for (size_t k = 0; k < q->n && !j; k++)
            if (job_at(q, k)->state == WAITING)
                j = job_at(q, k);
        if (!j) {
            if (q->stop)
                break;
            pthread_cond_wait(&q->work, &q->lock);
            continue;
        }
        j->state = READING;
        PIX *pix = j->pix;
        int dpi = j->dpi, number = j->number;
        j->pix = NULL;
        pthread_mutex_unlock(&q->lock);
        tl_ocr_read *r = tl_ocr_read_page(o, pix, dpi, number);
        pixDestroy(&pix);
        pthread_mutex_lock(&q->lock);
        /* still in its place: only a read job is placed and its slot reused */
        j->read = r;
        j->state = READ;
        pthread_cond_broadcast(&q->done);
    }
    pthread_mutex_unlock(&q->lock);
    tl_ocr_close(o);
    return NULL;
}

tl_code tl_ocr_queue_open(tl_ocr_queue **out, tl_error *err)
{
    *out = NULL;
    tl_ocr_queue *q = calloc(1, sizeof *q);
    if (!q)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory starting OCR");
    q->threads = tl_limits_threads();
    tl_code rc = tl_ocr_open(&q->first, err);
    if (rc != TL_OK) {
        free(q);
        return rc;
    }
    if (q->threads > 1) {
        q->cap = (size_t)q->threads + 1;
        q->jobs = calloc(q->cap, sizeof *q->jobs);
        q->tid = calloc((size_t)q->threads, sizeof *q->tid);
        pthread_mutex_init(&q->lock, NULL);
        pthread_cond_init(&q->work, NULL);
        pthread_cond_init(&q->done, NULL);
        for (int t = 0; q->jobs && q->tid && t < q->threads; t++) {
            reader_arg *a = malloc(sizeof *a);
            if (!a)
                break;
            *a = (reader_arg){ q, t == 0 ? q->first : NULL };
            if (pthread_create(&q->tid[t], NULL, reader, a) != 0) {
                free(a);
                break;
            }
            if (t == 0)
                q->first = NULL; /* the thread's now */
            q->started++;
        }
        if (!q->started) { /* no thread: read on the caller's */
            free(q->jobs);
            free(q->tid);
            q->jobs = NULL;
            q->tid = NULL;
            q->threads = 1;
        }
    }
    *out = q;
    return TL_OK;
}

/* Places the oldest page once it is read; the lock is held on entry and on return */
static tl_code place_oldest(tl_ocr_queue *q, tl_doc *doc, tl_layout_carry *carry, tl_error *err)
{
    job *j = job_at(q, 0);
    while (j->state != READ)
        pthread_cond_wait(&q->done, &q->lock);
    tl_ocr_read *r = j->read;
    memset(j, 0, sizeof *j);
    q->head = (q->head + 1) % q->cap;
    q->n--;
    pthread_mutex_unlock(&q->lock);
    tl_code rc = tl_ocr_place(r, doc, carry, err);
    pthread_mutex_lock(&q->lock);
    return rc;
}

tl_code tl_ocr_queue_add(tl_ocr_queue *q, PIX *pix, int dpi, int number, tl_doc *doc, tl_layout_carry *carry,
                         tl_error *err)
{
    if (q->threads == 1) {
        tl_code rc = tl_ocr_page(q->first, pix, dpi, doc, number, carry, err);
        pixDestroy(&pix);
        return rc;
    }
    tl_code rc = TL_OK;
    pthread_mutex_lock(&q->lock);
    while (rc == TL_OK && (q->n == q->cap || (q->n && job_at(q, 0)->state == READ)))
        rc = place_oldest(q, doc, carry, err);
    if (rc == TL_OK) {
        *job_at(q, q->n) = (job){ pix, dpi, number, WAITING, NULL };
        q->n++;
        pix = NULL;
        pthread_cond_signal(&q->work);
    }
    pthread_mutex_unlock(&q->lock);
    pixDestroy(&pix);
    return rc;
}

tl_code tl_ocr_queue_flush(tl_ocr_queue *q, tl_doc *doc, tl_layout_carry *carry, tl_error *err)
{
    if (!q || q->threads == 1)
        return TL_OK;
    tl_code rc = TL_OK;
    pthread_mutex_lock(&q->lock);
    while (rc == TL_OK && q->n)
        rc = place_oldest(q, doc, carry, err);
    pthread_mutex_unlock(&q->lock);
    return rc;
}

void tl_ocr_queue_close(tl_ocr_queue *q)
{
    if (!q)
        return;
    if (q->started) {
        pthread_mutex_lock(&q->lock);
        q->stop = 1;
        /* pages not yet read are dropped; those being read finish */
        for (size_t k = 0; k < q->n; k++)
            if (job_at(q, k)->state == WAITING) {
                pixDestroy(&job_at(q, k)->pix);
                job_at(q, k)->state = READ;
            }
        pthread_cond_broadcast(&q->work);
        pthread_mutex_unlock(&q->lock);
        for (int t = 0; t < q->started; t++)
            pthread_join(q->tid[t], NULL);
        for (size_t k = 0; k < q->n; k++)
            tl_ocr_read_free(job_at(q, k)->read);
        pthread_mutex_destroy(&q->lock);
        pthread_cond_destroy(&q->work);
        pthread_cond_destroy(&q->done);
    }
    tl_ocr_close(q->first);
    free(q->jobs);
    free(q->tid);
    free(q);
}
