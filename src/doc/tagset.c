/* tagset.c - see tagset.h. */
#include "doc/tagset.h"

#include <string.h>

const char *const w5_upos_names[W5_UPOS_COUNT] = {
    "_", "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM",
    "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"};

const char *const w5_xpos_names[W5_XPOS_COUNT] = {
    "_", "NN", "IN", "DT", "NNP", "JJ", "PRP", ".", "RB", ",", "NNS", "VB",
    "CC", "VBD", "VBP", "VBZ", "CD", "VBN", "VBG", "TO", "PRP$", "MD", "UH",
    ":", "WDT", "-RRB-", "-LRB-", "WRB", "``", "''", "RP", "HYPH", "WP",
    "POS", "NNPS", "JJR", "JJS", "EX", "RBR", "SYM", "FW", "NFP", "$", "PDT",
    "GW", "ADD", "RBS", "LS", "AFX", "WP$", "XX"};

const char *const w5_deprel_names[W5_DEPREL_COUNT] = {
    "_", "punct", "case", "det", "nsubj", "root", "advmod", "amod", "obj",
    "obl", "conj", "nmod", "cc", "compound", "mark", "aux", "cop", "advcl",
    "nmod:poss", "xcomp", "acl:relcl", "flat", "ccomp", "acl", "parataxis",
    "nummod", "aux:pass", "appos", "nsubj:pass", "discourse", "obl:unmarked",
    "nmod:unmarked", "compound:prt", "expl", "fixed", "iobj", "list",
    "reparandum", "obl:agent", "dep", "csubj", "nmod:desc", "nsubj:outer",
    "advcl:relcl", "det:predet", "vocative", "goeswith", "cc:preconj",
    "orphan", "dislocated", "csubj:pass", "csubj:outer", "obl:tmod"};

static int find(const char *const *names, int count, const char *name)
{
    for (int i = 1; i < count; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return 0;
}

int w5_upos_index(const char *name) { return find(w5_upos_names, W5_UPOS_COUNT, name); }
int w5_xpos_index(const char *name) { return find(w5_xpos_names, W5_XPOS_COUNT, name); }
int w5_deprel_index(const char *name) { return find(w5_deprel_names, W5_DEPREL_COUNT, name); }
