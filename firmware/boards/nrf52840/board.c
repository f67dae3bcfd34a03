/*
 * nRF52840 board, register level (no vendor SDK), laid out for the Arduino Nano 33 BLE
 * Sense (MP34DT05 PDM microphone: power P0.17, CLK P0.26, DIN P0.25; UART TX P1.03,
 * RX P1.10 on the header pins). Other nRF52840 boards: change the pin macros below.
 *
 *   audio     PDM, mono, PDM_CLK 1.280 MHz with ratio 80 = exactly 16 kHz, EasyDMA into a
 *             ring of NRF_AUDIO_BLOCKS blocks of one hop (320 samples), the next block
 *             pointer set at each STARTED event (double buffering); blocks the app did not
 *             read in time are counted as overruns
 *   serial    UARTE0 8N1 at NRF_UART_BAUD (115200 by default) with a TX ring sent by
 *             EasyDMA from the ENDTX interrupt, RX one byte at a time into a small ring
 *   time      DWT cycle counter at 64 MHz
 *
 * UNTESTED ON HARDWARE: it builds with arm-none-eabi-gcc (-Werror) and follows the
 * nRF52840 Product Specification v1.7 register map, but nobody has run it on a board yet.
 */
#include <stdint.h>
#include <string.h>

#include "kws_app.h"
#include "kws_hal.h"

/* ---------------------------------------------------------------- board wiring */
#define PIN(port, n) (((port) << 5) | (n))
#define MIC_PWR_PIN PIN(0, 17)
#define PDM_CLK_PIN PIN(0, 26)
#define PDM_DIN_PIN PIN(0, 25)
#define UART_TX_PIN PIN(1, 3)
#define UART_RX_PIN PIN(1, 10)
#ifndef NRF_UART_BAUD_REG
#define NRF_UART_BAUD_REG 0x01D7E000u /* 115200; 1000000 baud = 0x10000000u (needed for REC) */
#endif
#define NRF_PDM_GAIN 0x28u            /* 0 dB (range 0x00 = -20 dB .. 0x50 = +20 dB) */
#define NRF_AUDIO_BLOCKS 8u           /* 8 x 20 ms of buffering */
#define NRF_TX_RING 1024u             /* power of two; writes wait when full (RAM budget: 48 KB) */
#define NRF_RX_RING 256u              /* power of two */

/* ---------------------------------------------------------------- registers */
#define REG32(a) (*(volatile uint32_t *)(a))
#define CLOCK_BASE 0x40000000u
#define CLOCK_TASKS_HFCLKSTART REG32(CLOCK_BASE + 0x000u)
#define CLOCK_EVENTS_HFCLKSTARTED REG32(CLOCK_BASE + 0x100u)

#define UARTE0_BASE 0x40002000u
#define UARTE_TASKS_STARTRX REG32(UARTE0_BASE + 0x000u)
#define UARTE_TASKS_STARTTX REG32(UARTE0_BASE + 0x008u)
#define UARTE_EVENTS_ENDRX REG32(UARTE0_BASE + 0x110u)
#define UARTE_EVENTS_ENDTX REG32(UARTE0_BASE + 0x120u)
#define UARTE_EVENTS_ERROR REG32(UARTE0_BASE + 0x124u)
#define UARTE_EVENTS_RXSTARTED REG32(UARTE0_BASE + 0x14Cu)
#define UARTE_SHORTS REG32(UARTE0_BASE + 0x200u)
#define UARTE_INTENSET REG32(UARTE0_BASE + 0x304u)
#define UARTE_ERRORSRC REG32(UARTE0_BASE + 0x480u)
#define UARTE_ENABLE REG32(UARTE0_BASE + 0x500u)
#define UARTE_PSEL_TXD REG32(UARTE0_BASE + 0x50Cu)
#define UARTE_PSEL_RXD REG32(UARTE0_BASE + 0x514u)
#define UARTE_BAUDRATE REG32(UARTE0_BASE + 0x524u)
#define UARTE_RXD_PTR REG32(UARTE0_BASE + 0x534u)
#define UARTE_RXD_MAXCNT REG32(UARTE0_BASE + 0x538u)
#define UARTE_TXD_PTR REG32(UARTE0_BASE + 0x544u)
#define UARTE_TXD_MAXCNT REG32(UARTE0_BASE + 0x548u)
#define UARTE_CONFIG REG32(UARTE0_BASE + 0x56Cu)
#define UARTE_SHORTS_ENDRX_STARTRX (1u << 5)
#define UARTE_INT_ENDRX (1u << 4)
#define UARTE_INT_ENDTX (1u << 8)
#define UARTE_INT_ERROR (1u << 9)
#define UARTE_INT_RXSTARTED (1u << 19)
#define UARTE0_IRQN 2u

#define PDM_BASE 0x4001D000u
#define PDM_TASKS_START REG32(PDM_BASE + 0x000u)
#define PDM_EVENTS_STARTED REG32(PDM_BASE + 0x100u)
#define PDM_EVENTS_END REG32(PDM_BASE + 0x108u)
#define PDM_INTENSET REG32(PDM_BASE + 0x304u)
#define PDM_ENABLE REG32(PDM_BASE + 0x500u)
#define PDM_PDMCLKCTRL REG32(PDM_BASE + 0x504u)
#define PDM_MODE REG32(PDM_BASE + 0x508u)
#define PDM_GAINL REG32(PDM_BASE + 0x518u)
#define PDM_GAINR REG32(PDM_BASE + 0x51Cu)
#define PDM_RATIO REG32(PDM_BASE + 0x520u)
#define PDM_PSEL_CLK REG32(PDM_BASE + 0x540u)
#define PDM_PSEL_DIN REG32(PDM_BASE + 0x544u)
#define PDM_SAMPLE_PTR REG32(PDM_BASE + 0x560u)
#define PDM_SAMPLE_MAXCNT REG32(PDM_BASE + 0x564u)
#define PDM_PDMCLKCTRL_1280K 0x0A000000u
#define PDM_RATIO_80 1u
#define PDM_MODE_MONO_LEFT_FALLING 1u
#define PDM_INT_STARTED (1u << 0)
#define PDM_INT_END (1u << 2)
#define PDM_IRQN 29u

#define GPIO_BASE(port) ((port) ? 0x50000300u : 0x50000000u)
#define GPIO_OUTSET(port) REG32(GPIO_BASE(port) + 0x508u)
#define GPIO_OUTCLR(port) REG32(GPIO_BASE(port) + 0x50Cu)
#define GPIO_PIN_CNF(port, n) REG32(GPIO_BASE(port) + 0x700u + 4u * (n))
#define PIN_CNF_OUTPUT 0x3u        /* DIR=output, input buffer disconnected */
#define PIN_CNF_INPUT 0x0u         /* DIR=input, input buffer connected */

#define NVIC_ISER0 REG32(0xE000E100u)
#define DEMCR REG32(0xE000EDFCu)
#define DWT_CTRL REG32(0xE0001000u)
#define DWT_CYCCNT REG32(0xE0001004u)

extern uint32_t _ebss;
#define RAM_PAINT 0xA5A5A5A5u

/* ---------------------------------------------------------------- board state */
static kws_app_t g_app;

static int16_t g_audio_blocks[NRF_AUDIO_BLOCKS][KWS_APP_CHUNK_SAMPLES];
static volatile uint32_t g_pdm_started; /* STARTED events seen (ISR writes) */
static volatile uint32_t g_pdm_filled;  /* blocks complete (ISR writes) */
static uint32_t g_audio_consumed;       /* blocks read by the app (main writes) */
static uint32_t g_audio_offset;         /* samples already read from the current block */
static uint32_t g_audio_overruns;

static uint8_t g_tx_ring[NRF_TX_RING];
static volatile uint32_t g_tx_head;     /* main writes */
static volatile uint32_t g_tx_tail;     /* ISR writes */
static volatile uint32_t g_tx_dma_len;  /* bytes of the running DMA transfer, 0 = idle */

static uint8_t g_rx_dma[2];
static uint32_t g_rx_dma_cur;           /* buffer the running RX transfer fills */
static uint8_t g_rx_ring[NRF_RX_RING];
static volatile uint32_t g_rx_head;     /* ISR writes */
static uint32_t g_rx_tail;              /* main writes */

static void irq_disable(void)
{
    __asm__ volatile("cpsid i" ::: "memory");
}

static void irq_enable(void)
{
    __asm__ volatile("cpsie i" ::: "memory");
}

/* Sleeps until an interrupt is pending; called with interrupts disabled (PRIMASK=1). */
static void wait_for_interrupt(void)
{
    __asm__ volatile("dsb\n wfi" ::: "memory");
    irq_enable();
    irq_disable();
}

/* ---------------------------------------------------------------- interrupts */

void PDM_IRQHandler(void)
{
    if (PDM_EVENTS_END) {
        PDM_EVENTS_END = 0;
        (void)PDM_EVENTS_END; /* flush the write before leaving the ISR */
        g_pdm_filled = g_pdm_filled + 1u;
    }
    if (PDM_EVENTS_STARTED) {
        uint32_t next;
        PDM_EVENTS_STARTED = 0;
        (void)PDM_EVENTS_STARTED;
        /* the pointer of block g_pdm_started was latched; queue the one after it */
        g_pdm_started = g_pdm_started + 1u;
        next = g_pdm_started % NRF_AUDIO_BLOCKS;
        PDM_SAMPLE_PTR = (uint32_t)g_audio_blocks[next];
    }
}

static void tx_kick(void) /* interrupts disabled or in the ISR */
{
    uint32_t pending = g_tx_head - g_tx_tail;
    uint32_t start = g_tx_tail % NRF_TX_RING;
    uint32_t len = pending;
    if (g_tx_dma_len != 0u || pending == 0u) {
        return;
    }
    if (len > NRF_TX_RING - start) {
        len = NRF_TX_RING - start; /* contiguous part; the rest follows at ENDTX */
    }
    g_tx_dma_len = len;
    UARTE_TXD_PTR = (uint32_t)&g_tx_ring[start];
    UARTE_TXD_MAXCNT = len;
    UARTE_TASKS_STARTTX = 1;
}

void UARTE0_UART0_IRQHandler(void)
{
    if (UARTE_EVENTS_ENDTX) {
        UARTE_EVENTS_ENDTX = 0;
        (void)UARTE_EVENTS_ENDTX;
        g_tx_tail = g_tx_tail + g_tx_dma_len;
        g_tx_dma_len = 0;
        tx_kick();
    }
    if (UARTE_EVENTS_ENDRX) {
        UARTE_EVENTS_ENDRX = 0;
        (void)UARTE_EVENTS_ENDRX;
        if (g_rx_head - g_rx_tail < NRF_RX_RING) { /* else the byte is dropped */
            g_rx_ring[g_rx_head % NRF_RX_RING] = g_rx_dma[g_rx_dma_cur];
            g_rx_head = g_rx_head + 1u;
        }
        g_rx_dma_cur ^= 1u;
    }
    if (UARTE_EVENTS_RXSTARTED) {
        UARTE_EVENTS_RXSTARTED = 0;
        (void)UARTE_EVENTS_RXSTARTED;
        /* the running transfer latched g_rx_dma[cur]; the next one (ENDRX->STARTRX) uses the other */
        UARTE_RXD_PTR = (uint32_t)&g_rx_dma[g_rx_dma_cur ^ 1u];
    }
    if (UARTE_EVENTS_ERROR) {
        UARTE_EVENTS_ERROR = 0;
        UARTE_ERRORSRC = UARTE_ERRORSRC; /* write 1 to clear; framing errors show up as garbage */
    }
}

/* ---------------------------------------------------------------- the HAL */

size_t kws_hal_read_audio(int16_t *buf, size_t max)
{
    uint32_t avail;
    uint32_t n;
    const int16_t *block;
    irq_disable();
    while (g_pdm_filled == g_audio_consumed) {
        wait_for_interrupt();
    }
    avail = g_pdm_filled - g_audio_consumed;
    irq_enable();
    /* the DMA writes two blocks ahead of the newest complete one: keep a safe distance */
    if (avail > NRF_AUDIO_BLOCKS - 2u) {
        g_audio_overruns += avail - (NRF_AUDIO_BLOCKS - 2u);
        g_audio_consumed += avail - (NRF_AUDIO_BLOCKS - 2u);
        g_audio_offset = 0;
    }
    block = g_audio_blocks[g_audio_consumed % NRF_AUDIO_BLOCKS];
    n = KWS_APP_CHUNK_SAMPLES - g_audio_offset;
    if (n > max) {
        n = (uint32_t)max;
    }
    memcpy(buf, block + g_audio_offset, n * sizeof(int16_t));
    g_audio_offset += n;
    if (g_audio_offset == KWS_APP_CHUNK_SAMPLES) {
        g_audio_offset = 0;
        g_audio_consumed++;
    }
    return n;
}

void kws_hal_write(const uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        irq_disable();
        while (g_tx_head - g_tx_tail >= NRF_TX_RING) {
            tx_kick();
            wait_for_interrupt();
        }
        g_tx_ring[g_tx_head % NRF_TX_RING] = p[i];
        g_tx_head = g_tx_head + 1u;
        irq_enable();
    }
    irq_disable();
    tx_kick();
    irq_enable();
}

int kws_hal_read_command_byte(void)
{
    int b;
    if (g_rx_head == g_rx_tail) {
        return -1;
    }
    b = g_rx_ring[g_rx_tail % NRF_RX_RING];
    g_rx_tail++;
    return b;
}

uint32_t kws_hal_cycles(void)
{
    return DWT_CYCCNT;
}

uint32_t kws_hal_cycles_per_us(void)
{
    return 64u;
}

uint32_t kws_hal_audio_overruns(void)
{
    return g_audio_overruns;
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

/* ---------------------------------------------------------------- start-up */

static void delay_cycles(uint32_t cycles)
{
    uint32_t t0 = DWT_CYCCNT;
    while (DWT_CYCCNT - t0 < cycles) {
    }
}

static void uart_init(void)
{
    GPIO_OUTSET(UART_TX_PIN >> 5) = 1u << (UART_TX_PIN & 31u);
    GPIO_PIN_CNF(UART_TX_PIN >> 5, UART_TX_PIN & 31u) = PIN_CNF_OUTPUT;
    GPIO_PIN_CNF(UART_RX_PIN >> 5, UART_RX_PIN & 31u) = PIN_CNF_INPUT;
    UARTE_PSEL_TXD = UART_TX_PIN;
    UARTE_PSEL_RXD = UART_RX_PIN;
    UARTE_BAUDRATE = NRF_UART_BAUD_REG;
    UARTE_CONFIG = 0; /* 8N1, no flow control */
    UARTE_ENABLE = 8u;
    g_rx_dma_cur = 0;
    UARTE_RXD_PTR = (uint32_t)&g_rx_dma[0];
    UARTE_RXD_MAXCNT = 1u;
    UARTE_SHORTS = UARTE_SHORTS_ENDRX_STARTRX;
    UARTE_INTENSET = UARTE_INT_ENDRX | UARTE_INT_ENDTX | UARTE_INT_ERROR | UARTE_INT_RXSTARTED;
    NVIC_ISER0 = 1u << UARTE0_IRQN;
    UARTE_TASKS_STARTRX = 1u;
}

static void pdm_init(void)
{
    /* microphone power on, then let it settle */
    GPIO_PIN_CNF(MIC_PWR_PIN >> 5, MIC_PWR_PIN & 31u) = PIN_CNF_OUTPUT;
    GPIO_OUTSET(MIC_PWR_PIN >> 5) = 1u << (MIC_PWR_PIN & 31u);
    delay_cycles(64u * 10000u); /* 10 ms */
    GPIO_OUTCLR(PDM_CLK_PIN >> 5) = 1u << (PDM_CLK_PIN & 31u);
    GPIO_PIN_CNF(PDM_CLK_PIN >> 5, PDM_CLK_PIN & 31u) = PIN_CNF_OUTPUT;
    GPIO_PIN_CNF(PDM_DIN_PIN >> 5, PDM_DIN_PIN & 31u) = PIN_CNF_INPUT;
    PDM_PSEL_CLK = PDM_CLK_PIN;
    PDM_PSEL_DIN = PDM_DIN_PIN;
    PDM_PDMCLKCTRL = PDM_PDMCLKCTRL_1280K; /* 1.280 MHz / 80 = 16 kHz */
    PDM_RATIO = PDM_RATIO_80;
    PDM_MODE = PDM_MODE_MONO_LEFT_FALLING;
    PDM_GAINL = NRF_PDM_GAIN;
    PDM_GAINR = NRF_PDM_GAIN;
    PDM_SAMPLE_PTR = (uint32_t)g_audio_blocks[0];
    PDM_SAMPLE_MAXCNT = KWS_APP_CHUNK_SAMPLES;
    PDM_INTENSET = PDM_INT_STARTED | PDM_INT_END;
    NVIC_ISER0 = 1u << PDM_IRQN;
    PDM_ENABLE = 1u;
    PDM_TASKS_START = 1u;
}

int main(void)
{
    CLOCK_EVENTS_HFCLKSTARTED = 0;
    CLOCK_TASKS_HFCLKSTART = 1u; /* crystal: accurate PDM clock and baud rate */
    while (CLOCK_EVENTS_HFCLKSTARTED == 0u) {
    }
    DEMCR |= 1u << 24; /* TRCENA */
    DWT_CYCCNT = 0;
    DWT_CTRL |= 1u;    /* CYCCNTENA */
    uart_init();
    pdm_init();
    kws_app_run(&g_app); /* never returns: the microphone never ends */
    return 0;
}
