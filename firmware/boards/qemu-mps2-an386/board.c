/*
 * QEMU mps2-an386 board (emulated Cortex-M4F):
 *   audio in    ARM semihosting: the second word of SYS_GET_CMDLINE names a file of raw
 *               PCM16LE (or a 16 kHz mono PCM16 WAV), read with SYS_OPEN/SYS_READ
 *   protocol    CMSDK UART0 at 0x40004000 (TX polled; RX polled for host commands)
 *   time        SysTick on the 25 MHz CPU clock; with `-icount shift=0` QEMU runs one
 *               instruction per ns, so 1 tick = 40 instructions exactly; kws_hal_cycles()
 *               counts instructions, kws_hal_cycles_per_us() reports 64 (a 64 MHz part at
 *               CPI 1, the figure STAT's infer_us and load assume on this board)
 *   end         SYS_EXIT_EXTENDED with the exit status; before that a cost summary goes to
 *               the semihosting console (QEMU's stdout): "qemu-bench: key=value ..."
 *
 * Run:
 *   qemu-system-arm -M mps2-an386 -nographic -monitor none -icount shift=0 \
 *     -semihosting-config enable=on,target=native,arg=fw.elf,arg=audio.raw \
 *     -kernel fw.elf -serial file:out.txt
 */
#include <stdint.h>
#include <string.h>

#include "kws_app.h"
#include "kws_div.h"
#include "kws_hal.h"

/* ---------------------------------------------------------------- registers */
#define REG32(a) (*(volatile uint32_t *)(a))
#define UART0_BASE 0x40004000u
#define UART_DATA REG32(UART0_BASE + 0x00u)
#define UART_STATE REG32(UART0_BASE + 0x04u) /* bit0 TX full, bit1 RX full */
#define UART_CTRL REG32(UART0_BASE + 0x08u)  /* bit0 TX enable, bit1 RX enable */
#define UART_BAUDDIV REG32(UART0_BASE + 0x10u)
#define SYST_CSR REG32(0xE000E010u)
#define SYST_RVR REG32(0xE000E014u)
#define SYST_CVR REG32(0xE000E018u)
#define INSTR_PER_TICK 40u /* 25 MHz SysTick vs 1 GHz instruction clock (-icount shift=0) */

/* ---------------------------------------------------------------- semihosting */
#define SYS_OPEN 0x01
#define SYS_CLOSE 0x02
#define SYS_WRITE0 0x04
#define SYS_READ 0x06
#define SYS_GET_CMDLINE 0x15
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

extern uint32_t _ebss;
#define RAM_PAINT 0xA5A5A5A5u

/* Board state: globals are allowed in the board layer. */
static kws_app_t g_app;
static volatile uint32_t g_systick_wraps;
static int g_audio_fd = -1;
static uint8_t g_audio_buf[4096];
static uint32_t g_audio_len;
static uint32_t g_audio_pos;
static uint32_t g_audio_data_left = UINT32_MAX; /* bytes of the WAV data chunk left */
static char g_cmdline[256];

static int semihost(int op, void *arg)
{
    register int r0 __asm__("r0") = op;
    register void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void board_exit(int code)
{
    uint32_t block[2];
    block[0] = ADP_STOPPED_APPLICATION_EXIT;
    block[1] = (uint32_t)code;
    semihost(SYS_EXIT_EXTENDED, block);
    for (;;) {
    }
}

static void console(const char *s)
{
    semihost(SYS_WRITE0, (void *)s);
}

void SysTick_Handler(void)
{
    g_systick_wraps++;
}

/* ---------------------------------------------------------------- audio file */

/* Refills g_audio_buf; returns the number of bytes available. */
static uint32_t audio_fill(void)
{
    uint32_t block[3];
    uint32_t want = sizeof g_audio_buf;
    int not_read;
    if (g_audio_fd < 0) {
        return 0;
    }
    if (want > g_audio_data_left) {
        want = g_audio_data_left;
    }
    if (want == 0u) {
        return 0;
    }
    block[0] = (uint32_t)g_audio_fd;
    block[1] = (uint32_t)g_audio_buf;
    block[2] = want;
    not_read = semihost(SYS_READ, block);
    if (not_read < 0 || (uint32_t)not_read > want) {
        return 0;
    }
    g_audio_len = want - (uint32_t)not_read;
    g_audio_pos = 0;
    if (g_audio_data_left != UINT32_MAX) {
        g_audio_data_left -= g_audio_len;
    }
    return g_audio_len;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Local loops instead of libc's strlen / strchr / memcmp (flash: about 0.5 KB of newlib;
 * GCC would turn the loop back into a strlen call without the attribute). */
__attribute__((optimize("no-tree-loop-distribute-patterns"))) static uint32_t str_len(const char *s)
{
    uint32_t n = 0;
    while (s[n] != '\0') {
        n++;
    }
    return n;
}

static int same4(const uint8_t *p, const char *s)
{
    return p[0] == (uint8_t)s[0] && p[1] == (uint8_t)s[1] && p[2] == (uint8_t)s[2] && p[3] == (uint8_t)s[3];
}

/* Reads exactly n bytes (across refills); returns 0 on success. */
static int audio_bytes(uint8_t *out, uint32_t n)
{
    while (n > 0u) {
        if (g_audio_pos == g_audio_len && audio_fill() == 0u) {
            return -1;
        }
        *out++ = g_audio_buf[g_audio_pos++];
        n--;
    }
    return 0;
}

/* A WAV header is skipped (16 kHz mono PCM16 required); anything else is raw PCM16LE. */
static int audio_open(const char *path)
{
    uint32_t block[3];
    uint8_t hdr[12];
    block[0] = (uint32_t)path;
    block[1] = 1; /* "rb" */
    block[2] = str_len(path);
    g_audio_fd = semihost(SYS_OPEN, block);
    if (g_audio_fd < 0) {
        return -1;
    }
    if (audio_fill() < 12u || !same4(g_audio_buf, "RIFF")
        || !same4(g_audio_buf + 8, "WAVE")) {
        return 0; /* raw */
    }
    (void)audio_bytes(hdr, 12);
    for (;;) {
        uint8_t ch[8];
        uint32_t size;
        if (audio_bytes(ch, 8) != 0) {
            return -1;
        }
        size = le32(ch + 4);
        if (same4(ch, "fmt ")) {
            uint8_t fmt[16];
            if (size < 16u || audio_bytes(fmt, 16) != 0 || fmt[0] != 1u || fmt[2] != 1u
                || le32(fmt + 4) != 16000u || fmt[14] != 16u) {
                return -2;
            }
            size -= 16u;
        } else if (same4(ch, "data")) {
            uint32_t buffered = g_audio_len - g_audio_pos;
            if (buffered > size) {
                g_audio_len = g_audio_pos + size;
                buffered = size;
            }
            g_audio_data_left = size - buffered;
            return 0;
        }
        size += size & 1u;
        while (size-- > 0u) {
            uint8_t skip;
            if (audio_bytes(&skip, 1) != 0) {
                return -1;
            }
        }
    }
}

/* ---------------------------------------------------------------- the HAL */

size_t kws_hal_read_audio(int16_t *buf, size_t max)
{
    size_t n = 0;
    while (n < max) {
        if (g_audio_len - g_audio_pos < 2u) {
            if (g_audio_len - g_audio_pos == 1u || audio_fill() < 2u) {
                break; /* end of file (a trailing odd byte is dropped) */
            }
        }
        buf[n++] = (int16_t)(uint16_t)(g_audio_buf[g_audio_pos] | (g_audio_buf[g_audio_pos + 1u] << 8));
        g_audio_pos += 2u;
    }
    return n;
}

void kws_hal_write(const uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        while (UART_STATE & 1u) {
        }
        UART_DATA = p[i];
    }
}

int kws_hal_read_command_byte(void)
{
    if (UART_STATE & 2u) {
        return (int)(UART_DATA & 0xFFu);
    }
    return -1;
}

uint32_t kws_hal_cycles(void)
{
    uint32_t w1;
    uint32_t w2;
    uint32_t v;
    do {
        w1 = g_systick_wraps;
        v = SYST_CVR;
        w2 = g_systick_wraps;
    } while (w1 != w2);
    return (uint32_t)((((uint64_t)w1 << 24) + (0xFFFFFFu - v)) * INSTR_PER_TICK);
}

uint32_t kws_hal_cycles_per_us(void)
{
    return 64u;
}

uint32_t kws_hal_audio_overruns(void)
{
    return 0; /* a file never overruns */
}

uint32_t kws_hal_free_ram(void)
{
    const uint32_t *p = &_ebss;
    uint32_t *sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    while (p < sp && *p == RAM_PAINT) {
        p++;
    }
    return (uint32_t)((uintptr_t)p - (uintptr_t)&_ebss);
}

/* ---------------------------------------------------------------- main */

static char *fmt_u64(char *p, uint64_t v)
{
    char tmp[21];
    int n = 0;
    do {
        uint32_t digit;
        v = kws_udiv64_u16(v, 10u, &digit); /* no libgcc 64-bit division in the image */
        tmp[n++] = (char)('0' + (int)digit);
    } while (v != 0u);
    while (n > 0) {
        *p++ = tmp[--n];
    }
    return p;
}

static char *put(char *p, const char *s)
{
    while (*s != '\0') {
        *p++ = *s++;
    }
    return p;
}

static void print_costs(void)
{
    const kws_app_costs_t *c = &g_app.costs;
    char line[512];
    char *p = line;
    p = put(p, "qemu-bench: samples=");
    p = fmt_u64(p, g_app.samples);
    p = put(p, " frames=");
    p = fmt_u64(p, c->fe_frames);
    p = put(p, " fe_instr=");
    p = fmt_u64(p, c->fe_cycles);
    p = put(p, " inferences=");
    p = fmt_u64(p, c->nn_runs);
    p = put(p, " nn_instr=");
    p = fmt_u64(p, c->nn_cycles);
    p = put(p, " nn_min=");
    p = fmt_u64(p, c->nn_runs ? c->nn_min_cycles : 0u);
    p = put(p, " nn_max=");
    p = fmt_u64(p, c->nn_max_cycles);
    p = put(p, " busy_instr=");
    p = fmt_u64(p, c->busy_cycles);
    p = put(p, " detections=");
    p = fmt_u64(p, c->detections);
    p = put(p, " free_ram=");
    p = fmt_u64(p, kws_hal_free_ram());
    p = put(p, " app_state_bytes=");
    p = fmt_u64(p, sizeof g_app);
    p = put(p, " ram_frontend=");
    p = fmt_u64(p, sizeof g_app.fe + sizeof g_app.window + sizeof g_app.audio);
    p = put(p, " ram_model=");
    p = fmt_u64(p, sizeof g_app.arena + sizeof g_app.input);
    p = put(p, " ram_detector=");
    p = fmt_u64(p, sizeof g_app.det);
    p = put(p, " ram_protocol=");
    p = fmt_u64(p, sizeof g_app.line + sizeof g_app.rx + sizeof g_app.tx + sizeof g_app.rec_buf);
    p = put(p, "\n");
    *p = '\0';
    console(line);
}

/* Per-layer cost: one more inference on the last model input, timed after each layer. */
typedef struct {
    uint32_t last;
    uint32_t instr[KWS_MODEL_NUM_LAYERS];
} layer_prof_t;

static void layer_cb(int layer, const int8_t *out, size_t size, void *user)
{
    layer_prof_t *p = (layer_prof_t *)user;
    uint32_t now = kws_hal_cycles();
    (void)out;
    (void)size;
    if (layer >= 0 && layer < KWS_MODEL_NUM_LAYERS) {
        p->instr[layer] = now - p->last;
    }
    p->last = kws_hal_cycles();
}

static void print_layer_costs(void)
{
    static const char *const names[] = {"?", "conv2d", "dwconv2d", "avgpool", "fc", "softmax"};
    layer_prof_t prof;
    int i;
    memset(&prof, 0, sizeof prof);
    prof.last = kws_hal_cycles();
    (void)kws_app_run_model(&g_app, layer_cb, &prof);
    for (i = 0; i < KWS_MODEL_NUM_LAYERS; i++) {
        const kws_layer_t *l = &kws_model_layers[i];
        uint64_t macs = 0;
        char line[160];
        char *p = line;
        if (l->op == KWS_OP_CONV2D) {
            macs = (uint64_t)l->out_h * l->out_w * l->out_c * l->k_h * l->k_w * l->in_c;
        } else if (l->op == KWS_OP_DWCONV2D) {
            macs = (uint64_t)l->out_h * l->out_w * l->out_c * l->k_h * l->k_w;
        } else if (l->op == KWS_OP_FC) {
            macs = (uint64_t)l->out_c * l->in_h * l->in_w * l->in_c;
        }
        p = put(p, "qemu-layer: layer=");
        p = fmt_u64(p, (uint64_t)i);
        p = put(p, " op=");
        p = put(p, (l->op >= 1 && l->op <= 5) ? names[l->op] : names[0]);
        p = put(p, " macs=");
        p = fmt_u64(p, macs);
        p = put(p, " instr=");
        p = fmt_u64(p, prof.instr[i]);
        p = put(p, "\n");
        *p = '\0';
        console(line);
    }
}

int main(void)
{
    uint32_t block[2];
    char *audio;
    int rc;

    UART_BAUDDIV = 16u;
    UART_CTRL = 3u; /* TX and RX */
    SYST_RVR = 0xFFFFFFu;
    SYST_CVR = 0u;
    SYST_CSR = 7u; /* processor clock, interrupt, enable */

    block[0] = (uint32_t)g_cmdline;
    block[1] = sizeof g_cmdline - 1u;
    if (semihost(SYS_GET_CMDLINE, block) != 0) {
        console("tinykws-fw: no semihosting command line (need arg=fw.elf,arg=audio.raw)\n");
        return 2;
    }
    g_cmdline[sizeof g_cmdline - 1u] = '\0';
    for (audio = g_cmdline; *audio != '\0' && *audio != ' '; audio++) {
    }
    if (*audio != ' ') {
        console("tinykws-fw: usage: -semihosting-config enable=on,target=native,arg=fw.elf,arg=AUDIO\n");
        return 2;
    }
    while (*audio == ' ') {
        audio++;
    }
    rc = audio_open(audio);
    if (rc != 0) {
        console(rc == -2 ? "tinykws-fw: WAV must be 16 kHz mono PCM16\n"
                         : "tinykws-fw: cannot open the audio file\n");
        return 2;
    }
    kws_app_run(&g_app);
    print_costs();
    print_layer_costs();
    return 0;
}
