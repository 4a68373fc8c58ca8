/* A minimal unit-test harness: TEST() registers a function, CHECK*() record failures with file:line,
 * and harness.c's main() runs every registered test (or those named on the command line). */
#ifndef TESTS_HARNESS_H
#define TESTS_HARNESS_H

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef void (*test_fn)(void);
void test_register(const char *name, test_fn fn);
void test_fail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define TEST(name)                                                                                 \
    static void test_##name(void);                                                                 \
    __attribute__((constructor)) static void register_##name(void) { test_register(#name, test_##name); } \
    static void test_##name(void)

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) test_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);                            \
    } while (0)

#define CHECK_INT(a, b)                                                                            \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        if (a_ != b_) test_fail(__FILE__, __LINE__, "%s == %lld, expected %lld", #a, a_, b_);      \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        if (!a_ || !b_ || strcmp(a_, b_) != 0)                                                     \
            test_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", #a, a_ ? a_ : "(null)", \
                      b_ ? b_ : "(null)");                                                         \
    } while (0)

#define CHECK_DBL(a, b, rel)                                                                       \
    do {                                                                                           \
        double a_ = (a), b_ = (b), d_ = a_ > b_ ? a_ - b_ : b_ - a_;                               \
        double m_ = (a_ < 0 ? -a_ : a_) > (b_ < 0 ? -b_ : b_) ? (a_ < 0 ? -a_ : a_) : (b_ < 0 ? -b_ : b_); \
        if (!(d_ <= (rel) * m_))                                                                   \
            test_fail(__FILE__, __LINE__, "%s == %.17g, expected %.17g", #a, a_, b_);              \
    } while (0)

#endif
