/*
 * coref.h - mentions grouped into entities.
 *
 * The stage first repairs the commonest statistical-NER slips in the name
 * mentions (a runaway span is cut back to its name-like part, "US
 * Secretary of State John F Kerry" as one ORG becomes "US" + a person,
 * "Gen Ashfaq Kayani" typed ORG becomes a person, "Karzai and Kayani" as
 * one person becomes two, the same span from NER and the NORP rules is
 * kept once; with tags, proper-noun runs NER left out become MISC names).
 * It adds the mentions NER does not make: pronouns ("he",
 * "their"; not a pleonastic "it"), definite descriptions ("the general",
 * "the company", "Karzai's spokesman") and coordinations of two names
 * ("Karzai and Kayani", plural, an entity only when something refers to
 * it). Then it groups every mention into entities with a multi-pass
 * sieve in the manner of Lee et al. (2013), Stanford's deterministic
 * coreference: each pass applies one kind of evidence, most precise first,
 * and later passes see the clusters earlier ones built.
 *
 *   1. speaker: first-person pronouns inside one quotation go to its
 *      speaker; outside quotations "I"/"we"/"you" each form one chain
 *   2. exact name match (case, "the" and possessive 's ignored)
 *   3. country: names, aliases and demonyms of one country (lexicon, or a
 *      shared-prefix rule without it: "Afghan" joins "Afghanistan")
 *   4. acronyms ("NATO" = "North Atlantic Treaty Organisation")
 *   5. person names: surname, first + last with initials skipped, names
 *      behind titles ("General Kayani" = "Gen Ashfaq Kayani")
 *   6. appositions ("Khan, Afghanistan's minister of defence")
 *   7. definite descriptions: "the general" -> the nearest person titled
 *      general; "the company" -> the nearest organisation
 *   8. third-person pronouns: agreement in gender (lexicon first names,
 *      titles, earlier pronouns), number and animacy; binding (an object
 *      is not its own clause's subject); then subjects, nearness, salience
 *
 * Works with whatever layers exist: with a parse it uses heads and
 * relations, without one it falls back on token shapes.
 *
 * Output: doc->ments gains the new mentions (kept sorted by start, longer
 * first), every mention gets entity/gender/plural/head_tok; doc->ents and
 * doc->ent_ments hold the entities (in order of first mention) with
 * canonical name (longest proper name without titles), type, gender and
 * salience (weighted share of mentions, 0..1). Value mentions (DATE, ...)
 * and unresolved lone pronouns keep entity -1. A demonym joins its
 * country's entity; a demonym whose country is not named elsewhere makes
 * an entity named after the country (type GPE) when the lexicon knows it.
 */
#ifndef W5_COREF_H
#define W5_COREF_H

#include "doc/doc.h"
#include "lexicon/lexicon.h"

/* Runs the stage on doc (tokens and sentences needed; tags, parse and
 * entity mentions used when present). lex may be NULL. Replaces any
 * entities from an earlier run. */
int w5_coref_run(const w5_lexicon *lex, w5_doc *doc, w5_error *err);

#endif
