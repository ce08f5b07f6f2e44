/*
 * tokenize.c - a hand-written scanner for UD English tokens.
 *
 * One pass over the bytes, no regular expressions and no allocation per
 * token: the scanner skips whitespace and zero-width characters, and at
 * each other character picks the longest token its rules allow:
 *
 *   URL / e-mail / @handle / #hashtag   one token up to the next space,
 *                                       less trailing punctuation
 *   word      letters, digits and marks, joined across . , : / - ' & _
 *             only where UD English keeps one token (see join_connector),
 *             plus a final period for abbreviations and initials; then
 *             split into syntactic words at clitics (split_clitics)
 *   emoji     a pictograph with its modifiers, variation selectors and
 *             ZWJ-joined parts
 *   punct     runs of . ! ? (and …), runs of one repeated mark (-- **),
 *             emoticons; anything else is one character
 *   invalid   each byte that is not UTF-8 is one token, flagged
 *
 * The conventions follow the UD English EWT and GUM training data (v2.16):
 * hyphens split except after a few prefixes (non-, pre-, re-, anti-, ...)
 * and between digits; "5pm" splits, "19th" and "1970s" do not; clitics and
 * the possessive split but stay one surface token (W5_TOKEN_JOINED).
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text/text.h"

typedef struct scanner {
    const uint8_t *s;
    uint32_t n;
    w5_doc *doc;
    unsigned next_flags;  /* PARA_START / LINE_START for the next token */
    int squote_open;      /* an opening ' was seen on this line */
} scanner;

static int is_alnum_kind(int k)
{
    return k == W5_CK_LETTER || k == W5_CK_DIGIT || k == W5_CK_MARK;
}

static int is_ascii_alpha(uint8_t b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

static int is_ascii_digit(uint8_t b) { return b >= '0' && b <= '9'; }

static uint8_t lower(uint8_t b)
{
    return b >= 'A' && b <= 'Z' ? (uint8_t)(b - 'A' + 'a') : b;
}

/* A string with its length, for tables (no strlen in the hot loop). */
typedef struct lit {
    const char *s;
    uint32_t len;
} lit;
#define LIT(x) {x, sizeof(x) - 1}

/* 1 when s[i..i+k) equals the lower-case ASCII `word` of length k,
 * ignoring ASCII case. */
static int match_ci(const scanner *sc, uint32_t i, const char *word, size_t k)
{
    if (k > sc->n - i)
        return 0;
    for (size_t j = 0; j < k; j++)
        if (lower(sc->s[i + j]) != (uint8_t)word[j])
            return 0;
    return 1;
}

/* The kind of the character at i, or SPACE past the end. */
static int kind_at(const scanner *sc, uint32_t i)
{
    return i < sc->n ? w5_text_char(sc->s, i, sc->n).kind : W5_CK_SPACE;
}

/* Length of an apostrophe (' or U+2019) at i, or 0. */
static uint32_t apostrophe_at(const scanner *sc, uint32_t i)
{
    if (i >= sc->n)
        return 0;
    if (sc->s[i] == '\'')
        return 1;
    if (i + 2 < sc->n && sc->s[i] == 0xE2 && sc->s[i + 1] == 0x80 &&
        sc->s[i + 2] == 0x99)
        return 3;
    return 0;
}

static int emit(scanner *sc, uint32_t start, uint32_t end, unsigned flags)
{
    flags |= sc->next_flags;
    sc->next_flags = 0;
    if (end < sc->n && (sc->s[end] == ' ' || kind_at(sc, end) == W5_CK_SPACE))
        flags |= W5_TOKEN_SPACE_AFTER;
    /* the capacity check inline: w5_grow is a call per token otherwise */
    w5_doc *doc = sc->doc;
    if (doc->toks.n == doc->toks.cap &&
        w5_vec_reserve(&doc->toks, doc->toks.n + 1))
        return W5_ERR_NOMEM;
    /* field by field into the array: a token built on the stack and
     * copied is read back before its narrow stores have landed (a
     * store-forwarding stall that cost a fifth of the tokenizer) */
    w5_tok *t = &doc->toks.v[doc->toks.n++];
    t->start = start;
    t->end = end;
    t->sent = 0;
    t->flags = (uint8_t)flags;
    t->upos = 0;
    t->xpos = 0;
    t->deprel = 0;
    t->head = -2;
    t->lemma = 0;
    t->feats = 0;
    return W5_OK;
}

/* ---- words ------------------------------------------------------------ */

/* Prefixes that keep their hyphen in UD English ("non-profit"). */
static int hyphen_prefix(const scanner *sc, uint32_t start, uint32_t end)
{
    static const lit prefixes[] = {
        LIT("anti"), LIT("co"), LIT("counter"), LIT("cross"), LIT("e"),
        LIT("ex"), LIT("inter"), LIT("intra"), LIT("mid"), LIT("multi"),
        LIT("neo"), LIT("non"), LIT("post"), LIT("pre"), LIT("pro"),
        LIT("psycho"), LIT("re"), LIT("semi"), LIT("socio"), LIT("sub"),
        {NULL, 0}};
    uint32_t len = end - start;
    for (int k = 0; prefixes[k].s; k++)
        if (prefixes[k].len == len && match_ci(sc, start, prefixes[k].s, len))
            return 1;
    return 0;
}

/* 1 when the letters s[start..end) are all ASCII upper case. */
static int all_upper(const scanner *sc, uint32_t start, uint32_t end)
{
    for (uint32_t k = start; k < end; k++)
        if (sc->s[k] < 'A' || sc->s[k] > 'Z')
            return 0;
    return end > start;
}

typedef struct word_info {
    uint32_t end;
    int numeric;       /* only digits and number separators */
    int inner_dot;     /* a '.' joined two parts ("U.S", "1.5") */
    int short_parts;   /* every dot-separated part is 1-3 letters */
    int apostrophe;    /* an apostrophe joined two parts ("don't") */
} word_info;

/* Whether the ASCII connector at j (between prev_kind and the word's next
 * character) stays inside the word: 0 no, 1 yes, 2 yes and it ends the
 * word. seg is where the current segment (since the last connector)
 * started. */
static int join_connector(const scanner *sc, uint32_t j, int prev_kind,
                          const word_info *w, uint32_t word_start,
                          uint32_t seg)
{
    const uint8_t *s = sc->s;
    uint8_t b = s[j];
    int next = kind_at(sc, j + 1);
    int next_alnum = next == W5_CK_LETTER || next == W5_CK_DIGIT;
    switch (b) {
    case '.':
        return next_alnum && j + 1 < sc->n && s[j + 1] != '.';
    case ',': /* 2,600 */
        return prev_kind == W5_CK_DIGIT && w->numeric && j + 3 < sc->n &&
               is_ascii_digit(s[j + 1]) && is_ascii_digit(s[j + 2]) &&
               is_ascii_digit(s[j + 3]) &&
               (j + 4 >= sc->n || !is_ascii_digit(s[j + 4]));
    case ':': /* 10:30 */
        return prev_kind == W5_CK_DIGIT && w->numeric && next == W5_CK_DIGIT;
    case '/': /* 9/11, w/o, s/he */
        if (prev_kind == W5_CK_DIGIT && next == W5_CK_DIGIT)
            return 1;
        return next == W5_CK_LETTER && prev_kind == W5_CK_LETTER &&
               j - seg == 1 && j - word_start == 1;
    case '-': /* 713-853-3989, non-profit */
        if (prev_kind == W5_CK_DIGIT && next == W5_CK_DIGIT && w->numeric)
            return 1;
        /* a cut-off word in speech: "th- the" (the '-' ends the word) */
        if (prev_kind == W5_CK_LETTER && next == W5_CK_SPACE &&
            j - word_start <= 3 && seg == word_start)
            return 2;
        return next_alnum && prev_kind == W5_CK_LETTER &&
               hyphen_prefix(sc, seg, j);
    case '\'': /* don't, O'Brien: clitics are split later */
        return next == W5_CK_LETTER && prev_kind != W5_CK_DIGIT;
    case '&': /* AT&T */
        return next == W5_CK_LETTER && all_upper(sc, seg, j) && j - seg <= 3 &&
               j + 1 < sc->n && s[j + 1] >= 'A' && s[j + 1] <= 'Z';
    case '_':
        return next_alnum;
    default:
        return 0;
    }
}

/* Letters after a number that stay with it: 19th, 2nd, 1970s. */
static uint32_t number_suffix(const scanner *sc, uint32_t j)
{
    static const lit suffixes[] = {LIT("st"), LIT("nd"), LIT("rd"),
                                   LIT("th"), LIT("s"), {NULL, 0}};
    for (int k = 0; suffixes[k].s; k++) {
        uint32_t len = suffixes[k].len;
        if (match_ci(sc, j, suffixes[k].s, len) &&
            !is_alnum_kind(kind_at(sc, j + len)))
            return len;
    }
    return 0;
}

/* What a byte can do inside a word: L an ASCII letter, D a digit, C a
 * connector that join_connector may keep, U a byte of a non-ASCII
 * character (decoded), x ends the word (spaces, NUL, other ASCII
 * punctuation and symbols). */
static const char word_bytes[257] =
    "xxxxxxxxxxxxxxxx" "xxxxxxxxxxxxxxxx"   /* 0x00-0x1F */
    "xxxxxxCCxxxxCCCC"                      /*  !"#$%&'()*+,-./ */
    "DDDDDDDDDDCxxxxx"                      /* 0-9 :;<=>? */
    "xLLLLLLLLLLLLLLL"                      /* @A-O */
    "LLLLLLLLLLLxxxxC"                      /* P-Z [\]^_ */
    "xLLLLLLLLLLLLLLL"                      /* `a-o */
    "LLLLLLLLLLLxxxxx"                      /* p-z {|}~ DEL */
    "UUUUUUUUUUUUUUUU" "UUUUUUUUUUUUUUUU" "UUUUUUUUUUUUUUUU"
    "UUUUUUUUUUUUUUUU" "UUUUUUUUUUUUUUUU" "UUUUUUUUUUUUUUUU"
    "UUUUUUUUUUUUUUUU" "UUUUUUUUUUUUUUUU";  /* 0x80-0xFF */

/* The end of the run of ASCII letters that starts at s[j] (a letter).
 * With SSE2, 16 bytes are classified at once: the run's end is found
 * without a branch per byte, whose last turn the branch predictor
 * cannot guess (words vary in length). */
static uint32_t letter_run(const uint8_t *s, uint32_t j, uint32_t n)
{
#ifdef __SSE2__
    const __m128i case_bit = _mm_set1_epi8(0x20), a = _mm_set1_epi8('a'),
                  z = _mm_set1_epi8(25);
    while (j + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
        /* (byte | 0x20) - 'a' <= 25 exactly for A-Z and a-z */
        __m128i d = _mm_sub_epi8(_mm_or_si128(v, case_bit), a);
        __m128i letter = _mm_cmpeq_epi8(_mm_max_epu8(d, z), z);
        unsigned other = ~(unsigned)_mm_movemask_epi8(letter) & 0xFFFFu;
        if (other)
            return j + (uint32_t)__builtin_ctz(other);
        j += 16;
    }
#else
    (void)n;
#endif
    while (word_bytes[s[j]] == 'L')
        j++;
    return j;
}

/* Scans a word starting at i (a letter, digit or mark). The runs read
 * up to s[n], the NUL that w5_doc_new puts after the text: it ends every
 * run, so they need no bounds check. */
static word_info scan_word(const scanner *sc, uint32_t i)
{
    const uint8_t *s = sc->s;
    uint32_t n = sc->n, j = i, seg = i;
    int prev = 0;
    word_info w = {i, 1, 0, 1, 0};
    while (j < n) {
        char cls = word_bytes[s[j]];
        /* fast paths: a run of ASCII letters (after digits, letters go
         * the slow way: "5pm" splits, "19th" does not), of digits, and
         * an ASCII byte that ends the word */
        if (cls == 'L' && (!w.numeric || j == i)) {
            j = letter_run(s, j, n);
            w.numeric = 0;
            prev = W5_CK_LETTER;
            continue;
        }
        if (cls == 'D') {
            do
                j++;
            while (word_bytes[s[j]] == 'D');
            prev = W5_CK_DIGIT;
            continue;
        }
        if (cls == 'x')
            break;
        w5_uch c = w5_text_char(s, j, n);
        if (c.kind == W5_CK_LETTER || c.kind == W5_CK_MARK) {
            if (w.numeric && j > i && c.kind == W5_CK_LETTER) {
                /* 5pm -> 5 pm, but 19th stays */
                uint32_t k = number_suffix(sc, j);
                if (!k)
                    break;
                j += k;
                w.numeric = 0;
                prev = W5_CK_LETTER;
                continue;
            }
            if (c.kind == W5_CK_LETTER)
                w.numeric = 0;
            j += c.len;
            prev = c.kind;
            continue;
        }
        if (c.kind == W5_CK_DIGIT) {
            j += c.len;
            prev = c.kind;
            continue;
        }
        if (c.kind == W5_CK_FORMAT) {
            /* ZWJ, ZWNJ, soft hyphen, word joiner inside a word */
            int keep = c.cp == 0x200D || c.cp == 0x200C || c.cp == 0xAD ||
                       c.cp == 0x2060;
            if (keep && j + c.len < n &&
                is_alnum_kind(kind_at(sc, j + c.len))) {
                j += c.len;
                continue;
            }
            break;
        }
        if (c.cp == 0x2019) { /* curly apostrophe: like ' */
            if (prev != W5_CK_DIGIT && j + 3 < n &&
                kind_at(sc, j + 3) == W5_CK_LETTER) {
                w.apostrophe = 1;
                j += 3;
                seg = j;
                continue;
            }
            break;
        }
        int join = c.cp >= 0x80 ? 0 : join_connector(sc, j, prev, &w, i, seg);
        if (!join)
            break;
        if (join == 2) { /* the connector ends the word */
            j++;
            w.numeric = 0;
            break;
        }
        w.apostrophe |= s[j] == '\'';
        if (s[j] == '.') {
            w.inner_dot = 1;
            if (j - seg > 3 || j == seg)
                w.short_parts = 0;
        }
        j++;
        seg = j;
        prev = 0;
    }
    if (w.inner_dot && (j - seg > 3))
        w.short_parts = 0;
    w.end = j;
    return w;
}

/* Whether the period at e most likely also ends the sentence: the text
 * or the paragraph ends, or a word that usually starts a sentence comes
 * next (any capital after "etc."). UD then writes the period apart:
 * "... in the U.S" "." (the abbreviation's period doubles as the full
 * stop). */
static int period_ends_sentence(const scanner *sc, uint32_t e, int any_capital)
{
    const uint8_t *s = sc->s;
    uint32_t k = e + 1, n = sc->n;
    int breaks = 0;
    while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' ||
                     s[k] == '\r')) {
        breaks += s[k] == '\n';
        k++;
    }
    if (k >= n || breaks >= 2)
        return 1;
    if (s[k] == '"' || s[k] == '\'' || s[k] == ')')
        return 0; /* a closing mark follows: the period stays inside */
    if (any_capital && s[k] >= 'A' && s[k] <= 'Z')
        return 1;
    uint32_t j = k;
    while (j < n && is_ascii_alpha(s[j]))
        j++;
    return j > k && (j >= n || !is_ascii_alpha(s[j])) &&
           w5_text_sentence_starter((const char *)s + k, j - k);
}

/* Whether the word [i, w->end) keeps the period that follows it. */
static int keeps_period(const scanner *sc, uint32_t i, const word_info *w)
{
    const uint8_t *s = sc->s;
    uint32_t e = w->end, n = sc->n;
    if (e >= n || s[e] != '.' || (e + 1 < n && s[e + 1] == '.'))
        return 0;
    if (w->numeric)
        return 0;
    /* a single letter: an initial (John F. Kerry) or a list letter */
    w5_uch first = w5_text_char(s, i, n);
    if (first.kind == W5_CK_LETTER && i + first.len == e)
        return 1;
    if (w->inner_dot) {
        /* U.S. e.g. a.m. Ph.D. - short letter parts only */
        if (!w->short_parts)
            return 0;
        for (uint32_t k = i; k < e; k++)
            if (!is_ascii_alpha(s[k]) && s[k] != '.')
                return 0;
        /* e.g. and i.e. introduce what follows */
        if (e - i == 3 &&
            (match_ci(sc, i, "e.g", 3) || match_ci(sc, i, "i.e", 3)))
            return 1;
        return !period_ends_sentence(sc, e, 0);
    }
    int cls = w5_text_abbrev((const char *)s + i, e - i);
    if (cls == W5_ABBR_NUMBER) {
        uint32_t k = e + 1;
        while (k < n && s[k] == ' ')
            k++;
        return k < n && is_ascii_digit(s[k]);
    }
    if (cls == W5_ABBR_OTHER)
        return !period_ends_sentence(sc, e,
                                     e - i == 3 && match_ci(sc, i, "etc", 3));
    return cls != W5_ABBR_NONE;
}

/* Contracted words written without an apostrophe, and where UD splits
 * them (gonna -> gon na, dont -> do nt). */
static uint32_t bare_contraction(const scanner *sc, uint32_t i, uint32_t e)
{
    static const struct { lit word; uint32_t cut; } table[] = {
        {LIT("gonna"), 3}, {LIT("wanna"), 3}, {LIT("gotta"), 3},
        {LIT("outta"), 3}, {LIT("cannot"), 3}, {LIT("dont"), 2},
        {LIT("wont"), 2}, {LIT("cant"), 2}, {LIT("didnt"), 3},
        {LIT("doesnt"), 4}, {LIT("isnt"), 2}, {LIT("wasnt"), 3},
        {LIT("couldnt"), 5}, {LIT("wouldnt"), 5}, {LIT("shouldnt"), 6},
        {LIT("aint"), 2}, {LIT("arent"), 3}, {LIT("havent"), 4},
        {LIT("hasnt"), 3}, {LIT("im"), 1}, {LIT("ive"), 1},
        {LIT("thats"), 4}, {LIT("theres"), 5}, {LIT("youre"), 3},
        {LIT("whats"), 4}, {{NULL, 0}, 0}};
    uint32_t len = e - i;
    if (len < 2 || len > 8)
        return 0;
    /* a word passes only if an entry has its first and last letters
     * (most words stop here, before the table walk): per last letter,
     * a bit for each first letter of the entries */
#define BIT(c) (1u << ((c) - 'a'))
    static const uint32_t firsts[26] = {
        ['a' - 'a'] = BIT('g') | BIT('w') | BIT('o'),
        ['e' - 'a'] = BIT('i') | BIT('y') | BIT('t'),
        ['m' - 'a'] = BIT('i'),
        ['s' - 'a'] = BIT('t') | BIT('w'),
        ['t' - 'a'] = BIT('d') | BIT('w') | BIT('c') | BIT('i') | BIT('s') |
                      BIT('a') | BIT('h')};
    /* and per length (2 to 8), a bit for each first letter */
    static const uint32_t firsts_by_len[9] = {
        [2] = BIT('i'), [3] = BIT('i'),
        [4] = BIT('d') | BIT('w') | BIT('c') | BIT('i') | BIT('a'),
        [5] = BIT('g') | BIT('w') | BIT('o') | BIT('d') | BIT('a') | BIT('h') |
              BIT('t') | BIT('y'),
        [6] = BIT('c') | BIT('d') | BIT('h') | BIT('t'),
        [7] = BIT('c') | BIT('w'), [8] = BIT('s')};
#undef BIT
    unsigned first = lower(sc->s[i]) - 'a', last = lower(sc->s[e - 1]) - 'a';
    if (first >= 26 || last >= 26 ||
        !((firsts[last] & firsts_by_len[len]) >> first & 1))
        return 0;
    for (int k = 0; table[k].word.s; k++)
        if (table[k].word.len == len && match_ci(sc, i, table[k].word.s, len)) {
            /* "Im" / "im" yes, "IM" (instant message) no */
            if (len == 2 && all_upper(sc, i, e))
                return 0;
            return i + table[k].cut;
        }
    return 0;
}

/* Where the clitic at the end of [i, e) starts, or 0: n't, 's, 're, 've,
 * 'll, 'd, 'm (with ' or U+2019). */
static uint32_t clitic_start(const scanner *sc, uint32_t i, uint32_t e)
{
    static const lit after[] = {LIT("s"), LIT("re"), LIT("ve"), LIT("ll"),
                                LIT("d"), LIT("m"), {NULL, 0}};
    for (int k = 0; after[k].s; k++) {
        uint32_t len = after[k].len;
        if (e - i < len + 2)
            continue;
        uint32_t a = e - len;
        if (!match_ci(sc, a, after[k].s, len))
            continue;
        if (sc->s[a - 1] == '\'' && a - 1 > i)
            return a - 1;
        if (a >= i + 4 && apostrophe_at(sc, a - 3) == 3)
            return a - 3;
    }
    /* n't */
    if (e - i >= 4 && lower(sc->s[e - 1]) == 't') {
        uint32_t ap = 0;
        if (sc->s[e - 2] == '\'')
            ap = e - 2;
        else if (e - i >= 6 && apostrophe_at(sc, e - 4) == 3)
            ap = e - 4;
        if (ap && ap - 1 > i && lower(sc->s[ap - 1]) == 'n')
            return ap - 1;
    }
    return 0;
}

/* Emits the word [i, e) split into its syntactic words. */
static int emit_word(scanner *sc, uint32_t i, uint32_t e, int apostrophe)
{
    uint32_t cuts[4];
    int ncut = 0;
    uint32_t end = e;
    unsigned flags = 0;
    while (apostrophe && ncut < 2) {
        uint32_t c = clitic_start(sc, i, end);
        if (!c)
            break;
        cuts[ncut++] = c;
        end = c;
    }
    if (!ncut) {
        uint32_t c = bare_contraction(sc, i, e);
        if (c)
            cuts[ncut++] = c;
    }
    /* cuts are in decreasing order */
    uint32_t start = i;
    for (int k = ncut - 1; k >= 0; k--) {
        if (emit(sc, start, cuts[k], flags))
            return W5_ERR_NOMEM;
        flags = W5_TOKEN_JOINED;
        start = cuts[k];
    }
    return emit(sc, start, e, flags);
}

/* ---- URLs, e-mail, handles -------------------------------------------- */

/* 1 for a character that ends a URL when it comes last ("see x.com."). */
static int url_trailer(uint8_t b)
{
    return b == '.' || b == ',' || b == ';' || b == ':' || b == '!' ||
           b == '?' || b == ')' || b == ']' || b == '}' || b == '\'' ||
           b == '"';
}

/* The end of a URL starting at i, or 0. */
static uint32_t scan_url(const scanner *sc, uint32_t i)
{
    static const lit starts[] = {LIT("http://"), LIT("https://"),
                                 LIT("ftp://"), LIT("www."), LIT("mailto:"),
                                 {NULL, 0}};
    int ok = 0;
    for (int k = 0; starts[k].s && !ok; k++)
        ok = match_ci(sc, i, starts[k].s, starts[k].len);
    if (!ok)
        return 0;
    uint32_t j = i;
    int parens = 0;
    while (j < sc->n) {
        uint8_t b = sc->s[j];
        if (b < 0x80) {
            int k = w5_text_ascii_kinds[b];
            if (k == W5_CK_SPACE || b == '<' || b == '>' || b == '"')
                break;
            parens += b == '(';
            j++;
            continue;
        }
        w5_uch c = w5_text_char(sc->s, j, sc->n);
        if (c.kind == W5_CK_SPACE || c.kind == W5_CK_INVALID ||
            c.kind == W5_CK_PUNCT || c.kind == W5_CK_FORMAT)
            break;
        j += c.len;
    }
    while (j > i + 4 && url_trailer(sc->s[j - 1]) &&
           !(sc->s[j - 1] == ')' && parens))
        j--;
    return j;
}

static int email_local(uint8_t b)
{
    return is_ascii_alpha(b) || is_ascii_digit(b) || b == '.' || b == '_' ||
           b == '%' || b == '+' || b == '-';
}

/* The end of an e-mail address starting at i, or 0. */
static uint32_t scan_email(const scanner *sc, uint32_t i)
{
    const uint8_t *s = sc->s;
    uint32_t j = i, n = sc->n;
    while (j < n && email_local(s[j]))
        j++;
    if (j == i || j >= n || s[j] != '@')
        return 0;
    j++;
    uint32_t dom = j, last_dot = 0;
    while (j < n && (is_ascii_alpha(s[j]) || is_ascii_digit(s[j]) ||
                     s[j] == '-' || s[j] == '.')) {
        if (s[j] == '.') {
            if (j + 1 >= n ||
                !(is_ascii_alpha(s[j + 1]) || is_ascii_digit(s[j + 1])))
                break;
            last_dot = j;
        }
        j++;
    }
    if (!last_dot || last_dot == dom || j - last_dot < 3)
        return 0;
    return j;
}

/* @handle or #hashtag at i: the end, or 0. */
static uint32_t scan_handle(const scanner *sc, uint32_t i)
{
    uint32_t j = i + 1;
    if (j >= sc->n)
        return 0;
    int first = kind_at(sc, j);
    if (first != W5_CK_LETTER &&
        !(sc->s[i] == '@' && (first == W5_CK_DIGIT || sc->s[j] == '_')))
        return 0;
    /* not "x @ y": a handle follows a space or starts the text */
    if (i > 0 && is_alnum_kind(w5_text_char_before(sc->s, i, sc->n).kind))
        return 0;
    while (j < sc->n) {
        w5_uch c = w5_text_char(sc->s, j, sc->n);
        if (!is_alnum_kind(c.kind) && c.cp != '_')
            break;
        j += c.len;
    }
    return j;
}

/* ---- punctuation, symbols, emoji -------------------------------------- */

static uint32_t scan_emoticon(const scanner *sc, uint32_t i)
{
    static const lit faces[] = {
        LIT(":-)"), LIT(":-("), LIT(";-)"), LIT(":-D"), LIT(":-P"),
        LIT(":'("), LIT(">:("), LIT("^_^"), LIT("-_-"), LIT("^^"), LIT(":)"),
        LIT(":("), LIT(";)"), LIT(":D"), LIT(":P"), LIT(":p"), LIT(":/"),
        LIT("=)"), LIT("=("), LIT("<3"), LIT(":o"), LIT(":O"), {NULL, 0}};
    if (i > 0 && w5_text_char_before(sc->s, i, sc->n).kind != W5_CK_SPACE)
        return 0;
    for (int k = 0; faces[k].s; k++) {
        uint32_t len = faces[k].len;
        if (len <= sc->n - i && memcmp(sc->s + i, faces[k].s, len) == 0 &&
            !is_alnum_kind(kind_at(sc, i + len)))
            return i + len;
    }
    return 0;
}

/* A pictograph and what attaches to it: variation selectors and other
 * marks, skin tones, tags, ZWJ + another pictograph, a second regional
 * indicator (flags). */
static uint32_t scan_emoji(const scanner *sc, uint32_t i, w5_uch c)
{
    uint32_t j = i + c.len;
    int regional = c.cp >= 0x1F1E6 && c.cp <= 0x1F1FF;
    while (j < sc->n) {
        w5_uch d = w5_text_char(sc->s, j, sc->n);
        if (d.kind == W5_CK_MARK || (d.cp >= 0x1F3FB && d.cp <= 0x1F3FF) ||
            (d.cp >= 0xE0020 && d.cp <= 0xE007F)) {
            j += d.len;
        } else if (regional && d.cp >= 0x1F1E6 && d.cp <= 0x1F1FF) {
            j += d.len;
            regional = 0;
        } else if (d.cp == 0x200D && j + d.len < sc->n &&
                   kind_at(sc, j + d.len) == W5_CK_SYMBOL) {
            w5_uch e = w5_text_char(sc->s, j + d.len, sc->n);
            j += d.len + e.len;
        } else {
            break;
        }
    }
    return j;
}

/* A run of sentence-final marks (. ! ? and the ellipsis). */
static int final_mark(const scanner *sc, uint32_t j, uint32_t *len)
{
    uint8_t b = sc->s[j];
    if (b == '.' || b == '!' || b == '?') {
        *len = 1;
        return 1;
    }
    if (b == 0xE2 && j + 2 < sc->n && sc->s[j + 1] == 0x80 &&
        sc->s[j + 2] == 0xA6) {
        *len = 3;
        return 1;
    }
    return 0;
}

/* Clitic or year after a lone apostrophe: 's 're 'em '72 '60s. */
static uint32_t scan_apostrophe_word(const scanner *sc, uint32_t i,
                                     uint32_t alen)
{
    static const lit words[] = {LIT("s"), LIT("re"), LIT("ve"), LIT("ll"),
                                LIT("d"), LIT("m"), LIT("em"), {NULL, 0}};
    uint32_t j = i + alen;
    for (int k = 0; words[k].s; k++) {
        uint32_t len = words[k].len;
        if (match_ci(sc, j, words[k].s, len) &&
            !is_alnum_kind(kind_at(sc, j + len)))
            return j + len;
    }
    int two_digits = j + 1 < sc->n && is_ascii_digit(sc->s[j]) &&
                     is_ascii_digit(sc->s[j + 1]);
    if (two_digits && !is_alnum_kind(kind_at(sc, j + 2)))
        return j + 2;
    if (two_digits && j + 2 < sc->n && sc->s[j + 2] == 's' &&
        !is_alnum_kind(kind_at(sc, j + 3)))
        return j + 3;
    return 0;
}

/* The ASCII marks whose runs are one token ("--", "***", "=="). */
static int repeats(int32_t cp)
{
    switch (cp) {
    case '-': case '*': case '=': case '_': case '~': case '<': case '>':
    case '#': case '+': case '\'': case '`':
        return 1;
    default:
        return 0;
    }
}

/* Scans a token that starts with punctuation or a symbol at i. */
static int scan_mark(scanner *sc, uint32_t i, w5_uch c, uint32_t *next)
{
    const uint8_t *s = sc->s;
    uint32_t n = sc->n, j, len;
    if ((c.cp == '@' || c.cp == '#') && (j = scan_handle(sc, i)))
        return *next = j, emit(sc, i, j, 0);
    if ((c.cp == ':' || c.cp == ';' || c.cp == '=' || c.cp == '^' ||
         c.cp == '-' || c.cp == '<' || c.cp == '>') &&
        (j = scan_emoticon(sc, i)))
        return *next = j, emit(sc, i, j, 0);
    if (final_mark(sc, i, &len)) {
        j = i + len;
        while (j < n && final_mark(sc, j, &len))
            j += len;
        return *next = j, emit(sc, i, j, 0);
    }
    uint32_t alen = apostrophe_at(sc, i);
    if (alen) {
        int before_space = i == 0 ||
            w5_text_char_before(s, i, n).kind == W5_CK_SPACE;
        if (before_space && (j = scan_apostrophe_word(sc, i, alen)))
            return *next = j, emit(sc, i, j, 0);
        if (before_space && kind_at(sc, i + alen) == W5_CK_LETTER)
            sc->squote_open = 1;
    }
    if (c.cp == '-' && is_ascii_digit(i + 1 < n ? s[i + 1] : 0) &&
        (i == 0 || w5_text_char_before(s, i, n).kind == W5_CK_SPACE)) {
        /* a negative number: -0.39 */
        word_info w = scan_word(sc, i + 1);
        if (w.numeric)
            return *next = w.end, emit(sc, i, w.end, 0);
    }
    if (c.kind == W5_CK_SYMBOL && c.cp >= 0x80) {
        j = scan_emoji(sc, i, c);
        return *next = j, emit(sc, i, j, 0);
    }
    j = i + c.len;
    if (repeats(c.cp)) {
        while (j < n && s[j] == (uint8_t)c.cp)
            j++;
    } else if (c.cp == 0x2019 || c.cp == 0x2013 || c.cp == 0x2014) {
        while (j + c.len <= n && memcmp(s + i, s + j, c.len) == 0)
            j += c.len;
    }
    return *next = j, emit(sc, i, j, 0);
}

/* Scans a token that starts with a letter, digit or mark at i. */
static int scan_alnum(scanner *sc, uint32_t i, uint32_t *next)
{
    uint32_t j;
    /* http(s):// www. ftp:// mailto: start with h f w m and have p . :
     * or l as 4th byte (in either case: | 0x20 lowers a letter and keeps
     * '.' and ':'; the few control bytes it also lets through fail in
     * scan_url). The test has no branch of its own: a word starts with
     * one of these letters too often for a branch to guess. */
    unsigned b = sc->s[i] | 0x20u;
    unsigned b3 = (i + 4 < sc->n ? sc->s[i + 3] : 0) | 0x20u;
    int url_like = ((b == 'h') | (b == 'f') | (b == 'w') | (b == 'm')) &
                   ((b3 == 'p') | (b3 == '.') | (b3 == ':') | (b3 == 'l'));
    if (url_like && (j = scan_url(sc, i)))
        return *next = j, emit(sc, i, j, 0);
    word_info w = scan_word(sc, i);
    uint32_t e = w.end;
    /* the bytes of an e-mail address that end a word (s[n] is the NUL
     * after the text); a table, not a chain of branches */
    static const uint8_t in_email[256] = {
        ['@'] = 1, ['.'] = 1, ['_'] = 1, ['-'] = 1, ['+'] = 1, ['%'] = 1};
    if (in_email[sc->s[e]] && (j = scan_email(sc, i)) && j > e)
        return *next = j, emit(sc, i, j, 0);
    if (keeps_period(sc, i, &w)) {
        *next = e + 1;
        return emit(sc, i, e + 1, 0);
    }
    *next = e;
    int rc = emit_word(sc, i, e, w.apostrophe);
    /* the possessive apostrophe of a plural: "Jesus'" -> Jesus ' */
    uint32_t alen = apostrophe_at(sc, e);
    if (!rc && alen && e > i && lower(sc->s[e - 1]) == 's' &&
        !is_alnum_kind(kind_at(sc, e + alen))) {
        if (sc->squote_open) {
            sc->squote_open = 0; /* a closing quote */
        } else {
            *next = e + alen;
            rc = emit(sc, e, e + alen, W5_TOKEN_JOINED);
        }
    } else if (!rc && alen && sc->squote_open &&
               !is_alnum_kind(kind_at(sc, e + alen))) {
        sc->squote_open = 0;
    }
    return rc;
}

/* Counts the line breaks of the whitespace character c at i (CRLF is
 * one break; the LF of a CRLF counts 0). */
static int line_breaks(const scanner *sc, uint32_t i, w5_uch c)
{
    switch (c.cp) {
    case '\n':
        return !(i > 0 && sc->s[i - 1] == '\r');
    case '\r': case '\v': case '\f': case 0x85: case 0x2028: case 0x2029:
        return 1;
    default:
        return 0;
    }
}

int w5_text_tokenize(w5_doc *doc, w5_error *err)
{
    scanner sc;
    memset(&sc, 0, sizeof sc);
    sc.s = (const uint8_t *)doc->text;
    sc.n = doc->len;
    sc.doc = doc;
    doc->toks.n = 0;
    doc->invalid_bytes = 0;
    /* room for one token per 4 bytes: news has one per 5 to 6, so the
     * array rarely grows (pages never written cost address space only).
     * Transparent huge pages for it were tried: later documents got
     * faster, but the first one in a process paid the kernel's memory
     * compaction, slower than 4 KB pages. */
    if (w5_vec_reserve(&doc->toks, (size_t)sc.n / 4 + 16))
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    uint32_t i = 0;
    int breaks = 0;
    while (i < sc.n) {
        uint8_t b = sc.s[i];
        if (b == ' ') {
            i++;
            continue;
        }
        w5_uch c = w5_text_char(sc.s, i, sc.n);
        if (c.kind == W5_CK_SPACE) {
            breaks += line_breaks(&sc, i, c);
            i += c.len;
            continue;
        }
        if (c.kind == W5_CK_FORMAT) { /* BOM, ZWSP, ...: not tokens */
            i += c.len;
            continue;
        }
        if (doc->toks.n == 0 || breaks >= 2)
            sc.next_flags |= W5_TOKEN_PARA_START;
        if (breaks) {
            sc.next_flags |= W5_TOKEN_LINE_START;
            sc.squote_open = 0;
        }
        breaks = 0;
        uint32_t next = i + c.len;
        int rc;
        if (c.kind == W5_CK_INVALID) {
            doc->invalid_bytes++;
            rc = emit(&sc, i, i + 1, W5_TOKEN_INVALID);
            next = i + 1;
        } else if (is_alnum_kind(c.kind)) {
            rc = scan_alnum(&sc, i, &next);
        } else {
            rc = scan_mark(&sc, i, c, &next);
        }
        if (rc)
            return w5_fail(err, W5_ERR_NOMEM, "out of memory");
        i = next;
    }
    return W5_OK;
}
