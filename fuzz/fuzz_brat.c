/* fuzz_brat.c - libFuzzer target: a brat .ann file against a text buffer
 * through w5_brat_parse. The input is the .ann, a NUL byte, then the
 * article text (no NUL: the whole input is the .ann over a fixed text).
 * Whatever the bytes, every fragment and span hull the parser returns
 * must lie inside the text, in order. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input/brat.h"

static const char fixed_text[] =
    "The mayor said on Tuesday that the bridge would reopen in May. "
    "\xe2\x80\x9cWe will not wait,\xe2\x80\x9d she told reporters.\n";

static void check_span(const w5_brat *b, const w5_brat_span *s,
                       size_t text_len)
{
    if (!s->count)
        return;
    if (s->first + (size_t)s->count > b->frags.n || s->start > s->end ||
        s->end > text_len)
        abort();
    for (uint32_t i = 0; i < s->count; i++) {
        const w5_brat_frag *f = &b->frags.v[s->first + i];
        if (f->start > f->end || f->end > text_len || f->start < s->start ||
            f->end > s->end)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *ann = (const char *)data;
    const uint8_t *nul = memchr(data, 0, size);
    size_t ann_len = nul ? (size_t)(nul - data) : size;
    const char *text = nul ? (const char *)nul + 1 : fixed_text;
    size_t text_len = nul ? size - ann_len - 1 : sizeof fixed_text - 1;
    w5_brat b;
    w5_error err;
    if (w5_brat_parse(ann, ann_len, text, text_len, &b, &err) == W5_OK) {
        for (size_t i = 0; i < b.rels.n; i++) {
            check_span(&b, &b.rels.v[i].content, text_len);
            check_span(&b, &b.rels.v[i].cue, text_len);
            check_span(&b, &b.rels.v[i].source, text_len);
        }
    }
    w5_brat_free(&b);
    return 0;
}
