/*
 * events.h - the EVENTS stage: who did what to whom, where and when,
 * coded with CAMEO event codes (Schrodt et al.).
 *
 * How: every verb whose lemma (or form) is in the PETRARCH2 CAMEO verb
 * dictionary (MIT, Open Event Data Alliance) becomes an event. Its code
 * is refined, most specific first, by the dictionary's simple patterns
 * (verb + preposition + noun, verb + object, verb + particle) and falls
 * back to the verb's own code or its block's default. Participants come
 * from the dependency parse and the entities: the subject (or the agent
 * of a passive) is the source, the object (or a `with`/`against`/`to`
 * phrase, or the passive subject) the target, conjuncts join them, a
 * nationality modifying a subject noun ("Afghan and Pakistani leaders")
 * stands for its country. Place: an `in`/`at` phrase naming a place, else
 * the article's dateline place. Time: a time expression attached to the
 * verb, else one in the same sentence.
 *
 * As PETRARCH does, an event needs a political actor for source or
 * target: a country or city, an organisation, a people, a person with a
 * role, or a noun of the Phoenix agents dictionary ("police", "rebels");
 * consulting and cooperating (04-08) need someone on each side; force
 * (18-20) needs a target.
 *
 * The dictionaries are compiled by `w5 train events` into events.w5m.
 */
#ifndef W5_EVENTS_H
#define W5_EVENTS_H

#include "doc/doc.h"

typedef struct w5_events_model w5_events_model;

/* Compiles `cameo_dir`/petrarch2/CAMEO.2.0.txt, the one-word agents of
 * `cameo_dir`/petrarch2/Phoenix.agents.txt (when there) and
 * `cameo_dir`/codes/cameo_event_codes.tsv into a model file. */
int w5_events_build(const char *cameo_dir, const char *out_path,
                    w5_error *err);

int w5_events_load(const char *path, w5_events_model **out, w5_error *err);
void w5_events_free(w5_events_model *model);

/* The CAMEO code for a dictionary key (see dictionary.c), or NULL. */
const char *w5_events_lookup(const w5_events_model *model, const char *key);
/* The description of a CAMEO code ("Consult, not specified below"), or
 * NULL. */
const char *w5_events_describe(const w5_events_model *model,
                               const char *code);

/* Fills doc->events; needs tokens with lemmas or forms, and uses the parse,
 * mentions, entities and times when they are there. */
int w5_events_run(const w5_events_model *model, w5_doc *doc, w5_error *err);

#endif
