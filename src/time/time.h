/*
 * time.h - TIMEX3-style normalisation of the DATE and TIME mentions of a
 * document, resolved against the document date (W5_META_DATE).
 *
 * Values follow TIMEX3 (ISO 8601 with placeholders):
 *   "April 24, 2013" 2013-04-24    "1984" 1984        "the 1990s" 199X
 *   "Wednesday"      2013-04-24    "Monday morning"   2013-04-22TMO
 *   "last week"      2013-W16      "next year"        2014
 *   "next spring"    2014-SP       "the first quarter" 2013-Q1
 *   "two days ago"   2013-04-22    "10:30 a.m."       2013-04-24T10:30
 *   "three weeks"    P3W (DURATION) "more than three hours" PT3H, MORE_THAN
 *   "every week"     P1W (SET)
 * A weekday or a month without a year is placed by the tense of the
 * sentence when tags exist (VBD: the most recent one; will/MD: the next
 * one), else at the nearest one, ties going to the past. Without a
 * document date relative values keep X placeholders ("XXXX-WXX-1" for
 * "Monday", "XXXX" for "next year") and `resolved` stays 0; `resolved` is
 * 1 exactly when the document date was used.
 */
#ifndef W5_TIME_H
#define W5_TIME_H

#include "doc/doc.h"

/* Fills doc->times (in text order) from the DATE and TIME mentions in
 * doc->ments; expressions it cannot read are left out. */
int w5_time_run(w5_doc *doc, w5_error *err);

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
long w5_days_from_civil(int y, int m, int d);

#endif
