/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who signs a document (role, position, name) and what it approves: a decree's
 * subject line and the annex note above the document it approves. */
#include "private.h"

#include <stdlib.h>
#include <string.h>

#define SIGN_PARA 300 /* letters */

const tl_marker *tl_meta_role(const char *line)
{
    char *low = tl_lower(line);
    const tl_marker *m = low ? tl_marker_find("role", low, 1) : NULL;
    free(low);
    return m;
}

/* Where the role a line opens with ends: after a colon that follows its words
 * ("ТАЙЛАН НЭГТГЭСЭН: ХЯНАЛТ-ШИНЖИЛГЭЭНИЙ ... ШИНЖЭЭЧ"), else after as many words as
 * its marker has ("Тайланг нэгтгэсэн Хяналт-шинжилгээний ..."); the line's end when
 * nothing follows. */
static size_t role_end(const char *line, const tl_marker *m)
{
    int words = 1;
    for (const char *p = m->pattern; *p; p++)
        words += *p == ' ';
    const char *p = line;
    for (int w = 0; w < words && *p; w++) {
        while (*p == ' ')
            p++;
        while (*p && *p != ' ' && *p != ':')
            p++;
    }
    const char *q = p;
    while (*q == ' ')
        q++;
    return (size_t)((*q == ':' ? q + 1 : p) - line);
}

/* Splits a block of lines into role (the first line, or the words it opens with,
 * when it names one) and the rest. */
static void role_position(const char *text, char **role, char **position)
{
    const char *nl = strchr(text, '\n');
    char *first = nl ? tl_strndup(text, (size_t)(nl - text)) : tl_strdup(text);
    const tl_marker *m = first ? tl_meta_role(first) : NULL;
    size_t end = m ? role_end(first, m) : 0;
    if (m && !tl_str_blank(first + end)) {
        /* the role and the position on one line */
        *role = tl_strndup(first, end);
        const char *rest = first + end;
        while (*rest == ' ')
            rest++;
        *position = NULL;
        if (tl_str_append(position, "", rest) || (nl && !tl_str_blank(nl + 1) && tl_str_append(position, "\n", nl + 1))) {
            free(*position);
            *position = NULL;
        }
        free(first);
    } else if (m) {
        *role = first;
        *position = nl && !tl_str_blank(nl + 1) ? tl_strdup(nl + 1) : NULL;
    } else {
        free(first);
        *role = NULL;
        *position = tl_str_blank(text) ? NULL : tl_strdup(text);
    }
}

static void add_signatory(tl_meta *meta, tl_signatory s)
{
    tl_signatory *p = realloc(meta->signatories, (meta->nsignatories + 1) * sizeof *p);
    if (!p) {
        free(s.role);
        free(s.position);
        free(s.name);
        return;
    }
    meta->signatories = p;
    p[meta->nsignatories++] = s;
}

/* Whether a paragraph opens with a news writer's byline ("Сэтгүүлч Б.Сараа"). */
static int byline(const char *text)
{
    char *low = tl_lower(text);
    const tl_marker *m = low ? tl_marker_find("byline", low, 1) : NULL;
    free(low);
    return m != NULL;
}

/* Signature blocks: a name ("Н.ЦЭНДМАА", "/Д.Энхжаргал/") ending a short paragraph,
 * with role and position before it or in the capitalised paragraphs above.  After
 * the first table any such paragraph counts; before it (a decree signed above its
 * annex, seed 000: "ЗАСАГ ДАРГА" over "А.СҮХБОЛД") only a paragraph that is a
 * capitalised name alone, so a name ending a sentence of prose is not taken. */
void tl_meta_signatories(const tl_doc *doc, tl_meta *meta, unsigned char *consumed, size_t tables_from)
{
    tl_rx *name = tl_rx_new("(?:^|(?<=[\\s/(]))(\\p{Lu}{1,2}\\.\\s?\\p{Lu}[\\p{L}-]+)\\s*/?\\s*$");
    if (!name)
        return;
    for (size_t i = 0; i < doc->nblocks; i++) {
        const tl_block *b = &doc->blocks[i];
        if (consumed[i] || b->chrome || b->kind != TL_BLOCK_PARA || tl_str_chars(b->para.text) > SIGN_PARA)
            continue;
        const char *t = b->para.text;
        if (tl_rx_match(name, t) <= 0)
            continue;
        size_t at = tl_rx_start(name, 1);
        if (i < tables_from && (at != 0 || !tl_text_capitals(t)))
            continue;
        if (byline(t))
            continue;
        tl_signatory s = { 0 };
        s.prov = b->para.prov;
        s.block = b;
        /* The name runs to the end of the paragraph; a "/" just before it is its
         * bracket ("/Д.Энхжаргал/"), everything before that says role and position. */
        if (at && t[at - 1] == '/')
            at--;
        s.name = tl_strdup(t + at);
        size_t pre = at;
        while (pre && (t[pre - 1] == ' ' || t[pre - 1] == '\n'))
            pre--;
        if (pre) {
            char *before = tl_strndup(t, pre);
            if (before)
                role_position(before, &s.role, &s.position);
            free(before);
        }
        consumed[i] = 1;
        /* A name alone: the short capitalised paragraphs above say who signs. */
        for (int back = 0; back < 2 && i > (size_t)back && !s.role; back++) {
            size_t k = i - 1 - (size_t)back;
            const tl_block *p = &doc->blocks[k];
            if (consumed[k] || p->kind != TL_BLOCK_PARA || tl_str_chars(p->para.text) > TL_META_SHORT_PARA ||
                !tl_text_capitals(p->para.text) || tl_rx_match(name, p->para.text) > 0)
                break;
            if (!s.position && back == 0 && !tl_meta_role(p->para.text)) {
                s.position = tl_strdup(p->para.text);
            } else if (tl_meta_role(p->para.text)) {
                char *r = NULL, *pos = NULL;
                role_position(p->para.text, &r, &pos);
                s.role = r;
                if (pos && !s.position)
                    s.position = pos;
                else if (pos) {
                    tl_str_append(&pos, "\n", s.position);
                    free(s.position);
                    s.position = pos;
                }
            } else {
                break;
            }
            consumed[k] = 1;
        }
        add_signatory(meta, s);
    }
    tl_rx_free(name);
}

#define APPROVAL_PARA 400

/* Whether lowered text ends with a marker of category (trailing space and dots
 * aside): "... захирамжийн хавсралт", not "... хавсралтаар баталсугай". */
static int ends_with_marker(const char *category, const char *lowered)
{
    size_t l = strlen(lowered);
    while (l && (lowered[l - 1] == ' ' || lowered[l - 1] == '.'))
        l--;
    const tl_marker *m;
    size_t n = tl_markers(category, &m);
    for (size_t i = 0; i < n; i++) {
        size_t pl = strlen(m[i].pattern);
        if (l >= pl && strncmp(lowered + l - pl, m[i].pattern, pl) == 0)
            return 1;
    }
    return 0;
}

/* A decree that approves a document says so in its subject line ("... 2024 оны
 * төлөвлөгөө батлах тухай"); the approved document follows as an annex headed by a
 * note naming the decree and its date ("... 2024 оны 03 дугаар сарын 04-ны өдрийн
 * дугаар захирамжийн хавсралт").  Both are taken from before the first table. */
#define ANNEX_MORE 3           /* paragraphs an annex note may start in above its last */
#define ANNEX_LINE_LETTERS 60  /* each of them at most */

/* The first paragraph of the annex note that ends at paragraph i. */
static size_t annex_start(const tl_doc *doc, const unsigned char *consumed, size_t i)
{
    size_t from = i;
    while (from > 0 && i - from < ANNEX_MORE) {
        const tl_block *p = &doc->blocks[from - 1];
        const char *t = p->kind == TL_BLOCK_PARA ? p->para.text : NULL;
        size_t tl = t ? strlen(t) : 0;
        /* a line in capitals above is a heading or a signatory's name ("А.СҮХБОЛД") */
        if (!t || consumed[from - 1] || p->chrome || !tl || tl_str_chars(t) > ANNEX_LINE_LETTERS ||
            strchr(".:;!?", t[tl - 1]) || strchr(t, '\n') || tl_text_capitals(t))
            break;
        from--;
    }
    return from;
}

void tl_meta_approval(const tl_doc *doc, tl_meta *meta, unsigned char *consumed, size_t first_table)
{
    tl_rx *dated = tl_rx_new("(\\d{4})\\s*оны\\s+(\\d{1,2})\\s*(?:дугаар|дүгээр)?\\s*сарын\\s+(\\d{1,2})");
    if (!dated)
        return;
    for (size_t i = 0; i < first_table && i < doc->nblocks; i++) {
        const tl_block *b = &doc->blocks[i];
        if (consumed[i] || b->chrome || b->kind != TL_BLOCK_PARA || tl_str_chars(b->para.text) > APPROVAL_PARA)
            continue;
        char *sq = tl_str_squash(b->para.text);
        char *low = sq ? tl_lower(sq) : NULL;
        if (!low) {
            free(sq);
            continue;
        }
        const tl_marker *ap = meta->approves ? NULL : tl_marker_find("approves", low, 0);
        if (ap) {
            meta->approves = b;
            /* the kind of what it approves is named before "батлах тухай", not in
             * the "ЗАХИРАМЖЛАХ нь:" that may follow it */
            char *subject = strstr(low, ap->pattern);
            if (subject)
                subject[strlen(ap->pattern)] = '\0';
            const tl_marker *k = tl_marker_find("kind", low, 0);
            meta->approves_kind = k ? k->value : NULL;
            for (const char *p = low; *p && !meta->approves_year; p++)
                if ((p == low || p[-1] == ' ') && strspn(p, "0123456789") == 4 && atoi(p) >= 1990 && atoi(p) <= 2100)
                    meta->approves_year = atoi(p);
            consumed[i] = 1;
        } else if (!meta->annex && ends_with_marker("annex", low)) {
            meta->annex = b;
            /* a note wrapped over paragraphs ("Аймгийн Засаг даргын 2024 оны 02" /
             * "дугаар сарын 15-ны өдрийн А/45" / "дугаар захирамжийн хавсралт"): its
             * first lines, short and ending in no stop, join it; the date is in them */
            size_t from = annex_start(doc, consumed, i);
            if (from < i) {
                meta->annex = &doc->blocks[from];
                for (size_t k = from; k <= i; k++) {
                    if (tl_str_append(&meta->annex_text, k == from ? "" : "\n", doc->blocks[k].para.text))
                        break;
                    consumed[k] = 1;
                }
                free(low);
                free(sq);
                sq = meta->annex_text ? tl_str_squash(meta->annex_text) : NULL;
                low = sq ? tl_lower(sq) : NULL;
                if (!low) {
                    free(sq);
                    continue;
                }
            }
            if (tl_rx_match(dated, low) > 0) {
                long y = tl_rx_int(dated, low, 1), mo = tl_rx_int(dated, low, 2), da = tl_rx_int(dated, low, 3);
                if (mo >= 1 && mo <= 12 && da >= 1 && da <= 31) {
                    char iso[16];
                    snprintf(iso, sizeof iso, "%04ld-%02ld-%02ld", y, mo, da);
                    meta->annex_date_iso = tl_strdup(iso);
                }
            }
            consumed[i] = 1;
        }
        free(sq);
        free(low);
    }
    tl_rx_free(dated);
}

