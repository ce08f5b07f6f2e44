/* test_quotes_eval.c - the brat attribution reader and the quote scorer. */
#include <string.h>

#include "check.h"
#include "doc/doc.h"
#include "eval/quotes.h"
#include "input/brat.h"
#include "quotes/quotes.h"

/* "“Go,” Ana said." - the curly marks are 3 bytes but 1 code point. */
static const char text[] =
    "\xE2\x80\x9CWe will go home,\xE2\x80\x9D Ana said. Bo says it is late.";

static void test_brat_code_points(void)
{
    /* code points: “=0 We=1..2 ... ”=17; "Ana" at 19..22; "said" 23..27 */
    const char ann[] =
        "T1\tSource 19 22\tAna\n"
        "T2\tCue 23 27\tsaid\n"
        "T3\tContent 0 18\t\xE2\x80\x9CWe will go home,\xE2\x80\x9D\n"
        "T4\tAttribution 23 27\tsaid\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "T5\tContent 37 39;40 42\tit is\n"
        "E2\tAttribution:T4 Content:T5\n"
        "T6\tAttribution-no-source 1 3\tWe\n"
        "#1\tAnnotatorNotes T1\tignored\n"
        "T7\tCue 23 27\ta text column\n"
        "The rest of it after a line break\n";
    w5_brat b;
    w5_error err;
    int rc = w5_brat_parse(ann, strlen(ann), text, strlen(text), &b, &err);
    CHECK(rc == W5_OK, "%s", err.message);
    CHECK(b.rels.n == 2, "relations: %zu", b.rels.n);
    if (b.rels.n == 2) {
        const w5_brat_rel *r = &b.rels.v[0];
        CHECK(memcmp(text + r->source.start, "Ana", 3) == 0 &&
              r->source.end - r->source.start == 3, "source bytes");
        CHECK(memcmp(text + r->cue.start, "said", 4) == 0, "cue bytes");
        CHECK(r->content.start == 0 && r->content.end == 22, "content %u-%u",
              r->content.start, r->content.end);
        const w5_brat_rel *r2 = &b.rels.v[1];
        CHECK(r2->content.count == 2, "two fragments");
        CHECK(r2->cue.count == 0 && r2->source.count == 0, "no cue, source");
        CHECK(memcmp(text + b.frags.v[r2->content.first + 1].start, "is", 2) == 0,
              "second fragment");
    }
    w5_brat_free(&b);
}

static void test_brat_malformed(void)
{
    const char *bad[] = {
        "T1\tSource 5\tx\n", "T1\tSource 10 5\tx\n", "T1\tSource 0 9999\tx\n",
        "T1\tSource a b\tx\n", "E1\tAttribution:X1\n", "T1\tSource\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        w5_brat b;
        w5_error err;
        int rc = w5_brat_parse(bad[i], strlen(bad[i]), text, strlen(text), &b,
                               &err);
        CHECK(rc == W5_ERR_FORMAT, "bad %zu: rc %d", i, rc);
        w5_brat_free(&b);
    }
    w5_brat b;
    w5_error err;
    CHECK(w5_brat_parse("", 0, "", 0, &b, &err) == W5_OK, "empty");
    CHECK(b.rels.n == 0, "no relations");
    w5_brat_free(&b);
}

static void test_score(void)
{
    const char ann[] =
        "T1\tSource 19 22\tAna\n"
        "T2\tCue 23 27\tsaid\n"
        "T3\tContent 0 18\tx\n"
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
        "T4\tSource 29 31\tBo\n"
        "T5\tCue 32 36\tsays\n"
        "T6\tContent 37 48\tit is late\n"
        "E2\tAttribution:T5 Content:T6 Cue:T5 Source:T4\n";
    w5_doc *doc = NULL;
    w5_brat b;
    w5_error err;
    uint32_t *spk = NULL;
    memset(&b, 0, sizeof b);
    if (w5_doc_new(text, strlen(text), &doc, &err) ||
        w5_analyze(NULL, doc, W5_STAGE_SENTENCES, &err) ||
        w5_quotes_detect(doc, &spk, &err) ||
        w5_brat_parse(ann, strlen(ann), text, strlen(text), &b, &err)) {
        CHECK(0, "%s", err.message);
    } else {
        w5_eval_quotes ev;
        w5_eval_quotes_init(&ev);
        CHECK(w5_eval_quotes_doc(&ev, doc, spk, &b, &err) == W5_OK, "%s",
              err.message);
        CHECK(ev.all.gold == 2 && ev.all.pred == 2, "gold %zu pred %zu",
              ev.all.gold, ev.all.pred);
        CHECK(ev.all.exact == 2, "exact %zu", ev.all.exact);
        CHECK(ev.all.cue_match == 2, "cues %zu", ev.all.cue_match);
        /* no models: the speaker phrases become the quotes' mentions */
        CHECK(ev.all.spk_total == 2 && ev.all.spk_phrase == 2, "speakers %zu/%zu",
              ev.all.spk_phrase, ev.all.spk_total);
        CHECK(ev.all.spk_ment == 2 && ev.all.spk_head == 2,
              "speaker mentions %zu, heads %zu", ev.all.spk_ment,
              ev.all.spk_head);
        CHECK(ev.direct.gold == 1 && ev.direct.pred == 1 && ev.direct.exact == 1,
              "direct %zu %zu %zu", ev.direct.gold, ev.direct.pred,
              ev.direct.exact);
        char *report = w5_eval_quotes_report(&ev);
        CHECK(report && strstr(report, "all relations: 2 gold") &&
              strstr(report, "speaker (head)"), "report");
        free(report);
        /* a Source whose head is not the predicted speaker: "Bo says"
         * read as one phrase ends in "says"; "Bo" overlaps it (mention
         * accuracy) but does not hold its head */
        const char ann2[] =
            "T4\tSource 29 36\tBo says\n"
            "T5\tCue 32 36\tsays\n"
            "T6\tContent 37 48\tit is late\n"
            "E2\tAttribution:T5 Content:T6 Cue:T5 Source:T4\n";
        w5_brat b2;
        w5_eval_quotes ev2;
        w5_eval_quotes_init(&ev2);
        if (w5_brat_parse(ann2, strlen(ann2), text, strlen(text), &b2, &err) ==
                W5_OK &&
            w5_eval_quotes_doc(&ev2, doc, spk, &b2, &err) == W5_OK) {
            CHECK(ev2.all.spk_total == 1 && ev2.all.spk_ment == 1 &&
                      ev2.all.spk_head == 0,
                  "head: %zu of %zu (mention %zu)", ev2.all.spk_head,
                  ev2.all.spk_total, ev2.all.spk_ment);
            w5_brat_free(&b2);
        } else {
            CHECK(0, "%s", err.message);
        }
    }
    free(spk);
    w5_brat_free(&b);
    w5_doc_free(doc);
}

int main(void)
{
    RUN(test_brat_code_points);
    RUN(test_brat_malformed);
    RUN(test_score);
    return check_summary();
}
