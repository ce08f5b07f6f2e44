/*
 * quotes.c - direct and reported speech with speakers (see quotes.h for
 * the method). Everything here is rules over "units" (words and single
 * punctuation characters cut from the tokens); the parse and the
 * mentions are used when present.
 */
#include "quotes/quotes.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc/tagset.h"

/* ---- Cue words ---------------------------------------------------------
 * Speech and thought verbs, by lemma, with their forms. The list started
 * from the most frequent single-word cues of the PolNeAR training
 * relations (said, says, told, wrote, added, asked, called, noted, ...)
 * and was completed by hand. Each line: class bits, then the forms
 * separated by spaces (-ing forms get W5_CUE_ING automatically). */
enum { SAY = W5_CUE_SAY, TELL = W5_CUE_SAY | W5_CUE_TELL,
       BEL = W5_CUE_BELIEF, ACC = W5_CUE_ACCUSE, THAT = W5_CUE_THAT,
       INT = W5_CUE_ACCUSE | W5_CUE_INTENT,
       FRM = W5_CUE_SAY | W5_CUE_FRAME };

typedef struct cue_entry {
    unsigned cls;
    const char *forms;
    const char *particle;   /* a word that must follow ("referring to") */
} cue_entry;

static const cue_entry cue_table[] = {
    {SAY, "say says said saying", NULL},
    {TELL, "tell tells told telling", NULL},
    {SAY | THAT, "add adds added adding", NULL}, /* "added 300 jobs" */
    {SAY, "state states stated stating", NULL},
    {SAY, "explain explains explained explaining", NULL},
    {SAY, "insist insists insisted insisting", NULL},
    {SAY, "claim claims claimed claiming", NULL},
    {SAY, "argue argues argued arguing", NULL},
    {SAY, "note notes noted noting", NULL},
    {TELL, "ask asks asked asking", NULL},
    {SAY, "reply replies replied replying", NULL},
    {SAY, "respond responds responded responding", NULL},
    {SAY, "answer answers answered answering", NULL},
    {SAY, "announce announces announced announcing", NULL},
    {SAY, "declare declares declared declaring", NULL},
    {SAY, "warn warns warned warning", NULL},
    {SAY | THAT, "write writes wrote writing", NULL}, /* "wrote the score" */
    {SAY, "tweet tweets tweeted tweeting", NULL},
    {SAY, "report reports reported reporting", NULL},
    {SAY | THAT, "continue continues continued continuing", NULL}, /* "his work" */
    {SAY, "acknowledge acknowledges acknowledged acknowledging", NULL},
    {SAY, "admit admits admitted admitting", NULL},
    {SAY, "deny denies denied denying", NULL},
    {SAY, "suggest suggests suggested suggesting", NULL},
    {SAY, "recall recalls recalled recalling", NULL},
    {SAY, "conclude concludes concluded concluding", NULL},
    {SAY, "confirm confirms confirmed confirming", NULL},
    {SAY, "stress stresses stressed stressing", NULL},
    {SAY, "emphasize emphasizes emphasized emphasizing emphasise "
          "emphasises emphasised", NULL},
    {SAY, "complain complains complained complaining", NULL},
    {SAY, "predict predicts predicted predicting", NULL},
    {SAY, "promise promises promised", NULL},
    {SAY, "vow vows vowed vowing", NULL},
    {TELL, "urge urges urged urging", NULL},
    {SAY, "remark remarks remarked", NULL},
    {SAY, "comment comments commented", NULL},
    {SAY, "observe observes observed", NULL},
    {SAY, "joke jokes joked joking quip quips quipped", NULL},
    {SAY, "testify testifies testified", NULL},
    {SAY, "concede concedes conceded conceding", NULL},
    {SAY, "contend contends contended contending", NULL},
    {SAY, "assert asserts asserted asserting", NULL},
    {SAY, "allege alleges alleged alleging", NULL},
    {SAY, "reiterate reiterates reiterated reiterating", NULL},
    {SAY, "repeat repeats repeated", NULL},
    {SAY, "pledge pledges pledged", NULL},
    {SAY, "decide decides decided", NULL},
    {SAY, "boast boasts boasted bragged brags", NULL},
    {SAY, "lament laments lamented", NULL},
    {SAY, "shout shouted yell yelled scream screamed whisper whispered "
          "exclaim exclaimed", NULL},
    {SAY, "wonder wonders wondered", NULL},
    {SAY, "retort retorted counter countered", NULL},
    {SAY, "reveal reveals revealed revealing", NULL},
    {SAY, "mention mentions mentioned", NULL},
    {SAY, "demand demands demanded", NULL},
    {SAY, "predicts", NULL},
    {SAY, "speculate speculated estimate estimated", NULL},
    {SAY, "recount recounted", NULL},
    {SAY, "quote quoted", NULL},
    {ACC, "accuse accuses accused accusing", NULL},
    {ACC, "criticize criticizes criticized criticizing criticise "
          "criticised", NULL},
    {ACC, "blame blames blamed blaming", NULL},
    {ACC, "praise praises praised praising", NULL},
    {ACC, "call calls called calling", NULL},
    {ACC, "describe describes described describing", NULL},
    {ACC, "slam slams slammed blast blasts blasted", NULL},
    {ACC, "dismiss dismisses dismissed dismissing", NULL},
    {ACC, "defend defends defended defending", NULL},
    {ACC, "endorse endorses endorsed endorsing", NULL},
    {ACC, "cite cites cited citing", NULL},
    {ACC, "propose proposes proposed proposing", NULL},
    {ACC, "refer refers referred referring", "to"},
    {ACC, "talk talks talked talking", "about"},
    {ACC, "speak speaks spoke speaking", "about"},
    {SAY, "point points pointed pointing", "out"},
    {FRM, "mock mocks mocked beam beams beamed chant chants chanted", NULL},
    {FRM, "scoff scoffs scoffed muse muses mused marvel marvels marveled "
          "marvelled gush gushes gushed snap snaps snapped", NULL},
    {FRM, "grumble grumbles grumbled interject interjects interjected "
          "echo echoes echoed chime chimes chimed", NULL},
    {FRM, "cry cries cried sigh sighs sighed laugh laughs laughed smile "
          "smiles smiled shrug shrugs shrugged", NULL},
    {FRM, "read reads sang sings yelled yells shouts screams", NULL},
    {INT, "want wants wanted wanting", NULL},
    {INT, "plan plans planned planning", NULL},
    {INT, "refuse refuses refused refusing", NULL},
    {INT, "seek seeks sought seeking", NULL},
    {INT, "intend intends intended intending", NULL},
    {INT, "threaten threatens threatened threatening", NULL},
    {INT, "decline declines declined declining", NULL},
    {INT, "vows vowing pledging pledges promises promising", NULL},
    {BEL, "believe believes believed believing", NULL},
    {BEL, "think thinks thought thinking", NULL},
    {BEL, "feel feels felt", NULL},
    {BEL, "hope hopes hoped hoping", NULL},
    {BEL, "fear fears feared", NULL},
    {BEL, "expect expects expected", NULL},
    {BEL, "know knows knew", NULL},
    {BEL, "worry worries worried", NULL},
    {BEL, "doubt doubts doubted", NULL},
    {BEL, "figure figures figured", NULL},
    {BEL, "realize realizes realized realise realised", NULL},
    {BEL, "guess guessed", NULL},
    {SAY, "show shows showed", NULL},
    {THAT, "find finds found", NULL},
    {THAT, "agree agrees agreed", NULL},
    {THAT, "indicate indicates indicated", NULL},
    {THAT, "maintain maintains maintained", NULL},
    {THAT, "charge charges charged", NULL},
    {THAT, "signal signals signaled signalled", NULL},
    {THAT, "acknowledge", NULL},
};

static int ascii_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* The table entry of a word (any case), its class in *cls; NULL if none. */
static const cue_entry *cue_lookup(const char *word, size_t n, unsigned *cls)
{
    *cls = 0;
    if (!word || n == 0 || n > 24)
        return NULL;
    for (size_t e = 0; e < sizeof cue_table / sizeof cue_table[0]; e++) {
        const char *f = cue_table[e].forms;
        while (*f) {
            size_t len = strcspn(f, " ");
            if (len == n) {
                size_t i = 0;
                while (i < n && ascii_lower((unsigned char)word[i]) == f[i])
                    i++;
                if (i == n) {
                    *cls = cue_table[e].cls;
                    if (n > 4 && memcmp(f + n - 3, "ing", 3) == 0)
                        *cls |= W5_CUE_ING;
                    return &cue_table[e];
                }
            }
            f += len;
            while (*f == ' ')
                f++;
        }
    }
    return NULL;
}

unsigned w5_quotes_cue_class(const char *word, size_t n)
{
    unsigned cls;
    cue_lookup(word, n, &cls);
    return cls;
}

/* ---- Small word lists ---------------------------------------------------
 * Space-separated, looked up with in_list(). */
static const char pronouns[] = " he she they we i you it ";
static const char determiners[] =
    " the a an his her their its our my your this these those that some "
    "many most all no several both two three ";
/* Words that end a speaker phrase going left or right. */
static const char np_stops[] =
    " and but or nor that which who whom whose when while where as because "
    "if than so then also said says say told according to in on at for with "
    "by from after before about into over under during without since until "
    "not never is was were are be been has have had will would could can "
    "may might should must do does did there here yet still even just "
    "being ";
/* Adverbs, auxiliaries and time words between a speaker and the verb. */
static const char pre_verb_skips[] =
    " also later then has have had would will could may might should did "
    "does do is was were are not never always now actually long repeatedly previously recently "
    "again earlier already often just once reportedly initially first "
    "quickly finally publicly privately simply only still even further "
    "subsequently today yesterday tonight monday tuesday wednesday thursday "
    "friday saturday sunday january february march april june july august "
    "september october november december last next week month year "
    "morning afternoon evening night ";
static const char time_words[] =
    " monday tuesday wednesday thursday friday saturday sunday today "
    "yesterday tonight earlier later last next this week month year "
    "morning afternoon evening night weekend recently again also then now "
    "on in at during before after a an the ";
/* Cue forms that are also nouns: cues only after a subject-like word or
 * an auxiliary (when there are no tags to tell). */
static const char noun_like_cues[] =
    " state states comment comments remark remarks call calls report "
    "reports note notes claim claims answer answers reply replies promise "
    "promises demand demands support supports question questions challenge "
    "challenges plan plans quote quotes tweet tweets post posts favor "
    "favors backs welcome welcomes estimate estimates counter repeat "
    "predicts fears hopes doubts figures shows finds holds signals "
    "mention mentions joke jokes pledges vows ";
static const char verb_before[] =
    " also will would to can could should may might must did does do not "
    "n't never often then still just later who that ";

/* Words of a frame between a speech verb and its quote: "told reporters
 * in a statement on Twitter: ..." */
static const char frame_words[] =
    " reporters me us him her them you in a an the statement interview "
    "speech tweet email letter post posts on twitter facebook radio "
    "television tv his their its simply flatly bluntly later also then "
    "audience crowd supporters journalists press conference briefing "
    "released written show program ";
static const char abbrevs[] =
    " mr mrs ms dr gen sen rep gov lt col sgt capt st jr sr inc corp co ltd "
    "vs no jan feb mar apr aug sep sept oct nov dec prof rev gov pres maj "
    "adm cmdr atty supt ave blvd mt ft ";

/* Verbs of an impression the writer reports (report_impression). */
static const char raising[] =
    " seem seems seemed appear appears appeared ";
/* Nouns taking a that-clause (report_nominal). */
static const char report_nouns[] =
    " claim claims assertion suggestion suggestions belief beliefs "
    "notion idea fear fears hope hopes concern concerns warning warnings "
    "allegation allegations assurance assurances insistence complaint "
    "complaints speculation rumor rumors rumour rumours argument "
    "prediction predictions accusation accusations charge charges "
    "confidence conviction sense view impression ";

static int in_list(const char *list, const char *w)
{
    size_t n = strlen(w);
    return n <= 20 && w5_word_in_list(list, w, n);
}

/* ---- Word table -----------------------------------------------------------
 * The cue forms and the lists every unit is asked about, in one hash table
 * keyed by the lowercased word and built per run (~1000 words, a few
 * microseconds). Each word unit looks its word up once (push_unit): its
 * cue class and the lists holding it, so the rules test a bit instead of
 * scanning a list (or binary-searching the cues) per question. */
enum { L_PRONOUNS, L_DETERMINERS, L_NP_STOPS, L_PRE_VERB_SKIPS, L_TIME_WORDS,
       L_NOUN_LIKE_CUES, L_VERB_BEFORE, L_FRAME_WORDS, L_ABBREVS, L_RAISING,
       L_REPORT_NOUNS, L_COUNT_ };
static const char *const unit_lists[L_COUNT_] = {
    pronouns, determiners, np_stops, pre_verb_skips, time_words,
    noun_like_cues, verb_before, frame_words, abbrevs, raising, report_nouns};

typedef struct word_slot {
    const char *w;        /* the word in its table or list; NULL: free */
    uint32_t lists;       /* bit L_*: the word is in unit_lists[L_*] */
    int16_t cue;          /* cue_table entry (the first with this form), -1 */
    uint8_t len;
} word_slot;

/* Words are looked up as WORD_PAD bytes, zero after the word (a unit's
 * `low`): hashed a machine word at a time, not byte by byte. */
enum { WORD_PAD = 24, WORD_MAX = WORD_PAD - 1 };

static size_t word_hash(const char *pad)
{
    uint64_t a, b, c;
    memcpy(&a, pad, 8);
    memcpy(&b, pad + 8, 8);
    memcpy(&c, pad + 16, 8);
    uint64_t h = a * 0x9E3779B97F4A7C15ull ^ b * 0xC2B2AE3D27D4EB4Full ^
                 c * 0x165667B19E3779F9ull;
    return (size_t)(h ^ (h >> 29) ^ (h >> 47));
}

typedef struct word_table {
    word_slot *slot;
    size_t mask;          /* slots - 1, a power of two minus one */
} word_table;

/* The slot of the n-byte lowercase word in pad (WORD_PAD bytes, zero
 * after the word): its entry, or the free slot where it goes. */
static word_slot *word_slot_of(const word_table *t, const char *pad, size_t n)
{
    size_t i = word_hash(pad) & t->mask;
    while (t->slot[i].w && !(t->slot[i].len == n && memcmp(t->slot[i].w, pad, n) == 0))
        i = (i + 1) & t->mask;
    return &t->slot[i];
}

/* word_slot_of for w[0..n) of a list: NULL when no unit can ask for it. */
static word_slot *list_slot_of(const word_table *t, const char *w, size_t n)
{
    char pad[WORD_PAD] = {0};
    if (n > WORD_MAX)
        return NULL;
    memcpy(pad, w, n);
    return word_slot_of(t, pad, n);
}

/* Calls add(t, word, len, arg) for each word of a space-separated list. */
static size_t each_word(const char *list, word_table *t, int32_t arg,
                        void (*add)(word_table *, const char *, size_t, int32_t))
{
    size_t count = 0;
    for (const char *f = list; *f;) {
        while (*f == ' ')
            f++;
        size_t len = 0;
        while (f[len] && f[len] != ' ')
            len++;
        if (len) {
            if (add)
                add(t, f, len, arg);
            count++;
        }
        f += len;
    }
    return count;
}

static void add_cue_form(word_table *t, const char *w, size_t n, int32_t entry)
{
    word_slot *s = list_slot_of(t, w, n);
    if (!s)
        return;
    if (!s->w)
        *s = (word_slot){.w = w, .len = (uint8_t)n, .cue = (int16_t)entry};
    else if (s->cue < 0)
        s->cue = (int16_t)entry;
}

static void add_list_word(word_table *t, const char *w, size_t n, int32_t list)
{
    word_slot *s = list_slot_of(t, w, n);
    if (!s)
        return;
    if (!s->w)
        *s = (word_slot){.w = w, .len = (uint8_t)n, .cue = -1};
    s->lists |= 1u << list;
}

static int build_word_table(word_table *t)
{
    enum { CUES = sizeof cue_table / sizeof cue_table[0] };
    size_t words = 0, slots = 64;
    for (size_t e = 0; e < CUES; e++)
        words += each_word(cue_table[e].forms, t, 0, NULL);
    for (int l = 0; l < L_COUNT_; l++)
        words += each_word(unit_lists[l], t, 0, NULL);
    while (slots < 2 * words)               /* at most half full */
        slots *= 2;
    if (!(t->slot = calloc(slots, sizeof *t->slot)))
        return W5_ERR_NOMEM;
    t->mask = slots - 1;
    for (size_t e = 0; e < CUES; e++)       /* table order: the first wins */
        each_word(cue_table[e].forms, t, (int32_t)e, add_cue_form);
    for (int l = 0; l < L_COUNT_; l++)
        each_word(unit_lists[l], t, l, add_list_word);
    return W5_OK;
}

/* ---- Units ---------------------------------------------------------------
 * A unit is a word (a token without its leading and trailing punctuation)
 * or one punctuation character. */
enum { U_WORD = 0, U_PUNCT };
enum { M_NONE = 0, M_OPEN, M_CLOSE, M_AMBIG };   /* quotation mark role */
enum { K_DOUBLE = 1, K_SINGLE = 2 };

typedef struct unit {
    uint32_t start, end;
    int32_t tok;
    uint32_t para, clause;
    int32_t quote;        /* quoted span holding it (marks included), -1 */
    uint32_t cp;          /* the character of a punctuation unit */
    uint8_t type;         /* U_* */
    uint8_t mark, mkind;  /* M_*, K_* for quotation marks */
    uint8_t cap;          /* word starting with a capital or digit */
    unsigned cue;         /* W5_CUE_* bits */
    const char *particle; /* the word the cue needs after it, or NULL */
    uint32_t lists;       /* bit L_*: the word is in unit_lists[L_*] */
    char low[WORD_PAD];   /* lowercased ASCII word, "" when too long;
                             zero after the word (word_slot_of) */
} unit;

/* Whether the word of unit u is in unit_lists[list]: in_list(), read
 * from the bits the unit's lookup left. */
static int in_unit(const unit *u, int list)
{
    return (u->lists >> list) & 1;
}

typedef struct qspan {
    uint32_t ou, cu;      /* open mark unit, close mark (or last) unit */
    uint32_t cs, ce;      /* content bytes */
    int closed;
} qspan;

typedef struct cand {
    w5_quo q;
    uint32_t spk_start, spk_end;   /* speaker phrase bytes, 0,0 none */
    uint32_t spk_head_end;         /* end of its head, before any of-,
                                      in-phrase or apposition */
    uint32_t para;
    int attributed;                /* a speaker phrase was found */
    uint8_t spk_common;            /* the phrase ends in a common noun */
    uint8_t spk_inside;            /* its mention is a word inside it */
    uint8_t spk_pronoun;           /* the phrase is one pronoun */
    uint8_t spk_medium;            /* its head is a statement, a report...*/
    uint8_t stance;                /* read off a stance word: the kind
                                      becomes W5_QUOTE_STANCE at the end */
} cand;

/* Dependency relations the parse-based rules read, by name. */
enum { R_OBJ, R_IOBJ, R_CCOMP, R_XCOMP, R_OBL, R_NMOD, R_ACL, R_ADVCL,
       R_CASE, R_NSUBJ_PASS, R_OBL_AGENT, R_ACL_RELCL, R_NMOD_POSS, R_CONJ,
       R_APPOS, R_CSUBJ, REL_COUNT_ };
static const uint8_t rel_ids[REL_COUNT_] = {
    W5_DEP_OBJ, W5_DEP_IOBJ, W5_DEP_CCOMP, W5_DEP_XCOMP, W5_DEP_OBL,
    W5_DEP_NMOD, W5_DEP_ACL, W5_DEP_ADVCL, W5_DEP_CASE, W5_DEP_NSUBJ_PASS,
    W5_DEP_OBL_AGENT, W5_DEP_ACL_RELCL, W5_DEP_NMOD_POSS, W5_DEP_CONJ,
    W5_DEP_APPOS, W5_DEP_CSUBJ};

typedef struct qctx {
    w5_doc *doc;
    const char *text;
    W5_VEC(unit) u;
    W5_VEC(qspan) qs;
    W5_VEC(cand) out;
    uint8_t *used;        /* per unit: cue consumed by a direct frame */
    int nsubj, nsubjpass; /* deprel indices, 0 when unknown */
    int have_parse;
    const word_table *words; /* cue forms and unit_lists (build_word_table) */
    int32_t *tok_unit;    /* per token: its first word unit, -1 none */
    uint8_t rel[REL_COUNT_]; /* deprel indices (rel_ids), 0 unknown */
    uint8_t upos_verb, upos_noun, upos_adj, upos_num; /* UPOS indices */
    uint8_t xpos_vbg, xpos_vbn;                       /* XPOS indices */
} qctx;

/* Whether token t hangs from its head by relation r (rel_ids). */
static int tok_rel(const qctx *c, uint32_t t, int r)
{
    return c->rel[r] && c->doc->toks.v[t].deprel == c->rel[r];
}

static uint32_t decode(const char *s, uint32_t i, uint32_t end, uint32_t *len)
{
    unsigned char c = (unsigned char)s[i];
    uint32_t need = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
                  : (c >> 3) == 30 ? 4 : 1;
    if (i + need > end || need == 1) {
        *len = 1;
        return c;
    }
    uint32_t cp = c & (0x7F >> need);
    for (uint32_t k = 1; k < need; k++) {
        unsigned char b = (unsigned char)s[i + k];
        if ((b & 0xC0) != 0x80) {
            *len = 1;
            return c;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    *len = need;
    return cp;
}

static int is_punct_cp(uint32_t cp)
{
    if (cp < 0x80)
        return cp > 0x20 && cp < 0x7F && !(cp >= '0' && cp <= '9') &&
               !((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') && cp != '$' &&
               cp != '%' && cp != '@' && cp != '#' && cp != '&';
    return (cp >= 0x2010 && cp <= 0x201F) || cp == 0x2026 || cp == 0xAB ||
           cp == 0xBB;
}

/* Quotation-mark kind of a character: K_DOUBLE/K_SINGLE, and its role. */
static int mark_of(uint32_t cp, uint8_t *kind)
{
    switch (cp) {
    case 0x201C: case 0x201E: case 0xAB: *kind = K_DOUBLE; return M_OPEN;
    case 0x201D: case 0xBB: *kind = K_DOUBLE; return M_CLOSE;
    case '"': *kind = K_DOUBLE; return M_AMBIG;
    case 0x2018: *kind = K_SINGLE; return M_OPEN;
    case 0x2019: *kind = K_SINGLE; return M_CLOSE;
    case '\'': *kind = K_SINGLE; return M_AMBIG;
    default: *kind = 0; return M_NONE;
    }
}

/* Lowercases word w[0..n) (n < sizeof u->low) into u->low and looks it
 * up: its cue class and particle, its lists. */
static void unit_word(const qctx *c, unit *u, const char *w, size_t n)
{
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        u->low[i] = (char)ascii_lower((unsigned char)w[i]);
        space |= w[i] == ' ';
    }
    u->low[n] = '\0';
    if (n == 0)
        return;
    const word_slot *ws = word_slot_of(c->words, u->low, n);
    if (ws->w && ws->cue >= 0) {
        const cue_entry *ce = &cue_table[ws->cue];
        u->cue = ce->cls;
        if (n > 4 && memcmp(u->low + n - 3, "ing", 3) == 0)
            u->cue |= W5_CUE_ING;
        u->particle = ce->particle;
    }
    if (space) {            /* a list could hold it as two of its words */
        for (int l = 0; l < L_COUNT_; l++)
            if (in_list(unit_lists[l], u->low))
                u->lists |= 1u << l;
    } else if (ws->w && n <= 20) {
        u->lists = ws->lists;
    }
}

static int push_unit(qctx *c, uint32_t s, uint32_t e, int32_t tok, int type,
                     uint32_t cp)
{
    /* filled in place: a unit built on the stack and copied in is read
     * back before its narrow stores land */
    if (w5_vec_reserve(&c->u, c->u.n + 1))
        return W5_ERR_NOMEM;
    unit *u = &c->u.v[c->u.n++];
    memset(u, 0, sizeof *u);
    u->start = s;
    u->end = e;
    u->tok = tok;
    u->type = (uint8_t)type;
    u->quote = -1;
    u->cp = cp;
    if (type == U_PUNCT) {
        u->mark = (uint8_t)mark_of(cp, &u->mkind);
    } else {
        unsigned char f = (unsigned char)c->text[s];
        u->cap = (f >= 'A' && f <= 'Z') || (f >= '0' && f <= '9') ||
                 f >= 0xC3;
        if (e - s < sizeof u->low)
            unit_word(c, u, c->text + s, e - s);
    }
    return W5_OK;
}

/* A clitic like 's 're n't glued to the previous token stays a word. */
static int is_clitic(const qctx *c, const w5_tok *t, const w5_tok *prev)
{
    const char *p = c->text + t->start;
    uint32_t n = t->end - t->start, skip;
    if (!prev || prev->end != t->start)
        return 0;
    if (p[0] == '\'')
        skip = 1;
    else if (n >= 3 && (unsigned char)p[0] == 0xE2 &&
             (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x99)
        skip = 3;
    else
        return 0;
    if (n <= skip || n - skip > 2)
        return 0;
    for (uint32_t i = skip; i < n; i++)
        if (!((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z'))
            return 0;
    return 1;
}

static int upos_is(const struct qctx *c, const struct unit *u, int upos);
static int is_w(const unit *u, const char *w);

/* A capitalised cue mid-sentence is a name ("Secretary of State"); one
 * after a determiner is a noun ("no claims"); with tags, only verbs. */
/* A first paragraph in Title Case ("Trump Says His Plan Will Work"):
 * there capitalised cues are verbs. */
static int title_case_headline(const qctx *c)
{
    size_t words = 0, caps = 0;
    for (size_t k = 0; k < c->u.n && c->u.v[k].para == c->u.v[0].para; k++) {
        const unit *u = &c->u.v[k];
        if (u->type != U_WORD || u->end - u->start <= 3)
            continue;
        words++;
        caps += u->cap;
    }
    return words >= 3 && caps * 10 >= words * 8;
}

static void filter_cues(qctx *c)
{
    int headline = title_case_headline(c);
    for (size_t k = 0; k < c->u.n; k++) {
        unit *u = &c->u.v[k];
        if (!u->cue)
            continue;
        const unit *p = k ? &c->u.v[k - 1] : NULL;
        if (u->particle && !(k + 1 < c->u.n && is_w(&c->u.v[k + 1], u->particle))) {
            u->cue = 0;
            continue;
        }
        if (k + 1 < c->u.n && (is_w(&c->u.v[k + 1], "delegates") ||
                               is_w(&c->u.v[k + 1], "delegate"))) {
            u->cue = 0;             /* "pledged delegates": an adjective */
            continue;
        }
        int initial = !p || p->type == U_PUNCT;
        if (headline && u->para == c->u.v[0].para && (u->cue & W5_CUE_SAY) &&
            p && p->type == U_WORD && p->cap)
            continue;
        if (u->cap && !initial)
            u->cue = 0;
        else if (p && p->type == U_WORD && in_unit(p, L_DETERMINERS) &&
                 !in_unit(p, L_PRONOUNS))
            u->cue = 0;
        else if (u->tok >= 0 && c->doc->toks.v[u->tok].upos) {
            if (!upos_is(c, u, W5_UPOS_VERB) && !upos_is(c, u, W5_UPOS_AUX))
                u->cue = 0;
        } else if (in_unit(u, L_NOUN_LIKE_CUES) &&
                   !(p && p->type == U_WORD &&
                     (p->cap || in_unit(p, L_PRONOUNS) ||
                      in_unit(p, L_VERB_BEFORE))))
            u->cue = 0;     /* "a phone call", "recent comments" */
    }
}

static int build_units(qctx *c)
{
    const w5_doc *doc = c->doc;
    for (size_t t = 0; t < doc->toks.n; t++) {
        const w5_tok *tk = &doc->toks.v[t];
        uint32_t s = tk->start, e = tk->end, len;
        if (is_clitic(c, tk, t ? &doc->toks.v[t - 1] : NULL)) {
            if (push_unit(c, s, e, (int32_t)t, U_WORD, 0))
                return W5_ERR_NOMEM;
            continue;
        }
        while (s < e) {                     /* leading punctuation */
            uint32_t cp = decode(c->text, s, e, &len);
            if (!is_punct_cp(cp))
                break;
            if (push_unit(c, s, s + len, (int32_t)t, U_PUNCT, cp))
                return W5_ERR_NOMEM;
            s += len;
        }
        uint32_t core_end = e;              /* trailing punctuation */
        while (core_end > s) {
            uint32_t b = core_end - 1;
            while (b > s && ((unsigned char)c->text[b] & 0xC0) == 0x80)
                b--;
            uint32_t cp = decode(c->text, b, core_end, &len);
            if (!is_punct_cp(cp) || b + len != core_end)
                break;
            core_end = b;
        }
        if (core_end > s && push_unit(c, s, core_end, (int32_t)t, U_WORD, 0))
            return W5_ERR_NOMEM;
        for (uint32_t i = core_end; i < e; i += len) {
            uint32_t cp = decode(c->text, i, e, &len);
            if (push_unit(c, i, i + len, (int32_t)t, U_PUNCT, cp))
                return W5_ERR_NOMEM;
        }
    }
    return W5_OK;
}

/* Two apostrophes side by side are a double quotation mark (''...''). */
static void merge_double_apostrophes(qctx *c)
{
    size_t n = 0;
    for (size_t k = 0; k < c->u.n; k++) {
        unit *u = &c->u.v[k];
        if (n && u->type == U_PUNCT && u->cp == '\'' &&
            c->u.v[n - 1].type == U_PUNCT && c->u.v[n - 1].cp == '\'' &&
            c->u.v[n - 1].end == u->start) {
            unit *p = &c->u.v[n - 1];
            p->end = u->end;
            p->cp = '"';
            p->mark = (uint8_t)mark_of('"', &p->mkind);
            continue;
        }
        c->u.v[n++] = *u;
    }
    c->u.n = n;
}

/* Paragraphs: a blank line between units, or any line break when the
 * document has no blank lines at all. */
static void mark_paragraphs(qctx *c)
{
    const char *t = c->text;
    int blank_lines = 0;
    for (uint32_t i = 0; i + 1 < c->doc->len && !blank_lines; i++) {
        if (t[i] != '\n')
            continue;
        uint32_t j = i + 1;
        while (j < c->doc->len && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r'))
            j++;
        blank_lines = j < c->doc->len && t[j] == '\n';
    }
    uint32_t para = 0;
    for (size_t k = 0; k < c->u.n; k++) {
        if (k) {
            int newlines = 0;
            for (uint32_t i = c->u.v[k - 1].end; i < c->u.v[k].start; i++)
                if (t[i] == '\n')
                    newlines++;
            if (newlines >= (blank_lines ? 2 : 1))
                para++;
        }
        c->u.v[k].para = para;
    }
}

static int is_space_byte(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* Decides whether a straight mark opens (1) or closes (0) by its spacing. */
static int ambiguous_opens(const qctx *c, size_t k)
{
    const unit *u = &c->u.v[k];
    int space_before = u->start == 0 || is_space_byte(c->text[u->start - 1]) ||
                       strchr("([{-", c->text[u->start - 1]) != NULL;
    int space_after = u->end >= c->doc->len || is_space_byte(c->text[u->end]);
    if (space_before && !space_after)
        return 1;
    return 0;
}

static int add_span(qctx *c, uint32_t ou, uint32_t cu, int closed)
{
    qspan q = {.ou = ou, .cu = cu, .closed = closed};
    q.cs = c->u.v[ou].end;
    q.ce = closed ? c->u.v[cu].start : c->u.v[cu].end;
    while (q.cs < q.ce && is_space_byte(c->text[q.cs]))
        q.cs++;
    while (q.ce > q.cs && (is_space_byte(c->text[q.ce - 1]) ||
                           c->text[q.ce - 1] == ','))
        q.ce--;
    if (q.ce <= q.cs || cu <= ou)
        return W5_OK;
    int32_t idx = (int32_t)c->qs.n;
    for (uint32_t k = ou; k <= cu; k++)
        c->u.v[k].quote = idx;
    return w5_vec_push(&c->qs, q);
}

/* Pairs quotation marks into quoted spans (see quotes.h). */
static int find_quoted_spans(qctx *c)
{
    long open = -1;
    int kind = 0, inner = 0;
    for (size_t k = 0; k < c->u.n; k++) {
        unit *u = &c->u.v[k];
        int role = u->mark;
        if (role == M_AMBIG)
            role = ambiguous_opens(c, k) ? M_OPEN : M_CLOSE;
        if (open >= 0 && k && u->para != c->u.v[k - 1].para) {
            if (role == M_OPEN && u->mkind == kind)
                continue;                   /* the quote goes on */
            if (kind == K_DOUBLE && add_span(c, (uint32_t)open,
                                             (uint32_t)k - 1, 0))
                return W5_ERR_NOMEM;
            open = -1;
        }
        if (u->type != U_PUNCT || u->mark == M_NONE)
            continue;
        if (open < 0) {
            if (role == M_OPEN) {
                open = (long)k;
                kind = u->mkind;
                inner = 0;
            }
            continue;
        }
        if (u->mkind != kind) {
            if (role == M_OPEN)
                inner++;
            else if (inner > 0)
                inner--;
            continue;
        }
        if (u->mark == M_OPEN) {            /* a new opening: previous unclosed */
            if (kind == K_DOUBLE &&
                add_span(c, (uint32_t)open, (uint32_t)k - 1, 0))
                return W5_ERR_NOMEM;
            open = (long)k;
            inner = 0;
            continue;
        }
        /* a closing mark of the open kind ends the quote (a plural
         * possessive "Sanders’ plan" inside single quotes ends it early:
         * rare, and harmless for double-quoted speech) */
        if (add_span(c, (uint32_t)open, (uint32_t)k, 1))
            return W5_ERR_NOMEM;
        open = -1;
    }
    if (open >= 0 && kind == K_DOUBLE && c->u.n &&
        add_span(c, (uint32_t)open, (uint32_t)c->u.n - 1, 0))
        return W5_ERR_NOMEM;
    return W5_OK;
}

static int is_p(const unit *u, uint32_t ch)
{
    return u->type == U_PUNCT && u->cp == ch;
}

static int is_w(const unit *u, const char *w)
{
    /* the first letter first: rules ask this of most words */
    return u->type == U_WORD && u->low[0] == w[0] && strcmp(u->low, w) == 0;
}

static int ends_sentence_cp(uint32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?';
}

/* A dot after an abbreviation or an initial does not end a sentence. */
static int abbrev_dot(const qctx *c, size_t k)
{
    if (!k || !is_p(&c->u.v[k], '.'))
        return 0;
    const unit *w = &c->u.v[k - 1];
    if (w->type != U_WORD || w->end != c->u.v[k].start)
        return 0;
    /* an initial ("J. Smith"), not a sign ("rose by 50%. Analysts ...") */
    char first = (char)(c->text[w->start] | 0x20);
    if ((w->end - w->start == 1 && first >= 'a' && first <= 'z') || strchr(w->low, '.'))
        return 1;
    return in_unit(w, L_ABBREVS);
}

/* "U.S. He says": a dotted abbreviation before a word that starts
 * sentences still ends the sentence (a title like "Mr." does not). */
static int dotted_before_starter(const qctx *c, size_t k)
{
    if (k < 2)
        return 0;
    const unit *w = &c->u.v[k - 2];
    return w->type == U_WORD && strchr(w->low, '.') &&
           c->u.v[k].type == U_WORD &&
           in_list(" he she they it we i the but and in this that there his "
                   "her their its our a an ", c->u.v[k].low);
}

/* A speech frame starts at unit k: a cue within a few words, before any
 * punctuation but commas ("Kerry asked", "said Kerry", "he told"). */
static int frame_follows(const qctx *c, size_t k)
{
    for (size_t j = k, words = 0; j < c->u.n && words < 5; j++) {
        const unit *u = &c->u.v[j];
        if (u->type == U_PUNCT && !is_p(u, ','))
            return 0;
        if (u->type == U_WORD) {
            if (u->cue & W5_CUE_SAY)
                return 1;
            words++;
        }
    }
    return 0;
}

static int line_break_between(const qctx *c, const unit *p, const unit *u)
{
    for (uint32_t i = p->end; i < u->start; i++)
        if (c->text[i] == '\n')
            return 1;
    return 0;
}

/* 1 when units p and u (in this order) are tokens of different sentences. */
static int new_sentence(const qctx *c, const unit *p, const unit *u)
{
    const w5_tok *t = c->doc->toks.v;
    return p->tok >= 0 && u->tok >= 0 && t[p->tok].sent != t[u->tok].sent;
}

static void mark_clauses(qctx *c)
{
    uint32_t clause = 0;
    for (size_t k = 0; k < c->u.n; k++) {
        if (k) {
            const unit *p = &c->u.v[k - 1], *u = &c->u.v[k];
            int brk = u->para != p->para;
            int starts = u->type == U_WORD ? u->cap : u->mark != M_NONE;
            if (!brk && p->quote < 0 && p->type == U_PUNCT &&
                ends_sentence_cp(p->cp) && starts &&
                (!abbrev_dot(c, k - 1) || dotted_before_starter(c, k)))
                brk = 1;
            /* a line the sentence splitter ended without punctuation:
             * a headline over its story ("Boothroyd calls for Lords
             * speaker\nBetty Boothroyd has said ...") */
            if (!brk && p->quote < 0 && starts && !is_p(p, ':') &&
                line_break_between(c, p, u) && new_sentence(c, p, u))
                brk = 1;
            if (!brk && p->quote >= 0 && u->quote != p->quote &&
                (uint32_t)k - 1 == c->qs.v[p->quote].cu && k >= 2 &&
                c->u.v[k - 2].type == U_PUNCT &&
                ends_sentence_cp(c->u.v[k - 2].cp) && starts &&
                !frame_follows(c, k))
                brk = 1;
            if (brk)
                clause++;
        }
        c->u.v[k].clause = clause;
    }
}

/* ---- Speaker phrases ---------------------------------------------------- */

typedef struct span { long a, b; } span;     /* units [a, b], a < 0: none */

static const span no_span = {-1, -1};

/* Whether unit u's token has UPOS `upos` (a W5_UPOS_* index). */
static int upos_is(const struct qctx *c, const struct unit *u, int upos)
{
    return u->tok >= 0 && c->doc->toks.v[u->tok].upos == upos;
}

/* 1 when word unit u is written in capitals only, two or more ("WHO",
 * "IT", "US"): an acronym, not the pronoun it spells. */
static int all_caps(const qctx *c, const unit *u)
{
    if (u->type != U_WORD || u->end - u->start < 2)
        return 0;
    for (uint32_t b = u->start; b < u->end; b++)
        if (!(c->text[b] >= 'A' && c->text[b] <= 'Z'))
            return 0;
    return 1;
}

/* An acronym stands among words that are not all capitals: in a line
 * written in capitals ("OFFICIALS IN KABUL SAID") "IN" is a word. */
static int acronym(const qctx *c, const unit *u)
{
    if (!all_caps(c, u))
        return 0;
    size_t k = (size_t)(u - c->u.v);
    for (size_t j = k; j-- > 0 && k - j <= 2;)
        if (c->u.v[j].type == U_WORD)
            return !all_caps(c, &c->u.v[j]);
    for (size_t j = k + 1; j < c->u.n && j - k <= 2; j++)
        if (c->u.v[j].type == U_WORD)
            return !all_caps(c, &c->u.v[j]);
    return 1;
}

static int np_word(const qctx *c, const unit *u)
{
    if (u->type != U_WORD || u->quote >= 0)
        return 0;
    if (acronym(c, u))
        return 1;
    if (in_unit(u, L_NP_STOPS) || (u->cue && !u->cap))
        return 0;
    if (c->doc->toks.n && u->tok >= 0 && c->doc->toks.v[u->tok].upos) {
        static const int stop_pos[] = {W5_UPOS_VERB, W5_UPOS_AUX, W5_UPOS_ADP,
                                       W5_UPOS_SCONJ, W5_UPOS_CCONJ, W5_UPOS_ADV,
                                       W5_UPOS_PART};
        for (size_t i = 0; i < sizeof stop_pos / sizeof *stop_pos; i++)
            if (upos_is(c, u, stop_pos[i]) && u->low[0] != '\'' &&
                strcmp(u->low, "of") != 0)
                return 0;
    }
    return 1;
}

/* The noun phrase ending at unit `end` going left (not before `lo`). */
static span np_ending_at(const qctx *c, long end, long lo)
{
    if (end < lo || end < 0)
        return no_span;
    const unit *e = &c->u.v[end];
    if (e->type != U_WORD || e->quote >= 0 || e->low[0] == '\'' ||
        (unsigned char)e->low[0] == 0xE2)
        return no_span;
    if (in_unit(e, L_PRONOUNS))
        return (span){end, end};
    if (!np_word(c, e) || in_unit(e, L_DETERMINERS))
        return no_span;
    long a = end;
    int words = 1;
    while (a - 1 >= lo && words < 8) {
        const unit *u = &c->u.v[a - 1];
        if (u->clause != e->clause)
            break;
        if (u->type == U_WORD && u->low[0] == '\'') {      /* 's */
            a--;
            continue;
        }
        if (is_p(u, '.') && a - 2 >= lo && c->u.v[a - 2].type == U_WORD &&
            abbrev_dot(c, (size_t)(a - 1))) {
            a--;                                /* "John F. Kerry", "Mr. Rubio" */
            continue;
        }
        if (is_p(u, '-') && a - 2 >= lo && c->u.v[a - 2].type == U_WORD &&
            c->u.v[a - 2].end == u->start && u->end == c->u.v[a].start) {
            a -= 2;                                 /* "front-runner" */
            continue;
        }
        /* "the rebel-held northwest": a hyphenated modifier */
        if (u->type == U_WORD && a - 3 >= lo && is_p(&c->u.v[a - 2], '-') &&
            c->u.v[a - 3].type == U_WORD && c->u.v[a - 3].end == c->u.v[a - 2].start &&
            c->u.v[a - 2].end == u->start) {
            a -= 3;
            continue;
        }
        if (u->type != U_WORD)
            break;
        if (is_w(u, "of") && a - 2 >= lo && c->u.v[a].cap &&
            c->u.v[a - 2].cap && c->u.v[a - 2].type == U_WORD) {
            a--;
            continue;
        }
        if (is_w(u, "in") && a - 2 >= lo && c->u.v[a].low[0] >= '0' &&
            c->u.v[a].low[0] <= '9') {
            a--;                                    /* "Four in 10 voters" */
            continue;
        }
        if (in_unit(u, L_DETERMINERS) && !in_unit(u, L_PRONOUNS) && !acronym(c, u)) {
            a--;
            /* "the two firms", "its many critics": an article before a
             * number or quantifier */
            if (a - 1 >= lo && in_list(" two three several many all both ", u->low) &&
                in_list(" the these those his her their its our my your ",
                        c->u.v[a - 1].low) && c->u.v[a - 1].quote < 0)
                a--;
            break;
        }
        if (!np_word(c, u) || (in_unit(u, L_PRONOUNS) && !acronym(c, u)))
            break;
        a--;
        words++;
    }
    /* a sentence-initial capital word before a name is often an adverb or
     * a participle ("Flanked", "However", "Speaking"): not the speaker's */
    if (a < end && (a == 0 || c->u.v[a - 1].clause != c->u.v[a].clause)) {
        const char *w = c->u.v[a].low;
        size_t len = strlen(w);
        if (in_list(" however but and so yet still instead meanwhile also ", w) ||
            (len > 4 && (strcmp(w + len - 2, "ed") == 0 ||
                         strcmp(w + len - 3, "ing") == 0 ||
                         strcmp(w + len - 2, "ly") == 0)))
            a++;
    }
    return (span){a, end};
}

/* 1 when units [a, b] are capitalised words only (a name). */
static int name_units(const qctx *c, long a, long b)
{
    if (a > b || b - a > 5)
        return 0;
    for (long k = a; k <= b; k++)
        if (c->u.v[k].type != U_WORD || !c->u.v[k].cap || c->u.v[k].quote >= 0)
            return 0;
    return 1;
}

/* A noun phrase after a preposition belongs to the noun before it, and
 * that noun is who speaks: "the head of the agency", "officials in
 * Kabul", "a spokesman for the ministry" (at most two steps: "the head of
 * the office of the mayor"). */
static span with_noun_before(const qctx *c, span sp, long lo)
{
    static const char preps[] = " of for in at from with ";
    for (int steps = 0; steps < 2 && sp.a >= 0; steps++) {
        long p = sp.a - 1;
        /* "scientists from the University of Bristol and UC Davis": past
         * a coordination, when a preposition comes before it */
        if (p - 1 >= lo && c->u.v[p].type == U_WORD &&
            (is_w(&c->u.v[p], "and") || is_w(&c->u.v[p], "or"))) {
            span left = np_ending_at(c, p - 1, lo);
            if (left.a - 1 >= lo && c->u.v[left.a - 1].type == U_WORD &&
                in_list(preps, c->u.v[left.a - 1].low))
                p = left.a - 1;
        }
        if (p - 1 < lo || c->u.v[p].type != U_WORD || !in_list(preps, c->u.v[p].low))
            break;
        span noun = np_ending_at(c, p - 1, lo);
        if (noun.a < 0 || in_list(pronouns, c->u.v[noun.b].low))
            break;
        sp.a = noun.a;
    }
    return sp;
}

/* The subject of the cue at unit `cue`, looking left (not before lo). */
static span speaker_left(const qctx *c, long cue, long lo)
{
    long j = cue - 1;
    for (;;) {
        if (j < lo || c->u.v[j].type != U_WORD)
            break;
        const char *w = c->u.v[j].low;
        size_t wn = strlen(w);
        if (in_unit(&c->u.v[j], L_PRE_VERB_SKIPS) || strcmp(w, "n't") == 0 ||
            strcmp(w, "n’t") == 0 ||
            (!c->u.v[j].cap && wn > 4 && strcmp(w + wn - 2, "ly") == 0)) {
            j--;                        /* "also", "repeatedly", "has" */
            continue;
        }
        /* "in turn", "in a statement", "on Monday" */
        if (j - 1 >= lo && (is_w(&c->u.v[j - 1], "in") ||
                            is_w(&c->u.v[j - 1], "on")) &&
            in_list(" turn fact particular addition response return monday "
                    "tuesday wednesday thursday friday saturday sunday ", w)) {
            j -= 2;
            continue;
        }
        break;
    }
    if (j >= lo && is_p(&c->u.v[j], ')')) {   /* "Grassley (R-Iowa) said" */
        long k = j - 1;
        while (k >= lo && k > j - 12 && !is_p(&c->u.v[k], '('))
            k--;
        if (k >= lo && is_p(&c->u.v[k], '('))
            j = k - 1;
    }
    long appos_end = -1;
    if (j >= lo && (is_p(&c->u.v[j], ',') || c->u.v[j].cp == 0x2014)) {
        /* an apposition or relative clause: "Hill, a doctor, said" */
        uint32_t mark = c->u.v[j].cp;
        appos_end = j - 1;
        long k = j - 1;
        while (k >= lo && k > j - 40 && c->u.v[k].clause == c->u.v[j].clause &&
               !(c->u.v[k].type == U_PUNCT && c->u.v[k].cp == mark) &&
               c->u.v[k].quote < 0)
            k--;
        if (k < lo || k <= j - 40 || c->u.v[k].cp != mark ||
            c->u.v[k].type != U_PUNCT)
            return no_span;
        j = k - 1;
    }
    if (j >= lo && c->u.v[j].type == U_WORD &&
        (is_w(&c->u.v[j], "who") || is_w(&c->u.v[j], "which"))) {
        j--;
        if (j >= lo && is_p(&c->u.v[j], ','))
            j--;
        appos_end = -1;
    }
    span sp = with_noun_before(c, np_ending_at(c, j, lo), lo);
    /* "Its finance spokeswoman, Rachel Reeves, said": a description, then
     * the name: the phrase keeps the name (see mention_for) */
    if (sp.a >= 0 && appos_end > j + 1 && !c->u.v[sp.b].cap && name_units(c, j + 2, appos_end))
        sp.b = appos_end;
    /* "... of the RMT union (National Union of ...), Mick Cash, said": no
     * phrase reads before the name, the name speaks */
    if (sp.a < 0 && appos_end > j + 1 && name_units(c, j + 2, appos_end))
        sp = (span){j + 2, appos_end};
    return sp;
}

/* The inverted subject right after the cue ("said Kerry"). */
/* "said study co-author and Royal Society Research Fellow Martin How.":
 * lowercase title words, then capitalised ones, up to the clause's end;
 * the span from j, or none. */
static span long_title_name(const qctx *c, long j, long hi)
{
    long k = j, last_lower = -1;
    for (; k <= hi && k < j + 14; k++) {
        const unit *u = &c->u.v[k];
        if (u->quote >= 0)
            return no_span;
        if (u->type != U_WORD) {
            if (is_p(u, '-') && k > j && k < hi && c->u.v[k - 1].end == u->start &&
                u->end == c->u.v[k + 1].start)
                continue;                            /* "co-author" */
            break;
        }
        if (!u->cap) {
            if (upos_is(c, u, W5_UPOS_VERB) || upos_is(c, u, W5_UPOS_AUX) || in_unit(u, L_PRONOUNS))
                return no_span;
            last_lower = k;
        }
    }
    long b = k - 1;
    /* at least two capitalised words close the phrase: the name */
    if (last_lower < 0 || b - last_lower < 2 || (k <= hi && c->u.v[k].type == U_WORD))
        return no_span;
    return (span){j, b};
}

static span speaker_right(const qctx *c, long cue, long hi)
{
    long j = cue + 1;
    while (j <= hi && c->u.v[j].type == U_WORD &&
           in_unit(&c->u.v[j], L_PRE_VERB_SKIPS))
        j++;
    if (j > hi || c->u.v[j].type != U_WORD || c->u.v[j].quote >= 0)
        return no_span;
    const unit *f = &c->u.v[j];
    if (f->low[0] == '\'' || (unsigned char)f->low[0] == 0xE2)
        return no_span;
    int det = in_unit(f, L_DETERMINERS) && !in_unit(f, L_PRONOUNS);
    if (in_unit(f, L_PRONOUNS))
        return (span){j, j};
    /* "said former Gov. Bill Richardson": a lowercase title word first */
    int titled = !f->cap && !det && j + 1 <= hi &&
                 c->u.v[j + 1].type == U_WORD && c->u.v[j + 1].cap &&
                 c->u.v[j + 1].quote < 0;
    if (!f->cap && !det && !titled)
        return long_title_name(c, j, hi);
    if (!det && !np_word(c, f))
        return no_span;
    long b = j;
    int words = 1;
    while (b + 1 <= hi && words < 8) {
        const unit *u = &c->u.v[b + 1];
        if (u->clause != f->clause)
            break;
        if (u->type == U_WORD && u->low[0] == '\'') {
            b++;
            continue;
        }
        if (is_p(u, '.') && abbrev_dot(c, (size_t)(b + 1)) &&
            c->u.v[b].cap && b + 2 <= hi && c->u.v[b + 2].cap) {
            b++;
            continue;
        }
        if (u->type != U_WORD)
            break;
        if (is_w(u, "of") && b + 2 <= hi && c->u.v[b].cap &&
            c->u.v[b + 2].cap) {
            b++;
            continue;
        }
        if (!np_word(c, u) || in_unit(u, L_PRONOUNS))
            break;
        b++;
        words++;
    }
    return (span){j, b};
}

/* The word units of tokens [lo, hi]: from the first word unit of the
 * first token that has one to the last word unit of the last. */
static span token_units(const qctx *c, uint32_t lo, uint32_t hi)
{
    span sp = no_span;
    for (uint32_t t = lo; t <= hi && sp.a < 0; t++)
        if (c->tok_unit[t] >= 0)
            sp.a = c->tok_unit[t];
    for (uint32_t t = hi + 1; t-- > lo && sp.b < 0;) {
        long k = c->tok_unit[t];
        if (k < 0)
            continue;
        for (long j = k; j < (long)c->u.n && c->u.v[j].tok == (int32_t)t; j++)
            if (c->u.v[j].type == U_WORD)
                sp.b = j;
    }
    return sp.a >= 0 && sp.b >= sp.a ? sp : no_span;
}

/* With a parse: the subject of token vt, without appositions and
 * relative clauses, as units. */
/* 1 when token t is "who", "that" or "which". */
static int relative_pronoun(const w5_doc *doc, uint32_t t)
{
    const w5_tok *k = &doc->toks.v[t];
    size_t n = k->end - k->start;
    const char *w = doc->text + k->start;
    return (n == 3 && strncasecmp(w, "who", 3) == 0) ||
           (n == 4 && strncasecmp(w, "that", 4) == 0) ||
           (n == 5 && strncasecmp(w, "which", 5) == 0);
}

/* 1 when token a (an apposition's head) has punctuation among its
 * dependents near it: commas, dashes or brackets setting it off. Only a
 * few tokens either side are looked at: this runs inside a walk over the
 * sentence, and a sentence may be a whole unpunctuated file. */
static int set_off(const w5_doc *doc, const w5_sent *s, uint32_t a)
{
    uint32_t lo = a > s->tok_begin + 8 ? a - 8 : s->tok_begin;
    uint32_t hi = a + 9 < s->tok_end ? a + 9 : s->tok_end;
    for (uint32_t t = lo; t < hi; t++)
        if (doc->toks.v[t].head == (int32_t)a && doc->toks.v[t].deprel == W5_DEP_PUNCT)
            return 1;
    return 0;
}

enum { SUBJECT_MAX_SENT = 400 };

static span subject_units(const qctx *c, uint32_t vt)
{
    const w5_doc *doc = c->doc;
    const w5_sent *s = &doc->sents.v[doc->toks.v[vt].sent];
    long subj = -1;
    /* the walk below visits every token of the sentence: a "sentence" of
     * thousands of tokens (a list, a file without full stops) has no
     * parse worth reading, and would make the pass quadratic */
    if (s->tok_end - s->tok_begin > SUBJECT_MAX_SENT)
        return no_span;
    /* two subjects ("Ukraine 's President Zelensky thanked", a possessor
     * taken for one): the nearest before the verb */
    for (uint32_t t = s->tok_begin; t < s->tok_end && !(subj >= 0 && t > vt); t++)
        if (doc->toks.v[t].head == (int32_t)vt &&
            (doc->toks.v[t].deprel == c->nsubj ||
             (c->nsubjpass && doc->toks.v[t].deprel == c->nsubjpass)))
            subj = t;
    if (subj < 0)
        return no_span;
    /* "Macron, who has pushed for ...": a relative pronoun stands for
     * the noun its clause hangs on */
    if (tok_rel(c, vt, R_ACL_RELCL) && doc->toks.v[vt].head >= 0 &&
        relative_pronoun(doc, (uint32_t)subj))
        subj = doc->toks.v[vt].head;
    uint32_t lo = (uint32_t)subj, hi = (uint32_t)subj;
    for (uint32_t t = s->tok_begin; t < s->tok_end; t++) {
        int32_t h = (int32_t)t;
        int steps = 0;
        while (h >= 0 && h != subj && steps++ < 64) {
            uint8_t rel = doc->toks.v[h].deprel;
            /* "case": the preposition of an antecedent standing for a
             * relative pronoun ("in relations that ...") is no speaker */
            /* an apposition set off by nothing is the name itself: "Kenya's
             * opposition leader Raila Odinga" */
            if ((rel == W5_DEP_APPOS && set_off(doc, s, (uint32_t)h)) || rel == W5_DEP_ACL ||
                rel == W5_DEP_ACL_RELCL || rel == W5_DEP_PUNCT ||
                rel == W5_DEP_PARATAXIS || rel == W5_DEP_CASE)
                break;
            h = doc->toks.v[h].head;
        }
        if (h == subj) {
            if (t < lo)
                lo = t;
            if (t > hi)
                hi = t;
        }
    }
    return token_units(c, lo, hi);
}

/* With a parse: the nsubj of the cue's token (see subject_units). */
static span speaker_from_parse(const qctx *c, long cue)
{
    if (!c->have_parse || c->u.v[cue].tok < 0)
        return no_span;
    return subject_units(c, (uint32_t)c->u.v[cue].tok);
}

/* First unit of the clause holding unit k. */
/* Clauses are looked at no further than this many units from a cue, so
 * text without sentence ends (lists, tables) stays linear. */
enum { CLAUSE_REACH = 400 };

static long clause_start(const qctx *c, long k)
{
    long stop = k - CLAUSE_REACH;
    while (k > 0 && k > stop && c->u.v[k - 1].clause == c->u.v[k].clause)
        k--;
    return k;
}

static long clause_end(const qctx *c, long k)
{
    long stop = k + CLAUSE_REACH;
    while (k + 1 < (long)c->u.n && k < stop &&
           c->u.v[k + 1].clause == c->u.v[k].clause)
        k++;
    return k;
}

/* The subject opening the clause [s, cue): past a fronted adjunct
 * ("Speaking at a rally, Trump ...", "Instead, the senator ..."). */
/* The unit after a dateline opening the clause at s ("BERLIN —",
 * "KABUL, Afghanistan (Reuters) -"): an upper-case place, then at most a
 * few words and brackets up to a dash. s itself when there is none. */
static long after_dateline(const qctx *c, long s, long cue)
{
    const unit *f = &c->u.v[s];
    if (f->type != U_WORD || f->end - f->start < 2 || !f->cap)
        return s;
    int upper = all_caps(c, f);
    /* "Nairobi - ...": a capitalised place is a dateline only where a
     * paragraph opens, with a spaced dash after it */
    int opens = s == 0 || c->u.v[s - 1].para != f->para;
    if (!upper && !opens)
        return s;
    for (long k = s + 1; k < cue && k <= s + 8; k++) {
        const unit *u = &c->u.v[k];
        int spaced = k + 1 < cue && u->start > c->u.v[k - 1].end &&
                     c->u.v[k + 1].start > u->end;
        if (u->type == U_PUNCT && (u->cp == '-' || u->cp == 0x2013 || u->cp == 0x2014) &&
            (upper || spaced))
            return k + 1;
        if (u->type == U_WORD && !u->cap)
            return s;
        if (u->type == U_PUNCT && !is_p(u, ',') && !is_p(u, '(') && !is_p(u, ')'))
            return s;
    }
    return s;
}

static span clause_subject(const qctx *c, long s, long cue)
{
    s = after_dateline(c, s, cue);
    static const char openers[] =
        " instead meanwhile however still yet now then later earlier so thus "
        "after before while when as in on at during despite since with "
        "without if although though because hours days weeks minutes "
        "moments months years ";
    while (s < cue && c->u.v[s].type == U_WORD &&
           (in_unit(&c->u.v[s], L_NP_STOPS) ||
            in_unit(&c->u.v[s], L_PRE_VERB_SKIPS)) &&
           !in_list(openers, c->u.v[s].low))
        s++;
    if (s >= cue || c->u.v[s].type != U_WORD)
        return no_span;
    const unit *f = &c->u.v[s];
    size_t len = strlen(f->low);
    int adjunct = in_list(openers, f->low) ||
                  (len > 4 && (strcmp(f->low + len - 3, "ing") == 0 ||
                               strcmp(f->low + len - 2, "ed") == 0 ||
                               strcmp(f->low + len - 2, "ly") == 0));
    if (adjunct) {
        long k = s;
        while (k < cue && !is_p(&c->u.v[k], ','))
            k++;
        if (k >= cue)
            return no_span;
        s = k + 1;
    }
    span sp = speaker_right(c, s - 1, cue - 1);
    if (sp.a != s)
        return no_span;
    return sp;
}

/* The speaker of the cue at unit `cue`: parse subject, else the phrase
 * to its left, else (participles: "..., saying") the clause's subject. */
static span find_speaker(const qctx *c, long cue, long lo)
{
    /* "three companies accused of supplying drones": a participle
     * modifying a noun; the noun is accused, the accuser unnamed */
    int32_t ct = c->u.v[cue].tok;
    if (c->have_parse && ct >= 0 && (c->u.v[cue].cue & W5_CUE_ACCUSE) &&
        tok_rel(c, (uint32_t)ct, R_ACL) &&
        c->doc->toks.v[ct].xpos == c->xpos_vbn)
        return no_span;
    span sp = speaker_left(c, cue, lo);
    if (sp.a >= 0 && !(c->u.v[cue].cue & W5_CUE_ING))
        return sp;
    long p = cue - 1;
    while (p >= lo && c->u.v[p].type == U_WORD &&
           in_unit(&c->u.v[p], L_PRE_VERB_SKIPS))
        p--;
    int shared = p >= lo && (is_w(&c->u.v[p], "and") || is_w(&c->u.v[p], "but"));
    if ((c->u.v[cue].cue & W5_CUE_ING) || shared) {
        /* "..., Kerry said, adding that ...": the earlier verb's subject */
        for (long k = cue - 1; k >= lo && k > cue - 20; k--) {
            const unit *u = &c->u.v[k];
            if (u->type != U_WORD || u->quote >= 0 || !(u->cue & W5_CUE_SAY) ||
                (u->cue & W5_CUE_ING))
                continue;
            span prev = speaker_left(c, k, lo);
            if (prev.a < 0)
                prev = speaker_right(c, k, cue - 1);
            if (prev.a >= 0)
                return prev;
            break;
        }
        return clause_subject(c, clause_start(c, cue), cue);
    }
    return speaker_from_parse(c, cue);
}

/* ---- Candidates ---------------------------------------------------------- */

/* 1 when unit j, the words-th word of a recipient, is a time word: an
 * article opening the recipient ("told the BBC", "told a court") is one
 * only before a time word ("told the day before"). */
static int time_word_here(const qctx *c, long j, long hi, int words)
{
    if (!in_unit(&c->u.v[j], L_TIME_WORDS))
        return 0;
    if (words == 0 && j + 1 <= hi &&
        (is_w(&c->u.v[j], "the") || is_w(&c->u.v[j], "a") || is_w(&c->u.v[j], "an")))
        return c->u.v[j + 1].type != U_WORD || in_unit(&c->u.v[j + 1], L_TIME_WORDS);
    return 1;
}

/* 1 when unit j continues a recipient that an article opened ("told a
 * court", "urged the international community"). */
static int after_article(const qctx *c, long j, int words)
{
    const unit *p = &c->u.v[j - words];
    return words >= 1 && (is_w(p, "the") || is_w(p, "a") || is_w(p, "an")) &&
           c->u.v[j].type == U_WORD && !upos_is(c, &c->u.v[j], W5_UPOS_VERB) &&
           !upos_is(c, &c->u.v[j], W5_UPOS_AUX) && !in_unit(&c->u.v[j], L_PRONOUNS) &&
           !is_w(&c->u.v[j], "to") && !is_w(&c->u.v[j], "that");
}

/* The cue span: the verb, with the recipient of "tell"-like verbs
 * ("told reporters"), or "according to". */
static void cue_bytes(const qctx *c, long cue, long hi, uint32_t *s,
                      uint32_t *e)
{
    const unit *u = &c->u.v[cue];
    *s = u->start;
    *e = u->end;
    if (u->type == U_PUNCT)
        return;
    if (u->particle && cue + 1 < (long)c->u.n) {
        *e = c->u.v[cue + 1].end;       /* "referring to", "pointed out" */
        return;
    }
    if (is_w(u, "according") && cue + 1 <= hi && is_w(&c->u.v[cue + 1], "to")) {
        *e = c->u.v[cue + 1].end;
        return;
    }
    if (!(u->cue & W5_CUE_TELL))
        return;
    long j = cue + 1;
    int words = 0;
    while (j <= hi && words < 4 && c->u.v[j].type == U_WORD &&
           c->u.v[j].quote < 0 && !is_w(&c->u.v[j], "that") &&
           !is_w(&c->u.v[j], "to") && !time_word_here(c, j, hi, words) &&
           !(words && in_unit(&c->u.v[j], L_PRONOUNS)) &&
           (words == 0 || c->u.v[j].cap || c->u.v[j].low[0] == '\'' ||
            after_article(c, j, words))) {
        *e = c->u.v[j].end;
        j++;
        words++;
    }
}

/* Words that open what follows a noun phrase's head: "the mayor of
 * London", "officials in Kabul", "a spokesman for the ministry", "the
 * woman who ..." */
static const char postmodifiers[] =
    " of for in at from with on who which that whose ";

/* Cues of an aim rather than of words: what follows is a stance. */
static const char aims[] =
    " want wants wanted wanting plan plans planned planning seek seeks sought "
    "seeking intend intends intended intending refuse refuses refused refusing "
    "decline declines declined declining ";

/* Nouns for what carries words, whose source is the speaker. */
static const char media[] =
    " statement statements report reports release letter post tweet filing "
    "document documents memo study survey poll analysis note email notice "
    "transcript interview announcement declaration communique bulletin "
    "website ruling message video blog figures data estimate estimates "
    "account ";

/* 1 when unit j is a past participle right after a noun, with no hyphen
 * ("the report dated March 16"), which ends that noun's phrase; not one
 * before a noun ("Kremlin-backed separatist leader"). */
static int participle_after_noun(const qctx *c, long j)
{
    const unit *u = &c->u.v[j], *p = &c->u.v[j - 1];
    return u->type == U_WORD && !u->cap && u->tok >= 0 && p->type == U_WORD &&
           p->end < u->start && upos_is(c, p, W5_UPOS_NOUN) &&
           c->doc->toks.v[u->tok].xpos == c->xpos_vbn;
}

/* The last unit of the head of speaker phrase sp: the unit before its
 * first postmodifier or comma (an apposition), else its last unit. */
static long phrase_head(const qctx *c, span sp)
{
    for (long j = sp.a + 1; j <= sp.b; j++) {
        const unit *u = &c->u.v[j];
        if ((u->type == U_WORD && in_list(postmodifiers, u->low) && !acronym(c, u)) ||
            participle_after_noun(c, j) || /* "the report dated ..." */
            (u->type != U_WORD && u->cp == ','))
            return j - 1;
    }
    return sp.b;
}

static int push_cand(qctx *c, uint32_t cs, uint32_t ce, int kind, long cue,
                     long cue_hi, span spk)
{
    while (ce > cs && (is_space_byte(c->text[ce - 1]) ||
                       strchr(",;:", c->text[ce - 1])))
        ce--;
    if (ce <= cs)
        return W5_OK;
    cand k;
    memset(&k, 0, sizeof k);
    k.q.start = cs;
    k.q.end = ce;
    k.q.kind = (uint8_t)kind;
    k.q.speaker_ment = -1;
    k.q.speaker_ent = -1;
    if (cue >= 0)
        cue_bytes(c, cue, cue_hi, &k.q.cue_start, &k.q.cue_end);
    if (spk.a >= 0) {
        k.spk_start = c->u.v[spk.a].start;
        k.spk_end = c->u.v[spk.b].end;
        k.attributed = 1;
        long hb = phrase_head(c, spk);
        /* "a statement from the police", "the WHO's website": the
         * medium's source speaks */
        k.spk_medium = in_list(media, c->u.v[hb].low) != 0;
        k.spk_head_end = k.spk_medium ? k.spk_end : c->u.v[hb].end;
        const unit *h = &c->u.v[hb];
        k.spk_common = h->type == U_WORD && !h->cap &&
                       !in_unit(h, L_PRONOUNS) && h->low[0] != '\'';
        k.spk_pronoun = spk.a == spk.b && in_unit(h, L_PRONOUNS);
    }
    size_t lo = 0, hi = c->u.n;          /* first unit ending after cs */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->u.v[mid].end <= cs)
            lo = mid + 1;
        else
            hi = mid;
    }
    k.para = lo < c->u.n ? c->u.v[lo].para : 0;
    /* "sought to reach a deal", "wants to negotiate": an aim, not words */
    if (kind == W5_QUOTE_INDIRECT && cue >= 0 && c->u.v[cue].type == U_WORD &&
        in_list(aims, c->u.v[cue].low))
        k.stance = 1;
    return w5_vec_push(&c->out, k);
}

static size_t count_words(const qctx *c, long a, long b)
{
    size_t n = 0;
    for (long k = a; k <= b; k++)
        n += c->u.v[k].type == U_WORD;
    return n;
}

/* A speech cue in the frame before a quote: scanning back from the mark,
 * at most 7 words away with only commas, colons and clitics between. */
static long cue_before(const qctx *c, long lo, long ou)
{
    int words = 0, names = 0;
    for (long k = ou - 1; k >= lo && words <= 7; k--) {
        const unit *u = &c->u.v[k];
        if (u->quote >= 0)
            return -1;
        if (u->type == U_PUNCT) {
            if (!is_p(u, ',') && !is_p(u, ':') && u->cp != 0x2014)
                return -1;
            continue;
        }
        if ((u->cue & W5_CUE_SAY) && !(u->cue & W5_CUE_ING && words > 1))
            return names && !(u->cue & W5_CUE_TELL) ? -1 : k;
        if (is_w(u, "according") && k + 1 < ou && is_w(&c->u.v[k + 1], "to"))
            return k;
        names += u->cap && !in_unit(u, L_TIME_WORDS);
        /* only a recipient, a time or a medium may come between the verb
         * and the quote; anything else makes it a mixed quote */
        if (!u->cap && !in_unit(u, L_FRAME_WORDS) &&
            !in_unit(u, L_TIME_WORDS))
            return -1;
        words++;
    }
    return -1;
}

/* A speech cue in the frame after a quote. */
/* A finite verb that is not a cue ("take", "helped"): a new clause. */
static int finite_verb(const qctx *c, const unit *u)
{
    if (u->tok < 0 || u->cue)
        return 0;
    const char *x = w5_xpos_names[c->doc->toks.v[u->tok].xpos];
    return c->doc->toks.v[u->tok].xpos &&
           (strcmp(x, "VBD") == 0 || strcmp(x, "VBZ") == 0 ||
            strcmp(x, "VBP") == 0 || strcmp(x, "MD") == 0);
}

static long cue_after(const qctx *c, long cu, long hi)
{
    /* a long apposition or a party tag may stand between the quote and
     * its verb: `"...," Scott Pruitt, the attorney general of Oklahoma,
     * said`, `"...," Jason Chaffetz (R-Utah) said` */
    int words = 0, paren = 0;
    for (long k = cu + 1; k <= hi && words <= 20; k++) {
        const unit *u = &c->u.v[k];
        if (u->quote >= 0)
            return -1;
        if (u->type == U_PUNCT) {
            if (is_p(u, '(') || is_p(u, ')')) {
                paren += is_p(u, '(') ? 1 : -1;
                if (paren < 0 || paren > 1)
                    return -1;
                continue;
            }
            if (paren || is_p(u, '-'))
                continue;
            if (!is_p(u, ',') && u->cp != 0x2014 && !is_p(u, '.'))
                return -1;
            if (is_p(u, '.') && !abbrev_dot(c, (size_t)k))
                return -1;
            continue;
        }
        if ((u->cue & W5_CUE_SAY) && !(u->cue & W5_CUE_ING))
            return k;
        if (is_w(u, "according") && k + 1 <= hi && is_w(&c->u.v[k + 1], "to"))
            return k;
        if (paren)
            continue;
        if (finite_verb(c, u) || (words >= 10 && !(u->cap || is_w(u, "of") ||
                                                   is_w(u, "the"))))
            return -1;
        words++;
    }
    return -1;
}

/* The nearest cue of any class to the left in the clause. */
/* The cue governing a quote inside a clause: the verb right before it
 * ("he believed “...”"), else the nearest speech verb to the left, else
 * the nearest cue of any kind. */
static long cue_in_clause_left(const qctx *c, long lo, long ou)
{
    long any = -1;
    int words = 0;
    for (long k = ou - 1; k >= lo && k > ou - 30; k--) {
        const unit *u = &c->u.v[k];
        if (u->quote >= 0 || u->type != U_WORD)
            continue;
        words++;
        if (!u->cue)
            continue;
        if (words <= 2 || (u->cue & W5_CUE_SAY))
            return k;
        if (any < 0)
            any = k;
    }
    return any;
}

/* A quoted title or name rather than speech: a few capitalised words
 * after a preposition ("said on “Fox News Sunday”"). */
static int quoted_title(const qctx *c, long ou, long cu)
{
    size_t words = 0, caps = 0;
    for (long k = ou + 1; k < cu; k++)
        if (c->u.v[k].type == U_WORD) {
            words++;
            caps += c->u.v[k].cap || strlen(c->u.v[k].low) <= 3;
        }
    return words <= 6 && caps == words && ou >= 1 &&
           in_list(" on in at of from to for with by ", c->u.v[ou - 1].low);
}

static int attribute_quoted(qctx *c, size_t qi)
{
    const qspan *q = &c->qs.v[qi];
    long ou = q->ou, cu = q->cu;
    long lo = clause_start(c, ou), hi = clause_end(c, cu);
    /* stay between the neighbouring quoted spans */
    for (long k = ou - 1; k >= lo; k--)
        if (c->u.v[k].quote >= 0) {
            lo = k + 1;
            break;
        }
    for (long k = cu + 1; k <= hi; k++)
        if (c->u.v[k].quote >= 0) {
            hi = k - 1;
            break;
        }
    size_t words = count_words(c, ou, cu);
    size_t before_words = count_words(c, lo, ou - 1);
    size_t after_words = count_words(c, cu + 1, hi);
    long bcue = before_words ? cue_before(c, lo, ou) : -1;
    long acue = after_words ? cue_after(c, cu, hi) : -1;
    int content_ends = q->ce > q->cs &&
        (strchr(",.!?", c->text[q->ce - 1]) != NULL || q->ce < c->u.v[cu].start);
    if (acue >= 0 && !content_ends && !is_p(&c->u.v[cu + 1], ',') &&
        acue != cu + 1)
        acue = -1;
    if (acue >= 0 && count_words(c, cu + 1, acue - 1) > 0 &&
        !is_w(&c->u.v[acue], "according")) {
        /* only a speaker may stand between the quote and the verb */
        span sp = speaker_left(c, acue, cu + 1);
        if (sp.a < 0 || count_words(c, cu + 1, sp.a - 1) > 0)
            acue = -1;
    }
    /* a quote opening a paragraph after one that ends in a colon:
     * "Cruz called them on it:" / "“The questions ...”" */
    long colon = -1;
    if (before_words == 0 && ou >= 1 && is_p(&c->u.v[ou - 1], ':') &&
        c->u.v[ou - 1].quote < 0)
        colon = ou - 1;
    if (colon >= 0 && colon == ou - 1 && c->u.v[colon].para != c->u.v[ou].para) {
        long plo = clause_start(c, colon);
        long pc = cue_before(c, plo, colon + 1);
        if (pc < 0)
            pc = cue_in_clause_left(c, plo, colon);
        span sp = pc >= 0 ? find_speaker(c, pc, plo)
                          : np_ending_at(c, colon - 1, plo);
        if (pc < 0 && sp.a != plo)      /* "Mr. Christie gloated:" */
            sp = clause_subject(c, plo, colon);
        if (pc >= 0 || sp.a >= 0) {
            if (pc >= 0)
                c->used[pc] = 1;
            return push_cand(c, q->cs, q->ce, W5_QUOTE_DIRECT,
                             pc >= 0 ? pc : colon, colon, sp);
        }
    }
    int before_frame = before_words == 0 || bcue >= 0 ||
                       (ou >= 1 && is_p(&c->u.v[ou - 1], ':'));
    int after_frame = after_words == 0 || acue >= 0;
    int kind = before_frame && after_frame ? W5_QUOTE_DIRECT : W5_QUOTE_PARTIAL;
    if (kind == W5_QUOTE_PARTIAL && quoted_title(c, ou, cu))
        return W5_OK;
    /* "Others agreed: “...”, wrote Elizabeth Warren": a verb right after
     * the quote with its subject after it names who said it, whatever
     * framed the quote before the colon */
    if (acue >= 0 && ou >= 1 && is_p(&c->u.v[ou - 1], ':') &&
        count_words(c, cu + 1, acue - 1) == 0 && !is_w(&c->u.v[acue], "according")) {
        span sp = speaker_right(c, acue, hi);
        if (sp.a >= 0) {
            c->used[acue] = 1;
            return push_cand(c, q->cs, q->ce, kind, acue, hi, sp);
        }
    }
    /* "Kerry: “...”" - a name and a colon; "as Ridge put it: “...”" */
    if (bcue < 0 && before_words && ou >= 1 && is_p(&c->u.v[ou - 1], ':')) {
        span sp = np_ending_at(c, ou - 2, lo);
        if (sp.a != lo || before_words > 5) {
            long pc = cue_in_clause_left(c, lo, ou - 1);
            sp = pc >= 0 ? find_speaker(c, pc, lo) : clause_subject(c, lo, ou - 1);
            if (pc >= 0 && sp.a >= 0 && after_frame)
                return push_cand(c, q->cs, q->ce, W5_QUOTE_DIRECT, pc, ou - 1,
                                 sp);
        }
        if (sp.a >= 0 && after_frame) {
            c->used[ou - 1] = 1;
            return push_cand(c, q->cs, q->ce, W5_QUOTE_DIRECT, ou - 1, ou - 1,
                             sp);
        }
    }
    if (bcue >= 0 && (acue < 0 || is_p(&c->u.v[ou - 1], ':') ||
                      is_p(&c->u.v[ou - 1], ','))) {
        span sp = is_w(&c->u.v[bcue], "according")
                      ? speaker_right(c, bcue + 1, ou - 1)
                      : find_speaker(c, bcue, lo);
        if (sp.a < 0 && !is_w(&c->u.v[bcue], "according"))
            sp = speaker_right(c, bcue, ou - 1);
        c->used[bcue] = 1;
        return push_cand(c, q->cs, q->ce, kind, bcue, ou - 1, sp);
    }
    if (acue >= 0) {
        span sp;
        if (is_w(&c->u.v[acue], "according"))
            sp = speaker_right(c, acue + 1, hi);
        else if (count_words(c, cu + 1, acue - 1) == 0)
            sp = speaker_right(c, acue, hi);
        else
            sp = find_speaker(c, acue, cu + 1);
        c->used[acue] = 1;
        return push_cand(c, q->cs, q->ce, kind, acue, hi, sp);
    }
    /* a signature: `“...” — Dean Baker, Center for Economic Policy` */
    if (before_words == 0 && cu + 2 <= hi &&
        (c->u.v[cu + 1].cp == 0x2014 || c->u.v[cu + 1].cp == 0x2013 ||
         is_p(&c->u.v[cu + 1], '-')) && c->u.v[cu + 2].cap) {
        span sp = speaker_right(c, cu + 1, hi);
        if (sp.a == cu + 2)
            return push_cand(c, q->cs, q->ce, W5_QUOTE_DIRECT, cu + 1, cu + 1,
                             sp);
    }
    long pcue = before_words ? cue_in_clause_left(c, lo, ou) : -1;
    if (pcue >= 0) {
        span sp = find_speaker(c, pcue, clause_start(c, pcue));
        return push_cand(c, q->cs, q->ce, W5_QUOTE_PARTIAL, pcue, ou - 1, sp);
    }
    /* no cue: a quote standing alone (speaker from context), or a scare
     * quote / title, which is dropped */
    if (kind == W5_QUOTE_DIRECT && words >= 3)
        return push_cand(c, q->cs, q->ce, W5_QUOTE_DIRECT, -1, -1, no_span);
    if (words >= 8)
        return push_cand(c, q->cs, q->ce, W5_QUOTE_PARTIAL, -1, -1, no_span);
    return W5_OK;
}

/* ---- Reported speech ------------------------------------------------------ */

static int clause_starter(const unit *u)
{
    if (u->type != U_WORD || u->quote >= 0)
        return u->type == U_PUNCT && u->mark != M_NONE && u->quote >= 0;
    if (in_unit(u, L_PRONOUNS) || is_w(u, "there"))
        return 1;
    if (in_unit(u, L_DETERMINERS) && !is_w(u, "that"))
        return 1;
    if (u->cap)
        return !in_unit(u, L_TIME_WORDS);
    /* a bare noun or quantifier: "says referees are ...", "said none of" */
    return !in_list(" to of in on at for with by from about into onto so as "
                    "than also again yes no goodbye hello thanks sorry "
                    "repeatedly previously later earlier it's this ", u->low) &&
           !in_unit(u, L_NP_STOPS) && !in_unit(u, L_TIME_WORDS) &&
           !u->cue && strlen(u->low) > 2;
}

/* With tags: unit j opens a clause, a subject of a few words and then a
 * finite verb ("saying a state law banning fracking is hurting ..."). */
static int clause_follows(const qctx *c, long j, long hi)
{
    static const char not_subject[] =
        " to of in on at for with by from about into as than that what "
        "how why who whether if not ";
    const unit *f = &c->u.v[j];
    if (f->type != U_WORD || f->quote >= 0 || in_list(not_subject, f->low) ||
        upos_is(c, f, W5_UPOS_VERB) || upos_is(c, f, W5_UPOS_AUX))
        return 0;
    for (long k = j + 1; k <= hi && k <= j + 8; k++) {
        const unit *u = &c->u.v[k];
        if (u->quote >= 0 || (u->type == U_PUNCT && !is_p(u, '-')))
            return 0;
        if (u->type == U_WORD && u->low[0] == '\'')
            continue;
        /* "found fame in the series and has since starred": a verb after
         * "and" goes on with the sentence's own */
        if ((is_w(u, "and") || is_w(u, "or") || is_w(u, "but")) && k + 1 <= hi &&
            finite_verb(c, &c->u.v[k + 1]))
            return 0;
        if (finite_verb(c, u))
            return 1;
        if (upos_is(c, u, W5_UPOS_VERB) || u->cue)
            return 0;
    }
    return 0;
}

/* 1 when a few words and then a quotation follow unit j: a subject and
 * its quoted words ("added authorities “are still waiting ...”"). */
static int quote_after_subject(const qctx *c, long j, long hi)
{
    for (long k = j, words = 0; k <= hi && words <= 5; k++) {
        const unit *u = &c->u.v[k];
        if (u->quote >= 0)
            return words > 0;
        if (u->type != U_WORD || upos_is(c, u, W5_UPOS_VERB) || u->cue)
            return 0;
        words++;
    }
    return 0;
}

/* 1 when unit k starts with a digit ("300 jobs": no name). */
static int digit_at(const qctx *c, long k)
{
    char first = c->text[c->u.v[k].start];
    return first >= '0' && first <= '9';
}

/* Content of the clause after the cue, or -1. */
static long report_start(const qctx *c, long cue, long hi)
{
    const unit *v = &c->u.v[cue];
    long j = cue + (v->particle ? 2 : 1);
    /* ", said Ms. Gil, with ...": an inverted frame, content before it */
    if (cue > 0 && is_p(&c->u.v[cue - 1], ',') && (v->cue & W5_CUE_SAY)) {
        span inv = speaker_right(c, cue, hi);
        /* (not when a quotation follows the name: "..., said Iran's
         * application “must be treated ...”" says what of it) */
        if (inv.a == j && (inv.b == hi || (c->u.v[inv.b + 1].type == U_PUNCT &&
                                           c->u.v[inv.b + 1].quote < 0)))
            return -1;
    }
    /* ", Sanders said, a policy that ...": a frame, not a that-clause */
    if (j <= hi && is_p(&c->u.v[j], ','))
        return -1;
    /* "that" within a few words: "said before the meeting that ...", but
     * not a pronoun past another verb ("says he wants to do that.") */
    for (long k = j, words = 0; k <= hi && words <= 7; k++) {
        const unit *u = &c->u.v[k];
        if (u->type == U_PUNCT && !is_p(u, ',') && !(u->mark && u->quote < 0))
            break;
        if (u->type == U_PUNCT)
            continue;
        if (u->quote >= 0 || (u->cue && k > j) || upos_is(c, u, W5_UPOS_VERB))
            break;
        if (is_w(u, "that"))
            return k + 1 <= hi && c->u.v[k + 1].type == U_WORD ? k : -1;
        if (u->low[0] != '\'')
            words++;
    }
    /* "said if elected he could ...", "said when ..." */
    if (j + 2 <= hi && (v->cue & W5_CUE_SAY) && !(v->cue & W5_CUE_TELL) &&
        in_list(" if when once unless because ", c->u.v[j].low) &&
        c->u.v[j + 1].type == U_WORD)
        return j;
    /* a commitment: "vowed to ban", "agreed to continue" */
    static const char to_verbs[] =
        " vow vows vowed vowing promise promises promised pledge pledges "
        "pledged agree agrees agreed decide decides decided ";
    if (j + 1 <= hi && is_w(&c->u.v[j], "to") && in_list(to_verbs, v->low) &&
        c->u.v[j + 1].type == U_WORD && c->u.v[j + 1].quote < 0)
        return j;
    if ((v->cue & W5_CUE_THAT) && !(j <= hi && c->u.v[j].type == U_WORD &&
                                    c->u.v[j].cap && c->u.v[j].quote < 0 &&
                                    !digit_at(c, j)) &&
        !(j <= hi && (clause_follows(c, j, hi) || quote_after_subject(c, j, hi))))
        return -1;
    static const char wh_words[] =
        " if whether what who why how when where which ";
    if ((v->cue & W5_CUE_TELL) && j <= hi && in_list(wh_words, c->u.v[j].low))
        return j;                     /* "asked whether ..." */
    if (v->cue & W5_CUE_TELL) {       /* the recipient */
        int words = 0;
        while (j <= hi && words < 4 && c->u.v[j].type == U_WORD &&
               !time_word_here(c, j, hi, words) &&
               (words == 0 || c->u.v[j].cap || after_article(c, j, words))) {
            j++;
            words++;
        }
        if (!words)
            return -1;
        if (j <= hi && in_list(wh_words, c->u.v[j].low))
            return j;                 /* "asked him whether ..." */
        if (j + 1 <= hi && is_w(&c->u.v[j], "to") &&
            c->u.v[j + 1].type == U_WORD && c->u.v[j + 1].quote < 0)
            return j;                 /* "urged Congress to act" */
    }
    /* "said in a statement it is investigating ...", "said in a
     * televised address the army ..." */
    if (j + 2 <= hi && is_w(&c->u.v[j], "in") &&
        (is_w(&c->u.v[j + 1], "a") || is_w(&c->u.v[j + 1], "an") ||
         is_w(&c->u.v[j + 1], "the") || is_w(&c->u.v[j + 1], "his") ||
         is_w(&c->u.v[j + 1], "her") || is_w(&c->u.v[j + 1], "its") ||
         is_w(&c->u.v[j + 1], "their"))) {
        static const char media_nouns[] =
            " statement interview letter email e-mail post speech briefing address "
            "tweet message report filing release conference call ";
        for (long k = j + 2; k <= hi && k <= j + 4; k++) {
            if (c->u.v[k].type != U_WORD)
                break;
            if (in_list(media_nouns, c->u.v[k].low)) {
                if (k + 1 <= hi && c->u.v[k + 1].type == U_WORD &&
                    !is_w(&c->u.v[k + 1], "that") && !is_w(&c->u.v[k + 1], "on") &&
                    !is_w(&c->u.v[k + 1], "with") && !is_w(&c->u.v[k + 1], "to"))
                    j = k + 1;
                break;
            }
        }
    }
    /* "said on Thursday it had ...", "said last week the plan ..." */
    if (j + 1 <= hi && c->u.v[j].type == U_WORD && in_list(" on last this ", c->u.v[j].low) &&
        c->u.v[j + 1].type == U_WORD &&
        in_list(" monday tuesday wednesday thursday friday saturday sunday week month "
                "year night weekend ", c->u.v[j + 1].low))
        j += 2;
    while (j <= hi && c->u.v[j].type == U_WORD &&
           in_unit(&c->u.v[j], L_TIME_WORDS) && c->u.v[j].cap) /* Monday */
        j++;
    if (j > hi)
        return -1;
    const unit *f = &c->u.v[j];
    if ((is_w(f, "for") || is_w(f, "on")) && j + 1 <= hi &&
        strncmp(v->low, "call", 4) == 0)
        return j + 1;                 /* "called for a ban", "called on X" */
    if (v->cue & W5_CUE_INTENT)     /* an aim, not a thing: "wants to" */
        return is_w(f, "to") && j + 1 <= hi ? j : -1;
    if (v->cue & W5_CUE_ACCUSE)
        return f->type == U_WORD &&
               (!is_w(f, "to") || (v->cue & W5_CUE_INTENT)) && !is_w(f, "by") &&
               !is_w(f, "for") && !is_w(f, "on") && !is_w(f, "in") &&
               f->quote < 0 ? j : -1;
    if (v->cue & W5_CUE_ING)
        return f->type == U_WORD && f->quote < 0 &&
               (in_unit(f, L_PRONOUNS) || is_w(f, "there") ||
                clause_follows(c, j, hi)) ? j : -1;
    if (v->cue & W5_CUE_BELIEF)
        return f->type == U_WORD && f->quote < 0 &&
               (in_unit(f, L_PRONOUNS) || is_w(f, "there") ||
                (f->cap && !in_unit(f, L_TIME_WORDS)) ||
                clause_follows(c, j, hi)) ? j : -1;
    if (c->u.v[j].quote >= 0)
        return -1;
    return clause_starter(f) ? j : -1;
}

static int passive_or_infinitive(const qctx *c, long cue)
{
    if (cue == 0 || c->u.v[cue - 1].type != U_WORD ||
        (c->u.v[cue].cue & W5_CUE_ING))     /* "has been saying" */
        return 0;
    const char *w = c->u.v[cue - 1].low;
    return strcmp(w, "was") == 0 || strcmp(w, "were") == 0 ||
           strcmp(w, "been") == 0 || strcmp(w, "be") == 0 ||
           strcmp(w, "being") == 0 || strcmp(w, "is") == 0 ||
           strcmp(w, "are") == 0 || strcmp(w, "to") == 0;
}

/* Last unit of reported content starting at `a` in the clause. */
/* Where reported content ends, from a to the clause end hi: before a
 * new verb phrase of the speaker ("..., and has championed", "and said"),
 * a participle adjunct (", drawing a sharp reply", ", according to"), or
 * a reporting frame (", experts said"). */
static long content_last(const qctx *c, long a, long hi)
{
    static const char aux[] =
        " has have had is was were will would can could did does also went "
        "then later ";
    long b = hi;
    for (long k = a + 1; k + 1 <= hi; k++) {
        const unit *u = &c->u.v[k];
        if (u->quote >= 0) {
            /* `..., “totally delusional,” telling Fox ...` */
            const unit *n = &c->u.v[k + 1];
            size_t len = n->type == U_WORD ? strlen(n->low) : 0;
            if ((uint32_t)k == c->qs.v[u->quote].cu && is_p(&c->u.v[k - 1], ',') &&
                n->quote < 0 && !n->cap && len > 5 &&
                strcmp(n->low + len - 3, "ing") == 0) {
                b = k;
                break;
            }
            continue;
        }
        const unit *n1 = &c->u.v[k + 1], *n2 = k + 2 <= hi ? n1 + 1 : NULL;
        if (is_p(u, ';')) {
            b = k - 1;                      /* "...; 26 percent of ..." */
            break;
        }
        if (is_w(u, "and") || is_w(u, "but")) {
            if ((n1->cue & W5_CUE_SAY) || in_list(aux, n1->low) ||
                (n2 && (n2->cue & W5_CUE_SAY) && in_unit(n1, L_PRONOUNS))) {
                b = k - 1;
                break;
            }
            continue;
        }
        if (!(is_p(u, ',') || u->cp == 0x2014) || n1->type != U_WORD ||
            n1->quote >= 0)
            continue;
        size_t len = strlen(n1->low);
        if (!n1->cap && len > 5 && strcmp(n1->low + len - 3, "ing") == 0) {
            b = k - 1;                      /* ", drawing ..." */
            break;
        }
        for (long j = k + 1, words = 0; j <= hi && words < 6; j++) {
            const unit *w = &c->u.v[j];
            if (w->type != U_WORD)
                break;
            if ((w->cue & W5_CUE_SAY) && !(w->cue & W5_CUE_ING) &&
                (j == hi || c->u.v[j + 1].type == U_PUNCT)) {
                b = k - 1;                  /* ", experts said." */
                break;
            }
            words++;
        }
        if (b != hi)
            break;
    }
    while (b > a && c->u.v[b].type == U_PUNCT && c->u.v[b].quote < 0)
        b--;
    return b;
}

/* With a parse: the cue heads a relative clause ("what the minister
 * said", "the plan he announced") and the words after it are not its
 * own: they go on with the sentence the clause sits in. */
static int relative_cue_ends(const qctx *c, long cue, long a)
{
    int32_t v = c->u.v[cue].tok, t = c->u.v[a].tok;
    if (!c->have_parse || v < 0 || t < 0 || !tok_rel(c, (uint32_t)v, R_ACL_RELCL))
        return 0;
    for (int steps = 0; t >= 0 && t != v && steps < 64; steps++)
        t = c->doc->toks.v[t].head;
    return t != v;
}

/* 1 when the cue at unit `cue` opens a plea for anonymity: "asked not
 * to be named", "declined to be identified", "requested anonymity" -
 * nothing is reported. */
static int anonymity_plea(const qctx *c, long cue)
{
    long n = (long)c->u.n;
    long j = cue + 1;
    /* "declined to comment", "refused to comment": nothing said either */
    if (j + 1 < n && is_w(&c->u.v[j], "to") && is_w(&c->u.v[j + 1], "comment"))
        return 1;
    if (j < n && is_w(&c->u.v[j], "not"))
        j++;
    if (j < n && is_w(&c->u.v[j], "anonymity"))
        return 1;
    if (j + 2 >= n || !is_w(&c->u.v[j], "to"))
        return 0;
    const unit *w = &c->u.v[j + 1], *x = &c->u.v[j + 2];
    return (is_w(w, "be") && (is_w(x, "named") || is_w(x, "identified"))) ||
           (is_w(w, "remain") && is_w(x, "anonymous"));
}

static int report_forward(qctx *c, long cue)
{
    if (anonymity_plea(c, cue))
        return W5_OK;
    long hi = clause_end(c, cue);
    long a = report_start(c, cue, hi);
    if (a < 0 || relative_cue_ends(c, cue, a))
        return W5_OK;
    long b = content_last(c, a, hi);
    if (count_words(c, a, b) < 2)
        return W5_OK;
    long lo = clause_start(c, cue);
    span sp = find_speaker(c, cue, lo);
    if (sp.a < 0)
        return W5_OK;
    return push_cand(c, c->u.v[a].start, c->u.v[b].end, W5_QUOTE_INDIRECT,
                     cue, a - 1, sp);
}

/* "when asked whether he would ...", "was asked if ...": the question
 * is reported, its asker unnamed. */
static int report_asked(qctx *c, long cue)
{
    if (cue == 0 || !in_list(" when was were been being after if ",
                             c->u.v[cue - 1].low))
        return W5_OK;
    long hi = clause_end(c, cue);
    long a = report_start(c, cue, hi);
    if (a < 0 || !in_list(" if whether what who why how when where which ",
                          c->u.v[a].low))
        return W5_OK;
    long b = content_last(c, a, hi);
    if (count_words(c, a, b) < 3)
        return W5_OK;
    return push_cand(c, c->u.v[a].start, c->u.v[b].end, W5_QUOTE_INDIRECT,
                     cue, a - 1, no_span);
}

/* "CLAUSE, Kerry said." / "CLAUSE, said Kerry." / "CLAUSE, according to X." */
static int report_backward(qctx *c, long cue)
{
    long lo = clause_start(c, cue), hi = clause_end(c, cue);
    const unit *v = &c->u.v[cue];
    long comma = -1;
    span sp = no_span;
    if (is_w(v, "according")) {
        if (cue + 1 > hi || !is_w(&c->u.v[cue + 1], "to"))
            return W5_OK;
        /* the source runs to the next comma: "according to early results
         * of the exit poll conducted by ..., Clinton led" */
        long k = cue + 2, e = cue + 2;
        while (e <= hi && !is_p(&c->u.v[e], ',') && c->u.v[e].quote < 0)
            e++;
        long se = e - 1;
        while (se >= k && c->u.v[se].type == U_PUNCT)
            se--;
        if (se < k || se - k > 30)
            return W5_OK;
        sp = (span){k, se};
        if (cue - 1 >= lo && is_p(&c->u.v[cue - 1], ',') &&
            count_words(c, lo, cue - 2) < 4 && e < hi && is_p(&c->u.v[e], ',')) {
            /* "Since November, according to X, forces have killed ...":
             * the sentence around the source */
            long b = content_last(c, e + 1, hi);
            if (count_words(c, e + 1, b) < 3)
                return W5_OK;
            return push_cand(c, c->u.v[lo].start, c->u.v[b].end,
                             W5_QUOTE_INDIRECT, cue, cue + 1, sp);
        }
        if (cue - 1 >= lo && is_p(&c->u.v[cue - 1], ','))
            comma = cue - 1;
        else if (count_words(c, lo, cue - 1) >= 4 && se + 1 >= hi &&
                 c->u.v[cue - 1].quote < 0) {
            /* "Ferguson had 115 violent crimes according to the FBI." */
            return push_cand(c, c->u.v[lo].start, c->u.v[cue - 1].end,
                             W5_QUOTE_INDIRECT, cue, cue + 1, sp);
        } else if (count_words(c, lo, cue - 1) <= 1) {  /* "According to X, ..." */
            if (e >= hi)
                return W5_OK;
            long b = content_last(c, e + 1, hi);
            if (count_words(c, e + 1, b) < 3)
                return W5_OK;
            return push_cand(c, c->u.v[e + 1].start, c->u.v[b].end,
                             W5_QUOTE_INDIRECT, cue, cue + 1, sp);
        } else
            return W5_OK;
    } else if (cue - 1 >= lo && is_p(&c->u.v[cue - 1], ',')) {
        sp = speaker_right(c, cue, hi);         /* ", said Kerry." */
        comma = cue - 1;
        if (sp.a >= 0 && count_words(c, sp.b + 1, hi) > 8 &&
            !(sp.b + 1 <= hi && is_p(&c->u.v[sp.b + 1], ',')))
            return W5_OK;               /* ", said X, the director of ..." */
        /* "Maya Cummings, his wife, said Cummings “worked until ...”":
         * a quote or a verb after the name makes it the subject of what
         * was said, not an inverted speaker */
        if (sp.a >= 0 && sp.b + 1 <= hi &&
            (c->u.v[sp.b + 1].quote >= 0 || finite_verb(c, &c->u.v[sp.b + 1])))
            return W5_OK;
    } else {
        sp = speaker_left(c, cue, lo);          /* ", Kerry said." */
        if (sp.a < 0 || sp.a - 1 < lo || !is_p(&c->u.v[sp.a - 1], ','))
            return W5_OK;
        comma = sp.a - 1;
        long after = cue + 1;
        while (after <= hi && c->u.v[after].type == U_WORD &&
               in_unit(&c->u.v[after], L_TIME_WORDS))
            after++;
        /* ", Sanders said, a policy that ...": a whole clause before the
         * frame and no verb after it: the content ends at the frame */
        const unit *na = after + 1 <= hi ? &c->u.v[after + 1] : NULL;
        int tail = after < hi && is_p(&c->u.v[after], ',') && na &&
                   count_words(c, lo, comma - 1) >= 5 && na->type == U_WORD &&
                   na->tok >= 0 && c->doc->toks.v[na->tok].upos &&
                   !upos_is(c, na, W5_UPOS_VERB) && !upos_is(c, na, W5_UPOS_AUX);
        if (!tail && after < hi && is_p(&c->u.v[after], ',') &&
            c->u.v[comma - 1].quote < 0 && count_words(c, lo, comma - 1) >= 1) {
            /* a frame inside the sentence: "The plan, he said, is dead."
             * The content is the sentence around it. */
            long b = content_last(c, after + 1, hi);
            if (count_words(c, after + 1, b) < 2 || c->u.v[b].quote >= 0)
                return W5_OK;
            /* "Still, he said, officials have to ...": a lead of one or two
             * words is no part of what was said */
            long from = count_words(c, lo, comma - 1) == 1 &&
                        in_list(" still however but and yet instead now "
                                "meanwhile so then also indeed ",
                                c->u.v[comma - 1].low) ? after + 1 : lo;
            return push_cand(c, c->u.v[from].start, c->u.v[b].end,
                             W5_QUOTE_INDIRECT, cue, after, sp);
        }
        if (!tail && count_words(c, cue + 1, hi) > 4)
            return W5_OK;
    }
    if (comma < 0 || sp.a < 0 || comma - 1 < lo)
        return W5_OK;
    if (c->u.v[comma - 1].quote >= 0)           /* a direct quote's frame */
        return W5_OK;
    long a = lo;
    if (count_words(c, a, comma - 1) < 4)
        return W5_OK;
    return push_cand(c, c->u.v[a].start, c->u.v[comma - 1].end,
                     W5_QUOTE_INDIRECT, cue, hi, sp);
}

/* An impression the writer reports: "X seemed to ...", "X appears
 * unfazed", "X is expected to ...". PolNeAR annotates these as
 * attributions with the clause (subject included) as content and, most
 * often, no source; so they get no speaker. Location senses ("appeared
 * in court", "appeared on Fox") never take "to" + verb or an adjective. */
static int report_impression(qctx *c, long k)
{
    static const char be[] = " is are was were be been ";
    const unit *u = &c->u.v[k];
    /* most words are none of these: say so before walking the clause */
    if (!in_unit(u, L_RAISING) && !is_w(u, "expected") &&
        !is_w(u, "reportedly") && !is_w(u, "allegedly"))
        return W5_OK;
    long lo = clause_start(c, k), hi = clause_end(c, k);
    if (k + 2 > hi || k - 1 < lo)
        return W5_OK;
    const unit *n = &c->u.v[k + 1], *p = &c->u.v[k - 1];
    if (u->tok >= 0 && c->doc->toks.v[u->tok].upos && !upos_is(c, u, W5_UPOS_VERB) &&
        !is_w(u, "reportedly") && !is_w(u, "allegedly"))
        return W5_OK;
    if (in_unit(u, L_RAISING)) {
        int adj = n->tok >= 0 && upos_is(c, n, W5_UPOS_ADJ) &&
                  !in_list(" in on at before with ", n->low);
        if (!(is_w(n, "to") && c->u.v[k + 2].type == U_WORD) && !adj)
            return W5_OK;
    } else if (is_w(u, "expected")) {
        if (p->type != U_WORD || !in_list(be, p->low) || !is_w(n, "to"))
            return W5_OK;
    } else if (is_w(u, "reportedly") || is_w(u, "allegedly")) {
        if (n->type != U_WORD || (n->cue & W5_CUE_SAY))
            return W5_OK;           /* "reportedly said": the verb reports */
    } else
        return W5_OK;
    /* the subject: back to a comma, a subordinator ("after he appeared
     * to ...") or a relative pronoun (kept); the whole clause when the
     * verb directly follows a comma ("Clinton, casting ..., appeared") */
    static const char subordinators[] =
        " after because while when that if as although though since and "
        "but before until ";
    long a = lo, v0 = is_w(u, "expected") ? k - 1 : k;   /* the verb group */
    for (long j = v0 - 1; j >= lo; j--) {
        const unit *w = &c->u.v[j];
        /* "the company said profits are expected to rise": what is
         * expected is part of what was said */
        if (w->type == U_WORD && (w->cue & W5_CUE_SAY) && w->quote < 0)
            return W5_OK;
        if (is_w(w, "who") || is_w(w, "which")) {
            a = j;
            break;
        }
        if (is_p(w, ',') || w->quote >= 0 ||
            (w->type == U_WORD && in_list(subordinators, w->low))) {
            a = j + 1 < v0 ? j + 1 : lo;
            break;
        }
    }
    while (a < k && c->u.v[a].type == U_WORD &&
           in_list(" but and so yet ", c->u.v[a].low))
        a++;
    while (a < k && c->u.v[a].type == U_PUNCT && c->u.v[a].quote < 0)
        a++;
    if (a >= k || c->u.v[a].quote >= 0)
        return W5_OK;
    long b = content_last(c, k + 1, hi);
    if (count_words(c, a, b) < 4 || c->u.v[b].quote >= 0)
        return W5_OK;
    size_t before = c->out.n;
    int rc = push_cand(c, c->u.v[a].start, c->u.v[b].end, W5_QUOTE_INDIRECT,
                       k, k, no_span);
    if (!rc && c->out.n > before && v0 < k)
        c->out.v[before].q.cue_start = c->u.v[v0].start;   /* "is expected" */
    /* an impression is nobody's words: a stance with no holder */
    if (!rc && c->out.n > before)
        c->out.v[before].stance = 1;
    return rc;
}

/* A noun taking a that-clause: "Trump's claim that he won", "fears that
 * rates would rise". The content is the clause with its "that"; the
 * speaker the possessor when there is one ("Trump's", "his"). Nouns
 * often followed by a relative "that" ("the statement that he
 * released") are left out. */
static int report_nominal(qctx *c, long k)
{
    const unit *u = &c->u.v[k];
    if (!in_unit(u, L_REPORT_NOUNS))
        return W5_OK;
    long lo = clause_start(c, k), hi = clause_end(c, k);
    if (k + 2 > hi ||
        !is_w(&c->u.v[k + 1], "that") || (u->tok >= 0 &&
        c->doc->toks.v[u->tok].upos && !upos_is(c, u, W5_UPOS_NOUN)))
        return W5_OK;
    const unit *f = &c->u.v[k + 2];
    if (!(f->type == U_WORD && f->quote < 0 &&
          (in_unit(f, L_PRONOUNS) || is_w(f, "there") ||
           clause_follows(c, k + 2, hi))))
        return W5_OK;
    long b = content_last(c, k + 2, hi);
    /* "Trump's claim that he won was false": the clause ends before the
     * sentence's own verb, a second finite verb with no link before it */
    int verbs = 0;
    for (long j = k + 3; j <= b; j++) {
        const unit *w = &c->u.v[j], *p = &c->u.v[j - 1];
        if (!finite_verb(c, w) && !(w->cue && upos_is(c, w, W5_UPOS_VERB)))
            continue;
        if (verbs++ && p->type == U_WORD &&
            !in_list(" and but or that who which he she they it we i you ",
                     p->low)) {
            b = j - 1;
            break;
        }
    }
    if (count_words(c, k + 1, b) < 3)
        return W5_OK;
    span sp = no_span;
    if (k - 1 >= lo && c->u.v[k - 1].type == U_WORD &&
        in_list(" his her their its our my ", c->u.v[k - 1].low))
        sp = (span){k - 1, k - 1};
    else if (k - 2 >= lo && c->u.v[k - 1].type == U_WORD &&
             (c->u.v[k - 1].low[0] == '\'' ||
              (unsigned char)c->u.v[k - 1].low[0] == 0xE2) &&
             c->u.v[k - 2].type == U_WORD && c->u.v[k - 2].cap)
        sp = np_ending_at(c, k - 2, lo);
    return push_cand(c, c->u.v[k + 1].start, c->u.v[b].end,
                     W5_QUOTE_INDIRECT, k, k, sp);
}

/* A headline "Graham: Trump's Rhetoric Destroying GOP's Chance": in the
 * first paragraph, a short name, a colon, and what they said. */
static int headline_colon(qctx *c, long colon)
{
    if (colon < 1) /* nothing before the colon to be a speaker */
        return W5_OK;
    long lo = clause_start(c, colon), hi = clause_end(c, colon);
    if (c->u.v[colon].para != c->u.v[0].para || lo != 0 ||
        colon + 1 > hi || c->used[colon])
        return W5_OK;
    size_t before = count_words(c, lo, colon - 1);
    if (is_w(&c->u.v[colon - 1], "latest"))     /* "The Latest: ..." */
        return W5_OK;
    /* "He told MPs: “...”": a quotation after the colon has its frame */
    if (c->u.v[colon + 1].quote >= 0)
        return W5_OK;
    for (long k = lo; k < colon; k++)
        if (c->u.v[k].cue & W5_CUE_SAY)
            return W5_OK;
    long b = content_last(c, colon + 1, hi);
    if (before < 1 || before > 6 || count_words(c, colon + 1, b) < 3 ||
        !c->u.v[lo].cap)
        return W5_OK;
    return push_cand(c, c->u.v[colon + 1].start, c->u.v[b].end,
                     W5_QUOTE_INDIRECT, colon, colon, (span){lo, colon - 1});
}

/* Reported speech whose cue is among units [from, to). */
static int reported_in(qctx *c, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++) {
        const unit *u = &c->u.v[k];
        if (is_p(u, ':') && u->quote < 0) {
            int rc = headline_colon(c, (long)k);
            if (rc)
                return rc;
            continue;
        }
        if (u->type != U_WORD || u->quote >= 0 || c->used[k])
            continue;
        int rc = W5_OK;
        if (is_w(u, "asked") && k > 0 &&
            in_list(" when was were been being after if ", c->u.v[k - 1].low))
            rc = report_asked(c, (long)k);
        else if (is_w(u, "expected") && k > 0 && passive_or_infinitive(c, (long)k))
            rc = report_impression(c, (long)k);     /* "is expected to" */
        else if (is_w(u, "according"))
            rc = report_backward(c, (long)k);
        else if (!u->cue) {
            size_t before = c->out.n;
            rc = report_impression(c, (long)k);
            if (!rc && c->out.n == before)
                rc = report_nominal(c, (long)k);
        }
        else if (u->cue && !(u->cue & W5_CUE_FRAME) &&
                 !passive_or_infinitive(c, (long)k)) {
            size_t before = c->out.n;
            if ((rc = report_forward(c, (long)k)))
                return rc;
            if (c->out.n == before && (u->cue & W5_CUE_SAY) &&
                !(u->cue & W5_CUE_ING))
                rc = report_backward(c, (long)k);
        }
        if (rc)
            return rc;
    }
    return W5_OK;
}

/* PolNeAR rarely annotates reported speech inside quotes; looking there
 * too (tried) added false positives, not matches. */
static int find_reported(qctx *c)
{
    return reported_in(c, 0, c->u.n);
}

/* ---- Stance objects -------------------------------------------------------
 * With a parse: a stance word (stance.c) whose object nobody has claimed
 * yet gives an INDIRECT quote: "Trump criticized the deal" (the deal),
 * "Clinton talked about trade" (trade), "his support for the ban", "she
 * is skeptical of the plan"; passives take their subject ("the plan was
 * criticized by X"), relative clauses their antecedent ("what Trump
 * said"). The speaker is the word's subject (or possessor). */

/* Prepositions that introduce what a stance is about: "talked about",
 * "criticism of", "support for"; not "to", "from", "in", "at", which
 * bring recipients, sources, places and times. */
static const char stance_cases[] =
    " about on of for against over regarding toward towards as ";

/* The lowercased text of token t into buf (cap bytes), "" when longer. */
static const char *tok_low(const qctx *c, uint32_t t, char *buf, size_t cap)
{
    const w5_tok *tk = &c->doc->toks.v[t];
    size_t n = tk->end - tk->start;
    if (n >= cap)
        n = 0;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)ascii_lower((unsigned char)c->text[tk->start + i]);
    buf[n] = '\0';
    return buf;
}

/* Whether oblique or nominal modifier t is introduced by one of the
 * stance prepositions. */
static int stance_case(const qctx *c, const w5_sent *s, uint32_t t)
{
    char low[24];
    for (uint32_t k = s->tok_begin; k < t; k++)
        if (c->doc->toks.v[k].head == (int32_t)t && tok_rel(c, k, R_CASE))
            return in_list(stance_cases, tok_low(c, k, low, sizeof low));
    return 0;
}

/* The first and last token of the subtree of `root` in sentence s (the
 * tokens whose chain of heads reaches it), tokens after `limit` left out. */
static void subtree_tokens(const qctx *c, const w5_sent *s, uint32_t root,
                           uint32_t limit, uint32_t *lo, uint32_t *hi)
{
    *lo = *hi = root;
    for (uint32_t t = s->tok_begin; t < s->tok_end && t <= limit; t++) {
        int32_t h = (int32_t)t;
        for (int steps = 0; h >= 0 && h != (int32_t)root && steps < 64; steps++)
            h = c->doc->toks.v[h].head;
        if (h != (int32_t)root)
            continue;
        if (t < *lo)
            *lo = t;
        if (t > *hi)
            *hi = t;
    }
}

/* A clause opened by "to", "that" or a question word: what a stance
 * is about ("the decision to leave"), not a participle modifying the
 * noun ("the complaint filed by ..."). */
static int clause_marked(const qctx *c, const w5_sent *s, uint32_t t,
                         const char *marks)
{
    char low[24];
    uint32_t first = t;
    for (uint32_t k = s->tok_begin; k < t; k++)
        if (c->doc->toks.v[k].head == (int32_t)t) {
            first = k;
            break;
        }
    return first < t && in_list(marks, tok_low(c, first, low, sizeof low));
}

/* Any word's phrase "about" something or clause "that ..." / "whether
 * ...": "was coy about whether ...", "bragged about his polls",
 * "questions about her health", "is warning that ...", "are convinced
 * that ...", "a tacit acknowledgment that ...". */
static long about_object(const qctx *c, const w5_sent *s, uint32_t v)
{
    char low[24];
    for (uint32_t t = v + 1; t < s->tok_end; t++) {
        if (c->doc->toks.v[t].head != (int32_t)v)
            continue;
        /* a marked clause after the word is its complement, whatever
         * the parser called it ("convinced that ..." as csubj) */
        if ((tok_rel(c, t, R_CCOMP) || tok_rel(c, t, R_ACL) ||
             tok_rel(c, t, R_CSUBJ)) &&
            clause_marked(c, s, t, " that whether "))
            return t;
        if (!(tok_rel(c, t, R_OBL) || tok_rel(c, t, R_NMOD)))
            continue;
        for (uint32_t k = v + 1; k < t; k++)
            if (c->doc->toks.v[k].head == (int32_t)t && tok_rel(c, k, R_CASE))
                return strcmp(tok_low(c, k, low, sizeof low), "about") == 0
                           ? (long)t : -1;
        return -1;
    }
    return -1;
}

/* The dependent of stance word v that holds its object: the first one
 * after it that is a clause, an object, or a phrase with a stance
 * preposition; -1 when none. */
static long stance_object(const qctx *c, const w5_sent *s, uint32_t v,
                          int in_table)
{
    if (!in_table)
        return about_object(c, s, v);
    static const int direct[] = {R_CCOMP, R_XCOMP, R_OBJ, R_IOBJ, R_ACL,
                                 R_ADVCL};
    for (uint32_t t = v + 1; t < s->tok_end; t++) {
        const w5_tok *tk = &c->doc->toks.v[t];
        if (tk->head != (int32_t)v || tk->upos == c->upos_num)
            continue;
        for (size_t r = 0; r < sizeof direct / sizeof *direct; r++)
            if (tok_rel(c, t, direct[r]) &&
                (!tok_rel(c, t, R_ACL) ||
                 clause_marked(c, s, t, " to that whether if how why what "
                                        "who where when ")))
                return t;
        if ((tok_rel(c, t, R_OBL) || tok_rel(c, t, R_NMOD)) &&
            stance_case(c, s, t))
            return t;
    }
    return -1;
}

/* Where an object ending at token hi really ends: a second object or a
 * clause after the first belongs to it ("urged Congress to act", "called
 * him a liar", "told reporters that ..."). */
static uint32_t object_rest(const qctx *c, const w5_sent *s, uint32_t v,
                            uint32_t obj, uint32_t hi)
{
    for (uint32_t t = obj + 1; t < s->tok_end; t++) {
        if (c->doc->toks.v[t].head != (int32_t)v || t <= hi)
            continue;
        if (!(tok_rel(c, t, R_OBJ) || tok_rel(c, t, R_IOBJ) ||
              tok_rel(c, t, R_XCOMP) || tok_rel(c, t, R_CCOMP)))
            break;
        uint32_t lo2, hi2;
        subtree_tokens(c, s, t, s->tok_end, &lo2, &hi2);
        hi = hi2;
    }
    return hi;
}

/* The child of v with relation r (before v when `before`), or -1. */
static long child_with(const qctx *c, const w5_sent *s, uint32_t v, int r,
                       int before)
{
    for (uint32_t t = s->tok_begin; t < s->tok_end; t++)
        if (c->doc->toks.v[t].head == (int32_t)v && tok_rel(c, t, r) &&
            (!before || t < v))
            return t;
    return -1;
}

/* The speaker of stance word v: its subject, else for a verb that shares
 * its subject ("wants to criticize", "met and praised") the subject of
 * the verb it hangs from, for a noun its possessor ("Trump's criticism"). */
static span stance_speaker(const qctx *c, const w5_sent *s, uint32_t v,
                           int noun)
{
    uint32_t t = v;
    if (noun) {
        long poss = child_with(c, s, v, R_NMOD_POSS, 1);
        if (poss >= 0) {
            uint32_t lo, hi;
            subtree_tokens(c, s, (uint32_t)poss, (uint32_t)poss, &lo, &hi);
            return token_units(c, lo, hi);
        }
        /* "X is a critic of": the predicate noun's own subject; "expressed
         * concern about", "raised questions about": the subject of the
         * verb whose object the noun is */
        span sp = subject_units(c, v);
        int32_t h = c->doc->toks.v[v].head;
        if (sp.a >= 0 || h < 0 || !tok_rel(c, v, R_OBJ))
            return sp;
        t = (uint32_t)h;
    }
    for (int up = 0; up < 3; up++) {
        span sp = subject_units(c, t);
        if (sp.a >= 0)
            return sp;
        int32_t h = c->doc->toks.v[t].head;
        /* "met the IMF chief to discuss debt relief": a clause with no
         * subject of its own shares its governor's */
        if (h < 0 || !(tok_rel(c, t, R_XCOMP) || tok_rel(c, t, R_CONJ) || tok_rel(c, t, R_ADVCL)))
            break;
        t = (uint32_t)h;
    }
    return no_span;
}

/* Subtrees are found by walking every token of the sentence up to the
 * root: a sentence past this many tokens (a list or table the splitter
 * could not cut, whose parse means little) is left alone, so the pass
 * stays linear in the document. */
enum { STANCE_MAX_SENT = 200 };

/* The last token of a stance object spanning tokens [lo, hi]: before a
 * participle clause (", saying the risk was too high", ", calling it a
 * disgrace"), which is no part of the object. */
static uint32_t object_end(const qctx *c, uint32_t lo, uint32_t hi)
{
    const w5_doc *doc = c->doc;
    for (uint32_t t = lo; t <= hi; t++) {
        if (t > lo && t < hi && c->tok_unit[t + 1] >= 0 &&
            doc->toks.v[t].end - doc->toks.v[t].start == 1 && doc->text[doc->toks.v[t].start] == ',' &&
            doc->toks.v[t + 1].xpos == c->xpos_vbg)
            return t - 1;
    }
    return hi;
}

/* 1 when token t lies in a date or time mention. Mentions are sorted by
 * start; the few starting at or before t are looked at. */
static int date_at(const w5_doc *doc, uint32_t t)
{
    size_t lo = 0, hi = doc->ments.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->ments.v[mid].tok_begin <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo, seen = 0; k-- > 0 && seen < 8; seen++) {
        const w5_ment *m = &doc->ments.v[k];
        if (m->tok_end > t && (m->type == W5_E_DATE || m->type == W5_E_TIME))
            return 1;
    }
    return 0;
}

/* Words heading a phrase that names a thing, not someone who can hold a
 * position ("relations that have threatened ...", "the deal aims to").
 * Kept short: PolNeAR counts "it", "the bill" or a date as sources. */
static const char things[] =
    " deal move figure figures sale sales growth data speculation fear fears "
    "cost costs relation relations rise fall increase decline success result "
    "results price prices rate rates change ";

/* 1 when the holder phrase sp of a stance can hold one: not a thing. */
static int can_hold_stance(const qctx *c, span sp)
{
    if (sp.a < 0)
        return 1;
    const unit *head = &c->u.v[phrase_head(c, sp)];
    return head->type == U_WORD && !in_list(things, head->low);
}

static int report_stance_word(qctx *c, const uint8_t *taken, uint32_t v)
{
    const w5_doc *doc = c->doc;
    const w5_tok *tk = &doc->toks.v[v];
    long k = c->tok_unit[v];
    if (k < 0 || taken[k] || c->u.v[k].quote >= 0 || !tk->lemma || !tk->upos ||
        anonymity_plea(c, k))
        return W5_OK;
    unsigned need = tk->upos == c->upos_verb ? W5_STANCE_VERB
                  : tk->upos == c->upos_noun ? W5_STANCE_NOUN
                  : tk->upos == c->upos_adj ? W5_STANCE_ADJ : 0;
    const char *lemma = w5_strpool_get(&doc->pool, tk->lemma);
    if (!need)
        return W5_OK;
    /* "without disclosing any details": what was not done is no position */
    if (k >= 1 && is_w(&c->u.v[k - 1], "without"))
        return W5_OK;
    int in_table = (w5_quotes_stance_class(lemma, strlen(lemma)) & need) != 0;
    /* "due to the fact that ...", "the reason that ...": what the clause
     * says is no one's position */
    if (!in_table && need == W5_STANCE_NOUN &&
        in_list(" fact reason way sign news possibility chance likelihood time "
                "point extent case ", lemma))
        return W5_OK;
    const w5_sent *s = &doc->sents.v[tk->sent];
    if (s->tok_end - s->tok_begin > STANCE_MAX_SENT)
        return W5_OK;
    uint32_t lo, hi;
    /* the speaker (a walk over the sentence) is looked for only once
     * there is an object: most words have none */
    int own_speaker = 1;
    span spk = no_span;
    long obj = stance_object(c, s, v, in_table), subj;
    /* "agreed on Monday to buy": a date is no object */
    if (obj >= 0 && date_at(doc, (uint32_t)obj))
        return W5_OK;
    /* "say" takes what is said as a clause; a noun after it is the
     * speaker of an inverted frame (", say scientists") or no report */
    if (obj >= 0 && strcmp(lemma, "say") == 0 && !tok_rel(c, (uint32_t)obj, R_CCOMP))
        return W5_OK;
    if (obj >= 0) {
        subtree_tokens(c, s, (uint32_t)obj, s->tok_end, &lo, &hi);
        hi = object_rest(c, s, v, (uint32_t)obj, hi);
    } else if (!in_table) {
        return W5_OK;
    } else if (need == W5_STANCE_VERB &&
               (subj = child_with(c, s, v, R_NSUBJ_PASS, 1)) >= 0) {
        /* "the plan was criticized (by X)": the subject is the object */
        subtree_tokens(c, s, (uint32_t)subj, v, &lo, &hi);
        long agent = child_with(c, s, v, R_OBL_AGENT, 0);
        own_speaker = 0;
        if (agent >= 0) {
            uint32_t alo, ahi;
            subtree_tokens(c, s, (uint32_t)agent, s->tok_end, &alo, &ahi);
            while (alo < ahi && doc->toks.v[alo].head == (int32_t)agent &&
                   tok_rel(c, alo, R_CASE))
                alo++;                                  /* "by" */
            spk = token_units(c, alo, ahi);
        }
    } else if (tok_rel(c, v, R_ACL_RELCL) && tk->head >= 0 &&
               (uint32_t)tk->head < v) {
        /* "what Trump said", "the plan he criticized" */
        subtree_tokens(c, s, (uint32_t)tk->head, (uint32_t)tk->head, &lo, &hi);
    } else {
        return W5_OK;
    }
    hi = object_end(c, lo, hi);
    span cs = token_units(c, lo, hi);
    if (cs.a < 0 || (cs.a <= k && k <= cs.b))
        return W5_OK;
    if (own_speaker)
        spk = stance_speaker(c, s, v, need == W5_STANCE_NOUN);
    /* a verb of saying with a clause for object reports speech ("said at
     * least three people had been killed"); the rest are stances */
    int speech = (c->u.v[k].cue & W5_CUE_SAY) && obj >= 0 && tok_rel(c, (uint32_t)obj, R_CCOMP);
    /* "the deal aims to ...": a position no one is said to hold (kept:
     * attribution corpora count it, and readers are shown only held
     * ones) */
    if (!speech && own_speaker && !can_hold_stance(c, spk))
        spk = no_span;
    size_t before = c->out.n;
    int rc = push_cand(c, c->u.v[cs.a].start, c->u.v[cs.b].end,
                       W5_QUOTE_INDIRECT, k, k, spk);
    if (!rc && c->out.n > before && !speech)
        c->out.v[before].stance = 1;
    return rc;
}

/* Flags the units overlapping bytes [s, e). */
static void mark_bytes(const qctx *c, uint8_t *flags, uint32_t s, uint32_t e)
{
    size_t lo = 0, hi = c->u.n;          /* first unit ending after s */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->u.v[mid].end <= s)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k < c->u.n && c->u.v[k].start < e; k++)
        flags[k] = 1;
}

/* Stance words whose unit no earlier quote holds as cue or content. */
static int report_stance(qctx *c)
{
    if (!c->have_parse || !c->u.n)
        return W5_OK;
    uint8_t *taken = calloc(c->u.n, 1);
    if (!taken)
        return W5_ERR_NOMEM;
    for (size_t i = 0; i < c->out.n; i++) {
        const w5_quo *q = &c->out.v[i].q;
        mark_bytes(c, taken, q->start, q->end);
        if (q->cue_end > q->cue_start)
            mark_bytes(c, taken, q->cue_start, q->cue_end);
    }
    int rc = W5_OK;
    for (uint32_t t = 0; t < c->doc->toks.n && !rc; t++) {
        size_t before = c->out.n;
        rc = report_stance_word(c, taken, t);
        if (!rc && c->out.n > before)     /* the outer object holds it */
            mark_bytes(c, taken, c->out.v[before].q.start,
                       c->out.v[before].q.end);
    }
    free(taken);
    return rc;
}

/* ---- Mentions, context, output ----------------------------------------- */

static int is_value_type(uint8_t type)
{
    return type >= W5_E_DATE;
}

/* The mention for a speaker phrase: the one ending where the phrase ends
 * (the head in English), else the longest inside it that is not a
 * possessor ("Karzai" in "Karzai's spokesman"). */
/* Mentions sorted by start. A speaker phrase's mention starts at most
 * MENT_REACH bytes before the phrase. */
typedef struct ment_key {
    uint32_t start, idx;
} ment_key;

enum { MENT_REACH = 256 };

static int ment_key_cmp(const void *a, const void *b)
{
    const ment_key *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* 1 when mention m, past the head of a speaker phrase, is a person's
 * name set off by a comma: "the head of the agency, Maria Lopez". A name
 * in a postmodifier ("the mayor of London") is not the speaker. */
static int appositive_name(const w5_doc *doc, const w5_ment *m, uint32_t head_end)
{
    if (m->kind != W5_MENTION_NAME || m->type != W5_E_PERSON)
        return 0;
    for (uint32_t b = m->start; b-- > head_end;)
        if (doc->text[b] == ',')
            return 1;
    return 0;
}

static int32_t mention_for(const w5_doc *doc, const ment_key *keys, size_t n,
                           uint32_t s, uint32_t e, uint32_t head_end, int medium,
                           uint8_t *inside_only)
{
    int32_t head = -1;
    uint32_t head_len = 0;
    int32_t best = -1, inside = -1;
    uint32_t best_len = 0, inside_len = 0;
    uint32_t from = s > MENT_REACH ? s - MENT_REACH : 0;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (keys[mid].start < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < n && keys[i].start < e; i++) {
        size_t m = keys[i].idx;
        const w5_ment *mt = &doc->ments.v[m];
        if (is_value_type(mt->type) || mt->end <= s || mt->start >= e)
            continue;
        uint32_t len = mt->end - mt->start;
        if (mt->end == e && len > best_len &&
            (mt->start < head_end || appositive_name(doc, mt, head_end))) {
            best = (int32_t)m;
            best_len = len;
        } else if (mt->end == head_end && len > head_len) {
            head = (int32_t)m;
            head_len = len;
        } else if (mt->start >= s && mt->end <= head_end && len > inside_len) {
            const char *after = doc->text + mt->end;
            int possessor = mt->end + 1 < doc->len &&
                            (after[0] == '\'' || (unsigned char)after[0] == 0xE2);
            if (!possessor || medium) {
                inside = (int32_t)m;
                inside_len = len;
            }
        }
    }
    if (best < 0)
        best = head;
    /* "the WHO's website" stands for nobody: the WHO speaks */
    if (medium && best >= 0 && doc->ments.v[best].entity < 0 && inside >= 0)
        best = inside;
    *inside_only = best < 0 && inside >= 0;
    return best >= 0 ? best : inside;
}

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->q.start != y->q.start)
        return x->q.start < y->q.start ? -1 : 1;
    if (x->q.end != y->q.end)
        return x->q.end > y->q.end ? -1 : 1;
    return (int)y->attributed - (int)x->attributed;
}

/* Quotes with no cue take the speaker of the nearest quote before them
 * within two paragraphs, else of the next one in the same paragraph. */
static void speakers_from_context(qctx *c)
{
    for (size_t i = 0; i < c->out.n; i++) {
        cand *k = &c->out.v[i];
        if (k->attributed || k->q.kind == W5_QUOTE_INDIRECT)
            continue;               /* reported speech names its speaker */
        const cand *from = NULL;
        for (size_t j = i; j-- > 0;) {
            const cand *p = &c->out.v[j];
            if (k->para - p->para > 2)
                break;
            if (p->attributed) {
                from = p;
                break;
            }
        }
        for (size_t j = i + 1; !from && j < c->out.n; j++) {
            const cand *p = &c->out.v[j];
            if (p->para != k->para)
                break;
            if (p->attributed)
                from = p;
        }
        if (from) {
            k->spk_start = from->spk_start;
            k->spk_end = from->spk_end;
            k->q.speaker_ment = from->q.speaker_ment;
            k->q.speaker_ent = from->q.speaker_ent;
        }
    }
}

/* A report whose cue lies inside another report's content ("X said he
 * hoped ...", "X said all three had agreed to continue ...") is part of
 * what the outer report says: the outer one carries those words, and
 * PolNeAR annotates the outer relation (dropping the nested ones raised
 * content F1 on both its train and dev articles). Inside an "according
 * to" frame, though, a named or described speaker's report is the
 * statement the frame sources: "The chancellor said ..., according to a
 * spokesman" keeps both.
 * Needs c->out sorted by start: the outer reports starting at or before
 * a cue are a prefix, and the cue is inside one when the prefix's
 * furthest end reaches past it. */
/* Whether a report holding report i's cue (among the first `lo`
 * candidates, sorted by start; reports span a sentence or a few, so the
 * search stops REPORT_REACH bytes back) is an "according to" frame. */
enum { REPORT_REACH = 4096 };

static int according_outside(const qctx *c, size_t i, size_t lo)
{
    const w5_quo *k = &c->out.v[i].q;
    for (size_t j = lo; j-- > 0;) {
        const w5_quo *o = &c->out.v[j].q;
        if (o->start + REPORT_REACH < k->cue_start)
            break;
        if (j != i && o->kind == W5_QUOTE_INDIRECT && o->end >= k->cue_end &&
            o->cue_end - o->cue_start > 9 &&
            ascii_lower((unsigned char)c->text[o->cue_start]) == 'a' &&
            memcmp(c->text + o->cue_start + 1, "ccording", 8) == 0)
            return 1;
    }
    return 0;
}

static int drop_nested(qctx *c)
{
    size_t n = c->out.n;
    if (!n)
        return W5_OK;
    /* per prefix: the furthest end, which report has it, and the
     * furthest end of the others (a report never holds its own cue) */
    uint32_t *reach = malloc(3 * n * sizeof *reach);
    uint8_t *drop = calloc(n, 1);
    if (!reach || !drop) {
        free(reach);
        free(drop);
        return W5_ERR_NOMEM;
    }
    uint32_t far = 0, second = 0, who = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        const cand *o = &c->out.v[i];
        if (o->q.kind == W5_QUOTE_INDIRECT && o->q.end > far) {
            second = far;
            far = o->q.end;
            who = (uint32_t)i;
        } else if (o->q.kind == W5_QUOTE_INDIRECT && o->q.end > second) {
            second = o->q.end;
        }
        reach[3 * i] = far;
        reach[3 * i + 1] = who;
        reach[3 * i + 2] = second;
    }
    for (size_t i = 0; i < n; i++) {
        const cand *k = &c->out.v[i];
        if (k->q.kind != W5_QUOTE_INDIRECT || k->q.cue_end <= k->q.cue_start)
            continue;
        size_t lo = 0, hi = n;          /* candidates starting <= cue */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (c->out.v[mid].q.start <= k->q.cue_start)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (!lo)
            continue;
        const uint32_t *r = &reach[3 * (lo - 1)];
        if ((r[1] == (uint32_t)i ? r[2] : r[0]) < k->q.cue_end)
            continue;
        drop[i] = !k->attributed || k->spk_pronoun ||
                  !according_outside(c, i, lo);
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!drop[i])
            c->out.v[m++] = c->out.v[i];
    c->out.n = m;
    free(drop);
    free(reach);
    return W5_OK;
}

/* ---- Speaker mentions ---------------------------------------------------
 * A speaker phrase no mention ends with ("officials", "the report", "a
 * source", "Afghan officials") becomes a mention of its own: kind nominal
 * (pronoun for a lone pronoun), type NONE, no entity. A name inside such a
 * phrase is a modifier, not the speaker: "Afghan officials" are not
 * Afghanistan. The new mentions are merged into doc->ments in its order
 * (start, then longest first) and every index into the mentions (entity
 * lists, roles, quotes) is moved along. */

static int ment_order(const w5_ment *x, const w5_ment *y)
{
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    return 0;
}

/* The token holding byte b (the last token starting at or before it). */
static uint32_t token_at(const w5_doc *doc, uint32_t b)
{
    size_t lo = 0, hi = doc->toks.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->toks.v[mid].start <= b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? (uint32_t)(lo - 1) : 0;
}

static w5_ment speaker_mention(const qctx *c, const cand *k)
{
    const w5_doc *doc = c->doc;
    w5_ment m;
    memset(&m, 0, sizeof m);
    m.start = k->spk_start;
    m.end = k->spk_end;
    m.tok_begin = token_at(doc, m.start);
    m.tok_end = token_at(doc, m.end - 1) + 1;
    m.head_tok = m.tok_end - 1;
    m.sent = doc->toks.v[m.tok_begin].sent;
    m.type = W5_E_NONE;
    m.entity = -1;
    char w[24];
    size_t n = m.end - m.start;
    if (n < sizeof w - 2) {
        for (size_t i = 0; i < n; i++)
            w[i] = (char)ascii_lower((unsigned char)c->text[m.start + i]);
        w[n] = '\0';
    } else {
        w[0] = '\0';
    }
    m.kind = in_list(pronouns, w) ? W5_MENTION_PRONOUN : W5_MENTION_NOMINAL;
    m.plural = c->text[m.end - 1] == 's' || in_list(" they we ", w);
    return m;
}

static int cmp_ment(const void *a, const void *b)
{
    return ment_order(a, b);
}

static int add_speaker_mentions(qctx *c)
{
    w5_doc *doc = c->doc;
    W5_VEC(w5_ment) add = {0};
    for (size_t i = 0; i < c->out.n; i++) {
        cand *k = &c->out.v[i];
        if (k->spk_inside && k->spk_common && !k->spk_medium)
            k->q.speaker_ment = k->q.speaker_ent = -1;
        if (!k->attributed || k->q.speaker_ment >= 0 || !doc->toks.n ||
            k->spk_end <= k->spk_start)
            continue;
        if (w5_vec_push(&add, speaker_mention(c, k))) {
            w5_vec_free(&add);
            return W5_ERR_NOMEM;
        }
    }
    if (!add.n)
        return W5_OK;
    qsort(add.v, add.n, sizeof *add.v, cmp_ment);
    size_t na = 0;                                  /* one per phrase */
    for (size_t i = 0; i < add.n; i++)
        if (!na || ment_order(&add.v[na - 1], &add.v[i]) != 0)
            add.v[na++] = add.v[i];
    add.n = na;
    size_t n_old = doc->ments.n, total = n_old + na;
    w5_ment *merged = malloc(total * sizeof *merged);
    uint32_t *moved = malloc((n_old ? n_old : 1) * sizeof *moved);
    if (!merged || !moved) {
        free(merged);
        free(moved);
        w5_vec_free(&add);
        return W5_ERR_NOMEM;
    }
    size_t i = 0, j = 0, o = 0;
    while (i < n_old || j < na) {
        if (j >= na || (i < n_old && ment_order(&doc->ments.v[i], &add.v[j]) <= 0)) {
            moved[i] = (uint32_t)o;
            merged[o++] = doc->ments.v[i++];
        } else {
            merged[o++] = add.v[j++];
        }
    }
    for (size_t e = 0; e < doc->ent_ments.n; e++)
        doc->ent_ments.v[e] = moved[doc->ent_ments.v[e]];
    for (size_t r = 0; r < doc->roles.n; r++)
        doc->roles.v[r].ment = moved[doc->roles.v[r].ment];
    for (size_t q = 0; q < c->out.n; q++) {
        cand *k = &c->out.v[q];
        if (k->q.speaker_ment >= 0) {
            k->q.speaker_ment = (int32_t)moved[k->q.speaker_ment];
            continue;
        }
        if (!k->attributed)
            continue;
        w5_ment key = {.start = k->spk_start, .end = k->spk_end};
        const w5_ment *hit = bsearch(&key, merged, total, sizeof *merged,
                                     cmp_ment);
        if (hit)
            k->q.speaker_ment = (int32_t)(hit - merged);
    }
    free(doc->ments.v);
    doc->ments.v = merged;
    doc->ments.n = doc->ments.cap = total;
    free(moved);
    w5_vec_free(&add);
    return W5_OK;
}

static int emit(qctx *c, uint32_t **speakers)
{
    w5_doc *doc = c->doc;
    ment_key *keys = malloc((doc->ments.n + 1) * sizeof *keys);
    if (!keys)
        return W5_ERR_NOMEM;
    for (size_t m = 0; m < doc->ments.n; m++)
        keys[m] = (ment_key){doc->ments.v[m].start, (uint32_t)m};
    if (doc->ments.n)
        qsort(keys, doc->ments.n, sizeof *keys, ment_key_cmp);
    for (size_t i = 0; i < c->out.n; i++) {
        cand *k = &c->out.v[i];
        if (!k->attributed)
            continue;
        k->q.speaker_ment = mention_for(doc, keys, doc->ments.n, k->spk_start,
                                        k->spk_end, k->spk_head_end, k->spk_medium,
                                        &k->spk_inside);
        if (k->q.speaker_ment >= 0)
            k->q.speaker_ent = doc->ments.v[k->q.speaker_ment].entity;
    }
    free(keys);
    if (c->out.n)
        qsort(c->out.v, c->out.n, sizeof *c->out.v, cand_cmp);
    if (drop_nested(c))
        return W5_ERR_NOMEM;
    size_t n = 0;                                   /* drop duplicates */
    for (size_t i = 0; i < c->out.n; i++) {
        if (n && c->out.v[n - 1].q.start == c->out.v[i].q.start &&
            c->out.v[n - 1].q.end == c->out.v[i].q.end)
            continue;
        c->out.v[n++] = c->out.v[i];
    }
    c->out.n = n;
    if (add_speaker_mentions(c))
        return W5_ERR_NOMEM;
    speakers_from_context(c);
    doc->quotes.n = 0;
    if (w5_vec_reserve(&doc->quotes, n))
        return W5_ERR_NOMEM;
    uint32_t *spk = NULL;
    if (speakers) {
        *speakers = NULL;
        if (!(spk = malloc(2 * (n ? n : 1) * sizeof *spk)))
            return W5_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        doc->quotes.v[doc->quotes.n] = c->out.v[i].q;
        if (c->out.v[i].stance)
            doc->quotes.v[doc->quotes.n].kind = W5_QUOTE_STANCE;
        doc->quotes.n++;
        if (spk) {
            spk[2 * i] = c->out.v[i].spk_start;
            spk[2 * i + 1] = c->out.v[i].spk_end;
        }
    }
    if (speakers)
        *speakers = spk;
    return W5_OK;
}

/* c->tok_unit: each token's first word unit; and the relation indices. */
static int map_token_units(qctx *c)
{
    size_t n = c->doc->toks.n;
    if (!(c->tok_unit = malloc((n ? n : 1) * sizeof *c->tok_unit)))
        return W5_ERR_NOMEM;
    for (size_t t = 0; t < n; t++)
        c->tok_unit[t] = -1;
    for (size_t k = c->u.n; k-- > 0;)
        if (c->u.v[k].type == U_WORD && c->u.v[k].tok >= 0)
            c->tok_unit[c->u.v[k].tok] = (int32_t)k;
    for (int r = 0; r < REL_COUNT_; r++)
        c->rel[r] = rel_ids[r];
    c->upos_verb = W5_UPOS_VERB;
    c->upos_noun = W5_UPOS_NOUN;
    c->upos_adj = W5_UPOS_ADJ;
    c->upos_num = W5_UPOS_NUM;
    c->xpos_vbg = (uint8_t)w5_xpos_index("VBG");
    c->xpos_vbn = (uint8_t)w5_xpos_index("VBN");
    return W5_OK;
}

struct w5_quotes_words {
    word_table table;
};

int w5_quotes_words_new(w5_quotes_words **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return W5_ERR_NOMEM;
    if (build_word_table(&(*out)->table)) {
        free(*out);
        *out = NULL;
        return W5_ERR_NOMEM;
    }
    return W5_OK;
}

void w5_quotes_words_free(w5_quotes_words *words)
{
    if (!words)
        return;
    free(words->table.slot);
    free(words);
}

static int detect(const w5_quotes_words *words, w5_doc *doc,
                  uint32_t **speakers, w5_error *err);

int w5_quotes_detect(w5_doc *doc, uint32_t **speakers, w5_error *err)
{
    return detect(NULL, doc, speakers, err);
}

int w5_quotes_run_words(const w5_quotes_words *words, w5_doc *doc,
                        w5_error *err)
{
    return detect(words, doc, NULL, err);
}

static int detect(const w5_quotes_words *words, w5_doc *doc,
                  uint32_t **speakers, w5_error *err)
{
    if (speakers)
        *speakers = NULL;
    if (!doc)
        return w5_fail(err, W5_ERR_INVALID, "w5_quotes_run: doc is NULL");
    qctx c;
    memset(&c, 0, sizeof c);
    word_table own = {0};
    c.doc = doc;
    c.text = doc->text;
    c.nsubj = W5_DEP_NSUBJ;
    c.nsubjpass = W5_DEP_NSUBJ_PASS;
    c.have_parse = doc->toks.n && doc->sents.n && c.nsubj &&
                   doc->toks.v[0].head != -2 && doc->toks.v[0].deprel;
    int rc = words ? W5_OK : build_word_table(&own);
    c.words = words ? &words->table : &own;
    if (!rc && doc->toks.n && w5_vec_reserve(&c.u, doc->toks.n + doc->toks.n / 4))
        rc = W5_ERR_NOMEM;          /* about 1.2 units a token */
    if (!rc)
        rc = build_units(&c);
    if (!rc && c.u.n && !(c.used = calloc(c.u.n, 1)))
        rc = W5_ERR_NOMEM;
    if (!rc) {
        merge_double_apostrophes(&c);
        rc = map_token_units(&c);
    }
    if (!rc) {
        mark_paragraphs(&c);
        filter_cues(&c);
        rc = find_quoted_spans(&c);
    }
    if (!rc) {
        mark_clauses(&c);
        for (size_t i = 0; i < c.qs.n && !rc; i++)
            rc = attribute_quoted(&c, i);
    }
    if (!rc)
        rc = find_reported(&c);
    if (!rc)
        rc = report_stance(&c);
    if (!rc)
        rc = emit(&c, speakers);
    free(c.tok_unit);
    free(c.used);
    free(own.slot);
    w5_vec_free(&c.u);
    w5_vec_free(&c.qs);
    w5_vec_free(&c.out);
    if (rc)
        return w5_fail(err, rc, "quotes: out of memory");
    return W5_OK;
}

int w5_quotes_run(w5_doc *doc, w5_error *err)
{
    return w5_quotes_detect(doc, NULL, err);
}
