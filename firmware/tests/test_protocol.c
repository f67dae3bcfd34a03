/*
 * kws_protocol tests: encoding of every line type (checksum, sequence, limits), base64,
 * command parsing round trips, malformed input, and a random-bytes loop (run it under
 * ASan/UBSan) that must never crash and must only produce well-formed ERR replies.
 */
#include "kws_protocol.h"
#include "kws_test.h"

#include <stdint.h>

/* Wraps a body ("TKWS,THRESH,3,0.5") as a full host line with checksum and CRLF. */
static size_t host_line(char *out, const char *body)
{
    size_t n = strlen(body);
    uint8_t cs = kws_proto_checksum(body, n);
    return (size_t)sprintf(out, "$%s*%02X\r\n", body, cs);
}

/* Feeds bytes; collects up to max commands. */
static int feed(kws_proto_rx_t *rx, const char *p, size_t n, kws_cmd_t *cmds, int max)
{
    int got = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        kws_cmd_t c;
        if (kws_proto_rx_byte(rx, (uint8_t)p[i], &c)) {
            if (got < max) {
                cmds[got] = c;
            }
            got++;
        }
    }
    return got;
}

/* Checks a device line: "$TKWS,...*HH\r\n", checksum right, only allowed bytes. */
static int line_well_formed(const char *line, size_t n)
{
    size_t i;
    unsigned cs;
    if (n < 10 || n > KWS_PROTO_MAX_LINE || line[0] != '$' || line[n - 2] != '\r'
        || line[n - 1] != '\n' || line[n - 5] != '*' || memcmp(line, "$TKWS,", 6) != 0) {
        return 0;
    }
    for (i = 1; i < n - 5; i++) {
        unsigned char u = (unsigned char)line[i];
        if (u < 0x20 || u > 0x7E || u == '$' || u == '*' || u == '\\') {
            return 0;
        }
    }
    if (sscanf(line + n - 4, "%2X", &cs) != 1) {
        return 0;
    }
    return kws_proto_checksum(line + 1, n - 6) == cs;
}

static void test_checksum_example(void)
{
    /* SPEC example body; XOR computed independently here */
    const char *body = "TKWS,DET,17,12340,yes,0.930";
    kws_proto_tx_t tx;
    char buf[128];
    char expect[128];
    size_t n;
    uint8_t x = 0;
    size_t i;
    for (i = 0; body[i]; i++) {
        x ^= (uint8_t)body[i];
    }
    kws_proto_tx_init(&tx);
    tx.seq = 17;
    n = kws_proto_det(&tx, buf, sizeof buf, 12340, "yes", 238); /* (238000+128)/256 = 930 */
    sprintf(expect, "$%s*%02X\r\n", body, x);
    TU_CHECK_INT(n, strlen(expect));
    TU_CHECK_STR(buf, expect);
    TU_CHECK_INT(tx.seq, 18);
    TU_CHECK(line_well_formed(buf, n));
}

static void test_encoders(void)
{
    kws_proto_tx_t tx;
    char buf[KWS_PROTO_MAX_LINE + 1];
    const char *labels[4] = {"_silence_", "_unknown_", "yes", "no"};
    size_t n;
    kws_proto_tx_init(&tx);

    n = kws_proto_hello(&tx, buf, sizeof buf, "0.1.0", "ds_cnn_s", 0x1a2b3c4du, 16000, 179,
                        labels, 4);
    TU_CHECK(n > 0 && line_well_formed(buf, n));
    TU_CHECK(strncmp(buf, "$TKWS,HELLO,0,0.1.0,ds_cnn_s,1a2b3c4d,16000,0.699,_silence_|_unknown_|yes|no*",
                  strlen("$TKWS,HELLO,0,0.1.0,ds_cnn_s,1a2b3c4d,16000,0.699,_silence_|_unknown_|yes|no*")) == 0);

    n = kws_proto_stat(&tx, buf, sizeof buf, 5000, 12345, 87, 20480, 0);
    TU_CHECK(n > 0 && line_well_formed(buf, n));
    TU_CHECK(strncmp(buf, "$TKWS,STAT,1,5000,12345,87,20480,0*", 35) == 0);

    n = kws_proto_ack(&tx, buf, sizeof buf, "THRESH", "OK");
    TU_CHECK(strncmp(buf, "$TKWS,ACK,2,THRESH,OK*", 22) == 0);
    n = kws_proto_err(&tx, buf, sizeof buf, KWS_ERR_BUSY, "recording in progress");
    TU_CHECK(n > 0 && line_well_formed(buf, n));
    TU_CHECK(strncmp(buf, "$TKWS,ERR,3,BUSY,recording in progress*", 39) == 0);

    /* forbidden bytes in a field: nothing written, sequence not used */
    TU_CHECK_INT(kws_proto_ack(&tx, buf, sizeof buf, "THR,ESH", "OK"), 0);
    TU_CHECK_INT(kws_proto_ack(&tx, buf, sizeof buf, "A*", "OK"), 0);
    TU_CHECK_INT(kws_proto_ack(&tx, buf, sizeof buf, "A", "x$"), 0);
    TU_CHECK_INT(kws_proto_ack(&tx, buf, sizeof buf, "A", "back\\slash"), 0);
    TU_CHECK_INT(kws_proto_ack(&tx, buf, sizeof buf, "A", "tab\there"), 0);
    TU_CHECK_INT(kws_proto_ack(&tx, buf, sizeof buf, "A", NULL), 0);
    TU_CHECK_INT(tx.seq, 4);

    /* buffer too small: 0, nothing beyond cap touched */
    memset(buf, 'Z', sizeof buf);
    TU_CHECK_INT(kws_proto_det(&tx, buf, 20, 1, "yes", 10), 0);
    TU_CHECK_INT(buf[20], 'Z');
    TU_CHECK_INT(tx.seq, 4);

    /* sequence wraps 65535 -> 0 */
    tx.seq = 65535;
    n = kws_proto_det(&tx, buf, sizeof buf, 1, "yes", 255);
    TU_CHECK(strncmp(buf, "$TKWS,DET,65535,1,yes,0.996*", 28) == 0);
    TU_CHECK_INT(tx.seq, 0);
}

static void test_scores_and_thresholds(void)
{
    char s[8];
    int q;
    TU_CHECK_INT(kws_score_to_milli(0), 0);
    TU_CHECK_INT(kws_score_to_milli(128), 500);
    TU_CHECK_INT(kws_score_to_milli(255), 996);
    TU_CHECK_INT(kws_threshold_from_milli(700), 179);
    TU_CHECK_INT(kws_threshold_from_milli(1000), 255);
    TU_CHECK_INT(kws_threshold_from_milli(0), 0);
    /* printing a threshold and reading it back gives the same 0..255 value */
    for (q = 0; q < 256; q++) {
        TU_CHECK_INT(kws_threshold_from_milli(kws_score_to_milli((uint8_t)q)), q);
    }
    kws_fmt_milli(s, sizeof s, 5);
    TU_CHECK_STR(s, "0.005");
    kws_fmt_milli(s, sizeof s, 1000);
    TU_CHECK_STR(s, "1.000");
    TU_CHECK_INT(kws_fmt_milli(s, 5, 1), 0);
    TU_CHECK_INT(kws_fmt_u32(s, sizeof s, 0), 1);
    TU_CHECK_STR(s, "0");
    TU_CHECK_INT(kws_fmt_u32(s, 3, 123), 0);
}

static int b64_value(char c)
{
    const char *a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = strchr(a, c);
    return (c && p) ? (int)(p - a) : -1;
}

/* Test-side decoder, independent of the encoder. */
static size_t b64_decode(const char *in, size_t n, uint8_t *out)
{
    size_t i;
    size_t o = 0;
    for (i = 0; i + 3 < n; i += 4) {
        int a = b64_value(in[i]);
        int b = b64_value(in[i + 1]);
        int c = in[i + 2] == '=' ? 0 : b64_value(in[i + 2]);
        int d = in[i + 3] == '=' ? 0 : b64_value(in[i + 3]);
        uint32_t v = ((uint32_t)a << 18) | ((uint32_t)b << 12) | ((uint32_t)c << 6) | (uint32_t)d;
        out[o++] = (uint8_t)(v >> 16);
        if (in[i + 2] != '=') {
            out[o++] = (uint8_t)(v >> 8);
        }
        if (in[i + 3] != '=') {
            out[o++] = (uint8_t)v;
        }
    }
    return o;
}

static void test_base64_and_aud(void)
{
    char out[32];
    kws_proto_tx_t tx;
    char buf[KWS_PROTO_MAX_LINE + 1];
    int16_t pcm[KWS_PROTO_AUD_MAX_SAMPLES];
    uint8_t back[2 * KWS_PROTO_AUD_MAX_SAMPLES];
    size_t n;
    size_t i;
    const char *b64;
    size_t b64_len;

    /* RFC 4648 test vectors */
    kws_base64_encode(out, sizeof out, (const uint8_t *)"", 0);
    TU_CHECK_STR(out, "");
    kws_base64_encode(out, sizeof out, (const uint8_t *)"f", 1);
    TU_CHECK_STR(out, "Zg==");
    kws_base64_encode(out, sizeof out, (const uint8_t *)"fo", 2);
    TU_CHECK_STR(out, "Zm8=");
    kws_base64_encode(out, sizeof out, (const uint8_t *)"foo", 3);
    TU_CHECK_STR(out, "Zm9v");
    kws_base64_encode(out, sizeof out, (const uint8_t *)"foobar", 6);
    TU_CHECK_STR(out, "Zm9vYmFy");
    TU_CHECK_INT(kws_base64_encode(out, 8, (const uint8_t *)"foobar", 6), 0);

    for (i = 0; i < KWS_PROTO_AUD_MAX_SAMPLES; i++) {
        pcm[i] = (int16_t)((int32_t)i * 257 - 32768);
    }
    pcm[1] = 32767;
    pcm[2] = -1;
    kws_proto_tx_init(&tx);
    n = kws_proto_aud(&tx, buf, sizeof buf, 7, 256, 16000, pcm, KWS_PROTO_AUD_MAX_SAMPLES);
    TU_CHECK(n > 0 && line_well_formed(buf, n));
    TU_CHECK(n <= KWS_PROTO_MAX_LINE);
    TU_CHECK(strncmp(buf, "$TKWS,AUD,0,7,256,16000,", 24) == 0);
    b64 = buf + 24;
    b64_len = (size_t)(strchr(buf, '*') - b64);
    TU_CHECK_INT(b64_decode(b64, b64_len, back), 2 * KWS_PROTO_AUD_MAX_SAMPLES);
    for (i = 0; i < KWS_PROTO_AUD_MAX_SAMPLES; i++) {
        int16_t v = (int16_t)(uint16_t)(back[2 * i] | (back[2 * i + 1] << 8));
        if (v != pcm[i]) {
            TU_CHECK_INT(v, pcm[i]);
            break;
        }
    }
    /* limits */
    TU_CHECK_INT(kws_proto_aud(&tx, buf, sizeof buf, 7, 0, 16000, pcm, 0), 0);
    TU_CHECK_INT(kws_proto_aud(&tx, buf, sizeof buf, 7, 0, 16000, pcm, 257), 0);
    TU_CHECK_INT(kws_proto_aud(&tx, buf, sizeof buf, 7, 0, 160001, pcm, 10), 0);
    TU_CHECK_INT(kws_proto_aud(&tx, buf, sizeof buf, 7, 15995, 16000, pcm, 10), 0);
    TU_CHECK_INT(kws_proto_aud(&tx, buf, 600, 7, 0, 16000, pcm, 256), 0);
    TU_CHECK_INT(kws_proto_aud(&tx, buf, sizeof buf, 7, 15990, 16000, pcm, 10) > 0, 1);
}

static void test_commands_round_trip(void)
{
    kws_proto_rx_t rx;
    kws_cmd_t cmds[8];
    char line[256];
    size_t n;
    int got;
    kws_proto_rx_init(&rx);

    n = host_line(line, "TKWS,THRESH,3,0.850");
    got = feed(&rx, line, n, cmds, 8);
    TU_CHECK_INT(got, 1);
    TU_CHECK_INT(cmds[0].type, KWS_CMD_THRESH);
    TU_CHECK_INT(cmds[0].value, 850);
    TU_CHECK_INT(cmds[0].seq, 3);

    n = host_line(line, "TKWS,THRESH,4,1");
    got = feed(&rx, line, n, cmds, 8);
    TU_CHECK_INT(got, 1);
    TU_CHECK_INT(cmds[0].value, 1000);
    n = host_line(line, "TKWS,THRESH,4,0.5");
    feed(&rx, line, n, cmds, 8);
    TU_CHECK_INT(cmds[0].value, 500);
    n = host_line(line, "TKWS,THRESH,4,.25");
    feed(&rx, line, n, cmds, 8);
    TU_CHECK_INT(cmds[0].value, 250);

    n = host_line(line, "TKWS,REC,65535,1000");
    got = feed(&rx, line, n, cmds, 8);
    TU_CHECK_INT(got, 1);
    TU_CHECK_INT(cmds[0].type, KWS_CMD_REC);
    TU_CHECK_INT(cmds[0].value, 1000);
    TU_CHECK_INT(cmds[0].seq, 65535);

    /* LF only, lowercase checksum, leading blank lines */
    n = (size_t)sprintf(line, "\r\n\r\n$TKWS,INFO,0*%02x\n", kws_proto_checksum("TKWS,INFO,0", 11));
    got = feed(&rx, line, n, cmds, 8);
    TU_CHECK_INT(got, 1);
    TU_CHECK_INT(cmds[0].type, KWS_CMD_INFO);

    /* two commands back to back in one burst */
    n = host_line(line, "TKWS,INFO,1");
    n += host_line(line + n, "TKWS,REC,2,100");
    got = feed(&rx, line, n, cmds, 8);
    TU_CHECK_INT(got, 2);
    TU_CHECK_INT(cmds[0].type, KWS_CMD_INFO);
    TU_CHECK_INT(cmds[1].type, KWS_CMD_REC);
    TU_CHECK_INT(rx.lines_bad, 0);
}

/* One line in, exactly one error out with the given code. */
static void expect_error(const char *bytes, size_t n, kws_err_code_t code, const char *why)
{
    kws_proto_rx_t rx;
    kws_cmd_t cmds[4];
    int got;
    kws_proto_rx_init(&rx);
    got = feed(&rx, bytes, n, cmds, 4);
    tu_checks++;
    if (got != 1 || cmds[0].type != KWS_CMD_ERROR || cmds[0].err != code) {
        TU_FAIL("malformed input '%s': got %d results, first type %d err %d (%s)", why, got,
                got ? (int)cmds[0].type : -1, got ? (int)cmds[0].err : -1,
                got && cmds[0].message ? cmds[0].message : "");
    }
}

static void test_malformed_commands(void)
{
    char line[2048];
    size_t n;
    kws_proto_rx_t rx;
    kws_cmd_t cmds[8];
    int got;

    n = host_line(line, "TKWS,THRESH,3,0.85");
    line[n - 3] = line[n - 3] == '0' ? '1' : '0'; /* corrupt checksum */
    expect_error(line, n, KWS_ERR_BADCSUM, "bad checksum");
    expect_error("$TKWS,INFO,1\r\n", 14, KWS_ERR_BADCSUM, "no checksum");
    expect_error("$TKWS,INFO,1*G1\r\n", 17, KWS_ERR_BADCSUM, "non-hex checksum");
    expect_error("$TKWS,INFO,1*123\r\n", 18, KWS_ERR_BADCSUM, "three-digit checksum");
    n = host_line(line, "TKWS,THRESH,3,1.001");
    expect_error(line, n, KWS_ERR_BADCMD, "threshold > 1");
    n = host_line(line, "TKWS,THRESH,3,-0.5");
    expect_error(line, n, KWS_ERR_BADCMD, "negative threshold");
    n = host_line(line, "TKWS,THRESH,3,0.5000");
    expect_error(line, n, KWS_ERR_BADCMD, "4 decimals");
    n = host_line(line, "TKWS,THRESH,3,abc");
    expect_error(line, n, KWS_ERR_BADCMD, "threshold text");
    n = host_line(line, "TKWS,THRESH,3,");
    expect_error(line, n, KWS_ERR_BADCMD, "empty threshold");
    n = host_line(line, "TKWS,THRESH,3,.");
    expect_error(line, n, KWS_ERR_BADCMD, "lone dot");
    n = host_line(line, "TKWS,THRESH,3");
    expect_error(line, n, KWS_ERR_BADCMD, "THRESH without value");
    n = host_line(line, "TKWS,THRESH,3,0.5,0.6");
    expect_error(line, n, KWS_ERR_BADCMD, "THRESH two values");
    n = host_line(line, "TKWS,REC,3,99");
    expect_error(line, n, KWS_ERR_BADCMD, "REC too short");
    n = host_line(line, "TKWS,REC,3,10001");
    expect_error(line, n, KWS_ERR_BADCMD, "REC too long");
    n = host_line(line, "TKWS,REC,3,99999999999999999999");
    expect_error(line, n, KWS_ERR_BADCMD, "REC overflow");
    n = host_line(line, "TKWS,REC,3,1e3");
    expect_error(line, n, KWS_ERR_BADCMD, "REC not integer");
    n = host_line(line, "TKWS,INFO,3,x");
    expect_error(line, n, KWS_ERR_BADCMD, "INFO with field");
    n = host_line(line, "TKWS,REBOOT,3");
    expect_error(line, n, KWS_ERR_BADCMD, "unknown command");
    n = host_line(line, "TKWS,INFO,65536");
    expect_error(line, n, KWS_ERR_BADCMD, "seq too big");
    n = host_line(line, "TKWS,INFO,-1");
    expect_error(line, n, KWS_ERR_BADCMD, "seq negative");
    n = host_line(line, "TKWS,INFO");
    expect_error(line, n, KWS_ERR_BADCMD, "no seq");
    n = host_line(line, "GPGGA,INFO,1");
    expect_error(line, n, KWS_ERR_BADCMD, "other talker");
    n = host_line(line, "TKWS,INFO,1,a,b,c,d,e,f,g,h,i,j");
    expect_error(line, n, KWS_ERR_BADCMD, "too many fields");
    n = host_line(line, "TKWS,INFO,1\\");
    expect_error(line, n, KWS_ERR_BADCMD, "backslash");
    n = host_line(line, "TKWS,IN\x01FO,1");
    expect_error(line, n, KWS_ERR_BADCMD, "control byte");
    n = host_line(line, "TKWS,IN\xc3\xa9O,1");
    expect_error(line, n, KWS_ERR_BADCMD, "UTF-8 byte");

    /* over-long line: one TOOLONG as soon as it overflows, then resync on the next line */
    kws_proto_rx_init(&rx);
    memset(line, 'A', 1500);
    line[0] = '$';
    line[1500] = '\n';
    n = 1501;
    n += host_line(line + n, "TKWS,INFO,9");
    got = feed(&rx, line, n, cmds, 8);
    TU_CHECK_INT(got, 2);
    TU_CHECK_INT(cmds[0].type, KWS_CMD_ERROR);
    TU_CHECK_INT(cmds[0].err, KWS_ERR_TOOLONG);
    TU_CHECK_INT(cmds[1].type, KWS_CMD_INFO);

    /* the longest legal line (1024 bytes with CRLF) passes; 1025 does not */
    {
        char body[1100];
        size_t k;
        size_t len;
        strcpy(body, "TKWS,THRESH,1,0.5,");
        for (k = strlen(body); k < 1018; k++) {
            body[k] = 'x';
        }
        body[1018] = '\0';
        len = host_line(line, body);
        TU_CHECK_INT(len, 1024);
        kws_proto_rx_init(&rx);
        got = feed(&rx, line, len, cmds, 8);
        TU_CHECK_INT(got, 1);
        TU_CHECK_INT(cmds[0].err, KWS_ERR_BADCMD); /* too many values, but not TOOLONG */
        body[1018] = 'x';
        body[1019] = '\0';
        len = host_line(line, body);
        kws_proto_rx_init(&rx);
        got = feed(&rx, line, len, cmds, 8);
        TU_CHECK_INT(got, 1);
        TU_CHECK_INT(cmds[0].err, KWS_ERR_TOOLONG);
    }

    /* a partial line cut by the next '$' */
    kws_proto_rx_init(&rx);
    n = (size_t)sprintf(line, "$TKWS,THR");
    n += host_line(line + n, "TKWS,INFO,5");
    got = feed(&rx, line, n, cmds, 8);
    TU_CHECK_INT(got, 2);
    TU_CHECK_INT(cmds[0].type, KWS_CMD_ERROR);
    TU_CHECK_INT(cmds[1].type, KWS_CMD_INFO);

    /* garbage between lines: one error per run, the command after it still works */
    kws_proto_rx_init(&rx);
    n = (size_t)sprintf(line, "hello\x07world\r\n");
    n += host_line(line + n, "TKWS,INFO,6");
    got = feed(&rx, line, n, cmds, 8);
    TU_CHECK_INT(got, 2);
    TU_CHECK_INT(cmds[0].type, KWS_CMD_ERROR);
    TU_CHECK_INT(cmds[1].type, KWS_CMD_INFO);
    kws_proto_rx_init(&rx);
    n = (size_t)sprintf(line, "junk");
    n += host_line(line + n, "TKWS,INFO,7");
    got = feed(&rx, line, n, cmds, 8);
    TU_CHECK_INT(got, 2);
    TU_CHECK_INT(cmds[1].type, KWS_CMD_INFO);

    /* a line split across calls (partial reads) */
    kws_proto_rx_init(&rx);
    n = host_line(line, "TKWS,REC,8,500");
    TU_CHECK_INT(feed(&rx, line, 5, cmds, 8), 0);
    TU_CHECK_INT(feed(&rx, line + 5, n - 5, cmds, 8), 1);
    TU_CHECK_INT(cmds[0].type, KWS_CMD_REC);
}

/* xorshift32: deterministic random bytes */
static uint32_t rnd_next(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *s = x;
    return x;
}

static void test_random_bytes(void)
{
    kws_proto_rx_t rx;
    kws_proto_tx_t tx;
    char reply[KWS_PROTO_MAX_LINE + 1];
    uint32_t s = 0x12345678u;
    long i;
    long results = 0;
    long bad_replies = 0;
    long injected = 0;
    long recovered = 0;
    const char *alphabet = "$TKWS,THRESHRECINFO*0123456789.ABCDEF\r\n-";
    size_t alen = strlen(alphabet);
    kws_proto_rx_init(&rx);
    kws_proto_tx_init(&tx);
    for (i = 0; i < 2000000L; i++) {
        kws_cmd_t cmd;
        uint32_t r = rnd_next(&s);
        /* half fully random bytes, half from a protocol-like alphabet */
        uint8_t b = (r & 0x100u) ? (uint8_t)r : (uint8_t)alphabet[(r >> 9) % alen];
        if (kws_proto_rx_byte(&rx, b, &cmd)) {
            results++;
            if (cmd.type == KWS_CMD_ERROR) {
                size_t n = kws_proto_err(&tx, reply, sizeof reply, cmd.err, cmd.message);
                if (n == 0 || !line_well_formed(reply, n)) {
                    bad_replies++;
                }
            } else if (cmd.type == KWS_CMD_THRESH) {
                TU_CHECK(cmd.value <= 1000);
            } else if (cmd.type == KWS_CMD_REC) {
                TU_CHECK(cmd.value >= 100 && cmd.value <= 10000);
            }
        }
        if (rx.len > KWS_PROTO_MAX_LINE) {
            TU_CHECK(rx.len <= KWS_PROTO_MAX_LINE);
        }
        if (i % 997 == 0) {
            /* a valid command in the middle of the noise must always get through */
            char good[64];
            size_t n = host_line(good, "TKWS,THRESH,42,0.625");
            size_t k;
            int seen = 0;
            for (k = 0; k < n; k++) {
                if (kws_proto_rx_byte(&rx, (uint8_t)good[k], &cmd) && cmd.type == KWS_CMD_THRESH
                    && cmd.value == 625 && cmd.seq == 42) {
                    seen++;
                }
            }
            injected++;
            recovered += seen;
        }
    }
    TU_CHECK(results > 1000);
    TU_CHECK_INT(recovered, injected);
    TU_CHECK_INT(bad_replies, 0);
    printf("random bytes: %ld results from noise (%lu errors), %ld/%ld injected commands recovered\n",
           results, (unsigned long)rx.lines_bad, recovered, injected);
}

/* Field loop: NEAR has DET's fields; REVIEW takes a threshold like THRESH (0 = off). */
static void test_near_and_review(void)
{
    kws_proto_tx_t tx;
    kws_proto_rx_t rx;
    kws_cmd_t cmds[4];
    char buf[128];
    char line[256];
    size_t n;
    kws_proto_tx_init(&tx);
    tx.seq = 5;
    n = kws_proto_near(&tx, buf, sizeof buf, 4800, "yes", 120); /* (120000+128)/256 = 469 */
    TU_CHECK(n > 0);
    TU_CHECK(strncmp(buf, "$TKWS,NEAR,5,4800,yes,0.469*", 28) == 0);
    TU_CHECK(line_well_formed(buf, n));
    TU_CHECK_INT(tx.seq, 6);

    kws_proto_rx_init(&rx);
    n = host_line(line, "TKWS,REVIEW,9,0.350");
    TU_CHECK_INT(feed(&rx, line, n, cmds, 4), 1);
    TU_CHECK_INT(cmds[0].type, KWS_CMD_REVIEW);
    TU_CHECK_INT(cmds[0].value, 350);
    TU_CHECK_INT(cmds[0].seq, 9);
    n = host_line(line, "TKWS,REVIEW,10,0");
    TU_CHECK_INT(feed(&rx, line, n, cmds, 4), 1);
    TU_CHECK_INT(cmds[0].value, 0);
    n = host_line(line, "TKWS,REVIEW,11,1.5");
    TU_CHECK_INT(feed(&rx, line, n, cmds, 4), 1);
    TU_CHECK_INT(cmds[0].type, KWS_CMD_ERROR);
    n = host_line(line, "TKWS,REVIEW,12");
    TU_CHECK_INT(feed(&rx, line, n, cmds, 4), 1);
    TU_CHECK_INT(cmds[0].type, KWS_CMD_ERROR);
}

int main(void)
{
    TU_RUN(test_checksum_example);
    TU_RUN(test_encoders);
    TU_RUN(test_scores_and_thresholds);
    TU_RUN(test_base64_and_aud);
    TU_RUN(test_commands_round_trip);
    TU_RUN(test_malformed_commands);
    TU_RUN(test_random_bytes);
    TU_RUN(test_near_and_review);
    return TU_SUMMARY("test_protocol");
}
