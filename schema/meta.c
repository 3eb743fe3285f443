/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Document metadata from the paragraphs around the tables: title, kind, year,
 * organisation, date, act number, place and signatories.  A paragraph taken into
 * the metadata is marked consumed so it is written once, there. */
#include "private.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHORT_PARA 120 /* letters */
#define SIGN_PARA 300  /* letters */

typedef struct rx {
    pcre2_code *code;
    pcre2_match_data *md;
} rx;

static int rx_open(rx *r, const char *pattern)
{
    int e;
    PCRE2_SIZE off;
    r->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                            PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &e, &off, NULL);
    r->md = r->code ? pcre2_match_data_create_from_pattern(r->code, NULL) : NULL;
    return r->md ? 0 : -1;
}

static void rx_close(rx *r)
{
    pcre2_match_data_free(r->md);
    pcre2_code_free(r->code);
}

/* Matches; returns the number of groups set or <= 0. */
static int rx_match(rx *r, const char *s)
{
    return pcre2_match(r->code, (PCRE2_SPTR)s, strlen(s), 0, 0, r->md, NULL);
}

static long rx_int(rx *r, const char *s, int g)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
    return strtol(s + ov[2 * g], NULL, 10);
}

/* Whether s[0..n) is letters in capitals (an abbreviation). */
static int capitals_n(const char *s, size_t n)
{
    char *t = tl_strndup(s, n), *up = t ? tl_upper(t) : NULL;
    int yes = t && up && n >= 2 && strcmp(t, up) == 0 && strspn(t, "0123456789") == 0;
    free(t);
    free(up);
    return yes;
}

/* A word of a body's name ends it in the dictionary form: "газрын" -> "газар",
 * "ХЭЛТСИЙН" -> "ХЭЛТЭС" (markers.tsv orgnoun), an abbreviation's case ending
 * dropped ("ЗДТГ-ын" -> "ЗДТГ").  A new string, or NULL when the word is none. */
static char *head_noun(const char *w, size_t n)
{
    const char *dash = memchr(w, '-', n);
    if (dash && dash > w && capitals_n(w, (size_t)(dash - w)))
        return tl_strndup(w, (size_t)(dash - w));
    char *word = tl_strndup(w, n), *low = word ? tl_lower(word) : NULL, *out = NULL;
    static const char *const heads[] = { "orgnoun", "titlebody" };
    for (size_t h = 0; h < sizeof heads / sizeof *heads && !out; h++) {
        const tl_marker *m;
        size_t count = tl_markers(heads[h], &m);
        for (size_t i = 0; low && i < count && !out; i++)
            if (strcmp(low, m[i].pattern) == 0)
                out = strcmp(low, word) == 0 ? tl_strdup(m[i].value) : tl_upper(m[i].value);
    }
    free(word);
    free(low);
    return out;
}

/* Whether w[0..n) is a year's word: "2021", "оны", "он", "онд". */
static int year_word(const char *w, size_t n)
{
    char *copy = tl_strndup(w, n), *low = copy ? tl_lower(copy) : NULL;
    int year = low && (strspn(low, "0123456789") == strlen(low) || !strncmp(low, "оны", 3 * 2) ||
                       !strcmp(low, "он") || !strcmp(low, "онд"));
    free(copy);
    free(low);
    return year;
}

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

/* The body's name in text[0..len) (a title's words before its subject): the year
 * and the quotes a title gives it left out ("... газрын 2021 оны" -> "... газар"),
 * its last word in the dictionary form.  NULL when nothing is left. */
static char *body_name(const char *text, size_t len)
{
    char *s = tl_strndup(text, len);
    if (!s)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; s[i]; i++) /* quotes out */
        if (!strchr("\"'", s[i]) && !((unsigned char)s[i] == 0xC2 && ((unsigned char)s[i + 1] == 0xAB || (unsigned char)s[i + 1] == 0xBB)) &&
            !((unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 && ((unsigned char)s[i + 2] >= 0x9C && (unsigned char)s[i + 2] <= 0x9E)))
            s[n++] = s[i];
        else if ((unsigned char)s[i] >= 0xC2)
            i += (unsigned char)s[i] == 0xE2 ? 2 : 1;
    s[n] = '\0';
    /* words from the end: a year ("2021", "2021 оны", "онд") goes */
    for (;;) {
        while (n && s[n - 1] == ' ')
            n--;
        size_t w = n;
        while (w && s[w - 1] != ' ')
            w--;
        if (!year_word(s + w, n - w) || !w)
            break;
        s[n = w] = '\0';
    }
    while (n && s[n - 1] == ' ')
        n--;
    s[n] = '\0';
    size_t w = n;
    while (w && s[w - 1] != ' ')
        w--;
    char *head = n ? head_noun(s + w, n - w) : NULL;
    if (head) {
        s[w] = '\0';
        char *joined = NULL;
        if (tl_str_append(&joined, "", s) || tl_str_append(&joined, "", head)) {
            free(joined);
            joined = NULL;
        }
        free(head);
        free(s);
        return joined;
    }
    if (!n) {
        free(s);
        return NULL;
    }
    return s;
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

/* Where the title's year starts when the word before it names a body (an orgnoun in
 * the genitive), else NULL. */
static const char *before_year_body(const char *low, int year)
{
    char y[8];
    snprintf(y, sizeof y, "%d", year);
    const char *at = strstr(low, y);
    if (!at || at == low || at[-1] != ' ')
        return NULL;
    const char *end = at - 1, *w = end;
    while (w > low && w[-1] != ' ')
        w--;
    char *noun = end > w ? head_noun(w, (size_t)(end - w)) : NULL;
    free(noun);
    return noun ? at : NULL;
}

#define BODY_WORDS_BEFORE_HEAD 8 /* "Баянзүрх дүүргийн Засаг даргын Тамгын газрын Хууль, эрх зүйн" */

/* The body a title names with no subject word to end it ("ЗАСАГ ДАРГЫН ТАМГЫН
 * ГАЗРЫН АЖЛЫН ТӨЛӨВЛӨГӨӨ", "УЛСЫН ИХ ХУРЛЫН ТОГТООЛ", "... газраас сургалт зохион
 * байгууллаа"): the words up to the last head noun in the genitive or ablative that
 * has words before it and after it, a year opening the title left out.  NULL when
 * the title names none ("ХУРЛЫН ТЭМДЭГЛЭЛ": a meeting's minutes, no body). */
static char *title_body(const char *sq)
{
    const char *start = sq;
    for (;;) { /* "2022 оны ..." */
        const char *sp = strchr(start, ' ');
        if (!sp)
            break;
        if (!year_word(start, (size_t)(sp - start)))
            break;
        start = sp + 1;
    }
    const char *end = NULL;
    int before = 0;
    for (const char *w = start; *w;) {
        const char *e = strchr(w, ' ');
        if (!e)
            break; /* the last word: nothing after it */
        char *noun = before ? head_noun(w, (size_t)(e - w)) : NULL;
        if (noun && before <= BODY_WORDS_BEFORE_HEAD)
            end = e;
        free(noun);
        before++;
        w = e + 1;
    }
    return end ? body_name(start, (size_t)(end - start)) : NULL;
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
                cut = before_year_body(low, meta->year);
            if (cut && cut - low > 8)
                meta->organization = body_name(sq, (size_t)(cut - low));
            else
                meta->organization = title_body(sq);
        }
    }
    free(sq);
    free(low);
}

static const tl_marker *role_of(const char *line)
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
    const tl_marker *m = first ? role_of(first) : NULL;
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
static void signatories(const tl_doc *doc, tl_meta *meta, unsigned char *consumed, size_t tables_from)
{
    rx name;
    if (rx_open(&name, "(?:^|(?<=[\\s/(]))(\\p{Lu}{1,2}\\.\\s?\\p{Lu}[\\p{L}-]+)\\s*/?\\s*$"))
        return;
    for (size_t i = 0; i < doc->nblocks; i++) {
        const tl_block *b = &doc->blocks[i];
        if (consumed[i] || b->chrome || b->kind != TL_BLOCK_PARA || tl_str_chars(b->para.text) > SIGN_PARA)
            continue;
        const char *t = b->para.text;
        if (rx_match(&name, t) <= 0)
            continue;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(name.md);
        if (i < tables_from && (ov[2] != 0 || !tl_text_capitals(t)))
            continue;
        if (byline(t))
            continue;
        tl_signatory s = { 0 };
        s.prov = b->para.prov;
        s.block = b;
        /* The name runs to the end of the paragraph; a "/" just before it is its
         * bracket ("/Д.Энхжаргал/"), everything before that says role and position. */
        size_t at = ov[2];
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
            if (consumed[k] || p->kind != TL_BLOCK_PARA || tl_str_chars(p->para.text) > SHORT_PARA ||
                !tl_text_capitals(p->para.text) || rx_match(&name, p->para.text) > 0)
                break;
            if (!s.position && back == 0 && !role_of(p->para.text)) {
                s.position = tl_strdup(p->para.text);
            } else if (role_of(p->para.text)) {
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
    rx_close(&name);
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

static void approval(const tl_doc *doc, tl_meta *meta, unsigned char *consumed, size_t first_table)
{
    rx dated;
    if (rx_open(&dated, "(\\d{4})\\s*оны\\s+(\\d{1,2})\\s*(?:дугаар|дүгээр)?\\s*сарын\\s+(\\d{1,2})"))
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
            if (rx_match(&dated, low) > 0) {
                long y = rx_int(&dated, low, 1), mo = rx_int(&dated, low, 2), da = rx_int(&dated, low, 3);
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
    rx_close(&dated);
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
    int signs = first && role_of(first);
    free(first);
    return !signs;
}

#define BODY_LINE_WORDS 12 /* a body's name on its own line, at most */
#define HEAD_BLOCKS 6      /* paragraphs of the heading block looked into */

/* The body named on a line of its own in the heading block ("Баянзүрх дүүргийн
 * Засаг даргын Тамгын газар" over the title): two words or more, no figure, the
 * last a body's head noun in its dictionary form.  It names the body better than
 * the title's words do. */
static void own_line_body(const tl_doc *doc, tl_meta *meta, size_t first_table)
{
    for (size_t i = 0, seen = 0; i < first_table && i < doc->nblocks && seen < HEAD_BLOCKS; i++) {
        const tl_block *b = &doc->blocks[i];
        if (b->chrome || b->kind != TL_BLOCK_PARA || b == meta->title)
            continue;
        seen++;
        const char *t = b->para.text;
        if (strchr(t, '\n') || strpbrk(t, "0123456789"))
            continue;
        int words = 1;
        for (const char *p = t; *p; p++)
            words += *p == ' ';
        const char *last = strrchr(t, ' ');
        if (words < 2 || words > BODY_LINE_WORDS || !last)
            continue;
        char *low = tl_lower(last + 1);
        const tl_marker *m;
        size_t n = tl_markers("orgnoun", &m);
        int names = 0;
        for (size_t k = 0; low && k < n && !names; k++)
            names = strcmp(low, m[k].value) == 0;
        free(low);
        if (names) {
            free(meta->organization);
            meta->organization = tl_strdup(t);
            return;
        }
    }
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

    own_line_body(doc, meta, first_table);
    approval(doc, meta, consumed, first_table);

    rx number;
    int ok = !rx_open(&number, "^(?:дугаар|№)\\s*([0-9A-Za-zА-Яа-я/-]+)\\s*$");
    for (size_t i = 0; ok && i < doc->nblocks; i++) {
        const tl_block *b = &doc->blocks[i];
        if (consumed[i] || b->chrome || b->kind != TL_BLOCK_PARA || tl_str_chars(b->para.text) > SHORT_PARA)
            continue;
        const char *t = b->para.text;
        if (!meta->date && date_line(meta, b, i < first_table)) {
            consumed[i] = 1;
            continue;
        }
        if (!meta->number && rx_match(&number, t) > 0) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(number.md);
            meta->number = b;
            meta->number_value = tl_strndup(t + ov[2], ov[3] - ov[2]);
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
    if (ok)
        rx_close(&number);
    signatories(doc, meta, consumed, first_table < doc->nblocks ? first_table : 0);
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
