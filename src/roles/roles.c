/* roles.c - see roles.h. */
#include "roles/roles.h"

#include <string.h>

#include "coref/coref_int.h"
#include "doc/tagset.h"
#include "roles/titles.h"

enum { MAX_FOUND = 6, TITLE_MAX = 120 };

typedef struct found {
    char title[TITLE_MAX];
    int32_t aff;          /* affiliation mention, -1 */
    uint32_t b, e;        /* tokens of the role phrase */
} found;

typedef struct phrase {
    found roles[MAX_FOUND];
    int n;
    uint32_t end;         /* token where reading stopped */
} phrase;

/* Per token: the name mention starting there (non-person, non-value), -1. */
typedef struct ctx {
    w5_doc *doc;
    int32_t *aff_at;
    int ments_sorted; /* by tok_begin (coreference sorts them) */
} ctx;

/* Where to start looking for mentions that begin at token t or later:
 * sorted mentions are searched from the first such one, so that a long
 * document is not scanned whole for every apposition. */
static size_t first_ment_from(const ctx *x, uint32_t t)
{
    const w5_doc *doc = x->doc;
    size_t k = 0, hi = doc->ments.n;
    if (!x->ments_sorted)
        return 0;
    while (k < hi) {
        size_t mid = k + (hi - k) / 2;
        if (doc->ments.v[mid].tok_begin < t)
            k = mid + 1;
        else
            hi = mid;
    }
    return k;
}

/* 1 when a PERSON name other than mention mi lies within tokens [b, e). */
static int other_person_in(const ctx *x, uint32_t mi, uint32_t b, uint32_t e)
{
    const w5_doc *doc = x->doc;
    for (size_t k = first_ment_from(x, b); k < doc->ments.n; k++) {
        const w5_ment *o = &doc->ments.v[k];
        if (x->ments_sorted && o->tok_begin >= e)
            break;
        if (k != mi && o->kind == W5_MENTION_NAME && o->type == W5_E_PERSON &&
            o->tok_begin >= b && o->tok_end <= e)
            return 1;
    }
    return 0;
}

/* 1 when a person's name other than mention mi starts at token t. */
static int person_starts_at(const ctx *x, uint32_t mi, uint32_t t)
{
    const w5_doc *doc = x->doc;
    for (size_t k = first_ment_from(x, t); k < doc->ments.n; k++) {
        const w5_ment *o = &doc->ments.v[k];
        if (x->ments_sorted && o->tok_begin > t)
            break;
        if (k != mi && o->tok_begin == t && o->kind == W5_MENTION_NAME &&
            o->type == W5_E_PERSON)
            return 1;
    }
    return 0;
}

static int is_affiliation_type(int t)
{
    return t == W5_E_GPE || t == W5_E_ORG || t == W5_E_LOC || t == W5_E_NORP ||
           t == W5_E_MISC;
}

static int tok_is(const w5_doc *doc, uint32_t i, const char *w)
{
    return w5_title_tok_is(doc, i, w);
}

static int possessive(const w5_doc *doc, uint32_t i)
{
    if (i >= doc->toks.n)
        return 0;
    const w5_tok *t = &doc->toks.v[i];
    size_t n = t->end - t->start;
    const char *s = doc->text + t->start;
    return (n == 2 && s[0] == '\'' && (s[1] == 's' || s[1] == 'S')) ||
           (n == 1 && s[0] == '\'') ||
           (n == 4 && memcmp(s, "\xE2\x80\x99s", 4) == 0) ||
           (n == 3 && memcmp(s, "\xE2\x80\x99", 3) == 0);
}

static int lower_word(const w5_doc *doc, uint32_t i)
{
    const w5_tok *t = &doc->toks.v[i];
    if (t->end - t->start < 2)
        return 0;
    for (uint32_t k = t->start; k < t->end; k++) {
        char ch = doc->text[k];
        if (!(ch >= 'a' && ch <= 'z') && ch != '-')
            return 0;
    }
    return 1;
}

static void append(char *buf, const char *s, size_t n)
{
    size_t len = strlen(buf);
    if (len && len + 1 < TITLE_MAX)
        buf[len++] = ' ';
    if (len + n >= TITLE_MAX)
        n = TITLE_MAX - 1 - len;
    memcpy(buf + len, s, n);
    buf[len + n] = '\0';
}

static void append_lower_tok(const w5_doc *doc, char *buf, uint32_t i)
{
    const w5_tok *t = &doc->toks.v[i];
    char w[64];
    size_t n = t->end - t->start;
    if (n >= sizeof w)
        n = sizeof w - 1;
    for (size_t k = 0; k < n; k++) {
        char ch = doc->text[t->start + k];
        w[k] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
    }
    append(buf, w, n);
}

static int in_list(const w5_doc *doc, uint32_t i, const char *const *ws);

/* "Its finance spokeswoman, Rachel Reeves": the owner is the affiliation
 * when coreference knows who it is. */
static const char *const possessive_determiners[] = {"its", "their", "his", "her", "our", NULL};

/* Words that open no portfolio after "of"/"for": "president for ten
 * years", "minister for a decade", "head of state" stays. */
static const char *const not_portfolio[] = {
    "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "many", "several", "more", "most", "years", "months", "decades", "life", "now", NULL};

static const char *const function_words[] = {
    "of", "in", "to", "for", "and", "or", "by", "with", "as", "at", "on",
    "from", "the", "a", "an", "is", "was", "said", "says", "told", "met",
    "that", "who", "when", "his", "her", "their", "its", "our", "my", NULL};

/* 1 when tokens from k read "of|for [the] <affiliation>": what makes a
 * common word a title ("the head of the IMF"). */
static int of_affiliation(const ctx *x, uint32_t k, uint32_t limit)
{
    const w5_doc *doc = x->doc;
    if (k + 1 >= limit || !(tok_is(doc, k, "of") || tok_is(doc, k, "for")))
        return 0;
    uint32_t j = k + 1;
    if (tok_is(doc, j, "the") && j + 1 < limit)
        j++;
    int32_t a = x->aff_at[j];
    return a >= 0 && doc->ments.v[a].tok_end <= limit;
}

/* 1 when token k can introduce a title's organisation or country ("at
 * the time" reaches no name, so it adds nothing). */
static int affiliation_prep(const w5_doc *doc, uint32_t k)
{
    return tok_is(doc, k, "of") || tok_is(doc, k, "for") || tok_is(doc, k, "at") ||
           tok_is(doc, k, "with") || tok_is(doc, k, "to");
}

/* The affiliation mention right after a name ending at token k: "of
 * [the] <organisation or country>", or -1. */
static int32_t of_after(const ctx *x, uint32_t k, uint32_t limit)
{
    const w5_doc *doc = x->doc;
    if (k + 1 >= limit || !tok_is(doc, k, "of"))
        return -1;
    uint32_t j = k + 1;
    if (tok_is(doc, j, "the") && j + 1 < limit)
        j++;
    int32_t a = x->aff_at[j];
    return a >= 0 && doc->ments.v[a].tok_end <= limit ? a : -1;
}

/* Reads a role phrase from token k up to `limit`: [the|a|an] then
 * affiliations (names, possessive names), modifiers and titles, with an
 * of-complement after titles that take one. Every office title read makes
 * a role. */
/* A word of this UPOS may modify a title ("new", "acting", "deputy"):
 * not verbs, auxiliaries, prepositions, conjunctions, pronouns,
 * particles, determiners or punctuation (untagged text: any). */
static int modifier_tag(uint8_t upos)
{
    switch (upos) {
    case W5_UPOS_VERB: case W5_UPOS_AUX: case W5_UPOS_ADP: case W5_UPOS_CCONJ:
    case W5_UPOS_SCONJ: case W5_UPOS_PRON: case W5_UPOS_PART: case W5_UPOS_DET:
    case W5_UPOS_PUNCT:
        return 0;
    default:
        return 1;
    }
}

/* The affiliation mention a, or, when "-based" follows it ("a
 * London-based bank Barings"), the next affiliation within a few words
 * (-1 when none). */
static int32_t past_based(const ctx *x, int32_t a, uint32_t limit)
{
    const w5_doc *doc = x->doc;
    const w5_ment *m = &doc->ments.v[a];
    uint32_t t = m->tok_end;
    /* "-based" is looked for to the sentence's end: a phrase the parse
     * cut after the place still loses it */
    uint32_t send = doc->sents.v[m->sent].tok_end;
    if (!(t + 1 < send && tok_is(doc, t, "-") && tok_is(doc, t + 1, "based")))
        return a;
    for (uint32_t u = t + 2; u < limit && u < t + 8; u++) {
        if (tok_is(doc, u, ",") || tok_is(doc, u, "and"))
            break;
        if (x->aff_at[u] >= 0 && doc->ments.v[x->aff_at[u]].tok_end <= limit)
            return x->aff_at[u];
    }
    return -1;
}

static void read_phrase(const ctx *x, uint32_t k, uint32_t limit, phrase *out)
{
    const w5_doc *doc = x->doc;
    char mods[TITLE_MAX] = "";
    int32_t aff = -1;
    uint32_t start = k;
    out->n = 0;
    if (k < limit && (tok_is(doc, k, "the") || tok_is(doc, k, "a") || tok_is(doc, k, "an") ||
                      tok_is(doc, k, "another") ||
                      (x->aff_at[k] < 0 && in_list(doc, k, possessive_determiners)))) {
        k++;
        start = k;
    }
    while (k < limit) {
        int32_t a = x->aff_at[k];
        if (a >= 0 && doc->ments.v[a].tok_end <= limit) {
            aff = a;
            k = doc->ments.v[a].tok_end;
            if (k < limit && possessive(doc, k))
                k++;
            continue;
        }
        const w5_title *t, *tm;
        int nm, n = w5_title_match_both(doc, k, limit, &t, &nm, &tm);
        if (nm > n) {
            append(mods, tm->norm, strlen(tm->norm));
            k += (uint32_t)nm;
            continue;
        }
        if (!n) {
            /* "the city's mayor", "the party's leader": a common noun's
             * possessive before the title */
            if (lower_word(doc, k) && k + 2 < limit && doc->toks.v[k].upos == W5_UPOS_NOUN &&
                possessive(doc, k + 1)) {
                k += 2;
                continue;
            }
            /* an adjective before a title: "the new director" (not a
             * preposition: "an inquiry into President Trump") */
            const w5_title *t2;
            if (lower_word(doc, k) && k + 1 < limit && modifier_tag(doc->toks.v[k].upos) &&
                w5_title_match(doc, k + 1, limit, 0, &t2) &&
                !(t2->flags & W5_TITLE_HONORIFIC) && !in_list(doc, k, function_words)) {
                k++;
                continue;
            }
            break;
        }
        uint32_t tb = k;
        k += (uint32_t)n;
        if (t->flags & W5_TITLE_HONORIFIC)
            continue;
        if (out->n == MAX_FOUND)
            break;
        /* "the major difference", "in general": common words that are
         * titles only when capitalised, when nothing else marks them */
        if ((t->flags & W5_TITLE_CAP) && !mods[0] && aff < 0 &&
            !(doc->text[doc->toks.v[tb].start] >= 'A' && doc->text[doc->toks.v[tb].start] <= 'Z') &&
            !of_affiliation(x, k, limit))
            break;
        found *f = &out->roles[out->n++];
        f->title[0] = '\0';
        append(f->title, mods, strlen(mods));
        append(f->title, t->norm, strlen(t->norm));
        mods[0] = '\0';
        f->aff = aff;
        f->b = start < tb ? start : tb;
        /* "minister of defence", "president of France"; any title takes
         * its organisation after of, for, at, with ("a spokeswoman for
         * the ministry", "a doctor at St Mary's") */
        if (k + 1 < limit && affiliation_prep(doc, k)) {
            uint32_t j = k + 1;
            if (tok_is(doc, j, "the") && j + 1 < limit)
                j++;
            int32_t a2 = x->aff_at[j];
            /* "an aide to the ex-Labour leader" serves a person */
            const w5_title *t2;
            if (a2 >= 0 && tok_is(doc, k, "to") &&
                w5_title_match(doc, doc->ments.v[a2].tok_end, limit, 0, &t2))
                a2 = -1;
            /* "director of Sheffield-based consulting group MEPS": the
             * place qualifies the organisation named after it */
            if (a2 >= 0)
                a2 = past_based(x, a2, limit);
            if (a2 >= 0 && doc->ments.v[a2].tok_end <= limit) {
                if (f->aff < 0)
                    f->aff = a2;
                k = doc->ments.v[a2].tok_end;
                /* "the International Monetary Fund (IMF)": the acronym
                 * in brackets belongs to the affiliation */
                if (k + 2 < limit && tok_is(doc, k, "(") && tok_is(doc, k + 2, ")"))
                    k += 3;
            } else if ((t->flags & W5_TITLE_TAKES_OF) && lower_word(doc, k + 1) &&
                       (tok_is(doc, k, "of") || tok_is(doc, k, "for")) &&
                       !in_list(doc, k + 1, not_portfolio)) {
                uint32_t w = k + 1;
                char ext[TITLE_MAX] = "";
                append_lower_tok(doc, ext, k);
                int words = 0;
                while (w < limit && words < 3 && lower_word(doc, w) && !tok_is(doc, w, "the") &&
                       !tok_is(doc, w, "and") && !tok_is(doc, w, "in") && !tok_is(doc, w, "on")) {
                    append_lower_tok(doc, ext, w);
                    w++;
                    words++;
                }
                if (words) {
                    append(f->title, ext, strlen(ext));
                    k = w;
                }
            }
        }
        f->e = k;
        start = k;
        /* "Pakistani army chief Gen Ashfaq Kayani": the next title has
         * the affiliation only if it names it again */
        aff = -1;
    }
    /* an affiliation right after: "the US ambassador to NATO" keeps US */
    out->end = k;
}

/* 1 when `part` is a whole-word part of `whole` ("minister" in
 * "minister of defence", "official" in "senior official"). */
static int word_within(const char *whole, const char *part)
{
    size_t n = strlen(part);
    for (const char *p = strstr(whole, part); p; p = strstr(p + 1, part))
        if ((p == whole || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return 1;
    return 0;
}

static int push_role(w5_doc *doc, int32_t entity, uint32_t ment, const found *f,
                     int kind)
{
    w5_rol r;
    memset(&r, 0, sizeof r);
    r.entity = entity;
    r.ment = ment;
    r.kind = (uint8_t)kind;
    r.affiliation = -1;
    uint32_t b = f->b, e = f->e;
    if (f->aff >= 0) {
        const w5_ment *a = &doc->ments.v[f->aff];
        if (a->tok_begin < b)
            b = a->tok_begin;
        if (a->tok_end > e)
            e = a->tok_end;
        r.affiliation = a->entity;
        if (a->kind == W5_MENTION_PRONOUN && a->entity >= 0) {
            r.affiliation_name = doc->ents.v[a->entity].name;  /* not "its" */
        } else {
            int rc = w5_doc_pool_span(doc, a->start, a->end, &r.affiliation_name);
            if (rc)
                return rc;
        }
    }
    r.start = doc->toks.v[b].start;
    r.end = doc->toks.v[e - 1].end;
    /* one role per entity and office: "minister" after "minister of
     * defence" adds nothing; a stated affiliation fills in a missing one */
    for (size_t i = 0; i < doc->roles.n; i++) {
        w5_rol *o = &doc->roles.v[i];
        if (entity < 0 || o->entity != entity)
            continue;
        const char *ot = w5_strpool_get(&doc->pool, o->title);
        int same = strcmp(ot, f->title) == 0;
        if (!same && !word_within(ot, f->title))
            continue;
        if (o->affiliation == r.affiliation || r.affiliation < 0)
            return 0;
        if (o->affiliation < 0 && same) {
            o->affiliation = r.affiliation;
            o->affiliation_name = r.affiliation_name;
            return 0;
        }
    }
    int rc = w5_strpool_add(&doc->pool, f->title, strlen(f->title), &r.title);
    if (rc)
        return rc;
    return w5_vec_push(&doc->roles, r);
}

static int push_all(w5_doc *doc, const w5_ment *m, uint32_t mi, const phrase *p,
                    int kind)
{
    for (int k = 0; k < p->n; k++) {
        int rc = push_role(doc, m->entity, mi, &p->roles[k], kind);
        if (rc)
            return rc;
    }
    return 0;
}

static int starts_person(const w5_doc *doc, uint32_t t)
{
    for (size_t i = 0; i < doc->ments.n; i++)
        if (doc->ments.v[i].tok_begin == t && doc->ments.v[i].type == W5_E_PERSON &&
            doc->ments.v[i].kind == W5_MENTION_NAME)
            return 1;
    return 0;
}

/* A role phrase read after "Name," must end where an apposition ends:
 * punctuation, the sentence end or a prepositional tail; "Johnson, the
 * Queen suspended parliament" is no apposition. */
static int phrase_ends(const w5_doc *doc, uint32_t k, uint32_t send)
{
    static const char *const tails[] = {"of", "for", "in", "at", "to", "on", "from",
                                        "since", "and", "who", "whose", "with", NULL};
    if (k >= send)
        return 1;
    char ch = doc->text[doc->toks.v[k].start];
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')))
        return 1;
    for (const char *const *t = tails; *t; t++)
        if (tok_is(doc, k, *t))
            return 1;
    return 0;
}

static const char *const copulas[] = {"is", "was", "became", "becomes",
                                      "remains", "remained", NULL};

static int in_list(const w5_doc *doc, uint32_t i, const char *const *ws)
{
    for (; *ws; ws++)
        if (tok_is(doc, i, *ws))
            return 1;
    return 0;
}

/* 1 when token t lies in the subtree of token root (same sentence). */
static int dominated_by(const w5_doc *doc, uint32_t t, uint32_t root)
{
    for (int guard = 0; guard < 64; guard++) {
        if (t == root)
            return 1;
        int32_t h = doc->toks.v[t].head;
        if (h < 0 || (size_t)h >= doc->toks.n)
            return 0;
        t = (uint32_t)h;
    }
    return 0;
}

/* With a parse: appositions the token patterns miss ("Khan, 62, the
 * minister of defence"): an appos dependent of the name's head, read as
 * a role phrase over its subtree. */
/* Appositions are looked for across the sentence for every person named
 * in it: a "sentence" of thousands of tokens (a list, a file without full
 * stops) has no parse worth reading and would be quadratic, as in the
 * quotes and events stages. */
enum { APPOS_MAX_SENT = 400 };

static int parse_appositions(const ctx *x, uint32_t mi)
{
    w5_doc *doc = x->doc;
    if (!(doc->stages & W5_STAGE_PARSE))
        return 0;
    const w5_ment *m = &doc->ments.v[mi];
    const w5_sent *s = &doc->sents.v[m->sent];
    if (s->tok_end - s->tok_begin > APPOS_MAX_SENT)
        return 0;
    int appos = W5_DEP_APPOS;
    for (uint32_t t = s->tok_begin; t < s->tok_end; t++) {
        if (doc->toks.v[t].head != (int32_t)m->head_tok || doc->toks.v[t].deprel != appos ||
            (t >= m->tok_begin && t < m->tok_end))
            continue;
        uint32_t b = t, e = t + 1;
        for (uint32_t u = s->tok_begin; u < s->tok_end; u++)
            if (dominated_by(doc, u, t)) {
                if (u < b)
                    b = u;
                if (u + 1 > e)
                    e = u + 1;
            }
        while (b < e && (doc->text[doc->toks.v[b].start] == ',' ||
                         (doc->toks.v[b].end - doc->toks.v[b].start == 2 &&
                          doc->text[doc->toks.v[b].start] >= '0' &&
                          doc->text[doc->toks.v[b].start] <= '9')))
            b++;
        /* an "apposition" holding another person's name is that
         * person's phrase ("Kerry, Afghan President Hamid Karzai") */
        int other_person = other_person_in(x, mi, b, e);
        /* ... also when the parse cut that name off the phrase: a person's
         * name right after it takes the phrase as its premodifier */
        if (e < s->tok_end && person_starts_at(x, mi, e))
            other_person = 1;
        phrase p;
        read_phrase(x, b, e, &p);
        if (p.n && !other_person) {
            int rc = push_all(doc, m, mi, &p, W5_ROLE_APPOSITION);
            if (rc)
                return rc;
        }
    }
    return 0;
}

/* 1 when tokens t, t+1 read "served as", "serves as", "serving as": a
 * title follows ("Ruto, who served as deputy president"). */
static int served_as(const w5_doc *doc, uint32_t t, uint32_t end)
{
    return t + 2 < end && tok_is(doc, t + 1, "as") &&
           (tok_is(doc, t, "served") || tok_is(doc, t, "serves") || tok_is(doc, t, "serving") ||
            tok_is(doc, t, "worked") || tok_is(doc, t, "works"));
}

static int roles_of_person(const ctx *x, uint32_t mi)
{
    w5_doc *doc = x->doc;
    const w5_ment *m = &doc->ments.v[mi];
    const w5_sent *s = &doc->sents.v[m->sent];
    phrase p;
    int rc;
    if (m->kind == W5_MENTION_NAME) {
        uint32_t nb, ne;
        w5_coref_name_span(doc, m, &nb, &ne);
        /* premodifier: the longest phrase ending exactly at the name */
        uint32_t lo = nb > s->tok_begin + 10 ? nb - 10 : s->tok_begin;
        for (uint32_t j = lo; j < nb; j++) {
            read_phrase(x, j, nb, &p);
            if (p.end == nb && p.n) {
                if ((rc = push_all(doc, m, mi, &p, W5_ROLE_PREMODIFIER)))
                    return rc;
                /* "MP Yvette Cooper of the Labour Party": the party is
                 * the affiliation the title lacked */
                int32_t a = of_after(x, ne, s->tok_end);
                for (int r = 0; r < p.n && a >= 0; r++) {
                    if (p.roles[r].aff >= 0)
                        continue;
                    p.roles[r].aff = a;
                    if ((rc = push_role(doc, m->entity, mi, &p.roles[r], W5_ROLE_PREMODIFIER)))
                        return rc;
                }
                break;
            }
        }
        /* apposition before: "Pakistan's foreign secretary, Jalil Jilani" */
        if (m->tok_begin >= s->tok_begin + 2 && tok_is(doc, m->tok_begin - 1, ",")) {
            uint32_t end = m->tok_begin - 1;
            uint32_t lo2 = end > s->tok_begin + 14 ? end - 14 : s->tok_begin;
            for (uint32_t j = lo2; j < end; j++) {
                /* the phrase opens the sentence, follows a comma or is a
                 * noun phrase of its own ("met with the head of ...") */
                if (j > s->tok_begin && !tok_is(doc, j - 1, ",") && j != lo2 &&
                    !tok_is(doc, j, "the") && !tok_is(doc, j, "a") && !tok_is(doc, j, "an") &&
                    !tok_is(doc, j, "another") &&
                    !in_list(doc, j, possessive_determiners))
                    continue;
                read_phrase(x, j, end, &p);
                if (p.end == end && p.n) {
                    if ((rc = push_all(doc, m, mi, &p, W5_ROLE_APPOSITION)))
                        return rc;
                    break;
                }
            }
        }
    }
    if (m->kind == W5_MENTION_NAME && (rc = parse_appositions(x, mi)))
        return rc;
    uint32_t k = m->tok_end;
    if (m->kind == W5_MENTION_NAME && k + 1 < s->tok_end && tok_is(doc, k, ",")) {
        read_phrase(x, k + 1, s->tok_end, &p);
        /* "Invited by Kerry, Afghan President Hamid Karzai": that phrase
         * belongs to the name after it */
        if (p.n && !starts_person(doc, p.end) && phrase_ends(doc, p.end, s->tok_end) &&
            (rc = push_all(doc, m, mi, &p, W5_ROLE_APPOSITION)))
            return rc;
    }
    /* "X, who is the ...", "X who had been Tonga's prime minister" */
    uint32_t w = k + (k < s->tok_end && tok_is(doc, k, ","));
    if (m->kind == W5_MENTION_NAME && w + 2 < s->tok_end && tok_is(doc, w, "who")) {
        uint32_t v2 = w + 1;
        if ((tok_is(doc, v2, "has") || tok_is(doc, v2, "had")) && tok_is(doc, v2 + 1, "been"))
            v2 += 2;
        else if (in_list(doc, v2, copulas))
            v2++;
        else if (served_as(doc, v2, s->tok_end))
            v2 += 2;
        else
            v2 = 0;
        if (v2 && v2 < s->tok_end) {
            read_phrase(x, v2, s->tok_end, &p);
            if (p.n && p.roles[0].b <= v2 + 3 && (rc = push_all(doc, m, mi, &p, W5_ROLE_COPULA)))
                return rc;
        }
    }
    /* copula: "Khan is the minister of defence", "he has been the ..." */
    uint32_t v = k;
    /* "Its chief executive, Lars Eide, is a former adviser" */
    if (v + 1 < s->tok_end && tok_is(doc, v, ",") && in_list(doc, v + 1, copulas))
        v++;
    if (v + 1 < s->tok_end && tok_is(doc, v, "has") && tok_is(doc, v + 1, "been"))
        v++;
    if (served_as(doc, v, s->tok_end))
        v++;                                /* read from "as" */
    if (v + 1 < s->tok_end && (in_list(doc, v, copulas) || tok_is(doc, v, "been") ||
                               tok_is(doc, v, "as"))) {
        read_phrase(x, v + 1, s->tok_end, &p);
        if (p.n && p.roles[0].b <= v + 3 &&
            (rc = push_all(doc, m, mi, &p, W5_ROLE_COPULA)))
            return rc;
    }
    return 0;
}

/* "Afghan leaders", "US officials" (a nominal made by coref): office
 * holders named by the plural of a title, of the people or country that
 * opens the mention. */
static int plural_office(const ctx *x, const w5_ment *m, uint32_t mi, int32_t owner)
{
    w5_doc *doc = x->doc;
    uint32_t t = m->tok_end - 1;
    if (!doc->toks.v[t].lemma)
        return 0;
    const char *lemma = w5_strpool_get(&doc->pool, doc->toks.v[t].lemma);
    const w5_title *title = w5_title_word(lemma, strlen(lemma));
    if (!title || (title->flags & (W5_TITLE_MODIFIER | W5_TITLE_ORG | W5_TITLE_HONORIFIC)))
        return 0;
    found f;
    memset(&f, 0, sizeof f);
    append(f.title, title->norm, strlen(title->norm));
    f.aff = owner;
    f.b = m->tok_begin;
    f.e = m->tok_end;
    return push_role(doc, m->entity, mi, &f, W5_ROLE_PREMODIFIER);
}

/* "Karzai's spokesman" (a nominal made by coref): the role of whoever it
 * stands for, affiliated to the owner; "the US ambassador": a description's
 * own title. */
static int roles_of_nominal(const ctx *x, uint32_t mi)
{
    w5_doc *doc = x->doc;
    const w5_ment *m = &doc->ments.v[mi];
    phrase p;
    uint32_t b = m->tok_begin;
    int kind = W5_ROLE_PREMODIFIER;
    int32_t owner = -1;
    if (!tok_is(doc, b, "the")) {
        /* the owner is the name mention the nominal starts with */
        for (uint32_t j = mi + 1; j < doc->ments.n && doc->ments.v[j].tok_begin == b; j++)
            if (doc->ments.v[j].kind == W5_MENTION_NAME) {
                owner = (int32_t)j;
                break;
            }
        if (owner < 0)
            return 0;
        b = doc->ments.v[owner].tok_end;
        if (possessive(doc, b))
            b++;
        kind = W5_ROLE_POSSESSIVE;
    }
    read_phrase(x, b, m->tok_end, &p);
    if ((!p.n || p.end != m->tok_end) && owner >= 0 && b + 1 == m->tok_end)
        return plural_office(x, m, mi, owner);
    if (!p.n || p.end != m->tok_end)
        return 0;
    if (owner >= 0)
        for (int k = 0; k < p.n; k++) {
            p.roles[k].aff = owner;
            p.roles[k].b = doc->ments.v[owner].tok_begin;
        }
    return push_all(doc, m, mi, &p, kind);
}

int w5_roles_run(w5_doc *doc, w5_error *err)
{
    if (!doc)
        return w5_fail(err, W5_ERR_INVALID, "w5_roles_run: doc is NULL");
    doc->roles.n = 0;
    size_t nt = doc->toks.n;
    ctx x = {doc, malloc((nt ? nt : 1) * sizeof(int32_t)), 1};
    if (!x.aff_at)
        return w5_fail(err, W5_ERR_NOMEM, "roles: out of memory");
    for (size_t i = 1; i < doc->ments.n; i++)
        if (doc->ments.v[i - 1].tok_begin > doc->ments.v[i].tok_begin)
            x.ments_sorted = 0;
    for (size_t i = 0; i < nt; i++)
        x.aff_at[i] = -1;
    for (size_t i = 0; i < doc->ments.n; i++) {
        const w5_ment *m = &doc->ments.v[i];
        if (m->kind == W5_MENTION_NAME && is_affiliation_type(m->type) &&
            m->tok_begin < nt && x.aff_at[m->tok_begin] < 0)
            x.aff_at[m->tok_begin] = (int32_t)i;
        /* "its chief executive": the organisation "its" stands for */
        if (m->kind == W5_MENTION_PRONOUN && m->entity >= 0 &&
            (size_t)m->entity < doc->ents.n && m->tok_begin < nt &&
            (tok_is(doc, m->tok_begin, "its") || tok_is(doc, m->tok_begin, "their")) &&
            is_affiliation_type(doc->ents.v[m->entity].type) &&
            doc->ents.v[m->entity].type != W5_E_NORP)
            x.aff_at[m->tok_begin] = (int32_t)i;
    }
    int rc = 0;
    for (uint32_t i = 0; i < doc->ments.n && !rc; i++) {
        const w5_ment *m = &doc->ments.v[i];
        if (m->type != W5_E_PERSON || m->entity < 0 || (size_t)m->entity >= doc->ents.n ||
            m->sent >= doc->sents.n || m->tok_end > nt || m->tok_begin >= m->tok_end)
            continue;
        if (m->kind == W5_MENTION_NAME || m->kind == W5_MENTION_PRONOUN)
            rc = roles_of_person(&x, i);
    }
    for (uint32_t i = 0; i < doc->ments.n && !rc; i++) {
        const w5_ment *m = &doc->ments.v[i];
        if (m->type == W5_E_PERSON && m->kind == W5_MENTION_NOMINAL && m->entity >= 0 &&
            (size_t)m->entity < doc->ents.n && m->sent < doc->sents.n && m->tok_end <= nt &&
            m->tok_begin < m->tok_end)
            rc = roles_of_nominal(&x, i);
    }
    free(x.aff_at);
    if (rc)
        return w5_fail(err, rc, "roles: out of memory");
    doc->stages |= W5_STAGE_ROLES;
    return W5_OK;
}
