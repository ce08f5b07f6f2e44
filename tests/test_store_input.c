/*
 * test_store_input.c - the ingest readers: the HTML article extractor and
 * the gzip/zstd/plain input stream (lines across block boundaries,
 * concatenated members, truncated and corrupt data).
 */
#include <stdio.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "check.h"
#include "input/compressed.h"
#include "input/html.h"

static void test_html_article(void)
{
    static const char page[] =
        "<html><head><title>Site | Old title</title>"
        "<meta property=\"og:title\" content=\" Talks  resume \">"
        "<meta name=\"date\" content=\"2013-04-24\">"
        "<style>p { color: red }</style></head><body>"
        "<nav><p>Home News Sport</p></nav>"
        "<div class=\"cookie-banner\">We use cookies</div>"
        "<article><p>Kerry   said:\n \xe2\x80\x9cWe made progress.\xe2\x80\x9d</p>"
        "<aside>Related: other story</aside>"
        "<div class=\"ad-slot\">Buy now</div>"
        "<p><b>Karzai</b> <i>met</i> Kayani.</p><script>var s='<p>x</p>';</script>"
        "</article><footer>(c) 2013</footer></body></html>";
    w5_html_article a;
    w5_error err;
    CHECK(w5_html_extract(page, sizeof page - 1, &a, &err) == W5_OK, "%s",
          err.message);
    CHECK_STR(a.title, "Talks resume");
    CHECK_STR(a.date, "2013-04-24");
    CHECK_STR(a.text, "Kerry said: \xe2\x80\x9cWe made progress.\xe2\x80\x9d"
                      "\n\nKarzai met Kayani.");
    CHECK(a.text_len == strlen(a.text), "length");
    w5_html_article_free(&a);
}

static void test_html_fallbacks(void)
{
    /* No meta: <title>, <time datetime>, <body> text; UTF-8 without a
     * declared charset stays UTF-8. */
    static const char page[] =
        "<title>Caf\xc3\xa9 news</title><body><time datetime=\"2020-03-01\">"
        "March 1</time><p>One.</p><p>Two &amp; three.</p>";
    w5_html_article a;
    CHECK(w5_html_extract(page, sizeof page - 1, &a, NULL) == W5_OK, "parse");
    CHECK_STR(a.title, "Caf\xc3\xa9 news");
    CHECK_STR(a.date, "2020-03-01");
    CHECK(a.text && strstr(a.text, "One.\n\nTwo & three."), "text: %s",
          a.text ? a.text : "(null)");
    w5_html_article_free(&a);
    CHECK(w5_html_extract("", 0, &a, NULL) == W5_OK && a.text && !*a.text,
          "empty page");
    CHECK(a.title == NULL && a.date == NULL, "nothing found");
    w5_html_article_free(&a);
    CHECK(w5_html_name("a/B.HTML", 8) && w5_html_name("x.htm.gz", 5) &&
              !w5_html_name("x.txt", 5), "html names");
}

/* gzip-compresses (one member) into a malloc'd buffer. */
static unsigned char *gzip_bytes(const char *s, size_t n, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
    size_t cap = deflateBound(&z, (uLong)n) + 32;
    unsigned char *out = malloc(cap);
    z.next_in = (unsigned char *)s;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    deflate(&z, Z_FINISH);
    *out_len = cap - z.avail_out;
    deflateEnd(&z);
    return out;
}

/* Counts the lines of a buffer through a w5_instream. */
static int count_lines(const void *data, size_t len, size_t *lines,
                       size_t *bytes, w5_compression *kind)
{
    FILE *f = fmemopen((void *)data, len, "rb");
    w5_instream *s = NULL;
    w5_error err;
    const char *line;
    size_t n;
    int rc = w5_instream_from_file(f, &s, &err);
    *lines = *bytes = 0;
    if (rc == W5_OK) {
        *kind = w5_instream_compression(s);
        while ((rc = w5_instream_getline(s, &line, &n, &err)) == 1) {
            (*lines)++;
            *bytes += n;
        }
    }
    w5_instream_close(s);
    fclose(f);
    return rc;
}

static void test_streams(void)
{
    /* 3000 lines of 100 bytes, one of 300 KB: lines cross blocks. */
    size_t n = 3000 * 100 + 300001;
    char *text = malloc(n + 1);
    for (size_t i = 0; i < 3000 * 100; i++)
        text[i] = i % 100 == 99 ? '\n' : (char)('a' + i % 26);
    memset(text + 3000 * 100, 'x', 300000);
    text[n - 1] = '\n';
    size_t lines, bytes, zlen;
    w5_compression kind;
    CHECK(count_lines(text, n, &lines, &bytes, &kind) == 0 && lines == 3001 &&
              bytes == n && kind == W5_COMPRESSION_NONE,
          "plain: %zu lines %zu bytes", lines, bytes);

    unsigned char *gz = gzip_bytes(text, n, &zlen);
    CHECK(count_lines(gz, zlen, &lines, &bytes, &kind) == 0 && lines == 3001 &&
              bytes == n && kind == W5_COMPRESSION_GZIP,
          "gzip: %zu lines", lines);
    /* Two members back to back (cat a.gz b.gz). */
    unsigned char *two = malloc(2 * zlen);
    memcpy(two, gz, zlen);
    memcpy(two + zlen, gz, zlen);
    CHECK(count_lines(two, 2 * zlen, &lines, &bytes, &kind) == 0 &&
              lines == 6002, "gzip members: %zu lines", lines);
    /* Truncated and corrupt gzip are errors, not short input. */
    CHECK(count_lines(gz, zlen / 2, &lines, &bytes, &kind) == W5_ERR_FORMAT,
          "truncated gzip");
    gz[zlen / 2] ^= 0x55;
    gz[zlen / 2 + 1] ^= 0x55;
    CHECK(count_lines(gz, zlen, &lines, &bytes, &kind) < 0, "corrupt gzip");

    size_t cap = ZSTD_compressBound(n);
    unsigned char *zs = malloc(cap);
    size_t zslen = ZSTD_compress(zs, cap, text, n, 3);
    CHECK(!ZSTD_isError(zslen), "zstd compress");
    CHECK(count_lines(zs, zslen, &lines, &bytes, &kind) == 0 && lines == 3001 &&
              bytes == n && kind == W5_COMPRESSION_ZSTD,
          "zstd: %zu lines", lines);
    CHECK(count_lines(zs, zslen - 10, &lines, &bytes, &kind) == W5_ERR_FORMAT,
          "truncated zstd");

    /* w5_decompress: whole buffers, and the size limit. */
    char *out = NULL;
    size_t out_len = 0;
    CHECK(w5_decompress(zs, zslen, n, &out, &out_len, NULL) == W5_OK &&
              out_len == n && memcmp(out, text, n) == 0, "decompress");
    free(out);
    CHECK(w5_decompress(zs, zslen, n - 1, &out, &out_len, NULL) ==
              W5_ERR_TOO_LARGE, "limit");
    CHECK(w5_decompress("", 0, 10, &out, &out_len, NULL) == W5_OK &&
              out_len == 0, "empty");
    free(out);
    size_t stem;
    CHECK(w5_compressed_name("a.jsonl.gz", &stem) && stem == 7, "gz name");
    CHECK(w5_compressed_name("a.zst", &stem) && stem == 1, "zst name");
    CHECK(!w5_compressed_name("a.txt", &stem) && stem == 5, "plain name");
    free(zs);
    free(two);
    free(gz);
    free(text);
}

int main(void)
{
    RUN(test_html_article);
    RUN(test_html_fallbacks);
    RUN(test_streams);
    return check_summary();
}
