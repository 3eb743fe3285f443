/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Validation against the compiled-in XSD. */
#include "private.h"
#include "tl_data.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static xmlSchemaPtr schema;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* libxml2 reports through callbacks; the first error of a call is kept here so the
 * caller gets one line, and nothing is printed behind its back. */
static _Thread_local char first_error[400];
static _Thread_local int first_from_parser;

static void keep_first(void *ctx, const xmlError *e)
{
    (void)ctx;
    if (first_error[0] || !e)
        return;
    char msg[300];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "unknown error");
    size_t l = strlen(msg);
    while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
        msg[--l] = '\0';
    snprintf(first_error, sizeof first_error, "line %d: %s", e->line, msg);
    first_from_parser = e->domain == XML_FROM_PARSER;
}

static void silent(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

static void load_schema(void)
{
    xmlSetGenericErrorFunc(NULL, silent);
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt((const char *)tl_data_xsd, (int)tl_data_xsd_len);
    if (!pc)
        return;
    schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
}

/* The one-line error for a validation that did not pass: the parser's first error
 * (not well-formed) or the validator's. */
static tl_code verdict(int rc, int well_formed, tl_error *err)
{
    if (rc == 0)
        return TL_OK;
    if (!well_formed)
        return tl_error_set(err, TL_E_INVALID, "not well-formed XML: %s", first_error[0] ? first_error : "parse error");
    return tl_error_set(err, TL_E_INVALID, "does not validate against tailan-plan.xsd: %s",
                        first_error[0] ? first_error : "validation failed");
}

/* Streams input through the schema: SAX events straight into the validator, no tree.
 * Takes input. */
static tl_code validate_stream(xmlParserInputBufferPtr input, tl_error *err)
{
    pthread_once(&once, load_schema);
    if (!schema) {
        xmlFreeParserInputBuffer(input);
        return tl_error_set(err, TL_E_INTERNAL, "the compiled-in XSD does not parse");
    }
    xmlSchemaValidCtxtPtr vc = input ? xmlSchemaNewValidCtxt(schema) : NULL;
    if (!vc) {
        xmlFreeParserInputBuffer(input);
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    }
    first_error[0] = '\0';
    first_from_parser = 0;
    xmlSchemaSetValidStructuredErrors(vc, (xmlStructuredErrorFunc)keep_first, NULL);
    /* The parser's own errors (not well-formed) come through the global handler. */
    xmlSetStructuredErrorFunc(NULL, (xmlStructuredErrorFunc)keep_first);
    /* An empty SAX2 handler of our own: libxml2 2.9 dereferences a NULL one. */
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    int rc = xmlSchemaValidateStream(vc, input, XML_CHAR_ENCODING_NONE, &sax, NULL);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSchemaFreeValidCtxt(vc);
    return verdict(rc, !first_from_parser, err);
}

/* The XML in memory handed to the parser a piece at a time: libxml2's own memory
 * buffers either copy it whole or (the static one, in 2.9) misread large inputs. */
typedef struct cursor {
    const char *at;
    size_t left;
} cursor;

static int cursor_read(void *ctx, char *buf, int len)
{
    cursor *c = ctx;
    size_t n = len < 0 ? 0 : (size_t)len < c->left ? (size_t)len : c->left;
    memcpy(buf, c->at, n);
    c->at += n;
    c->left -= n;
    return (int)n;
}

void tl_xml_text_runs(const char *p, size_t n, size_t *run, size_t *most)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] == '>')
            *run = 0;
        else if (p[i] == '<')
            *most = *run > *most ? *run : *most;
        else
            ++*run;
}

/* The longest run of text between two tags, in bytes. */
static size_t longest_text(const char *xml, size_t len)
{
    size_t run = 0, most = 0;
    tl_xml_text_runs(xml, len, &run, &most);
    return most;
}

/* The same check over a tree, for documents holding a long text (see below), read
 * from memory whole: a parser reading it piece by piece grows its input by each
 * piece (quadratic where realloc copies, as under the sanitizers). */
static tl_code validate_tree(const char *xml, size_t len, tl_error *err)
{
    pthread_once(&once, load_schema);
    if (!schema)
        return tl_error_set(err, TL_E_INTERNAL, "the compiled-in XSD does not parse");
    if (len > INT_MAX)
        return tl_error_set(err, TL_E_LIMIT, "%zu bytes of XML, over libxml2's 2 GB", len);
    first_error[0] = '\0';
    first_from_parser = 0;
    xmlSetStructuredErrorFunc(NULL, (xmlStructuredErrorFunc)keep_first);
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, NULL, NULL,
                                  XML_PARSE_HUGE | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSchemaValidCtxtPtr vc = doc ? xmlSchemaNewValidCtxt(schema) : NULL;
    int rc = -1;
    if (vc) {
        xmlSchemaSetValidStructuredErrors(vc, (xmlStructuredErrorFunc)keep_first, NULL);
        rc = xmlSchemaValidateDoc(vc, doc);
        xmlSchemaFreeValidCtxt(vc);
    }
    xmlSetStructuredErrorFunc(NULL, NULL);
    int parsed = doc != NULL;
    xmlFreeDoc(doc);
    return verdict(rc, parsed, err);
}

/* Streaming, libxml2's validator joins a text's pieces one at a time as the parser
 * hands them over, scanning what it has joined each time: quadratic in the text's
 * length (a 10 MB paragraph took 6.4 s).  A tree holds each text in one piece, and
 * the tree of a document whose texts are long is small beside them: such a document
 * is checked as a tree. */
#define STREAM_TEXT_MAX ((size_t)1 << 20)

tl_code tl_xml_validate(const char *xml, size_t len, tl_error *err)
{
    if (longest_text(xml, len) > STREAM_TEXT_MAX)
        return validate_tree(xml, len, err);
    cursor c = { xml, len };
    return validate_stream(xmlParserInputBufferCreateIO(cursor_read, NULL, &c, XML_CHAR_ENCODING_NONE), err);
}

/* A file read from its start by offset, whoever else has it open. */
typedef struct fd_cursor {
    int fd;
    off_t at;
    int failed;
} fd_cursor;

static int fd_read(void *ctx, char *buf, int len)
{
    fd_cursor *c = ctx;
    ssize_t n;
    do
        n = pread(c->fd, buf, (size_t)(len < 0 ? 0 : len), c->at);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        c->failed = errno;
        return -1;
    }
    c->at += n;
    return (int)n;
}

static tl_code read_back_failed(int e, tl_error *err)
{
    return tl_error_set(err, TL_E_IO, "cannot read the XML back: %s", strerror(e));
}

/* A long text's file read whole into memory for the tree (which costs ten times it). */
static tl_code validate_tree_fd(int fd, tl_error *err)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return read_back_failed(errno, err);
    size_t len = (size_t)st.st_size, got = 0;
    char *xml = malloc(len ? len : 1);
    if (!xml)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory reading the XML back");
    fd_cursor c = { fd, 0, 0 };
    for (int n = 1; got < len && n > 0;) {
        n = fd_read(&c, xml + got, (int)(len - got > INT_MAX ? INT_MAX : len - got));
        got += n > 0 ? (size_t)n : 0;
    }
    tl_code rc = c.failed ? read_back_failed(c.failed, err) : validate_tree(xml, got, err);
    free(xml);
    return rc;
}

tl_code tl_xml_validate_fd(int fd, size_t longest, tl_error *err)
{
    if (longest > STREAM_TEXT_MAX)
        return validate_tree_fd(fd, err);
    fd_cursor c = { fd, 0, 0 };
    tl_code rc = validate_stream(xmlParserInputBufferCreateIO(fd_read, NULL, &c, XML_CHAR_ENCODING_NONE), err);
    return c.failed ? read_back_failed(c.failed, err) : rc;
}

/* The longest text of the XML in fd (tl_xml_text_runs), read a piece at a time. */
static tl_code longest_in_fd(int fd, size_t *most, tl_error *err)
{
    char buf[1 << 14];
    size_t run = 0;
    *most = 0;
    fd_cursor c = { fd, 0, 0 };
    for (int n; (n = fd_read(&c, buf, (int)sizeof buf)) > 0;)
        tl_xml_text_runs(buf, (size_t)n, &run, most);
    return c.failed ? read_back_failed(c.failed, err) : TL_OK;
}

tl_code tl_xml_validate_file(const char *path, tl_error *err)
{
    /* Not blocking: a FIFO would be waited on at open. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return tl_error_set(err, TL_E_IO, "cannot open: %s", strerror(errno));
    struct stat st;
    tl_code rc;
    if (fstat(fd, &st) != 0)
        rc = tl_error_set(err, TL_E_IO, "cannot open: %s", strerror(errno));
    else if (!S_ISREG(st.st_mode))
        rc = tl_error_set(err, TL_E_IO, "not a regular file: refused before reading");
    else {
        size_t longest;
        rc = longest_in_fd(fd, &longest, err);
        if (rc == TL_OK)
            rc = tl_xml_validate_fd(fd, longest, err);
    }
    close(fd);
    return rc;
}
