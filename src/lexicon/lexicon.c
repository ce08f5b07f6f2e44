/*
 * lexicon.c - loading and looking up the compiled lexicon (see lexicon.h;
 * the compiler is lexicon_build.c).
 *
 * File layout (model file stage "lexicon"):
 *   lex.meta       struct lex_meta below
 *   lex.keys       uint64[cap]: 64-bit hashes of normalised phrases, 0 = empty
 *   lex.vals       uint32[cap]: W5_LEX_* flags (low 16 bits) and a 1-based
 *                  country index (high 16 bits, 0 = none)
 *   lex.countries  2 * ncountries strings: alpha-2 code, English name
 * The table is open addressing with linear probing; the home slot of a
 * hash is its high 32 bits scaled onto [0, cap) (no power-of-two
 * rounding, so the load factor stays near 0.7). It is used in place from
 * the mapped file: loading checks the file and sizes, nothing more.
 */
#include "lexicon/lexicon.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "learn/learn.h"
#include "lexicon/lexicon_int.h"

struct w5_lexicon {
    w5_mfile *mf;
    const uint64_t *keys;
    const uint32_t *vals;
    uint32_t cap, count, max_words, ncountries;
    const char **countries; /* 2 * ncountries: alpha2, name */
};

/* ---- normalising hash ---------------------------------------------------- */

#define FNV_OFFSET 0xCBF29CE484222325ull
#define FNV_PRIME 0x100000001B3ull

void w5_lexkey_init(w5_lexkey *key)
{
    key->state = FNV_OFFSET;
    key->words = 0;
    key->pending = 0;
}

static void feed_byte(w5_lexkey *key, unsigned char c)
{
    if (key->pending) {
        key->state = (key->state ^ ' ') * FNV_PRIME;
        key->pending = 0;
        key->words++;
    } else if (key->words == 0) {
        key->words = 1;
    }
    key->state = (key->state ^ c) * FNV_PRIME;
}

static int is_space_cp(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
           cp == 0xA0 || cp == 0x2009 || cp == 0x202F || cp == '_';
}

static int is_apostrophe_cp(int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x2018;
}

/* Feeds one code point, case-folded. */
static void feed_codepoint(w5_lexkey *key, int32_t cp)
{
    utf8proc_int32_t folded[8];
    int boundclass = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(
        cp, folded, 8, UTF8PROC_CASEFOLD, &boundclass);
    if (n <= 0 || n > 8) {
        folded[0] = cp;
        n = 1;
    }
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        utf8proc_uint8_t buf[4];
        utf8proc_ssize_t len = utf8proc_encode_char(folded[i], buf);
        for (utf8proc_ssize_t b = 0; b < len; b++)
            feed_byte(key, buf[b]);
    }
}

void w5_lexkey_add(w5_lexkey *key, const char *word, size_t n)
{
    const unsigned char *s = (const unsigned char *)word;
    size_t i = 0;
    if (key->words > 0)
        key->pending = 1;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            if (is_space_cp(c)) {
                if (key->words > 0)
                    key->pending = 1;
            } else if (c != '\'') {
                feed_byte(key, (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
            }
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (len <= 0) { /* an invalid byte stands for itself */
            feed_byte(key, c);
            i++;
            continue;
        }
        i += (size_t)len;
        if (is_space_cp(cp)) {
            if (key->words > 0)
                key->pending = 1;
        } else if (!is_apostrophe_cp(cp)) {
            feed_codepoint(key, cp);
        }
    }
}

uint64_t w5_lexkey_hash(const w5_lexkey *key)
{
    uint64_t h = w5_hash_mix(key->state, (uint64_t)key->words);
    return h ? h : 1;
}

uint32_t w5_lex_home_slot(uint64_t hash, uint32_t cap)
{
    return (uint32_t)(((hash >> 32) * (uint64_t)cap) >> 32);
}

/* ---- loading ------------------------------------------------------------- */

int w5_lexicon_load(const char *path, w5_lexicon **out, w5_error *err)
{
    if (!out)
        return w5_fail(err, W5_ERR_INVALID, "w5_lexicon_load: out is NULL");
    *out = NULL;
    w5_lexicon *lex = calloc(1, sizeof *lex);
    if (!lex)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    int rc = w5_mfile_open(path, "lexicon", &lex->mf, err);
    if (rc) {
        free(lex);
        return rc;
    }
    size_t meta_size = 0, keys_size = 0, vals_size = 0;
    const w5_lex_meta *meta = w5_mfile_section(lex->mf, "lex.meta", &meta_size);
    lex->keys = w5_mfile_section(lex->mf, "lex.keys", &keys_size);
    lex->vals = w5_mfile_section(lex->mf, "lex.vals", &vals_size);
    if (!meta || meta_size < sizeof *meta || !lex->keys || !lex->vals ||
        meta->magic != W5_LEX_MAGIC) {
        w5_lexicon_free(lex);
        return w5_fail(err, W5_ERR_FORMAT, "%s: not a w5 lexicon", path);
    }
    lex->cap = meta->cap;
    lex->count = meta->count;
    lex->max_words = meta->max_words;
    lex->ncountries = meta->ncountries;
    if (lex->cap == 0 || keys_size != (size_t)lex->cap * 8 ||
        vals_size != (size_t)lex->cap * 4 || lex->count >= lex->cap ||
        lex->ncountries > 0xFFFF) {
        w5_lexicon_free(lex);
        return w5_fail(err, W5_ERR_FORMAT, "%s: lexicon sizes do not match", path);
    }
    size_t nstr = 2 * (size_t)lex->ncountries;
    lex->countries = calloc(nstr ? nstr : 1, sizeof *lex->countries);
    if (!lex->countries) {
        w5_lexicon_free(lex);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    if (nstr && w5_mfile_strings(lex->mf, "lex.countries", lex->countries,
                                 nstr) != (long)nstr) {
        w5_lexicon_free(lex);
        return w5_fail(err, W5_ERR_FORMAT, "%s: bad country table", path);
    }
    *out = lex;
    return W5_OK;
}

void w5_lexicon_free(w5_lexicon *lex)
{
    if (!lex)
        return;
    free(lex->countries);
    w5_mfile_close(lex->mf);
    free(lex);
}

/* ---- lookups ------------------------------------------------------------- */

/* The value stored for a hash, or 0. */
static uint32_t lookup_hash(const w5_lexicon *lex, uint64_t hash)
{
    if (!lex)
        return 0;
    uint32_t i = w5_lex_home_slot(hash, lex->cap);
    for (uint32_t probes = 0; probes < lex->cap; probes++) {
        uint64_t k = lex->keys[i];
        if (k == hash)
            return lex->vals[i];
        if (k == 0)
            return 0;
        if (++i == lex->cap)
            i = 0;
    }
    return 0;
}

static uint32_t lookup_phrase(const w5_lexicon *lex, const char *phrase, size_t n)
{
    if (!lex || !phrase)
        return 0;
    w5_lexkey key;
    w5_lexkey_init(&key);
    w5_lexkey_add(&key, phrase, n);
    if (key.words == 0)
        return 0;
    return lookup_hash(lex, w5_lexkey_hash(&key));
}

uint32_t w5_lexicon_flags(const w5_lexicon *lex, const char *phrase, size_t n)
{
    return lookup_phrase(lex, phrase, n) & 0xFFFFu;
}

uint32_t w5_lexicon_flags_key(const w5_lexicon *lex, const w5_lexkey *key)
{
    if (!key || key->words == 0)
        return 0;
    return lookup_hash(lex, w5_lexkey_hash(key)) & 0xFFFFu;
}

/* Fills alpha2/name from a stored value; 1 when it has a country. */
static int country_of(const w5_lexicon *lex, uint32_t val, const char **alpha2,
                      const char **name)
{
    uint32_t idx = val >> 16;
    if (alpha2)
        *alpha2 = NULL;
    if (name)
        *name = NULL;
    if (idx == 0 || idx > lex->ncountries)
        return 0;
    if (alpha2)
        *alpha2 = lex->countries[2 * (idx - 1)];
    if (name)
        *name = lex->countries[2 * (idx - 1) + 1];
    return 1;
}

int w5_lexicon_country(const w5_lexicon *lex, const char *phrase, size_t n,
                       const char **alpha2, const char **name)
{
    uint32_t val = lookup_phrase(lex, phrase, n);
    if (!(val & (W5_LEX_COUNTRY | W5_LEX_DEMONYM | W5_LEX_GROUP)))
        val = 0;
    return lex ? country_of(lex, val, alpha2, name) : 0;
}

int w5_lexicon_place_country(const w5_lexicon *lex, const char *phrase,
                             size_t n, const char **alpha2, const char **name)
{
    uint32_t val = lookup_phrase(lex, phrase, n);
    return lex ? country_of(lex, val, alpha2, name) : 0;
}

int w5_lexicon_country_key(const w5_lexicon *lex, const w5_lexkey *key,
                           const char **alpha2, const char **name)
{
    uint32_t val = key && key->words ? lookup_hash(lex, w5_lexkey_hash(key)) : 0;
    return lex ? country_of(lex, val, alpha2, name) : 0;
}

int w5_lexicon_max_words(const w5_lexicon *lex)
{
    return lex ? (int)lex->max_words : 0;
}

size_t w5_lexicon_size(const w5_lexicon *lex)
{
    return lex ? lex->count : 0;
}
