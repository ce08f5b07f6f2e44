/*
 * merge.h - one consistent mention layer from the two sources of the
 * ENTITIES stage: names from the statistical model (first in doc->ments)
 * and value/NORP mentions from the rules (after them).
 *
 * Rules, in order:
 *  - a rule mention with exactly a name's span: one mention stays; NORP
 *    wins over a MISC name (a nationality the model only knows as MISC),
 *    otherwise the name's type wins;
 *  - a NORP rule mention inside a longer name ("Afghan" in "Afghan
 *    Taliban") or overlapping one: the name wins;
 *  - a value mention (DATE ... ORDINAL) overlapping a name: the value is
 *    dropped when the name covers it ("6819" in "HR 6819"), the name is
 *    dropped when it lies inside the value (a model's MISC "Wednesday"
 *    inside the DATE "last Wednesday");
 * and the result is sorted by position.
 */
#ifndef W5_NER_MERGE_H
#define W5_NER_MERGE_H

#include "doc/doc.h"

/* doc->ments[0, names) are model names, [names, n) rule mentions. */
void w5_mentions_merge(w5_doc *doc, size_t names);

#endif
