/*
 * w5.h - the public interface of libw5, a news information-extraction engine.
 *
 * w5 reads news text and extracts who (people, organisations, places and
 * their roles), what (events), when (dates resolved against the article
 * date), where, and who said what (quotes attributed to a speaker).
 *
 * The model
 * ---------
 * A w5_doc holds one document: the input bytes, exactly as given, and the
 * layers the pipeline adds to them (tokens, sentences, tags and parse,
 * entity mentions, entities, roles, quotes, times, events). A w5_pipeline
 * holds the loaded models. Processing is `w5_analyze(pipeline, doc, ...)`.
 *
 * Offsets
 * -------
 * Every span is a pair of UTF-8 byte offsets [start, end) into the input
 * exactly as it was given to w5_doc_new(): no normalisation ever shifts an
 * offset. Invalid UTF-8 stays in the text as it was; the tokenizer treats
 * each invalid byte as one symbol character, and writers that must emit
 * valid UTF-8 (JSON) replace it with U+FFFD in the token text they print.
 *
 * Ownership
 * ---------
 * A function named *_new or *_open creates a handle the caller frees with
 * the matching *_free. Freeing NULL is a harmless no-op. Strings and
 * records returned by accessors belong to the handle they came from and
 * stay valid until that handle is freed or changed by a later w5_analyze.
 * A function that returns `char *` through an `out` parameter named
 * `*_out` hands ownership to the caller: release it with w5_free().
 *
 * Errors
 * ------
 * Functions that can fail return 0 (W5_OK) or a negative w5_status code and,
 * when given a non-NULL `w5_error *`, fill it with the code and a human
 * message. w5_strerror() names a code. The library never prints, never
 * calls exit() and never aborts on bad input.
 *
 * Threads
 * -------
 * The library keeps no global mutable state. A w5_pipeline is read-only
 * once opened: one pipeline may serve any number of threads at once. A
 * w5_doc belongs to one thread at a time.
 */
#ifndef W5_H
#define W5_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Version ------------------------------------------------------------ */

/* The API version (semantic versioning). The shared library's soname
 * carries the ABI version separately (libw5.so.1): it changes whenever a
 * struct the caller allocates (w5_token, w5_options, ...) changes, as
 * when w5_token gained `feats` and w5_options `parser_ensemble` and
 * `tagger_nn` (0.2.0). Start options from w5_default_options(): fields
 * added later then have their defaults. */
#define W5_VERSION_MAJOR 0
#define W5_VERSION_MINOR 2
#define W5_VERSION_PATCH 0
#define W5_VERSION_STRING "0.2.0"

/* The version string of the library actually linked, e.g. "0.2.0". */
const char *w5_version(void);

/* ---- Errors ------------------------------------------------------------- */

typedef enum w5_status {
    W5_OK = 0,
    W5_ERR_NOMEM = -1,       /* out of memory */
    W5_ERR_INVALID = -2,     /* invalid argument (NULL handle, bad option) */
    W5_ERR_IO = -3,          /* a file could not be read or written */
    W5_ERR_FORMAT = -4,      /* malformed input: JSON, CoNLL, model file */
    W5_ERR_VERSION = -5,     /* a model file of another format version */
    W5_ERR_CHECKSUM = -6,    /* a model file whose checksum does not match */
    W5_ERR_TOO_LARGE = -7,   /* input over a documented size limit */
    W5_ERR_NOT_FOUND = -8,   /* a model, file or record that is not there */
    W5_ERR_STATE = -9,       /* a call out of order (e.g. parse before tag) */
    W5_ERR_DB = -10          /* the corpus store reported an error */
} w5_status;

/* A fixed-size error record: no allocation, safe to keep on the stack. */
typedef struct w5_error {
    int code;          /* a w5_status */
    char message[512]; /* NUL-terminated, human-readable */
} w5_error;

/* A static, human-readable name for a status code; never NULL. */
const char *w5_strerror(int code);

/* Frees a buffer that the library handed to the caller (the `*_out`
 * parameters). NULL is a no-op. */
void w5_free(void *p);

/* ---- Documents ---------------------------------------------------------- */

typedef struct w5_doc w5_doc;

/* The largest document w5 accepts, in bytes (offsets are 32-bit inside). */
#define W5_DOC_MAX_BYTES ((size_t)0xFFFFFFF0u)

/* Creates a document holding a copy of `text` (`len` bytes; NUL bytes and
 * invalid UTF-8 are allowed and kept). An empty text is a valid, empty
 * document. Fails with W5_ERR_TOO_LARGE past W5_DOC_MAX_BYTES. The caller
 * frees *out with w5_doc_free(). */
int w5_doc_new(const char *text, size_t len, w5_doc **out, w5_error *err);
void w5_doc_free(w5_doc *doc);

/* The document's bytes (exactly the input) and their length. */
const char *w5_doc_text(const w5_doc *doc, size_t *len);

/* Metadata carried from the input into every output. */
typedef enum w5_meta_key {
    W5_META_ID = 0,
    W5_META_TITLE,
    W5_META_DATE,   /* YYYY-MM-DD (or a full ISO 8601 timestamp): the anchor
                       for relative dates */
    W5_META_URL,
    W5_META_COUNT_
} w5_meta_key;

/* Sets (copies) or, with value NULL, clears a metadata field. A date that
 * does not start with YYYY-MM-DD is kept but gives W5_ERR_FORMAT and is
 * not used as an anchor. */
int w5_doc_set_meta(w5_doc *doc, w5_meta_key key, const char *value,
                    w5_error *err);
/* The field's value or NULL when unset. */
const char *w5_doc_meta(const w5_doc *doc, w5_meta_key key);

/* Number of bytes in the text that are not valid UTF-8. */
size_t w5_doc_invalid_utf8(const w5_doc *doc);

/* ---- Pipeline ----------------------------------------------------------- */

/* The stages of the pipeline, as bits. Asking for a stage runs the stages
 * it needs first. */
enum {
    W5_STAGE_TOKENS = 1u << 0,    /* tokens */
    W5_STAGE_SENTENCES = 1u << 1, /* sentences and paragraphs */
    W5_STAGE_TAGS = 1u << 2,      /* UPOS, XPOS, lemma */
    W5_STAGE_PARSE = 1u << 3,     /* dependency heads and relations */
    W5_STAGE_ENTITIES = 1u << 4,  /* named entities and value mentions */
    W5_STAGE_COREF = 1u << 5,     /* mentions grouped into entities */
    W5_STAGE_ROLES = 1u << 6,     /* titles and affiliations of people */
    W5_STAGE_QUOTES = 1u << 7,    /* direct and reported speech */
    W5_STAGE_TIMES = 1u << 8,     /* normalised dates, times, durations */
    W5_STAGE_EVENTS = 1u << 9,    /* who did what to whom, CAMEO coded */
    W5_STAGE_ALL = 0x3FFu
};

typedef struct w5_pipeline w5_pipeline;

typedef struct w5_options {
    /* Folder holding the model files (ner.w5m, tagger.w5m, parser.w5m,
     * lexicon.w5m, ...). NULL: PREFIX/share/w5/models of the installed
     * library when it holds the models, else the models/ folder of the
     * source tree the library was built in. */
    const char *model_dir;
    /* Stages whose models are loaded; others are not available. */
    unsigned stages;
    /* Dependency parsing: 0 (the default) parses greedily with
     * parser.w5m; K > 0 parses with parser-beam.w5m, a model trained for
     * beam search (width 8), keeping the K best partial parses: at 8,
     * EWT dev UAS and LAS about 1.5 points higher, the whole pipeline
     * 4-5 times slower; at 4 about as accurate, 2.5 times slower (see
     * README.md). K is capped at 64. */
    int parser_beam;
    /* Dependency parsing: nonzero parses with the reparsing ensemble:
     * eight parsers (beam: parser-beam.w5m, parser-beam16.w5m and, right
     * to left, parser-r2l.w5m; greedy: parser.w5m, parser-greedy-l2r.w5m,
     * parser-greedy-r2l.w5m; two graph parsers, parser-graph.w5m and
     * parser-graph2.w5m, BiLSTMs and biaffine arc scores) whose parses are combined by arc votes
     * into a maximum spanning tree (parser_beam, when above 0, sets the
     * width of its beam members): EWT dev UAS and LAS about 2 points
     * above the beam alone, parsing a few thousand words a second (see
     * README.md). */
    int parser_ensemble;
    /* Tagging: nonzero adds the neural tagger of tagger-nn.w5m to the
     * perceptron's decisions: on EWT dev (gold tokens) UPOS 95.62, XPOS
     * 94.91 against 95.28, 94.59; tagging about 11 k tokens/s against
     * 1 M (see README.md). 0 (the default): the perceptron alone.
     * w5_pipeline_open fails, naming the file, when tagger-nn.w5m is
     * missing or was made for another tagger.w5m. */
    int tagger_nn;
} w5_options;

/* Defaults: compiled-in model folder, every stage. */
w5_options w5_default_options(void);

/* Loads the models the requested stages need. A missing, truncated,
 * corrupted or wrong-version model file fails with a message naming the
 * file. The caller frees *out with w5_pipeline_free(). Thread-safe to use
 * from many threads once opened. */
int w5_pipeline_open(const w5_options *opts, w5_pipeline **out, w5_error *err);
void w5_pipeline_free(w5_pipeline *pipe);

/* Runs `stages` (and what they need) on `doc`, replacing any layers a
 * previous call made. `pipe` may be NULL when only TOKENS|SENTENCES are
 * asked for. */
int w5_analyze(const w5_pipeline *pipe, w5_doc *doc, unsigned stages,
               w5_error *err);

/* The stages that have run on doc. */
unsigned w5_doc_stages(const w5_doc *doc);

/* ---- Tokens and sentences ----------------------------------------------- */

enum {
    W5_TOKEN_SPACE_AFTER = 1u << 0, /* whitespace follows the token */
    W5_TOKEN_PARA_START = 1u << 1,  /* first token of a paragraph */
    W5_TOKEN_INVALID = 1u << 2      /* holds bytes that are not UTF-8 */
};

typedef struct w5_token {
    size_t start, end;    /* bytes [start, end) */
    size_t sentence;      /* index of the sentence holding the token */
    unsigned flags;       /* W5_TOKEN_* bits */
    const char *upos;     /* UD UPOS, or NULL before TAGS */
    const char *xpos;     /* Penn Treebank tag, or NULL before TAGS */
    const char *lemma;    /* lemma, or NULL before TAGS */
    long head;            /* document index of the head token, -1 for the
                             root, -2 before PARSE */
    const char *deprel;   /* UD v2 relation, or NULL before PARSE */
    const char *feats;    /* UD morphological features, as in CoNLL-U
                             ("Mood=Ind|Number=Plur|Person=3|Tense=Past|
                             VerbForm=Fin", "_" for none), or NULL before
                             PARSE or without the model morph.w5m */
} w5_token;

typedef struct w5_sentence {
    size_t start, end;          /* bytes */
    size_t token_begin, token_end; /* token indices [begin, end) */
    size_t paragraph;           /* index of the paragraph */
} w5_sentence;

size_t w5_doc_token_count(const w5_doc *doc);
/* Fills *out with token i; W5_ERR_INVALID when i is out of range. */
int w5_doc_token(const w5_doc *doc, size_t i, w5_token *out);
size_t w5_doc_sentence_count(const w5_doc *doc);
int w5_doc_sentence(const w5_doc *doc, size_t i, w5_sentence *out);

/* ---- Entity mentions and entities --------------------------------------- */

/* Mention types: "PERSON", "ORG", "LOC", "GPE", "MISC", "NORP", "DATE",
 * "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", and
 * "NONE" for a quote's speaker no other stage named ("officials", "the
 * report"; kind nominal or pronoun, no entity). */

typedef enum w5_mention_kind {
    W5_MENTION_NAME = 0,    /* a proper name or value expression */
    W5_MENTION_NOMINAL,     /* a definite description: "the general" */
    W5_MENTION_PRONOUN      /* "he", "their" */
} w5_mention_kind;

typedef struct w5_mention {
    size_t start, end;            /* bytes */
    size_t token_begin, token_end;
    size_t sentence;
    const char *type;             /* see above */
    w5_mention_kind kind;
    long entity;                  /* index into the document's entities,
                                     -1 when not resolved (or before COREF) */
} w5_mention;

typedef struct w5_entity {
    const char *name;     /* canonical name: the longest proper name,
                             without titles */
    const char *type;     /* PERSON, ORG, LOC, GPE, NORP, MISC */
    const char *gender;   /* "male", "female", or NULL when unknown */
    size_t mention_count;
    double salience;      /* 0..1, share of the document's attention */
} w5_entity;

size_t w5_doc_mention_count(const w5_doc *doc);
int w5_doc_mention(const w5_doc *doc, size_t i, w5_mention *out);
size_t w5_doc_entity_count(const w5_doc *doc);
int w5_doc_entity(const w5_doc *doc, size_t i, w5_entity *out);
/* The k-th mention of entity e, as an index into the mentions; mentions of
 * an entity come in text order. W5_ERR_INVALID out of range. */
int w5_doc_entity_mention(const w5_doc *doc, size_t e, size_t k,
                          size_t *mention);

/* ---- Roles -------------------------------------------------------------- */

typedef enum w5_role_kind {
    W5_ROLE_PREMODIFIER = 0, /* "Afghan President Hamid Karzai" */
    W5_ROLE_APPOSITION,      /* "Khan, Afghanistan's minister of defence" */
    W5_ROLE_COPULA,          /* "Khan is the minister of defence" */
    W5_ROLE_POSSESSIVE       /* "Karzai's spokesman" */
} w5_role_kind;

typedef struct w5_role {
    long entity;             /* the person (or organisation) holding it */
    size_t mention;          /* the mention the role is attached to */
    size_t start, end;       /* the role phrase, bytes */
    const char *title;       /* normalised title, e.g. "president" */
    long affiliation;        /* entity index of the country or organisation,
                                -1 when none is stated */
    const char *affiliation_name; /* its text as written, or NULL */
    w5_role_kind kind;
} w5_role;

size_t w5_doc_role_count(const w5_doc *doc);
int w5_doc_role(const w5_doc *doc, size_t i, w5_role *out);

/* ---- Quotes ------------------------------------------------------------- */

typedef enum w5_quote_kind {
    W5_QUOTE_DIRECT = 0, /* the whole content is within quotation marks */
    W5_QUOTE_PARTIAL,    /* a quoted fragment inside reported speech */
    W5_QUOTE_INDIRECT,   /* reported speech without quotation marks */
    W5_QUOTE_STANCE      /* a position attributed to someone, no words
                            reported: "Merz criticized the plan", "his
                            support for the ban" (content: the object) */
} w5_quote_kind;

typedef struct w5_quote {
    size_t start, end;         /* content, bytes (without the marks) */
    w5_quote_kind kind;
    size_t cue_start, cue_end; /* "said", "told reporters"; 0,0 if none */
    long speaker_mention;      /* index into mentions, -1 if unknown */
    long speaker_entity;       /* index into entities, -1 if unknown */
} w5_quote;

size_t w5_doc_quote_count(const w5_doc *doc);
int w5_doc_quote(const w5_doc *doc, size_t i, w5_quote *out);

/* ---- Times -------------------------------------------------------------- */

typedef enum w5_time_kind {
    W5_TIME_DATE = 0,  /* "Wednesday", "April 24", "next year" */
    W5_TIME_TIME,      /* "Monday morning", "10:30" */
    W5_TIME_DURATION,  /* "more than three hours" */
    W5_TIME_SET        /* "every week" */
} w5_time_kind;

typedef struct w5_time {
    size_t start, end;  /* bytes */
    w5_time_kind kind;
    /* TIMEX3 value: "2013-04-24", "2014", "2013-W17", "2013-04-22TMO",
     * "P3H"; relative values that can't be resolved (no document date)
     * stay relative, e.g. "XXXX-WXX-1" for "Monday". */
    const char *value;
    const char *modifier; /* TIMEX3 mod: "MORE_THAN", "APPROX", or NULL */
    int resolved;         /* 1 when value was anchored to the doc date */
} w5_time;

size_t w5_doc_time_count(const w5_doc *doc);
int w5_doc_time(const w5_doc *doc, size_t i, w5_time *out);

/* ---- Events ------------------------------------------------------------- */

typedef struct w5_event {
    size_t start, end;      /* the trigger (usually the verb), bytes */
    size_t sentence;
    const char *code;       /* CAMEO event code, e.g. "043", or NULL */
    const char *label;      /* short description, e.g. "meet" */
    long source;            /* entity index of who acts, -1 if none */
    long target;            /* entity index of whom it is done to, -1 */
    long place;             /* entity index of where, -1 */
    long time;              /* index into times, -1 */
} w5_event;

size_t w5_doc_event_count(const w5_doc *doc);
int w5_doc_event(const w5_doc *doc, size_t i, w5_event *out);
/* Every entity taking part in event i (source, target and others). */
size_t w5_doc_event_participant_count(const w5_doc *doc, size_t i);
int w5_doc_event_participant(const w5_doc *doc, size_t i, size_t k,
                             long *entity);

/* ---- Writers ------------------------------------------------------------ */

typedef enum w5_format {
    W5_FORMAT_TEXT = 0,   /* a readable summary for people */
    W5_FORMAT_JSON,       /* one JSON object (schema: docs/w5-doc.schema.json) */
    W5_FORMAT_CONLLU,     /* CoNLL-U, one block per sentence */
    W5_FORMAT_TOKENS      /* one sentence per line, tokens space-separated */
} w5_format;

/* The JSON schema version written in the "schema" field. */
#define W5_JSON_SCHEMA_VERSION "w5-doc/2"

/* Writes the document's layers in `format` into a new NUL-terminated
 * buffer (*out, length *len_out if not NULL) that the caller frees with
 * w5_free(). */
int w5_doc_write(const w5_doc *doc, w5_format format, char **out,
                 size_t *len_out, w5_error *err);

/* Where w5_doc_write_to() sends its output: called with consecutive
 * pieces (data is not NUL-terminated and is valid only during the call).
 * Returns 0 to go on, non-zero when the bytes could not be written. */
typedef int (*w5_write_fn)(void *user, const char *data, size_t len);

enum {
    W5_WRITE_NO_TEXT = 1u << 0 /* JSON: leave out the document's "text" */
};

/* Writes the document in `format` through `write` in pieces of about
 * 64 KB, so memory stays flat however large the output (the JSON of a
 * 100 MB document is over a gigabyte; w5_doc_write would hold it whole).
 * `flags` are W5_WRITE_* bits. Nothing is added after the last piece (no
 * newline after a JSON object). Returns W5_OK; W5_ERR_IO when `write`
 * returned non-zero (nothing more is sent after that); W5_ERR_NOMEM;
 * W5_ERR_INVALID for a NULL doc or write. Thread safety: as w5_doc_write
 * (the document is only read). */
int w5_doc_write_to(const w5_doc *doc, w5_format format, unsigned flags,
                    w5_write_fn write, void *user, w5_error *err);

/* ---- Corpus store ------------------------------------------------------- */

/* A corpus store is an SQLite database of analysed documents: their text
 * and metadata, the entities they mention (merged across documents into
 * corpus entities), roles, quotes, times and events, with a full-text
 * index. The schema is documented in docs/store.md. One w5_store handle
 * belongs to one thread at a time; several handles (in one process or
 * many) may read a database while one of them writes. */
typedef struct w5_store w5_store;

enum {
    W5_STORE_READ_ONLY = 1u << 0 /* open for queries only; never creates */
};

/* Opens (creating if needed, unless W5_STORE_READ_ONLY) the database at
 * `path` (a file name, or an SQLite "file:" URI) and brings its schema to
 * the current version. A read-only file or a database another process
 * holds locked fails with W5_ERR_DB and a message that says so; a
 * database of a newer schema fails with W5_ERR_VERSION. The caller frees
 * *out with w5_store_close(). */
int w5_store_open(const char *path, unsigned flags, w5_store **out,
                  w5_error *err);
void w5_store_close(w5_store *store);

/* How long (milliseconds) a call waits for another process's lock before
 * failing with W5_ERR_DB; the default is 5000. */
void w5_store_set_busy_timeout(w5_store *store, int ms);

/* The key that identifies a document in the store: "id:" and its id when
 * it has one, else "sha:" and a hash of its text. Ingesting a document
 * whose key is present adds nothing. Free *key_out with w5_free(). */
int w5_store_doc_key(const w5_doc *doc, char **key_out, w5_error *err);
/* Sets *present to 1 when a document with this key is stored. */
int w5_store_has_doc(w5_store *store, const char *key, int *present,
                     w5_error *err);

/* Transactions: documents added between begin and commit appear
 * together or not at all (a crash loses only the open transaction). */
int w5_store_begin(w5_store *store, w5_error *err);
int w5_store_commit(w5_store *store, w5_error *err);
int w5_store_rollback(w5_store *store, w5_error *err);

/* Adds one analysed document with every layer it has, merging its
 * entities into the corpus entities. `source` (may be NULL) names where
 * it came from ("file.jsonl:12"). *added (may be NULL) is 1 when stored,
 * 0 when a document with the same key was already there. */
int w5_store_add_doc(w5_store *store, const w5_doc *doc, const char *source,
                     int *added, w5_error *err);

/* Query results: one or more named sections, each a table of text
 * values (NULL for none) with named columns. The front end only formats
 * them. Free with w5_result_free(). */
typedef struct w5_result w5_result;

void w5_result_free(w5_result *res);
size_t w5_result_section_count(const w5_result *res);
const char *w5_result_section_name(const w5_result *res, size_t s);
size_t w5_result_column_count(const w5_result *res, size_t s);
const char *w5_result_column_name(const w5_result *res, size_t s, size_t c);
/* 1 when the column holds numbers (for JSON output), else 0. */
int w5_result_column_numeric(const w5_result *res, size_t s, size_t c);
size_t w5_result_row_count(const w5_result *res, size_t s);
const char *w5_result_value(const w5_result *res, size_t s, size_t row,
                            size_t c);

typedef enum w5_period {
    W5_PERIOD_DAY = 0,
    W5_PERIOD_WEEK,   /* ISO 8601 week, "YYYY-Www" */
    W5_PERIOD_MONTH
} w5_period;

typedef struct w5_query_options {
    size_t limit;            /* rows per section; 0: the default (20) */
    const char *since;       /* YYYY-MM-DD, inclusive; NULL: no bound */
    const char *until;       /* YYYY-MM-DD, inclusive; NULL: no bound */
    const char *speaker;     /* quotes: a speaker name */
    const char *about;       /* quotes: words in the content */
    const char *types;       /* network: "PERSON,ORG,GPE"; NULL: all */
    long min_weight;         /* network: least shared documents; 0 = 1 */
    w5_period by;            /* timeline granularity */
    const char *mark_open;   /* search: around matched words; NULL: "[" */
    const char *mark_close;  /* NULL: "]" */
} w5_query_options;

w5_query_options w5_default_query_options(void);

/* Everything about the best-matching entity for `name` (the same name
 * or surname, else part of a name; the one in most documents): sections
 * "entity", "names", "roles"
 * (with first and last dates), "quotes" (most salient first),
 * "co-mentioned", "documents", "other matches". W5_ERR_NOT_FOUND when
 * nothing matches. */
int w5_store_who(w5_store *store, const char *name,
                 const w5_query_options *opts, w5_result **out, w5_error *err);
/* Quotes filtered by speaker, content words and dates: section "quotes". */
int w5_store_quotes(w5_store *store, const w5_query_options *opts,
                    w5_result **out, w5_error *err);
/* Full-text search over documents and quotes: sections "documents" and
 * "quotes" with highlighted snippets. Words are matched as given (all
 * must occur); a trailing '*' matches a prefix. */
int w5_store_search(w5_store *store, const char *text,
                    const w5_query_options *opts, w5_result **out,
                    w5_error *err);
/* The entity network: sections "nodes" (id, name, type, documents),
 * "edges" (co-occurrence: source, target, weight = shared documents) and
 * "event edges" (source, target, weight = events, codes). opts->limit
 * caps each kind of edge; 0 means all. */
int w5_store_network(w5_store *store, const w5_query_options *opts,
                     w5_result **out, w5_error *err);
/* Mentions, documents and quotes of the entity per period: section
 * "timeline" (plus "entity"). */
int w5_store_timeline(w5_store *store, const char *name,
                      const w5_query_options *opts, w5_result **out,
                      w5_error *err);
/* Counts and top entities: sections "counts" and "top entities". */
int w5_store_stats(w5_store *store, const w5_query_options *opts,
                   w5_result **out, w5_error *err);

#ifdef __cplusplus
}
#endif

#endif /* W5_H */
