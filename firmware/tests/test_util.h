/* Tiny assertion helpers shared by the firmware host tests.
 * Usage: TU_RUN(test_fn); ... return TU_SUMMARY();
 * Prints every failed check with file:line and a final "N passed, M failed". */
#ifndef KWS_TEST_UTIL_H
#define KWS_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <stdint.h>

static int tu_tests_passed;
static int tu_tests_failed;
static int tu_current_failures;

#define TU_FAIL_(...)                                                         \
    do {                                                                      \
        tu_current_failures++;                                                \
        if (tu_current_failures <= 20) {                                      \
            fprintf(stderr, "  FAIL %s:%d: ", __FILE__, __LINE__);            \
            fprintf(stderr, __VA_ARGS__);                                     \
            fputc('\n', stderr);                                              \
        }                                                                     \
    } while (0)

#define TU_CHECK(cond)                                                        \
    do {                                                                      \
        if (!(cond)) {                                                        \
            TU_FAIL_("%s", #cond);                                            \
        }                                                                     \
    } while (0)

#define TU_CHECK_INT(actual, expected)                                        \
    do {                                                                      \
        long long tu_a_ = (long long)(actual);                                \
        long long tu_e_ = (long long)(expected);                              \
        if (tu_a_ != tu_e_) {                                                 \
            TU_FAIL_("%s == %lld, expected %lld", #actual, tu_a_, tu_e_);     \
        }                                                                     \
    } while (0)

#define TU_CHECK_NEAR(actual, expected, tol)                                  \
    do {                                                                      \
        double tu_a_ = (double)(actual);                                      \
        double tu_e_ = (double)(expected);                                    \
        if (!(fabs(tu_a_ - tu_e_) <= (double)(tol))) {                        \
            TU_FAIL_("%s == %.9g, expected %.9g (tol %g)", #actual, tu_a_,    \
                     tu_e_, (double)(tol));                                   \
        }                                                                     \
    } while (0)

/* Compares two int8 arrays element by element; reports the first mismatches. */
#define TU_CHECK_BYTES(actual, expected, n)                                   \
    do {                                                                      \
        size_t tu_i_;                                                         \
        int tu_bad_ = 0;                                                      \
        for (tu_i_ = 0; tu_i_ < (size_t)(n); tu_i_++) {                       \
            if ((actual)[tu_i_] != (expected)[tu_i_] && tu_bad_++ < 5) {      \
                TU_FAIL_("%s[%zu] == %d, expected %d", #actual, tu_i_,        \
                         (int)(actual)[tu_i_], (int)(expected)[tu_i_]);       \
            }                                                                 \
        }                                                                     \
        if (tu_bad_ > 5) {                                                    \
            TU_FAIL_("%s: %d of %zu values differ", #actual, tu_bad_,         \
                     (size_t)(n));                                            \
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
            fprintf(stderr, "FAILED %s (%d checks)\n", #fn,                   \
                    tu_current_failures);                                     \
        }                                                                     \
    } while (0)

#define TU_SUMMARY(name)                                                      \
    (printf("%s: %d passed, %d failed\n", (name), tu_tests_passed,            \
            tu_tests_failed),                                                 \
     tu_tests_failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE)

/* Deterministic xorshift32 for randomized tests. */
static uint32_t tu_rand_u32(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

/* Uniform integer in [lo, hi]. */
static int tu_rand_range(uint32_t *state, int lo, int hi)
{
    return lo + (int)(tu_rand_u32(state) % (uint32_t)(hi - lo + 1));
}

#endif /* KWS_TEST_UTIL_H */
