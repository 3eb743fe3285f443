/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading an input into memory, with the size limit checked before reading; removing
 * a conversion's temporary folder. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "extract.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a path is when it is no document: named in the refusal. */
static const char *not_regular(mode_t m)
{
    return S_ISDIR(m)    ? "is a directory"
           : S_ISFIFO(m) ? "is a FIFO (a named pipe), not a regular file: refused before reading"
           : S_ISSOCK(m) ? "is a socket, not a regular file: refused before reading"
           : S_ISCHR(m)  ? "is a character device (such as /dev/zero), not a regular file: refused before reading"
           : S_ISBLK(m)  ? "is a block device, not a regular file: refused before reading"
                         : "is not a regular file: refused before reading";
}

tl_code tl_fd_read(int fd, size_t hint, unsigned char **data, size_t *size, tl_error *err)
{
    size_t most = tl_limits_get()->max_input_bytes;
    *data = NULL;
    *size = 0;
    /* One byte over the limit is read to tell "at" from "over"; never more, however
     * much the source would give (/dev/zero, a pipe that never ends). */
    size_t cap = hint ? hint + 1 : 65536;
    if (cap > most + 1)
        cap = most + 1;
    unsigned char *buf = malloc(cap);
    size_t n = 0;
    if (!buf)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory reading %zu bytes", cap);
    for (;;) {
        if (n == cap) {
            if (cap > most) {
                free(buf);
                return tl_error_set(err, TL_E_LIMIT, "over the %zu-byte input limit (--limit input raises it)", most);
            }
            size_t grow = cap * 2 > most + 1 ? most + 1 : cap * 2;
            unsigned char *nb = realloc(buf, grow);
            if (!nb) {
                free(buf);
                return tl_error_set(err, TL_E_INTERNAL, "out of memory");
            }
            buf = nb;
            cap = grow;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(buf);
            return tl_error_set(err, TL_E_IO, "read error: %s", strerror(e));
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (n > most) {
        free(buf);
        return tl_error_set(err, TL_E_LIMIT, "over the %zu-byte input limit (--limit input raises it)", most);
    }
    *data = buf;
    *size = n;
    return TL_OK;
}

tl_code tl_file_open(const char *path, int *fd_out, size_t *size, tl_error *err)
{
    *fd_out = -1;
    *size = 0;
    /* O_NONBLOCK: opening a FIFO with no writer would wait for one forever. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return tl_error_set(err, TL_E_IO, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return tl_error_set(err, TL_E_IO, "cannot stat: %s", strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return tl_error_set(err, TL_E_IO, "%s", not_regular(st.st_mode));
    }
    size_t most = tl_limits_get()->max_input_bytes;
    if ((unsigned long long)st.st_size > most) {
        close(fd);
        return tl_error_set(err, TL_E_LIMIT, "%lld bytes, over the %zu-byte input limit (--limit input raises it)",
                            (long long)st.st_size, most);
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    *fd_out = fd;
    *size = (size_t)st.st_size;
    return TL_OK;
}

tl_code tl_file_read(const char *path, unsigned char **data, size_t *size, tl_error *err)
{
    *data = NULL;
    int fd;
    tl_code rc = tl_file_open(path, &fd, size, err);
    if (rc != TL_OK)
        return rc;
    rc = tl_fd_read(fd, *size, data, size, err);
    close(fd);
    return rc;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void tl_remove_tree(const char *dir)
{
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
