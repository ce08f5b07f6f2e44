/*
 * utf8.c - decoding and character kinds for the scanner.
 *
 * ASCII goes through a 128-entry table (the fast path: most news text is
 * ASCII); everything else is decoded by utf8proc and classified by its
 * Unicode general category, so there are no hand-made Unicode tables.
 * An invalid byte decodes as one character of kind INVALID and length 1.
 */
#include <utf8proc.h>

#include "text/text.h"

/* Kinds of the ASCII characters, by code: controls and space are SPACE;
 * $ + < = > ^ ` | ~ are symbols (Sc, Sm, Sk); other non-alphanumerics
 * are punctuation. */
const char w5_text_ascii_kinds[129] =
    "SSSSSSSSSSSSSSSS" "SSSSSSSSSSSSSSSS"   /* 0x00-0x1F */
    "SPPPYPPPPPPYPPPP"                      /*  !"#$%&'()*+,-./ */
    "DDDDDDDDDDPPYYYP"                      /* 0-9 :;<=>? */
    "PLLLLLLLLLLLLLLL"                      /* @A-O */
    "LLLLLLLLLLLPPPYP"                      /* P-Z [\]^_ */
    "YLLLLLLLLLLLLLLL"                      /* `a-o */
    "LLLLLLLLLLLPYPYS";                     /* p-z {|}~ DEL */

static int unicode_kind(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return W5_CK_LETTER;
    case UTF8PROC_CATEGORY_ND:
        return W5_CK_DIGIT;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return W5_CK_MARK;
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return W5_CK_PUNCT;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP: case UTF8PROC_CATEGORY_CC:
        return W5_CK_SPACE;
    case UTF8PROC_CATEGORY_CF:
        return W5_CK_FORMAT;
    default: /* S*, Cn, Co, Cs */
        return W5_CK_SYMBOL;
    }
}

w5_uch w5_text_char_slow(const uint8_t *s, uint32_t i, uint32_t n)
{
    w5_uch c;
    utf8proc_int32_t cp;
    utf8proc_ssize_t len = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i),
                                            &cp);
    if (len <= 0) {
        c.cp = -1;
        c.len = 1;
        c.kind = W5_CK_INVALID;
        return c;
    }
    c.cp = cp;
    c.len = (uint32_t)len;
    c.kind = unicode_kind(cp);
    return c;
}

w5_uch w5_text_char_before(const uint8_t *s, uint32_t i, uint32_t n)
{
    /* Step back over at most 3 continuation bytes to a lead byte whose
     * character ends exactly at i; otherwise the byte before i stands
     * alone (it is invalid, or ASCII). */
    for (uint32_t back = 2; back <= 4 && back <= i; back++) {
        uint8_t b = s[i - back];
        if ((b & 0xC0) == 0x80)
            continue;
        if (b >= 0xC0) {
            w5_uch c = w5_text_char(s, i - back, n);
            if (c.len == back)
                return c;
        }
        break;
    }
    return w5_text_char(s, i - 1, n);
}
