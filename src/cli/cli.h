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
 * "text" and optional "id", "title", "date", "url". A malformed line is
 * reported on stderr with file and line and skipped. Documents are read
 * and handed over one at a time, so memory stays flat on huge streams.
 * Returns CLI_OK, CLI_FAILED if any input failed (after processing the
 * rest), or the callback's non-zero value. */
int cli_for_each_doc(char **files, int nfiles, int jsonl, cli_doc_fn fn,
                     void *ctx);

/* Opens the default pipeline for the given stages: models from --model-dir
 * if given, else $W5_MODEL_DIR, else next to the binary, else the
 * library's default. Prints the error and returns NULL on failure. */
w5_pipeline *cli_open_pipeline(const char *model_dir, unsigned stages);

/* Subcommands (each in src/cli/cmd_<name>.c). */
int cmd_tokenize(int argc, char **argv);

#endif
