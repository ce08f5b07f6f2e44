/*
 * cmd_ner.c - `w5 ner`: named entities of plain-text documents, or tags
 * for pre-tokenized CoNLL-2003 style input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "input/conll.h"
#include "ner/ner.h"

static const char ner_help[] =
    "usage: w5 ner [OPTIONS] [FILE...]\n"
    "\n"
    "Finds the names of people (PERSON), organisations (ORG), places (LOC)\n"
    "and other names (MISC; nationalities become NORP) in each document.\n"
    "A FILE is one plain-text document (a .jsonl FILE, or any with --jsonl,\n"
    "holds one JSON object per line with \"text\"). Reads standard input when\n"
    "no FILE is given or FILE is -.\n"
    "\n"
    "options:\n"
    "  --format FMT    text (default): TYPE<TAB>START<TAB>END<TAB>name lines;\n"
    "                  json, jsonl: one object per document; conll: token<TAB>\n"
    "                  IOB2 tag lines, a blank line between sentences\n"
    "  --input conll   read pre-tokenized CoNLL-2003 input (token in the first\n"
    "                  column, -DOCSTART- and blank lines kept) and write every\n"
    "                  line back with the predicted IOB2 tag (PER, ORG, LOC,\n"
    "                  MISC) appended as the last column, ready for conlleval\n"
    "  --model MODEL   ner.w5m (default: the model folder's)\n"
    "  --lexicon FILE  lexicon.w5m (default: next to the model, if there)\n"
    "  --jsonl         read every input as JSON Lines\n"
    "  -h, --help      show this help\n";

enum { OUT_TEXT, OUT_JSON, OUT_CONLL };

typedef struct ner_ctx {
    const w5_ner_model *model;
    const w5_lexicon *lex;
    int format;
    int failed;
} ner_ctx;

static void put_json_string(const char *s, size_t n)
{
    putchar('"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c == '\n')
            fputs("\\n", stdout);
        else if (c == '\t')
            fputs("\\t", stdout);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void write_doc(const w5_doc *doc, int format)
{
    size_t len, nm = w5_doc_mention_count(doc);
    const char *text = w5_doc_text(doc, &len);
    w5_mention m;
    if (format == OUT_TEXT) {
        for (size_t i = 0; i < nm; i++) {
            if (w5_doc_mention(doc, i, &m))
                continue;
            printf("%s\t%zu\t%zu\t%.*s\n", m.type, m.start, m.end,
                   (int)(m.end - m.start), text + m.start);
        }
        return;
    }
    if (format == OUT_JSON) {
        const char *id = w5_doc_meta(doc, W5_META_ID);
        fputs("{\"id\":", stdout);
        if (id)
            put_json_string(id, strlen(id));
        else
            fputs("null", stdout);
        fputs(",\"entities\":[", stdout);
        for (size_t i = 0; i < nm; i++) {
            if (w5_doc_mention(doc, i, &m))
                continue;
            printf("%s{\"type\":\"%s\",\"start\":%zu,\"end\":%zu,\"text\":", i ? "," : "",
                   m.type, m.start, m.end);
            put_json_string(text + m.start, m.end - m.start);
            putchar('}');
        }
        fputs("]}\n", stdout);
        return;
    }
    /* conll: token TAB tag, blank line between sentences */
    size_t nt = w5_doc_token_count(doc), k = 0;
    long last_sent = -1;
    size_t open_end = 0;
    for (size_t i = 0; i < nt; i++) {
        w5_token t;
        if (w5_doc_token(doc, i, &t))
            continue;
        if (last_sent >= 0 && (long)t.sentence != last_sent)
            putchar('\n');
        last_sent = (long)t.sentence;
        while (k < nm && !w5_doc_mention(doc, k, &m) && m.token_end <= i)
            k++;
        const char *tag = "O", *prefix = "";
        char type[16];
        if (k < nm && !w5_doc_mention(doc, k, &m) && m.token_begin <= i) {
            prefix = i == m.token_begin ? "B-" : "I-";
            snprintf(type, sizeof type, "%s", m.type);
            tag = type;
            open_end = m.token_end;
        }
        (void)open_end;
        printf("%.*s\t%s%s\n", (int)(t.end - t.start), text + t.start, prefix, tag);
    }
    if (nt)
        putchar('\n');
}

static int ner_doc(w5_doc *doc, const char *source, long line, void *arg)
{
    ner_ctx *ctx = arg;
    w5_error err;
    if (w5_analyze(NULL, doc, W5_STAGE_TOKENS | W5_STAGE_SENTENCES, &err) ||
        w5_ner_run(ctx->model, ctx->lex, doc, &err)) {
        if (line > 0)
            fprintf(stderr, "w5 ner: %s:%ld: %s\n", source, line, err.message);
        else
            fprintf(stderr, "w5 ner: %s: %s\n", source, err.message);
        ctx->failed = 1;
        return 0;
    }
    write_doc(doc, ctx->format);
    return 0;
}

/* CoNLL's own label set: NORP is MISC again, other types are left out. */
static void write_conll(const w5_conll *c, const uint8_t *labels)
{
    for (size_t k = 0; k < c->lines.n; k++) {
        const w5_conll_line *ln = &c->lines.v[k];
        fwrite(c->text + ln->start, 1, ln->end - ln->start, stdout);
        if (ln->kind != W5_CONLL_BLANK) {
            char buf[8];
            int tab = memchr(c->text + ln->start, '\t', ln->end - ln->start) != NULL;
            putchar(tab ? '\t' : ' ');
            fputs(ln->kind == W5_CONLL_TOKEN ? w5_ner_iob2(labels[k], buf) : "O", stdout);
        }
        putchar('\n');
    }
}

static int tag_conll_file(const ner_ctx *ctx, const char *path)
{
    w5_conll c;
    w5_error err;
    if (w5_conll_read(path, &c, &err)) {
        fprintf(stderr, "w5 ner: %s\n", err.message);
        return CLI_FAILED;
    }
    uint8_t *labels = malloc(c.lines.n ? c.lines.n : 1);
    int rc = CLI_OK;
    if (!labels) {
        fprintf(stderr, "w5 ner: %s: out of memory\n", path);
        rc = CLI_FAILED;
    } else if (w5_ner_tag_conll(ctx->model, ctx->lex, &c, labels, &err)) {
        fprintf(stderr, "w5 ner: %s: %s\n", path, err.message);
        rc = CLI_FAILED;
    } else {
        write_conll(&c, labels);
    }
    free(labels);
    w5_conll_free(&c);
    return rc;
}

int cmd_ner(int argc, char **argv)
{
    ner_ctx ctx = {.format = OUT_TEXT};
    const char *model_path = NULL, *lex_path = NULL, *fmt = NULL, *input = "text";
    int jsonl = 0, nfiles = 0;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files)
        return CLI_FAILED;
    for (int i = 1; i < argc; i++) {
        int r;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(ner_help, stdout);
            free(files);
            return CLI_OK;
        }
        if (strcmp(argv[i], "--jsonl") == 0) {
            jsonl = 1;
            continue;
        }
        if ((r = cli_option(argc, argv, &i, "--model", &model_path)) ||
            (r = cli_option(argc, argv, &i, "--lexicon", &lex_path)) ||
            (r = cli_option(argc, argv, &i, "--format", &fmt)) ||
            (r = cli_option(argc, argv, &i, "--input", &input))) {
            if (r < 0) {
                free(files);
                return CLI_USAGE;
            }
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1]) {
            free(files);
            return cli_usage_error(argv[0], "unknown option '%s'", argv[i]);
        }
        files[nfiles++] = argv[i];
    }
    if (fmt && strcmp(fmt, "text") && strcmp(fmt, "json") && strcmp(fmt, "jsonl") &&
        strcmp(fmt, "conll")) {
        free(files);
        return cli_usage_error(argv[0], "unknown format '%s' (text, json, jsonl, conll)", fmt);
    }
    if (strcmp(input, "text") && strcmp(input, "conll")) {
        free(files);
        return cli_usage_error(argv[0], "unknown input '%s' (text, conll)", input);
    }
    ctx.format = !fmt || !strcmp(fmt, "text") ? OUT_TEXT : !strcmp(fmt, "conll") ? OUT_CONLL
                                                                                 : OUT_JSON;
    char buf[4096], lbuf[4096];
    if (!model_path) {
        const char *dir = getenv("W5_MODEL_DIR");
        snprintf(buf, sizeof buf, "%s/ner.w5m", dir && *dir ? dir : W5_MODEL_DIR);
        model_path = buf;
    }
    w5_ner_model *model = NULL;
    w5_lexicon *lex = NULL;
    w5_error err;
    if (w5_ner_load(model_path, &model, &err)) {
        fprintf(stderr, "w5 ner: %s\n", err.message);
        free(files);
        return CLI_FAILED;
    }
    if (!lex_path) {
        const char *slash = strrchr(model_path, '/');
        snprintf(lbuf, sizeof lbuf, "%.*s/lexicon.w5m", slash ? (int)(slash - model_path) : 1,
                 slash ? model_path : ".");
        lex_path = lbuf;
        if (w5_lexicon_load(lex_path, &lex, &err) && w5_ner_uses_lexicon(model))
            fprintf(stderr, "w5 ner: warning: %s (no gazetteers)\n", err.message);
    } else if (w5_lexicon_load(lex_path, &lex, &err)) {
        fprintf(stderr, "w5 ner: %s\n", err.message);
        w5_ner_free(model);
        free(files);
        return CLI_FAILED;
    }
    ctx.model = model;
    ctx.lex = lex;
    int rc = CLI_OK;
    if (strcmp(input, "conll") == 0) {
        if (!nfiles)
            rc = tag_conll_file(&ctx, "-");
        for (int f = 0; f < nfiles; f++)
            if (tag_conll_file(&ctx, files[f]))
                rc = CLI_FAILED;
    } else {
        rc = cli_for_each_doc(files, nfiles, jsonl, ner_doc, &ctx);
        if (ctx.failed && rc == CLI_OK)
            rc = CLI_FAILED;
    }
    w5_lexicon_free(lex);
    w5_ner_free(model);
    free(files);
    return rc;
}
