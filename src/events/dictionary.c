/*
 * dictionary.c - compiles the PETRARCH2 CAMEO verb dictionary into the
 * compact key -> code table of events.w5m, and looks keys up.
 *
 * Keys (all lower case, words joined by single spaces):
 *   v:<verb>              verb lemma, form or phrasal verb -> code
 *   l:<form>              inflected form -> lemma (works without a tagger)
 *   o:<verb>|<noun>       verb with this object head -> code
 *   p:<verb>|<prep>       verb with a phrase introduced by prep -> code
 *   po:<verb>|<prep>|<n>  verb with `prep noun` -> code
 *   a:<noun>              an agent noun (police, rebels) -> agent code
 * A code of "---" means "this is not an event". Only these simple pattern
 * shapes are compiled; the dictionary's richer patterns (synonym sets,
 * source/target markers) are left out and their verbs fall back to the
 * verb or block code.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events/events.h"
#include "learn/learn.h"

/* A hash index over the dictionary's keys, built at load: a look-up reads
 * one slot and one entry instead of a dozen entries spread over the
 * table, which the large models evict from the caches between documents.
 * A slot holds a key's hash and the entry the binary search returns for
 * it (so duplicate keys answer as before); idx 0 marks a free slot. */
typedef struct dict_slot {
    uint32_t hash, idx;  /* idx: entry + 1 */
} dict_slot;

enum { INDEX_KEY_MAX = 255 };   /* longer keys are binary-searched */

struct w5_events_model {
    w5_mfile *file;
    const char **dict;   /* sorted "key\tvalue" entries */
    size_t ndict;
    dict_slot *index;    /* dict keys, open addressing, NULL: none */
    size_t index_mask;   /* slots - 1 */
    const char **codes;  /* sorted "code\tdescription" entries */
    size_t ncodes;
};

typedef W5_VEC(char *) strvec;

static void strvec_free(strvec *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->v[i]);
    w5_vec_free(v);
}

static int add_entry(strvec *v, const char *key, const char *value)
{
    size_t n = strlen(key) + strlen(value) + 2;
    char *s = malloc(n);
    if (!s)
        return W5_ERR_NOMEM;
    snprintf(s, n, "%s\t%s", key, value);
    for (char *p = s; *p && *p != '\t'; p++)
        *p = (char)tolower((unsigned char)*p);
    if (w5_vec_push(v, s)) {
        free(s);
        return W5_ERR_NOMEM;
    }
    return 0;
}

/* Copies a dictionary word into out: '_' -> ' ', trailing '_' and a
 * leading '+' dropped, lower-cased. */
static void clean_word(const char *w, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    if (n && *w == '+')
        w++, n--;
    while (n && w[n - 1] == '_')
        n--;
    for (size_t i = 0; i < n && k + 1 < cap; i++)
        out[k++] = w[i] == '_' ? ' ' : (char)tolower((unsigned char)w[i]);
    out[k] = '\0';
}

/* The code inside the first [...] of s ("042:043" -> "042"), or "". */
static void bracket_code(const char *s, char *code, size_t cap)
{
    code[0] = '\0';
    const char *open = strchr(s, '[');
    if (!open)
        return;
    size_t k = 0;
    for (const char *p = open + 1; *p && *p != ']' && *p != ':' && k + 1 < cap; p++)
        if (!isspace((unsigned char)*p))
            code[k++] = *p;
    code[k] = '\0';
}

static int is_word(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isalpha((unsigned char)s[i]) && s[i] != '-')
            return 0;
    return n > 0;
}

/* "- * WORD [c] # VERB" and "- * (PREP [WORD]) [c] # VERB". */
static int add_pattern(strvec *dict, const char *line)
{
    char code[16], verb[64], body[128], key[256];
    bracket_code(line, code, sizeof code);
    const char *hash = strchr(line, '#'), *open = strchr(line, '[');
    if (!code[0] || !hash || !open || strncmp(line, "- * ", 4) != 0)
        return 0;
    const char *v = hash + 1;
    while (*v == ' ')
        v++;
    size_t vn = strcspn(v, " \t\r\n");
    if (!is_word(v, vn))
        return 0;
    clean_word(v, vn, verb, sizeof verb);
    size_t bn = (size_t)(open - (line + 4));
    if (bn >= sizeof body)
        return 0;
    memcpy(body, line + 4, bn);
    while (bn && isspace((unsigned char)body[bn - 1]))
        bn--;
    body[bn] = '\0';
    char a[64], b[64];
    if (body[0] == '(' && body[bn - 1] == ')') {
        body[bn - 1] = '\0';
        char *sp = strchr(body + 1, ' ');
        if (!sp) {
            if (!is_word(body + 1, strlen(body + 1)))
                return 0;
            clean_word(body + 1, strlen(body + 1), a, sizeof a);
            snprintf(key, sizeof key, "p:%s|%s", verb, a);
            return add_entry(dict, key, code);
        }
        if (!is_word(body + 1, (size_t)(sp - body - 1)) || !is_word(sp + 1, strlen(sp + 1)))
            return 0;
        clean_word(body + 1, (size_t)(sp - body - 1), a, sizeof a);
        clean_word(sp + 1, strlen(sp + 1), b, sizeof b);
        snprintf(key, sizeof key, "po:%s|%s|%s", verb, a, b);
        return add_entry(dict, key, code);
    }
    if (!is_word(body, bn))
        return 0;
    clean_word(body, bn, a, sizeof a);
    snprintf(key, sizeof key, "o:%s|%s", verb, a);
    return add_entry(dict, key, code);
}

/* Adds l:<form> entries for the regular inflections of a one-word verb
 * (PETRARCH generates these too), so a verb is found without a tagger. */
static int add_regular_forms(strvec *dict, const char *lemma)
{
    size_t n = strlen(lemma);
    if (n < 2 || n > 60 || strchr(lemma, ' '))
        return 0;
    char stem[64], forms[3][160], key[512];
    memcpy(stem, lemma, n + 1);
    char last = lemma[n - 1], before = lemma[n - 2];
    int vowel_before = strchr("aeiou", before) != NULL;
    if (last == 'e') {
        stem[n - 1] = '\0';
        snprintf(forms[0], sizeof forms[0], "%ss", lemma);
        snprintf(forms[1], sizeof forms[1], "%sd", lemma);
        snprintf(forms[2], sizeof forms[2], "%sing", stem);
    } else if (last == 'y' && !vowel_before) {
        stem[n - 1] = '\0';
        snprintf(forms[0], sizeof forms[0], "%sies", stem);
        snprintf(forms[1], sizeof forms[1], "%sied", stem);
        snprintf(forms[2], sizeof forms[2], "%sying", stem);
    } else {
        int sibilant = strchr("sxz", last) || (last == 'h' && (before == 'c' || before == 's'));
        snprintf(forms[0], sizeof forms[0], "%s%s", lemma, sibilant ? "es" : "s");
        snprintf(forms[1], sizeof forms[1], "%sed", lemma);
        snprintf(forms[2], sizeof forms[2], "%sing", lemma);
    }
    for (int i = 0; i < 3; i++) {
        snprintf(key, sizeof key, "l:%s", forms[i]);
        int rc = add_entry(dict, key, lemma);
        if (rc)
            return rc;
    }
    return 0;
}

/* "MEET {MEETS MET MEETING} [040]" inside a block with default code. */
static int add_verb(strvec *dict, const char *line, const char *block_code)
{
    char code[16], lemma[128], form[128], key[160];
    bracket_code(line, code, sizeof code);
    if (!code[0])
        snprintf(code, sizeof code, "%s", block_code);
    size_t n = strcspn(line, " \t{[#\r\n");
    if (n == 0 || n >= sizeof lemma)
        return 0;
    clean_word(line, n, lemma, sizeof lemma);
    int rc = 0;
    if (code[0] && strcmp(code, "---") != 0) {
        snprintf(key, sizeof key, "v:%s", lemma);
        rc = add_entry(dict, key, code);
    }
    const char *brace = strchr(line, '{'), *close = brace ? strchr(brace, '}') : NULL;
    if (!rc && !brace)
        rc = add_regular_forms(dict, lemma);
    for (const char *p = brace ? brace + 1 : NULL; !rc && p && p < close;) {
        while (p < close && *p == ' ')
            p++;
        size_t fn = strcspn(p, " }");
        if (fn && p + fn <= close && fn < sizeof form) {
            clean_word(p, fn, form, sizeof form);
            snprintf(key, sizeof key, "l:%s", form);
            rc = add_entry(dict, key, lemma);
        }
        p += fn;
    }
    return rc;
}

static int cmp_entries(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts and drops later duplicates of a key (the first entry wins). */
static void sort_unique(strvec *v)
{
    if (v->n < 2)
        return; /* and no qsort(NULL, 0): undefined behaviour */
    qsort(v->v, v->n, sizeof *v->v, cmp_entries);
    size_t kept = 0;
    for (size_t i = 0; i < v->n; i++) {
        size_t klen = strcspn(v->v[i], "\t");
        if (kept && strncmp(v->v[kept - 1], v->v[i], klen) == 0 &&
            v->v[kept - 1][klen] == '\t') {
            free(v->v[i]);
            continue;
        }
        v->v[kept++] = v->v[i];
    }
    v->n = kept;
}

static int read_verbs(const char *path, strvec *dict, w5_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return w5_fail(err, W5_ERR_IO, "%s: cannot open", path);
    char line[1024], block_code[16] = "";
    int in_blocks = 0, rc = 0;
    while (!rc && fgets(line, sizeof line, f)) {
        if (strncmp(line, "---", 3) == 0) {
            in_blocks = 1;
            bracket_code(line, block_code, sizeof block_code);
        } else if (!in_blocks || line[0] == '#' || isspace((unsigned char)line[0])) {
            continue;
        } else if (line[0] == '-') {
            rc = add_pattern(dict, line);
        } else if (isalpha((unsigned char)line[0]) || line[0] == '+') {
            rc = add_verb(dict, line, block_code);
        }
    }
    fclose(f);
    return rc ? w5_fail(err, rc, "%s: out of memory", path) : 0;
}

static int read_codes(const char *path, strvec *codes, w5_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return w5_fail(err, W5_ERR_IO, "%s: cannot open", path);
    char line[1024];
    int rc = 0;
    while (!rc && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *fields[5];
        int nf = 0;
        for (char *p = line; nf < 5; nf++) {
            fields[nf] = p;
            char *tab = strchr(p, '\t');
            if (!tab) {
                nf++;
                break;
            }
            *tab = '\0';
            p = tab + 1;
        }
        if (nf == 5 && isdigit((unsigned char)fields[0][0]))
            rc = add_entry(codes, fields[0], fields[4]);
    }
    fclose(f);
    return rc ? w5_fail(err, rc, "%s: out of memory", path) : 0;
}

/* "POLICE {} [~COP]", "REBEL {REBELS} [~REB]": one-word agents (the
 * nouns PETRARCH takes for actors without a name: police, government,
 * rebels, troops, company) as a:<word> -> agent code. Phrases and the
 * file's macros (!PERSON!) are left out. A missing file adds none. */
static int read_agents(const char *path, strvec *dict, w5_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[1024], word[128], code[16], key[160];
    int rc = 0;
    while (!rc && fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, " \t{[#\r\n");
        const char *open = strstr(line, "[~");
        if (!n || n >= sizeof word || !open || !is_word(line, n))
            continue;
        size_t k = 0;
        for (const char *p = open + 2; *p && *p != ']' && k + 1 < sizeof code; p++)
            code[k++] = (char)tolower((unsigned char)*p);
        code[k] = '\0';
        if (!k)
            continue;
        clean_word(line, n, word, sizeof word);
        snprintf(key, sizeof key, "a:%s", word);
        rc = add_entry(dict, key, code);
        const char *brace = strchr(line, '{'), *close = brace ? strchr(brace, '}') : NULL;
        for (const char *p = brace && close && close < open ? brace + 1 : NULL; !rc && p && p < close;) {
            while (p < close && *p == ' ')
                p++;
            size_t fn = strcspn(p, " }");
            if (fn && p + fn <= close && fn < sizeof word && is_word(p, fn)) {
                clean_word(p, fn, word, sizeof word);
                snprintf(key, sizeof key, "a:%s", word);
                rc = add_entry(dict, key, code);
            }
            p += fn;
        }
    }
    fclose(f);
    return rc ? w5_fail(err, rc, "%s: out of memory", path) : 0;
}

int w5_events_build(const char *cameo_dir, const char *out_path, w5_error *err)
{
    char path[4096];
    strvec dict = {0}, codes = {0};
    snprintf(path, sizeof path, "%s/petrarch2/CAMEO.2.0.txt", cameo_dir);
    int rc = read_verbs(path, &dict, err);
    snprintf(path, sizeof path, "%s/petrarch2/Phoenix.agents.txt", cameo_dir);
    if (!rc)
        rc = read_agents(path, &dict, err);
    snprintf(path, sizeof path, "%s/codes/cameo_event_codes.tsv", cameo_dir);
    if (!rc)
        rc = read_codes(path, &codes, err);
    if (!rc && (dict.n == 0 || codes.n == 0))
        rc = w5_fail(err, W5_ERR_FORMAT, "%s: no verbs or codes found", cameo_dir);
    w5_mwriter *w = rc ? NULL : w5_mwriter_new("events");
    if (!rc && !w)
        rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
    if (!rc) {
        sort_unique(&dict);
        sort_unique(&codes);
        if (w5_mwriter_add_strings(w, "dict", (const char *const *)dict.v, dict.n) ||
            w5_mwriter_add_strings(w, "codes", (const char *const *)codes.v, codes.n))
            rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
        else
            rc = w5_mwriter_save(w, out_path, err);
    }
    w5_mwriter_free(w);
    strvec_free(&dict);
    strvec_free(&codes);
    return rc;
}

/* Loads a strings section into a pointer array, checking it is sorted. */
static int load_table(const w5_mfile *mf, const char *name, const char ***out,
                      size_t *n, w5_error *err)
{
    size_t size;
    const char *p = w5_mfile_section(mf, name, &size);
    if (!p || !size || p[size - 1] != '\0')
        return w5_fail(err, W5_ERR_FORMAT, "events model: bad '%s' table", name);
    size_t count = 0;
    for (size_t i = 0; i < size; i++)
        count += p[i] == '\0';
    const char **table = malloc(count * sizeof *table);
    if (!table)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    size_t k = 0;
    for (size_t at = 0; at < size; at += strlen(p + at) + 1) {
        table[k] = p + at;
        if (!strchr(table[k], '\t') || (k && strcmp(table[k - 1], table[k]) >= 0)) {
            free(table);
            return w5_fail(err, W5_ERR_FORMAT, "events model: '%s' not sorted", name);
        }
        k++;
    }
    *out = table;
    *n = k;
    return 0;
}

static long find_index(const char **table, size_t n, const char *key);

static uint32_t key_hash(const char *key, size_t n)
{
    return (uint32_t)(w5_hash_bytes(key, n, 0) >> 32);
}

/* The slot for key[0..n) with hash h: its entry's, or the free one. */
static dict_slot *index_slot(const w5_events_model *m, const char *key,
                             size_t n, uint32_t h)
{
    size_t i = h & m->index_mask;
    for (;; i = (i + 1) & m->index_mask) {
        dict_slot *s = &m->index[i];
        if (!s->idx)
            return s;
        const char *e = m->dict[s->idx - 1];
        if (s->hash == h && memcmp(e, key, n) == 0 && e[n] == '\t')
            return s;
    }
}

/* Indexes every key the binary search can find, with the entry it
 * finds. */
static int build_index(w5_events_model *m)
{
    size_t slots = 16;
    while (slots < 2 * m->ndict)
        slots *= 2;
    if (!(m->index = calloc(slots, sizeof *m->index)))
        return W5_ERR_NOMEM;
    m->index_mask = slots - 1;
    char key[INDEX_KEY_MAX + 1];
    for (size_t i = 0; i < m->ndict; i++) {
        const char *tab = strchr(m->dict[i], '\t');
        size_t n = tab ? (size_t)(tab - m->dict[i]) : 0;
        if (!tab || n > INDEX_KEY_MAX)
            continue;
        memcpy(key, m->dict[i], n);
        key[n] = '\0';
        uint32_t h = key_hash(key, n);
        dict_slot *s = index_slot(m, key, n, h);
        long at = find_index(m->dict, m->ndict, key);
        if (!s->idx && at >= 0)
            *s = (dict_slot){h, (uint32_t)at + 1};
    }
    return W5_OK;
}

int w5_events_load(const char *path, w5_events_model **out, w5_error *err)
{
    *out = NULL;
    w5_events_model *m = calloc(1, sizeof *m);
    if (!m)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    int rc = w5_mfile_open(path, "events", &m->file, err);
    if (!rc)
        rc = load_table(m->file, "dict", &m->dict, &m->ndict, err);
    if (!rc)
        rc = load_table(m->file, "codes", &m->codes, &m->ncodes, err);
    if (!rc && build_index(m))
        rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
    if (rc) {
        w5_events_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

void w5_events_free(w5_events_model *m)
{
    if (!m)
        return;
    free(m->dict);
    free(m->index);
    free(m->codes);
    w5_mfile_close(m->file);
    free(m);
}

/* strncmp(p, key, n) for a key with no NUL in its n bytes, inline: a
 * look-up compares a dozen entries, most of them differing early. */
static int prefix_cmp(const char *p, const char *key, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (p[k] != key[k])
            return (unsigned char)p[k] < (unsigned char)key[k] ? -1 : 1;
    return 0;
}

/* Binary search on the key part of "key\tvalue" entries: the index of
 * the entry found, or -1. */
static long find_index(const char **table, size_t n, const char *key)
{
    size_t lo = 0, hi = n, klen = strlen(key);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = prefix_cmp(table[mid], key, klen);
        if (c == 0 && table[mid][klen] != '\t')
            c = table[mid][klen] < '\t' ? -1 : 1;
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static const char *find(const char **table, size_t n, const char *key)
{
    long at = find_index(table, n, key);
    return at < 0 ? NULL : table[at] + strlen(key) + 1;
}

const char *w5_events_lookup(const w5_events_model *m, const char *key)
{
    size_t n = strlen(key);
    if (!m->index || n > INDEX_KEY_MAX || memchr(key, '\t', n))
        return find(m->dict, m->ndict, key);
    const dict_slot *s = index_slot(m, key, n, key_hash(key, n));
    return s->idx ? m->dict[s->idx - 1] + n + 1 : NULL;
}

const char *w5_events_describe(const w5_events_model *m, const char *code)
{
    return find(m->codes, m->ncodes, code);
}
