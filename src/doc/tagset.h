/*
 * tagset.h - the closed label sets w5 stores as small integers in tokens:
 * UD UPOS, Penn Treebank XPOS (as used by UD English) and UD v2 relations
 * (with the English subtypes of EWT and GUM). Index 0 is "none".
 */
#ifndef W5_TAGSET_H
#define W5_TAGSET_H

#include <stddef.h>

enum { W5_UPOS_COUNT = 18, W5_XPOS_COUNT = 51, W5_DEPREL_COUNT = 53 };

/* UPOS and relation indices by name, for stages that test tags in hot
 * loops (an integer compare, not a strcmp of names); they follow the
 * tables in tagset.c (tests/test_doc.c checks every one). */
enum {
    W5_UPOS_ADJ = 1, W5_UPOS_ADP, W5_UPOS_ADV, W5_UPOS_AUX, W5_UPOS_CCONJ,
    W5_UPOS_DET, W5_UPOS_INTJ, W5_UPOS_NOUN, W5_UPOS_NUM, W5_UPOS_PART,
    W5_UPOS_PRON, W5_UPOS_PROPN, W5_UPOS_PUNCT, W5_UPOS_SCONJ, W5_UPOS_SYM,
    W5_UPOS_VERB, W5_UPOS_X
};
enum {
    W5_DEP_PUNCT = 1, W5_DEP_CASE, W5_DEP_DET, W5_DEP_NSUBJ, W5_DEP_ROOT,
    W5_DEP_ADVMOD, W5_DEP_AMOD, W5_DEP_OBJ, W5_DEP_OBL, W5_DEP_CONJ,
    W5_DEP_NMOD, W5_DEP_CC, W5_DEP_COMPOUND, W5_DEP_MARK, W5_DEP_AUX,
    W5_DEP_COP, W5_DEP_ADVCL, W5_DEP_NMOD_POSS, W5_DEP_XCOMP,
    W5_DEP_ACL_RELCL, W5_DEP_FLAT, W5_DEP_CCOMP, W5_DEP_ACL,
    W5_DEP_PARATAXIS, W5_DEP_NUMMOD, W5_DEP_AUX_PASS, W5_DEP_APPOS,
    W5_DEP_NSUBJ_PASS, W5_DEP_DISCOURSE, W5_DEP_OBL_UNMARKED,
    W5_DEP_NMOD_UNMARKED, W5_DEP_COMPOUND_PRT, W5_DEP_EXPL, W5_DEP_FIXED,
    W5_DEP_IOBJ, W5_DEP_LIST, W5_DEP_REPARANDUM, W5_DEP_OBL_AGENT,
    W5_DEP_DEP, W5_DEP_CSUBJ, W5_DEP_NMOD_DESC, W5_DEP_NSUBJ_OUTER,
    W5_DEP_ADVCL_RELCL, W5_DEP_DET_PREDET, W5_DEP_VOCATIVE,
    W5_DEP_GOESWITH, W5_DEP_CC_PRECONJ, W5_DEP_ORPHAN, W5_DEP_DISLOCATED,
    W5_DEP_CSUBJ_PASS, W5_DEP_CSUBJ_OUTER, W5_DEP_OBL_TMOD
};

extern const char *const w5_upos_names[W5_UPOS_COUNT];
extern const char *const w5_xpos_names[W5_XPOS_COUNT];
extern const char *const w5_deprel_names[W5_DEPREL_COUNT];

/* Index of a label in its table, or 0 when unknown. */
int w5_upos_index(const char *name);
int w5_xpos_index(const char *name);
int w5_deprel_index(const char *name);

#endif
