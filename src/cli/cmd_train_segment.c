/*
 * cmd_train_segment.c - `w5 train segment`: trains the learned sentence
 * boundary model (see src/text/text.h) on UD CoNLL-U files and writes
 * models/segment.w5m. The threshold is chosen by 3-fold cross-validation
 * over the documents; the final model is then trained on everything with
 * that threshold.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "eval/eval.h"
#include "text/text.h"

static const char train_segment_help[] =
    "usage: w5 train segment --train FILE.conllu [--train FILE ...]\n"
    "                        [--out FILE] [--epochs N]\n"
    "\n"
    "Trains the sentence-boundary model that adds boundaries the rules miss\n"
    "(lines without a final mark: headers, signatures, titles). The raw\n"
    "text is rebuilt from each file as `w5 eval segment` does. The margin a\n"
    "gap needs is chosen by 3-fold cross-validation over the documents;\n"
    "the model is then trained on all of them.\n"
    "\n"
    "options:\n"
    "  --train FILE   a UD CoNLL-U training file (repeat for several)\n"
    "  --out FILE     where to write the model (default models/segment.w5m)\n"
    "  --epochs N     perceptron passes (default 6)\n"
    "  -h, --help     show this help\n";

#define MAX_FILES 8

typedef struct part {
    char *text;
    size_t len;
    uint32_t *starts;
    size_t nstarts;
} part;

/* Appends the text of sentences [from, to) to p (documents joined by a
 * blank line). */
static int append_docs(part *p, const w5_conllu *c, size_t from, size_t to,
                       w5_error *err)
{
    char *text;
    size_t len, n;
    uint32_t *starts;
    int rc = w5_eval_segment_gold(c, from, to, &text, &len, &starts, &n, err);
    if (rc)
        return rc;
    size_t sep = p->len ? 2 : 0;
    char *t = realloc(p->text, p->len + sep + len + 1);
    uint32_t *s = t ? realloc(p->starts, (p->nstarts + n + 1) * sizeof *s)
                    : NULL;
    if (t)
        p->text = t;
    if (s)
        p->starts = s;
    if (!t || !s) {
        free(text);
        free(starts);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    memcpy(p->text + p->len, "\n\n", sep);
    memcpy(p->text + p->len + sep, text, len + 1);
    for (size_t i = 0; i < n; i++)
        p->starts[p->nstarts + i] = (uint32_t)(starts[i] + p->len + sep);
    p->len += sep + len;
    p->nstarts += n;
    free(text);
    free(starts);
    return 0;
}

#define FOLDS 3

/* Splits the documents of c into FOLDS folds (document i goes to fold
 * i % FOLDS: train[k] gets every document outside fold k, held[k] the
 * ones in it) and puts all of them in `all`. */
static int split_docs(const w5_conllu *c, part *train, part *held, part *all,
                      w5_error *err)
{
    size_t doc = 0, from = 0;
    int rc = 0;
    for (size_t i = 1; i <= c->sents.n && !rc; i++) {
        if (i < c->sents.n && !c->sents.v[i].newdoc)
            continue;
        for (int k = 0; k < FOLDS && !rc; k++)
            rc = append_docs((int)(doc % FOLDS) == k ? &held[k] : &train[k], c,
                             from, i, err);
        doc++;
        from = i;
    }
    if (!rc)
        rc = append_docs(all, c, 0, c->sents.n, err);
    return rc;
}

/* Boundary F1 (sentence starts after the first) of a split text. */
static double boundary_f1(const part *p, const w5_boundary_model *m)
{
    w5_doc *doc;
    w5_error err;
    if (w5_doc_new(p->text, p->len, &doc, &err) ||
        w5_text_tokenize(doc, &err) ||
        w5_text_split_sentences_model(doc, m, &err))
        return 0;
    size_t gold = p->nstarts ? p->nstarts - 1 : 0;
    size_t sys = doc->sents.n ? doc->sents.n - 1 : 0, correct = 0, g = 1;
    for (size_t s = 1; s < doc->sents.n; s++) {
        uint32_t at = doc->sents.v[s].start;
        while (g < p->nstarts && p->starts[g] < at)
            g++;
        correct += g < p->nstarts && p->starts[g] == at;
    }
    w5_doc_free(doc);
    return gold + sys ? 200.0 * (double)correct / (double)(gold + sys) : 0;
}

static void to_corpus(const part *p, w5_boundary_corpus *c)
{
    c->text = p->text;
    c->len = p->len;
    c->starts = p->starts;
    c->nstarts = p->nstarts;
}

int cmd_train_segment(int argc, char **argv)
{
    const char *files[MAX_FILES], *out = "models/segment.w5m", *epochs_s = NULL;
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        int r;
        const char *v = NULL;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(train_segment_help, stdout);
            return CLI_OK;
        }
        if ((r = cli_option(argc, argv, &i, "--train", &v))) {
            if (r < 0)
                return CLI_USAGE;
            if (nfiles == MAX_FILES)
                return cli_usage_error(argv[0], "at most %d --train files",
                                       MAX_FILES);
            files[nfiles++] = v;
            continue;
        }
        if ((r = cli_option(argc, argv, &i, "--out", &out)) ||
            (r = cli_option(argc, argv, &i, "--epochs", &epochs_s))) {
            if (r < 0)
                return CLI_USAGE;
            continue;
        }
        return cli_usage_error(argv[0], "unknown argument '%s'", argv[i]);
    }
    if (!nfiles)
        return cli_usage_error(argv[0], "--train FILE is required");
    int epochs = epochs_s ? atoi(epochs_s) : 6;
    if (epochs < 1 || epochs > 100)
        return cli_usage_error(argv[0], "--epochs must be 1..100");

    static const float grid[] = {-1, 0, 1, 2, 3, 4, 6, 8, 10, 12, 16, 20};
    enum { NGRID = sizeof grid / sizeof grid[0] };
    part train[MAX_FILES][FOLDS], held[MAX_FILES][FOLDS], all[MAX_FILES];
    w5_boundary_corpus corp[MAX_FILES];
    double f1[NGRID][MAX_FILES], rules[MAX_FILES];
    memset(train, 0, sizeof train);
    memset(held, 0, sizeof held);
    memset(all, 0, sizeof all);
    memset(f1, 0, sizeof f1);
    memset(rules, 0, sizeof rules);
    w5_error err;
    int rc = CLI_OK;
    for (int f = 0; f < nfiles && rc == CLI_OK; f++) {
        w5_conllu c;
        if (w5_conllu_read_file(files[f], &c, &err)) {
            fprintf(stderr, "w5 train segment: %s: %s\n", files[f], err.message);
            rc = CLI_FAILED;
        } else if (split_docs(&c, train[f], held[f], &all[f], &err)) {
            fprintf(stderr, "w5 train segment: %s\n", err.message);
            rc = CLI_FAILED;
        }
        w5_conllu_free(&c);
    }
    /* cross-validation: the threshold with the best mean held-out F1 */
    w5_boundary_model *m = NULL;
    for (int k = 0; k < FOLDS && rc == CLI_OK; k++) {
        for (int f = 0; f < nfiles; f++)
            to_corpus(&train[f][k], &corp[f]);
        if (w5_boundary_train(corp, (size_t)nfiles, epochs, &m, &err)) {
            fprintf(stderr, "w5 train segment: %s\n", err.message);
            rc = CLI_FAILED;
            break;
        }
        for (int f = 0; f < nfiles; f++)
            rules[f] += boundary_f1(&held[f][k], NULL) / FOLDS;
        for (int g = 0; g < NGRID; g++) {
            w5_boundary_model_set_threshold(m, grid[g]);
            for (int f = 0; f < nfiles; f++)
                f1[g][f] += boundary_f1(&held[f][k], m) / FOLDS;
        }
        w5_boundary_model_free(m);
        m = NULL;
    }
    float best_t = 0;
    if (rc == CLI_OK) {
        double best = -1;
        printf("%d-fold cross-validated boundary F1 per file\n", FOLDS);
        printf("%9s", "rules");
        for (int f = 0; f < nfiles; f++)
            printf(" %7.2f", rules[f]);
        printf("\n");
        for (int g = 0; g < NGRID; g++) {
            double sum = 0;
            printf("%9.2f", grid[g]);
            for (int f = 0; f < nfiles; f++) {
                printf(" %7.2f", f1[g][f]);
                sum += f1[g][f];
            }
            printf("\n");
            if (sum > best) {
                best = sum;
                best_t = grid[g];
            }
        }
        printf("chosen threshold %.2f\n", best_t);
        for (int f = 0; f < nfiles; f++)
            to_corpus(&all[f], &corp[f]);
        if (w5_boundary_train(corp, (size_t)nfiles, epochs, &m, &err)) {
            fprintf(stderr, "w5 train segment: %s\n", err.message);
            rc = CLI_FAILED;
        }
    }
    if (rc == CLI_OK) {
        w5_boundary_model_set_threshold(m, best_t);
        if (w5_boundary_model_save(m, out, &err)) {
            fprintf(stderr, "w5 train segment: %s\n", err.message);
            rc = CLI_FAILED;
        } else {
            printf("wrote %s\n", out);
        }
    }
    w5_boundary_model_free(m);
    for (int f = 0; f < nfiles; f++) {
        for (int k = 0; k < FOLDS; k++) {
            free(train[f][k].text);
            free(train[f][k].starts);
            free(held[f][k].text);
            free(held[f][k].starts);
        }
        free(all[f].text);
        free(all[f].starts);
    }
    return rc;
}
