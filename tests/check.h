/*
 * check.h - the in-tree test harness. A test file defines functions
 * `static void test_x(void)` and lists them in main() with RUN(test_x);
 * CHECK(cond, fmt, ...) records a failure with its line and carries on.
 * main() ends with `return check_summary();`, which prints
 * "N passed, N failed" (tests, not checks) and returns 1 on any failure.
 */
#ifndef W5_CHECK_H
#define W5_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_tests_passed, check_tests_failed, check_current_failed;
static const char *check_current_name;

#define CHECK(cond, ...)                                                  \
    do {                                                                  \
        if (!(cond)) {                                                    \
            check_current_failed++;                                       \
            fprintf(stderr, "  FAIL %s (%s:%d): %s: ", check_current_name, \
                    __FILE__, __LINE__, #cond);                           \
            fprintf(stderr, __VA_ARGS__);                                 \
            fputc('\n', stderr);                                          \
        }                                                                 \
    } while (0)

/* Compares two strings, NULL-safe, and prints both on mismatch. */
#define CHECK_STR(got, want)                                              \
    do {                                                                  \
        const char *g_ = (got), *w_ = (want);                             \
        CHECK(g_ && w_ && strcmp(g_, w_) == 0, "got \"%s\", want \"%s\"", \
              g_ ? g_ : "(null)", w_ ? w_ : "(null)");                    \
    } while (0)

#define RUN(fn)                                                           \
    do {                                                                  \
        check_current_name = #fn;                                         \
        check_current_failed = 0;                                         \
        fn();                                                             \
        if (check_current_failed) {                                       \
            check_tests_failed++;                                         \
            fprintf(stderr, "FAIL %s\n", #fn);                            \
        } else {                                                          \
            check_tests_passed++;                                         \
        }                                                                 \
    } while (0)

static inline int check_summary(void)
{
    printf("%d passed, %d failed\n", check_tests_passed, check_tests_failed);
    return check_tests_failed ? 1 : 0;
}

/* A heap copy of exactly n bytes (no spare NUL), so sanitizers catch any
 * read past the end of the input. */
static inline char *check_exact_copy(const char *s, size_t n)
{
    char *p = malloc(n ? n : 1);
    if (p && n)
        memcpy(p, s, n);
    return p;
}

#endif
