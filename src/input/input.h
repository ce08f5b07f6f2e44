/*
 * input.h - readers of outside input into w5_doc: JSON Lines documents
 * (one JSON object per line). Parsers here never trust their input: every
 * malformed line gives W5_ERR_FORMAT with a message, never a crash.
 */
#ifndef W5_INPUT_H
#define W5_INPUT_H

#include <stddef.h>

#include "w5.h"

/* Parses one JSONL line (`len` bytes, need not be NUL-terminated; a
 * trailing CR/LF is allowed) holding a JSON object with a required string
 * "text" and optional "id", "title", "date", "url" (strings or null; an
 * integer id is taken as its decimal string). Other fields are ignored.
 * On success *out is a new document with its text and metadata set (the
 * caller frees it with w5_doc_free); a date that is not YYYY-MM-DD is kept
 * as metadata, like w5_doc_set_meta does. On failure *out is NULL and err
 * says what is wrong (W5_ERR_FORMAT, W5_ERR_TOO_LARGE or W5_ERR_NOMEM). */
int w5_jsonl_parse_doc(const char *line, size_t len, w5_doc **out,
                       w5_error *err);

/* 1 when the line holds only whitespace (such lines are skipped, not
 * errors: a file often ends with an empty line). */
int w5_jsonl_blank(const char *line, size_t len);

#endif
