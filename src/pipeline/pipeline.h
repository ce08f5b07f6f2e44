/*
 * pipeline.h - what stages may ask of a loaded pipeline. Internal.
 */
#ifndef W5_PIPELINE_H
#define W5_PIPELINE_H

#include "doc/doc.h"
#include "lexicon/lexicon.h"
#include "w5.h"

/* The lexicon loaded for ENTITIES or COREF (lexicon.w5m), or NULL when
 * the model folder has none or pipe is NULL. Read-only; owned by pipe. */
const w5_lexicon *w5_pipeline_lexicon(const w5_pipeline *pipe);

/* Runs the stages after SENTENCES on a document whose tokens and
 * sentences are already there (w5_analyze does the rest; evaluation on
 * gold tokens calls this directly). */
int w5_pipeline_run_layers(const w5_pipeline *pipe, w5_doc *doc,
                           unsigned stages, w5_error *err);

#endif
