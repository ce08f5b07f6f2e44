/*
 * text.h - the text layer: tokens (UD English conventions) and sentences.
 * Both read doc->text and fill doc->toks / doc->sents. The rules need no
 * model (w5_analyze with no pipeline uses them alone); a pipeline adds
 * the learned boundary model (models/segment.w5m) when it is there.
 *
 * Tokens are syntactic words as UD English (EWT, GUM) has them: clitics
 * are split off ("don't" -> "do" "n't", "Karzai's" -> "Karzai" "'s",
 * "gonna" -> "gon" "na"), punctuation is split, abbreviations, initials,
 * numbers, times, URLs, e-mail addresses, hashtags and emoji stay whole.
 * Where UD writes one surface token as several words (a multiword token),
 * every word after the first carries W5_TOKEN_JOINED, so writers and the
 * segmentation scorer can rebuild the surface token. All words of a
 * multiword token are substrings of it, so offsets stay exact.
 *
 * Sentences: see sentences.c for the rules. A blank line always ends a
 * sentence and a paragraph; a line break that ends a sentence also starts
 * a paragraph (text with one paragraph per line).
 *
 * Scores (w5 eval segment, CoNLL 2018 metrics, UD v2.16 dev; rules alone /
 * with the model): EWT tokens 99.42, sentences 89.61 / 91.29; GUM tokens
 * 99.82, sentences 95.92 / 96.32.
 */
#ifndef W5_TEXT_H
#define W5_TEXT_H

#include "doc/doc.h"

/* Internal token flag (beside the public W5_TOKEN_* bits): this word
 * continues the surface token of the previous word ("n't" of "don't"). */
#define W5_TOKEN_JOINED (1u << 3)
/* Internal token flag: a line break lies between the previous token and
 * this one (set by the tokenizer for the sentence splitter). */
#define W5_TOKEN_LINE_START (1u << 4)

/* Internal token flag: the token starts a sentence (set by the rules,
 * and by the boundary model; sentences are then built from it). */
#define W5_TOKEN_SENT_START (1u << 5)
/* Internal, boundary.c only: a boundary the model added (pending). */
#define W5_TOKEN_MODEL_START (1u << 6)
/* w5_tok.flags is one byte: a 24-byte token instead of 28 (a 52 MB text
 * makes 10 M tokens; every byte of a token is 10 MB to fault in). */
_Static_assert(W5_TOKEN_MODEL_START <= 0x80u, "token flags fit w5_tok.flags");

/* Fills doc->toks (and doc->invalid_bytes) from doc->text; sets the
 * SPACE_AFTER, PARA_START (first token, and after a blank line), INVALID,
 * JOINED and LINE_START flags. */
int w5_text_tokenize(w5_doc *doc, w5_error *err);
/* Fills doc->sents from the tokens and sets every token's `sent`. */
int w5_text_split_sentences(w5_doc *doc, w5_error *err);

/* ---- the learned boundary model (boundary.c) ----------------------------
 *
 * The rules find almost every boundary that has a final mark; what they
 * miss are boundaries without one (e-mail headers, signatures, lists and
 * titles run into the text). A linear model (averaged perceptron, the
 * shared learning core) looks at every gap the rules left alone and adds
 * a boundary when its margin passes the model's threshold. It never
 * removes a rule boundary. The model is models/segment.w5m, trained by
 * `w5 train segment` on UD English EWT and GUM. */

typedef struct w5_boundary_model w5_boundary_model;

/* Loads a boundary model file; free with w5_boundary_model_free. */
int w5_boundary_model_load(const char *path, w5_boundary_model **out,
                           w5_error *err);
void w5_boundary_model_free(w5_boundary_model *m);
/* The margin a gap needs to become a boundary (kept in the file; the
 * trainer tunes it). */
float w5_boundary_model_threshold(const w5_boundary_model *m);
void w5_boundary_model_set_threshold(w5_boundary_model *m, float t);

/* Like w5_text_split_sentences, plus the model's boundaries (m may be
 * NULL: rules only). */
int w5_text_split_sentences_model(w5_doc *doc, const w5_boundary_model *m,
                                  w5_error *err);

/* Training data: a text and the byte offsets where its gold sentences
 * start (sorted). */
typedef struct w5_boundary_corpus {
    const char *text;
    size_t len;
    const uint32_t *starts;
    size_t nstarts;
} w5_boundary_corpus;

/* Trains a model on the corpora for `epochs` passes (threshold 0). */
int w5_boundary_train(const w5_boundary_corpus *corpora, size_t ncorpora,
                      int epochs, w5_boundary_model **out, w5_error *err);
/* Writes the model (weights and threshold) to a model file. */
int w5_boundary_model_save(const w5_boundary_model *m, const char *path,
                           w5_error *err);

/* Internal steps of the splitter: set W5_TOKEN_SENT_START by the rules;
 * build doc->sents (and paragraphs) from the flags. */
void w5_text_mark_boundaries(w5_doc *doc);
/* w5_text_mark_boundaries in steps: marks tokens [from, to) (from 0
 * first, then each step from the last one's end); *start holds the last
 * rule boundary so far between the steps. */
void w5_text_mark_range(w5_doc *doc, size_t *start, size_t from, size_t to);
int w5_text_build_sentences(w5_doc *doc, w5_error *err);
/* One step of w5_text_build_sentences: appends the sentence of tokens
 * [begin, end) (doc->sents must hold the ones before) in paragraph *para,
 * sets their `sent`; when the token at `end` starts a line or paragraph,
 * marks it W5_TOKEN_PARA_START and counts *para up. W5_ERR_NOMEM on
 * failure (err not filled). */
int w5_text_push_sentence(w5_doc *doc, size_t begin, size_t end,
                          uint32_t *para);

/* ---- shared by the text layer's files ---------------------------------- */

/* Character kinds of the scanner. */
enum {
    W5_CK_SPACE = 'S',   /* Zs, Zl, Zp, controls (NUL, CR, LF, TAB...) */
    W5_CK_FORMAT = 'F',  /* Cf: zero-width space/joiners, BOM, soft hyphen */
    W5_CK_LETTER = 'L',  /* letters and non-decimal numbers */
    W5_CK_DIGIT = 'D',   /* Nd */
    W5_CK_MARK = 'M',    /* combining marks */
    W5_CK_PUNCT = 'P',   /* P* */
    W5_CK_SYMBOL = 'Y',  /* S*, unassigned, private use */
    W5_CK_INVALID = 'X'  /* a byte that is not valid UTF-8 */
};

/* One decoded character: code point (-1 for an invalid byte), its length
 * in bytes and its kind. */
typedef struct w5_uch {
    int32_t cp;
    uint32_t len;
    int kind;
} w5_uch;

/* Kinds of the 128 ASCII characters (utf8.c). */
extern const char w5_text_ascii_kinds[129];
/* Decodes a non-ASCII character at s[i] (utf8.c). */
w5_uch w5_text_char_slow(const uint8_t *s, uint32_t i, uint32_t n);

/* Decodes the character at s[i] (i < n). Never reads past s[n-1]. */
static inline w5_uch w5_text_char(const uint8_t *s, uint32_t i, uint32_t n)
{
    if (s[i] < 0x80) {
        w5_uch c = {s[i], 1, w5_text_ascii_kinds[s[i]]};
        return c;
    }
    return w5_text_char_slow(s, i, n);
}
/* The character that ends just before s[i] (i > 0). */
w5_uch w5_text_char_before(const uint8_t *s, uint32_t i, uint32_t n);

/* Abbreviation classes (abbrev.c). */
enum {
    W5_ABBR_NONE = 0,
    W5_ABBR_TITLE,   /* "Mr", "Gen", "vs": never ends a sentence */
    W5_ABBR_NUMBER,  /* "No", "pp": an abbreviation only before a number */
    W5_ABBR_OTHER    /* "etc", "Inc", "Jan": may end a sentence */
};
/* The class of word s[0..n) (without its final period). */
int w5_text_abbrev(const char *s, size_t n);
/* 1 when s[0..n) is a word that often starts a sentence ("The", "He"). */
int w5_text_sentence_starter(const char *s, size_t n);

#endif
