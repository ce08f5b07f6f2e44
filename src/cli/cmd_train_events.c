/*
 * cmd_train_events.c - `w5 train events`: compiles the PETRARCH2 CAMEO verb
 * dictionary, the Phoenix agent nouns and the CAMEO code list into
 * events.w5m.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "events/events.h"

static void train_events_usage(FILE *f)
{
    fprintf(f,
            "usage: w5 train events [--data DIR] [--out FILE]\n\n"
            "Compiles the CAMEO verb dictionary (DIR/cameo/petrarch2/CAMEO.2.0.txt),\n"
            "the one-word agent nouns of DIR/cameo/petrarch2/Phoenix.agents.txt and\n"
            "the event codes (DIR/cameo/codes/cameo_event_codes.tsv) into the\n"
            "event coder's model.\n\n"
            "  --data DIR   the data kit (default ../shared/data)\n"
            "  --out FILE   the model to write (default models/events.w5m)\n");
}

int cmd_train_events(int argc, char **argv)
{
    const char *data = "../shared/data", *out = "models/events.w5m";
    for (int i = 1; i < argc; i++) {
        int got;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            train_events_usage(stdout);
            return CLI_OK;
        } else if ((got = cli_option(argc, argv, &i, "--data", &data)) ||
                   (got = cli_option(argc, argv, &i, "--out", &out))) {
            if (got < 0)
                return CLI_USAGE;
        } else {
            return cli_usage_error("train events", "unknown option '%s'", argv[i]);
        }
    }
    char cameo[4096];
    snprintf(cameo, sizeof cameo, "%s/cameo", data);
    w5_error err;
    w5_events_model *model = NULL;
    if (w5_events_build(cameo, out, &err) || w5_events_load(out, &model, &err)) {
        fprintf(stderr, "w5 train events: %s\n", err.message);
        return CLI_FAILED;
    }
    printf("wrote %s (meet -> %s, accuse -> %s)\n", out,
           w5_events_lookup(model, "v:meet"), w5_events_lookup(model, "v:accuse"));
    w5_events_free(model);
    return CLI_OK;
}
