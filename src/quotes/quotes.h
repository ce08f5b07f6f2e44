/*
 * quotes.h - direct and reported speech with their speakers.
 *
 * The stage reads the text, tokens and sentences, and uses whatever later
 * layers exist: tags and parse (subjects of speech verbs), mentions and
 * entities (who the speaker is). It works without any of them and gets
 * better with each.
 *
 * How it works
 * ------------
 * 1. The tokens are cut into "units": words, and single punctuation
 *    characters (so it does not matter whether the tokenizer split the
 *    quotation marks off the words). Paragraphs are found in the text
 *    itself (blank lines) and sentences by our own rule (a . ! or ? before
 *    a capital, not after an abbreviation), so a quote frame like
 *    `"Go!" Kerry said` is never cut off from its quote.
 * 2. Quotation marks are paired: straight or curly, double or single
 *    (and '' as a double mark), with the other kind nested inside; a paragraph that opens a quote
 *    without closing it continues into the next paragraph when that one
 *    opens with a mark (the newspaper convention).
 * 3. Each quoted span gets a frame: a cue word (a speech verb from the
 *    table in quotes.c, "according to", or a colon) before it (`Kerry
 *    said: "..."`, `he said, "..."`, a paragraph ending in a colon) or
 *    after it (`"...," said Kerry`, `"...," Kerry told reporters`), and
 *    the speaker phrase next to the cue: the subject before it (past
 *    adverbs, appositions, relative clauses and parentheses: `Hugh Hill,
 *    a doctor, said`), the inverted subject after it, or for a
 *    participle ("..., saying") the subject of the clause. A quoted span
 *    that fills its sentence is DIRECT; one inside a sentence is PARTIAL
 *    (its cue: the verb right before it, else the nearest speech verb of
 *    the sentence); a short quoted phrase with no cue is a scare quote or
 *    a title and is dropped.
 * 4. Verbs outside quotes that take a clause give INDIRECT quotes whose
 *    content is the reported clause with its "that": `say (that) ...`,
 *    `told reporters (that) ...`, `asked whether ...`, `accused X of Y`,
 *    `wants to ...`, `..., Kerry said.`, `The plan, he said, is dead.`,
 *    `According to X, ...`, and a headline `Graham: Trump's ...`. The
 *    content ends before a new verb phrase of the speaker (", and said"),
 *    a participle adjunct (", drawing ...") or a trailing frame. PolNeAR
 *    also counts what is no speech, and so do we: commitments (`vowed to`,
 *    `urged X to`), impressions with no speaker (`X seemed to ...`, `X is
 *    expected to ...`, `X reportedly ...`: the whole clause), nouns with a
 *    that-clause (`Trump's claim that ...`, the possessor speaking),
 *    unattributed questions (`when asked whether ...`). Without
 *    tags, cue forms that are also nouns ("a phone call") count only after
 *    a subject-like word; with tags, only verbs count.
 * 5. With a parse, stance words (a table in stance.c: verbs, nouns and
 *    adjectives of speech, thought and evaluation) that no quote above
 *    holds give INDIRECT quotes whose content is their object: "X
 *    criticized the deal", "his criticism of the plan", "X is wary of
 *    ...", the subject of a passive ("the plan was rejected by X"), the
 *    antecedent of a relative clause ("the plan X announced"); any word's
 *    "about" phrase or that/whether clause counts too ("coy about
 *    whether ...", "is warning that ..."). The speaker is the word's
 *    subject, possessor, or the subject of the verb a noun is the object
 *    of ("expressed concern about"). The outer object claims the words
 *    inside it first.
 * 6. A report whose cue lies inside another report's content ("X said he
 *    hoped ...") is dropped as part of the outer report, unless an
 *    "according to" frame holds it and a named or described speaker
 *    speaks in it.
 * 7. Speaker phrases become mentions (the mention ending where the phrase
 *    ends, else one inside it that is not a possessor: "Karzai's
 *    spokesman" is not "Karzai") and entities (the mention's coreference
 *    entity, so "he" resolves through coref). A phrase no mention ends
 *    with becomes a mention of its own (kind nominal, type NONE, no
 *    entity): "officials", "the report", and "Afghan officials", whose
 *    name inside is a modifier, not the speaker. A quote with no cue takes
 *    the speaker of the quote before it within two paragraphs, else of
 *    the next one in its paragraph.
 *
 * Thread safety: no state besides the document.
 */
#ifndef W5_QUOTES_H
#define W5_QUOTES_H

#include <stddef.h>
#include <stdint.h>

#include "doc/doc.h"

/* Cue word classes (bits). */
enum {
    W5_CUE_SAY = 1u << 0,     /* frames direct quotes and reported clauses */
    W5_CUE_TELL = 1u << 1,    /* takes a recipient first: "told reporters" */
    W5_CUE_BELIEF = 1u << 2,  /* reported thought: clause only, no frame */
    W5_CUE_ACCUSE = 1u << 3,  /* "accused X of Y": content is X of Y */
    W5_CUE_THAT = 1u << 4,    /* reports only with "that": "found that" */
    W5_CUE_ING = 1u << 5,     /* participle: "saying", "adding" */
    W5_CUE_INTENT = 1u << 6,  /* an aim: "wants to", "refused to" */
    W5_CUE_FRAME = 1u << 7    /* frames direct quotes only: "he mocked" */
};

/* The W5_CUE_* bits of a word (any case), 0 when it is not a cue. */
unsigned w5_quotes_cue_class(const char *word, size_t n);

/* Parts of speech in which a lemma is a stance word (stance.c). */
enum {
    W5_STANCE_VERB = 1u << 0,  /* "criticized the deal" */
    W5_STANCE_NOUN = 1u << 1,  /* "his support for the ban" */
    W5_STANCE_ADJ = 1u << 2    /* "skeptical of the plan" */
};

/* The W5_STANCE_* bits of a lemma (any case), 0 when it is none. */
unsigned w5_quotes_stance_class(const char *lemma, size_t n);
/* 1 when the stance table is sorted (a test checks it). */
int w5_quotes_stance_sorted(void);

/* Fills doc->quotes (replacing what was there), sorted by content start.
 * Needs TOKENS and SENTENCES; uses tags, parse, mentions and entities when
 * the document has them. */
int w5_quotes_run(w5_doc *doc, w5_error *err);

/* As w5_quotes_run; when speakers is not NULL it also gets, per quote,
 * two offsets: the byte span of the speaker phrase found in the text
 * (0,0 when none), whether or not a mention covers it. */
int w5_quotes_detect(w5_doc *doc, uint32_t **speakers, w5_error *err);

/* The words the rules look up (cue forms, word lists) as one hash table:
 * w5_quotes_run builds it for every document; a pipeline builds it once
 * (w5_quotes_words_new, read-only afterwards, shared by threads) and
 * passes it to w5_quotes_run_words, which otherwise does the same. */
typedef struct w5_quotes_words w5_quotes_words;
int w5_quotes_words_new(w5_quotes_words **out);
void w5_quotes_words_free(w5_quotes_words *words);
int w5_quotes_run_words(const w5_quotes_words *words, w5_doc *doc,
                        w5_error *err);

#endif
