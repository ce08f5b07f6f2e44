/* merge.c - see merge.h. */
#include <stdlib.h>

#include "ner/merge.h"
#include "roles/titles.h"

static int is_value(uint8_t type) { return type >= W5_E_DATE && type <= W5_E_ORDINAL; }

static int overlaps(const w5_ment *a, const w5_ment *b)
{
    return a->start < b->end && b->start < a->end;
}

static int covers(const w5_ment *outer, const w5_ment *inner)
{
    return outer->start <= inner->start && inner->end <= outer->end;
}

static int by_position(const void *pa, const void *pb)
{
    const w5_ment *a = pa, *b = pb;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end > b->end ? -1 : 1; /* longer first */
    return 0;
}

/* Decides between name n and rule mention r that overlap; clears the
 * `keep` flag of the loser. */
static void settle(w5_ment *n, w5_ment *r, unsigned char *keep_name,
                   unsigned char *keep_rule)
{
    if (n->start == r->start && n->end == r->end) {
        if (r->type == W5_E_NORP && n->type == W5_E_MISC)
            n->type = W5_E_NORP;
        if (r->type == W5_E_NORP && n->type == W5_E_NORP && r->plural)
            n->plural = 1;
        *keep_rule = 0;
        return;
    }
    if (is_value(r->type) && covers(r, n) && n->type == W5_E_MISC) {
        *keep_name = 0;
        return;
    }
    *keep_rule = 0;
}

/* 1 when name mention m is a bare title the model took for a name
 * ("Microsoft's CEO" tagged ORG): an office, not who holds it. Roles and
 * coreference read titles from the text. */
static int bare_title(const w5_doc *doc, const w5_ment *m)
{
    const w5_title *t;
    /* a person may bear a title as a name ("King said", for Stephen King) */
    if (m->tok_end != m->tok_begin + 1 || is_value(m->type) || m->type == W5_E_NORP ||
        m->type == W5_E_PERSON)
        return 0;
    return w5_title_match(doc, m->tok_begin, m->tok_end, 0, &t) == 1 &&
           !(t->flags & W5_TITLE_HONORIFIC);
}

/* Drops the bare titles among the first `names` mentions; returns how
 * many names are left (the rule mentions after them move down). */
static size_t drop_bare_titles(w5_doc *doc, size_t names)
{
    size_t kept = 0;
    for (size_t i = 0; i < doc->ments.n; i++)
        if (i >= names || !bare_title(doc, &doc->ments.v[i]))
            doc->ments.v[kept++] = doc->ments.v[i];
    size_t dropped = doc->ments.n - kept;
    doc->ments.n = kept;
    return names - dropped;
}

void w5_mentions_merge(w5_doc *doc, size_t names)
{
    if (names > doc->ments.n)
        names = doc->ments.n;
    names = drop_bare_titles(doc, names);
    size_t n = doc->ments.n;
    if (names >= n) {
        if (n > 1)
            qsort(doc->ments.v, n, sizeof *doc->ments.v, by_position);
        return;
    }
    unsigned char *keep = malloc(n);
    if (!keep)
        return; /* keep both layers unmerged rather than lose mentions */
    for (size_t i = 0; i < n; i++)
        keep[i] = 1;
    /* Both halves are in text order: a linear sweep finds the overlaps. */
    size_t first_rule = names;
    for (size_t i = 0; i < names; i++) {
        w5_ment *name = &doc->ments.v[i];
        while (first_rule < n && doc->ments.v[first_rule].end <= name->start)
            first_rule++;
        for (size_t j = first_rule; j < n && doc->ments.v[j].start < name->end; j++)
            if (keep[j] && keep[i] && overlaps(name, &doc->ments.v[j]))
                settle(name, &doc->ments.v[j], &keep[i], &keep[j]);
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (keep[i])
            doc->ments.v[kept++] = doc->ments.v[i];
    doc->ments.n = kept;
    free(keep);
    if (kept > 1)
        qsort(doc->ments.v, kept, sizeof *doc->ments.v, by_position);
}
