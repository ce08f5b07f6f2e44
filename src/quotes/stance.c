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
    {"accept", V}, {"accusation", N}, {"acknowledge", V}, {"admit", V},
    {"advocate", V|N}, {"affirm", V}, {"agree", V}, {"allegation", N},
    {"allude", V}, {"angry", A}, {"announce", V}, {"answer", V},
    {"apology", N}, {"applaud", V}, {"approve", V}, {"argue", V}, {"ask", V},
    {"assail", V}, {"assert", V}, {"assertion", N}, {"assessment", N},
    {"attack", V}, {"attribute", V}, {"aware", A}, {"back", V}, {"beg", V},
    {"belief", N}, {"believe", V}, {"bemoan", V}, {"blame", V}, {"blast", V},
    {"boast", V}, {"call", V|N}, {"caution", V}, {"certain", A},
    {"challenge", V}, {"champion", N}, {"chant", V}, {"cheer", V},
    {"chide", V}, {"cite", V}, {"claim", V|N}, {"clarify", V},
    {"comment", V|N}, {"complain", V}, {"complaint", N}, {"concern", N},
    {"concerned", A}, {"conclude", V}, {"condemn", V}, {"confident", A},
    {"congratulate", V}, {"consider", V}, {"contemplate", V}, {"counter", V},
    {"credit", V}, {"critic", N}, {"critical", A}, {"criticise", V},
    {"criticism", N}, {"criticize", V}, {"critique", N}, {"debate", V},
    {"decide", V}, {"decision", N}, {"declare", V}, {"decline", V},
    {"decry", V}, {"deem", V}, {"defend", V}, {"defender", N},
    {"demand", V|N}, {"denounce", V}, {"denunciation", N}, {"deny", V},
    {"deride", V}, {"describe", V}, {"disagree", V}, {"disavow", V},
    {"disclose", V}, {"discuss", V}, {"dismiss", V}, {"dispute", V},
    {"doubt", N}, {"dub", V}, {"eager", A}, {"echo", V}, {"emphasize", V},
    {"encourage", V}, {"endorse", V}, {"expect", V}, {"explain", V},
    {"express", V}, {"favor", V|N}, {"fear", V|N}, {"feel", V}, {"focus", V},
    {"forget", V}, {"glad", A}, {"guarantee", V}, {"hail", V}, {"hate", V},
    {"highlight", V}, {"hint", V}, {"hope", V|N}, {"hopeful", A},
    {"ignore", V}, {"imply", V}, {"inclined", A}, {"indicate", V},
    {"insist", V}, {"instruct", V}, {"intend", V}, {"interested", A},
    {"justify", V}, {"know", V}, {"label", V}, {"lambaste", V}, {"lament", V},
    {"learn", V}, {"like", V}, {"liken", V}, {"list", V},
    {"love", V}, {"mention", V|N}, {"mock", V}, {"nervous", A}, {"note", V},
    {"opinion", N}, {"opponent", N}, {"oppose", V}, {"optimistic", A},
    {"order", V}, {"outline", V}, {"perceive", V}, {"persuade", V},
    {"plan", N}, {"portray", V}, {"praise", V|N}, {"predict", V},
    {"prefer", V}, {"promise", V|N}, {"promote", V}, {"proponent", N},
    {"proposal", N}, {"propose", V}, {"proud", A}, {"push", V},
    {"question", V|N}, {"rail", V}, {"reaffirm", V}, {"rebut", V},
    {"recall", V}, {"recite", V}, {"recognize", V}, {"recommend", V},
    {"refer", V}, {"reference", V}, {"refusal", N}, {"refuse", V},
    {"regard", V}, {"reject", V}, {"reluctant", A}, {"request", V|N},
    {"retweet", V}, {"reveal", V}, {"rhetoric", N}, {"see", V}, {"signal", V},
    {"skeptical", A}, {"slam", V}, {"spar", V}, {"stance", N},
    {"suggest", V}, {"suggestion", N}, {"support", V},
    {"supportive", A}, {"sure", A}, {"suspect", V}, {"talk", V},
    {"testify", V}, {"thank", V}, {"thought", N}, {"threaten", V},
    {"tout", V}, {"tweet", V}, {"underestimate", V}, {"understand", V},
    {"unhappy", A}, {"urge", V}, {"view", V|N}, {"vocal", A}, {"voice", V},
    {"vouch", V}, {"vow", V}, {"warn", V}, {"warning", N}, {"wary", A},
    {"welcome", V}, {"willing", A}, {"wish", N}, {"wonder", V},
    {"worried", A}, {"worry", N},
};

enum { STANCE_COUNT = sizeof stance_words / sizeof stance_words[0] };

static int cmp_stance(const void *key, const void *item)
{
    return strcmp((const char *)key, ((const stance_word *)item)->lemma);
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
    return w ? w->pos : 0;
}

int w5_quotes_stance_sorted(void)
{
    for (size_t i = 1; i < STANCE_COUNT; i++)
        if (strcmp(stance_words[i - 1].lemma, stance_words[i].lemma) >= 0)
            return 0;
    return 1;
}
