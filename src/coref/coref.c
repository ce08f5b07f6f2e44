/* coref.c - see coref.h for the design (a multi-pass sieve). */
#include "coref/coref.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "coref/coref_int.h"
#include "doc/tagset.h"
#include "roles/titles.h"

/* ---- small token helpers ----------------------------------------------- */

static const char *tok_str(const w5_doc *doc, uint32_t i, size_t *n)
{
    const w5_tok *t = &doc->toks.v[i];
    *n = t->end - t->start;
    return doc->text + t->start;
}

static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(char c) { return c >= 'a' && c <= 'z'; }
static char lower(char c) { return is_upper(c) ? (char)(c - 'A' + 'a') : c; }

/* 1 when the token equals w ignoring ASCII case (no "." tolerance). */
static int tok_eq(const w5_doc *doc, uint32_t i, const char *w)
{
    size_t n;
    const char *s = tok_str(doc, i, &n);
    /* no strlen: this runs for every token against every pronoun; the
     * w[k] test keeps a NUL byte in the text from reading past w */
    for (size_t k = 0; k < n; k++)
        if (w[k] == '\0' || lower(s[k]) != w[k])
            return 0;
    return w[n] == '\0';
}

static int tok_in(const w5_doc *doc, uint32_t i, const char *const *words)
{
    size_t n;
    const char *s = tok_str(doc, i, &n);
    if (n == 0)             /* the lists hold no empty word */
        return 0;
    char c0 = lower(s[0]);  /* most entries differ there */
    for (; *words; words++)
        if ((*words)[0] == c0 && tok_eq(doc, i, *words))
            return 1;
    return 0;
}

static int tok_cap(const w5_doc *doc, uint32_t i)
{
    return is_upper(doc->text[doc->toks.v[i].start]);
}

/* All letters upper case and at least two of them ("US", "NATO"). */
static int tok_all_caps(const w5_doc *doc, uint32_t i)
{
    size_t n;
    const char *s = tok_str(doc, i, &n);
    int letters = 0;
    for (size_t k = 0; k < n; k++) {
        if (is_lower(s[k]))
            return 0;
        letters += is_upper(s[k]);
    }
    return letters >= 2;
}

static int tok_is_possessive(const w5_doc *doc, uint32_t i)
{
    /* runs for every token: the first byte rules out nearly all */
    char c0 = doc->toks.v[i].end > doc->toks.v[i].start ? doc->text[doc->toks.v[i].start] : 0;
    if (c0 != '\'' && c0 != '\xE2')
        return 0;
    return tok_eq(doc, i, "'s") || tok_eq(doc, i, "\xE2\x80\x99s") ||
           tok_eq(doc, i, "'") || tok_eq(doc, i, "\xE2\x80\x99");
}

static const char *upos_of(const w5_doc *doc, uint32_t i)
{
    if (!(doc->stages & W5_STAGE_TAGS) || i >= doc->toks.n)
        return "";
    uint8_t u = doc->toks.v[i].upos;
    return u && u < W5_UPOS_COUNT ? w5_upos_names[u] : "";
}

/* Whether token i has UPOS `upos` (W5_UPOS_*): upos_of() compared, by
 * index. */
static int upos_is(const w5_doc *doc, uint32_t i, int upos)
{
    return (doc->stages & W5_STAGE_TAGS) && i < doc->toks.n &&
           doc->toks.v[i].upos == upos;
}

static const char *deprel_of(const w5_doc *doc, uint32_t i)
{
    if (!(doc->stages & W5_STAGE_PARSE) || i >= doc->toks.n)
        return "";
    uint8_t d = doc->toks.v[i].deprel;
    return d && d < W5_DEPREL_COUNT ? w5_deprel_names[d] : "";
}

static int32_t head_of(const w5_doc *doc, uint32_t i)
{
    if (!(doc->stages & W5_STAGE_PARSE))
        return -2;
    return doc->toks.v[i].head;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int is_value_type(int type)
{
    return type >= W5_E_DATE || type == W5_E_NONE;
}

/* ---- pronouns ----------------------------------------------------------- */

enum { PC_SUBJ = 1, PC_OBJ = 2, PC_POSS = 4, PC_REFL = 8 };

typedef struct pronoun {
    const char *word;
    uint8_t person, gender, plural, cases;
} pronoun;

static const pronoun pronouns[] = {
    {"he", 3, W5_GENDER_MALE, 0, PC_SUBJ},
    {"him", 3, W5_GENDER_MALE, 0, PC_OBJ},
    {"his", 3, W5_GENDER_MALE, 0, PC_POSS},
    {"himself", 3, W5_GENDER_MALE, 0, PC_REFL},
    {"she", 3, W5_GENDER_FEMALE, 0, PC_SUBJ},
    {"her", 3, W5_GENDER_FEMALE, 0, PC_OBJ | PC_POSS},
    {"hers", 3, W5_GENDER_FEMALE, 0, PC_POSS},
    {"herself", 3, W5_GENDER_FEMALE, 0, PC_REFL},
    {"it", 3, W5_GENDER_NEUTER, 0, PC_SUBJ | PC_OBJ},
    {"its", 3, W5_GENDER_NEUTER, 0, PC_POSS},
    {"itself", 3, W5_GENDER_NEUTER, 0, PC_REFL},
    {"they", 3, W5_GENDER_UNKNOWN, 1, PC_SUBJ},
    {"them", 3, W5_GENDER_UNKNOWN, 1, PC_OBJ},
    {"their", 3, W5_GENDER_UNKNOWN, 1, PC_POSS},
    {"theirs", 3, W5_GENDER_UNKNOWN, 1, PC_POSS},
    {"themselves", 3, W5_GENDER_UNKNOWN, 1, PC_REFL},
    {"i", 1, W5_GENDER_UNKNOWN, 0, PC_SUBJ},
    {"me", 1, W5_GENDER_UNKNOWN, 0, PC_OBJ},
    {"my", 1, W5_GENDER_UNKNOWN, 0, PC_POSS},
    {"mine", 1, W5_GENDER_UNKNOWN, 0, PC_POSS},
    {"myself", 1, W5_GENDER_UNKNOWN, 0, PC_REFL},
    {"we", 1, W5_GENDER_UNKNOWN, 1, PC_SUBJ},
    {"us", 1, W5_GENDER_UNKNOWN, 1, PC_OBJ},
    {"our", 1, W5_GENDER_UNKNOWN, 1, PC_POSS},
    {"ours", 1, W5_GENDER_UNKNOWN, 1, PC_POSS},
    {"ourselves", 1, W5_GENDER_UNKNOWN, 1, PC_REFL},
    {"you", 2, W5_GENDER_UNKNOWN, 0, PC_SUBJ | PC_OBJ},
    {"your", 2, W5_GENDER_UNKNOWN, 0, PC_POSS},
    {"yours", 2, W5_GENDER_UNKNOWN, 0, PC_POSS},
    {"yourself", 2, W5_GENDER_UNKNOWN, 0, PC_REFL},
    {"yourselves", 2, W5_GENDER_UNKNOWN, 1, PC_REFL},
};
enum { PRONOUN_COUNT = sizeof pronouns / sizeof pronouns[0] };

/* Index+1 of the pronoun the token is, 0 when none. "I" must be upper
 * case; "US", "IT" in capitals are names, not pronouns. */
/* The pronouns by first letter, in table order: pronoun_of runs for
 * every token and looks only at the few that share its first letter. */
typedef struct pronoun_index {
    uint8_t n[26];
    uint8_t k[26][PRONOUN_COUNT];
} pronoun_index;

static void pronoun_index_init(pronoun_index *ix)
{
    memset(ix->n, 0, sizeof ix->n);
    for (int k = 0; k < PRONOUN_COUNT; k++) {
        int l = pronouns[k].word[0] - 'a';
        ix->k[l][ix->n[l]++] = (uint8_t)k;
    }
}

static int pronoun_of(const pronoun_index *ix, const w5_doc *doc, uint32_t i)
{
    size_t n;
    const char *s = tok_str(doc, i, &n);
    if (n == 0 || n > 10)
        return 0;
    char c0 = lower(s[0]);
    if (c0 < 'a' || c0 > 'z')
        return 0;
    for (int j = 0; j < ix->n[c0 - 'a']; j++) {
        int k = ix->k[c0 - 'a'][j];
        if (!tok_eq(doc, i, pronouns[k].word))
            continue;
        if (n >= 2 && tok_all_caps(doc, i))
            return 0;       /* "US", "IT" */
        if (k == 16 /* "i" */ && s[0] != 'I')
            return 0;
        return k + 1;
    }
    return 0;
}

static const char *const be_words[] = {
    "is", "was", "'s", "\xE2\x80\x99s", "be", "been", "being", "would", "will",
    "may", "might", "could", "should", "has", "had", "seems", "seemed",
    "appears", "appeared", "became", "becomes", "remains", "remained", NULL};

/* "It is clear that ...", "it seems that", "it was decided to": an "it"
 * that refers to nothing (GUM and OntoNotes leave it unannotated). */
static int pleonastic_it(const w5_doc *doc, uint32_t i, uint32_t send)
{
    uint32_t k = i + 1;
    int be = 0;
    while (k < send && k < i + 4 && (tok_in(doc, k, be_words) || tok_eq(doc, k, "not"))) {
        be = 1;
        k++;
    }
    if (!be)
        return 0;
    for (uint32_t j = k; j < send && j < k + 3; j++) {
        if (tok_eq(doc, j, "that") || tok_eq(doc, j, "to") ||
            tok_eq(doc, j, "whether") || tok_eq(doc, j, "if"))
            return j > k;  /* an adjective or participle between */
        const char *u = upos_of(doc, j);
        if (*u && strcmp(u, "ADJ") && strcmp(u, "VERB") && strcmp(u, "ADV"))
            return 0;
    }
    return 0;
}

/* ---- nominal words ------------------------------------------------------ */

static const char *const org_nouns[] = {
    "company", "firm", "group", "organisation", "organization", "party",
    "agency", "bank", "alliance", "club", "team", "airline", "militia",
    "movement", "network", "newspaper", "university", "ministry", "council",
    "committee", "corporation", "bloc", "coalition", "maker", "manufacturer",
    "carmaker", "automaker", "chipmaker", "drugmaker", "retailer", "lender",
    "insurer", "broadcaster", "conglomerate", "exporter", "association",
    "union", "commission", "federation", "institute", "foundation", "society",
    "charity", "regulator", "watchdog", NULL};
static const char *const country_nouns[] = {"country", "nation", NULL};

/* ---- the run ------------------------------------------------------------ */

static int sort_by_start(const void *a, const void *b)
{
    const w5_ment *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    return 0;
}

/* Sorts mentions [0, n) by start (longest first). They mostly come as
 * one sorted run, or two (new mentions appended in text order): those
 * are kept or merged, in the order the (stable) qsort would give, in
 * linear time; anything else is qsorted. */
static void sort_ments(w5_ment *v, size_t n)
{
    size_t i = 1, j;
    while (i < n && sort_by_start(&v[i - 1], &v[i]) <= 0)
        i++;
    if (i >= n)
        return;
    for (j = i + 1; j < n && sort_by_start(&v[j - 1], &v[j]) <= 0; j++)
        ;
    w5_ment *first = j == n ? malloc(i * sizeof *first) : NULL;
    if (!first) {
        qsort(v, n, sizeof *v, sort_by_start);
        return;
    }
    /* merge [0, i) (copied out) and [i, n) back into v; ties: the first
     * run's mention first, as a stable sort keeps it */
    memcpy(first, v, i * sizeof *first);
    size_t a = 0, b = i, o = 0;
    while (a < i && b < n)
        v[o++] = sort_by_start(&v[b], &first[a]) < 0 ? v[b++] : first[a++];
    while (a < i)
        v[o++] = first[a++];
    free(first);
}

/* Token index of the first token ending after byte `start`'s token etc.:
 * the sentence of token i. */
static uint32_t sent_of(const w5_doc *doc, uint32_t i)
{
    return i < doc->toks.n ? doc->toks.v[i].sent : 0;
}

/* 1 when token i is covered by a mention in doc->ments (sorted, scanned
 * with a moving cursor by the caller). */
typedef struct cover {
    uint8_t *tok;  /* 1 per token inside a name mention */
} cover;

static int add_ment(w5_doc *doc, uint32_t b, uint32_t e, int type, int kind)
{
    w5_ment m;
    memset(&m, 0, sizeof m);
    m.tok_begin = b;
    m.tok_end = e;
    m.start = doc->toks.v[b].start;
    m.end = doc->toks.v[e - 1].end;
    m.sent = sent_of(doc, b);
    m.type = (uint8_t)type;
    m.kind = (uint8_t)kind;
    m.entity = -1;
    m.head_tok = e - 1;
    return w5_vec_push(&doc->ments, m);
}

/* Token index of the mention's person name start, or of an ORG/title
 * before it: see w5_coref_name_span. */
/* 1 when token t is "Jr", "Sr.", "II", "III" or "IV". */
static int generational_suffix(const w5_doc *doc, uint32_t t)
{
    static const char *const suffixes[] = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv",
                                           NULL};
    return tok_in(doc, t, suffixes);
}

/* The end of a person's name without a generational suffix: "Harry
 * Connick Jr" is a Connick, "Martin Luther King Jr." a King (not two
 * people sharing the surname "Jr"). */
static uint32_t surname_end(const w5_doc *doc, uint32_t b, uint32_t e)
{
    if (e >= b + 2 && generational_suffix(doc, e - 1))
        e--;
    if (e >= b + 2 && tok_eq(doc, e - 1, ","))      /* "Connick, Jr." */
        e--;
    return e;
}

void w5_coref_name_span(const w5_doc *doc, const w5_ment *m, uint32_t *b,
                        uint32_t *e)
{
    uint32_t nb = m->tok_begin, ne = m->tok_end;
    while (ne > nb + 1 && tok_is_possessive(doc, ne - 1))
        ne--;
    if (ne > nb + 1 && tok_eq(doc, nb, "the"))
        nb++;
    if (m->type == W5_E_PERSON) {
        /* Skip everything up to the last title inside the span, as long
         * as a name is left: "US Secretary of State John F Kerry". */
        for (uint32_t i = nb; i < ne;) {
            const w5_title *t, *tm;
            int nm, n = w5_title_match_both(doc, i, ne, &t, &nm, &tm);
            /* a name is left: more than a suffix ("Martin Luther King
             * Jr." is no king named "Jr.") */
            if (n && i + (uint32_t)n < ne &&
                !(i + (uint32_t)n + 1 == ne && generational_suffix(doc, ne - 1))) {
                nb = i + (uint32_t)n;
                i = nb;
            } else if (tok_cap(doc, i) || tok_is_possessive(doc, i) || nm) {
                i++;
            } else {
                break;  /* a lower-case word: no title prefix past it */
            }
        }
    }
    *b = nb;
    *e = ne;
}

static int lex_flags_span(const w5_coref *c, uint32_t b, uint32_t e)
{
    char buf[256];
    size_t len = 0;
    for (uint32_t t = b; t < e; t++) {
        size_t n;
        const char *s = tok_str(c->doc, t, &n);
        if (len + n + 1 >= sizeof buf)
            return 0;
        if (len)
            buf[len++] = ' ';
        memcpy(buf + len, s, n);
        len += n;
    }
    return (int)w5_lexicon_flags(c->lex, buf, len);
}

static const char *const name_inner_words[] = {
    "of", "the", "and", "de", "del", "der", "den", "des", "van", "von", "da",
    "di", "du", "la", "le", "al", "bin", "ibn", "y", "for", "on", "upon",
    "without", "sans", "et", "in", "at", "zu", "ul", "el", "dos", "das", NULL};
/* last words of organisation names */
static const char *const org_suffixes[] = {
    "holdings", "inc", "ltd", "llc", "plc", "corp", "corporation", "company",
    "co", "group", "bank", "university", "college", "party", "association",
    "council", "ministry", "agency", "airlines", "airways", "institute",
    "foundation", "committee", "commission", "department", "organisation",
    "organization", "union", "society", "club", "fc", "times", "post", "news",
    "press", "network", "industries", "systems", "technologies", "motors",
    "energy", "partners", "capital", "media", "gmbh", "ag", "sa", NULL};

/* Last words of place names typed as people ("Downing Street"); those
 * families bear too make a place only after a word that is no first name
 * ("City Hall", but "Nathan Lane" and "Wayne Bridge"). */
static const char *const place_suffixes[] = {
    "street", "road", "avenue", "square", "boulevard", "airport", "station",
    "stadium", NULL};
static const char *const place_surnames[] = {"lane", "bridge", "hall", NULL};

/* First words of region names typed as people ("North Yorks"). */
static const char *const compass_words[] = {"north", "south", "east", "west", NULL};

/* last words of institutions' names that some families bear too
 * ("Supreme Court" but "Margaret Court"): an organisation unless the name
 * opens with a first name */
static const char *const institution_suffixes[] = {
    "court", "tribunal", "parliament", "assembly", "senate", "congress",
    "police", "army", "navy", "forces", "service", "office", "authority",
    "board", "bureau", "administration", "government", "fund", "trust",
    "school", "hospital", "church", "league", "federation", "front",
    "alliance", "coalition", "movement", "international", "treasury",
    "exchequer", "cabinet", "pentagon", "kremlin", "whitehall", NULL};

/* capitalised at a sentence start, never the start of a name */
static const char *const leading_words[] = {
    "including", "but", "and", "or", "in", "on", "at", "for", "with", "by",
    "from", "as", "after", "before", "when", "while", "if", "although",
    "meanwhile", "however", "also", "then", "so", "yet", "both", "neither",
    "under", "during", "according", "like", "unlike", "despite", NULL};
/* inside a person's name only these: "Ludwig van Beethoven" */
static const char *const person_inner_words[] = {
    "de", "del", "der", "den", "des", "van", "von", "da", "di", "du", "la",
    "le", "al", "bin", "ibn", "y", "zu", "ul", "el", "dos", "das", "ben", NULL};

/* 1 when token k can be inside a name: a capitalised or non-ASCII word,
 * a number, a particle ("of", "van"), or "-", "&", "." joining parts. */
static int name_token(const w5_doc *doc, uint32_t k, int person)
{
    size_t n;
    const char *s = tok_str(doc, k, &n);
    if (!n)
        return 0;
    unsigned char c0 = (unsigned char)s[0];
    if (tok_is_possessive(doc, k))
        return 0;
    /* U+2000..U+206F (dashes, quotes) are punctuation, other non-ASCII
     * letters start names ("Łukasz") */
    if (is_upper(s[0]) || (c0 >= 0x80 && !(c0 == 0xE2 && n >= 2 && (unsigned char)s[1] == 0x80)) ||
        (s[0] >= '0' && s[0] <= '9'))
        return 1;
    if (is_lower(s[0]))
        return tok_in(doc, k, person ? person_inner_words : name_inner_words) ||
               (n > 1 && is_upper(s[1]));
    return n == 1 && (s[0] == '-' || s[0] == '&' || s[0] == '/');
}

/* 1 when a person title (not an institution word) ends right before
 * token b in the same sentence: "General Kayani", "Mr Smith". */
static int title_ends_at(const w5_doc *doc, uint32_t b, uint32_t sent)
{
    const w5_title *t;
    for (uint32_t k = b > 4 ? b - 4 : 0; k < b; k++) {
        if (doc->toks.v[k].sent != sent || !tok_cap(doc, k))
            continue;       /* (the cheap test first) */
        int n = w5_title_match(doc, k, b, 0, &t);
        if (n && k + (uint32_t)n == b)
            return 1;
    }
    return 0;
}

/* 1 when a description headed by a person title starts at token k:
 * [the|a] [Name 's] [modifiers/names] title ("Afghanistan's minister",
 * "the senior White House official"). */
static int title_phrase_at(const w5_doc *doc, uint32_t k)
{
    const w5_title *t;
    uint32_t end = k + 8 < doc->toks.n ? k + 8 : (uint32_t)doc->toks.n;
    if (k < end && (tok_eq(doc, k, "the") || tok_eq(doc, k, "a") || tok_eq(doc, k, "an")))
        k++;
    for (; k < end; k++) {
        const w5_title *tm;
        int nm, n = w5_title_match_both(doc, k, end, &t, &nm, &tm);
        /* "..., Senator Maria Gomez said": a title before a name opens a
         * new person, it describes nobody before the comma */
        if (n && !(t->flags & W5_TITLE_HONORIFIC))
            return !(k + (uint32_t)n < doc->toks.n && tok_cap(doc, k + (uint32_t)n) &&
                     tok_cap(doc, k));
        if (tok_cap(doc, k) || tok_is_possessive(doc, k) || nm)
            continue;
        return 0;
    }
    return 0;
}

/* 1 when the text of name x appears as a name elsewhere in the document
 * (not next to y). Only the first NAMED_ALONE_SCAN mentions are read, so
 * a document of thousands of hyphenated pairs stays linear. */
enum { NAMED_ALONE_SCAN = 4096 };

static int named_alone(const w5_doc *doc, const w5_ment *x, const w5_ment *y)
{
    size_t n = x->end - x->start;
    for (size_t k = 0; k < doc->ments.n && k < NAMED_ALONE_SCAN; k++) {
        const w5_ment *o = &doc->ments.v[k];
        if (o == x || o == y || o->kind != W5_MENTION_NAME || o->end - o->start != n ||
            (o->start >= x->start && o->end <= y->end) || (o->start >= y->start && o->end <= x->end))
            continue;
        if (memcmp(doc->text + o->start, doc->text + x->start, n) == 0)
            return 1;
    }
    return 0;
}

/* 1 when names a and m are the two halves of one hyphenated name the
 * tokenizer split ("Rolls" - "Royce Holdings", "Coca" - "Cola",
 * "Guinea" - "Bissau"): a hyphen with no space either side. Known places,
 * peoples and organisations on either side stay apart ("Israel-Hamas
 * talks", "US-China trade", "Franco-German") unless the whole is a name of
 * its own in the lexicon. */
static int hyphen_joined(const w5_coref *c, const w5_ment *a, const w5_ment *m)
{
    const w5_doc *doc = c->doc;
    if (a->kind != W5_MENTION_NAME || m->kind != W5_MENTION_NAME || is_value_type(a->type) ||
        is_value_type(m->type) || a->tok_end + 1 != m->tok_begin || a->sent != m->sent)
        return 0;
    const w5_tok *h = &doc->toks.v[a->tok_end];
    if (h->end != h->start + 1 || doc->text[h->start] != '-' || h->start != a->end ||
        h->end != m->start)
        return 0;
    unsigned known = W5_LEX_COUNTRY | W5_LEX_DEMONYM | W5_LEX_CITY | W5_LEX_ADMIN1 |
                     W5_LEX_REGION | W5_LEX_ORG | W5_LEX_GROUP;
    if (c->lex && (w5_lexicon_flags(c->lex, doc->text + a->start, m->end - a->start) & known))
        return 1;
    /* "the Trump-Putin summit": a half named on its own elsewhere is a
     * name of its own; two people are two unless the first half is a
     * first name ("Jean-Pierre Raffarin") */
    if (named_alone(doc, a, m) || named_alone(doc, m, a))
        return 0;
    if (a->type == W5_E_PERSON && m->type == W5_E_PERSON &&
        !(c->lex && a->tok_end == a->tok_begin + 1 &&
          (lex_flags_span(c, a->tok_begin, a->tok_end) &
           (W5_LEX_FIRST_MALE | W5_LEX_FIRST_FEMALE))))
        return 0;
    if (!c->lex)
        return a->type != W5_E_GPE && a->type != W5_E_NORP && m->type != W5_E_GPE &&
               m->type != W5_E_NORP && a->type != m->type;
    return !(lex_flags_span(c, a->tok_begin, a->tok_end) & known) &&
           !(lex_flags_span(c, m->tok_begin, m->tok_end) & known);
}

/* Fixes the commonest statistical-NER slips around people, before any
 * pass reads the names:
 *   "US Secretary of State" (ORG) before "John F Kerry": the title is no
 *   organisation; the name keeps what comes before the title ("US"), or
 *   goes when nothing does;
 *   "Gen Ashfaq Kayani" (ORG), "President Obama" (MISC): a person title
 *   followed by a name makes a person;
 *   "Bismillah Mohammadi Khan" (MISC): a known first name and a known
 *   surname make a person (with the lexicon). */
/* 1 when name m is one plural common noun opening its sentence, which
 * the capital made look like a name ("Stripes may confuse flies",
 * "Officials said"): tagged NNS and known to no gazetteer. */
static int common_plural_opener(const w5_coref *c, const w5_ment *m)
{
    const w5_doc *doc = c->doc;
    if (m->kind != W5_MENTION_NAME || is_value_type(m->type) ||
        m->tok_end != m->tok_begin + 1 || !(doc->stages & W5_STAGE_TAGS) ||
        m->sent >= doc->sents.n)
        return 0;
    uint32_t first = doc->sents.v[m->sent].tok_begin;
    /* the sentence's first word, or the first inside a quotation that
     * opens it */
    if (first != m->tok_begin &&
        !(first + 1 == m->tok_begin && (tok_eq(doc, first, "\"") ||
                                        tok_eq(doc, first, "\xE2\x80\x9C"))))
        return 0;
    uint8_t x = doc->toks.v[m->tok_begin].xpos;
    if (!x || x >= W5_XPOS_COUNT || strcmp(w5_xpos_names[x], "NNS") != 0)
        return 0;
    return !c->lex || !lex_flags_span(c, m->tok_begin, m->tok_end);
}

/* 1 when token t reads like a word for someone's occupation ("Bookmaker",
 * "Striker", "Novelist", "Comedian"): a word the tagger would call a
 * noun, capitalised only by the sentence start. */
static int occupation_word(const w5_doc *doc, uint32_t t)
{
    size_t n;
    const char *w = tok_str(doc, t, &n);
    if (n < 5 || !tok_cap(doc, t))
        return 0;
    for (size_t k = 1; k < n; k++)
        if (w[k] < 'a' || w[k] > 'z')
            return 0;
    const w5_title *title;
    if (w5_title_match(doc, t, t + 1, 0, &title) ||
        w5_title_match(doc, t, t + 1, W5_TITLE_HONORIFIC, &title))
        return 0;                   /* "Father Christmas", "Professor" */
    const char *end = w + n - 3;
    return (memcmp(end + 1, "er", 2) == 0 && memcmp(end, "her", 3) != 0) ||
           memcmp(end, "tor", 3) == 0 || memcmp(end, "sor", 3) == 0 ||
           memcmp(end, "ist", 3) == 0 || memcmp(end, "ian", 3) == 0;
}

/* 1 when person name m opens with an institution's word before a name
 * of at least two words with a first name ("Treasury Paul Boateng" in
 * "Chief Secretary to the Treasury Paul Boateng"; "Network Rail" and
 * "Police Bill" are no such thing) ... */
static int institution_before_name(const w5_coref *c, const w5_ment *m)
{
    const w5_doc *doc = c->doc;
    if (m->type != W5_E_PERSON || m->tok_end < m->tok_begin + 3 || !c->lex)
        return 0;
    /* ... or a common noun that only the capital of a sentence start made
     * look like a name: "Bookmaker William Hill has stopped ...",
     * "Striker Wayne Rooney" */
    int opener = m->tok_begin == doc->sents.v[m->sent].tok_begin &&
                 occupation_word(doc, m->tok_begin) &&
                 !lex_flags_span(c, m->tok_begin, m->tok_begin + 1);
    if (!opener && !(tok_in(doc, m->tok_begin, institution_suffixes) ||
                     tok_in(doc, m->tok_begin, org_suffixes)))
        return 0;
    return (lex_flags_span(c, m->tok_begin + 1, m->tok_begin + 2) &
            (W5_LEX_FIRST_MALE | W5_LEX_FIRST_FEMALE)) != 0;
}

/* 1 when tokens [b, e) are title modifiers ("Deputy", "Former Acting"). */
static int only_modifiers(const w5_doc *doc, uint32_t b, uint32_t e)
{
    const w5_title *t;
    for (uint32_t k = b; k < e;) {
        int n = w5_title_match(doc, k, e, W5_TITLE_MODIFIER, &t);
        if (!n)
            return 0;
        k += (uint32_t)n;
    }
    return b < e;
}

/* 1 when tokens [b, e) name an organisation a title can follow ("NUJ" in
 * "NUJ General Secretary"): an acronym, or what the lexicon knows as an
 * organisation or a country; not an honorific ("Lord", "Mr."). */
static int organisation_words(const w5_coref *c, uint32_t b, uint32_t e)
{
    const w5_doc *doc = c->doc;
    const w5_title *t;
    if (only_modifiers(doc, b, e))
        return 1;
    if (w5_title_match(doc, b, e, W5_TITLE_HONORIFIC, &t) || w5_title_match(doc, b, e, 0, &t))
        return 0;
    if (e == b + 1 && tok_all_caps(doc, b))
        return 1;
    return c->lex && (lex_flags_span(c, b, e) & (W5_LEX_ORG | W5_LEX_COUNTRY)) != 0;
}

/* 1 when a title of two or more words ends with token k ("Chief
 * Secretary", "General Secretary"). */
static int title_ends_here(const w5_doc *doc, uint32_t k, uint32_t sent)
{
    const w5_title *t;
    for (uint32_t b = k > 3 ? k - 3 : 0; b < k; b++)
        if (doc->toks.v[b].sent == sent && w5_title_match(doc, b, k + 1, 0, &t) == (int)(k + 1 - b))
            return 1;
    return 0;
}

/* 1 when name m stands in apposition to a noun for a place or a building
 * ("The estate where they met, Truman Hall, ..."; "his country retreat,
 * Chequers"): the name is the place's. */
static int names_a_place(const w5_doc *doc, const w5_ment *m)
{
    static const char *const place_nouns[] = {
        "estate", "property", "house", "residence", "palace", "hotel", "building",
        "venue", "retreat", "compound", "camp", "base", "prison", "castle",
        "mansion", "farm", "ranch", "villa", "stadium", "arena", "square", NULL};
    if (!(doc->stages & W5_STAGE_PARSE))
        return 0;
    /* the name's own head: up from its last word inside the name */
    uint32_t t = m->tok_end - 1;
    for (int hops = 0; hops < 4; hops++) {
        int32_t h = head_of(doc, t);
        if (h < (int32_t)m->tok_begin || h >= (int32_t)m->tok_end)
            break;
        t = (uint32_t)h;
    }
    int32_t h = head_of(doc, t);
    return h >= 0 && strcmp(deprel_of(doc, t), "appos") == 0 &&
           tok_in(doc, (uint32_t)h, place_nouns);
}

/* 1 when an "&" joins the words of name m as in a company's name ("Marsh
 * & McLennan"), not two first names ("Wyatt & Zach"). */
static int inner_ampersand(const w5_coref *c, const w5_ment *m)
{
    const uint32_t first = W5_LEX_FIRST_MALE | W5_LEX_FIRST_FEMALE;
    for (uint32_t k = m->tok_begin + 1; k + 1 < m->tok_end; k++)
        if (tok_eq(c->doc, k, "&"))
            return !(c->lex && (lex_flags_span(c, k - 1, k) & first) &&
                     (lex_flags_span(c, k + 1, k + 2) & first));
    return 0;
}

static int repair_names(w5_coref *c)
{
    w5_doc *doc = c->doc;
    size_t keep = 0, n0 = doc->ments.n;
    /* the same span twice (NER's MISC and the NORP rules' "British"):
     * keep one, the more specific type */
    for (size_t i = 0; i < n0; i++) {
        w5_ment *m = &doc->ments.v[i];
        if (keep && doc->ments.v[keep - 1].tok_begin == m->tok_begin &&
            doc->ments.v[keep - 1].tok_end == m->tok_end &&
            doc->ments.v[keep - 1].kind == m->kind) {
            w5_ment *k = &doc->ments.v[keep - 1];
            if (k->type == W5_E_MISC || (is_value_type(k->type) && !is_value_type(m->type)))
                k->type = m->type;
            continue;
        }
        doc->ments.v[keep++] = *m;
    }
    doc->ments.n = keep;
    keep = 0;
    /* split-off parts are pushed at the end and repaired in turn */
    for (size_t i = 0; i < doc->ments.n; i++) {
        w5_ment m = doc->ments.v[i];
        int drop = common_plural_opener(c, &m);
        /* "Nordfisk Holdings" as a person: an organisation's last word */
        if (m.kind == W5_MENTION_NAME && m.type == W5_E_PERSON && m.tok_end > m.tok_begin + 1 &&
            (tok_in(doc, m.tok_end - 1, org_suffixes) ||
             (tok_in(doc, m.tok_end - 1, institution_suffixes) &&
              !(c->lex && (lex_flags_span(c, m.tok_begin, m.tok_begin + 1) &
                           (W5_LEX_FIRST_MALE | W5_LEX_FIRST_FEMALE))))))
            m.type = W5_E_ORG;
        /* "Downing Street", "North Yorks" as a person: a place; "Marsh &
         * McLennan", "Procter & Gamble": a company, not two people */
        if (m.kind == W5_MENTION_NAME && m.type == W5_E_PERSON && m.tok_end > m.tok_begin + 1) {
            int first_name = c->lex && (lex_flags_span(c, m.tok_begin, m.tok_begin + 1) &
                                        (W5_LEX_FIRST_MALE | W5_LEX_FIRST_FEMALE));
            if (tok_in(doc, m.tok_end - 1, place_suffixes) ||
                (tok_in(doc, m.tok_end - 1, place_surnames) && !first_name) ||
                (tok_in(doc, m.tok_begin, compass_words) && tok_cap(doc, m.tok_begin)))
                m.type = W5_E_LOC;
            if (inner_ampersand(c, &m))
                m.type = W5_E_ORG;
        }
        if (m.kind == W5_MENTION_NAME && (m.type == W5_E_PERSON || m.type == W5_E_ORG) &&
            names_a_place(doc, &m))
            m.type = W5_E_LOC;
        /* "Karzai and Kayani" as one person: two people */
        if (m.kind == W5_MENTION_NAME && m.type == W5_E_PERSON) {
            for (uint32_t k = m.tok_begin + 1; k + 1 < m.tok_end; k++) {
                if (!tok_eq(doc, k, "and") && !tok_eq(doc, k, "&"))
                    continue;
                w5_ment second = m;
                second.tok_begin = k + 1;
                second.start = doc->toks.v[k + 1].start;
                m.tok_end = k;
                m.end = doc->toks.v[k - 1].end;
                m.head_tok = k - 1;
                if (w5_vec_push(&doc->ments, second))
                    return W5_ERR_NOMEM;
                break;
            }
        }
        if (m.kind == W5_MENTION_NAME && !is_value_type(m.type)) {
            /* "said he was glad Kayani": words before the name go */
            /* ... and for a person, an institution's ("Chief Secretary to
             * the Treasury Paul Boateng") */
            while (m.tok_begin + 1 < m.tok_end && (!name_token(doc, m.tok_begin, m.type == W5_E_PERSON) ||
                                                   tok_in(doc, m.tok_begin, name_inner_words) ||
                                                   tok_in(doc, m.tok_begin, leading_words) ||
                                                   institution_before_name(c, &m))) {
                m.tok_begin++;
                m.start = doc->toks.v[m.tok_begin].start;
            }
            /* a runaway span ("Paweł Adamowicz, mayor of ... event.")
             * keeps its name-like beginning */
            for (uint32_t k = m.tok_begin + 1; k < m.tok_end; k++) {
                if (name_token(doc, k, m.type == W5_E_PERSON))
                    continue;
                m.tok_end = k;
                while (m.tok_end > m.tok_begin + 1 &&
                       (tok_in(doc, m.tok_end - 1, name_inner_words) ||
                        !name_token(doc, m.tok_end - 1, m.type == W5_E_PERSON)))
                    m.tok_end--;
                m.end = doc->toks.v[m.tok_end - 1].end;
                m.head_tok = m.tok_end - 1;
                break;
            }
        }
        if (m.kind == W5_MENTION_NAME && !is_value_type(m.type) && m.type != W5_E_PERSON) {
            const w5_title *t;
            /* "US Secretary of State John F Kerry" as one ORG: the country
             * and the person */
            for (uint32_t k = m.tok_begin + 1; k + 1 < m.tok_end; k++) {
                int n = w5_title_match(doc, k, m.tok_end, 0, &t);
                if (!n || k + (uint32_t)n >= m.tok_end || !tok_cap(doc, k) ||
                    !tok_cap(doc, k + (uint32_t)n) || (t->flags & W5_TITLE_HONORIFIC))
                    continue;
                w5_ment person = m;
                person.tok_begin = k + (uint32_t)n;
                person.start = doc->toks.v[person.tok_begin].start;
                person.type = W5_E_PERSON;
                if (w5_vec_push(&doc->ments, person))
                    return W5_ERR_NOMEM;
                m.tok_end = k;
                m.end = doc->toks.v[k - 1].end;
                m.head_tok = k - 1;
                if (c->lex && (lex_flags_span(c, m.tok_begin, m.tok_end) & W5_LEX_COUNTRY))
                    m.type = W5_E_GPE;
                break;
            }
            /* a title at the end, right before a capitalised word, or
             * after an organisation ("NUJ General Secretary") */
            for (uint32_t k = m.tok_begin; k < m.tok_end; k++) {
                int n = w5_title_match(doc, k, m.tok_end, 0, &t);
                if (!n || k + (uint32_t)n != m.tok_end || (t->flags & W5_TITLE_HONORIFIC))
                    continue;
                if ((m.tok_end < doc->toks.n && tok_cap(doc, m.tok_end) &&
                     doc->toks.v[m.tok_end].sent == m.sent) ||
                    (k > m.tok_begin && n >= 2 && organisation_words(c, m.tok_begin, k))) {
                    /* "Deputy Chief Minister": a title all through */
                    if (only_modifiers(doc, m.tok_begin, k))
                        k = m.tok_begin;
                    if (k == m.tok_begin) {
                        drop = 1;
                    } else {
                        m.tok_end = k;
                        m.end = doc->toks.v[k - 1].end;
                        m.head_tok = k - 1;
                        if (c->lex && (lex_flags_span(c, m.tok_begin, m.tok_end) & W5_LEX_COUNTRY))
                            m.type = W5_E_GPE;
                    }
                }
                break;
            }
            /* "Deputy" (MISC) in "Deputy Mayor Nicky Gavron": a title's
             * modifier is no name */
            if (m.tok_end == m.tok_begin + 1 && m.tok_end < doc->toks.n &&
                w5_title_match(doc, m.tok_begin, m.tok_end, W5_TITLE_MODIFIER, &t) == 1 &&
                doc->toks.v[m.tok_end].sent == m.sent &&
                w5_title_match(doc, m.tok_end, (uint32_t)doc->toks.n, 0, &t))
                drop = 1;
            /* "Bookmaker" in "Bookmaker William Hill has ...", "Keeper"
             * in "Keeper Petr Cech": an occupation before a name */
            if (m.tok_end == m.tok_begin + 1 && c->lex && occupation_word(doc, m.tok_begin) &&
                !lex_flags_span(c, m.tok_begin, m.tok_end) && i + 1 < doc->ments.n &&
                doc->ments.v[i + 1].tok_begin == m.tok_end &&
                doc->ments.v[i + 1].type == W5_E_PERSON)
                drop = 1;
            /* "Secretary" in "Chief Secretary to the Treasury": the end of
             * a title is no name either */
            if (m.tok_end == m.tok_begin + 1 && title_ends_here(doc, m.tok_begin, m.sent))
                drop = 1;
            /* a person title opening the span */
            int n = drop ? 0 : w5_title_match(doc, m.tok_begin, m.tok_end, 0, &t);
            if (n && m.tok_begin + (uint32_t)n < m.tok_end &&
                tok_cap(doc, m.tok_begin + (uint32_t)n) &&
                !w5_title_match(doc, m.tok_begin, m.tok_end, W5_TITLE_ORG, &t))
                m.type = W5_E_PERSON;
            /* "General Kayani" with the title outside the span */
            if (!drop && m.type != W5_E_PERSON && title_ends_at(doc, m.tok_begin, m.sent))
                m.type = W5_E_PERSON;
            /* "Khan, Afghanistan's minister of defence" */
            if (!drop && m.type != W5_E_PERSON && m.type != W5_E_GPE &&
                m.tok_end + 1 < doc->toks.n && tok_eq(doc, m.tok_end, ",") &&
                title_phrase_at(doc, m.tok_end + 1))
                m.type = W5_E_PERSON;
            if (!drop && c->lex && m.type != W5_E_PERSON &&
                (m.type == W5_E_MISC || m.type == W5_E_ORG) &&
                m.tok_end - m.tok_begin >= 2 && m.tok_end - m.tok_begin <= 4) {
                int first = lex_flags_span(c, m.tok_begin, m.tok_begin + 1);
                int last = lex_flags_span(c, m.tok_end - 1, m.tok_end);
                int whole = lex_flags_span(c, m.tok_begin, m.tok_end);
                /* "Christian Democratic Union", "Supreme Court": a first
                 * name, and a last word some family bears, but an
                 * organisation's */
                if ((first & (W5_LEX_FIRST_MALE | W5_LEX_FIRST_FEMALE)) &&
                    !inner_ampersand(c, &m) &&
                    (last & W5_LEX_SURNAME) && !tok_in(doc, m.tok_end - 1, org_suffixes) &&
                    !tok_in(doc, m.tok_end - 1, institution_suffixes) &&
                    !(whole & (W5_LEX_ORG | W5_LEX_COUNTRY | W5_LEX_CITY | W5_LEX_ADMIN1)))
                    m.type = W5_E_PERSON;
            }
        }
        if (!drop)
            doc->ments.v[keep++] = m;
    }
    doc->ments.n = keep;
    if (keep > 1)
        sort_ments(doc->ments.v, keep);
    /* "Bismillah" (ORG) + "Mohammadi Khan" (PERSON), nothing between:
     * one person's name cut in two */
    keep = 0;
    for (size_t i = 0; i < doc->ments.n; i++) {
        w5_ment *m = &doc->ments.v[i];
        if (keep && hyphen_joined(c, &doc->ments.v[keep - 1], m)) {
            w5_ment *a = &doc->ments.v[keep - 1];
            if (m->type == W5_E_ORG)
                a->type = W5_E_ORG;
            a->tok_end = m->tok_end;
            a->end = m->end;
            a->head_tok = m->head_tok;
            continue;
        }
        if (keep) {
            w5_ment *a = &doc->ments.v[keep - 1];
            if (a->kind == W5_MENTION_NAME && m->kind == W5_MENTION_NAME &&
                m->type == W5_E_PERSON && (a->type == W5_E_ORG || a->type == W5_E_MISC) &&
                a->tok_end == m->tok_begin && a->tok_end == a->tok_begin + 1 &&
                !tok_all_caps(doc, a->tok_begin) &&
                !(occupation_word(doc, a->tok_begin) && c->lex &&
                  !lex_flags_span(c, a->tok_begin, a->tok_end)) &&
                !tok_in(doc, a->tok_begin, institution_suffixes) &&
                !tok_in(doc, a->tok_begin, org_suffixes) &&
                !(c->lex && (lex_flags_span(c, a->tok_begin, a->tok_end) &
                             (W5_LEX_COUNTRY | W5_LEX_DEMONYM | W5_LEX_ORG)))) {
                a->tok_end = m->tok_end;
                a->end = m->end;
                a->head_tok = m->head_tok;
                a->type = W5_E_PERSON;
                continue;
            }
            /* "Recep Tayyip" + "Erdogan", nothing between: one person */
            if (a->kind == W5_MENTION_NAME && m->kind == W5_MENTION_NAME &&
                a->type == W5_E_PERSON && m->type == W5_E_PERSON &&
                a->tok_end == m->tok_begin && a->sent == m->sent &&
                m->tok_end - a->tok_begin <= 5) {
                a->tok_end = m->tok_end;
                a->end = m->end;
                a->head_tok = m->head_tok;
                continue;
            }
        }
        doc->ments.v[keep++] = *m;
    }
    doc->ments.n = keep;
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* "Carlos Mendoza ... Mendoza's lawyer": a one-word name typed a place or
 * an organisation (Mendoza is a city too) that is the last word of a
 * person named before is that person. Countries keep their type. */
static int surnames_as_people(w5_coref *c)
{
    w5_doc *doc = c->doc;
    W5_VEC(uint64_t) last = {0};
    for (size_t i = 0; i < doc->ments.n; i++) {
        const w5_ment *m = &doc->ments.v[i];
        if (m->kind == W5_MENTION_NAME && m->type == W5_E_PERSON && m->tok_end >= m->tok_begin + 2) {
            size_t n;
            const char *s = tok_str(doc, m->tok_end - 1, &n);
            if (w5_vec_push(&last, w5_hash_bytes(s, n, 0))) {
                w5_vec_free(&last);
                return W5_ERR_NOMEM;
            }
        }
    }
    if (!last.n)
        return 0;
    qsort(last.v, last.n, sizeof *last.v, cmp_u64);
    uint32_t first_person = UINT32_MAX;
    for (size_t i = 0; i < doc->ments.n; i++) {
        w5_ment *m = &doc->ments.v[i];
        if (m->kind == W5_MENTION_NAME && m->type == W5_E_PERSON && m->tok_end >= m->tok_begin + 2 &&
            first_person == UINT32_MAX)
            first_person = m->start;
        if (m->kind != W5_MENTION_NAME || m->tok_end != m->tok_begin + 1 || m->start < first_person ||
            (m->type != W5_E_LOC && m->type != W5_E_GPE && m->type != W5_E_ORG && m->type != W5_E_MISC))
            continue;
        if (c->lex && (lex_flags_span(c, m->tok_begin, m->tok_end) & W5_LEX_COUNTRY))
            continue;
        size_t n;
        const char *s = tok_str(doc, m->tok_begin, &n);
        uint64_t h = w5_hash_bytes(s, n, 0);
        if (bsearch(&h, last.v, last.n, sizeof *last.v, cmp_u64))
            m->type = W5_E_PERSON;
    }
    w5_vec_free(&last);
    return 0;
}

/* With tags: runs of proper nouns no name mention covers ("Scripture",
 * "Chequers") become MISC names, so they too can be linked; a title
 * ("State" of "Secretary of State") or a lone initial is left out. Runs
 * before the repairs, so "Jalil" before the person "Abbas Jilani" joins
 * it. */
static int add_proper_nouns(w5_coref *c)
{
    w5_doc *doc = c->doc;
    size_t ntok = doc->toks.n, nnames = doc->ments.n;
    if (!(doc->stages & W5_STAGE_TAGS) || !ntok)
        return 0;
    uint8_t *covered = calloc(ntok, 1);
    if (!covered)
        return W5_ERR_NOMEM;
    for (size_t k = 0; k < nnames; k++)
        for (uint32_t t = doc->ments.v[k].tok_begin; t < doc->ments.v[k].tok_end; t++)
            covered[t] = 1;
    /* one-word dates by their token, for "Super Tuesday" below */
    int32_t *date_at = malloc(ntok * sizeof *date_at);
    uint8_t *drop = calloc(nnames + 1, 1);
    if (!date_at || !drop) {
        free(covered);
        free(date_at);
        free(drop);
        return W5_ERR_NOMEM;
    }
    for (size_t t = 0; t < ntok; t++)
        date_at[t] = -1;
    for (size_t k = 0; k < nnames; k++) {
        const w5_ment *m = &doc->ments.v[k];
        if (m->type == W5_E_DATE && m->tok_end == m->tok_begin + 1)
            date_at[m->tok_begin] = (int32_t)k;
    }
    int rc = 0;
    for (uint32_t i = 0; i < ntok && !rc;) {
        if (covered[i] || !upos_is(doc, i, W5_UPOS_PROPN) || !tok_cap(doc, i)) {
            i++;
            continue;
        }
        uint32_t e = i + 1;
        while (e < ntok && !covered[e] && upos_is(doc, e, W5_UPOS_PROPN) &&
               doc->toks.v[e].sent == doc->toks.v[i].sent)
            e++;
        /* "Super Tuesday", "Black Friday": proper nouns right before a
         * one-word date name the day; the date rule took "Tuesday" for
         * the coming one. (A name mention before a weekday stays apart:
         * "The Senate Tuesday approved ...".) */
        if (e < ntok && date_at[e] >= 0 && doc->toks.v[e].sent == doc->toks.v[i].sent &&
            tok_cap(doc, e)) {
            drop[date_at[e]] = 1;
            e++;
        }
        int skip = 0;
        const w5_title *t;
        for (uint32_t k = i > 3 ? i - 3 : 0; k <= i && !skip; k++) {
            int n = w5_title_match(doc, k, (uint32_t)ntok, 0, &t);
            skip = n && k + (uint32_t)n >= e;
        }
        size_t n0;
        tok_str(doc, i, &n0);
        if (e == i + 1 && n0 < 2)
            skip = 1;
        if (!skip)
            rc = add_ment(doc, i, e, W5_E_MISC, W5_MENTION_NAME);
        else if (e > i && date_at[e - 1] >= 0)
            drop[date_at[e - 1]] = 0;   /* no name made: the date stays */
        i = e;
    }
    /* the dates that became part of a name go */
    size_t kept = 0;
    for (size_t k = 0; k < doc->ments.n; k++)
        if (k >= nnames || !drop[k])
            doc->ments.v[kept++] = doc->ments.v[k];
    doc->ments.n = kept;
    free(covered);
    free(date_at);
    free(drop);
    if (!rc && doc->ments.n > 1)
        sort_ments(doc->ments.v, doc->ments.n);
    return rc;
}

static uint64_t span_hash(const w5_doc *doc, uint32_t b, uint32_t e);

typedef struct name_key {
    uint64_t hash;
    uint32_t ment;
} name_key;

static int name_key_cmp(const void *a, const void *b)
{
    const name_key *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return x->ment < y->ment ? -1 : x->ment > y->ment;
}

/* Gives the names [b, e) of keys (one spelling) the type most of them
 * have, when most do; a name after a title keeps its own. */
static void vote_type(w5_doc *doc, const name_key *keys, size_t b, size_t e)
{
    enum { TYPES = 32 };
    unsigned votes[TYPES] = {0}, total = 0;
    for (size_t k = b; k < e; k++) {
        const w5_ment *m = &doc->ments.v[keys[k].ment];
        unsigned w = title_ends_at(doc, m->tok_begin, m->sent) ? 3 : 1;
        if (m->type < TYPES) {
            votes[m->type] += w;
            total += w;
        }
    }
    unsigned best = 0;
    for (unsigned t = 1; t < TYPES; t++)
        if (votes[t] > votes[best])
            best = t;
    if (votes[best] * 2 <= total)
        return;
    for (size_t k = b; k < e; k++) {
        w5_ment *m = &doc->ments.v[keys[k].ment];
        if (!title_ends_at(doc, m->tok_begin, m->sent))
            m->type = (uint8_t)best;
    }
}

/* One sense per discourse: a name spelled the same way is one kind of
 * thing throughout a text. The statistical NER types "Labour" a person in
 * "press Labour" and an organisation elsewhere (127 of 631 times in the
 * BBC sample); the type most of its mentions have wins. */
static int one_type_per_name(w5_coref *c)
{
    w5_doc *doc = c->doc;
    name_key *keys = malloc((doc->ments.n ? doc->ments.n : 1) * sizeof *keys);
    if (!keys)
        return W5_ERR_NOMEM;
    size_t n = 0;
    for (uint32_t i = 0; i < doc->ments.n; i++) {
        const w5_ment *m = &doc->ments.v[i];
        if (m->kind == W5_MENTION_NAME && !is_value_type(m->type))
            keys[n++] = (name_key){span_hash(doc, m->tok_begin, m->tok_end), i};
    }
    qsort(keys, n, sizeof *keys, name_key_cmp);
    for (size_t b = 0, e; b < n; b = e) {
        for (e = b + 1; e < n && keys[e].hash == keys[b].hash; e++)
            ;
        if (e - b >= 2)
            vote_type(doc, keys, b, e);
    }
    free(keys);
    return 0;
}

/* "Afghan officials", "US officials", "Labour officials": a people's, a
 * country's or an organisation's office holders, a plural mention for
 * "they" to find. Name
 * mention k starts at token i; nothing is added when the title is a
 * modifier of a noun after it ("US officials' statement" is kept). */
static int add_office_holders(w5_doc *doc, uint32_t k, uint32_t i, uint32_t se,
                              const uint8_t *covered)
{
    const w5_ment *nm = &doc->ments.v[k];
    if (nm->tok_begin != i ||
        (nm->type != W5_E_NORP && nm->type != W5_E_GPE && nm->type != W5_E_LOC &&
         nm->type != W5_E_ORG && nm->type != W5_E_MISC) ||
        nm->tok_end >= se || covered[nm->tok_end])
        return 0;
    /* "Afghan and Pakistani leaders": the peoples take part themselves */
    if (i > 0 && (tok_eq(doc, i - 1, "and") || tok_eq(doc, i - 1, "or") ||
                  tok_eq(doc, i - 1, ",")))
        return 0;
    const w5_title *t;
    uint32_t j = nm->tok_end;
    int n = w5_title_match(doc, j, se, 0, &t);
    if (!n && doc->toks.v[j].lemma) {         /* "leaders": by its lemma */
        const char *lemma = w5_strpool_get(&doc->pool, doc->toks.v[j].lemma);
        t = w5_title_word(lemma, strlen(lemma));
        n = t && !(t->flags & (W5_TITLE_MODIFIER | W5_TITLE_ORG));
    }
    if (!n || (t->flags & W5_TITLE_HONORIFIC))
        return 0;
    uint32_t end = j + (uint32_t)n;
    uint8_t x = doc->toks.v[end - 1].xpos;
    if (!x || x >= W5_XPOS_COUNT || strcmp(w5_xpos_names[x], "NNS") != 0 ||
        (end < se && (upos_is(doc, end, W5_UPOS_NOUN) || upos_is(doc, end, W5_UPOS_PROPN))))
        return 0;
    return add_ment(doc, i, end, W5_E_PERSON, W5_MENTION_NOMINAL);
}

static int build_mentions(w5_coref *c)
{
    w5_doc *doc = c->doc;
    pronoun_index pix;
    pronoun_index_init(&pix);
    size_t ntok = doc->toks.n;
    /* Forget mentions an earlier run added: coref owns the non-names.
     * Names with a token range that does not fit the tokens are dropped;
     * byte offsets and sentence numbers are taken from the tokens. */
    size_t keep = 0;
    for (size_t i = 0; i < doc->ments.n; i++) {
        w5_ment *m = &doc->ments.v[i];
        if (m->kind != W5_MENTION_NAME || m->tok_begin >= m->tok_end || m->tok_end > ntok)
            continue;
        m->sent = doc->toks.v[m->tok_begin].sent;
        if (m->sent >= doc->sents.n)
            continue;
        doc->ments.v[keep++] = *m;
    }
    doc->ments.n = keep;
    if (doc->ments.n > 1)
        sort_ments(doc->ments.v, doc->ments.n);
    if (add_proper_nouns(c))
        return W5_ERR_NOMEM;
    if (repair_names(c) || one_type_per_name(c))
        return W5_ERR_NOMEM;
    if (surnames_as_people(c))
        return W5_ERR_NOMEM;

    uint8_t *covered = calloc(ntok ? ntok : 1, 1);
    int32_t *name_at = malloc((ntok ? ntok : 1) * sizeof *name_at);
    if (!covered || !name_at) {
        free(covered);
        free(name_at);
        return W5_ERR_NOMEM;
    }
    for (size_t i = 0; i < ntok; i++)
        name_at[i] = -1;
    size_t nnames = doc->ments.n;
    for (size_t k = 0; k < nnames; k++) {
        const w5_ment *m = &doc->ments.v[k];
        for (uint32_t t = m->tok_begin; t < m->tok_end && t < ntok; t++) {
            covered[t] = 1;
            if (name_at[t] < 0)
                name_at[t] = (int32_t)k;
        }
    }
    int rc = 0;
    int tags = (doc->stages & W5_STAGE_TAGS) != 0;
    for (uint32_t s = 0; s < doc->sents.n && !rc; s++) {
        uint32_t sb = doc->sents.v[s].tok_begin, se = doc->sents.v[s].tok_end;
        for (uint32_t i = sb; i < se && !rc; i++) {
            if (covered[i]) {
                if (tags && name_at[i] >= 0)
                    rc = add_office_holders(doc, (uint32_t)name_at[i], i, se, covered);
                continue;
            }
            int p = pronoun_of(&pix, doc, i);
            if (p) {
                if (tags && !upos_is(doc, i, W5_UPOS_PRON) &&
                    !upos_is(doc, i, W5_UPOS_DET))
                    continue;
                if (p == 9 /* it */ && pleonastic_it(doc, i, se))
                    continue;
                int type = pronouns[p - 1].gender == W5_GENDER_MALE ||
                                   pronouns[p - 1].gender == W5_GENDER_FEMALE
                               ? W5_E_PERSON
                               : W5_E_NONE;
                rc = add_ment(doc, i, i + 1, type, W5_MENTION_PRONOUN);
                continue;
            }
            /* "Karzai's spokesman": a name, 's, optional modifiers, a title,
             * not followed by a person's name (then it is a premodifier). */
            if (tok_is_possessive(doc, i) && i > sb && name_at[i - 1] >= 0) {
                const w5_ment *owner = &doc->ments.v[name_at[i - 1]];
                if (owner->tok_end != i || is_value_type(owner->type))
                    continue;
                uint32_t k = i + 1;
                const w5_title *t, *tm;
                int nm;
                while (k < se && !w5_title_match_both(doc, k, se, &t, &nm, &tm) && nm == 1)
                    k++;
                int n = w5_title_match(doc, k, se, 0, &t);
                if (!n || (t->flags & W5_TITLE_HONORIFIC))
                    continue;
                uint32_t end = k + (uint32_t)n;
                if (end < se && tok_cap(doc, end) && covered[end])
                    continue;
                rc = add_ment(doc, owner->tok_begin, end, W5_E_PERSON,
                              W5_MENTION_NOMINAL);
                continue;
            }
            /* "the general", "the senior American commander", "the company" */
            if (tok_eq(doc, i, "the") && i + 1 < se) {
                uint32_t k = i + 1;
                const w5_title *t;
                int guard = 0;
                while (k < se && guard++ < 3) {
                    const w5_title *tm;
                    int nm;
                    if (w5_title_match_both(doc, k, se, &t, &nm, &tm))
                        break;
                    /* "the city's mayor" (but "the club's manager" is
                     * first "the club") */
                    if (!covered[k] && !tok_cap(doc, k) && k + 2 < se &&
                        tok_is_possessive(doc, k + 1) && !tok_in(doc, k, org_nouns) &&
                        !tok_in(doc, k, country_nouns)) {
                        k += 2;
                        continue;
                    }
                    if (nm ||
                        (covered[k] && name_at[k] >= 0 &&
                         doc->ments.v[name_at[k]].type != W5_E_PERSON) ||
                        (tags && upos_is(doc, k, W5_UPOS_ADJ)) ||
                        /* "the engine maker", "the oil company" */
                        (tags && k + 1 < se && !tok_cap(doc, k) &&
                         upos_is(doc, k, W5_UPOS_NOUN) && tok_in(doc, k + 1, org_nouns)))
                        k++;
                    else
                        break;
                }
                if (k >= se)
                    continue;
                int n = w5_title_match(doc, k, se, 0, &t);
                int type = W5_E_PERSON;
                if (n && (t->flags & W5_TITLE_HONORIFIC))
                    n = 0;
                if (!n && !covered[k] && !tok_cap(doc, k)) {
                    if (tok_in(doc, k, org_nouns))
                        n = 1, type = W5_E_ORG;
                    else if (tok_in(doc, k, country_nouns))
                        n = 1, type = W5_E_GPE;
                }
                if (!n)
                    continue;
                uint32_t end = k + (uint32_t)n;
                if (covered[end - 1])
                    continue;
                /* "the President Barack Obama": a title before a name */
                if (end < se && covered[end] && name_at[end] >= 0 &&
                    doc->ments.v[name_at[end]].type == W5_E_PERSON)
                    continue;
                /* "the group's" is still a mention; "the party leader" is not */
                if (end < se && tags && upos_is(doc, end, W5_UPOS_NOUN))
                    continue;
                rc = add_ment(doc, i, end, type, W5_MENTION_NOMINAL);
            }
        }
    }
    /* "Karzai and Kayani": a plural mention for "they" to find */
    for (size_t k = 0; k + 1 < nnames && !rc; k++) {
        const w5_ment *a = &doc->ments.v[k], *b = &doc->ments.v[k + 1];
        if (a->type == W5_E_PERSON && b->type == W5_E_PERSON && a->sent == b->sent &&
            b->tok_begin == a->tok_end + 1 && tok_eq(doc, a->tok_end, "and"))
            rc = add_ment(doc, a->tok_begin, b->tok_end, W5_E_PERSON, W5_MENTION_NOMINAL);
    }
    free(covered);
    free(name_at);
    if (rc)
        return rc;
    if (doc->ments.n > 1)
        sort_ments(doc->ments.v, doc->ments.n);
    return 0;
}

/* ---- mention attributes ------------------------------------------------- */

static const char *const verbish[] = {
    "said", "says", "say", "told", "tells", "added", "asked", "is", "was",
    "are", "were", "has", "had", "have", "will", "would", "could", "can",
    "may", "might", "should", "did", "does", "do", "met", "called", "emerged",
    "wants", "wanted", "announced", "spoke", "urged", "insisted", "warned",
    "denied", "accused", "agreed", "believes", "believed", "thinks",
    "thought", "went", "came", "made", "took", "gave", "also", "must",
    "escorted", "sought", "won", "lost", "left", "became", "returned",
    "visited", "joined", "launched", "started", "began", "ordered", NULL};

static const char *const speech_verbs[] = {
    "said", "says", "say", "told", "tells", "tell", "added", "adds", "asked",
    "asks", "explained", "insisted", "warned", "stressed", "noted", "wrote",
    "writes", "declared", "announced", "replied", "continued", "argued",
    "according", "admitted", "conceded", "claimed", "recalled", NULL};

/* Grammatical role of a mention: 1 subject, 2 object, 0 other. */
static int gram_role(const w5_coref *c, uint32_t mi)
{
    const w5_doc *doc = c->doc;
    const w5_ment *m = &doc->ments.v[mi];
    uint32_t h = m->head_tok;
    if (doc->stages & W5_STAGE_PARSE) {
        const char *d = deprel_of(doc, h);
        if (starts_with(d, "nsubj"))
            return 1;
        if (strcmp(d, "obj") == 0 || strcmp(d, "iobj") == 0)
            return 2;
        return 0;
    }
    if (m->kind == W5_MENTION_PRONOUN) {
        int p = c->info[mi].pron;
        if (p && (pronouns[p - 1].cases & PC_SUBJ) &&
            !(pronouns[p - 1].cases & PC_OBJ))
            return 1;
        if (p && (pronouns[p - 1].cases & PC_OBJ) &&
            !(pronouns[p - 1].cases & PC_SUBJ))
            return 2;
    }
    uint32_t after = m->tok_end, se = doc->sents.v[m->sent].tok_end;
    if (after < se && m->kind == W5_MENTION_PRONOUN && !*upos_of(doc, after)) {
        /* "said it welcomed": a past-tense-looking word after "it" */
        size_t n;
        const char *w = tok_str(doc, after, &n);
        if (n > 3 && is_lower(w[0]) && w[n - 2] == 'e' && w[n - 1] == 'd')
            return 1;
    }
    if (after < se && (tok_in(doc, after, verbish) ||
                       strcmp(upos_of(doc, after), "VERB") == 0 ||
                       strcmp(upos_of(doc, after), "AUX") == 0))
        return 1;
    if (after + 1 < se && tok_eq(doc, after, ",") && tok_eq(doc, after + 1, "who"))
        return 1;
    /* the first mention of a sentence, before any verb */
    uint32_t sb = doc->sents.v[m->sent].tok_begin;
    for (uint32_t k = sb; k < m->tok_begin; k++) {
        if (tok_in(doc, k, verbish) || strcmp(upos_of(doc, k), "VERB") == 0)
            return 0;
    }
    return mi == 0 || doc->ments.v[mi - 1].sent != m->sent ||
           doc->ments.v[mi - 1].tok_end <= sb;
}

/* Head token: with a parse, the span's token whose head lies outside it;
 * without one, the last token of a name, the title of a description. */
static uint32_t find_head(const w5_doc *doc, const w5_ment *m)
{
    if (doc->stages & W5_STAGE_PARSE) {
        for (uint32_t i = m->tok_begin; i < m->tok_end; i++) {
            int32_t h = doc->toks.v[i].head;
            if (h < (int32_t)m->tok_begin || h >= (int32_t)m->tok_end)
                return i;
        }
    }
    uint32_t e = m->tok_end;
    while (e > m->tok_begin + 1 && tok_is_possessive(doc, e - 1))
        e--;
    return e - 1;
}

/* Marks tokens inside quotation marks with the quotation's number. */
static int find_quotes(w5_coref *c)
{
    const w5_doc *doc = c->doc;
    int32_t cur = -1, next = 0;
    uint32_t para = (uint32_t)-1;
    for (uint32_t i = 0; i < doc->toks.n; i++) {
        uint32_t p = doc->sents.n ? doc->sents.v[doc->toks.v[i].sent].para : 0;
        if (p != para || (doc->toks.v[i].flags & W5_TOKEN_PARA_START)) {
            cur = -1;
            para = p;
        }
        size_t n;
        const char *s = tok_str(doc, i, &n);
        int open = (n == 3 && memcmp(s, "\xE2\x80\x9C", 3) == 0) ||
                   (n == 2 && memcmp(s, "``", 2) == 0);
        int close = (n == 3 && memcmp(s, "\xE2\x80\x9D", 3) == 0) ||
                    (n == 2 && memcmp(s, "''", 2) == 0);
        if (n == 1 && s[0] == '"') {
            open = cur < 0;
            close = cur >= 0;
        }
        if (open && cur < 0) {
            cur = next++;
            c->quote_of[i] = -1;
            continue;
        }
        if (close) {
            cur = -1;
            c->quote_of[i] = -1;
            continue;
        }
        c->quote_of[i] = cur;
    }
    c->nquotes = next;
    /* first token of each quotation (UINT32_MAX if it holds none) */
    c->quote_first = malloc(((size_t)next + 1) * sizeof *c->quote_first);
    if (!c->quote_first)
        return W5_ERR_NOMEM; /* not skipped: the output would depend on memory */
    for (int32_t q = 0; q < next; q++)
        c->quote_first[q] = UINT32_MAX;
    for (uint32_t i = doc->toks.n; i-- > 0;)
        if (c->quote_of[i] >= 0)
            c->quote_first[c->quote_of[i]] = i;
    return 0;
}

static void gender_from_lexicon(w5_coref *c, uint32_t mi)
{
    const w5_doc *doc = c->doc;
    minfo *f = &c->info[mi];
    const w5_ment *m = &doc->ments.v[mi];
    /* an honorific or gendered title right before or inside the span */
    for (uint32_t k = m->tok_begin > 3 ? m->tok_begin - 3 : 0; k < f->name_b; k++) {
        const w5_title *t;
        int n = w5_title_match(doc, k, f->name_b, 0, &t);
        if (n && k + (uint32_t)n == f->name_b && (t->flags & (W5_TITLE_MALE | W5_TITLE_FEMALE))) {
            f->gender = (t->flags & W5_TITLE_MALE) ? W5_GENDER_MALE : W5_GENDER_FEMALE;
            return;
        }
    }
    if (!c->lex || f->name_e <= f->name_b + 1)
        return;
    size_t n;
    const char *s = tok_str(doc, f->name_b, &n);
    uint32_t fl = w5_lexicon_flags(c->lex, s, n);
    int male = (fl & W5_LEX_FIRST_MALE) != 0, female = (fl & W5_LEX_FIRST_FEMALE) != 0;
    if (male != female) {
        f->gender = male ? W5_GENDER_MALE : W5_GENDER_FEMALE;
        f->gender_prior = 1;
    }
}

/* 1 when the word before a title at k makes it another office: "Deputy
 * Mayor Nicky Gavron" is not "the mayor" ("the former president" is still
 * the former president). */
static int subordinate_title(const w5_doc *doc, uint32_t k, uint32_t from)
{
    static const char *const subordinate[] = {"deputy", "vice", "assistant", "associate",
                                              NULL};
    return k > from && tok_in(doc, k - 1, subordinate);
}

/* The office class of a title right before the mention ("General Kayani")
 * or of a description's head ("the general"). */
static void title_class(w5_coref *c, uint32_t mi)
{
    const w5_doc *doc = c->doc;
    minfo *f = &c->info[mi];
    const w5_ment *m = &doc->ments.v[mi];
    const w5_title *t;
    if (m->kind == W5_MENTION_NOMINAL) {
        for (uint32_t k = m->tok_begin; k < m->tok_end; k++) {
            int n = w5_title_match(doc, k, m->tok_end, 0, &t);
            if (n && k + (uint32_t)n == m->tok_end) {
                f->title_cls = subordinate_title(doc, k, m->tok_begin) ? 0 : t->cls;
                return;
            }
        }
        return;
    }
    if (m->type != W5_E_PERSON)
        return;
    uint32_t lo = m->tok_begin > 6 ? m->tok_begin - 6 : 0;
    for (uint32_t k = lo; k < f->name_b; k++) {
        int n = w5_title_match(doc, k, f->name_b, 0, &t);
        if (n && k + (uint32_t)n == f->name_b && t->cls) {
            f->title_cls = subordinate_title(doc, k, lo) ? 0 : t->cls;
            return;
        }
    }
}

static int analyse_mentions(w5_coref *c)
{
    w5_doc *doc = c->doc;
    pronoun_index pix;
    pronoun_index_init(&pix);
    for (uint32_t i = 0; i < doc->ments.n; i++) {
        w5_ment *m = &doc->ments.v[i];
        minfo *f = &c->info[i];
        memset(f, 0, sizeof *f);
        f->quote = c->quote_of[m->tok_begin];
        m->head_tok = find_head(doc, m);
        m->entity = -1;
        if (m->kind == W5_MENTION_PRONOUN) {
            f->pron = (uint8_t)pronoun_of(&pix, doc, m->tok_begin);
            const pronoun *p = &pronouns[f->pron - 1];
            f->person = p->person;
            f->gender = p->gender;
            f->plural = p->plural;
            f->name_b = m->tok_begin;
            f->name_e = m->tok_end;
        } else {
            w5_coref_name_span(doc, m, &f->name_b, &f->name_e);
            if (m->kind == W5_MENTION_NAME && m->type == W5_E_PERSON)
                gender_from_lexicon(c, i);
            if (m->kind == W5_MENTION_NOMINAL && !tok_eq(doc, m->tok_begin, "the") &&
                !tok_is_possessive(doc, m->tok_begin + 1)) {
                for (uint32_t k = m->tok_begin; k < m->tok_end; k++)
                    if (tok_eq(doc, k, "and"))
                        f->coord = 1;
                if (f->coord)
                    f->plural = 1;
            }
            /* "Afghan leaders", "the officials": a plural head noun */
            if (m->kind == W5_MENTION_NOMINAL && m->head_tok < doc->toks.n) {
                uint8_t x = doc->toks.v[m->head_tok].xpos;
                if (x && x < W5_XPOS_COUNT && strcmp(w5_xpos_names[x], "NNS") == 0)
                    f->plural = 1;
            }
            if (m->kind == W5_MENTION_NOMINAL && m->type == W5_E_PERSON && !f->coord) {
                const w5_title *t;
                for (uint32_t k = m->tok_begin; k < m->tok_end; k++)
                    if (w5_title_match(doc, k, m->tok_end, 0, &t) &&
                        (t->flags & (W5_TITLE_MALE | W5_TITLE_FEMALE)))
                        f->gender = (t->flags & W5_TITLE_MALE) ? W5_GENDER_MALE
                                                               : W5_GENDER_FEMALE;
            }
            if (m->kind == W5_MENTION_NAME && (m->type == W5_E_NORP || m->type == W5_E_MISC)) {
                size_t n;
                const char *s = tok_str(doc, m->tok_end - 1, &n);
                /* "Pakistanis", "Afghans": people, plural */
                f->plural = n > 3 && s[n - 1] == 's' && s[n - 2] != 's' && m->tok_end == m->tok_begin + 1;
            }
            title_class(c, i);
        }
        f->role = (uint8_t)gram_role(c, i);
    }
    return 0;
}

/* ---- clusters ------------------------------------------------------------ */

uint32_t w5_coref_find(w5_coref *c, uint32_t i)
{
    while (c->parent[i] != i) {
        c->parent[i] = c->parent[c->parent[i]];
        i = c->parent[i];
    }
    return i;
}

/* Root attributes from one mention. */
static void cluster_init(w5_coref *c, uint32_t i)
{
    const w5_ment *m = &c->doc->ments.v[i];
    const minfo *f = &c->info[i];
    cluster *k = &c->cl[i];
    memset(k, 0, sizeof *k);
    k->type = m->type;
    k->named = m->kind == W5_MENTION_NAME;
    k->nominal = m->kind == W5_MENTION_NOMINAL && !f->coord;
    k->coord_only = f->coord;
    k->person = f->person;
    k->plural = f->plural;
    k->any_plural = f->plural;
    k->named_plural = f->plural && k->named;
    k->size = 1;
    k->last = i;
    if (f->gender_prior)
        *(f->gender == W5_GENDER_MALE ? &k->prior_male : &k->prior_female) = 1;
    else if (f->gender == W5_GENDER_MALE)
        k->male = 1;
    else if (f->gender == W5_GENDER_FEMALE)
        k->female = 1;
    else if (f->gender == W5_GENDER_NEUTER)
        k->neuter = 1;
    if (f->title_cls && f->title_cls < 64)
        k->titles = 1ull << f->title_cls;
    k->first_tok = -1;
    /* ("de Blasio" and "Connick Jr" have no first name) */
    if (m->kind == W5_MENTION_NAME && m->type == W5_E_PERSON &&
        surname_end(c->doc, f->name_b, f->name_e) >= f->name_b + 2 &&
        !tok_in(c->doc, f->name_b, person_inner_words))
        k->first_tok = (int32_t)f->name_b;
}

/* The type a cluster shows to agreement checks: a name's type wins. */
static int better_type(const w5_coref *c, const cluster *a, const cluster *b)
{
    (void)c;
    if (a->named != b->named)
        return a->named ? a->type : b->type;
    if (a->type == W5_E_NONE)
        return b->type;
    if ((a->type == W5_E_NORP || a->type == W5_E_MISC) && b->type != W5_E_NONE &&
        b->type != W5_E_NORP && b->type != W5_E_MISC)
        return b->type;
    return a->type;
}

void w5_coref_union(w5_coref *c, uint32_t a, uint32_t b)
{
    a = w5_coref_find(c, a);
    b = w5_coref_find(c, b);
    if (a == b)
        return;
    if (b < a) {
        uint32_t t = a;
        a = b;
        b = t;
    }
    cluster *x = &c->cl[a], *y = &c->cl[b];
    x->type = (uint8_t)better_type(c, x, y);
    x->named |= y->named;
    x->nominal |= y->nominal;
    x->coord_only = x->coord_only && y->coord_only;
    if (!x->person || (y->person && y->person < x->person))
        x->person = y->person ? y->person : x->person;
    if (x->named || x->nominal)
        x->person = 0;
    x->named_plural |= y->named_plural;
    x->any_plural |= y->any_plural;
    x->plural = x->named ? x->named_plural : x->any_plural;
    x->male += y->male;
    x->female += y->female;
    x->neuter += y->neuter;
    x->prior_male += y->prior_male;
    x->prior_female += y->prior_female;
    x->titles |= y->titles;
    x->size += y->size;
    if (y->last > x->last)
        x->last = y->last;
    if (x->first_tok < 0)
        x->first_tok = y->first_tok;
    c->parent[b] = a;
}

static int has_gender_evidence(const cluster *k)
{
    return k->male + k->female + k->neuter > 0;
}

/* The cluster's gender: the votes of titles, pronouns and first names. */
static int cluster_gender(const cluster *k)
{
    unsigned male = k->male + k->prior_male, female = k->female + k->prior_female;
    if (male > female && male >= k->neuter)
        return W5_GENDER_MALE;
    if (female > male && female >= k->neuter)
        return W5_GENDER_FEMALE;
    if (k->neuter > male + female)
        return W5_GENDER_NEUTER;
    return W5_GENDER_UNKNOWN;
}


/* ---- name keys ------------------------------------------------------------ */

/* Lower-case hash of the tokens [b, e), full stops dropped. */
static uint64_t span_hash(const w5_doc *doc, uint32_t b, uint32_t e)
{
    uint64_t h = 1469598103934665603ull;
    for (uint32_t i = b; i < e; i++) {
        size_t n;
        const char *s = tok_str(doc, i, &n);
        for (size_t k = 0; k < n; k++) {
            if (s[k] == '.')
                continue;
            h ^= (unsigned char)lower(s[k]);
            h *= 1099511628211ull;
        }
        h ^= ' ';
        h *= 1099511628211ull;
    }
    return h;
}

static uint64_t str_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t k = 0; k < n; k++) {
        if (s[k] == '.')
            continue;
        h ^= (unsigned char)(s[k] == ' ' ? ' ' : lower(s[k]));
        h *= 1099511628211ull;
    }
    h ^= ' ';
    h *= 1099511628211ull;
    return h;
}

typedef struct keyed {
    uint64_t key;
    uint32_t ment;
    uint32_t flag;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->flag != y->flag)
        return x->flag < y->flag ? -1 : 1;
    return x->ment < y->ment ? -1 : x->ment > y->ment;
}

static int linkable_name(const w5_ment *m)
{
    return m->kind == W5_MENTION_NAME && !is_value_type(m->type);
}

static int person_compatible(int a, int b)
{
    return (a == W5_E_PERSON) == (b == W5_E_PERSON);
}

/* Identical names: a person and an organisation or MISC name may be one
 * entity (NER often types a lone surname ORG); places stay apart. */
static int exact_compatible(int a, int b)
{
    if (person_compatible(a, b))
        return 1;
    int other = a == W5_E_PERSON ? b : a;
    return other == W5_E_ORG || other == W5_E_MISC;
}

/* Unions, within each run of equal keys, every mention with the run's
 * first mention of a compatible type. */
static void union_runs(w5_coref *c, keyed *ks, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && ks[j].key == ks[i].key)
            j++;
        for (size_t k = i + 1; k < j; k++) {
            for (size_t a = i; a < k; a++) {
                if (exact_compatible(c->doc->ments.v[ks[a].ment].type,
                                     c->doc->ments.v[ks[k].ment].type)) {
                    w5_coref_union(c, ks[a].ment, ks[k].ment);
                    break;
                }
            }
        }
        i = j;
    }
}

/* Pass 2: identical names. */
/* Company forms that follow a name: "Microsoft Corp" is "Microsoft". */
static const char *const legal_suffixes[] = {
    "corp", "corporation", "inc", "incorporated", "ltd", "limited", "plc", "llc",
    "co", "ag", "sa", "nv", "gmbh", "se", NULL};

/* The end of mention i's name without a closing company form (when one
 * word is left before it). */
static uint32_t without_legal_suffix(const w5_coref *c, uint32_t i, uint32_t e)
{
    const w5_doc *doc = c->doc;
    const w5_ment *m = &doc->ments.v[i];
    if (m->type == W5_E_PERSON || e <= c->info[i].name_b + 1)
        return e;
    uint32_t last = e - 1;
    if (tok_eq(doc, last, ".") && last > c->info[i].name_b + 1)
        last--;                                   /* "Inc ." */
    return tok_in(doc, last, legal_suffixes) ? last : e;
}

/* Words that name a storm before its own name: "Typhoon Phanfone" is
 * "Phanfone", "Hurricane Katrina" "Katrina". */
static const char *const storm_words[] = {
    "typhoon", "hurricane", "cyclone", "storm", NULL};

/* The start of mention i's name without a storm word before it (when one
 * word is left after it). */
static uint32_t without_storm_word(const w5_coref *c, uint32_t i)
{
    uint32_t b = c->info[i].name_b;
    if (c->doc->ments.v[i].type == W5_E_PERSON || c->info[i].name_e <= b + 1)
        return b;
    if (tok_eq(c->doc, b, "tropical") && b + 2 < c->info[i].name_e &&
        tok_in(c->doc, b + 1, storm_words))
        return b + 2;                             /* "Tropical Storm Erin" */
    return tok_in(c->doc, b, storm_words) ? b + 1 : b;
}

static int sieve_exact(w5_coref *c)
{
    const w5_doc *doc = c->doc;
    keyed *ks = malloc((doc->ments.n + 1) * sizeof *ks);
    if (!ks)
        return W5_ERR_NOMEM;
    size_t n = 0;
    for (uint32_t i = 0; i < doc->ments.n; i++) {
        if (!linkable_name(&doc->ments.v[i]))
            continue;
        ks[n].key = span_hash(doc, without_storm_word(c, i),
                              without_legal_suffix(c, i, c->info[i].name_e));
        ks[n].ment = i;
        ks[n].flag = 0;
        n++;
    }
    if (n > 1)
        qsort(ks, n, sizeof *ks, keyed_cmp);
    union_runs(c, ks, n);
    free(ks);
    return 0;
}

/* Words that open many organisations' names and so name none alone. */
static const char *const generic_openers[] = {
    "national", "united", "american", "international", "general", "new",
    "first", "royal", "central", "federal", "state", "world", "european",
    "british", "global", "north", "south", "east", "west", "great", "bank",
    "university", "the", "st", "saint", NULL};

/* 1 when the longer organisation name b opens with the one word of name
 * a. */
static int opens_with(const w5_coref *c, uint32_t b, uint32_t a)
{
    return span_hash(c->doc, c->info[b].name_b, c->info[b].name_b + 1) ==
           span_hash(c->doc, c->info[a].name_b, c->info[a].name_e);
}

/* Pass 2b: "Activision" after "Activision Blizzard Inc": one word that
 * opens an organisation's longer name, when no other name opens with it
 * ("United" stays alone beside "United Nations" and "United States").
 * The longer names are gathered first, at most LONG_ORGS of them, so a
 * huge document stays linear. */
enum { LONG_ORGS = 512 };

static int sieve_org_short(w5_coref *c)
{
    const w5_doc *doc = c->doc;
    uint32_t longer[LONG_ORGS];
    size_t nl = 0;
    for (uint32_t b = 0; b < doc->ments.n && nl < LONG_ORGS; b++) {
        const w5_ment *mb = &doc->ments.v[b];
        if (mb->kind == W5_MENTION_NAME && mb->type == W5_E_ORG &&
            c->info[b].name_e >= c->info[b].name_b + 2)
            longer[nl++] = b;
    }
    for (uint32_t a = 0; a < doc->ments.n && nl; a++) {
        const w5_ment *m = &doc->ments.v[a];
        if (m->kind != W5_MENTION_NAME || (m->type != W5_E_ORG && m->type != W5_E_MISC) ||
            c->info[a].name_e != c->info[a].name_b + 1 ||
            !tok_cap(doc, c->info[a].name_b) || tok_in(doc, c->info[a].name_b, generic_openers))
            continue;
        int64_t found = -1;
        int clash = 0;
        for (size_t k = 0; k < nl && !clash; k++) {
            uint32_t b = longer[k];
            if (!opens_with(c, b, a))
                continue;
            if (found >= 0 && w5_coref_find(c, (uint32_t)found) != w5_coref_find(c, b))
                clash = 1;
            else if (doc->ments.v[b].start < m->start)
                found = b;
        }
        if (found >= 0 && !clash)
            w5_coref_union(c, (uint32_t)found, a);
    }
    return 0;
}

/* Without a lexicon: "Afghan" and "Afghanistan" share a long prefix. */
static int demonym_prefix_match(const char *d, size_t dn, const char *p, size_t pn)
{
    size_t k = 0;
    while (k < dn && k < pn && lower(d[k]) == lower(p[k]))
        k++;
    size_t shorter = dn < pn ? dn : pn;
    return k >= 4 && k + 3 >= shorter;
}

static const char *const non_heads[] = {
    "and", "or", "but", "of", "in", "on", "at", "to", "for", "from", "with",
    "by", "as", "is", "was", "are", "were", "be", "has", "have", "had",
    "will", "would", "can", "could", "that", "which", "who", "than", "the",
    "a", "an", "this", "it", "he", "she", "they", "we", "i", "you", "not",
    "so", "too", "very", "also", "said", "says", NULL};

/* 1 when the word after a demonym is what it modifies: a word, not
 * punctuation, a function word or the end. */
static int modifier_use(const w5_doc *doc, uint32_t next)
{
    if (next >= doc->toks.n)
        return 0;
    size_t n;
    const char *s = tok_str(doc, next, &n);
    if (!is_lower(s[0]) && !is_upper(s[0]))
        return 0;
    if (tok_in(doc, next, non_heads))
        return 0;
    const char *u = upos_of(doc, next);
    if (*u)
        return strcmp(u, "NOUN") == 0 || strcmp(u, "PROPN") == 0 || strcmp(u, "ADJ") == 0 ||
               strcmp(u, "NUM") == 0;
    return 1;
}

/* Pass 3: a country's names, aliases and demonyms. */
static int sieve_country(w5_coref *c)
{
    const w5_doc *doc = c->doc;
    keyed *ks = malloc((doc->ments.n + 1) * sizeof *ks);
    if (!ks)
        return W5_ERR_NOMEM;
    size_t n = 0;
    char buf[256];
    for (uint32_t i = 0; i < doc->ments.n; i++) {
        const w5_ment *m = &doc->ments.v[i];
        if (!linkable_name(m) || m->type == W5_E_PERSON)
            continue;
        minfo *f = &c->info[i];
        size_t len = 0;
        for (uint32_t t = f->name_b; t < f->name_e; t++) {
            size_t tn;
            const char *s = tok_str(doc, t, &tn);
            if (len + tn + 1 >= sizeof buf)
                break;
            if (len)
                buf[len++] = ' ';
            memcpy(buf + len, s, tn);
            len += tn;
        }
        const char *a2 = NULL, *name = NULL;
        if (f->plural)
            continue;  /* "the Pakistanis" are people, not the country */
        /* a demonym joins its country as a modifier ("Afghan officials");
         * used as a noun it is a language or a people ("in English") */
        if ((m->type == W5_E_NORP || m->type == W5_E_MISC) && m->tok_end == m->tok_begin + 1 &&
            !modifier_use(doc, m->tok_end))
            continue;
        /* a name (not a demonym) is the country only when it is one of
         * the country's names: the lexicon also ties parties to their
         * country ("the Liberal Democrats" -> GB), which are not it */
        int nominal_type = m->type == W5_E_NORP || m->type == W5_E_MISC;
        if (c->lex && w5_lexicon_country(c->lex, buf, len, &a2, &name) && name &&
            (nominal_type || (w5_lexicon_flags(c->lex, buf, len) & W5_LEX_COUNTRY))) {
            f->country = name;
            ks[n].key = str_hash(name, strlen(name));
            ks[n].ment = i;
            ks[n].flag = 0;
            n++;
        }
    }
    if (n > 1)
        qsort(ks, n, sizeof *ks, keyed_cmp);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && ks[j].key == ks[i].key)
            j++;
        for (size_t k = i + 1; k < j; k++)
            w5_coref_union(c, ks[i].ment, ks[k].ment);
        i = j;
    }
    free(ks);
    if (c->lex)
        return 0;
    /* No lexicon: a one-word NORP/MISC joins the most recent place whose
     * name shares its stem. */
    for (uint32_t i = 0; i < doc->ments.n; i++) {
        const w5_ment *m = &doc->ments.v[i];
        if (!linkable_name(m) || (m->type != W5_E_NORP && m->type != W5_E_MISC) ||
            m->tok_end != m->tok_begin + 1 || c->info[i].plural)
            continue;
        size_t dn;
        const char *d = tok_str(doc, m->tok_begin, &dn);
        int checked = 0;
        for (uint32_t j = 0; j < doc->ments.n && checked < 400; j++) {
            const w5_ment *p = &doc->ments.v[j];
            if (!linkable_name(p) || (p->type != W5_E_GPE && p->type != W5_E_LOC))
                continue;
            checked++;
            if (p->tok_end != p->tok_begin + 1)
                continue;
            size_t pn;
            const char *ps = tok_str(doc, p->tok_begin, &pn);
            if (demonym_prefix_match(d, dn, ps, pn)) {
                w5_coref_union(c, j, i);
                break;
            }
        }
    }
    return 0;
}

static const char *const acronym_skip[] = {"of", "the", "and", "for", "de", "&", "on", "in", NULL};

/* Pass 4: acronyms and their expansions. */
static int sieve_acronym(w5_coref *c)
{
    const w5_doc *doc = c->doc;
    keyed *ks = malloc((doc->ments.n + 1) * sizeof *ks);
    if (!ks)
        return W5_ERR_NOMEM;
    size_t n = 0;
    for (uint32_t i = 0; i < doc->ments.n; i++) {
        const w5_ment *m = &doc->ments.v[i];
        const minfo *f = &c->info[i];
        if (!linkable_name(m) || m->type == W5_E_PERSON)
            continue;
        char buf[16];
        size_t len = 0;
        if (f->name_e == f->name_b + 1) {
            size_t tn;
            const char *s = tok_str(doc, f->name_b, &tn);
            int caps = 0, letters = 0;
            for (size_t k = 0; k < tn; k++) {
                if (s[k] == '.')
                    continue;
                if (!is_upper(s[k]) && !is_lower(s[k]) && s[k] != '&') {
                    letters = -100;
                    break;
                }
                caps += is_upper(s[k]);
                letters++;
                if (len < sizeof buf)
                    buf[len++] = lower(s[k]);
            }
            /* "NATO", "U.S.", and "Nato" (a capitalised short word) */
            if (letters < 2 || letters > 6 || (caps < 2 && letters > 5) || caps < 1)
                continue;
            ks[n].flag = 1;
        } else {
            int words = 0;
            for (uint32_t t = f->name_b; t < f->name_e; t++) {
                if (tok_in(doc, t, acronym_skip))
                    continue;
                size_t tn;
                const char *s = tok_str(doc, t, &tn);
                if (!is_upper(s[0]))
                    continue;
                if (len < sizeof buf)
                    buf[len++] = lower(s[0]);
                words++;
            }
            if (words < 2 || len > 8)
                continue;
            ks[n].flag = 0;
        }
        ks[n].key = str_hash(buf, len);
        ks[n].ment = i;
        n++;
    }
    if (n > 1)
        qsort(ks, n, sizeof *ks, keyed_cmp);
    /* flag 0 (expansions) sort before flag 1 (acronyms) in each run */
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && ks[j].key == ks[i].key)
            j++;
        if (ks[i].flag == 0)
            for (size_t k = i + 1; k < j; k++)
                if (ks[k].flag == 1)
                    w5_coref_union(c, ks[i].ment, ks[k].ment);
        i = j;
    }
    free(ks);
    return 0;
}

/* "J" and "John": an initial agrees with a name it starts. */
static int first_names_agree(const w5_doc *doc, uint32_t a, uint32_t b)
{
    size_t an, bn;
    const char *as = tok_str(doc, a, &an), *bs = tok_str(doc, b, &bn);
    while (an && as[an - 1] == '.')
        an--;
    while (bn && bs[bn - 1] == '.')
        bn--;
    if (an == 1 || bn == 1)
        return an && bn && lower(as[0]) == lower(bs[0]);
    if (an != bn)
        return 0;
    for (size_t k = 0; k < an; k++)
        if (lower(as[k]) != lower(bs[k]))
            return 0;
    return 1;
}

/* Two clusters of opposite genders. With `prior_yields`, an earlier
 * cluster whose gender is only its first names' usual one gives way to a
 * title's: "Ms Gavron" is "Nicky Gavron" (a name mostly male), "Mr
 * Barrow" is "Jean Barrow"; but "John Smith" is never "Mary Smith". */
static int genders_clash_if(const cluster *earlier, const cluster *later, int prior_yields)
{
    if (prior_yields && !has_gender_evidence(earlier) && has_gender_evidence(later))
        return 0;
    int ga = cluster_gender(earlier), gb = cluster_gender(later);
    return (ga == W5_GENDER_MALE && gb == W5_GENDER_FEMALE) ||
           (ga == W5_GENDER_FEMALE && gb == W5_GENDER_MALE);
}

static int genders_clash(const cluster *a, const cluster *b)
{
    return genders_clash_if(a, b, 0);
}

/* The earlier person name mention i names (most recent first), or -1:
 * the same surname, or a first name alone that only one person has. The
 * genders must agree, first names' usual ones included unless
 * `prior_yields`. */
/* 1 when token t is a first name the lexicon knows (not "Emeritus" or
 * "Storm"). */
static int known_first_name(const w5_coref *c, uint32_t t)
{
    if (!c->lex)        /* without the lexicon, any capitalised word */
        return tok_cap(c->doc, t);
    return (lex_flags_span(c, t, t + 1) & (W5_LEX_FIRST_MALE | W5_LEX_FIRST_FEMALE)) != 0;
}

static int64_t person_antecedent(w5_coref *c, uint32_t i, int prior_yields)
{
    const w5_doc *doc = c->doc;
    const minfo *f = &c->info[i];
    uint32_t f_end = f->surname_e;
    uint32_t last = f_end - 1;
    int multi = f_end >= f->name_b + 2;
    int64_t first_only = -1, surname_match = -1;
    int first_only_count = 0;
    /* far back (thousands of mentions) is left to the exact-name pass,
     * which keeps long documents linear */
    uint32_t stop = i > 4000 ? i - 4000 : 0;
    int64_t best_surname = -1;
    uint32_t look_until = 0;
    for (uint32_t jj = i; jj-- > stop;) {
        if (best_surname >= 0 && jj < look_until)
            break;
        const w5_ment *a = &doc->ments.v[jj];
        const minfo *g = &c->info[jj];
        if (!linkable_name(a) || a->type != W5_E_PERSON)
            continue;
        if (w5_coref_find(c, jj) == w5_coref_find(c, i))
            continue;
        uint32_t g_end = g->surname_e;
        uint32_t alast = g_end - 1;
        int amulti = g_end >= g->name_b + 2;
        const cluster *ca = &c->cl[w5_coref_find(c, jj)];
        const cluster *cm = &c->cl[w5_coref_find(c, i)];
        if (genders_clash_if(ca, cm, prior_yields))
            continue;
        if (first_names_agree(doc, alast, last) && tok_eq(doc, alast, "") == 0) {
            size_t l1, l2;
            tok_str(doc, alast, &l1);
            tok_str(doc, last, &l2);
            if (l1 < 2 || l2 < 2)
                continue;
            /* full names must agree on the first name */
            if (multi && ca->first_tok >= 0 &&
                !first_names_agree(doc, (uint32_t)ca->first_tok, f->name_b))
                continue;
            if (multi && amulti && !first_names_agree(doc, g->name_b, f->name_b))
                continue;
            /* two clusters with different first names are two people, the
             * surname linking the second is already the first's ("Joe
             * Biden ... Biden ... Hunter Biden ... Biden") */
            if (ca->first_tok >= 0 && cm->first_tok >= 0 &&
                known_first_name(c, (uint32_t)ca->first_tok) &&
                known_first_name(c, (uint32_t)cm->first_tok) &&
                !first_names_agree(doc, (uint32_t)ca->first_tok, (uint32_t)cm->first_tok))
                continue;
            if (!prior_yields) {
                if (multi)
                    return jj;
                /* a surname alone two people bear ("Biden" after Joe and
                 * Hunter Biden): the one named more often, the latest on
                 * a tie (looked for among the next few hundred mentions) */
                if (best_surname < 0) {
                    best_surname = jj;
                    look_until = jj > 300 ? jj - 300 : 0;
                } else if (c->cl[w5_coref_find(c, jj)].size >
                           c->cl[w5_coref_find(c, (uint32_t)best_surname)].size) {
                    best_surname = jj;
                }
                continue;
            }
            /* the link against a first name's gender only when one
             * person bears the surname: not "Mr Smith" after "Mary
             * Smith ... her sister Ann Smith" */
            uint32_t r = w5_coref_find(c, jj);
            if (surname_match >= 0 && w5_coref_find(c, (uint32_t)surname_match) != r)
                return -1;
            if (surname_match < 0)
                surname_match = jj;
            continue;
        }
        if (!multi && amulti && first_names_agree(doc, g->name_b, last)) {
            size_t l1;
            tok_str(doc, last, &l1);
            if (l1 >= 3) {
                if (first_only < 0 || w5_coref_find(c, (uint32_t)first_only) != w5_coref_find(c, jj))
                    first_only_count++;
                if (first_only < 0)
                    first_only = jj;
            }
        }
    }
    if (best_surname >= 0)
        return best_surname;
    if (surname_match >= 0)
        return surname_match;
    return first_only_count == 1 ? first_only : -1;
}

/* Pass 5: person names: surname, first + last (initials skipped). A
 * surname with a title of the other gender than an earlier full name's
 * first name usually has is that person when no other person fits ("Mr
 * Smith" after "John Smith" and "Mary Smith" is John). */
static int sieve_person(w5_coref *c)
{
    const w5_doc *doc = c->doc;
    /* once per mention: the candidates loop looks at each many times */
    for (uint32_t i = 0; i < doc->ments.n; i++)
        c->info[i].surname_e = surname_end(doc, c->info[i].name_b, c->info[i].name_e);
    for (uint32_t i = 0; i < doc->ments.n; i++) {
        if (!linkable_name(&doc->ments.v[i]) || doc->ments.v[i].type != W5_E_PERSON)
            continue;
        const minfo *f = &c->info[i];
        int64_t a = person_antecedent(c, i, 0);
        /* a surname whose title gives the gender ("Ms Gavron") */
        if (a < 0 && f->name_e == f->name_b + 1 && f->gender && !f->gender_prior)
            a = person_antecedent(c, i, 1);
        if (a >= 0)
            w5_coref_union(c, (uint32_t)a, i);
    }
    return 0;
}

/* The token after "who is/was/has been/had been/became" starting at k,
 * or (uint32_t)-2 (matches nothing) when no copula is there. */
static uint32_t after_copula(const w5_doc *doc, uint32_t k)
{
    static const char *const cop[] = {"is", "was", "became", "becomes", "remains", NULL};
    if (k + 1 < doc->toks.n && (tok_eq(doc, k, "has") || tok_eq(doc, k, "had")) &&
        tok_eq(doc, k + 1, "been"))
        return k + 2;
    if (k < doc->toks.n && tok_in(doc, k, cop))
        return k + 1;
    return (uint32_t)-2;
}

/* An apposition ends at punctuation, the sentence end or a prepositional
 * tail ("the minister of defence", "the commander in Afghanistan"), not
 * at a verb ("Johnson, the Queen suspended parliament"). */
static int apposition_ends(const w5_doc *doc, uint32_t k)
{
    static const char *const tails[] = {"of", "for", "in", "at", "to", "on", "from",
                                        "since", "and", "who", "whose", NULL};
    if (k >= doc->toks.n)
        return 1;
    size_t n;
    const char *s = tok_str(doc, k, &n);
    if (!is_lower(s[0]) && !is_upper(s[0]))
        return 1;
    if (k > 0 && doc->toks.v[k].sent != doc->toks.v[k - 1].sent)
        return 1;
    return tok_in(doc, k, tails);
}

/* 1 when a description ending at token `end` reaches the comma before a
 * name at token `name`: right away ("the minister, Name") or through its
 * complement ("the head of the International Monetary Fund (IMF), Name"):
 * of/for then up to 10 tokens with no comma and no verb. */
static int description_reaches(const w5_doc *doc, uint32_t end, uint32_t name)
{
    if (name < 1 || name - 1 < end || !tok_eq(doc, name - 1, ","))
        return 0;
    uint32_t comma = name - 1;
    if (end == comma)
        return 1;
    if (comma - end > 10 || !(tok_eq(doc, end, "of") || tok_eq(doc, end, "for")))
        return 0;
    for (uint32_t k = end; k < comma; k++) {
        const char *u = upos_of(doc, k);
        if (tok_eq(doc, k, ",") || tok_eq(doc, k, ";") || !strcmp(u, "VERB") || !strcmp(u, "AUX") ||
            doc->toks.v[k].sent != doc->toks.v[comma].sent)
            return 0;
    }
    return 1;
}

/* Pass 6: "Name, the/X's description" and "description, Name". */
static int sieve_apposition(w5_coref *c)
{
    const w5_doc *doc = c->doc;
    for (uint32_t i = 0; i + 1 < doc->ments.n; i++) {
        const w5_ment *m = &doc->ments.v[i];
        if (m->kind != W5_MENTION_NAME || m->type != W5_E_PERSON)
            continue;
        /* "Name, description" and "Name, who is/was/had been description" */
        uint32_t at = m->tok_end + 1;
        if (at < doc->toks.n && tok_eq(doc, at, "who"))
            at = after_copula(doc, at + 1);
        else if (m->tok_end < doc->toks.n && tok_eq(doc, m->tok_end, "who"))
            at = after_copula(doc, m->tok_end + 1);
        for (uint32_t j = i + 1; j < doc->ments.n && doc->ments.v[j].tok_begin <= at; j++) {
            const w5_ment *n = &doc->ments.v[j];
            if (n->kind != W5_MENTION_NOMINAL || n->type != W5_E_PERSON || c->info[j].coord ||
                c->info[j].plural)
                continue;
            int comma = at == m->tok_end + 1 ? tok_eq(doc, m->tok_end, ",") : 1;
            if (n->tok_begin == at && comma && apposition_ends(doc, n->tok_end) &&
                !genders_clash(&c->cl[w5_coref_find(c, i)], &c->cl[w5_coref_find(c, j)]))
                w5_coref_union(c, i, j);
        }
        /* description , Name */
        for (uint32_t j = i; j-- > 0;) {
            const w5_ment *n = &doc->ments.v[j];
            if (n->tok_end + 11 < m->tok_begin)
                break;
            if (n->kind == W5_MENTION_NOMINAL && n->type == W5_E_PERSON && !c->info[j].coord &&
                !c->info[j].plural &&
                description_reaches(doc, n->tok_end, m->tok_begin) &&
                !genders_clash(&c->cl[w5_coref_find(c, i)], &c->cl[w5_coref_find(c, j)]))
                w5_coref_union(c, j, i);
        }
    }
    if (!(doc->stages & W5_STAGE_PARSE))
        return 0;
    /* appos relations between mention heads */
    for (uint32_t i = 0; i < doc->ments.n; i++) {
        const w5_ment *m = &doc->ments.v[i];
        if (m->kind == W5_MENTION_PRONOUN || is_value_type(m->type))
            continue;
        if (strcmp(deprel_of(doc, m->head_tok), "appos"))
            continue;
        int32_t h = head_of(doc, m->head_tok);
        for (uint32_t j = i; j-- > 0 && (int32_t)doc->ments.v[j].tok_end > h - 8;) {
            const w5_ment *a = &doc->ments.v[j];
            /* two different names are no apposition: the parse reads
             * "Invited by Kerry, Afghan President Hamid Karzai" that way */
            int two_names = a->kind == W5_MENTION_NAME && m->kind == W5_MENTION_NAME;
            /* "many U.S. generals, including President Grant": a group
             * and one of it */
            int one_of_many = c->info[j].plural != c->info[i].plural;
            if ((int32_t)a->head_tok == h && a->kind != W5_MENTION_PRONOUN && !two_names &&
                !one_of_many &&
                !is_value_type(a->type) && person_compatible(a->type, m->type)) {
                w5_coref_union(c, j, i);
                break;
            }
        }
    }
    return 0;
}

/* Mention j is the nearest organisation before nominal i: another
 * organisation name earlier in the same sentence that is its subject, or
 * opens it, wins; else j. */
/* The latest organisation name within a dozen sentences before nominal i
 * whose last word is the nominal's head ("Local Government Association"
 * for "the association"), or -1. */
static int64_t org_named_by_head(w5_coref *c, uint32_t i)
{
    const w5_doc *doc = c->doc;
    const w5_ment *m = &doc->ments.v[i];
    size_t hn;
    const char *head = tok_str(doc, m->head_tok, &hn);
    for (uint32_t j = i; j-- > 0;) {
        const w5_ment *a = &doc->ments.v[j];
        if (a->sent + 12 < m->sent)
            break;
        if (a->kind != W5_MENTION_NAME || a->tok_end < a->tok_begin + 2 ||
            c->cl[w5_coref_find(c, j)].type != W5_E_ORG)
            continue;
        size_t n;
        const char *last = tok_str(doc, a->tok_end - 1, &n);
        if (n == hn && strncasecmp(last, head, n) == 0)
            return j;
    }
    return -1;
}

static uint32_t org_subject_in_sentence(const w5_coref *c, uint32_t j, uint32_t i)
{
    const w5_doc *doc = c->doc;
    if (c->info[j].role == 1)
        return j;
    for (uint32_t k = j; k-- > 0 && doc->ments.v[k].sent == doc->ments.v[j].sent;) {
        const w5_ment *b = &doc->ments.v[k];
        const cluster *kb = &c->cl[w5_coref_find((w5_coref *)c, k)];
        /* the subject, or (the parse unsure) the name opening the
         * sentence; a description already known to name one counts ("The
         * firm, which is to receive a payment from Chelsea, said") */
        if ((b->kind == W5_MENTION_NAME || (b->kind == W5_MENTION_NOMINAL && kb->named)) &&
            kb->type == W5_E_ORG &&
            (c->info[k].role == 1 || b->tok_begin == doc->sents.v[b->sent].tok_begin) &&
            b->tok_end <= doc->ments.v[i].tok_begin)
            return k;
    }
    return j;
}

/* 1 when nominal mentions a and b read the same, case aside ("The
 * president" and "the president"). */
static int same_words(const w5_doc *doc, const w5_ment *a, const w5_ment *b)
{
    if (a->tok_end - a->tok_begin != b->tok_end - b->tok_begin)
        return 0;
    for (uint32_t k = 0; k < a->tok_end - a->tok_begin; k++) {
        size_t na, nb;
        const char *sa = tok_str(doc, a->tok_begin + k, &na);
        const char *sb = tok_str(doc, b->tok_begin + k, &nb);
        if (na != nb)
            return 0;
        for (size_t x = 0; x < na; x++)
            if (lower(sa[x]) != lower(sb[x]))
                return 0;
    }
    return 1;
}

/* The most antecedents a pronoun or a repeated description considers (the
 * nearest ones). */
enum { PRONOUN_CANDIDATES = 200 };

/* A description repeated ("the president ... the president") with no name
 * to tie either to: the nearest earlier one in the last 12 sentences. */
static void repeated_description(w5_coref *c, uint32_t i)
{
    const w5_doc *doc = c->doc;
    const w5_ment *m = &doc->ments.v[i];
    uint32_t stop = i > PRONOUN_CANDIDATES ? i - PRONOUN_CANDIDATES : 0;
    for (uint32_t j = i; j-- > stop;) {
        const w5_ment *a = &doc->ments.v[j];
        if (a->sent + 12 < m->sent)
            return;
        if (a->kind == W5_MENTION_NOMINAL && a->type == m->type && same_words(doc, a, m)) {
            w5_coref_union(c, j, i);
            return;
        }
    }
}

/* Pass 7: "the general", "the company". */
static int sieve_nominal(w5_coref *c)
{
    const w5_doc *doc = c->doc;
    for (uint32_t i = 0; i < doc->ments.n; i++) {
        const w5_ment *m = &doc->ments.v[i];
        const minfo *f = &c->info[i];
        if (m->kind != W5_MENTION_NOMINAL || w5_coref_find(c, i) != i)
            continue;
        if (tok_is_possessive(doc, m->tok_begin + 1) || !tok_eq(doc, m->tok_begin, "the"))
            continue;  /* "Karzai's spokesman" is someone new */
        if (m->type == W5_E_GPE) {
            /* "the country": the country the recent text talks most of */
            int64_t best = -1;
            uint32_t best_size = 0;
            for (uint32_t j = i; j-- > 0;) {
                const w5_ment *a = &doc->ments.v[j];
                if (a->sent + 8 < m->sent)
                    break;
                uint32_t r = w5_coref_find(c, j);
                const cluster *k = &c->cl[r];
                if (!k->named || (k->type != W5_E_GPE && k->type != W5_E_LOC &&
                                  k->type != W5_E_NORP && k->type != W5_E_MISC))
                    continue;
                if (c->lex ? !c->info[j].country : k->type == W5_E_NORP || k->type == W5_E_MISC)
                    continue;
                if (k->size > best_size) {
                    best_size = k->size;
                    best = j;
                }
            }
            if (best >= 0)
                w5_coref_union(c, (uint32_t)best, i);
            continue;
        }
        /* "the association": the Local Government Association, named
         * before by a name ending in the word, before any nearer one */
        if (m->type == W5_E_ORG) {
            int64_t same = org_named_by_head(c, i);
            if (same >= 0) {
                w5_coref_union(c, (uint32_t)same, i);
                continue;
            }
        }
        int linked = 0;
        for (uint32_t j = i; j-- > 0;) {
            const w5_ment *a = &doc->ments.v[j];
            if (a->sent + 12 < m->sent)
                break;
            uint32_t r = w5_coref_find(c, j);
            const cluster *k = &c->cl[r];
            if (!k->named)
                continue;
            if (m->type == W5_E_PERSON) {
                /* "many U.S. generals" are not General Grant */
                if (k->type != W5_E_PERSON || (f->plural && !k->plural) ||
                    !(k->titles & w5_title_classes_named_by(f->title_cls)))
                    continue;
            } else if (m->type == W5_E_ORG) {
                if (k->type != W5_E_ORG || a->sent + 4 < m->sent)
                    continue;
                /* "United beat Chelsea ..., and the club's manager said":
                 * the subject of the nearest sentence naming one */
                j = org_subject_in_sentence(c, j, i);
            } else if (m->type == W5_E_GPE) {
                if (k->type != W5_E_GPE && k->type != W5_E_LOC)
                    continue;
                if (c->lex && !c->info[r].country && !c->info[j].country)
                    continue;
                if (a->sent + 3 < m->sent)
                    continue;
            }
            w5_coref_union(c, j, i);
            linked = 1;
            break;
        }
        if (!linked && (m->type == W5_E_PERSON || m->type == W5_E_ORG))
            repeated_description(c, i);
    }
    return 0;
}

/* Pass 1: speakers. First-person pronouns in a quotation join the
 * quotation's speaker; outside quotations each person/number is a chain. */
/* Index of the first mention starting at or after token t. */
static uint32_t first_ment_from(const w5_doc *doc, uint32_t t)
{
    uint32_t lo = 0, hi = (uint32_t)doc->ments.n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (doc->ments.v[mid].tok_begin < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int quote_speaker(w5_coref *c, int32_t q, uint32_t *out)
{
    const w5_doc *doc = c->doc;
    if (!c->quote_first || c->quote_first[q] == UINT32_MAX)
        return 0;
    uint32_t first = c->quote_first[q], last = first;
    while (last + 1 < doc->toks.n && c->quote_of[last + 1] == q)
        last++;
    /* after: ” , Kerry said / said Kerry / he told */
    uint32_t k = last + 2;
    if (k < doc->toks.n && tok_eq(doc, k, ","))
        k++;
    for (uint32_t mi = first_ment_from(doc, k); mi < doc->ments.n; mi++) {
        const w5_ment *m = &doc->ments.v[mi];
        if (m->tok_begin > k + 1)
            break;
        if (is_value_type(m->type) && m->kind != W5_MENTION_PRONOUN)
            continue;
        if (m->kind == W5_MENTION_PRONOUN && c->info[mi].person != 3)
            continue;
        if (m->tok_begin == k && m->tok_end < doc->toks.n && tok_in(doc, m->tok_end, speech_verbs)) {
            *out = mi;
            return 1;
        }
        if (m->tok_begin == k + 1 && tok_in(doc, k, speech_verbs)) {
            *out = mi;
            return 1;
        }
    }
    /* before: Kerry said, “ / he said: “ */
    if (first < 2)
        return 0;
    k = first - 2;  /* the token before the opening mark */
    if (tok_eq(doc, k, ",") || tok_eq(doc, k, ":")) {
        if (k == 0)
            return 0;
        k--;
    }
    if (!tok_in(doc, k, speech_verbs))
        return 0;
    for (uint32_t mi = first_ment_from(doc, k > 12 ? k - 12 : 0); mi < doc->ments.n; mi++) {
        const w5_ment *m = &doc->ments.v[mi];
        if (m->tok_end == k && !(is_value_type(m->type) && m->kind != W5_MENTION_PRONOUN) &&
            (m->kind != W5_MENTION_PRONOUN || c->info[mi].person == 3)) {
            *out = mi;
            return 1;
        }
        if (m->tok_begin > k)
            break;
    }
    return 0;
}

static int sieve_speaker(w5_coref *c)
{
    const w5_doc *doc = c->doc;
    int64_t chain[3][2];  /* [person-1][plural] first mention outside quotes */
    for (int a = 0; a < 3; a++)
        chain[a][0] = chain[a][1] = -1;
    int64_t *qfirst = malloc(((size_t)c->nquotes + 1) * 2 * sizeof *qfirst);
    if (!qfirst)
        return W5_ERR_NOMEM;
    for (int32_t q = 0; q < c->nquotes; q++)
        qfirst[2 * q] = qfirst[2 * q + 1] = -1;
    for (uint32_t i = 0; i < doc->ments.n; i++) {
        const minfo *f = &c->info[i];
        if (!f->pron || f->person == 3)
            continue;
        int pl = f->plural && f->person == 1;
        if (f->person == 2)
            pl = 0;
        if (f->quote >= 0 && f->person == 1) {
            int64_t *slot = &qfirst[2 * f->quote + pl];
            if (*slot < 0)
                *slot = i;
            else
                w5_coref_union(c, (uint32_t)*slot, i);
            continue;
        }
        if (f->quote >= 0)
            continue;  /* "you" in a quotation: the addressee, unknown */
        int64_t *slot = &chain[f->person - 1][pl];
        if (*slot < 0)
            *slot = i;
        else
            w5_coref_union(c, (uint32_t)*slot, i);
    }
    for (int32_t q = 0; q < c->nquotes; q++) {
        if (qfirst[2 * q] < 0)
            continue;
        uint32_t sp;
        if (quote_speaker(c, q, &sp))
            w5_coref_union(c, sp, (uint32_t)qfirst[2 * q]);
    }
    free(qfirst);
    return 0;
}

/* ---- pronouns ------------------------------------------------------------ */

static int is_person_type(int t) { return t == W5_E_PERSON; }

/* Can a third-person pronoun p refer to the cluster of mention a? */
static int agrees(const w5_coref *c, uint32_t p, uint32_t a)
{
    const minfo *f = &c->info[p];
    const pronoun *pr = &pronouns[f->pron - 1];
    const w5_ment *am = &c->doc->ments.v[a];
    uint32_t r = a;
    while (c->parent[r] != r)
        r = c->parent[r];
    const cluster *k = &c->cl[r];
    if (k->person && k->person != 3)
        return 0;
    if (is_value_type(k->type) && !(k->person == 3))
        return 0;
    int g = cluster_gender(k);
    int type = k->type;
    /* a demonym modifier ("Afghan officials") is no antecedent for he/she */
    if (am->kind == W5_MENTION_NAME && (am->type == W5_E_NORP || am->type == W5_E_MISC) &&
        !c->info[a].plural && pr->person == 3 && pr->gender != W5_GENDER_UNKNOWN)
        return 0;
    if (pr->gender == W5_GENDER_MALE || pr->gender == W5_GENDER_FEMALE) {
        if (!is_person_type(type) || k->plural)
            return 0;
        if (g != W5_GENDER_UNKNOWN && g != pr->gender)
            return 0;
        return 1;
    }
    if (pr->gender == W5_GENDER_NEUTER) {
        if (is_person_type(type) || k->plural)
            return 0;
        if (type == W5_E_NORP)
            return 0;
        return 1;
    }
    /* they/them/their: plural groups; an organisation only when it is a
     * subject ("the company said they ...") */
    if (k->plural)
        return 1;
    return type == W5_E_ORG && c->info[a].role == 1;
}

/* With a parse: is the pronoun an object of the very verb whose subject is
 * a (so "Kerry met him" keeps him apart from Kerry)? Without one: an
 * object-case pronoun after the sentence subject with no clause break. */
static int binding_blocks(const w5_coref *c, uint32_t p, uint32_t a)
{
    const w5_doc *doc = c->doc;
    const w5_ment *pm = &doc->ments.v[p], *am = &doc->ments.v[a];
    const minfo *f = &c->info[p];
    int refl = (pronouns[f->pron - 1].cases & PC_REFL) != 0;
    if (pm->sent != am->sent)
        return refl ? 1 : 0;
    if (doc->stages & W5_STAGE_PARSE) {
        const char *pd = deprel_of(doc, pm->head_tok);
        const char *ad = deprel_of(doc, am->head_tok);
        int32_t ph = head_of(doc, pm->head_tok), ah = head_of(doc, am->head_tok);
        int obj = strcmp(pd, "obj") == 0 || strcmp(pd, "iobj") == 0 ||
                  (starts_with(pd, "obl") && strcmp(pd, "obl:tmod"));
        if (!refl && obj && starts_with(ad, "nsubj") && ph == ah)
            return 1;
        /* "Flanked by Kayani, he said": the participle's implied subject is
         * the pronoun, so its own arguments are someone else. */
        /* a later conjunct ("Kayani and Karzai") hangs from the first one */
        int32_t at = (int32_t)am->head_tok, ch = ah;
        for (int k = 0; k < 16 && ch >= 0 && strcmp(deprel_of(doc, (uint32_t)at), "conj") == 0; k++) {
            at = ch;
            ch = head_of(doc, (uint32_t)at);
        }
        if (starts_with(pd, "nsubj") && ch >= 0 && ph >= 0 &&
            strcmp(deprel_of(doc, (uint32_t)ch), "advcl") == 0 &&
            head_of(doc, (uint32_t)ch) == ph) {
            int has_subj = 0;
            for (uint32_t t = doc->sents.v[pm->sent].tok_begin; t < doc->sents.v[pm->sent].tok_end; t++)
                if (head_of(doc, t) == ch && starts_with(deprel_of(doc, t), "nsubj"))
                    has_subj = 1;
            if (!has_subj)
                return 1;
        }
        if (refl)
            return !(starts_with(ad, "nsubj") && ph == ah) && ph != (int32_t)am->head_tok;
        return 0;
    }
    uint32_t sb = doc->sents.v[pm->sent].tok_begin;
    /* "Flanked by X and Y, he": a sentence-initial participle with "by" */
    if (am->tok_begin < pm->tok_begin && pm->tok_begin >= 1 &&
        tok_eq(doc, pm->tok_begin - 1, ",")) {
        size_t n;
        const char *s = tok_str(doc, sb, &n);
        int participle = (n > 3 && ((s[n - 2] == 'e' && s[n - 1] == 'd') ||
                                    (s[n - 3] == 'i' && s[n - 2] == 'n' && s[n - 1] == 'g')));
        const char *x = upos_of(doc, sb);
        if (*x)
            participle = strcmp(x, "VERB") == 0;
        int comma_between = 0;
        for (uint32_t t = am->tok_end; t + 1 < pm->tok_begin; t++)
            if (tok_eq(doc, t, ","))
                comma_between = 1;
        if (participle && !comma_between)
            return 1;
    }
    if (refl) {
        return !c->info[a].role;
    }
    if (!(pronouns[f->pron - 1].cases & PC_OBJ) || (pronouns[f->pron - 1].cases & PC_POSS) ||
        f->role == 1)
        return 0;
    if (c->info[a].role != 1 || am->tok_begin > pm->tok_begin)
        return 0;
    for (uint32_t t = am->tok_end; t < pm->tok_begin; t++)
        if (tok_eq(doc, t, ",") || tok_eq(doc, t, "that") || tok_eq(doc, t, "and") ||
            tok_eq(doc, t, "who") || tok_eq(doc, t, "to") || tok_eq(doc, t, "because") ||
            tok_eq(doc, t, "when") || tok_eq(doc, t, "if") || tok_eq(doc, t, "after"))
            return 0;
    return 1;
}

static const char *const not_plurals[] = {
    "always", "perhaps", "towards", "afterwards", "besides", "sometimes",
    "nevertheless", "whereas", "does", "goes", "seems", "says", "makes",
    "takes", "gives", "comes", "becomes", "remains", "wants", "needs",
    "means", "has", "was", "is", "its", "this", "thus", "plus", "news",
    "series", "species", "politics", "economics", "across", "unless", NULL};

/* "it"/"they" most often stand for a common noun phrase, which is not a
 * mention here: with tags, a subject or object noun of the pronoun's
 * number between a candidate and the pronoun is the likelier antecedent,
 * so the candidate is skipped (the pronoun may stay unresolved). */
static int noun_between(const w5_coref *c, uint32_t a, uint32_t p)
{
    const w5_doc *doc = c->doc;
    const pronoun *pr = &pronouns[c->info[p].pron - 1];
    if (pr->gender != W5_GENDER_NEUTER && !pr->plural)
        return 0;
    const w5_ment *am = &doc->ments.v[a], *pm = &doc->ments.v[p];
    if (am->kind == W5_MENTION_PRONOUN && am->sent == pm->sent)
        return 0;
    /* "The party criticised the deal. Its leader, ...": an office belongs
     * to an organisation or a country, not to the deal between */
    const w5_title *t;
    if ((pr->cases & PC_POSS) && am->kind == W5_MENTION_NAME &&
        (am->type == W5_E_ORG || am->type == W5_E_GPE) && pm->tok_end < doc->toks.n &&
        w5_title_match(doc, pm->tok_end, (uint32_t)doc->toks.n, 0, &t) &&
        !(t->flags & W5_TITLE_HONORIFIC) && am->sent + 1 >= pm->sent)
        return 0;
    if (!(doc->stages & W5_STAGE_TAGS)) {
        /* no tags: "it" goes only to the subject of its own or the
         * previous sentence; a lower-case plural-looking word ("leaders",
         * "officials") before "they" blocks */
        if (!pr->plural)
            return am->kind != W5_MENTION_PRONOUN &&
                   (c->info[a].role != 1 || am->sent + 1 < pm->sent);
        for (uint32_t t = am->tok_end; t < pm->tok_begin; t++) {
            size_t n;
            const char *w = tok_str(doc, t, &n);
            if (n > 4 && is_lower(w[0]) && w[n - 1] == 's' && w[n - 2] != 's' &&
                w[n - 2] != 'u' && w[n - 2] != 'i' && !tok_in(doc, t, not_plurals))
                return 1;
        }
        return 0;
    }
    /* "it" to a name: only a subject of its own or the previous sentence */
    if (!pr->plural && am->kind != W5_MENTION_PRONOUN &&
        (c->info[a].role != 1 || am->sent + 1 < pm->sent))
        return 1;
    int parse = (doc->stages & W5_STAGE_PARSE) != 0;
    for (uint32_t t = am->tok_end; t < pm->tok_begin; t++) {
        if (strcmp(upos_of(doc, t), "NOUN"))
            continue;
        uint8_t x = doc->toks.v[t].xpos;
        const char *xp = x && x < W5_XPOS_COUNT ? w5_xpos_names[x] : "";
        if (pr->plural ? strcmp(xp, "NNS") : strcmp(xp, "NN"))
            continue;
        if (parse) {
            const char *d = deprel_of(doc, t);
            if (!starts_with(d, "nsubj") && strcmp(d, "obj") && strcmp(d, "root"))
                continue;
        }
        return 1;
    }
    return 0;
}


/* 1 when pronoun mention i is the subject of a verb of saying ("It said
 * the provision will ...", "it added"): a company or a country that spoke
 * before, whatever nouns its last statement held. */
static int speaking_subject(const w5_coref *c, uint32_t i)
{
    static const char *const say[] = {"say", "add", "state", "announce", "report",
                                      "note", "tell", "explain", "warn", "hope",
                                      "expect", "believe", "plan", "claim", "deny",
                                      "confirm", NULL};
    const w5_doc *doc = c->doc;
    uint32_t t = doc->ments.v[i].head_tok;
    if (!(doc->stages & W5_STAGE_PARSE) || c->info[i].role != 1)
        return 0;
    int32_t h = head_of(doc, t);
    if (h < 0 || !doc->toks.v[h].lemma)
        return 0;
    const char *lemma = w5_strpool_get(&doc->pool, doc->toks.v[h].lemma);
    for (int k = 0; say[k]; k++)
        if (strcmp(lemma, say[k]) == 0)
            return 1;
    return 0;
}

/* Pass 8: third-person pronouns. */
static int sieve_pronoun(w5_coref *c)
{
    const w5_doc *doc = c->doc;
    for (uint32_t i = 0; i < doc->ments.n; i++) {
        const w5_ment *m = &doc->ments.v[i];
        const minfo *f = &c->info[i];
        if (!f->pron || f->person != 3)
            continue;
        uint32_t root = w5_coref_find(c, i);
        /* already tied to a name or a description; a pronoun tied only to
         * pronouns ("he" to the "I" of his quotation) still looks back */
        if (root != i && (c->cl[root].named || c->cl[root].nominal))
            continue;
        const pronoun *pr = &pronouns[f->pron - 1];
        uint32_t window = pr->gender == W5_GENDER_NEUTER || pr->plural ? 2 : 4;
        int speaking = speaking_subject(c, i);
        double best_score = -1e9;
        int64_t best = -1;
        int nearest_same = 1;
        /* A few sentences hold a few dozen mentions; the cap keeps one
         * huge "sentence" (a table, a list without full stops) from
         * making this quadratic in mentions (and cubic with the token
         * scans of binding_blocks and noun_between). */
        uint32_t stop = i > PRONOUN_CANDIDATES ? i - PRONOUN_CANDIDATES : 0;
        for (uint32_t j = i; j-- > stop;) {
            const w5_ment *a = &doc->ments.v[j];
            if (a->sent + window < m->sent)
                break;
            if (a->tok_end > m->tok_begin)
                continue;  /* nested: "his" inside "his country" */
            if (w5_coref_find(c, j) == root)
                continue;  /* its own cluster */
            if (!agrees(c, i, j) || binding_blocks(c, i, j))
                continue;
            int speaker_before = speaking && c->info[j].role == 1 &&
                                 (c->cl[w5_coref_find(c, j)].type == W5_E_ORG ||
                                  c->cl[w5_coref_find(c, j)].type == W5_E_GPE);
            if (!speaker_before && noun_between(c, j, i))
                continue;
            /* inside and outside a quotation are different voices */
            if ((c->info[j].quote >= 0) != (f->quote >= 0) && a->sent == m->sent)
                continue;
            uint32_t dist = m->sent - a->sent;
            const cluster *k = &c->cl[w5_coref_find(c, j)];
            double s = -1.0 * dist;
            if (c->info[j].role == 1)
                s += 0.6;
            else if (c->info[j].role == 2)
                s += 0.2;
            if (a->kind == W5_MENTION_NAME)
                s += 0.15;
            if (c->info[j].pron)
                s += 0.1;
            s += 0.06 * (k->size > 10 ? 10 : k->size);
            if (dist == 0) {
                s += 0.3;
                if ((pr->cases & PC_POSS) && nearest_same)
                    s += 1.0;
                nearest_same = 0;
            }
            /* the first mention of a sentence is its topic */
            if (j == 0 || doc->ments.v[j - 1].sent != a->sent)
                s += 0.1;
            if (s > best_score) {
                best_score = s;
                best = j;
            }
        }
        if (best >= 0)
            w5_coref_union(c, (uint32_t)best, i);
    }
    return 0;
}

/* ---- entities ------------------------------------------------------------ */

static int span_text_len(const w5_doc *doc, uint32_t b, uint32_t e)
{
    return (int)(doc->toks.v[e - 1].end - doc->toks.v[b].start);
}

static const char *const name_particles[] = {
    "of", "the", "and", "de", "del", "der", "den", "van", "von", "da", "di",
    "du", "la", "le", "al", "bin", "ibn", "y", "&", "-", "for", NULL};

/* 1 when the tokens look like a proper name (capitalised words and
 * particles, at most 8), so a runaway NER span never names an entity
 * that also has a clean name. */
static int name_like(const w5_doc *doc, uint32_t b, uint32_t e)
{
    if (e - b > 8)
        return 0;
    for (uint32_t t = b; t < e; t++) {
        size_t n;
        const char *s = tok_str(doc, t, &n);
        if (!tok_cap(doc, t) && !tok_in(doc, t, name_particles) && !tok_is_possessive(doc, t) &&
            !(n && (unsigned char)s[0] >= 0x80) && !(s[0] >= '0' && s[0] <= '9') &&
            !(n == 1 && s[0] == '.'))
            return 0;
    }
    return 1;
}

static int make_entities(w5_coref *c)
{
    w5_doc *doc = c->doc;
    size_t n = doc->ments.n;
    doc->ents.n = 0;
    doc->ent_ments.n = 0;
    int32_t *ent_of_root = malloc((n ? n : 1) * sizeof *ent_of_root);
    uint32_t *count = calloc(n ? n : 1, sizeof *count);
    if (!ent_of_root || !count) {
        free(ent_of_root);
        free(count);
        return W5_ERR_NOMEM;
    }
    int rc = 0;
    for (uint32_t i = 0; i < n; i++)
        ent_of_root[i] = -1;
    for (uint32_t i = 0; i < n && !rc; i++) {
        w5_ment *m = &doc->ments.v[i];
        uint32_t r = w5_coref_find(c, i);
        const cluster *k = &c->cl[r];
        if (is_value_type(m->type) && m->kind == W5_MENTION_NAME)
            continue;
        if (!k->named && !k->nominal && k->size < 2)
            continue;
        if (ent_of_root[r] < 0) {
            w5_ent e;
            memset(&e, 0, sizeof e);
            e.type = k->type;
            ent_of_root[r] = (int32_t)doc->ents.n;
            rc = w5_vec_push(&doc->ents, e);
        }
        m->entity = ent_of_root[r];
        count[m->entity]++;
    }
    if (rc)
        goto done;
    /* group mention indices by entity */
    uint32_t total = 0;
    for (size_t e = 0; e < doc->ents.n; e++) {
        doc->ents.v[e].first_ment = total;
        doc->ents.v[e].ment_count = 0;
        total += count[e];
    }
    if ((rc = w5_vec_reserve(&doc->ent_ments, total)))
        goto done;
    doc->ent_ments.n = total;
    double *weight = calloc(doc->ents.n + 1, sizeof *weight);
    int32_t *best = malloc((doc->ents.n + 1) * sizeof *best);
    if (!weight || !best) {
        free(weight);
        free(best);
        rc = W5_ERR_NOMEM;
        goto done;
    }
    double nsent = doc->sents.n ? (double)doc->sents.n : 1.0, all = 0;
    for (size_t e = 0; e < doc->ents.n; e++)
        best[e] = -1;
    for (uint32_t i = 0; i < n; i++) {
        w5_ment *m = &doc->ments.v[i];
        if (m->entity < 0)
            continue;
        w5_ent *e = &doc->ents.v[m->entity];
        doc->ent_ments.v[e->first_ment + e->ment_count++] = i;
        double w = m->kind == W5_MENTION_NAME ? 1.0 : m->kind == W5_MENTION_NOMINAL ? 0.8 : 0.6;
        if (m->kind == W5_MENTION_NAME && (m->type == W5_E_NORP || m->type == W5_E_MISC) &&
            c->info[i].country)
            w = 0.3;  /* "Afghan officials" mentions the country in passing */
        if (c->info[i].role == 1)
            w *= 1.5;
        w *= 1.0 + (nsent - m->sent) / nsent;
        weight[m->entity] += w;
        all += w;
        /* canonical name: the longest name, titles stripped; a demonym
         * only when nothing else names the entity */
        if (m->kind != W5_MENTION_NAME)
            continue;
        int32_t b = best[m->entity];
        int demonym = m->type == W5_E_NORP || m->type == W5_E_MISC;
        if (b < 0) {
            best[m->entity] = (int32_t)i;
            continue;
        }
        const w5_ment *bm = &doc->ments.v[b];
        int bdemonym = bm->type == W5_E_NORP || bm->type == W5_E_MISC;
        int len = span_text_len(doc, c->info[i].name_b, c->info[i].name_e);
        int blen = span_text_len(doc, c->info[b].name_b, c->info[b].name_e);
        int like = name_like(doc, c->info[i].name_b, c->info[i].name_e);
        int blike = name_like(doc, c->info[b].name_b, c->info[b].name_e);
        if ((bdemonym && !demonym) ||
            (bdemonym == demonym && (like > blike || (like == blike && len > blen))))
            best[m->entity] = (int32_t)i;
    }
    for (size_t e = 0; e < doc->ents.n && !rc; e++) {
        w5_ent *ent = &doc->ents.v[e];
        uint32_t first = doc->ent_ments.v[ent->first_ment];
        uint32_t r = w5_coref_find(c, first);
        const cluster *k = &c->cl[r];
        ent->salience = all > 0 ? (float)(weight[e] / all) : 0.0f;
        ent->gender = (uint8_t)cluster_gender(k);
        if (ent->gender == W5_GENDER_NEUTER)
            ent->gender = W5_GENDER_UNKNOWN;
        int32_t b = best[e];
        if (b >= 0) {
            const w5_ment *bm = &doc->ments.v[b];
            const minfo *f = &c->info[b];
            if ((bm->type == W5_E_NORP || bm->type == W5_E_MISC) && f->country) {
                rc = w5_strpool_add(&doc->pool, f->country, strlen(f->country), &ent->name);
                ent->type = W5_E_GPE;
            } else {
                if (f->country && bm->type != W5_E_PERSON)
                    /* "Southern Rhodesia", "Burma": the country's name */
                    rc = w5_strpool_add(&doc->pool, f->country, strlen(f->country), &ent->name);
                else
                    rc = w5_doc_pool_span(doc, doc->toks.v[f->name_b].start,
                                          doc->toks.v[f->name_e - 1].end, &ent->name);
                ent->type = bm->type;
                if (f->country && (bm->type == W5_E_LOC || bm->type == W5_E_ORG))
                    ent->type = W5_E_GPE;
            }
        } else {
            /* no name: named by its first description ("the company",
             * not "it"), else the first subject pronoun ("I", not "me"),
             * else the first mention */
            const w5_ment *fm = &doc->ments.v[first];
            int found = 0;
            for (uint32_t k2 = 0; k2 < ent->ment_count && !found; k2++) {
                uint32_t mi = doc->ent_ments.v[ent->first_ment + k2];
                if (doc->ments.v[mi].kind == W5_MENTION_NOMINAL) {
                    fm = &doc->ments.v[mi];
                    found = 1;
                }
            }
            for (uint32_t k2 = 0; k2 < ent->ment_count && !found; k2++) {
                uint32_t mi = doc->ent_ments.v[ent->first_ment + k2];
                const minfo *g = &c->info[mi];
                if (g->pron && (pronouns[g->pron - 1].cases & PC_SUBJ)) {
                    fm = &doc->ments.v[mi];
                    found = 1;
                }
            }
            rc = w5_doc_pool_span(doc, fm->start, fm->end, &ent->name);
            ent->type = k->type;
            if (k->person == 1 || k->person == 2)
                ent->type = W5_E_PERSON;  /* "I", "we", "you": speakers */
        }
    }
    /* mentions take their entity's type when they had none */
    for (uint32_t i = 0; i < n && !rc; i++) {
        w5_ment *m = &doc->ments.v[i];
        const minfo *f = &c->info[i];
        m->plural = f->plural;
        m->gender = f->gender == W5_GENDER_NEUTER ? W5_GENDER_UNKNOWN : f->gender;
        if (m->entity < 0)
            continue;
        const w5_ent *e = &doc->ents.v[m->entity];
        if (m->kind == W5_MENTION_PRONOUN && (m->type == W5_E_NONE || e->type == W5_E_PERSON))
            m->type = e->type;
        if (m->kind != W5_MENTION_NAME && e->type == W5_E_PERSON && !m->gender)
            m->gender = e->gender;
    }
    free(weight);
    free(best);
done:
    free(ent_of_root);
    free(count);
    return rc;
}

int w5_coref_run(const w5_lexicon *lex, w5_doc *doc, w5_error *err)
{
    if (!doc)
        return w5_fail(err, W5_ERR_INVALID, "w5_coref_run: doc is NULL");
    w5_coref c;
    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.lex = lex;
    doc->ents.n = 0;
    doc->ent_ments.n = 0;
    if (doc->toks.n && !doc->sents.n)
        return w5_fail(err, W5_ERR_STATE, "coreference needs sentences");
    int rc = build_mentions(&c);
    if (rc)
        return w5_fail(err, rc, "coreference: out of memory");
    size_t n = doc->ments.n, nt = doc->toks.n;
    c.info = calloc(n ? n : 1, sizeof *c.info);
    c.cl = calloc(n ? n : 1, sizeof *c.cl);
    c.parent = malloc((n ? n : 1) * sizeof *c.parent);
    c.quote_of = malloc((nt ? nt : 1) * sizeof *c.quote_of);
    if (!c.info || !c.cl || !c.parent || !c.quote_of) {
        rc = W5_ERR_NOMEM;
        goto out;
    }
    if ((rc = find_quotes(&c)))
        goto out;
    analyse_mentions(&c);
    for (uint32_t i = 0; i < n; i++) {
        c.parent[i] = i;
        cluster_init(&c, i);
    }
    if ((rc = sieve_speaker(&c)) || (rc = sieve_exact(&c)) || (rc = sieve_org_short(&c)) ||
        (rc = sieve_country(&c)) || (rc = sieve_acronym(&c)) ||
        (rc = sieve_person(&c)) || (rc = sieve_apposition(&c)) ||
        (rc = sieve_nominal(&c)) || (rc = sieve_pronoun(&c)))
        goto out;
    rc = make_entities(&c);
out:
    free(c.info);
    free(c.cl);
    free(c.parent);
    free(c.quote_of);
    free(c.quote_first);
    if (rc)
        return w5_fail(err, rc, "coreference: out of memory");
    doc->stages |= W5_STAGE_COREF;
    return W5_OK;
}
