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
       C_LAWYER, C_MANAGER, C_HEAD, C_ADVISER, C_SPEAKER, C_CHAIRMANSHIP,
       C_VICE_PRESIDENT, C_DEPUTY_PM };

/* Sorted by phrase (strcmp order, checked by w5_title_table_sorted() in
 * the tests): the entries that start with a given word then form one run,
 * found by binary search. Same phrase twice ("military" as modifier and as
 * institution): the earlier entry wins a tie. The flags say what an entry
 * is: H honorific (stripped from names, gives a gender, makes no role),
 * MOD a modifier kept in front of a title, ORG an institution word that
 * opens a title ("army chief"); the rest are offices and ranks. */
static const w5_title titles[] = {
    {"acting", "acting", MOD, 0},
    {"activist", "activist", 0, C_NONE},
    {"actor", "actor", M, C_NONE},
    {"actress", "actress", F, C_NONE},
    {"adm", "admiral", 0, C_ADMIRAL},
    {"admiral", "admiral", 0, C_ADMIRAL},
    {"adviser", "adviser", 0, C_ADVISER},
    {"advisor", "adviser", 0, C_ADVISER},
    {"aide", "aide", 0, C_NONE},
    {"ambassador", "ambassador", 0, C_AMBASSADOR},
    {"analyst", "analyst", 0, C_NONE},
    {"anthropologist", "anthropologist", 0, C_NONE},
    {"archaeologist", "archaeologist", 0, C_NONE},
    {"archbishop", "archbishop", OF | M, C_BISHOP},
    {"architect", "architect", 0, C_NONE},
    {"army", "army", ORG, 0},
    {"army chief", "army chief", 0, C_CHIEF},
    {"army chief of staff", "army chief of staff", 0, C_CHIEF},
    {"artist", "artist", 0, C_NONE},
    {"assistant", "assistant", MOD, 0},
    {"associate", "associate", MOD, 0},
    {"astronomer", "astronomer", 0, C_NONE},
    {"athlete", "athlete", 0, C_NONE},
    {"attorney", "attorney", 0, C_LAWYER},
    {"attorney - general", "attorney general", 0, C_PROSECUTOR},
    {"attorney general", "attorney general", 0, C_PROSECUTOR},
    {"attorney-general", "attorney general", 0, C_PROSECUTOR},
    {"author", "author", OF, C_NONE},
    {"ayatollah", "ayatollah", M, C_BISHOP},
    {"banker", "banker", 0, C_NONE},
    {"barrister", "barrister", 0, C_NONE},
    {"biologist", "biologist", 0, C_NONE},
    {"bishop", "bishop", OF | M, C_BISHOP},
    {"boss", "boss", 0, C_NONE},
    {"brig gen", "brigadier general", 0, C_GENERAL},
    {"brigadier", "brigadier", 0, C_GENERAL},
    {"brigadier general", "brigadier general", 0, C_GENERAL},
    {"businessman", "businessman", M, C_NONE},
    {"businesswoman", "businesswoman", F, C_NONE},
    {"campaigner", "campaigner", 0, C_NONE},
    {"candidate", "candidate", 0, C_NONE},
    {"capt", "captain", 0, C_CAPTAIN},
    {"captain", "captain", 0, C_CAPTAIN},
    {"cardinal", "cardinal", M, C_BISHOP},
    {"ceo", "ceo", 0, C_CEO},
    {"chair", "chair", OF, C_NONE},
    {"chairman", "chairman", OF | M, C_CHAIR},
    {"chairperson", "chairperson", OF, C_CHAIR},
    {"chairwoman", "chairwoman", OF | F, C_CHAIR},
    {"champion", "champion", 0, C_NONE},
    {"chancellor", "chancellor", OF, C_CHANCELLOR},
    {"chaplain", "chaplain", 0, C_NONE},
    {"chef", "chef", 0, C_NONE},
    {"chemist", "chemist", 0, C_NONE},
    {"chief", "chief", OF | CAP, C_CHIEF},
    {"chief constable", "chief constable", 0, C_CHIEF},
    {"chief executive", "chief executive", 0, C_CEO},
    {"chief executive officer", "chief executive officer", 0, C_CEO},
    {"chief inspector", "chief inspector", 0, C_NONE},
    {"chief justice", "chief justice", 0, C_JUDGE},
    {"chief minister", "chief minister", OF, C_MINISTER},
    {"chief of staff", "chief of staff", 0, C_CHIEF},
    {"chief secretary", "chief secretary", OF, C_SECRETARY},
    {"chief superintendent", "chief superintendent", 0, C_NONE},
    {"climatologist", "climatologist", 0, C_NONE},
    {"co - founder", "co-founder", OF, C_FOUNDER},
    {"co - ordinator", "coordinator", 0, C_COORD},
    {"co - owner", "co-owner", OF, C_NONE},
    {"co-founder", "co-founder", OF, C_FOUNDER},
    {"co-ordinator", "coordinator", 0, C_COORD},
    {"co-owner", "co-owner", OF, C_NONE},
    {"coach", "coach", 0, C_COACH},
    {"col", "colonel", 0, C_COLONEL},
    {"colonel", "colonel", 0, C_COLONEL},
    {"columnist", "columnist", 0, C_NONE},
    {"comedian", "comedian", 0, C_NONE},
    {"commander", "commander", 0, C_COMMANDER},
    {"commander - in - chief", "commander-in-chief", 0, C_COMMANDER},
    {"commander-in-chief", "commander-in-chief", 0, C_COMMANDER},
    {"commentator", "commentator", 0, C_NONE},
    {"commissioner", "commissioner", OF, C_NONE},
    {"congressman", "congressman", M, C_REP},
    {"congresswoman", "congresswoman", F, C_REP},
    {"constable", "constable", 0, C_NONE},
    {"consultant", "consultant", 0, C_NONE},
    {"coordinator", "coordinator", 0, C_COORD},
    {"correspondent", "correspondent", 0, C_NONE},
    {"councillor", "councillor", 0, C_NONE},
    {"councilman", "councilman", M, C_NONE},
    {"councilwoman", "councilwoman", F, C_NONE},
    {"crown prince", "crown prince", M, C_PRINCE},
    {"dame", "dame", H | F, 0},
    {"defence", "defence", MOD, 0},
    {"defence minister", "defence minister", 0, C_MINISTER},
    {"defence secretary", "defence secretary", 0, C_SECRETARY},
    {"defender", "defender", 0, C_NONE},
    {"defense", "defense", MOD, 0},
    {"defense minister", "defense minister", 0, C_MINISTER},
    {"defense secretary", "defense secretary", 0, C_SECRETARY},
    {"demonstrator", "demonstrator", 0, C_NONE},
    {"deputy", "deputy", MOD, 0},
    {"deputy prime minister", "deputy prime minister", OF, C_DEPUTY_PM},
    {"designer", "designer", 0, C_NONE},
    {"detective", "detective", 0, C_NONE},
    {"detective chief inspector", "detective chief inspector", 0, C_NONE},
    {"detective chief superintendent", "detective chief superintendent", 0, C_NONE},
    {"detective constable", "detective constable", 0, C_NONE},
    {"detective inspector", "detective inspector", 0, C_NONE},
    {"detective sergeant", "detective sergeant", 0, C_CAPTAIN},
    {"detective superintendent", "detective superintendent", 0, C_NONE},
    {"diplomat", "diplomat", 0, C_ENVOY},
    {"director", "director", OF, C_DIRECTOR},
    {"director - general", "director general", OF, C_DIRECTOR},
    {"director general", "director general", OF, C_DIRECTOR},
    {"director-general", "director general", OF, C_DIRECTOR},
    {"doctor", "doctor", OF, C_NONE},
    {"dr", "dr", H, 0},
    {"driver", "driver", 0, C_NONE},
    {"ecologist", "ecologist", 0, C_NONE},
    {"economist", "economist", 0, C_NONE},
    {"editor", "editor", OF, C_NONE},
    {"emir", "emir", M, C_KING},
    {"engineer", "engineer", 0, C_NONE},
    {"entrepreneur", "entrepreneur", 0, C_NONE},
    {"envoy", "envoy", 0, C_ENVOY},
    {"epidemiologist", "epidemiologist", 0, C_NONE},
    {"executive", "executive", MOD, 0},
    {"expert", "expert", 0, C_NONE},
    {"eyewitness", "eyewitness", 0, C_NONE},
    {"farmer", "farmer", 0, C_NONE},
    {"field marshal", "field marshal", 0, C_GENERAL},
    {"filmmaker", "filmmaker", 0, C_NONE},
    {"finance", "finance", MOD, 0},
    {"finance minister", "finance minister", 0, C_MINISTER},
    {"footballer", "footballer", 0, C_NONE},
    {"foreign", "foreign", MOD, 0},
    {"foreign minister", "foreign minister", 0, C_MINISTER},
    {"foreign secretary", "foreign secretary", 0, C_SECRETARY},
    {"former", "former", MOD, 0},
    {"founder", "founder", OF, C_FOUNDER},
    {"gen", "general", 0, C_GENERAL},
    {"general", "general", CAP, C_GENERAL},
    {"general secretary", "general secretary", OF, C_SECRETARY},
    {"geologist", "geologist", 0, C_NONE},
    {"goalkeeper", "goalkeeper", 0, C_NONE},
    {"gov", "governor", 0, C_GOVERNOR},
    {"governor", "governor", OF, C_GOVERNOR},
    {"head", "head", OF | CAP, C_CHIEF}, /* "the head of" = "the chief" */
    {"head of state", "head of state", 0, C_HEAD},
    {"headteacher", "headteacher", 0, C_NONE},
    {"historian", "historian", 0, C_NONE},
    {"home", "home", MOD, 0},
    {"home secretary", "home secretary", 0, C_SECRETARY},
    {"imam", "imam", M, C_BISHOP},
    {"incoming", "incoming", MOD, 0},
    {"inspector", "inspector", 0, C_NONE},
    {"intelligence", "intelligence", ORG, 0},
    {"intelligence chief", "intelligence chief", 0, C_CHIEF},
    {"interim", "interim", MOD, 0},
    {"interior", "interior", MOD, 0},
    {"interior minister", "interior minister", 0, C_MINISTER},
    {"investor", "investor", 0, C_NONE},
    {"journalist", "journalist", 0, C_NONE},
    {"judge", "judge", 0, C_JUDGE},
    {"justice", "justice", CAP, C_JUDGE},
    {"king", "king", OF | M, C_KING},
    {"lady", "lady", H | F, 0},
    {"lawmaker", "lawmaker", 0, C_REP},
    {"lawyer", "lawyer", 0, C_LAWYER},
    {"leader", "leader", OF, C_LEADER},
    {"lecturer", "lecturer", 0, C_NONE},
    {"legislator", "legislator", 0, C_REP},
    {"lieutenant", "lieutenant", 0, C_CAPTAIN},
    {"lieutenant colonel", "lieutenant colonel", 0, C_COLONEL},
    {"lieutenant general", "lieutenant general", 0, C_GENERAL},
    {"lord", "lord", H | M, 0},
    {"lt", "lieutenant", 0, C_CAPTAIN},
    {"lt col", "lieutenant colonel", 0, C_COLONEL},
    {"lt gen", "lieutenant general", 0, C_GENERAL},
    {"m", "mr", H | M, 0},
    {"magistrate", "magistrate", 0, C_NONE},
    {"maj gen", "major general", 0, C_GENERAL},
    {"major", "major", CAP, C_COLONEL},
    {"major general", "major general", 0, C_GENERAL},
    {"manager", "manager", 0, C_MANAGER},
    {"managing director", "managing director", 0, C_DIRECTOR},
    {"marshal", "marshal", CAP, C_GENERAL},
    {"mayor", "mayor", OF, C_MAYOR},
    {"member", "member", OF, C_NONE},
    {"meteorologist", "meteorologist", 0, C_NONE},
    {"midfielder", "midfielder", 0, C_NONE},
    {"militant", "militant", 0, C_NONE},
    {"military", "military", MOD, 0},
    {"military", "military", ORG, 0},
    {"miner", "miner", 0, C_NONE},
    {"minister", "minister", OF, C_MINISTER},
    {"miss", "miss", H | F, 0},
    {"mister", "mr", H | M, 0},
    {"mme", "mrs", H | F, 0},
    {"monk", "monk", M, C_NONE},
    {"mp", "mp", 0, C_REP},
    {"mr", "mr", H | M, 0},
    {"mrs", "mrs", H | F, 0},
    {"ms", "ms", H | F, 0},
    {"musician", "musician", 0, C_NONE},
    {"national security adviser", "national security adviser", 0, C_ADVISER},
    {"navy", "navy", ORG, 0},
    {"negotiator", "negotiator", 0, C_ENVOY},
    {"neuroscientist", "neuroscientist", 0, C_NONE},
    {"nominee", "nominee", 0, C_NONE},
    {"novelist", "novelist", 0, C_NONE},
    {"nun", "nun", F, C_NONE},
    {"nurse", "nurse", 0, C_NONE},
    {"officer", "officer", 0, C_NONE},
    {"official", "official", CAP, C_OFFICIAL},
    {"opposition", "opposition", ORG, 0},
    {"opposition leader", "opposition leader", 0, C_LEADER},
    {"organiser", "organiser", 0, C_NONE},
    {"organizer", "organizer", 0, C_NONE},
    {"outgoing", "outgoing", MOD, 0},
    {"owner", "owner", OF, C_NONE},
    {"paleontologist", "paleontologist", 0, C_NONE},
    {"paramedic", "paramedic", 0, C_NONE},
    {"partner", "partner", 0, C_NONE},
    {"party", "party", ORG, 0},
    {"pastor", "pastor", 0, C_NONE},
    {"photographer", "photographer", 0, C_NONE},
    {"physician", "physician", 0, C_NONE},
    {"physicist", "physicist", 0, C_NONE},
    {"pilot", "pilot", 0, C_NONE},
    {"player", "player", 0, C_NONE},
    {"pm", "prime minister", 0, C_PM},
    {"poet", "poet", 0, C_NONE},
    {"police", "police", ORG, 0},
    {"police chief", "police chief", 0, C_CHIEF},
    {"police officer", "police officer", 0, C_NONE},
    {"politician", "politician", 0, C_NONE},
    {"pollster", "pollster", 0, C_NONE},
    {"pope", "pope", M, C_POPE},
    {"premier", "premier", OF, C_PREMIER},
    {"presenter", "presenter", 0, C_NONE},
    {"president", "president", OF, C_PRESIDENT},
    {"president - elect", "president-elect", 0, C_PRESIDENT},
    {"president-elect", "president-elect", 0, C_PRESIDENT},
    {"press secretary", "press secretary", 0, C_SECRETARY},
    {"priest", "priest", M, C_NONE},
    {"prime minister", "prime minister", OF, C_PM},
    {"prince", "prince", M, C_PRINCE},
    {"princess", "princess", F, C_PRINCE},
    {"producer", "producer", 0, C_NONE},
    {"prof", "professor", 0, C_PROFESSOR},
    {"professor", "professor", OF, C_PROFESSOR},
    {"prosecutor", "prosecutor", 0, C_PROSECUTOR},
    {"protester", "protester", 0, C_NONE},
    {"protestor", "protestor", 0, C_NONE},
    {"psychologist", "psychologist", 0, C_NONE},
    {"pundit", "pundit", 0, C_NONE},
    {"pupil", "pupil", 0, C_NONE},
    {"queen", "queen", OF | F, C_QUEEN},
    {"rabbi", "rabbi", 0, C_NONE},
    {"rapper", "rapper", 0, C_NONE},
    {"rebel", "rebel", ORG, 0},
    {"referee", "referee", 0, C_NONE},
    {"regional", "regional", MOD, 0},
    {"rep", "representative", 0, C_REP},
    {"reporter", "reporter", 0, C_NONE},
    {"representative", "representative", 0, C_REP},
    {"researcher", "researcher", 0, C_NONE},
    {"resident", "resident", 0, C_NONE},
    {"rev", "reverend", 0, C_BISHOP},
    {"reverend", "reverend", 0, C_BISHOP},
    {"scientist", "scientist", 0, C_NONE},
    {"secretary", "secretary", OF, C_SECRETARY},
    {"secretary - general", "secretary-general", OF, C_SECRETARY},
    {"secretary general", "secretary-general", OF, C_SECRETARY},
    {"secretary of state", "secretary of state", 0, C_SECRETARY},
    {"secretary-general", "secretary-general", OF, C_SECRETARY},
    {"sen", "senator", 0, C_SENATOR},
    {"senator", "senator", 0, C_SENATOR},
    {"senior", "senior", MOD, 0},
    {"sergeant", "sergeant", 0, C_CAPTAIN},
    {"sgt", "sergeant", 0, C_CAPTAIN},
    {"sheikh", "sheikh", M, C_SHEIKH},
    {"sheriff", "sheriff", 0, C_NONE},
    {"shopkeeper", "shopkeeper", 0, C_NONE},
    {"singer", "singer", 0, C_NONE},
    {"sir", "sir", H | M, 0},
    {"sociologist", "sociologist", 0, C_NONE},
    {"soldier", "soldier", 0, C_NONE},
    {"solicitor", "solicitor", 0, C_NONE},
    {"solicitor general", "solicitor general", 0, C_NONE},
    {"speaker", "speaker", OF | CAP, C_SPEAKER},
    {"special", "special", MOD, 0},
    {"special envoy", "special envoy", 0, C_ENVOY},
    {"specialist", "specialist", 0, C_NONE},
    {"spokesman", "spokesman", M, C_SPOKES},
    {"spokesperson", "spokesperson", 0, C_SPOKES},
    {"spokeswoman", "spokeswoman", F, C_SPOKES},
    {"spy", "spy", ORG, 0},
    {"spy chief", "spy chief", 0, C_CHIEF},
    {"strategist", "strategist", 0, C_NONE},
    {"striker", "striker", 0, C_NONE},
    {"student", "student", 0, C_NONE},
    {"sultan", "sultan", M, C_KING},
    {"superintendent", "superintendent", 0, C_NONE},
    {"surgeon", "surgeon", 0, C_NONE},
    {"survivor", "survivor", 0, C_NONE},
    {"teacher", "teacher", 0, C_NONE},
    {"top", "top", MOD, 0},
    {"trader", "trader", 0, C_NONE},
    {"treasurer", "treasurer", 0, C_SECRETARY},
    {"union", "union", ORG, 0},
    {"veteran", "veteran", 0, C_NONE},
    {"vice", "vice", MOD, 0},
    {"vice - president", "vice president", OF, C_VICE_PRESIDENT},
    {"vice president", "vice president", OF, C_VICE_PRESIDENT},
    {"vice-president", "vice president", OF, C_VICE_PRESIDENT},
    {"virologist", "virologist", 0, C_NONE},
    {"volunteer", "volunteer", 0, C_NONE},
    {"witness", "witness", 0, C_NONE},
    {"worker", "worker", 0, C_NONE},
    {"writer", "writer", 0, C_NONE},
    {"zoologist", "zoologist", 0, C_NONE},
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
    /* the first letter settles most calls (roles test every token
     * against word lists) */
    if (i < doc->toks.n && w[0] && doc->toks.v[i].end > doc->toks.v[i].start) {
        char c = doc->text[doc->toks.v[i].start];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != w[0])
            return 0;
    }
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

/* strncmp(p, key, n) for a key of n letters with no NUL, inline: this
 * runs a dozen times per token looked up. */
static int prefix_cmp(const char *p, const char *key, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (p[k] != key[k])
            return (unsigned char)p[k] < (unsigned char)key[k] ? -1 : 1;
    return 0;
}

/* The first table entry not below the n-byte key (strcmp order). */
static int lower_bound(const char *key, size_t n)
{
    int lo = 0, hi = TITLE_COUNT;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        const char *p = titles[mid].phrase;
        int r = prefix_cmp(p, key, n);
        if (r < 0) /* a shorter p has '\0' where key has a letter */
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Whether entry t is tried for `want` (see w5_title_match). */
static int tried_for(const w5_title *t, unsigned want)
{
    return want ? (t->flags & want) != 0
                : (t->flags & (W5_TITLE_MODIFIER | W5_TITLE_ORG)) == 0;
}

/* w5_title_match for nwant filters at once: one key, one search, each
 * entry's phrase matched at most once. */
static void title_scan(const w5_doc *doc, uint32_t i, uint32_t limit,
                       const unsigned *want, int nwant, int *best,
                       const w5_title **out)
{
    for (int w = 0; w < nwant; w++) {
        best[w] = 0;
        out[w] = NULL;
    }
    if (i >= limit || i >= doc->toks.n)
        return;
    /* The token, lower-cased, a final "." dropped, is the first word of
     * every entry that can match; entry words are letters and hyphens, so
     * any other byte (most tokens: punctuation, digits) rules it out. */
    const w5_tok *tok = &doc->toks.v[i];
    size_t n = tok->end - tok->start;
    char key[32];
    if (n > 1 && doc->text[tok->end - 1] == '.')
        n--;
    if (n == 0 || n >= sizeof key)
        return;
    for (size_t k = 0; k < n; k++) {
        char c = doc->text[tok->start + k];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c < 'a' || c > 'z') && c != '-')
            return;
        key[k] = c;
    }
    /* "w" sorts right before "w ...", and ' ' sorts before every letter
     * and '-': the entries starting with the word w are one run */
    for (int k = lower_bound(key, n); k < TITLE_COUNT; k++) {
        const w5_title *t = &titles[k];
        if (prefix_cmp(t->phrase, key, n) != 0 ||
            (t->phrase[n] != '\0' && t->phrase[n] != ' '))
            break;
        int m = -1;
        for (int w = 0; w < nwant; w++) {
            if (!tried_for(t, want[w]))
                continue;
            if (m < 0)
                m = match_phrase(doc, i, limit, t->phrase);
            if (m > best[w]) {
                best[w] = m;
                out[w] = t;
            }
        }
    }
}

const w5_title *w5_title_word(const char *word, size_t n)
{
    char key[32];
    if (n == 0 || n >= sizeof key)
        return NULL;
    for (size_t k = 0; k < n; k++)
        key[k] = word[k] >= 'A' && word[k] <= 'Z' ? (char)(word[k] - 'A' + 'a') : word[k];
    int k = lower_bound(key, n);
    if (k < TITLE_COUNT && prefix_cmp(titles[k].phrase, key, n) == 0 &&
        titles[k].phrase[n] == '\0')
        return &titles[k];
    return NULL;
}

int w5_title_match(const w5_doc *doc, uint32_t i, uint32_t limit,
                   unsigned want, const w5_title **out)
{
    int best;
    title_scan(doc, i, limit, &want, 1, &best, out);
    return best;
}

int w5_title_match_both(const w5_doc *doc, uint32_t i, uint32_t limit,
                        const w5_title **office, int *nmod,
                        const w5_title **mod)
{
    static const unsigned wants[2] = {0, W5_TITLE_MODIFIER | W5_TITLE_ORG};
    int best[2];
    const w5_title *out[2];
    title_scan(doc, i, limit, wants, 2, best, out);
    *office = out[0];
    *nmod = best[1];
    *mod = out[1];
    return best[0];
}

int w5_title_table_sorted(void)
{
    for (int k = 1; k < TITLE_COUNT; k++)
        if (strcmp(titles[k - 1].phrase, titles[k].phrase) > 0)
            return 0;
    return 1;
}

uint64_t w5_title_classes_named_by(uint8_t cls)
{
    if (!cls || cls >= 64)
        return 0;
    uint64_t own = 1ull << cls;
    /* "the leader": who leads a state, a government or a party */
    if (cls == C_LEADER)
        return own | 1ull << C_PRESIDENT | 1ull << C_PM | 1ull << C_CHANCELLOR |
               1ull << C_PREMIER | 1ull << C_KING | 1ull << C_QUEEN | 1ull << C_SHEIKH;
    return own;
}
