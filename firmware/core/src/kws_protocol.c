/* kws_protocol: serial line protocol, docs/SPEC.md section 5. */
#include "kws_protocol.h"

#include <string.h>

/* ------------------------------------------------------------------ helpers */

static const char kHex[] = "0123456789ABCDEF";
static const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int field_byte_ok(char c)
{
    unsigned char u = (unsigned char)c;
    return u >= 0x20u && u <= 0x7Eu && c != '$' && c != ',' && c != '*' && c != '\\';
}

uint8_t kws_proto_checksum(const char *p, size_t n)
{
    uint8_t cs = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        cs ^= (uint8_t)p[i];
    }
    return cs;
}

size_t kws_fmt_u32(char *buf, size_t cap, uint32_t v)
{
    char tmp[10];
    size_t n = 0;
    size_t i;
    do {
        tmp[n++] = (char)('0' + (v % 10u));
        v /= 10u;
    } while (v != 0u);
    if (cap < n + 1u) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        buf[i] = tmp[n - 1u - i];
    }
    buf[n] = '\0';
    return n;
}

size_t kws_fmt_milli(char *buf, size_t cap, uint16_t milli)
{
    if (cap < 6u) {
        return 0;
    }
    if (milli > 1000u) {
        milli = 1000u;
    }
    buf[0] = (char)('0' + milli / 1000u);
    buf[1] = '.';
    buf[2] = (char)('0' + (milli / 100u) % 10u);
    buf[3] = (char)('0' + (milli / 10u) % 10u);
    buf[4] = (char)('0' + milli % 10u);
    buf[5] = '\0';
    return 5;
}

uint16_t kws_score_to_milli(uint8_t score_q)
{
    return (uint16_t)(((uint32_t)score_q * 1000u + 128u) / 256u);
}

uint8_t kws_threshold_from_milli(uint16_t milli)
{
    uint32_t q = ((uint32_t)milli * 256u + 500u) / 1000u;
    return (uint8_t)(q > 255u ? 255u : q);
}

size_t kws_base64_encode(char *out, size_t cap, const uint8_t *in, size_t n)
{
    size_t len = ((n + 2u) / 3u) * 4u;
    size_t i;
    size_t o = 0;
    if (cap < len + 1u) {
        return 0;
    }
    for (i = 0; i + 2u < n; i += 3u) {
        uint32_t v = ((uint32_t)in[i] << 16) | ((uint32_t)in[i + 1u] << 8) | in[i + 2u];
        out[o++] = kB64[(v >> 18) & 63u];
        out[o++] = kB64[(v >> 12) & 63u];
        out[o++] = kB64[(v >> 6) & 63u];
        out[o++] = kB64[v & 63u];
    }
    if (i < n) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1u < n) {
            v |= (uint32_t)in[i + 1u] << 8;
        }
        out[o++] = kB64[(v >> 18) & 63u];
        out[o++] = kB64[(v >> 12) & 63u];
        out[o++] = (i + 1u < n) ? kB64[(v >> 6) & 63u] : '=';
        out[o++] = '=';
    }
    out[o] = '\0';
    return o;
}

/* ------------------------------------------------------------------ line builder */

typedef struct {
    char *buf;
    size_t cap; /* usable bytes for the line itself (without NUL) */
    size_t pos;
    int ok;
} line_builder_t;

static void lb_raw(line_builder_t *lb, const char *s, size_t n)
{
    if (!lb->ok) {
        return;
    }
    if (n > lb->cap - lb->pos) {
        lb->ok = 0;
        return;
    }
    memcpy(lb->buf + lb->pos, s, n);
    lb->pos += n;
}

/* Appends checked field bytes (no separator). */
static void lb_text(line_builder_t *lb, const char *s)
{
    size_t n = 0;
    if (s == NULL) {
        lb->ok = 0;
        return;
    }
    while (s[n] != '\0') {
        if (!field_byte_ok(s[n])) {
            lb->ok = 0;
            return;
        }
        n++;
    }
    lb_raw(lb, s, n);
}

static void lb_sep(line_builder_t *lb)
{
    lb_raw(lb, ",", 1);
}

static void lb_u32(line_builder_t *lb, uint32_t v)
{
    char tmp[11];
    size_t n = kws_fmt_u32(tmp, sizeof tmp, v);
    lb_raw(lb, tmp, n);
}

static void lb_begin(line_builder_t *lb, char *buf, size_t cap, const char *type, uint16_t seq)
{
    lb->buf = buf;
    lb->cap = cap > KWS_PROTO_MAX_LINE ? KWS_PROTO_MAX_LINE : cap;
    lb->pos = 0;
    lb->ok = buf != NULL && type != NULL && type[0] != '\0';
    lb_raw(lb, "$TKWS,", 6);
    lb_text(lb, type);
    lb_sep(lb);
    lb_u32(lb, seq);
}

/* Appends "*CS\r\n" (and a NUL when there is room); returns the length or 0. */
static size_t lb_finish(line_builder_t *lb, kws_proto_tx_t *tx, size_t cap)
{
    char tail[5];
    uint8_t cs;
    if (!lb->ok) {
        return 0;
    }
    cs = kws_proto_checksum(lb->buf + 1, lb->pos - 1u);
    tail[0] = '*';
    tail[1] = kHex[cs >> 4];
    tail[2] = kHex[cs & 15u];
    tail[3] = '\r';
    tail[4] = '\n';
    lb_raw(lb, tail, sizeof tail);
    if (!lb->ok) {
        return 0;
    }
    if (lb->pos < cap) {
        lb->buf[lb->pos] = '\0';
    }
    tx->seq = (uint16_t)(tx->seq + 1u);
    return lb->pos;
}

/* ------------------------------------------------------------------ encoding */

void kws_proto_tx_init(kws_proto_tx_t *tx)
{
    tx->seq = 0;
}

size_t kws_proto_encode(kws_proto_tx_t *tx, char *buf, size_t cap, const char *type,
                        const char *const *fields, size_t num_fields)
{
    line_builder_t lb;
    size_t i;
    lb_begin(&lb, buf, cap, type, tx->seq);
    for (i = 0; i < num_fields; i++) {
        lb_sep(&lb);
        lb_text(&lb, fields[i]);
    }
    return lb_finish(&lb, tx, cap);
}

size_t kws_proto_hello(kws_proto_tx_t *tx, char *buf, size_t cap, const char *fw_version,
                       const char *model_id, uint32_t frontend_hash, uint32_t sample_rate,
                       uint8_t threshold_q, const char *const *labels, size_t num_labels)
{
    line_builder_t lb;
    char hex[8];
    char thr[6];
    size_t i;
    for (i = 0; i < 8u; i++) {
        hex[i] = "0123456789abcdef"[(frontend_hash >> (28u - 4u * i)) & 15u];
    }
    kws_fmt_milli(thr, sizeof thr, kws_score_to_milli(threshold_q));
    lb_begin(&lb, buf, cap, "HELLO", tx->seq);
    lb_sep(&lb);
    lb_text(&lb, fw_version);
    lb_sep(&lb);
    lb_text(&lb, model_id);
    lb_sep(&lb);
    lb_raw(&lb, hex, sizeof hex);
    lb_sep(&lb);
    lb_u32(&lb, sample_rate);
    lb_sep(&lb);
    lb_raw(&lb, thr, 5);
    lb_sep(&lb);
    for (i = 0; i < num_labels; i++) {
        if (i > 0) {
            lb_raw(&lb, "|", 1);
        }
        lb_text(&lb, labels[i]);
    }
    return lb_finish(&lb, tx, cap);
}

static size_t det_like(kws_proto_tx_t *tx, char *buf, size_t cap, const char *type, uint32_t t_ms,
                       const char *keyword, uint8_t score_q);

size_t kws_proto_det(kws_proto_tx_t *tx, char *buf, size_t cap, uint32_t t_ms,
                     const char *keyword, uint8_t score_q)
{
    return det_like(tx, buf, cap, "DET", t_ms, keyword, score_q);
}

size_t kws_proto_near(kws_proto_tx_t *tx, char *buf, size_t cap, uint32_t t_ms,
                      const char *keyword, uint8_t score_q)
{
    return det_like(tx, buf, cap, "NEAR", t_ms, keyword, score_q);
}

static size_t det_like(kws_proto_tx_t *tx, char *buf, size_t cap, const char *type, uint32_t t_ms,
                       const char *keyword, uint8_t score_q)
{
    line_builder_t lb;
    char score[6];
    kws_fmt_milli(score, sizeof score, kws_score_to_milli(score_q));
    lb_begin(&lb, buf, cap, type, tx->seq);
    lb_sep(&lb);
    lb_u32(&lb, t_ms);
    lb_sep(&lb);
    lb_text(&lb, keyword);
    lb_sep(&lb);
    lb_raw(&lb, score, 5);
    return lb_finish(&lb, tx, cap);
}

size_t kws_proto_stat(kws_proto_tx_t *tx, char *buf, size_t cap, uint32_t uptime_ms,
                      uint32_t infer_us, uint32_t cpu_load_permille, uint32_t free_ram_bytes,
                      uint32_t audio_overruns)
{
    line_builder_t lb;
    lb_begin(&lb, buf, cap, "STAT", tx->seq);
    lb_sep(&lb);
    lb_u32(&lb, uptime_ms);
    lb_sep(&lb);
    lb_u32(&lb, infer_us);
    lb_sep(&lb);
    lb_u32(&lb, cpu_load_permille);
    lb_sep(&lb);
    lb_u32(&lb, free_ram_bytes);
    lb_sep(&lb);
    lb_u32(&lb, audio_overruns);
    return lb_finish(&lb, tx, cap);
}

size_t kws_proto_aud(kws_proto_tx_t *tx, char *buf, size_t cap, uint32_t clip_id,
                     uint32_t offset, uint32_t total, const int16_t *pcm, size_t n)
{
    line_builder_t lb;
    uint8_t bytes[2u * KWS_PROTO_AUD_MAX_SAMPLES];
    size_t i;
    size_t b64_len;
    if (pcm == NULL || n < 1u || n > KWS_PROTO_AUD_MAX_SAMPLES || total > KWS_PROTO_AUD_MAX_TOTAL
        || offset > total || n > total - offset) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        uint16_t u = (uint16_t)pcm[i];
        bytes[2u * i] = (uint8_t)(u & 0xFFu);
        bytes[2u * i + 1u] = (uint8_t)(u >> 8);
    }
    lb_begin(&lb, buf, cap, "AUD", tx->seq);
    lb_sep(&lb);
    lb_u32(&lb, clip_id);
    lb_sep(&lb);
    lb_u32(&lb, offset);
    lb_sep(&lb);
    lb_u32(&lb, total);
    lb_sep(&lb);
    if (!lb.ok) {
        return 0;
    }
    /* base64 straight into the line; needs room for the text plus its NUL */
    b64_len = kws_base64_encode(lb.buf + lb.pos, lb.cap - lb.pos, bytes, 2u * n);
    if (b64_len == 0u) {
        return 0;
    }
    lb.pos += b64_len;
    return lb_finish(&lb, tx, cap);
}

size_t kws_proto_ack(kws_proto_tx_t *tx, char *buf, size_t cap, const char *command,
                     const char *result)
{
    const char *fields[2];
    fields[0] = command;
    fields[1] = result;
    return kws_proto_encode(tx, buf, cap, "ACK", fields, 2);
}

const char *kws_err_code_name(kws_err_code_t code)
{
    switch (code) {
    case KWS_ERR_BADCMD:
        return "BADCMD";
    case KWS_ERR_BADCSUM:
        return "BADCSUM";
    case KWS_ERR_TOOLONG:
        return "TOOLONG";
    case KWS_ERR_OVERRUN:
        return "OVERRUN";
    case KWS_ERR_BUSY:
        return "BUSY";
    default:
        return "BADCMD";
    }
}

size_t kws_proto_err(kws_proto_tx_t *tx, char *buf, size_t cap, kws_err_code_t code,
                     const char *message)
{
    const char *fields[2];
    fields[0] = kws_err_code_name(code);
    fields[1] = message;
    return kws_proto_encode(tx, buf, cap, "ERR", fields, 2);
}

/* ------------------------------------------------------------------ decoding */

enum { RX_IDLE = 0, RX_LINE = 1, RX_SKIP = 2 };

static int set_error(kws_cmd_t *cmd, kws_err_code_t err, const char *message)
{
    cmd->type = KWS_CMD_ERROR;
    cmd->seq = 0;
    cmd->value = 0;
    cmd->err = err;
    cmd->message = message;
    return 1;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

/* (a loop rather than strlen + memcmp: keeps libc's strlen out of the ARM images) */
static int token_equals(const char *p, size_t n, const char *s)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (s[i] == '\0' || p[i] != s[i]) {
            return 0;
        }
    }
    return s[n] == '\0';
}

/* Decimal digits only, at most max_digits; returns 0 on success. */
static int parse_uint(const char *p, size_t n, size_t max_digits, uint32_t *out)
{
    uint32_t v = 0;
    size_t i;
    if (n == 0u || n > max_digits) {
        return -1;
    }
    for (i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') {
            return -1;
        }
        v = v * 10u + (uint32_t)(p[i] - '0');
    }
    *out = v;
    return 0;
}

/* "d", "d.", "d.d", "d.dd", "d.ddd", ".ddd" (up to 2 integer digits) -> thousandths. */
static int parse_milli(const char *p, size_t n, uint32_t *out)
{
    size_t i = 0;
    uint32_t ip = 0;
    uint32_t frac = 0;
    size_t int_digits = 0;
    size_t frac_digits = 0;
    while (i < n && p[i] >= '0' && p[i] <= '9') {
        if (++int_digits > 2u) {
            return -1;
        }
        ip = ip * 10u + (uint32_t)(p[i] - '0');
        i++;
    }
    if (i < n && p[i] == '.') {
        i++;
        while (i < n && p[i] >= '0' && p[i] <= '9') {
            if (++frac_digits > 3u) {
                return -1;
            }
            frac = frac * 10u + (uint32_t)(p[i] - '0');
            i++;
        }
    }
    if (i != n || int_digits + frac_digits == 0u) {
        return -1;
    }
    while (frac_digits < 3u) {
        frac *= 10u;
        frac_digits++;
    }
    *out = ip * 1000u + frac;
    return 0;
}

int kws_proto_parse_line(const char *line, size_t len, kws_cmd_t *cmd)
{
    const char *tok[3 + KWS_PROTO_MAX_FIELDS];
    size_t tok_len[3 + KWS_PROTO_MAX_FIELDS];
    size_t num_tok = 0;
    size_t star;
    size_t i;
    size_t start;
    int hi;
    int lo;
    uint32_t v;
    size_t nf;

    if (line == NULL || len < 1u || line[0] != '$') {
        return set_error(cmd, KWS_ERR_BADCMD, "line must start with $");
    }
    if (len > KWS_PROTO_MAX_LINE - 2u) {
        return set_error(cmd, KWS_ERR_TOOLONG, "line longer than 1024 bytes");
    }
    for (i = 1; i < len; i++) {
        unsigned char u = (unsigned char)line[i];
        if (u < 0x20u || u > 0x7Eu) {
            return set_error(cmd, KWS_ERR_BADCMD, "non-printable byte in line");
        }
        if (line[i] == '$' || line[i] == '\\') {
            return set_error(cmd, KWS_ERR_BADCMD, "forbidden byte in line");
        }
    }
    for (star = 1; star < len && line[star] != '*'; star++) {
    }
    if (star == len) {
        return set_error(cmd, KWS_ERR_BADCSUM, "missing checksum");
    }
    if (len - star != 3u || (hi = hex_value(line[star + 1u])) < 0
        || (lo = hex_value(line[star + 2u])) < 0) {
        return set_error(cmd, KWS_ERR_BADCSUM, "malformed checksum");
    }
    if (kws_proto_checksum(line + 1, star - 1u) != (uint8_t)(hi * 16 + lo)) {
        return set_error(cmd, KWS_ERR_BADCSUM, "checksum mismatch");
    }

    /* split the body between '$' and '*' at ',' */
    start = 1;
    for (i = 1; i <= star; i++) {
        if (i == star || line[i] == ',') {
            if (num_tok == sizeof tok / sizeof tok[0]) {
                return set_error(cmd, KWS_ERR_BADCMD, "too many fields");
            }
            tok[num_tok] = line + start;
            tok_len[num_tok] = i - start;
            num_tok++;
            start = i + 1u;
        }
    }
    if (num_tok < 3u || !token_equals(tok[0], tok_len[0], "TKWS")) {
        return set_error(cmd, KWS_ERR_BADCMD, "expected $TKWS and type and seq");
    }
    if (parse_uint(tok[2], tok_len[2], 5, &v) != 0 || v > 65535u) {
        return set_error(cmd, KWS_ERR_BADCMD, "bad sequence number");
    }
    cmd->seq = (uint16_t)v;
    cmd->value = 0;
    cmd->err = KWS_ERR_BADCMD;
    cmd->message = NULL;
    nf = num_tok - 3u;

    if (token_equals(tok[1], tok_len[1], "THRESH")) {
        if (nf != 1u) {
            return set_error(cmd, KWS_ERR_BADCMD, "THRESH takes one field");
        }
        if (parse_milli(tok[3], tok_len[3], &v) != 0) {
            return set_error(cmd, KWS_ERR_BADCMD, "threshold is not a number like 0.700");
        }
        if (v > 1000u) {
            return set_error(cmd, KWS_ERR_BADCMD, "threshold out of range 0.000..1.000");
        }
        cmd->type = KWS_CMD_THRESH;
        cmd->value = v;
        return 1;
    }
    if (token_equals(tok[1], tok_len[1], "REVIEW")) {
        if (nf != 1u) {
            return set_error(cmd, KWS_ERR_BADCMD, "REVIEW takes one field");
        }
        if (parse_milli(tok[3], tok_len[3], &v) != 0) {
            return set_error(cmd, KWS_ERR_BADCMD, "review threshold is not a number like 0.350");
        }
        if (v > 1000u) {
            return set_error(cmd, KWS_ERR_BADCMD, "review threshold out of range 0.000..1.000");
        }
        cmd->type = KWS_CMD_REVIEW;
        cmd->value = v;
        return 1;
    }
    if (token_equals(tok[1], tok_len[1], "REC")) {
        if (nf != 1u) {
            return set_error(cmd, KWS_ERR_BADCMD, "REC takes one field");
        }
        if (parse_uint(tok[3], tok_len[3], 9, &v) != 0) {
            return set_error(cmd, KWS_ERR_BADCMD, "duration is not an integer in ms");
        }
        if (v < 100u || v > 10000u) {
            return set_error(cmd, KWS_ERR_BADCMD, "duration out of range 100..10000 ms");
        }
        cmd->type = KWS_CMD_REC;
        cmd->value = v;
        return 1;
    }
    if (token_equals(tok[1], tok_len[1], "INFO")) {
        if (nf != 0u) {
            return set_error(cmd, KWS_ERR_BADCMD, "INFO takes no fields");
        }
        cmd->type = KWS_CMD_INFO;
        return 1;
    }
    return set_error(cmd, KWS_ERR_BADCMD, "unknown command");
}

void kws_proto_rx_init(kws_proto_rx_t *rx)
{
    memset(rx, 0, sizeof(*rx));
    rx->state = RX_IDLE;
}

static void rx_start_line(kws_proto_rx_t *rx)
{
    rx->state = RX_LINE;
    rx->line[0] = '$';
    rx->len = 1;
}

static int rx_count(kws_proto_rx_t *rx, int r, const kws_cmd_t *cmd)
{
    if (cmd->type == KWS_CMD_ERROR) {
        rx->lines_bad++;
    } else {
        rx->lines_ok++;
    }
    return r;
}

int kws_proto_rx_byte(kws_proto_rx_t *rx, uint8_t byte, kws_cmd_t *cmd)
{
    switch (rx->state) {
    case RX_LINE:
        if (byte == (uint8_t)'$') {
            rx_start_line(rx);
            return rx_count(rx, set_error(cmd, KWS_ERR_BADCMD, "partial line dropped"), cmd);
        }
        if (byte == (uint8_t)'\n') {
            size_t n = rx->len;
            if (n > 0u && rx->line[n - 1u] == '\r') {
                n--;
            }
            rx->state = RX_IDLE;
            return rx_count(rx, kws_proto_parse_line(rx->line, n, cmd), cmd);
        }
        if (rx->len >= KWS_PROTO_MAX_LINE - 1u) {
            /* no room left for the line end within 1024 bytes */
            rx->state = RX_SKIP;
            return rx_count(rx, set_error(cmd, KWS_ERR_TOOLONG, "line longer than 1024 bytes"),
                            cmd);
        }
        rx->line[rx->len++] = (char)byte;
        return 0;
    case RX_SKIP:
        if (byte == (uint8_t)'\n') {
            rx->state = RX_IDLE;
        } else if (byte == (uint8_t)'$') {
            rx_start_line(rx);
        }
        return 0;
    default:
        if (byte == (uint8_t)'$') {
            rx_start_line(rx);
            if (rx->garbage) {
                rx->garbage = 0;
                return rx_count(rx, set_error(cmd, KWS_ERR_BADCMD, "garbage between lines"), cmd);
            }
            return 0;
        }
        if (byte == (uint8_t)'\n') {
            if (rx->garbage) {
                rx->garbage = 0;
                return rx_count(rx, set_error(cmd, KWS_ERR_BADCMD, "garbage between lines"), cmd);
            }
            return 0;
        }
        if (byte != (uint8_t)'\r' && byte != (uint8_t)' ' && byte != (uint8_t)'\t') {
            rx->garbage = 1;
        }
        return 0;
    }
}
