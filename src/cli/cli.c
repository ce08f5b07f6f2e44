/*
 * cli.c - what the subcommands share: the document loop over files and
 * JSONL streams, option and format parsing, pipeline opening with model
 * folder resolution, and writing a document to stdout.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "syntax/syntax.h"
#include "input/compressed.h"
#include "input/html.h"
#include "input/input.h"
#include "output/output.h"

/* ---- the document loop -------------------------------------------------- */

/* The caller's callback, and the value it stopped the loop with (0 while
 * it goes on): kept apart from input failures, which never stop it. */
typedef struct doc_loop {
    cli_doc_fn fn;
    void *ctx;
    int stop;
} doc_loop;

/* Hands one document to the callback and frees it. */
static void deliver(doc_loop *loop, w5_doc *doc, const char *source, long line)
{
    loop->stop = loop->fn(doc, source, line, loop->ctx);
    w5_doc_free(doc);
}

/* Gives the document an id from where it came from, unless it has one. */
static void default_id(w5_doc *doc, const char *source, long line)
{
    char buf[PATH_MAX + 32];
    if (w5_doc_meta(doc, W5_META_ID))
        return;
    if (line > 0)
        snprintf(buf, sizeof buf, "%s:%ld", source, line);
    else
        snprintf(buf, sizeof buf, "%s", source);
    w5_doc_set_meta(doc, W5_META_ID, buf, NULL);
}

static void report(const char *source, long line, const char *message)
{
    if (line > 0)
        fprintf(stderr, "w5: %s:%ld: %s\n", source, line, message);
    else
        fprintf(stderr, "w5: %s: %s\n", source, message);
}

/* The article of an HTML page as a document with its title and date. */
static int html_doc(const char *html, size_t len, w5_doc **out, w5_error *err)
{
    w5_html_article article;
    int rc = w5_html_extract(html, len, &article, err);
    if (rc == W5_OK)
        rc = w5_doc_new(article.text, article.text_len, out, err);
    if (rc == W5_OK && article.title)
        w5_doc_set_meta(*out, W5_META_TITLE, article.title, NULL);
    if (rc == W5_OK && article.date)
        w5_doc_set_meta(*out, W5_META_DATE, article.date, NULL);
    w5_html_article_free(&article);
    return rc;
}

/* One plain-text input: the whole file is one document (an HTML page
 * gives the text of its article). */
static int text_doc(w5_instream *in, const char *source, int html,
                    doc_loop *loop)
{
    char *data = NULL;
    size_t len = 0;
    w5_doc *doc = NULL;
    w5_error err;
    int rc = w5_instream_read_all(in, W5_DOC_MAX_BYTES, &data, &len, &err);
    if (rc == W5_OK) {
        rc = html ? html_doc(data, len, &doc, &err)
                  : w5_doc_new(data, len, &doc, &err);
        free(data);
    }
    if (rc) {
        report(source, 0, err.message);
        return CLI_FAILED;
    }
    default_id(doc, source, 0);
    deliver(loop, doc, source, 0);
    return CLI_OK;
}

/* One JSONL input, line by line: a bad line is reported and skipped. */
static int jsonl_docs(w5_instream *in, const char *source, doc_loop *loop)
{
    const char *line;
    size_t len;
    long lineno = 0;
    int status = CLI_OK, got;
    w5_error err;
    while ((got = w5_instream_getline(in, &line, &len, &err)) == 1) {
        lineno++;
        if (w5_jsonl_blank(line, len))
            continue;
        w5_doc *doc = NULL;
        if (w5_jsonl_parse_doc(line, len, &doc, &err)) {
            report(source, lineno, err.message);
            status = CLI_FAILED;
            continue;
        }
        default_id(doc, source, lineno);
        deliver(loop, doc, source, lineno);
        if (loop->stop)
            return status;
    }
    if (got < 0) {
        report(source, lineno + 1, err.message);
        status = CLI_FAILED;
    }
    return status;
}

/* .html, .htm or .xhtml, also under a .gz or .zst suffix. */
static int is_html_name(const char *name)
{
    size_t n = strlen(name);
    w5_compressed_name(name, &n);
    return w5_html_name(name, n);
}

/* .jsonl or .ndjson, also under a .gz or .zst suffix. */
static int is_jsonl_name(const char *name)
{
    size_t n = strlen(name);
    w5_compressed_name(name, &n);
    static const char *const suffixes[] = {".jsonl", ".ndjson"};
    for (size_t i = 0; i < 2; i++) {
        size_t m = strlen(suffixes[i]);
        if (n >= m && strncmp(name + n - m, suffixes[i], m) == 0)
            return 1;
    }
    return 0;
}

/* Reads one input; CLI_OK or CLI_FAILED (reported). */
static int one_input(const char *name, int jsonl, doc_loop *loop)
{
    int from_stdin = strcmp(name, "-") == 0;
    const char *source = from_stdin ? "stdin" : name;
    struct stat st;
    if (!from_stdin && stat(name, &st) == 0 && S_ISDIR(st.st_mode)) {
        report(name, 0, "is a directory");
        return CLI_FAILED;
    }
    w5_instream *in = NULL;
    w5_error err;
    if (w5_instream_open(name, &in, &err)) {
        report(name, 0, err.message);
        return CLI_FAILED;
    }
    int rc = jsonl || (!from_stdin && is_jsonl_name(name))
                 ? jsonl_docs(in, source, loop)
                 : text_doc(in, source, !from_stdin && is_html_name(name),
                            loop);
    w5_instream_close(in);
    return rc;
}

int cli_for_each_doc(char **files, int nfiles, int jsonl, cli_doc_fn fn,
                     void *ctx)
{
    static char dash[] = "-";
    char *std_in[] = {dash};
    if (nfiles == 0) {
        files = std_in;
        nfiles = 1;
    }
    doc_loop loop = {.fn = fn, .ctx = ctx, .stop = 0};
    int status = CLI_OK;
    for (int i = 0; i < nfiles && !loop.stop; i++)
        if (one_input(files[i], jsonl, &loop) != CLI_OK)
            status = CLI_FAILED; /* go on with the other inputs */
    return loop.stop ? loop.stop : status;
}

/* ---- options ------------------------------------------------------------ */

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "w5 %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'w5 %s --help'.\n", cmd);
    return CLI_USAGE;
}

int cli_option(int argc, char **argv, int *i, const char *name,
               const char **value)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return 0;
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return 1;
    }
    if (arg[n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        cli_usage_error(argv[0], "option %s needs a value", name);
        return -1;
    }
    *value = argv[++*i];
    return 1;
}

int cli_parse_format(const char *name, w5_format *format)
{
    static const struct {
        const char *name;
        w5_format format;
    } formats[] = {
        {"text", W5_FORMAT_TEXT},     {"json", W5_FORMAT_JSON},
        {"jsonl", W5_FORMAT_JSON},    {"conllu", W5_FORMAT_CONLLU},
        {"tokens", W5_FORMAT_TOKENS},
    };
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        if (strcmp(name, formats[i].name) == 0) {
            *format = formats[i].format;
            return 0;
        }
    }
    return -1;
}

/* Set once a write to stdout failed and was reported, so the error is
 * told once (the command, not the library, keeps this state). */
static int output_failed;

static int write_stdout(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

int cli_write_doc_text(const w5_doc *doc, w5_format format, int no_text)
{
    w5_error err;
    /* Streamed in pieces rather than through w5_doc_write's one buffer:
     * the JSON of a 100 MB document is over a gigabyte. */
    int rc = w5_doc_write_to(doc, format, no_text ? W5_WRITE_NO_TEXT : 0,
                             write_stdout, NULL, &err);
    /* JSON is one object per line (JSON Lines when there are several). */
    if (rc == W5_OK && format == W5_FORMAT_JSON && putchar('\n') == EOF)
        rc = W5_ERR_IO;
    if (rc == W5_ERR_IO) {
        if (!output_failed)
            fprintf(stderr, "w5: cannot write output: %s\n", strerror(errno));
        output_failed = 1;
        return CLI_FAILED;
    }
    if (rc) {
        fprintf(stderr, "w5: %s\n", err.message);
        return CLI_FAILED;
    }
    return CLI_OK;
}

int cli_write_doc(const w5_doc *doc, w5_format format)
{
    return cli_write_doc_text(doc, format, 0);
}

int cli_finish_output(void)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (!output_failed)
            fprintf(stderr, "w5: cannot write output: %s\n", strerror(errno));
        output_failed = 1;
        return CLI_FAILED;
    }
    return CLI_OK;
}

/* ---- the pipeline ------------------------------------------------------- */

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Fills dir with `<folder of the running binary>/rel` when that is a
 * folder; 1 on success. */
static int dir_near_binary(const char *rel, char *dir, size_t size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return 0;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return 0;
    *slash = '\0';
    if ((size_t)snprintf(dir, size, "%s/%s", exe, rel) >= size)
        return 0;
    return is_dir(dir);
}

int cli_beam_value(const char *cmd, const char *value, int *out)
{
    char *end;
    long k = strtol(value, &end, 10);
    if (end == value || *end || k < 1 || k > 64)
        return cli_usage_error(cmd, "--beam needs a width from 1 to 64");
    *out = (int)k;
    return 0;
}

w5_pipeline *cli_open_pipeline(const char *model_dir, unsigned stages)
{
    return cli_open_pipeline_beam(model_dir, stages, 0, 0);
}

w5_pipeline *cli_open_pipeline_beam(const char *model_dir, unsigned stages,
                                    int parser_beam, int ensemble)
{
    return cli_open_pipeline_with(model_dir, stages, parser_beam, ensemble, 0);
}

w5_pipeline *cli_open_pipeline_with(const char *model_dir, unsigned stages,
                                    int parser_beam, int ensemble, int tagger_nn)
{
    char near[PATH_MAX + 32];
    const char *env = getenv("W5_MODEL_DIR");
    if (!model_dir && env && *env)
        model_dir = env;
    /* A development build runs from build/, next to models/; an installed
     * one from bin/, next to share/w5/models. */
    if (!model_dir && (dir_near_binary("../models", near, sizeof near) ||
                       dir_near_binary("../share/w5/models", near, sizeof near)))
        model_dir = near;
    w5_options opts = w5_default_options();
    opts.model_dir = model_dir;
    opts.stages = stages;
    opts.parser_beam = parser_beam;
    opts.parser_ensemble = ensemble;
    opts.tagger_nn = tagger_nn;
    w5_pipeline *pipe = NULL;
    w5_error err;
    if (w5_pipeline_open(&opts, &pipe, &err)) {
        fprintf(stderr, "w5: %s\n", err.message);
        return NULL;
    }
    return pipe;
}

int cli_file_list(int argc, char **argv, int *i, const char *name, char ***files,
                  int *n)
{
    if (strcmp(argv[*i], name) != 0)
        return 0;
    *files = argv + *i + 1;
    while (*i + 1 < argc && strncmp(argv[*i + 1], "--", 2) != 0) {
        (*i)++;
        (*n)++;
    }
    return 1;
}

int cli_read_treebanks(const char *cmd, char **files, int n, unsigned flags,
                       w5_treebank *tb)
{
    w5_error err;
    for (int k = 0; k < n; k++)
        if (w5_treebank_read(tb, files[k], flags, &err)) {
            fprintf(stderr, "w5 %s: %s\n", cmd, err.message);
            return CLI_FAILED;
        }
    return 0;
}
