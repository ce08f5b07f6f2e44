/*
 * brat.h - a reader of brat standoff attribution annotations (PolNeAR):
 *
 *   T3<TAB>Content 120 211;215 230<TAB>text
 *   E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1
 *
 * Offsets in the file count Unicode code points; the reader converts them
 * to UTF-8 byte offsets into the article text. A span may have several
 * fragments ("a b;c d"). Lines of other kinds (R, A, #, or the rest of
 * a text column holding a line break) are ignored; a malformed T or E
 * line, or an offset past the text, is W5_ERR_FORMAT with the line number.
 */
#ifndef W5_BRAT_H
#define W5_BRAT_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

typedef struct w5_brat_frag {
    uint32_t start, end;      /* bytes */
} w5_brat_frag;

/* One annotated span: fragments [first, first + count) of frags, and the
 * hull [start, end). count == 0 means "absent". */
typedef struct w5_brat_span {
    uint32_t first, count;
    uint32_t start, end;
} w5_brat_span;

typedef struct w5_brat_rel {
    w5_brat_span content, cue, source;
} w5_brat_rel;

typedef struct w5_brat {
    W5_VEC(w5_brat_frag) frags;
    W5_VEC(w5_brat_rel) rels;
} w5_brat;

/* Parses the .ann file `ann` (ann_len bytes) against the article `text`
 * (text_len bytes) into *out (which it initialises; free with
 * w5_brat_free, also after a failure). Relations lacking a Content are
 * skipped. */
int w5_brat_parse(const char *ann, size_t ann_len, const char *text,
                  size_t text_len, w5_brat *out, w5_error *err);
void w5_brat_free(w5_brat *b);

#endif
