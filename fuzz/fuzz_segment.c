/*
 * fuzz_segment.c - libFuzzer target for the text layer: any bytes become a
 * document, go through tokens and sentences, and the result must satisfy
 * the layer's invariants (abort() otherwise):
 *   - every token is non-empty, inside the text, after the previous one;
 *   - sentences are non-empty, in order, cover every token exactly once,
 *     and every token's `sentence` names the sentence holding it;
 *   - sentence byte spans match their first and last tokens;
 *   - paragraph numbers never decrease;
 *   - the invalid-byte count equals the tokens flagged INVALID.
 * The same checks run a second time with the learned boundary model
 * (models/segment.w5m) when the fuzzer is started from the repository.
 */
#include <stdint.h>
#include <stdlib.h>

#include "doc/doc.h"
#include "text/text.h"
#include "w5.h"

static void check_layers(const w5_doc *doc, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static w5_boundary_model *model;
    static int tried;
    w5_doc *doc = NULL;
    w5_error err;
    if (!tried) {
        tried = 1;
        if (w5_boundary_model_load("models/segment.w5m", &model, &err))
            model = NULL;
    }
    if (w5_doc_new((const char *)data, size, &doc, &err))
        return 0;
    if (w5_analyze(NULL, doc, W5_STAGE_SENTENCES, &err))
        abort();
    check_layers(doc, size);
    if (model) {
        if (w5_text_split_sentences_model(doc, model, &err))
            abort();
        check_layers(doc, size);
    }
    w5_doc_free(doc);
    return 0;
}

static void check_layers(const w5_doc *doc, size_t size)
{
    size_t n = w5_doc_token_count(doc), ns = w5_doc_sentence_count(doc);
    size_t prev_end = 0, invalid = 0;
    for (size_t i = 0; i < n; i++) {
        w5_token t;
        if (w5_doc_token(doc, i, &t))
            abort();
        if (t.start >= t.end || t.end > size || t.start < prev_end)
            abort();
        if (t.sentence >= ns)
            abort();
        if (t.flags & W5_TOKEN_INVALID) {
            if (t.end != t.start + 1)
                abort();
            invalid++;
        }
        prev_end = t.end;
    }
    if (invalid != w5_doc_invalid_utf8(doc))
        abort();
    if ((n == 0) != (ns == 0))
        abort();
    size_t next = 0, para = 0;
    for (size_t s = 0; s < ns; s++) {
        w5_sentence st;
        w5_token first, last;
        if (w5_doc_sentence(doc, s, &st))
            abort();
        if (st.token_begin != next || st.token_end <= st.token_begin ||
            st.token_end > n || st.paragraph < para)
            abort();
        w5_doc_token(doc, st.token_begin, &first);
        w5_doc_token(doc, st.token_end - 1, &last);
        if (st.start != first.start || st.end != last.end)
            abort();
        for (size_t k = st.token_begin; k < st.token_end; k++) {
            w5_token t;
            w5_doc_token(doc, k, &t);
            if (t.sentence != s)
                abort();
        }
        next = st.token_end;
        para = st.paragraph;
    }
    if (next != n)
        abort();
}
