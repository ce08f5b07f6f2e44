/*
 * cmd_analyze.c - `w5 analyze`: the whole pipeline on each document, then
 * a readable summary (on a terminal) or one JSON object per document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const char analyze_help[] =
    "usage: w5 analyze [OPTIONS] [FILE...|-]\n"
    "\n"
    "Runs every stage (tokens, sentences, tags, parse, entities, coreference,\n"
    "roles, quotes, times, events) on each document and writes what it found.\n"
    "A FILE is one plain-text document; a .jsonl FILE (or any FILE with\n"
    "--jsonl) holds one JSON object per line with \"text\" and optional \"id\",\n"
    "\"title\", \"date\", \"url\"; an .html FILE is a web page (its article).\n"
    "Files may be gzip or zstd compressed. Reads standard input when no FILE\n"
    "is given.\n"
    "\n"
    "options:\n"
    "  --date YYYY-MM-DD  the publication date of documents that have none,\n"
    "                     used to resolve \"Wednesday\", \"next year\"\n"
    "  --format FMT       text: a readable summary (default on a terminal);\n"
    "                     json, jsonl: one JSON object per line per document\n"
    "                     (default otherwise; schema docs/w5-doc.schema.json);\n"
    "                     conllu, tokens\n"
    "  --model-dir DIR    read the models from DIR (default: $W5_MODEL_DIR,\n"
    "                     else the models installed with w5)\n"
    "  --beam K           parse with parser-beam.w5m and a beam of K (8 is\n"
    "                     the width it was trained for): more accurate\n"
    "                     parses, a slower pipeline; default: greedy\n"
    "  --ensemble         parse with the reparsing ensemble (eight parsers:\n"
    "                     parser-beam.w5m, parser-beam16.w5m, parser-r2l.w5m,\n"
    "                     parser.w5m, parser-greedy-l2r.w5m,\n"
    "                     parser-greedy-r2l.w5m and the graph parsers\n"
    "                     parser-graph.w5m, parser-graph2.w5m, combined by\n"
    "                     arc votes):\n"
    "                     the most accurate parses, slower still\n"
    "  --tagger-nn        add the neural tagger (tagger-nn.w5m): more\n"
    "                     accurate tags, a slower pipeline\n"
    "  --no-text          leave the document text out of the JSON (offsets\n"
    "                     still point into the input)\n"
    "  --jsonl            read every input as JSON Lines\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 ok, 1 an input could not be read or analysed (the others\n"
    "are still processed), 2 wrong usage.\n";

typedef struct analyze_ctx {
    const w5_pipeline *pipe;
    unsigned stages;     /* what to ask w5_analyze for */
    const char *date;    /* --date, or NULL */
    w5_format format;
    int no_text;         /* --no-text */
    long docs;
    int failed;
} analyze_ctx;

static void report(const char *source, long line, const char *message)
{
    if (line > 0)
        fprintf(stderr, "w5: %s:%ld: %s\n", source, line, message);
    else
        fprintf(stderr, "w5: %s: %s\n", source, message);
}

/* Sets --date on a document without one, and warns about a JSONL date
 * that cannot anchor relative dates. */
static void apply_date(analyze_ctx *ctx, w5_doc *doc, const char *source,
                       long line)
{
    w5_error err;
    const char *date = w5_doc_meta(doc, W5_META_DATE);
    if (!date) {
        if (ctx->date)
            w5_doc_set_meta(doc, W5_META_DATE, ctx->date, NULL);
        return;
    }
    /* Set again to learn whether it is a usable anchor; a copy, because
     * setting frees the old value. */
    size_t n = strlen(date);
    char *copy = malloc(n + 1);
    if (!copy)
        return;
    memcpy(copy, date, n + 1);
    if (w5_doc_set_meta(doc, W5_META_DATE, copy, &err) == W5_ERR_FORMAT)
        report(source, line, err.message);
    free(copy);
}

/* Runs the pipeline. While some stages have no model in this build, the
 * pipeline refuses them (W5_ERR_STATE): then run the longest prefix of
 * the stages it can, once, and say so. */
static int run_stages(analyze_ctx *ctx, w5_doc *doc, w5_error *err)
{
    int rc = w5_analyze(ctx->pipe, doc, ctx->stages, err);
    unsigned fewer = ctx->stages;
    while (rc == W5_ERR_STATE && fewer > (W5_STAGE_TOKENS | W5_STAGE_SENTENCES)) {
        unsigned top = 1u << 9;
        while (top && !(fewer & top))
            top >>= 1;
        fewer &= ~top;
        rc = w5_analyze(ctx->pipe, doc, fewer, err);
        if (rc == W5_OK) {
            fprintf(stderr, "w5: note: some stages are not available in this "
                            "build; ran stages 0x%x of 0x%x\n", fewer, ctx->stages);
            ctx->stages = fewer;
        }
    }
    return rc;
}

static int analyze_doc(w5_doc *doc, const char *source, long line, void *arg)
{
    analyze_ctx *ctx = arg;
    w5_error err;
    apply_date(ctx, doc, source, line);
    if (run_stages(ctx, doc, &err)) {
        report(source, line, err.message);
        ctx->failed = 1;
        return 0;
    }
    if (ctx->docs > 0 &&
        (ctx->format == W5_FORMAT_TEXT || ctx->format == W5_FORMAT_TOKENS))
        putchar('\n');
    ctx->docs++;
    return cli_write_doc_text(doc, ctx->format, ctx->no_text) ? -1 : 0;
}

/* 1 when s is YYYY-MM-DD (optionally followed by a time). */
static int valid_date(const char *s)
{
    w5_doc *doc = NULL;
    int ok = w5_doc_new("", 0, &doc, NULL) == W5_OK &&
             w5_doc_set_meta(doc, W5_META_DATE, s, NULL) == W5_OK;
    w5_doc_free(doc);
    return ok;
}

int cmd_analyze(int argc, char **argv)
{
    analyze_ctx ctx = {.stages = W5_STAGE_ALL,
                       .format = isatty(STDOUT_FILENO) ? W5_FORMAT_TEXT
                                                       : W5_FORMAT_JSON};
    const char *model_dir = NULL;
    int jsonl = 0, nfiles = 0, beam = 0, ensemble = 0, tagger_nn = 0;
    char **files = argv + 1;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value;
        int rc;
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(analyze_help, stdout);
            return CLI_OK;
        } else if (strcmp(arg, "--jsonl") == 0) {
            jsonl = 1;
        } else if (strcmp(arg, "--tagger-nn") == 0) {
            tagger_nn = 1;
        } else if (strcmp(arg, "--no-text") == 0) {
            ctx.no_text = 1;
        } else if ((rc = cli_option(argc, argv, &i, "--format", &value))) {
            if (rc < 0)
                return CLI_USAGE;
            if (cli_parse_format(value, &ctx.format))
                return cli_usage_error(argv[0], "unknown format '%s'", value);
        } else if ((rc = cli_option(argc, argv, &i, "--date", &value))) {
            if (rc < 0)
                return CLI_USAGE;
            if (!valid_date(value))
                return cli_usage_error(argv[0], "--date '%s' is not YYYY-MM-DD",
                                       value);
            ctx.date = value;
        } else if ((rc = cli_option(argc, argv, &i, "--model-dir", &value))) {
            if (rc < 0)
                return CLI_USAGE;
            model_dir = value;
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
    w5_pipeline *pipe = cli_open_pipeline_with(model_dir, W5_STAGE_ALL, beam, ensemble, tagger_nn);
    if (!pipe)
        return CLI_FAILED;
    ctx.pipe = pipe;
    int rc = cli_for_each_doc(files, nfiles, jsonl, analyze_doc, &ctx);
    w5_pipeline_free(pipe);
    if (cli_finish_output())
        return CLI_FAILED;
    return rc || ctx.failed ? CLI_FAILED : CLI_OK;
}
