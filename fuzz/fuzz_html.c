/*
 * fuzz_html.c - libFuzzer target for the HTML article extractor: any bytes
 * are a page. The extractor must not crash or leak, and what it returns
 * must hold its promises (abort() otherwise):
 *   - text is never NULL and text_len is its length;
 *   - paragraphs are separated by exactly one blank line: no "\n\n\n",
 *     no leading or trailing newline, no run of two spaces;
 *   - a date, when found, starts with YYYY-MM-DD.
 * The same bytes also go through the decompressor (as gzip/zstd/plain).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input/compressed.h"
#include "input/html.h"

static void check_article(const w5_html_article *a)
{
    if (!a->text || strlen(a->text) != a->text_len)
        abort();
    if (strstr(a->text, "\n\n\n") || strstr(a->text, "  "))
        abort();
    if (a->text_len && (a->text[0] == '\n' || a->text[a->text_len - 1] == '\n'))
        abort();
    if (a->date) {
        for (int i = 0; i < 10; i++) {
            char c = a->date[i];
            if ((i == 4 || i == 7) ? c != '-' : (c < '0' || c > '9'))
                abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    w5_html_article a;
    w5_error err;
    if (w5_html_extract((const char *)data, size, &a, &err) == W5_OK)
        check_article(&a);
    w5_html_article_free(&a);

    char *out = NULL;
    size_t out_len = 0;
    if (w5_decompress(data, size, 1 << 20, &out, &out_len, &err) == W5_OK &&
        out[out_len] != '\0')
        abort();
    free(out);
    return 0;
}
