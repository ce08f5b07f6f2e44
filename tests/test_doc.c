/* test_doc.c - the document handle: creation, metadata, accessors. */
#include "check.h"
#include "w5.h"

static void test_empty_doc(void)
{
    w5_doc *doc = NULL;
    w5_error err;
    CHECK(w5_doc_new("", 0, &doc, &err) == W5_OK, "%s", err.message);
    CHECK(w5_analyze(NULL, doc, W5_STAGE_SENTENCES, &err) == W5_OK, "%s", err.message);
    CHECK(w5_doc_token_count(doc) == 0, "tokens in empty doc");
    CHECK(w5_doc_sentence_count(doc) == 0, "sentences in empty doc");
    w5_doc_free(doc);
    w5_doc_free(NULL);
}

static void test_meta_date(void)
{
    w5_doc *doc = NULL;
    w5_error err;
    CHECK(w5_doc_new("x", 1, &doc, &err) == W5_OK, "%s", err.message);
    CHECK(w5_doc_set_meta(doc, W5_META_DATE, "2013-04-24", &err) == W5_OK, "%s", err.message);
    CHECK_STR(w5_doc_meta(doc, W5_META_DATE), "2013-04-24");
    CHECK(w5_doc_set_meta(doc, W5_META_DATE, "April 2013", &err) == W5_ERR_FORMAT, "bad date accepted");
    CHECK(err.message[0] != '\0', "no message");
    CHECK(w5_doc_meta(doc, W5_META_ID) == NULL, "unset id");
    w5_doc_free(doc);
}

static void test_public_flags_only(void)
{
    w5_doc *doc = NULL;
    w5_error err;
    const char text[] = "They don't.\n\nNew line";
    CHECK(w5_doc_new(text, sizeof text - 1, &doc, &err) == W5_OK, "%s", err.message);
    CHECK(w5_analyze(NULL, doc, W5_STAGE_SENTENCES, &err) == W5_OK, "%s", err.message);
    unsigned public_bits = W5_TOKEN_SPACE_AFTER | W5_TOKEN_PARA_START | W5_TOKEN_INVALID;
    for (size_t i = 0; i < w5_doc_token_count(doc); i++) {
        w5_token t;
        w5_doc_token(doc, i, &t);
        CHECK((t.flags & ~public_bits) == 0, "token %zu has internal flags 0x%x", i, t.flags);
    }
    w5_doc_free(doc);
}

static void test_strerror(void)
{
    CHECK(strcmp(w5_strerror(W5_ERR_NOMEM), "out of memory") == 0, "nomem");
    CHECK(w5_strerror(12345) != NULL, "unknown code");
    CHECK_STR(w5_version(), W5_VERSION_STRING);
}

int main(void)
{
    RUN(test_empty_doc);
    RUN(test_meta_date);
    RUN(test_public_flags_only);
    RUN(test_strerror);
    return check_summary();
}
