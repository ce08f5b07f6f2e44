/* conllu.c - see conllu.h. */
#include "input/conllu.h"

#include <stdlib.h>
#include <string.h>

void w5_conllu_free(w5_conllu *c)
{
    if (!c)
        return;
    w5_vec_free(&c->sents);
    w5_vec_free(&c->rows);
    w5_vec_free(&c->comments);
    w5_strpool_free(&c->pool);
}

size_t w5_conllu_word_count(const w5_conllu *c, const w5_conllu_sent *s)
{
    size_t n = 0;
    for (uint32_t r = s->row_begin; r < s->row_end; r++)
        n += c->rows.v[r].kind == W5_CONLLU_WORD;
    return n;
}

/* Parses a decimal number of at most 9 digits from s[0..n); 0 on success. */
static int parse_uint(const char *s, size_t n, uint32_t *out)
{
    if (n == 0 || n > 9)
        return -1;
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (uint32_t)(s[i] - '0');
    }
    *out = v;
    return 0;
}

/* Decodes the ID column into the row's kind and numbers. */
static int parse_id(const char *s, size_t n, w5_conllu_row *row)
{
    const char *dash = memchr(s, '-', n), *dot = memchr(s, '.', n);
    if (dash) {
        size_t a = (size_t)(dash - s);
        row->kind = W5_CONLLU_RANGE;
        return parse_uint(s, a, &row->id) ||
               parse_uint(dash + 1, n - a - 1, &row->id_last) ||
               row->id_last < row->id ? -1 : 0;
    }
    if (dot) {
        size_t a = (size_t)(dot - s);
        row->kind = W5_CONLLU_EMPTY;
        row->id_last = 0;
        return parse_uint(s, a, &row->id) ||
               parse_uint(dot + 1, n - a - 1, &row->sub) ? -1 : 0;
    }
    row->kind = W5_CONLLU_WORD;
    if (parse_uint(s, n, &row->id) || row->id == 0)
        return -1;
    row->id_last = row->id;
    return 0;
}

/* 1 when the MISC column s[0..n) holds the item SpaceAfter=No. */
static int misc_has_no_space(const char *s, size_t n)
{
    static const char item[] = "SpaceAfter=No";
    const size_t k = sizeof item - 1;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '|')
            j++;
        if (j - i == k && memcmp(s + i, item, k) == 0)
            return 1;
        i = j + 1;
    }
    return 0;
}

/* 1 when comment c[0..n) (after "#", spaces skipped) is the marker
 * `name`, alone or followed by a space or "=" (so "newpar_block" is not
 * "newpar"). */
static int is_marker(const char *c, size_t n, const char *name)
{
    size_t k = strlen(name);
    return n >= k && memcmp(c, name, k) == 0 &&
           (n == k || c[k] == ' ' || c[k] == '=' || c[k] == '\t');
}

/* The value of a `key = value` comment, or NULL. */
static const char *comment_value(const char *c, size_t n, const char *key,
                                 size_t *vlen)
{
    size_t k = strlen(key);
    if (!is_marker(c, n, key))
        return NULL;
    size_t i = k;
    while (i < n && c[i] == ' ')
        i++;
    if (i >= n || c[i] != '=')
        return NULL;
    i++;
    if (i < n && c[i] == ' ')
        i++;
    *vlen = n - i;
    return c + i;
}

typedef struct parse_state {
    w5_conllu *out;
    w5_conllu_sent cur;   /* the sentence being read */
    int open;             /* cur has comments or rows */
    uint8_t pending_doc, pending_par;
} parse_state;

static int close_sentence(parse_state *st)
{
    w5_conllu *c = st->out;
    if (!st->open)
        return 0;
    st->cur.row_end = (uint32_t)c->rows.n;
    st->cur.comment_end = (uint32_t)c->comments.n;
    if (st->cur.row_end > st->cur.row_begin) {
        if (w5_vec_push(&c->sents, st->cur))
            return W5_ERR_NOMEM;
        st->pending_doc = st->pending_par = 0;
    }
    /* A comment block with no rows (e.g. a lone "# newdoc") keeps its
     * markers for the next sentence. */
    st->open = 0;
    return 0;
}

static void open_sentence(parse_state *st, long line)
{
    if (st->open)
        return;
    memset(&st->cur, 0, sizeof st->cur);
    st->cur.row_begin = (uint32_t)st->out->rows.n;
    st->cur.comment_begin = (uint32_t)st->out->comments.n;
    st->cur.line = line;
    st->cur.newdoc = st->pending_doc;
    st->cur.newpar = st->pending_par;
    st->open = 1;
}

static int read_comment(parse_state *st, const char *s, size_t n)
{
    w5_conllu *c = st->out;
    size_t i = 1;
    while (i < n && s[i] == ' ')
        i++;
    const char *body = s + i;
    size_t blen = n - i, vlen = 0;
    const char *v;
    uint32_t off;
    if (w5_strpool_add(&c->pool, body, blen, &off) ||
        w5_vec_push(&c->comments, off))
        return W5_ERR_NOMEM;
    if (is_marker(body, blen, "newdoc")) {
        st->pending_doc = st->pending_par = 1;
        st->cur.newdoc = st->cur.newpar = 1;
    } else if (is_marker(body, blen, "newpar")) {
        st->pending_par = 1;
        st->cur.newpar = 1;
    } else if ((v = comment_value(body, blen, "text", &vlen))) {
        if (w5_strpool_add(&c->pool, v, vlen, &st->cur.text))
            return W5_ERR_NOMEM;
    } else if ((v = comment_value(body, blen, "sent_id", &vlen))) {
        if (w5_strpool_add(&c->pool, v, vlen, &st->cur.sent_id))
            return W5_ERR_NOMEM;
    }
    return 0;
}

static int read_row(parse_state *st, const char *s, size_t n, long line,
                    w5_error *err)
{
    w5_conllu *c = st->out;
    w5_conllu_row row;
    memset(&row, 0, sizeof row);
    size_t begin[W5_CONLLU_NCOLS], len[W5_CONLLU_NCOLS];
    int ncol = 0;
    size_t i = 0;
    while (ncol < W5_CONLLU_NCOLS) {
        size_t j = i;
        while (j < n && s[j] != '\t')
            j++;
        begin[ncol] = i;
        len[ncol] = j - i;
        ncol++;
        if (j >= n)
            break;
        i = j + 1;
    }
    if (ncol != W5_CONLLU_NCOLS || begin[9] + len[9] != n)
        return w5_fail(err, W5_ERR_FORMAT,
                       "line %ld: expected 10 tab-separated columns", line);
    if (parse_id(s, len[0], &row))
        return w5_fail(err, W5_ERR_FORMAT, "line %ld: bad ID \"%.*s\"", line,
                       (int)(len[0] > 20 ? 20 : len[0]), s);
    for (int k = 0; k < W5_CONLLU_NCOLS; k++)
        if (w5_strpool_add(&c->pool, s + begin[k], len[k], &row.col[k]))
            return W5_ERR_NOMEM;
    uint32_t head;
    row.head = parse_uint(s + begin[6], len[6], &head) ? -1 : (int32_t)head;
    row.space_after = !misc_has_no_space(s + begin[9], len[9]);
    if (w5_vec_push(&c->rows, row))
        return W5_ERR_NOMEM;
    return 0;
}

int w5_conllu_parse(const char *data, size_t len, w5_conllu *out,
                    w5_error *err)
{
    memset(out, 0, sizeof *out);
    if (w5_strpool_init(&out->pool))
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    parse_state st;
    memset(&st, 0, sizeof st);
    st.out = out;
    size_t i = 0;
    long line = 0;
    int rc = 0;
    while (i < len && !rc) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - data) : len, n = end - i;
        const char *s = data + i;
        line++;
        if (n && s[n - 1] == '\r')
            n--;
        if (n == 0) {
            rc = close_sentence(&st);
        } else if (s[0] == '#') {
            if (st.open && st.out->rows.n > st.cur.row_begin)
                rc = close_sentence(&st); /* comments after rows */
            if (!rc) {
                open_sentence(&st, line);
                rc = read_comment(&st, s, n);
            }
        } else {
            open_sentence(&st, line);
            rc = read_row(&st, s, n, line, err);
        }
        i = end + 1;
    }
    if (!rc)
        rc = close_sentence(&st);
    if (rc == W5_ERR_NOMEM)
        return w5_fail(err, rc, "out of memory");
    return rc;
}

int w5_conllu_read_file(const char *path, w5_conllu *out, w5_error *err)
{
    char *data;
    size_t len;
    memset(out, 0, sizeof *out);
    int rc = w5_read_file(path, &data, &len, err);
    if (rc)
        return rc;
    rc = w5_conllu_parse(data, len, out, err);
    free(data);
    return rc;
}
