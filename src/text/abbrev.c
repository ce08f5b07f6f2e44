/*
 * abbrev.c - the abbreviations that keep their period, and the words
 * that usually start a sentence.
 *
 * The lists are written by hand, checked against the tokens of the UD
 * English EWT and GUM training data (what keeps its period there). Dotted
 * forms ("U.S.", "e.g.", "Ph.D.") and single-letter initials are found by
 * shape in tokenize.c and need no entry. Lookup is a binary search over
 * sorted static tables (case-sensitive; a lower-case entry also matches
 * with a capital first letter).
 */
#include <string.h>

#include "text/text.h"

typedef struct abbr {
    const char *word;
    int cls;
} abbr;

/* Sorted by strcmp (upper case sorts before lower case). */
static const abbr abbrevs[] = {
    {"Adm", W5_ABBR_TITLE}, {"Ala", W5_ABBR_OTHER}, {"Apr", W5_ABBR_OTHER},
    {"Ariz", W5_ABBR_OTHER}, {"Ark", W5_ABBR_OTHER}, {"Assn", W5_ABBR_OTHER},
    {"Assoc", W5_ABBR_TITLE}, {"Asst", W5_ABBR_TITLE},
    {"Atty", W5_ABBR_TITLE}, {"Aug", W5_ABBR_OTHER}, {"Ave", W5_ABBR_OTHER},
    {"Bhd", W5_ABBR_OTHER}, {"Blvd", W5_ABBR_OTHER}, {"Brig", W5_ABBR_TITLE},
    {"Bros", W5_ABBR_OTHER}, {"Calif", W5_ABBR_OTHER}, {"Capt", W5_ABBR_TITLE},
    {"Cmdr", W5_ABBR_TITLE}, {"Co", W5_ABBR_OTHER}, {"Col", W5_ABBR_TITLE},
    {"Colo", W5_ABBR_OTHER}, {"Conn", W5_ABBR_OTHER}, {"Corp", W5_ABBR_OTHER},
    {"Cpl", W5_ABBR_TITLE}, {"Dec", W5_ABBR_OTHER}, {"Del", W5_ABBR_OTHER},
    {"Dept", W5_ABBR_OTHER}, {"Det", W5_ABBR_TITLE}, {"Dr", W5_ABBR_TITLE},
    {"Drs", W5_ABBR_TITLE}, {"Eq", W5_ABBR_NUMBER}, {"Feb", W5_ABBR_OTHER},
    {"Fig", W5_ABBR_NUMBER}, {"Fla", W5_ABBR_OTHER}, {"Fr", W5_ABBR_TITLE},
    {"Fri", W5_ABBR_OTHER}, {"Ft", W5_ABBR_TITLE}, {"Ga", W5_ABBR_OTHER},
    {"Gen", W5_ABBR_TITLE}, {"Gov", W5_ABBR_TITLE}, {"Govt", W5_ABBR_OTHER},
    {"Hon", W5_ABBR_TITLE}, {"Hwy", W5_ABBR_OTHER}, {"Ill", W5_ABBR_OTHER},
    {"Inc", W5_ABBR_OTHER}, {"Ind", W5_ABBR_OTHER}, {"Insp", W5_ABBR_TITLE},
    {"Jan", W5_ABBR_OTHER}, {"Jr", W5_ABBR_OTHER}, {"Jul", W5_ABBR_OTHER},
    {"Jun", W5_ABBR_OTHER}, {"Kan", W5_ABBR_OTHER}, {"Kans", W5_ABBR_OTHER},
    {"Ky", W5_ABBR_OTHER}, {"La", W5_ABBR_OTHER}, {"Lt", W5_ABBR_TITLE},
    {"Ltd", W5_ABBR_OTHER}, {"Maj", W5_ABBR_TITLE}, {"Mar", W5_ABBR_OTHER},
    {"Mass", W5_ABBR_OTHER}, {"Md", W5_ABBR_OTHER}, {"Messrs", W5_ABBR_TITLE},
    {"Mich", W5_ABBR_OTHER}, {"Minn", W5_ABBR_OTHER}, {"Miss", W5_ABBR_OTHER},
    {"Mlle", W5_ABBR_TITLE}, {"Mme", W5_ABBR_TITLE}, {"Mo", W5_ABBR_OTHER},
    {"Mon", W5_ABBR_OTHER}, {"Mont", W5_ABBR_OTHER}, {"Mr", W5_ABBR_TITLE},
    {"Mrs", W5_ABBR_TITLE}, {"Ms", W5_ABBR_TITLE}, {"Msgr", W5_ABBR_TITLE},
    {"Mt", W5_ABBR_TITLE}, {"Neb", W5_ABBR_OTHER}, {"Nev", W5_ABBR_OTHER},
    {"No", W5_ABBR_NUMBER}, {"Nos", W5_ABBR_NUMBER}, {"Nov", W5_ABBR_OTHER},
    {"Oct", W5_ABBR_OTHER}, {"Okla", W5_ABBR_OTHER}, {"Ore", W5_ABBR_OTHER},
    {"Pa", W5_ABBR_OTHER}, {"Ph", W5_ABBR_OTHER}, {"Pres", W5_ABBR_TITLE},
    {"Prof", W5_ABBR_TITLE}, {"Pvt", W5_ABBR_TITLE}, {"Rd", W5_ABBR_OTHER},
    {"Rep", W5_ABBR_TITLE}, {"Reps", W5_ABBR_TITLE}, {"Rev", W5_ABBR_TITLE},
    {"Sat", W5_ABBR_OTHER},
    {"Sen", W5_ABBR_TITLE}, {"Sens", W5_ABBR_TITLE}, {"Sep", W5_ABBR_OTHER},
    {"Sept", W5_ABBR_OTHER}, {"Sgt", W5_ABBR_TITLE}, {"Sr", W5_ABBR_OTHER},
    {"St", W5_ABBR_TITLE}, {"Ste", W5_ABBR_TITLE}, {"Sun", W5_ABBR_OTHER},
    {"Supt", W5_ABBR_TITLE},
    {"Tenn", W5_ABBR_OTHER}, {"Tex", W5_ABBR_OTHER}, {"Thu", W5_ABBR_OTHER},
    {"Thur", W5_ABBR_OTHER}, {"Thurs", W5_ABBR_OTHER}, {"Tue", W5_ABBR_OTHER},
    {"Tues", W5_ABBR_OTHER},
    {"Va", W5_ABBR_OTHER}, {"Vt", W5_ABBR_OTHER}, {"Wed", W5_ABBR_OTHER},
    {"Wis", W5_ABBR_OTHER}, {"Wyo", W5_ABBR_OTHER},
    {"al", W5_ABBR_OTHER}, {"approx", W5_ABBR_OTHER}, {"apt", W5_ABBR_NUMBER},
    {"art", W5_ABBR_NUMBER}, {"ca", W5_ABBR_OTHER}, {"cf", W5_ABBR_TITLE},
    {"ch", W5_ABBR_NUMBER}, {"dept", W5_ABBR_OTHER}, {"div", W5_ABBR_OTHER},
    {"ed", W5_ABBR_NUMBER}, {"eds", W5_ABBR_OTHER}, {"esp", W5_ABBR_OTHER},
    {"est", W5_ABBR_OTHER}, {"etc", W5_ABBR_OTHER}, {"ext", W5_ABBR_NUMBER},
    {"fig", W5_ABBR_NUMBER}, {"figs", W5_ABBR_NUMBER}, {"hr", W5_ABBR_OTHER},
    {"hrs", W5_ABBR_OTHER}, {"ibid", W5_ABBR_OTHER}, {"incl", W5_ABBR_OTHER},
    {"lb", W5_ABBR_OTHER}, {"lbs", W5_ABBR_OTHER}, {"max", W5_ABBR_NUMBER},
    {"min", W5_ABBR_NUMBER}, {"mins", W5_ABBR_OTHER}, {"misc", W5_ABBR_OTHER},
    {"mph", W5_ABBR_NUMBER}, {"no", W5_ABBR_NUMBER}, {"nos", W5_ABBR_NUMBER},
    {"oz", W5_ABBR_OTHER}, {"pp", W5_ABBR_NUMBER}, {"pt", W5_ABBR_NUMBER},
    {"pts", W5_ABBR_NUMBER}, {"sec", W5_ABBR_NUMBER}, {"sq", W5_ABBR_OTHER},
    {"tel", W5_ABBR_NUMBER}, {"viz", W5_ABBR_TITLE}, {"vol", W5_ABBR_NUMBER},
    {"vols", W5_ABBR_NUMBER}, {"vs", W5_ABBR_TITLE}, {"yr", W5_ABBR_OTHER},
    {"yrs", W5_ABBR_OTHER},
};

/* Sorted by strcmp. */
static const char *const starters[] = {
    "A", "After", "Also", "An", "And", "Anyway", "As", "At", "Because",
    "Before", "Both", "But", "By", "Do", "Does", "During", "Each", "Even",
    "Every", "For", "From", "He", "Her", "Here", "His", "How", "However",
    "I", "If", "In", "It", "Its", "Just", "Many", "Most", "My", "No", "Now",
    "Of", "On", "One", "Our", "Please", "She", "Since", "So", "Some",
    "Thank", "Thanks", "That", "The", "Their", "Then", "There", "These",
    "They", "This", "Those", "To", "We", "What", "When", "Where", "While",
    "Who", "Why", "With", "Yes", "You", "Your",
};

/* Compares key[0..n) (may hold any bytes) with the NUL-terminated word,
 * in strcmp order. */
static int cmp_prefix(const char *key, size_t n, const char *word)
{
    size_t wl = strlen(word);
    int c = memcmp(key, word, n < wl ? n : wl);
    if (c)
        return c;
    return n < wl ? -1 : n > wl ? 1 : 0;
}

static int find_abbrev(const char *s, size_t n)
{
    size_t lo = 0, hi = sizeof abbrevs / sizeof abbrevs[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_prefix(s, n, abbrevs[mid].word);
        if (c == 0)
            return abbrevs[mid].cls;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return W5_ABBR_NONE;
}

int w5_text_abbrev(const char *s, size_t n)
{
    if (n == 0 || n > 8)
        return W5_ABBR_NONE;
    int cls = find_abbrev(s, n);
    if (cls || s[0] < 'A' || s[0] > 'Z')
        return cls;
    /* "Etc", "Approx": a lower-case entry written with a capital; "GEN",
     * "INC": an entry written in capitals. */
    char low[8];
    memcpy(low, s, n);
    int upper = 1;
    for (size_t i = 1; i < n; i++) {
        if (low[i] >= 'A' && low[i] <= 'Z')
            low[i] = (char)(low[i] - 'A' + 'a');
        else
            upper = 0;
    }
    if (upper && n > 1 && (cls = find_abbrev(low, n)))
        return cls;
    low[0] = (char)(low[0] - 'A' + 'a');
    return find_abbrev(low, n);
}

int w5_text_sentence_starter(const char *s, size_t n)
{
    size_t lo = 0, hi = sizeof starters / sizeof starters[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_prefix(s, n, starters[mid]);
        if (c == 0)
            return 1;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}
