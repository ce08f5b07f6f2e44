/*
 * conllu.c - CoNLL-U (https://universaldependencies.org/format.html): one
 * block per sentence with `# newdoc id`, `# newpar`, `# sent_id` and
 * `# text` comments, ten tab-separated columns per token, `_` for what the
 * document does not have yet. MISC carries the byte offsets
 * (Offset=start-end) and SpaceAfter=No, so the input can be rebuilt.
 * CoNLL-U is UTF-8: invalid bytes are written as U+FFFD.
 */
#include <string.h>

#include "output/output.h"

/* A field may hold no tab, newline or space-only value; empty becomes _. */
static void put_field(w5_obuf *buf, const char *s, size_t n)
{
    if (!s || !n) {
        w5_obuf_putc(buf, '_');
        return;
    }
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
            w5_obuf_put_utf8(buf, s + run, i - run, 0);
            w5_obuf_putc(buf, ' ');
            run = i + 1;
        }
    }
    w5_obuf_put_utf8(buf, s + run, n - run, 0);
}

static void put_label(w5_obuf *buf, const char *s)
{
    put_field(buf, s, s ? strlen(s) : 0);
}

static void put_token_line(const w5_doc *doc, size_t i, size_t sent_begin,
                           size_t sent_end, w5_obuf *buf)
{
    w5_token t;
    w5_doc_token(doc, i, &t);
    w5_obuf_put_size(buf, i - sent_begin + 1);
    w5_obuf_putc(buf, '\t');
    put_field(buf, doc->text + t.start, t.end - t.start);
    w5_obuf_putc(buf, '\t');
    put_label(buf, t.lemma);
    w5_obuf_putc(buf, '\t');
    put_label(buf, t.upos);
    w5_obuf_putc(buf, '\t');
    put_label(buf, t.xpos);
    w5_obuf_putc(buf, '\t');
    put_label(buf, t.feats);
    w5_obuf_putc(buf, '\t');
    if (t.head == -1)
        w5_obuf_putc(buf, '0');
    else if (t.head >= (long)sent_begin && t.head < (long)sent_end)
        w5_obuf_put_long(buf, t.head - (long)sent_begin + 1);
    else
        w5_obuf_putc(buf, '_');
    w5_obuf_putc(buf, '\t');
    put_label(buf, t.deprel);
    w5_obuf_puts(buf, "\t_\tOffset=");
    w5_obuf_put_size(buf, t.start);
    w5_obuf_putc(buf, '-');
    w5_obuf_put_size(buf, t.end);
    if (!(t.flags & W5_TOKEN_SPACE_AFTER) && i + 1 < doc->toks.n)
        w5_obuf_puts(buf, "|SpaceAfter=No");
    w5_obuf_putc(buf, '\n');
}

static void put_sentence(const w5_doc *doc, size_t n, size_t begin, size_t end,
                         uint32_t start_byte, uint32_t end_byte, w5_obuf *buf)
{
    const char *id = doc->meta[W5_META_ID];
    if (id) {
        w5_obuf_puts(buf, "# sent_id = ");
        w5_obuf_put_utf8(buf, id, strlen(id), 1);
        w5_obuf_printf(buf, "-%zu\n", n + 1);
    } else {
        w5_obuf_printf(buf, "# sent_id = %zu\n", n + 1);
    }
    w5_obuf_puts(buf, "# text = ");
    w5_obuf_put_utf8(buf, doc->text + start_byte, end_byte - start_byte, 1);
    w5_obuf_putc(buf, '\n');
    for (size_t i = begin; i < end && i < doc->toks.n; i++)
        put_token_line(doc, i, begin, end, buf);
    w5_obuf_putc(buf, '\n');
}

static void put_newdoc(const w5_doc *doc, w5_obuf *buf)
{
    const char *id = doc->meta[W5_META_ID];
    if (id) {
        w5_obuf_puts(buf, "# newdoc id = ");
        w5_obuf_put_utf8(buf, id, strlen(id), 1);
        w5_obuf_putc(buf, '\n');
    } else {
        w5_obuf_puts(buf, "# newdoc\n");
    }
}

void w5_output_conllu(const w5_doc *doc, w5_obuf *buf)
{
    if (!doc->toks.n)
        return;
    put_newdoc(doc, buf);
    if (!(doc->stages & W5_STAGE_SENTENCES) || !doc->sents.n) {
        put_sentence(doc, 0, 0, doc->toks.n, doc->toks.v[0].start,
                     doc->toks.v[doc->toks.n - 1].end, buf);
        return;
    }
    for (size_t s = 0; s < doc->sents.n; s++) {
        const w5_sent *sent = &doc->sents.v[s];
        if (s == 0 || sent->para != doc->sents.v[s - 1].para)
            w5_obuf_puts(buf, "# newpar\n");
        put_sentence(doc, s, sent->tok_begin, sent->tok_end, sent->start,
                     sent->end, buf);
    }
}
