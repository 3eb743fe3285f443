/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Site chrome words (extract/data/html-chrome.tsv), shared by the extractors that
 * meet web pages: HTML by its structure, plain text scraped from a page by its
 * titles.  Stage-internal. */
#ifndef TL_EXTRACT_CHROME_H
#define TL_EXTRACT_CHROME_H

#include "../model/model.h"

typedef struct tl_chrome_words {
    char **tags, **words, **titles, **lines; /* titles and lines lower-cased */
    size_t ntags, nwords, ntitles, nlines, ctags, cwords, ctitles, clines;
} tl_chrome_words;

/* The compiled-in list, read once per process (every page and text document asks);
 * NULL when out of memory.  Never freed. */
const tl_chrome_words *tl_chrome_get(void);
/* Whether text is a short line that starts with a chrome title ("Веб статистик"). */
int tl_chrome_title(const tl_chrome_words *w, const char *text);
/* Marks the tail of a text scraped from a web page as site chrome: from the first
 * paragraph that is a chrome title, when that tail holds at least three of them and
 * starts in the document's second half (a report may have a "Санал асуулга"
 * section; a page's menus, counters and polls come together at its end). */
void tl_chrome_mark_tail(const tl_chrome_words *w, tl_doc *doc);

/* Whether text is one line of page controls and nothing else: "« Буцах", "SHARE",
 * "Upload / View / Download", "Tags:" (`line` entries, each part of a line split
 * at "/", "|" or "•"). */
int tl_chrome_line(const tl_chrome_words *w, const char *text);
/* Whether text is such a line or a chrome title (a text file's line that is a
 * paragraph of its own): both questions on one lower-casing of the line. */
int tl_chrome_alone(const tl_chrome_words *w, const char *text);
/* Marks as site chrome, wherever they stand, the paragraphs every line of which is
 * such a line. */
void tl_chrome_mark_lines(const tl_chrome_words *w, tl_doc *doc);

#endif
