/*
 * json.c - one document as one JSON object on one line, following
 * docs/w5-doc.schema.json ("schema": "w5-doc/2"). A layer appears only
 * when its stage ran, so a consumer can tell "none found" ([]) from "not
 * asked for" (absent). Indices (mention.entity, quote.speaker.mention,
 * event.source, ...) point into the arrays of the same object; null means
 * none. Strings are valid UTF-8: invalid input bytes become U+FFFD.
 *
 * Written by hand rather than through a JSON library: documents can be
 * large, and appending to one buffer keeps this a single linear pass.
 */
#include <math.h>
#include <string.h>

#include "output/output.h"

/* The writer state: the buffer and whether the next value needs a comma. */
typedef struct jw {
    w5_obuf *buf;
    const w5_doc *doc;
    int need_comma;
} jw;

static void sep(jw *w)
{
    if (w->need_comma)
        w5_obuf_putc(w->buf, ',');
    w->need_comma = 1;
}

static void key(jw *w, const char *k)
{
    sep(w);
    w5_obuf_putc(w->buf, '"');
    w5_obuf_puts(w->buf, k);
    w5_obuf_puts(w->buf, "\":");
    w->need_comma = 0;
}

static void open_(jw *w, char c)
{
    sep(w);
    w5_obuf_putc(w->buf, c);
    w->need_comma = 0;
}

static void close_(jw *w, char c)
{
    w5_obuf_putc(w->buf, c);
    w->need_comma = 1;
}

static void val_str(jw *w, const char *s)
{
    sep(w);
    if (s)
        w5_obuf_put_json_string(w->buf, s, strlen(s));
    else
        w5_obuf_puts(w->buf, "null");
}

static void val_span(jw *w, size_t start, size_t end)
{
    sep(w);
    if (end > w->doc->len)
        end = w->doc->len;
    if (start > end)
        start = end;
    w5_obuf_put_json_string(w->buf, w->doc->text + start, end - start);
}

static void val_size(jw *w, size_t v)
{
    sep(w);
    w5_obuf_put_size(w->buf, v);
}

/* An index into another array, or null when negative. */
static void val_index(jw *w, long v)
{
    sep(w);
    if (v < 0)
        w5_obuf_puts(w->buf, "null");
    else
        w5_obuf_put_long(w->buf, v);
}

static void val_bool(jw *w, int v)
{
    sep(w);
    w5_obuf_puts(w->buf, v ? "true" : "false");
}

static void val_num(jw *w, double v)
{
    sep(w);
    if (!isfinite(v))
        v = 0;
    w5_obuf_printf(w->buf, "%.4g", v);
}

#define KSTR(w, k, v) (key(w, k), val_str(w, v))
#define KSIZE(w, k, v) (key(w, k), val_size(w, v))
#define KINDEX(w, k, v) (key(w, k), val_index(w, v))
#define KSPAN(w, k, s, e) (key(w, k), val_span(w, s, e))

static const char *const stage_names[] = {
    "tokens", "sentences", "tags", "parse", "entities",
    "coref", "roles", "quotes", "times", "events"};

static void put_meta(jw *w, unsigned flags)
{
    const w5_doc *doc = w->doc;
    KSTR(w, "schema", W5_JSON_SCHEMA_VERSION);
    KSTR(w, "id", doc->meta[W5_META_ID]);
    KSTR(w, "title", doc->meta[W5_META_TITLE]);
    KSTR(w, "date", doc->meta[W5_META_DATE]);
    KSTR(w, "url", doc->meta[W5_META_URL]);
    if (!(flags & W5_JSON_NO_TEXT))
        KSPAN(w, "text", 0, doc->len);
    key(w, "stages");
    open_(w, '[');
    for (unsigned i = 0; i < sizeof stage_names / sizeof *stage_names; i++)
        if (doc->stages & (1u << i))
            val_str(w, stage_names[i]);
    close_(w, ']');
}

static void put_tokens(jw *w)
{
    const w5_doc *doc = w->doc;
    int tags = (doc->stages & W5_STAGE_TAGS) != 0;
    int parse = (doc->stages & W5_STAGE_PARSE) != 0;
    key(w, "tokens");
    open_(w, '[');
    for (size_t i = 0; i < doc->toks.n; i++) {
        w5_token t;
        w5_doc_token(doc, i, &t);
        open_(w, '{');
        KSIZE(w, "i", i);
        KSIZE(w, "start", t.start);
        KSIZE(w, "end", t.end);
        KSPAN(w, "text", t.start, t.end);
        if (doc->stages & W5_STAGE_SENTENCES)
            KSIZE(w, "sentence", t.sentence);
        if (tags) {
            KSTR(w, "upos", t.upos);
            KSTR(w, "xpos", t.xpos);
            KSTR(w, "lemma", t.lemma);
        }
        if (parse) {
            /* -1 is the root: null would read as "no head". */
            key(w, "head");
            sep(w);
            w5_obuf_put_long(w->buf, t.head < -1 ? -1L : t.head);
            KSTR(w, "deprel", t.deprel);
            /* "_" (no features) is left out, as absent */
            if (t.feats && strcmp(t.feats, "_") != 0)
                KSTR(w, "feats", t.feats);
        }
        key(w, "space_after");
        val_bool(w, (t.flags & W5_TOKEN_SPACE_AFTER) != 0);
        if (t.flags & W5_TOKEN_PARA_START) {
            key(w, "para_start");
            val_bool(w, 1);
        }
        close_(w, '}');
    }
    close_(w, ']');
}

static void put_sentences(jw *w)
{
    const w5_doc *doc = w->doc;
    key(w, "sentences");
    open_(w, '[');
    for (size_t i = 0; i < doc->sents.n; i++) {
        w5_sentence s;
        w5_doc_sentence(doc, i, &s);
        open_(w, '{');
        KSIZE(w, "i", i);
        KSIZE(w, "start", s.start);
        KSIZE(w, "end", s.end);
        KSIZE(w, "token_begin", s.token_begin);
        KSIZE(w, "token_end", s.token_end);
        KSIZE(w, "paragraph", s.paragraph);
        close_(w, '}');
    }
    close_(w, ']');
}

static void put_mentions(jw *w)
{
    const w5_doc *doc = w->doc;
    key(w, "mentions");
    open_(w, '[');
    for (size_t i = 0; i < doc->ments.n; i++) {
        w5_mention m;
        w5_doc_mention(doc, i, &m);
        open_(w, '{');
        KSIZE(w, "i", i);
        KSIZE(w, "start", m.start);
        KSIZE(w, "end", m.end);
        KSPAN(w, "text", m.start, m.end);
        KSTR(w, "type", m.type);
        KSTR(w, "kind", w5_output_mention_kind(m.kind));
        KSIZE(w, "sentence", m.sentence);
        KSIZE(w, "token_begin", m.token_begin);
        KSIZE(w, "token_end", m.token_end);
        KINDEX(w, "entity", m.entity);
        close_(w, '}');
    }
    close_(w, ']');
}

static void put_entities(jw *w)
{
    const w5_doc *doc = w->doc;
    key(w, "entities");
    open_(w, '[');
    for (size_t i = 0; i < doc->ents.n; i++) {
        w5_entity e;
        w5_doc_entity(doc, i, &e);
        open_(w, '{');
        KSIZE(w, "id", i);
        KSTR(w, "name", e.name);
        KSTR(w, "type", e.type);
        KSTR(w, "gender", e.gender);
        key(w, "salience");
        val_num(w, e.salience);
        key(w, "mentions");
        open_(w, '[');
        for (size_t k = 0; k < e.mention_count; k++) {
            size_t m;
            if (w5_doc_entity_mention(doc, i, k, &m) == W5_OK)
                val_size(w, m);
        }
        close_(w, ']');
        close_(w, '}');
    }
    close_(w, ']');
}

static void put_roles(jw *w)
{
    const w5_doc *doc = w->doc;
    key(w, "roles");
    open_(w, '[');
    for (size_t i = 0; i < doc->roles.n; i++) {
        w5_role r;
        w5_doc_role(doc, i, &r);
        open_(w, '{');
        KINDEX(w, "entity", r.entity);
        KSIZE(w, "mention", r.mention);
        KSIZE(w, "start", r.start);
        KSIZE(w, "end", r.end);
        KSPAN(w, "text", r.start, r.end);
        KSTR(w, "title", r.title);
        KINDEX(w, "affiliation", r.affiliation);
        KSTR(w, "affiliation_name", r.affiliation_name);
        KSTR(w, "kind", w5_output_role_kind(r.kind));
        close_(w, '}');
    }
    close_(w, ']');
}

/* The speaker's name: its entity's canonical name, else the mention text. */
static void put_speaker(jw *w, const w5_quote *q)
{
    const w5_doc *doc = w->doc;
    key(w, "speaker");
    if (q->speaker_mention < 0 && q->speaker_entity < 0) {
        val_str(w, NULL);
        return;
    }
    open_(w, '{');
    KINDEX(w, "mention", q->speaker_mention);
    KINDEX(w, "entity", q->speaker_entity);
    key(w, "name");
    w5_entity e;
    w5_mention m;
    if (q->speaker_entity >= 0 &&
        w5_doc_entity(doc, (size_t)q->speaker_entity, &e) == W5_OK && e.name[0])
        val_str(w, e.name);
    else if (q->speaker_mention >= 0 &&
             w5_doc_mention(doc, (size_t)q->speaker_mention, &m) == W5_OK)
        val_span(w, m.start, m.end);
    else
        val_str(w, NULL);
    close_(w, '}');
}

static void put_quotes(jw *w)
{
    const w5_doc *doc = w->doc;
    key(w, "quotes");
    open_(w, '[');
    for (size_t i = 0; i < doc->quotes.n; i++) {
        w5_quote q;
        w5_doc_quote(doc, i, &q);
        open_(w, '{');
        KSIZE(w, "start", q.start);
        KSIZE(w, "end", q.end);
        KSPAN(w, "text", q.start, q.end);
        KSTR(w, "kind", w5_output_quote_kind(q.kind));
        key(w, "cue");
        if (q.cue_end > q.cue_start) {
            open_(w, '{');
            KSIZE(w, "start", q.cue_start);
            KSIZE(w, "end", q.cue_end);
            KSPAN(w, "text", q.cue_start, q.cue_end);
            close_(w, '}');
        } else {
            val_str(w, NULL);
        }
        put_speaker(w, &q);
        close_(w, '}');
    }
    close_(w, ']');
}

static void put_times(jw *w)
{
    const w5_doc *doc = w->doc;
    key(w, "times");
    open_(w, '[');
    for (size_t i = 0; i < doc->times.n; i++) {
        w5_time t;
        w5_doc_time(doc, i, &t);
        open_(w, '{');
        KSIZE(w, "start", t.start);
        KSIZE(w, "end", t.end);
        KSPAN(w, "text", t.start, t.end);
        KSTR(w, "type", w5_output_time_kind(t.kind));
        KSTR(w, "value", t.value);
        KSTR(w, "mod", t.modifier);
        key(w, "resolved");
        val_bool(w, t.resolved);
        close_(w, '}');
    }
    close_(w, ']');
}

static void put_events(jw *w)
{
    const w5_doc *doc = w->doc;
    key(w, "events");
    open_(w, '[');
    for (size_t i = 0; i < doc->events.n; i++) {
        w5_event e;
        w5_doc_event(doc, i, &e);
        open_(w, '{');
        KSIZE(w, "start", e.start);
        KSIZE(w, "end", e.end);
        KSPAN(w, "text", e.start, e.end);
        KSIZE(w, "sentence", e.sentence);
        KSTR(w, "code", e.code && e.code[0] ? e.code : NULL);
        KSTR(w, "label", e.label && e.label[0] ? e.label : NULL);
        KINDEX(w, "source", e.source);
        KINDEX(w, "target", e.target);
        KINDEX(w, "place", e.place);
        KINDEX(w, "time", e.time);
        key(w, "participants");
        open_(w, '[');
        size_t n = w5_doc_event_participant_count(doc, i);
        for (size_t k = 0; k < n; k++) {
            long ent;
            if (w5_doc_event_participant(doc, i, k, &ent) == W5_OK)
                val_index(w, ent);
        }
        close_(w, ']');
        close_(w, '}');
    }
    close_(w, ']');
}

void w5_output_json(const w5_doc *doc, unsigned flags, w5_obuf *buf)
{
    jw w = {.buf = buf, .doc = doc, .need_comma = 0};
    open_(&w, '{');
    put_meta(&w, flags);
    unsigned st = doc->stages;
    if (st & W5_STAGE_TOKENS)
        put_tokens(&w);
    if (st & W5_STAGE_SENTENCES)
        put_sentences(&w);
    if (st & W5_STAGE_ENTITIES)
        put_mentions(&w);
    if (st & W5_STAGE_COREF)
        put_entities(&w);
    if (st & W5_STAGE_ROLES)
        put_roles(&w);
    if (st & W5_STAGE_QUOTES)
        put_quotes(&w);
    if (st & W5_STAGE_TIMES)
        put_times(&w);
    if (st & W5_STAGE_EVENTS)
        put_events(&w);
    close_(&w, '}');
}
