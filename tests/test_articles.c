/*
 * test_articles.c - articles the project wrote itself (tests/fixtures/
 * articles), end to end through the public API with the shipped models:
 * the reference article is not the only text w5 must read well. Each
 * check is something any reader of the article knows. Skipped when the
 * models are missing.
 */
#include "check.h"
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

/* The entity whose canonical name is `name`, or -1. */
static long entity_named(const char *name)
{
    for (size_t e = 0; e < w5_doc_entity_count(doc); e++) {
        w5_entity ent;
        w5_doc_entity(doc, e, &ent);
        if (strcmp(ent.name, name) == 0)
            return (long)e;
    }
    return -1;
}

/* The entity of the first mention whose text is `surface`, or -2 when no
 * mention has that text. */
static long entity_of(const char *surface)
{
    for (size_t i = 0; i < w5_doc_mention_count(doc); i++) {
        w5_mention m;
        w5_doc_mention(doc, i, &m);
        if (m.end - m.start == strlen(surface) && !memcmp(text + m.start, surface, m.end - m.start))
            return m.entity;
    }
    return -2;
}

/* 1 when entity e holds a role titled `title` whose affiliation (text or
 * entity name) contains `affiliation` (NULL: any). */
static int has_role(long e, const char *title, const char *affiliation)
{
    for (size_t i = 0; i < w5_doc_role_count(doc); i++) {
        w5_role r;
        w5_doc_role(doc, i, &r);
        if (r.entity != e || strcmp(r.title, title) != 0)
            continue;
        if (!affiliation)
            return 1;
        w5_entity aff = {0};
        if (r.affiliation >= 0)
            w5_doc_entity(doc, (size_t)r.affiliation, &aff);
        if ((r.affiliation_name && strstr(r.affiliation_name, affiliation)) ||
            (aff.name && strstr(aff.name, affiliation)))
            return 1;
    }
    return 0;
}

/* The speaker entity of the quote whose content contains `needle` (-2:
 * no such quote); the quote goes to *out. */
static long speaker_of(const char *needle, w5_quote *out)
{
    for (size_t i = 0; i < w5_doc_quote_count(doc); i++) {
        w5_quote q;
        w5_doc_quote(doc, i, &q);
        char *content = w5_strndup(text + q.start, q.end - q.start);
        int hit = content && strstr(content, needle) != NULL;
        free(content);
        if (hit) {
            *out = q;
            return q.speaker_entity;
        }
    }
    return -2;
}

/* 1 when some quote whose content contains `needle` has speaker entity e
 * (a sentence may carry two attributions: "X said ..., according to Y"). */
static int said_by(const char *needle, long e)
{
    for (size_t i = 0; i < w5_doc_quote_count(doc); i++) {
        w5_quote q;
        w5_doc_quote(doc, i, &q);
        char *content = w5_strndup(text + q.start, q.end - q.start);
        int hit = content && strstr(content, needle) != NULL;
        free(content);
        if (hit && q.speaker_entity == e)
            return 1;
    }
    return 0;
}

/* The value of the time expression whose text is `surface`, or NULL. */
static const char *time_value(const char *surface)
{
    for (size_t i = 0; i < w5_doc_time_count(doc); i++) {
        w5_time t;
        w5_doc_time(doc, i, &t);
        if (t.end - t.start == strlen(surface) && !memcmp(text + t.start, surface, t.end - t.start))
            return t.value;
    }
    return NULL;
}

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
