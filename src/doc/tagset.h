/*
 * tagset.h - the closed label sets w5 stores as small integers in tokens:
 * UD UPOS, Penn Treebank XPOS (as used by UD English) and UD v2 relations
 * (with the English subtypes of EWT and GUM). Index 0 is "none".
 */
#ifndef W5_TAGSET_H
#define W5_TAGSET_H

#include <stddef.h>

enum { W5_UPOS_COUNT = 18, W5_XPOS_COUNT = 51, W5_DEPREL_COUNT = 53 };

extern const char *const w5_upos_names[W5_UPOS_COUNT];
extern const char *const w5_xpos_names[W5_XPOS_COUNT];
extern const char *const w5_deprel_names[W5_DEPREL_COUNT];

/* Index of a label in its table, or 0 when unknown. */
int w5_upos_index(const char *name);
int w5_xpos_index(const char *name);
int w5_deprel_index(const char *name);

#endif
