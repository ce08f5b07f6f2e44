/*
 * fuzz_doc.c - libFuzzer target for the whole chain: any bytes are a
 * document, run through every stage (tokens .. events) with the real
 * models, then every index the document hands out is checked (abort()
 * when one breaks its promise):
 *   - tokens, sentences, mentions, roles, quotes, times and events lie
 *     inside the text and their token ranges inside the tokens;
 *   - entity, mention and time indices are -1 (where allowed) or in range;
 *     an entity's mentions point back at it;
 *   - the JSON writer succeeds on whatever the stages produced.
 * The first byte picks a document date (none or one of a few), the rest
 * is the text.
 *
 * Why with the models: the rule stages (coref, roles, quotes, events)
 * only see tags, parses and names when the models run, and that is where
 * their odd cases are. Loading takes ~30 ms, so the pipeline is opened
 * once, on the first input, and kept in a static for the whole run (the
 * harness may keep state; the library may not). The folder is "models"
 * relative to the working folder (`make fuzz` runs from the repository
 * root), or $W5_FUZZ_MODELS.
 *
 * Inputs are cut at MAX_TEXT bytes: under ASan the tagger and parser make
 * a 14 KB input cost ~1 s, and longer texts reach no new rule paths (one
 * huge sentence is tested in tests/test_coref.c). Run it alone with
 *   make fuzz FUZZ_BIN=build-fuzz/fuzz_doc FUZZ_SECONDS=30
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "w5.h"

enum { MAX_TEXT = 4096 };

static const char *const dates[] = {NULL, "2013-04-24", "2012-12-31",
                                    "2000-02-29"};

static w5_pipeline *pipeline(void)
{
    static w5_pipeline *pipe;
    if (pipe)
        return pipe;
    w5_options opts = w5_default_options();
    const char *dir = getenv("W5_FUZZ_MODELS");
    opts.model_dir = dir ? dir : "models";
    w5_error err;
    if (w5_pipeline_open(&opts, &pipe, &err)) {
        fprintf(stderr, "fuzz_doc: cannot load models: %s\n", err.message);
        abort();
    }
    return pipe;
}

static void check(int ok)
{
    if (!ok)
        abort();
}

/* -1 (when allowed) or an index below n. */
static int index_ok(long v, size_t n, int none_ok)
{
    return (none_ok && v == -1) || (v >= 0 && (size_t)v < n);
}

static void check_tokens(const w5_doc *doc, size_t len)
{
    size_t nt = w5_doc_token_count(doc), ns = w5_doc_sentence_count(doc);
    size_t prev_end = 0;
    for (size_t i = 0; i < nt; i++) {
        w5_token t;
        check(w5_doc_token(doc, i, &t) == W5_OK);
        check(t.start < t.end && t.end <= len && t.start >= prev_end);
        check(t.sentence < ns && index_ok(t.head, nt, 1));
        prev_end = t.end;
    }
    for (size_t i = 0; i < ns; i++) {
        w5_sentence s;
        check(w5_doc_sentence(doc, i, &s) == W5_OK);
        check(s.start <= s.end && s.end <= len);
        check(s.token_begin <= s.token_end && s.token_end <= nt);
    }
}

static void check_mentions(const w5_doc *doc, size_t len)
{
    size_t nm = w5_doc_mention_count(doc), ne = w5_doc_entity_count(doc);
    size_t nt = w5_doc_token_count(doc), ns = w5_doc_sentence_count(doc);
    for (size_t i = 0; i < nm; i++) {
        w5_mention m;
        check(w5_doc_mention(doc, i, &m) == W5_OK);
        check(m.start < m.end && m.end <= len && m.type);
        check(m.token_begin < m.token_end && m.token_end <= nt);
        check(m.sentence < ns && index_ok(m.entity, ne, 1));
    }
    for (size_t e = 0; e < ne; e++) {
        w5_entity ent;
        check(w5_doc_entity(doc, e, &ent) == W5_OK);
        check(ent.type && ent.mention_count > 0);
        check(ent.salience >= 0 && ent.salience <= 1);
        for (size_t k = 0; k < ent.mention_count; k++) {
            size_t mi;
            w5_mention m;
            check(w5_doc_entity_mention(doc, e, k, &mi) == W5_OK && mi < nm);
            check(w5_doc_mention(doc, mi, &m) == W5_OK && m.entity == (long)e);
        }
    }
    for (size_t i = 0; i < w5_doc_role_count(doc); i++) {
        w5_role r;
        check(w5_doc_role(doc, i, &r) == W5_OK);
        check(index_ok(r.entity, ne, 1) && r.mention < nm);
        check(r.start <= r.end && r.end <= len && r.title);
        check(index_ok(r.affiliation, ne, 1));
    }
}

static void check_quotes_times_events(const w5_doc *doc, size_t len)
{
    size_t nm = w5_doc_mention_count(doc), ne = w5_doc_entity_count(doc);
    size_t ntime = w5_doc_time_count(doc), ns = w5_doc_sentence_count(doc);
    for (size_t i = 0; i < w5_doc_quote_count(doc); i++) {
        w5_quote q;
        check(w5_doc_quote(doc, i, &q) == W5_OK);
        check(q.start <= q.end && q.end <= len);
        check(q.cue_start <= q.cue_end && q.cue_end <= len);
        check(index_ok(q.speaker_mention, nm, 1));
        check(index_ok(q.speaker_entity, ne, 1));
    }
    for (size_t i = 0; i < ntime; i++) {
        w5_time t;
        check(w5_doc_time(doc, i, &t) == W5_OK);
        check(t.start < t.end && t.end <= len && t.value && t.value[0]);
    }
    for (size_t i = 0; i < w5_doc_event_count(doc); i++) {
        w5_event ev;
        check(w5_doc_event(doc, i, &ev) == W5_OK);
        check(ev.start < ev.end && ev.end <= len && ev.sentence < ns);
        check(index_ok(ev.source, ne, 1) && index_ok(ev.target, ne, 1));
        check(index_ok(ev.place, ne, 1) && index_ok(ev.time, ntime, 1));
        size_t np = w5_doc_event_participant_count(doc, i);
        for (size_t k = 0; k < np; k++) {
            long e;
            check(w5_doc_event_participant(doc, i, k, &e) == W5_OK);
            check(index_ok(e, ne, 0));
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *date = dates[data[0] % (sizeof dates / sizeof *dates)];
    w5_pipeline *pipe = pipeline();
    w5_doc *doc = NULL;
    w5_error err;
    size_t len = size - 1 < MAX_TEXT ? size - 1 : MAX_TEXT;
    if (w5_doc_new((const char *)data + 1, len, &doc, &err))
        return 0; /* refused input (e.g. too large) is not a bug */
    if (date)
        check(w5_doc_set_meta(doc, W5_META_DATE, date, &err) == W5_OK);
    check(w5_analyze(pipe, doc, W5_STAGE_ALL, &err) == W5_OK);
    w5_doc_text(doc, &len);
    check_tokens(doc, len);
    check_mentions(doc, len);
    check_quotes_times_events(doc, len);
    char *json = NULL;
    size_t json_len = 0;
    check(w5_doc_write(doc, W5_FORMAT_JSON, &json, &json_len, &err) == W5_OK);
    w5_free(json);
    w5_doc_free(doc);
    return 0;
}
