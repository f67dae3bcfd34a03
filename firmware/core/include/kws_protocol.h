/*
 * kws_protocol: the serial line protocol between device and host (docs/SPEC.md section 5).
 *
 *   $TKWS,<TYPE>,<seq>[,<field>...]*<CS>\r\n
 *
 * CS = two uppercase hex digits of the XOR of every byte strictly between '$' and '*'.
 * At most KWS_PROTO_MAX_LINE bytes per line including '$' and CRLF.
 *
 * Encoding writes one complete line into a caller buffer and returns its length (0 when it
 * does not fit or a field holds a forbidden byte; the sequence number is then not used up).
 * Decoding takes host bytes one at a time, survives garbage, partial and over-long lines,
 * bad checksums and out-of-range values, and reports each problem as an error the app
 * answers with an ERR line. No allocation, no globals, no printf.
 */
#ifndef KWS_PROTOCOL_H
#define KWS_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Longest line in bytes, including '$' and CRLF. */
#define KWS_PROTO_MAX_LINE 1024
/** Most PCM samples in one AUD line. */
#define KWS_PROTO_AUD_MAX_SAMPLES 256
/** Most samples in one recording (10 s at 16 kHz). */
#define KWS_PROTO_AUD_MAX_TOTAL 160000u
/** Most fields after the sequence number in one line. */
#define KWS_PROTO_MAX_FIELDS 8

/* ------------------------------------------------------------------ encoding */

/** Sender state: the next sequence number (0..65535, wraps). */
typedef struct {
    uint16_t seq;
} kws_proto_tx_t;

void kws_proto_tx_init(kws_proto_tx_t *tx);

/**
 * Generic line: type and fields are joined with ',', the checksum and CRLF appended.
 * Returns the line length, or 0 when it would exceed cap or KWS_PROTO_MAX_LINE, or a
 * type/field holds a byte outside 0x20..0x7E or one of '$' ',' '*' '\\'.
 */
size_t kws_proto_encode(kws_proto_tx_t *tx, char *buf, size_t cap, const char *type,
                        const char *const *fields, size_t num_fields);

/** HELLO: fw_version, model_id, frontend_hash (8 hex), sample_rate, threshold, labels joined by '|'. */
size_t kws_proto_hello(kws_proto_tx_t *tx, char *buf, size_t cap, const char *fw_version,
                       const char *model_id, uint32_t frontend_hash, uint32_t sample_rate,
                       uint8_t threshold_q, const char *const *labels, size_t num_labels);

/** DET: t_ms, keyword, score (0.xxx from the 0..255 averaged score). */
size_t kws_proto_det(kws_proto_tx_t *tx, char *buf, size_t cap, uint32_t t_ms,
                     const char *keyword, uint8_t score_q);

/** NEAR line: a near-miss (score above the review threshold, no detection); same fields as DET. */
size_t kws_proto_near(kws_proto_tx_t *tx, char *buf, size_t cap, uint32_t t_ms,
                      const char *keyword, uint8_t score_q);

/** STAT: uptime_ms, infer_us, cpu_load_permille, free_ram_bytes, audio_overruns. */
size_t kws_proto_stat(kws_proto_tx_t *tx, char *buf, size_t cap, uint32_t uptime_ms,
                      uint32_t infer_us, uint32_t cpu_load_permille, uint32_t free_ram_bytes,
                      uint32_t audio_overruns);

/** AUD: clip_id, offset, total (samples), base64 of n (1..256) PCM16LE samples. */
size_t kws_proto_aud(kws_proto_tx_t *tx, char *buf, size_t cap, uint32_t clip_id,
                     uint32_t offset, uint32_t total, const int16_t *pcm, size_t n);

/** ACK: command, result ("OK" or a short reason / value). */
size_t kws_proto_ack(kws_proto_tx_t *tx, char *buf, size_t cap, const char *command,
                     const char *result);

typedef enum {
    KWS_ERR_BADCMD = 0,
    KWS_ERR_BADCSUM,
    KWS_ERR_TOOLONG,
    KWS_ERR_OVERRUN,
    KWS_ERR_BUSY
} kws_err_code_t;

/** Wire name of an error code ("BADCMD", ...). */
const char *kws_err_code_name(kws_err_code_t code);

/** ERR: code, message. */
size_t kws_proto_err(kws_proto_tx_t *tx, char *buf, size_t cap, kws_err_code_t code,
                     const char *message);

/* ------------------------------------------------------------------ helpers */

/** XOR of n bytes (the line checksum). */
uint8_t kws_proto_checksum(const char *p, size_t n);

/** Writes v in decimal; returns the number of chars (no NUL) or 0 when cap is too small. */
size_t kws_fmt_u32(char *buf, size_t cap, uint32_t v);

/** Writes 0..1000 thousandths as "0.xxx" / "1.000" (5 chars + NUL; cap >= 6). */
size_t kws_fmt_milli(char *buf, size_t cap, uint16_t milli);

/** Score 0..255 in thousandths, rounded: (q*1000 + 128) / 256 (SPEC section 4). */
uint16_t kws_score_to_milli(uint8_t score_q);

/** Threshold in thousandths (0..1000) to 0..255: min((milli*256 + 500) / 1000, 255). */
uint8_t kws_threshold_from_milli(uint16_t milli);

/** Base64 (RFC 4648, padded) of n bytes; returns the length or 0 when cap is too small. */
size_t kws_base64_encode(char *out, size_t cap, const uint8_t *in, size_t n);

/* ------------------------------------------------------------------ decoding */

typedef enum {
    KWS_CMD_THRESH = 1, /* value = threshold in thousandths, 0..1000 */
    KWS_CMD_REC,        /* value = duration in ms, 100..10000 */
    KWS_CMD_INFO,       /* no value */
    KWS_CMD_ERROR,      /* err / message say what was wrong with the input */
    KWS_CMD_REVIEW      /* value = review threshold in thousandths, 0..1000 (0 = off) */
} kws_cmd_type_t;

typedef struct {
    kws_cmd_type_t type;
    uint16_t seq;        /* the host's sequence number (valid for THRESH/REC/INFO) */
    uint32_t value;
    kws_err_code_t err;  /* KWS_CMD_ERROR only */
    const char *message; /* KWS_CMD_ERROR only: static text, valid protocol field */
} kws_cmd_t;

/** Receiver state: one line being assembled. */
typedef struct {
    char line[KWS_PROTO_MAX_LINE];
    uint16_t len;
    uint8_t state;      /* internal */
    uint8_t garbage;    /* non-blank bytes seen outside a line */
    uint32_t lines_ok;  /* counters for diagnostics */
    uint32_t lines_bad;
} kws_proto_rx_t;

void kws_proto_rx_init(kws_proto_rx_t *rx);

/**
 * Feeds one byte from the host. Returns 1 and fills *cmd when a command or an input
 * error is complete, 0 otherwise. Never reads or writes outside rx and *cmd.
 *
 * Lines start at '$' and end at '\n' ("\r\n" or "\n"). A '$' inside a line discards the
 * unfinished line (error "partial line"); bytes outside lines other than blanks and
 * CR/LF are reported once per run as "garbage"; a line longer than KWS_PROTO_MAX_LINE
 * is reported as TOOLONG as soon as it overflows and skipped up to its end.
 */
int kws_proto_rx_byte(kws_proto_rx_t *rx, uint8_t byte, kws_cmd_t *cmd);

/**
 * Parses one complete line (without CR/LF). Returns 1 with *cmd filled (a command or
 * KWS_CMD_ERROR); useful for tests and for hosts that already split lines.
 */
int kws_proto_parse_line(const char *line, size_t len, kws_cmd_t *cmd);

#ifdef __cplusplus
}
#endif

#endif /* KWS_PROTOCOL_H */
