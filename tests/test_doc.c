/* test_doc.c - the document handle: creation, metadata, accessors. */
#include "check.h"
#include "doc/tagset.h"
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

/* The index enums of tagset.h name the entries of the tables. */
static void test_tagset_ids(void)
{
    static const struct { int id; const char *name; } upos[] = {
        {W5_UPOS_ADJ, "ADJ"}, {W5_UPOS_ADP, "ADP"}, {W5_UPOS_ADV, "ADV"},
        {W5_UPOS_AUX, "AUX"}, {W5_UPOS_CCONJ, "CCONJ"}, {W5_UPOS_DET, "DET"},
        {W5_UPOS_INTJ, "INTJ"}, {W5_UPOS_NOUN, "NOUN"}, {W5_UPOS_NUM, "NUM"},
        {W5_UPOS_PART, "PART"}, {W5_UPOS_PRON, "PRON"}, {W5_UPOS_PROPN, "PROPN"},
        {W5_UPOS_PUNCT, "PUNCT"}, {W5_UPOS_SCONJ, "SCONJ"}, {W5_UPOS_SYM, "SYM"},
        {W5_UPOS_VERB, "VERB"}, {W5_UPOS_X, "X"}};
    static const struct { int id; const char *name; } dep[] = {
        {W5_DEP_PUNCT, "punct"}, {W5_DEP_CASE, "case"}, {W5_DEP_DET, "det"},
        {W5_DEP_NSUBJ, "nsubj"}, {W5_DEP_ROOT, "root"}, {W5_DEP_ADVMOD, "advmod"},
        {W5_DEP_AMOD, "amod"}, {W5_DEP_OBJ, "obj"}, {W5_DEP_OBL, "obl"},
        {W5_DEP_CONJ, "conj"}, {W5_DEP_NMOD, "nmod"}, {W5_DEP_CC, "cc"},
        {W5_DEP_COMPOUND, "compound"}, {W5_DEP_MARK, "mark"}, {W5_DEP_AUX, "aux"},
        {W5_DEP_COP, "cop"}, {W5_DEP_ADVCL, "advcl"}, {W5_DEP_NMOD_POSS, "nmod:poss"},
        {W5_DEP_XCOMP, "xcomp"}, {W5_DEP_ACL_RELCL, "acl:relcl"}, {W5_DEP_FLAT, "flat"},
        {W5_DEP_CCOMP, "ccomp"}, {W5_DEP_ACL, "acl"}, {W5_DEP_PARATAXIS, "parataxis"},
        {W5_DEP_NUMMOD, "nummod"}, {W5_DEP_AUX_PASS, "aux:pass"},
        {W5_DEP_APPOS, "appos"}, {W5_DEP_NSUBJ_PASS, "nsubj:pass"},
        {W5_DEP_DISCOURSE, "discourse"}, {W5_DEP_OBL_UNMARKED, "obl:unmarked"},
        {W5_DEP_NMOD_UNMARKED, "nmod:unmarked"}, {W5_DEP_COMPOUND_PRT, "compound:prt"},
        {W5_DEP_EXPL, "expl"}, {W5_DEP_FIXED, "fixed"}, {W5_DEP_IOBJ, "iobj"},
        {W5_DEP_LIST, "list"}, {W5_DEP_REPARANDUM, "reparandum"},
        {W5_DEP_OBL_AGENT, "obl:agent"}, {W5_DEP_DEP, "dep"}, {W5_DEP_CSUBJ, "csubj"},
        {W5_DEP_NMOD_DESC, "nmod:desc"}, {W5_DEP_NSUBJ_OUTER, "nsubj:outer"},
        {W5_DEP_ADVCL_RELCL, "advcl:relcl"}, {W5_DEP_DET_PREDET, "det:predet"},
        {W5_DEP_VOCATIVE, "vocative"}, {W5_DEP_GOESWITH, "goeswith"},
        {W5_DEP_CC_PRECONJ, "cc:preconj"}, {W5_DEP_ORPHAN, "orphan"},
        {W5_DEP_DISLOCATED, "dislocated"}, {W5_DEP_CSUBJ_PASS, "csubj:pass"},
        {W5_DEP_CSUBJ_OUTER, "csubj:outer"}, {W5_DEP_OBL_TMOD, "obl:tmod"}};
    CHECK(sizeof dep / sizeof *dep == W5_DEPREL_COUNT - 1, "every relation named");
    CHECK(sizeof upos / sizeof *upos == W5_UPOS_COUNT - 1, "every UPOS named");
    for (size_t i = 0; i < sizeof upos / sizeof *upos; i++)
        CHECK(w5_upos_index(upos[i].name) == upos[i].id, "UPOS %s", upos[i].name);
    for (size_t i = 0; i < sizeof dep / sizeof *dep; i++)
        CHECK(w5_deprel_index(dep[i].name) == dep[i].id, "deprel %s", dep[i].name);
}

int main(void)
{
    RUN(test_tagset_ids);
    RUN(test_empty_doc);
    RUN(test_meta_date);
    RUN(test_public_flags_only);
    RUN(test_strerror);
    return check_summary();
}
