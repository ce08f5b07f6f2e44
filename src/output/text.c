/*
 * text.c - a readable summary for people: the document's title and date,
 * then who (people with their roles, organisations, places), who said
 * what, when (dates as written and resolved) and what (events). Only the
 * layers that exist are shown; before entities exist the summary falls
 * back to the numbered sentences with their byte offsets.
 */
#include <string.h>
#include <strings.h>

#include "output/output.h"

static void put_clean(w5_obuf *buf, const char *s, size_t n)
{
    w5_obuf_put_utf8(buf, s, n, 1);
}

static void put_span(const w5_doc *doc, size_t start, size_t end, w5_obuf *buf)
{
    if (end > doc->len)
        end = doc->len;
    if (start < end)
        put_clean(buf, doc->text + start, end - start);
}

static void put_header(const w5_doc *doc, w5_obuf *buf)
{
    const char *title = doc->meta[W5_META_TITLE];
    const char *id = doc->meta[W5_META_ID];
    const char *date = doc->meta[W5_META_DATE];
    const char *url = doc->meta[W5_META_URL];
    const char *head = title ? title : id;
    if (head) {
        put_clean(buf, head, strlen(head));
        w5_obuf_putc(buf, '\n');
    }
    if (date) {
        w5_obuf_puts(buf, "Date: ");
        put_clean(buf, date, strlen(date));
        w5_obuf_putc(buf, '\n');
    }
    if (url) {
        w5_obuf_puts(buf, "URL: ");
        put_clean(buf, url, strlen(url));
        w5_obuf_putc(buf, '\n');
    }
    if (head || date || url)
        w5_obuf_putc(buf, '\n');
}

static void put_sentences(const w5_doc *doc, w5_obuf *buf)
{
    w5_obuf_puts(buf, "Sentences\n");
    if (!(doc->stages & W5_STAGE_SENTENCES) || !doc->sents.n) {
        if (doc->toks.n) {
            w5_obuf_printf(buf, "  1. [%u-%u] ", (unsigned)doc->toks.v[0].start,
                           (unsigned)doc->toks.v[doc->toks.n - 1].end);
            put_span(doc, doc->toks.v[0].start,
                     doc->toks.v[doc->toks.n - 1].end, buf);
            w5_obuf_putc(buf, '\n');
        }
        return;
    }
    for (size_t i = 0; i < doc->sents.n; i++) {
        const w5_sent *s = &doc->sents.v[i];
        w5_obuf_printf(buf, "  %zu. [%u-%u] ", i + 1, (unsigned)s->start,
                       (unsigned)s->end);
        put_span(doc, s->start, s->end, buf);
        w5_obuf_putc(buf, '\n');
    }
}

/* ---- entities ------------------------------------------------------------ */

typedef struct ranked {
    size_t index;
    double salience;
    size_t count;
} ranked;

static int by_rank(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->salience != y->salience)
        return x->salience > y->salience ? -1 : 1;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

typedef struct role_ref {
    long entity;
    size_t role;
} role_ref;

static int by_entity(const void *a, const void *b)
{
    const role_ref *x = a, *y = b;
    if (x->entity != y->entity)
        return x->entity < y->entity ? -1 : 1;
    return x->role < y->role ? -1 : x->role > y->role;
}

/* The text a role shows: the phrase as written, else its title. */
static void role_text(const w5_doc *doc, size_t r, const char **s, size_t *n)
{
    const w5_rol *rol = &doc->roles.v[r];
    if (rol->end > rol->start && rol->end <= doc->len) {
        *s = doc->text + rol->start;
        *n = rol->end - rol->start;
    } else {
        *s = w5_strpool_get(&doc->pool, rol->title);
        *n = strlen(*s);
    }
}

/* 1 when `big` contains `small` as whole words, ignoring case. */
static int contains_words(const char *big, size_t nbig, const char *small,
                          size_t nsmall)
{
    for (size_t at = 0; nsmall && at + nsmall <= nbig; at++) {
        if (strncasecmp(big + at, small, nsmall) != 0)
            continue;
        int left = at == 0 || big[at - 1] == ' ';
        int right = at + nsmall == nbig || big[at + nsmall] == ' ';
        if (left && right)
            return 1;
    }
    return 0;
}

/* Whether role i of the run [lo, hi) adds nothing: another role says the
 * same or more ("Pakistani army chief" beside "Pakistani army chief
 * Gen"), or the same text came earlier. */
static int role_redundant(const w5_doc *doc, const role_ref *refs, size_t lo,
                          size_t hi, size_t i)
{
    const char *s, *t;
    size_t n, m;
    role_text(doc, refs[i].role, &s, &n);
    if (!n)
        return 1;
    for (size_t j = lo; j < hi; j++) {
        if (j == i)
            continue;
        role_text(doc, refs[j].role, &t, &m);
        if (m == n ? j < i && strncasecmp(s, t, n) == 0
                   : m > n && contains_words(t, m, s, n))
            return 1;
    }
    return 0;
}

/* Writes "; "-separated distinct roles of entity e (refs sorted by
 * entity, [lo, hi) the ones for e). Returns how many were written. */
static size_t put_roles_of(const w5_doc *doc, const role_ref *refs, size_t lo,
                           size_t hi, w5_obuf *buf)
{
    size_t shown = 0;
    for (size_t i = lo; i < hi; i++) {
        const char *s;
        size_t n;
        if (role_redundant(doc, refs, lo, hi, i))
            continue;
        role_text(doc, refs[i].role, &s, &n);
        w5_obuf_puts(buf, shown ? "; " : "");
        put_clean(buf, s, n);
        shown++;
    }
    return shown;
}

static role_ref *sorted_roles(const w5_doc *doc, w5_obuf *buf)
{
    if (!(doc->stages & W5_STAGE_ROLES) || !doc->roles.n)
        return NULL;
    role_ref *refs = malloc(doc->roles.n * sizeof *refs);
    if (!refs) {
        buf->failed = W5_ERR_NOMEM;
        return NULL;
    }
    for (size_t i = 0; i < doc->roles.n; i++)
        refs[i] = (role_ref){.entity = doc->roles.v[i].entity, .role = i};
    qsort(refs, doc->roles.n, sizeof *refs, by_entity);
    return refs;
}

/* The section titles and the entity types listed under each. */
static const struct {
    const char *title;
    w5_etype types[2];
} sections[] = {
    {"People", {W5_E_PERSON, W5_E_NONE}},
    {"Organisations", {W5_E_ORG, W5_E_NONE}},
    {"Places", {W5_E_GPE, W5_E_LOC}},
    {"Groups", {W5_E_NORP, W5_E_NONE}},
    {"Other names", {W5_E_MISC, W5_E_NONE}},
};

static int in_section(size_t s, unsigned type)
{
    return type != W5_E_NONE &&
           (type == sections[s].types[0] || type == sections[s].types[1]);
}

static void put_entity_line(const w5_doc *doc, size_t e, const role_ref *refs,
                            size_t nrefs, w5_obuf *buf)
{
    const w5_ent *ent = &doc->ents.v[e];
    const char *name = w5_strpool_get(&doc->pool, ent->name);
    w5_obuf_puts(buf, "  ");
    put_clean(buf, name, strlen(name));
    w5_obuf_puts(buf, " (");
    /* refs is sorted by entity: find the run for e by binary search. */
    size_t lo = 0, hi = nrefs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (refs[mid].entity < (long)e)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < nrefs && refs[end].entity == (long)e)
        end++;
    if (put_roles_of(doc, refs, lo, end, buf))
        w5_obuf_puts(buf, "; ");
    w5_obuf_printf(buf, "%u mention%s)\n", (unsigned)ent->ment_count,
                   ent->ment_count == 1 ? "" : "s");
}

/* 1 when some mention of entity e is a proper name: an entity known only
 * as "he" or "the official" says nothing to a reader of the summary (the
 * JSON still has it). */
static int has_name_mention(const w5_doc *doc, size_t e)
{
    const w5_ent *ent = &doc->ents.v[e];
    for (uint32_t k = 0; k < ent->ment_count; k++) {
        size_t at = (size_t)ent->first_ment + k;
        if (at >= doc->ent_ments.n)
            break;
        uint32_t m = doc->ent_ments.v[at];
        if (m < doc->ments.n && doc->ments.v[m].kind == W5_MENTION_NAME)
            return 1;
    }
    return 0;
}

static void put_entities(const w5_doc *doc, w5_obuf *buf)
{
    size_t n = doc->ents.n;
    if (!n)
        return;
    ranked *order = malloc(n * sizeof *order);
    if (!order) {
        buf->failed = W5_ERR_NOMEM;
        return;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = (ranked){.index = i, .salience = doc->ents.v[i].salience,
                            .count = doc->ents.v[i].ment_count};
    qsort(order, n, sizeof *order, by_rank);
    role_ref *refs = sorted_roles(doc, buf);
    size_t nrefs = refs ? doc->roles.n : 0;
    for (size_t s = 0; s < sizeof sections / sizeof *sections; s++) {
        int titled = 0;
        for (size_t i = 0; i < n; i++) {
            size_t e = order[i].index;
            if (!in_section(s, doc->ents.v[e].type) || !has_name_mention(doc, e))
                continue;
            if (!titled) {
                w5_obuf_printf(buf, "%s\n", sections[s].title);
                titled = 1;
            }
            put_entity_line(doc, e, refs, nrefs, buf);
        }
        if (titled)
            w5_obuf_putc(buf, '\n');
    }
    free(refs);
    free(order);
}

/* Without coreference: the distinct names per section, in text order. */
static void put_mention_names(const w5_doc *doc, w5_obuf *buf)
{
    for (size_t s = 0; s < sizeof sections / sizeof *sections; s++) {
        int titled = 0;
        for (size_t i = 0; i < doc->ments.n; i++) {
            const w5_ment *m = &doc->ments.v[i];
            if (m->kind != W5_MENTION_NAME || !in_section(s, m->type))
                continue;
            size_t len = m->end - m->start;
            int seen = 0;
            for (size_t j = 0; j < i && !seen; j++) {
                const w5_ment *p = &doc->ments.v[j];
                seen = p->type == m->type && p->end - p->start == len &&
                       memcmp(doc->text + p->start, doc->text + m->start, len) == 0;
            }
            if (seen)
                continue;
            if (!titled) {
                w5_obuf_printf(buf, "%s\n", sections[s].title);
                titled = 1;
            }
            w5_obuf_puts(buf, "  ");
            put_span(doc, m->start, m->end, buf);
            w5_obuf_putc(buf, '\n');
        }
        if (titled)
            w5_obuf_putc(buf, '\n');
    }
}

/* ---- quotes, dates, events ---------------------------------------------- */

static void put_entity_name(const w5_doc *doc, long e, w5_obuf *buf)
{
    if (e >= 0 && (size_t)e < doc->ents.n) {
        const char *name = w5_strpool_get(&doc->pool, doc->ents.v[e].name);
        put_clean(buf, name, strlen(name));
    } else {
        w5_obuf_puts(buf, "?");
    }
}

static void put_speaker(const w5_doc *doc, const w5_quo *q, w5_obuf *buf)
{
    if (q->speaker_ent >= 0 && (size_t)q->speaker_ent < doc->ents.n)
        put_entity_name(doc, q->speaker_ent, buf);
    else if (q->speaker_ment >= 0 && (size_t)q->speaker_ment < doc->ments.n)
        put_span(doc, doc->ments.v[q->speaker_ment].start,
                 doc->ments.v[q->speaker_ment].end, buf);
    else
        w5_obuf_puts(buf, "(unknown speaker)");
}

/* Stances ("Merz criticized the plan") after the quotes, under their own
 * heading: a position taken is not words said. */
static void put_stances(const w5_doc *doc, w5_obuf *buf)
{
    int any = 0;
    for (size_t i = 0; i < doc->quotes.n; i++) {
        const w5_quo *q = &doc->quotes.v[i];
        /* a position nobody holds tells a reader nothing */
        if (q->kind != W5_QUOTE_STANCE || (q->speaker_ent < 0 && q->speaker_ment < 0))
            continue;
        if (!any++)
            w5_obuf_puts(buf, "Positions\n");
        w5_obuf_puts(buf, "  ");
        put_speaker(doc, q, buf);
        if (q->cue_end > q->cue_start) {
            w5_obuf_putc(buf, ' ');
            put_span(doc, q->cue_start, q->cue_end, buf);
        }
        w5_obuf_puts(buf, ": ");
        put_span(doc, q->start, q->end, buf);
        w5_obuf_putc(buf, '\n');
    }
    if (any)
        w5_obuf_putc(buf, '\n');
}

static void put_quotes(const w5_doc *doc, w5_obuf *buf)
{
    size_t said = 0;
    for (size_t i = 0; i < doc->quotes.n; i++)
        said += doc->quotes.v[i].kind != W5_QUOTE_STANCE;
    if (said)
        w5_obuf_puts(buf, "Quotes\n");
    for (size_t i = 0; i < doc->quotes.n && said; i++) {
        const w5_quo *q = &doc->quotes.v[i];
        if (q->kind == W5_QUOTE_STANCE)
            continue;
        w5_obuf_puts(buf, "  ");
        put_speaker(doc, q, buf);
        w5_obuf_puts(buf, q->kind == W5_QUOTE_INDIRECT ? ": " : ": \xE2\x80\x9C");
        put_span(doc, q->start, q->end, buf);
        w5_obuf_puts(buf, q->kind == W5_QUOTE_INDIRECT ? "" : "\xE2\x80\x9D");
        if (q->cue_end > q->cue_start) {
            w5_obuf_puts(buf, " (");
            put_span(doc, q->cue_start, q->cue_end, buf);
            w5_obuf_putc(buf, ')');
        }
        w5_obuf_putc(buf, '\n');
    }
    if (said)
        w5_obuf_putc(buf, '\n');
    put_stances(doc, buf);
}

static void put_times(const w5_doc *doc, w5_obuf *buf)
{
    if (!doc->times.n)
        return;
    w5_obuf_puts(buf, "Dates\n");
    for (size_t i = 0; i < doc->times.n; i++) {
        const w5_tim *t = &doc->times.v[i];
        const char *value = w5_strpool_get(&doc->pool, t->value);
        const char *mod = w5_strpool_get(&doc->pool, t->modifier);
        w5_obuf_puts(buf, "  ");
        put_span(doc, t->start, t->end, buf);
        w5_obuf_puts(buf, " \xE2\x86\x92 ");
        put_clean(buf, value, strlen(value));
        if (mod[0])
            w5_obuf_printf(buf, " (%s)", mod);
        /* a relative date with no document date to anchor it ("Monday"
         * as XXXX-WXX-1); "199X" for the 1990s is as resolved as it gets */
        if (!t->resolved && t->kind != W5_TIME_SET && strstr(value, "XX"))
            w5_obuf_puts(buf, " (unresolved)");
        w5_obuf_putc(buf, '\n');
    }
    w5_obuf_putc(buf, '\n');
}

/* One line per event: the trigger as written, who acts on whom, where,
 * when, and the CAMEO code with its label:
 *   met: Kerry -> Karzai; in Brussels; Wednesday (2013-04-24) [CAMEO 040: Consult] */
/* The participants other than the source and the target ("Afghan and
 * Pakistani leaders met ...": Pakistan beside Afghanistan). */
static void put_other_parts(const w5_doc *doc, const w5_evt *e, w5_obuf *buf)
{
    int any = 0;
    for (uint32_t k = 0; k < e->part_count; k++) {
        size_t at = (size_t)e->first_part + k;
        if (at >= doc->evt_parts.n)
            break;
        int32_t p = doc->evt_parts.v[at];
        if (p == e->source || p == e->target || p < 0 || (size_t)p >= doc->ents.n)
            continue;
        w5_obuf_puts(buf, any++ ? ", " : "; also involving ");
        put_entity_name(doc, p, buf);
    }
}

static void put_events(const w5_doc *doc, w5_obuf *buf)
{
    if (!doc->events.n)
        return;
    w5_obuf_puts(buf, "Events\n");
    for (size_t i = 0; i < doc->events.n; i++) {
        const w5_evt *e = &doc->events.v[i];
        const char *label = w5_strpool_get(&doc->pool, e->label);
        const char *code = w5_strpool_get(&doc->pool, e->code);
        w5_obuf_puts(buf, "  ");
        put_span(doc, e->start, e->end, buf);
        w5_obuf_puts(buf, ": ");
        put_entity_name(doc, e->source, buf);
        if (e->target >= 0) {
            w5_obuf_puts(buf, " \xE2\x86\x92 ");
            put_entity_name(doc, e->target, buf);
        }
        put_other_parts(doc, e, buf);
        if (e->place >= 0) {
            w5_obuf_puts(buf, "; in ");
            put_entity_name(doc, e->place, buf);
        }
        if (e->time >= 0 && (size_t)e->time < doc->times.n) {
            const w5_tim *t = &doc->times.v[e->time];
            w5_obuf_puts(buf, "; ");
            put_span(doc, t->start, t->end, buf);
            w5_obuf_printf(buf, " (%s)", w5_strpool_get(&doc->pool, t->value));
        }
        if (code[0] || label[0]) {
            w5_obuf_puts(buf, " [");
            if (code[0])
                w5_obuf_printf(buf, "CAMEO %s%s", code, label[0] ? ": " : "");
            put_clean(buf, label, strlen(label));
            w5_obuf_putc(buf, ']');
        }
        w5_obuf_putc(buf, '\n');
    }
    w5_obuf_putc(buf, '\n');
}

void w5_output_text(const w5_doc *doc, w5_obuf *buf)
{
    put_header(doc, buf);
    unsigned st = doc->stages;
    if (!(st & W5_STAGE_ENTITIES)) {
        put_sentences(doc, buf);
        return;
    }
    if (st & W5_STAGE_COREF)
        put_entities(doc, buf);
    else
        put_mention_names(doc, buf);
    if (st & W5_STAGE_QUOTES)
        put_quotes(doc, buf);
    if (st & W5_STAGE_TIMES)
        put_times(doc, buf);
    if (st & W5_STAGE_EVENTS)
        put_events(doc, buf);
}
