/*
 * compressed.c - a byte stream over plain, gzip (zlib) or zstd (libzstd)
 * data; see compressed.h.
 *
 * The stream keeps two buffers: `in` holds raw file bytes, `out` the
 * decoded bytes not yet handed out. Lines are assembled in `line`, which
 * grows to the longest line seen.
 */
#include "input/compressed.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "util/util.h"

#define IN_SIZE (1u << 16)
#define OUT_SIZE (1u << 17)

struct w5_instream {
    FILE *f;
    int owns_file;
    w5_compression kind;
    unsigned char *in;
    size_t in_pos, in_len;
    int in_eof;
    unsigned char *out;
    size_t out_pos, out_len;
    int done;                 /* no more decoded bytes will come */
    z_stream z;
    int z_ready;
    int z_member_open;        /* inside a gzip member not yet ended */
    ZSTD_DCtx *zstd;
    size_t zstd_hint;         /* last ZSTD_decompressStream result */
    W5_VEC(char) line;
};

static int fill_in(w5_instream *s, w5_error *err)
{
    if (s->in_pos < s->in_len || s->in_eof)
        return W5_OK;
    s->in_pos = 0;
    s->in_len = fread(s->in, 1, IN_SIZE, s->f);
    if (s->in_len == 0) {
        if (ferror(s->f))
            return w5_fail(err, W5_ERR_IO, "read error: %s", strerror(errno));
        s->in_eof = 1;
    }
    return W5_OK;
}

static void detect(w5_instream *s)
{
    const unsigned char *b = s->in;
    if (s->in_len >= 2 && b[0] == 0x1F && b[1] == 0x8B)
        s->kind = W5_COMPRESSION_GZIP;
    else if (s->in_len >= 4 && b[0] == 0x28 && b[1] == 0xB5 && b[2] == 0x2F &&
             b[3] == 0xFD)
        s->kind = W5_COMPRESSION_ZSTD;
    else
        s->kind = W5_COMPRESSION_NONE;
}

static int start(w5_instream *s, w5_error *err)
{
    int rc;
    s->in = malloc(IN_SIZE);
    s->out = malloc(OUT_SIZE);
    if (!s->in || !s->out)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    /* A short first read (a pipe) may hold fewer than 4 bytes: read on
     * until the magic number can be seen or the input ends. */
    while (!s->in_eof && s->in_len < 4) {
        size_t got = fread(s->in + s->in_len, 1, IN_SIZE - s->in_len, s->f);
        if (got == 0) {
            if (ferror(s->f))
                return w5_fail(err, W5_ERR_IO, "read error: %s",
                               strerror(errno));
            s->in_eof = 1;
        }
        s->in_len += got;
    }
    detect(s);
    if (s->kind == W5_COMPRESSION_GZIP) {
        /* 15 + 16: gzip wrapper only. */
        if (inflateInit2(&s->z, 15 + 16) != Z_OK)
            return w5_fail(err, W5_ERR_NOMEM, "cannot start gzip decoding");
        s->z_ready = 1;
    } else if (s->kind == W5_COMPRESSION_ZSTD) {
        if (!(s->zstd = ZSTD_createDCtx()))
            return w5_fail(err, W5_ERR_NOMEM, "cannot start zstd decoding");
    }
    rc = W5_OK;
    return rc;
}

static int make(FILE *f, int owns, w5_instream **out, w5_error *err)
{
    w5_instream *s = calloc(1, sizeof *s);
    int rc;
    *out = NULL;
    if (!s) {
        if (owns)
            fclose(f);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    s->f = f;
    s->owns_file = owns;
    if ((rc = start(s, err))) {
        w5_instream_close(s);
        return rc;
    }
    *out = s;
    return W5_OK;
}

int w5_instream_open(const char *path, w5_instream **out, w5_error *err)
{
    if (!path || !out)
        return w5_fail(err, W5_ERR_INVALID, "w5_instream_open: NULL argument");
    if (strcmp(path, "-") == 0)
        return make(stdin, 0, out, err);
    FILE *f = fopen(path, "rb");
    if (!f) {
        *out = NULL;
        return w5_fail(err, W5_ERR_IO, "cannot open: %s", strerror(errno));
    }
    return make(f, 1, out, err);
}

int w5_instream_from_file(FILE *f, w5_instream **out, w5_error *err)
{
    if (!f || !out)
        return w5_fail(err, W5_ERR_INVALID, "w5_instream_from_file: NULL");
    return make(f, 0, out, err);
}

void w5_instream_close(w5_instream *s)
{
    if (!s)
        return;
    if (s->z_ready)
        inflateEnd(&s->z);
    ZSTD_freeDCtx(s->zstd);
    if (s->owns_file && s->f)
        fclose(s->f);
    free(s->in);
    free(s->out);
    w5_vec_free(&s->line);
    free(s);
}

w5_compression w5_instream_compression(const w5_instream *s)
{
    return s ? s->kind : W5_COMPRESSION_NONE;
}

/* Decodes the next block into `out`. Sets s->done at the clean end. */
static int decode_gzip(w5_instream *s, w5_error *err)
{
    int rc;
    while (s->out_len == 0) {
        if ((rc = fill_in(s, err)))
            return rc;
        if (s->in_pos == s->in_len) {
            if (s->z_member_open)
                return w5_fail(err, W5_ERR_FORMAT, "truncated gzip data");
            s->done = 1;
            return W5_OK;
        }
        s->z.next_in = s->in + s->in_pos;
        s->z.avail_in = (uInt)(s->in_len - s->in_pos);
        s->z.next_out = s->out;
        s->z.avail_out = OUT_SIZE;
        s->z_member_open = 1;
        int zr = inflate(&s->z, Z_NO_FLUSH);
        s->in_pos = s->in_len - s->z.avail_in;
        s->out_len = OUT_SIZE - s->z.avail_out;
        if (zr == Z_STREAM_END) {
            /* Another member may follow (cat a.gz b.gz). */
            s->z_member_open = 0;
            inflateReset(&s->z);
        } else if (zr == Z_BUF_ERROR && s->out_len == 0 &&
                   s->in_pos < s->in_len) {
            return w5_fail(err, W5_ERR_FORMAT, "corrupt gzip data");
        } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
            return w5_fail(err, zr == Z_MEM_ERROR ? W5_ERR_NOMEM
                                                  : W5_ERR_FORMAT,
                           "corrupt gzip data (%s)",
                           s->z.msg ? s->z.msg : "inflate failed");
        }
    }
    return W5_OK;
}

static int decode_zstd(w5_instream *s, w5_error *err)
{
    int rc;
    while (s->out_len == 0) {
        if ((rc = fill_in(s, err)))
            return rc;
        if (s->in_pos == s->in_len) {
            if (s->zstd_hint != 0)
                return w5_fail(err, W5_ERR_FORMAT, "truncated zstd data");
            s->done = 1;
            return W5_OK;
        }
        ZSTD_inBuffer in = {s->in, s->in_len, s->in_pos};
        ZSTD_outBuffer out = {s->out, OUT_SIZE, 0};
        size_t zr = ZSTD_decompressStream(s->zstd, &out, &in);
        if (ZSTD_isError(zr))
            return w5_fail(err, W5_ERR_FORMAT, "corrupt zstd data (%s)",
                           ZSTD_getErrorName(zr));
        s->zstd_hint = zr;
        s->in_pos = in.pos;
        s->out_len = out.pos;
    }
    return W5_OK;
}

static int decode_plain(w5_instream *s, w5_error *err)
{
    int rc;
    if ((rc = fill_in(s, err)))
        return rc;
    if (s->in_pos == s->in_len) {
        s->done = 1;
        return W5_OK;
    }
    /* Hand the raw block over by swapping buffers: no copy. */
    unsigned char *tmp = s->out;
    s->out = s->in;
    s->in = tmp;
    s->out_len = s->in_len;
    s->in_pos = s->in_len = 0;
    return W5_OK;
}

/* Makes sure out holds undelivered bytes unless the stream has ended. */
static int refill(w5_instream *s, w5_error *err)
{
    if (s->out_pos < s->out_len || s->done)
        return W5_OK;
    s->out_pos = s->out_len = 0;
    switch (s->kind) {
    case W5_COMPRESSION_GZIP: return decode_gzip(s, err);
    case W5_COMPRESSION_ZSTD: return decode_zstd(s, err);
    default: return decode_plain(s, err);
    }
}

int w5_instream_getline(w5_instream *s, const char **line, size_t *len,
                        w5_error *err)
{
    int rc;
    s->line.n = 0;
    for (;;) {
        if ((rc = refill(s, err)))
            return rc;
        if (s->out_pos == s->out_len)
            break; /* end of stream */
        const unsigned char *start = s->out + s->out_pos;
        size_t avail = s->out_len - s->out_pos;
        const unsigned char *nl = memchr(start, '\n', avail);
        size_t take = nl ? (size_t)(nl - start) + 1 : avail;
        if (w5_vec_reserve(&s->line, s->line.n + take + 1))
            return w5_fail(err, W5_ERR_NOMEM, "out of memory (line of %zu bytes)",
                           s->line.n + take);
        memcpy(s->line.v + s->line.n, start, take);
        s->line.n += take;
        s->out_pos += take;
        if (nl)
            break;
    }
    if (s->line.n == 0)
        return 0;
    s->line.v[s->line.n] = '\0';
    *line = s->line.v;
    *len = s->line.n;
    return 1;
}

int w5_instream_read_all(w5_instream *s, size_t max, char **data,
                         size_t *len, w5_error *err)
{
    W5_VEC(char) buf = {0};
    int rc;
    *data = NULL;
    *len = 0;
    for (;;) {
        if ((rc = refill(s, err)))
            goto fail;
        size_t avail = s->out_len - s->out_pos;
        if (avail == 0)
            break;
        if (buf.n + avail > max) {
            rc = w5_fail(err, W5_ERR_TOO_LARGE, "input over %zu bytes", max);
            goto fail;
        }
        if (w5_vec_reserve(&buf, buf.n + avail + 1)) {
            rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
            goto fail;
        }
        memcpy(buf.v + buf.n, s->out + s->out_pos, avail);
        buf.n += avail;
        s->out_pos = s->out_len;
    }
    if (w5_vec_reserve(&buf, buf.n + 1)) {
        rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
        goto fail;
    }
    buf.v[buf.n] = '\0';
    *data = buf.v;
    *len = buf.n;
    return W5_OK;
fail:
    w5_vec_free(&buf);
    return rc;
}

int w5_decompress(const void *data, size_t len, size_t max, char **out,
                  size_t *out_len, w5_error *err)
{
    /* fmemopen on a zero-length buffer is not portable: an empty input is
     * an empty output. */
    if (len == 0) {
        *out_len = 0;
        *out = calloc(1, 1);
        return *out ? W5_OK : w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    FILE *f = fmemopen((void *)data, len, "rb");
    w5_instream *s;
    int rc;
    if (!f)
        return w5_fail(err, W5_ERR_NOMEM, "cannot open a memory stream");
    if ((rc = w5_instream_from_file(f, &s, err)) == W5_OK) {
        rc = w5_instream_read_all(s, max, out, out_len, err);
        w5_instream_close(s);
    }
    fclose(f);
    return rc;
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

int w5_compressed_name(const char *name, size_t *stem_len)
{
    size_t n = strlen(name);
    *stem_len = n;
    if (ends_with(name, n, ".gz")) {
        *stem_len = n - 3;
        return 1;
    }
    if (ends_with(name, n, ".zst")) {
        *stem_len = n - 4;
        return 1;
    }
    return 0;
}
