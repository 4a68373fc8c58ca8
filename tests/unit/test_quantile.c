/* app/quantile.c: definition 7 by selection against a plain sort, the inclusive bounds, the mean. */
#include "harness.h"

#include <math.h>

#include "quantile.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The definition itself, on a sorted copy. */
static double reference_q(const double *x, size_t n, double p)
{
    double *s = malloc(n * sizeof *s);
    memcpy(s, x, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp);
    double h = (double)(n - 1) * p;
    size_t j = (size_t)floor(h);
    double hi = j + 1 < n ? s[j + 1] : s[j];
    double q = h == (double)j ? s[j] : s[j] + (h - (double)j) * (hi - s[j]);
    free(s);
    return q;
}

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static uint64_t next_random(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

TEST(small_cases)
{
    quantile_summary s;
    double one[] = {5.5};
    quantile_summarize(one, 1, &s);
    CHECK(s.q1 == 5.5 && s.q3 == 5.5 && s.kept == 1 && s.mean == 5.5);
    double two[] = {2.0, 1.0}; /* Q1 1.25, Q3 1.75: nothing kept, the average is null */
    quantile_summarize(two, 2, &s);
    CHECK(s.q1 == 1.25 && s.q3 == 1.75);
    CHECK_INT(s.kept, 0);
    double five[] = {5, 1, 4, 2, 3}; /* Q1 2, Q3 4 inclusive: 2, 3, 4 kept */
    quantile_summarize(five, 5, &s);
    CHECK(s.q1 == 2 && s.q3 == 4);
    CHECK_INT(s.kept, 3);
    CHECK(s.mean == 3);
    double same[] = {7, 7, 7, 7};
    quantile_summarize(same, 4, &s);
    CHECK_INT(s.kept, 4);
    CHECK(s.mean == 7);
    double zeros[] = {-0.0, 0.0, -0.0, 0.0, 1.0};
    quantile_summarize(zeros, 5, &s);
    CHECK(s.q1 == 0 && s.q3 == 0);
    CHECK_INT(s.kept, 4);
}

TEST(random_against_sort)
{
    for (int round = 0; round < 400; round++) {
        size_t n = 1 + (size_t)(next_random() % (round < 300 ? 40 : 20000));
        double *x = malloc(n * sizeof *x);
        int kind = round % 4;
        for (size_t i = 0; i < n; i++) {
            uint64_t r = next_random();
            if (kind == 0)
                x[i] = (double)(r % 2000) / 10.0 - 50.0; /* few distinct values */
            else if (kind == 1)
                x[i] = (double)(int64_t)r / 1e3; /* wide spread, both signs */
            else if (kind == 2)
                x[i] = ldexp((double)(r >> 11), (int)(r % 200) - 100) * ((r & 1) ? -1 : 1);
            else
                x[i] = 20.0 + (double)(r % 3); /* three values */
        }
        double q1 = reference_q(x, n, 0.25), q3 = reference_q(x, n, 0.75);
        quantile_summary s;
        quantile_summarize(x, n, &s);
        size_t kept = 0;
        long double sum = 0;
        for (size_t i = 0; i < n; i++)
            if (x[i] >= q1 && x[i] <= q3) kept++, sum += x[i];
        if (s.q1 != q1 || s.q3 != q3 || s.kept != kept) {
            test_fail(__FILE__, __LINE__, "round %d (n %zu): q1 %.17g/%.17g q3 %.17g/%.17g kept %zu/%zu",
                      round, n, s.q1, q1, s.q3, q3, s.kept, kept);
            free(x);
            break;
        }
        if (kept) CHECK_DBL(s.mean, (double)(sum / (long double)kept), 1e-12);
        CHECK(quantile7_quarter(x, n, 2) == reference_q(x, n, 0.5));
        CHECK(quantile7_quarter(x, n, 0) == reference_q(x, n, 0.0));
        CHECK(quantile7_quarter(x, n, 4) == reference_q(x, n, 1.0));
        free(x);
    }
}

TEST(mean_does_not_overflow)
{
    double x[] = {1.7e308, 1.7e308, 1.7e308, 1.7e308, 1.7e308};
    quantile_summary s;
    quantile_summarize(x, 5, &s);
    CHECK_INT(s.kept, 5);
    CHECK_DBL(s.mean, 1.7e308, 1e-15);
    double y[] = {1e16, 1.0, -1e16, 1.0, 1.0}; /* compensated: the ones survive */
    quantile_summarize(y, 5, &s);
    CHECK(s.q1 == 1.0 && s.q3 == 1.0);
    CHECK_INT(s.kept, 3);
    CHECK(s.mean == 1.0);
}

TEST(quartiles_between_values_of_opposite_sign_near_the_limit)
{
    /* Q1 lies halfway between -1.6e308 and 1.7e308, whose difference overflows */
    double x[] = {1.7e308, 1.7e308, -1.6e308};
    quantile_summary s;
    quantile_summarize(x, 3, &s);
    CHECK(isfinite(s.q1));
    CHECK_DBL(s.q1, 0.05e308, 1e-12);
    CHECK(s.q3 == 1.7e308);
    CHECK_INT(s.kept, 2);
    CHECK_DBL(s.mean, 1.7e308, 1e-15);
    CHECK_DBL(quantile7_quarter(x, 3, 1), 0.05e308, 1e-12);
    double y[] = {-1e308, 1e308};
    quantile_summarize(y, 2, &s);
    CHECK_DBL(s.q1, -0.5e308, 1e-15);
    CHECK_DBL(s.q3, 0.5e308, 1e-15);
    CHECK_INT(s.kept, 0);
    /* kept values of both signs whose running sum overflows on the way: the mean is still right */
    double z[] = {-1.7e308, 1.7e308, 1.7e308, 1.7e308, -1.7e308, 1.7e308, 1.7e308, -1.7e308, 1.7e308};
    quantile_summarize(z, 9, &s);
    CHECK(s.q1 == -1.7e308 && s.q3 == 1.7e308);
    CHECK_INT(s.kept, 9);
    CHECK_DBL(s.mean, 1.7e308 * 3.0 / 9.0, 1e-12);
}
