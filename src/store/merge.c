/*
 * merge.c - name normalisation and the rules that decide whether a
 * document's entity is a corpus entity already seen (see store.h). Pure
 * functions over candidates the caller fetched, so the rules are tested
 * without a database.
 */
#include <string.h>

#include "store/store.h"

static int is_name_char(unsigned char c)
{
    return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '\'';
}

size_t w5_store_norm_name(const char *name, char *buf, size_t cap)
{
    size_t n = 0;
    int pending_space = 0;
    if (cap == 0)
        return 0;
    for (const unsigned char *p = (const unsigned char *)name; p && *p; p++) {
        unsigned char c = *p;
        if (!is_name_char(c)) {
            pending_space = n > 0;
            continue;
        }
        if (pending_space && n + 1 < cap)
            buf[n++] = ' ';
        pending_space = 0;
        if (n + 1 < cap)
            buf[n++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    /* "Karzai's" names the same person as "Karzai". */
    if (n >= 2 && buf[n - 1] == 's' && buf[n - 2] == '\'')
        n -= 2;
    while (n > 0 && (buf[n - 1] == '\'' || buf[n - 1] == '-'))
        n--;
    buf[n] = '\0';
    return n;
}

/* Words that follow a surname without being one. */
static int is_suffix(const char *w, size_t n)
{
    static const char *const suffixes[] = {"jr", "sr", "ii", "iii", "iv"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++)
        if (strlen(suffixes[i]) == n && memcmp(suffixes[i], w, n) == 0)
            return 1;
    return 0;
}

const char *w5_store_surname(const char *norm, size_t *len)
{
    size_t n = strlen(norm);
    size_t end = n;
    for (;;) {
        size_t start = end;
        while (start > 0 && norm[start - 1] != ' ')
            start--;
        /* Keep the first word even if it looks like a suffix. */
        if (start > 0 && is_suffix(norm + start, end - start)) {
            end = start - 1;
            continue;
        }
        *len = end - start;
        return norm + start;
    }
}

size_t w5_store_word_count(const char *norm)
{
    size_t words = 0;
    int in_word = 0;
    for (const char *p = norm; *p; p++) {
        if (*p == ' ')
            in_word = 0;
        else if (!in_word) {
            in_word = 1;
            words++;
        }
    }
    return words;
}

/* The first word of a name and the part before its surname (suffixes
 * skipped): *first_len, and *middle set when words lie between. */
static void name_parts(const char *norm, size_t *first_len, int *middle,
                       const char **surname, size_t *surname_len)
{
    const char *space = strchr(norm, ' ');
    *first_len = space ? (size_t)(space - norm) : strlen(norm);
    *surname = w5_store_surname(norm, surname_len);
    /* Words between: the surname starts after more than first + ' '. */
    *middle = (size_t)(*surname - norm) > *first_len + 1;
}

int w5_store_short_match(const char *a, const char *b)
{
    size_t fa, fb, sa, sb;
    int ma, mb;
    const char *surname_a, *surname_b;
    if (w5_store_word_count(a) < 2 || w5_store_word_count(b) < 2)
        return 0;
    name_parts(a, &fa, &ma, &surname_a, &sa);
    name_parts(b, &fb, &mb, &surname_b, &sb);
    return fa == fb && memcmp(a, b, fa) == 0 && sa == sb &&
           memcmp(surname_a, surname_b, sa) == 0 && !(ma && mb);
}

/* The first candidate satisfying the filter, or n. Candidates come
 * ordered most-documents first, so ties go to the better-known entity. */
static size_t find_first(const w5_merge_candidate *cands, size_t n,
                         int want_full, int want_same_norm)
{
    for (size_t i = 0; i < n; i++)
        if ((want_full < 0 || cands[i].full == want_full) &&
            (want_same_norm < 0 || cands[i].same_norm == want_same_norm))
            return i;
    return n;
}

static size_t count_full_other(const w5_merge_candidate *cands, size_t n,
                               int only_agreeing, size_t *last)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (cands[i].full && !cands[i].same_norm &&
            (!only_agreeing || cands[i].roles_agree)) {
            count++;
            *last = i;
        }
    return count;
}

w5_merge_action w5_store_merge_decide(int doc_full, int is_person,
                                      const w5_merge_candidate *cands,
                                      size_t n, size_t *index)
{
    size_t i, last = 0;
    *index = 0;
    if (doc_full) {
        /* Rule 1: the same full name, or the one compatible variant. */
        if ((i = find_first(cands, n, 1, 1)) < n) {
            *index = i;
            return W5_MERGE_JOIN;
        }
        size_t variants = 0;
        for (size_t k = 0; k < n; k++)
            if (cands[k].full && cands[k].short_match) {
                variants++;
                i = k;
            }
        if (variants == 1) {
            *index = i;
            return W5_MERGE_JOIN;
        }
        /* Rule 2: a bare surname seen before, when no other full name in
         * the corpus could claim it. */
        if (is_person && (i = find_first(cands, n, 0, -1)) < n &&
            count_full_other(cands, n, 0, &last) == 0) {
            *index = i;
            return W5_MERGE_UPGRADE;
        }
        return W5_MERGE_NEW;
    }
    if (is_person) {
        /* Rule 3: a bare surname joins the one full name that has it, or
         * the one whose roles agree with this document's. */
        size_t fulls = count_full_other(cands, n, 0, &last);
        if (fulls == 1) {
            *index = last;
            return W5_MERGE_JOIN;
        }
        if (fulls > 1 && count_full_other(cands, n, 1, &last) == 1) {
            *index = last;
            return W5_MERGE_JOIN;
        }
    }
    /* Rule 4: the same name and type, or a new entity. */
    if ((i = find_first(cands, n, -1, 1)) < n) {
        *index = i;
        return W5_MERGE_JOIN;
    }
    return W5_MERGE_NEW;
}
