/*
 * events.c - codes events from verbs, the parse and the entities (see
 * events.h for the method).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/tagset.h"
#include "events/events.h"
#include "time/time.h"

enum { MAX_PARTS = 16, KEY_MAX = 256 };

/* Lower-cased text of token i into buf. */
static void token_lower(const w5_doc *doc, uint32_t i, char *buf, size_t cap)
{
    const w5_tok *t = &doc->toks.v[i];
    size_t n = t->end - t->start, k = 0;
    for (size_t j = 0; j < n && k + 1 < cap; j++)
        buf[k++] = (char)tolower((unsigned char)doc->text[t->start + j]);
    buf[k] = '\0';
}

/* Appends s to the string in buf (cap bytes), cut to fit: what
 * snprintf(buf + len, cap - len, "%s", s) did, without the format
 * parsing (keys are built for every verb and dependent). */
static void append_str(char *buf, size_t cap, const char *s)
{
    size_t len = strlen(buf), n = strlen(s);
    if (len + n >= cap)
        n = cap - 1 - len;
    memcpy(buf + len, s, n);
    buf[len + n] = '\0';
}

/* Copies s after the len bytes in buf, as far as cap - 1; the new length. */
static size_t put_str(char *buf, size_t cap, size_t len, const char *s)
{
    while (*s && len + 1 < cap)
        buf[len++] = *s++;
    return len;
}

/* The key prefix a b c ... (up to three parts with their separators),
 * cut to cap - 1 bytes. */
static void make_key(char *key, size_t cap, const char *prefix, const char *a,
                     const char *sep, const char *b, const char *sep2,
                     const char *c)
{
    size_t len = put_str(key, cap, 0, prefix);
    len = put_str(key, cap, len, a);
    if (sep) {
        len = put_str(key, cap, len, sep);
        len = put_str(key, cap, len, b);
    }
    if (sep2) {
        len = put_str(key, cap, len, sep2);
        len = put_str(key, cap, len, c);
    }
    key[len] = '\0';
}

/* The lemma of token i (the tagger's, else the dictionary's, else the
 * lower-cased form). */
static void token_lemma(const w5_events_model *m, const w5_doc *doc, uint32_t i,
                        char *buf, size_t cap)
{
    const w5_tok *t = &doc->toks.v[i];
    buf[0] = '\0';
    if (t->lemma) {
        append_str(buf, cap, w5_strpool_get(&doc->pool, t->lemma));
        for (char *p = buf; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        return;
    }
    char form[KEY_MAX], key[KEY_MAX + 4];
    token_lower(doc, i, form, sizeof form);
    make_key(key, sizeof key, "l:", form, NULL, NULL, NULL, NULL);
    const char *lemma = w5_events_lookup(m, key);
    append_str(buf, cap, lemma ? lemma : form);
}

/* (The first letters are compared before strcmp: these run for every
 * dependent of every verb, and most differ there.) */
static int rel_is(const w5_doc *doc, uint32_t i, const char *name)
{
    uint8_t r = doc->toks.v[i].deprel;
    return r && r < W5_DEPREL_COUNT && w5_deprel_names[r][0] == name[0] &&
           strcmp(w5_deprel_names[r], name) == 0;
}

static int is_verb(const w5_doc *doc, uint32_t i)
{
    return doc->toks.v[i].upos == W5_UPOS_VERB;
}

/* The preposition (case child) of token i, lower-cased, or "". */
static void case_of(const w5_doc *doc, const w5_sent *s, uint32_t i, char *buf,
                    size_t cap)
{
    buf[0] = '\0';
    for (uint32_t j = s->tok_begin; j < s->tok_end; j++)
        if (doc->toks.v[j].head == (int32_t)i && rel_is(doc, j, "case")) {
            token_lower(doc, j, buf, cap);
            return;
        }
}

/* Where to look for mentions and times, worked out once per run so that
 * the per-argument look-ups read a slice instead of every mention of the
 * document (which made one long document quadratic). Coreference leaves
 * mentions sorted by start; when they (or the times) are not in order,
 * the slices are the whole list and the answers stay the same. */
typedef struct mindex {
    int ments_sorted;  /* tok_begin and sent never decrease */
    int times_sorted;  /* start never decreases */
    uint32_t max_len;  /* the longest mention, in tokens */
} mindex;

static void mindex_init(const w5_doc *doc, mindex *ix)
{
    ix->ments_sorted = 1;
    ix->times_sorted = 1;
    ix->max_len = 0;
    for (size_t k = 0; k < doc->ments.n; k++) {
        const w5_ment *m = &doc->ments.v[k];
        if (m->tok_end > m->tok_begin && m->tok_end - m->tok_begin > ix->max_len)
            ix->max_len = m->tok_end - m->tok_begin;
        if (k && (m[-1].tok_begin > m->tok_begin || m[-1].sent > m->sent))
            ix->ments_sorted = 0;
    }
    for (size_t k = 1; k < doc->times.n; k++)
        if (doc->times.v[k - 1].start > doc->times.v[k].start)
            ix->times_sorted = 0;
}

/* The first mention whose tok_begin (by_sent 0) or sent (1) is >= v. */
static size_t ments_lower_bound(const w5_doc *doc, int by_sent, uint32_t v)
{
    size_t lo = 0, hi = doc->ments.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const w5_ment *m = &doc->ments.v[mid];
        if ((by_sent ? m->sent : m->tok_begin) < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The mentions [*b, *e) that can hold token i. */
static void ments_around(const w5_doc *doc, const mindex *ix, uint32_t i,
                         size_t *b, size_t *e)
{
    *b = 0;
    *e = doc->ments.n;
    if (!ix->ments_sorted)
        return;
    /* one holding i starts at most max_len - 1 tokens before it */
    uint32_t first = i >= ix->max_len ? i - ix->max_len + 1 : 0;
    *b = ments_lower_bound(doc, 0, first);
    *e = i < UINT32_MAX ? ments_lower_bound(doc, 0, i + 1) : doc->ments.n;
}

/* The mentions [*b, *e) that can be in sentence `sent`. */
static void ments_of_sent(const w5_doc *doc, const mindex *ix, uint32_t sent,
                          size_t *b, size_t *e)
{
    *b = 0;
    *e = doc->ments.n;
    if (!ix->ments_sorted)
        return;
    *b = ments_lower_bound(doc, 1, sent);
    *e = sent < UINT32_MAX ? ments_lower_bound(doc, 1, sent + 1) : doc->ments.n;
}

/* The entity of the mention that token i heads or lies in (named and
 * pronoun mentions first), or -1. */
static int32_t entity_at(const w5_doc *doc, const mindex *ix, uint32_t i)
{
    int32_t inside = -1;
    size_t b, e;
    ments_around(doc, ix, i, &b, &e);
    for (size_t k = b; k < e; k++) {
        const w5_ment *m = &doc->ments.v[k];
        if (m->entity < 0 || i < m->tok_begin || i >= m->tok_end)
            continue;
        if (m->type >= W5_E_DATE)
            continue;
        if (m->head_tok == i || m->tok_end - m->tok_begin == 1)
            return m->entity;
        inside = m->entity;
    }
    return inside;
}

/* 1 when token i lies in a people's name ("Russian", "Afghan"). */
static int demonym_at(const w5_doc *doc, const mindex *ix, uint32_t i)
{
    size_t b, e;
    ments_around(doc, ix, i, &b, &e);
    for (size_t k = b; k < e; k++) {
        const w5_ment *m = &doc->ments.v[k];
        if (i >= m->tok_begin && i < m->tok_end && m->type == W5_E_NORP)
            return 1;
    }
    return 0;
}

/* 1 when token i lies in the subtree of token root (heads followed). */
static int in_subtree(const w5_doc *doc, uint32_t i, uint32_t root)
{
    for (int depth = 0; depth < 256; depth++) {
        if (i == root)
            return 1;
        int32_t h = doc->toks.v[i].head;
        if (h < 0)
            return 0;
        i = (uint32_t)h;
    }
    return 0;
}

/* 1 when nominal modifier i is a place phrase: "in Manchester", "at the
 * border". */
static int locative_nmod(const w5_doc *doc, uint32_t i)
{
    /* the preposition comes a few words before its noun: look there only
     * (this runs for every name in every argument) */
    const w5_sent *s = &doc->sents.v[doc->toks.v[i].sent];
    char prep[KEY_MAX] = "";
    for (uint32_t j = i; j-- > s->tok_begin && j + 6 > i;)
        if (doc->toks.v[j].head == (int32_t)i && rel_is(doc, j, "case")) {
            token_lower(doc, j, prep, sizeof prep);
            break;
        }
    return !strcmp(prep, "in") || !strcmp(prep, "at") || !strcmp(prep, "near") ||
           !strcmp(prep, "inside") || !strcmp(prep, "outside") || !strcmp(prep, "across");
}

/* How many arcs lead from token i up to `root` inside one noun phrase
 * (through appositions, flat names, compounds and modifiers, not through
 * clauses), or -1 when i is not in that phrase. */
static int phrase_depth(const w5_doc *doc, uint32_t i, uint32_t root, int where)
{
    int cost = 0;
    for (int arcs = 0; arcs < 4; arcs++) {
        if (i == root)
            return cost;
        if (rel_is(doc, i, "acl") || rel_is(doc, i, "acl:relcl") ||
            rel_is(doc, i, "advcl") || rel_is(doc, i, "ccomp") || rel_is(doc, i, "conj"))
            return -1;
        /* "a man in Manchester": where someone is does not name them
         * (but "at a factory in Derby" is where) */
        if (!where && rel_is(doc, i, "nmod") && locative_nmod(doc, i))
            return -1;
        /* a modifier ("US" in "US Secretary") names the head less than
         * an apposition or a flat name does */
        int modifier = rel_is(doc, i, "compound") || rel_is(doc, i, "amod") ||
                       rel_is(doc, i, "nmod") || rel_is(doc, i, "nmod:poss");
        cost += modifier ? 2 : 1;
        int32_t h = doc->toks.v[i].head;
        if (h < 0)
            return -1;
        i = (uint32_t)h;
    }
    return -1;
}

/* The entity an argument token names: the mention it lies in, else the
 * closest named mention inside its phrase ("Secretary ... John F Kerry"
 * -> Kerry through the apposition), or -1. A place phrase inside ("a man
 * in Manchester") counts only when `where` is asked ("at a factory in
 * Derby"). */
static int32_t argument_entity(const w5_doc *doc, const mindex *ix, uint32_t arg, int where)
{
    int32_t e = entity_at(doc, ix, arg);
    /* a people's name heading the phrase is a parse slip when a name
     * hangs below it: "Russian President Vladimir Putin" with "Russian"
     * for head still names Putin */
    if (e >= 0 && !demonym_at(doc, ix, arg))
        return e;
    int32_t demonym = e;
    e = -1;
    int best_depth = 99;
    size_t kb, ke;
    ments_of_sent(doc, ix, doc->toks.v[arg].sent, &kb, &ke);
    for (size_t k = kb; k < ke; k++) {
        const w5_ment *m = &doc->ments.v[k];
        if (m->entity < 0 || m->type >= W5_E_DATE || m->type == W5_E_NORP ||
            m->sent != doc->toks.v[arg].sent || m->kind != W5_MENTION_NAME)
            continue;
        int depth = phrase_depth(doc, m->head_tok < doc->toks.n ? m->head_tok : m->tok_begin, arg,
                                 where);
        /* a tie goes to the later name: English puts the name after its
         * modifiers ("US Secretary of State John F Kerry") */
        if (depth > 0 && depth <= best_depth) {
            best_depth = depth;
            e = m->entity;
        }
    }
    return e >= 0 ? e : demonym;
}

typedef struct parts {
    int32_t ids[MAX_PARTS];
    size_t n;
} parts;

static void parts_add(parts *p, int32_t entity)
{
    if (entity < 0)
        return;
    for (size_t i = 0; i < p->n; i++)
        if (p->ids[i] == entity)
            return;
    if (p->n < MAX_PARTS)
        p->ids[p->n++] = entity;
}

/* The entities an argument token stands for: its own, its conjuncts', and
 * for a common noun the nationalities modifying it ("Afghan leaders"). */
static int32_t argument_entities(const w5_doc *doc, const mindex *ix,
                                 const w5_sent *s, uint32_t arg, parts *all)
{
    int32_t first = argument_entity(doc, ix, arg, 0);
    parts_add(all, first);
    for (uint32_t j = s->tok_begin; j < s->tok_end; j++) {
        const w5_tok *t = &doc->toks.v[j];
        if (t->head == (int32_t)arg && rel_is(doc, j, "conj")) {
            int32_t e = argument_entity(doc, ix, j, 0);
            parts_add(all, e);
            if (first < 0)
                first = e;
        }
    }
    if (first >= 0)
        return first;
    /* "Afghan and Pakistani leaders": NORP modifiers in the subtree. */
    size_t kb, ke;
    ments_of_sent(doc, ix, doc->toks.v[arg].sent, &kb, &ke);
    for (size_t k = kb; k < ke; k++) {
        const w5_ment *m = &doc->ments.v[k];
        if (m->type != W5_E_NORP || m->entity < 0 || m->sent != doc->toks.v[arg].sent)
            continue;
        if (m->tok_begin >= s->tok_begin && m->tok_begin < arg &&
            in_subtree(doc, m->tok_begin, arg)) {
            parts_add(all, m->entity);
            if (first < 0)
                first = m->entity;
        }
    }
    return first;
}

/* 1 when token i is lower-cased `word`. */
static int word_is(const w5_doc *doc, uint32_t i, const char *word)
{
    const w5_tok *t = &doc->toks.v[i];
    size_t n = strlen(word);
    if (t->end - t->start != n)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (tolower((unsigned char)doc->text[t->start + k]) != word[k])
            return 0;
    return 1;
}

/* "attended the talks along with Douglas Lute ... and David Pearce",
 * "together with", "alongside": the names after such a phrase in verb v's
 * clause take part in its event. Read from the words, as the parse often
 * breaks there: the first name after the phrase and the names of its type
 * that a comma or "and" joins to it, up to the next verb. */
static void along_with(const w5_doc *doc, const mindex *ix, const w5_sent *s,
                       uint32_t v, parts *all)
{
    uint32_t p = 0;
    for (uint32_t j = v + 1; j < s->tok_end && !p; j++) {
        if (is_verb(doc, j))
            return;
        if (word_is(doc, j, "alongside"))
            p = j + 1;
        else if (j + 1 < s->tok_end && word_is(doc, j + 1, "with") &&
                 (word_is(doc, j, "along") || word_is(doc, j, "together")))
            p = j + 2;
    }
    if (!p)
        return;
    size_t kb, ke;
    ments_of_sent(doc, ix, (uint32_t)(s - doc->sents.v), &kb, &ke);
    int type = -1;
    uint32_t end = s->tok_end;
    for (uint32_t j = p; j < s->tok_end; j++)
        if (is_verb(doc, j) || word_is(doc, j, ";")) {
            end = j;
            break;
        }
    for (size_t k = kb; k < ke; k++) {
        const w5_ment *m = &doc->ments.v[k];
        if (m->tok_begin < p || m->tok_begin >= end || m->entity < 0 ||
            m->kind != W5_MENTION_NAME || m->type >= W5_E_DATE)
            continue;
        if (type < 0) {
            if (m->tok_begin > p + 1) /* "along with the head of X": X is no one's company */
                return;
            type = m->type;
            parts_add(all, m->entity);
        } else if (m->type == type && m->tok_begin > 0 &&
                   (word_is(doc, m->tok_begin - 1, "and") ||
                    word_is(doc, m->tok_begin - 1, ","))) {
            parts_add(all, m->entity);
        }
    }
}

/* The dateline place: a LOC/GPE name opening the document followed by a
 * dash ("Brussels - ..."), or -1. */
static int32_t dateline_place(const w5_doc *doc)
{
    if (!doc->ments.n || !doc->toks.n)
        return -1;
    const w5_ment *m = &doc->ments.v[0];
    if (m->tok_begin != 0 || (m->type != W5_E_LOC && m->type != W5_E_GPE) ||
        m->tok_end >= doc->toks.n)
        return -1;
    const w5_tok *next = &doc->toks.v[m->tok_end];
    const unsigned char *c = (const unsigned char *)doc->text + next->start;
    size_t n = next->end - next->start;
    int dash = (n == 1 && (*c == '-' || *c == ':')) ||
               (n == 2 && c[0] == '-' && c[1] == '-') ||
               (n == 3 && c[0] == 0xE2 && c[1] == 0x80 && (c[2] == 0x93 || c[2] == 0x94));
    return dash ? m->entity : -1;
}

/* The direct object child of verb v, or -1. */
static int32_t object_of(const w5_doc *doc, const w5_sent *s, uint32_t v)
{
    for (uint32_t j = s->tok_begin; j < s->tok_end; j++)
        if (doc->toks.v[j].head == (int32_t)v && rel_is(doc, j, "obj"))
            return (int32_t)j;
    return -1;
}

/* Verbs whose second object says what the first is ("called it an
 * important meeting", "named him chairman", "declared it a success"). */
static int names_what_it_is(const char *lemma)
{
    static const char *const words[] = {
        "call", "name", "dub", "label", "term", "brand", "deem", "consider",
        "declare", "elect", "appoint", "make", "find", "crown", "nickname",
        "rename", "proclaim", "describe", "hail", NULL};
    for (int i = 0; words[i]; i++)
        if (lemma[0] == words[i][0] && strcmp(lemma, words[i]) == 0)
            return 1;
    return 0;
}

/* The dictionary code of verb `lemma` with a phrase of preposition
 * `prep` headed by token j: the pattern with the phrase's noun (po:),
 * then with the preposition alone (p:), or NULL. */
static const char *prep_code(const w5_events_model *m, const w5_doc *doc, uint32_t j,
                             const char *lemma, const char *prep)
{
    char key[KEY_MAX * 4 + 16], word[KEY_MAX];
    const char *code;
    token_lemma(m, doc, j, word, sizeof word);
    make_key(key, sizeof key, "po:", lemma, "|", prep, "|", word);
    if ((code = w5_events_lookup(m, key)))
        return code;
    make_key(key, sizeof key, "p:", lemma, "|", prep, NULL, NULL);
    return w5_events_lookup(m, key);
}

/* The code of a preposition phrase on object o of verb `lemma` (po: then
 * p: keys), or NULL. */
static const char *object_phrase_code(const w5_events_model *m, const w5_doc *doc,
                                      const w5_sent *s, uint32_t o, const char *lemma)
{
    char prep[KEY_MAX];
    const char *code;
    for (uint32_t j = o + 1; j < s->tok_end; j++) {
        if (doc->toks.v[j].head != (int32_t)o || !rel_is(doc, j, "nmod"))
            continue;
        case_of(doc, s, j, prep, sizeof prep);
        if (prep[0] && (code = prep_code(m, doc, j, lemma, prep)))
            return code;
    }
    return NULL;
}

/* The most specific dictionary code for verb v, or NULL. */
static const char *code_for(const w5_events_model *m, const w5_doc *doc,
                            const w5_sent *s, uint32_t v, const char *lemma,
                            int pattern_only, int *bare)
{
    *bare = 0;
    char key[KEY_MAX * 4 + 16], word[KEY_MAX], prep[KEY_MAX];
    const char *code;
    for (uint32_t j = s->tok_begin; j < s->tok_end; j++) {
        if (doc->toks.v[j].head != (int32_t)v)
            continue;
        if (rel_is(doc, j, "obl") || rel_is(doc, j, "nmod")) {
            case_of(doc, s, j, prep, sizeof prep);
            if ((code = prep_code(m, doc, j, lemma, prep)))
                return code;
            make_key(key, sizeof key, "v:", lemma, " ", prep, NULL, NULL);
            if ((code = w5_events_lookup(m, key)))
                return code;
        } else if (rel_is(doc, j, "obj")) {
            /* "called it an important meeting": the second object of a
             * naming verb says what the first is, nothing was called */
            if (names_what_it_is(lemma) && (int32_t)j != object_of(doc, s, v))
                continue;
            token_lemma(m, doc, j, word, sizeof word);
            make_key(key, sizeof key, "o:", lemma, "|", word, NULL, NULL);
            if ((code = w5_events_lookup(m, key)))
                return code;
            /* PETRARCH reads "- * (WITH)" along the clause: "negotiate a
             * deal with the Taliban" has the phrase on the object */
            if ((code = object_phrase_code(m, doc, s, j, lemma)))
                return code;
        } else if (rel_is(doc, j, "compound:prt")) {
            token_lemma(m, doc, j, word, sizeof word);
            make_key(key, sizeof key, "v:", lemma, " ", word, NULL, NULL);
            if ((code = w5_events_lookup(m, key)))
                return code;
        }
    }
    if (pattern_only)
        return NULL;
    *bare = 1;
    make_key(key, sizeof key, "v:", lemma, NULL, NULL, NULL, NULL);
    return w5_events_lookup(m, key);
}

/* Verbs that are no events of their own: speech (the QUOTES stage has
 * it), thought and stance, and light verbs whose dictionary default is a
 * guess ("take" is coded as seizing property). A light verb still makes
 * an event when one of the dictionary's patterns matches it. */
static int is_speech_or_thought(const char *lemma)
{
    static const char *const words[] = {
        "say", "tell", "add", "state", "note", "claim", "explain", "think",
        "believe", "hope", "want", "wish", "feel", "know", "seem", "expect",
        "consider", "see", "hear", "need",
        /* the dictionary's DISCLOSE (050) is no cooperation in "admitted he
         * used to play truant" */
        "admit", "reveal", NULL};
    for (int i = 0; words[i]; i++)
        if (lemma[0] == words[i][0] && strcmp(lemma, words[i]) == 0)
            return 1;
    return 0;
}

static int is_light_verb(const char *lemma)
{
    static const char *const words[] = {
        "take", "make", "get", "have", "give", "put", "set", "go", "come", "do",
        "keep", "hold", "bring", "turn", "run", "call", "try", "find",
        /* the dictionary's guesses for words of any news: "died" (force),
         * "passed away" (yield), "failed to" (reject), "dominated",
         * "swept into power", "break", "left school" (consult) */
        "die", "pass", "fail", "dominate", "sweep", "break", "leave",
        /* "faces a fine", "faced discontent" (040 consult), "led the
         * campaign", "led to gains", "leads in the polls" (060) */
        "face", "lead", NULL};
    for (int i = 0; words[i]; i++)
        if (lemma[0] == words[i][0] && strcmp(lemma, words[i]) == 0)
            return 1;
    return 0;
}

/* 1 when verb v has a clausal complement ("warned that ...", "argued
 * it was right"). */
static int has_clause(const w5_doc *doc, const w5_sent *s, uint32_t v)
{
    for (uint32_t j = s->tok_begin; j < s->tok_end; j++)
        if (doc->toks.v[j].head == (int32_t)v && rel_is(doc, j, "ccomp"))
            return 1;
    return 0;
}

/* 1 when verb v is negated ("had not taken", "never met", "without
 * disclosing", "failed to disclose"). */
static int is_negated(const w5_doc *doc, const w5_sent *s, uint32_t v)
{
    /* "failed to disclose payments", "fails to meet" did not */
    if (rel_is(doc, v, "xcomp") && doc->toks.v[v].head >= 0) {
        char head[16];
        token_lower(doc, (uint32_t)doc->toks.v[v].head, head, sizeof head);
        if (!strcmp(head, "fail") || !strcmp(head, "fails") || !strcmp(head, "failed") ||
            !strcmp(head, "failing"))
            return 1;
    }
    for (uint32_t j = s->tok_begin; j < s->tok_end; j++) {
        if (doc->toks.v[j].head != (int32_t)v)
            continue;
        char word[16];
        token_lower(doc, j, word, sizeof word);
        if (rel_is(doc, j, "advmod") &&
            (!strcmp(word, "not") || !strcmp(word, "n't") || !strcmp(word, "never") ||
             !strcmp(word, "n’t")))
            return 1;
        /* "without disclosing any details" did not disclose */
        if ((rel_is(doc, j, "mark") || rel_is(doc, j, "case")) && !strcmp(word, "without"))
            return 1;
    }
    return 0;
}

static int xpos_is(const w5_doc *doc, uint32_t i, const char *name)
{
    uint8_t x = doc->toks.v[i].xpos;
    return x && x < W5_XPOS_COUNT && w5_xpos_names[x][0] == name[0] &&
           strcmp(w5_xpos_names[x], name) == 0;
}

/* A noun, proper noun or pronoun: a nominal xcomp ("accused Afghanistan
 * of ...", a frequent parse of an object) names a participant. */
static int is_nominal(const w5_doc *doc, uint32_t i)
{
    uint8_t u = doc->toks.v[i].upos;
    return u == W5_UPOS_NOUN || u == W5_UPOS_PROPN || u == W5_UPOS_PRON;
}

/* 1 when verb v reads as active: no passive auxiliary ("was accused",
 * "has been invited") and, for a past participle, a perfect "have" ("has
 * accused"). */
static int reads_active(const w5_doc *doc, const w5_sent *s, uint32_t v)
{
    int perfect = 0;
    for (uint32_t j = s->tok_begin; j < s->tok_end; j++) {
        if (doc->toks.v[j].head != (int32_t)v)
            continue;
        if (rel_is(doc, j, "aux:pass"))
            return 0;
        if (rel_is(doc, j, "aux")) {
            char word[16];
            token_lower(doc, j, word, sizeof word);
            if (!strcmp(word, "have") || !strcmp(word, "has") || !strcmp(word, "had") ||
                !strcmp(word, "'ve") || !strcmp(word, "having"))
                perfect = 1;
            else if (!strcmp(word, "be") || !strcmp(word, "been") || !strcmp(word, "being") ||
                     !strcmp(word, "is") || !strcmp(word, "are") || !strcmp(word, "was") ||
                     !strcmp(word, "were") || !strcmp(word, "get") || !strcmp(word, "got"))
                return 0;
        }
    }
    return perfect || !xpos_is(doc, v, "VBN");
}

/* 1 when token j is the subject that acts: an active subject, the agent
 * of a passive, or a "passive" subject with no passive auxiliary ("has
 * accused" labelled nsubj:pass is a tagging slip the parser makes; the
 * subject of "has accused" is the accuser). */
static int is_actor_subject(const w5_doc *doc, const w5_sent *s, uint32_t j,
                            uint32_t v)
{
    if (rel_is(doc, j, "nsubj") || rel_is(doc, j, "obl:agent"))
        return 1;
    return rel_is(doc, j, "nsubj:pass") && reads_active(doc, s, v);
}

/* The subject child of verb v that acts (see is_actor_subject), or -1.
 * When the parse gives two ("Ukraine 's President Zelensky thanked", the
 * possessor taken for a subject), the one nearest before the verb. */
static int32_t actor_subject_of(const w5_doc *doc, const w5_sent *s, uint32_t v)
{
    int32_t found = -1;
    for (uint32_t j = s->tok_begin; j < s->tok_end; j++) {
        if (found >= 0 && j > v)
            break;
        if (doc->toks.v[j].head == (int32_t)v && !rel_is(doc, j, "obl:agent") &&
            is_actor_subject(doc, s, j, v))
            found = (int32_t)j;
    }
    return found;
}

/* 1 when token i is a noun the agents dictionary knows ("police",
 * "rebels", "the government", "troops"): an actor without a name. */
static int agent_noun(const w5_events_model *m, const w5_doc *doc, uint32_t i)
{
    uint8_t u = doc->toks.v[i].upos;
    if (u != W5_UPOS_NOUN && u != W5_UPOS_PROPN)
        return 0;
    char lemma[KEY_MAX], key[KEY_MAX + 4];
    token_lemma(m, doc, i, lemma, sizeof lemma);
    make_key(key, sizeof key, "a:", lemma, NULL, NULL, NULL, NULL);
    return w5_events_lookup(m, key) != NULL;
}

/* Whether verb v's own subject (*src) and its object, passive subject or
 * with/against/to phrase (*tgt) are agent nouns ("police arrested",
 * "backed the rebels", "cooperating with the government"). */
static void agent_arguments(const w5_events_model *m, const w5_doc *doc, const w5_sent *s,
                            uint32_t v, int *src, int *tgt)
{
    char prep[KEY_MAX];
    *src = *tgt = 0;
    for (uint32_t j = s->tok_begin; j < s->tok_end; j++) {
        if (doc->toks.v[j].head != (int32_t)v)
            continue;
        if (is_actor_subject(doc, s, j, v)) {
            *src = *src || agent_noun(m, doc, j);
        } else if (rel_is(doc, j, "obj") || rel_is(doc, j, "nsubj:pass") ||
                   rel_is(doc, j, "iobj")) {
            *tgt = *tgt || agent_noun(m, doc, j);
        } else if (rel_is(doc, j, "obl")) {
            case_of(doc, s, j, prep, sizeof prep);
            if (!strcmp(prep, "with") || !strcmp(prep, "against") || !strcmp(prep, "to"))
                *tgt = *tgt || agent_noun(m, doc, j);
        }
    }
}

/* 1 when verb v's subject is a plural noun that may be both sides of a
 * meeting ("leaders met", "the companies will collaborate"); not of a
 * journey somewhere ("Zimbabweans went to the polls": a `to`/`into`
 * phrase on the verb). */
static int plural_subject(const w5_doc *doc, const w5_sent *s, uint32_t v)
{
    int32_t subj = actor_subject_of(doc, s, v);
    if (subj < 0 || !(xpos_is(doc, (uint32_t)subj, "NNS") || xpos_is(doc, (uint32_t)subj, "NNPS")))
        return 0;
    char prep[KEY_MAX];
    for (uint32_t j = s->tok_begin; j < s->tok_end; j++)
        if (doc->toks.v[j].head == (int32_t)v && rel_is(doc, j, "obl")) {
            case_of(doc, s, j, prep, sizeof prep);
            if (!strcmp(prep, "to") || !strcmp(prep, "into"))
                return 0;
        }
    return 1;
}

/* Source, target, place of verb v from its dependents. */
static void find_arguments(const w5_doc *doc, const mindex *ix, const w5_sent *s,
                           uint32_t v, const char *lemma, w5_evt *ev, parts *all)
{
    char prep[KEY_MAX];
    int32_t subject = actor_subject_of(doc, s, v);
    int naming = names_what_it_is(lemma);
    int32_t first_object = naming ? object_of(doc, s, v) : -1;
    if (first_object < 0)
        naming = 0;
    for (uint32_t j = s->tok_begin; j < s->tok_end; j++) {
        if (doc->toks.v[j].head != (int32_t)v)
            continue;
        if (is_actor_subject(doc, s, j, v)) {
            int agent = rel_is(doc, j, "obl:agent");
            if (ev->source < 0 && (agent || (int32_t)j == subject))
                ev->source = argument_entities(doc, ix, s, j, all);
        } else if (rel_is(doc, j, "obj") || rel_is(doc, j, "nsubj:pass") ||
                   rel_is(doc, j, "iobj") || (rel_is(doc, j, "xcomp") && is_nominal(doc, j))) {
            /* "named him chairman": the second nominal describes the
             * first, it is nobody the event was done to */
            if (naming && (int32_t)j != first_object)
                continue;
            if (ev->target < 0)
                ev->target = argument_entities(doc, ix, s, j, all);
        } else if (rel_is(doc, j, "obl")) {
            case_of(doc, s, j, prep, sizeof prep);
            int32_t e = argument_entity(doc, ix, j, 1);
            int is_place = e >= 0 && (doc->ents.v[e].type == W5_E_LOC || doc->ents.v[e].type == W5_E_GPE);
            /* "in/at Brussels" is where; so is "to Brussels" (a
             * destination) when no place is known yet */
            if (is_place && (!strcmp(prep, "in") || !strcmp(prep, "at") || !strcmp(prep, "near") ||
                             (!strcmp(prep, "to") && ev->place < 0))) {
                if (ev->place < 0)
                    ev->place = e;
            } else if (ev->target < 0 && (!strcmp(prep, "with") || !strcmp(prep, "against") ||
                                          !strcmp(prep, "to"))) {
                ev->target = argument_entities(doc, ix, s, j, all);
            }
        }
    }
}

/* A verb with no subject of its own shares the subject of the clause it
 * hangs on: "had sought to reach a deal" (xcomp), "met ... and discussed"
 * (conj), "a long history of supporting" (acl of a noun: up to the noun's
 * verb, unless the noun names a participant: "accused the government of
 * failing"), "saying that ..." (advcl). A past participle hanging on a clause
 * ("Invited by Kerry, Karzai flew ...") is passive: the shared subject is
 * its target, not its source. */
static void inherit_subject(const w5_doc *doc, const mindex *ix, const w5_sent *s,
                            uint32_t v, w5_evt *ev, parts *all)
{
    int passive = xpos_is(doc, v, "VBN") && !reads_active(doc, s, v);
    uint32_t cur = v;
    for (int hops = 0; hops < 3; hops++) {
        if (!(rel_is(doc, cur, "xcomp") || rel_is(doc, cur, "conj") ||
              rel_is(doc, cur, "advcl") || rel_is(doc, cur, "acl")))
            return;
        int32_t h = doc->toks.v[cur].head;
        if (h < 0)
            return;
        /* "companies accused of supplying drones": through a participle
         * modifying a noun, the noun acts */
        if (cur != v && rel_is(doc, cur, "acl") && !is_verb(doc, (uint32_t)h) &&
            xpos_is(doc, cur, "VBN") && !reads_active(doc, s, cur)) {
            if (ev->source < 0)
                ev->source = argument_entities(doc, ix, s, (uint32_t)h, all);
            return;
        }
        /* "a history of supporting": the noun's own verb */
        if (rel_is(doc, cur, "acl") && !is_verb(doc, (uint32_t)h)) {
            if (passive)
                return; /* "a meeting hosted by": the noun is the target */
            /* "accused the government of failing": a noun naming a
             * participant is the one who acts */
            if (argument_entity(doc, ix, (uint32_t)h, 0) >= 0) {
                ev->source = argument_entities(doc, ix, s, (uint32_t)h, all);
                return;
            }
            if (!(rel_is(doc, (uint32_t)h, "obj") || rel_is(doc, (uint32_t)h, "obl")))
                return;
            h = doc->toks.v[h].head;
            if (h < 0)
                return;
        }
        int32_t subj = -1;
        /* "want the Taliban to negotiate", "urged Karzai to act": the
         * object of the governing verb controls an xcomp */
        if (rel_is(doc, cur, "xcomp"))
            subj = object_of(doc, s, (uint32_t)h);
        if (subj < 0)
            subj = actor_subject_of(doc, s, (uint32_t)h);
        if (subj >= 0) {
            if (passive && ev->target < 0)
                ev->target = argument_entities(doc, ix, s, (uint32_t)subj, all);
            else if (!passive && ev->source < 0)
                ev->source = argument_entities(doc, ix, s, (uint32_t)subj, all);
            return;
        }
        cur = (uint32_t)h;
    }
}

/* A time expression in the verb's subtree, else in the same sentence. */
static int32_t find_time(const w5_doc *doc, const mindex *ix, const w5_sent *s,
                         uint32_t v)
{
    int32_t in_sentence = -1;
    size_t kb = 0, ke = doc->times.n;
    if (ix->times_sorted) {
        /* the times starting inside the sentence */
        size_t hi = ke;
        while (kb < hi) {
            size_t mid = kb + (hi - kb) / 2;
            if (doc->times.v[mid].start < s->start)
                kb = mid + 1;
            else
                hi = mid;
        }
        for (ke = kb; ke < doc->times.n && doc->times.v[ke].start <= s->end; ke++)
            ;
    }
    for (size_t k = kb; k < ke; k++) {
        const w5_tim *t = &doc->times.v[k];
        if (t->start < s->start || t->end > s->end || t->kind == W5_TIME_DURATION)
            continue;
        for (uint32_t j = s->tok_begin; j < s->tok_end; j++)
            if (doc->toks.v[j].start == t->start && in_subtree(doc, j, v))
                return (int32_t)k;
        if (in_sentence < 0)
            in_sentence = (int32_t)k;
    }
    return in_sentence;
}

/* 1 when an event at time index `time` happened in the days the article
 * reports (or has no time): only then does the dateline say where it was.
 * "on Wednesday" in an article of that Thursday is; "in February" is not.
 * Without an article date, a weekday or "today" (values with no year) is. */
static int reported_recently(const w5_doc *doc, int32_t time)
{
    if (time < 0)
        return 1;
    const char *value = w5_strpool_get(&doc->pool, doc->times.v[time].value);
    const char *meta = doc->meta[W5_META_DATE];
    if (!meta)
        return strncmp(value, "XXXX-WXX-", 9) == 0 ||
               strncmp(value, "XXXX-XX-XX", 10) == 0;
    int y, m, d, ay, am, ad;
    if (sscanf(value, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
        sscanf(meta, "%4d-%2d-%2d", &ay, &am, &ad) != 3)
        return 0;
    long days_before = w5_days_from_civil(ay, am, ad) - w5_days_from_civil(y, m, d);
    return days_before >= 0 && days_before < 7;
}

/* Where the events being coded (in text order) stand among the quotes,
 * to tell whether a verb lies in what someone is reported to have said
 * ("Afghan officials say Pakistan has a long history of supporting the
 * Taliban"): the dateline tells where the reporter was, not where what
 * others tell of happened. One pass over the quotes for all events. */
typedef struct speech_cursor {
    size_t next;         /* the first quote not yet passed */
    uint32_t end;        /* the furthest end of the speech quotes passed */
} speech_cursor;

/* 1 when byte offset `at` (never smaller than the last one asked) lies
 * in reported speech. Quotes are in text order. */
static int in_reported_speech(const w5_doc *doc, speech_cursor *cur, uint32_t at)
{
    for (; cur->next < doc->quotes.n && doc->quotes.v[cur->next].start <= at; cur->next++) {
        const w5_quo *quo = &doc->quotes.v[cur->next];
        if (quo->kind != W5_QUOTE_STANCE && quo->end > cur->end)
            cur->end = quo->end;
    }
    return at < cur->end;
}

static int add_event(const w5_events_model *m, w5_doc *doc, uint32_t v,
                     const char *code, const char *lemma, w5_evt ev,
                     const parts *all)
{
    const char *label = w5_events_describe(m, code);
    ev.start = doc->toks.v[v].start;
    ev.end = doc->toks.v[v].end;
    ev.sent = doc->toks.v[v].sent;
    ev.first_part = (uint32_t)doc->evt_parts.n;
    ev.part_count = (uint32_t)all->n;
    (void)lemma;
    if (w5_strpool_add(&doc->pool, code, strlen(code), &ev.code) ||
        (label && w5_strpool_add(&doc->pool, label, strlen(label), &ev.label)))
        return W5_ERR_NOMEM;
    for (size_t i = 0; i < all->n; i++)
        if (w5_vec_push(&doc->evt_parts, all->ids[i]))
            return W5_ERR_NOMEM;
    return w5_vec_push(&doc->events, ev);
}

/* 1 when some participant has a name among its mentions (a person,
 * an organisation, a place, a people), not only "they" or "the
 * researchers". */
static int named_part(const w5_doc *doc, const parts *all)
{
    for (size_t i = 0; i < all->n; i++) {
        const w5_ent *e = &doc->ents.v[all->ids[i]];
        for (uint32_t k = 0; k < e->ment_count; k++)
            if (doc->ments.v[doc->ent_ments.v[e->first_ment + k]].kind == W5_MENTION_NAME)
                return 1;
    }
    return 0;
}

/* 1 for a role of sport or show business (the last word of the title:
 * "striker", "senior goalkeeper"): "Drogba forced keeper Hislop into a
 * save" is a match report, not a coercion; CAMEO's agents hold offices,
 * trades and callings of public life. */
static int sporting_role(const char *title)
{
    static const char words[] =
        " striker goalkeeper keeper midfielder defender winger forward player "
        "footballer coach batsman bowler jockey athlete sprinter "
        "champion actor actress singer rapper musician comedian star ";
    if (!title)
        return 0;
    const char *last = strrchr(title, ' ');
    last = last ? last + 1 : title;
    return w5_word_in_list(words, last, strlen(last));
}

/* 1 when entity e can act in politics as CAMEO's actor dictionaries
 * see them: a country or city, an organisation, a people, or a person
 * with a title or an affiliation (a leader, an official, a spokesman;
 * PETRARCH's agents reach down to students and doctors). Other places
 * (a street, a volcano, "Earth") act on no one; only force is used on
 * them. `has_role` marks the
 * entities the ROLES stage found a role for. */
static int political_actor(const w5_doc *doc, const unsigned char *has_role, int32_t e)
{
    if (e < 0)
        return 0;
    switch (doc->ents.v[e].type) {
    case W5_E_GPE: case W5_E_ORG: case W5_E_NORP:
        return 1;
    case W5_E_PERSON:
        return has_role && has_role[e];
    default:
        return 0;
    }
}

/* CAMEO 18 (assault), 19 (fight), 20 (mass violence). */
static int violent(const char *code)
{
    return (code[0] == '1' && (code[1] == '8' || code[1] == '9')) ||
           (code[0] == '2' && code[1] == '0');
}

/* Bytes of a dash between score digits: '-', or the en dash U+2013. */
static size_t dash_len(const char *w, size_t n)
{
    if (n >= 1 && w[0] == '-')
        return 1;
    if (n >= 3 && (unsigned char)w[0] == 0xE2 && (unsigned char)w[1] == 0x80 &&
        (unsigned char)w[2] == 0x93)
        return 3;
    return 0;
}

/* 1 when w reads "2-1", "3-0", "24-17" (or with an en dash): a score. */
static int score_token(const char *w, size_t n)
{
    size_t i = 0, a = 0, b = 0, d;
    while (i < n && isdigit((unsigned char)w[i]))
        i++, a++;
    if (!a || a > 2 || !(d = dash_len(w + i, n - i)))
        return 0;
    for (i += d; i < n && isdigit((unsigned char)w[i]); i++)
        b++;
    return i == n && b && b <= 2;
}

/* 1 when token t (a score) is followed by a noun it counts ("killing
 * 10-15 officers"): a range, not a score. */
static int counts_noun(const w5_doc *doc, const w5_sent *s, uint32_t t)
{
    return t + 1 < s->tok_end && doc->toks.v[t + 1].upos == W5_UPOS_NOUN;
}

/* 1 when token i or a name word before it in its phrase (compound, flat:
 * "Typhoon Phanfone", "Hurricane Mitch") is a force of nature. */
/* 1 when the lower-case word names a force of nature. */
static int force_of_nature(const char *word)
{
    static const char *const forces[] = {
        "earthquake", "earthquakes", "quake", "tremor", "storm", "storms", "hurricane",
        "hurricanes", "typhoon", "typhoons", "cyclone", "cyclones", "tornado", "tornadoes",
        "flood", "floods", "flooding", "wildfire", "wildfires", "bushfire", "bushfires",
        "tsunami", "landslide", "avalanche", "drought", "heatwave", "eruption", "virus",
        "outbreak", "pandemic", "disease", "rain", "rains", "snow", "wind", "winds", NULL};
    for (int k = 0; forces[k]; k++)
        if (word[0] == forces[k][0] && strcmp(word, forces[k]) == 0)
            return 1;
    return 0;
}

static int nature_word(const w5_doc *doc, const w5_sent *s, uint32_t i)
{
    char word[KEY_MAX];
    /* the last word of a name is no force ("John Snow"); a word before
     * it may be ("Hurricane Mitch") */
    int named = 0;
    for (uint32_t j = i >= s->tok_begin + 3 ? i - 3 : s->tok_begin; j < i; j++)
        named |= doc->toks.v[j].head == (int32_t)i &&
                 (rel_is(doc, j, "compound") || rel_is(doc, j, "flat"));
    named &= doc->toks.v[i].upos == W5_UPOS_PROPN;
    for (uint32_t j = i >= s->tok_begin + 3 ? i - 3 : s->tok_begin; j <= i - (uint32_t)named; j++) {
        if (j != i && !(doc->toks.v[j].head == (int32_t)i &&
                        (rel_is(doc, j, "compound") || rel_is(doc, j, "flat"))))
            continue;
        token_lower(doc, j, word, sizeof word);
        if (force_of_nature(word))
            return 1;
    }
    return 0;
}

/* 1 when entity e is named for a force of nature: its name starts with
 * one ("Typhoon Phanfone", "Hurricane Mitch", which "It" and "Phanfone"
 * may stand for; not "the National Hurricane Center", "John Snow"). */
static int nature_entity(const w5_doc *doc, int32_t e)
{
    if (e < 0 || (size_t)e >= doc->ents.n || !doc->ents.v[e].name)
        return 0;
    const char *name = w5_strpool_get(&doc->pool, doc->ents.v[e].name);
    char word[KEY_MAX];
    size_t n = strcspn(name, " ");
    if (n == 0 || n >= sizeof word)
        return 0;
    for (size_t k = 0; k < n; k++)
        word[k] = (char)(name[k] >= 'A' && name[k] <= 'Z' ? name[k] + 32 : name[k]);
    word[n] = '\0';
    return force_of_nature(word);
}

/* 1 when verb v's subject or agent is a force of nature ("an earthquake
 * struck", "the storm hit", "Typhoon Phanfone made landfall, killing",
 * "rarely hit by hurricanes"): no attack. Fire and explosions are left
 * out: they are often a weapon's ("Israeli fire killed five"). */
static int natural_force(const w5_doc *doc, const mindex *ix, const w5_sent *s, uint32_t v)
{
    int32_t subj = -1;
    for (uint32_t j = s->tok_begin; j < s->tok_end; j++)
        if (doc->toks.v[j].head == (int32_t)v &&
            (rel_is(doc, j, "nsubj") || rel_is(doc, j, "obl:agent"))) {
            if (nature_word(doc, s, j) || nature_entity(doc, entity_at(doc, ix, j)))
                return 1;
            subj = (int32_t)j;
        }
    /* "an earthquake struck ..." parsed as a clause on the noun */
    if (subj < 0 && rel_is(doc, v, "acl") && doc->toks.v[v].head >= 0)
        return nature_word(doc, s, (uint32_t)doc->toks.v[v].head);
    /* "Typhoon Phanfone made landfall ..., killing at least 20", "It
     * blocked roads and forced 58,000 civilians to evacuate": the subject
     * of the clause or verb it hangs on */
    if (subj < 0 && (rel_is(doc, v, "advcl") || rel_is(doc, v, "conj")) &&
        doc->toks.v[v].head >= 0) {
        uint32_t h = (uint32_t)doc->toks.v[v].head;
        for (uint32_t j = s->tok_begin; j < s->tok_end; j++)
            if (doc->toks.v[j].head == (int32_t)h && rel_is(doc, j, "nsubj"))
                return nature_word(doc, s, j) || nature_entity(doc, entity_at(doc, ix, j));
    }
    return 0;
}

/* 1 when sentence s reads as sport: a score ("2-1 on Saturday", not
 * "10-15 officers"), a word only games use (league, tournament, striker
 * ...), or "straight sets". Common words of both worlds (final, coach,
 * goal, game, cup) are no sign. */
static int sports_sentence(const w5_doc *doc, const w5_sent *s)
{
    static const char *const games[] = {
        "league", "tournament", "championship", "semi-final", "semifinal",
        "quarter-final", "quarterfinal", "striker", "midfielder", "goalkeeper",
        "innings", "wickets", "playoff", "playoffs", "touchdown", "olympics",
        "premiership", "bundesliga", NULL};
    char word[KEY_MAX], prev[KEY_MAX] = "";
    for (uint32_t t = s->tok_begin; t < s->tok_end; t++) {
        const w5_tok *k = &doc->toks.v[t];
        const char *w = doc->text + k->start;
        size_t n = k->end - k->start;
        /* "2-1", or "2" "-" "1" as the tokenizer splits it */
        if (dash_len(w, n) == n && t > s->tok_begin && t + 1 < s->tok_end &&
            doc->toks.v[t - 1].end == k->start && doc->toks.v[t + 1].start == k->end &&
            score_token(doc->text + doc->toks.v[t - 1].start,
                        doc->toks.v[t + 1].end - doc->toks.v[t - 1].start) &&
            !counts_noun(doc, s, t + 1))
            return 1;
        if (score_token(w, n) && !counts_noun(doc, s, t))
            return 1;
        token_lower(doc, t, word, sizeof word);
        if (strcmp(word, "sets") == 0 && strcmp(prev, "straight") == 0)
            return 1;
        for (int i = 0; games[i]; i++)
            if (word[0] == games[i][0] && strcmp(word, games[i]) == 0)
                return 1;
        memcpy(prev, word, sizeof prev);
    }
    return 0;
}

/* 1 when the document is a sports report: at least five distinct words
 * of games (below), or four and a score, making one word in a hundred.
 * Measured on BBC and Wikinews articles: 309 of 511 BBC sport articles,
 * and 12 of 2009 others, all about sport too (rugby and chess reports,
 * football clubs' shares, football fans); a war report's "battle" or a
 * debate's "attacked" stay events. */
static int sports_document(const w5_doc *doc)
{
    /* the words of games by first letter, each list within spaces (one
     * look-up per word: this runs over the whole document) */
    static const char *const games[26] = {
        ['a' - 'a'] = " athletics ",
        ['c' - 'a'] = " championship coach cup club champions cricket ",
        ['d' - 'a'] = " defender defeat ",
        ['f' - 'a'] = " fixture football fly-half ",
        ['g' - 'a'] = " goal goals goalkeeper golf ",
        ['h' - 'a'] = " half-time ",
        ['i' - 'a'] = " injury-time innings ",
        ['k' - 'a'] = " keeper ",
        ['l' - 'a'] = " league ",
        ['m' - 'a'] = " midfielder marathon medal match matches ",
        ['o' - 'a'] = " olympic olympics ",
        ['p' - 'a'] = " penalty premiership player players ",
        ['q' - 'a'] = " quarter-final ",
        ['r' - 'a'] = " referee rugby ",
        ['s' - 'a'] = " striker squad semi-final soccer season seeded scored scrum ",
        ['t' - 'a'] = " tournament tennis try title ",
        ['v' - 'a'] = " victory ",
        ['w' - 'a'] = " winger wicket wickets wimbledon "};
    uint32_t seen[26] = {0};
    size_t hits = 0, words = 0;
    int score = 0;
    char key[KEY_MAX + 2];
    for (size_t t = 0; t < doc->toks.n; t++) {
        const w5_tok *k = &doc->toks.v[t];
        const char *w = doc->text + k->start;
        size_t n = k->end - k->start;
        score |= score_token(w, n);
        int letter = n ? (w[0] | 0x20) - 'a' : -1;
        if (letter < 0 || letter >= 26)
            continue;
        words++;
        if (!games[letter] || n < 3 || n > 13)
            continue;
        key[0] = ' ';
        token_lower(doc, (uint32_t)t, key + 1, KEY_MAX);
        size_t kn = strlen(key);
        key[kn] = ' ';
        key[kn + 1] = '\0';
        const char *at = strstr(games[letter], key);
        if (!at)
            continue;
        int ordinal = 0;    /* which word of its letter: counted once */
        for (const char *p = games[letter] + 1; p <= at; p++)
            ordinal += *p == ' ';
        seen[letter] |= 1u << ordinal;
        hits++;
    }
    int distinct = 0;
    for (int l = 0; l < 26; l++)
        distinct += __builtin_popcount(seen[l]);
    return (distinct >= 5 || (distinct >= 4 && score)) && hits * 100 >= words;
}

/* 1 when token i can be someone force is used on though no name says
 * who: a person pronoun ("killed him"), a noun of the agents dictionary
 * ("soldiers", "police", "civilians"), a word for people ("a woman",
 * "two men", "children"), or a mention the NER or coreference typed as
 * a person, organisation, country or people ("the man", "the group").
 * "hit an all-time high", "beat profit forecasts", "launched operations"
 * have no one. */
static int someone_at(const w5_events_model *m, const w5_doc *doc, const mindex *ix,
                      uint32_t i)
{
    static const char *const people[] = {
        "man", "men", "woman", "women", "person", "people", "persons", "child", "children",
        "boy", "boys", "girl", "girls", "baby", "babies", "teenager", "teenagers", "resident",
        "residents", "villager", "villagers", "worker", "workers", "passenger", "passengers",
        "family", "families", "member", "members", "supporter", "supporters", NULL};
    char word[KEY_MAX];
    token_lower(doc, i, word, sizeof word);
    if (doc->toks.v[i].upos == W5_UPOS_PRON)
        return strcmp(word, "it") && strcmp(word, "this") && strcmp(word, "that") &&
               strcmp(word, "which") && strcmp(word, "what") && strcmp(word, "these") &&
               strcmp(word, "those");
    for (int k = 0; people[k]; k++)
        if (word[0] == people[k][0] && strcmp(word, people[k]) == 0)
            return 1;
    if (agent_noun(m, doc, i))
        return 1;
    int32_t e = entity_at(doc, ix, i);
    if (e < 0)
        return 0;
    uint8_t t = doc->ents.v[e].type;
    return t == W5_E_PERSON || t == W5_E_ORG || t == W5_E_GPE || t == W5_E_NORP;
}

/* 1 when verb v has an object or a passive subject that is someone (see
 * someone_at), named or not ("killed a woman named ..."). */
static int has_patient(const w5_events_model *m, const w5_doc *doc, const mindex *ix,
                       const w5_sent *s, uint32_t v)
{
    for (uint32_t j = s->tok_begin; j < s->tok_end; j++)
        if (doc->toks.v[j].head == (int32_t)v &&
            (rel_is(doc, j, "obj") || rel_is(doc, j, "nsubj:pass")) && someone_at(m, doc, ix, j))
            return 1;
    return 0;
}

enum { EVENTS_MAX_SENT = 400 };

int w5_events_run(const w5_events_model *m, w5_doc *doc, w5_error *err)
{
    if (!doc || !m)
        return w5_fail(err, W5_ERR_INVALID, "w5_events_run: %s is NULL",
                       doc ? "the events model" : "doc");
    doc->events.n = 0;
    doc->evt_parts.n = 0;
    int32_t dateline = dateline_place(doc);
    mindex ix;
    mindex_init(doc, &ix);
    char lemma[KEY_MAX];
    speech_cursor speech = {0, 0};
    /* which entities hold a role (see political_actor) */
    unsigned char *has_role = doc->ents.n ? calloc(doc->ents.n, 1) : NULL;
    if (doc->ents.n && !has_role)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    for (size_t r = 0; r < doc->roles.n; r++)
        if (doc->roles.v[r].entity >= 0 && (size_t)doc->roles.v[r].entity < doc->ents.n &&
            !sporting_role(w5_strpool_get(&doc->pool, doc->roles.v[r].title)))
            has_role[doc->roles.v[r].entity] = 1;
    /* a match report: "beat England", "crushed", "forced a save" are
     * play, wherever the score is */
    int sports_doc = -1;
    for (size_t si = 0; si < doc->sents.n; si++) {
        const w5_sent *s = &doc->sents.v[si];
        /* every verb's arguments are looked for across its sentence: a
         * "sentence" of thousands of tokens (a list, a file without full
         * stops) has no parse worth reading and would be quadratic */
        if (s->tok_end - s->tok_begin > EVENTS_MAX_SENT)
            continue;
        for (uint32_t v = s->tok_begin; v < s->tok_end; v++) {
            if (!is_verb(doc, v))
                continue;
            token_lemma(m, doc, v, lemma, sizeof lemma);
            if (is_speech_or_thought(lemma) || is_negated(doc, s, v))
                continue;
            int bare;
            const char *code = code_for(m, doc, s, v, lemma, is_light_verb(lemma), &bare);
            if (!code || strcmp(code, "---") == 0)
                continue;
            /* "beat Chelsea 2-1", "crushed Federer in straight sets": a
             * game, not force */
            int force = violent(code) || strcmp(code, "170") == 0; /* "forced a save" */
            if (force && sports_doc < 0)
                sports_doc = sports_document(doc);  /* once, when first needed */
            /* a storm's doings are no one's acts: "It also blocked roads
             * and forced 58,000 civilians to evacuate" */
            if ((force && sports_doc) || (violent(code) && sports_sentence(doc, s)) ||
                natural_force(doc, &ix, s, v))
                continue;
            w5_evt ev = {.source = -1, .target = -1, .place = -1, .time = -1};
            parts all = {.n = 0};
            find_arguments(doc, &ix, s, v, lemma, &ev, &all);
            if (ev.source < 0 || (ev.target < 0 && xpos_is(doc, v, "VBN")))
                inherit_subject(doc, &ix, s, v, &ev, &all);
            along_with(doc, &ix, s, v, &all);
            if (!named_part(doc, &all))
                continue; /* an event no named actor takes part in is
                             noise: "they equipped horses with cloths" */
            /* force is used against someone: "Britain attacked" or
             * "fighting broke out" name no one it was used on ("killed a
             * woman named ..." does, if not by a name) */
            if (violent(code) && ev.target < 0 && !has_patient(m, doc, &ix, s, v))
                continue;
            /* CAMEO codes what political actors do to each other: with
             * no country, organisation, people or office holder for
             * source or target (a name, or a noun of the agents
             * dictionary: "police arrested Smith"), a generic verb's
             * dictionary default ("went to the polls" 040, "swept into
             * power" 090) is noise */
            int agent_src, agent_tgt;
            agent_arguments(m, doc, s, v, &agent_src, &agent_tgt);
            if (!political_actor(doc, has_role, ev.source) &&
                !political_actor(doc, has_role, ev.target) && !agent_src && !agent_tgt &&
                !(violent(code) && ev.target >= 0 && doc->ents.v[ev.target].type == W5_E_LOC))
                continue; /* (force used on a place is an event: "attacked
                             Kharkiv", a city the tagger calls LOC) */
            /* consulting and cooperating (CAMEO 04-08) take two sides:
             * with no one on the other side, no target and no other
             * participant, "unveiled plans", "served as a delegate",
             * "help first-time buyers", "meet his fiscal rules" are no
             * meeting or cooperation; a plural subject may be both sides
             * ("European leaders gather", "the companies will
             * collaborate"); an agent noun is a side ("backed the
             * rebels", "cooperating with the government"); a signed agreement (057) binds its parties
             * unnamed */
            if (code[0] == '0' && code[1] >= '4' && code[1] <= '8' && ev.target < 0 &&
                !agent_tgt && all.n < 2 && strcmp(code, "057") != 0 && !plural_subject(doc, s, v))
                continue;
            /* "argued that ...", "warned that ...", "insisted that ...":
             * with a clause for what was said and no one it was said to,
             * the verb reports speech, and the dictionary's attitude for
             * it (argue 110, warn 130, insist 100, suggest 020) is a
             * guess; the clause's own verbs are coded. A statement (01)
             * or an intent (03: "promised that") is what was said. */
            if (bare && ev.target < 0 && strncmp(code, "01", 2) != 0 &&
                strncmp(code, "03", 2) != 0 && has_clause(doc, s, v))
                continue;
            ev.time = find_time(doc, &ix, s, v);
            if (ev.place < 0 && dateline >= 0 && reported_recently(doc, ev.time) &&
                !in_reported_speech(doc, &speech, doc->toks.v[v].start))
                ev.place = dateline;
            if (add_event(m, doc, v, code, lemma, ev, &all)) {
                free(has_role);
                return w5_fail(err, W5_ERR_NOMEM, "out of memory");
            }
        }
    }
    free(has_role);
    return 0;
}
