/*
 * lexicon_build.c - compiles the name lists of a data folder into the
 * lexicon model file (see lexicon.h, lexicon.c for the layout).
 *
 * Sources and the cut-offs that keep the file small (a few MB):
 *   persons/first_names.tsv  names with >= MIN_FIRST_BIRTHS births; gender
 *                            by majority, both bits when neither sex has
 *                            UNISEX_SHARE of the births ("Jordan")
 *   persons/surnames.tsv     rank <= MAX_SURNAME_RANK
 *   countries/ (all four)    every country name, alias and demonym, plus
 *                            regular plurals of demonyms ("Pakistanis")
 *   places/cities.tsv        population >= MIN_CITY_POP; alternate names
 *                            (Bombay, Peking) from MIN_ALT_POP up, unless
 *                            already a person name (GeoNames alternates are
 *                            noisy: "Hamid", "White House"); English
 *                            function words are never places ("Of", Turkey)
 *   places/admin1.tsv, us_states.tsv, regions.tsv, countries/languages.tsv
 *   cameo/petrarch2          Phoenix.International and Phoenix.MilNonState
 *                            actors (organisations; entries with dated or
 *                            ELI codes are people), and the people of
 *                            Phoenix.Countries (CountryInfo.txt leaders)
 * plus a short hand-written list of regional demonyms, plural nationality
 * nouns and religious/political groups (NORP) that no open list covers.
 * A phrase found in several sources keeps every flag; its country comes
 * from the most specific source (country/demonym > admin1 > city, then the
 * most populous).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learn/learn.h"
#include "lexicon/lexicon.h"
#include "lexicon/lexicon_int.h"

enum {
    MIN_FIRST_BIRTHS = 250,
    MAX_SURNAME_RANK = 50000,
    MIN_CITY_POP = 5000,
    MIN_ALT_POP = 100000,
    BIG_CITY_POP = 100000
};
#define UNISEX_SHARE 0.65

/* Which source decides an entry's country (higher wins). */
enum { PRIO_NONE = 0, PRIO_CITY, PRIO_ADMIN1, PRIO_GROUP, PRIO_DEPENDENCY,
       PRIO_COUNTRY };

typedef struct bentry {
    uint64_t key;    /* 0 = empty slot */
    uint32_t flags;
    uint32_t country; /* 1-based index, 0 = none */
    uint32_t weight;  /* population or similar, to break ties */
    uint8_t prio;
} bentry;

typedef struct builder {
    bentry *slots;
    size_t cap, n;           /* power-of-two capacity, load <= 1/2 */
    uint32_t max_words;
    W5_VEC(const char *) countries; /* alpha2, name pairs (owned) */
    uint16_t by_code[26 * 26];      /* alpha2 -> 1-based country index */
    w5_lexicon_build_stats *st;
    const char *data_dir;
    w5_error *err;
} builder;

/* ---- the growing table ----------------------------------------------------- */

static int builder_grow(builder *b)
{
    size_t ncap = b->cap ? b->cap * 2 : 1u << 16;
    bentry *ns = calloc(ncap, sizeof *ns);
    if (!ns)
        return W5_ERR_NOMEM;
    for (size_t i = 0; i < b->cap; i++) {
        if (!b->slots[i].key)
            continue;
        size_t j = b->slots[i].key & (ncap - 1);
        while (ns[j].key)
            j = (j + 1) & (ncap - 1);
        ns[j] = b->slots[i];
    }
    free(b->slots);
    b->slots = ns;
    b->cap = ncap;
    return 0;
}

/* Adds (or merges into) the entry of a phrase. Returns 1 when the phrase
 * was new, 0 when merged or empty, or W5_ERR_NOMEM. */
static int add_phrase(builder *b, const char *text, size_t n, uint32_t flags,
                      uint32_t country, int prio, uint32_t weight)
{
    w5_lexkey key;
    w5_lexkey_init(&key);
    w5_lexkey_add(&key, text, n);
    if (key.words == 0)
        return 0;
    if ((b->n + 1) * 2 > b->cap && builder_grow(b))
        return W5_ERR_NOMEM;
    uint64_t h = w5_lexkey_hash(&key);
    size_t j = h & (b->cap - 1);
    while (b->slots[j].key && b->slots[j].key != h)
        j = (j + 1) & (b->cap - 1);
    bentry *e = &b->slots[j];
    int is_new = e->key == 0;
    if (is_new) {
        e->key = h;
        b->n++;
        if ((uint32_t)key.words > b->max_words)
            b->max_words = (uint32_t)key.words;
    }
    e->flags |= flags;
    if (country && (prio > e->prio || (prio == e->prio && weight > e->weight))) {
        e->country = country;
        e->prio = (uint8_t)prio;
        e->weight = weight;
    }
    return is_new;
}

/* The flags a phrase already has (0 when absent). */
static uint32_t flags_of(const builder *b, const char *text, size_t n)
{
    w5_lexkey key;
    w5_lexkey_init(&key);
    w5_lexkey_add(&key, text, n);
    if (key.words == 0 || !b->cap)
        return 0;
    uint64_t h = w5_lexkey_hash(&key);
    size_t j = h & (b->cap - 1);
    while (b->slots[j].key) {
        if (b->slots[j].key == h)
            return b->slots[j].flags;
        j = (j + 1) & (b->cap - 1);
    }
    return 0;
}

/* English function words that are also GeoNames places ("Of", "Is"). */
static int is_function_word(const char *s, size_t n)
{
    static const char *const words[] = {
        "a", "an", "the", "of", "and", "or", "to", "in", "on", "at", "by",
        "for", "from", "with", "as", "is", "be", "it", "he", "she", "we",
        "they", "i", "you", "not", "no", "but", "if", "so", "up", "out",
        "all", "one", "said", "says", "this", "that", "its", "his", "her",
        "was", "are", "has", "had", "have", "will", "would", "can", "may",
        "after", "before", "over", "under", "new", "more", "most", "about"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t k = strlen(words[i]);
        if (k != n)
            continue;
        size_t j = 0;
        while (j < n && (s[j] | 0x20) == words[i][j])
            j++;
        if (j == n)
            return 1;
    }
    return 0;
}

static int all_upper(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 'a' && s[i] <= 'z')
            return 0;
    return 1;
}

static int add_str(builder *b, const char *s, uint32_t flags, uint32_t country,
                   int prio, uint32_t weight, size_t *counter)
{
    int rc = add_phrase(b, s, strlen(s), flags, country, prio, weight);
    if (rc < 0)
        return rc;
    if (counter)
        *counter += (size_t)rc;
    return 0;
}

/* ---- countries ----------------------------------------------------------- */

static int code_slot(const char *code, size_t n)
{
    if (n != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z')
        return -1;
    return (code[0] - 'A') * 26 + (code[1] - 'A');
}

static uint32_t country_index(const builder *b, const char *code, size_t n)
{
    int slot = code_slot(code, n);
    return slot < 0 ? 0 : b->by_code[slot];
}

static int add_country_row(builder *b, const char *code, size_t code_len,
                           const char *name, size_t name_len)
{
    int slot = code_slot(code, code_len);
    if (slot < 0 || b->by_code[slot] || b->countries.n / 2 >= 0xFFFE)
        return 0;
    char *a = w5_strndup(code, code_len), *nm = w5_strndup(name, name_len);
    if (!a || !nm || w5_vec_push(&b->countries, a)) {
        free(a);
        free(nm);
        return W5_ERR_NOMEM;
    }
    if (w5_vec_push(&b->countries, nm)) {
        free(nm);
        return W5_ERR_NOMEM;
    }
    b->by_code[slot] = (uint16_t)(b->countries.n / 2);
    return 0;
}

/* ---- TSV files ----------------------------------------------------------- */

enum { MAX_FIELDS = 12 };

typedef struct field {
    const char *s;
    size_t n;
} field;

typedef int (*row_fn)(builder *b, const field *f, int nf);

static int for_each_row(builder *b, const char *rel, row_fn fn)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", b->data_dir, rel);
    char *data = NULL;
    size_t len = 0;
    int rc = w5_read_file(path, &data, &len, b->err);
    if (rc)
        return rc;
    const char *p = data, *end = data + len;
    while (p < end && rc == 0) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        if (p < eol && *p != '#') {
            field f[MAX_FIELDS];
            int nf = 0;
            const char *q = p;
            while (nf < MAX_FIELDS) {
                const char *tab = memchr(q, '\t', (size_t)(eol - q));
                const char *fe = tab ? tab : eol;
                if (fe > q && fe[-1] == '\r')
                    fe--;
                f[nf].s = q;
                f[nf].n = (size_t)(fe - q);
                nf++;
                if (!tab)
                    break;
                q = tab + 1;
            }
            rc = fn(b, f, nf);
        }
        p = eol + 1;
    }
    free(data);
    if (rc == W5_ERR_NOMEM)
        return w5_fail(b->err, rc, "out of memory reading %s", path);
    return rc;
}

static long field_long(const field *f)
{
    long v = 0;
    for (size_t i = 0; i < f->n && f->s[i] >= '0' && f->s[i] <= '9'; i++)
        v = v * 10 + (f->s[i] - '0');
    return v;
}

static int add_field(builder *b, const field *f, uint32_t flags,
                     uint32_t country, int prio, uint32_t weight,
                     size_t *counter)
{
    int rc = add_phrase(b, f->s, f->n, flags, country, prio, weight);
    if (rc < 0)
        return rc;
    if (counter)
        *counter += (size_t)rc;
    return 0;
}

/* countries.tsv: alpha2 alpha3 numeric name ... */
static int row_country(builder *b, const field *f, int nf)
{
    if (nf < 4)
        return 0;
    int rc = add_country_row(b, f[0].s, f[0].n, f[3].s, f[3].n);
    if (rc)
        return rc;
    return add_field(b, &f[3], W5_LEX_COUNTRY, country_index(b, f[0].s, f[0].n),
                     PRIO_COUNTRY, 0, &b->st->countries);
}

/* country_names.tsv: name alpha2 types sources */
static int row_country_name(builder *b, const field *f, int nf)
{
    if (nf < 2)
        return 0;
    return add_field(b, &f[0], W5_LEX_COUNTRY, country_index(b, f[1].s, f[1].n),
                     PRIO_COUNTRY, 0, &b->st->countries);
}

/* The regular plural of a demonym ("Afghans", "Pakistanis"); 0 when the
 * word takes none ("Chinese", "British", "Swiss", "French"). */
static int demonym_plural(const char *s, size_t n, char *out, size_t cap)
{
    static const char *const no_plural[] = {"ese", "ish", "sh", "ch", "ss",
                                            "s", "x", "z"};
    if (n + 2 > cap || n < 3)
        return 0;
    int czech = n == 5 && strncmp(s, "Czech", 5) == 0;
    for (size_t i = 0; !czech && i < sizeof no_plural / sizeof *no_plural; i++) {
        size_t k = strlen(no_plural[i]);
        if (n >= k && strncmp(s + n - k, no_plural[i], k) == 0)
            return 0;
    }
    memcpy(out, s, n);
    out[n] = 's';
    out[n + 1] = '\0';
    return 1;
}

/* demonyms.tsv: demonym alpha2 independent sources */
static int row_demonym(builder *b, const field *f, int nf)
{
    if (nf < 2)
        return 0;
    uint32_t c = country_index(b, f[1].s, f[1].n);
    int prio = nf >= 3 && f[2].n == 1 && f[2].s[0] == '0' ? PRIO_DEPENDENCY
                                                            : PRIO_COUNTRY;
    int rc = add_field(b, &f[0], W5_LEX_DEMONYM, c, prio, 0, &b->st->demonyms);
    char plural[256];
    if (!rc && demonym_plural(f[0].s, f[0].n, plural, sizeof plural))
        rc = add_str(b, plural, W5_LEX_DEMONYM, c, prio, 0, &b->st->demonyms);
    return rc;
}

/* first_names.tsv: name gender male_births female_births */
static int row_first_name(builder *b, const field *f, int nf)
{
    if (nf < 4)
        return 0;
    double male = (double)field_long(&f[2]), female = (double)field_long(&f[3]);
    if (male + female < MIN_FIRST_BIRTHS)
        return 0;
    double share = male / (male + female);
    uint32_t flags = 0;
    if (share > 1.0 - UNISEX_SHARE)
        flags |= W5_LEX_FIRST_MALE;
    if (share < UNISEX_SHARE)
        flags |= W5_LEX_FIRST_FEMALE;
    return add_field(b, &f[0], flags, 0, PRIO_NONE, 0, &b->st->first_names);
}

/* surnames.tsv: surname rank */
static int row_surname(builder *b, const field *f, int nf)
{
    if (nf < 2 || field_long(&f[1]) > MAX_SURNAME_RANK)
        return 0;
    return add_field(b, &f[0], W5_LEX_SURNAME, 0, PRIO_NONE, 0, &b->st->surnames);
}

/* cities.tsv: name ascii_name country admin1 feature_code population
 * geonameid alt_names latitude longitude */
static int row_city(builder *b, const field *f, int nf)
{
    if (nf < 8)
        return 0;
    long pop = field_long(&f[5]);
    if (pop < MIN_CITY_POP)
        return 0;
    uint32_t flags = W5_LEX_CITY | (pop >= BIG_CITY_POP ? W5_LEX_BIG_CITY : 0);
    uint32_t c = country_index(b, f[2].s, f[2].n);
    uint32_t w = pop > 0xFFFFFFFF ? 0xFFFFFFFFu : (uint32_t)pop;
    int rc = 0;
    if (!is_function_word(f[0].s, f[0].n))
        rc = add_field(b, &f[0], flags, c, PRIO_CITY, w, &b->st->cities);
    if (!rc && !is_function_word(f[1].s, f[1].n))
        rc = add_field(b, &f[1], flags, c, PRIO_CITY, w, &b->st->cities);
    if (rc || pop < MIN_ALT_POP)
        return rc;
    const uint32_t taken = W5_LEX_FIRST_MALE | W5_LEX_FIRST_FEMALE |
                           W5_LEX_SURNAME | W5_LEX_COUNTRY | W5_LEX_DEMONYM;
    const char *p = f[7].s, *end = f[7].s + f[7].n;
    while (p < end && !rc) {
        const char *bar = memchr(p, '|', (size_t)(end - p));
        const char *e = bar ? bar : end;
        field alt = {p, (size_t)(e - p)};
        if (!all_upper(alt.s, alt.n) && !is_function_word(alt.s, alt.n) &&
            !(alt.n == 11 && memcmp(alt.s, "White House", 11) == 0) &&
            !(flags_of(b, alt.s, alt.n) & taken))
            rc = add_field(b, &alt, flags, c, PRIO_CITY, w, &b->st->cities);
        p = e + 1;
    }
    return rc;
}

/* admin1.tsv: name country admin1 cities */
static int row_admin1(builder *b, const field *f, int nf)
{
    if (nf < 4)
        return 0;
    uint32_t c = country_index(b, f[1].s, f[1].n);
    if (is_function_word(f[0].s, f[0].n))
        return 0;
    return add_field(b, &f[0], W5_LEX_ADMIN1, c, PRIO_ADMIN1,
                     (uint32_t)field_long(&f[3]), &b->st->admin1);
}

/* us_states.tsv: name postal ap_abbrev other_abbrevs type. Postal codes
 * are left out: "IN", "OR", "ME" are words once case is folded. */
static int row_us_state(builder *b, const field *f, int nf)
{
    if (nf < 3)
        return 0;
    uint32_t c = country_index(b, "US", 2);
    int rc = add_field(b, &f[0], W5_LEX_ADMIN1, c, PRIO_ADMIN1, 1u << 30,
                       &b->st->admin1);
    if (!rc)
        rc = add_field(b, &f[2], W5_LEX_ADMIN1, c, PRIO_ADMIN1, 1u << 30,
                       &b->st->admin1);
    if (nf < 4)
        return rc;
    const char *p = f[3].s, *end = f[3].s + f[3].n;
    while (p < end && !rc) {
        const char *bar = memchr(p, '|', (size_t)(end - p));
        const char *e = bar ? bar : end;
        field alt = {p, (size_t)(e - p)};
        rc = add_field(b, &alt, W5_LEX_ADMIN1, c, PRIO_ADMIN1, 1u << 30,
                       &b->st->admin1);
        p = e + 1;
    }
    return rc;
}

static int row_region(builder *b, const field *f, int nf)
{
    return nf < 1 ? 0 : add_field(b, &f[0], W5_LEX_REGION, 0, PRIO_NONE, 0,
                                  &b->st->regions);
}

static int row_language(builder *b, const field *f, int nf)
{
    return nf < 1 ? 0 : add_field(b, &f[0], W5_LEX_LANGUAGE, 0, PRIO_NONE, 0,
                                  &b->st->languages);
}

/* ---- hand-written lists -------------------------------------------------- */

typedef struct hand_entry {
    const char *phrase;
    uint32_t flags;
    const char *country; /* alpha-2 or NULL */
} hand_entry;

#define DEM W5_LEX_DEMONYM
#define GRP W5_LEX_GROUP
/* Nationality nouns without a regular plural, regional demonyms, and
 * religious, political and ethnic groups: OntoNotes NORP. */
static const hand_entry hand_norp[] = {
    {"Briton", DEM, "GB"}, {"Britons", DEM, "GB"}, {"Brits", DEM, "GB"},
    {"English", DEM, "GB"}, {"Englishman", DEM, "GB"}, {"Englishmen", DEM, "GB"},
    {"Scottish", DEM, "GB"}, {"Scot", DEM, "GB"}, {"Scots", DEM, "GB"},
    {"Scotsman", DEM, "GB"}, {"Welsh", DEM, "GB"},
    {"Frenchman", DEM, "FR"}, {"Frenchmen", DEM, "FR"},
    {"Dutchman", DEM, "NL"}, {"Dutchmen", DEM, "NL"},
    {"Irishman", DEM, "IE"}, {"Irishmen", DEM, "IE"},
    {"Dane", DEM, "DK"}, {"Danes", DEM, "DK"}, {"Swede", DEM, "SE"},
    {"Swedes", DEM, "SE"}, {"Finn", DEM, "FI"}, {"Finns", DEM, "FI"},
    {"Pole", DEM, "PL"}, {"Poles", DEM, "PL"}, {"Turk", DEM, "TR"},
    {"Turks", DEM, "TR"}, {"Serb", DEM, "RS"}, {"Serbs", DEM, "RS"},
    {"Croat", DEM, "HR"}, {"Croats", DEM, "HR"}, {"Spaniard", DEM, "ES"},
    {"Spaniards", DEM, "ES"}, {"Filipino", DEM, "PH"}, {"Filipinos", DEM, "PH"},
    {"Kiwi", DEM, "NZ"}, {"Kiwis", DEM, "NZ"}, {"New Zealander", DEM, "NZ"},
    {"New Zealanders", DEM, "NZ"}, {"Icelander", DEM, "IS"},
    {"Icelanders", DEM, "IS"}, {"Luxembourger", DEM, "LU"},
    {"Luxembourgers", DEM, "LU"}, {"Swiss", DEM, "CH"},
    {"Flemish", GRP, "BE"}, {"Fleming", GRP, "BE"}, {"Flemings", GRP, "BE"},
    {"Walloon", GRP, "BE"}, {"Walloons", GRP, "BE"},
    {"Catalan", GRP, "ES"}, {"Catalans", GRP, "ES"}, {"Basque", GRP, "ES"},
    {"Basques", GRP, "ES"}, {"Bavarian", GRP, "DE"}, {"Bavarians", GRP, "DE"},
    {"Corsican", GRP, "FR"}, {"Corsicans", GRP, "FR"},
    {"Texan", GRP, "US"}, {"Texans", GRP, "US"}, {"Californian", GRP, "US"},
    {"Californians", GRP, "US"}, {"Quebecer", GRP, "CA"}, {"Quebecois", GRP, "CA"},
    {"Tibetan", GRP, "CN"}, {"Tibetans", GRP, "CN"}, {"Uighur", GRP, "CN"},
    {"Uighurs", GRP, "CN"}, {"Uyghur", GRP, "CN"}, {"Uyghurs", GRP, "CN"},
    {"Chechen", GRP, "RU"}, {"Chechens", GRP, "RU"},
    {"Kashmiri", GRP, NULL}, {"Kashmiris", GRP, NULL},
    {"Palestinian", GRP, "PS"}, {"Palestinians", GRP, "PS"},
    {"Kurd", GRP, NULL}, {"Kurds", GRP, NULL}, {"Kurdish", GRP, NULL},
    {"Pashtun", GRP, NULL}, {"Pashtuns", GRP, NULL}, {"Pashtoon", GRP, NULL},
    {"Tajik", GRP, NULL}, {"Tajiks", GRP, NULL}, {"Hazara", GRP, NULL},
    {"Hazaras", GRP, NULL}, {"Uzbeks", GRP, NULL}, {"Baluch", GRP, NULL},
    {"Baloch", GRP, NULL}, {"Punjabi", GRP, NULL}, {"Punjabis", GRP, NULL},
    {"Sindhi", GRP, NULL}, {"Tamil", GRP, NULL}, {"Tamils", GRP, NULL},
    {"Sinhalese", GRP, NULL}, {"Hutu", GRP, NULL}, {"Hutus", GRP, NULL},
    {"Tutsi", GRP, NULL}, {"Tutsis", GRP, NULL}, {"Berber", GRP, NULL},
    {"Berbers", GRP, NULL}, {"Bedouin", GRP, NULL}, {"Bedouins", GRP, NULL},
    {"Arab", GRP, NULL}, {"Arabs", GRP, NULL}, {"Persian", GRP, NULL},
    {"Persians", GRP, NULL}, {"Roma", GRP, NULL}, {"Slav", GRP, NULL},
    {"Slavs", GRP, NULL}, {"Slavic", GRP, NULL}, {"Latino", GRP, NULL},
    {"Latinos", GRP, NULL}, {"Latina", GRP, NULL}, {"Hispanic", GRP, NULL},
    {"Hispanics", GRP, NULL}, {"African-American", GRP, "US"},
    {"African-Americans", GRP, "US"}, {"African American", GRP, "US"},
    {"African Americans", GRP, "US"}, {"Asian", GRP, NULL},
    {"Asians", GRP, NULL}, {"African", GRP, NULL}, {"Africans", GRP, NULL},
    {"European", GRP, NULL}, {"Europeans", GRP, NULL}, {"Western", GRP, NULL},
    {"Westerners", GRP, NULL}, {"Latin American", GRP, NULL},
    {"Latin Americans", GRP, NULL}, {"Middle Eastern", GRP, NULL},
    {"Scandinavian", GRP, NULL}, {"Scandinavians", GRP, NULL},
    {"Balkan", GRP, NULL}, {"Caucasian", GRP, NULL}, {"Aboriginal", GRP, NULL},
    {"Muslim", GRP, NULL}, {"Muslims", GRP, NULL}, {"Moslem", GRP, NULL},
    {"Moslems", GRP, NULL}, {"Islamic", GRP, NULL}, {"Islamist", GRP, NULL},
    {"Islamists", GRP, NULL}, {"Jihadist", GRP, NULL}, {"Jihadists", GRP, NULL},
    {"Salafist", GRP, NULL}, {"Salafists", GRP, NULL}, {"Salafi", GRP, NULL},
    {"Wahhabi", GRP, NULL}, {"Sunni", GRP, NULL}, {"Sunnis", GRP, NULL},
    {"Shia", GRP, NULL}, {"Shias", GRP, NULL}, {"Shiite", GRP, NULL},
    {"Shiites", GRP, NULL}, {"Shi'ite", GRP, NULL}, {"Shi'ites", GRP, NULL},
    {"Alawite", GRP, NULL}, {"Alawites", GRP, NULL}, {"Druze", GRP, NULL},
    {"Sufi", GRP, NULL}, {"Ismaili", GRP, NULL}, {"Ahmadi", GRP, NULL},
    {"Christian", GRP, NULL}, {"Christians", GRP, NULL},
    {"Catholic", GRP, NULL}, {"Catholics", GRP, NULL},
    {"Roman Catholic", GRP, NULL}, {"Roman Catholics", GRP, NULL},
    {"Protestant", GRP, NULL}, {"Protestants", GRP, NULL},
    {"Orthodox", GRP, NULL}, {"Evangelical", GRP, NULL},
    {"Evangelicals", GRP, NULL}, {"Anglican", GRP, NULL},
    {"Anglicans", GRP, NULL}, {"Lutheran", GRP, NULL}, {"Methodist", GRP, NULL},
    {"Baptist", GRP, NULL}, {"Baptists", GRP, NULL}, {"Mormon", GRP, NULL},
    {"Mormons", GRP, NULL}, {"Coptic", GRP, NULL}, {"Copt", GRP, NULL},
    {"Copts", GRP, NULL}, {"Maronite", GRP, NULL}, {"Maronites", GRP, NULL},
    {"Jew", GRP, NULL}, {"Jews", GRP, NULL}, {"Jewish", GRP, NULL},
    {"Zionist", GRP, NULL}, {"Zionists", GRP, NULL}, {"Hindu", GRP, NULL},
    {"Hindus", GRP, NULL}, {"Sikh", GRP, NULL}, {"Sikhs", GRP, NULL},
    {"Buddhist", GRP, NULL}, {"Buddhists", GRP, NULL}, {"Jain", GRP, NULL},
    {"Yazidi", GRP, NULL}, {"Yazidis", GRP, NULL}, {"Bahai", GRP, NULL},
    {"Republican", GRP, "US"}, {"Republicans", GRP, "US"},
    {"Democrat", GRP, "US"}, {"Democrats", GRP, "US"},
    {"Democratic", GRP, "US"}, {"Conservative", GRP, NULL},
    {"Conservatives", GRP, NULL}, {"Tory", GRP, "GB"}, {"Tories", GRP, "GB"},
    {"Liberal", GRP, NULL}, {"Liberals", GRP, NULL},
    {"Liberal Democrat", GRP, "GB"}, {"Liberal Democrats", GRP, "GB"},
    {"Socialist", GRP, NULL}, {"Socialists", GRP, NULL},
    {"Communist", GRP, NULL}, {"Communists", GRP, NULL},
    {"Marxist", GRP, NULL}, {"Marxists", GRP, NULL}, {"Maoist", GRP, NULL},
    {"Maoists", GRP, NULL}, {"Leninist", GRP, NULL}, {"Nazi", GRP, NULL},
    {"Nazis", GRP, NULL}, {"Fascist", GRP, NULL}, {"Fascists", GRP, NULL},
    {"Bolshevik", GRP, NULL}, {"Bolsheviks", GRP, NULL},
    {"Gaullist", GRP, "FR"}, {"Gaullists", GRP, "FR"},
    {"Sandinista", GRP, "NI"}, {"Sandinistas", GRP, "NI"},
    {"Chavista", GRP, "VE"}, {"Peronist", GRP, "AR"}, {"Peronists", GRP, "AR"},
    {"Labourite", GRP, "GB"}, {"Unionist", GRP, NULL}, {"Unionists", GRP, NULL},
    {"Loyalist", GRP, NULL}, {"Loyalists", GRP, NULL},
    {"Nationalist", GRP, NULL}, {"Nationalists", GRP, NULL},
    {"Green", GRP, NULL}, {"Greens", GRP, NULL},
    {"Soviet", DEM, "RU"}, {"Soviets", DEM, "RU"},
};

/* News regions that are not UN statistical regions. */
static const char *const hand_regions[] = {
    "Middle East", "Mideast", "Near East", "Far East", "Balkans", "Caucasus",
    "Scandinavia", "Horn of Africa", "Sahel", "Maghreb", "Levant",
    "Persian Gulf", "Gulf", "Arabian Peninsula", "Asia-Pacific", "Asia Pacific",
    "Central Asia", "South Asia", "Southeast Asia", "East Asia",
    "North Africa", "West Africa", "East Africa", "Southern Africa",
    "Central Africa", "Latin America", "Central America", "South America",
    "North America", "Eastern Europe", "Western Europe", "Central Europe",
    "Arctic", "Antarctic", "Pacific", "Atlantic", "Mediterranean",
    "Indian Ocean", "Eurozone", "Euro zone", "Subcontinent", "Kashmir",
};

static int add_hand_lists(builder *b)
{
    for (size_t i = 0; i < sizeof hand_norp / sizeof *hand_norp; i++) {
        const hand_entry *h = &hand_norp[i];
        uint32_t c = h->country ? country_index(b, h->country, 2) : 0;
        int prio = h->flags & DEM ? PRIO_COUNTRY : PRIO_GROUP;
        int rc = add_str(b, h->phrase, h->flags, c, prio, 0,
                         h->flags & DEM ? &b->st->demonyms : &b->st->groups);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < sizeof hand_regions / sizeof *hand_regions; i++) {
        int rc = add_str(b, hand_regions[i], W5_LEX_REGION, 0, PRIO_NONE, 0,
                         &b->st->regions);
        if (rc)
            return rc;
    }
    return 0;
}
#undef DEM
#undef GRP

/* ---- PETRARCH actor dictionaries ------------------------------------------ */

/* The name of a dictionary entry as words: '_' becomes a space,
 * parenthesised parts ("(AAIA)") and a leading "THE" are dropped. Returns
 * the length written into out. */
static size_t cameo_phrase(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    int depth = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        char c = s[i];
        if (c == '(') {
            depth++;
        } else if (c == ')') {
            if (depth)
                depth--;
        } else if (!depth) {
            char w = c == '_' ? ' ' : c;
            if (w == ' ' && (o == 0 || out[o - 1] == ' '))
                continue;
            out[o++] = w;
        }
    }
    while (o && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    if (o > 4 && strncmp(out, "THE ", 4) == 0) {
        o -= 4;
        for (size_t k = 0; k <= o; k++) /* shift left, with the NUL */
            out[k] = out[k + 4];
    }
    return o;
}

/* Titles that open a synonym of a person ("PRESIDENT_KARZAI"): the name
 * span in news text leaves them out, so such synonyms are not stored. */
static int starts_with_title(const char *s)
{
    static const char *const titles[] = {
        "PRESIDENT ", "PRIME ", "MINISTER ", "GENERAL ", "GEN ", "GEN. ",
        "KING ", "QUEEN ", "PRINCE ", "SHEIKH ", "SHEIK ", "DR ", "DR. ",
        "MR ", "MR. ", "MRS ", "MS ", "SENATOR ", "SEN. ", "GOVERNOR ",
        "GOV. ", "CHANCELLOR ", "SECRETARY", "VICE ", "DEPUTY ", "FORMER ",
        "MAYOR ", "COLONEL ", "COL. ", "AYATOLLAH ", "MULLAH ", "CHAIRMAN ",
        "PREMIER ", "FOREIGN ", "DEFENSE ", "DEFENCE ", "UN ", "U.N. ",
        "UNITED NATIONS ", "EMIR ", "SULTAN ", "POPE ", "ADMIRAL ",
        "AMBASSADOR ", "JUDGE ", "JUSTICE ", "SPEAKER ", "LEADER ", "CHIEF ",
        "COMMANDER ", "MARSHAL ", "LT. ", "MAJOR ", "CAPTAIN ", "BARONESS ",
        "LORD ", "SIR ", "PRESIDENT-ELECT "};
    for (size_t i = 0; i < sizeof titles / sizeof *titles; i++)
        if (strncmp(s, titles[i], strlen(titles[i])) == 0)
            return 1;
    return 0;
}

enum { CAMEO_MAX_NAMES = 64 };

typedef struct cameo_block {
    char names[CAMEO_MAX_NAMES][160];
    int synonym[CAMEO_MAX_NAMES];
    int n;
    int person;      /* a dated or ELI code, or a CountryInfo leader */
    int active;
} cameo_block;

typedef enum { CAMEO_ORGS = 0, CAMEO_PEOPLE_ONLY } cameo_mode;

static int flush_block(builder *b, cameo_block *blk, cameo_mode mode)
{
    if (!blk->active)
        return 0;
    blk->active = 0;
    if (mode == CAMEO_PEOPLE_ONLY && !blk->person)
        return 0;
    uint32_t flags = blk->person ? W5_LEX_PERSON : W5_LEX_ORG;
    size_t *counter = blk->person ? &b->st->persons : &b->st->orgs;
    /* a CAMEO synonym that is a country, nationality or group name
     * ("+AMERICAN", "+GEORGIA") would make the word look like an actor */
    const uint32_t typed = W5_LEX_COUNTRY | W5_LEX_DEMONYM | W5_LEX_GROUP |
                           W5_LEX_REGION | W5_LEX_LANGUAGE;
    for (int i = 0; i < blk->n; i++) {
        const char *s = blk->names[i];
        if (blk->person && blk->synonym[i] && starts_with_title(s))
            continue;
        if (flags_of(b, s, strlen(s)) & typed)
            continue;
        int rc = add_str(b, s, flags, 0, PRIO_NONE, 0, counter);
        if (rc)
            return rc;
    }
    return 0;
}

static void block_add_name(cameo_block *blk, const char *s, size_t n, int synonym)
{
    if (blk->n >= CAMEO_MAX_NAMES)
        return;
    char *out = blk->names[blk->n];
    size_t len = cameo_phrase(s, n, out, sizeof blk->names[0]);
    if (len == 0 || memchr(out, '{', len) || memchr(out, '&', len) ||
        memchr(out, '<', len))
        return;
    blk->synonym[blk->n++] = synonym;
}

/* Looks at the codes on a line ("[AFGGOV 011222-141230]"): a date range or
 * an ELI (elite) code marks a person. */
static int codes_mark_person(const char *s, size_t n)
{
    const char *open = memchr(s, '[', n);
    while (open) {
        const char *close = memchr(open, ']', (size_t)(s + n - open));
        if (!close)
            break;
        for (const char *p = open; p < close; p++)
            if ((*p >= '0' && *p <= '9') || (p + 3 <= close && !strncmp(p, "ELI", 3)))
                return 1;
        open = memchr(close, '[', (size_t)(s + n - close));
    }
    return 0;
}

static int has_text(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, needle, k) == 0)
            return 1;
    return 0;
}

static int read_cameo(builder *b, const char *rel, cameo_mode mode)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", b->data_dir, rel);
    char *data = NULL;
    size_t len = 0;
    int rc = w5_read_file(path, &data, &len, b->err);
    if (rc)
        return rc;
    cameo_block *blk = calloc(1, sizeof *blk);
    if (!blk) {
        free(data);
        return w5_fail(b->err, W5_ERR_NOMEM, "out of memory");
    }
    const char *p = data, *end = data + len;
    while (p < end && !rc) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *hash = memchr(p, '#', (size_t)(eol - p));
        int countryinfo = hash && has_text(hash, (size_t)(eol - hash),
                                           "CountryInfo.txt");
        const char *le = hash ? hash : eol;
        const char *s = p;
        p = eol + 1;
        if (le - s >= 4 && strncmp(s, "<!--", 4) == 0)
            continue;
        int indented = s < le && (*s == ' ' || *s == '\t');
        while (s < le && (*s == ' ' || *s == '\t'))
            s++;
        while (le > s && (le[-1] == ' ' || le[-1] == '\t' || le[-1] == '\r'))
            le--;
        if (s == le) {
            if (!indented && !hash)
                rc = flush_block(b, blk, mode); /* a blank line ends a block */
            continue;
        }
        if (*s == '[') {
            if (blk->active && codes_mark_person(s, (size_t)(le - s)))
                blk->person = 1;
            continue;
        }
        const char *name_end = s;
        while (name_end < le && *name_end != ' ' && *name_end != '\t' && *name_end != '[')
            name_end++;
        if (*s == '+') {
            if (blk->active) {
                /* "A+_B": one line may hold several synonyms */
                const char *q = s + 1;
                while (q < name_end) {
                    const char *plus = memchr(q, '+', (size_t)(name_end - q));
                    const char *e = plus ? plus : name_end;
                    block_add_name(blk, q, (size_t)(e - q), 1);
                    q = e + 1;
                }
            }
        } else {
            if ((rc = flush_block(b, blk, mode)))
                break;
            blk->n = 0;
            blk->active = 1;
            blk->person = countryinfo;
            block_add_name(blk, s, (size_t)(name_end - s), 0);
        }
        if (blk->active && codes_mark_person(name_end, (size_t)(le - name_end)))
            blk->person = 1;
    }
    if (!rc)
        rc = flush_block(b, blk, mode);
    free(blk);
    free(data);
    if (rc == W5_ERR_NOMEM)
        return w5_fail(b->err, rc, "out of memory reading %s", path);
    return rc;
}

/* ---- writing -------------------------------------------------------------- */

static int write_table(builder *b, const char *out_path)
{
    uint32_t cap = (uint32_t)(b->n + b->n * 3 / 7 + 1); /* load ~0.7 */
    uint64_t *keys = calloc(cap, sizeof *keys);
    uint32_t *vals = calloc(cap, sizeof *vals);
    w5_mwriter *w = w5_mwriter_new("lexicon");
    int rc = W5_OK;
    if (!keys || !vals || !w) {
        rc = w5_fail(b->err, W5_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < b->cap; i++) {
        const bentry *e = &b->slots[i];
        if (!e->key)
            continue;
        uint32_t j = w5_lex_home_slot(e->key, cap);
        while (keys[j])
            j = j + 1 == cap ? 0 : j + 1;
        keys[j] = e->key;
        vals[j] = (e->flags & 0xFFFFu) | (e->country << 16);
    }
    w5_lex_meta meta = {.magic = W5_LEX_MAGIC, .cap = cap,
                        .count = (uint32_t)b->n, .max_words = b->max_words,
                        .ncountries = (uint32_t)(b->countries.n / 2)};
    if (w5_mwriter_add(w, "lex.meta", &meta, sizeof meta) ||
        w5_mwriter_add(w, "lex.keys", keys, (size_t)cap * sizeof *keys) ||
        w5_mwriter_add(w, "lex.vals", vals, (size_t)cap * sizeof *vals) ||
        w5_mwriter_add_strings(w, "lex.countries", b->countries.v,
                               b->countries.n)) {
        rc = w5_fail(b->err, W5_ERR_NOMEM, "out of memory");
        goto done;
    }
    rc = w5_mwriter_save(w, out_path, b->err);
    b->st->bytes = 64 + (size_t)cap * 12 + sizeof meta;
    b->st->phrases = b->n;
done:
    w5_mwriter_free(w);
    free(keys);
    free(vals);
    return rc;
}

int w5_lexicon_build(const char *data_dir, const char *out_path,
                     w5_lexicon_build_stats *stats, w5_error *err)
{
    w5_lexicon_build_stats local;
    if (!data_dir || !out_path)
        return w5_fail(err, W5_ERR_INVALID, "w5_lexicon_build: NULL argument");
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    builder b;
    memset(&b, 0, sizeof b);
    b.st = stats;
    b.data_dir = data_dir;
    b.err = err;
    int rc = 0;
    /* countries.tsv first: it defines the country table */
    if (!rc) rc = for_each_row(&b, "gazetteers/countries/countries.tsv", row_country);
    if (!rc) rc = for_each_row(&b, "gazetteers/countries/country_names.tsv", row_country_name);
    if (!rc) rc = for_each_row(&b, "gazetteers/countries/demonyms.tsv", row_demonym);
    if (!rc) rc = for_each_row(&b, "gazetteers/countries/languages.tsv", row_language);
    if (!rc) rc = for_each_row(&b, "gazetteers/persons/first_names.tsv", row_first_name);
    if (!rc) rc = for_each_row(&b, "gazetteers/persons/surnames.tsv", row_surname);
    if (!rc) rc = for_each_row(&b, "gazetteers/places/cities.tsv", row_city);
    if (!rc) rc = for_each_row(&b, "gazetteers/places/admin1.tsv", row_admin1);
    if (!rc) rc = for_each_row(&b, "gazetteers/places/us_states.tsv", row_us_state);
    if (!rc) rc = for_each_row(&b, "gazetteers/places/regions.tsv", row_region);
    if (!rc) rc = add_hand_lists(&b) ? w5_fail(err, W5_ERR_NOMEM, "out of memory") : 0;
    if (!rc) rc = read_cameo(&b, "cameo/petrarch2/Phoenix.International.actors.txt", CAMEO_ORGS);
    if (!rc) rc = read_cameo(&b, "cameo/petrarch2/Phoenix.MilNonState.actors.txt", CAMEO_ORGS);
    if (!rc) rc = read_cameo(&b, "cameo/petrarch2/Phoenix.Countries.actors.txt", CAMEO_PEOPLE_ONLY);
    if (!rc) rc = write_table(&b, out_path);
    for (size_t i = 0; i < b.countries.n; i++)
        free((void *)b.countries.v[i]);
    w5_vec_free(&b.countries);
    free(b.slots);
    return rc;
}
