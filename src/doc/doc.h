/*
 * doc.h - the one document structure every stage reads and writes.
 *
 * Data flows one way: text -> tokens -> sentences -> tags and parse ->
 * mentions -> entities -> roles, quotes, times -> events. Each stage owns
 * one layer below, fills it from the layers before it, and never changes
 * an earlier one. Layers are flat arrays of small records addressed by
 * index (no pointer webs), so a document is cheap to reset and reuse.
 *
 * Offsets are uint32 byte offsets into `text` (documents are capped at
 * W5_DOC_MAX_BYTES). Strings a stage makes (lemmas, canonical names,
 * normalised values) live in `pool` and are addressed by offset; 0 is "".
 */
#ifndef W5_DOC_H
#define W5_DOC_H

#include <stdint.h>
#include <stdlib.h>

#include "util/util.h"
#include "w5.h"

/* Entity and value types of mentions. Order matters: the names table in
 * doc.c follows it. */
typedef enum w5_etype {
    W5_E_NONE = 0,
    W5_E_PERSON,
    W5_E_ORG,
    W5_E_LOC,
    W5_E_GPE,
    W5_E_MISC,
    W5_E_NORP,
    W5_E_DATE,
    W5_E_TIME,
    W5_E_MONEY,
    W5_E_PERCENT,
    W5_E_QUANTITY,
    W5_E_CARDINAL,
    W5_E_ORDINAL,
    W5_E_COUNT_
} w5_etype;

const char *w5_etype_name(w5_etype type);
/* The type whose name is `name` (as printed), or W5_E_NONE. */
w5_etype w5_etype_from_name(const char *name);

/* Genders for coreference. */
enum { W5_GENDER_UNKNOWN = 0, W5_GENDER_MALE, W5_GENDER_FEMALE,
       W5_GENDER_NEUTER };

typedef struct w5_tok {
    uint32_t start, end;  /* bytes */
    uint32_t sent;        /* sentence index */
    uint8_t flags;        /* W5_TOKEN_* (public bits 0-2, internal 3-6) */
    uint8_t upos;         /* index into the UPOS table (syntax), 0 = none */
    uint8_t xpos;         /* index into the XPOS table, 0 = none */
    uint8_t deprel;       /* index into the relation table, 0 = none */
    int32_t head;         /* token index, -1 root, -2 none */
    uint32_t lemma;       /* pool offset, 0 = none */
    uint32_t feats;       /* pool offset of the UD FEATS, 0 = none */
} w5_tok;

typedef struct w5_sent {
    uint32_t tok_begin, tok_end;
    uint32_t start, end;
    uint32_t para;
} w5_sent;

typedef struct w5_ment {
    uint32_t tok_begin, tok_end;
    uint32_t start, end;
    uint32_t sent;
    uint8_t type;         /* w5_etype */
    uint8_t kind;         /* w5_mention_kind */
    uint8_t gender;       /* W5_GENDER_* (coref) */
    uint8_t plural;       /* 1 when plural (coref) */
    int32_t entity;       /* index into ents, -1 none */
    uint32_t head_tok;    /* the syntactic head token of the mention */
} w5_ment;

typedef struct w5_ent {
    uint32_t name;        /* pool offset of the canonical name */
    uint8_t type;         /* w5_etype */
    uint8_t gender;
    float salience;
    uint32_t first_ment;  /* index into ent_ments where its mentions start */
    uint32_t ment_count;
} w5_ent;

typedef struct w5_rol {
    int32_t entity;
    uint32_t ment;
    uint32_t start, end;
    uint32_t title;       /* pool offset */
    int32_t affiliation;  /* entity index or -1 */
    uint32_t affiliation_name; /* pool offset, 0 = none */
    uint8_t kind;         /* w5_role_kind */
} w5_rol;

typedef struct w5_quo {
    uint32_t start, end;
    uint32_t cue_start, cue_end;
    int32_t speaker_ment, speaker_ent;
    uint8_t kind;         /* w5_quote_kind */
} w5_quo;

typedef struct w5_tim {
    uint32_t start, end;
    uint32_t value;       /* pool offset */
    uint32_t modifier;    /* pool offset, 0 = none */
    uint8_t kind;         /* w5_time_kind */
    uint8_t resolved;
} w5_tim;

typedef struct w5_evt {
    uint32_t start, end;
    uint32_t sent;
    uint32_t code, label;          /* pool offsets */
    int32_t source, target, place, time;
    uint32_t first_part, part_count; /* into evt_parts */
} w5_evt;

struct w5_doc {
    char *text;           /* the input bytes, NUL-terminated copy */
    uint32_t len;
    char *meta[W5_META_COUNT_];
    int anchor_year, anchor_month, anchor_day; /* from W5_META_DATE, 0 = none */
    uint32_t invalid_bytes;
    unsigned stages;      /* W5_STAGE_* bits done */

    W5_VEC(w5_tok) toks;
    W5_VEC(w5_sent) sents;
    W5_VEC(w5_ment) ments;
    W5_VEC(w5_ent) ents;
    W5_VEC(uint32_t) ent_ments;   /* mention indices grouped by entity */
    W5_VEC(w5_rol) roles;
    W5_VEC(w5_quo) quotes;
    W5_VEC(w5_tim) times;
    W5_VEC(w5_evt) events;
    W5_VEC(int32_t) evt_parts;    /* entity indices grouped by event */
    w5_strpool pool;
};

/* Empties every layer from `stage` on (a W5_STAGE_* bit) so it can be
 * recomputed; earlier layers stay. */
void w5_doc_reset_from(w5_doc *doc, unsigned stage);

/* Copies text[start,end) of the doc into the pool; *off gets the offset. */
int w5_doc_pool_span(w5_doc *doc, uint32_t start, uint32_t end, uint32_t *off);

#endif
