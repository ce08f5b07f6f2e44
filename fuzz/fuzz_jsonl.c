/* fuzz_jsonl.c - libFuzzer target: one JSONL line through
 * w5_jsonl_parse_doc and, when it parses, the tokenizer and every writer
 * (the writers must turn any text into valid output, never crash). */
#include <stdint.h>
#include <stdlib.h>

#include "input/input.h"
#include "w5.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    w5_doc *doc = NULL;
    w5_error err;
    if (w5_jsonl_parse_doc((const char *)data, size, &doc, &err) != W5_OK)
        return 0;
    if (w5_analyze(NULL, doc, W5_STAGE_TOKENS | W5_STAGE_SENTENCES, &err) == W5_OK) {
        for (int f = W5_FORMAT_TEXT; f <= W5_FORMAT_TOKENS; f++) {
            char *out = NULL;
            if (w5_doc_write(doc, (w5_format)f, &out, NULL, &err) == W5_OK)
                w5_free(out);
        }
    }
    w5_doc_free(doc);
    return 0;
}
