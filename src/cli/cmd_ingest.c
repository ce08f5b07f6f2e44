/*
 * cmd_ingest.c - `w5 ingest [--db PATH] [--threads N] INPUT...`: analyses
 * documents and stores them in the corpus database.
 *
 * Threads: one reader (walks the inputs, skips documents already stored),
 * N workers (w5_analyze; the pipeline is shared read-only, each document
 * belongs to one worker), and the main thread as the only writer. Slots
 * form a ring in input order: the writer stores documents in the order
 * they were read, so the cross-document entity merge does not depend on
 * thread timing. The writer commits every --batch documents (or every two
 * seconds), so a kill loses at most the open batch and the next run skips
 * everything committed.
 *
 * Inputs: files and folders (walked recursively, in name order, hidden
 * entries skipped). `.jsonl`/`.ndjson` hold one JSON document per line;
 * `.html`/`.htm` are web pages (the article is extracted); anything else
 * is one plain-text document. Each may be compressed: `.gz` or `.zst`
 * (recognised by content). "-" reads standard input (JSONL with --jsonl).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "input/compressed.h"
#include "input/html.h"
#include "input/input.h"

#define RING 64

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

enum { SLOT_EMPTY = 0, SLOT_READY, SLOT_DONE };

typedef struct slot {
    int state;
    w5_doc *doc;
    char *source;     /* "file:line" for messages and the documents table */
    int failed;       /* analysis failed (message already printed) */
} slot;

typedef struct ingest_ctx {
    /* set up before the threads start */
    const w5_pipeline *pipe;
    unsigned stages;
    w5_store *reader_store;   /* the reader's own read-only connection */
    int jsonl;
    const char *default_date; /* --date: for documents without one */
    /* shared, under `lock` */
    pthread_mutex_t lock;
    pthread_cond_t changed;
    slot ring[RING];
    size_t next_read;         /* seq of the next document read */
    size_t next_analyse;      /* seq of the next document to analyse */
    size_t next_write;        /* seq of the next document to store */
    int reading_done;
    int stop;                 /* writer failed: everyone stops */
    /* reader statistics */
    size_t skipped, bad_inputs;
    unsigned long long bytes_total, bytes_read;
} ingest_ctx;

/* ---- the reader ------------------------------------------------------------ */

static int has_suffix_n(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);
    return n >= m && strncmp(s + n - m, suffix, m) == 0;
}

/* Hands one read document to the workers, unless it is already stored.
 * Takes ownership of doc. Returns 0, or 1 to stop reading. */
static int enqueue(ingest_ctx *ctx, w5_doc *doc, const char *source, long line)
{
    char *key = NULL;
    int present = 0;
    w5_error err;
    if (ctx->default_date && !w5_doc_meta(doc, W5_META_DATE))
        w5_doc_set_meta(doc, W5_META_DATE, ctx->default_date, NULL);
    if (w5_store_doc_key(doc, &key, &err) == W5_OK &&
        w5_store_has_doc(ctx->reader_store, key, &present, &err) == W5_OK &&
        present) {
        free(key);
        w5_doc_free(doc);
        pthread_mutex_lock(&ctx->lock);
        ctx->skipped++;
        pthread_mutex_unlock(&ctx->lock);
        return interrupted != 0;
    }
    free(key);
    char where[PATH_MAX + 32];
    if (line > 0)
        snprintf(where, sizeof where, "%s:%ld", source, line);
    else
        snprintf(where, sizeof where, "%s", source);
    char *src = strdup(where);
    pthread_mutex_lock(&ctx->lock);
    while (!ctx->stop && !interrupted &&
           ctx->next_read - ctx->next_write >= RING)
        pthread_cond_wait(&ctx->changed, &ctx->lock);
    if (ctx->stop || interrupted) {
        pthread_mutex_unlock(&ctx->lock);
        free(src);
        w5_doc_free(doc);
        return 1;
    }
    slot *s = &ctx->ring[ctx->next_read % RING];
    s->doc = doc;
    s->source = src;
    s->failed = 0;
    s->state = SLOT_READY;
    ctx->next_read++;
    pthread_cond_broadcast(&ctx->changed);
    pthread_mutex_unlock(&ctx->lock);
    return 0;
}

static void add_bytes(ingest_ctx *ctx, size_t n)
{
    pthread_mutex_lock(&ctx->lock);
    ctx->bytes_read += n;
    pthread_mutex_unlock(&ctx->lock);
}

static void bad_input(ingest_ctx *ctx, const char *source, long line,
                      const char *msg)
{
    if (line > 0)
        fprintf(stderr, "w5 ingest: %s:%ld: %s\n", source, line, msg);
    else
        fprintf(stderr, "w5 ingest: %s: %s\n", source, msg);
    pthread_mutex_lock(&ctx->lock);
    ctx->bad_inputs++;
    pthread_mutex_unlock(&ctx->lock);
}

static int read_jsonl(ingest_ctx *ctx, w5_instream *in, const char *source)
{
    const char *line;
    size_t len;
    long lineno = 0;
    int got;
    w5_error err;
    while ((got = w5_instream_getline(in, &line, &len, &err)) == 1) {
        lineno++;
        add_bytes(ctx, len);
        if (w5_jsonl_blank(line, len))
            continue;
        w5_doc *doc = NULL;
        if (w5_jsonl_parse_doc(line, len, &doc, &err)) {
            bad_input(ctx, source, lineno, err.message);
            continue;
        }
        if (enqueue(ctx, doc, source, lineno))
            return 1;
    }
    if (got < 0)
        bad_input(ctx, source, lineno + 1, err.message);
    return 0;
}

/* A plain-text article whose first line is short, does not end like a
 * sentence and is followed by a blank line (the common "headline, blank,
 * body" layout) gets that line as its title; the text is kept whole. */
static void set_title_from_first_line(w5_doc *doc, const char *data,
                                      size_t len)
{
    const char *nl = memchr(data, '\n', len);
    if (!nl || nl == data || nl - data > 150)
        return;
    /* A line ending a sentence is the lede, not a headline. */
    const char *last = nl - 1;
    if (last > data && *last == '\r')
        last--;
    if (strchr(".!?:;,\"", *last) ||
        (last - data >= 2 && (unsigned char)last[-2] == 0xE2 &&
         (unsigned char)last[-1] == 0x80 && (unsigned char)*last == 0x9D))
        return;
    size_t rest = len - (size_t)(nl + 1 - data);
    const char *after = nl + 1;
    if (rest && after[0] == '\r')
        after++, rest--;
    if (!rest || after[0] != '\n')
        return;
    size_t n = (size_t)(nl - data);
    if (n && data[n - 1] == '\r')
        n--;
    char *title = malloc(n + 1);
    if (!title)
        return;
    memcpy(title, data, n);
    title[n] = '\0';
    if (!memchr(title, '\0', n))
        w5_doc_set_meta(doc, W5_META_TITLE, title, NULL);
    free(title);
}

static int read_whole(ingest_ctx *ctx, w5_instream *in, const char *source,
                      int html)
{
    char *data = NULL;
    size_t len = 0;
    w5_doc *doc = NULL;
    w5_error err;
    if (w5_instream_read_all(in, W5_DOC_MAX_BYTES, &data, &len, &err)) {
        bad_input(ctx, source, 0, err.message);
        return 0;
    }
    add_bytes(ctx, len);
    if (html) {
        w5_html_article art;
        int rc = w5_html_extract(data, len, &art, &err);
        if (rc == W5_OK && (rc = w5_doc_new(art.text, art.text_len, &doc,
                                            &err)) == W5_OK) {
            if (art.title)
                w5_doc_set_meta(doc, W5_META_TITLE, art.title, NULL);
            if (art.date)
                w5_doc_set_meta(doc, W5_META_DATE, art.date, NULL);
        }
        w5_html_article_free(&art);
        if (rc) {
            free(data);
            bad_input(ctx, source, 0, err.message);
            return 0;
        }
    } else if (w5_doc_new(data, len, &doc, &err)) {
        free(data);
        bad_input(ctx, source, 0, err.message);
        return 0;
    } else {
        set_title_from_first_line(doc, data, len);
    }
    free(data);
    return enqueue(ctx, doc, source, 0);
}

static int read_file(ingest_ctx *ctx, const char *path)
{
    w5_instream *in = NULL;
    w5_error err;
    size_t stem;
    int from_stdin = strcmp(path, "-") == 0;
    const char *source = from_stdin ? "stdin" : path;
    if (w5_instream_open(path, &in, &err)) {
        bad_input(ctx, source, 0, err.message);
        return 0;
    }
    w5_compressed_name(path, &stem);
    int rc;
    if (ctx->jsonl || has_suffix_n(path, stem, ".jsonl") ||
        has_suffix_n(path, stem, ".ndjson"))
        rc = read_jsonl(ctx, in, source);
    else
        rc = read_whole(ctx, in, source, !from_stdin && w5_html_name(path, stem));
    w5_instream_close(in);
    return rc;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists a folder's entries, sorted, without hidden ones. */
static char **list_dir(const char *path, size_t *count)
{
    DIR *dir = opendir(path);
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    *count = 0;
    if (!dir)
        return NULL;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **bigger = realloc(names, (cap = cap ? cap * 2 : 64) *
                                               sizeof *names);
            if (!bigger)
                break;
            names = bigger;
        }
        if (!(names[n] = strdup(e->d_name)))
            break;
        n++;
    }
    closedir(dir);
    if (n)
        qsort(names, n, sizeof *names, name_cmp);
    *count = n;
    return names;
}

/* Walks a file or folder. depth guards against symlink loops. */
static int read_path(ingest_ctx *ctx, const char *path, int depth)
{
    struct stat st;
    if (interrupted)
        return 1;
    if (strcmp(path, "-") == 0)
        return read_file(ctx, path);
    if (stat(path, &st) != 0) {
        bad_input(ctx, path, 0, strerror(errno));
        return 0;
    }
    if (!S_ISDIR(st.st_mode))
        return read_file(ctx, path);
    if (depth > 32) {
        bad_input(ctx, path, 0, "folders nested too deep (a link loop?)");
        return 0;
    }
    size_t n;
    char **names = list_dir(path, &n);
    int rc = 0;
    if (!names && errno) {
        bad_input(ctx, path, 0, strerror(errno));
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char child[PATH_MAX];
        if (!rc && (size_t)snprintf(child, sizeof child, "%s/%s", path,
                                    names[i]) < sizeof child)
            rc = read_path(ctx, child, depth + 1);
        free(names[i]);
    }
    free(names);
    return rc;
}

/* Adds up the sizes of the inputs, for the progress bar's ETA. */
static unsigned long long input_bytes(const char *path, int depth)
{
    struct stat st;
    if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || depth > 32)
        return 0;
    if (!S_ISDIR(st.st_mode))
        return (unsigned long long)st.st_size;
    size_t n;
    char **names = list_dir(path, &n);
    unsigned long long total = 0;
    for (size_t i = 0; i < n; i++) {
        char child[PATH_MAX];
        if ((size_t)snprintf(child, sizeof child, "%s/%s", path, names[i]) <
            sizeof child)
            total += input_bytes(child, depth + 1);
        free(names[i]);
    }
    free(names);
    return total;
}

typedef struct reader_args {
    ingest_ctx *ctx;
    char **inputs;
    int ninputs;
} reader_args;

static void *reader_main(void *arg)
{
    reader_args *ra = arg;
    ingest_ctx *ctx = ra->ctx;
    for (int i = 0; i < ra->ninputs; i++)
        if (read_path(ctx, ra->inputs[i], 0))
            break;
    pthread_mutex_lock(&ctx->lock);
    ctx->reading_done = 1;
    pthread_cond_broadcast(&ctx->changed);
    pthread_mutex_unlock(&ctx->lock);
    return NULL;
}

/* ---- the workers ------------------------------------------------------------ */

static void *worker_main(void *arg)
{
    ingest_ctx *ctx = arg;
    pthread_mutex_lock(&ctx->lock);
    for (;;) {
        while (!ctx->stop && ctx->next_analyse == ctx->next_read &&
               !ctx->reading_done)
            pthread_cond_wait(&ctx->changed, &ctx->lock);
        if (ctx->stop || ctx->next_analyse == ctx->next_read)
            break; /* stopped, or everything read has been taken */
        slot *s = &ctx->ring[ctx->next_analyse % RING];
        ctx->next_analyse++;
        pthread_mutex_unlock(&ctx->lock);
        w5_error err;
        if (w5_analyze(ctx->pipe, s->doc, ctx->stages, &err)) {
            fprintf(stderr, "w5 ingest: %s: %s\n", s->source, err.message);
            s->failed = 1;
        }
        pthread_mutex_lock(&ctx->lock);
        s->state = SLOT_DONE;
        pthread_cond_broadcast(&ctx->changed);
    }
    pthread_mutex_unlock(&ctx->lock);
    return NULL;
}

/* ---- the writer (main thread) --------------------------------------------- */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct totals {
    size_t added, present, failed;
    unsigned long long tokens;
    double start;
} totals;

static void format_duration(double secs, char *buf, size_t cap)
{
    long s = secs < 0 ? 0 : (long)(secs + 0.5);
    snprintf(buf, cap, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
}

static void show_progress(ingest_ctx *ctx, const totals *t, int final)
{
    double elapsed = now_seconds() - t->start;
    double docs_s = elapsed > 0 ? (double)t->added / elapsed : 0;
    double tok_s = elapsed > 0 ? (double)t->tokens / elapsed : 0;
    char eta[32] = "?";
    pthread_mutex_lock(&ctx->lock);
    double frac = ctx->bytes_total
                      ? (double)ctx->bytes_read / (double)ctx->bytes_total : 0;
    size_t skipped = ctx->skipped;
    pthread_mutex_unlock(&ctx->lock);
    if (frac > 1)
        frac = 1;
    if (frac > 0.001)
        format_duration(elapsed * (1 - frac) / frac, eta, sizeof eta);
    char bar[21];
    int filled = (int)(frac * 20);
    for (int i = 0; i < 20; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[20] = '\0';
    fprintf(stderr, "\r[%s] %3d%% %zu docs (%zu skipped) %.1f docs/s "
                    "%.0f tokens/s ETA %s \033[K",
            bar, (int)(frac * 100), t->added, skipped, docs_s, tok_s, eta);
    if (final)
        fputc('\n', stderr);
    fflush(stderr);
}

/* Stores finished documents in order; returns 0 or CLI_FAILED. */
static int write_loop(ingest_ctx *ctx, w5_store *store, size_t batch,
                      int progress, totals *t)
{
    w5_error err;
    size_t in_batch = 0;
    double batch_start = 0, last_show = 0;
    int status = CLI_OK;
    pthread_mutex_lock(&ctx->lock);
    for (;;) {
        slot *s = &ctx->ring[ctx->next_write % RING];
        while (s->state != SLOT_DONE &&
               !(ctx->reading_done && ctx->next_write == ctx->next_read)) {
            /* Nothing to store for now: commit what there is, so a slow
             * stream still lands in the database promptly. */
            if (in_batch && now_seconds() - batch_start > 2.0) {
                pthread_mutex_unlock(&ctx->lock);
                if (w5_store_commit(store, &err))
                    goto db_failed;
                in_batch = 0;
                pthread_mutex_lock(&ctx->lock);
                continue;
            }
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += 200000000L;
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&ctx->changed, &ctx->lock, &until);
            if (progress && now_seconds() - last_show > 0.25) {
                pthread_mutex_unlock(&ctx->lock);
                show_progress(ctx, t, 0);
                last_show = now_seconds();
                pthread_mutex_lock(&ctx->lock);
            }
        }
        if (s->state != SLOT_DONE)
            break; /* everything read has been stored */
        pthread_mutex_unlock(&ctx->lock);

        if (s->failed) {
            t->failed++;
        } else {
            int added = 0;
            if (!in_batch) {
                if (w5_store_begin(store, &err))
                    goto db_failed;
                batch_start = now_seconds();
            }
            if (w5_store_add_doc(store, s->doc, s->source, &added, &err)) {
                if (err.code != W5_ERR_DB && err.code != W5_ERR_NOMEM) {
                    fprintf(stderr, "w5 ingest: %s: %s\n", s->source,
                            err.message);
                    t->failed++;
                } else {
                    goto db_failed;
                }
            }
            in_batch++;
            if (added) {
                t->added++;
                t->tokens += w5_doc_token_count(s->doc);
            } else {
                t->present++;
            }
            if (in_batch >= batch) {
                if (w5_store_commit(store, &err))
                    goto db_failed;
                in_batch = 0;
            }
        }
        w5_doc_free(s->doc);
        free(s->source);
        s->doc = NULL;
        s->source = NULL;
        if (progress && now_seconds() - last_show > 0.25) {
            show_progress(ctx, t, 0);
            last_show = now_seconds();
        }
        pthread_mutex_lock(&ctx->lock);
        s->state = SLOT_EMPTY;
        ctx->next_write++;
        pthread_cond_broadcast(&ctx->changed);
    }
    pthread_mutex_unlock(&ctx->lock);
    if (in_batch && w5_store_commit(store, &err))
        goto db_failed;
    return status;
db_failed:
    fprintf(stderr, "w5 ingest: %s\n", err.message);
    pthread_mutex_lock(&ctx->lock);
    ctx->stop = 1;
    pthread_cond_broadcast(&ctx->changed);
    pthread_mutex_unlock(&ctx->lock);
    return CLI_FAILED;
}

/* ---- stages ------------------------------------------------------------------ */

/* The stages this pipeline can run: each model stage is tried on a tiny
 * document, so the store fills in as stages land without a flag day. */
static unsigned usable_stages(const w5_pipeline *pipe)
{
    static const unsigned order[] = {
        W5_STAGE_TAGS,  W5_STAGE_PARSE,  W5_STAGE_ENTITIES, W5_STAGE_COREF,
        W5_STAGE_ROLES, W5_STAGE_QUOTES, W5_STAGE_TIMES,    W5_STAGE_EVENTS};
    static const char probe_text[] =
        "President Hamid Karzai said on Monday: \"We will meet in Kabul.\"";
    unsigned stages = W5_STAGE_TOKENS | W5_STAGE_SENTENCES;
    w5_doc *doc = NULL;
    if (w5_doc_new(probe_text, sizeof probe_text - 1, &doc, NULL))
        return stages;
    w5_doc_set_meta(doc, W5_META_DATE, "2013-04-22", NULL);
    for (size_t i = 0; i < sizeof order / sizeof *order; i++)
        if (w5_analyze(pipe, doc, stages | order[i], NULL) == W5_OK)
            stages |= order[i];
    w5_doc_free(doc);
    return stages;
}

/* ---- the command ------------------------------------------------------------- */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: w5 ingest [--db PATH] [--threads N] [--batch N] [--jsonl]\n"
            "                 [--date YYYY-MM-DD] [--model-dir DIR]\n"
            "                 [--busy-timeout MS] [--quiet] INPUT...\n\n"
            "Analyses documents and stores them in a corpus database\n"
            "(default w5.db). INPUT is a file, a folder (read recursively) or\n"
            "- for standard input. .jsonl/.ndjson: one JSON document per line\n"
            "({\"text\": ..., \"id\", \"title\", \"date\", \"url\"}); .html/.htm:\n"
            "a web page; anything else: one plain-text document; each may be\n"
            "compressed (.gz, .zst). Documents already stored (same id, or same\n"
            "text when they have no id) are skipped, so an interrupted ingest\n"
            "resumes by running it again.\n\n"
            "  --db PATH          the database (created if needed)\n"
            "  --threads N        analysis threads (default: number of cores)\n"
            "  --batch N          documents per transaction (default 200)\n"
            "  --jsonl            read standard input as JSONL\n"
            "  --date YYYY-MM-DD  the date of documents that have none\n"
            "  --model-dir DIR    where the models are\n"
            "  --busy-timeout MS  how long to wait for a locked database "
            "(default 5000)\n"
            "  --quiet            no progress bar\n");
}

static int parse_count(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int cmd_ingest(int argc, char **argv)
{
    const char *db_path = "w5.db", *model_dir = NULL, *value, *date = NULL;
    long threads = sysconf(_SC_NPROCESSORS_ONLN), batch = 200, busy = 5000;
    int quiet = 0, jsonl = 0, ninputs = 0, rc;
    char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    if (!inputs)
        return CLI_FAILED;
    if (threads < 1)
        threads = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            free(inputs);
            return CLI_OK;
        }
        if ((rc = cli_option(argc, argv, &i, "--db", &db_path))) {
            if (rc < 0)
                goto usage_failed;
        } else if ((rc = cli_option(argc, argv, &i, "--model-dir", &model_dir))) {
            if (rc < 0)
                goto usage_failed;
        } else if ((rc = cli_option(argc, argv, &i, "--date", &date))) {
            if (rc < 0)
                goto usage_failed;
            if (strlen(date) < 10 || date[4] != '-' || date[7] != '-') {
                free(inputs);
                return cli_usage_error("ingest", "--date takes YYYY-MM-DD");
            }
        } else if ((rc = cli_option(argc, argv, &i, "--threads", &value))) {
            if (rc < 0 || parse_count(value, 1, 256, &threads)) {
                free(inputs);
                return cli_usage_error("ingest", "--threads needs 1..256");
            }
        } else if ((rc = cli_option(argc, argv, &i, "--batch", &value))) {
            if (rc < 0 || parse_count(value, 1, 1000000, &batch)) {
                free(inputs);
                return cli_usage_error("ingest", "--batch needs a count");
            }
        } else if ((rc = cli_option(argc, argv, &i, "--busy-timeout", &value))) {
            if (rc < 0 || parse_count(value, 0, 3600000, &busy)) {
                free(inputs);
                return cli_usage_error("ingest", "--busy-timeout needs ms");
            }
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            quiet = 1;
        } else if (strcmp(a, "--jsonl") == 0) {
            jsonl = 1;
        } else if (a[0] == '-' && a[1]) {
            free(inputs);
            return cli_usage_error("ingest", "unknown option %s", a);
        } else {
            inputs[ninputs++] = argv[i];
        }
    }
    if (ninputs == 0) {
        free(inputs);
        return cli_usage_error("ingest", "no input (give files, folders or -)");
    }

    w5_error err;
    w5_store *store = NULL;
    ingest_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.jsonl = jsonl;
    ctx.default_date = date;
    if (w5_store_open(db_path, 0, &store, &err)) {
        fprintf(stderr, "w5 ingest: %s\n", err.message);
        free(inputs);
        return CLI_FAILED;
    }
    w5_store_set_busy_timeout(store, (int)busy);
    if (w5_store_open(db_path, W5_STORE_READ_ONLY, &ctx.reader_store, &err)) {
        fprintf(stderr, "w5 ingest: %s\n", err.message);
        w5_store_close(store);
        free(inputs);
        return CLI_FAILED;
    }
    w5_pipeline *pipe = cli_open_pipeline(model_dir, W5_STAGE_ALL);
    if (!pipe) {
        w5_store_close(ctx.reader_store);
        w5_store_close(store);
        free(inputs);
        return CLI_FAILED;
    }
    ctx.pipe = pipe;
    ctx.stages = usable_stages(pipe);
    for (int i = 0; i < ninputs; i++)
        ctx.bytes_total += input_bytes(inputs[i], 0);
    pthread_mutex_init(&ctx.lock, NULL);
    pthread_cond_init(&ctx.changed, NULL);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    totals t = {0, 0, 0, 0, now_seconds()};
    reader_args ra = {&ctx, inputs, ninputs};
    pthread_t reader, *workers = calloc((size_t)threads, sizeof *workers);
    long started = 0;
    int status = CLI_FAILED;
    if (workers && pthread_create(&reader, NULL, reader_main, &ra) == 0) {
        for (; started < threads; started++)
            if (pthread_create(&workers[started], NULL, worker_main, &ctx))
                break;
        if (started == 0) {
            fprintf(stderr, "w5 ingest: cannot start analysis threads\n");
            pthread_mutex_lock(&ctx.lock);
            ctx.stop = 1;
            pthread_cond_broadcast(&ctx.changed);
            pthread_mutex_unlock(&ctx.lock);
        } else {
            int progress = !quiet && isatty(STDERR_FILENO);
            status = write_loop(&ctx, store, (size_t)batch, progress, &t);
            if (progress)
                show_progress(&ctx, &t, 1);
        }
        pthread_join(reader, NULL);
        for (long i = 0; i < started; i++)
            pthread_join(workers[i], NULL);
    } else {
        fprintf(stderr, "w5 ingest: cannot start the reader thread\n");
    }
    /* Documents left in the ring after a failure or an interrupt. */
    for (size_t i = 0; i < RING; i++) {
        w5_doc_free(ctx.ring[i].doc);
        free(ctx.ring[i].source);
    }
    free(workers);

    double elapsed = now_seconds() - t.start;
    if (elapsed <= 0)
        elapsed = 1e-9;
    printf("w5 ingest: %zu documents added, %zu already stored, %zu failed, "
           "%zu bad inputs; %llu tokens in %.1f s (%.1f docs/s, %.0f "
           "tokens/s) into %s\n",
           t.added, t.present + ctx.skipped, t.failed, ctx.bad_inputs,
           t.tokens, elapsed, (double)t.added / elapsed,
           (double)t.tokens / elapsed, db_path);
    fflush(stdout);
    if (interrupted) {
        fprintf(stderr, "w5 ingest: interrupted; everything above is "
                        "committed, run again to resume\n");
        status = 130;
    } else if (status == CLI_OK && (ctx.bad_inputs || t.failed)) {
        status = CLI_FAILED;
    }
    w5_store_close(ctx.reader_store);
    w5_store_close(store);
    w5_pipeline_free(pipe);
    pthread_mutex_destroy(&ctx.lock);
    pthread_cond_destroy(&ctx.changed);
    free(inputs);
    return status;
usage_failed:
    free(inputs);
    return CLI_USAGE;
}
