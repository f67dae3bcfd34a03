/*
 * kws_test: the one test harness of the firmware tests (host, ASan/UBSan, DSP
 * emulation, and the emulated Cortex-M4 through kws_test_m4.c).
 *
 *   static void test_x(void) { TU_CHECK(a == b); TU_CHECK_INT(n, 3); ... }
 *   int main(void) { TU_RUN(test_x); ...; return TU_SUMMARY("test_foo"); }
 *
 * Every failed check prints file:line (at most 20 per test function) and makes
 * TU_SUMMARY return EXIT_FAILURE, whether or not it ran inside TU_RUN.
 *
 * On the emulated Cortex-M4 (built with -DKWS_TEST_M4 and kws_test_m4.c) the
 * same tests run unchanged: stdio goes through semihosting, main's return
 * value becomes QEMU's exit status, and kws_test_instructions() counts
 * executed instructions (exact under qemu -icount shift=0).
 */
#ifndef KWS_TEST_H
#define KWS_TEST_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef KWS_TEST_RUNTIME_ONLY /* kws_test_m4.c only needs the runtime declarations below */
#if defined(__GNUC__)
#define TU_UNUSED_ __attribute__((unused)) /* a benchmark may include the harness without checks */
#else
#define TU_UNUSED_
#endif
static int tu_tests_passed TU_UNUSED_;
static int tu_tests_failed TU_UNUSED_;
static int tu_current_failures TU_UNUSED_;
static int tu_checks TU_UNUSED_;
static int tu_failures TU_UNUSED_;

/* Records one failed check with a printf-style message. */
#define TU_FAIL(...)                                                          \
    do {                                                                      \
        tu_failures++;                                                        \
        if (tu_current_failures++ < 20) {                                     \
            fprintf(stderr, "  FAIL %s:%d: ", __FILE__, __LINE__);            \
            fprintf(stderr, __VA_ARGS__);                                     \
            fputc('\n', stderr);                                              \
        }                                                                     \
    } while (0)
#define TU_FAIL_ TU_FAIL

/* A check with its own failure message: TU_CHECK_MSG(ok, "x %d", x). */
#define TU_CHECK_MSG(cond, ...)                                               \
    do {                                                                      \
        tu_checks++;                                                          \
        if (!(cond)) {                                                        \
            TU_FAIL(__VA_ARGS__);                                             \
        }                                                                     \
    } while (0)

#define TU_CHECK(cond) TU_CHECK_MSG(cond, "%s", #cond)

#define TU_CHECK_INT(actual, expected)                                        \
    do {                                                                      \
        long long tu_a_ = (long long)(actual);                                \
        long long tu_e_ = (long long)(expected);                              \
        TU_CHECK_MSG(tu_a_ == tu_e_, "%s == %lld, expected %s == %lld",       \
                     #actual, tu_a_, #expected, tu_e_);                       \
    } while (0)

#define TU_CHECK_STR(actual, expected)                                        \
    do {                                                                      \
        const char *tu_a_ = (actual);                                         \
        const char *tu_e_ = (expected);                                       \
        TU_CHECK_MSG(tu_a_ != NULL && tu_e_ != NULL && strcmp(tu_a_, tu_e_) == 0, \
                     "%s == \"%s\", expected \"%s\"", #actual,                \
                     tu_a_ ? tu_a_ : "(null)", tu_e_ ? tu_e_ : "(null)");     \
    } while (0)

#define TU_CHECK_NEAR(actual, expected, tol)                                  \
    do {                                                                      \
        double tu_a_ = (double)(actual);                                      \
        double tu_e_ = (double)(expected);                                    \
        TU_CHECK_MSG(fabs(tu_a_ - tu_e_) <= (double)(tol),                    \
                     "%s == %.9g, expected %.9g (tol %g)", #actual, tu_a_,    \
                     tu_e_, (double)(tol));                                   \
    } while (0)

/* Compares two int8 arrays element by element; reports the first mismatches. */
#define TU_CHECK_BYTES(actual, expected, n)                                   \
    do {                                                                      \
        size_t tu_i_;                                                         \
        int tu_bad_ = 0;                                                      \
        tu_checks++;                                                          \
        for (tu_i_ = 0; tu_i_ < (size_t)(n); tu_i_++) {                       \
            if ((actual)[tu_i_] != (expected)[tu_i_] && tu_bad_++ < 5) {      \
                TU_FAIL("%s[%zu] == %d, expected %d", #actual, tu_i_,         \
                        (int)(actual)[tu_i_], (int)(expected)[tu_i_]);        \
            }                                                                 \
        }                                                                     \
        if (tu_bad_ > 5) {                                                    \
            TU_FAIL("%s: %d of %zu values differ", #actual, tu_bad_,          \
                    (size_t)(n));                                             \
        }                                                                     \
    } while (0)

#define TU_RUN(fn)                                                            \
    do {                                                                      \
        tu_current_failures = 0;                                              \
        fn();                                                                 \
        if (tu_current_failures == 0) {                                       \
            tu_tests_passed++;                                                \
        } else {                                                              \
            tu_tests_failed++;                                                \
            fprintf(stderr, "FAILED %s (%d failed checks)\n", #fn,                   \
                    tu_current_failures);                                     \
        }                                                                     \
    } while (0)

/* Prints "name: N passed, M failed (C checks, F failed)"; the exit status. */
#define TU_SUMMARY(name)                                                      \
    (printf("%s: %d passed, %d failed (%d checks, %d failed)\n", (name),      \
            tu_tests_passed, tu_tests_failed, tu_checks, tu_failures),        \
     (tu_tests_failed == 0 && tu_failures == 0) ? EXIT_SUCCESS : EXIT_FAILURE)

/* Deterministic xorshift32 for randomized tests. */
static inline uint32_t tu_rand_u32(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

/* Uniform integer in [lo, hi]. */
static inline int tu_rand_range(uint32_t *state, int lo, int hi)
{
    return lo + (int)(tu_rand_u32(state) % (uint32_t)(hi - lo + 1));
}

#endif /* KWS_TEST_RUNTIME_ONLY */

#ifdef KWS_TEST_M4
/* Instructions executed since reset (exact under qemu -icount shift=0, in steps of 40). */
uint64_t kws_test_instructions(void);
/* Ends the emulation with this exit status. */
void kws_test_exit(int code);
#endif

#endif /* KWS_TEST_H */
