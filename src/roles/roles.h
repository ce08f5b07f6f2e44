/*
 * roles.h - the titles and affiliations the text gives people.
 *
 * For every person mention the stage reads four constructions around it,
 * with the title lexicon (titles.h) and the entity mentions:
 *
 *   premodifier  "Afghan President Hamid Karzai"  -> president, Afghanistan
 *                "Pakistani army chief Gen Ashfaq Kayani" -> army chief and
 *                general, Pakistan
 *   apposition   "Khan, Afghanistan's minister of defence"
 *                "Lute, the senior White House official in charge of ..."
 *   copula       "Khan is the minister of defence"
 *   possessive   "Karzai's spokesman": a role of the unnamed person that
 *                mention stands for, affiliated to Karzai
 *
 * A role is a normalised lower-case title ("minister of defence",
 * "senior official"; "Gen" -> "general") and, when stated, the affiliated
 * entity: a country (a demonym counts: coreference joined "Afghan" to the
 * Afghanistan entity), an organisation, or for possessives the owner.
 * Phrases are read from tokens and mentions, so the stage works without a
 * parse. Needs COREF (entities); writes doc->roles.
 */
#ifndef W5_ROLES_H
#define W5_ROLES_H

#include "doc/doc.h"

/* Fills doc->roles (replacing earlier ones). */
int w5_roles_run(w5_doc *doc, w5_error *err);

#endif
