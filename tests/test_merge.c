/* test_merge.c - merging model names with rule value/NORP mentions. */
#include "check.h"
#include "doc/doc.h"
#include "ner/merge.h"
#include "text/text.h"

static void add(w5_doc *doc, uint32_t start, uint32_t end, w5_etype type)
{
    w5_ment m = {.start = start, .end = end, .type = (uint8_t)type, .entity = -1};
    w5_vec_push(&doc->ments, m);
}

static w5_doc *new_doc(void)
{
    static const char text[] = "Afghan Taliban met HR 6819 critics last Wednesday in Afghan towns";
    w5_doc *doc;
    w5_doc_new(text, sizeof text - 1, &doc, NULL);
    return doc;
}

static void test_norp_exact_and_inside(void)
{
    w5_doc *doc = new_doc();
    add(doc, 0, 14, W5_E_ORG);   /* names: "Afghan Taliban" */
    add(doc, 53, 59, W5_E_MISC); /* "Afghan" (model says MISC) */
    add(doc, 0, 6, W5_E_NORP);   /* rules: "Afghan" inside the ORG */
    add(doc, 53, 59, W5_E_NORP); /* "Afghan" exactly the MISC name */
    w5_mentions_merge(doc, 2);
    CHECK(doc->ments.n == 2, "%zu mentions", doc->ments.n);
    CHECK(doc->ments.v[0].type == W5_E_ORG && doc->ments.v[0].end == 14, "ORG kept");
    CHECK(doc->ments.v[1].type == W5_E_NORP && doc->ments.v[1].start == 53, "MISC became NORP");
    w5_doc_free(doc);
}

static void test_values_against_names(void)
{
    w5_doc *doc = new_doc();
    add(doc, 19, 26, W5_E_MISC);  /* names: "HR 6819" */
    add(doc, 40, 49, W5_E_MISC);  /* "Wednesday" (a model slip) */
    add(doc, 22, 26, W5_E_CARDINAL); /* rules: "6819" inside the name */
    add(doc, 35, 49, W5_E_DATE);  /* "last Wednesday" */
    w5_mentions_merge(doc, 2);
    CHECK(doc->ments.n == 2, "%zu mentions", doc->ments.n);
    CHECK(doc->ments.v[0].type == W5_E_MISC && doc->ments.v[0].start == 19, "name kept");
    CHECK(doc->ments.v[1].type == W5_E_DATE && doc->ments.v[1].start == 35, "date kept");
    w5_doc_free(doc);
}

static void test_sorted_without_overlaps(void)
{
    w5_doc *doc = new_doc();
    add(doc, 53, 59, W5_E_LOC);
    add(doc, 0, 6, W5_E_NORP);
    w5_mentions_merge(doc, 1);
    CHECK(doc->ments.n == 2 && doc->ments.v[0].start == 0, "sorted by start");
    w5_doc_free(doc);
    doc = new_doc();
    w5_mentions_merge(doc, 0); /* empty: nothing to do, nothing to crash */
    CHECK(doc->ments.n == 0, "empty");
    w5_doc_free(doc);
}

/* A title the model took for a name goes; a person called by a title
 * word stays. */
static void test_bare_titles(void)
{
    static const char text[] = "Nadella , Microsoft 's CEO , met King .";
    w5_doc *doc;
    w5_doc_new(text, sizeof text - 1, &doc, NULL);
    CHECK(w5_text_tokenize(doc, NULL) == 0, "tokenize");
    static const struct { uint32_t tok; w5_etype type; } names[] = {
        {0, W5_E_PERSON}, {2, W5_E_ORG}, {4, W5_E_ORG}, {7, W5_E_PERSON}};
    for (size_t k = 0; k < 4; k++) {
        const w5_tok *t = &doc->toks.v[names[k].tok];
        w5_ment m = {.start = t->start, .end = t->end, .tok_begin = names[k].tok,
                     .tok_end = names[k].tok + 1, .type = (uint8_t)names[k].type,
                     .entity = -1};
        w5_vec_push(&doc->ments, m);
    }
    w5_mentions_merge(doc, 4);
    CHECK(doc->ments.n == 3, "%zu mentions", doc->ments.n);
    for (size_t i = 0; i < doc->ments.n; i++)
        CHECK(doc->ments.v[i].tok_begin != 4, "CEO is no organisation");
    w5_doc_free(doc);
}

int main(void)
{
    RUN(test_norp_exact_and_inside);
    RUN(test_values_against_names);
    RUN(test_sorted_without_overlaps);
    RUN(test_bare_titles);
    return check_summary();
}
