/*
 * doc_queries.h - questions the end-to-end tests ask of an analysed
 * document through the public API: the entity named X, the entity of the
 * mention reading X, a role, the quotes whose content contains X, the
 * value of a time expression. `text` is the document's input (offsets
 * index it). Header-only, for tests.
 */
#ifndef W5_TESTS_DOC_QUERIES_H
#define W5_TESTS_DOC_QUERIES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "w5.h"

/* 1 when text[start, end) reads exactly `surface`. */
static inline int dq_reads(const char *text, size_t start, size_t end, const char *surface)
{
    return end - start == strlen(surface) && memcmp(text + start, surface, end - start) == 0;
}

/* The entity whose canonical name is `name`, or -1. */
static inline long dq_entity_named(const w5_doc *doc, const char *name)
{
    for (size_t e = 0; e < w5_doc_entity_count(doc); e++) {
        w5_entity ent;
        w5_doc_entity(doc, e, &ent);
        if (strcmp(ent.name, name) == 0)
            return (long)e;
    }
    return -1;
}

/* The entity of the first mention reading `surface`, or -2 when no
 * mention reads so. */
static inline long dq_entity_of(const w5_doc *doc, const char *text, const char *surface)
{
    for (size_t i = 0; i < w5_doc_mention_count(doc); i++) {
        w5_mention m;
        w5_doc_mention(doc, i, &m);
        if (dq_reads(text, m.start, m.end, surface))
            return m.entity;
    }
    return -2;
}

/* 1 when entity e has a mention reading `surface`. */
static inline int dq_has_mention(const w5_doc *doc, const char *text, long e,
                                 const char *surface)
{
    w5_entity ent;
    if (e < 0 || w5_doc_entity(doc, (size_t)e, &ent))
        return 0;
    for (size_t k = 0; k < ent.mention_count; k++) {
        size_t mi;
        w5_mention m;
        w5_doc_entity_mention(doc, (size_t)e, k, &mi);
        w5_doc_mention(doc, mi, &m);
        if (dq_reads(text, m.start, m.end, surface))
            return 1;
    }
    return 0;
}

/* 1 when entity e holds a role titled `title` whose affiliation (its text
 * or its entity's name) contains `affiliation`; NULL accepts any. */
static inline int dq_has_role(const w5_doc *doc, long e, const char *title,
                              const char *affiliation)
{
    for (size_t i = 0; i < w5_doc_role_count(doc); i++) {
        w5_role r;
        w5_doc_role(doc, i, &r);
        if (r.entity != e || strcmp(r.title, title) != 0)
            continue;
        if (!affiliation)
            return 1;
        w5_entity aff = {0};
        if (r.affiliation >= 0)
            w5_doc_entity(doc, (size_t)r.affiliation, &aff);
        if ((r.affiliation_name && strstr(r.affiliation_name, affiliation)) ||
            (aff.name && strstr(aff.name, affiliation)))
            return 1;
    }
    return 0;
}

/* The index of the first quote from `from` on whose content contains
 * `needle` (into *out), or -1. */
static inline long dq_quote_with(const w5_doc *doc, const char *text, size_t from,
                                 const char *needle, w5_quote *out)
{
    for (size_t i = from; i < w5_doc_quote_count(doc); i++) {
        w5_doc_quote(doc, i, out);
        char *content = w5_strndup(text + out->start, out->end - out->start);
        int hit = content && strstr(content, needle) != NULL;
        free(content);
        if (hit)
            return (long)i;
    }
    return -1;
}

/* The speaker entity of the first quote containing `needle` (-2: no such
 * quote); the quote goes to *out. */
static inline long dq_speaker_of(const w5_doc *doc, const char *text, const char *needle,
                                 w5_quote *out)
{
    return dq_quote_with(doc, text, 0, needle, out) < 0 ? -2 : out->speaker_entity;
}

/* 1 when some quote containing `needle` has speaker entity e (a sentence
 * may carry two attributions: "X said ..., according to Y"). */
static inline int dq_said_by(const w5_doc *doc, const char *text, const char *needle, long e)
{
    w5_quote q;
    for (long i = dq_quote_with(doc, text, 0, needle, &q); i >= 0;
         i = dq_quote_with(doc, text, (size_t)i + 1, needle, &q))
        if (q.speaker_entity == e)
            return 1;
    return 0;
}

/* The text of quote q's speaker mention into buf, "" when none. */
static inline void dq_speaker_text(const w5_doc *doc, const char *text, const w5_quote *q,
                                   char *buf, size_t cap)
{
    w5_mention m;
    buf[0] = '\0';
    if (q->speaker_mention >= 0 && w5_doc_mention(doc, (size_t)q->speaker_mention, &m) == W5_OK)
        snprintf(buf, cap, "%.*s", (int)(m.end - m.start), text + m.start);
}

/* The source entity of the first event whose trigger reads `trigger`
 * (-2: no such event). */
static inline long dq_event_source(const w5_doc *doc, const char *text, const char *trigger)
{
    for (size_t i = 0; i < w5_doc_event_count(doc); i++) {
        w5_event ev;
        w5_doc_event(doc, i, &ev);
        if (dq_reads(text, ev.start, ev.end, trigger))
            return ev.source;
    }
    return -2;
}

/* The value of the time expression reading `surface`, or NULL. */
static inline const char *dq_time_value(const w5_doc *doc, const char *text,
                                        const char *surface)
{
    for (size_t i = 0; i < w5_doc_time_count(doc); i++) {
        w5_time t;
        w5_doc_time(doc, i, &t);
        if (dq_reads(text, t.start, t.end, surface))
            return t.value;
    }
    return NULL;
}

#endif
