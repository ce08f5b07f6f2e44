/*
 * ingest.c - w5_store_add_doc: writes one analysed document and every
 * layer it has, reading only the public accessors so the store fills in
 * by itself as pipeline stages land.
 *
 * Each document goes in under a SAVEPOINT, so a failure half-way leaves
 * nothing of it behind even inside the caller's batch transaction.
 */
#include <stdio.h>
#include <string.h>

#include "store/store.h"

/* Co-occurrence pairs grow with the square of a document's entities; a
 * document's most salient entities carry its network, so cap them. */
#define MAX_COOCCUR_ENTITIES 60
#define NAME_CAP 256

static const char *const mention_kinds[] = {"name", "nominal", "pronoun"};
static const char *const role_kinds[] = {"premodifier", "apposition",
                                         "copula", "possessive"};
static const char *const quote_kinds[] = {"direct", "partial", "indirect", "stance"};
static const char *const time_kinds[] = {"date", "time", "duration", "set"};

#define KIND_NAME(table, k) \
    ((unsigned)(k) < sizeof(table) / sizeof *(table) ? (table)[k] : "other")

/* What one ingest call needs to carry around. */
typedef struct ingest {
    w5_store *store;
    const w5_doc *doc;
    const char *text;
    size_t len;
    int64_t doc_id;
    char day[11];           /* the document date, YYYY-MM-DD, or "" */
    int64_t *ent_ids;       /* corpus entity of each doc entity, 0 = none */
    size_t n_ents;
    w5_error *err;
} ingest;

static int is_named_type(const char *type)
{
    static const char *const named[] = {"PERSON", "ORG", "LOC", "GPE",
                                        "NORP", "MISC"};
    for (size_t i = 0; i < sizeof named / sizeof *named; i++)
        if (type && strcmp(type, named[i]) == 0)
            return 1;
    return 0;
}

static void bind_span(sqlite3_stmt *stmt, int col, const ingest *in,
                      size_t start, size_t end)
{
    if (end > in->len)
        end = in->len;
    if (start > end)
        start = end;
    sqlite3_bind_text(stmt, col, in->text + start, (int)(end - start),
                      SQLITE_STATIC);
}

static void bind_opt_text(sqlite3_stmt *stmt, int col, const char *s)
{
    if (s && *s)
        sqlite3_bind_text(stmt, col, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(stmt, col);
}

static void bind_opt_id(sqlite3_stmt *stmt, int col, int64_t id)
{
    if (id > 0)
        sqlite3_bind_int64(stmt, col, id);
    else
        sqlite3_bind_null(stmt, col);
}

static int64_t corpus_id(const ingest *in, long local)
{
    return local >= 0 && (size_t)local < in->n_ents ? in->ent_ids[local] : 0;
}

static int step_done(ingest *in, sqlite3_stmt *stmt, const char *what)
{
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE)
        return w5_store_fail_db(in->store, in->err, what);
    return W5_OK;
}

/* ---- the document row ---------------------------------------------------- */

static void doc_day(const w5_doc *doc, char day[11])
{
    const char *date = w5_doc_meta(doc, W5_META_DATE);
    day[0] = '\0';
    if (!date || strlen(date) < 10)
        return;
    for (int i = 0; i < 10; i++) {
        char c = date[i];
        if ((i == 4 || i == 7) ? c != '-' : (c < '0' || c > '9'))
            return;
    }
    memcpy(day, date, 10);
    day[10] = '\0';
}

static int insert_document(ingest *in, const char *key, const char *source,
                           int *added)
{
    sqlite3_stmt *stmt;
    char hash[40];
    int rc;
    const w5_doc *doc = in->doc;
    snprintf(hash, sizeof hash, "%016llx%016llx",
             (unsigned long long)w5_hash_bytes(in->text, in->len, 0x5735),
             (unsigned long long)w5_hash_bytes(in->text, in->len, 0xC0FFEE));
    if ((rc = w5_store_stmt(in->store, W5_SQL_INSERT_DOC, &stmt, in->err)))
        return rc;
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    bind_opt_text(stmt, 2, w5_doc_meta(doc, W5_META_ID));
    bind_opt_text(stmt, 3, w5_doc_meta(doc, W5_META_TITLE));
    bind_opt_text(stmt, 4, w5_doc_meta(doc, W5_META_DATE));
    bind_opt_text(stmt, 5, in->day);
    bind_opt_text(stmt, 6, w5_doc_meta(doc, W5_META_URL));
    bind_opt_text(stmt, 7, source);
    sqlite3_bind_text(stmt, 8, hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 9, (sqlite3_int64)in->len);
    sqlite3_bind_int64(stmt, 10, (sqlite3_int64)w5_doc_token_count(doc));
    sqlite3_bind_int64(stmt, 11, (sqlite3_int64)w5_doc_sentence_count(doc));
    sqlite3_bind_int64(stmt, 12, (sqlite3_int64)w5_doc_stages(doc));
    sqlite3_bind_text(stmt, 13, in->text, (int)in->len, SQLITE_STATIC);
    if ((rc = step_done(in, stmt, "cannot store a document")))
        return rc;
    *added = sqlite3_changes(in->store->db) > 0;
    if (!*added)
        return W5_OK;
    in->doc_id = sqlite3_last_insert_rowid(in->store->db);
    if ((rc = w5_store_stmt(in->store, W5_SQL_INSERT_DOC_FTS, &stmt, in->err)))
        return rc;
    sqlite3_bind_int64(stmt, 1, in->doc_id);
    bind_opt_text(stmt, 2, w5_doc_meta(doc, W5_META_TITLE));
    sqlite3_bind_text(stmt, 3, in->text, (int)in->len, SQLITE_STATIC);
    return step_done(in, stmt, "cannot index a document");
}

/* ---- entities ------------------------------------------------------------ */

/* The role titles and affiliations this document gives entity e,
 * normalised, as one "|title|...|@affiliation|..." string for matching. */
static void doc_role_keys(const ingest *in, size_t e, char *buf, size_t cap)
{
    size_t n = 0;
    char norm[NAME_CAP];
    buf[0] = '\0';
    for (size_t i = 0; i < w5_doc_role_count(in->doc); i++) {
        w5_role role;
        if (w5_doc_role(in->doc, i, &role) || role.entity != (long)e)
            continue;
        if (role.title && w5_store_norm_name(role.title, norm, sizeof norm))
            n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "|%s|", norm);
        const char *aff = role.affiliation_name;
        w5_entity aff_ent;
        if (!aff && role.affiliation >= 0 &&
            !w5_doc_entity(in->doc, (size_t)role.affiliation, &aff_ent))
            aff = aff_ent.name;
        if (aff && w5_store_norm_name(aff, norm, sizeof norm))
            n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "|@%s|", norm);
        if (n >= cap) {
            buf[cap - 1] = '\0';
            return;
        }
    }
}

static int contains_key(const char *keys, const char *prefix, const char *s)
{
    char needle[NAME_CAP + 4];
    if (!s || !*s)
        return 0;
    snprintf(needle, sizeof needle, "|%s%s|", prefix, s);
    return strstr(keys, needle) != NULL;
}

/* 1 when corpus entity `id` has a stored role sharing a title or an
 * affiliation with `keys` (from doc_role_keys). */
static int roles_agree(ingest *in, int64_t id, const char *keys, int *agree)
{
    sqlite3_stmt *stmt;
    int rc, step;
    *agree = 0;
    if (!*keys)
        return W5_OK;
    if ((rc = w5_store_stmt(in->store, W5_SQL_ENTITY_ROLES, &stmt, in->err)))
        return rc;
    sqlite3_bind_int64(stmt, 1, id);
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW && !*agree) {
        const char *title = (const char *)sqlite3_column_text(stmt, 0);
        const char *aff = (const char *)sqlite3_column_text(stmt, 1);
        char norm[NAME_CAP];
        if (title && w5_store_norm_name(title, norm, sizeof norm) &&
            contains_key(keys, "", norm))
            *agree = 1;
        if (contains_key(keys, "@", aff))
            *agree = 1;
    }
    sqlite3_reset(stmt);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return w5_store_fail_db(in->store, in->err, "cannot read roles");
    return W5_OK;
}

typedef struct cand_list {
    w5_merge_candidate v[80];
    size_t n;
} cand_list;

/* Appends the rows of a candidate query: column 0 the id, column 1 either
 * `full` (by norm) or the norm (by surname). */
static int fetch_candidates(ingest *in, int which, const char *key,
                            const char *type, const char *doc_norm,
                            cand_list *out)
{
    sqlite3_stmt *stmt;
    int rc, step;
    if ((rc = w5_store_stmt(in->store, which, &stmt, in->err)))
        return rc;
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, type, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW &&
           out->n < sizeof out->v / sizeof *out->v) {
        w5_merge_candidate c = {sqlite3_column_int64(stmt, 0), 0, 0, 0, 0};
        if (which == W5_SQL_ENTITY_BY_NORM) {
            c.full = sqlite3_column_int(stmt, 1);
            c.same_norm = strcmp(key, doc_norm) == 0;
        } else {
            const char *norm = (const char *)sqlite3_column_text(stmt, 1);
            if (norm && strcmp(norm, doc_norm) == 0)
                continue; /* already fetched by norm */
            c.full = 1;
            c.short_match = norm && w5_store_short_match(norm, doc_norm);
        }
        out->v[out->n++] = c;
    }
    sqlite3_reset(stmt);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return w5_store_fail_db(in->store, in->err, "cannot look up entities");
    return W5_OK;
}

/* 1 when entity e has a proper-name mention: chains of only pronouns and
 * descriptions ("he", "the minister") name no one across documents. */
static int has_name_mention(const ingest *in, size_t e, const w5_entity *ent)
{
    for (size_t k = 0; k < ent->mention_count; k++) {
        size_t mi;
        w5_mention m;
        if (w5_doc_entity_mention(in->doc, e, k, &mi) == W5_OK &&
            w5_doc_mention(in->doc, mi, &m) == W5_OK &&
            m.kind == W5_MENTION_NAME)
            return 1;
    }
    return 0;
}

static int resolve_entity(ingest *in, size_t e, const w5_entity *ent,
                          int64_t *id)
{
    char norm[NAME_CAP], surname[NAME_CAP], keys[1024];
    cand_list cands = {.n = 0};
    sqlite3_stmt *stmt;
    size_t slen, index = 0;
    int rc;
    *id = 0;
    if (!ent->name || !is_named_type(ent->type) ||
        !has_name_mention(in, e, ent) ||
        !w5_store_norm_name(ent->name, norm, sizeof norm))
        return W5_OK;
    const char *s = w5_store_surname(norm, &slen);
    snprintf(surname, sizeof surname, "%.*s", (int)slen, s);
    int full = w5_store_word_count(norm) >= 2;
    int person = strcmp(ent->type, "PERSON") == 0;

    if ((rc = fetch_candidates(in, W5_SQL_ENTITY_BY_NORM, norm, ent->type,
                               norm, &cands)))
        return rc;
    if (person && full &&
        (rc = fetch_candidates(in, W5_SQL_ENTITY_BY_NORM, surname, ent->type,
                               norm, &cands)))
        return rc;
    if (person &&
        (rc = fetch_candidates(in, W5_SQL_ENTITY_FULL_BY_SURNAME, surname,
                               ent->type, norm, &cands)))
        return rc;
    if (person && !full) {
        size_t fulls = 0;
        for (size_t i = 0; i < cands.n; i++)
            fulls += cands.v[i].full && !cands.v[i].same_norm;
        doc_role_keys(in, e, keys, sizeof keys);
        for (size_t i = 0; fulls > 1 && i < cands.n; i++)
            if (cands.v[i].full &&
                (rc = roles_agree(in, cands.v[i].id, keys,
                                  &cands.v[i].roles_agree)))
                return rc;
    }
    switch (w5_store_merge_decide(full, person, cands.v, cands.n, &index)) {
    case W5_MERGE_JOIN:
        *id = cands.v[index].id;
        return W5_OK;
    case W5_MERGE_UPGRADE:
        *id = cands.v[index].id;
        if ((rc = w5_store_stmt(in->store, W5_SQL_UPGRADE_ENTITY, &stmt,
                                in->err)))
            return rc;
        sqlite3_bind_int64(stmt, 1, *id);
        sqlite3_bind_text(stmt, 2, ent->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 3, norm, -1, SQLITE_STATIC);
        return step_done(in, stmt, "cannot update an entity");
    case W5_MERGE_NEW:
        break;
    }
    if ((rc = w5_store_stmt(in->store, W5_SQL_INSERT_ENTITY, &stmt, in->err)))
        return rc;
    sqlite3_bind_text(stmt, 1, ent->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, norm, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, ent->type, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, surname, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 5, full);
    bind_opt_text(stmt, 6, ent->gender);
    if ((rc = step_done(in, stmt, "cannot store an entity")))
        return rc;
    *id = sqlite3_last_insert_rowid(in->store->db);
    return W5_OK;
}

/* Whether corpus entity `id` already appears among ent_ids[0..upto). */
static int seen_before(const ingest *in, size_t upto, int64_t id)
{
    for (size_t i = 0; i < upto; i++)
        if (in->ent_ids[i] == id)
            return 1;
    return 0;
}

static int add_entities(ingest *in)
{
    int rc;
    for (size_t e = 0; e < in->n_ents; e++) {
        w5_entity ent;
        sqlite3_stmt *stmt;
        if (w5_doc_entity(in->doc, e, &ent))
            continue;
        if ((rc = resolve_entity(in, e, &ent, &in->ent_ids[e])))
            return rc;
        if (!in->ent_ids[e])
            continue;
        if ((rc = w5_store_stmt(in->store, W5_SQL_UPDATE_ENTITY, &stmt,
                                in->err)))
            return rc;
        sqlite3_bind_int64(stmt, 1, in->ent_ids[e]);
        sqlite3_bind_int64(stmt, 2, (sqlite3_int64)ent.mention_count);
        sqlite3_bind_double(stmt, 3, ent.salience);
        bind_opt_text(stmt, 4, ent.gender);
        /* Two chains of one document may land on one corpus entity: the
         * document counts once. */
        sqlite3_bind_int(stmt, 5, !seen_before(in, e, in->ent_ids[e]));
        if ((rc = step_done(in, stmt, "cannot update an entity")))
            return rc;
        if ((rc = w5_store_stmt(in->store, W5_SQL_INSERT_DOC_ENTITY, &stmt,
                                in->err)))
            return rc;
        sqlite3_bind_int64(stmt, 1, in->doc_id);
        sqlite3_bind_int64(stmt, 2, (sqlite3_int64)e);
        sqlite3_bind_int64(stmt, 3, in->ent_ids[e]);
        sqlite3_bind_text(stmt, 4, ent.name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 5, (sqlite3_int64)ent.mention_count);
        sqlite3_bind_double(stmt, 6, ent.salience);
        if ((rc = step_done(in, stmt, "cannot store a document entity")))
            return rc;
    }
    return W5_OK;
}

static int add_cooccurrence(ingest *in)
{
    int64_t ids[MAX_COOCCUR_ENTITIES];
    double sal[MAX_COOCCUR_ENTITIES];
    size_t n = 0;
    int rc;
    /* The distinct corpus entities, keeping the most salient when capped. */
    for (size_t e = 0; e < in->n_ents; e++) {
        w5_entity ent;
        int64_t id = in->ent_ids[e];
        if (!id || seen_before(in, e, id) || w5_doc_entity(in->doc, e, &ent))
            continue;
        size_t slot = n;
        if (n == MAX_COOCCUR_ENTITIES) {
            size_t low = 0;
            for (size_t i = 1; i < n; i++)
                if (sal[i] < sal[low])
                    low = i;
            if (sal[low] >= ent.salience)
                continue;
            slot = low;
        } else {
            n++;
        }
        ids[slot] = id;
        sal[slot] = ent.salience;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            sqlite3_stmt *stmt;
            if ((rc = w5_store_stmt(in->store, W5_SQL_COOCCUR, &stmt, in->err)))
                return rc;
            sqlite3_bind_int64(stmt, 1, ids[i] < ids[j] ? ids[i] : ids[j]);
            sqlite3_bind_int64(stmt, 2, ids[i] < ids[j] ? ids[j] : ids[i]);
            if ((rc = step_done(in, stmt, "cannot store co-occurrence")))
                return rc;
        }
    return W5_OK;
}

/* ---- mentions, roles, quotes, times, events ------------------------------ */

static int add_mentions(ingest *in)
{
    int rc;
    for (size_t i = 0; i < w5_doc_mention_count(in->doc); i++) {
        w5_mention m;
        sqlite3_stmt *stmt;
        if (w5_doc_mention(in->doc, i, &m))
            continue;
        if ((rc = w5_store_stmt(in->store, W5_SQL_INSERT_MENTION, &stmt,
                                in->err)))
            return rc;
        sqlite3_bind_int64(stmt, 1, in->doc_id);
        bind_opt_id(stmt, 2, corpus_id(in, m.entity));
        sqlite3_bind_int64(stmt, 3, (sqlite3_int64)m.start);
        sqlite3_bind_int64(stmt, 4, (sqlite3_int64)m.end);
        sqlite3_bind_int64(stmt, 5, (sqlite3_int64)m.sentence);
        sqlite3_bind_text(stmt, 6, m.type ? m.type : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 7, KIND_NAME(mention_kinds, m.kind), -1,
                          SQLITE_STATIC);
        bind_span(stmt, 8, in, m.start, m.end);
        if ((rc = step_done(in, stmt, "cannot store a mention")))
            return rc;
    }
    return W5_OK;
}

static int add_roles(ingest *in)
{
    int rc;
    for (size_t i = 0; i < w5_doc_role_count(in->doc); i++) {
        w5_role r;
        w5_entity aff_ent;
        sqlite3_stmt *stmt;
        char norm[NAME_CAP];
        if (w5_doc_role(in->doc, i, &r))
            continue;
        const char *aff = r.affiliation_name;
        if (!aff && r.affiliation >= 0 &&
            !w5_doc_entity(in->doc, (size_t)r.affiliation, &aff_ent))
            aff = aff_ent.name;
        if ((rc = w5_store_stmt(in->store, W5_SQL_INSERT_ROLE, &stmt, in->err)))
            return rc;
        sqlite3_bind_int64(stmt, 1, in->doc_id);
        bind_opt_id(stmt, 2, corpus_id(in, r.entity));
        bind_opt_text(stmt, 3, r.title);
        bind_opt_id(stmt, 4, corpus_id(in, r.affiliation));
        bind_opt_text(stmt, 5, aff);
        if (aff && w5_store_norm_name(aff, norm, sizeof norm))
            sqlite3_bind_text(stmt, 6, norm, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 7, KIND_NAME(role_kinds, r.kind), -1,
                          SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 8, (sqlite3_int64)r.start);
        sqlite3_bind_int64(stmt, 9, (sqlite3_int64)r.end);
        bind_span(stmt, 10, in, r.start, r.end);
        bind_opt_text(stmt, 11, in->day);
        if ((rc = step_done(in, stmt, "cannot store a role")))
            return rc;
    }
    return W5_OK;
}

static int add_quotes(ingest *in)
{
    int rc;
    for (size_t i = 0; i < w5_doc_quote_count(in->doc); i++) {
        w5_quote q;
        w5_entity speaker;
        w5_mention m;
        sqlite3_stmt *stmt;
        if (w5_doc_quote(in->doc, i, &q))
            continue;
        int has_speaker = q.speaker_entity >= 0 &&
                          !w5_doc_entity(in->doc, (size_t)q.speaker_entity,
                                         &speaker);
        if ((rc = w5_store_stmt(in->store, W5_SQL_INSERT_QUOTE, &stmt,
                                in->err)))
            return rc;
        sqlite3_bind_int64(stmt, 1, in->doc_id);
        bind_opt_id(stmt, 2, corpus_id(in, q.speaker_entity));
        if (has_speaker)
            bind_opt_text(stmt, 3, speaker.name);
        else if (q.speaker_mention >= 0 &&
                 !w5_doc_mention(in->doc, (size_t)q.speaker_mention, &m))
            bind_span(stmt, 3, in, m.start, m.end);
        bind_span(stmt, 4, in, q.start, q.end);
        if (q.cue_end > q.cue_start)
            bind_span(stmt, 5, in, q.cue_start, q.cue_end);
        sqlite3_bind_text(stmt, 6, KIND_NAME(quote_kinds, q.kind), -1,
                          SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 7, (sqlite3_int64)q.start);
        sqlite3_bind_int64(stmt, 8, (sqlite3_int64)q.end);
        sqlite3_bind_double(stmt, 9, has_speaker ? speaker.salience : 0.0);
        bind_opt_text(stmt, 10, in->day);
        if ((rc = step_done(in, stmt, "cannot store a quote")))
            return rc;
        int64_t quote_id = sqlite3_last_insert_rowid(in->store->db);
        if ((rc = w5_store_stmt(in->store, W5_SQL_INSERT_QUOTE_FTS, &stmt,
                                in->err)))
            return rc;
        sqlite3_bind_int64(stmt, 1, quote_id);
        bind_span(stmt, 2, in, q.start, q.end);
        if ((rc = step_done(in, stmt, "cannot index a quote")))
            return rc;
    }
    return W5_OK;
}

static int add_times(ingest *in, int64_t *time_ids)
{
    int rc;
    for (size_t i = 0; i < w5_doc_time_count(in->doc); i++) {
        w5_time t;
        sqlite3_stmt *stmt;
        time_ids[i] = 0;
        if (w5_doc_time(in->doc, i, &t))
            continue;
        if ((rc = w5_store_stmt(in->store, W5_SQL_INSERT_TIME, &stmt, in->err)))
            return rc;
        sqlite3_bind_int64(stmt, 1, in->doc_id);
        sqlite3_bind_int64(stmt, 2, (sqlite3_int64)t.start);
        sqlite3_bind_int64(stmt, 3, (sqlite3_int64)t.end);
        sqlite3_bind_text(stmt, 4, KIND_NAME(time_kinds, t.kind), -1,
                          SQLITE_STATIC);
        bind_opt_text(stmt, 5, t.value);
        bind_opt_text(stmt, 6, t.modifier);
        sqlite3_bind_int(stmt, 7, t.resolved);
        bind_span(stmt, 8, in, t.start, t.end);
        if ((rc = step_done(in, stmt, "cannot store a time")))
            return rc;
        time_ids[i] = sqlite3_last_insert_rowid(in->store->db);
    }
    return W5_OK;
}

static int add_events(ingest *in, const int64_t *time_ids)
{
    int rc;
    size_t n_times = w5_doc_time_count(in->doc);
    for (size_t i = 0; i < w5_doc_event_count(in->doc); i++) {
        w5_event ev;
        w5_time t;
        sqlite3_stmt *stmt;
        if (w5_doc_event(in->doc, i, &ev))
            continue;
        int has_time = ev.time >= 0 && (size_t)ev.time < n_times &&
                       !w5_doc_time(in->doc, (size_t)ev.time, &t);
        if ((rc = w5_store_stmt(in->store, W5_SQL_INSERT_EVENT, &stmt,
                                in->err)))
            return rc;
        sqlite3_bind_int64(stmt, 1, in->doc_id);
        sqlite3_bind_int64(stmt, 2, (sqlite3_int64)ev.sentence);
        sqlite3_bind_int64(stmt, 3, (sqlite3_int64)ev.start);
        sqlite3_bind_int64(stmt, 4, (sqlite3_int64)ev.end);
        bind_span(stmt, 5, in, ev.start, ev.end);
        bind_opt_text(stmt, 6, ev.code);
        bind_opt_text(stmt, 7, ev.label);
        bind_opt_id(stmt, 8, corpus_id(in, ev.source));
        bind_opt_id(stmt, 9, corpus_id(in, ev.target));
        bind_opt_id(stmt, 10, corpus_id(in, ev.place));
        bind_opt_id(stmt, 11, has_time ? time_ids[ev.time] : 0);
        bind_opt_text(stmt, 12, has_time ? t.value : NULL);
        bind_opt_text(stmt, 13, in->day);
        if ((rc = step_done(in, stmt, "cannot store an event")))
            return rc;
        int64_t event_id = sqlite3_last_insert_rowid(in->store->db);
        size_t parts = w5_doc_event_participant_count(in->doc, i);
        for (size_t k = 0; k < parts; k++) {
            long local;
            int64_t id;
            if (w5_doc_event_participant(in->doc, i, k, &local) ||
                !(id = corpus_id(in, local)))
                continue;
            if ((rc = w5_store_stmt(in->store, W5_SQL_INSERT_EVENT_PART, &stmt,
                                    in->err)))
                return rc;
            sqlite3_bind_int64(stmt, 1, event_id);
            sqlite3_bind_int64(stmt, 2, id);
            if ((rc = step_done(in, stmt, "cannot store an event participant")))
                return rc;
        }
    }
    return W5_OK;
}

static int add_layers(ingest *in)
{
    int rc;
    int64_t *time_ids = NULL;
    size_t n_times = w5_doc_time_count(in->doc);
    if (n_times && !(time_ids = calloc(n_times, sizeof *time_ids)))
        return w5_fail(in->err, W5_ERR_NOMEM, "out of memory");
    if (!(rc = add_entities(in)) && !(rc = add_cooccurrence(in)) &&
        !(rc = add_mentions(in)) && !(rc = add_roles(in)) &&
        !(rc = add_quotes(in)) && !(rc = add_times(in, time_ids)))
        rc = add_events(in, time_ids);
    free(time_ids);
    return rc;
}

int w5_store_add_doc(w5_store *store, const w5_doc *doc, const char *source,
                     int *added, w5_error *err)
{
    int rc, was_added = 0;
    char *key = NULL;
    ingest in = {.store = store, .doc = doc, .err = err};
    if (added)
        *added = 0;
    if (!store || !doc)
        return w5_fail(err, W5_ERR_INVALID, "w5_store_add_doc: NULL argument");
    if (store->flags & W5_STORE_READ_ONLY)
        return w5_fail(err, W5_ERR_DB, "the store was opened read-only");
    if ((rc = w5_store_doc_key(doc, &key, err)))
        return rc;
    in.text = w5_doc_text(doc, &in.len);
    doc_day(doc, in.day);
    in.n_ents = w5_doc_entity_count(doc);
    if (in.n_ents && !(in.ent_ids = calloc(in.n_ents, sizeof *in.ent_ids))) {
        free(key);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    if ((rc = w5_store_exec(store, "SAVEPOINT w5_doc", err)))
        goto done;
    rc = insert_document(&in, key, source, &was_added);
    if (rc == W5_OK && was_added)
        rc = add_layers(&in);
    if (rc == W5_OK) {
        rc = w5_store_exec(store, "RELEASE w5_doc", err);
    } else {
        sqlite3_exec(store->db, "ROLLBACK TO w5_doc; RELEASE w5_doc", NULL,
                     NULL, NULL);
        was_added = 0;
    }
    if (added)
        *added = was_added;
done:
    free(in.ent_ids);
    free(key);
    return rc;
}
