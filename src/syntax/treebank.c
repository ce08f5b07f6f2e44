/*
 * treebank.c - a minimal CoNLL-U reader for training and evaluating the
 * tagger and parser: words with their gold columns, surface tokens
 * (multiword ranges, SpaceAfter=No) and sentence/document boundaries.
 * Also the small zero-copy hash map used in model sections.
 */
#include <stdlib.h>
#include <string.h>

#include "doc/tagset.h"
#include "syntax/syntax.h"

void w5_treebank_init(w5_treebank *tb)
{
    memset(tb, 0, sizeof *tb);
}

void w5_treebank_free(w5_treebank *tb)
{
    w5_vec_free(&tb->words);
    w5_vec_free(&tb->toks);
    w5_vec_free(&tb->sents);
    w5_strpool_free(&tb->pool);
}

/* GUM genres whose texts are under a non-commercial licence. The line is
 * not NUL-terminated: every read stays inside [line, line + len). */
static int is_nc_doc(const char *line, size_t len)
{
    static const char *const nc[] = {"fiction", "whow", "essay", "letter",
                                     "podcast"};
    const char *end = line + len;
    const char *p = memchr(line, '=', len);
    if (!p)
        return 0;
    p++;
    while (p < end && *p == ' ')
        p++;
    if ((size_t)(end - p) < 4 || memcmp(p, "GUM_", 4) != 0)
        return 0;
    p += 4;
    for (size_t i = 0; i < sizeof nc / sizeof nc[0]; i++) {
        size_t n = strlen(nc[i]);
        if ((size_t)(end - p) > n && memcmp(p, nc[i], n) == 0 && p[n] == '_')
            return 1;
    }
    return 0;
}

typedef struct reader {
    w5_treebank *tb;
    const char *name;
    long line;
    w5_error *err;
    w5_tb_sent cur;     /* the sentence being read */
    int in_sent;
    int mwt_last;       /* last word id of the open multiword token, 0 none */
    uint8_t pending_doc, pending_par, skipping;
} reader;

/* Splits a line into at most 10 tab-separated fields (in place copies). */
static int split_fields(const char *line, size_t len, const char **f,
                        size_t *flen)
{
    int n = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len && n < 10; i++) {
        if (i == len || line[i] == '\t') {
            f[n] = line + start;
            flen[n] = i - start;
            n++;
            start = i + 1;
        }
    }
    return n;
}

static int field_eq(const char *f, size_t n, const char *s)
{
    return strlen(s) == n && memcmp(f, s, n) == 0;
}

static int label_index(const char *f, size_t n, int (*index)(const char *))
{
    char buf[64];
    if (n >= sizeof buf)
        return 0;
    memcpy(buf, f, n);
    buf[n] = '\0';
    int i = index(buf);
    if (!i) {
        char *colon = strchr(buf, ':');
        if (colon) {
            *colon = '\0';
            i = index(buf);
        }
    }
    return i;
}

static int has_space_after_no(const char *misc, size_t n)
{
    const char *key = "SpaceAfter=No";
    size_t k = strlen(key);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(misc + i, key, k) == 0 && (i == 0 || misc[i - 1] == '|'))
            return 1;
    return 0;
}

static int end_sentence(reader *r)
{
    if (!r->in_sent)
        return 0;
    w5_treebank *tb = r->tb;
    r->in_sent = 0;
    r->cur.word_end = (uint32_t)tb->words.n;
    r->cur.tok_end = (uint32_t)tb->toks.n;
    /* Heads were read as 1-based ids; make them word indices and check
     * them (a bad head becomes the root so that training never sees an
     * out-of-range index). */
    uint32_t n = r->cur.word_end - r->cur.word_begin;
    for (uint32_t i = r->cur.word_begin; i < r->cur.word_end; i++) {
        int32_t h = tb->words.v[i].head;
        if (h < 0 || (uint32_t)h > n || (uint32_t)h == i - r->cur.word_begin + 1)
            h = 0;
        tb->words.v[i].head = h - 1;
    }
    if (n == 0)
        return 0;
    return w5_vec_push(&tb->sents, r->cur) ? W5_ERR_NOMEM : 0;
}

/* The decimal number at the start of a field (fields are not
 * NUL-terminated, so no atoi); 0 when there is none, capped so it can't
 * overflow. */
static int field_int(const char *f, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n && f[i] >= '0' && f[i] <= '9' && v < 100000000; i++)
        v = v * 10 + (f[i] - '0');
    return v;
}

static int read_word(reader *r, const char *line, size_t len)
{
    const char *f[10];
    size_t fl[10];
    w5_treebank *tb = r->tb;
    if (split_fields(line, len, f, fl) != 10)
        return w5_fail(r->err, W5_ERR_FORMAT,
                       "%s:%ld: expected 10 tab-separated columns", r->name,
                       r->line);
    if (!r->in_sent) {
        memset(&r->cur, 0, sizeof r->cur);
        r->cur.word_begin = (uint32_t)tb->words.n;
        r->cur.tok_begin = (uint32_t)tb->toks.n;
        r->cur.new_doc = r->pending_doc;
        r->cur.new_par = r->pending_par;
        r->pending_doc = r->pending_par = 0;
        r->in_sent = 1;
        r->mwt_last = 0;
    }
    if (memchr(f[0], '.', fl[0]))
        return 0; /* empty node of the enhanced graph */
    const char *dash = memchr(f[0], '-', fl[0]);
    w5_tb_tok tok = {0};
    if (w5_strpool_add(&tb->pool, f[1], fl[1], &tok.form))
        return W5_ERR_NOMEM;
    tok.space_after = !has_space_after_no(f[9], fl[9]);
    tok.word_begin = tok.word_end = (uint32_t)tb->words.n;
    if (dash) {
        r->mwt_last = field_int(dash + 1, fl[0] - (size_t)(dash + 1 - f[0]));
        return w5_vec_push(&tb->toks, tok) ? W5_ERR_NOMEM : 0;
    }
    int id = field_int(f[0], fl[0]);
    w5_tb_word w = {0};
    if (w5_strpool_add(&tb->pool, f[1], fl[1], &w.form) ||
        w5_strpool_add(&tb->pool, f[2], fl[2], &w.lemma) ||
        w5_strpool_add(&tb->pool, f[5], fl[5], &w.feats))
        return W5_ERR_NOMEM;
    w.has_lemma = !(fl[2] == 1 && f[2][0] == '_' && !(fl[1] == 1 && f[1][0] == '_'));
    w.upos = (uint8_t)label_index(f[3], fl[3], w5_upos_index);
    w.xpos = (uint8_t)label_index(f[4], fl[4], w5_xpos_index);
    w.head = field_eq(f[6], fl[6], "_") ? 0 : field_int(f[6], fl[6]);
    w.deprel = (uint8_t)label_index(f[7], fl[7], w5_deprel_index);
    if (r->mwt_last && id <= r->mwt_last) {
        w.tok = (uint32_t)tb->toks.n - 1;
        tb->toks.v[w.tok].word_end++;
        if (id == r->mwt_last)
            r->mwt_last = 0;
    } else {
        tok.word_end = tok.word_begin + 1;
        w.tok = (uint32_t)tb->toks.n;
        if (w5_vec_push(&tb->toks, tok))
            return W5_ERR_NOMEM;
    }
    return w5_vec_push(&tb->words, w) ? W5_ERR_NOMEM : 0;
}

int w5_treebank_parse(w5_treebank *tb, const char *data, size_t len,
                      const char *name, unsigned flags, w5_error *err)
{
    if (!tb->pool.buf && w5_strpool_init(&tb->pool))
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    reader r = {.tb = tb, .name = name, .err = err};
    size_t pos = 0;
    int rc = 0;
    while (pos < len && !rc) {
        const char *line = data + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl ? 1 : 0);
        r.line++;
        if (n && line[n - 1] == '\r')
            n--;
        if (n == 0) {
            if (!r.skipping) {
                rc = end_sentence(&r);
            } else if (r.in_sent) {
                tb->words.n = r.cur.word_begin;
                tb->toks.n = r.cur.tok_begin;
                r.in_sent = 0;
            }
        } else if (line[0] == '#') {
            if (n > 9 && memcmp(line, "# newdoc", 8) == 0) {
                r.pending_doc = 1;
                r.skipping = (flags & W5_TB_SKIP_NC) && is_nc_doc(line, n);
            } else if (n >= 8 && memcmp(line, "# newpar", 8) == 0) {
                r.pending_par = 1;
            }
        } else {
            rc = read_word(&r, line, n);
        }
    }
    if (!rc) {
        if (r.skipping) {
            if (r.in_sent) {
                tb->words.n = r.cur.word_begin;
                tb->toks.n = r.cur.tok_begin;
            }
        } else {
            rc = end_sentence(&r);
        }
    }
    if (rc == W5_ERR_NOMEM)
        return w5_fail(err, rc, "out of memory");
    return rc;
}

int w5_treebank_read(w5_treebank *tb, const char *path, unsigned flags,
                     w5_error *err)
{
    char *data;
    size_t len;
    int rc = w5_read_file(path, &data, &len, err);
    if (rc)
        return rc;
    rc = w5_treebank_parse(tb, data, len, path, flags, err);
    free(data);
    return rc;
}

/* ---- the zero-copy hash map ---------------------------------------------- */

int w5_smap_build(const w5_smap_entry *entries, size_t n, void **data,
                  size_t *size)
{
    uint64_t nslot = 16;
    while (nslot < n * 2 + 1)
        nslot *= 2;
    size_t bytes = 16 + nslot * sizeof(w5_smap_entry);
    unsigned char *buf = calloc(1, bytes);
    if (!buf)
        return W5_ERR_NOMEM;
    memcpy(buf, &nslot, 8);
    w5_smap_entry *slots = (w5_smap_entry *)(buf + 16);
    for (size_t i = 0; i < n; i++) {
        uint64_t key = entries[i].key ? entries[i].key : 1;
        uint64_t j = key & (nslot - 1);
        while (slots[j].key && slots[j].key != key)
            j = (j + 1) & (nslot - 1);
        slots[j] = entries[i];
        slots[j].key = key;
    }
    *data = buf;
    *size = bytes;
    return 0;
}

int w5_smap_view(const void *data, size_t size, w5_smap *map)
{
    uint64_t nslot;
    if (!data || size < 16)
        return W5_ERR_FORMAT;
    memcpy(&nslot, data, 8);
    if (nslot == 0 || (nslot & (nslot - 1)) ||
        nslot > (size - 16) / sizeof(w5_smap_entry) ||
        16 + nslot * sizeof(w5_smap_entry) != size)
        return W5_ERR_FORMAT;
    map->slots = (const w5_smap_entry *)((const char *)data + 16);
    map->mask = nslot - 1;
    /* A full table would make lookups of absent keys loop forever. */
    for (uint64_t i = 0; i <= map->mask; i++)
        if (map->slots[i].key == 0)
            return 0;
    return W5_ERR_FORMAT;
}

const w5_smap_entry *w5_smap_get(const w5_smap *map, uint64_t key)
{
    if (!map->slots)
        return NULL;
    if (!key)
        key = 1;
    uint64_t j = key & map->mask;
    while (map->slots[j].key) {
        if (map->slots[j].key == key)
            return &map->slots[j];
        j = (j + 1) & map->mask;
    }
    return NULL;
}
