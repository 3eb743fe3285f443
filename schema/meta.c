/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Document metadata from the paragraphs around the tables: title, kind, year,
 * organisation, date, act number, place and signatories.  A paragraph taken into
 * the metadata is marked consumed so it is written once, there. */
#include "private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Words of two letters or more in s[0..n). */
static int words_in(const char *s, size_t n)
{
    int words = 0, run = 0;
    for (size_t i = 0; i <= n; i++) {
        unsigned char c = i < n ? (unsigned char)s[i] : ' ';
        if (c >= 0x80 ? (c & 0xC0) != 0x80 : ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
            run++;
        else if (c < 0x80) {
            words += run >= 2;
            run = 0;
        }
    }
    return words;
}

#define HEADLINE_VERB_LETTERS 5 /* "боллоо": a verb, not a short word ending alike */

/* Whether a lowered title is a news headline: a sentence ending in a verb in the
 * past ("... сургалт зохион байгууллаа", "ТӨЛӨВЛӨГӨӨ БАТЛАГДЛАА"; markers.tsv
 * pastverb), where a plan's, a report's or an act's title ends in a noun. */
static int headline(const char *low)
{
    size_t n = strlen(low);
    while (n && strchr(" .!\n", low[n - 1]))
        n--;
    size_t w = n;
    while (w && low[w - 1] != ' ' && low[w - 1] != '\n')
        w--;
    char *last = tl_strndup(low + w, n - w);
    if (!last || tl_str_chars(last) < HEADLINE_VERB_LETTERS) {
        free(last);
        return 0;
    }
    const tl_marker *m;
    size_t count = tl_markers("pastverb", &m), ll = strlen(last);
    int yes = 0;
    for (size_t i = 0; i < count && !yes; i++) {
        size_t pl = strlen(m[i].pattern);
        yes = ll > pl && strcmp(last + ll - pl, m[i].pattern) == 0;
    }
    free(last);
    return yes;
}

static char *title_without_furniture(const char *t);

static void title_facts(tl_meta *meta)
{
    free(meta->title_clean);
    meta->title_clean = title_without_furniture(tl_meta_title_written(meta));
    const char *t = tl_meta_title(meta);
    char *sq = tl_str_squash(t);
    char *low = sq ? tl_lower(sq) : NULL;
    if (low) {
        const tl_marker *k = tl_marker_find("kind", low, 0);
        meta->kind = headline(low) ? "news" : k ? k->value : NULL;
        for (const char *p = low; *p; p++)
            if ((p == low || p[-1] == ' ') && (p[0] == '1' || p[0] == '2') &&
                p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' && p[3] >= '0' &&
                p[3] <= '9' && (p[4] == ' ' || !p[4])) {
                int y = atoi(p);
                if (y >= 1990 && y <= 2100) {
                    meta->year = y;
                    break;
                }
            }
        /* The organisation is what the title says before its subject, or before the
         * year when the word there is a body's ("... ХЭЛТСИЙН 2024 ОНЫ ... ТАЙЛАН"; a
         * programme's name before its year is none: "ХӨТӨЛБӨРИЙН 2024 ОНЫ"). */
        if (strlen(low) == strlen(sq)) {
            const tl_marker *m;
            size_t n = tl_markers("orgend", &m);
            const char *cut = NULL;
            for (size_t i = 0; i < n; i++) {
                const char *at = strstr(low, m[i].pattern);
                if (at && (!cut || at < cut))
                    cut = at;
            }
            if (!cut && meta->year)
                cut = tl_body_before_year(low, meta->year);
            if (cut && cut - low > 8)
                meta->organization = tl_body_name(sq, (size_t)(cut - low));
            else
                meta->organization = tl_body_of_title(sq);
        }
    }
    free(sq);
    free(low);
}

#define DATE_LINE_WORDS 3 /* words a date's line may hold beside it: a place, "өдөр" */

/* What a date's line holds beside the date, as words (time, counters, brackets and
 * dashes are not words): "Багахангай дүүрэг" in "2018.12.13    Багахангай дүүрэг". */
static char *beside_date(const char *t, const tl_date *d, int *words)
{
    char *rest = malloc(strlen(t) + 2);
    if (!rest)
        return NULL;
    size_t k = 0;
    *words = 0;
    for (int part = 0; part < 2; part++) {
        const char *p = part ? t + d->to : t, *end = part ? t + strlen(t) : t + d->from;
        while (p < end) {
            while (p < end && (*p == ' ' || *p == '\t' || strchr("/-|()[]•.,:;", *p) || (*p >= '0' && *p <= '9') ||
                               ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80)))
                p += (unsigned char)p[0] == 0xE2 ? 3 : 1;
            if (p >= end)
                break;
            const char *w = p;
            while (p < end && *p != ' ' && *p != '\t')
                p++;
            if (k)
                rest[k++] = ' ';
            memcpy(rest + k, w, (size_t)(p - w));
            k += (size_t)(p - w);
            (*words)++;
        }
    }
    rest[k] = '\0';
    return rest;
}

/* Whether paragraph b (one line) is the document's date, set in meta if so: a date
 * at the start of the line, or anywhere on it with no more than a place or a word
 * beside it (a sentence that mentions a date is not one).  Without its year, the
 * month and day are kept only above the first table (a heading's, where OCR lost
 * the year). */
/* The date of a line that holds one and little else, and what stands beside it
 * (*rest, the caller frees; *words of it); 0 when the line is not a date's. */
static int dated_line(const char *t, tl_date *d, char **rest, int *words)
{
    *rest = NULL;
    if (strchr(t, '\n') || !tl_date_find(t, d))
        return 0;
    *rest = beside_date(t, d, words);
    size_t lead = strspn(t, " \t-/(");
    if (!*rest || (d->from > lead && *words > DATE_LINE_WORDS) || *words > DATE_LINE_WORDS + 3) {
        free(*rest);
        *rest = NULL;
        return 0;
    }
    return 1;
}

static int date_line(tl_meta *meta, const tl_block *b, int heading)
{
    const char *t = b->para.text;
    tl_date d;
    int words = 0;
    char *rest = NULL;
    if (!dated_line(t, &d, &rest, &words) || (!d.year && !heading)) {
        free(rest);
        return 0;
    }
    char v[16];
    if (d.year) {
        snprintf(v, sizeof v, "%04d-%02d-%02d", d.year, d.month, d.day);
        meta->date_iso = tl_strdup(v);
        if (!meta->year)
            meta->year = d.year;
    } else {
        snprintf(v, sizeof v, "--%02d-%02d", d.month, d.day);
        meta->date_month_day = tl_strdup(v);
    }
    meta->date = b;
    /* a place beside it: two or three words, the last a kind of place ("дүүрэг") */
    char *low = words >= 2 && words <= 3 ? tl_lower(rest) : NULL;
    size_t ll = low ? strlen(low) : 0;
    const tl_marker *m;
    size_t n = tl_markers("place", &m);
    for (size_t k = 0; low && k < n && !meta->date_place; k++) {
        size_t pl = strlen(m[k].pattern);
        if (ll > pl && strcmp(low + ll - pl, m[k].pattern) == 0 && low[ll - pl - 1] == ' ')
            meta->date_place = tl_strdup(rest);
    }
    free(low);
    free(rest);
    return 1;
}

/* Whether a paragraph can be the document's title: two words at least (a back link
 * "« Буцах", a "SHARE" button, a page counter "44 - 1 -" are not), not a date's line,
 * not a signature or approval block ("БАТЛАВ. ЗАСАГ ДАРГА ..."). */
static int title_worthy(const char *t)
{
    if (words_in(t, strlen(t)) < 2)
        return 0;
    tl_date d;
    char *rest = NULL;
    int dw = 0, dated = dated_line(t, &d, &rest, &dw);
    free(rest);
    if (dated)
        return 0;
    const char *nl = strchr(t, '\n');
    char *first = nl ? tl_strndup(t, (size_t)(nl - t)) : tl_strdup(t);
    int signs = first && tl_meta_role(first);
    free(first);
    return !signs;
}

const char *tl_meta_title_written(const tl_meta *m)
{
    return m->title_text ? m->title_text : m->title ? m->title->para.text : NULL;
}

const char *tl_meta_title(const tl_meta *m)
{
    return m->title_clean ? m->title_clean : tl_meta_title_written(m);
}

#define FURNITURE_WORDS 2 /* a piece of the title line with fewer words is furniture */

/* The title without the page furniture a saved page puts on its line: the line is
 * cut at " • ", " | ", " > ", " » " (a view counter and time, a breadcrumb, a phone
 * number), pieces of fewer than two words go ("13:17", "2842", "Нүүр", "Утас:
 * 70151234"), and the longest piece left is the title.  NULL when nothing goes. */
static char *title_without_furniture(const char *t)
{
    static const char *const cuts[] = { " • ", " | ", " > ", " » " };
    const char *best = NULL;
    size_t best_len = 0;
    int pieces = 0, dropped = 0;
    for (const char *p = t; *p;) {
        const char *e = NULL;
        size_t cl = 0;
        for (size_t k = 0; k < sizeof cuts / sizeof *cuts; k++) {
            const char *f = strstr(p, cuts[k]);
            if (f && (!e || f < e))
                e = f, cl = strlen(cuts[k]);
        }
        size_t n = e ? (size_t)(e - p) : strlen(p);
        pieces++;
        if (words_in(p, n) < FURNITURE_WORDS)
            dropped++;
        else if (n > best_len)
            best = p, best_len = n;
        p = e ? e + cl : p + n;
    }
    if (!best || !dropped || pieces < 2)
        return NULL;
    char *clean = tl_strndup(best, best_len);
    char *sq = clean ? tl_str_squash(clean) : NULL;
    free(clean);
    return sq;
}

#define TITLE_MORE 2            /* paragraphs a title may run on over */
#define TITLE_MORE_LETTERS 120  /* each of them at most */

/* Whether a paragraph is a place alone ("УЛААНБААТАР ХОТ"): a line the place rule
 * below would take. */
static int place_alone(const char *t)
{
    char *low = tl_lower(t);
    if (!low)
        return 0;
    int words = 1;
    for (const char *p = low; *p; p++)
        words += *p == ' ';
    size_t ll = strlen(low);
    const tl_marker *m;
    size_t n = tl_markers("place", &m);
    int hit = 0;
    for (size_t k = 0; words <= 3 && k < n && !hit; k++) {
        size_t pl = strlen(m[k].pattern);
        hit = ll > pl && strcmp(low + ll - pl, m[k].pattern) == 0 && low[ll - pl - 1] == ' ';
    }
    free(low);
    return hit;
}

/* A title set over two or three paragraphs ("ДОРНОГОВЬ АЙМГИЙН ... ХЭЛТСИЙН" over
 * "2024 ОНЫ ТӨЛӨВЛӨГӨӨНИЙ ХЭРЭГЖИЛТ"): the paragraphs right after the title's
 * first, short and set as it is (both headings, or both in capitals), that are no
 * date, place, signature, numbered item or sentence of their own, join it. */
static void title_more(const tl_doc *doc, tl_meta *meta, unsigned char *consumed, size_t i)
{
    const tl_block *t = meta->title;
    for (size_t j = i + 1, more = 0; j < doc->nblocks && more < TITLE_MORE; j++, more++) {
        const tl_block *b = &doc->blocks[j];
        if (b->chrome || b->kind != TL_BLOCK_PARA || consumed[j])
            break;
        const char *x = b->para.text;
        int same = t->heading ? b->heading : !b->heading && tl_text_capitals(t->para.text) && tl_text_capitals(x);
        char *num = tl_number_lead(x, 0, NULL);
        int item = num != NULL;
        free(num);
        size_t xl = strlen(x);
        if (!same || item || tl_str_chars(x) > TITLE_MORE_LETTERS || !title_worthy(x) || place_alone(x) ||
            (xl && strchr(".!?", x[xl - 1])))
            break;
        if (tl_str_append(&meta->title_text, "", meta->title_text ? "" : t->para.text) ||
            tl_str_append(&meta->title_text, "\n", x))
            break;
        consumed[j] = 1;
    }
}

void tl_meta_extract(const tl_doc *doc, tl_meta *meta, unsigned char *consumed)
{
    memset(meta, 0, sizeof *meta);
    size_t first_table = doc->nblocks;
    for (size_t i = 0; i < doc->nblocks; i++)
        if (doc->blocks[i].kind == TL_BLOCK_TABLE) {
            if (first_table == doc->nblocks)
                first_table = i;
        }

    /* Site chrome (a web page's menus) is never the title, nor counts as a block. */
    for (size_t i = 0, seen = 0; i < doc->nblocks && seen < 8 && i < first_table + 1; i++) {
        const tl_block *b = &doc->blocks[i];
        if (b->chrome)
            continue;
        seen++;
        if (b->kind == TL_BLOCK_PARA && (b->heading || tl_text_capitals(b->para.text)) &&
            tl_str_chars(b->para.text) < 600 && title_worthy(b->para.text)) {
            meta->title = b;
            consumed[i] = 1;
            title_more(doc, meta, consumed, i);
            title_facts(meta);
            break;
        }
    }
    if (!meta->title) {
        for (size_t i = 0, seen = 0; i < doc->nblocks && seen < 3; i++) {
            if (doc->blocks[i].chrome)
                continue;
            seen++;
            if (doc->blocks[i].kind == TL_BLOCK_PARA && tl_str_chars(doc->blocks[i].para.text) < 300 &&
                title_worthy(doc->blocks[i].para.text)) {
                meta->title = &doc->blocks[i];
                consumed[i] = 1;
                title_facts(meta);
                break;
            }
        }
    }

    tl_body_own_line(doc, meta, first_table);
    tl_meta_approval(doc, meta, consumed, first_table);

    tl_rx *number = tl_rx_new("^(?:дугаар|№)\\s*([0-9A-Za-zА-Яа-я/-]+)\\s*$");
    for (size_t i = 0; number && i < doc->nblocks; i++) {
        const tl_block *b = &doc->blocks[i];
        if (consumed[i] || b->chrome || b->kind != TL_BLOCK_PARA || tl_str_chars(b->para.text) > TL_META_SHORT_PARA)
            continue;
        const char *t = b->para.text;
        if (!meta->date && date_line(meta, b, i < first_table)) {
            consumed[i] = 1;
            continue;
        }
        if (!meta->number && tl_rx_match(number, t) > 0) {
            meta->number = b;
            meta->number_value = tl_strndup(t + tl_rx_start(number, 1), tl_rx_end(number, 1) - tl_rx_start(number, 1));
            consumed[i] = 1;
            continue;
        }
        if (!meta->place && i < first_table && tl_str_chars(t) < 60 && !strchr(t, '\n')) {
            char *low = tl_lower(t);
            int words = 1;
            for (const char *p = low ? low : ""; *p; p++)
                words += *p == ' ';
            size_t ll = low ? strlen(low) : 0;
            const tl_marker *m;
            size_t n = tl_markers("place", &m);
            for (size_t k = 0; low && words <= 3 && words >= 2 && k < n; k++) {
                size_t pl = strlen(m[k].pattern);
                if (ll > pl && strcmp(low + ll - pl, m[k].pattern) == 0 && low[ll - pl - 1] == ' ') {
                    meta->place = b;
                    consumed[i] = 1;
                    break;
                }
            }
            free(low);
        }
    }
    tl_rx_free(number);
    tl_meta_signatories(doc, meta, consumed, first_table < doc->nblocks ? first_table : 0);
}

void tl_meta_free(tl_meta *meta)
{
    free(meta->title_text);
    free(meta->title_clean);
    free(meta->annex_text);
    free(meta->organization);
    free(meta->date_iso);
    free(meta->date_month_day);
    free(meta->date_place);
    free(meta->annex_date_iso);
    free(meta->number_value);
    for (size_t i = 0; i < meta->nsignatories; i++) {
        free(meta->signatories[i].role);
        free(meta->signatories[i].position);
        free(meta->signatories[i].name);
    }
    free(meta->signatories);
}

