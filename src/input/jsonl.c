/*
 * jsonl.c - one JSON Lines record into a w5_doc. The JSON is parsed by
 * jansson (strict: invalid UTF-8, duplicate keys and trailing garbage are
 * errors); the record must be an object with a string "text".
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "input/input.h"
#include "util/util.h"

int w5_jsonl_blank(const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '\n')
            return 0;
    return 1;
}

static const struct {
    const char *name;
    w5_meta_key key;
} meta_fields[] = {
    {"id", W5_META_ID},
    {"title", W5_META_TITLE},
    {"date", W5_META_DATE},
    {"url", W5_META_URL},
};

/* Sets one metadata field from the object, if present. */
static int set_meta_field(w5_doc *doc, json_t *obj, const char *name,
                          w5_meta_key key, w5_error *err)
{
    json_t *v = json_object_get(obj, name);
    char number[32];
    const char *value;
    if (!v || json_is_null(v))
        return W5_OK;
    if (json_is_string(v)) {
        value = json_string_value(v);
        /* A NUL inside (\u0000) would cut the value short silently. */
        if (strlen(value) != json_string_length(v))
            return w5_fail(err, W5_ERR_FORMAT, "field \"%s\" contains a NUL "
                           "character", name);
    } else if (key == W5_META_ID && json_is_integer(v)) {
        snprintf(number, sizeof number, "%" JSON_INTEGER_FORMAT,
                 json_integer_value(v));
        value = number;
    } else {
        return w5_fail(err, W5_ERR_FORMAT, "field \"%s\" must be a string",
                       name);
    }
    int rc = w5_doc_set_meta(doc, key, value, err);
    /* A date that is not YYYY-MM-DD is kept, only not used as an anchor. */
    if (rc == W5_ERR_FORMAT && key == W5_META_DATE) {
        w5_error_clear(err);
        return W5_OK;
    }
    return rc;
}

int w5_jsonl_parse_doc(const char *line, size_t len, w5_doc **out,
                       w5_error *err)
{
    if (!out)
        return w5_fail(err, W5_ERR_INVALID, "w5_jsonl_parse_doc: out is NULL");
    *out = NULL;
    if (!line && len)
        return w5_fail(err, W5_ERR_INVALID, "w5_jsonl_parse_doc: line is NULL");
    if (len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) { /* BOM */
        line += 3;
        len -= 3;
    }
    if (w5_jsonl_blank(line, len))
        return w5_fail(err, W5_ERR_FORMAT, "empty line, expected a JSON object");
    json_error_t jerr;
    json_t *obj = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
                             &jerr);
    if (!obj)
        return w5_fail(err, W5_ERR_FORMAT, "invalid JSON at column %d: %s",
                       jerr.column, jerr.text);
    int rc = W5_OK;
    w5_doc *doc = NULL;
    json_t *text = json_object_get(obj, "text");
    if (!json_is_object(obj))
        rc = w5_fail(err, W5_ERR_FORMAT, "expected a JSON object");
    else if (!text)
        rc = w5_fail(err, W5_ERR_FORMAT, "missing field \"text\"");
    else if (!json_is_string(text))
        rc = w5_fail(err, W5_ERR_FORMAT, "field \"text\" must be a string");
    else
        rc = w5_doc_new(json_string_value(text), json_string_length(text),
                        &doc, err);
    for (size_t i = 0; rc == W5_OK && i < sizeof meta_fields / sizeof *meta_fields; i++)
        rc = set_meta_field(doc, obj, meta_fields[i].name, meta_fields[i].key, err);
    json_decref(obj);
    if (rc) {
        w5_doc_free(doc);
        return rc;
    }
    *out = doc;
    return W5_OK;
}
