/*
 * conll.c - reads the CoNLL-2003 column format (see conll.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/conll.h"

static int is_sep(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Fills the column bounds of the line [start, end). */
static void split_line(const char *text, w5_conll_line *ln)
{
    uint32_t i = ln->start, end = ln->end;
    while (end > i && is_sep(text[end - 1]))
        end--;
    while (i < end && is_sep(text[i]))
        i++;
    ln->word_start = ln->word_end = ln->tag_start = ln->tag_end = i;
    if (i == end) {
        ln->kind = W5_CONLL_BLANK;
        return;
    }
    while (i < end && !is_sep(text[i]))
        i++;
    ln->word_end = i;
    uint32_t last = end;
    while (last > ln->word_end && !is_sep(text[last - 1]))
        last--;
    if (last > ln->word_end) {
        ln->tag_start = last;
        ln->tag_end = end;
    } else {
        ln->tag_start = ln->tag_end = ln->word_end;
    }
    size_t wlen = ln->word_end - ln->word_start;
    ln->kind = (wlen == 10 && memcmp(text + ln->word_start, "-DOCSTART-", 10) == 0)
                   ? W5_CONLL_DOCSTART
                   : W5_CONLL_TOKEN;
}

int w5_conll_parse(const char *data, size_t len, w5_conll *out, w5_error *err)
{
    memset(out, 0, sizeof *out);
    if (len >= 0xFFFFFFF0u)
        return w5_fail(err, W5_ERR_TOO_LARGE, "CoNLL input over 4 GB");
    out->text = malloc(len + 1);
    if (!out->text)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    if (len)
        memcpy(out->text, data, len);
    out->text[len] = '\0';
    out->len = len;
    uint32_t start = 0, lineno = 0;
    while (start < len) {
        const char *nl = memchr(out->text + start, '\n', len - start);
        uint32_t end = nl ? (uint32_t)(nl - out->text) : (uint32_t)len;
        w5_conll_line ln = {.start = start, .end = end, .lineno = ++lineno};
        if (ln.end > ln.start && out->text[ln.end - 1] == '\r')
            ln.end--;
        split_line(out->text, &ln);
        if (w5_vec_push(&out->lines, ln)) {
            w5_conll_free(out);
            return w5_fail(err, W5_ERR_NOMEM, "out of memory");
        }
        start = end + 1;
    }
    return W5_OK;
}

int w5_conll_read(const char *path, w5_conll *out, w5_error *err)
{
    char *data = NULL;
    size_t len = 0;
    int rc;
    memset(out, 0, sizeof *out);
    if (strcmp(path, "-") == 0) {
        size_t cap = 1 << 16;
        data = malloc(cap);
        if (!data)
            return w5_fail(err, W5_ERR_NOMEM, "out of memory");
        for (;;) {
            if (len == cap && w5_grow((void **)&data, &cap, cap * 2, 1)) {
                free(data);
                return w5_fail(err, W5_ERR_NOMEM, "out of memory");
            }
            size_t got = fread(data + len, 1, cap - len, stdin);
            len += got;
            if (!got)
                break;
        }
        if (ferror(stdin)) {
            free(data);
            return w5_fail(err, W5_ERR_IO, "stdin: read error");
        }
    } else if ((rc = w5_read_file(path, &data, &len, err))) {
        return rc;
    }
    rc = w5_conll_parse(data, len, out, err);
    free(data);
    return rc;
}

void w5_conll_free(w5_conll *c)
{
    if (!c)
        return;
    free(c->text);
    w5_vec_free(&c->lines);
    c->text = NULL;
    c->len = 0;
}

int w5_conll_next_sent(const w5_conll *c, size_t *pos, size_t *doc,
                       w5_conll_sent *s)
{
    size_t i = *pos;
    while (i < c->lines.n && c->lines.v[i].kind != W5_CONLL_TOKEN) {
        if (c->lines.v[i].kind == W5_CONLL_DOCSTART)
            (*doc)++;
        i++;
    }
    if (i >= c->lines.n) {
        *pos = i;
        return 0;
    }
    s->begin = i;
    while (i < c->lines.n && c->lines.v[i].kind == W5_CONLL_TOKEN)
        i++;
    s->end = i;
    s->doc = *doc;
    *pos = i;
    return 1;
}
