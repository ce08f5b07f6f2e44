/*
 * test_articles.c - articles the project wrote itself (tests/fixtures/
 * articles), end to end through the public API with the shipped models:
 * the reference article is not the only text w5 must read well. Each
 * check is something any reader of the article knows. Skipped when the
 * models are missing.
 */
#include "check.h"
#include "doc_queries.h"
#include "util/util.h"
#include "w5.h"

static w5_pipeline *pipe_;
static w5_doc *doc;
static char *text;

/* Analyses tests/fixtures/articles/NAME dated `date`; 0 on success. */
static int load(const char *name, const char *date)
{
    char path[256];
    size_t len;
    w5_error err;
    snprintf(path, sizeof path, "tests/fixtures/articles/%s", name);
    w5_doc_free(doc);
    free(text);
    doc = NULL;
    text = NULL;
    if (w5_read_file(path, &text, &len, &err) || w5_doc_new(text, len, &doc, &err) ||
        w5_doc_set_meta(doc, W5_META_DATE, date, &err) ||
        w5_analyze(pipe_, doc, W5_STAGE_ALL, &err)) {
        CHECK(0, "%s: %s", path, err.message);
        return -1;
    }
    return 0;
}

static long entity_named(const char *name) { return dq_entity_named(doc, name); }
static long entity_of(const char *surface) { return dq_entity_of(doc, text, surface); }
static int has_role(long e, const char *title, const char *affiliation)
{
    return dq_has_role(doc, e, title, affiliation);
}
static long speaker_of(const char *needle, w5_quote *out)
{
    return dq_speaker_of(doc, text, needle, out);
}
static int said_by(const char *needle, long e) { return dq_said_by(doc, text, needle, e); }
static const char *time_value(const char *surface) { return dq_time_value(doc, text, surface); }

static void test_summit(void)
{
    if (load("summit.txt", "2023-06-21"))
        return;
    long macron = entity_named("Emmanuel Macron"), scholz = entity_named("Olaf Scholz");
    long georgieva = entity_named("Kristalina Georgieva");
    long imf = entity_named("International Monetary Fund");
    CHECK(macron >= 0 && scholz >= 0 && georgieva >= 0 && imf >= 0, "entities %ld %ld %ld %ld",
          macron, scholz, georgieva, imf);
    /* one entity across its mentions */
    CHECK(entity_of("IMF") == imf, "IMF = International Monetary Fund");
    CHECK(entity_of("Georgieva") == georgieva, "Georgieva");
    CHECK(entity_of("she") == georgieva, "she -> Georgieva");
    CHECK(entity_of("The IMF chief") == georgieva, "the IMF chief -> Georgieva");
    CHECK(entity_of("The president") == macron, "the president -> Macron");
    CHECK(entity_of("The chancellor") == scholz, "the chancellor -> Scholz");
    /* roles */
    CHECK(has_role(macron, "president", "French"), "French President");
    CHECK(has_role(scholz, "chancellor", "German"), "German Chancellor");
    CHECK(has_role(georgieva, "head", "International Monetary Fund"), "head of the IMF");
    /* quotes */
    w5_quote q;
    CHECK(speaker_of("We cannot let these countries", &q) == georgieva, "she told reporters");
    CHECK(q.kind == W5_QUOTE_DIRECT, "direct");
    CHECK(speaker_of("France would contribute", &q) == macron, "the president said");
    CHECK(q.kind == W5_QUOTE_INDIRECT, "reported speech");
    CHECK(said_by("Germany needed to see the details", scholz), "the chancellor said");
    CHECK(speaker_of("a drop in the ocean", &q) == entity_named("Amina Diallo"),
          "said Oxfam's Amina Diallo, after the quote");
    /* dates */
    CHECK_STR(time_value("Tuesday"), "2023-06-20");
    CHECK_STR(time_value("next month"), "2023-07");
}

static void test_hospital(void)
{
    if (load("hospital.txt", "2026-11-25"))
        return;
    long hill = entity_named("Hugh Hill"), lopez = entity_named("Maria Lopez");
    CHECK(hill >= 0 && lopez >= 0, "entities %ld %ld", hill, lopez);
    CHECK(has_role(hill, "doctor", NULL), "Hill, a doctor at ...");
    w5_quote q;
    CHECK(speaker_of("the injured were stable", &q) == hill, "Name, apposition, said");
    CHECK(speaker_of("We are doing everything", &q) == hill, "he told reporters");
    CHECK(speaker_of("There will be no deal", &q) != -2, "a quote after a colon");
    CHECK(speaker_of("This is a disaster", &q) == lopez, "\"...,\" said Name");
    /* a paragraph that opens a quote without closing it goes on */
    CHECK(speaker_of("Nobody listened", &q) == lopez, "the quote goes on");
    CHECK(speaker_of("Now the workers pay the price", &q) == lopez, "into the next paragraph");
    CHECK_STR(time_value("Monday morning"), "2026-11-23TMO");
    CHECK_STR(time_value("next week"), "2026-W49");
    CHECK_STR(time_value("February"), "2026-02");
}

int main(void)
{
    w5_error err;
    w5_options opts = w5_default_options();
    opts.model_dir = W5_MODEL_DIR;
    if (w5_pipeline_open(&opts, &pipe_, &err)) {
        printf("skipped: %s\n0 passed, 0 failed\n", err.message);
        return 0;
    }
    RUN(test_summit);
    RUN(test_hospital);
    w5_doc_free(doc);
    free(text);
    w5_pipeline_free(pipe_);
    return check_summary();
}
