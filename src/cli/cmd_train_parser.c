/*
 * cmd_train_parser.c - `w5 train parser`; the option handling and the
 * training loop driver are shared with `w5 train tagger`
 * (cmd_train_tagger.c).
 */
#include "cli/cli.h"

int cmd_train_parser(int argc, char **argv)
{
    return cmd_train_syntax(argc, argv, "parser");
}
