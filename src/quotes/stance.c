/*
 * stance.c - words whose object is what someone says, thinks or feels
 * about something: "criticized the deal", "talked about trade", "his
 * support for the ban", "skeptical of the plan". PolNeAR annotates these
 * as attributions with the object as content, so the quotes stage reads
 * their object off the parse (see report_stance in quotes.c).
 *
 * The list: lemmas of communication, cognition and evaluation, with the
 * parts of speech they take that sense in. It was chosen by hand from the
 * words that, in the PolNeAR training articles, head a relation's cue
 * more often than not when they have an object (verbs of plain action,
 * "make", "take", "win", were left out however often annotators marked
 * them). Kept sorted: looked up by binary search.
 */
#include "quotes/quotes.h"

#include <stdlib.h>
#include <string.h>

enum { V = W5_STANCE_VERB, N = W5_STANCE_NOUN, A = W5_STANCE_ADJ };

typedef struct stance_word {
    const char *lemma;
    unsigned pos;
} stance_word;

static const stance_word stance_words[] = {
    {"accept", V}, {"accusation", N}, {"acknowledge", V}, {"address", V},
    {"admit", V}, {"advocate", V|N}, {"affirm", V}, {"agree", V},
    {"allegation", N}, {"allude", V}, {"angry", A}, {"announce", V},
    {"announcement", N}, {"answer", V}, {"apology", N}, {"applaud", V},
    {"approve", V}, {"argue", V}, {"articulate", V}, {"ask", V},
    {"assail", V}, {"assert", V}, {"assertion", N}, {"assessment", N},
    {"assure", V}, {"attack", V}, {"attribute", V}, {"aware", A}, {"back", V},
    {"balk", V}, {"beg", V}, {"belief", N}, {"believe", V}, {"bemoan", V},
    {"blame", V}, {"blast", V}, {"boast", V}, {"call", V|N}, {"caution", V},
    {"certain", A}, {"challenge", V}, {"champion", V|N}, {"chant", V},
    {"characterize", V}, {"cheer", V}, {"chide", V}, {"chronicle", V},
    {"cite", V}, {"claim", V|N}, {"clarify", V}, {"comment", V|N},
    {"commitment", N}, {"compare", V}, {"complain", V}, {"complaint", N},
    {"concern", N}, {"concerned", A}, {"conclude", V}, {"condemn", V},
    {"confident", A}, {"confirm", V}, {"congratulate", V}, {"consider", V},
    {"contemplate", V}, {"convince", V}, {"counter", V}, {"credit", V},
    {"critic", N}, {"critical", A}, {"criticise", V}, {"criticism", N},
    {"criticize", V}, {"critique", N}, {"debate", V}, {"decide", V},
    {"decision", N}, {"declare", V}, {"decline", V}, {"decry", V},
    {"deem", V}, {"defend", V}, {"defender", N}, {"demand", V|N},
    {"denounce", V}, {"denunciation", N}, {"deny", V}, {"deride", V},
    {"describe", V}, {"desire", N}, {"detail", V}, {"disagree", V},
    {"disavow", V}, {"disclose", V}, {"discuss", V}, {"dismiss", V},
    {"dispute", V}, {"document", V}, {"doubt", N}, {"downplay", V},
    {"dub", V}, {"eager", A}, {"echo", V}, {"embrace", V|N}, {"emphasize", V},
    {"encourage", V}, {"endorse", V}, {"expect", V}, {"explain", V},
    {"express", V}, {"favor", V|N}, {"fear", V|N}, {"feel", V}, {"focus", V},
    {"forget", V}, {"glad", A}, {"guarantee", V}, {"hail", V}, {"hammer", V},
    {"hate", V}, {"highlight", V}, {"hint", V}, {"hope", V|N}, {"hopeful", A},
    {"identify", V}, {"ignore", V}, {"imply", V}, {"inclined", A},
    {"indicate", V}, {"insist", V}, {"instruct", V}, {"insult", V},
    {"intend", V}, {"interested", A}, {"invoke", V}, {"justify", V},
    {"know", V}, {"label", V}, {"lambaste", V}, {"lament", V}, {"lash", V},
    {"learn", V}, {"like", V}, {"liken", V}, {"link", V}, {"list", V},
    {"love", V}, {"mention", V|N}, {"mock", V}, {"nervous", A}, {"note", V},
    {"opinion", N}, {"opponent", N}, {"oppose", V}, {"opposition", N},
    {"optimistic", A}, {"order", V}, {"outline", V}, {"paint", V},
    {"perceive", V}, {"persuade", V}, {"plan", N}, {"pledge", N},
    {"point", V}, {"portray", V}, {"praise", V|N}, {"predict", V},
    {"prefer", V}, {"promise", V|N}, {"promote", V}, {"proponent", N},
    {"proposal", N}, {"propose", V}, {"proud", A}, {"push", V},
    {"question", V|N}, {"rail", V}, {"reaffirm", V}, {"rebut", V},
    {"recall", V}, {"recite", V}, {"recognize", V}, {"recommend", V},
    {"refer", V}, {"reference", V}, {"refusal", N}, {"refuse", V},
    {"regard", V}, {"regret", V}, {"reject", V}, {"relish", V},
    {"reluctant", A}, {"remind", V}, {"report", V}, {"request", V|N},
    {"respect", V}, {"retweet", V}, {"reveal", V}, {"rhetoric", N},
    {"rip", V}, {"say", V}, {"see", V}, {"seek", V}, {"show", V},
    {"signal", V}, {"skeptical", A}, {"slam", V}, {"spar", V}, {"stance", N},
    {"suggest", V}, {"suggestion", N}, {"support", V}, {"supportive", A},
    {"sure", A}, {"suspect", V}, {"tackle", V}, {"talk", V}, {"tell", V},
    {"testify", V}, {"thank", V}, {"thought", N}, {"threaten", V},
    {"tout", V}, {"tweet", V}, {"underestimate", V}, {"understand", V},
    {"unhappy", A}, {"unveil", V}, {"urge", V}, {"view", V|N}, {"vocal", A},
    {"voice", V}, {"vote", V}, {"vouch", V}, {"vow", V}, {"want", V},
    {"warn", V}, {"warning", N}, {"wary", A}, {"welcome", V}, {"willing", A},
    {"wish", N}, {"wonder", V}, {"worried", A}, {"worry", N}, {"write", V},
};

enum { STANCE_COUNT = sizeof stance_words / sizeof stance_words[0] };

static int cmp_stance(const void *key, const void *item)
{
    const unsigned char *a = key;
    const unsigned char *b = (const unsigned char *)((const stance_word *)item)->lemma;
    if (a[0] != b[0])           /* most probes differ in the first letter */
        return a[0] < b[0] ? -1 : 1;
    return strcmp((const char *)a, (const char *)b);
}

unsigned w5_quotes_stance_class(const char *lemma, size_t n)
{
    char low[24];
    if (!lemma || n == 0 || n >= sizeof low)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)lemma[i];
        low[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    low[n] = '\0';
    const stance_word *w = bsearch(low, stance_words, STANCE_COUNT,
                                   sizeof *stance_words, cmp_stance);
    if (!w && n > 3 && low[n - 1] == 'e') {
        /* suffix-rule lemmas of -ed forms keep an e: "touted" -> "toute" */
        low[n - 1] = '\0';
        w = bsearch(low, stance_words, STANCE_COUNT, sizeof *stance_words,
                    cmp_stance);
    }
    return w ? w->pos : 0;
}

int w5_quotes_stance_sorted(void)
{
    for (size_t i = 1; i < STANCE_COUNT; i++)
        if (strcmp(stance_words[i - 1].lemma, stance_words[i].lemma) >= 0)
            return 0;
    return 1;
}
