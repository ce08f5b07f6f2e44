/*
 * doc.c - the document handle: creation, metadata, and the public
 * accessors that turn the compact internal records into w5_* records.
 */
#include "doc/doc.h"

#include <stdio.h>
#include <string.h>

#include "doc/tagset.h"

static const char *const etype_names[W5_E_COUNT_] = {
    "NONE", "PERSON", "ORG", "LOC", "GPE", "MISC", "NORP", "DATE", "TIME",
    "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"};

const char *w5_etype_name(w5_etype type)
{
    return (unsigned)type < W5_E_COUNT_ ? etype_names[type] : "NONE";
}

w5_etype w5_etype_from_name(const char *name)
{
    for (int i = 1; i < W5_E_COUNT_; i++)
        if (strcmp(etype_names[i], name) == 0)
            return (w5_etype)i;
    return W5_E_NONE;
}

const char *w5_version(void) { return W5_VERSION_STRING; }

const char *w5_strerror(int code)
{
    switch (code) {
    case W5_OK: return "success";
    case W5_ERR_NOMEM: return "out of memory";
    case W5_ERR_INVALID: return "invalid argument";
    case W5_ERR_IO: return "input/output error";
    case W5_ERR_FORMAT: return "malformed input";
    case W5_ERR_VERSION: return "unsupported format version";
    case W5_ERR_CHECKSUM: return "checksum mismatch";
    case W5_ERR_TOO_LARGE: return "input too large";
    case W5_ERR_NOT_FOUND: return "not found";
    case W5_ERR_STATE: return "call out of order";
    case W5_ERR_DB: return "database error";
    default: return "unknown error";
    }
}

void w5_free(void *p) { free(p); }

/* Parses YYYY-MM-DD at the start of s; 1 on success. */
static int parse_iso_date(const char *s, int *y, int *m, int *d)
{
    int yy, mm, dd;
    char tail;
    if (strlen(s) < 10 || sscanf(s, "%4d-%2d-%2d", &yy, &mm, &dd) != 3)
        return 0;
    if (s[4] != '-' || s[7] != '-' || mm < 1 || mm > 12 || dd < 1 || dd > 31)
        return 0;
    tail = s[10];
    if (tail != '\0' && tail != 'T' && tail != ' ')
        return 0;
    *y = yy;
    *m = mm;
    *d = dd;
    return 1;
}

int w5_doc_new(const char *text, size_t len, w5_doc **out, w5_error *err)
{
    *out = NULL;
    if (!text && len)
        return w5_fail(err, W5_ERR_INVALID, "w5_doc_new: text is NULL");
    if (len > W5_DOC_MAX_BYTES)
        return w5_fail(err, W5_ERR_TOO_LARGE,
                       "document of %zu bytes is over the %zu-byte limit", len,
                       (size_t)W5_DOC_MAX_BYTES);
    w5_doc *doc = calloc(1, sizeof *doc);
    if (!doc)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    doc->text = malloc(len + 1);
    if (!doc->text || w5_strpool_init(&doc->pool)) {
        w5_doc_free(doc);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    if (len)
        memcpy(doc->text, text, len);
    doc->text[len] = '\0';
    doc->len = (uint32_t)len;
    *out = doc;
    return W5_OK;
}

void w5_doc_free(w5_doc *doc)
{
    if (!doc)
        return;
    free(doc->text);
    for (int i = 0; i < W5_META_COUNT_; i++)
        free(doc->meta[i]);
    w5_doc_reset_from(doc, W5_STAGE_TOKENS);
    w5_vec_free(&doc->toks);
    w5_vec_free(&doc->sents);
    w5_vec_free(&doc->ments);
    w5_vec_free(&doc->ents);
    w5_vec_free(&doc->ent_ments);
    w5_vec_free(&doc->roles);
    w5_vec_free(&doc->quotes);
    w5_vec_free(&doc->times);
    w5_vec_free(&doc->events);
    w5_vec_free(&doc->evt_parts);
    w5_strpool_free(&doc->pool);
    free(doc);
}

void w5_doc_reset_from(w5_doc *doc, unsigned stage)
{
    /* Layers are emptied, not freed, so a reused document keeps its
     * capacity. The pool is emptied only when everything goes. */
    if (stage <= W5_STAGE_TOKENS) {
        doc->toks.n = 0;
        if (doc->pool.buf)
            doc->pool.len = 1;
    }
    if (stage <= W5_STAGE_SENTENCES)
        doc->sents.n = 0;
    if (stage <= W5_STAGE_ENTITIES)
        doc->ments.n = 0;
    if (stage <= W5_STAGE_COREF) {
        doc->ents.n = 0;
        doc->ent_ments.n = 0;
    }
    if (stage <= W5_STAGE_ROLES)
        doc->roles.n = 0;
    if (stage <= W5_STAGE_QUOTES)
        doc->quotes.n = 0;
    if (stage <= W5_STAGE_TIMES)
        doc->times.n = 0;
    if (stage <= W5_STAGE_EVENTS) {
        doc->events.n = 0;
        doc->evt_parts.n = 0;
    }
    doc->stages &= (stage - 1);
}

int w5_doc_pool_span(w5_doc *doc, uint32_t start, uint32_t end, uint32_t *off)
{
    if (end < start || end > doc->len)
        return W5_ERR_INVALID;
    return w5_strpool_add(&doc->pool, doc->text + start, end - start, off);
}

const char *w5_doc_text(const w5_doc *doc, size_t *len)
{
    if (len)
        *len = doc ? doc->len : 0;
    return doc ? doc->text : NULL;
}

int w5_doc_set_meta(w5_doc *doc, w5_meta_key key, const char *value,
                    w5_error *err)
{
    if (!doc || (unsigned)key >= W5_META_COUNT_)
        return w5_fail(err, W5_ERR_INVALID, "w5_doc_set_meta: bad argument");
    char *copy = NULL;
    if (value && !(copy = w5_strndup(value, strlen(value))))
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    free(doc->meta[key]);
    doc->meta[key] = copy;
    if (key != W5_META_DATE)
        return W5_OK;
    doc->anchor_year = doc->anchor_month = doc->anchor_day = 0;
    if (!value)
        return W5_OK;
    if (!parse_iso_date(value, &doc->anchor_year, &doc->anchor_month,
                        &doc->anchor_day))
        return w5_fail(err, W5_ERR_FORMAT,
                       "date '%s' is not YYYY-MM-DD; relative dates stay "
                       "unresolved", value);
    return W5_OK;
}

const char *w5_doc_meta(const w5_doc *doc, w5_meta_key key)
{
    if (!doc || (unsigned)key >= W5_META_COUNT_)
        return NULL;
    return doc->meta[key];
}

size_t w5_doc_invalid_utf8(const w5_doc *doc) { return doc ? doc->invalid_bytes : 0; }
unsigned w5_doc_stages(const w5_doc *doc) { return doc ? doc->stages : 0; }

/* ---- accessors ---------------------------------------------------------- */

size_t w5_doc_token_count(const w5_doc *doc) { return doc ? doc->toks.n : 0; }

int w5_doc_token(const w5_doc *doc, size_t i, w5_token *out)
{
    if (!doc || !out || i >= doc->toks.n)
        return W5_ERR_INVALID;
    const w5_tok *t = &doc->toks.v[i];
    out->start = t->start;
    out->end = t->end;
    out->sentence = t->sent;
    /* only the public W5_TOKEN_* bits; stages keep their own above them */
    out->flags = t->flags & (W5_TOKEN_SPACE_AFTER | W5_TOKEN_PARA_START | W5_TOKEN_INVALID);
    out->upos = t->upos && t->upos < W5_UPOS_COUNT ? w5_upos_names[t->upos] : NULL;
    out->xpos = t->xpos && t->xpos < W5_XPOS_COUNT ? w5_xpos_names[t->xpos] : NULL;
    out->lemma = t->lemma ? w5_strpool_get(&doc->pool, t->lemma) : NULL;
    out->feats = t->feats && t->feats < doc->pool.len ? w5_strpool_get(&doc->pool, t->feats)
                                                        : NULL;
    out->head = (doc->stages & W5_STAGE_PARSE) ? t->head : -2;
    out->deprel = t->deprel && t->deprel < W5_DEPREL_COUNT ? w5_deprel_names[t->deprel] : NULL;
    return W5_OK;
}

size_t w5_doc_sentence_count(const w5_doc *doc) { return doc ? doc->sents.n : 0; }

int w5_doc_sentence(const w5_doc *doc, size_t i, w5_sentence *out)
{
    if (!doc || !out || i >= doc->sents.n)
        return W5_ERR_INVALID;
    const w5_sent *s = &doc->sents.v[i];
    out->start = s->start;
    out->end = s->end;
    out->token_begin = s->tok_begin;
    out->token_end = s->tok_end;
    out->paragraph = s->para;
    return W5_OK;
}

size_t w5_doc_mention_count(const w5_doc *doc) { return doc ? doc->ments.n : 0; }

int w5_doc_mention(const w5_doc *doc, size_t i, w5_mention *out)
{
    if (!doc || !out || i >= doc->ments.n)
        return W5_ERR_INVALID;
    const w5_ment *m = &doc->ments.v[i];
    out->start = m->start;
    out->end = m->end;
    out->token_begin = m->tok_begin;
    out->token_end = m->tok_end;
    out->sentence = m->sent;
    out->type = w5_etype_name((w5_etype)m->type);
    out->kind = (w5_mention_kind)m->kind;
    out->entity = m->entity;
    return W5_OK;
}

static const char *gender_name(int gender)
{
    switch (gender) {
    case W5_GENDER_MALE: return "male";
    case W5_GENDER_FEMALE: return "female";
    default: return NULL;
    }
}

size_t w5_doc_entity_count(const w5_doc *doc) { return doc ? doc->ents.n : 0; }

int w5_doc_entity(const w5_doc *doc, size_t i, w5_entity *out)
{
    if (!doc || !out || i >= doc->ents.n)
        return W5_ERR_INVALID;
    const w5_ent *e = &doc->ents.v[i];
    out->name = w5_strpool_get(&doc->pool, e->name);
    out->type = w5_etype_name((w5_etype)e->type);
    out->gender = gender_name(e->gender);
    out->mention_count = e->ment_count;
    out->salience = e->salience;
    return W5_OK;
}

int w5_doc_entity_mention(const w5_doc *doc, size_t e, size_t k, size_t *mention)
{
    if (!doc || !mention || e >= doc->ents.n || k >= doc->ents.v[e].ment_count)
        return W5_ERR_INVALID;
    *mention = doc->ent_ments.v[doc->ents.v[e].first_ment + k];
    return W5_OK;
}

size_t w5_doc_role_count(const w5_doc *doc) { return doc ? doc->roles.n : 0; }

int w5_doc_role(const w5_doc *doc, size_t i, w5_role *out)
{
    if (!doc || !out || i >= doc->roles.n)
        return W5_ERR_INVALID;
    const w5_rol *r = &doc->roles.v[i];
    out->entity = r->entity;
    out->mention = r->ment;
    out->start = r->start;
    out->end = r->end;
    out->title = w5_strpool_get(&doc->pool, r->title);
    out->affiliation = r->affiliation;
    out->affiliation_name =
        r->affiliation_name ? w5_strpool_get(&doc->pool, r->affiliation_name) : NULL;
    out->kind = (w5_role_kind)r->kind;
    return W5_OK;
}

size_t w5_doc_quote_count(const w5_doc *doc) { return doc ? doc->quotes.n : 0; }

int w5_doc_quote(const w5_doc *doc, size_t i, w5_quote *out)
{
    if (!doc || !out || i >= doc->quotes.n)
        return W5_ERR_INVALID;
    const w5_quo *q = &doc->quotes.v[i];
    out->start = q->start;
    out->end = q->end;
    out->kind = (w5_quote_kind)q->kind;
    out->cue_start = q->cue_start;
    out->cue_end = q->cue_end;
    out->speaker_mention = q->speaker_ment;
    out->speaker_entity = q->speaker_ent;
    return W5_OK;
}

size_t w5_doc_time_count(const w5_doc *doc) { return doc ? doc->times.n : 0; }

int w5_doc_time(const w5_doc *doc, size_t i, w5_time *out)
{
    if (!doc || !out || i >= doc->times.n)
        return W5_ERR_INVALID;
    const w5_tim *t = &doc->times.v[i];
    out->start = t->start;
    out->end = t->end;
    out->kind = (w5_time_kind)t->kind;
    out->value = w5_strpool_get(&doc->pool, t->value);
    out->modifier = t->modifier ? w5_strpool_get(&doc->pool, t->modifier) : NULL;
    out->resolved = t->resolved;
    return W5_OK;
}

size_t w5_doc_event_count(const w5_doc *doc) { return doc ? doc->events.n : 0; }

int w5_doc_event(const w5_doc *doc, size_t i, w5_event *out)
{
    if (!doc || !out || i >= doc->events.n)
        return W5_ERR_INVALID;
    const w5_evt *e = &doc->events.v[i];
    out->start = e->start;
    out->end = e->end;
    out->sentence = e->sent;
    out->code = e->code ? w5_strpool_get(&doc->pool, e->code) : NULL;
    out->label = e->label ? w5_strpool_get(&doc->pool, e->label) : NULL;
    out->source = e->source;
    out->target = e->target;
    out->place = e->place;
    out->time = e->time;
    return W5_OK;
}

size_t w5_doc_event_participant_count(const w5_doc *doc, size_t i)
{
    return doc && i < doc->events.n ? doc->events.v[i].part_count : 0;
}

int w5_doc_event_participant(const w5_doc *doc, size_t i, size_t k, long *entity)
{
    if (!doc || !entity || i >= doc->events.n || k >= doc->events.v[i].part_count)
        return W5_ERR_INVALID;
    *entity = doc->evt_parts.v[doc->events.v[i].first_part + k];
    return W5_OK;
}
