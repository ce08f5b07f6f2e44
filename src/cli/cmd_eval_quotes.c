/*
 * cmd_eval_quotes.c - `w5 eval quotes`: runs the whole pipeline over the
 * articles of a PolNeAR split and scores the quotes against the
 * attribution relations (see src/eval/quotes.h for the measures).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "doc/doc.h"
#include "eval/quotes.h"
#include "input/brat.h"
#include "quotes/quotes.h"

static const char eval_quotes_help[] =
    "usage: w5 eval quotes --gold DIR [--model-dir DIR] [--limit N] [--show]\n"
    "\n"
    "Analyses every article of DIR/text/ (PolNeAR layout) with the default\n"
    "pipeline and scores its quotes against DIR/attributions/*.ann (one\n"
    "annotator per article: the first file by name). Prints content F1\n"
    "(exact, overlapping, token-level), cue F1 and speaker accuracy, for\n"
    "direct quotes and for all relations.\n"
    "\n"
    "options:\n"
    "  --gold DIR       a PolNeAR split (text/ and attributions/ inside)\n"
    "  --model-dir DIR  the models (default: as for w5 analyze)\n"
    "  --limit N        only the first N articles\n"
    "  --show           print each article's gold and predicted relations\n"
    "  -h, --help       show this help\n";

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .ann names of dir, sorted; one per article (the first by name). */
static char **list_annotations(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t cap = 0;
    *n = 0;
    if (!d)
        return NULL;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".ann") != 0)
            continue;
        if (*n + 1 > cap) {
            cap = cap ? 2 * cap : 256;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown)
                break;
            names = grown;
        }
        if (!(names[*n] = w5_strndup(e->d_name, len)))
            break;
        (*n)++;
    }
    closedir(d);
    if (names)
        qsort(names, *n, sizeof *names, name_cmp);
    size_t k = 0;        /* keep the first annotator of each article */
    for (size_t i = 0; i < *n; i++) {
        const char *us = strrchr(names[i], '_');
        size_t stem = us ? (size_t)(us - names[i]) : strlen(names[i]) - 4;
        if (k) {
            const char *prev = names[k - 1], *pus = strrchr(prev, '_');
            size_t pstem = pus ? (size_t)(pus - prev) : strlen(prev) - 4;
            if (pstem == stem && strncmp(prev, names[i], stem) == 0) {
                free(names[i]);
                continue;
            }
        }
        names[k++] = names[i];
    }
    *n = k;
    return names;
}

static void show_span(const w5_doc *doc, const char *label, uint32_t s,
                      uint32_t e)
{
    printf(" %s=[", label);
    for (uint32_t i = s; i < e && i < doc->len; i++)
        putchar(doc->text[i] == '\n' ? ' ' : doc->text[i]);
    printf("]");
}

static void show_doc(const w5_doc *doc, const w5_brat *gold,
                     const uint32_t *spk, const char *name)
{
    static const char *const kinds[] = {"DIRECT", "PARTIAL", "INDIRECT"};
    printf("== %s\n", name);
    for (size_t j = 0; j < gold->rels.n; j++) {
        const w5_brat_rel *r = &gold->rels.v[j];
        int hit = 0;
        for (size_t i = 0; i < doc->quotes.n && !hit; i++)
            hit = doc->quotes.v[i].start < r->content.end &&
                  doc->quotes.v[i].end > r->content.start;
        printf("gold%s%s", hit ? "" : " MISS",
               w5_eval_quotes_gold_direct(doc, &r->content) ? " D" : "");
        show_span(doc, "content", r->content.start, r->content.end);
        show_span(doc, "cue", r->cue.start, r->cue.end);
        show_span(doc, "source", r->source.start, r->source.end);
        printf("\n");
    }
    for (size_t i = 0; i < doc->quotes.n; i++) {
        const w5_quo *q = &doc->quotes.v[i];
        int hit = 0, direct = 0;
        const w5_brat_rel *first = NULL;     /* the first gold it overlaps */
        for (size_t j = 0; j < gold->rels.n && !hit; j++) {
            hit = q->start < gold->rels.v[j].content.end &&
                  q->end > gold->rels.v[j].content.start;
            direct = hit && w5_eval_quotes_gold_direct(doc, &gold->rels.v[j].content);
            if (hit)
                first = &gold->rels.v[j];
        }
        printf("pred%s %s", hit ? direct ? " GD" : " GI" : " MISS",
               kinds[q->kind % 3]);
        show_span(doc, "content", q->start, q->end);
        show_span(doc, "cue", q->cue_start, q->cue_end);
        show_span(doc, "speaker", spk ? spk[2 * i] : 0, spk ? spk[2 * i + 1] : 0);
        if (q->speaker_ment >= 0 && (size_t)q->speaker_ment < doc->ments.n)
            show_span(doc, "ment", doc->ments.v[q->speaker_ment].start,
                      doc->ments.v[q->speaker_ment].end);
        printf(" ment=%d ent=%d", q->speaker_ment, q->speaker_ent);
        if (first)
            show_span(doc, "gold_source", first->source.start, first->source.end);
        printf("\n");
    }
}

/* Analyses and scores one article; CLI_OK or CLI_FAILED. */
static int eval_article(const w5_pipeline *pipe, const char *dir,
                        const char *ann_name, int show, w5_eval_quotes *ev)
{
    char path[4096];
    char *text = NULL, *ann = NULL;
    size_t text_len = 0, ann_len = 0;
    w5_error err;
    w5_doc *doc = NULL;
    w5_brat gold;
    uint32_t *spk = NULL;
    int rc = CLI_FAILED;
    const char *us = strrchr(ann_name, '_');
    int stem = (int)(us ? (size_t)(us - ann_name) : strlen(ann_name) - 4);
    memset(&gold, 0, sizeof gold);
    snprintf(path, sizeof path, "%s/text/%.*s.txt", dir, stem, ann_name);
    if (w5_read_file(path, &text, &text_len, &err))
        goto done;
    snprintf(path, sizeof path, "%s/attributions/%s", dir, ann_name);
    if (w5_read_file(path, &ann, &ann_len, &err) ||
        w5_brat_parse(ann, ann_len, text, text_len, &gold, &err) ||
        w5_doc_new(text, text_len, &doc, &err) ||
        w5_analyze(pipe, doc, W5_STAGE_QUOTES, &err) ||
        w5_quotes_detect(doc, &spk, &err) ||
        w5_eval_quotes_doc(ev, doc, spk, &gold, &err))
        goto done;
    if (show)
        show_doc(doc, &gold, spk, ann_name);
    rc = CLI_OK;
done:
    if (rc)
        fprintf(stderr, "w5 eval quotes: %s: %s\n", path, err.message);
    free(spk);
    w5_doc_free(doc);
    w5_brat_free(&gold);
    free(text);
    free(ann);
    return rc;
}

int cmd_eval_quotes(int argc, char **argv)
{
    const char *gold_dir = NULL, *model_dir = NULL, *limit_s = NULL, *v;
    int show = 0;
    for (int i = 1; i < argc; i++) {
        int r;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(eval_quotes_help, stdout);
            return CLI_OK;
        }
        if (strcmp(argv[i], "--show") == 0) {
            show = 1;
            continue;
        }
        if ((r = cli_option(argc, argv, &i, "--gold", &v)) != 0) {
            if (r < 0)
                return CLI_USAGE;
            gold_dir = v;
        } else if ((r = cli_option(argc, argv, &i, "--model-dir", &v)) != 0) {
            if (r < 0)
                return CLI_USAGE;
            model_dir = v;
        } else if ((r = cli_option(argc, argv, &i, "--limit", &v)) != 0) {
            if (r < 0)
                return CLI_USAGE;
            limit_s = v;
        } else {
            return cli_usage_error("eval quotes", "unknown argument '%s'",
                                   argv[i]);
        }
    }
    if (!gold_dir)
        return cli_usage_error("eval quotes", "--gold DIR is required");
    long limit = limit_s ? strtol(limit_s, NULL, 10) : -1;
    char path[4096];
    snprintf(path, sizeof path, "%s/attributions", gold_dir);
    size_t n = 0;
    char **names = list_annotations(path, &n);
    if (!names || !n) {
        fprintf(stderr, "w5 eval quotes: no .ann files in %s\n", path);
        free(names);
        return CLI_FAILED;
    }
    w5_pipeline *pipe = cli_open_pipeline(model_dir, W5_STAGE_ALL);
    int rc = pipe ? CLI_OK : CLI_FAILED;
    w5_eval_quotes ev;
    w5_eval_quotes_init(&ev);
    for (size_t i = 0; pipe && i < n && (limit < 0 || (long)i < limit); i++)
        if (eval_article(pipe, gold_dir, names[i], show, &ev))
            rc = CLI_FAILED;
    if (pipe) {
        char *report = w5_eval_quotes_report(&ev);
        if (report)
            fputs(report, stdout);
        free(report);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    w5_pipeline_free(pipe);
    return rc;
}
