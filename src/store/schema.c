/*
 * schema.c - the store's tables (documented in docs/store.md) and the
 * migrations between schema versions.
 *
 * PRAGMA user_version holds the schema version: 0 is a new, empty file.
 * migrations[v] brings a database from version v to v + 1; each runs in
 * its own transaction together with the user_version bump, so a crash
 * mid-migration leaves the old version intact. A later version of w5 adds
 * its changes as migrations[1], migrations[2], ... and never edits an
 * earlier one.
 */
#include <stdio.h>

#include "store/store.h"

static const char schema_v1[] =
    /* One row per ingested document. `key` makes ingest idempotent. */
    "CREATE TABLE documents ("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"
    "  ext_id TEXT, title TEXT, date TEXT, day TEXT, url TEXT,"
    "  source TEXT, hash TEXT NOT NULL,"
    "  bytes INTEGER NOT NULL, tokens INTEGER NOT NULL,"
    "  sentences INTEGER NOT NULL, stages INTEGER NOT NULL,"
    "  text TEXT NOT NULL,"
    "  ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX documents_day ON documents(day);"
    /* Corpus entities: document entities merged across documents. */
    "CREATE TABLE entities ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL, norm TEXT NOT NULL, type TEXT NOT NULL,"
    "  surname TEXT NOT NULL, full INTEGER NOT NULL, gender TEXT,"
    "  doc_count INTEGER NOT NULL DEFAULT 0,"
    "  mention_count INTEGER NOT NULL DEFAULT 0,"
    "  salience REAL NOT NULL DEFAULT 0);"
    "CREATE INDEX entities_norm ON entities(norm, type);"
    "CREATE INDEX entities_surname ON entities(surname, type, full);"
    "CREATE INDEX entities_docs ON entities(doc_count);"
    /* Which corpus entity each document entity became. */
    "CREATE TABLE doc_entities ("
    "  doc_id INTEGER NOT NULL REFERENCES documents(id),"
    "  local INTEGER NOT NULL,"
    "  entity_id INTEGER NOT NULL REFERENCES entities(id),"
    "  name TEXT NOT NULL, mention_count INTEGER NOT NULL,"
    "  salience REAL NOT NULL,"
    "  PRIMARY KEY (doc_id, local)) WITHOUT ROWID;"
    /* Covering for who/timeline: an entity's documents by salience with
     * the name and counts, without a lookup per row. */
    "CREATE INDEX doc_entities_entity ON doc_entities(entity_id, salience,"
    "  name, mention_count);"
    "CREATE TABLE mentions ("
    "  id INTEGER PRIMARY KEY,"
    "  doc_id INTEGER NOT NULL REFERENCES documents(id),"
    "  entity_id INTEGER REFERENCES entities(id),"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL,"
    "  sentence INTEGER NOT NULL, type TEXT NOT NULL, kind TEXT NOT NULL,"
    "  text TEXT NOT NULL);"
    "CREATE INDEX mentions_doc ON mentions(doc_id);"
    "CREATE INDEX mentions_entity ON mentions(entity_id);"
    "CREATE TABLE roles ("
    "  id INTEGER PRIMARY KEY,"
    "  doc_id INTEGER NOT NULL REFERENCES documents(id),"
    "  entity_id INTEGER REFERENCES entities(id),"
    "  title TEXT, affiliation_id INTEGER REFERENCES entities(id),"
    "  affiliation TEXT, affiliation_norm TEXT, kind TEXT NOT NULL,"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,"
    "  day TEXT);"
    "CREATE INDEX roles_entity ON roles(entity_id, day);"
    "CREATE TABLE quotes ("
    "  id INTEGER PRIMARY KEY,"
    "  doc_id INTEGER NOT NULL REFERENCES documents(id),"
    "  speaker_id INTEGER REFERENCES entities(id),"
    "  speaker TEXT, content TEXT NOT NULL, cue TEXT, kind TEXT NOT NULL,"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL,"
    "  salience REAL NOT NULL DEFAULT 0, day TEXT);"
    "CREATE INDEX quotes_speaker ON quotes(speaker_id, day);"
    "CREATE INDEX quotes_doc ON quotes(doc_id);"
    "CREATE INDEX quotes_day ON quotes(day);"
    "CREATE TABLE times ("
    "  id INTEGER PRIMARY KEY,"
    "  doc_id INTEGER NOT NULL REFERENCES documents(id),"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL, kind TEXT NOT NULL,"
    "  value TEXT, modifier TEXT, resolved INTEGER NOT NULL, text TEXT NOT NULL);"
    "CREATE INDEX times_doc ON times(doc_id);"
    "CREATE INDEX times_value ON times(value);"
    /* Events: filled once the events stage lands; the shape is final. */
    "CREATE TABLE events ("
    "  id INTEGER PRIMARY KEY,"
    "  doc_id INTEGER NOT NULL REFERENCES documents(id),"
    "  sentence INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,"
    "  trigger TEXT NOT NULL, code TEXT, label TEXT,"
    "  source_id INTEGER REFERENCES entities(id),"
    "  target_id INTEGER REFERENCES entities(id),"
    "  place_id INTEGER REFERENCES entities(id),"
    "  time_id INTEGER REFERENCES times(id), time_value TEXT, day TEXT);"
    "CREATE INDEX events_doc ON events(doc_id);"
    "CREATE INDEX events_source ON events(source_id);"
    "CREATE INDEX events_target ON events(target_id);"
    "CREATE INDEX events_code ON events(code);"
    "CREATE TABLE event_participants ("
    "  event_id INTEGER NOT NULL REFERENCES events(id),"
    "  entity_id INTEGER NOT NULL REFERENCES entities(id),"
    "  PRIMARY KEY (event_id, entity_id)) WITHOUT ROWID;"
    "CREATE INDEX event_participants_entity ON event_participants(entity_id);"
    /* Co-occurrence: pairs of corpus entities (a < b) and the number of
     * documents mentioning both; kept up to date on ingest so network and
     * who answer without a self-join over all documents. */
    "CREATE TABLE cooccurrence ("
    "  a INTEGER NOT NULL, b INTEGER NOT NULL, weight INTEGER NOT NULL,"
    "  PRIMARY KEY (a, b)) WITHOUT ROWID;"
    "CREATE INDEX cooccurrence_b ON cooccurrence(b);"
    /* Full-text indexes over the stored text (external content: the text
     * is kept once, in documents and quotes). */
    "CREATE VIRTUAL TABLE documents_fts USING fts5("
    "  title, text, content='documents', content_rowid='id');"
    "CREATE VIRTUAL TABLE quotes_fts USING fts5("
    "  content, content='quotes', content_rowid='id');";

/* Version 2: quotes get a hash of their content with an index covering
 * speaker, hash, salience and day, so `who` groups a speaker's repeated
 * quotes from the index alone; the index of an entity's documents covers
 * the name and counts (databases made by early version-1 code lack it). */
static const char schema_v2[] =
    "ALTER TABLE quotes ADD COLUMN content_hash INTEGER;"
    "UPDATE quotes SET content_hash = w5_hash(content);"
    "CREATE INDEX quotes_speaker_hash ON quotes(speaker_id, content_hash,"
    "  salience, day);"
    "DROP INDEX IF EXISTS doc_entities_entity;"
    "CREATE INDEX doc_entities_entity ON doc_entities(entity_id, salience,"
    "  name, mention_count);";

typedef struct migration {
    const char *what;
    const char *sql;
} migration;

/* migrations[v]: version v -> v + 1. */
static const migration migrations[W5_STORE_SCHEMA_VERSION] = {
    {"create the schema", schema_v1},
    {"quote content hashes, covering indexes for who", schema_v2},
};

static void sql_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const void *text = sqlite3_value_text(argv[0]);
    int n = sqlite3_value_bytes(argv[0]);
    if (!text) {
        sqlite3_result_null(ctx);
        return;
    }
    /* 63 bits: SQLite integers are signed. */
    uint64_t h = w5_hash_bytes(text, (size_t)n, 0x9E37) >> 1;
    sqlite3_result_int64(ctx, (sqlite3_int64)h);
}

int w5_store_register_functions(sqlite3 *db)
{
    return sqlite3_create_function_v2(db, "w5_hash", 1,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                      NULL, sql_hash, NULL, NULL, NULL);
}

static int read_version(w5_store *store, int *version, w5_error *err)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(store->db, "PRAGMA user_version", -1, &stmt,
                           NULL) != SQLITE_OK)
        return w5_store_fail_db(store, err, "cannot read the schema version");
    int rc = sqlite3_step(stmt);
    *version = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW)
        return w5_store_fail_db(store, err, "cannot read the schema version");
    return W5_OK;
}

int w5_store_schema_upgrade(w5_store *store, w5_error *err)
{
    int version, rc;
    char bump[64];
    if ((rc = read_version(store, &version, err)))
        return rc;
    if (version > W5_STORE_SCHEMA_VERSION)
        return w5_fail(err, W5_ERR_VERSION,
                       "the database has schema version %d; this w5 knows "
                       "versions up to %d", version, W5_STORE_SCHEMA_VERSION);
    if (version == W5_STORE_SCHEMA_VERSION)
        return W5_OK;
    if (store->flags & W5_STORE_READ_ONLY)
        return w5_fail(err, version == 0 ? W5_ERR_NOT_FOUND : W5_ERR_VERSION,
                       version == 0 ? "no w5 database there (empty or new file)"
                                    : "the database needs an upgrade: open it "
                                      "for writing once (w5 ingest)");
    /* IMMEDIATE takes the write lock now, so two processes creating the
     * same database do not both run a migration. */
    if ((rc = w5_store_exec(store, "BEGIN IMMEDIATE", err)))
        return rc;
    if ((rc = read_version(store, &version, err)))
        goto fail;
    for (; version < W5_STORE_SCHEMA_VERSION; version++) {
        if ((rc = w5_store_exec(store, migrations[version].sql, err))) {
            char why[sizeof err->message];
            snprintf(why, sizeof why, "%s", err ? err->message : "");
            w5_fail(err, rc, "schema migration %d -> %d (%s) failed: %s",
                    version, version + 1, migrations[version].what, why);
            goto fail;
        }
        snprintf(bump, sizeof bump, "PRAGMA user_version = %d", version + 1);
        if ((rc = w5_store_exec(store, bump, err)))
            goto fail;
    }
    return w5_store_exec(store, "COMMIT", err);
fail:
    sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}
