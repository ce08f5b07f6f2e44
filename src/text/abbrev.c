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
    size_t len;
    int cls;
} abbr;
#define A(w) w, sizeof(w) - 1

/* Sorted by strcmp (upper case sorts before lower case). */
static const abbr abbrevs[] = {
    {A("Adm"), W5_ABBR_TITLE}, {A("Ala"), W5_ABBR_OTHER},
    {A("Apr"), W5_ABBR_OTHER}, {A("Ariz"), W5_ABBR_OTHER},
    {A("Ark"), W5_ABBR_OTHER}, {A("Assn"), W5_ABBR_OTHER},
    {A("Assoc"), W5_ABBR_TITLE}, {A("Asst"), W5_ABBR_TITLE},
    {A("Atty"), W5_ABBR_TITLE}, {A("Aug"), W5_ABBR_OTHER},
    {A("Ave"), W5_ABBR_OTHER}, {A("Bhd"), W5_ABBR_OTHER},
    {A("Blvd"), W5_ABBR_OTHER}, {A("Brig"), W5_ABBR_TITLE},
    {A("Bros"), W5_ABBR_OTHER}, {A("Calif"), W5_ABBR_OTHER},
    {A("Capt"), W5_ABBR_TITLE}, {A("Cmdr"), W5_ABBR_TITLE},
    {A("Co"), W5_ABBR_OTHER}, {A("Col"), W5_ABBR_TITLE},
    {A("Colo"), W5_ABBR_OTHER}, {A("Conn"), W5_ABBR_OTHER},
    {A("Corp"), W5_ABBR_OTHER}, {A("Cpl"), W5_ABBR_TITLE},
    {A("Dec"), W5_ABBR_OTHER}, {A("Del"), W5_ABBR_OTHER},
    {A("Dept"), W5_ABBR_OTHER}, {A("Det"), W5_ABBR_TITLE},
    {A("Dr"), W5_ABBR_TITLE}, {A("Drs"), W5_ABBR_TITLE},
    {A("Eq"), W5_ABBR_NUMBER}, {A("Feb"), W5_ABBR_OTHER},
    {A("Fig"), W5_ABBR_NUMBER}, {A("Fla"), W5_ABBR_OTHER},
    {A("Fr"), W5_ABBR_TITLE}, {A("Fri"), W5_ABBR_OTHER},
    {A("Ft"), W5_ABBR_TITLE}, {A("Ga"), W5_ABBR_OTHER},
    {A("Gen"), W5_ABBR_TITLE}, {A("Gov"), W5_ABBR_TITLE},
    {A("Govt"), W5_ABBR_OTHER}, {A("Hon"), W5_ABBR_TITLE},
    {A("Hwy"), W5_ABBR_OTHER}, {A("Ill"), W5_ABBR_OTHER},
    {A("Inc"), W5_ABBR_OTHER}, {A("Ind"), W5_ABBR_OTHER},
    {A("Insp"), W5_ABBR_TITLE}, {A("Jan"), W5_ABBR_OTHER},
    {A("Jr"), W5_ABBR_OTHER}, {A("Jul"), W5_ABBR_OTHER},
    {A("Jun"), W5_ABBR_OTHER}, {A("Kan"), W5_ABBR_OTHER},
    {A("Kans"), W5_ABBR_OTHER}, {A("Ky"), W5_ABBR_OTHER},
    {A("La"), W5_ABBR_OTHER}, {A("Lt"), W5_ABBR_TITLE},
    {A("Ltd"), W5_ABBR_OTHER}, {A("Maj"), W5_ABBR_TITLE},
    {A("Mar"), W5_ABBR_OTHER}, {A("Mass"), W5_ABBR_OTHER},
    {A("Md"), W5_ABBR_OTHER}, {A("Messrs"), W5_ABBR_TITLE},
    {A("Mich"), W5_ABBR_OTHER}, {A("Minn"), W5_ABBR_OTHER},
    {A("Miss"), W5_ABBR_OTHER}, {A("Mlle"), W5_ABBR_TITLE},
    {A("Mme"), W5_ABBR_TITLE}, {A("Mo"), W5_ABBR_OTHER},
    {A("Mon"), W5_ABBR_OTHER}, {A("Mont"), W5_ABBR_OTHER},
    {A("Mr"), W5_ABBR_TITLE}, {A("Mrs"), W5_ABBR_TITLE},
    {A("Ms"), W5_ABBR_TITLE}, {A("Msgr"), W5_ABBR_TITLE},
    {A("Mt"), W5_ABBR_TITLE}, {A("Neb"), W5_ABBR_OTHER},
    {A("Nev"), W5_ABBR_OTHER}, {A("No"), W5_ABBR_NUMBER},
    {A("Nos"), W5_ABBR_NUMBER}, {A("Nov"), W5_ABBR_OTHER},
    {A("Oct"), W5_ABBR_OTHER}, {A("Okla"), W5_ABBR_OTHER},
    {A("Ore"), W5_ABBR_OTHER}, {A("Pa"), W5_ABBR_OTHER},
    {A("Ph"), W5_ABBR_OTHER}, {A("Pres"), W5_ABBR_TITLE},
    {A("Prof"), W5_ABBR_TITLE}, {A("Pvt"), W5_ABBR_TITLE},
    {A("Rd"), W5_ABBR_OTHER}, {A("Rep"), W5_ABBR_TITLE},
    {A("Reps"), W5_ABBR_TITLE}, {A("Rev"), W5_ABBR_TITLE},
    {A("Sat"), W5_ABBR_OTHER}, {A("Sen"), W5_ABBR_TITLE},
    {A("Sens"), W5_ABBR_TITLE}, {A("Sep"), W5_ABBR_OTHER},
    {A("Sept"), W5_ABBR_OTHER}, {A("Sgt"), W5_ABBR_TITLE},
    {A("Sr"), W5_ABBR_OTHER}, {A("St"), W5_ABBR_TITLE},
    {A("Ste"), W5_ABBR_TITLE}, {A("Sun"), W5_ABBR_OTHER},
    {A("Supt"), W5_ABBR_TITLE}, {A("Tenn"), W5_ABBR_OTHER},
    {A("Tex"), W5_ABBR_OTHER}, {A("Thu"), W5_ABBR_OTHER},
    {A("Thur"), W5_ABBR_OTHER}, {A("Thurs"), W5_ABBR_OTHER},
    {A("Tue"), W5_ABBR_OTHER}, {A("Tues"), W5_ABBR_OTHER},
    {A("Va"), W5_ABBR_OTHER}, {A("Vt"), W5_ABBR_OTHER},
    {A("Wed"), W5_ABBR_OTHER}, {A("Wis"), W5_ABBR_OTHER},
    {A("Wyo"), W5_ABBR_OTHER}, {A("al"), W5_ABBR_OTHER},
    {A("approx"), W5_ABBR_OTHER}, {A("apt"), W5_ABBR_NUMBER},
    {A("art"), W5_ABBR_NUMBER}, {A("ca"), W5_ABBR_OTHER},
    {A("cf"), W5_ABBR_TITLE}, {A("ch"), W5_ABBR_NUMBER},
    {A("dept"), W5_ABBR_OTHER}, {A("div"), W5_ABBR_OTHER},
    {A("ed"), W5_ABBR_NUMBER}, {A("eds"), W5_ABBR_OTHER},
    {A("esp"), W5_ABBR_OTHER}, {A("est"), W5_ABBR_OTHER},
    {A("etc"), W5_ABBR_OTHER}, {A("ext"), W5_ABBR_NUMBER},
    {A("fig"), W5_ABBR_NUMBER}, {A("figs"), W5_ABBR_NUMBER},
    {A("hr"), W5_ABBR_OTHER}, {A("hrs"), W5_ABBR_OTHER},
    {A("ibid"), W5_ABBR_OTHER}, {A("incl"), W5_ABBR_OTHER},
    {A("lb"), W5_ABBR_OTHER}, {A("lbs"), W5_ABBR_OTHER},
    {A("max"), W5_ABBR_NUMBER}, {A("min"), W5_ABBR_NUMBER},
    {A("mins"), W5_ABBR_OTHER}, {A("misc"), W5_ABBR_OTHER},
    {A("mph"), W5_ABBR_NUMBER}, {A("no"), W5_ABBR_NUMBER},
    {A("nos"), W5_ABBR_NUMBER}, {A("oz"), W5_ABBR_OTHER},
    {A("pp"), W5_ABBR_NUMBER}, {A("pt"), W5_ABBR_NUMBER},
    {A("pts"), W5_ABBR_NUMBER}, {A("sec"), W5_ABBR_NUMBER},
    {A("sq"), W5_ABBR_OTHER}, {A("tel"), W5_ABBR_NUMBER},
    {A("viz"), W5_ABBR_TITLE}, {A("vol"), W5_ABBR_NUMBER},
    {A("vols"), W5_ABBR_NUMBER}, {A("vs"), W5_ABBR_TITLE},
    {A("yr"), W5_ABBR_OTHER}, {A("yrs"), W5_ABBR_OTHER},
};

/* Sorted by strcmp. */
typedef struct starter {
    const char *word;
    size_t len;
} starter;
static const starter starters[] = {
    {A("A")}, {A("After")}, {A("Also")}, {A("An")}, {A("And")}, {A("Anyway")},
    {A("As")}, {A("At")}, {A("Because")}, {A("Before")}, {A("Both")},
    {A("But")}, {A("By")}, {A("Do")}, {A("Does")}, {A("During")}, {A("Each")},
    {A("Even")}, {A("Every")}, {A("For")}, {A("From")}, {A("He")}, {A("Her")},
    {A("Here")}, {A("His")}, {A("How")}, {A("However")}, {A("I")}, {A("If")},
    {A("In")}, {A("It")}, {A("Its")}, {A("Just")}, {A("Many")}, {A("Most")},
    {A("My")}, {A("No")}, {A("Now")}, {A("Of")}, {A("On")}, {A("One")},
    {A("Our")}, {A("Please")}, {A("She")}, {A("Since")}, {A("So")},
    {A("Some")}, {A("Thank")}, {A("Thanks")}, {A("That")}, {A("The")},
    {A("Their")}, {A("Then")}, {A("There")}, {A("These")}, {A("They")},
    {A("This")}, {A("Those")}, {A("To")}, {A("We")}, {A("What")}, {A("When")},
    {A("Where")}, {A("While")}, {A("Who")}, {A("Why")}, {A("With")},
    {A("Yes")}, {A("You")}, {A("Your")},
};

/* Compares key[0..n) (may hold any bytes) with word[0..wl), in strcmp
 * order. */
static int cmp_prefix(const char *key, size_t n, const char *word, size_t wl)
{
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
        int c = cmp_prefix(s, n, abbrevs[mid].word, abbrevs[mid].len);
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
        int c = cmp_prefix(s, n, starters[mid].word, starters[mid].len);
        if (c == 0)
            return 1;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}
