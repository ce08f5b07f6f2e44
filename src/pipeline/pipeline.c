/*
 * pipeline.c - loads the models of the requested stages and runs the
 * stages over a document in order. Each stage lives in its own folder
 * and is called here through its header; this file only sequences them.
 */
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "coref/coref.h"
#include "doc/doc.h"
#include "events/events.h"
#include "lexicon/lexicon.h"
#include "ner/ner.h"
#include "ner/merge.h"
#include "ner/values.h"
#include "pipeline/pipeline.h"
#include "quotes/quotes.h"
#include "roles/roles.h"
#include "syntax/morph.h"
#include "syntax/syntax.h"
#include "text/text.h"
#include "time/time.h"

/* Where models are when w5_options.model_dir is NULL: the installed
 * folder when there is one, else the source tree the library was built
 * in (both set by the Makefile). */
#ifndef W5_INSTALL_MODEL_DIR
#define W5_INSTALL_MODEL_DIR "/usr/local/share/w5/models"
#endif
#ifndef W5_MODEL_DIR
#define W5_MODEL_DIR W5_INSTALL_MODEL_DIR
#endif

static const char *default_model_dir(void)
{
    return access(W5_INSTALL_MODEL_DIR "/events.w5m", R_OK) == 0 ? W5_INSTALL_MODEL_DIR
                                                                  : W5_MODEL_DIR;
}

struct w5_pipeline {
    char *model_dir;
    unsigned stages;  /* stages whose models are loaded */
    w5_events_model *events;   /* events.w5m: EVENTS */
    w5_lexicon *lexicon;       /* lexicon.w5m: ENTITIES, COREF (optional) */
    w5_ner_model *ner;         /* ner.w5m: ENTITIES names (optional) */
    w5_tagger *tagger;         /* tagger.w5m: TAGS (optional) */
    w5_parser *parser;         /* parser.w5m: PARSE (optional) */
    w5_morph *morph;           /* morph.w5m: FEATS with PARSE (optional) */
    int parser_beam;           /* w5_options.parser_beam */
    int parser_ensemble;       /* w5_options.parser_ensemble */
    int tagger_nn;             /* w5_options.tagger_nn: tagger-nn.w5m */
    w5_boundary_model *segment; /* segment.w5m: SENTENCES (optional) */
    w5_quotes_words *quote_words; /* QUOTES: its word table, built once */
};

static unsigned close_stages(unsigned stages);

/* Puts the path of model file `name` into path. A missing file is an
 * error that names it and says how to do without the stage: a pipeline
 * never drops a stage it was asked for without saying so. */
static int model_file(const w5_pipeline *pipe, const char *name,
                      const char *stage, char *path, size_t cap, w5_error *err)
{
    snprintf(path, cap, "%s/%s", pipe->model_dir, name);
    if (access(path, R_OK) == 0)
        return W5_OK;
    return w5_fail(err, W5_ERR_NOT_FOUND,
                   "%s: %s (the %s stage needs it: use the models that ship "
                   "in models/, or leave the stage out of w5_options.stages)",
                   path, strerror(errno), stage);
}

/* Loads the models of the requested stages; the first failure is returned
 * with a message naming the file. */
static int load_models(w5_pipeline *pipe, unsigned stages, w5_error *err)
{
    char path[4096];
    int rc = W5_OK;
    if (stages & W5_STAGE_SENTENCES) /* boundaries the rules miss */
        if ((rc = model_file(pipe, "segment.w5m", "SENTENCES", path, sizeof path, err)) ||
            (rc = w5_boundary_model_load(path, &pipe->segment, err)))
            return rc;
    if (stages & W5_STAGE_TAGS)
        if ((rc = model_file(pipe, "tagger.w5m", "TAGS", path, sizeof path, err)) ||
            (rc = w5_tagger_load(path, &pipe->tagger, err)))
            return rc;
    if ((stages & W5_STAGE_TAGS) && pipe->tagger_nn)
        if ((rc = model_file(pipe, "tagger-nn.w5m", "TAGS", path, sizeof path, err)) ||
            (rc = w5_tagger_attach_nn(pipe->tagger, path, err)))
            return rc;
    if ((stages & W5_STAGE_PARSE) && pipe->parser_ensemble) {
        if ((rc = w5_parser_load_ensemble(pipe->model_dir, pipe->parser_beam,
                                          &pipe->parser, err)))
            return rc;
    } else if (stages & W5_STAGE_PARSE) {
        /* a beam needs the model trained for one */
        const char *name = pipe->parser_beam > 0 ? "parser-beam.w5m" : "parser.w5m";
        if ((rc = model_file(pipe, name, "PARSE", path, sizeof path, err)) ||
            (rc = w5_parser_load(path, &pipe->parser, err)))
            return rc;
        w5_parser_set_beam(pipe->parser, pipe->parser_beam);
    }
    /* FEATS come with the parse (any parser) when the model is there; a
     * model folder without it (older, or trimmed) still parses */
    if ((stages & W5_STAGE_PARSE) &&
        (size_t)snprintf(path, sizeof path, "%s/morph.w5m", pipe->model_dir) < sizeof path &&
        access(path, R_OK) == 0 && (rc = w5_morph_load(path, &pipe->morph, err)))
        return rc;
    /* NORP mentions, gazetteer features and coreference (first-name
     * genders, demonyms) all read the lexicon */
    if (stages & (W5_STAGE_ENTITIES | W5_STAGE_COREF))
        if ((rc = model_file(pipe, "lexicon.w5m", "ENTITIES", path, sizeof path, err)) ||
            (rc = w5_lexicon_load(path, &pipe->lexicon, err)))
            return rc;
    if (stages & W5_STAGE_ENTITIES)
        if ((rc = model_file(pipe, "ner.w5m", "ENTITIES", path, sizeof path, err)) ||
            (rc = w5_ner_load(path, &pipe->ner, err)))
            return rc;
    if (stages & W5_STAGE_EVENTS)
        if ((rc = model_file(pipe, "events.w5m", "EVENTS", path, sizeof path, err)) ||
            (rc = w5_events_load(path, &pipe->events, err)))
            return rc;
    if ((stages & W5_STAGE_QUOTES) && w5_quotes_words_new(&pipe->quote_words))
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    return W5_OK;
}

w5_options w5_default_options(void)
{
    w5_options opts = {.model_dir = NULL, .stages = W5_STAGE_ALL};
    return opts;
}

int w5_pipeline_open(const w5_options *opts, w5_pipeline **out, w5_error *err)
{
    w5_options defaults = w5_default_options();
    if (!out)
        return w5_fail(err, W5_ERR_INVALID, "w5_pipeline_open: out is NULL");
    *out = NULL;
    if (!opts)
        opts = &defaults;
    const char *dir = opts->model_dir ? opts->model_dir : default_model_dir();
    w5_pipeline *pipe = calloc(1, sizeof *pipe);
    if (!pipe || !(pipe->model_dir = w5_strndup(dir, strlen(dir)))) {
        free(pipe);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    /* The stages this pipeline serves: those asked for and what they
     * need; each one's models are loaded here or the open fails. */
    unsigned stages = close_stages(opts->stages & W5_STAGE_ALL);
    pipe->parser_beam = opts->parser_beam < 0 ? 0 : opts->parser_beam;
    pipe->parser_ensemble = opts->parser_ensemble != 0;
    pipe->tagger_nn = opts->tagger_nn != 0;
    int rc = load_models(pipe, stages, err);
    if (rc) {
        w5_pipeline_free(pipe);
        return rc;
    }
    pipe->stages = stages | W5_STAGE_TOKENS | W5_STAGE_SENTENCES;
    *out = pipe;
    return W5_OK;
}

const w5_lexicon *w5_pipeline_lexicon(const w5_pipeline *pipe)
{
    return pipe ? pipe->lexicon : NULL;
}

void w5_pipeline_free(w5_pipeline *pipe)
{
    if (!pipe)
        return;
    w5_events_free(pipe->events);
    w5_lexicon_free(pipe->lexicon);
    w5_ner_free(pipe->ner);
    w5_tagger_free(pipe->tagger);
    w5_parser_free(pipe->parser);
    w5_morph_free(pipe->morph);
    w5_boundary_model_free(pipe->segment);
    w5_quotes_words_free(pipe->quote_words);
    free(pipe->model_dir);
    free(pipe);
}

/* Adds to `stages` every stage the requested ones depend on. */
static unsigned close_stages(unsigned stages)
{
    if (stages & W5_STAGE_EVENTS)
        stages |= W5_STAGE_QUOTES | W5_STAGE_TIMES | W5_STAGE_COREF;
    if (stages & (W5_STAGE_ROLES | W5_STAGE_QUOTES))
        stages |= W5_STAGE_COREF;
    if (stages & (W5_STAGE_COREF | W5_STAGE_TIMES))
        stages |= W5_STAGE_ENTITIES;
    if (stages & W5_STAGE_COREF)
        stages |= W5_STAGE_PARSE;
    if (stages & W5_STAGE_PARSE)
        stages |= W5_STAGE_TAGS;
    if (stages & (W5_STAGE_TAGS | W5_STAGE_ENTITIES))
        stages |= W5_STAGE_SENTENCES;
    if (stages & W5_STAGE_SENTENCES)
        stages |= W5_STAGE_TOKENS;
    return stages;
}

int w5_analyze(const w5_pipeline *pipe, w5_doc *doc, unsigned stages,
               w5_error *err)
{
    if (!doc)
        return w5_fail(err, W5_ERR_INVALID, "w5_analyze: doc is NULL");
    stages = close_stages(stages & W5_STAGE_ALL);
    unsigned model_stages = stages & ~(W5_STAGE_TOKENS | W5_STAGE_SENTENCES);
    if (model_stages && !pipe)
        return w5_fail(err, W5_ERR_INVALID,
                       "w5_analyze: these stages need a pipeline");
    if (pipe && (model_stages & ~pipe->stages))
        return w5_fail(err, W5_ERR_STATE,
                       "w5_analyze: stages 0x%x are not loaded in this pipeline",
                       model_stages & ~pipe->stages);
    w5_doc_reset_from(doc, W5_STAGE_TOKENS);
    int rc = w5_text_tokenize(doc, err);
    if (rc)
        return rc;
    doc->stages |= W5_STAGE_TOKENS;
    if (stages & W5_STAGE_SENTENCES) {
        if ((rc = w5_text_split_sentences_model(
                 doc, pipe ? pipe->segment : NULL, err)))
            return rc;
        doc->stages |= W5_STAGE_SENTENCES;
    }
    return w5_pipeline_run_layers(pipe, doc, stages, err);
}

/* Runs the stages after SENTENCES on a document whose tokens and
 * sentences are already there (w5_analyze, and evaluation on gold
 * tokens: src/eval/coref.c). */
int w5_pipeline_run_layers(const w5_pipeline *pipe, w5_doc *doc,
                           unsigned stages, w5_error *err)
{
    int rc;
    stages = close_stages(stages & W5_STAGE_ALL);
    if ((stages & W5_STAGE_TAGS) && pipe && pipe->tagger) {
        if ((rc = w5_tagger_run(pipe->tagger, doc, err)))
            return rc;
        doc->stages |= W5_STAGE_TAGS;
    }
    if ((stages & W5_STAGE_PARSE) && pipe && pipe->parser &&
        (doc->stages & W5_STAGE_TAGS)) {
        if ((rc = w5_parser_run(pipe->parser, doc, err)) ||
            (pipe->morph && (rc = w5_morph_run(pipe->morph, doc, err))))
            return rc;
        doc->stages |= W5_STAGE_PARSE;
    }
    if (stages & W5_STAGE_ENTITIES) {
        /* names by the statistical model, then value and NORP mentions by
         * rules */
        if (pipe && pipe->ner && (rc = w5_ner_run(pipe->ner, pipe->lexicon, doc, err)))
            return rc;
        size_t names = doc->ments.n;
        if ((rc = w5_values_run(w5_pipeline_lexicon(pipe), doc, err)))
            return rc;
        w5_mentions_merge(doc, names);
        doc->stages |= W5_STAGE_ENTITIES;
    }
    if ((stages & W5_STAGE_COREF) && pipe) {
        if ((rc = w5_coref_run(pipe->lexicon, doc, err)))
            return rc;
        doc->stages |= W5_STAGE_COREF;
    }
    if ((stages & W5_STAGE_ROLES) && (doc->stages & W5_STAGE_COREF)) {
        if ((rc = w5_roles_run(doc, err)))
            return rc;
        doc->stages |= W5_STAGE_ROLES;
    }
    if (stages & W5_STAGE_QUOTES) {
        if ((rc = w5_quotes_run_words(pipe ? pipe->quote_words : NULL, doc, err)))
            return rc;
        doc->stages |= W5_STAGE_QUOTES;
    }
    if (stages & W5_STAGE_TIMES) {
        if ((rc = w5_time_run(doc, err)))
            return rc;
        doc->stages |= W5_STAGE_TIMES;
    }
    if (stages & W5_STAGE_EVENTS) {
        if ((rc = w5_events_run(pipe->events, doc, err)))
            return rc;
        doc->stages |= W5_STAGE_EVENTS;
    }
    return W5_OK;
}
