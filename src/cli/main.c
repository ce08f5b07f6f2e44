/* main.c - the w5 command: dispatch to subcommands (placeholder). */
#include <stdio.h>
#include <string.h>

#include "w5.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("w5 %s\n", w5_version());
        return 0;
    }
    fprintf(stderr, "usage: w5 COMMAND [ARGS]\n");
    return 2;
}
