/*
 * tokens.c - the plain tokens format: one sentence per line, tokens
 * separated by single spaces, bytes exactly as in the input. Without a
 * sentence layer every token goes on one line. Whitespace inside a token
 * (there should be none) would break the format, so it becomes '_'.
 */
#include "output/output.h"

static void put_token(const w5_doc *doc, const w5_tok *t, w5_obuf *buf)
{
    const char *s = doc->text + t->start;
    size_t n = t->end - t->start;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            w5_obuf_put(buf, s + run, i - run);
            w5_obuf_putc(buf, '_');
            run = i + 1;
        }
    }
    w5_obuf_put(buf, s + run, n - run);
}

static void put_range(const w5_doc *doc, size_t begin, size_t end, w5_obuf *buf)
{
    for (size_t i = begin; i < end && i < doc->toks.n; i++) {
        if (i > begin)
            w5_obuf_putc(buf, ' ');
        put_token(doc, &doc->toks.v[i], buf);
    }
    w5_obuf_putc(buf, '\n');
}

void w5_output_tokens(const w5_doc *doc, w5_obuf *buf)
{
    if (!doc->toks.n)
        return;
    if (!(doc->stages & W5_STAGE_SENTENCES) || !doc->sents.n) {
        put_range(doc, 0, doc->toks.n, buf);
        return;
    }
    for (size_t s = 0; s < doc->sents.n; s++)
        put_range(doc, doc->sents.v[s].tok_begin, doc->sents.v[s].tok_end, buf);
}
