/*
 * text.h - the text layer: tokens (UD English conventions) and sentences.
 * Both read doc->text and fill doc->toks / doc->sents; no model needed.
 */
#ifndef W5_TEXT_H
#define W5_TEXT_H

#include "doc/doc.h"

/* Fills doc->toks (and doc->invalid_bytes) from doc->text. */
int w5_text_tokenize(w5_doc *doc, w5_error *err);
/* Fills doc->sents from the tokens and sets every token's `sent`. */
int w5_text_split_sentences(w5_doc *doc, w5_error *err);

#endif
