/*
 * cli.h - what the w5 command's subcommands share. The command is a thin
 * front end: it parses options, reads documents, calls libw5 and writes
 * what the library returns. Exit codes: 0 success, 1 a failure on input
 * or I/O (the message names the file and line), 2 wrong usage. Messages go
 * to stderr, data to stdout.
 *
 * Each subcommand is `int cmd_<name>(int argc, char **argv)` in its own
 * file src/cli/cmd_<name>.c, listed in the table in main.c. argv[0] is the
 * subcommand name ("tokenize", or "eval segment" style: argv[0] = "segment"
 * for `w5 eval segment`). Every subcommand answers --help.
 */
#ifndef W5_CLI_H
#define W5_CLI_H

#include <stdio.h>

#include "w5.h"

enum { CLI_OK = 0, CLI_FAILED = 1, CLI_USAGE = 2 };

/* Called once per input document, with text and metadata set. Return 0 to
 * go on, non-zero to stop (that value is returned by cli_for_each_doc). */
typedef int (*cli_doc_fn)(w5_doc *doc, const char *source, long line,
                          void *ctx);

/* Reads the documents named by files[0..nfiles) (stdin when nfiles == 0 or
 * a name is "-"): a plain-text file is one document; a `.jsonl` file, or
 * any file when jsonl != 0, holds one JSON object per line with a required
 * "text" and optional "id", "title", "date", "url"; an `.html` or `.htm`
 * file is a web page whose article text, title and date make the
 * document. Any input may be gzip
 * or zstd compressed (found from its first bytes; "x.jsonl.gz" is JSONL).
 * A malformed line is
 * reported on stderr with file and line and skipped. Documents are read
 * and handed over one at a time, so memory stays flat on huge streams.
 * Returns CLI_OK, CLI_FAILED if any input failed (after processing the
 * rest), or the callback's non-zero value. The loop owns each document and
 * frees it after the callback returns. A document without an "id" gets
 * one from its source: the file name, or "FILE:LINE" for JSONL ("stdin"
 * for standard input). */
int cli_for_each_doc(char **files, int nfiles, int jsonl, cli_doc_fn fn,
                     void *ctx);

/* Option helper for subcommands: when argv[*i] is the option `name`
 * ("--date"), in the form "--date VALUE" or "--date=VALUE", sets *value,
 * advances *i past the value and returns 1; returns 0 when argv[*i] is
 * another argument; prints a usage error and returns -1 when the value is
 * missing. */
/* "--train FILE...": when argv[*i] is `name`, *files points at the words
 * after it up to the next option, *n counts them, *i moves past them and
 * 1 is returned; else 0. */
int cli_file_list(int argc, char **argv, int *i, const char *name, char ***files,
                  int *n);
/* Appends the CoNLL-U files to tb (w5_treebank_read with flags); prints
 * "w5 CMD: message" and returns CLI_FAILED on the first failure. */
struct w5_treebank;
int cli_read_treebanks(const char *cmd, char **files, int n, unsigned flags,
                       struct w5_treebank *tb);
int cli_option(int argc, char **argv, int *i, const char *name,
               const char **value);

/* Prints "w5 CMD: message" and a hint to use --help on stderr; returns
 * CLI_USAGE so `return cli_usage_error(...)` ends a subcommand. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Output formats of the document commands. "json" and "jsonl" are the
 * same writer (one object per line); "tokens", "conllu" and "text" are
 * the others. Returns 0, or -1 for an unknown name. */
int cli_parse_format(const char *name, w5_format *format);

/* Writes doc in `format` to stdout; 0, or CLI_FAILED with a message. */
int cli_write_doc(const w5_doc *doc, w5_format format);
/* The same; with no_text, JSON leaves out the document's "text" (the
 * offsets still point into the input). */
int cli_write_doc_text(const w5_doc *doc, w5_format format, int no_text);

/* Flushes stdout at the end of a command: CLI_OK, or CLI_FAILED with a
 * message when the output could not be written (disk full, closed pipe). */
int cli_finish_output(void);

/* Opens the default pipeline for the given stages: models from --model-dir
 * if given, else $W5_MODEL_DIR, else next to the binary, else the
 * library's default. Prints the error and returns NULL on failure. */
w5_pipeline *cli_open_pipeline(const char *model_dir, unsigned stages);
/* ... parsing with parser-beam.w5m and a beam of parser_beam when > 0
 * (w5_options.parser_beam), with the reparsing ensemble when ensemble is
 * nonzero (w5_options.parser_ensemble). */
w5_pipeline *cli_open_pipeline_beam(const char *model_dir, unsigned stages,
                                    int parser_beam, int ensemble);
/* Reads the value of --beam (1 to 64) into *out; 0 or CLI_USAGE. */
/* ... and with the neural tagger (tagger-nn.w5m) when tagger_nn is
 * nonzero (w5_options.tagger_nn). */
w5_pipeline *cli_open_pipeline_with(const char *model_dir, unsigned stages,
                                    int parser_beam, int ensemble, int tagger_nn);
int cli_beam_value(const char *cmd, const char *value, int *out);

/* Subcommands (each in src/cli/cmd_<name>.c). */
int cmd_tokenize(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_train_lexicon(int argc, char **argv);
int cmd_train_events(int argc, char **argv);
int cmd_train_tagger(int argc, char **argv);
int cmd_train_parser(int argc, char **argv);
int cmd_train_morph(int argc, char **argv);
int cmd_parse(int argc, char **argv);
int cmd_eval_syntax(int argc, char **argv);
int cmd_ner(int argc, char **argv);
int cmd_train_ner(int argc, char **argv);
int cmd_eval_ner(int argc, char **argv);
int cmd_eval_quotes(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_eval_segment(int argc, char **argv);
int cmd_train_segment(int argc, char **argv);
int cmd_train_clusters(int argc, char **argv);
int cmd_eval_coref(int argc, char **argv);

#endif
