/*
 * fuzz_time.c - libFuzzer target for value mentions and time
 * normalisation: any bytes are a document. The first byte picks a
 * document date (none, or one of a few, including a year edge), the rest
 * is the text. Tokens, sentences, values and times must not crash or
 * leak, and what they return must hold its promises (abort() otherwise):
 *   - value mentions lie inside the text, cover their tokens' range, and
 *     come in text order without overlapping;
 *   - times lie inside the text, in text order; values are non-empty and
 *     printable ASCII; resolved is 0 without a document date.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "ner/values.h"
#include "time/time.h"

static const char *const dates[] = {NULL, "2013-04-24", "2012-12-31",
                                    "2021-01-04", "2000-02-29"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *date = dates[data[0] % (sizeof dates / sizeof *dates)];
    w5_doc *doc = NULL;
    w5_error err;
    if (w5_doc_new((const char *)data + 1, size - 1, &doc, &err))
        return 0;
    if (date && w5_doc_set_meta(doc, W5_META_DATE, date, &err))
        abort();
    if (w5_analyze(NULL, doc, W5_STAGE_SENTENCES, &err) ||
        w5_values_run(NULL, doc, &err) || w5_time_run(doc, &err))
        abort();
    for (size_t i = 0; i < doc->ments.n; i++) {
        const w5_ment *m = &doc->ments.v[i];
        if (m->start >= m->end || m->end > doc->len || m->tok_begin >= m->tok_end ||
            m->tok_end > doc->toks.n || doc->toks.v[m->tok_begin].start > m->start ||
            doc->toks.v[m->tok_end - 1].end < m->end)
            abort();
        if (i && doc->ments.v[i - 1].end > m->start)
            abort();
    }
    for (size_t i = 0; i < w5_doc_time_count(doc); i++) {
        w5_time t;
        if (w5_doc_time(doc, i, &t) || t.start >= t.end || t.end > doc->len ||
            !t.value[0] || (!date && t.resolved))
            abort();
        for (const char *p = t.value; *p; p++)
            if (*p < 0x20 || *p > 0x7E)
                abort();
        if (i) {
            w5_time prev;
            w5_doc_time(doc, i - 1, &prev);
            if (prev.start > t.start)
                abort();
        }
    }
    w5_doc_free(doc);
    return 0;
}
