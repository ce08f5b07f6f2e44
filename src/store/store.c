/*
 * store.c - opening a corpus store, document keys, transactions and the
 * prepared statements the ingest path reuses.
 *
 * Durability: the database runs in WAL mode with synchronous=NORMAL, so a
 * committed transaction survives the process being killed at any moment
 * (only a power loss may lose the last transactions, never consistency).
 */
#include <stdio.h>
#include <string.h>

#include "store/store.h"

static const char *const sql_text[W5_SQL_COUNT_] = {
    [W5_SQL_HAS_DOC] = "SELECT 1 FROM documents WHERE key = ?1",
    [W5_SQL_INSERT_DOC] =
        "INSERT OR IGNORE INTO documents(key, ext_id, title, date, day, url,"
        " source, hash, bytes, tokens, sentences, stages, text)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    [W5_SQL_INSERT_DOC_FTS] =
        "INSERT INTO documents_fts(rowid, title, text) VALUES (?1, ?2, ?3)",
    [W5_SQL_ENTITY_BY_NORM] =
        "SELECT id, full FROM entities WHERE norm = ?1 AND type = ?2"
        " ORDER BY doc_count DESC, id LIMIT 8",
    [W5_SQL_ENTITY_FULL_BY_SURNAME] =
        "SELECT id, norm FROM entities WHERE surname = ?1 AND type = ?2"
        " AND full = 1 ORDER BY doc_count DESC, id LIMIT 64",
    [W5_SQL_ENTITY_ROLES] =
        "SELECT DISTINCT title, affiliation_norm FROM roles"
        " WHERE entity_id = ?1 LIMIT 200",
    [W5_SQL_INSERT_ENTITY] =
        "INSERT INTO entities(name, norm, type, surname, full, gender)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [W5_SQL_UPDATE_ENTITY] =
        "UPDATE entities SET doc_count = doc_count + ?5,"
        " mention_count = mention_count + ?2, salience = salience + ?3,"
        " gender = coalesce(gender, ?4) WHERE id = ?1",
    [W5_SQL_UPGRADE_ENTITY] =
        "UPDATE entities SET name = ?2, norm = ?3, full = 1 WHERE id = ?1",
    [W5_SQL_INSERT_DOC_ENTITY] =
        "INSERT OR IGNORE INTO doc_entities(doc_id, local, entity_id, name,"
        " mention_count, salience) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [W5_SQL_INSERT_MENTION] =
        "INSERT INTO mentions(doc_id, entity_id, start, end, sentence, type,"
        " kind, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [W5_SQL_INSERT_ROLE] =
        "INSERT INTO roles(doc_id, entity_id, title, affiliation_id,"
        " affiliation, affiliation_norm, kind, start, end, text, day)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [W5_SQL_INSERT_QUOTE] =
        "INSERT INTO quotes(doc_id, speaker_id, speaker, content, cue, kind,"
        " start, end, salience, day, content_hash)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, w5_hash(?4))",
    [W5_SQL_INSERT_QUOTE_FTS] =
        "INSERT INTO quotes_fts(rowid, content) VALUES (?1, ?2)",
    [W5_SQL_INSERT_TIME] =
        "INSERT INTO times(doc_id, start, end, kind, value, modifier,"
        " resolved, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [W5_SQL_INSERT_EVENT] =
        "INSERT INTO events(doc_id, sentence, start, end, trigger, code,"
        " label, source_id, target_id, place_id, time_id, time_value, day)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    [W5_SQL_INSERT_EVENT_PART] =
        "INSERT OR IGNORE INTO event_participants(event_id, entity_id)"
        " VALUES (?1, ?2)",
    [W5_SQL_COOCCUR] =
        "INSERT INTO cooccurrence(a, b, weight) VALUES (?1, ?2, 1)"
        " ON CONFLICT(a, b) DO UPDATE SET weight = weight + 1",
};

int w5_store_fail_db(w5_store *store, w5_error *err, const char *what)
{
    int code = store && store->db ? sqlite3_errcode(store->db) : SQLITE_ERROR;
    const char *msg = store && store->db ? sqlite3_errmsg(store->db) : "";
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        return w5_fail(err, W5_ERR_DB,
                       "%s: the database is locked by another process or "
                       "connection (%s)", what, msg);
    if (code == SQLITE_READONLY)
        return w5_fail(err, W5_ERR_DB, "%s: the database is read-only (%s)",
                       what, msg);
    if (code == SQLITE_NOMEM)
        return w5_fail(err, W5_ERR_NOMEM, "%s: out of memory", what);
    return w5_fail(err, W5_ERR_DB, "%s: %s", what, msg);
}

int w5_store_exec(w5_store *store, const char *sql, w5_error *err)
{
    if (sqlite3_exec(store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return w5_store_fail_db(store, err, "database error");
    return W5_OK;
}

int w5_store_stmt(w5_store *store, int which, sqlite3_stmt **out,
                  w5_error *err)
{
    sqlite3_stmt *stmt = store->stmt[which];
    if (!stmt) {
        if (sqlite3_prepare_v3(store->db, sql_text[which], -1,
                               SQLITE_PREPARE_PERSISTENT, &stmt,
                               NULL) != SQLITE_OK)
            return w5_store_fail_db(store, err, "cannot prepare a statement");
        store->stmt[which] = stmt;
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    *out = stmt;
    return W5_OK;
}

/* Writable handles: refuse a read-only file and find out now, not after
 * an hour of analysis, whether another process holds the write lock. */
static int check_writable(w5_store *store, const char *path, w5_error *err)
{
    if (sqlite3_db_readonly(store->db, "main") == 1)
        return w5_fail(err, W5_ERR_DB,
                       "the database %s is read-only (file permissions or a "
                       "read-only URI)", path);
    if (sqlite3_exec(store->db, "PRAGMA journal_mode = WAL", NULL, NULL,
                     NULL) != SQLITE_OK ||
        sqlite3_exec(store->db, "BEGIN IMMEDIATE; COMMIT", NULL, NULL,
                     NULL) != SQLITE_OK) {
        char what[300];
        snprintf(what, sizeof what, "cannot write to %s", path);
        return w5_store_fail_db(store, err, what);
    }
    return W5_OK;
}

/* "file:PATH?immutable=1" with the URI-special characters of PATH
 * escaped, or NULL. */
static char *immutable_uri(const char *path)
{
    size_t n = strlen(path), k = 0;
    char *uri = malloc(3 * n + 32);
    if (!uri)
        return NULL;
    k += (size_t)sprintf(uri, "file:");
    for (const char *p = path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#')
            k += (size_t)sprintf(uri + k, "%%%02X", (unsigned char)*p);
        else
            uri[k++] = *p;
    }
    strcpy(uri + k, "?immutable=1");
    return uri;
}

/* Opens for reading a WAL database in a place this process may not write
 * (a read-only file or folder, or another user's): SQLite cannot create
 * the shared-memory file there, so read it as immutable instead. */
static int reopen_immutable(w5_store *store, const char *path)
{
    char *uri = immutable_uri(path);
    if (!uri)
        return SQLITE_NOMEM;
    sqlite3_close(store->db);
    store->db = NULL;
    int rc = sqlite3_open_v2(uri, &store->db,
                             SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX |
                                 SQLITE_OPEN_READONLY, NULL);
    free(uri);
    if (rc == SQLITE_OK)
        rc = w5_store_register_functions(store->db);
    return rc;
}

int w5_store_open(const char *path, unsigned flags, w5_store **out,
                  w5_error *err)
{
    int rc;
    if (!out)
        return w5_fail(err, W5_ERR_INVALID, "w5_store_open: out is NULL");
    *out = NULL;
    if (!path || !*path)
        return w5_fail(err, W5_ERR_INVALID, "w5_store_open: no path");
    w5_store *store = calloc(1, sizeof *store);
    if (!store)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    store->flags = flags;
    int open_flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX |
                     ((flags & W5_STORE_READ_ONLY)
                          ? SQLITE_OPEN_READONLY
                          : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (sqlite3_open_v2(path, &store->db, open_flags, NULL) != SQLITE_OK) {
        char what[300];
        snprintf(what, sizeof what, "cannot open the database %s", path);
        rc = w5_store_fail_db(store, err, what);
        goto fail;
    }
    sqlite3_extended_result_codes(store->db, 0);
    sqlite3_busy_timeout(store->db, 5000);
    if (w5_store_register_functions(store->db) != SQLITE_OK) {
        rc = w5_store_fail_db(store, err, "cannot register SQL functions");
        goto fail;
    }
    if (!(flags & W5_STORE_READ_ONLY)) {
        if ((rc = check_writable(store, path, err)))
            goto fail;
        if ((rc = w5_store_exec(store,
                                "PRAGMA synchronous = NORMAL;"
                                "PRAGMA cache_size = -32000;"
                                "PRAGMA temp_store = MEMORY",
                                err)))
            goto fail;
    }
    rc = w5_store_schema_upgrade(store, err);
    if (rc && (flags & W5_STORE_READ_ONLY) && strncmp(path, "file:", 5) != 0 &&
        (sqlite3_errcode(store->db) == SQLITE_READONLY ||
         sqlite3_errcode(store->db) == SQLITE_CANTOPEN) &&
        reopen_immutable(store, path) == SQLITE_OK)
        rc = w5_store_schema_upgrade(store, err);
    if (rc)
        goto fail;
    *out = store;
    return W5_OK;
fail:
    w5_store_close(store);
    return rc;
}

void w5_store_close(w5_store *store)
{
    if (!store)
        return;
    if (store->in_tx && store->db)
        sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
    for (int i = 0; i < W5_SQL_COUNT_; i++)
        sqlite3_finalize(store->stmt[i]);
    sqlite3_close(store->db);
    free(store);
}

void w5_store_set_busy_timeout(w5_store *store, int ms)
{
    if (store && store->db)
        sqlite3_busy_timeout(store->db, ms < 0 ? 0 : ms);
}

int w5_store_doc_key(const w5_doc *doc, char **key_out, w5_error *err)
{
    char buf[48];
    const char *id;
    size_t n;
    if (!doc || !key_out)
        return w5_fail(err, W5_ERR_INVALID, "w5_store_doc_key: NULL argument");
    *key_out = NULL;
    id = w5_doc_meta(doc, W5_META_ID);
    if (id && *id) {
        n = strlen(id);
        if (!(*key_out = malloc(n + 4)))
            return w5_fail(err, W5_ERR_NOMEM, "out of memory");
        memcpy(*key_out, "id:", 3);
        memcpy(*key_out + 3, id, n + 1);
        return W5_OK;
    }
    const char *text = w5_doc_text(doc, &n);
    snprintf(buf, sizeof buf, "sha:%016llx%016llx",
             (unsigned long long)w5_hash_bytes(text, n, 0x5735),
             (unsigned long long)w5_hash_bytes(text, n, 0xC0FFEE));
    if (!(*key_out = w5_strndup(buf, strlen(buf))))
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    return W5_OK;
}

int w5_store_has_doc(w5_store *store, const char *key, int *present,
                     w5_error *err)
{
    sqlite3_stmt *stmt;
    int rc;
    if (!store || !key || !present)
        return w5_fail(err, W5_ERR_INVALID, "w5_store_has_doc: NULL argument");
    if ((rc = w5_store_stmt(store, W5_SQL_HAS_DOC, &stmt, err)))
        return rc;
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    int step = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return w5_store_fail_db(store, err, "cannot look up a document");
    *present = step == SQLITE_ROW;
    return W5_OK;
}

int w5_store_begin(w5_store *store, w5_error *err)
{
    if (!store)
        return w5_fail(err, W5_ERR_INVALID, "w5_store_begin: store is NULL");
    if (store->in_tx)
        return w5_fail(err, W5_ERR_STATE, "a transaction is already open");
    int rc = w5_store_exec(store, "BEGIN IMMEDIATE", err);
    store->in_tx = rc == W5_OK;
    return rc;
}

int w5_store_commit(w5_store *store, w5_error *err)
{
    if (!store || !store->in_tx)
        return w5_fail(err, W5_ERR_STATE, "no transaction is open");
    int rc = w5_store_exec(store, "COMMIT", err);
    if (rc == W5_OK)
        store->in_tx = 0;
    return rc;
}

int w5_store_rollback(w5_store *store, w5_error *err)
{
    if (!store || !store->in_tx)
        return w5_fail(err, W5_ERR_STATE, "no transaction is open");
    store->in_tx = 0;
    return w5_store_exec(store, "ROLLBACK", err);
}
