/*
 * kws_test_m4: the Cortex-M4F runtime of the test harness (kws_test.h), so the
 * core's host tests and the benchmarks run unchanged on QEMU's mps2-an386: vector table, reset (FPU on, .data/.bss), newlib stdio over
 * semihosting (librdimon), SysTick instruction counter, exit code via
 * SYS_EXIT_EXTENDED. Test/bench code only (globals allowed here).
 *
 *   qemu-system-arm -M mps2-an386 -nographic -monitor none -icount shift=0 \
 *     -semihosting-config enable=on,target=native -kernel X.elf
 *
 * With -icount shift=0 QEMU executes one instruction per ns and SysTick runs on
 * the 25 MHz CPU clock, so instructions = ticks * 40 (docs: shared FINDINGS).
 */
#include <stdint.h>
#include <stdlib.h>

#define KWS_TEST_RUNTIME_ONLY
#include "kws_test.h"

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
extern int main(void);
extern void initialise_monitor_handles(void);
void Reset_Handler(void);
void Default_Handler(void);
void SysTick_Handler(void);
void _init(void);
void _fini(void);

/* crti/crtn are not linked (-nostartfiles); newlib's init/fini arrays call these */
void _init(void)
{
}

void _fini(void)
{
}

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define INSTR_PER_TICK 40u

static volatile uint32_t g_wraps;

static int semihost(int op, void *arg)
{
    register int r0 __asm__("r0") = op;
    register void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void kws_test_exit(int code)
{
    uint32_t block[2] = {0x20026u, (uint32_t)code}; /* ADP_Stopped_ApplicationExit */
    semihost(0x20, block);                          /* SYS_EXIT_EXTENDED */
    for (;;) {
    }
}

/* newlib's exit() ends in _exit; route it to SYS_EXIT_EXTENDED so QEMU returns the code */
void _exit(int code)
{
    kws_test_exit(code);
}

uint64_t kws_test_instructions(void)
{
    uint32_t w1, w2, v;
    do {
        w1 = g_wraps;
        v = SYST_CVR;
        w2 = g_wraps;
    } while (w1 != w2);
    /* down-counter reloading from 0xFFFFFF */
    return ((uint64_t)w1 * 0x1000000u + (0xFFFFFFu - v)) * INSTR_PER_TICK;
}

void SysTick_Handler(void)
{
    g_wraps++;
}

void Default_Handler(void)
{
    kws_test_exit(3);
}

void Reset_Handler(void)
{
    uint32_t *src = &_sidata;
    uint32_t *dst;
    *(volatile uint32_t *)0xE000ED88u |= (0xFu << 20); /* CP10, CP11 full access */
    __asm__ volatile("dsb\n isb" ::: "memory");
    for (dst = &_sdata; dst < &_edata;) {
        *dst++ = *src++;
    }
    for (dst = &_sbss; dst < &_ebss;) {
        *dst++ = 0;
    }
    SYST_RVR = 0xFFFFFFu;
    SYST_CVR = 0;
    SYST_CSR = 7u; /* enable, interrupt, CPU clock */
    initialise_monitor_handles();
    exit(main());
}

__attribute__((section(".isr_vector"), used)) static void (*const g_vectors[16])(void) = {
    (void (*)(void))(&_estack),
    Reset_Handler,
    Default_Handler, /* NMI */
    Default_Handler, /* HardFault */
    Default_Handler, /* MemManage */
    Default_Handler, /* BusFault */
    Default_Handler, /* UsageFault */
    0, 0, 0, 0,
    Default_Handler, /* SVCall */
    Default_Handler, /* DebugMon */
    0,
    Default_Handler, /* PendSV */
    SysTick_Handler,
};
