/*
 * values.h - rule-based value mentions and nationality/group mentions:
 * DATE, TIME, MONEY, PERCENT, QUANTITY, CARDINAL, ORDINAL and NORP, with
 * OntoNotes-style spans:
 *   DATE      "Wednesday", "April 24, 2013", "1984", "next year",
 *             "last week", "weeks", "three years ago", "the 1990s"
 *   TIME      "10:30 a.m.", "Monday morning", "more than three hours"
 *   MONEY     "$1.5bn", "£3 million", "10 euros"
 *   PERCENT   "5%", "5 per cent"
 *   QUANTITY  "2,600-km", "27-acre", "10 kilometres", "5 tons"
 *   CARDINAL  "three", "2,600";  ORDINAL "first", "3rd"
 *   NORP      demonyms and groups from the lexicon: "Afghan",
 *             "Pakistanis", "Flemish", "Muslims", "Republicans"
 * Approximators belong to the span ("more than three hours", "about $5").
 *
 * Rules run over the fine words of time/timewords.h, so they see the
 * same thing whether the tokenizer cut "2,600-km" or kept it whole. A
 * mention may then cover part of a token ("Flemish" in "Flemish-style");
 * its token range is that of the tokens it touches.
 */
#ifndef W5_VALUES_H
#define W5_VALUES_H

#include "doc/doc.h"
#include "lexicon/lexicon.h"

/* Appends the value and NORP mentions of doc (tokens and sentences must be
 * there) to doc->ments, in text order among themselves; kind
 * W5_MENTION_NAME, entity -1. `lex` may be NULL: no NORP then. */
int w5_values_run(const w5_lexicon *lex, w5_doc *doc, w5_error *err);

#endif
