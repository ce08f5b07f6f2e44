/*
 * output.h - the writers behind w5_doc_write(): tokens, CoNLL-U, JSON and a
 * readable text summary. Writers only read the document's layers; they
 * never compute anything a library user could not get from the accessors.
 *
 * Every writer appends to a w5_obuf, a growable byte buffer that records
 * an allocation failure instead of reporting it at each call: writers
 * append freely and w5_doc_write() checks `failed` once at the end.
 */
#ifndef W5_OUTPUT_H
#define W5_OUTPUT_H

#include <stddef.h>
#include <string.h>

#include "doc/doc.h"

/* Where a streaming buffer sends its bytes: returns 0, or non-zero when
 * they could not be written (the buffer then stops). */
typedef int (*w5_obuf_sink)(void *ctx, const char *data, size_t len);

typedef struct w5_obuf {
    char *data;   /* NUL-terminated when len > 0 */
    size_t len, cap;
    int failed;   /* W5_ERR_NOMEM or W5_ERR_IO after a failure; later
                     appends do nothing */
    /* When sink is set, the buffer hands its bytes to it every
     * W5_OBUF_FLUSH bytes (and at w5_obuf_flush), so a huge document is
     * written in constant memory. */
    w5_obuf_sink sink;
    void *sink_ctx;
} w5_obuf;

enum { W5_OBUF_FLUSH = 1 << 16 };

/* Hands what is buffered to the sink (no-op without one). */
void w5_obuf_flush(w5_obuf *buf);
/* Appends bytes (the common short case is inline). */
void w5_obuf_put_slow(w5_obuf *buf, const char *s, size_t n);
static inline void w5_obuf_put(w5_obuf *buf, const char *s, size_t n)
{
    if (n < buf->cap - buf->len) {
        memcpy(buf->data + buf->len, s, n);
        buf->len += n;
        buf->data[buf->len] = '\0';
        if (buf->sink && buf->len >= W5_OBUF_FLUSH)
            w5_obuf_flush(buf);
        return;
    }
    w5_obuf_put_slow(buf, s, n);
}
/* Append decimal integers (without printf: writers print millions). */
void w5_obuf_put_size(w5_obuf *buf, size_t v);
void w5_obuf_put_long(w5_obuf *buf, long v);
void w5_obuf_puts(w5_obuf *buf, const char *s);
void w5_obuf_putc(w5_obuf *buf, char c);
void w5_obuf_printf(w5_obuf *buf, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void w5_obuf_free(w5_obuf *buf);

/* Length of the valid UTF-8 sequence starting at s (1..4), or 0 when the
 * byte at s does not start one (bad lead byte, truncated, overlong,
 * surrogate or past U+10FFFF). n > 0 is the number of bytes available. */
size_t w5_output_utf8_seq(const unsigned char *s, size_t n);

/* Appends s[0..n) with every invalid byte replaced by U+FFFD. When
 * `oneline` is set, tabs, CR and LF become spaces (CoNLL-U comments). */
void w5_obuf_put_utf8(w5_obuf *buf, const char *s, size_t n, int oneline);
/* Appends s[0..n) as a JSON string literal, quotes included: valid UTF-8
 * (invalid bytes become U+FFFD), control characters escaped. */
void w5_obuf_put_json_string(w5_obuf *buf, const char *s, size_t n);

enum {
    W5_JSON_NO_TEXT = 1u << 0 /* leave out the "text" field */
};

/* Writes doc in `format` through `sink` in pieces of about
 * W5_OBUF_FLUSH bytes: memory stays flat however large the output.
 * `flags` are W5_JSON_* bits (for W5_FORMAT_JSON). Returns W5_OK,
 * W5_ERR_NOMEM, W5_ERR_IO (the sink failed) or W5_ERR_INVALID. */
int w5_output_stream(const w5_doc *doc, w5_format format, unsigned flags,
                     w5_obuf_sink sink, void *ctx, w5_error *err);

/* The writers. Each appends one document. */
void w5_output_tokens(const w5_doc *doc, w5_obuf *buf);
void w5_output_conllu(const w5_doc *doc, w5_obuf *buf);
void w5_output_text(const w5_doc *doc, w5_obuf *buf);

/* One JSON object on one line (no newline inside, none after), following
 * docs/w5-doc.schema.json. */
void w5_output_json(const w5_doc *doc, unsigned flags, w5_obuf *buf);

/* Names used by the JSON and text writers. */
const char *w5_output_mention_kind(int kind);
const char *w5_output_role_kind(int kind);
const char *w5_output_quote_kind(int kind);
const char *w5_output_time_kind(int kind);

#endif
