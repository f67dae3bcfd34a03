/*
 * tinykws-fw (host board): runs the firmware core on a WAV file and writes the protocol
 * lines the device would send to stdout.
 *
 *   tinykws-fw [--raw] [--commands FILE] [--deterministic] [--costs] INPUT
 *
 * INPUT is a 16 kHz mono PCM16 WAV, or with --raw headerless PCM16LE ("-" = stdin).
 * --commands FILE: host commands, one per line "<stream_ms> <text>", sent (with CRLF) once
 *   the stream reaches that time, e.g. "2000 $TKWS,THRESH,0,0.800*3A".
 * --deterministic: no clock (STAT shows 0 us and 0 load), so the output is repeatable.
 * --costs: prints the measured frontend / inference cost to stderr at the end.
 * Exit status: 0 ok, 2 usage or input error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hal_host.h"
#include "kws_app.h"

/* The application state: owned by the board, the only instance. */
static kws_app_t g_app;

static void usage(FILE *f)
{
    fprintf(f, "usage: tinykws-fw [--raw] [--commands FILE] [--deterministic] [--costs] INPUT.wav|-\n"
               "  Runs the TinyKWS firmware core on 16 kHz mono PCM16 audio and prints the\n"
               "  serial protocol lines ($TKWS,...) the device would send.\n"
               "  --raw            INPUT is headerless PCM16LE ('-' reads stdin)\n"
               "  --commands FILE  host commands, lines '<stream_ms> <text>'\n"
               "  --deterministic  no clock: repeatable output (STAT infer_us/load = 0)\n"
               "  --costs          print frontend/inference cost to stderr at the end\n");
}

int main(int argc, char **argv)
{
    const char *input = NULL;
    const char *commands = NULL;
    int raw = 0;
    int costs = 0;
    int i;
    char err[512];

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--raw") == 0) {
            raw = 1;
        } else if (strcmp(argv[i], "--commands") == 0 && i + 1 < argc) {
            commands = argv[++i];
        } else if (strcmp(argv[i], "--deterministic") == 0) {
            host_set_deterministic(1);
        } else if (strcmp(argv[i], "--costs") == 0) {
            costs = 1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "tinykws-fw: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (input == NULL) {
            input = argv[i];
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (input == NULL) {
        usage(stderr);
        return 2;
    }
    if (host_open_audio(input, raw, err, sizeof err) != 0
        || (commands != NULL && host_load_commands(commands, err, sizeof err) != 0)) {
        fprintf(stderr, "tinykws-fw: %s\n", err);
        return 2;
    }
    kws_app_run(&g_app);
    if (costs) {
        const kws_app_costs_t *c = &g_app.costs;
        fprintf(stderr,
                "tinykws-fw: %llu samples, %u frames, %u inferences, %u detections; "
                "frontend %.1f us/frame, inference %.1f us (min %.1f, max %.1f)\n",
                (unsigned long long)host_samples_read(), (unsigned)c->fe_frames, (unsigned)c->nn_runs,
                (unsigned)c->detections, c->fe_frames ? (double)c->fe_cycles / c->fe_frames / 1000.0 : 0.0,
                c->nn_runs ? (double)c->nn_cycles / c->nn_runs / 1000.0 : 0.0,
                c->nn_runs ? c->nn_min_cycles / 1000.0 : 0.0, c->nn_runs ? c->nn_max_cycles / 1000.0 : 0.0);
    }
    host_close();
    return 0;
}
