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
#include "input/input.h"
#include "output/output.h"

/* ---- the document loop -------------------------------------------------- */

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int is_jsonl_name(const char *name)
{
    return has_suffix(name, ".jsonl") || has_suffix(name, ".ndjson");
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

/* Reads all of f (a plain-text document) into a malloc'd buffer. */
static int slurp(FILE *f, char **data, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return -1;
    for (;;) {
        if (n == cap) {
            char *bigger = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                errno = ENOMEM;
                return -1;
            }
            buf = bigger;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                free(buf);
                return -1;
            }
            break;
        }
    }
    *data = buf;
    *len = n;
    return 0;
}

/* One plain-text input: the whole file is one document. */
static int text_doc(FILE *f, const char *source, cli_doc_fn fn, void *ctx)
{
    char *data = NULL;
    size_t len = 0;
    w5_doc *doc = NULL;
    w5_error err;
    if (slurp(f, &data, &len)) {
        fprintf(stderr, "w5: %s: %s\n", source, strerror(errno));
        return CLI_FAILED;
    }
    int rc = w5_doc_new(data, len, &doc, &err);
    free(data);
    if (rc) {
        fprintf(stderr, "w5: %s: %s\n", source, err.message);
        return CLI_FAILED;
    }
    default_id(doc, source, 0);
    rc = fn(doc, source, 0, ctx);
    w5_doc_free(doc);
    return rc;
}

/* One JSONL input, line by line: a bad line is reported and skipped. */
static int jsonl_docs(FILE *f, const char *source, cli_doc_fn fn, void *ctx)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    int status = CLI_OK;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (w5_jsonl_blank(line, (size_t)n))
            continue;
        w5_doc *doc = NULL;
        w5_error err;
        if (w5_jsonl_parse_doc(line, (size_t)n, &doc, &err)) {
            fprintf(stderr, "w5: %s:%ld: %s\n", source, lineno, err.message);
            status = CLI_FAILED;
            continue;
        }
        default_id(doc, source, lineno);
        int rc = fn(doc, source, lineno, ctx);
        w5_doc_free(doc);
        if (rc) {
            free(line);
            return rc;
        }
    }
    if (ferror(f)) {
        fprintf(stderr, "w5: %s: %s\n", source, strerror(errno));
        status = CLI_FAILED;
    }
    free(line);
    return status;
}

static int one_input(const char *name, int jsonl, cli_doc_fn fn, void *ctx)
{
    int from_stdin = strcmp(name, "-") == 0;
    const char *source = from_stdin ? "stdin" : name;
    FILE *f = from_stdin ? stdin : fopen(name, "rb");
    if (!f) {
        fprintf(stderr, "w5: %s: %s\n", name, strerror(errno));
        return CLI_FAILED;
    }
    struct stat st;
    if (!from_stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "w5: %s: is a directory\n", name);
        fclose(f);
        return CLI_FAILED;
    }
    int rc = jsonl || (!from_stdin && is_jsonl_name(name))
                 ? jsonl_docs(f, source, fn, ctx)
                 : text_doc(f, source, fn, ctx);
    if (!from_stdin)
        fclose(f);
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
    int status = CLI_OK;
    for (int i = 0; i < nfiles; i++) {
        int rc = one_input(files[i], jsonl, fn, ctx);
        if (rc == CLI_FAILED)
            status = CLI_FAILED; /* go on with the other inputs */
        else if (rc)
            return rc;
    }
    return status;
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

static int write_stdout(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

int cli_write_doc(const w5_doc *doc, w5_format format)
{
    w5_error err;
    /* Streamed in pieces rather than through w5_doc_write's one buffer:
     * the JSON of a 100 MB document is over a gigabyte. */
    int rc = w5_output_stream(doc, format, write_stdout, NULL, &err);
    /* JSON is one object per line (JSON Lines when there are several). */
    if (rc == W5_OK && format == W5_FORMAT_JSON && putchar('\n') == EOF)
        rc = W5_ERR_IO;
    if (rc == W5_ERR_IO) {
        fprintf(stderr, "w5: cannot write output: %s\n", strerror(errno));
        return CLI_FAILED;
    }
    if (rc) {
        fprintf(stderr, "w5: %s\n", err.message);
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

w5_pipeline *cli_open_pipeline(const char *model_dir, unsigned stages)
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
    w5_pipeline *pipe = NULL;
    w5_error err;
    if (w5_pipeline_open(&opts, &pipe, &err)) {
        fprintf(stderr, "w5: %s\n", err.message);
        return NULL;
    }
    return pipe;
}
