/*
 * result.c - w5_result: the named tables of text values a query returns.
 * Values are copied into one string pool per result; a cell holds a pool
 * offset plus one, 0 meaning NULL, so rows are flat arrays of uint32.
 */
#include <string.h>

#include "store/store.h"

typedef struct section {
    uint32_t name;
    size_t ncols;
    uint32_t *cols;     /* pool offsets of column names */
    int *numeric;
    W5_VEC(uint32_t) cells; /* nrows * ncols, offset + 1, 0 = NULL */
} section;

struct w5_result {
    W5_VEC(section) sections;
    w5_strpool pool;
};

w5_result *w5_result_new(void)
{
    w5_result *res = calloc(1, sizeof *res);
    if (res && w5_strpool_init(&res->pool)) {
        free(res);
        return NULL;
    }
    return res;
}

void w5_result_free(w5_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->sections.n; i++) {
        free(res->sections.v[i].cols);
        free(res->sections.v[i].numeric);
        w5_vec_free(&res->sections.v[i].cells);
    }
    w5_vec_free(&res->sections);
    w5_strpool_free(&res->pool);
    free(res);
}

static const section *get_section(const w5_result *res, size_t s)
{
    return res && s < res->sections.n ? &res->sections.v[s] : NULL;
}

size_t w5_result_section_count(const w5_result *res)
{
    return res ? res->sections.n : 0;
}

const char *w5_result_section_name(const w5_result *res, size_t s)
{
    const section *sec = get_section(res, s);
    return sec ? w5_strpool_get(&res->pool, sec->name) : NULL;
}

size_t w5_result_column_count(const w5_result *res, size_t s)
{
    const section *sec = get_section(res, s);
    return sec ? sec->ncols : 0;
}

const char *w5_result_column_name(const w5_result *res, size_t s, size_t c)
{
    const section *sec = get_section(res, s);
    return sec && c < sec->ncols ? w5_strpool_get(&res->pool, sec->cols[c])
                                 : NULL;
}

int w5_result_column_numeric(const w5_result *res, size_t s, size_t c)
{
    const section *sec = get_section(res, s);
    return sec && c < sec->ncols ? sec->numeric[c] : 0;
}

size_t w5_result_row_count(const w5_result *res, size_t s)
{
    const section *sec = get_section(res, s);
    return sec && sec->ncols ? sec->cells.n / sec->ncols : 0;
}

const char *w5_result_value(const w5_result *res, size_t s, size_t row,
                            size_t c)
{
    const section *sec = get_section(res, s);
    if (!sec || c >= sec->ncols || row >= w5_result_row_count(res, s))
        return NULL;
    uint32_t cell = sec->cells.v[row * sec->ncols + c];
    return cell ? w5_strpool_get(&res->pool, cell - 1) : NULL;
}

static int pool_add(w5_result *res, const char *s, size_t n, uint32_t *off)
{
    return w5_strpool_add(&res->pool, s ? s : "", s ? n : 0, off);
}

int w5_result_add_section(w5_result *res, const char *name, size_t ncols,
                          const char *const *cols, const int *numeric,
                          w5_error *err)
{
    section sec = {0};
    if (ncols == 0)
        return w5_fail(err, W5_ERR_INVALID, "a result section needs columns");
    sec.ncols = ncols;
    sec.cols = calloc(ncols, sizeof *sec.cols);
    sec.numeric = calloc(ncols, sizeof *sec.numeric);
    if (!sec.cols || !sec.numeric ||
        pool_add(res, name, strlen(name), &sec.name))
        goto nomem;
    for (size_t c = 0; c < ncols; c++) {
        if (pool_add(res, cols[c], strlen(cols[c]), &sec.cols[c]))
            goto nomem;
        sec.numeric[c] = numeric ? numeric[c] : 0;
    }
    if (w5_vec_push(&res->sections, sec))
        goto nomem;
    return W5_OK;
nomem:
    free(sec.cols);
    free(sec.numeric);
    return w5_fail(err, W5_ERR_NOMEM, "out of memory");
}

int w5_result_add_row(w5_result *res, const char *const *values,
                      w5_error *err)
{
    section *sec = &res->sections.v[res->sections.n - 1];
    if (w5_vec_reserve(&sec->cells, sec->cells.n + sec->ncols))
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    for (size_t c = 0; c < sec->ncols; c++) {
        uint32_t off = 0;
        if (values[c] && pool_add(res, values[c], strlen(values[c]), &off))
            return w5_fail(err, W5_ERR_NOMEM, "out of memory");
        sec->cells.v[sec->cells.n++] = values[c] ? off + 1 : 0;
    }
    return W5_OK;
}

int w5_result_add_stmt(w5_result *res, const char *name, sqlite3_stmt *stmt,
                       w5_error *err)
{
    enum { MAX_COLS = 32 };
    const char *cols[MAX_COLS];
    const char *values[MAX_COLS];
    int numeric[MAX_COLS] = {0};
    size_t ncols = (size_t)sqlite3_column_count(stmt);
    int rc = W5_OK, step;
    size_t first_section = res->sections.n;
    if (ncols == 0 || ncols > MAX_COLS)
        return w5_fail(err, W5_ERR_INVALID, "query has %zu columns", ncols);
    for (size_t c = 0; c < ncols; c++)
        cols[c] = sqlite3_column_name(stmt, (int)c);
    if ((rc = w5_result_add_section(res, name, ncols, cols, NULL, err)))
        goto done;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        for (size_t c = 0; c < ncols; c++) {
            int type = sqlite3_column_type(stmt, (int)c);
            values[c] = (const char *)sqlite3_column_text(stmt, (int)c);
            if (type == SQLITE_INTEGER || type == SQLITE_FLOAT)
                numeric[c] = 1;
        }
        if ((rc = w5_result_add_row(res, values, err)))
            goto done;
    }
    if (step != SQLITE_DONE) {
        rc = w5_fail(err, W5_ERR_DB, "query failed: %s",
                     sqlite3_errmsg(sqlite3_db_handle(stmt)));
        goto done;
    }
    memcpy(res->sections.v[first_section].numeric, numeric,
           ncols * sizeof *numeric);
done:
    sqlite3_reset(stmt);
    return rc;
}
