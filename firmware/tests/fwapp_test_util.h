/* Tiny assertion helpers shared by the fwapp host tests (no framework needed). */
#ifndef FWAPP_TEST_UTIL_H
#define FWAPP_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_failures;
static int test_checks;

#define CHECK(cond)                                                                       \
    do {                                                                                  \
        test_checks++;                                                                    \
        if (!(cond)) {                                                                    \
            test_failures++;                                                              \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);      \
        }                                                                                 \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                                \
    do {                                                                                  \
        long long va_ = (long long)(a);                                                   \
        long long vb_ = (long long)(b);                                                   \
        test_checks++;                                                                    \
        if (va_ != vb_) {                                                                 \
            test_failures++;                                                              \
            fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, \
                    #a, va_, #b, vb_);                                                    \
        }                                                                                 \
    } while (0)

#define CHECK_EQ_STR(a, b)                                                                \
    do {                                                                                  \
        const char *sa_ = (a);                                                            \
        const char *sb_ = (b);                                                            \
        test_checks++;                                                                    \
        if (sa_ == NULL || sb_ == NULL || strcmp(sa_, sb_) != 0) {                        \
            test_failures++;                                                              \
            fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__,  \
                    #a, sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)");                      \
        }                                                                                 \
    } while (0)

static int test_report(const char *name)
{
    if (test_failures) {
        fprintf(stderr, "%s: %d of %d checks FAILED\n", name, test_failures, test_checks);
        return 1;
    }
    printf("%s: all %d checks passed\n", name, test_checks);
    return 0;
}

#endif /* FWAPP_TEST_UTIL_H */
