/*
 * fuzz_syntax.c - libFuzzer target for the tagger/parser's CoNLL-U reader
 * (src/syntax/treebank.c) and the tagger's model sections. Every input is
 * read as a treebank (the heads it keeps must be in range, abort()
 * otherwise), and tried as a tagger model: when it loads, it must tag a
 * sentence with tags inside the tag sets.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc/tagset.h"
#include "syntax/syntax_int.h"

static void check_treebank(const uint8_t *data, size_t size)
{
    w5_treebank tb;
    w5_error err;
    w5_treebank_init(&tb);
    if (w5_treebank_parse(&tb, (const char *)data, size, "fuzz", W5_TB_SKIP_NC,
                          &err) == 0) {
        for (size_t s = 0; s < tb.sents.n; s++) {
            const w5_tb_sent *st = &tb.sents.v[s];
            int32_t n = (int32_t)(st->word_end - st->word_begin);
            if (st->word_end > tb.words.n || st->word_begin > st->word_end)
                abort();
            for (uint32_t i = st->word_begin; i < st->word_end; i++)
                if (tb.words.v[i].head < -1 || tb.words.v[i].head >= n ||
                    tb.words.v[i].tok >= tb.toks.n)
                    abort();
        }
    }
    w5_treebank_free(&tb);
}

static void check_tagger(const uint8_t *data, size_t size)
{
    w5_error err;
    w5_mfile *mf = NULL;
    w5_tagger *tg = NULL;
    if (w5_mfile_from_buffer(data, size, "tagger", &mf, &err))
        return;
    if (w5_tagger_from_mfile(mf, &tg, &err)) {
        w5_mfile_close(mf);
        return;
    }
    static const char *words[] = {"The", "dogs", "ran", "quickly", "."};
    w5_span sp[5];
    uint8_t x[5], u[5];
    char lemma[64];
    for (int i = 0; i < 5; i++) {
        sp[i].s = words[i];
        sp[i].len = (uint32_t)strlen(words[i]);
    }
    if (w5_tagger_tag(tg, sp, 5, x, u) == 0)
        for (int i = 0; i < 5; i++) {
            if (x[i] >= W5_XPOS_COUNT || u[i] >= W5_UPOS_COUNT)
                abort();
            w5_tagger_lemma(tg, sp[i].s, sp[i].len, x[i], lemma, sizeof lemma);
        }
    w5_tagger_free(tg); /* closes mf */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_treebank(data, size);
    check_tagger(data, size);
    return 0;
}
