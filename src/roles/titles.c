/* titles.c - see titles.h. */
#include "roles/titles.h"

#include <string.h>

enum { H = W5_TITLE_HONORIFIC, M = W5_TITLE_MALE, F = W5_TITLE_FEMALE,
       OF = W5_TITLE_TAKES_OF, MOD = W5_TITLE_MODIFIER, ORG = W5_TITLE_ORG,
       CAP = W5_TITLE_CAP };

/* Office classes: "the general" matches a person titled with the same
 * class. 0 = no class (never used for matching). */
enum { C_NONE, C_GENERAL, C_PRESIDENT, C_PM, C_MINISTER, C_SECRETARY,
       C_SPOKES, C_AMBASSADOR, C_COMMANDER, C_OFFICIAL, C_CHANCELLOR,
       C_SENATOR, C_CEO, C_CHAIR, C_GOVERNOR, C_MAYOR, C_KING, C_QUEEN,
       C_PRINCE, C_POPE, C_JUDGE, C_ENVOY, C_CHIEF, C_DIRECTOR, C_LEADER,
       C_COLONEL, C_ADMIRAL, C_CAPTAIN, C_COORD, C_PREMIER, C_REP,
       C_PROFESSOR, C_COACH, C_FOUNDER, C_SHEIKH, C_BISHOP, C_PROSECUTOR,
       C_LAWYER, C_MANAGER, C_HEAD, C_ADVISER, C_SPEAKER, C_CHAIRMANSHIP };

static const w5_title titles[] = {
    /* honorifics: stripped from names, give a gender, make no role */
    {"mr", "mr", H | M, 0}, {"mister", "mr", H | M, 0},
    {"mrs", "mrs", H | F, 0}, {"ms", "ms", H | F, 0}, {"miss", "miss", H | F, 0},
    {"dr", "dr", H, 0}, {"sir", "sir", H | M, 0}, {"dame", "dame", H | F, 0},
    {"lord", "lord", H | M, 0}, {"lady", "lady", H | F, 0},
    {"mme", "mrs", H | F, 0}, {"m", "mr", H | M, 0},
    /* modifiers kept in front of a title */
    {"senior", "senior", MOD, 0}, {"deputy", "deputy", MOD, 0},
    {"vice", "vice", MOD, 0}, {"acting", "acting", MOD, 0},
    {"former", "former", MOD, 0}, {"top", "top", MOD, 0},
    {"interim", "interim", MOD, 0}, {"assistant", "assistant", MOD, 0},
    {"special", "special", MOD, 0}, {"associate", "associate", MOD, 0},
    {"executive", "executive", MOD, 0}, {"outgoing", "outgoing", MOD, 0},
    {"incoming", "incoming", MOD, 0},
    {"foreign", "foreign", MOD, 0}, {"defence", "defence", MOD, 0},
    {"defense", "defense", MOD, 0}, {"finance", "finance", MOD, 0},
    {"interior", "interior", MOD, 0}, {"home", "home", MOD, 0},
    {"regional", "regional", MOD, 0}, {"military", "military", MOD, 0},
    /* institution words that open a title ("army chief") */
    {"army", "army", ORG, 0}, {"police", "police", ORG, 0},
    {"military", "military", ORG, 0}, {"intelligence", "intelligence", ORG, 0},
    {"spy", "spy", ORG, 0}, {"party", "party", ORG, 0},
    {"opposition", "opposition", ORG, 0}, {"rebel", "rebel", ORG, 0},
    {"union", "union", ORG, 0}, {"navy", "navy", ORG, 0},
    /* offices and ranks */
    {"president", "president", OF, C_PRESIDENT},
    {"vice president", "vice president", OF, C_PRESIDENT},
    {"vice-president", "vice president", OF, C_PRESIDENT},
    {"president-elect", "president-elect", 0, C_PRESIDENT},
    {"prime minister", "prime minister", OF, C_PM},
    {"deputy prime minister", "deputy prime minister", OF, C_PM},
    {"pm", "prime minister", 0, C_PM},
    {"premier", "premier", OF, C_PREMIER},
    {"minister", "minister", OF, C_MINISTER},
    {"foreign minister", "foreign minister", 0, C_MINISTER},
    {"defence minister", "defence minister", 0, C_MINISTER},
    {"defense minister", "defense minister", 0, C_MINISTER},
    {"interior minister", "interior minister", 0, C_MINISTER},
    {"finance minister", "finance minister", 0, C_MINISTER},
    {"chief minister", "chief minister", OF, C_MINISTER},
    {"secretary of state", "secretary of state", 0, C_SECRETARY},
    {"secretary-general", "secretary-general", OF, C_SECRETARY},
    {"secretary general", "secretary-general", OF, C_SECRETARY},
    {"secretary", "secretary", OF, C_SECRETARY},
    {"foreign secretary", "foreign secretary", 0, C_SECRETARY},
    {"home secretary", "home secretary", 0, C_SECRETARY},
    {"defence secretary", "defence secretary", 0, C_SECRETARY},
    {"defense secretary", "defense secretary", 0, C_SECRETARY},
    {"press secretary", "press secretary", 0, C_SECRETARY},
    {"general", "general", CAP, C_GENERAL}, {"gen", "general", 0, C_GENERAL},
    {"lieutenant general", "lieutenant general", 0, C_GENERAL},
    {"lt gen", "lieutenant general", 0, C_GENERAL},
    {"major general", "major general", 0, C_GENERAL},
    {"maj gen", "major general", 0, C_GENERAL},
    {"brigadier general", "brigadier general", 0, C_GENERAL},
    {"brig gen", "brigadier general", 0, C_GENERAL},
    {"brigadier", "brigadier", 0, C_GENERAL},
    {"field marshal", "field marshal", 0, C_GENERAL},
    {"marshal", "marshal", CAP, C_GENERAL},
    {"colonel", "colonel", 0, C_COLONEL}, {"col", "colonel", 0, C_COLONEL},
    {"lieutenant colonel", "lieutenant colonel", 0, C_COLONEL},
    {"lt col", "lieutenant colonel", 0, C_COLONEL},
    {"major", "major", CAP, C_COLONEL},
    {"captain", "captain", 0, C_CAPTAIN}, {"capt", "captain", 0, C_CAPTAIN},
    {"lieutenant", "lieutenant", 0, C_CAPTAIN}, {"lt", "lieutenant", 0, C_CAPTAIN},
    {"sergeant", "sergeant", 0, C_CAPTAIN}, {"sgt", "sergeant", 0, C_CAPTAIN},
    {"admiral", "admiral", 0, C_ADMIRAL}, {"adm", "admiral", 0, C_ADMIRAL},
    {"commander", "commander", 0, C_COMMANDER},
    {"commander-in-chief", "commander-in-chief", 0, C_COMMANDER},
    {"army chief", "army chief", 0, C_CHIEF},
    {"chief of staff", "chief of staff", 0, C_CHIEF},
    {"army chief of staff", "army chief of staff", 0, C_CHIEF},
    {"police chief", "police chief", 0, C_CHIEF},
    {"spy chief", "spy chief", 0, C_CHIEF},
    {"intelligence chief", "intelligence chief", 0, C_CHIEF},
    {"chief", "chief", OF | CAP, C_CHIEF},
    {"head of state", "head of state", 0, C_HEAD},
    {"head", "head", OF | CAP, C_HEAD},
    {"spokesman", "spokesman", M, C_SPOKES},
    {"spokeswoman", "spokeswoman", F, C_SPOKES},
    {"spokesperson", "spokesperson", 0, C_SPOKES},
    {"ambassador", "ambassador", 0, C_AMBASSADOR},
    {"envoy", "envoy", 0, C_ENVOY}, {"special envoy", "special envoy", 0, C_ENVOY},
    {"official", "official", CAP, C_OFFICIAL},
    {"coordinator", "coordinator", 0, C_COORD},
    {"co-ordinator", "coordinator", 0, C_COORD},
    {"chancellor", "chancellor", OF, C_CHANCELLOR},
    {"senator", "senator", 0, C_SENATOR}, {"sen", "senator", 0, C_SENATOR},
    {"congressman", "congressman", M, C_REP},
    {"congresswoman", "congresswoman", F, C_REP},
    {"representative", "representative", 0, C_REP},
    {"rep", "representative", 0, C_REP}, {"mp", "mp", 0, C_REP},
    {"lawmaker", "lawmaker", 0, C_REP}, {"legislator", "legislator", 0, C_REP},
    {"ceo", "ceo", 0, C_CEO}, {"chief executive", "chief executive", 0, C_CEO},
    {"chief executive officer", "chief executive officer", 0, C_CEO},
    {"chairman", "chairman", OF | M, C_CHAIR},
    {"chairwoman", "chairwoman", OF | F, C_CHAIR},
    {"chairperson", "chairperson", OF, C_CHAIR},
    {"governor", "governor", OF, C_GOVERNOR}, {"gov", "governor", 0, C_GOVERNOR},
    {"mayor", "mayor", OF, C_MAYOR},
    {"king", "king", OF | M, C_KING}, {"queen", "queen", OF | F, C_QUEEN},
    {"prince", "prince", M, C_PRINCE}, {"princess", "princess", F, C_PRINCE},
    {"crown prince", "crown prince", M, C_PRINCE},
    {"emir", "emir", M, C_KING}, {"sultan", "sultan", M, C_KING},
    {"sheikh", "sheikh", M, C_SHEIKH}, {"pope", "pope", M, C_POPE},
    {"ayatollah", "ayatollah", M, C_BISHOP}, {"imam", "imam", M, C_BISHOP},
    {"bishop", "bishop", OF | M, C_BISHOP},
    {"archbishop", "archbishop", OF | M, C_BISHOP},
    {"cardinal", "cardinal", M, C_BISHOP},
    {"rev", "reverend", 0, C_BISHOP}, {"reverend", "reverend", 0, C_BISHOP},
    {"judge", "judge", 0, C_JUDGE}, {"justice", "justice", CAP, C_JUDGE},
    {"chief justice", "chief justice", 0, C_JUDGE},
    {"attorney general", "attorney general", 0, C_PROSECUTOR},
    {"attorney-general", "attorney general", 0, C_PROSECUTOR},
    {"prosecutor", "prosecutor", 0, C_PROSECUTOR},
    {"lawyer", "lawyer", 0, C_LAWYER}, {"attorney", "attorney", 0, C_LAWYER},
    {"director", "director", OF, C_DIRECTOR},
    {"director general", "director general", OF, C_DIRECTOR},
    {"director-general", "director general", OF, C_DIRECTOR},
    {"managing director", "managing director", 0, C_DIRECTOR},
    {"manager", "manager", 0, C_MANAGER},
    {"leader", "leader", OF, C_LEADER},
    {"opposition leader", "opposition leader", 0, C_LEADER},
    {"professor", "professor", OF, C_PROFESSOR}, {"prof", "professor", 0, C_PROFESSOR},
    {"coach", "coach", 0, C_COACH},
    {"founder", "founder", OF, C_FOUNDER}, {"co-founder", "co-founder", OF, C_FOUNDER},
    {"adviser", "adviser", 0, C_ADVISER}, {"advisor", "adviser", 0, C_ADVISER},
    {"national security adviser", "national security adviser", 0, C_ADVISER},
    {"speaker", "speaker", OF | CAP, C_SPEAKER},
    {"treasurer", "treasurer", 0, C_SECRETARY},
    {"negotiator", "negotiator", 0, C_ENVOY},
    {"diplomat", "diplomat", 0, C_ENVOY},
    {"economist", "economist", 0, C_NONE},
    {"analyst", "analyst", 0, C_NONE},
};

enum { TITLE_COUNT = sizeof titles / sizeof titles[0] };

/* 1 when token i is the n bytes of w (lower case), a trailing "." on the
 * token ignored. w need not be NUL-terminated: phrases are matched word
 * by word in place, without copying each word out. */
static int tok_is_n(const w5_doc *doc, uint32_t i, const char *w, size_t wn)
{
    if (i >= doc->toks.n)
        return 0;
    const w5_tok *t = &doc->toks.v[i];
    const char *s = doc->text + t->start;
    size_t n = t->end - t->start;
    if (n == wn + 1 && s[wn] == '.')
        n = wn;
    if (n != wn)
        return 0;
    for (size_t k = 0; k < n; k++) {
        char c = s[k];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != w[k])
            return 0;
    }
    return 1;
}

int w5_title_tok_is(const w5_doc *doc, uint32_t i, const char *w)
{
    return tok_is_n(doc, i, w, strlen(w));
}

/* Number of tokens the phrase matches from token i, or 0. */
static int match_phrase(const w5_doc *doc, uint32_t i, uint32_t limit,
                        const char *phrase)
{
    int count = 0;
    const char *p = phrase;
    while (*p) {
        size_t n = strcspn(p, " ");
        if (i + count >= limit || !tok_is_n(doc, i + count, p, n))
            return 0;
        count++;
        p += n + (p[n] == ' ');
    }
    return count;
}

int w5_title_match(const w5_doc *doc, uint32_t i, uint32_t limit,
                   unsigned want, const w5_title **out)
{
    int best = 0;
    *out = NULL;
    if (i >= limit || i >= doc->toks.n)
        return 0;
    char c0 = doc->text[doc->toks.v[i].start];
    if (c0 >= 'A' && c0 <= 'Z')
        c0 = (char)(c0 - 'A' + 'a');
    if (c0 < 'a' || c0 > 'z')
        return 0; /* every entry starts with a letter; most tokens fail here */
    for (int k = 0; k < TITLE_COUNT; k++) {
        const w5_title *t = &titles[k];
        if (t->phrase[0] != c0)
            continue;
        if (want ? !(t->flags & want)
                 : (t->flags & (W5_TITLE_MODIFIER | W5_TITLE_ORG)) != 0)
            continue;
        int n = match_phrase(doc, i, limit, t->phrase);
        if (n > best) {
            best = n;
            *out = t;
        }
    }
    return best;
}
