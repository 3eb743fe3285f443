/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sources of a corpus run: the regular files under the folders named.
 *
 * A source that is missing or unreadable must never look like an empty one: the
 * catalog would take every document under it for removed and delete their XML (a
 * share not mounted, a typo in a cron line).  So a named source that cannot be read is
 * an error of the run, and a folder deeper down that cannot be read is listed, so
 * the caller keeps its documents as they were. */
#define _GNU_SOURCE
#include "run.h"

#include <dirent.h>
#include <fnmatch.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int tl_paths_add(tl_paths *p, const char *s)
{
    if (tl_grow((void **)&p->v, &p->cap, p->n + 1, sizeof *p->v))
        return -1;
    p->v[p->n] = tl_strdup(s);
    return p->v[p->n] ? (p->n++, 0) : -1;
}

void tl_paths_free(tl_paths *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i]);
    free(p->v);
    memset(p, 0, sizeof *p);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void tl_paths_sort_unique(tl_paths *p)
{
    if (p->n > 1)
        qsort(p->v, p->n, sizeof *p->v, cmp_str);
    size_t k = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (k && !strcmp(p->v[k - 1], p->v[i])) {
            free(p->v[i]);
            continue;
        }
        p->v[k++] = p->v[i];
    }
    p->n = k;
}

void tl_walk_free(tl_walk *w)
{
    tl_paths_free(&w->files);
    tl_paths_free(&w->skipped);
    tl_paths_free(&w->unreadable);
}

/* -1 out of memory, else 0; what could not be read is recorded in w. */
static int walk_dir(const char *path, DIR *d, const char *skip, tl_walk *w, int depth)
{
    int rc = 0;
    errno = 0;
    for (struct dirent *e; !rc && (e = readdir(d)); errno = 0) {
        if (e->d_name[0] == '.')
            continue;
        char *sub = NULL;
        if (asprintf(&sub, "%s/%s", path, e->d_name) < 0)
            return -1;
        struct stat st;
        if (lstat(sub, &st) != 0) {
            /* Gone between readdir and lstat: as if it had not been there. */
        } else if (S_ISREG(st.st_mode)) {
            rc = tl_paths_add(&w->files, sub);
        } else if (S_ISDIR(st.st_mode)) {
            if (skip && !strcmp(sub, skip)) {
                /* the output folder inside a source */
            } else if (depth >= 64) {
                rc = tl_paths_add(&w->skipped, sub);
            } else {
                DIR *sd = opendir(sub);
                if (!sd) {
                    rc = tl_paths_add(&w->unreadable, sub);
                } else {
                    rc = walk_dir(sub, sd, skip, w, depth + 1);
                    closedir(sd);
                }
            }
        } else {
            rc = tl_paths_add(&w->skipped, sub);
        }
        free(sub);
    }
    /* A read error part-way (a share going away): what was not listed is not gone. */
    if (!rc && errno != 0)
        rc = tl_paths_add(&w->unreadable, path);
    return rc;
}

static int matches_any(const char *const *globs, size_t n, const char *rel)
{
    const char *name = strrchr(rel, '/');
    name = name ? name + 1 : rel;
    for (size_t i = 0; i < n; i++)
        if (fnmatch(globs[i], rel, 0) == 0 || fnmatch(globs[i], name, 0) == 0)
            return 1;
    return 0;
}

/* Drops the files from index `from` on that the globs leave out; root is the source
 * they were found under (their path relative to it is what a glob sees). */
static void filter(tl_walk *w, size_t from, const char *root)
{
    if (!w->ninclude && !w->nexclude)
        return;
    size_t keep = from, rl = strlen(root);
    for (size_t i = from; i < w->files.n; i++) {
        const char *p = w->files.v[i];
        const char *rel = strncmp(p, root, rl) == 0 && p[rl] == '/' ? p + rl + 1 : p;
        if ((w->ninclude && !matches_any(w->include, w->ninclude, rel)) ||
            matches_any(w->exclude, w->nexclude, rel)) {
            free(w->files.v[i]);
            w->excluded++;
        } else {
            w->files.v[keep++] = w->files.v[i];
        }
    }
    w->files.n = keep;
}

tl_code tl_walk_source(const char *src, const char *skip, tl_walk *w, tl_error *err)
{
    size_t from = w->files.n;
    /* The source named may itself be a link (a mounted share's path): resolved. */
    char *abs = realpath(src, NULL);
    if (!abs)
        return tl_error_set(err, TL_E_IO, "%s: cannot read the source: %s", src, strerror(errno));
    struct stat st;
    tl_code rc = TL_OK;
    if (stat(abs, &st) != 0) {
        rc = tl_error_set(err, TL_E_IO, "%s: cannot read the source: %s", src, strerror(errno));
    } else if (skip && !strcmp(abs, skip)) {
        /* the output folder named as a source: nothing of it is a source */
    } else if (S_ISREG(st.st_mode)) {
        if (tl_paths_add(&w->files, abs))
            rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
    } else if (!S_ISDIR(st.st_mode)) {
        rc = tl_error_set(err, TL_E_IO, "%s: the source is neither a file nor a folder", src);
    } else {
        DIR *d = opendir(abs);
        if (!d)
            rc = tl_error_set(err, TL_E_IO, "%s: cannot read the source: %s", src, strerror(errno));
        else if (walk_dir(abs, d, skip, w, 0))
            rc = tl_error_set(err, TL_E_INTERNAL, "out of memory walking %s", src);
        if (d)
            closedir(d);
    }
    if (rc == TL_OK)
        filter(w, from, abs);
    free(abs);
    return rc;
}
