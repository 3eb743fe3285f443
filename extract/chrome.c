/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Site chrome words: see chrome.h. */
#include "chrome.h"
#include "tl_data.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define TITLE_MAX 80    /* bytes: a chrome title is a short line */
#define TAIL_TITLES 3

static void chrome_free(tl_chrome_words *w)
{
    for (size_t i = 0; i < w->ntags; i++)
        free(w->tags[i]);
    for (size_t i = 0; i < w->nwords; i++)
        free(w->words[i]);
    for (size_t i = 0; i < w->ntitles; i++)
        free(w->titles[i]);
    for (size_t i = 0; i < w->nlines; i++)
        free(w->lines[i]);
    free(w->lines);
    free(w->tags);
    free(w->words);
    free(w->titles);
}

static int push_word(char ***v, size_t *n, size_t *cap, const char *s, size_t len)
{
    if (tl_grow((void **)v, cap, *n + 1, sizeof **v))
        return -1;
    (*v)[*n] = tl_strndup(s, len);
    return (*v)[(*n)++] ? 0 : -1;
}

static int chrome_load(tl_chrome_words *w)
{
    const char *s = (const char *)tl_data_html_chrome, *end = s + tl_data_html_chrome_len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end, *tab = memchr(s, '\t', (size_t)(e - s));
        if (*s != '#' && tab) {
            size_t kl = (size_t)(tab - s), vl = (size_t)(e - tab - 1);
            int rc = 0;
            if (kl == 3 && !memcmp(s, "tag", 3))
                rc = push_word(&w->tags, &w->ntags, &w->ctags, tab + 1, vl);
            else if (kl == 4 && !memcmp(s, "word", 4))
                rc = push_word(&w->words, &w->nwords, &w->cwords, tab + 1, vl);
            else if (kl == 4 && !memcmp(s, "line", 4)) {
                char *t = tl_strndup(tab + 1, vl), *low = t ? tl_lower(t) : NULL;
                rc = !low || push_word(&w->lines, &w->nlines, &w->clines, low, strlen(low));
                free(t);
                free(low);
            } else if (kl == 5 && !memcmp(s, "title", 5)) {
                /* Kept lower-cased: paragraphs are compared lower-cased. */
                char *t = tl_strndup(tab + 1, vl), *low = t ? tl_lower(t) : NULL;
                rc = !low || push_word(&w->titles, &w->ntitles, &w->ctitles, low, strlen(low));
                free(t);
                free(low);
            }
            if (rc)
                return -1;
        }
        s = e + 1;
    }
    return 0;
}

static tl_chrome_words words;
static int loaded;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load_once(void)
{
    loaded = chrome_load(&words) == 0;
    if (!loaded)
        chrome_free(&words);
}

const tl_chrome_words *tl_chrome_get(void)
{
    pthread_once(&once, load_once);
    return loaded ? &words : NULL;
}

/* tl_chrome_title and tl_chrome_line on the line already lower-cased. */
static int title_lowered(const tl_chrome_words *w, const char *low)
{
    int hit = 0;
    for (size_t i = 0; i < w->ntitles && !hit; i++)
        hit = !strncmp(low, w->titles[i], strlen(w->titles[i]));
    return hit;
}

static int line_lowered(const tl_chrome_words *w, const char *low);

int tl_chrome_title(const tl_chrome_words *w, const char *text)
{
    if (strlen(text) > TITLE_MAX)
        return 0;
    char *low = tl_lower(text);
    int hit = low && title_lowered(w, low);
    free(low);
    return hit;
}

int tl_chrome_alone(const tl_chrome_words *w, const char *text)
{
    if (strlen(text) > TITLE_MAX)
        return 0;
    char *low = tl_lower(text);
    int hit = low && (line_lowered(w, low) || title_lowered(w, low));
    free(low);
    return hit;
}

void tl_chrome_mark_tail(const tl_chrome_words *w, tl_doc *doc)
{
    size_t titles = 0, from = doc->nblocks;
    for (size_t i = doc->nblocks; i-- > doc->nblocks / 2;) {
        const tl_block *b = &doc->blocks[i];
        if (b->kind == TL_BLOCK_PARA && tl_chrome_title(w, b->para.text)) {
            titles++;
            from = i;
        }
    }
    if (titles < TAIL_TITLES)
        return;
    for (size_t i = from; i < doc->nblocks; i++)
        doc->blocks[i].chrome = TL_CHROME_SITE;
}

/* Whether s[0..n) (lower-cased) is one of the chrome lines, the marks around it
 * aside ("« буцах", "url:"). */
static int chrome_part(const tl_chrome_words *w, const char *s, size_t n)
{
    static const char *marks = " \t\r.:;|/-*";
    while (n && (strchr(marks, *s) || (unsigned char)*s >= 0xC2)) {
        /* marks, and symbols outside the letters ("«", "»", "•", "→") */
        size_t k = (unsigned char)*s < 0x80 ? 1 : (unsigned char)*s < 0xE0 ? 2 : (unsigned char)*s < 0xF0 ? 3 : 4;
        if ((unsigned char)*s >= 0xC2 && ((unsigned char)*s == 0xD0 || (unsigned char)*s == 0xD1 ||
                                           (unsigned char)*s == 0xD2 || (unsigned char)*s == 0xD3))
            break; /* a Cyrillic letter */
        if (k > n)
            break;
        s += k, n -= k;
    }
    while (n && strchr(marks, s[n - 1]))
        n--;
    for (size_t i = 0; n && i < w->nlines; i++)
        if (strlen(w->lines[i]) == n && !memcmp(w->lines[i], s, n))
            return 1;
    return 0;
}

int tl_chrome_line(const tl_chrome_words *w, const char *text)
{
    if (strlen(text) > TITLE_MAX)
        return 0;
    char *low = tl_lower(text);
    int hit = low && line_lowered(w, low);
    free(low);
    return hit;
}

static int line_lowered(const tl_chrome_words *w, const char *low)
{
    /* "Upload / View / Download": each part one */
    int all = 1, parts = 0;
    for (const char *p = low; all;) {
        /* "•" is three bytes, and its 0x80 and 0xA2 are also the tails of "р" and
         * "Т": it is looked for whole, not byte by byte */
        size_t k = strcspn(p, "/|");
        const char *dot = strstr(p, "•");
        if (dot && (size_t)(dot - p) < k)
            k = (size_t)(dot - p);
        const char *q = p;
        size_t m = k;
        while (m && (*q == ' ' || *q == '\t'))
            q++, m--;
        if (m) {
            all = chrome_part(w, q, m);
            parts++;
        }
        if (!p[k])
            break;
        p += k + ((unsigned char)p[k] == 0xE2 ? 3 : 1);
    }
    return all && parts;
}

void tl_chrome_mark_lines(const tl_chrome_words *w, tl_doc *doc)
{
    for (size_t i = 0; i < doc->nblocks; i++) {
        tl_block *b = &doc->blocks[i];
        if (b->kind != TL_BLOCK_PARA || b->chrome)
            continue;
        int all = 1;
        for (const char *p = b->para.text; all && *p;) {
            size_t k = strcspn(p, "\n");
            char *line = tl_strndup(p, k);
            all = line && tl_chrome_line(w, line);
            free(line);
            p += k + (p[k] == '\n');
        }
        if (all)
            b->chrome = TL_CHROME_SITE;
    }
}
