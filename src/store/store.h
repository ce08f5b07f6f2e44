/*
 * store.h - the SQLite corpus store behind the w5_store_* functions.
 *
 * The store keeps analysed documents and what the pipeline found in them
 * (schema in docs/store.md). Files:
 *   schema.c  the tables, indexes and FTS5 indexes; PRAGMA user_version and
 *             the migrations that bring an older database up to date
 *   store.c   open/close, document keys, transactions, prepared statements
 *   ingest.c  w5_store_add_doc: one document and its layers
 *   merge.c   the cross-document entity rules (pure functions, unit tested)
 *   result.c  w5_result, the tables a query returns
 *   query.c   who, quotes, search, network, timeline, stats
 *
 * Cross-document entities. Each document entity (a coreference chain) is
 * mapped to one corpus entity by name evidence, in this order:
 *   1. a full name (two or more words) joins the corpus entity with the
 *      same normalised name and type, else the only one with the same
 *      first name and surname when at most one of the two has middle
 *      names or initials ("John F. Kerry" and "John Kerry");
 *   2. a full name with no such entity may upgrade a bare-surname entity
 *      of the same type ("Karzai" seen alone before) when no other full
 *      name in the corpus has that surname;
 *   3. a bare surname (one word, PERSON) joins a full-name entity with
 *      that surname when it is the only one in the corpus, or when several
 *      exist and exactly one of them shares a role title or affiliation
 *      with this document's roles for it;
 *   4. anything else joins the entity with the same normalised name and
 *      type, or becomes a new entity.
 * Two different full names ("Imran Khan", "Ismail Khan") never merge.
 */
#ifndef W5_STORE_H
#define W5_STORE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "doc/doc.h"
#include "util/util.h"
#include "w5.h"

/* The schema version this code writes (PRAGMA user_version). */
#define W5_STORE_SCHEMA_VERSION 2

/* Statements prepared once per handle (ingest is the hot path). */
enum {
    W5_SQL_HAS_DOC = 0,
    W5_SQL_INSERT_DOC,
    W5_SQL_INSERT_DOC_FTS,
    W5_SQL_ENTITY_BY_NORM,
    W5_SQL_ENTITY_FULL_BY_SURNAME,
    W5_SQL_ENTITY_ROLES,
    W5_SQL_INSERT_ENTITY,
    W5_SQL_UPDATE_ENTITY,
    W5_SQL_UPGRADE_ENTITY,
    W5_SQL_INSERT_DOC_ENTITY,
    W5_SQL_INSERT_MENTION,
    W5_SQL_INSERT_ROLE,
    W5_SQL_INSERT_QUOTE,
    W5_SQL_INSERT_QUOTE_FTS,
    W5_SQL_INSERT_TIME,
    W5_SQL_INSERT_EVENT,
    W5_SQL_INSERT_EVENT_PART,
    W5_SQL_COOCCUR,
    W5_SQL_COUNT_
};

struct w5_store {
    sqlite3 *db;
    unsigned flags;
    int in_tx;                        /* inside w5_store_begin/commit */
    sqlite3_stmt *stmt[W5_SQL_COUNT_]; /* prepared on first use */
};

/* Fills err from the connection's last error, prefixed by `what`. */
int w5_store_fail_db(w5_store *store, w5_error *err, const char *what);
/* The prepared statement `which`, reset and with bindings cleared. */
int w5_store_stmt(w5_store *store, int which, sqlite3_stmt **out,
                  w5_error *err);
/* Runs SQL text with no results (several statements allowed). */
int w5_store_exec(w5_store *store, const char *sql, w5_error *err);

/* schema.c: creates or migrates the schema to W5_STORE_SCHEMA_VERSION. */
int w5_store_schema_upgrade(w5_store *store, w5_error *err);
/* Registers the SQL functions the schema and ingest use on a connection:
 * w5_hash(text), a 63-bit hash of the text (for grouping equal quotes). */
int w5_store_register_functions(sqlite3 *db);

/* ---- merge.c: names and the merge rules -------------------------------- */

/* Normalises a name for matching into buf (size cap): lower-case ASCII,
 * runs of spaces and punctuation other than '-' and '\'' collapsed to one
 * space, a trailing possessive "'s" dropped. Returns the length. */
size_t w5_store_norm_name(const char *name, char *buf, size_t cap);
/* The surname of a normalised name: its last word, skipping suffixes such
 * as "jr" or "iii". Returns a pointer into `norm`; *len gets its length. */
const char *w5_store_surname(const char *norm, size_t *len);
/* Number of words in a normalised name. */
size_t w5_store_word_count(const char *norm);
/* 1 when two normalised full names have the same first word and surname
 * and at most one of them has words between ("john f kerry" and "john
 * kerry", but not "george h w bush" and "george w bush"). */
int w5_store_short_match(const char *a, const char *b);

/* A corpus entity that might be the same as a document entity. */
typedef struct w5_merge_candidate {
    int64_t id;
    int full;            /* 1 when its name has two or more words */
    int same_norm;       /* 1 when its normalised name equals the doc's */
    int roles_agree;     /* 1 when it shares a role title or affiliation */
    int short_match;     /* 1 when first and last names match and at most
                            one of the two has middle names or initials */
} w5_merge_candidate;

typedef enum w5_merge_action {
    W5_MERGE_NEW = 0,    /* make a new corpus entity */
    W5_MERGE_JOIN,       /* join candidates[index] */
    W5_MERGE_UPGRADE     /* join candidates[index] and give it the full name */
} w5_merge_action;

/* Decides where a document entity goes, given whether its own name is a
 * full name, whether it is a PERSON, and the candidates: entities with the
 * same normalised name and type, plus (for persons) the entities of that
 * type with the same surname. Sets *index for JOIN and UPGRADE. */
w5_merge_action w5_store_merge_decide(int doc_full, int is_person,
                                      const w5_merge_candidate *cands,
                                      size_t n, size_t *index);

/* ---- result.c ----------------------------------------------------------- */

w5_result *w5_result_new(void);
/* Runs `stmt` to the end and appends its rows as a new section `name`.
 * Column names come from the statement (AS aliases). Resets stmt. */
int w5_result_add_stmt(w5_result *res, const char *name, sqlite3_stmt *stmt,
                       w5_error *err);
/* Appends an empty section with the given columns; rows are then added
 * with w5_result_add_row (values may be NULL). */
int w5_result_add_section(w5_result *res, const char *name, size_t ncols,
                          const char *const *cols, const int *numeric,
                          w5_error *err);
int w5_result_add_row(w5_result *res, const char *const *values,
                      w5_error *err);

#endif
