/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tailan document model: the one structure every stage reads and writes.
 *
 * A document is a list of blocks in reading order; each block is a paragraph or a
 * table and names the page it starts on (pages[] holds page geometry).  A table is
 * rows of cells; a cell carries its text, spans, provenance (page, source line, box)
 * and OCR confidence.  When a later stage changes a cell's text it moves the text it
 * replaced to `orig`, so the source is never lost.
 *
 * Ownership: a tl_doc owns everything reachable from it; tl_doc_free() frees it all.
 * Strings returned by functions in this header are owned by the caller unless the
 * function name says "borrow".
 */
#ifndef TL_MODEL_H
#define TL_MODEL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes double as the CLI's exit codes, so they stay stable. */
typedef enum tl_code {
    TL_OK = 0,
    TL_E_INTERNAL = 1,  /* a bug or out of memory */
    TL_E_USAGE = 2,     /* bad command line */
    TL_E_IO = 3,        /* input cannot be read */
    TL_E_EMPTY = 4,     /* input has no bytes (or no text) */
    TL_E_FORMAT = 5,    /* no extractor accepts the input */
    TL_E_ENCODING = 6,  /* text is neither UTF-8 nor a recognised legacy encoding */
    TL_E_LIMIT = 7,     /* input exceeds a size limit */
    TL_E_CORRUPT = 8,   /* a known format, but damaged or encrypted */
    TL_E_INVALID = 9,   /* output does not validate against the XSD */
    TL_E_OUTPUT = 10,   /* output cannot be written */
    TL_E_PARTIAL = 11,  /* a corpus run in which some documents failed */
    TL_E_MISSING = 12,  /* a component the input needs is not installed (OCR language data) */
    TL_E_MEMORY = 13    /* out of memory under the memory limit (corpus --memory) */
} tl_code;

/* An error: a code and a one-line message with context (never the file name: the
 * caller, who knows which file it was working on, prefixes it). */
typedef struct tl_error {
    tl_code code;
    char msg[512];
} tl_error;

/* Writes len bytes of data to path atomically: a temporary file beside it (".NAME.*",
 * so a killed corpus run's are found), fsync, rename.  On failure nothing is left at
 * path or beside it.  path "-" is standard output. */
tl_code tl_save_mem(const char *data, size_t len, const char *path, tl_error *err);
/* The same for output written a piece at a time: tl_save_begin makes the temporary
 * file beside path ("-": standard output), tl_save_file is where to write, and
 * tl_save_end renames it over path when commit (and every write went through), else
 * removes it; either way it frees sv. */
typedef struct tl_save tl_save;
tl_code tl_save_begin(const char *path, tl_save **sv, tl_error *err);
FILE *tl_save_file(tl_save *sv);
tl_code tl_save_end(tl_save *sv, int commit, tl_error *err);
/* Removes the temporary file of the save begun last, if still in progress.
 * Async-signal-safe: for a SIGTERM/SIGINT handler, so a stopped conversion leaves
 * nothing beside the target (a corpus run's leftovers are dot files its next run
 * removes). */
void tl_save_abandon(void);
/* Whether saves wait for the disk (fsync) before the rename: on unless turned off
 * (save.c says when that is fine).  Set before any save is begun. */
void tl_save_sync(int on);

/* Opens the shared library soname (once loaded it stays for the process) and fills
 * table, a struct of n function pointers, with the functions named in names, in
 * order: 0, or -1 with the reason in why (dlerror's, or a function missing), table
 * then untouched.  dynlib.c says why.  TL_LIB_BIND does it for a table whose members
 * an X-macro lists, X(name) for each; a name is expanded before it is quoted, so a
 * library's renaming macros apply (ICU's ucsdet_open is ucsdet_open_72). */
int tl_lib_bind(const char *soname, const char *const *names, size_t n, void *table, char *why, size_t why_len);
#define TL_LIB_QUOTE(f) #f
#define TL_LIB_NAME(f) TL_LIB_QUOTE(f),
#define TL_LIB_BIND(ok, table, FUNCS, soname, why, why_len)                                                  \
    do {                                                                                                     \
        static const char *const tl_lib_names_[] = { FUNCS(TL_LIB_NAME) };                                   \
        _Static_assert(sizeof tl_lib_names_ / sizeof *tl_lib_names_ * sizeof(void (*)(void)) == sizeof(table), \
                       "a name for every function pointer");                                                \
        (ok) = tl_lib_bind(soname, tl_lib_names_, sizeof tl_lib_names_ / sizeof *tl_lib_names_, &(table), why, \
                           why_len) == 0;                                                                    \
    } while (0)

/* Huge pages for the heap (heap.c): tl_heap_huge_pages(1) lets tl_heap_advise ask the
 * system to back the calling thread's heap with transparent huge pages, which a
 * short-lived program (the CLI) wants and a library's host may not: off by default.
 * Set before any thread is started. */
void tl_heap_huge_pages(int on);
void tl_heap_advise(void);

/* A developer's hook: environment variable `name` in a build made with TL_TEST_HOOKS
 * (on in a git checkout: the tests' fault injection, the rule-image dumps), NULL in
 * any other, so that a released library or command reads no such variable. */
const char *tl_hook(const char *name);

/* Sets err (if not NULL) and returns code, so callers can `return tl_error_set(...)`. */
tl_code tl_error_set(tl_error *err, tl_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *tl_code_name(tl_code code);

typedef struct tl_box {
    double x0, y0, x1, y1; /* PDF points, origin top-left; all 0 when unknown */
} tl_box;

/* Where a piece of text came from. page is 1-based; line is the 1-based source line
 * for line-oriented formats and 0 otherwise. */
typedef struct tl_prov {
    int page;
    int line;
    tl_box box;
} tl_prov;

typedef struct tl_cell {
    char *text;  /* UTF-8, never NULL once the cell is filled */
    char *orig;  /* text before a later stage changed it, or NULL */
    int rowspan, colspan;
    int covered; /* a grid position under another cell's span: text is empty */
    int hidden;  /* in a column the spreadsheet hides: kept, marked */
    float conf;  /* recognition confidence 0..1, or -1 when not recognised */
    tl_prov prov;
    /* How the cell's last line met its right edge (set by extractors that read
     * geometry): a word there may go on in the cell the next page continues the row
     * with, which tl_doc_stitch asks the document's word_join. */
    unsigned char edge_end;
} tl_cell;

enum { TL_EDGE_FULL = 1 /* no room left for a letter */, TL_EDGE_ALONE = 2 /* and one token on the line */ };

typedef enum tl_row_kind {
    TL_ROW_BODY = 0,
    TL_ROW_HEADER,    /* column titles */
    TL_ROW_COLNUM,    /* "1 | 2 | 3 ..." column-number row */
    TL_ROW_INTERLUDE  /* a paragraph that stood between two fragments of this table */
} tl_row_kind;

typedef struct tl_row {
    tl_cell *cells;
    size_t ncells;
    tl_row_kind kind;
    int merged;      /* continuation rows merged into this one by stitching */
    int fragment;    /* index of the source fragment (page piece) the row starts in */
    int hidden;      /* a row the spreadsheet hides: kept, marked */
} tl_row;

typedef struct tl_table {
    tl_row *rows;
    size_t nrows, caprows;
    size_t ncols;       /* widest row */
    int nfragments;     /* pieces stitched into this table (1 if never split) */
    /* Rows stitching removed as repeats of the header or column-number row, and
     * column numbers that leaked into continuation cells; kept so that nothing
     * the extractor saw is unaccounted for. */
    tl_row *dropped;
    size_t ndropped, capdropped;
    tl_prov prov;
    char *sheet;        /* the spreadsheet's sheet the table was read from, or NULL */
    /* A table with no header of its own read under this earlier table's header (its
     * cells moved into that table's columns), or NULL; set by tl_schema_join, which
     * never frees nor joins away a table another is read under. */
    const struct tl_table *header_from;
} tl_table;

typedef enum tl_block_kind { TL_BLOCK_PARA = 0, TL_BLOCK_TABLE } tl_block_kind;

/* What is not the document's body, though kept: a web page's site chrome (menus,
 * related links, counters, polls) and a word processor's page headers and footers. */
typedef enum tl_chrome { TL_BODY = 0, TL_CHROME_SITE, TL_CHROME_PAGE } tl_chrome;

typedef struct tl_block {
    tl_block_kind kind;
    tl_cell para;       /* TL_BLOCK_PARA: the text, with provenance */
    int heading;        /* paragraph style: 0 body, 1..6 heading level, 9 emphasised */
    tl_table *table;    /* TL_BLOCK_TABLE */
    tl_chrome chrome;   /* TL_BODY, or kept outside the body */
} tl_block;

typedef struct tl_page {
    int number;
    double width, height; /* points; 0 when the format has no geometry */
    int rotation;
} tl_page;

typedef enum tl_level { TL_WARN = 1, TL_FAILED = 2 } tl_level;

/* A problem that did not stop the document: a low-confidence cell (WARN), a table
 * or page that was lost (FAILED). */
typedef struct tl_diag {
    tl_level level;
    char *msg;
    tl_prov prov;
} tl_diag;

typedef int (*tl_word_join_fn)(const char *left, size_t ln, const char *right, size_t rn, int alone);

typedef struct tl_doc {
    char *path;
    char *format;        /* extractor name: "markdown", "tsv", "text", "pdf" ... */
    char *encoding;      /* source encoding the text was decoded from */
    char *converted_by;  /* the program that converted the input before it was read
                            ("LibreOffice 7.4.7.2"), or NULL */
    tl_page *pages;
    size_t npages;
    tl_block *blocks;    /* reading order across all pages */
    size_t nblocks, capblocks;
    tl_diag *diags;
    size_t ndiags, capdiags;
    /* What extraction may add, in all (0: no limit), and what it has added: past
     * either, tl_doc_add_* refuse and over_limit says why they failed. */
    size_t max_text_bytes, text_bytes;
    size_t max_cells, ncells;
    int over_limit;
    /* Whether left, the word ending a cell's full last line (alone on it when alone),
     * and right, the start of the cell that carries the row on after a page break,
     * are one word the edge broke: the extractor's reading, NULL where text flows. */
    tl_word_join_fn word_join;
} tl_doc;

tl_doc *tl_doc_new(const char *path, const char *format);
void tl_doc_free(tl_doc *doc);
/* Appends a page and returns its number (1-based). */
int tl_doc_add_page(tl_doc *doc, double width, double height, int rotation);
/* Appends a paragraph; text is copied. Returns the block or NULL on OOM or past the
 * document's limits (then doc->over_limit is set). */
tl_block *tl_doc_add_para(tl_doc *doc, const char *text, int heading, tl_prov prov);
/* Appends a table block taking ownership of table; NULL as tl_doc_add_para (the
 * table is then still the caller's). */
tl_block *tl_doc_add_table(tl_doc *doc, tl_table *table);
void tl_doc_diag(tl_doc *doc, tl_level level, tl_prov prov, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

tl_table *tl_table_new(void);
void tl_table_free(tl_table *t);
/* Appends an empty row with ncells empty cells and returns it. */
tl_row *tl_table_add_row(tl_table *t, size_t ncells, tl_row_kind kind);
/* Sets a cell's text (copied) and provenance. */
int tl_cell_set(tl_cell *c, const char *text, tl_prov prov);
/* Replaces a cell's text, keeping the first original in c->orig. Takes text. */
void tl_cell_replace(tl_cell *c, char *text);
/* Whether the normalizer changed more of c than white space (folding runs of spaces
 * is no repair to show a reader: tl_str_same).  A cell with an original that is not
 * repaired had its white space folded only. */
int tl_cell_repaired(const tl_cell *c);
void tl_row_free_cells(tl_row *r);
/* Drops grid columns in which no cell starts (every row has a position covered by a
 * span from the left there): word processors lay tables of uneven column widths on a
 * finer grid than the table's own columns. */
void tl_table_collapse_grid(tl_table *t);
/* Makes columns c and c + 1 of t one, c: in each row (kept and dropped) the cell
 * with text stays (both texts, a space between, if both have), and spans over the
 * two lose a column.  Returns 0, or -1 on OOM (t unchanged in that row). */
int tl_table_merge_columns(tl_table *t, size_t c);

/* The document as JSON (UTF-8; docs/json.md): blocks in reading order, a table's
 * cells at their grid positions with spans, page, box, kind and confidence.  The
 * caller frees the string; NULL on OOM. */
char *tl_doc_json(const tl_doc *doc);

/* True when every cell of the row is empty or white space. */
int tl_row_is_empty(const tl_row *r);
/* True when the rows hold the same text cell for cell, white space folded (a
 * missing cell reads as empty): a header a word processor repeats on every page. */
int tl_row_same(const tl_row *a, const tl_row *b);
/* True when the row's non-empty cells read 1, 2, 3 ... in order (at least 3). */
int tl_row_is_colnum(const tl_row *r);
/* Index of the last non-empty cell + 1. */
size_t tl_row_width(const tl_row *r);

/* Stitching: joins table fragments that continue each other (split by a page break)
 * into one table, drops repeated header and column-number rows (recorded in
 * table->dropped), moves paragraphs sandwiched between fragments into the table as
 * TL_ROW_INTERLUDE rows, and merges a fragment's first row into the previous row when
 * it carries on that row's text.  Returns TL_OK or TL_E_INTERNAL on OOM. */
tl_code tl_doc_stitch(tl_doc *doc, tl_error *err);
/* Joins table block k onto table block i (i < k) as stitching joins a fragment, for
 * a stage that knows more than the stitcher (the schema knows a plan's header): the
 * paragraphs between become interlude rows, k's cell in column c moves to column
 * colmap[c] (increasing; SIZE_MAX drops a blank column), and blocks i+1..k leave the document.  Returns TL_OK or TL_E_INTERNAL on OOM. */
tl_code tl_doc_join(tl_doc *doc, size_t i, size_t k, const size_t *colmap, tl_error *err);
/* Moves the cell in column c of each of t's rows to column colmap[c] (as above), in
 * rows width wide (at least every colmap[c] + 1); the columns nothing moves to get
 * empty cells.  Returns 0, or -1 on OOM (t is then only fit to be freed). */
int tl_table_move_columns(tl_table *t, const size_t *colmap, size_t width);

/* Grows *arr (of elements of size sz, *cap of them) to hold at least need, zeroing
 * the new part.  Returns 0, or -1 on OOM with *arr untouched. */
int tl_grow(void **arr, size_t *cap, size_t need, size_t sz);

/* Small string helpers shared by the stages. */
char *tl_strdup(const char *s);
char *tl_strndup(const char *s, size_t n);
/* Appends n bytes of src to the growing string *s (length *len, capacity *cap),
 * keeping it NUL-terminated.  Returns 0, or -1 on OOM. */
int tl_str_put(char **s, size_t *len, size_t *cap, const char *src, size_t n);
/* Appends b to *a with sep between when both are non-empty. */
int tl_str_append(char **a, const char *sep, const char *b);
/* Appends b to *a as the next line of one text: after a space, or directly after a
 * line-final hyphen, which word processors break after ("АТГ-|аас", "-|Авилгатай");
 * the hyphen stays, as the text's own more often than a typesetter's. */
int tl_str_append_line(char **a, const char *b);
/* Returns a copy with runs of white space folded to one space and ends trimmed. */
char *tl_str_squash(const char *s);
/* Writes s as HTML text or an attribute value: <, >, & and " escaped, bytes that are
 * not UTF-8 as U+FFFD.  NULL writes nothing. */
void tl_html_put(FILE *f, const char *s);
int tl_str_blank(const char *s);
/* Whether a and b (NULL as "") read the same once white space is folded. */
int tl_str_same(const char *a, const char *b);
/* Characters of UTF-8 s: lengths a reader sees ("Тайлан" is 6, not 12 bytes). */
size_t tl_str_chars(const char *s);
/* Returns a copy in which HTML paragraph and line-break tags that leaked into a
 * document's text ("<p>", "</p>", "<br/>") are line breaks, as they were meant. */
char *tl_str_break_tags(const char *s);
/* Lower-cases UTF-8 text with ICU (Mongolian rules) and folds white space; the caller
 * frees.  NULL on failure. */
char *tl_lower(const char *s);
/* The same, upper-cased. */
char *tl_upper(const char *s);

/* The rows of a data file: tab-separated fields, lines starting with '#' and empty
 * lines skipped.  Row i's fields are (*rows)[i * maxf + f] (an empty field is "", a
 * missing one NULL), pointing into a copy of the text in the same allocation:
 * free(*rows) releases both; a table that keeps the fields keeps *rows instead.
 * Returns the number of rows; *rows is NULL when out of memory. */
size_t tl_tsv_rows(const unsigned char *data, size_t len, size_t maxf, char ***rows);

/* Recognised text (OCR) under this confidence is marked for a person to review. */
#define TL_REVIEW_CONF 0.6f
/* Whether two texts are the same but for at most one code point edit in per (over
 * the longer length; texts over 512 code points must match exactly).  OCR echoes a
 * row's cells into the row above with a letter or two changed. */
int tl_str_near(const char *a, const char *b, size_t per);
/* The tolerance (one edit in so many code points) of an OCR echo: the stitcher and
 * the schema stage must agree on what repeats the next row. */
#define TL_ECHO_PER 8
/* The code points of UTF-8 text, at most cap of them, into out; returns how many.
 * A byte that starts no valid sequence counts as one code point. */
size_t tl_utf8_decode(const char *s, uint32_t *out, size_t cap);
/* Levenshtein distance of two UTF-8 texts over code points, or SIZE_MAX once it
 * exceeds limit (SIZE_MAX: no limit) or when out of memory. */
size_t tl_str_distance(const char *a, const char *b, size_t limit);

#ifdef __cplusplus
}
#endif
#endif
