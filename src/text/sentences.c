/*
 * sentences.c - the sentence splitter: rules over the tokens.
 *
 * A sentence ends before token k when
 *   - k starts a paragraph (a blank line; always),
 *   - a line break comes before k and the line does not run on: k does
 *     not start in lower case and the line does not end with a comma or
 *     a hyphen (titles, datelines, list items, one-paragraph-per-line
 *     text such as Reuters or BBC),
 *   - the tokens before k are a final mark (. ? ! ... …) followed by
 *     closing quotes or brackets (and citation marks like "[25]"), and k
 *     looks like a sentence start: upper case, a digit, a bullet, or an
 *     opening quote or bracket before one of these,
 *   - the token before k is an abbreviation with its period ("U.S.",
 *     "etc.") and k is a word that usually starts a sentence ("The");
 *     titles ("Mr.", "Gen.") and initials ("F.") do not end sentences
 *     before a name,
 *   - k follows a dateline at the start of a paragraph or line
 *     ("BRUSSELS -", "SALVADOR, Feb 26 -").
 * A line break that ends a sentence also starts a new paragraph (text
 * with one paragraph per line); a blank line always does.
 *
 * The rules were chosen and checked with `w5 eval segment` on UD English
 * EWT and GUM (train), where the raw text has paragraphs separated by
 * blank lines and the sentences of a paragraph joined by spaces.
 */
#include <string.h>

#include <utf8proc.h>

#include "text/text.h"

typedef struct splitter {
    const w5_doc *doc;
    const uint8_t *s;
    size_t n;  /* token count */
} splitter;

static const uint8_t *tok_text(const splitter *sp, size_t k, uint32_t *len)
{
    const w5_tok *t = &sp->doc->toks.v[k];
    *len = t->end - t->start;
    return sp->s + t->start;
}

/* A string with its length, for tables (no strlen per token). */
typedef struct lit {
    const char *s;
    uint32_t len;
} lit;
#define LIT(x) {x, sizeof(x) - 1}

/* 1 when the n bytes at a equal those of str. The strings compared here
 * are a few bytes long: a byte loop beats a call to memcmp. */
static int same_bytes(const uint8_t *a, const char *str, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (a[i] != (uint8_t)str[i])
            return 0;
    return 1;
}

/* 1 when token k is exactly the n bytes of str. */
static int tok_eq(const splitter *sp, size_t k, const char *str, uint32_t n)
{
    const w5_tok *t = &sp->doc->toks.v[k];
    return t->end - t->start == n && same_bytes(sp->s + t->start, str, n);
}
#define tok_is(sp, k, str) tok_eq((sp), (k), (str), sizeof(str) - 1)

static int tok_is_any(const splitter *sp, size_t k, const lit *set)
{
    const w5_tok *t = &sp->doc->toks.v[k];
    uint32_t len = t->end - t->start;
    const uint8_t *p = sp->s + t->start;
    for (int i = 0; set[i].s; i++)
        if (set[i].len == len && same_bytes(p, set[i].s, len))
            return 1;
    return 0;
}

static int space_before(const splitter *sp, size_t k)
{
    return k == 0 || (sp->doc->toks.v[k - 1].flags & W5_TOKEN_SPACE_AFTER);
}

/* The first character of token k. */
static w5_uch first_char(const splitter *sp, size_t k)
{
    const w5_tok *t = &sp->doc->toks.v[k];
    return w5_text_char(sp->s, t->start, sp->doc->len);
}

/* (ASCII letters without the call: A-Z are Lu, a-z Ll) */
static int is_upper(w5_uch c)
{
    if (c.kind != W5_CK_LETTER)
        return 0;
    if (c.cp < 0x80)
        return c.cp <= 'Z';
    int cat = utf8proc_category(c.cp);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

static int is_lower(w5_uch c)
{
    if (c.kind != W5_CK_LETTER)
        return 0;
    if (c.cp < 0x80)
        return c.cp >= 'a';
    return utf8proc_category(c.cp) == UTF8PROC_CATEGORY_LL;
}

/* . ? ! ... … and runs of them. */
static int is_final_mark(const splitter *sp, size_t k)
{
    uint32_t len;
    const uint8_t *p = tok_text(sp, k, &len);
    for (uint32_t i = 0; i < len;) {
        if (p[i] == '.' || p[i] == '?' || p[i] == '!')
            i++;
        else if (i + 2 < len && p[i] == 0xE2 && p[i + 1] == 0x80 &&
                 p[i + 2] == 0xA6)
            i += 3;
        else
            return 0;
    }
    return len > 0;
}

/* An ellipsis: two or more dots, or "…". */
static int is_ellipsis(const splitter *sp, size_t k)
{
    uint32_t len;
    const uint8_t *p = tok_text(sp, k, &len);
    if (len >= 2 && p[0] == '.' && p[1] == '.')
        return 1;
    return len >= 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xA6;
}

static const lit closers[] = {LIT(")"), LIT("]"), LIT("}"), LIT("\u201D"),
    LIT("\u2019"), LIT("\u00BB"), LIT("\""), LIT("'"), LIT("''"), {NULL, 0}};
static const lit openers[] = {LIT("("), LIT("["), LIT("{"), LIT("\u201C"),
    LIT("\u2018"), LIT("\u00AB"), LIT("\""), LIT("'"), LIT("``"), {NULL, 0}};
static const lit bullets[] = {LIT("-"), LIT("*"), LIT("\u2022"), LIT("\u2013"),
    LIT("\u2014"), LIT("--"), LIT("+"), LIT("#"), {NULL, 0}};
static const lit dashes[] = {LIT("-"), LIT("--"), LIT("\u2013"), LIT("\u2014"),
    {NULL, 0}};

/* Whether token k (and what follows) looks like the start of a sentence. */
static int starts_sentence(const splitter *sp, size_t k)
{
    for (int skip = 0; skip < 3 && k < sp->n; skip++, k++) {
        w5_uch c = first_char(sp, k);
        if (is_upper(c) || c.kind == W5_CK_DIGIT)
            return 1;
        if (is_lower(c))
            return 0;
        if (tok_is_any(sp, k, bullets))
            return 1;
        if (!tok_is_any(sp, k, openers))
            return c.kind == W5_CK_SYMBOL || c.kind == W5_CK_LETTER;
    }
    return 0;
}

/* A word token whose text is in the sentence-starter list. */
static int is_starter_word(const splitter *sp, size_t k)
{
    uint32_t len;
    const uint8_t *p = tok_text(sp, k, &len);
    return w5_text_sentence_starter((const char *)p, len);
}

/* Token k ends with a period that belongs to an abbreviation ("U.S."). */
static int is_abbrev_token(const splitter *sp, size_t k)
{
    uint32_t len;
    const uint8_t *p = tok_text(sp, k, &len);
    return len >= 2 && p[len - 1] == '.' && p[len - 2] != '.';
}

/* Whether an abbreviation token q ends the sentence before token k. */
static int abbrev_ends(const splitter *sp, size_t q, size_t k)
{
    uint32_t len;
    const uint8_t *p = tok_text(sp, q, &len);
    w5_uch c = first_char(sp, q);
    int initial = c.len + 1 == len;
    if (!initial && !memchr(p, '.', len - 1) &&
        w5_text_abbrev((const char *)p, len - 1) == W5_ABBR_TITLE)
        return 0;
    /* e.g. i.e. cf. vs. viz. introduce what follows */
    static const lit introducers[] = {LIT("e.g."), LIT("i.e."),
        LIT("E.g."), LIT("I.e."), LIT("cf."), LIT("vs."), LIT("viz."),
        {NULL, 0}};
    if (tok_is_any(sp, q, introducers))
        return 0;
    if (is_starter_word(sp, k))
        return 1;
    /* "... etc. Then": a capital after etc. */
    if (len == 4 && memcmp(p, "etc.", 4) == 0)
        return starts_sentence(sp, k);
    /* a quotation opens after "Inc." - but "Inc. (713)" goes on */
    if (!initial && k + 1 < sp->n && tok_is_any(sp, k, openers) &&
        !tok_is(sp, k, "(") && !tok_is(sp, k, "["))
        return starts_sentence(sp, k);
    return 0;
}

/* Skips back over closing marks that end a sentence with the final mark
 * before them; returns the index of the token before them. */
static size_t skip_closers(const splitter *sp, size_t p, size_t start)
{
    while (p > start) {
        /* a citation: ". [25]" */
        if (tok_is(sp, p, "]") && p >= start + 3 && tok_is(sp, p - 2, "[") &&
            first_char(sp, p - 1).kind == W5_CK_DIGIT) {
            p -= 3;
            continue;
        }
        if (!tok_is_any(sp, p, closers) || space_before(sp, p))
            break;
        p--;
    }
    return p;
}

/* A dateline at the start of a paragraph or line: up to 6 capitalised
 * words, numbers, commas or parentheses, then a spaced dash before k. */
static int after_dateline(const splitter *sp, size_t start, size_t k)
{
    const w5_tok *t = sp->doc->toks.v;
    if (k < start + 2 || k - start > 7)
        return 0;
    if (!(t[start].flags & (W5_TOKEN_PARA_START | W5_TOKEN_LINE_START)))
        return 0;
    if (!tok_is_any(sp, k - 1, dashes) || !space_before(sp, k - 1) ||
        !space_before(sp, k) || !is_upper(first_char(sp, k)))
        return 0;
    if (!is_upper(first_char(sp, start)))
        return 0;
    int parens = 0;
    for (size_t j = start; j + 1 < k; j++) {
        parens += tok_is(sp, j, "(") - tok_is(sp, j, ")");
        w5_uch c = first_char(sp, j);
        if (!(is_upper(c) || c.kind == W5_CK_DIGIT || tok_is(sp, j, ",") ||
              tok_is(sp, j, "(") || tok_is(sp, j, ")") ||
              is_abbrev_token(sp, j)))
            return 0;
    }
    return parens == 0;
}

/* A separator line: a run of 3 or more of one mark ("_____", "*****"). */
static int is_rule(const splitter *sp, size_t k)
{
    uint32_t len;
    const uint8_t *p = tok_text(sp, k, &len);
    if (len < 3 || !strchr("_=*-~#", p[0]))
        return 0;
    for (uint32_t i = 1; i < len; i++)
        if (p[i] != p[0])
            return 0;
    return 1;
}

/* A token with the given ASCII shape: digits, and `sep` between them. */
static int is_digits_with(const splitter *sp, size_t k, uint8_t sep, int nsep)
{
    uint32_t len;
    const uint8_t *p = tok_text(sp, k, &len);
    int seps = 0;
    for (uint32_t i = 0; i < len; i++) {
        if (p[i] == sep)
            seps++;
        else if (p[i] < '0' || p[i] > '9')
            return 0;
    }
    return seps >= nsep && len >= 3;
}

static int is_url_or_mail(const splitter *sp, size_t k)
{
    uint32_t len;
    const uint8_t *p = tok_text(sp, k, &len);
    if (len < 5)
        return 0;
    if (len > 7 && (same_bytes(p, "http", 4) || same_bytes(p, "www.", 4)))
        return 1;
    for (uint32_t i = 0; i < len; i++)
        if (p[i] == '@')
            return 1;
    return 0;
}

/* The timestamp of an e-mail header: "08/16/2000 12:05 PM". */
static int timestamp_end(const splitter *sp, size_t k)
{
    static const lit ampm[] = {LIT("AM"), LIT("PM"), LIT("am"), LIT("pm"),
        {NULL, 0}};
    return k >= 2 && tok_is_any(sp, k, ampm) &&
           is_digits_with(sp, k - 1, ':', 1) &&
           is_digits_with(sp, k - 2, '/', 2);
}

/* timestamp_end, asked of most gaps: the length first, without a call */
static inline int is_timestamp_end(const splitter *sp, size_t k)
{
    const w5_tok *t = &sp->doc->toks.v[k];
    return t->end - t->start == 2 && timestamp_end(sp, k);
}

/* Boundaries of e-mail and web text that have no final mark: around
 * header timestamps and separator lines, after "<address>", after a
 * sign-off ("Regards,"), after an emoticon, between two URLs. */
static int mail_boundary(const splitter *sp, size_t start, size_t k)
{
    static const lit faces[] = {LIT(":)"), LIT(":-)"), LIT(":("),
        LIT(":-("), LIT(":P"), LIT(":D"), LIT(";)"), LIT(";-)"), {NULL, 0}};
    static const lit signoffs[] = {LIT("Regards"), LIT("regards"),
        LIT("Sincerely"), LIT("Thanks"), LIT("Cheers"), LIT("Best"),
        LIT("Love"), LIT("Yours"), {NULL, 0}};
    w5_uch next = first_char(sp, k);
    if (is_rule(sp, k) || (is_rule(sp, k - 1) && !is_lower(next)))
        return 1;
    if (is_timestamp_end(sp, k - 1))
        return 1;
    if (k + 2 < sp->n && is_digits_with(sp, k, '/', 2) &&
        is_timestamp_end(sp, k + 2) && !is_lower(first_char(sp, k - 1)))
        return 1;
    if (is_lower(next))
        return 0;
    if (k >= 3 && tok_is(sp, k - 1, ">") && tok_is(sp, k - 3, "<") &&
        is_url_or_mail(sp, k - 2))
        return 1;
    if (tok_is(sp, k - 1, ",") && k >= start + 2 &&
        tok_is_any(sp, k - 2, signoffs) &&
        (k - 2 == start || k - 3 == start))
        return 1;
    if (tok_is_any(sp, k - 1, faces) &&
        (is_upper(next) || next.kind == W5_CK_DIGIT))
        return 1;
    return is_url_or_mail(sp, k) && is_url_or_mail(sp, k - 1);
}

/* Whether a line break before k ends the sentence. */
static int line_ends(const splitter *sp, size_t k)
{
    w5_uch c = first_char(sp, k);
    if (is_lower(c))
        return 0;
    static const lit run_on[] = {LIT(","), LIT("-"), LIT("&"), LIT("("),
        LIT("/"), {NULL, 0}};
    return !tok_is_any(sp, k - 1, run_on);
}

/* "1." or "*2." starting a sentence or after a colon ("my comments: 1.
 * In Section..."): a list number, not a sentence. */
static int list_number(const splitter *sp, size_t start, size_t q)
{
    if (q == start || !tok_is(sp, q, "."))
        return 0;
    size_t num = q - 1;
    if (num > start && !tok_is(sp, num - 1, ":") && !tok_is(sp, num - 1, "*") &&
        !tok_is(sp, num - 1, "("))
        return 0;
    uint32_t len;
    const uint8_t *p = tok_text(sp, num, &len);
    if (len > 2)
        return 0;
    for (uint32_t i = 0; i < len; i++)
        if (p[i] < '0' || p[i] > '9')
            return 0;
    return 1;
}

/* Whether a new sentence starts at token k (start < k). */
static int splits_before(const splitter *sp, size_t start, size_t k)
{
    const w5_tok *t = sp->doc->toks.v;
    if (t[k].flags & W5_TOKEN_PARA_START)
        return 1;
    /* The common case, a word after a word on the same line: only the
     * e-mail timestamp and URL rules can apply. */
    uint8_t last = sp->s[t[k - 1].end - 1], first = sp->s[t[k].start];
    if (!(t[k].flags & W5_TOKEN_LINE_START) &&
        ((last >= 'a' && last <= 'z') || (last >= '0' && last <= '9') ||
         (last >= 'A' && last <= 'Z')) &&
        ((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
        if (t[k - 1].end - t[k - 1].start > 4)
            return is_url_or_mail(sp, k) && is_url_or_mail(sp, k - 1);
        return is_timestamp_end(sp, k - 1) && space_before(sp, k);
    }
    if ((t[k].flags & W5_TOKEN_LINE_START) && line_ends(sp, k))
        return 1;
    if (!space_before(sp, k))
        return 0;
    /* a citation mark stays with the sentence before it: "elegies. [25]" */
    if (tok_is(sp, k, "[") && k + 2 < sp->n && tok_is(sp, k + 2, "]") &&
        first_char(sp, k + 1).kind == W5_CK_DIGIT)
        return 0;
    size_t q = skip_closers(sp, k - 1, start);
    if (is_final_mark(sp, q) && list_number(sp, start, q))
        return 0;
    /* "Fax:? 203..." - a mark glued to a colon stands for a lost space */
    if (is_final_mark(sp, q) && q > start && tok_is(sp, q - 1, ":") &&
        !space_before(sp, q))
        return 0;
    if (is_final_mark(sp, q)) {
        if (is_ellipsis(sp, q))
            return is_upper(first_char(sp, k)) || tok_is_any(sp, k, openers) ||
                   first_char(sp, k).kind == W5_CK_DIGIT
                ? starts_sentence(sp, k) : 0;
        if (q == k - 1 && is_lower(first_char(sp, k)))
            return 1; /* "... go to famoso. seriously" (web text) */
        return starts_sentence(sp, k);
    }
    if (q == k - 1 && is_abbrev_token(sp, q))
        return abbrev_ends(sp, q, k);
    return after_dateline(sp, start, k) || mail_boundary(sp, start, k);
}

int w5_text_push_sentence(w5_doc *doc, size_t begin, size_t end,
                          uint32_t *para)
{
    w5_sent s;
    s.tok_begin = (uint32_t)begin;
    s.tok_end = (uint32_t)end;
    s.start = doc->toks.v[begin].start;
    s.end = doc->toks.v[end - 1].end;
    s.para = *para;
    uint32_t index = (uint32_t)doc->sents.n;
    for (size_t k = begin; k < end; k++)
        doc->toks.v[k].sent = index;
    if (w5_vec_push(&doc->sents, s))
        return W5_ERR_NOMEM;
    /* a sentence that starts a line starts a paragraph */
    w5_tok *next = end < doc->toks.n ? &doc->toks.v[end] : NULL;
    if (next && (next->flags & (W5_TOKEN_PARA_START | W5_TOKEN_LINE_START))) {
        next->flags |= W5_TOKEN_PARA_START;
        ++*para;
    }
    return W5_OK;
}

void w5_text_mark_range(w5_doc *doc, size_t *start, size_t from, size_t to)
{
    splitter sp = {doc, (const uint8_t *)doc->text, doc->toks.n};
    w5_tok *t = doc->toks.v;
    if (from == 0 && to > 0) {
        t[0].flags |= W5_TOKEN_PARA_START | W5_TOKEN_SENT_START;
        *start = 0;
        from = 1;
    }
    for (size_t k = from; k < to; k++) {
        /* clear a flag from an earlier split only where it is set: a
         * store to every token would dirty the whole array once more */
        if (t[k].flags & W5_TOKEN_SENT_START)
            t[k].flags &= (uint8_t)~W5_TOKEN_SENT_START;
        if (!splits_before(&sp, *start, k))
            continue;
        t[k].flags |= W5_TOKEN_SENT_START;
        *start = k;
    }
}

void w5_text_mark_boundaries(w5_doc *doc)
{
    size_t start = 0;
    w5_text_mark_range(doc, &start, 0, doc->toks.n);
}

int w5_text_build_sentences(w5_doc *doc, w5_error *err)
{
    size_t n = doc->toks.n, start = 0;
    uint32_t para = 0;
    const w5_tok *t = doc->toks.v;
    doc->sents.n = 0;
    if (!n)
        return W5_OK;
    for (size_t k = 1; k < n; k++) {
        if (!(t[k].flags & W5_TOKEN_SENT_START))
            continue;
        if (w5_text_push_sentence(doc, start, k, &para))
            return w5_fail(err, W5_ERR_NOMEM, "out of memory");
        start = k;
    }
    if (w5_text_push_sentence(doc, start, n, &para))
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    return W5_OK;
}

int w5_text_split_sentences(w5_doc *doc, w5_error *err)
{
    w5_text_mark_boundaries(doc);
    return w5_text_build_sentences(doc, err);
}
