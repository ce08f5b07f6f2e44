/*
 * cmd_parse.c - `w5 parse`: POS tags, lemmas and dependency parse.
 * From text (or JSONL) the documents go through tokenizer, sentence
 * splitter, tagger and parser; with --input conllu the given sentences and
 * words are kept and the predicted columns (LEMMA, UPOS, XPOS, HEAD,
 * DEPREL) are filled in, every other line copied as it is, so the output
 * can be scored by the CoNLL 2018 script against the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "doc/tagset.h"
#include "input/conllu.h"
#include "syntax/morph.h"
#include "syntax/syntax.h"

static const char parse_help[] =
    "usage: w5 parse [OPTIONS] [FILE...]\n"
    "\n"
    "Tags, lemmatizes and parses each document (plain text, or JSON Lines\n"
    "with --jsonl); standard input when no FILE is given.\n"
    "\n"
    "options:\n"
    "  --format FMT      conllu (default) or json\n"
    "  --input conllu    read CoNLL-U: keep its sentences and words (gold\n"
    "                    tokenization), fill in LEMMA, UPOS, XPOS, HEAD, DEPREL\n"
    "  --jsonl           read every input as JSON Lines\n"
    "  --model-dir DIR   folder with tagger.w5m, parser.w5m and morph.w5m\n"
    "                    (FEATS: '_' without it)\n"
    "  --beam K          parse with parser-beam.w5m and a beam of K (8 is\n"
    "                    the width it was trained for): more accurate,\n"
    "                    slower; default: greedy, parser.w5m\n"
    "  --ensemble        parse with the reparsing ensemble (eight parsers:\n"
    "                    parser-beam.w5m, parser-beam16.w5m, parser-r2l.w5m,\n"
    "                    parser.w5m, parser-greedy-l2r.w5m,\n"
    "                    parser-greedy-r2l.w5m and the graph parsers\n"
    "                    parser-graph.w5m, parser-graph2.w5m, combined by\n"
    "                    arc votes):\n"
    "                    the most accurate parses, slower still\n"
    "  --tagger-nn       add the neural tagger (tagger-nn.w5m): more\n"
    "                    accurate tags, slower tagging\n"
    "  -h, --help        show this help\n";

typedef struct parse_ctx {
    w5_pipeline *pipe;
    w5_format format;
    int failed;
} parse_ctx;

static int parse_doc(w5_doc *doc, const char *source, long line, void *arg)
{
    parse_ctx *ctx = arg;
    w5_error err;
    if (w5_analyze(ctx->pipe, doc, W5_STAGE_PARSE, &err)) {
        fprintf(stderr, "w5 parse: %s:%ld: %s\n", source, line, err.message);
        ctx->failed = 1;
        return 0;
    }
    if (!(w5_doc_stages(doc) & W5_STAGE_PARSE)) {
        fprintf(stderr, "w5 parse: no tagger.w5m / parser.w5m in the model folder\n");
        return CLI_FAILED;
    }
    return cli_write_doc(doc, ctx->format) ? -1 : 0;
}

static const char *model_dir_of(const char *given)
{
    if (given)
        return given;
    const char *env = getenv("W5_MODEL_DIR");
    return env && *env ? env : W5_MODEL_DIR;
}

/* Writes one word row with the predicted columns. */
static void write_row(const w5_conllu *c, const w5_conllu_row *row,
                      const char *lemma, int upos, int xpos, const char *feats,
                      long head, int deprel)
{
    printf("%s\t%s\t%s\t%s\t%s\t%s\t%ld\t%s\t_\t%s\n",
           w5_conllu_col(c, row, W5_CONLLU_ID),
           w5_conllu_col(c, row, W5_CONLLU_FORM), lemma,
           w5_upos_names[upos < W5_UPOS_COUNT ? upos : 0],
           w5_xpos_names[xpos < W5_XPOS_COUNT ? xpos : 0], feats, head,
           w5_deprel_names[deprel < W5_DEPREL_COUNT ? deprel : 0],
           w5_conllu_col(c, row, W5_CONLLU_MISC));
}

/* The FEATS class of each word (all "_" without a morph model). */
static int predict_feats(const w5_morph *morph, const w5_span *sp,
                         const uint8_t *tags, const int32_t *heads, size_t n,
                         uint16_t *classes)
{
    memset(classes, 0, (n + 1) * sizeof *classes);
    w5_morph_input in = {sp, tags, tags + n, heads, tags + 2 * n, n};
    return morph ? w5_morph_analyze(morph, &in, classes) : 0;
}

static int parse_conllu_file(const char *path, const w5_tagger *tg,
                             const w5_parser *ps, const w5_morph *morph)
{
    w5_conllu c;
    w5_error err;
    if (w5_conllu_read_file(path, &c, &err)) {
        fprintf(stderr, "w5 parse: %s\n", err.message);
        w5_conllu_free(&c);
        return CLI_FAILED;
    }
    int rc = 0;
    for (size_t si = 0; si < c.sents.n && !rc; si++) {
        const w5_conllu_sent *s = &c.sents.v[si];
        size_t n = w5_conllu_word_count(&c, s);
        w5_span *sp = malloc((n + 1) * sizeof *sp);
        uint8_t *tags = malloc(3 * n + 3);
        int32_t *heads = malloc((n + 1) * sizeof *heads);
        uint16_t *feats = malloc((n + 1) * sizeof *feats);
        if (!sp || !tags || !heads || !feats) {
            rc = CLI_FAILED;
        } else {
            size_t k = 0;
            for (uint32_t r = s->row_begin; r < s->row_end; r++) {
                const w5_conllu_row *row = &c.rows.v[r];
                if (row->kind != W5_CONLLU_WORD)
                    continue;
                sp[k].s = w5_conllu_col(&c, row, W5_CONLLU_FORM);
                sp[k].len = (uint32_t)strlen(sp[k].s);
                k++;
            }
            if (w5_tagger_tag(tg, sp, n, tags, tags + n) ||
                w5_parser_parse(ps, sp, tags + n, tags, n, heads, tags + 2 * n) ||
                predict_feats(morph, sp, tags, heads, n, feats))
                rc = CLI_FAILED;
        }
        for (uint32_t i = s->comment_begin; i < s->comment_end && !rc; i++)
            printf("# %s\n", c.pool.buf + c.comments.v[i]);
        size_t k = 0;
        char lemma[512];
        for (uint32_t r = s->row_begin; r < s->row_end && !rc; r++) {
            const w5_conllu_row *row = &c.rows.v[r];
            if (row->kind != W5_CONLLU_WORD) {
                /* ranges and empty nodes are copied as they are */
                printf("%s", w5_conllu_col(&c, row, 0));
                for (int col = 1; col < W5_CONLLU_NCOLS; col++)
                    printf("\t%s", w5_conllu_col(&c, row, col));
                putchar('\n');
                continue;
            }
            w5_tagger_lemma(tg, sp[k].s, sp[k].len, tags[k], lemma, sizeof lemma);
            write_row(&c, row, lemma, tags[n + k], tags[k],
                      morph ? w5_morph_name(morph, feats[k]) : "_", heads[k] + 1L,
                      tags[2 * n + k]);
            k++;
        }
        putchar('\n');
        free(sp);
        free(tags);
        free(heads);
        free(feats);
    }
    w5_conllu_free(&c);
    return rc;
}

static int parse_conllu(char **files, int nfiles, const char *model_dir,
                        int beam, int ensemble, int tagger_nn)
{
    char tpath[4096], ppath[4096], npath[4096];
    const char *dir = model_dir_of(model_dir);
    snprintf(tpath, sizeof tpath, "%s/tagger.w5m", dir);
    snprintf(ppath, sizeof ppath, "%s/%s", dir,
             beam > 0 ? "parser-beam.w5m" : "parser.w5m");
    w5_tagger *tg = NULL;
    w5_parser *ps = NULL;
    w5_error err;
    snprintf(npath, sizeof npath, "%s/tagger-nn.w5m", dir);
    if (w5_tagger_load(tpath, &tg, &err) ||
        (tagger_nn && w5_tagger_attach_nn(tg, npath, &err)) ||
        (ensemble ? w5_parser_load_ensemble(dir, beam, &ps, &err)
                  : w5_parser_load(ppath, &ps, &err))) {
        fprintf(stderr, "w5 parse: %s\n", err.message);
        w5_tagger_free(tg);
        return CLI_FAILED;
    }
    w5_parser_set_beam(ps, beam);
    /* FEATS when the folder has the model, as in the pipeline */
    w5_morph *morph = NULL;
    snprintf(tpath, sizeof tpath, "%s/morph.w5m", dir);
    if (access(tpath, R_OK) == 0 && w5_morph_load(tpath, &morph, &err)) {
        fprintf(stderr, "w5 parse: %s\n", err.message);
        w5_tagger_free(tg);
        w5_parser_free(ps);
        return CLI_FAILED;
    }
    char *std_in[] = {"/dev/stdin"};
    if (nfiles == 0) {
        files = std_in;
        nfiles = 1;
    }
    int rc = 0;
    for (int i = 0; i < nfiles; i++) {
        const char *f = strcmp(files[i], "-") == 0 ? "/dev/stdin" : files[i];
        rc |= parse_conllu_file(f, tg, ps, morph);
    }
    w5_morph_free(morph);
    w5_tagger_free(tg);
    w5_parser_free(ps);
    return rc ? CLI_FAILED : CLI_OK;
}

int cmd_parse(int argc, char **argv)
{
    parse_ctx ctx = {.format = W5_FORMAT_CONLLU};
    int jsonl = 0, nfiles = 0, conllu = 0, beam = 0, ensemble = 0, tagger_nn = 0;
    const char *model_dir = NULL, *value;
    char **files = argv + 1;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int rc;
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(parse_help, stdout);
            return CLI_OK;
        } else if (strcmp(arg, "--jsonl") == 0) {
            jsonl = 1;
        } else if (strcmp(arg, "--tagger-nn") == 0) {
            tagger_nn = 1;
        } else if ((rc = cli_option(argc, argv, &i, "--format", &value))) {
            if (rc < 0)
                return CLI_USAGE;
            if (cli_parse_format(value, &ctx.format) ||
                (ctx.format != W5_FORMAT_CONLLU && ctx.format != W5_FORMAT_JSON))
                return cli_usage_error(argv[0], "--format is conllu or json");
        } else if ((rc = cli_option(argc, argv, &i, "--input", &value))) {
            if (rc < 0)
                return CLI_USAGE;
            if (strcmp(value, "conllu") == 0)
                conllu = 1;
            else if (strcmp(value, "jsonl") == 0)
                jsonl = 1;
            else if (strcmp(value, "text") != 0)
                return cli_usage_error(argv[0], "--input is text, jsonl or conllu");
        } else if ((rc = cli_option(argc, argv, &i, "--model-dir", &model_dir))) {
            if (rc < 0)
                return CLI_USAGE;
        } else if ((rc = cli_option(argc, argv, &i, "--beam", &value))) {
            if (rc < 0 || cli_beam_value(argv[0], value, &beam))
                return CLI_USAGE;
        } else if (strcmp(arg, "--ensemble") == 0) {
            ensemble = 1;
        } else if (strcmp(arg, "--") == 0) {
            while (++i < argc)
                files[nfiles++] = argv[i];
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return cli_usage_error(argv[0], "unknown option '%s'", arg);
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (conllu) {
        if (ctx.format != W5_FORMAT_CONLLU)
            return cli_usage_error(argv[0], "--input conllu writes CoNLL-U only");
        int rc = parse_conllu(files, nfiles, model_dir, beam, ensemble, tagger_nn);
        return fflush(stdout) ? CLI_FAILED : rc;
    }
    if (!(ctx.pipe = cli_open_pipeline_with(model_dir, W5_STAGE_PARSE, beam, ensemble, tagger_nn)))
        return CLI_FAILED;
    int rc = cli_for_each_doc(files, nfiles, jsonl, parse_doc, &ctx);
    w5_pipeline_free(ctx.pipe);
    if (fflush(stdout) != 0)
        return CLI_FAILED;
    return rc || ctx.failed ? CLI_FAILED : CLI_OK;
}
