/* Whether hunspell-mn accepts a word: the normalizer's guard against "repairing" a
 * real word.  The lexicon knows the words the plans and reports use; Mongolian's
 * inflected forms are far more ("болох", "тоот", "чирэгдлийн"), and only hunspell's
 * affix rules know them (its word list alone holds stems).  Its dictionary takes
 * 0.7 s and 70 MB to load, so it is loaded at the first word a rule would change,
 * not with the lexicon: clean text that the lexicon covers never pays for it.
 * TL_HUNSPELL_DIR names another directory holding mn_MN.aff and mn_MN.dic. */
#include "private.h"

#include <hunspell.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl_data.h"

#include <unicode/ustring.h>

/* Longer words are unknown: hunspell-mn's own limit is shorter */
#define MAX_WORD_BYTES 256

#define DEFAULT_DIR "/usr/share/hunspell"

static Hunhandle *handle;
static pthread_once_t once = PTHREAD_ONCE_INIT;
/* One Hunhandle is not safe to use from two threads at once. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

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

static void load(void)
{
    load_spellings();
    const char *dir = getenv("TL_HUNSPELL_DIR");
    if (!dir || !*dir)
        dir = DEFAULT_DIR;
    char aff[4096], dic[4096];
    snprintf(aff, sizeof aff, "%s/mn_MN.aff", dir);
    snprintf(dic, sizeof dic, "%s/mn_MN.dic", dir);
    FILE *f = fopen(dic, "r");
    if (!f)
        return; /* hunspell prints nothing useful for a missing file; no guard then */
    fclose(f);
    handle = Hunspell_create(aff, dic);
}

int tl_spell_load(void)
{
    pthread_once(&once, load);
    return handle ? 0 : -1;
}

static int spell(const char *w)
{
    pthread_mutex_lock(&lock);
    int ok = Hunspell_spell(handle, w) != 0;
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
    if (tl_spell_load())
        return -1;
    if (spell(w))
        return 1;
    /* with hunspell-mn's spelling of the documents' official one */
    for (size_t i = 0; i < nspellings; i++) {
        const spelling *s = &spellings[i];
        if (n < s->ol || memcmp(w, s->official, s->ol))
            continue;
        char *theirs = malloc(n - s->ol + s->tl + 1);
        if (!theirs)
            return -1;
        memcpy(theirs, s->theirs, s->tl);
        memcpy(theirs + s->tl, w + s->ol, n - s->ol + 1);
        int ok = spell(theirs);
        free(theirs);
        if (ok)
            return 1;
    }
    return 0;
}
