/*
 * query.c - the questions the store answers: who, quotes, search,
 * network, timeline, stats. Each builds one or more result sections from
 * SQL; the indexes they rely on are created in schema.c (entity lookups by
 * norm and surname, doc_entities by entity and salience, quotes by speaker
 * and day, the co-occurrence table), so answers stay fast on corpora of
 * hundreds of thousands of documents.
 */
#include <stdio.h>
#include <string.h>

#include "store/store.h"

#define DEFAULT_LIMIT 20
#define MAX_TYPES 16

w5_query_options w5_default_query_options(void)
{
    w5_query_options opts;
    memset(&opts, 0, sizeof opts);
    opts.by = W5_PERIOD_DAY;
    return opts;
}

static size_t limit_of(const w5_query_options *opts)
{
    return opts && opts->limit ? opts->limit : DEFAULT_LIMIT;
}

/* A prepared statement plus the next bind position, so builders can add
 * optional conditions without counting parameters by hand. */
typedef struct query {
    w5_store *store;
    sqlite3_stmt *stmt;
    w5_error *err;
} query;

static int prepare(query *q, const char *sql)
{
    if (sqlite3_prepare_v2(q->store->db, sql, -1, &q->stmt, NULL) != SQLITE_OK)
        return w5_store_fail_db(q->store, q->err, "cannot prepare a query");
    return W5_OK;
}

/* Runs sql (parameters bound by the callback-free convention: ?1 = id,
 * ?2 = limit) into a new section. */
static int section_by_id(query *q, w5_result *res, const char *name,
                         const char *sql, int64_t id, size_t limit)
{
    int rc;
    if ((rc = prepare(q, sql)))
        return rc;
    sqlite3_bind_int64(q->stmt, 1, id);
    sqlite3_bind_int64(q->stmt, 2, (sqlite3_int64)limit);
    rc = w5_result_add_stmt(res, name, q->stmt, q->err);
    sqlite3_finalize(q->stmt);
    q->stmt = NULL;
    return rc;
}

static int check_args(w5_store *store, w5_result **out, w5_error *err)
{
    if (!store || !out)
        return w5_fail(err, W5_ERR_INVALID, "store query: NULL argument");
    *out = NULL;
    return W5_OK;
}

static int finish(w5_result *res, int rc, w5_result **out)
{
    if (rc)
        w5_result_free(res);
    else
        *out = res;
    return rc;
}

/* ---- finding an entity by name -------------------------------------------- */

/* The best entity for a name: the same normalised name or surname, else
 * a name containing it; the one in most documents wins. *id = 0 when
 * nothing matches. */
static int find_entity(w5_store *store, const char *name, int64_t *id,
                       w5_error *err)
{
    /* A bare surname ("Trump") may be both an entity of its own (the
     * documents where it stayed ambiguous) and the surname of full names:
     * the one in most documents is meant. */
    static const char *const lookups[] = {
        "SELECT id FROM entities WHERE norm = ?1 OR surname = ?1"
        " ORDER BY doc_count DESC, full DESC, id LIMIT 1",
        "SELECT id FROM entities WHERE norm LIKE '%' || ?1 || '%'"
        " ORDER BY doc_count DESC, id LIMIT 1",
    };
    char norm[256];
    *id = 0;
    if (!name || !w5_store_norm_name(name, norm, sizeof norm))
        return W5_OK;
    for (size_t i = 0; i < sizeof lookups / sizeof *lookups && !*id; i++) {
        sqlite3_stmt *stmt;
        if (sqlite3_prepare_v2(store->db, lookups[i], -1, &stmt, NULL) !=
            SQLITE_OK)
            return w5_store_fail_db(store, err, "cannot look up an entity");
        sqlite3_bind_text(stmt, 1, norm, -1, SQLITE_STATIC);
        int step = sqlite3_step(stmt);
        if (step == SQLITE_ROW)
            *id = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
        if (step != SQLITE_ROW && step != SQLITE_DONE)
            return w5_store_fail_db(store, err, "cannot look up an entity");
    }
    return W5_OK;
}

static int find_entity_or_fail(w5_store *store, const char *name, int64_t *id,
                               w5_error *err)
{
    int rc = find_entity(store, name, id, err);
    if (rc == W5_OK && !*id)
        return w5_fail(err, W5_ERR_NOT_FOUND, "no entity named \"%s\"",
                       name ? name : "");
    return rc;
}

/* ---- who -------------------------------------------------------------------- */

static const char who_entity_sql[] =
    "SELECT id, name, type, gender, doc_count AS documents,"
    " mention_count AS mentions, round(salience, 3) AS salience"
    " FROM entities WHERE id = ?1 AND ?2 > 0";
static const char who_names_sql[] =
    "SELECT name, count(*) AS documents FROM doc_entities"
    " WHERE entity_id = ?1 GROUP BY name ORDER BY 2 DESC, 1 LIMIT ?2";
static const char who_roles_sql[] =
    "SELECT title, affiliation, count(*) AS mentions, min(day) AS first,"
    " max(day) AS last FROM roles WHERE entity_id = ?1"
    " GROUP BY title, affiliation ORDER BY first, mentions DESC LIMIT ?2";
/* Repeated quotes are grouped by their content hash from the index
 * quotes_speaker_hash alone; only the groups shown are then read and
 * joined to their documents (a row read per quote costs a page each). */
static const char who_quotes_sql[] =
    "SELECT g.date, q.kind, g.times, q.cue, d.title AS document, q.content"
    " FROM (SELECT content_hash, min(day) AS date, count(*) AS times,"
    "  max(salience) AS top, min(id) AS first FROM quotes"
    "  WHERE speaker_id = ?1 GROUP BY content_hash"
    "  ORDER BY top DESC, times DESC, first LIMIT ?2) g"
    " JOIN quotes q ON q.id = g.first JOIN documents d ON d.id = q.doc_id"
    " ORDER BY g.top DESC, g.times DESC, g.first";
static const char who_comention_sql[] =
    "SELECT e.name, e.type, c.weight AS documents FROM"
    " (SELECT b AS other, weight FROM cooccurrence WHERE a = ?1"
    "  UNION ALL SELECT a, weight FROM cooccurrence WHERE b = ?1) c"
    " JOIN entities e ON e.id = c.other"
    " ORDER BY c.weight DESC, e.doc_count DESC LIMIT ?2";
static const char who_documents_sql[] =
    "SELECT d.day AS date, coalesce(d.ext_id, d.key) AS id,"
    " de.mention_count AS mentions, round(de.salience, 3) AS salience,"
    " d.title"
    " FROM doc_entities de JOIN documents d ON d.id = de.doc_id"
    " WHERE de.entity_id = ?1 ORDER BY de.salience DESC LIMIT ?2";

int w5_store_who(w5_store *store, const char *name,
                 const w5_query_options *opts, w5_result **out, w5_error *err)
{
    int64_t id;
    int rc;
    char norm[256];
    query q = {store, NULL, err};
    if ((rc = check_args(store, out, err)) ||
        (rc = find_entity_or_fail(store, name, &id, err)))
        return rc;
    w5_result *res = w5_result_new();
    if (!res)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    size_t limit = limit_of(opts);
    if ((rc = section_by_id(&q, res, "entity", who_entity_sql, id, 1)) ||
        (rc = section_by_id(&q, res, "names", who_names_sql, id, limit)) ||
        (rc = section_by_id(&q, res, "roles", who_roles_sql, id, limit)) ||
        (rc = section_by_id(&q, res, "quotes", who_quotes_sql, id, limit)) ||
        (rc = section_by_id(&q, res, "co-mentioned", who_comention_sql, id,
                            limit)) ||
        (rc = section_by_id(&q, res, "documents", who_documents_sql, id,
                            limit)))
        return finish(res, rc, out);
    /* Other entities the name could mean, so a user can be more precise. */
    w5_store_norm_name(name, norm, sizeof norm);
    if ((rc = prepare(&q, "SELECT id, name, type, doc_count AS documents"
                          " FROM entities WHERE id != ?1 AND (norm = ?3"
                          " OR surname = ?3 OR norm LIKE '%' || ?3 || '%')"
                          " ORDER BY doc_count DESC LIMIT ?2")))
        return finish(res, rc, out);
    sqlite3_bind_int64(q.stmt, 1, id);
    sqlite3_bind_int64(q.stmt, 2, (sqlite3_int64)limit);
    sqlite3_bind_text(q.stmt, 3, norm, -1, SQLITE_STATIC);
    rc = w5_result_add_stmt(res, "other matches", q.stmt, err);
    sqlite3_finalize(q.stmt);
    return finish(res, rc, out);
}

/* ---- full-text queries -------------------------------------------------- */

/* Turns user words into an FTS5 query that cannot be a syntax error:
 * every word becomes a quoted string (all must occur), a trailing '*'
 * stays a prefix match. Returns a malloc'd string or NULL. */
static char *fts_query(const char *text)
{
    size_t n = strlen(text), k = 0;
    char *q = malloc(3 * n + 4);
    if (!q)
        return NULL;
    const char *p = text;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        if (!*p)
            break;
        const char *start = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n')
            p++;
        const char *end = p;
        int prefix = end - start > 1 && end[-1] == '*';
        if (prefix)
            end--;
        if (k)
            q[k++] = ' ';
        q[k++] = '"';
        for (const char *c = start; c < end; c++) {
            if (*c == '"')
                q[k++] = '"';
            q[k++] = *c;
        }
        q[k++] = '"';
        if (prefix)
            q[k++] = '*';
    }
    q[k] = '\0';
    return q;
}

int w5_store_search(w5_store *store, const char *text,
                    const w5_query_options *opts, w5_result **out,
                    w5_error *err)
{
    static const char docs_sql[] =
        "SELECT d.day AS date, coalesce(d.ext_id, d.key) AS id, d.title,"
        " snippet(documents_fts, 1, ?3, ?4, '...', 16) AS snippet"
        " FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid"
        " WHERE documents_fts MATCH ?1 ORDER BY rank LIMIT ?2";
    static const char quotes_sql[] =
        "SELECT q.day AS date, coalesce(e.name, q.speaker) AS speaker,"
        " d.title AS document,"
        " snippet(quotes_fts, 0, ?3, ?4, '...', 24) AS quote"
        " FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid"
        " JOIN documents d ON d.id = q.doc_id"
        " LEFT JOIN entities e ON e.id = q.speaker_id"
        " WHERE quotes_fts MATCH ?1 ORDER BY rank LIMIT ?2";
    const char *const sqls[2] = {docs_sql, quotes_sql};
    const char *const names[2] = {"documents", "quotes"};
    int rc;
    query q = {store, NULL, err};
    if ((rc = check_args(store, out, err)))
        return rc;
    char *match = fts_query(text ? text : "");
    w5_result *res = w5_result_new();
    if (!match || !res) {
        free(match);
        w5_result_free(res);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    if (!*match) {
        free(match);
        w5_result_free(res);
        return w5_fail(err, W5_ERR_INVALID, "search: no words to look for");
    }
    const char *open = opts && opts->mark_open ? opts->mark_open : "[";
    const char *close = opts && opts->mark_close ? opts->mark_close : "]";
    for (int i = 0; i < 2 && rc == W5_OK; i++) {
        if ((rc = prepare(&q, sqls[i])))
            break;
        sqlite3_bind_text(q.stmt, 1, match, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q.stmt, 2, (sqlite3_int64)limit_of(opts));
        sqlite3_bind_text(q.stmt, 3, open, -1, SQLITE_STATIC);
        sqlite3_bind_text(q.stmt, 4, close, -1, SQLITE_STATIC);
        rc = w5_result_add_stmt(res, names[i], q.stmt, err);
        sqlite3_finalize(q.stmt);
    }
    free(match);
    return finish(res, rc, out);
}

/* ---- quotes ------------------------------------------------------------- */

int w5_store_quotes(w5_store *store, const w5_query_options *opts,
                    w5_result **out, w5_error *err)
{
    char sql[1024];
    int64_t speaker = 0;
    int rc;
    char *match = NULL;
    query q = {store, NULL, err};
    w5_query_options none = w5_default_query_options();
    if (!opts)
        opts = &none;
    if ((rc = check_args(store, out, err)))
        return rc;
    if (opts->speaker && (rc = find_entity(store, opts->speaker, &speaker, err)))
        return rc;
    if (opts->about && !(match = fts_query(opts->about)))
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    /* Only the conditions asked for, so the planner picks the right index
     * (speaker and day, or the full-text index). */
    snprintf(sql, sizeof sql,
             "SELECT q.day AS date, coalesce(e.name, q.speaker) AS speaker,"
             " q.kind, q.cue, d.title AS document, q.content"
             " FROM quotes q JOIN documents d ON d.id = q.doc_id"
             " LEFT JOIN entities e ON e.id = q.speaker_id WHERE 1%s%s%s%s"
             " ORDER BY q.day DESC, q.id DESC LIMIT ?5",
             opts->speaker ? " AND q.speaker_id = ?1" : "",
             match && *match ? " AND q.id IN (SELECT rowid FROM quotes_fts"
                               " WHERE quotes_fts MATCH ?2)"
                             : "",
             opts->since ? " AND q.day >= ?3" : "",
             opts->until ? " AND q.day <= ?4" : "");
    w5_result *res = w5_result_new();
    if (!res) {
        free(match);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    if ((rc = prepare(&q, sql)) == W5_OK) {
        sqlite3_bind_int64(q.stmt, 1, speaker);
        if (match && *match)
            sqlite3_bind_text(q.stmt, 2, match, -1, SQLITE_STATIC);
        if (opts->since)
            sqlite3_bind_text(q.stmt, 3, opts->since, -1, SQLITE_STATIC);
        if (opts->until)
            sqlite3_bind_text(q.stmt, 4, opts->until, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q.stmt, 5, (sqlite3_int64)limit_of(opts));
        rc = w5_result_add_stmt(res, "quotes", q.stmt, err);
        sqlite3_finalize(q.stmt);
    }
    free(match);
    return finish(res, rc, out);
}

/* ---- network ------------------------------------------------------------ */

/* Splits "PERSON,ORG" into types[]; returns the count (0: all types). */
static size_t parse_types(const char *spec, char types[MAX_TYPES][16])
{
    size_t n = 0;
    const char *p = spec;
    while (p && *p && n < MAX_TYPES) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len && len < 16) {
            for (size_t i = 0; i < len; i++)
                types[n][i] = (char)((p[i] >= 'a' && p[i] <= 'z') ? p[i] - 32
                                                                  : p[i]);
            types[n++][len] = '\0';
        }
        p = end ? end + 1 : NULL;
    }
    return n;
}

int w5_store_network(w5_store *store, const w5_query_options *opts,
                     w5_result **out, w5_error *err)
{
    char types[MAX_TYPES][16], in_list[MAX_TYPES * 6 + 8] = "", sql[3000];
    char edges_cte[2400], type_filter[300] = "";
    int rc;
    query q = {store, NULL, err};
    if ((rc = check_args(store, out, err)))
        return rc;
    size_t ntypes = parse_types(opts ? opts->types : NULL, types);
    for (size_t i = 0; i < ntypes; i++) {
        size_t len = strlen(in_list);
        snprintf(in_list + len, sizeof in_list - len, "%s?%zu", i ? "," : "",
                 i + 10);
    }
    long min_weight = opts && opts->min_weight > 0 ? opts->min_weight : 1;
    /* A network has no natural row limit: 0 means every edge. */
    long long max_edges = opts && opts->limit ? (long long)opts->limit : -1;
    if (ntypes)
        snprintf(type_filter, sizeof type_filter,
                 " AND ea.type IN (%s) AND eb.type IN (%s)", in_list, in_list);
    /* Co-occurrence edges (undirected) and event edges (who did something
     * to whom, directed, with their CAMEO codes). */
    snprintf(edges_cte, sizeof edges_cte,
             "WITH edges AS (SELECT c.a AS source, c.b AS target, c.weight"
             " FROM cooccurrence c JOIN entities ea ON ea.id = c.a"
             " JOIN entities eb ON eb.id = c.b WHERE c.weight >= ?1%s"
             " ORDER BY c.weight DESC, c.a, c.b LIMIT ?2),"
             " event_edges AS (SELECT ev.source_id AS source,"
             " ev.target_id AS target, count(*) AS weight,"
             " group_concat(DISTINCT ev.code) AS codes"
             " FROM events ev JOIN entities ea ON ea.id = ev.source_id"
             " JOIN entities eb ON eb.id = ev.target_id WHERE 1%s"
             " GROUP BY 1, 2 HAVING count(*) >= ?1"
             " ORDER BY weight DESC, 1, 2 LIMIT ?2)",
             type_filter, type_filter);
    w5_result *res = w5_result_new();
    if (!res)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    static const char *const selects[3] = {
        "SELECT e.id, e.name, e.type, e.doc_count AS documents"
        " FROM entities e WHERE e.id IN (SELECT source FROM edges UNION"
        " SELECT target FROM edges UNION SELECT source FROM event_edges"
        " UNION SELECT target FROM event_edges) ORDER BY e.id",
        "SELECT source, target, weight FROM edges",
        "SELECT source, target, weight, codes FROM event_edges"};
    static const char *const names[3] = {"nodes", "edges", "event edges"};
    for (int pass = 0; pass < 3 && rc == W5_OK; pass++) {
        snprintf(sql, sizeof sql, "%s %s", edges_cte, selects[pass]);
        if ((rc = prepare(&q, sql)))
            break;
        sqlite3_bind_int64(q.stmt, 1, min_weight);
        sqlite3_bind_int64(q.stmt, 2, max_edges);
        for (size_t i = 0; i < ntypes; i++)
            sqlite3_bind_text(q.stmt, (int)i + 10, types[i], -1,
                              SQLITE_STATIC);
        rc = w5_result_add_stmt(res, names[pass], q.stmt, err);
        sqlite3_finalize(q.stmt);
    }
    return finish(res, rc, out);
}

/* ---- timeline ----------------------------------------------------------- */

static const char *period_expr(w5_period by, const char *col, char *buf,
                               size_t cap)
{
    if (by == W5_PERIOD_MONTH)
        snprintf(buf, cap, "substr(%s, 1, 7)", col);
    else if (by == W5_PERIOD_WEEK)
        /* ISO 8601 weeks: the Thursday of a day's week (Monday to Sunday)
         * gives the week-year and, by its day of the year, the week. */
        snprintf(buf, cap,
                 "printf('%%s-W%%02d', strftime('%%Y', date(%s, '-3 days',"
                 " 'weekday 4')), (strftime('%%j', date(%s, '-3 days',"
                 " 'weekday 4')) - 1) / 7 + 1)", col, col);
    else
        snprintf(buf, cap, "%s", col);
    return buf;
}

int w5_store_timeline(w5_store *store, const char *name,
                      const w5_query_options *opts, w5_result **out,
                      w5_error *err)
{
    char sql[2400], p_doc[256], p_quote[256];
    int64_t id;
    int rc;
    query q = {store, NULL, err};
    w5_query_options none = w5_default_query_options();
    if (!opts)
        opts = &none;
    if ((rc = check_args(store, out, err)) ||
        (rc = find_entity_or_fail(store, name, &id, err)))
        return rc;
    period_expr(opts->by, "d.day", p_doc, sizeof p_doc);
    period_expr(opts->by, "day", p_quote, sizeof p_quote);
    snprintf(sql, sizeof sql,
             "WITH m AS (SELECT %s AS period, de.mention_count AS n"
             "  FROM doc_entities de JOIN documents d ON d.id = de.doc_id"
             "  WHERE de.entity_id = ?1 AND d.day IS NOT NULL%s%s),"
             " qt AS (SELECT %s AS period, count(*) AS n FROM quotes"
             "  WHERE speaker_id = ?1 AND day IS NOT NULL%s%s GROUP BY 1)"
             " SELECT m.period, sum(m.n) AS mentions, count(*) AS documents,"
             " coalesce((SELECT n FROM qt WHERE qt.period = m.period), 0)"
             " AS quotes FROM m GROUP BY m.period ORDER BY m.period",
             p_doc, opts->since ? " AND d.day >= ?3" : "",
             opts->until ? " AND d.day <= ?4" : "", p_quote,
             opts->since ? " AND day >= ?3" : "",
             opts->until ? " AND day <= ?4" : "");
    w5_result *res = w5_result_new();
    if (!res)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    if ((rc = section_by_id(&q, res, "entity", who_entity_sql, id, 1)))
        return finish(res, rc, out);
    if ((rc = prepare(&q, sql)))
        return finish(res, rc, out);
    sqlite3_bind_int64(q.stmt, 1, id);
    if (opts->since)
        sqlite3_bind_text(q.stmt, 3, opts->since, -1, SQLITE_STATIC);
    if (opts->until)
        sqlite3_bind_text(q.stmt, 4, opts->until, -1, SQLITE_STATIC);
    rc = w5_result_add_stmt(res, "timeline", q.stmt, err);
    sqlite3_finalize(q.stmt);
    return finish(res, rc, out);
}

/* ---- stats -------------------------------------------------------------- */

int w5_store_stats(w5_store *store, const w5_query_options *opts,
                   w5_result **out, w5_error *err)
{
    static const char counts_sql[] =
        "SELECT 'documents' AS what, count(*) AS count FROM documents"
        " UNION ALL SELECT 'tokens', coalesce(sum(tokens), 0) FROM documents"
        " UNION ALL SELECT 'entities', count(*) FROM entities"
        " UNION ALL SELECT 'mentions', count(*) FROM mentions"
        " UNION ALL SELECT 'roles', count(*) FROM roles"
        " UNION ALL SELECT 'quotes', count(*) FROM quotes"
        " UNION ALL SELECT 'times', count(*) FROM times"
        " UNION ALL SELECT 'events', count(*) FROM events";
    static const char dates_sql[] =
        "SELECT min(day) AS first, max(day) AS last,"
        " sum(day IS NULL) AS undated FROM documents";
    static const char types_sql[] =
        "SELECT type, count(*) AS entities, sum(doc_count) AS documents"
        " FROM entities GROUP BY type ORDER BY 2 DESC LIMIT ?2";
    static const char top_sql[] =
        "SELECT name, type, doc_count AS documents, mention_count AS mentions"
        " FROM entities ORDER BY doc_count DESC, mention_count DESC LIMIT ?2";
    static const char people_sql[] =
        "SELECT name, doc_count AS documents, round(salience, 3) AS salience"
        " FROM entities WHERE type = 'PERSON'"
        " ORDER BY salience DESC, doc_count DESC LIMIT ?2";
    int rc;
    query q = {store, NULL, err};
    if ((rc = check_args(store, out, err)))
        return rc;
    w5_result *res = w5_result_new();
    if (!res)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    size_t limit = limit_of(opts);
    if (!(rc = section_by_id(&q, res, "counts", counts_sql, 0, limit)) &&
        !(rc = section_by_id(&q, res, "dates", dates_sql, 0, limit)) &&
        !(rc = section_by_id(&q, res, "entity types", types_sql, 0, limit)) &&
        !(rc = section_by_id(&q, res, "top entities", top_sql, 0, limit)))
        rc = section_by_id(&q, res, "most salient people", people_sql, 0,
                           limit);
    return finish(res, rc, out);
}
