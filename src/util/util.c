/* util.c - see util.h. */
#include "util/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int w5_grow(void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t new_cap = *cap ? *cap : 8;
    while (new_cap < need) {
        if (new_cap > SIZE_MAX / 2)
            return W5_ERR_NOMEM;
        new_cap *= 2;
    }
    if (new_cap > SIZE_MAX / size)
        return W5_ERR_NOMEM;
    void *grown = realloc(*items, new_cap * size);
    if (!grown)
        return W5_ERR_NOMEM;
    *items = grown;
    *cap = new_cap;
    return 0;
}

int w5_strpool_init(w5_strpool *pool)
{
    pool->buf = malloc(64);
    if (!pool->buf)
        return W5_ERR_NOMEM;
    pool->buf[0] = '\0';
    pool->len = 1;
    pool->cap = 64;
    return 0;
}

void w5_strpool_free(w5_strpool *pool)
{
    free(pool->buf);
    pool->buf = NULL;
    pool->len = pool->cap = 0;
}

int w5_strpool_add(w5_strpool *pool, const char *s, size_t n, uint32_t *off)
{
    if (pool->len + n + 1 > UINT32_MAX)
        return W5_ERR_TOO_LARGE;
    if (w5_grow((void **)&pool->buf, &pool->cap, pool->len + n + 1, 1))
        return W5_ERR_NOMEM;
    memcpy(pool->buf + pool->len, s, n);
    pool->buf[pool->len + n] = '\0';
    *off = (uint32_t)pool->len;
    pool->len += n + 1;
    return 0;
}

int w5_fail(w5_error *err, int code, const char *fmt, ...)
{
    if (err) {
        err->code = code;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

void w5_error_clear(w5_error *err)
{
    if (err) {
        err->code = W5_OK;
        err->message[0] = '\0';
    }
}

char *w5_strndup(const char *s, size_t n)
{
    char *copy = malloc(n + 1);
    if (copy) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    return copy;
}

int w5_read_file(const char *path, char **data, size_t *len, w5_error *err)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return w5_fail(err, W5_ERR_IO, "%s: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return w5_fail(err, W5_ERR_NOMEM, "%s: out of memory", path);
    }
    for (;;) {
        if (n + 1 >= cap && w5_grow((void **)&buf, &cap, cap * 2, 1)) {
            free(buf);
            fclose(f);
            return w5_fail(err, W5_ERR_NOMEM, "%s: out of memory", path);
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        return w5_fail(err, W5_ERR_IO, "%s: read error", path);
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

int w5_word_in_list(const char *list, const char *w, size_t n)
{
    char key[34];
    if (n == 0 || n > 31)
        return 0;
    key[0] = ' ';
    memcpy(key + 1, w, n);
    key[n + 1] = ' ';
    key[n + 2] = '\0';
    return strstr(list, key) != NULL;
}
