/*
 * test_store.c - the corpus store: the cross-document merge rules (pure
 * and through a database), idempotent ingest, queries, and the clear
 * errors for a read-only or locked database. Documents get hand-made
 * entity and role layers, so the tests do not depend on trained models.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "doc/doc.h"
#include "store/store.h"

static char db_path[256];

static void remove_db(void)
{
    char side[300];
    unlink(db_path);
    snprintf(side, sizeof side, "%s-wal", db_path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db_path);
    unlink(side);
}

static void fresh_db(const char *name)
{
    snprintf(db_path, sizeof db_path, "/tmp/w5-test-store-%ld-%s.db",
             (long)getpid(), name);
    remove_db();
}

/* ---- hand-made documents --------------------------------------------------- */

static uint32_t pool_str(w5_doc *doc, const char *s)
{
    uint32_t off = 0;
    w5_strpool_add(&doc->pool, s, strlen(s), &off);
    return off;
}

/* Adds an entity with one name mention at the first occurrence of
 * `surface` in the text; returns its index. */
static int add_entity(w5_doc *doc, const char *name, w5_etype type,
                      const char *surface, float salience)
{
    const char *at = strstr(doc->text, surface);
    w5_ment m = {0};
    w5_ent e = {0};
    m.start = at ? (uint32_t)(at - doc->text) : 0;
    m.end = m.start + (uint32_t)strlen(surface);
    m.type = (uint8_t)type;
    m.kind = W5_MENTION_NAME;
    m.entity = (int32_t)doc->ents.n;
    uint32_t mi = (uint32_t)doc->ments.n;
    w5_vec_push(&doc->ments, m);
    e.name = pool_str(doc, name);
    e.type = (uint8_t)type;
    e.salience = salience;
    e.first_ment = (uint32_t)doc->ent_ments.n;
    e.ment_count = 1;
    w5_vec_push(&doc->ent_ments, mi);
    w5_vec_push(&doc->ents, e);
    return (int)doc->ents.n - 1;
}

static void add_role(w5_doc *doc, int entity, const char *title,
                     const char *affiliation)
{
    w5_rol r = {0};
    r.entity = entity;
    r.title = pool_str(doc, title);
    r.affiliation = -1;
    r.affiliation_name = affiliation ? pool_str(doc, affiliation) : 0;
    w5_vec_push(&doc->roles, r);
}

static void add_quote(w5_doc *doc, int speaker, const char *content)
{
    const char *at = strstr(doc->text, content);
    w5_quo q = {0};
    q.start = at ? (uint32_t)(at - doc->text) : 0;
    q.end = q.start + (uint32_t)strlen(content);
    q.speaker_ent = speaker;
    q.speaker_ment = -1;
    q.kind = W5_QUOTE_DIRECT;
    w5_vec_push(&doc->quotes, q);
}

static w5_doc *make_doc(const char *id, const char *date, const char *text)
{
    w5_doc *doc = NULL;
    w5_doc_new(text, strlen(text), &doc, NULL);
    if (id)
        w5_doc_set_meta(doc, W5_META_ID, id, NULL);
    if (date)
        w5_doc_set_meta(doc, W5_META_DATE, date, NULL);
    w5_analyze(NULL, doc, W5_STAGE_TOKENS | W5_STAGE_SENTENCES, NULL);
    return doc;
}

static int add(w5_store *store, w5_doc *doc)
{
    int added = -1;
    w5_error err;
    int rc = w5_store_add_doc(store, doc, "test", &added, &err);
    CHECK(rc == W5_OK, "add_doc: %s", err.message);
    w5_doc_free(doc);
    return added;
}

static long long scalar(w5_store *store, const char *sql)
{
    sqlite3_stmt *stmt;
    long long v = -1;
    if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        v = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return v;
}

/* The corpus entity id that document `id`'s entity `local` became. */
static long long entity_of(w5_store *store, const char *doc_id, int local)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT entity_id FROM doc_entities JOIN documents d"
             " ON d.id = doc_id WHERE d.ext_id = '%s' AND local = %d",
             doc_id, local);
    return scalar(store, sql);
}

/* ---- pure rules -------------------------------------------------------------- */

static void test_norm_name(void)
{
    char buf[64];
    w5_store_norm_name("  Hamid   KARZAI's ", buf, sizeof buf);
    CHECK_STR(buf, "hamid karzai");
    w5_store_norm_name("John F. Kerry", buf, sizeof buf);
    CHECK_STR(buf, "john f kerry");
    size_t n;
    const char *s = w5_store_surname("martin luther king jr", &n);
    CHECK(n == 4 && strncmp(s, "king", 4) == 0, "surname %.*s", (int)n, s);
    s = w5_store_surname("karzai", &n);
    CHECK(n == 6, "bare surname length %zu", n);
    CHECK(w5_store_word_count("hamid karzai") == 2, "word count");
}

static void test_merge_decide(void)
{
    size_t index = 99;
    /* A full name with the same full name in the corpus joins it. */
    w5_merge_candidate same[] = {{7, 1, 1, 0, 0}};
    CHECK(w5_store_merge_decide(1, 1, same, 1, &index) == W5_MERGE_JOIN &&
              index == 0, "same full name joins");
    /* A different full name with the same surname stays apart. */
    w5_merge_candidate other[] = {{7, 1, 0, 0, 0}};
    CHECK(w5_store_merge_decide(1, 1, other, 1, &index) == W5_MERGE_NEW,
          "Imran Khan vs Ismail Khan");
    /* A bare surname joins the only full name with that surname. */
    CHECK(w5_store_merge_decide(0, 1, other, 1, &index) == W5_MERGE_JOIN,
          "unambiguous surname joins");
    /* Two full names: only role agreement decides. */
    w5_merge_candidate two[] = {{7, 1, 0, 0, 0}, {8, 1, 0, 1, 0}};
    CHECK(w5_store_merge_decide(0, 1, two, 2, &index) == W5_MERGE_JOIN &&
              index == 1, "roles pick the Khan");
    w5_merge_candidate none_agree[] = {{7, 1, 0, 0, 0}, {8, 1, 0, 0, 0},
                                       {9, 0, 1, 0, 0}};
    CHECK(w5_store_merge_decide(0, 1, none_agree, 3, &index) ==
                  W5_MERGE_JOIN && index == 2,
          "ambiguous surname joins the bare entity");
    CHECK(w5_store_merge_decide(0, 1, none_agree, 2, &index) == W5_MERGE_NEW,
          "ambiguous surname without a bare entity is new");
    /* A full name upgrades a bare surname seen before. */
    w5_merge_candidate bare[] = {{5, 0, 0, 0, 0}};
    CHECK(w5_store_merge_decide(1, 1, bare, 1, &index) == W5_MERGE_UPGRADE,
          "upgrade bare surname");
    /* "John F Kerry" and "John Kerry": the one compatible variant joins,
     * two variants are ambiguous. */
    w5_merge_candidate variant[] = {{7, 1, 0, 0, 1}, {8, 1, 0, 0, 0}};
    CHECK(w5_store_merge_decide(1, 1, variant, 2, &index) == W5_MERGE_JOIN &&
              index == 0, "middle initial variant joins");
    w5_merge_candidate variants[] = {{7, 1, 0, 0, 1}, {8, 1, 0, 0, 1}};
    CHECK(w5_store_merge_decide(1, 1, variants, 2, &index) == W5_MERGE_NEW,
          "two variants: new");
    CHECK(w5_store_short_match("john f kerry", "john kerry"), "J F K");
    CHECK(w5_store_short_match("john kerry", "john forbes kerry"), "J F K 2");
    CHECK(!w5_store_short_match("george h w bush", "george w bush"), "Bushes");
    CHECK(!w5_store_short_match("john kerry", "jane kerry"), "first names");
    CHECK(!w5_store_short_match("kerry", "john kerry"), "bare");
    /* Not a person: names must match exactly. */
    CHECK(w5_store_merge_decide(0, 0, other, 1, &index) == W5_MERGE_NEW,
          "organisations do not merge by last word");
}

/* ---- through the database ------------------------------------------------------ */

static w5_store *open_fresh(const char *name)
{
    w5_store *store = NULL;
    w5_error err;
    fresh_db(name);
    int rc = w5_store_open(db_path, 0, &store, &err);
    CHECK(rc == W5_OK, "open: %s", err.message);
    return store;
}

static void test_cross_document_entities(void)
{
    w5_store *store = open_fresh("merge");
    if (!store)
        return;
    w5_doc *d;
    d = make_doc("a", "2013-04-24",
                 "Afghan President Hamid Karzai met Imran Khan in Kabul.");
    int k = add_entity(d, "Hamid Karzai", W5_E_PERSON, "Hamid Karzai", 0.5f);
    add_role(d, k, "president", "Afghan");
    add_entity(d, "Imran Khan", W5_E_PERSON, "Imran Khan", 0.3f);
    add_entity(d, "Kabul", W5_E_GPE, "Kabul", 0.2f);
    CHECK(add(store, d) == 1, "first document added");

    d = make_doc("b", "2013-05-02",
                 "Karzai, the Afghan president, spoke to Ismail Khan.");
    k = add_entity(d, "Karzai", W5_E_PERSON, "Karzai", 0.6f);
    add_role(d, k, "president", "Afghan");
    add_entity(d, "Ismail Khan", W5_E_PERSON, "Ismail Khan", 0.4f);
    add(store, d);

    /* Karzai alone joins Hamid Karzai: the only full name with it. */
    CHECK(entity_of(store, "a", 0) == entity_of(store, "b", 0),
          "Karzai joins Hamid Karzai");
    /* Two different Khans stay apart. */
    CHECK(entity_of(store, "a", 1) != entity_of(store, "b", 1),
          "Imran Khan and Ismail Khan stay apart");

    /* A bare Khan is ambiguous: with no agreeing roles it stays apart. */
    d = make_doc("c", "2013-05-03", "Khan said nothing.");
    add_entity(d, "Khan", W5_E_PERSON, "Khan", 0.9f);
    add(store, d);
    long long khan = entity_of(store, "c", 0);
    CHECK(khan != entity_of(store, "a", 1) && khan != entity_of(store, "b", 1),
          "an ambiguous Khan does not join either");

    /* With a role only one of them has, it joins that one. */
    d = make_doc("d0", "2013-05-04", "Ismail Khan, the governor of Herat.");
    k = add_entity(d, "Ismail Khan", W5_E_PERSON, "Ismail Khan", 0.9f);
    add_role(d, k, "governor", "Herat");
    add(store, d);
    d = make_doc("d", "2013-05-05", "Khan, the governor, arrived.");
    k = add_entity(d, "Khan", W5_E_PERSON, "Khan", 0.9f);
    add_role(d, k, "governor", NULL);
    add(store, d);
    CHECK(entity_of(store, "d", 0) == entity_of(store, "b", 1),
          "the governor Khan is Ismail Khan");

    /* A bare name seen first is upgraded by a later full name. */
    d = make_doc("e", "2013-05-06", "Kayani arrived.");
    add_entity(d, "Kayani", W5_E_PERSON, "Kayani", 0.9f);
    add(store, d);
    d = make_doc("f", "2013-05-07", "Ashfaq Kayani arrived.");
    add_entity(d, "Ashfaq Kayani", W5_E_PERSON, "Ashfaq Kayani", 0.9f);
    add(store, d);
    CHECK(entity_of(store, "e", 0) == entity_of(store, "f", 0),
          "Kayani upgraded to Ashfaq Kayani");
    CHECK(scalar(store, "SELECT count(*) FROM entities WHERE name ="
                        " 'Ashfaq Kayani'") == 1, "one Kayani");

    /* A middle initial does not split a person; different middles do. */
    d = make_doc("g", "2013-05-08", "John F. Kerry and George H. W. Bush.");
    add_entity(d, "John F. Kerry", W5_E_PERSON, "John F. Kerry", 0.5f);
    add_entity(d, "George H. W. Bush", W5_E_PERSON, "George H. W. Bush", 0.5f);
    add(store, d);
    d = make_doc("h", "2013-05-09", "John Kerry and George W. Bush.");
    add_entity(d, "John Kerry", W5_E_PERSON, "John Kerry", 0.5f);
    add_entity(d, "George W. Bush", W5_E_PERSON, "George W. Bush", 0.5f);
    add(store, d);
    CHECK(entity_of(store, "g", 0) == entity_of(store, "h", 0),
          "John F. Kerry is John Kerry");
    CHECK(entity_of(store, "g", 1) != entity_of(store, "h", 1),
          "the two Bushes stay apart");

    /* Statistics: Hamid Karzai is in two documents. */
    CHECK(scalar(store, "SELECT doc_count FROM entities WHERE norm ="
                        " 'hamid karzai'") == 2, "Karzai doc count");
    CHECK(scalar(store, "SELECT weight FROM cooccurrence c JOIN entities a"
                        " ON a.id = c.a JOIN entities b ON b.id = c.b"
                        " WHERE a.name = 'Hamid Karzai' AND b.name = 'Kabul'"
                        " OR b.name = 'Hamid Karzai' AND a.name = 'Kabul'") == 1,
          "co-occurrence Karzai-Kabul");
    w5_store_close(store);
    remove_db();
}

static void test_idempotent(void)
{
    w5_store *store = open_fresh("idem");
    if (!store)
        return;
    CHECK(add(store, make_doc("x1", NULL, "One text.")) == 1, "first");
    CHECK(add(store, make_doc("x1", NULL, "One text.")) == 0, "same id");
    CHECK(add(store, make_doc(NULL, NULL, "No id here.")) == 1, "hash key");
    CHECK(add(store, make_doc(NULL, NULL, "No id here.")) == 0, "same hash");
    CHECK(scalar(store, "SELECT count(*) FROM documents") == 2, "two docs");
    /* A transaction rolled back leaves nothing. */
    w5_error err;
    w5_store_begin(store, &err);
    add(store, make_doc("x2", NULL, "Rolled back."));
    w5_store_rollback(store, &err);
    CHECK(scalar(store, "SELECT count(*) FROM documents") == 2,
          "rollback keeps two");
    w5_store_close(store);
    /* Reopening keeps the schema version and the documents. */
    CHECK(w5_store_open(db_path, W5_STORE_READ_ONLY, &store, &err) == W5_OK,
          "reopen: %s", err.message);
    if (store) {
        CHECK(scalar(store, "PRAGMA user_version") == W5_STORE_SCHEMA_VERSION,
              "user_version");
        CHECK(scalar(store, "SELECT count(*) FROM documents") == 2, "kept");
        w5_store_close(store);
    }
    remove_db();
}

static const char *value_of(const w5_result *res, const char *section,
                            size_t row, const char *column)
{
    for (size_t s = 0; s < w5_result_section_count(res); s++) {
        if (strcmp(w5_result_section_name(res, s), section))
            continue;
        for (size_t c = 0; c < w5_result_column_count(res, s); c++)
            if (!strcmp(w5_result_column_name(res, s, c), column))
                return w5_result_value(res, s, row, c);
    }
    return NULL;
}

static void test_queries(void)
{
    w5_store *store = open_fresh("query");
    w5_error err;
    w5_result *res = NULL;
    if (!store)
        return;
    w5_doc *d = make_doc("q1", "2013-04-24",
                         "Kerry said \"we made progress\" in Brussels.");
    int k = add_entity(d, "John Kerry", W5_E_PERSON, "Kerry", 0.7f);
    add_role(d, k, "secretary of state", "US");
    int b = add_entity(d, "Brussels", W5_E_GPE, "Brussels", 0.3f);
    add_quote(d, k, "we made progress");
    /* An event: Kerry (source) ... Brussels (target), CAMEO 043. */
    w5_evt ev = {0};
    const char *said = strstr(d->text, "said");
    ev.start = (uint32_t)(said - d->text);
    ev.end = ev.start + 4;
    ev.code = pool_str(d, "043");
    ev.label = pool_str(d, "visit");
    ev.source = k;
    ev.target = b;
    ev.place = b;
    ev.time = -1;
    ev.first_part = (uint32_t)d->evt_parts.n;
    ev.part_count = 2;
    w5_vec_push(&d->evt_parts, (int32_t)k);
    w5_vec_push(&d->evt_parts, (int32_t)b);
    w5_vec_push(&d->events, ev);
    add(store, d);
    d = make_doc("q2", "2013-05-24", "Kerry said \"talks go on\" in Paris.");
    k = add_entity(d, "John Kerry", W5_E_PERSON, "Kerry", 0.8f);
    add_quote(d, k, "talks go on");
    add(store, d);

    CHECK(w5_store_who(store, "kerry", NULL, &res, &err) == W5_OK, "who: %s",
          err.message);
    CHECK_STR(value_of(res, "entity", 0, "name"), "John Kerry");
    CHECK_STR(value_of(res, "entity", 0, "documents"), "2");
    CHECK_STR(value_of(res, "roles", 0, "title"), "secretary of state");
    CHECK_STR(value_of(res, "roles", 0, "first"), "2013-04-24");
    CHECK_STR(value_of(res, "co-mentioned", 0, "name"), "Brussels");
    CHECK(value_of(res, "quotes", 1, "content") != NULL, "two quotes");
    w5_result_free(res);

    CHECK(w5_store_who(store, "Nobody Atall", NULL, &res, &err) ==
              W5_ERR_NOT_FOUND, "unknown name");

    w5_query_options opts = w5_default_query_options();
    opts.speaker = "John Kerry";
    opts.since = "2013-05-01";
    CHECK(w5_store_quotes(store, &opts, &res, &err) == W5_OK, "quotes");
    CHECK_STR(value_of(res, "quotes", 0, "content"), "talks go on");
    CHECK(value_of(res, "quotes", 1, "content") == NULL, "one since May");
    w5_result_free(res);

    opts = w5_default_query_options();
    opts.about = "progress";
    CHECK(w5_store_quotes(store, &opts, &res, &err) == W5_OK, "quotes about");
    CHECK_STR(value_of(res, "quotes", 0, "content"), "we made progress");
    w5_result_free(res);

    CHECK(w5_store_search(store, "brussels \"", NULL, &res, &err) == W5_OK,
          "search with a stray quote: %s", err.message);
    const char *snippet = value_of(res, "documents", 0, "snippet");
    CHECK(snippet && strstr(snippet, "[Brussels]"), "snippet %s",
          snippet ? snippet : "(null)");
    w5_result_free(res);

    opts = w5_default_query_options();
    opts.by = W5_PERIOD_MONTH;
    CHECK(w5_store_timeline(store, "Kerry", &opts, &res, &err) == W5_OK,
          "timeline");
    CHECK_STR(value_of(res, "timeline", 0, "period"), "2013-04");
    CHECK_STR(value_of(res, "timeline", 1, "quotes"), "1");
    w5_result_free(res);
    opts.by = W5_PERIOD_WEEK;
    CHECK(w5_store_timeline(store, "Kerry", &opts, &res, &err) == W5_OK,
          "timeline by week");
    /* 2013-04-24 is in ISO week 17; 2013-05-24 in week 21. */
    CHECK_STR(value_of(res, "timeline", 0, "period"), "2013-W17");
    CHECK_STR(value_of(res, "timeline", 1, "period"), "2013-W21");
    w5_result_free(res);

    opts = w5_default_query_options();
    opts.types = "person,gpe";
    CHECK(w5_store_network(store, &opts, &res, &err) == W5_OK, "network");
    CHECK_STR(value_of(res, "edges", 0, "weight"), "1");
    CHECK_STR(value_of(res, "event edges", 0, "codes"), "043");
    w5_result_free(res);
    CHECK(scalar(store, "SELECT count(*) FROM events WHERE trigger = 'said'"
                        " AND label = 'visit' AND day = '2013-04-24'") == 1,
          "event row");
    CHECK(scalar(store, "SELECT count(*) FROM event_participants") == 2,
          "event participants");

    CHECK(w5_store_stats(store, NULL, &res, &err) == W5_OK, "stats");
    CHECK_STR(value_of(res, "counts", 0, "count"), "2");
    CHECK_STR(value_of(res, "most salient people", 0, "name"), "John Kerry");
    w5_result_free(res);
    w5_store_close(store);
    remove_db();
}

static void test_locked_and_read_only(void)
{
    w5_store *store = open_fresh("lock");
    w5_error err;
    if (!store)
        return;
    w5_store_close(store);
    /* Another connection holds the write lock. */
    sqlite3 *other = NULL;
    sqlite3_open(db_path, &other);
    CHECK(sqlite3_exec(other, "BEGIN EXCLUSIVE", NULL, NULL, NULL) == SQLITE_OK,
          "lock");
    store = NULL;
    int rc = w5_store_open(db_path, 0, &store, &err);
    /* Opening waits for the busy timeout (5 s) and then says why. */
    CHECK(rc == W5_ERR_DB && strstr(err.message, "locked"),
          "locked: rc %d %s", rc, err.message);
    w5_store_close(store);
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);

    /* A read-only open (file permissions do not stop root, so the URI
     * mode=ro stands in for a read-only file) refuses to be written. */
    char uri[320];
    snprintf(uri, sizeof uri, "file:%s?mode=ro", db_path);
    rc = w5_store_open(uri, 0, &store, &err);
    CHECK(rc == W5_ERR_DB && strstr(err.message, "read-only"),
          "read-only: rc %d %s", rc, err.message);
    CHECK(w5_store_open(uri, W5_STORE_READ_ONLY, &store, &err) == W5_OK,
          "read-only open for queries: %s", err.message);
    if (store) {
        w5_doc *d = make_doc("r", NULL, "text");
        CHECK(w5_store_add_doc(store, d, NULL, NULL, &err) == W5_ERR_DB,
              "no writes through a read-only handle");
        w5_doc_free(d);
        w5_store_close(store);
    }
    /* A file that is not a database. */
    FILE *f = fopen(db_path, "wb");
    fputs("this is not a database, just some text padding it out....", f);
    for (int i = 0; i < 100; i++)
        fputs("more text more text more text more text\n", f);
    fclose(f);
    rc = w5_store_open(db_path, 0, &store, &err);
    CHECK(rc == W5_ERR_DB, "not a database: rc %d %s", rc, err.message);
    remove_db();
}

/* A version-1 database is brought to the current version on open; a
 * database from a newer w5 is refused. */
static void test_migration(void)
{
    w5_store *store = open_fresh("migrate");
    w5_error err;
    if (!store)
        return;
    w5_store_close(store);
    sqlite3 *db = NULL;
    sqlite3_open(db_path, &db);
    int rc = sqlite3_exec(db,
        "DROP INDEX quotes_speaker_hash;"
        "ALTER TABLE quotes DROP COLUMN content_hash;"
        "INSERT INTO documents(id, key, hash, bytes, tokens, sentences,"
        " stages, text) VALUES (1, 'id:old', 'x', 3, 1, 1, 3, 'Hi.');"
        "INSERT INTO quotes(doc_id, content, kind, start, end)"
        " VALUES (1, 'Hi.', 'direct', 0, 3);"
        "PRAGMA user_version = 1;", NULL, NULL, NULL);
    CHECK(rc == SQLITE_OK, "make a v1 database: %s", sqlite3_errmsg(db));
    sqlite3_close(db);
    CHECK(w5_store_open(db_path, W5_STORE_READ_ONLY, &store, &err) ==
              W5_ERR_VERSION, "read-only open of an old version");
    CHECK(w5_store_open(db_path, 0, &store, &err) == W5_OK, "migrate: %s",
          err.message);
    if (store) {
        CHECK(scalar(store, "PRAGMA user_version") == W5_STORE_SCHEMA_VERSION,
              "migrated version");
        CHECK(scalar(store, "SELECT count(*) FROM quotes WHERE content_hash ="
                            " w5_hash('Hi.')") == 1, "hash filled in");
        w5_store_close(store);
    }
    sqlite3_open(db_path, &db);
    sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(db);
    CHECK(w5_store_open(db_path, 0, &store, &err) == W5_ERR_VERSION &&
              strstr(err.message, "99"), "newer version refused: %s",
          err.message);
    remove_db();
}

static void test_result_empty_and_null(void)
{
    w5_result *res = w5_result_new();
    const char *cols[] = {"a", "b"};
    const char *row[] = {"x", NULL};
    CHECK(w5_result_add_section(res, "s", 2, cols, NULL, NULL) == W5_OK, "sec");
    CHECK(w5_result_add_row(res, row, NULL) == W5_OK, "row");
    CHECK_STR(w5_result_value(res, 0, 0, 0), "x");
    CHECK(w5_result_value(res, 0, 0, 1) == NULL, "NULL kept");
    CHECK(w5_result_value(res, 0, 1, 0) == NULL, "out of range");
    CHECK(w5_result_section_name(res, 5) == NULL, "no section 5");
    w5_result_free(res);
    w5_result_free(NULL);
    w5_store_close(NULL);
}

int main(void)
{
    RUN(test_norm_name);
    RUN(test_merge_decide);
    RUN(test_cross_document_entities);
    RUN(test_idempotent);
    RUN(test_queries);
    RUN(test_locked_and_read_only);
    RUN(test_migration);
    RUN(test_result_empty_and_null);
    return check_summary();
}
