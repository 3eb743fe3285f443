/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tailan command line: a thin layer over the library.  Errors are one line,
 * "FILE: reason", and the exit code says which kind (model/model.h, tl_code). */
#include "corpus/corpus.h"
#include "extract/extract.h"
#include "normalize/normalize.h"

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
    "                           [--no-stitch] [--no-normalize] [--limit NAME=VALUE]...\n"
    "       tailan validate FILE.xml...\n"
    "       tailan review IN -o DIR [--no-normalize] [--limit NAME=VALUE]...\n"
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
                 "                      [--no-stitch] [--no-normalize] [--limit NAME=VALUE]... [--] IN\n"
                 "Turns a plan or report (PDF, scan, DOCX, ODT, XLSX, ODS, .doc, .xls, RTF, HTML,\n"
                 "markdown, TSV or plain text) into plan XML validated against tailan-plan.xsd;\n"
                 "standard output without -o.  The file is written atomically and only when it\n"
                 "validates; -o never replaces the input, a folder, FIFO or device (nor a\n"
                 "symbolic link without --force).  --no-stitch keeps page fragments apart,\n"
                 "--no-normalize leaves OCR errors unrepaired.  --limit: see tailan --help.\n"
                 "--format csv writes one row per action instead (RFC 4180, UTF-8; --excel puts\n"
                 "the byte-order mark Excel needs first), --format json the plan as JSON\n"
                 "(schema/tailan-export.schema.json); both from the validated XML (docs/export.md).\n" },
    { "review", "usage: tailan review IN -o DIR [--no-normalize] [--limit NAME=VALUE]...\n"
                "Converts IN and writes DIR/index.html, a page to check the conversion by: the\n"
                "document's pages as images (DIR/page-N.png; for DOCX, HTML and text, its text)\n"
                "with a box over every cell a plan value came from, the plan beside them (pointing\n"
                "at either lights the other), repairs with their originals, values read with low\n"
                "OCR confidence flagged, unmapped items and warnings with their reasons.  Opens\n"
                "from file://, needs no network.\n" },
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

static int print_help(const char *cmd)
{
    for (size_t i = 0; i < sizeof helps / sizeof *helps; i++)
        if (strcmp(helps[i].cmd, cmd) == 0) {
            fputs(helps[i].help, stdout);
            return 0;
        }
    return fail_usage("unknown command");
}

static int fail_usage(const char *msg)
{
    fprintf(stderr, "tailan: %s\n%s", msg, usage);
    return TL_E_USAGE;
}

/* The error names the option that was not understood. */
static int fail_option(const char *cmd, const char *opt)
{
    char msg[600];
    snprintf(msg, sizeof msg, "%s: unknown option \"%.400s\" (tailan %s --help)", cmd, opt, cmd);
    return fail_usage(msg);
}

/* The arguments after the command, "--name=value" split (kept for the process's
 * life: a global, so LeakSanitizer sees it held). */
static char **cli_args;

/* "--name=value" as "--name" "value", for the options that take a value, up to "--":
 * GNU's long-option form.  Returns a new argv (malloc'd, the strings argv's or
 * malloc'd). */
static char **split_equals(int *argc, char **argv)
{
    static const char *const valued[] = { "--output", "--limit", "--out",  "--jobs", "--timeout",
                                          "--memory", "--shard", "--year", "--org", "--format",
                                          "--include", "--exclude" };
    char **out = malloc(((size_t)*argc * 2 + 1) * sizeof *out);
    if (!out)
        return argv;
    int n = 0, ended = 0;
    for (int i = 0; i < *argc; i++) {
        const char *eq = strchr(argv[i], '=');
        int split = 0;
        ended |= strcmp(argv[i], "--") == 0;
        for (size_t k = 0; !ended && eq && k < sizeof valued / sizeof *valued && !split; k++)
            split = strlen(valued[k]) == (size_t)(eq - argv[i]) && strncmp(argv[i], valued[k], strlen(valued[k])) == 0;
        if (split) {
            out[n++] = strndup(argv[i], (size_t)(eq - argv[i]));
            out[n++] = (char *)eq + 1;
        } else {
            out[n++] = argv[i];
        }
    }
    out[n] = NULL;
    *argc = n;
    return out;
}

static int report(const char *file, const tl_error *err)
{
    fprintf(stderr, "%s: %s\n", file, err->msg);
    return err->code;
}

/* --limit NAME=VALUE (extract.h, tl_limits_parse). */
static int set_limit(const char *spec)
{
    return tl_limits_parse(spec);
}

static int cmd_convert(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    tl_convert_opts opts = { 0 };
    int files_only = 0; /* after "--" */
    for (int i = 0; i < argc; i++) {
        if (!files_only && strcmp(argv[i], "--") == 0) {
            files_only = 1;
        } else if (files_only) {
            if (in)
                return fail_usage("convert takes one input");
            in = argv[i];
        } else if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
            if (++i >= argc)
                return fail_usage("-o needs a file name");
            out = argv[i];
        } else if (strcmp(argv[i], "--no-stitch") == 0) {
            opts.no_stitch = 1;
        } else if (strcmp(argv[i], "--no-normalize") == 0) {
            opts.no_normalize = 1;
        } else if (strcmp(argv[i], "--force") == 0) {
            opts.force = 1;
        } else if (strcmp(argv[i], "--excel") == 0) {
            opts.out_flags |= TL_EXPORT_EXCEL;
        } else if (strcmp(argv[i], "--format") == 0) {
            if (++i >= argc || (strcmp(argv[i], "xml") && strcmp(argv[i], "csv") && strcmp(argv[i], "json")))
                return fail_usage("--format needs xml, csv or json");
            opts.out_format = !strcmp(argv[i], "csv") ? TL_OUT_CSV : !strcmp(argv[i], "json") ? TL_OUT_JSON : TL_OUT_XML;
        } else if (strcmp(argv[i], "--limit") == 0) {
            if (++i >= argc || set_limit(argv[i]))
                return fail_usage("--limit needs NAME=VALUE: input, text, zip (sizes: 512M), cells, pages, "
                                  "pixels, zip-parts, threads (counts)");
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return fail_option("convert", argv[i]);
        } else if (!in) {
            in = argv[i];
        } else {
            return fail_usage("convert takes one input");
        }
    }
    if (!in)
        return fail_usage("convert needs an input file");
    if ((opts.out_flags & TL_EXPORT_EXCEL) && opts.out_format != TL_OUT_CSV)
        return fail_usage("--excel goes with --format csv");
    tl_error err = { 0 };
    tl_code rc = tl_convert_file(in, out, &opts, &err);
    return rc == TL_OK ? 0 : report(in, &err);
}

static int cmd_review(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    tl_convert_opts opts = { 0 };
    for (int i = 0; i < argc; i++) {
        if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) && i + 1 < argc) {
            out = argv[++i];
        } else if (!strcmp(argv[i], "--no-normalize")) {
            opts.no_normalize = 1;
        } else if (!strcmp(argv[i], "--limit")) {
            if (++i >= argc || set_limit(argv[i]))
                return fail_usage("--limit needs NAME=VALUE");
        } else if (!strcmp(argv[i], "--")) {
            if (i + 1 < argc)
                in = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return fail_option("review", argv[i]);
        } else if (!in) {
            in = argv[i];
        } else {
            return fail_usage("review takes one input");
        }
    }
    if (!in || !out)
        return fail_usage("review needs an input file and -o DIR");
    tl_error err = { 0 };
    tl_code rc = tl_review_file(in, out, &opts, &err);
    return rc == TL_OK ? 0 : report(in, &err);
}

static int cmd_validate(int argc, char **argv)
{
    if (argc > 0 && strcmp(argv[0], "--") == 0)
        argc--, argv++;
    if (argc < 1)
        return fail_usage("validate needs a file");
    int worst = 0;
    for (int i = 0; i < argc; i++) {
        tl_error err = { 0 };
        tl_code rc = tl_xml_validate_file(argv[i], &err);
        if (rc != TL_OK) {
            report(argv[i], &err);
            if ((int)rc > worst)
                worst = (int)rc;
        } else {
            printf("%s: valid\n", argv[i]);
        }
    }
    return worst;
}

static void print_text(const char *s)
{
    for (; *s; s++)
        fputs(*s == '\n' ? "\\n" : (char[]){ *s, 0 }, stdout);
}

static int cmd_extract(int argc, char **argv)
{
    int stitch = 1, json = 0, files_only = 0;
    const char *in = NULL;
    for (int i = 0; i < argc; i++) {
        if (!files_only && strcmp(argv[i], "--") == 0)
            files_only = 1;
        else if (!files_only && strcmp(argv[i], "--no-stitch") == 0)
            stitch = 0;
        else if (!files_only && strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (!files_only && strcmp(argv[i], "--limit") == 0) {
            if (++i >= argc || set_limit(argv[i]))
                return fail_usage("--limit needs NAME=VALUE: input, text, zip (sizes: 512M), cells, pages, "
                                  "pixels, zip-parts, threads (counts)");
        } else if (!files_only && argv[i][0] == '-' && argv[i][1])
            return fail_option("extract", argv[i]);
        else if (in)
            return fail_usage("extract takes one input");
        else
            in = argv[i];
    }
    if (!in)
        return fail_usage("extract takes one input");
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

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
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

/* corpus export DIR --format csv|json [--excel] [-o FILE] [--year Y] [--org TEXT] */
static int corpus_export(int argc, char **argv)
{
    tl_corpus_export_opts o = { .format = TL_EXPORT_CSV };
    const char *dir = NULL;
    int have_format = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--format") && i + 1 < argc) {
            i++;
            if (strcmp(argv[i], "csv") && strcmp(argv[i], "json"))
                return fail_usage("--format needs csv or json");
            o.format = !strcmp(argv[i], "csv") ? TL_EXPORT_CSV : TL_EXPORT_JSON;
            have_format = 1;
        } else if (!strcmp(argv[i], "--excel")) {
            o.flags |= TL_EXPORT_EXCEL;
        } else if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) && i + 1 < argc) {
            o.out = argv[++i];
        } else if (!strcmp(argv[i], "--year") && i + 1 < argc) {
            if (parse_int(argv[++i], 1900, 2200, &o.year))
                return fail_usage("--year needs a year");
        } else if (!strcmp(argv[i], "--org") && i + 1 < argc) {
            o.org = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return fail_option("corpus export", argv[i]);
        } else if (!dir) {
            dir = argv[i];
        } else {
            return fail_usage("corpus export takes one DIR");
        }
    }
    if (!dir || !have_format)
        return fail_usage("corpus export needs DIR and --format csv|json");
    if ((o.flags & TL_EXPORT_EXCEL) && o.format != TL_EXPORT_CSV)
        return fail_usage("--excel goes with --format csv");
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

static int cmd_corpus(int argc, char **argv)
{
    if (argc < 1)
        return fail_usage("corpus needs build, search, export or merge");
    tl_error err = { 0 };
    tl_corpus_stats st;
    if (strcmp(argv[0], "build") == 0) {
        tl_corpus_opts o = { .timeout_s = 600, .mem_mb = 2048 };
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        o.jobs = cores > 0 ? (int)cores : 1;
        /* one array: sources, then --include globs, then --exclude globs */
        const char **srcs = calloc(3 * (size_t)argc, sizeof *srcs), **inc = srcs + argc, **exc = srcs + 2 * argc;
        size_t n = 0;
        if (!srcs)
            return TL_E_INTERNAL;
        o.include = inc;
        o.exclude = exc;
        int files_only = 0;
        for (int i = 1; i < argc; i++) {
            const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
            int bad = 0;
            if (files_only)
                srcs[n++] = a;
            else if (!strcmp(a, "--"))
                files_only = 1;
            else if (!strcmp(a, "--out") && v)
                o.out = v, i++;
            else if (!strcmp(a, "--jobs") && v)
                bad = parse_int(v, 1, 1024, &o.jobs), i++;
            else if (!strcmp(a, "--timeout") && v)
                bad = parse_int(v, 0, 86400, &o.timeout_s), i++;
            else if (!strcmp(a, "--memory") && v) {
                int mb;
                bad = parse_int(v, 0, 1 << 20, &mb), i++;
                o.mem_mb = mb;
            } else if (!strcmp(a, "--shard") && v) {
                bad = sscanf(v, "%d/%d", &o.shard_k, &o.shard_n) != 2 || o.shard_n < 1 || o.shard_k < 1 ||
                      o.shard_k > o.shard_n;
                i++;
            } else if (!strcmp(a, "--quiet"))
                o.quiet = 1;
            else if (!strcmp(a, "--no-stitch"))
                o.convert.no_stitch = 1;
            else if (!strcmp(a, "--no-normalize"))
                o.convert.no_normalize = 1;
            else if (!strcmp(a, "--review"))
                o.review = 1;
            else if (!strcmp(a, "--include") && v)
                inc[o.ninclude++] = v, i++;
            else if (!strcmp(a, "--exclude") && v)
                exc[o.nexclude++] = v, i++;
            else if (!strcmp(a, "--retry-failed"))
                o.retry = TL_RETRY_ALL;
            else if (!strcmp(a, "--no-retry"))
                o.retry = TL_RETRY_NONE;
            else if (!strcmp(a, "--allow-removals"))
                o.allow_removals = 1;
            else if (!strcmp(a, "--limit") && v) /* workers are forked: they inherit it */
                bad = set_limit(v), i++;
            else if (a[0] == '-' && a[1])
                bad = 1;
            else
                srcs[n++] = a;
            if (bad) {
                free(srcs);
                char msg[600];
                if (a == argv[i]) /* nothing taken after it */
                    snprintf(msg, sizeof msg, "corpus build: unknown option or missing value \"%.400s\" "
                             "(tailan corpus build --help)", a);
                else
                    snprintf(msg, sizeof msg, "corpus build: bad value for %.100s: \"%.400s\"", a, argv[i]);
                return fail_usage(msg);
            }
        }
        if (!o.out || !n) {
            free(srcs);
            return fail_usage("corpus build needs sources and --out DIR");
        }
        tl_code rc = tl_corpus_build(srcs, n, &o, &st, &err);
        free(srcs);
        return corpus_done(o.out, rc, &err, &st, o.quiet);
    }
    if (strcmp(argv[0], "search") == 0) {
        const char *dir = NULL, *q = NULL, *org = NULL;
        int year = 0;
        for (int i = 1; i < argc; i++) {
            if (!strcmp(argv[i], "--year") && i + 1 < argc) {
                if (parse_int(argv[++i], 1900, 2200, &year))
                    return fail_usage("--year needs a year");
            } else if (!strcmp(argv[i], "--org") && i + 1 < argc) {
                org = argv[++i];
            } else if (!dir) {
                dir = argv[i];
            } else if (!q) {
                q = argv[i];
            } else {
                return fail_usage("corpus search takes DIR and one QUERY (quote it)");
            }
        }
        if (!dir || !q)
            return fail_usage("corpus search needs DIR and QUERY");
        size_t hits;
        tl_code rc = tl_corpus_search(dir, q, year, org, stdout, &hits, &err);
        if (rc != TL_OK)
            return report(dir, &err);
        return 0;
    }
    if (strcmp(argv[0], "export") == 0)
        return corpus_export(argc - 1, argv + 1);
    if (strcmp(argv[0], "merge") == 0) {
        if (argc < 3)
            return fail_usage("corpus merge needs OUT and shard folders");
        tl_code rc = tl_corpus_merge(argv[1], (const char *const *)argv + 2, (size_t)argc - 2, &st, &err);
        return corpus_done(argv[1], rc, &err, &st, 0);
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
    int edits_only = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--edits") == 0)
            edits_only = 1;
        else
            return fail_usage("normalize reads stdin; its only option is --edits");
    }
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
    tl_xml_save_abandon();
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
    struct sigaction sa = { 0 };
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    if (argc < 2)
        return fail_usage("no command");
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
    char **args = cli_args = split_equals(&nargs, argv + 2);
    if (strcmp(cmd, "corpus") == 0 && nargs > 0 && asks_help(nargs - 1, args + 1)) {
        char which[64];
        snprintf(which, sizeof which, "corpus %.40s", args[0]);
        return print_help(strcmp(args[0], "build") && strcmp(args[0], "search") && strcmp(args[0], "merge") &&
                                  strcmp(args[0], "export")
                              ? "corpus" : which);
    }
    if (asks_help(nargs, args))
        return print_help(cmd);
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
    return fail_usage("unknown command");
}
