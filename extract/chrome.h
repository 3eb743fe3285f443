/* Site chrome words (extract/data/html-chrome.tsv), shared by the extractors that
 * meet web pages: HTML by its structure, plain text scraped from a page by its
 * titles.  Stage-internal. */
#ifndef TL_EXTRACT_CHROME_H
#define TL_EXTRACT_CHROME_H

#include "../model/model.h"

typedef struct tl_chrome_words {
    char **tags, **words, **titles; /* titles lower-cased */
    size_t ntags, nwords, ntitles, ctags, cwords, ctitles;
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

#endif
