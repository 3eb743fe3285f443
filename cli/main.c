/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tailan command line: a thin layer over the library.  Errors are one line,
 * "FILE: reason", and the exit code says which kind (model/model.h, tl_code). */
#include "corpus/corpus.h"
#include "extract/extract.h"
#include "normalize/normalize.h"

#include <glib.h>

#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: tailan convert IN [-o OUT] [--format xml|csv|json [--excel]] [--force]\n"
    "                           [--no-stitch] [--no-normalize] [--sync] [--limit NAME=VALUE]...\n"
    "       tailan validate FILE.xml...\n"
    "       tailan review IN -o DIR [--no-normalize] [--sync] [--limit NAME=VALUE]...\n"
    "                           a page to check the conversion by (DIR/index.html)\n"
    "       tailan extract IN [--no-stitch] [--json] [--limit NAME=VALUE]...\n"
    "                           print the document model (as text, or as JSON:\n"
    "                           blocks, tables' cells with grid positions)\n"
    "       tailan normalize [--edits] < TEXT  repair OCR text from stdin to stdout\n"
    "       tailan corpus build SRC... --out DIR [--jobs N] [--shard K/N] [--timeout S]\n"
    "                           [--memory MB] [--quiet] [--no-stitch] [--no-normalize]\n"
    "                           [--retry-failed | --no-retry] [--allow-removals] [--review]\n"
    "                           [--include GLOB]... [--exclude GLOB]... [--limit NAME=VALUE]...\n"
    "       tailan corpus search DIR QUERY [--year Y] [--org TEXT]\n"
    "       tailan corpus export DIR --format csv|json [--excel] [-o FILE] [--year Y]\n"
    "                           [--org TEXT]\n"
    "       tailan corpus merge OUT SHARD_DIR...\n"
    "       tailan --help | --version\n"
    "\n"
    "convert   turns a plan or report (PDF, scan, DOCX, ODT, XLSX, ODS, HTML,\n"
    "          markdown, TSV or plain text) into plan XML,\n"
    "          validated against tailan-plan.xsd; stdout without -o; the file is\n"
    "          written atomically and only when it validates; -o never replaces the\n"
    "          input, a folder, FIFO or device (nor a symbolic link without --force).\n"
    "corpus build converts what changed, and failed documents whose cause may have\n"
    "          gone (--retry-failed: every failed one; --no-retry: none); refuses a\n"
    "          source it cannot read, and a run that would mark over 10 % of the\n"
    "          catalog removed unless --allow-removals.\n"
    "validate  checks plan XML files against the schema.\n"
    "--limit   raises what one input may cost (exit 7 past it): input=512M (file\n"
    "          size), text=64M (text in one document), cells=2000000, pages=10000,\n"
    "          pixels=120000000 (an image or a page for OCR), zip=256M (a package's\n"
    "          parts inflated, summed), zip-parts=10000; threads=cores (pages of\n"
    "          one document read at once, scanned or not, at most 4).\n"
    "normalize repairs OCR-damaged text (look-alike letters, capitals runs, spaces);\n"
    "          --edits prints each change instead: offset, rule, original, repair, score.\n"
    "\n"
    "exit codes: 0 ok, 1 internal error, 2 usage, 3 unreadable input, 4 empty input,\n"
    "5 unsupported format, 6 bad encoding, 7 over a size limit, 8 corrupt input,\n"
    "9 output fails validation, 10 output not written, 11 a corpus run in which some\n"
    "documents failed (the run itself went through; see DIR/report.html), 12 a\n"
    "component the input needs is not installed (OCR language data, LibreOffice).\n";

/* Each command's own --help: its synopsis and what it does. */
static const struct {
    const char *cmd, *help;
} helps[] = {
    { "convert", "usage: tailan convert IN [-o OUT] [--format xml|csv|json [--excel]] [--force]\n"
                 "                      [--no-stitch] [--no-normalize] [--sync] [--limit NAME=VALUE]... [--] IN\n"
                 "Turns a plan or report (PDF, scan, DOCX, ODT, XLSX, ODS, .doc, .xls, RTF, HTML,\n"
                 "markdown, TSV or plain text) into plan XML validated against tailan-plan.xsd;\n"
                 "standard output without -o.  The file is written atomically and only when it\n"
                 "validates; -o never replaces the input, a folder, FIFO or device (nor a\n"
                 "symbolic link without --force).  --no-stitch keeps page fragments apart,\n"
                 "--no-normalize leaves OCR errors unrepaired.  --sync waits until the file is on\n"
                 "disk (fsync; corpus build always does).  --limit: see tailan --help.\n"
                 "--format csv writes one row per action instead (RFC 4180, UTF-8; --excel puts\n"
                 "the byte-order mark Excel needs first), --format json the plan as JSON\n"
                 "(schema/tailan-export.schema.json); both from the validated XML (docs/export.md).\n" },
    { "review", "usage: tailan review IN -o DIR [--no-normalize] [--sync] [--limit NAME=VALUE]...\n"
                "Converts IN and writes DIR/index.html, a page to check the conversion by: the\n"
                "document's pages as images (DIR/page-N.png; for DOCX, HTML and text, its text)\n"
                "with a box over every cell a plan value came from, the plan beside them (pointing\n"
                "at either lights the other), repairs with their originals, values read with low\n"
                "OCR confidence flagged, unmapped items and warnings with their reasons.  Opens\n"
                "from file://, needs no network.  --sync: as convert's.\n" },
    { "validate", "usage: tailan validate FILE.xml...\n"
                  "Checks plan XML files against the schema: FILE: valid, or the first error.\n" },
    { "extract", "usage: tailan extract IN [--no-stitch] [--json] [--limit NAME=VALUE]...\n"
                 "Prints the document model: blocks in reading order, tables' cells at their grid\n"
                 "positions (as text, or as JSON with --json: docs/json.md).\n" },
    { "normalize", "usage: tailan normalize [--edits] < TEXT\n"
                   "Repairs OCR-damaged Mongolian text from standard input to standard output, a\n"
                   "line a paragraph; --edits prints one line per change instead: offset, rule,\n"
                   "original, repair, score.\n" },
    { "corpus build", "usage: tailan corpus build SRC... --out DIR [--jobs N] [--shard K/N] [--timeout S]\n"
                      "                    [--memory MB] [--quiet] [--no-stitch] [--no-normalize]\n"
                      "                    [--retry-failed | --no-retry] [--allow-removals] [--review]\n"
                      "                    [--include GLOB]... [--exclude GLOB]... [--limit NAME=VALUE]...\n"
                      "Converts every file of the sources into DIR/xml, incrementally and in parallel,\n"
                      "with a catalog (DIR/catalog.sqlite) and a report (DIR/report.html, .json).\n"
                      "Refuses a source it cannot read and a run that would mark over 10 % of the\n"
                      "catalog removed unless --allow-removals; --retry-failed converts every failed\n"
                      "document again, --no-retry none (default: those whose cause may have gone).\n"
                      "--review also writes each document's review page (DIR/review/<id>/, linked from\n"
                      "the report; see tailan review --help): page images cost time and disk.\n"
                      "--include/--exclude GLOB (each may repeat) match a file's path under its source\n"
                      "or its name ('*.pdf', 'archive/2019/*'): with includes only matching files are\n"
                      "taken, excluded ones never; a catalogued file left out counts as gone.\n" },
    { "corpus search", "usage: tailan corpus search DIR QUERY [--year Y] [--org TEXT]\n"
                       "Searches every text of a corpus's documents (SQLite FTS5): documents best first,\n"
                       "each with its title, organisation, year, the other files holding the same content\n"
                       "and its best passages; \"no documents match\" when none.  Words match in any order\n"
                       "within ten words, by their start; \"in quotes\" is one phrase.\n" },
    { "corpus export", "usage: tailan corpus export DIR --format csv|json [--excel] [-o FILE] [--year Y] [--org TEXT]\n"
                       "Writes every converted document of a corpus, in path order, as one CSV (a row per\n"
                       "action, as tailan convert --format csv) or one JSON list of documents, to standard\n"
                       "output or atomically to FILE; --year and --org keep those documents only.  An XML\n"
                       "file changed since its run is left out with a line on stderr (exit 11).\n" },
    { "corpus merge", "usage: tailan corpus merge OUT SHARD_DIR...\n"
                      "Merges the catalogs and XML of corpus runs made with --shard into OUT.\n" },
    { "corpus", "usage: tailan corpus build|search|export|merge ... (tailan corpus build --help)\n" },
};

/* Whether args (up to a "--") ask for help. */
static int asks_help(int argc, char **argv)
{
    for (int i = 0; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
    return 0;
}

static int fail_usage(const char *msg);
static int fail_command(const char *cmd);

static int print_help(const char *cmd)
{
    for (size_t i = 0; i < sizeof helps / sizeof *helps; i++)
        if (strcmp(helps[i].cmd, cmd) == 0) {
            fputs(helps[i].help, stdout);
            return 0;
        }
    return fail_command(cmd);
}

/* A usage error is one line, pointing to the help that answers it; the whole usage
 * is printed only when no command was understood (fail_command). */
static const char *usage_of = ""; /* the command being run, for its --help */

static int fail_usage(const char *msg)
{
    if (strstr(msg, "--help"))
        fprintf(stderr, "tailan: %s\n", msg);
    else
        fprintf(stderr, "tailan: %s (tailan %s%s--help)\n", msg, usage_of, *usage_of ? " " : "");
    return TL_E_USAGE;
}

static int fail_command(const char *cmd)
{
    if (cmd)
        fprintf(stderr, "tailan: unknown command \"%s\"\n%s", cmd, usage);
    else
        fprintf(stderr, "tailan: no command\n%s", usage);
    return TL_E_USAGE;
}

/* The error GLib gave for a command's options, with the option it names. */
static int fail_parse(const char *cmd, const GError *e)
{
    char msg[700];
    snprintf(msg, sizeof msg, "%s: %.500s (tailan %s --help)", cmd, e->message, cmd);
    return fail_usage(msg);
}

static int set_limit(const char *spec);

/* --limit NAME=VALUE, which may repeat. */
static gboolean on_limit(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    (void)name, (void)data;
    if (set_limit(value) == 0)
        return TRUE;
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--limit needs NAME=VALUE, not \"%s\": input, text, zip (sizes: 512M), cells, pages, pixels, "
                "zip-parts, threads (counts)", value);
    return FALSE;
}

#define LIMIT_ENTRY { "limit", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer)on_limit, NULL, NULL }

/* A command's options parsed by GLib (GOptionContext): long and short forms,
 * --name=value, options among the operands, "--" ending them.  GLib's own --help is
 * off: each command prints its text (helps[]).  Every value is taken as the bytes
 * given (GLib's filename types): a string type would convert from the locale's
 * charset, and Cyrillic in a C locale (cron's) would be refused.  The operands are
 * left in *ops (NULL-terminated; g_strfreev); on an error its message names the
 * option. */
static int parse_opts(const char *cmd, const GOptionEntry *entries, int argc, char **argv, char ***ops)
{
    *ops = NULL;
    GOptionContext *ctx = g_option_context_new(NULL);
    g_option_context_set_help_enabled(ctx, FALSE);
    g_option_context_add_main_entries(ctx, entries, NULL);
    char **rest = NULL;
    const GOptionEntry remaining[] = { { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
                                       { NULL, 0, 0, 0, NULL, NULL, NULL } };
    g_option_context_add_main_entries(ctx, remaining, NULL);
    char **v = g_new0(char *, (size_t)argc + 2);
    v[0] = g_strdup("tailan");
    for (int i = 0; i < argc; i++)
        v[i + 1] = g_strdup(argv[i]);
    GError *e = NULL;
    gboolean ok = g_option_context_parse_strv(ctx, &v, &e);
    g_strfreev(v);
    g_option_context_free(ctx);
    if (!ok) {
        int rc = fail_parse(cmd, e);
        g_error_free(e);
        g_strfreev(rest);
        return rc;
    }
    *ops = rest ? rest : g_new0(char *, 1);
    return 0;
}

static int report(const char *file, const tl_error *err)
{
    fprintf(stderr, "%s: %s\n", file, err->msg);
    return (int)err->code;
}

/* --limit NAME=VALUE (extract.h, tl_limits_parse). */
static int set_limit(const char *spec)
{
    return tl_limits_parse(spec);
}

static int cmd_convert(int argc, char **argv)
{
    char *out = NULL, *format = NULL, **ops = NULL;
    gboolean no_stitch = FALSE, no_normalize = FALSE, force = FALSE, excel = FALSE, sync = FALSE;
    const GOptionEntry entries[] = {
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, NULL, NULL },
        { "format", 0, 0, G_OPTION_ARG_FILENAME, &format, NULL, NULL },
        { "sync", 0, 0, G_OPTION_ARG_NONE, &sync, NULL, NULL },
        { "no-stitch", 0, 0, G_OPTION_ARG_NONE, &no_stitch, NULL, NULL },
        { "no-normalize", 0, 0, G_OPTION_ARG_NONE, &no_normalize, NULL, NULL },
        { "force", 0, 0, G_OPTION_ARG_NONE, &force, NULL, NULL },
        { "excel", 0, 0, G_OPTION_ARG_NONE, &excel, NULL, NULL },
        LIMIT_ENTRY,
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    int rc = parse_opts("convert", entries, argc, argv, &ops);
    tl_convert_opts opts = { .no_stitch = no_stitch, .no_normalize = no_normalize, .force = force,
                             .out_flags = excel ? TL_EXPORT_EXCEL : 0 };
    if (!rc && format && strcmp(format, "xml") && strcmp(format, "csv") && strcmp(format, "json"))
        rc = fail_usage("--format needs xml, csv or json");
    if (!rc && !ops[0])
        rc = fail_usage("convert needs an input file");
    if (!rc && ops[1])
        rc = fail_usage("convert takes one input");
    if (!rc && format)
        opts.out_format = !strcmp(format, "csv") ? TL_OUT_CSV : !strcmp(format, "json") ? TL_OUT_JSON : TL_OUT_XML;
    if (!rc && excel && opts.out_format != TL_OUT_CSV)
        rc = fail_usage("--excel goes with --format csv");
    if (!rc) {
        tl_error err = { 0 };
        tl_save_sync(sync); /* model/save.c says why not by default */
        rc = tl_convert_file(ops[0], out, &opts, &err) == TL_OK ? 0 : report(ops[0], &err);
    }
    g_free(out);
    g_free(format);
    g_strfreev(ops);
    return rc;
}

static int cmd_review(int argc, char **argv)
{
    char *out = NULL, **ops = NULL;
    gboolean no_normalize = FALSE, sync = FALSE;
    const GOptionEntry entries[] = {
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, NULL, NULL },
        { "no-normalize", 0, 0, G_OPTION_ARG_NONE, &no_normalize, NULL, NULL },
        { "sync", 0, 0, G_OPTION_ARG_NONE, &sync, NULL, NULL },
        LIMIT_ENTRY,
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    int rc = parse_opts("review", entries, argc, argv, &ops);
    if (!rc && ops[0] && ops[1])
        rc = fail_usage("review takes one input");
    if (!rc && (!ops[0] || !out))
        rc = fail_usage("review needs an input file and -o DIR");
    if (!rc) {
        tl_convert_opts opts = { .no_normalize = no_normalize };
        tl_error err = { 0 };
        tl_save_sync(sync);
        rc = tl_review_file(ops[0], out, &opts, &err) == TL_OK ? 0 : report(ops[0], &err);
    }
    g_free(out);
    g_strfreev(ops);
    return rc;
}

static int cmd_validate(int argc, char **argv)
{
    char **ops = NULL;
    const GOptionEntry entries[] = { { NULL, 0, 0, 0, NULL, NULL, NULL } };
    int worst = parse_opts("validate", entries, argc, argv, &ops);
    if (!worst && !ops[0])
        worst = fail_usage("validate needs a file");
    if (worst) {
        g_strfreev(ops);
        return worst;
    }
    for (size_t i = 0; ops[i]; i++) {
        tl_error err = { 0 };
        tl_code rc = tl_xml_validate_file(ops[i], &err);
        if (rc != TL_OK) {
            report(ops[i], &err);
            if ((int)rc > worst)
                worst = (int)rc;
        } else {
            printf("%s: valid\n", ops[i]);
        }
    }
    g_strfreev(ops);
    return worst;
}

static void print_text(const char *s)
{
    for (; *s; s++)
        fputs(*s == '\n' ? "\\n" : (char[]){ *s, 0 }, stdout);
}

static int extract_print(const char *in, int stitch, int json);

static int cmd_extract(int argc, char **argv)
{
    gboolean no_stitch = FALSE, json = FALSE;
    char **ops = NULL;
    const GOptionEntry entries[] = {
        { "no-stitch", 0, 0, G_OPTION_ARG_NONE, &no_stitch, NULL, NULL },
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, NULL, NULL },
        LIMIT_ENTRY,
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    int bad = parse_opts("extract", entries, argc, argv, &ops);
    if (!bad && (!ops[0] || ops[1]))
        bad = fail_usage("extract takes one input");
    if (bad) {
        g_strfreev(ops);
        return bad;
    }
    int rc = extract_print(ops[0], !no_stitch, json);
    g_strfreev(ops);
    return rc;
}

/* Prints the document model of in: as JSON, or as text. */
static int extract_print(const char *in, int stitch, int json)
{
    unsigned char *data;
    size_t size;
    tl_error err = { 0 };
    tl_code rc = tl_file_read(in, &data, &size, &err);
    if (rc)
        return report(in, &err);
    tl_source src = { in, data, size };
    tl_doc *doc;
    rc = tl_extract_mem(&src, &doc, &err);
    free(data);
    if (!rc && stitch)
        rc = tl_doc_stitch(doc, &err);
    if (rc)
        return report(in, &err);
    if (json) {
        char *s = tl_doc_json(doc);
        tl_doc_free(doc);
        if (!s)
            return report(in, &(tl_error){ TL_E_INTERNAL, "out of memory writing JSON" });
        puts(s);
        free(s);
        return fflush(stdout) ? TL_E_OUTPUT : 0;
    }
    printf("format %s, encoding %s, %zu pages, %zu blocks\n", doc->format, doc->encoding,
           doc->npages, doc->nblocks);
    static const char *kinds[] = { "body", "header", "colnum", "interlude" };
    for (size_t i = 0; i < doc->nblocks; i++) {
        const tl_block *b = &doc->blocks[i];
        if (b->kind == TL_BLOCK_PARA) {
            printf("P %d:%d%s%s: ", b->para.prov.page, b->para.prov.line, b->heading ? " heading" : "",
                   b->chrome == TL_CHROME_SITE ? " chrome" : b->chrome == TL_CHROME_PAGE ? " furniture" : "");
            print_text(b->para.text);
            putchar('\n');
            continue;
        }
        const tl_table *t = b->table;
        printf("TABLE %zu rows x %zu cols, %d fragments, %zu dropped%s\n", t->nrows, t->ncols,
               t->nfragments, t->ndropped, b->chrome ? ", not body" : "");
        for (size_t r = 0; r < t->nrows; r++) {
            const tl_row *row = &t->rows[r];
            const tl_prov *pv = row->ncells ? &row->cells[0].prov : &t->prov;
            printf("  %-9s %d:%d%s", kinds[row->kind], pv->page, pv->line,
                   row->merged ? " +merged" : "");
            for (size_t c = 0; c < row->ncells; c++) {
                fputs(" | ", stdout);
                print_text(row->cells[c].text);
            }
            putchar('\n');
        }
    }
    for (size_t i = 0; i < doc->ndiags; i++)
        printf("%s page %d: %s\n", doc->diags[i].level == TL_WARN ? "WARN" : "FAILED",
               doc->diags[i].prov.page, doc->diags[i].msg);
    tl_doc_free(doc);
    return 0;
}

static int corpus_done(const char *what, tl_code rc, const tl_error *err, const tl_corpus_stats *st, int quiet)
{
    if (rc != TL_OK)
        return report(what, err);
    /* One line, even with --quiet when something failed: cron mails what is printed. */
    if (!quiet || st->total_failed) {
        fprintf(stderr,
                "%s: %zu documents: %zu ok (%zu to review, %zu not plans), %zu failed, %zu removed (this run: "
                "%zu unchanged, %zu converted, %zu retried, %zu skipped, %zu unreadable, %.1f s",
                what, st->total_ok + st->total_failed + st->total_removed, st->total_ok, st->total_review,
                st->total_not_plan, st->total_failed,
                st->total_removed, st->unchanged, st->converted, st->retried, st->skipped, st->unreadable,
                st->seconds);
        if (st->excluded)
            fprintf(stderr, "; %zu left out by --include/--exclude", st->excluded);
        if (st->converted)
            fprintf(stderr, "; %zu worker%s, the run's own CPU %.1f ms a document", st->workers,
                    st->workers == 1 ? "" : "s", st->parent_cpu * 1e3 / (double)st->converted);
        fputc(')', stderr);
        if (st->total_failed) {
            fprintf(stderr, "; failed: %s", st->failed_names);
            if (st->total_failed > st->failed_named)
                fprintf(stderr, " and %zu more", st->total_failed - st->failed_named);
            fprintf(stderr, " (see %s/report.html)", what);
        }
        fputc('\n', stderr);
    }
    return st->total_failed ? TL_E_PARTIAL : TL_OK;
}

static int run_export(const char *dir, const tl_corpus_export_opts *opts);

/* corpus export DIR --format csv|json [--excel] [-o FILE] [--year Y] [--org TEXT] */
static int corpus_export(int argc, char **argv)
{
    char *format = NULL, *out = NULL, *org = NULL, **ops = NULL;
    gboolean excel = FALSE;
    int year = 0;
    const GOptionEntry entries[] = {
        { "format", 0, 0, G_OPTION_ARG_FILENAME, &format, NULL, NULL },
        { "excel", 0, 0, G_OPTION_ARG_NONE, &excel, NULL, NULL },
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, NULL, NULL },
        { "year", 0, 0, G_OPTION_ARG_INT, &year, NULL, NULL },
        { "org", 0, 0, G_OPTION_ARG_FILENAME, &org, NULL, NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    int rc = parse_opts("corpus export", entries, argc, argv, &ops);
    if (!rc && format && strcmp(format, "csv") && strcmp(format, "json"))
        rc = fail_usage("--format needs csv or json");
    if (!rc && year && (year < 1900 || year > 2200))
        rc = fail_usage("--year needs a year");
    if (!rc && ops[0] && ops[1])
        rc = fail_usage("corpus export takes one DIR");
    if (!rc && (!ops[0] || !format))
        rc = fail_usage("corpus export needs DIR and --format csv|json");
    if (!rc && excel && strcmp(format, "csv"))
        rc = fail_usage("--excel goes with --format csv");
    if (!rc) {
        tl_corpus_export_opts o = { .format = !strcmp(format, "csv") ? TL_EXPORT_CSV : TL_EXPORT_JSON,
                                    .flags = excel ? TL_EXPORT_EXCEL : 0, .out = out, .year = year, .org = org };
        rc = run_export(ops[0], &o);
    }
    g_free(format);
    g_free(out);
    g_free(org);
    g_strfreev(ops);
    return rc;
}

static int run_export(const char *dir, const tl_corpus_export_opts *opts)
{
    tl_corpus_export_opts o = *opts;
    tl_error err = { 0 };
    tl_corpus_export_stats st;
    tl_code rc = tl_corpus_export(dir, &o, stderr, &st, &err);
    if (rc != TL_OK)
        return report(o.out && strcmp(o.out, "-") ? o.out : dir, &err);
    if (st.skipped) {
        fprintf(stderr, "%s: %zu documents exported, %zu left out (above)\n", dir, st.documents, st.skipped);
        return TL_E_PARTIAL;
    }
    return 0;
}

/* corpus build SRC... --out DIR [options]: see helps[] */
static int corpus_build(int argc, char **argv)
{
    tl_corpus_opts o = { 0 };
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int jobs = cores > 0 ? (int)cores : 1, timeout = 600, memory = 2048;
    char *out = NULL, *shard = NULL, **include = NULL, **exclude = NULL, **ops = NULL;
    gboolean quiet = FALSE, no_stitch = FALSE, no_normalize = FALSE, review = FALSE, retry_failed = FALSE,
             no_retry = FALSE, allow_removals = FALSE;
    const GOptionEntry entries[] = {
        { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, NULL, NULL },
        { "jobs", 0, 0, G_OPTION_ARG_INT, &jobs, NULL, NULL },
        { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, NULL, NULL },
        { "memory", 0, 0, G_OPTION_ARG_INT, &memory, NULL, NULL },
        { "shard", 0, 0, G_OPTION_ARG_FILENAME, &shard, NULL, NULL },
        { "quiet", 0, 0, G_OPTION_ARG_NONE, &quiet, NULL, NULL },
        { "no-stitch", 0, 0, G_OPTION_ARG_NONE, &no_stitch, NULL, NULL },
        { "no-normalize", 0, 0, G_OPTION_ARG_NONE, &no_normalize, NULL, NULL },
        { "review", 0, 0, G_OPTION_ARG_NONE, &review, NULL, NULL },
        { "include", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &include, NULL, NULL },
        { "exclude", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &exclude, NULL, NULL },
        { "retry-failed", 0, 0, G_OPTION_ARG_NONE, &retry_failed, NULL, NULL },
        { "no-retry", 0, 0, G_OPTION_ARG_NONE, &no_retry, NULL, NULL },
        { "allow-removals", 0, 0, G_OPTION_ARG_NONE, &allow_removals, NULL, NULL },
        LIMIT_ENTRY, /* the workers are forked: they inherit it */
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    int rc = parse_opts("corpus build", entries, argc, argv, &ops);
    const char *bad = NULL;
    char badval[64] = "";
    if (!rc) {
        if (jobs < 1 || jobs > 1024)
            bad = "--jobs", snprintf(badval, sizeof badval, "%d", jobs);
        else if (timeout < 0 || timeout > 86400)
            bad = "--timeout", snprintf(badval, sizeof badval, "%d", timeout);
        else if (memory < 0 || memory > 1 << 20)
            bad = "--memory", snprintf(badval, sizeof badval, "%d", memory);
        else if (shard && (sscanf(shard, "%d/%d", &o.shard_k, &o.shard_n) != 2 || o.shard_n < 1 ||
                           o.shard_k < 1 || o.shard_k > o.shard_n))
            bad = "--shard", snprintf(badval, sizeof badval, "%.60s", shard);
    }
    if (bad) {
        char msg[200];
        snprintf(msg, sizeof msg, "corpus build: bad value for %s: \"%s\"", bad, badval);
        rc = fail_usage(msg);
    }
    if (!rc && (!out || !ops[0]))
        rc = fail_usage("corpus build needs sources and --out DIR");
    if (!rc) {
        o.jobs = jobs, o.timeout_s = timeout, o.mem_mb = memory, o.out = out, o.quiet = quiet;
        o.convert.no_stitch = no_stitch, o.convert.no_normalize = no_normalize, o.review = review;
        o.retry = no_retry ? TL_RETRY_NONE : retry_failed ? TL_RETRY_ALL : o.retry;
        o.allow_removals = allow_removals;
        o.include = (const char *const *)include, o.ninclude = include ? g_strv_length(include) : 0;
        o.exclude = (const char *const *)exclude, o.nexclude = exclude ? g_strv_length(exclude) : 0;
        tl_corpus_stats st;
        tl_error err = { 0 };
        tl_code brc = tl_corpus_build((const char *const *)ops, g_strv_length(ops), &o, &st, &err);
        rc = corpus_done(out, brc, &err, &st, quiet);
    }
    g_free(out);
    g_free(shard);
    g_strfreev(include);
    g_strfreev(exclude);
    g_strfreev(ops);
    return rc;
}

/* corpus search DIR QUERY [--year Y] [--org TEXT] */
static int corpus_search(int argc, char **argv)
{
    char *org = NULL, **ops = NULL;
    int year = 0;
    const GOptionEntry entries[] = {
        { "year", 0, 0, G_OPTION_ARG_INT, &year, NULL, NULL },
        { "org", 0, 0, G_OPTION_ARG_FILENAME, &org, NULL, NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    int rc = parse_opts("corpus search", entries, argc, argv, &ops);
    if (!rc && year && (year < 1900 || year > 2200))
        rc = fail_usage("--year needs a year");
    if (!rc && ops[0] && ops[1] && ops[2])
        rc = fail_usage("corpus search takes DIR and one QUERY (quote it)");
    if (!rc && (!ops[0] || !ops[1]))
        rc = fail_usage("corpus search needs DIR and QUERY");
    if (!rc) {
        size_t hits;
        tl_error err = { 0 };
        rc = tl_corpus_search(ops[0], ops[1], year, org, stdout, &hits, &err) == TL_OK ? 0 : report(ops[0], &err);
    }
    g_free(org);
    g_strfreev(ops);
    return rc;
}

static int cmd_corpus(int argc, char **argv)
{
    if (argc < 1)
        return fail_usage("corpus needs build, search, export or merge");
    if (strcmp(argv[0], "build") == 0)
        return corpus_build(argc - 1, argv + 1);
    if (strcmp(argv[0], "search") == 0)
        return corpus_search(argc - 1, argv + 1);
    if (strcmp(argv[0], "export") == 0)
        return corpus_export(argc - 1, argv + 1);
    if (strcmp(argv[0], "merge") == 0) {
        char **ops = NULL;
        const GOptionEntry entries[] = { { NULL, 0, 0, 0, NULL, NULL, NULL } };
        int rc = parse_opts("corpus merge", entries, argc - 1, argv + 1, &ops);
        if (!rc && (!ops[0] || !ops[1]))
            rc = fail_usage("corpus merge needs OUT and shard folders");
        if (!rc) {
            tl_corpus_stats st;
            tl_error err = { 0 };
            tl_code mrc = tl_corpus_merge(ops[0], (const char *const *)ops + 1, g_strv_length(ops) - 1, &st, &err);
            rc = corpus_done(ops[0], mrc, &err, &st, 0);
        }
        g_strfreev(ops);
        return rc;
    }
    return fail_usage("corpus needs build, search, export or merge");
}

/* Prints s with tabs and line breaks escaped, so that an edit is one line. */
static void put_escaped(const char *s)
{
    for (; *s; s++) {
        if (*s == '\n')
            fputs("\\n", stdout);
        else if (*s == '\t')
            fputs("\\t", stdout);
        else
            putchar(*s);
    }
}

static int cmd_normalize(int argc, char **argv)
{
    gboolean edits_only = FALSE;
    char **ops = NULL;
    const GOptionEntry entries[] = { { "edits", 0, 0, G_OPTION_ARG_NONE, &edits_only, NULL, NULL },
                                     { NULL, 0, 0, 0, NULL, NULL, NULL } };
    int bad = parse_opts("normalize", entries, argc, argv, &ops);
    if (!bad && ops[0])
        bad = fail_usage("normalize reads stdin; its only option is --edits");
    g_strfreev(ops);
    if (bad)
        return bad;
    unsigned char *data = NULL;
    size_t size = 0;
    tl_error err = { 0 };
    if (tl_fd_read(STDIN_FILENO, 0, &data, &size, &err) != TL_OK)
        return report("stdin", &err);
    char *text = malloc(size + 1);
    if (!text) {
        free(data);
        return TL_E_INTERNAL;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    free(data);
    if (strlen(text) != size) {
        free(text);
        fprintf(stderr, "stdin: NUL byte in the text: binary data, not text\n");
        return TL_E_FORMAT;
    }
    tl_edits edits = { 0 };
    char *out = tl_norm_text(text, &edits);
    free(text);
    if (!out) {
        tl_edits_free(&edits);
        fprintf(stderr, "stdin: out of memory\n");
        return TL_E_INTERNAL;
    }
    if (edits_only) {
        for (size_t i = 0; i < edits.n; i++) {
            printf("%zu\t%s\t", edits.v[i].pos, edits.v[i].rule);
            put_escaped(edits.v[i].orig);
            putchar('\t');
            put_escaped(edits.v[i].repl);
            printf("\t%.2f\n", edits.v[i].score);
        }
    } else {
        fputs(out, stdout);
    }
    free(out);
    tl_edits_free(&edits);
    return fflush(stdout) ? TL_E_OUTPUT : TL_OK;
}

/* A conversion stopped by SIGTERM/SIGINT/SIGHUP leaves no temporary file. */
static void on_stop(int sig)
{
    tl_save_abandon();
    signal(sig, SIG_DFL);
    raise(sig);
}

int main(int argc, char **argv)
{
    tl_norm_set_data(getenv("TL_NORM_LEXICON"), getenv("TL_HUNSPELL_DIR")); /* see normalize.h */
    /* A conversion frees and takes again about the same memory page after page.
     * glibc hands freed memory at the heap's top back to the system past 128 KB and
     * grows it by the request only, so each page's memory was mapped and faulted in
     * anew: a fault costs microseconds, and thousands a document (bench/pdf.sh:
     * seed004.pdf 4,780 -> 4,490 faults, 0.200 -> 0.183 s).  The process is short,
     * so it keeps up to 64 MB free and grows by 16 MB (untouched, so not resident). */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
    /* Blocks up to 4 MB (a dense page's glyphs) come from that heap too, not from a
     * mapping of their own faulted in anew each page; the heap is grown by its pad
     * now and backed by huge pages where the system has them (model/heap.c). */
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    void *volatile grow = malloc(1 << 20); /* volatile: kept, not optimised away */
    free(grow);
    tl_heap_huge_pages(1);
    tl_heap_advise();
    struct sigaction sa = { 0 };
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    if (argc < 2)
        return fail_command(NULL);
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("tailan %s\n", TL_VERSION);
        return 0;
    }
    int nargs = argc - 2;
    char **args = argv + 2;
    char which[64];
    snprintf(which, sizeof which, "%.20s", cmd);
    if (strcmp(cmd, "corpus") == 0 && nargs > 0 &&
        (!strcmp(args[0], "build") || !strcmp(args[0], "search") || !strcmp(args[0], "merge") ||
         !strcmp(args[0], "export"))) {
        snprintf(which, sizeof which, "corpus %s", args[0]);
        if (asks_help(nargs - 1, args + 1))
            return print_help(which);
    }
    if (asks_help(nargs, args))
        return print_help(cmd);
    usage_of = which;
    if (strcmp(cmd, "convert") == 0)
        return cmd_convert(nargs, args);
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(nargs, args);
    if (strcmp(cmd, "review") == 0)
        return cmd_review(nargs, args);
    if (strcmp(cmd, "extract") == 0)
        return cmd_extract(nargs, args);
    if (strcmp(cmd, "corpus") == 0)
        return cmd_corpus(nargs, args);
    if (strcmp(cmd, "normalize") == 0)
        return cmd_normalize(nargs, args);
    return fail_command(cmd);
}
