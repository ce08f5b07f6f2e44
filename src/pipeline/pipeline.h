/*
 * pipeline.h - what stages may ask of a loaded pipeline. Internal.
 */
#ifndef W5_PIPELINE_H
#define W5_PIPELINE_H

#include "lexicon/lexicon.h"
#include "w5.h"

/* The lexicon loaded for ENTITIES or COREF (lexicon.w5m), or NULL when
 * the model folder has none or pipe is NULL. Read-only; owned by pipe. */
const w5_lexicon *w5_pipeline_lexicon(const w5_pipeline *pipe);

#endif
