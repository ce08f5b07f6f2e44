/* tokenize.c - placeholder whitespace tokenizer (replaced by the real one). */
#include "text/text.h"

int w5_text_tokenize(w5_doc *doc, w5_error *err)
{
    uint32_t i = 0;
    doc->toks.n = 0;
    while (i < doc->len) {
        while (i < doc->len && (doc->text[i] == ' ' || doc->text[i] == '\n'))
            i++;
        if (i >= doc->len)
            break;
        uint32_t start = i;
        while (i < doc->len && doc->text[i] != ' ' && doc->text[i] != '\n')
            i++;
        w5_tok t = {.start = start, .end = i, .head = -2};
        if (w5_vec_push(&doc->toks, t))
            return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    return W5_OK;
}

int w5_text_split_sentences(w5_doc *doc, w5_error *err)
{
    doc->sents.n = 0;
    if (!doc->toks.n)
        return W5_OK;
    w5_sent s = {.tok_begin = 0, .tok_end = (uint32_t)doc->toks.n,
                 .start = doc->toks.v[0].start,
                 .end = doc->toks.v[doc->toks.n - 1].end};
    if (w5_vec_push(&doc->sents, s))
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    return W5_OK;
}
