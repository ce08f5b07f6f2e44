/* test_lexicon.c - the lexicon: compile a tiny fixture, load it, look up;
 * a few lookups on models/lexicon.w5m when it is there. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "lexicon/lexicon.h"

static char fixture_lex[256];

static uint32_t flags(const w5_lexicon *lex, const char *s)
{
    return w5_lexicon_flags(lex, s, strlen(s));
}

static const char *country(const w5_lexicon *lex, const char *s)
{
    const char *a2 = NULL, *name = NULL;
    if (!w5_lexicon_country(lex, s, strlen(s), &a2, &name))
        return "";
    return a2;
}

static const char *place_country(const w5_lexicon *lex, const char *s)
{
    const char *a2 = NULL, *name = NULL;
    if (!w5_lexicon_place_country(lex, s, strlen(s), &a2, &name))
        return "";
    return a2;
}

static void test_build_fixture(void)
{
    w5_error err;
    w5_lexicon_build_stats st;
    snprintf(fixture_lex, sizeof fixture_lex, "/tmp/w5-test-lexicon-%ld.w5m",
             (long)getpid());
    CHECK(w5_lexicon_build("tests/fixtures/lexicon", fixture_lex, &st, &err) == W5_OK,
          "%s", err.message);
    CHECK(st.phrases > 20, "only %zu phrases", st.phrases);
    CHECK(st.first_names == 3, "first names %zu (Rare is below the cut-off)",
          st.first_names);
    CHECK(w5_lexicon_build("tests/fixtures/no-such-dir", fixture_lex, NULL, &err) != W5_OK,
          "missing data folder accepted");
    CHECK(strstr(err.message, "no-such-dir") != NULL, "message: %s", err.message);
}

static void test_fixture_lookups(void)
{
    w5_error err;
    w5_lexicon *lex = NULL;
    if (w5_lexicon_build("tests/fixtures/lexicon", fixture_lex, NULL, &err) != W5_OK) {
        CHECK(0, "%s", err.message);
        return;
    }
    CHECK(w5_lexicon_load(fixture_lex, &lex, &err) == W5_OK, "%s", err.message);
    if (!lex)
        return;
    /* names and genders */
    CHECK(flags(lex, "Hamid") & W5_LEX_FIRST_MALE, "Hamid male");
    CHECK(!(flags(lex, "Hamid") & W5_LEX_FIRST_FEMALE), "Hamid not female");
    CHECK(!(flags(lex, "Hamid") & W5_LEX_CITY), "alternate city name that is a first name");
    CHECK((flags(lex, "JORDAN") & (W5_LEX_FIRST_MALE | W5_LEX_FIRST_FEMALE)) ==
              (W5_LEX_FIRST_MALE | W5_LEX_FIRST_FEMALE), "unisex Jordan");
    CHECK(flags(lex, "mary") == W5_LEX_FIRST_FEMALE, "Mary female");
    CHECK(flags(lex, "Rare") == 0, "rare name kept");
    CHECK(flags(lex, "Kerry") & W5_LEX_SURNAME, "Kerry surname");
    CHECK(flags(lex, "O'Brien") & W5_LEX_SURNAME, "apostrophe ignored");
    CHECK(flags(lex, "O\xE2\x80\x99" "Brien") & W5_LEX_SURNAME, "curly apostrophe");
    CHECK(flags(lex, "TooRare") == 0, "surname rank cut-off");
    /* countries, demonyms, plurals */
    CHECK(flags(lex, "Afghanistan") & W5_LEX_COUNTRY, "Afghanistan");
    CHECK_STR(country(lex, "afghan"), "AF");
    CHECK_STR(country(lex, "Afghans"), "AF");
    CHECK_STR(country(lex, "Pakistanis"), "PK");
    CHECK(flags(lex, "Pakistanis") & W5_LEX_DEMONYM, "plural demonym");
    CHECK(flags(lex, "Chineses") == 0, "no plural of -ese");
    CHECK_STR(country(lex, "U.S."), "US");
    CHECK_STR(country(lex, "Flemish"), "BE");
    CHECK(flags(lex, "Flemish") & W5_LEX_GROUP, "Flemish group");
    CHECK(flags(lex, "Muslims") & W5_LEX_GROUP, "Muslims group");
    CHECK(flags(lex, "Côte test") & W5_LEX_COUNTRY, "UTF-8 case folding");
    CHECK(flags(lex, "CÔTE TEST") & W5_LEX_COUNTRY, "UTF-8 upper case");
    const char *name = NULL, *a2 = NULL;
    CHECK(w5_lexicon_country(lex, "Belgian", 7, &a2, &name) == 1, "Belgian");
    CHECK_STR(name, "Belgium");
    /* places */
    CHECK(flags(lex, "Brussels") & W5_LEX_CITY, "Brussels city");
    CHECK(flags(lex, "Brussels") & W5_LEX_BIG_CITY, "Brussels big");
    CHECK(flags(lex, "Bruxelles") & W5_LEX_CITY, "alternate name");
    CHECK(flags(lex, "Tinyville") == 0, "small town kept");
    CHECK(flags(lex, "of") == 0, "function word as a place");
    CHECK_STR(place_country(lex, "Kabul"), "AF");
    CHECK_STR(country(lex, "Kabul"), "");
    CHECK_STR(place_country(lex, "Flanders"), "BE");
    CHECK(flags(lex, "Flanders") & W5_LEX_ADMIN1, "admin1");
    CHECK(flags(lex, "Calif.") & W5_LEX_ADMIN1, "AP abbreviation");
    CHECK(flags(lex, "CA") == 0, "postal code");
    CHECK(flags(lex, "Middle East") & W5_LEX_REGION, "hand region");
    CHECK(flags(lex, "Asia") & W5_LEX_REGION, "region");
    CHECK(flags(lex, "Pashto") & W5_LEX_LANGUAGE, "language");
    /* CAMEO actors */
    CHECK(flags(lex, "Test Alliance") & W5_LEX_ORG, "THE_ dropped");
    CHECK(flags(lex, "NATO") & W5_LEX_ORG, "synonym");
    CHECK(flags(lex, "north test treaty organization") & W5_LEX_ORG, "parenthesis dropped");
    CHECK(flags(lex, "Alice Example") & W5_LEX_PERSON, "dated codes: a person");
    CHECK(!(flags(lex, "Alice Example") & W5_LEX_ORG), "person not org");
    CHECK(flags(lex, "President Example") == 0, "titled synonym skipped");
    CHECK(flags(lex, "American Test Company") & W5_LEX_ORG, "company");
    CHECK(!(flags(lex, "American") & W5_LEX_ORG), "demonym synonym skipped");
    CHECK(flags(lex, "front for testing") & W5_LEX_ORG, "non-state");
    CHECK(flags(lex, "Hamid Karzai") & W5_LEX_PERSON, "leader");
    CHECK(flags(lex, "Karzai") & W5_LEX_PERSON, "leader synonym");
    CHECK(flags(lex, "president karzai") == 0, "titled leader synonym");
    CHECK(flags(lex, "Test National Army") == 0, "country-file institutions left out");
    /* normalisation and incremental keys */
    CHECK(flags(lex, "  hamid   KARZAI ") & W5_LEX_PERSON, "spaces");
    w5_lexkey k;
    w5_lexkey_init(&k);
    w5_lexkey_add(&k, "Hamid", 5);
    CHECK(w5_lexicon_flags_key(lex, &k) & W5_LEX_FIRST_MALE, "key 1 word");
    w5_lexkey_add(&k, "Karzai", 6);
    CHECK(w5_lexicon_flags_key(lex, &k) & W5_LEX_PERSON, "key 2 words");
    CHECK(k.words == 2, "words %d", k.words);
    CHECK(flags(lex, "") == 0 && flags(lex, "   ") == 0, "empty");
    CHECK(flags(lex, "\xff\xfe") == 0, "invalid UTF-8");
    CHECK(w5_lexicon_max_words(lex) >= 4, "max words %d", w5_lexicon_max_words(lex));
    CHECK(flags(NULL, "Hamid") == 0, "NULL lexicon");
    w5_lexicon_free(lex);
    w5_lexicon_free(NULL);
}

static void test_load_errors(void)
{
    w5_error err;
    w5_lexicon *lex = NULL;
    CHECK(w5_lexicon_load("/nonexistent/lexicon.w5m", &lex, &err) != W5_OK, "missing");
    CHECK(lex == NULL, "out set on failure");
    CHECK(strstr(err.message, "/nonexistent/lexicon.w5m") != NULL, "%s", err.message);
    /* a truncated copy */
    FILE *in = fopen(fixture_lex, "rb");
    char trunc[300];
    snprintf(trunc, sizeof trunc, "%s.trunc", fixture_lex);
    FILE *out = fopen(trunc, "wb");
    if (in && out) {
        char buf[200];
        size_t n = fread(buf, 1, sizeof buf, in);
        fwrite(buf, 1, n, out);
    }
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    CHECK(w5_lexicon_load(trunc, &lex, &err) != W5_OK, "truncated accepted");
    remove(trunc);
}

static void test_model_file(void)
{
    w5_error err;
    w5_lexicon *lex = NULL;
    if (access("models/lexicon.w5m", R_OK) != 0)
        return; /* not built: nothing to check */
    CHECK(w5_lexicon_load("models/lexicon.w5m", &lex, &err) == W5_OK, "%s", err.message);
    if (!lex)
        return;
    CHECK(flags(lex, "Afghan") & W5_LEX_DEMONYM, "Afghan");
    CHECK_STR(country(lex, "Afghan"), "AF");
    CHECK(flags(lex, "Pakistanis") & W5_LEX_DEMONYM, "Pakistanis");
    CHECK_STR(country(lex, "Pakistanis"), "PK");
    CHECK(flags(lex, "Hamid") & W5_LEX_FIRST_MALE, "Hamid male");
    CHECK(!(flags(lex, "Hamid") & W5_LEX_FIRST_FEMALE), "Hamid not female");
    CHECK(flags(lex, "Brussels") & W5_LEX_CITY, "Brussels city");
    CHECK(flags(lex, "NATO") & W5_LEX_ORG, "NATO org");
    CHECK(flags(lex, "Hamid Karzai") & W5_LEX_PERSON, "Karzai");
    CHECK(flags(lex, "Flemish") & W5_LEX_GROUP, "Flemish");
    CHECK(w5_lexicon_size(lex) > 100000, "size %zu", w5_lexicon_size(lex));
    w5_lexicon_free(lex);
}

int main(void)
{
    RUN(test_build_fixture);
    RUN(test_fixture_lookups);
    RUN(test_load_errors);
    RUN(test_model_file);
    remove(fixture_lex);
    return check_summary();
}
