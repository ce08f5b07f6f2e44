/* test_input.c - JSON Lines documents: w5_jsonl_parse_doc. */
#include "check.h"
#include "input/input.h"
#include "w5.h"

/* Parses s from an exactly-sized copy (no NUL after it). */
static int parse(const char *s, w5_doc **doc, w5_error *err)
{
    size_t n = strlen(s);
    char *copy = check_exact_copy(s, n);
    int rc = w5_jsonl_parse_doc(copy, n, doc, err);
    free(copy);
    return rc;
}

static void test_full_record(void)
{
    w5_doc *doc = NULL;
    w5_error err;
    int rc = parse("{\"id\":\"a1\",\"title\":\"T\",\"date\":\"2013-04-24\","
                   "\"url\":\"http://x/\",\"text\":\"Hello\\nworld\",\"extra\":[1]}\n",
                   &doc, &err);
    CHECK(rc == W5_OK, "%s", err.message);
    if (!doc)
        return;
    size_t len;
    const char *text = w5_doc_text(doc, &len);
    CHECK(len == 11 && memcmp(text, "Hello\nworld", 11) == 0, "text");
    CHECK_STR(w5_doc_meta(doc, W5_META_ID), "a1");
    CHECK_STR(w5_doc_meta(doc, W5_META_TITLE), "T");
    CHECK_STR(w5_doc_meta(doc, W5_META_DATE), "2013-04-24");
    CHECK_STR(w5_doc_meta(doc, W5_META_URL), "http://x/");
    w5_doc_free(doc);
}

static void test_minimal_and_nul(void)
{
    w5_doc *doc = NULL;
    w5_error err;
    CHECK(parse("{\"text\":\"a\\u0000b\"}\r\n", &doc, &err) == W5_OK, "%s", err.message);
    if (doc) {
        size_t len;
        const char *text = w5_doc_text(doc, &len);
        CHECK(len == 3 && text[1] == '\0', "NUL kept");
        CHECK(w5_doc_meta(doc, W5_META_ID) == NULL, "id");
        w5_doc_free(doc);
    }
    CHECK(parse("{\"text\":\"\",\"id\":42,\"title\":null}", &doc, &err) == W5_OK,
          "%s", err.message);
    if (doc) {
        CHECK_STR(w5_doc_meta(doc, W5_META_ID), "42");
        CHECK(w5_doc_meta(doc, W5_META_TITLE) == NULL, "null title");
        w5_doc_free(doc);
    }
    /* a date that is not YYYY-MM-DD is kept, the record accepted */
    CHECK(parse("{\"text\":\"x\",\"date\":\"April 2013\"}", &doc, &err) == W5_OK,
          "%s", err.message);
    if (doc) {
        CHECK_STR(w5_doc_meta(doc, W5_META_DATE), "April 2013");
        w5_doc_free(doc);
    }
    CHECK(parse("\xEF\xBB\xBF{\"text\":\"bom\"}", &doc, &err) == W5_OK, "%s", err.message);
    w5_doc_free(doc);
}

static void test_malformed(void)
{
    static const char *const bad[] = {
        "",                              /* empty */
        "   ",                           /* blank */
        "{\"text\":\"a\"",               /* truncated */
        "[\"text\"]",                    /* not an object */
        "{\"title\":\"no text\"}",       /* missing text */
        "{\"text\":5}",                  /* text not a string */
        "{\"text\":\"a\",\"title\":[]}", /* title not a string */
        "{\"text\":\"a\",\"id\":1.5}",   /* id not a string or integer */
        "{\"text\":\"a\",\"id\":\"x\\u0000y\"}", /* NUL in metadata */
        "{\"text\":\"a\"} x",            /* trailing garbage */
        "{\"text\":\"a\",\"text\":\"b\"}", /* duplicate key */
        "{\"text\":\"\xff\"}",           /* invalid UTF-8 */
        "\"text\"",
        "null",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        w5_doc *doc = (w5_doc *)&bad; /* must be reset to NULL */
        w5_error err = {0};
        int rc = parse(bad[i], &doc, &err);
        CHECK(rc == W5_ERR_FORMAT, "line %zu accepted (rc %d)", i, rc);
        CHECK(doc == NULL, "line %zu: out not NULL", i);
        CHECK(err.message[0] != '\0', "line %zu: no message", i);
    }
    w5_doc *doc;
    w5_error err;
    CHECK(w5_jsonl_parse_doc(NULL, 0, &doc, &err) == W5_ERR_FORMAT, "NULL empty");
    CHECK(w5_jsonl_parse_doc("{}", 2, NULL, &err) == W5_ERR_INVALID, "NULL out");
}

/* Deep nesting and a long text: errors or documents, never a crash. */
static void test_deep_and_long(void)
{
    size_t depth = 100000;
    char *deep = malloc(2 * depth + 64);
    size_t n = 0;
    n += (size_t)sprintf(deep, "{\"text\":\"x\",\"extra\":");
    for (size_t i = 0; i < depth; i++)
        deep[n++] = '[';
    for (size_t i = 0; i < depth; i++)
        deep[n++] = ']';
    deep[n++] = '}';
    w5_doc *doc = NULL;
    w5_error err;
    CHECK(w5_jsonl_parse_doc(deep, n, &doc, &err) == W5_ERR_FORMAT, "deep nesting accepted");
    CHECK(doc == NULL, "doc");
    free(deep);

    size_t len = 3u << 20; /* 3 MB of text */
    char *line = malloc(len + 32);
    n = (size_t)sprintf(line, "{\"text\":\"");
    for (size_t i = 0; i < len; i++)
        line[n++] = (char)('a' + i % 26);
    n += (size_t)sprintf(line + n, "\"}");
    CHECK(w5_jsonl_parse_doc(line, n, &doc, &err) == W5_OK, "%s", err.message);
    size_t got = 0;
    if (doc)
        w5_doc_text(doc, &got);
    CHECK(got == len, "text length %zu", got);
    w5_doc_free(doc);
    free(line);
}

static void test_blank(void)
{
    CHECK(w5_jsonl_blank(" \t\r\n", 4), "blank");
    CHECK(w5_jsonl_blank("", 0), "empty");
    CHECK(!w5_jsonl_blank(" {", 2), "not blank");
}

int main(void)
{
    RUN(test_full_record);
    RUN(test_minimal_and_nul);
    RUN(test_malformed);
    RUN(test_deep_and_long);
    RUN(test_blank);
    return check_summary();
}
