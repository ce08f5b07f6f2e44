/*
 * write.c - w5_doc_write() and the byte buffer, UTF-8 cleaning and JSON
 * string escaping the writers share.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "output/output.h"

static int obuf_reserve(w5_obuf *buf, size_t extra)
{
    if (buf->failed)
        return -1;
    if (extra >= (size_t)-1 - buf->len) {
        buf->failed = W5_ERR_NOMEM;
        return -1;
    }
    /* +1 keeps room for the terminating NUL. */
    if (w5_grow((void **)&buf->data, &buf->cap, buf->len + extra + 1, 1)) {
        buf->failed = W5_ERR_NOMEM;
        return -1;
    }
    return 0;
}

void w5_obuf_flush(w5_obuf *buf)
{
    if (!buf->sink || buf->failed || !buf->len)
        return;
    if (buf->sink(buf->sink_ctx, buf->data, buf->len))
        buf->failed = W5_ERR_IO;
    buf->len = 0;
    buf->data[0] = '\0';
}

void w5_obuf_put_slow(w5_obuf *buf, const char *s, size_t n)
{
    if (!n)
        return;
    if (buf->sink && buf->len + n >= W5_OBUF_FLUSH) {
        w5_obuf_flush(buf);
        if (n >= W5_OBUF_FLUSH) { /* a big piece goes straight through */
            if (!buf->failed && buf->sink(buf->sink_ctx, s, n))
                buf->failed = W5_ERR_IO;
            return;
        }
    }
    if (obuf_reserve(buf, n))
        return;
    memcpy(buf->data + buf->len, s, n);
    buf->len += n;
    buf->data[buf->len] = '\0';
}

void w5_obuf_puts(w5_obuf *buf, const char *s) { w5_obuf_put(buf, s, strlen(s)); }

void w5_obuf_putc(w5_obuf *buf, char c) { w5_obuf_put(buf, &c, 1); }

void w5_obuf_put_size(w5_obuf *buf, size_t v)
{
    char digits[24];
    size_t i = sizeof digits;
    do {
        digits[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    w5_obuf_put(buf, digits + i, sizeof digits - i);
}

void w5_obuf_put_long(w5_obuf *buf, long v)
{
    if (v < 0) {
        w5_obuf_putc(buf, '-');
        /* unsigned arithmetic so LONG_MIN does not overflow */
        w5_obuf_put_size(buf, (size_t)(0ul - (unsigned long)v));
        return;
    }
    w5_obuf_put_size(buf, (size_t)v);
}

void w5_obuf_printf(w5_obuf *buf, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        buf->failed = W5_ERR_NOMEM;
        return;
    }
    if ((size_t)n < sizeof small) {
        w5_obuf_put(buf, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        buf->failed = W5_ERR_NOMEM;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    w5_obuf_put(buf, big, (size_t)n);
    free(big);
}

void w5_obuf_free(w5_obuf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
    buf->failed = 0;
}

size_t w5_output_utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, cp = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

void w5_obuf_put_utf8(w5_obuf *buf, const char *s, size_t n, int oneline)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0; /* start of the pending run of bytes copied as they are */
    size_t i = 0;
    while (i < n) {
        unsigned c = u[i];
        if (c >= 0x80) {
            size_t len = w5_output_utf8_seq(u + i, n - i);
            if (len) {
                i += len;
                continue;
            }
            w5_obuf_put(buf, s + run, i - run);
            w5_obuf_put(buf, replacement, 3);
            run = ++i;
        } else if (oneline && (c == '\n' || c == '\r' || c == '\t')) {
            w5_obuf_put(buf, s + run, i - run);
            w5_obuf_putc(buf, ' ');
            run = ++i;
        } else {
            i++;
        }
    }
    w5_obuf_put(buf, s + run, n - run);
}

void w5_obuf_put_json_string(w5_obuf *buf, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0;
    size_t i = 0;
    w5_obuf_putc(buf, '"');
    while (i < n) {
        unsigned c = u[i];
        if (c >= 0x80) {
            size_t len = w5_output_utf8_seq(u + i, n - i);
            if (len) {
                i += len;
                continue;
            }
            w5_obuf_put(buf, s + run, i - run);
            w5_obuf_put(buf, replacement, 3);
            run = ++i;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        w5_obuf_put(buf, s + run, i - run);
        switch (c) {
        case '"': w5_obuf_put(buf, "\\\"", 2); break;
        case '\\': w5_obuf_put(buf, "\\\\", 2); break;
        case '\n': w5_obuf_put(buf, "\\n", 2); break;
        case '\r': w5_obuf_put(buf, "\\r", 2); break;
        case '\t': w5_obuf_put(buf, "\\t", 2); break;
        default: w5_obuf_printf(buf, "\\u%04x", c); break;
        }
        run = ++i;
    }
    w5_obuf_put(buf, s + run, n - run);
    w5_obuf_putc(buf, '"');
}

const char *w5_output_mention_kind(int kind)
{
    switch (kind) {
    case W5_MENTION_NAME: return "name";
    case W5_MENTION_NOMINAL: return "nominal";
    case W5_MENTION_PRONOUN: return "pronoun";
    default: return "name";
    }
}

const char *w5_output_role_kind(int kind)
{
    switch (kind) {
    case W5_ROLE_PREMODIFIER: return "premodifier";
    case W5_ROLE_APPOSITION: return "apposition";
    case W5_ROLE_COPULA: return "copula";
    case W5_ROLE_POSSESSIVE: return "possessive";
    default: return "premodifier";
    }
}

const char *w5_output_quote_kind(int kind)
{
    switch (kind) {
    case W5_QUOTE_DIRECT: return "direct";
    case W5_QUOTE_PARTIAL: return "partial";
    case W5_QUOTE_INDIRECT: return "indirect";
    case W5_QUOTE_STANCE: return "stance";
    default: return "direct";
    }
}

const char *w5_output_time_kind(int kind)
{
    switch (kind) {
    case W5_TIME_DATE: return "DATE";
    case W5_TIME_TIME: return "TIME";
    case W5_TIME_DURATION: return "DURATION";
    case W5_TIME_SET: return "SET";
    default: return "DATE";
    }
}

/* Runs the writer of `format` into buf. */
static int write_format(const w5_doc *doc, w5_format format, unsigned flags,
                        w5_obuf *buf, w5_error *err)
{
    switch (format) {
    case W5_FORMAT_TEXT: w5_output_text(doc, buf); break;
    case W5_FORMAT_JSON: w5_output_json(doc, flags, buf); break;
    case W5_FORMAT_CONLLU: w5_output_conllu(doc, buf); break;
    case W5_FORMAT_TOKENS: w5_output_tokens(doc, buf); break;
    default:
        return w5_fail(err, W5_ERR_INVALID, "unknown output format %d",
                       (int)format);
    }
    w5_obuf_flush(buf);
    if (buf->failed == W5_ERR_IO)
        return w5_fail(err, W5_ERR_IO, "cannot write the document");
    if (buf->failed)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory writing the document");
    return W5_OK;
}

int w5_output_stream(const w5_doc *doc, w5_format format, unsigned flags,
                     w5_obuf_sink sink, void *ctx, w5_error *err)
{
    if (!doc || !sink)
        return w5_fail(err, W5_ERR_INVALID, "w5_output_stream: doc or sink is NULL");
    w5_obuf buf = {.sink = sink, .sink_ctx = ctx};
    int rc = write_format(doc, format, flags, &buf, err);
    w5_obuf_free(&buf);
    return rc;
}

int w5_doc_write_to(const w5_doc *doc, w5_format format, unsigned flags,
                    w5_write_fn write, void *user, w5_error *err)
{
    unsigned json = (flags & W5_WRITE_NO_TEXT) ? W5_JSON_NO_TEXT : 0;
    return w5_output_stream(doc, format, json, write, user, err);
}

int w5_doc_write(const w5_doc *doc, w5_format format, char **out,
                 size_t *len_out, w5_error *err)
{
    if (out)
        *out = NULL;
    if (len_out)
        *len_out = 0;
    if (!doc || !out)
        return w5_fail(err, W5_ERR_INVALID, "w5_doc_write: doc or out is NULL");
    w5_obuf buf = {0};
    /* An empty document still yields a valid, NUL-terminated buffer. */
    if (obuf_reserve(&buf, 0) == 0)
        buf.data[0] = '\0';
    int rc = write_format(doc, format, 0, &buf, err);
    if (rc) {
        w5_obuf_free(&buf);
        return rc;
    }
    *out = buf.data;
    if (len_out)
        *len_out = buf.len;
    return W5_OK;
}
