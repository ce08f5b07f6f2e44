/*
 * test_brussels.c - the reference article end to end, through the public
 * API with the shipped models: what a reader of examples/brussels.txt
 * knows (who, their roles, who said what, when, the meeting) must come
 * out of w5_analyze. Skipped when the models are missing.
 */
#include "check.h"
#include "doc_queries.h"
#include "util/util.h"
#include "w5.h"

static w5_doc *doc;
static const char *text;

static long entity_named(const char *name) { return dq_entity_named(doc, name); }
static int has_mention(long e, const char *surface) { return dq_has_mention(doc, text, e, surface); }

static void test_people_merged_across_mentions(void)
{
    long kerry = entity_named("John F Kerry"), karzai = entity_named("Hamid Karzai");
    long kayani = entity_named("Ashfaq Kayani"), nato = entity_named("North Atlantic Treaty Organisation");
    CHECK(kerry >= 0 && karzai >= 0 && kayani >= 0 && nato >= 0, "entities %ld %ld %ld %ld",
          kerry, karzai, kayani, nato);
    CHECK(kerry != karzai, "Kerry and Karzai are two people");
    CHECK(has_mention(kerry, "Kerry") && !has_mention(kerry, "Karzai"), "Kerry's mentions");
    CHECK(has_mention(karzai, "Karzai") && !has_mention(karzai, "Kerry"), "Karzai's mentions");
    CHECK(has_mention(kayani, "Kayani"), "Kayani");
    CHECK(has_mention(nato, "NATO") && has_mention(nato, "Nato"), "NATO = Nato = the expansion");
    w5_entity ent;
    if (kerry >= 0 && w5_doc_entity(doc, (size_t)kerry, &ent) == 0) {
        CHECK_STR(ent.type, "PERSON");
        CHECK(ent.gender && strcmp(ent.gender, "male") == 0, "Kerry's gender");
    }
}

static int has_role(long e, const char *title, const char *affiliation)
{
    return dq_has_role(doc, e, title, affiliation);
}

static void test_roles(void)
{
    CHECK(has_role(entity_named("Hamid Karzai"), "president", "Afghan"), "Afghan President");
    CHECK(has_role(entity_named("John F Kerry"), "secretary of state", "US"), "US Secretary of State");
    CHECK(!has_role(entity_named("John F Kerry"), "president", "Afghan"), "Kerry is no Afghan president");
    CHECK(has_role(entity_named("Bismillah Mohammadi Khan"), "minister of defence", "Afghanistan"),
          "Afghanistan's minister of defence");
    CHECK(has_role(entity_named("Jalil Abbas Jilani"), "foreign secretary", "Pakistan"),
          "Pakistan's foreign secretary");
    CHECK(has_role(entity_named("David Cameron"), "prime minister", "British"), "British Prime Minister");
}

static long speaker_of(const char *needle, w5_quote *out)
{
    return dq_speaker_of(doc, text, needle, out);
}

static void test_quotes_and_speakers(void)
{
    long kerry = entity_named("John F Kerry"), karzai = entity_named("Hamid Karzai");
    w5_quote q;
    CHECK(speaker_of("We had a very extensive", &q) == kerry, "quote after which 'Kerry told reporters'");
    CHECK(q.kind == W5_QUOTE_DIRECT, "direct");
    CHECK(q.cue_end > q.cue_start && !memcmp(text + q.cue_start, "told", 4), "cue 'told reporters'");
    CHECK(speaker_of("We will under-promise", &q) == kerry, "'he said' after 'Flanked by ...' is Kerry");
    CHECK(speaker_of("hope...for the best", &q) == karzai, "'he told reporters' is Karzai");
    CHECK(speaker_of("we made progress", &q) == kerry, "partial quote");
    CHECK(speaker_of("Islamabad had not taken", &q) >= 0, "Karzai's spokesman said Monday that ...");
    CHECK(q.kind == W5_QUOTE_INDIRECT, "reported speech");
    /* "But they say the Pakistanis don't want ...": they, the Afghan leaders */
    long leaders = dq_entity_of(doc, text, "Afghan leaders");
    CHECK(leaders >= 0 && speaker_of("the Pakistanis don", &q) == leaders,
          "they = Afghan leaders");
    /* no one holds a position in what relations or a denial do */
    char who[64];
    if (dq_quote_with(doc, text, 0, "peacemaking efforts", &q) >= 0) {
        dq_speaker_text(doc, text, &q, who, sizeof who);
        CHECK(strcmp(who, "relations") != 0, "relations hold no position");
    }
    CHECK(dq_quote_with(doc, text, 0, "any details of what", &q) < 0,
          "without disclosing any details: no position");
}

/* "The estate where they met, Truman Hall, ...", "his country retreat,
 * Chequers": places, though named like a person and a company */
static void test_places_named_in_apposition(void)
{
    w5_entity ent;
    long hall = entity_named("Truman Hall"), chequers = entity_named("Chequers");
    CHECK(hall >= 0 && w5_doc_entity(doc, (size_t)hall, &ent) == 0 &&
              strcmp(ent.type, "LOC") == 0, "Truman Hall is a place");
    CHECK(chequers >= 0 && w5_doc_entity(doc, (size_t)chequers, &ent) == 0 &&
              strcmp(ent.type, "LOC") == 0, "Chequers is a place");
}

static const char *time_value(const char *surface) { return dq_time_value(doc, text, surface); }

static void test_dates_resolved(void)
{
    CHECK_STR(time_value("Wednesday"), "2013-04-24");
    CHECK_STR(time_value("Monday"), "2013-04-22");
    CHECK_STR(time_value("next year"), "2014");
    CHECK_STR(time_value("1984"), "1984");
    CHECK_STR(time_value("more than three hours"), "PT3H");
}

static void test_the_meeting_event(void)
{
    w5_event ev;
    int found = 0;
    size_t at = 0;
    for (; at < w5_doc_event_count(doc); at++) {
        w5_doc_event(doc, at, &ev);
        if ((found = ev.end - ev.start == 3 && !memcmp(text + ev.start, "met", 3)))
            break;
    }
    CHECK(found, "the meeting is an event");
    if (!found)
        return;
    CHECK_STR(ev.code, "040");
    w5_time t;
    CHECK(ev.time >= 0 && w5_doc_time(doc, (size_t)ev.time, &t) == 0 &&
          strcmp(t.value, "2013-04-24") == 0, "on Wednesday, 2013-04-24");
    CHECK(ev.place >= 0 && ev.place == entity_named("Brussels"), "in Brussels");
    CHECK(ev.target == entity_named("John F Kerry"), "with Kerry");
    int afghanistan = 0, pakistan = 0;
    for (size_t k = 0; k < w5_doc_event_participant_count(doc, at); k++) {
        long e;
        w5_doc_event_participant(doc, at, k, &e);
        afghanistan |= e == entity_named("Afghanistan");
        pakistan |= e == entity_named("Pakistan");
    }
    CHECK(afghanistan && pakistan, "Afghan and Pakistani leaders take part");
}

int main(void)
{
    w5_error err;
    w5_pipeline *pipe = NULL;
    w5_options opts = w5_default_options();
    opts.model_dir = W5_MODEL_DIR;
    char *data;
    size_t len;
    if (w5_pipeline_open(&opts, &pipe, &err) ||
        w5_read_file("examples/brussels.txt", &data, &len, &err)) {
        printf("skipped: %s\n0 passed, 0 failed\n", err.message);
        return 0;
    }
    text = data;
    if (w5_doc_new(data, len, &doc, &err) || w5_doc_set_meta(doc, W5_META_DATE, "2013-04-24", &err) ||
        w5_analyze(pipe, doc, W5_STAGE_ALL, &err)) {
        fprintf(stderr, "analyze: %s\n", err.message);
        return 1;
    }
    RUN(test_people_merged_across_mentions);
    RUN(test_roles);
    RUN(test_quotes_and_speakers);
    RUN(test_dates_resolved);
    RUN(test_the_meeting_event);
    RUN(test_places_named_in_apposition);
    w5_doc_free(doc);
    w5_pipeline_free(pipe);
    free(data);
    return check_summary();
}
