/*
 * brat.c - brat standoff attribution relations (see brat.h).
 */
#include "input/brat.h"

#include <stdlib.h>
#include <string.h>

/* A text-bound annotation as read: its number, label and span. */
typedef struct tann {
    unsigned long id;
    char label[32];   /* truncated; only short labels matter */
    w5_brat_span span;
} tann;

typedef W5_VEC(tann) tann_vec;

/* Byte offset of every code point boundary: map[i] = byte of code point
 * i, map[n] = text_len. */
static uint32_t *code_point_map(const char *text, size_t len, size_t *n)
{
    size_t count = 0;
    for (size_t i = 0; i < len; i++)
        count += ((unsigned char)text[i] & 0xC0) != 0x80;
    uint32_t *map = malloc((count + 1) * sizeof *map);
    if (!map)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            map[k++] = (uint32_t)i;
    map[k] = (uint32_t)len;
    *n = count;
    return map;
}

static int parse_ulong(const char **p, const char *end, unsigned long *v)
{
    const char *s = *p;
    unsigned long x = 0;
    if (s >= end || *s < '0' || *s > '9')
        return 0;
    while (s < end && *s >= '0' && *s <= '9') {
        if (x > 0xFFFFFFFFul)
            return 0;
        x = x * 10 + (unsigned long)(*s - '0');
        s++;
    }
    *p = s;
    *v = x;
    return 1;
}

/* "Label s e;s e" up to the tab. */
static int parse_tline(w5_brat *b, const char *s, const char *end,
                       const uint32_t *map, size_t ncp, tann *t)
{
    const char *sp = memchr(s, ' ', (size_t)(end - s));
    if (!sp)
        return 0;
    size_t ln = (size_t)(sp - s) < sizeof t->label - 1 ? (size_t)(sp - s)
                                                      : sizeof t->label - 1;
    memcpy(t->label, s, ln);
    t->label[ln] = '\0';
    const char *p = sp + 1;
    const char *stop = memchr(p, '\t', (size_t)(end - p));
    if (!stop)
        stop = end;
    t->span.first = (uint32_t)b->frags.n;
    t->span.count = 0;
    for (;;) {
        unsigned long a, z;
        if (!parse_ulong(&p, stop, &a) || p >= stop || *p != ' ')
            return 0;
        p++;
        if (!parse_ulong(&p, stop, &z) || z < a || z > ncp)
            return 0;
        w5_brat_frag f = {map[a], map[z]};
        if (w5_vec_push(&b->frags, f))
            return -1;
        if (t->span.count == 0 || f.start < t->span.start)
            t->span.start = f.start;
        if (t->span.count == 0 || f.end > t->span.end)
            t->span.end = f.end;
        t->span.count++;
        if (p >= stop)
            break;
        if (*p != ';')
            return 0;
        p++;
    }
    return 1;
}

static const tann *find_t(const tann_vec *ts, unsigned long id)
{
    for (size_t i = 0; i < ts->n; i++)
        if (ts->v[i].id == id)
            return &ts->v[i];
    return NULL;
}

/* "Attribution:T4 Content:T3 Cue:T2 Source:T1" */
static int parse_eline(w5_brat *b, const char *s, const char *end,
                       const tann_vec *ts)
{
    w5_brat_rel rel;
    memset(&rel, 0, sizeof rel);
    const char *p = s;
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (p >= end)
            break;
        const char *colon = memchr(p, ':', (size_t)(end - p));
        if (!colon || colon + 2 > end || colon[1] != 'T')
            return 0;
        const char *q = colon + 2;
        unsigned long id;
        if (!parse_ulong(&q, end, &id))
            return 0;
        const tann *t = find_t(ts, id);
        size_t rn = (size_t)(colon - p);
        if (t) {
            if (rn == 7 && memcmp(p, "Content", 7) == 0)
                rel.content = t->span;
            else if (rn == 3 && memcmp(p, "Cue", 3) == 0)
                rel.cue = t->span;
            else if (rn == 6 && memcmp(p, "Source", 6) == 0)
                rel.source = t->span;
        }
        p = q;
    }
    if (rel.content.count && w5_vec_push(&b->rels, rel))
        return -1;
    return 1;
}

int w5_brat_parse(const char *ann, size_t ann_len, const char *text,
                  size_t text_len, w5_brat *out, w5_error *err)
{
    memset(out, 0, sizeof *out);
    size_t ncp = 0;
    uint32_t *map = code_point_map(text, text_len, &ncp);
    if (!map)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    tann_vec ts = {NULL, 0, 0};
    int rc = W5_OK;
    const char *p = ann, *end = ann + ann_len;
    /* T lines first: E lines may refer to later T lines */
    for (int pass = 0; pass < 2 && !rc; pass++) {
        long line = 0;
        for (p = ann; p < end && !rc; line++) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            const char *le = nl ? nl : end;
            const char *tab = memchr(p, '\t', (size_t)(le - p));
            int ok = 1;
            /* an annotation line is "T12<TAB>..." or "E3<TAB>..."; other
             * lines (notes, a text column that ran over a line break) are
             * not ours */
            const char *d = p + 1;
            while (d < le && *d >= '0' && *d <= '9')
                d++;
            if (d == p + 1 || d != tab) {
                p = nl ? nl + 1 : end;
                continue;
            }
            if (pass == 0 && *p == 'T') {
                tann t;
                const char *q = p + 1;
                memset(&t, 0, sizeof t);
                ok = tab && parse_ulong(&q, tab, &t.id) && q == tab;
                if (ok)
                    ok = parse_tline(out, tab + 1, le, map, ncp, &t);
                if (ok == 1 && w5_vec_push(&ts, t))
                    ok = -1;
            } else if (pass == 1 && *p == 'E') {
                ok = tab ? parse_eline(out, tab + 1, le, &ts) : 0;
            }
            if (ok < 0)
                rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
            else if (!ok)
                rc = w5_fail(err, W5_ERR_FORMAT,
                             "line %ld: malformed annotation", line + 1);
            p = nl ? nl + 1 : end;
        }
    }
    w5_vec_free(&ts);
    free(map);
    return rc;
}

void w5_brat_free(w5_brat *b)
{
    if (!b)
        return;
    w5_vec_free(&b->frags);
    w5_vec_free(&b->rels);
}
