/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whether hunspell-mn accepts a word: the normalizer's guard against "repairing" a
 * real word.  The lexicon knows the words the plans and reports use; Mongolian's
 * inflected forms are far more ("болох", "тоот", "чирэгдлийн"), and only hunspell's
 * affix rules know them (its word list alone holds stems).  The whole dictionary
 * takes 0.6 s and 70 MB to load, most of a single conversion, so the word list is
 * read in groups (spell_groups.c): a check loads the group its word can reach, and
 * a document that asks about a few dozen words pays milliseconds.  One that would
 * load more than a WHOLE_SHARE-th of the entries so gets the whole dictionary, and
 * so does tl_spell_load, for the corpus parent whose workers share it.
 * TL_HUNSPELL_DIR names another directory holding mn_MN.aff and mn_MN.dic. */
#define _GNU_SOURCE /* memfd_create */
#include "private.h"

#include <hunspell.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl_data.h"

#include <unicode/ustring.h>

/* Longer words are unknown: hunspell-mn's own limit is shorter */
#define MAX_WORD_BYTES 256

#define DEFAULT_DIR "/usr/share/hunspell"

/* Past this share of the entries loaded in groups, the whole dictionary: loading
 * them in groups costs about as much, and then more every lookup */
#define WHOLE_SHARE 4

static Hunhandle *handle;      /* the whole dictionary, once loaded */
static tl_spell_groups *groups;
static tl_spell_lazy *lazy;     /* until then */
static size_t all_entries;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_once_t once_whole = PTHREAD_ONCE_INIT;
/* One Hunhandle is not safe to use from two threads at once. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char aff_path[4096], dic_path[4096];

/* normalize/data/spellings.tsv: the documents' spellings and hunspell-mn's */
typedef struct spelling {
    const char *official, *theirs;
    size_t ol, tl;
} spelling;
static spelling *spellings;
static size_t nspellings;

static void load_spellings(void)
{
    static char **rows; /* kept: the table points into them */
    size_t n = tl_tsv_rows(tl_data_norm_spellings, tl_data_norm_spellings_len, 2, &rows);
    spellings = rows ? calloc(n + 1, sizeof *spellings) : NULL;
    for (size_t i = 0; spellings && i < n; i++)
        if (rows[2 * i + 1])
            spellings[nspellings++] =
                (spelling){ rows[2 * i], rows[2 * i + 1], strlen(rows[2 * i]), strlen(rows[2 * i + 1]) };
}

/* hunspell reads files by name: an in-memory file's name, kept open (a handle
 * re-reads its .aff for each word list added to it); -1 when there is none */
static int mem_file(char *path, size_t cap)
{
    int fd = memfd_create("tailan-spell", MFD_CLOEXEC);
    if (fd < 0)
        return -1;
    snprintf(path, cap, "/proc/self/fd/%d", fd);
    if (access(path, R_OK)) { /* no /proc */
        close(fd);
        return -1;
    }
    return fd;
}

static int set_file(int fd, const char *data, size_t n)
{
    if (ftruncate(fd, 0))
        return -1;
    for (size_t done = 0; done < n;) {
        ssize_t w = pwrite(fd, data + done, n - done, (off_t)done);
        if (w <= 0)
            return -1;
        done += (size_t)w;
    }
    return 0;
}

/* Added word lists past which the handle is made again with one: a lookup visits
 * every list's table (a check makes hundreds of lookups, compounds tried at every
 * split), and making it again costs the .aff's 25 ms.  So it is also made again
 * once the lists stop growing: SETTLED checks in a row that loaded nothing. */
#define MERGE_AT 32
#define SETTLED 64

struct tl_spell_lazy {
    const tl_spell_groups *g;
    Hunhandle *h;
    int aff_fd;
    char aff_path[64];
    unsigned char *loaded; /* per group */
    size_t *list, nlist;   /* the groups loaded, 0 first */
    size_t added;          /* word lists added to h since it was made */
    size_t entries;
    size_t quiet;          /* checks since one loaded a group */
};

void tl_spell_lazy_free(tl_spell_lazy *s)
{
    if (!s)
        return;
    if (s->h)
        Hunspell_destroy(s->h);
    if (s->aff_fd >= 0)
        close(s->aff_fd);
    free(s->loaded);
    free(s->list);
    free(s);
}

/* s->h made again from the groups in s->list, as one word list */
static int lazy_make(tl_spell_lazy *s)
{
    size_t aff_len, words_len, dic_len;
    const char *aff = tl_spell_groups_aff(s->g, 0, &aff_len), *words = tl_spell_groups_aff(s->g, 1, &words_len);
    char *dic = tl_spell_groups_dic(s->g, s->list, s->nlist, &dic_len);
    char dpath[64];
    int dfd = dic ? mem_file(dpath, sizeof dpath) : -1;
    Hunhandle *h = NULL;
    if (dfd >= 0 && !set_file(dfd, dic, dic_len) && !set_file(s->aff_fd, aff, aff_len))
        h = Hunspell_create(s->aff_path, dpath);
    if (dfd >= 0)
        close(dfd);
    free(dic);
    /* the rules are read; word lists added later read the rest */
    if (!h || set_file(s->aff_fd, words, words_len)) {
        if (h)
            Hunspell_destroy(h);
        return -1;
    }
    if (s->h)
        Hunspell_destroy(s->h);
    s->h = h;
    s->added = 0;
    return 0;
}

tl_spell_lazy *tl_spell_lazy_open(const tl_spell_groups *g)
{
    tl_spell_lazy *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->g = g;
    s->loaded = calloc(tl_spell_groups_count(g), 1);
    s->list = malloc(tl_spell_groups_count(g) * sizeof *s->list);
    s->aff_fd = mem_file(s->aff_path, sizeof s->aff_path);
    if (!s->loaded || !s->list || s->aff_fd < 0) {
        tl_spell_lazy_free(s);
        return NULL;
    }
    s->list[s->nlist++] = 0;
    s->loaded[0] = 1;
    s->entries = tl_spell_groups_entries(g, 0);
    if (lazy_make(s)) {
        tl_spell_lazy_free(s);
        return NULL;
    }
    return s;
}

size_t tl_spell_lazy_groups(const tl_spell_lazy *s) { return s->nlist - 1; }

size_t tl_spell_lazy_entries(const tl_spell_lazy *s) { return s->entries; }

size_t tl_spell_lazy_would_load(const tl_spell_lazy *s, const char *w)
{
    size_t group = tl_spell_groups_of(s->g, w);
    return s->loaded[group] ? 0 : tl_spell_groups_entries(s->g, group);
}

static int lazy_add(tl_spell_lazy *s, size_t group)
{
    s->list[s->nlist++] = group;
    s->loaded[group] = 1;
    s->entries += tl_spell_groups_entries(s->g, group);
    if (s->added + 1 >= MERGE_AT)
        return lazy_make(s);
    size_t len;
    char *dic = tl_spell_groups_dic(s->g, &group, 1, &len), path[64];
    int fd = dic ? mem_file(path, sizeof path) : -1;
    int ok = fd >= 0 && !set_file(fd, dic, len);
    free(dic);
    if (ok)
        Hunspell_add_dic(s->h, path);
    if (fd >= 0)
        close(fd);
    s->added++;
    return ok ? 0 : -1;
}

int tl_spell_lazy_check(tl_spell_lazy *s, const char *w)
{
    size_t group = tl_spell_groups_of(s->g, w);
    if (!s->loaded[group]) {
        s->quiet = 0;
        if (lazy_add(s, group))
            return -1;
    } else if (++s->quiet >= SETTLED && s->added > 1 && lazy_make(s)) {
        return -1;
    }
    return Hunspell_spell(s->h, w) != 0;
}

static char data_dir[4000];

void tl_spell_set_dir(const char *dir)
{
    snprintf(data_dir, sizeof data_dir, "%s", dir && *dir ? dir : "");
}

static void paths(void)
{
    const char *dir = data_dir[0] ? data_dir : DEFAULT_DIR;
    snprintf(aff_path, sizeof aff_path, "%s/mn_MN.aff", dir);
    snprintf(dic_path, sizeof dic_path, "%s/mn_MN.dic", dir);
}

static void load_whole(void)
{
    FILE *f = fopen(dic_path, "r");
    if (!f)
        return; /* hunspell prints nothing useful for a missing file; no guard then */
    fclose(f);
    handle = Hunspell_create(aff_path, dic_path);
}

static pthread_once_t once_spellings = PTHREAD_ONCE_INIT;

/* w (n bytes) with its first fl bytes replaced by to (tl bytes): a new string. */
static char *swap_start(const char *w, size_t n, size_t fl, const char *to, size_t tl)
{
    char *out = malloc(n - fl + tl + 1);
    if (!out)
        return NULL;
    memcpy(out, to, tl);
    memcpy(out + tl, w + fl, n - fl);
    out[n - fl + tl] = 0;
    return out;
}

char *tl_norm_fold_spelling(const char *w, size_t n)
{
    pthread_once(&once_spellings, load_spellings);
    for (size_t i = 0; i < nspellings; i++) {
        const spelling *s = &spellings[i];
        if (n >= s->tl && !memcmp(w, s->theirs, s->tl))
            return swap_start(w, n, s->tl, s->official, s->ol);
    }
    return NULL;
}

static void load(void)
{
    pthread_once(&once_spellings, load_spellings);
    paths();
    groups = tl_spell_groups_open(dic_path, aff_path);
    lazy = groups ? tl_spell_lazy_open(groups) : NULL;
    all_entries = lazy ? tl_spell_groups_total(groups) : 0;
    if (!lazy) {
        tl_spell_groups_free(groups);
        groups = NULL;
        load_whole();
    }
}

/* Under the lock: the lazy handle gives way to the whole dictionary */
static void go_whole(void)
{
    tl_spell_lazy_free(lazy);
    lazy = NULL;
    tl_spell_groups_free(groups);
    groups = NULL;
    load_whole();
}

static void load_all(void)
{
    pthread_once(&once, load);
    pthread_mutex_lock(&lock);
    if (lazy)
        go_whole();
    pthread_mutex_unlock(&lock);
}

int tl_spell_load(void)
{
    pthread_once(&once_whole, load_all);
    return handle ? 0 : -1;
}

/* 1 known, 0 not, -1 no dictionary */
static int spell(const char *w)
{
    int ok = -1;
    pthread_mutex_lock(&lock);
    if (lazy && (tl_spell_lazy_entries(lazy) + tl_spell_lazy_would_load(lazy, w)) * WHOLE_SHARE > all_entries)
        go_whole();
    if (lazy)
        ok = tl_spell_lazy_check(lazy, w);
    if (ok < 0 && lazy) /* a group that could not be loaded: all of it then */
        go_whole();
    if (ok < 0 && handle)
        ok = Hunspell_spell(handle, w) != 0;
    pthread_mutex_unlock(&lock);
    return ok;
}

int tl_spell_known(const char *w)
{
    size_t n = strlen(w);
    if (n > MAX_WORD_BYTES)
        return 0;
    /* only well-formed UTF-8 goes to hunspell (an overlong letter makes a "word") */
    UErrorCode st = U_ZERO_ERROR;
    int32_t units;
    u_strFromUTF8(NULL, 0, &units, w, (int32_t)n, &st);
    if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
        return -1;
    pthread_once(&once, load);
    int known = spell(w);
    if (known)
        return known;
    /* with hunspell-mn's spelling of the documents' official one */
    for (size_t i = 0; i < nspellings; i++) {
        const spelling *s = &spellings[i];
        if (n < s->ol || memcmp(w, s->official, s->ol))
            continue;
        char *theirs = swap_start(w, n, s->ol, s->theirs, s->tl);
        if (!theirs)
            return -1;
        int ok = spell(theirs);
        free(theirs);
        if (ok)
            return ok;
    }
    return 0;
}
