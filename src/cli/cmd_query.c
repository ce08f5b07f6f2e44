/*
 * cmd_query.c - `w5 query [--db PATH] SUBCOMMAND`: asks the corpus store
 * and formats what the library returns (w5_store_* queries give w5_result
 * tables; nothing is computed here). Output: aligned tables on a terminal
 * (or with --format table), JSON or CSV for programs; the network also as
 * GraphML or GEXF.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

typedef enum out_format {
    OUT_TABLE = 0, OUT_JSON, OUT_CSV, OUT_GRAPHML, OUT_GEXF
} out_format;

/* ---- text helpers ----------------------------------------------------------- */

/* Display width of UTF-8 text: code points, not bytes (good enough for
 * aligning Latin-script names). */
static size_t text_width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            w++;
    return w;
}

/* Prints s cut to `max` columns, newlines as spaces, padded to `pad`. */
static void put_cell(const char *s, size_t max, size_t pad)
{
    size_t w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && w < max) {
        unsigned char c = *p;
        if ((c & 0xC0) != 0x80)
            w++;
        if (w == max && p[1] && text_width((const char *)p) > 1) {
            fputs("…", stdout);
            /* skip the rest */
            while (*p)
                p++;
            break;
        }
        putchar(c == '\n' || c == '\t' || c == '\r' ? ' ' : c);
        p++;
    }
    while (w++ < pad)
        putchar(' ');
}

static void put_json_string(const char *s)
{
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", stdout); break;
        case '\\': fputs("\\\\", stdout); break;
        case '\n': fputs("\\n", stdout); break;
        case '\r': fputs("\\r", stdout); break;
        case '\t': fputs("\\t", stdout); break;
        default:
            if (*p < 0x20)
                printf("\\u%04x", *p);
            else
                putchar(*p);
        }
    }
    putchar('"');
}

static void put_csv_field(const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, stdout);
        return;
    }
    putchar('"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            putchar('"');
        putchar(*p);
    }
    putchar('"');
}

static void put_xml_text(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '<': fputs("&lt;", stdout); break;
        case '>': fputs("&gt;", stdout); break;
        case '&': fputs("&amp;", stdout); break;
        case '"': fputs("&quot;", stdout); break;
        default:
            if (*p >= 0x20 || *p == '\n' || *p == '\t')
                putchar(*p);
        }
    }
}

/* ---- generic result writers --------------------------------------------------- */

#define MAX_COL_WIDTH 60

static void write_table(const w5_result *res)
{
    for (size_t s = 0; s < w5_result_section_count(res); s++) {
        size_t ncols = w5_result_column_count(res, s);
        size_t nrows = w5_result_row_count(res, s);
        size_t width[32] = {0};
        if (ncols > 32)
            ncols = 32;
        printf("%s%s\n", s ? "\n" : "", w5_result_section_name(res, s));
        if (nrows == 0) {
            printf("  (none)\n");
            continue;
        }
        for (size_t c = 0; c < ncols; c++) {
            width[c] = text_width(w5_result_column_name(res, s, c));
            for (size_t r = 0; r < nrows; r++) {
                const char *v = w5_result_value(res, s, r, c);
                size_t w = v ? text_width(v) : 0;
                if (w > width[c])
                    width[c] = w;
            }
            /* The last column may run long (quotes, snippets). */
            if (width[c] > MAX_COL_WIDTH && c + 1 < ncols)
                width[c] = MAX_COL_WIDTH;
        }
        for (size_t c = 0; c < ncols; c++) {
            fputs("  ", stdout);
            put_cell(w5_result_column_name(res, s, c), width[c],
                     c + 1 < ncols ? width[c] : 0);
        }
        putchar('\n');
        for (size_t r = 0; r < nrows; r++) {
            for (size_t c = 0; c < ncols; c++) {
                const char *v = w5_result_value(res, s, r, c);
                fputs("  ", stdout);
                put_cell(v ? v : "", c + 1 < ncols ? width[c] : (size_t)-1,
                         c + 1 < ncols ? width[c] : 0);
            }
            putchar('\n');
        }
    }
}

/* {"section": [{"col": value, ...}, ...], ...} on one line. */
static void write_json(const w5_result *res)
{
    putchar('{');
    for (size_t s = 0; s < w5_result_section_count(res); s++) {
        if (s)
            putchar(',');
        put_json_string(w5_result_section_name(res, s));
        fputs(":[", stdout);
        size_t ncols = w5_result_column_count(res, s);
        for (size_t r = 0; r < w5_result_row_count(res, s); r++) {
            fputs(r ? ",{" : "{", stdout);
            for (size_t c = 0; c < ncols; c++) {
                const char *v = w5_result_value(res, s, r, c);
                if (c)
                    putchar(',');
                put_json_string(w5_result_column_name(res, s, c));
                putchar(':');
                if (!v)
                    fputs("null", stdout);
                else if (w5_result_column_numeric(res, s, c))
                    fputs(v, stdout);
                else
                    put_json_string(v);
            }
            putchar('}');
        }
        putchar(']');
    }
    fputs("}\n", stdout);
}

/* One CSV table per section; with several, each starts with "# name" and
 * they are separated by a blank line. */
static void write_csv(const w5_result *res)
{
    size_t nsec = w5_result_section_count(res);
    for (size_t s = 0; s < nsec; s++) {
        if (nsec > 1)
            printf("%s# %s\n", s ? "\n" : "", w5_result_section_name(res, s));
        size_t ncols = w5_result_column_count(res, s);
        for (size_t c = 0; c < ncols; c++) {
            if (c)
                putchar(',');
            put_csv_field(w5_result_column_name(res, s, c));
        }
        putchar('\n');
        for (size_t r = 0; r < w5_result_row_count(res, s); r++) {
            for (size_t c = 0; c < ncols; c++) {
                const char *v = w5_result_value(res, s, r, c);
                if (c)
                    putchar(',');
                put_csv_field(v ? v : "");
            }
            putchar('\n');
        }
    }
}

static size_t find_section(const w5_result *res, const char *name)
{
    for (size_t s = 0; s < w5_result_section_count(res); s++)
        if (strcmp(w5_result_section_name(res, s), name) == 0)
            return s;
    return (size_t)-1;
}

/* The network sections: nodes (id, name, type, documents), edges
 * (source, target, weight). */
static void write_graph(const w5_result *res, out_format format)
{
    size_t nodes = find_section(res, "nodes"), edges = find_section(res, "edges");
    size_t events = find_section(res, "event edges");
    size_t nn = w5_result_row_count(res, nodes), ne = w5_result_row_count(res, edges);
    size_t nv = w5_result_row_count(res, events);
    puts("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    if (format == OUT_GRAPHML) {
        puts("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">");
        puts("  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>");
        puts("  <key id=\"type\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>");
        puts("  <key id=\"documents\" for=\"node\" attr.name=\"documents\" attr.type=\"int\"/>");
        puts("  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"int\"/>");
        puts("  <key id=\"kind\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>");
        puts("  <key id=\"codes\" for=\"edge\" attr.name=\"codes\" attr.type=\"string\"/>");
        puts("  <graph id=\"w5\" edgedefault=\"undirected\">");
        for (size_t r = 0; r < nn; r++) {
            printf("    <node id=\"n%s\"><data key=\"name\">",
                   w5_result_value(res, nodes, r, 0));
            put_xml_text(w5_result_value(res, nodes, r, 1));
            printf("</data><data key=\"type\">%s</data>"
                   "<data key=\"documents\">%s</data></node>\n",
                   w5_result_value(res, nodes, r, 2),
                   w5_result_value(res, nodes, r, 3));
        }
        for (size_t r = 0; r < ne; r++)
            printf("    <edge source=\"n%s\" target=\"n%s\"><data key=\"weight\">"
                   "%s</data><data key=\"kind\">co-occurrence</data></edge>\n",
                   w5_result_value(res, edges, r, 0),
                   w5_result_value(res, edges, r, 1),
                   w5_result_value(res, edges, r, 2));
        for (size_t r = 0; r < nv; r++) {
            const char *codes = w5_result_value(res, events, r, 3);
            printf("    <edge source=\"n%s\" target=\"n%s\" directed=\"true\">"
                   "<data key=\"weight\">%s</data><data key=\"kind\">event"
                   "</data><data key=\"codes\">",
                   w5_result_value(res, events, r, 0),
                   w5_result_value(res, events, r, 1),
                   w5_result_value(res, events, r, 2));
            put_xml_text(codes ? codes : "");
            puts("</data></edge>");
        }
        puts("  </graph>\n</graphml>");
        return;
    }
    puts("<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">");
    puts("  <graph mode=\"static\" defaultedgetype=\"undirected\">");
    puts("    <attributes class=\"node\">");
    puts("      <attribute id=\"0\" title=\"type\" type=\"string\"/>");
    puts("      <attribute id=\"1\" title=\"documents\" type=\"integer\"/>");
    puts("    </attributes>\n    <nodes>");
    for (size_t r = 0; r < nn; r++) {
        printf("      <node id=\"%s\" label=\"", w5_result_value(res, nodes, r, 0));
        put_xml_text(w5_result_value(res, nodes, r, 1));
        printf("\"><attvalues><attvalue for=\"0\" value=\"%s\"/>"
               "<attvalue for=\"1\" value=\"%s\"/></attvalues></node>\n",
               w5_result_value(res, nodes, r, 2),
               w5_result_value(res, nodes, r, 3));
    }
    puts("    </nodes>\n    <edges>");
    for (size_t r = 0; r < ne; r++)
        printf("      <edge id=\"%zu\" source=\"%s\" target=\"%s\" weight=\"%s\"/>\n",
               r, w5_result_value(res, edges, r, 0),
               w5_result_value(res, edges, r, 1),
               w5_result_value(res, edges, r, 2));
    for (size_t r = 0; r < nv; r++) {
        const char *codes = w5_result_value(res, events, r, 3);
        printf("      <edge id=\"e%zu\" source=\"%s\" target=\"%s\" "
               "type=\"directed\" weight=\"%s\" label=\"",
               r, w5_result_value(res, events, r, 0),
               w5_result_value(res, events, r, 1),
               w5_result_value(res, events, r, 2));
        put_xml_text(codes ? codes : "event");
        puts("\"/>");
    }
    puts("    </edges>\n  </graph>\n</gexf>");
}

/* ---- the command ---------------------------------------------------------------- */

static void usage(FILE *f)
{
    fprintf(f,
        "usage: w5 query [--db PATH] [--format table|json|csv] [--limit N]\n"
        "                SUBCOMMAND [ARGS]\n\n"
        "Asks a corpus database made by 'w5 ingest' (default w5.db).\n\n"
        "  who NAME                 types, roles over time, most salient quotes,\n"
        "                           co-mentioned entities and documents\n"
        "  quotes [--speaker NAME] [--about TEXT] [--since DATE] [--until DATE]\n"
        "  search TEXT              full-text search with highlighted snippets\n"
        "  network [--types PERSON,ORG,LOC] [--min-weight N]\n"
        "                           co-occurrence network; --format graphml|gexf|csv|json\n"
        "  timeline NAME [--by day|week|month] [--since DATE] [--until DATE]\n"
        "  stats                    counts and top entities\n\n"
        "Options may come before or after the subcommand. Tables go to a\n"
        "terminal; json and csv are for programs. DATE is YYYY-MM-DD.\n");
}

static int parse_out_format(const char *s, out_format *f)
{
    static const char *const names[] = {"table", "json", "csv", "graphml",
                                        "gexf"};
    for (int i = 0; i < 5; i++)
        if (strcmp(s, names[i]) == 0) {
            *f = (out_format)i;
            return 0;
        }
    return -1;
}

static int valid_date(const char *s)
{
    if (strlen(s) != 10)
        return 0;
    for (int i = 0; i < 10; i++)
        if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return 0;
    return 1;
}

int cmd_query(int argc, char **argv)
{
    const char *db_path = "w5.db", *format_name = NULL, *value;
    const char *sub = NULL, *args[8];
    int nargs = 0, rc;
    w5_query_options opts = w5_default_query_options();
    out_format format = OUT_TABLE;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return CLI_OK;
        }
        if ((rc = cli_option(argc, argv, &i, "--db", &db_path)) ||
            (rc = cli_option(argc, argv, &i, "--format", &format_name)) ||
            (rc = cli_option(argc, argv, &i, "--speaker", &opts.speaker)) ||
            (rc = cli_option(argc, argv, &i, "--about", &opts.about)) ||
            (rc = cli_option(argc, argv, &i, "--since", &opts.since)) ||
            (rc = cli_option(argc, argv, &i, "--until", &opts.until)) ||
            (rc = cli_option(argc, argv, &i, "--types", &opts.types))) {
            if (rc < 0)
                return CLI_USAGE;
        } else if ((rc = cli_option(argc, argv, &i, "--limit", &value)) ||
                   (rc = cli_option(argc, argv, &i, "--min-weight", &value))) {
            char *end;
            long n = rc < 0 ? -1 : strtol(value, &end, 10);
            if (rc < 0 || n < 0 || *end || end == value)
                return cli_usage_error("query", "%s needs a number", a);
            if (strncmp(a, "--limit", 7) == 0)
                opts.limit = (size_t)n;
            else
                opts.min_weight = n;
        } else if ((rc = cli_option(argc, argv, &i, "--by", &value))) {
            if (rc < 0)
                return CLI_USAGE;
            if (strcmp(value, "day") == 0)
                opts.by = W5_PERIOD_DAY;
            else if (strcmp(value, "week") == 0)
                opts.by = W5_PERIOD_WEEK;
            else if (strcmp(value, "month") == 0)
                opts.by = W5_PERIOD_MONTH;
            else
                return cli_usage_error("query", "--by takes day, week or month");
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error("query", "unknown option %s", a);
        } else if (!sub) {
            sub = a;
        } else if (nargs < 8) {
            args[nargs++] = a;
        } else {
            return cli_usage_error("query", "too many arguments");
        }
    }
    if (!sub)
        return cli_usage_error("query", "which query? (who, quotes, search, "
                                        "network, timeline, stats)");
    if (format_name && parse_out_format(format_name, &format))
        return cli_usage_error("query", "unknown format %s", format_name);
    if ((format == OUT_GRAPHML || format == OUT_GEXF) &&
        strcmp(sub, "network") != 0)
        return cli_usage_error("query", "%s is for the network only",
                               format_name);
    if ((opts.since && !valid_date(opts.since)) ||
        (opts.until && !valid_date(opts.until)))
        return cli_usage_error("query", "dates are YYYY-MM-DD");
    int tty = isatty(STDOUT_FILENO);
    if (!format_name && strcmp(sub, "network") == 0 && !tty)
        format = OUT_CSV;
    /* Join the words of NAME / TEXT so quoting is optional. */
    char joined[1024] = "";
    for (int i = 0; i < nargs; i++) {
        size_t len = strlen(joined);
        snprintf(joined + len, sizeof joined - len, "%s%s", i ? " " : "",
                 args[i]);
    }
    int needs_arg = strcmp(sub, "who") == 0 || strcmp(sub, "search") == 0 ||
                    strcmp(sub, "timeline") == 0;
    if (needs_arg && nargs == 0)
        return cli_usage_error("query", "%s needs a name or words", sub);
    if (!needs_arg && nargs > 0)
        return cli_usage_error("query", "%s takes no argument (got %s)", sub,
                               args[0]);
    if (format == OUT_TABLE && tty) {
        opts.mark_open = "\033[1m";
        opts.mark_close = "\033[0m";
    }

    w5_store *store = NULL;
    w5_result *res = NULL;
    w5_error err;
    if (access(db_path, F_OK) != 0 && strncmp(db_path, "file:", 5) != 0) {
        fprintf(stderr, "w5 query: %s: no such database (make one with "
                        "'w5 ingest --db %s FILES')\n", db_path, db_path);
        return CLI_FAILED;
    }
    if (w5_store_open(db_path, W5_STORE_READ_ONLY, &store, &err)) {
        fprintf(stderr, "w5 query: %s: %s\n", db_path, err.message);
        return CLI_FAILED;
    }
    if (strcmp(sub, "who") == 0)
        rc = w5_store_who(store, joined, &opts, &res, &err);
    else if (strcmp(sub, "quotes") == 0)
        rc = w5_store_quotes(store, &opts, &res, &err);
    else if (strcmp(sub, "search") == 0)
        rc = w5_store_search(store, joined, &opts, &res, &err);
    else if (strcmp(sub, "network") == 0)
        rc = w5_store_network(store, &opts, &res, &err);
    else if (strcmp(sub, "timeline") == 0)
        rc = w5_store_timeline(store, joined, &opts, &res, &err);
    else if (strcmp(sub, "stats") == 0)
        rc = w5_store_stats(store, &opts, &res, &err);
    else {
        w5_store_close(store);
        return cli_usage_error("query", "unknown query %s", sub);
    }
    if (rc) {
        fprintf(stderr, "w5 query: %s\n", err.message);
        w5_store_close(store);
        return CLI_FAILED;
    }
    switch (format) {
    case OUT_JSON: write_json(res); break;
    case OUT_CSV: write_csv(res); break;
    case OUT_GRAPHML:
    case OUT_GEXF: write_graph(res, format); break;
    default: write_table(res); break;
    }
    w5_result_free(res);
    w5_store_close(store);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "w5 query: cannot write output: %s\n", strerror(errno));
        return CLI_FAILED;
    }
    return CLI_OK;
}
