/*
 * bench/ingest.c - corpus store benchmark: `w5 ingest` throughput on a
 * large generated corpus, database size, and query latency.
 *
 *   build/bench/ingest DATA_DIR [--docs N] [--threads N] [--keep DIR]
 *   build/bench/ingest --query-only DB [NAME]
 *
 * Builds N article-sized documents (default 100,000, or
 * $W5_BENCH_INGEST_DOCS) by cycling through
 * the Wikinews articles in DATA_DIR/corpus/wikinews/articles, giving each
 * copy its own id, date and closing sentence so all are distinct; writes
 * them as one JSONL file; runs `w5 ingest` on it (the binary next to this
 * one's folder: build/w5) and reports documents/s, tokens/s, peak RSS and
 * database size per 1,000 documents. Then it times `who` and
 * `quotes --speaker` through the library on the result (best and median
 * of 7 runs) on the most salient person. --query-only measures an
 * existing database. Figures are printed, never asserted. Without the
 * data it says so and exits 0.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "w5.h"

typedef struct article {
    char *title;
    char *body;
} article;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Loads the articles: line 1 the title, the rest the body. */
static article *load_articles(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char *names[4096];
    size_t n = 0;
    *count = 0;
    if (!d)
        return NULL;
    while ((e = readdir(d)) && n < 4096)
        if (strstr(e->d_name, ".txt"))
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    article *arts = calloc(n ? n : 1, sizeof *arts);
    for (size_t i = 0; i < n; i++) {
        char path[PATH_MAX + 300];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        free(names[i]);
        char *text = read_all(path, &len);
        if (!text)
            continue;
        char *nl = strchr(text, '\n');
        if (nl)
            *nl = '\0';
        arts[*count].title = strdup(text);
        arts[*count].body = strdup(nl ? nl + 1 : "");
        (*count)++;
        free(text);
    }
    return arts;
}

/* Writes s JSON-escaped, without the surrounding quotes. */
static void put_json_raw(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
}

static void put_json(FILE *f, const char *s)
{
    fputc('"', f);
    put_json_raw(f, s);
    fputc('"', f);
}

/* Day `k` after 2019-01-01 as YYYY-MM-DD. */
static void date_of(long k, char *buf, size_t cap)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = 119;
    tm.tm_mday = 1 + (int)(k % 3000);
    tm.tm_hour = 12;
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    strftime(buf, cap, "%Y-%m-%d", &tm);
}

static int write_corpus(const char *path, const article *arts, size_t n_arts,
                        long docs, unsigned long long *bytes)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    for (long i = 0; i < docs; i++) {
        const article *a = &arts[i % (long)n_arts];
        char date[16], id[32], tail[96];
        date_of(i / (long)n_arts * 7 + i % 7, date, sizeof date);
        snprintf(id, sizeof id, "bench-%ld", i);
        snprintf(tail, sizeof tail, "\n\nThis is copy %ld of the report.", i);
        fputs("{\"id\":", f);
        put_json(f, id);
        fputs(",\"date\":", f);
        put_json(f, date);
        fputs(",\"title\":", f);
        put_json(f, a->title);
        fputs(",\"text\":", f);
        fputc('"', f);
        put_json_raw(f, a->body);
        put_json_raw(f, tail);
        fputs("\"}\n", f);
    }
    *bytes = (unsigned long long)ftell(f);
    return fclose(f);
}

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Times a query 7 times; prints best and median in ms. */
static void time_query(w5_store *store, const char *what, const char *name,
                       int kind)
{
    double t[7];
    size_t rows = 0;
    for (int i = 0; i < 7; i++) {
        w5_result *res = NULL;
        w5_error err;
        w5_query_options opts = w5_default_query_options();
        double t0 = now();
        int rc;
        if (kind == 0) {
            rc = w5_store_who(store, name, &opts, &res, &err);
        } else {
            opts.speaker = name;
            rc = w5_store_quotes(store, &opts, &res, &err);
        }
        t[i] = (now() - t0) * 1000;
        if (rc) {
            printf("  %s %s: %s\n", what, name, err.message);
            return;
        }
        rows = 0;
        for (size_t s = 0; s < w5_result_section_count(res); s++)
            rows += w5_result_row_count(res, s);
        w5_result_free(res);
    }
    qsort(t, 7, sizeof *t, cmp_double);
    printf("  %-22s %-24s best %7.2f ms  median %7.2f ms  (%zu rows)\n", what,
           name, t[0], t[3], rows);
}

/* The most salient person (else the entity in most documents): the
 * name asked about with `who` and `quotes --speaker`. */
static void pick_name(w5_store *store, char *name, size_t cap)
{
    static const char *const sections[] = {"most salient people",
                                           "top entities"};
    w5_result *res = NULL;
    w5_query_options opts = w5_default_query_options();
    opts.limit = 1;
    name[0] = '\0';
    if (w5_store_stats(store, &opts, &res, NULL) != W5_OK)
        return;
    for (int k = 0; k < 2 && !name[0]; k++)
        for (size_t s = 0; s < w5_result_section_count(res); s++)
            if (!strcmp(w5_result_section_name(res, s), sections[k]) &&
                w5_result_row_count(res, s))
                snprintf(name, cap, "%s", w5_result_value(res, s, 0, 0));
    w5_result_free(res);
}

/* Database size and query latency on an existing store; `ask` is the
 * name to ask about (NULL: the most salient person). */
static int measure(const char *db, const char *ask)
{
    char side[PATH_MAX + 8], name[256];
    w5_store *store = NULL;
    w5_error err;
    if (w5_store_open(db, W5_STORE_READ_ONLY, &store, &err)) {
        printf("bench ingest: %s\n", err.message);
        return 1;
    }
    w5_result *res = NULL;
    long long stored = 0;
    if (w5_store_stats(store, NULL, &res, &err) == W5_OK) {
        for (size_t r = 0; r < w5_result_row_count(res, 0); r++)
            if (!strcmp(w5_result_value(res, 0, r, 0), "documents"))
                stored = atoll(w5_result_value(res, 0, r, 1));
        w5_result_free(res);
    }
    snprintf(side, sizeof side, "%s-wal", db);
    long long db_bytes = file_size(db) + file_size(side);
    printf("  database               %lld documents, %.1f MB, %.2f MB per "
           "1,000 documents\n", stored, (double)db_bytes / 1e6,
           stored ? (double)db_bytes / 1e6 / ((double)stored / 1000) : 0);
    if (ask)
        snprintf(name, sizeof name, "%s", ask);
    else
        pick_name(store, name, sizeof name);
    if (name[0]) {
        time_query(store, "who", name, 0);
        time_query(store, "quotes --speaker", name, 1);
    } else {
        printf("  (no entities to query)\n");
    }
    w5_store_close(store);
    return 0;
}

int main(int argc, char **argv)
{
    const char *data = argc > 1 && argv[1][0] != '-' ? argv[1] : "../shared/data";
    /* W5_BENCH_INGEST_DOCS lets `make bench` run a shorter pass. */
    const char *env_docs = getenv("W5_BENCH_INGEST_DOCS");
    long docs = env_docs && atol(env_docs) > 0 ? atol(env_docs) : 100000;
    const char *threads = NULL, *keep = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--query-only") && i + 1 < argc)
            return measure(argv[i + 1], i + 2 < argc ? argv[i + 2] : NULL);
        if (!strcmp(argv[i], "--docs") && i + 1 < argc)
            docs = atol(argv[++i]);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = argv[++i];
        else if (!strcmp(argv[i], "--keep") && i + 1 < argc)
            keep = argv[++i];
    }
    char dir[PATH_MAX], w5[PATH_MAX + 16], exe[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/corpus/wikinews/articles", data);
    size_t n_arts;
    article *arts = load_articles(dir, &n_arts);
    if (!arts || n_arts == 0) {
        printf("bench ingest: skipped (no articles in %s)\n", dir);
        return 0;
    }
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[len > 0 ? len : 0] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    snprintf(w5, sizeof w5, "%s/../w5", exe);

    char tmp[] = "/tmp/w5-bench-ingest-XXXXXX";
    const char *work = keep;
    if (!work) {
        if (!mkdtemp(tmp)) {
            perror("mkdtemp");
            return 1;
        }
        work = tmp;
    } else {
        mkdir(work, 0755);
    }
    char corpus[PATH_MAX], db[PATH_MAX], side[PATH_MAX + 8];
    snprintf(corpus, sizeof corpus, "%s/corpus.jsonl", work);
    snprintf(db, sizeof db, "%s/bench.db", work);
    unlink(db);
    unsigned long long bytes = 0;
    if (write_corpus(corpus, arts, n_arts, docs, &bytes)) {
        perror(corpus);
        return 1;
    }
    printf("bench ingest: %ld documents (%zu Wikinews articles, varied), "
           "%.1f MB of JSONL\n", docs, n_arts, (double)bytes / 1e6);
    fflush(stdout);

    double t0 = now();
    pid_t pid = fork();
    if (pid == 0) {
        if (threads)
            execl(w5, w5, "ingest", "--db", db, "--quiet", "--threads", threads,
                  corpus, (char *)NULL);
        else
            execl(w5, w5, "ingest", "--db", db, "--quiet", corpus, (char *)NULL);
        perror(w5);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    wait4(pid, &status, 0, &ru);
    double secs = now() - t0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        printf("bench ingest: w5 ingest failed (status %d)\n", status);
        return 1;
    }

    w5_store *store = NULL;
    w5_error err;
    if (w5_store_open(db, W5_STORE_READ_ONLY, &store, &err)) {
        printf("bench ingest: %s\n", err.message);
        return 1;
    }
    w5_result *res = NULL;
    long long tokens = 0, stored = 0;
    if (w5_store_stats(store, NULL, &res, &err) == W5_OK) {
        for (size_t r = 0; r < w5_result_row_count(res, 0); r++) {
            const char *what = w5_result_value(res, 0, r, 0);
            if (!strcmp(what, "tokens"))
                tokens = atoll(w5_result_value(res, 0, r, 1));
            if (!strcmp(what, "documents"))
                stored = atoll(w5_result_value(res, 0, r, 1));
        }
        w5_result_free(res);
    }
    w5_store_close(store);
    printf("  ingest                 %lld documents, %lld tokens in %.1f s: "
           "%.1f docs/s, %.0f tokens/s\n", stored, tokens, secs,
           (double)stored / secs, (double)tokens / secs);
    printf("  peak RSS (w5 ingest)   %.1f MB\n", (double)ru.ru_maxrss / 1024);
    if (measure(db, NULL))
        return 1;
    if (!keep) {
        unlink(corpus);
        unlink(db);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", db);
        unlink(side);
        rmdir(work);
    }
    for (size_t i = 0; i < n_arts; i++) {
        free(arts[i].title);
        free(arts[i].body);
    }
    free(arts);
    return 0;
}
