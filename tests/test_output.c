/* test_output.c - the writers behind w5_doc_write: tokens, CoNLL-U, JSON
 * (checked by parsing it back with jansson) and the readable text. The
 * documents are built by hand so the tests do not depend on the models. */
#include <jansson.h>

#include "check.h"
#include "doc/doc.h"
#include "doc/tagset.h"
#include "output/output.h"
#include "w5.h"

static w5_doc *make_doc(const char *text)
{
    w5_doc *doc = NULL;
    w5_error err;
    CHECK(w5_doc_new(text, strlen(text), &doc, &err) == W5_OK, "%s", err.message);
    return doc;
}

/* Tokens and sentences filled by hand: tokens at [starts[i], ends[i]). */
static void add_tokens(w5_doc *doc, const uint32_t *starts, const uint32_t *ends,
                       size_t n, const uint32_t *sent_ends, size_t nsents)
{
    size_t s = 0, sent_begin = 0;
    for (size_t i = 0; i < n; i++) {
        w5_tok t = {.start = starts[i], .end = ends[i], .head = -2};
        if (i + 1 < n && starts[i + 1] > ends[i])
            t.flags |= W5_TOKEN_SPACE_AFTER;
        t.sent = (uint32_t)s;
        CHECK(w5_vec_push(&doc->toks, t) == 0, "push");
        if (i + 1 == sent_ends[s]) {
            w5_sent sent = {.tok_begin = (uint32_t)sent_begin,
                            .tok_end = sent_ends[s], .start = starts[sent_begin],
                            .end = ends[i], .para = 0};
            CHECK(w5_vec_push(&doc->sents, sent) == 0, "push");
            sent_begin = i + 1;
            if (s + 1 < nsents)
                s++;
        }
    }
    doc->stages |= W5_STAGE_TOKENS | W5_STAGE_SENTENCES;
}

static char *write_doc(const w5_doc *doc, w5_format format)
{
    char *out = NULL;
    size_t len = 0;
    w5_error err;
    CHECK(w5_doc_write(doc, format, &out, &len, &err) == W5_OK, "%s", err.message);
    CHECK(out && strlen(out) == len, "length");
    return out;
}

static w5_doc *two_sentences(void)
{
    /*                      0123456789012345678901 */
    w5_doc *doc = make_doc("Kerry met Karzai. Ok!");
    static const uint32_t starts[] = {0, 6, 10, 16, 18, 20};
    static const uint32_t ends[] = {5, 9, 16, 17, 20, 21};
    static const uint32_t sent_ends[] = {4, 6};
    add_tokens(doc, starts, ends, 6, sent_ends, 2);
    return doc;
}

static void test_tokens_format(void)
{
    w5_doc *doc = two_sentences();
    char *out = write_doc(doc, W5_FORMAT_TOKENS);
    CHECK_STR(out, "Kerry met Karzai .\nOk !\n");
    w5_free(out);
    w5_doc_free(doc);
}

static void test_empty_doc_all_formats(void)
{
    w5_doc *doc = make_doc("");
    w5_error err;
    CHECK(w5_analyze(NULL, doc, W5_STAGE_SENTENCES, &err) == W5_OK, "%s", err.message);
    for (int f = W5_FORMAT_TEXT; f <= W5_FORMAT_TOKENS; f++) {
        char *out = write_doc(doc, (w5_format)f);
        CHECK(out != NULL, "format %d gave no buffer", f);
        w5_free(out);
    }
    CHECK(w5_doc_write(doc, (w5_format)99, &(char *){NULL}, NULL, &err) ==
              W5_ERR_INVALID, "unknown format accepted");
    CHECK(w5_doc_write(NULL, W5_FORMAT_JSON, &(char *){NULL}, NULL, &err) ==
              W5_ERR_INVALID, "NULL doc accepted");
    w5_doc_free(doc);
}

static void test_conllu_format(void)
{
    w5_doc *doc = two_sentences();
    w5_doc_set_meta(doc, W5_META_ID, "d1", NULL);
    /* a parse on the first sentence: met is the root */
    doc->toks.v[0].head = 1;
    doc->toks.v[1].head = -1;
    doc->toks.v[2].head = 1;
    doc->toks.v[3].head = 1;
    doc->stages |= W5_STAGE_TAGS | W5_STAGE_PARSE;
    char *out = write_doc(doc, W5_FORMAT_CONLLU);
    CHECK(strstr(out, "# newdoc id = d1\n# newpar\n# sent_id = d1-1\n"
                      "# text = Kerry met Karzai.\n") == out, "%s", out);
    CHECK(strstr(out, "1\tKerry\t_\t_\t_\t_\t2\t_\t_\tOffset=0-5\n") != NULL, "%s", out);
    CHECK(strstr(out, "2\tmet\t_\t_\t_\t_\t0\t_\t_\tOffset=6-9\n") != NULL, "%s", out);
    CHECK(strstr(out, "3\tKarzai\t_\t_\t_\t_\t2\t_\t_\tOffset=10-16|SpaceAfter=No\n") != NULL,
          "%s", out);
    CHECK(strstr(out, "\n\n# sent_id = d1-2\n# text = Ok!\n1\tOk\t") != NULL, "%s", out);
    /* the last token of the document has no SpaceAfter=No */
    CHECK(strstr(out, "2\t!\t_\t_\t_\t_\t_\t_\t_\tOffset=20-21\n\n") != NULL, "%s", out);
    w5_free(out);
    w5_doc_free(doc);
}

static void test_json_format(void)
{
    w5_doc *doc = two_sentences();
    w5_doc_set_meta(doc, W5_META_TITLE, "Talks", NULL);
    char *out = write_doc(doc, W5_FORMAT_JSON);
    CHECK(strchr(out, '\n') == NULL, "JSON spans lines");
    json_error_t jerr;
    json_t *root = json_loads(out, 0, &jerr);
    CHECK(root != NULL, "invalid JSON: %s: %s", jerr.text, out);
    if (root) {
        CHECK_STR(json_string_value(json_object_get(root, "schema")), "w5-doc/2");
        CHECK_STR(json_string_value(json_object_get(root, "title")), "Talks");
        CHECK(json_is_null(json_object_get(root, "id")), "id not null");
        json_t *toks = json_object_get(root, "tokens");
        CHECK(json_array_size(toks) == 6, "tokens");
        json_t *t2 = json_array_get(toks, 2);
        CHECK_STR(json_string_value(json_object_get(t2, "text")), "Karzai");
        CHECK(json_integer_value(json_object_get(t2, "start")) == 10, "start");
        CHECK(json_is_false(json_object_get(t2, "space_after")), "space_after");
        CHECK(json_array_size(json_object_get(root, "sentences")) == 2, "sentences");
        /* layers whose stage did not run are absent */
        CHECK(json_object_get(root, "mentions") == NULL, "mentions present");
        CHECK(json_object_get(root, "quotes") == NULL, "quotes present");
        json_decref(root);
    }
    w5_free(out);
    w5_doc_free(doc);
}

static void test_json_invalid_utf8_and_controls(void)
{
    /* an invalid byte, a NUL, a quote, a backslash, a tab, an overlong
     * encoding and a surrogate: the output must still be valid JSON */
    static const char text[] = "a\xff" "b\0c\"d\\e\tf\xc0\xaf" "g\xed\xa0\x80h";
    w5_doc *doc = NULL;
    w5_error err;
    CHECK(w5_doc_new(text, sizeof text - 1, &doc, &err) == W5_OK, "%s", err.message);
    CHECK(w5_analyze(NULL, doc, W5_STAGE_SENTENCES, &err) == W5_OK, "%s", err.message);
    char *out = write_doc(doc, W5_FORMAT_JSON);
    json_error_t jerr;
    json_t *root = json_loads(out, JSON_ALLOW_NUL, &jerr);
    CHECK(root != NULL, "invalid JSON: %s", jerr.text);
    if (root) {
        json_t *t = json_object_get(root, "text");
        const char *want = "a\xEF\xBF\xBD" "b\0c\"d\\e\tf\xEF\xBF\xBD\xEF\xBF\xBD"
                           "g\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDh";
        size_t want_len = 1 + 3 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 6 + 1 + 9 + 1;
        CHECK(json_string_length(t) == want_len, "length %zu", json_string_length(t));
        CHECK(memcmp(json_string_value(t), want, want_len) == 0, "text");
        json_decref(root);
    }
    w5_free(out);
    w5_doc_free(doc);
}

static void test_utf8_seq(void)
{
    CHECK(w5_output_utf8_seq((const unsigned char *)"a", 1) == 1, "ascii");
    CHECK(w5_output_utf8_seq((const unsigned char *)"\xc3\xa9", 2) == 2, "é");
    CHECK(w5_output_utf8_seq((const unsigned char *)"\xc3", 1) == 0, "truncated");
    CHECK(w5_output_utf8_seq((const unsigned char *)"\xe2\x80\x9c", 3) == 3, "“");
    CHECK(w5_output_utf8_seq((const unsigned char *)"\xf0\x9f\x98\x80", 4) == 4, "emoji");
    CHECK(w5_output_utf8_seq((const unsigned char *)"\xf4\x90\x80\x80", 4) == 0, "> U+10FFFF");
    CHECK(w5_output_utf8_seq((const unsigned char *)"\xe0\x80\x80", 3) == 0, "overlong");
    CHECK(w5_output_utf8_seq((const unsigned char *)"\x80", 1) == 0, "continuation");
}

/* A document with every layer, filled by hand, through JSON and text. */
static w5_doc *full_doc(void)
{
    /*            0         1         2         3         4         5
     *            0123456789012345678901234567890123456789012345678901234 */
    w5_doc *doc = make_doc("President Karzai said \"we made progress\" on Wednesday.");
    static const uint32_t starts[] = {0, 10, 17, 22, 23, 26, 31, 39, 41, 44, 53};
    static const uint32_t ends[] = {9, 16, 21, 23, 25, 30, 39, 40, 43, 53, 54};
    static const uint32_t sent_ends[] = {11};
    add_tokens(doc, starts, ends, 11, sent_ends, 1);
    static const char *const upos[] = {"PROPN", "PROPN", "VERB", "PUNCT", "PRON",
        "VERB", "NOUN", "PUNCT", "ADP", "PROPN", "PUNCT"};
    static const char *const xpos[] = {"NNP", "NNP", "VBD", "``", "PRP", "VBD",
        "NN", "''", "IN", "NNP", "."};
    static const char *const lemma[] = {"President", "Karzai", "say", "\"", "we",
        "make", "progress", "\"", "on", "Wednesday", "."};
    static const int32_t head[] = {1, 2, -1, 5, 5, 2, 5, 5, 9, 2, 2};
    static const char *const deprel[] = {"compound", "nsubj", "root", "punct",
        "nsubj", "ccomp", "obj", "punct", "case", "obl", "punct"};
    for (size_t i = 0; i < 11; i++) {
        w5_tok *t = &doc->toks.v[i];
        t->upos = (uint8_t)w5_upos_index(upos[i]);
        t->xpos = (uint8_t)w5_xpos_index(xpos[i]);
        t->deprel = (uint8_t)w5_deprel_index(deprel[i]);
        t->head = head[i];
        w5_strpool_add(&doc->pool, lemma[i], strlen(lemma[i]), &t->lemma);
        CHECK(t->upos && t->xpos && t->deprel, "tag %zu not in the tag sets", i);
    }
    w5_ment m = {.tok_begin = 1, .tok_end = 2, .start = 10, .end = 16,
                 .type = W5_E_PERSON, .kind = W5_MENTION_NAME, .entity = 0};
    w5_ment d = {.tok_begin = 9, .tok_end = 10, .start = 44, .end = 53,
                 .type = W5_E_DATE, .kind = W5_MENTION_NAME, .entity = -1};
    w5_vec_push(&doc->ments, m);
    w5_vec_push(&doc->ments, d);
    w5_ent e = {.type = W5_E_PERSON, .gender = W5_GENDER_MALE, .salience = 1.0f,
                .first_ment = 0, .ment_count = 1};
    w5_strpool_add(&doc->pool, "Hamid Karzai", 12, &e.name);
    w5_vec_push(&doc->ents, e);
    w5_vec_push(&doc->ent_ments, 0u);
    w5_rol r = {.entity = 0, .ment = 0, .start = 0, .end = 9, .affiliation = -1};
    w5_strpool_add(&doc->pool, "president", 9, &r.title);
    w5_vec_push(&doc->roles, r);
    w5_quo q = {.start = 23, .end = 39, .cue_start = 17, .cue_end = 21,
                .speaker_ment = 0, .speaker_ent = 0, .kind = W5_QUOTE_DIRECT};
    w5_vec_push(&doc->quotes, q);
    w5_tim t = {.start = 44, .end = 53, .kind = W5_TIME_DATE, .resolved = 1};
    w5_strpool_add(&doc->pool, "2013-04-24", 10, &t.value);
    w5_vec_push(&doc->times, t);
    w5_evt ev = {.start = 17, .end = 21, .sent = 0, .source = 0, .target = -1,
                 .place = -1, .time = 0, .first_part = 0, .part_count = 1};
    w5_strpool_add(&doc->pool, "010", 3, &ev.code);
    w5_strpool_add(&doc->pool, "make statement", 14, &ev.label);
    w5_vec_push(&doc->events, ev);
    w5_vec_push(&doc->evt_parts, 0);
    doc->stages = W5_STAGE_ALL;
    return doc;
}

static void test_json_all_layers(void)
{
    w5_doc *doc = full_doc();
    char *out = write_doc(doc, W5_FORMAT_JSON);
    json_error_t jerr;
    json_t *root = json_loads(out, 0, &jerr);
    CHECK(root != NULL, "invalid JSON: %s", jerr.text);
    if (root) {
        json_t *ment = json_array_get(json_object_get(root, "mentions"), 0);
        CHECK_STR(json_string_value(json_object_get(ment, "text")), "Karzai");
        CHECK_STR(json_string_value(json_object_get(ment, "kind")), "name");
        CHECK(json_integer_value(json_object_get(ment, "entity")) == 0, "entity");
        json_t *date = json_array_get(json_object_get(root, "mentions"), 1);
        CHECK(json_is_null(json_object_get(date, "entity")), "unresolved entity");
        json_t *ent = json_array_get(json_object_get(root, "entities"), 0);
        CHECK_STR(json_string_value(json_object_get(ent, "name")), "Hamid Karzai");
        CHECK_STR(json_string_value(json_object_get(ent, "gender")), "male");
        CHECK(json_array_size(json_object_get(ent, "mentions")) == 1, "mentions");
        json_t *quote = json_array_get(json_object_get(root, "quotes"), 0);
        CHECK_STR(json_string_value(json_object_get(quote, "text")), "we made progress");
        CHECK_STR(json_string_value(json_object_get(
                      json_object_get(quote, "cue"), "text")), "said");
        CHECK_STR(json_string_value(json_object_get(
                      json_object_get(quote, "speaker"), "name")), "Hamid Karzai");
        json_t *time = json_array_get(json_object_get(root, "times"), 0);
        CHECK_STR(json_string_value(json_object_get(time, "value")), "2013-04-24");
        CHECK(json_is_true(json_object_get(time, "resolved")), "resolved");
        CHECK(json_is_null(json_object_get(time, "mod")), "mod");
        json_t *ev = json_array_get(json_object_get(root, "events"), 0);
        CHECK_STR(json_string_value(json_object_get(ev, "code")), "010");
        CHECK(json_is_null(json_object_get(ev, "target")), "target");
        json_t *role = json_array_get(json_object_get(root, "roles"), 0);
        CHECK_STR(json_string_value(json_object_get(role, "text")), "President");
        CHECK_STR(json_string_value(json_object_get(role, "kind")), "premodifier");
        json_t *tok = json_array_get(json_object_get(root, "tokens"), 0);
        CHECK(json_integer_value(json_object_get(tok, "head")) == 1, "head");
        CHECK_STR(json_string_value(json_object_get(tok, "upos")), "PROPN");
        CHECK_STR(json_string_value(json_object_get(tok, "deprel")), "compound");
        tok = json_array_get(json_object_get(root, "tokens"), 2);
        CHECK(json_integer_value(json_object_get(tok, "head")) == -1, "root");
        CHECK_STR(json_string_value(json_object_get(tok, "lemma")), "say");
        json_decref(root);
    }
    w5_free(out);
    w5_doc_free(doc);
}

/* The all-layers document's JSON is kept as a golden file, which
 * tests/cli/cli_schema.sh also validates against the JSON schema.
 * W5_UPDATE_GOLDEN=1 rewrites it. */
static void test_json_golden(void)
{
    static const char path[] = "tests/data/full-doc.json";
    w5_doc *doc = full_doc();
    w5_doc_set_meta(doc, W5_META_ID, "full", NULL);
    w5_doc_set_meta(doc, W5_META_DATE, "2013-04-24", NULL);
    char *out = write_doc(doc, W5_FORMAT_JSON);
    const char *update = getenv("W5_UPDATE_GOLDEN");
    if (update && *update == '1') {
        FILE *f = fopen(path, "w");
        CHECK(f && fprintf(f, "%s\n", out) > 0 && fclose(f) == 0, "cannot write %s", path);
    }
    char *want = NULL;
    size_t len = 0;
    w5_error err;
    CHECK(w5_read_file(path, &want, &len, &err) == W5_OK, "%s", err.message);
    if (want) {
        CHECK(len == strlen(out) + 1 && memcmp(want, out, len - 1) == 0,
              "output differs from %s:\n%s", path, out);
        free(want);
    }
    w5_free(out);
    w5_doc_free(doc);
}

static void test_conllu_tagged(void)
{
    w5_doc *doc = full_doc();
    char *out = write_doc(doc, W5_FORMAT_CONLLU);
    CHECK(strstr(out, "\n2\tKarzai\tKarzai\tPROPN\tNNP\t_\t3\tnsubj\t_\t"
                      "Offset=10-16\n") != NULL, "%s", out);
    CHECK(strstr(out, "\n3\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t") != NULL, "%s", out);
    CHECK(strstr(out, "\n4\t\"\t\"\tPUNCT\t``\t_\t6\tpunct\t_\t"
                      "Offset=22-23|SpaceAfter=No\n") != NULL, "%s", out);
    w5_free(out);
    w5_doc_free(doc);
}

static void test_text_summary(void)
{
    w5_doc *doc = full_doc();
    w5_doc_set_meta(doc, W5_META_TITLE, "Talks in Brussels", NULL);
    w5_doc_set_meta(doc, W5_META_DATE, "2013-04-24", NULL);
    char *out = write_doc(doc, W5_FORMAT_TEXT);
    CHECK(strstr(out, "Talks in Brussels\nDate: 2013-04-24\n") == out, "%s", out);
    CHECK(strstr(out, "People\n  Hamid Karzai (President; 1 mention)\n") != NULL, "%s", out);
    CHECK(strstr(out, "Quotes\n  Hamid Karzai: \xE2\x80\x9Cwe made progress"
                      "\xE2\x80\x9D (said)\n") != NULL, "%s", out);
    CHECK(strstr(out, "Dates\n  Wednesday \xE2\x86\x92 2013-04-24\n") != NULL, "%s", out);
    CHECK(strstr(out, "Events\n  said: Hamid Karzai; Wednesday (2013-04-24) "
                      "[CAMEO 010: make statement]\n") != NULL, "%s", out);
    w5_free(out);
    w5_doc_free(doc);
}

typedef struct collected {
    w5_obuf buf;
    int calls, fail_after;
} collected;

static int collect(void *ctx, const char *data, size_t len)
{
    collected *c = ctx;
    if (c->fail_after && ++c->calls > c->fail_after)
        return -1;
    w5_obuf_put(&c->buf, data, len);
    return 0;
}

/* Streaming gives the same bytes as w5_doc_write, in pieces, and reports
 * a failing sink as W5_ERR_IO. */
static void test_stream(void)
{
    w5_doc *doc = NULL;
    w5_error err;
    /* enough text for several W5_OBUF_FLUSH pieces of JSON */
    size_t n = 3 * W5_OBUF_FLUSH;
    char *text = malloc(n);
    for (size_t i = 0; i < n; i++)
        text[i] = i % 7 == 6 ? ' ' : (i % 11 == 10 ? '\n' : (char)('a' + i % 26));
    CHECK(w5_doc_new(text, n, &doc, &err) == W5_OK, "%s", err.message);
    free(text);
    CHECK(w5_analyze(NULL, doc, W5_STAGE_SENTENCES, &err) == W5_OK, "%s", err.message);
    for (int f = W5_FORMAT_TEXT; f <= W5_FORMAT_TOKENS; f++) {
        char *want = write_doc(doc, (w5_format)f);
        collected c = {.fail_after = 0};
        CHECK(w5_doc_write_to(doc, (w5_format)f, 0, collect, &c, &err) == W5_OK,
              "%s", err.message);
        CHECK(c.buf.len == strlen(want) && memcmp(c.buf.data, want, c.buf.len) == 0,
              "format %d: streamed output differs", f);
        w5_obuf_free(&c.buf);
        w5_free(want);
    }
    collected c = {.fail_after = 1};
    CHECK(w5_doc_write_to(doc, W5_FORMAT_JSON, 0, collect, &c, &err) == W5_ERR_IO,
          "failing sink not reported");
    w5_obuf_free(&c.buf);
    /* without the text, the JSON is shorter by at least the text */
    collected full = {.fail_after = 0}, bare = {.fail_after = 0};
    CHECK(w5_doc_write_to(doc, W5_FORMAT_JSON, 0, collect, &full, &err) == W5_OK &&
              w5_doc_write_to(doc, W5_FORMAT_JSON, W5_WRITE_NO_TEXT, collect, &bare, &err) == W5_OK,
          "%s", err.message);
    CHECK(bare.buf.len + n <= full.buf.len, "no text: %zu vs %zu bytes", bare.buf.len,
          full.buf.len);
    w5_obuf_free(&full.buf);
    w5_obuf_free(&bare.buf);
    CHECK(w5_doc_write_to(doc, W5_FORMAT_JSON, 0, NULL, NULL, &err) == W5_ERR_INVALID,
          "a NULL writer is refused");
    w5_doc_free(doc);
}

/* A role that another role of the same person contains is not repeated. */
static void test_text_roles_dedup(void)
{
    w5_doc *doc = full_doc();
    w5_rol longer = doc->roles.v[0], same = doc->roles.v[0];
    longer.end = 16; /* "President Karzai" contains "President" */
    w5_vec_push(&doc->roles, same);
    w5_vec_push(&doc->roles, longer);
    char *out = write_doc(doc, W5_FORMAT_TEXT);
    CHECK(strstr(out, "  Hamid Karzai (President Karzai; 1 mention)\n") != NULL, "%s", out);
    w5_free(out);
    w5_doc_free(doc);
}

static void test_text_fallback_sentences(void)
{
    w5_doc *doc = two_sentences();
    char *out = write_doc(doc, W5_FORMAT_TEXT);
    CHECK_STR(out, "Sentences\n  1. [0-17] Kerry met Karzai.\n  2. [18-21] Ok!\n");
    w5_free(out);
    w5_doc_free(doc);
}

int main(void)
{
    RUN(test_tokens_format);
    RUN(test_empty_doc_all_formats);
    RUN(test_conllu_format);
    RUN(test_json_format);
    RUN(test_json_invalid_utf8_and_controls);
    RUN(test_utf8_seq);
    RUN(test_json_all_layers);
    RUN(test_json_golden);
    RUN(test_conllu_tagged);
    RUN(test_text_summary);
    RUN(test_text_fallback_sentences);
    RUN(test_stream);
    RUN(test_text_roles_dedup);
    return check_summary();
}
