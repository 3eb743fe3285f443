/* Reading an input file into memory, with the size limit checked before reading. */
#include "extract.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

tl_code tl_file_read(const char *path, unsigned char **data, size_t *size, tl_error *err)
{
    *data = NULL;
    *size = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return tl_error_set(err, TL_E_IO, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return tl_error_set(err, TL_E_IO, "cannot stat: %s", strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return tl_error_set(err, TL_E_IO, "is a directory");
    }
    if (S_ISREG(st.st_mode) && (size_t)st.st_size > TL_MAX_INPUT_BYTES) {
        close(fd);
        return tl_error_set(err, TL_E_LIMIT, "%lld bytes, over the %zu-byte input limit",
                            (long long)st.st_size, TL_MAX_INPUT_BYTES);
    }
    /* Read in chunks: pipes and special files report no useful size. */
    size_t cap = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1 : 65536;
    unsigned char *buf = malloc(cap);
    size_t n = 0;
    if (!buf) {
        close(fd);
        return tl_error_set(err, TL_E_INTERNAL, "out of memory reading %zu bytes", cap);
    }
    for (;;) {
        if (n == cap) {
            if (cap > TL_MAX_INPUT_BYTES) {
                free(buf);
                close(fd);
                return tl_error_set(err, TL_E_LIMIT, "over the %zu-byte input limit",
                                    TL_MAX_INPUT_BYTES);
            }
            unsigned char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                close(fd);
                return tl_error_set(err, TL_E_INTERNAL, "out of memory");
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(buf);
            close(fd);
            return tl_error_set(err, TL_E_IO, "read error: %s", strerror(e));
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    if (n > TL_MAX_INPUT_BYTES) {
        free(buf);
        return tl_error_set(err, TL_E_LIMIT, "over the %zu-byte input limit", TL_MAX_INPUT_BYTES);
    }
    *data = buf;
    *size = n;
    return TL_OK;
}
