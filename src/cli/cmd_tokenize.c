/*
 * cmd_tokenize.c - `w5 tokenize`: sentences and tokens, split as
 * `w5 analyze` splits them (rules plus the sentence-boundary model;
 * --rules-only needs no model file).
 * Default output: one sentence per line, tokens separated by single
 * spaces, a blank line between documents.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const char tokenize_help[] =
    "usage: w5 tokenize [OPTIONS] [FILE...]\n"
    "\n"
    "Splits each document into sentences and tokens. A FILE is one plain-text\n"
    "document; a .jsonl FILE (or any FILE with --jsonl) holds one JSON object\n"
    "per line with \"text\" and optional \"id\", \"title\", \"date\", \"url\"; an\n"
    ".html FILE is a web page (its article). Files may be gzip or zstd\n"
    "compressed. Reads standard input when no FILE is given or FILE is -.\n"
    "\n"
    "options:\n"
    "  --format FMT   tokens (default): one sentence per line, tokens\n"
    "                 separated by spaces; json, jsonl: one JSON object per\n"
    "                 document with byte offsets; conllu: CoNLL-U with\n"
    "                 Offset=START-END in MISC; text: numbered sentences with\n"
    "                 their byte offsets\n"
    "  --jsonl        read every input as JSON Lines\n"
    "  --model-dir DIR  read segment.w5m from DIR (default: as w5 analyze)\n"
    "  --rules-only   split sentences by the rules alone (no model file)\n"
    "  -h, --help     show this help\n"
    "\n"
    "Exit status: 0 ok, 1 an input could not be read (the others are still\n"
    "processed), 2 wrong usage.\n";

typedef struct tokenize_ctx {
    const w5_pipeline *pipe; /* the boundary model, NULL: rules only */
    w5_format format;
    long docs;     /* documents written so far */
    int failed;
} tokenize_ctx;

static int tokenize_doc(w5_doc *doc, const char *source, long line, void *arg)
{
    tokenize_ctx *ctx = arg;
    w5_error err;
    if (w5_analyze(ctx->pipe, doc, W5_STAGE_TOKENS | W5_STAGE_SENTENCES, &err)) {
        if (line > 0)
            fprintf(stderr, "w5: %s:%ld: %s\n", source, line, err.message);
        else
            fprintf(stderr, "w5: %s: %s\n", source, err.message);
        ctx->failed = 1;
        return 0;
    }
    /* Plain formats separate documents with a blank line; CoNLL-U blocks
     * and JSON lines are self-delimiting. */
    if (ctx->docs > 0 &&
        (ctx->format == W5_FORMAT_TOKENS || ctx->format == W5_FORMAT_TEXT))
        putchar('\n');
    ctx->docs++;
    return cli_write_doc(doc, ctx->format) ? -1 : 0;
}

int cmd_tokenize(int argc, char **argv)
{
    tokenize_ctx ctx = {.format = W5_FORMAT_TOKENS};
    int jsonl = 0, nfiles = 0, rules_only = 0;
    const char *model_dir = NULL;
    char **files = argv + 1;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value;
        int rc;
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(tokenize_help, stdout);
            return CLI_OK;
        } else if (strcmp(arg, "--jsonl") == 0) {
            jsonl = 1;
        } else if (strcmp(arg, "--rules-only") == 0) {
            rules_only = 1;
        } else if ((rc = cli_option(argc, argv, &i, "--model-dir", &value))) {
            if (rc < 0)
                return CLI_USAGE;
            model_dir = value;
        } else if ((rc = cli_option(argc, argv, &i, "--format", &value))) {
            if (rc < 0)
                return CLI_USAGE;
            if (cli_parse_format(value, &ctx.format))
                return cli_usage_error(argv[0], "unknown format '%s'", value);
        } else if (strcmp(arg, "--") == 0) {
            while (++i < argc)
                files[nfiles++] = argv[i];
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return cli_usage_error(argv[0], "unknown option '%s'", arg);
        } else {
            files[nfiles++] = argv[i];
        }
    }
    w5_pipeline *pipe = NULL;
    if (!rules_only && !(pipe = cli_open_pipeline(model_dir, W5_STAGE_SENTENCES))) {
        fprintf(stderr, "w5 tokenize: --rules-only splits without the model\n");
        return CLI_FAILED;
    }
    ctx.pipe = pipe;
    int rc = cli_for_each_doc(files, nfiles, jsonl, tokenize_doc, &ctx);
    w5_pipeline_free(pipe);
    if (cli_finish_output())
        return CLI_FAILED;
    return rc || ctx.failed ? CLI_FAILED : CLI_OK;
}
