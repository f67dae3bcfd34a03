/*
 * kws_app tests on the host with a mock HAL: synthetic audio served in chunks of varying
 * size, protocol lines captured and parsed back. Checks HELLO, DET lines against an
 * independent reference (frontend + model + detector run directly on the whole signal,
 * times from SPEC section 4), STAT timing, sequence numbers and checksums of every line,
 * chunking independence, THRESH / REC (AUD payload = the input) / INFO / bad input / BUSY,
 * OVERRUN reporting, and the end of input.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kws_app.h"
#include "kws_hal.h"
#include "kws_test.h"

#define SR 16000u
#define MAX_SAMPLES (32u * SR)
#define OUT_CAP (4u * 1024u * 1024u)

/* ---------------------------------------------------------------- mock HAL */
static int16_t g_audio[MAX_SAMPLES];
static size_t g_audio_n;
static size_t g_audio_pos;
static int g_chunk_mode;        /* 0: always max, 1: pseudo-random 1..max */
static uint32_t g_rng = 1u;
static char g_out[OUT_CAP];
static size_t g_out_n;
static const char *g_cmd;       /* command bytes to deliver ... */
static size_t g_cmd_at;         /* ... once this many samples were read */
static size_t g_cmd_pos;
static uint32_t g_cycles;
static uint32_t g_overruns;
static size_t g_overrun_at = (size_t)-1;

size_t kws_hal_read_audio(int16_t *buf, size_t max)
{
    size_t n = max;
    if (g_chunk_mode == 1) {
        g_rng = g_rng * 1103515245u + 12345u;
        n = 1u + (g_rng >> 8) % max;
    }
    if (n > g_audio_n - g_audio_pos) {
        n = g_audio_n - g_audio_pos;
    }
    memcpy(buf, g_audio + g_audio_pos, n * sizeof(int16_t));
    g_audio_pos += n;
    if (g_audio_pos >= g_overrun_at) {
        g_overruns = 2;
    }
    return n;
}

void kws_hal_write(const uint8_t *p, size_t n)
{
    if (g_out_n + n < OUT_CAP) {
        memcpy(g_out + g_out_n, p, n);
        g_out_n += n;
    }
}

int kws_hal_read_command_byte(void)
{
    if (g_cmd == NULL || g_audio_pos < g_cmd_at || g_cmd[g_cmd_pos] == '\0') {
        return -1;
    }
    return (unsigned char)g_cmd[g_cmd_pos++];
}

uint32_t kws_hal_cycles(void)
{
    return g_cycles += 7u; /* deterministic, only differences matter */
}

uint32_t kws_hal_cycles_per_us(void)
{
    return 1u;
}

uint32_t kws_hal_audio_overruns(void)
{
    return g_overruns;
}

uint32_t kws_hal_free_ram(void)
{
    return 12345u;
}

/* ---------------------------------------------------------------- helpers */

static kws_app_t g_app;

/* synthetic input: low noise, tone bursts (the hand-made models react to them) */
static void make_audio(size_t seconds)
{
    size_t i;
    uint32_t s = 7u;
    double phase = 0.0;
    g_audio_n = seconds * SR;
    for (i = 0; i < g_audio_n; i++) {
        size_t pos = i % 40000u;
        double v;
        s = s * 1664525u + 1013904223u;
        v = 0.003 * ((double)((s >> 8) & 0xFFFFu) / 32768.0 - 1.0);
        if (pos >= 8000u && pos < 20000u) {
            double t = (double)(pos - 8000u) / 12000.0;
            phase += 2.0 * 3.14159265358979 * (300.0 + 400.0 * t) / SR;
            v += 0.3 * sin(3.14159265358979 * t) * sin(phase);
        }
        g_audio[i] = (int16_t)lround(v * 32767.0);
    }
}

static void run_app(int chunk_mode, const char *cmd, size_t cmd_at)
{
    g_audio_pos = 0;
    g_out_n = 0;
    g_chunk_mode = chunk_mode;
    g_rng = 1u;
    g_cmd = cmd;
    g_cmd_at = cmd_at;
    g_cmd_pos = 0;
    g_cycles = 0;
    g_overruns = 0;
    kws_app_run(&g_app);
    g_out[g_out_n] = '\0';
}

typedef struct {
    const char *start[4096];
    size_t len[4096];
    size_t n;
} lines_t;

static lines_t g_lines;

/* Splits g_out into lines; checks framing, checksum and sequence of each. */
static void split_and_check(lines_t *ls)
{
    size_t i = 0;
    uint32_t expect_seq = 0;
    ls->n = 0;
    while (i < g_out_n && ls->n < 4096) {
        const char *p = g_out + i;
        const char *nl = memchr(p, '\n', g_out_n - i);
        size_t len;
        unsigned cs;
        unsigned seq;
        const char *star;
        if (nl == NULL) {
            TU_CHECK(nl != NULL);
            break;
        }
        len = (size_t)(nl - p) + 1u;
        ls->start[ls->n] = p;
        ls->len[ls->n] = len;
        ls->n++;
        i += len;
        TU_CHECK(len <= KWS_PROTO_MAX_LINE);
        TU_CHECK(memcmp(p, "$TKWS,", 6) == 0);
        TU_CHECK(len >= 7 && p[len - 2] == '\r');
        star = memchr(p, '*', len);
        TU_CHECK(star != NULL && star + 5 == p + len);
        if (star == NULL) {
            continue;
        }
        TU_CHECK(sscanf(star + 1, "%2X", &cs) == 1 && kws_proto_checksum(p + 1, (size_t)(star - p - 1)) == cs);
        {
            const char *c1 = memchr(p + 6, ',', len - 6);
            TU_CHECK(c1 != NULL && sscanf(c1 + 1, "%u", &seq) == 1 && seq == expect_seq);
        }
        expect_seq = (expect_seq + 1u) & 0xFFFFu;
    }
}

static int line_is(const lines_t *ls, size_t k, const char *type)
{
    size_t n = strlen(type);
    return k < ls->n && ls->len[k] > 6 + n && memcmp(ls->start[k] + 6, type, n) == 0
           && ls->start[k][6 + n] == ',';
}

/* Field f (0 = seq) of line k as a NUL-terminated copy. */
static const char *field(const lines_t *ls, size_t k, int f, char *buf, size_t cap)
{
    const char *p = ls->start[k] + 6;
    const char *end = memchr(p, '*', ls->len[k] - 6);
    int i;
    size_t n;
    p = memchr(p, ',', (size_t)(end - p)) + 1; /* skip type */
    for (i = 0; i < f; i++) {
        const char *c = memchr(p, ',', (size_t)(end - p));
        if (c == NULL) {
            buf[0] = '\0';
            return buf;
        }
        p = c + 1;
    }
    {
        const char *c = memchr(p, ',', (size_t)(end - p));
        n = (size_t)((c ? c : end) - p);
    }
    if (n >= cap) {
        n = cap - 1;
    }
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

/* ---------------------------------------------------------------- reference */

typedef struct {
    uint32_t t_ms[512];
    uint16_t label[512];
    uint8_t score[512];
    size_t n;
    uint32_t inferences;
} ref_t;

typedef struct {
    kws_feature_window_t win;
    kws_detector_t det;
    ref_t *ref;
    int8_t input[KWS_MODEL_INPUT_H * KWS_MODEL_INPUT_W];
    int8_t arena[KWS_NN_ARENA_BYTES(KWS_MODEL_MAX_TENSOR_BYTES)];
} ref_state_t;

static void ref_frame(uint32_t k, const float *mfcc, void *user)
{
    ref_state_t *r = (ref_state_t *)user;
    kws_detection_t d;
    const int8_t *q;
    kws_feature_window_push(&r->win, mfcc);
    /* SPEC 4: inference after frame k when k+1 >= frames and (k+1-frames) % stride == 0 */
    if (k + 1 < KWS_FE_FRAMES || (k + 1 - KWS_FE_FRAMES) % KWS_DET_STRIDE_FRAMES != 0) {
        return;
    }
    TU_CHECK(kws_feature_window_full(&r->win));
    kws_feature_window_quantize(&r->win, r->input);
    q = kws_model_run(kws_model_layers, KWS_MODEL_NUM_LAYERS, r->input, r->arena, sizeof r->arena,
                      NULL, NULL);
    TU_CHECK(q != NULL);
    r->ref->inferences++;
    /* t_ms = (k*hop + window)*1000/sample_rate, computed in double here */
    if (q != NULL
        && kws_detector_push_s8(&r->det, (uint32_t)floor(((double)k * KWS_FE_HOP_SAMPLES + KWS_FE_WINDOW_SAMPLES)
                                                          * 1000.0 / KWS_FE_SAMPLE_RATE),
                                q, &d)
        && r->ref->n < 512) {
        r->ref->t_ms[r->ref->n] = d.t_ms;
        r->ref->label[r->ref->n] = d.label;
        r->ref->score[r->ref->n] = d.score_q;
        r->ref->n++;
    }
}

static kws_frontend_t g_ref_fe;
static ref_state_t g_ref_state;

static void reference(ref_t *ref, uint8_t threshold_q)
{
    kws_detector_config_t c;
    memset(ref, 0, sizeof *ref);
    c.average_window_ms = KWS_DET_AVERAGE_WINDOW_MS;
    c.suppression_ms = KWS_DET_SUPPRESSION_MS;
    c.min_count = KWS_DET_MIN_COUNT;
    c.num_labels = KWS_MODEL_NUM_LABELS;
    c.silence_index = KWS_MODEL_SILENCE_INDEX;
    c.unknown_index = KWS_MODEL_UNKNOWN_INDEX;
    c.threshold_q = threshold_q;
    kws_frontend_init(&g_ref_fe);
    kws_feature_window_init(&g_ref_state.win);
    TU_CHECK_INT(kws_detector_init(&g_ref_state.det, &c), 0);
    g_ref_state.ref = ref;
    kws_frontend_push(&g_ref_fe, g_audio, g_audio_n, ref_frame, &g_ref_state);
}

/* Compares the DET lines of g_lines with ref. */
static void compare_dets(const ref_t *ref, const char *what)
{
    size_t k;
    size_t d = 0;
    char buf[64];
    int bad = 0;
    for (k = 0; k < g_lines.n; k++) {
        if (!line_is(&g_lines, k, "DET")) {
            continue;
        }
        if (d >= ref->n) {
            bad++;
            d++;
            continue;
        }
        {
            char expect_score[8];
            kws_fmt_milli(expect_score, sizeof expect_score, kws_score_to_milli(ref->score[d]));
            if (strtoul(field(&g_lines, k, 1, buf, sizeof buf), NULL, 10) != ref->t_ms[d]
                || strcmp(field(&g_lines, k, 2, buf, sizeof buf), kws_model_labels[ref->label[d]]) != 0
                || strcmp(field(&g_lines, k, 3, buf, sizeof buf), expect_score) != 0) {
                bad++;
            }
        }
        d++;
    }
    tu_checks++;
    if (bad || d != ref->n) {
        TU_FAIL("%s: %zu DET lines vs %zu reference detections, %d differ", what, d, ref->n, bad);
    }
}

/* ---------------------------------------------------------------- tests */

static void test_plain_run(void)
{
    ref_t ref;
    size_t k;
    size_t stats = 0;
    char buf[256];
    char expect_hash[16];
    make_audio(30);
    reference(&ref, KWS_DET_THRESHOLD_Q);
    run_app(0, NULL, 0);
    split_and_check(&g_lines);
    TU_CHECK(g_lines.n > 0);
    /* HELLO first, with the model's facts */
    TU_CHECK(line_is(&g_lines, 0, "HELLO"));
    TU_CHECK_STR(field(&g_lines, 0, 1, buf, sizeof buf), KWS_APP_FW_VERSION);
    TU_CHECK_STR(field(&g_lines, 0, 2, buf, sizeof buf), KWS_MODEL_ID);
    sprintf(expect_hash, "%08x", (unsigned)KWS_FRONTEND_HASH);
    TU_CHECK_STR(field(&g_lines, 0, 3, buf, sizeof buf), expect_hash);
    TU_CHECK_INT(strtoul(field(&g_lines, 0, 4, buf, sizeof buf), NULL, 10), KWS_FE_SAMPLE_RATE);
    TU_CHECK_INT(kws_threshold_from_milli((uint16_t)lround(atof(field(&g_lines, 0, 5, buf, sizeof buf)) * 1000)),
                 KWS_DET_THRESHOLD_Q);
    {
        char labels[256] = "";
        int i;
        for (i = 0; i < KWS_MODEL_NUM_LABELS; i++) {
            strcat(labels, i ? "|" : "");
            strcat(labels, kws_model_labels[i]);
        }
        TU_CHECK_STR(field(&g_lines, 0, 6, buf, sizeof buf), labels);
    }
    compare_dets(&ref, "plain run");
    /* 1 + (480000 - 640)/320 frames, inferences every stride frames after the first 49 */
    TU_CHECK_INT(g_app.costs.fe_frames, 1 + (30 * SR - KWS_FE_WINDOW_SAMPLES) / KWS_FE_HOP_SAMPLES);
    TU_CHECK_INT(g_app.costs.nn_runs, ref.inferences);
    TU_CHECK_INT(g_app.costs.detections, ref.n);
    /* STAT every 5 s of stream: uptime 5000, 10000, ..., 30000 */
    for (k = 0; k < g_lines.n; k++) {
        if (line_is(&g_lines, k, "STAT")) {
            stats++;
            TU_CHECK_INT(strtoul(field(&g_lines, k, 1, buf, sizeof buf), NULL, 10), 5000 * stats);
            TU_CHECK_INT(strtoul(field(&g_lines, k, 4, buf, sizeof buf), NULL, 10), 12345);
            TU_CHECK_INT(strtoul(field(&g_lines, k, 5, buf, sizeof buf), NULL, 10), 0);
            TU_CHECK(strtoul(field(&g_lines, k, 3, buf, sizeof buf), NULL, 10) <= 1000);
        }
    }
    TU_CHECK_INT(stats, 6);
    printf("plain run: %zu lines, %zu detections, %u inferences\n", g_lines.n, ref.n,
           (unsigned)ref.inferences);
}

/* Lines other than STAT must not depend on how the HAL splits the audio. */
static void test_chunking_independent(void)
{
    static char first[OUT_CAP];
    size_t n1;
    size_t i;
    size_t j;
    make_audio(20);
    run_app(0, NULL, 0);
    n1 = g_out_n;
    memcpy(first, g_out, g_out_n);
    run_app(1, NULL, 0);
    split_and_check(&g_lines);
    /* compare line by line, STAT lines only up to the uptime field */
    i = 0;
    j = 0;
    while (i < n1 && j < g_out_n) {
        const char *a = first + i;
        const char *b = g_out + j;
        size_t la = (size_t)((const char *)memchr(a, '\n', n1 - i) - a) + 1;
        size_t lb = (size_t)((const char *)memchr(b, '\n', g_out_n - j) - b) + 1;
        if (memcmp(a, "$TKWS,STAT,", 11) == 0) {
            const char *ca = memchr(a + 11, ',', la - 11);
            const char *cb = memchr(b + 11, ',', lb - 11);
            const char *ea = ca ? memchr(ca + 1, ',', la - (size_t)(ca + 1 - a)) : NULL;
            const char *eb = cb ? memchr(cb + 1, ',', lb - (size_t)(cb + 1 - b)) : NULL;
            TU_CHECK(ea != NULL && eb != NULL && ea - a == eb - b && memcmp(a, b, (size_t)(ea - a)) == 0);
        } else {
            TU_CHECK(la == lb && memcmp(a, b, la) == 0);
        }
        i += la;
        j += lb;
    }
    TU_CHECK(i == n1 && j == g_out_n);
}

static void host_cmd(char *out, const char *body)
{
    sprintf(out + strlen(out), "$%s*%02X\r\n", body, kws_proto_checksum(body, strlen(body)));
}

static void test_thresh_command(void)
{
    ref_t ref;
    char cmd[128] = "";
    make_audio(30);
    host_cmd(cmd, "TKWS,THRESH,0,0.900");
    reference(&ref, kws_threshold_from_milli(900));
    run_app(0, cmd, 0);
    split_and_check(&g_lines);
    TU_CHECK(line_is(&g_lines, 1, "ACK"));
    TU_CHECK(g_lines.n > 1 && memcmp(g_lines.start[1], "$TKWS,ACK,1,THRESH,OK*", 22) == 0);
    compare_dets(&ref, "THRESH 0.900");
    /* 0.000: the threshold no longer filters anything */
    cmd[0] = '\0';
    host_cmd(cmd, "TKWS,THRESH,1,0");
    reference(&ref, 0);
    run_app(0, cmd, 0);
    split_and_check(&g_lines);
    compare_dets(&ref, "THRESH 0");
}

static int b64v(char c)
{
    const char *a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = c ? strchr(a, c) : NULL;
    return p ? (int)(p - a) : 0;
}

static void test_rec_and_other_commands(void)
{
    char cmd[512] = "";
    size_t k;
    size_t at = 3u * SR + 640u; /* a chunk boundary (multiple of 320) */
    size_t expect_off = 0;
    int mismatch = 0;
    int aud = 0;
    int acks = 0;
    int busy = 0;
    int hello = 0;
    int badcsum = 0;
    int badcmd = 0;
    char buf[1024];
    make_audio(12);
    host_cmd(cmd, "TKWS,REC,0,1000");
    host_cmd(cmd, "TKWS,REC,1,500");     /* while recording: BUSY */
    host_cmd(cmd, "TKWS,INFO,2");        /* HELLO again */
    strcat(cmd, "$TKWS,INFO,3*00\r\n");  /* bad checksum */
    strcat(cmd, "noise\r\n");            /* garbage */
    host_cmd(cmd, "TKWS,REC,4,99999");   /* out of range */
    run_app(0, cmd, at);
    split_and_check(&g_lines);
    for (k = 0; k < g_lines.n; k++) {
        if (line_is(&g_lines, k, "ACK")) {
            acks++;
            TU_CHECK_STR(field(&g_lines, k, 1, buf, sizeof buf), "REC");
            TU_CHECK_STR(field(&g_lines, k, 2, buf, sizeof buf), "1");
        } else if (line_is(&g_lines, k, "ERR")) {
            const char *code = field(&g_lines, k, 1, buf, sizeof buf);
            busy += strcmp(code, "BUSY") == 0;
            badcsum += strcmp(code, "BADCSUM") == 0;
            badcmd += strcmp(code, "BADCMD") == 0;
        } else if (line_is(&g_lines, k, "HELLO")) {
            hello++;
        } else if (line_is(&g_lines, k, "AUD")) {
            size_t off;
            const char *b;
            size_t i;
            aud++;
            TU_CHECK_STR(field(&g_lines, k, 1, buf, sizeof buf), "1");
            off = strtoul(field(&g_lines, k, 2, buf, sizeof buf), NULL, 10);
            TU_CHECK_INT(off, expect_off);
            TU_CHECK_INT(strtoul(field(&g_lines, k, 3, buf, sizeof buf), NULL, 10), SR);
            b = field(&g_lines, k, 4, buf, sizeof buf);
            for (i = 0; b[i] && b[i + 1] && b[i + 2] && b[i + 3]; i += 4) {
                uint32_t v = ((uint32_t)b64v(b[i]) << 18) | ((uint32_t)b64v(b[i + 1]) << 12)
                             | ((uint32_t)b64v(b[i + 2]) << 6) | (uint32_t)b64v(b[i + 3]);
                uint8_t by[3] = {(uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
                int nb = b[i + 2] == '=' ? 1 : b[i + 3] == '=' ? 2 : 3;
                int j;
                for (j = 0; j < nb; j++) {
                    /* byte index into the clip */
                    size_t bi = 2u * off + (i / 4u) * 3u + (size_t)j;
                    int16_t s = g_audio[at + bi / 2u];
                    uint8_t expect = (bi & 1u) ? (uint8_t)((uint16_t)s >> 8) : (uint8_t)((uint16_t)s & 0xFFu);
                    if (by[j] != expect) {
                        mismatch++;
                    }
                }
            }
            {
                size_t bl = strlen(b);
                size_t bytes = (bl / 4u) * 3u - (bl && b[bl - 1] == '=') - (bl > 1 && b[bl - 2] == '=');
                expect_off += bytes / 2u;
            }
        }
    }
    TU_CHECK_INT(acks, 1);
    TU_CHECK_INT(aud, (SR + 255) / 256);
    TU_CHECK_INT(expect_off, SR);
    TU_CHECK_INT(mismatch, 0);
    TU_CHECK_INT(busy, 1);
    TU_CHECK_INT(hello, 2);
    TU_CHECK_INT(badcsum, 1);
    TU_CHECK_INT(badcmd, 2); /* garbage + out of range */

    /* a second REC after the first has finished gets clip id 2 */
    cmd[0] = '\0';
    host_cmd(cmd, "TKWS,REC,9,100");
    g_app.rec_next_clip_id = 5; /* kws_app_run re-inits: ids restart at 1 */
    run_app(0, cmd, 0);
    split_and_check(&g_lines);
    TU_CHECK(g_lines.n > 1 && memcmp(g_lines.start[1], "$TKWS,ACK,1,REC,1*", 18) == 0);
}

static void test_overrun_and_end(void)
{
    size_t k;
    int overrun = 0;
    char buf[64];
    make_audio(6);
    g_overrun_at = 2u * SR;
    run_app(0, NULL, 0);
    g_overrun_at = (size_t)-1;
    split_and_check(&g_lines);
    for (k = 0; k < g_lines.n; k++) {
        if (line_is(&g_lines, k, "ERR") && strcmp(field(&g_lines, k, 1, buf, sizeof buf), "OVERRUN") == 0) {
            overrun++;
        }
        if (line_is(&g_lines, k, "STAT")) {
            TU_CHECK_INT(strtoul(field(&g_lines, k, 5, buf, sizeof buf), NULL, 10), 2);
        }
    }
    TU_CHECK_INT(overrun, 1);
    /* the input has ended: another step reads nothing and says so */
    TU_CHECK_INT(kws_app_step(&g_app), 0);
    /* frame end times (SPEC 4) */
    TU_CHECK_INT(kws_app_frame_end_ms(0), 40);
    TU_CHECK_INT(kws_app_frame_end_ms(48), 1000);
    TU_CHECK_INT(kws_app_frame_end_ms(53), 1100);
    {
        /* the multiply-add equals the 64-bit division, also where k * hop_ms wraps */
        static const uint32_t ks[] = {1u, 49u, 214748364u, 214748365u, 0x7fffffffu, 0xfffffffeu, 0xffffffffu};
        size_t i;
        for (i = 0; i < sizeof ks / sizeof ks[0]; i++) {
            const uint64_t ms = (((uint64_t)ks[i] * KWS_FE_HOP_SAMPLES + KWS_FE_WINDOW_SAMPLES) * 1000u) / KWS_FE_SAMPLE_RATE;
            TU_CHECK_INT(kws_app_frame_end_ms(ks[i]), (uint32_t)ms);
        }
    }
}

int main(void)
{
    TU_RUN(test_plain_run);
    TU_RUN(test_chunking_independent);
    TU_RUN(test_thresh_command);
    TU_RUN(test_rec_and_other_commands);
    TU_RUN(test_overrun_and_end);
    printf("kws_app_t: %zu bytes (model arena %zu, frontend %zu, detector %zu)\n", sizeof(kws_app_t),
           sizeof g_app.arena, sizeof g_app.fe, sizeof g_app.det);
    return TU_SUMMARY("test_app");
}
