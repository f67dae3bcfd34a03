/*
 * Host board HAL: audio from a WAV file (or raw PCM16LE from a file/stdin), protocol
 * lines to stdout, host commands from a schedule file released at given stream times,
 * time from CLOCK_MONOTONIC (1 tick = 1 ns).
 */
#include "hal_host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kws_hal.h"

#define HOST_SAMPLE_RATE 16000u
#define HOST_MAX_COMMANDS 256
#define HOST_COMMAND_BYTES 65536

/* Board state: globals are allowed in the board layer. */
static FILE *g_audio;
static int g_audio_is_stdin;
static uint64_t g_data_left;   /* bytes of PCM left in the WAV data chunk (raw: UINT64_MAX) */
static uint64_t g_samples;
static int g_deterministic;

static char g_cmd_text[HOST_COMMAND_BYTES];
static uint32_t g_cmd_ms[HOST_MAX_COMMANDS];
static size_t g_cmd_start[HOST_MAX_COMMANDS];
static size_t g_cmd_len[HOST_MAX_COMMANDS];
static size_t g_num_cmds;
static size_t g_cmd_next;   /* next command to send */
static size_t g_cmd_pos;    /* byte position inside it */

static uint32_t rd_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint16_t rd_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static int fail(char *err, size_t cap, const char *path, const char *what)
{
    snprintf(err, cap, "%s: %s", path, what);
    return -1;
}

static int open_wav(const char *path, char *err, size_t cap)
{
    uint8_t hdr[12];
    int have_fmt = 0;
    if (fread(hdr, 1, 12, g_audio) != 12 || memcmp(hdr, "RIFF", 4) != 0
        || memcmp(hdr + 8, "WAVE", 4) != 0) {
        return fail(err, cap, path, "not a RIFF/WAVE file (use --raw for headerless PCM16LE)");
    }
    for (;;) {
        uint8_t ch[8];
        uint32_t size;
        if (fread(ch, 1, 8, g_audio) != 8) {
            return fail(err, cap, path, "no data chunk");
        }
        size = rd_le32(ch + 4);
        if (memcmp(ch, "fmt ", 4) == 0) {
            uint8_t fmt[40];
            uint16_t tag;
            if (size < 16 || size > sizeof fmt || fread(fmt, 1, size, g_audio) != size) {
                return fail(err, cap, path, "bad fmt chunk");
            }
            tag = rd_le16(fmt);
            if (tag == 0xFFFEu && size >= 26) {
                tag = rd_le16(fmt + 24); /* WAVE_FORMAT_EXTENSIBLE: sub-format GUID starts here */
            }
            if (tag != 1u || rd_le16(fmt + 2) != 1u || rd_le32(fmt + 4) != HOST_SAMPLE_RATE
                || rd_le16(fmt + 14) != 16u) {
                return fail(err, cap, path,
                            "expected 16 kHz mono 16-bit PCM (convert: sox in.wav -r 16000 -c 1 -b 16 out.wav)");
            }
            if (size & 1u) {
                (void)fgetc(g_audio);
            }
            have_fmt = 1;
        } else if (memcmp(ch, "data", 4) == 0) {
            if (!have_fmt) {
                return fail(err, cap, path, "data chunk before fmt chunk");
            }
            g_data_left = size;
            return 0;
        } else {
            if (fseek(g_audio, (long)size + (long)(size & 1u), SEEK_CUR) != 0) {
                return fail(err, cap, path, "truncated chunk");
            }
        }
    }
}

int host_open_audio(const char *path, int raw, char *err, size_t err_cap)
{
    g_samples = 0;
    if (strcmp(path, "-") == 0) {
        g_audio = stdin;
        g_audio_is_stdin = 1;
    } else {
        g_audio = fopen(path, "rb");
        g_audio_is_stdin = 0;
        if (g_audio == NULL) {
            return fail(err, err_cap, path, "cannot open");
        }
    }
    if (raw) {
        g_data_left = UINT64_MAX;
        return 0;
    }
    return open_wav(path, err, err_cap);
}

int host_load_commands(const char *path, char *err, size_t err_cap)
{
    FILE *f = fopen(path, "rb");
    size_t used = 0;
    char line[2048];
    if (f == NULL) {
        return fail(err, err_cap, path, "cannot open command file");
    }
    g_num_cmds = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        char *end;
        unsigned long ms;
        size_t n = strlen(line);
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) {
            line[--n] = '\0';
        }
        if (n == 0 || line[0] == '#') {
            continue;
        }
        ms = strtoul(line, &end, 10);
        if (end == line || *end != ' ') {
            fclose(f);
            return fail(err, err_cap, path, "each line must be '<stream_ms> <text>'");
        }
        end++;
        n = strlen(end);
        if (g_num_cmds == HOST_MAX_COMMANDS || used + n + 2 > sizeof g_cmd_text) {
            fclose(f);
            return fail(err, err_cap, path, "too many commands");
        }
        if (g_num_cmds > 0 && ms < g_cmd_ms[g_num_cmds - 1]) {
            fclose(f);
            return fail(err, err_cap, path, "command times must not decrease");
        }
        memcpy(g_cmd_text + used, end, n);
        g_cmd_text[used + n] = '\r';
        g_cmd_text[used + n + 1] = '\n';
        g_cmd_ms[g_num_cmds] = (uint32_t)ms;
        g_cmd_start[g_num_cmds] = used;
        g_cmd_len[g_num_cmds] = n + 2;
        used += n + 2;
        g_num_cmds++;
    }
    fclose(f);
    g_cmd_next = 0;
    g_cmd_pos = 0;
    return 0;
}

void host_set_deterministic(int on)
{
    g_deterministic = on;
}

uint64_t host_samples_read(void)
{
    return g_samples;
}

void host_close(void)
{
    if (g_audio != NULL && !g_audio_is_stdin) {
        fclose(g_audio);
    }
    g_audio = NULL;
    fflush(stdout);
}

/* ---------------------------------------------------------------- the HAL */

size_t kws_hal_read_audio(int16_t *buf, size_t max)
{
    uint8_t bytes[2 * 1024];
    size_t want = max;
    size_t got;
    size_t i;
    if (g_audio == NULL) {
        return 0;
    }
    if (want > sizeof bytes / 2) {
        want = sizeof bytes / 2;
    }
    if ((uint64_t)want * 2u > g_data_left) {
        want = (size_t)(g_data_left / 2u);
    }
    if (want == 0) {
        return 0;
    }
    /* fill the whole request when the stream allows it (pipes deliver in pieces) */
    got = 0;
    while (got < want * 2u) {
        size_t r = fread(bytes + got, 1, want * 2u - got, g_audio);
        if (r == 0) {
            break;
        }
        got += r;
    }
    got /= 2u; /* a trailing odd byte is dropped */
    for (i = 0; i < got; i++) {
        buf[i] = (int16_t)rd_le16(bytes + 2u * i);
    }
    if (g_data_left != UINT64_MAX) {
        g_data_left -= (uint64_t)got * 2u;
    }
    g_samples += got;
    return got;
}

void kws_hal_write(const uint8_t *p, size_t n)
{
    fwrite(p, 1, n, stdout);
}

int kws_hal_read_command_byte(void)
{
    uint64_t now_ms = g_samples * 1000u / HOST_SAMPLE_RATE;
    int b;
    if (g_cmd_next >= g_num_cmds || g_cmd_ms[g_cmd_next] > now_ms) {
        return -1;
    }
    b = (unsigned char)g_cmd_text[g_cmd_start[g_cmd_next] + g_cmd_pos];
    if (++g_cmd_pos == g_cmd_len[g_cmd_next]) {
        g_cmd_next++;
        g_cmd_pos = 0;
    }
    return b;
}

uint32_t kws_hal_cycles(void)
{
    struct timespec ts;
    if (g_deterministic) {
        return 0;
    }
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint32_t)((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
}

uint32_t kws_hal_cycles_per_us(void)
{
    return 1000u;
}

uint32_t kws_hal_audio_overruns(void)
{
    return 0; /* a file never overruns */
}

uint32_t kws_hal_free_ram(void)
{
    return 0; /* not meaningful on a PC */
}
