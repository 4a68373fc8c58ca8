/* Quantiles by selection (quantile.h). Q(p) needs only the order statistics x[j] and x[j+1]. They are
 * found by radix selection on the doubles' order-preserving 64-bit keys: a histogram of the keys'
 * range in 2048 buckets picks the bucket holding the wanted rank, and the same is done within that
 * bucket, so each level narrows the range 2048-fold (at most 6 levels) and every pass is branch-light;
 * sensor data, with its many repeated values, is done in about two passes. The mean of the kept values
 * uses Neumaier's compensated sum. */
#include "quantile.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BUCKET_BITS 11
#define BUCKETS (1u << BUCKET_BITS)

/* Keys order like the doubles they come from (-0.0 just below +0.0). */
static uint64_t key_of(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u >> 63 ? ~u : u | (1ull << 63);
}

static double double_of(uint64_t k)
{
    uint64_t u = k >> 63 ? k & ~(1ull << 63) : ~k;
    double d;
    memcpy(&d, &u, 8);
    return d;
}

static unsigned shift_for(uint64_t span)
{
    unsigned bits = span ? 64 - (unsigned)__builtin_clzll(span) : 0;
    return bits > BUCKET_BITS ? bits - BUCKET_BITS : 0;
}

/* The key of rank r among k[0..n), overwriting k (each level keeps only the wanted bucket's keys). */
static uint64_t select_key(uint64_t *k, size_t n, size_t r)
{
    size_t *count = malloc(BUCKETS * sizeof *count);
    if (!count) abort();
    for (;;) {
        uint64_t lo = k[0], hi = k[0];
        for (size_t i = 1; i < n; i++) {
            lo = k[i] < lo ? k[i] : lo;
            hi = k[i] > hi ? k[i] : hi;
        }
        if (lo == hi) break;
        unsigned shift = shift_for(hi - lo);
        memset(count, 0, BUCKETS * sizeof *count);
        for (size_t i = 0; i < n; i++) count[(k[i] - lo) >> shift]++;
        size_t b = 0, below = 0;
        while (below + count[b] <= r) below += count[b++];
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if ((k[i] - lo) >> shift == b) k[m++] = k[i];
        n = m;
        r -= below;
    }
    free(count);
    return k[0];
}

/* The values of the ascending ranks[0..nr) of x[0..n) into out[]. x is left as it is. */
static void select_ranks(const double *x, size_t n, const size_t *ranks, size_t nr, double *out)
{
    uint64_t lo = key_of(x[0]), hi = lo;
    for (size_t i = 1; i < n; i++) {
        uint64_t k = key_of(x[i]);
        lo = k < lo ? k : lo;
        hi = k > hi ? k : hi;
    }
    if (lo == hi) {
        for (size_t i = 0; i < nr; i++) out[i] = x[0];
        return;
    }
    unsigned shift = shift_for(hi - lo);
    size_t *count = calloc(BUCKETS + 1, sizeof *count);
    if (!count) abort();
    for (size_t i = 0; i < n; i++) count[(key_of(x[i]) - lo) >> shift]++;
    /* count[b] becomes the number of values in buckets before b */
    size_t sum = 0;
    for (size_t b = 0; b <= BUCKETS; b++) {
        size_t c = count[b];
        count[b] = sum;
        sum += c;
    }
    uint64_t *bucket = NULL, *work = NULL;
    size_t gathered = BUCKETS; /* the bucket now in `bucket`; none yet */
    for (size_t i = 0; i < nr; i++) {
        size_t b = 0;
        while (count[b + 1] <= ranks[i]) b++;
        size_t size = count[b + 1] - count[b];
        if (b != gathered) {
            free(bucket);
            free(work);
            bucket = malloc(size * sizeof *bucket);
            work = malloc(size * sizeof *work);
            if (!bucket || !work) abort();
            size_t m = 0;
            for (size_t j = 0; j < n; j++) {
                uint64_t k = key_of(x[j]);
                if ((k - lo) >> shift == b) bucket[m++] = k;
            }
            gathered = b;
        }
        /* select_key overwrites what it works on; the bucket stays whole for the next rank */
        memcpy(work, bucket, size * sizeof *work);
        out[i] = double_of(select_key(work, size, ranks[i] - count[b]));
    }
    free(bucket);
    free(work);
    free(count);
}

/* TwoSum on register variables: s += v, its rounding error into c. */
#define TWO_SUM(s, c, v)                                                                                     \
    do {                                                                                                     \
        double t_ = (s) + (v), b_ = t_ - (s);                                                                \
        (c) += ((s) - (t_ - b_)) + ((v)-b_);                                                                 \
        (s) = t_;                                                                                            \
    } while (0)

/* The count and mean of the values in [q1, q3], the values scaled by `scale` before summing (1, or
 * 1/kept when the plain sum overflows: the sum is then the mean). No branch depends on the data (half
 * the values are kept, unpredictably): outside values add 0 (a zero of either sign). Every addition is
 * compensated (TwoSum), in four independent lanes held in registers, so that the additions overlap instead of
 * waiting on each other. */
static void kept_mean(const double *x, size_t n, quantile_summary *out, double scale)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0, lo = out->q1, hi = out->q3;
    const double pick[2] = {0.0, scale}; /* a factor by table, where `k ? v * scale : 0` would branch */
    size_t kept = 0, i = 0;
    for (; i + 4 <= n; i += 4) {
        double v0 = x[i], v1 = x[i + 1], v2 = x[i + 2], v3 = x[i + 3];
        int k0 = (v0 >= lo) & (v0 <= hi), k1 = (v1 >= lo) & (v1 <= hi);
        int k2 = (v2 >= lo) & (v2 <= hi), k3 = (v3 >= lo) & (v3 <= hi);
        kept += (size_t)(k0 + k1 + k2 + k3);
        v0 *= pick[k0], v1 *= pick[k1], v2 *= pick[k2], v3 *= pick[k3];
        TWO_SUM(s0, c0, v0);
        TWO_SUM(s1, c1, v1);
        TWO_SUM(s2, c2, v2);
        TWO_SUM(s3, c3, v3);
    }
    for (; i < n; i++) {
        int k = (x[i] >= lo) & (x[i] <= hi);
        kept += (size_t)k;
        double v = x[i] * pick[k];
        TWO_SUM(s0, c0, v);
    }
    double total = 0.0, err = c0 + c1 + c2 + c3;
    TWO_SUM(total, err, s0);
    TWO_SUM(total, err, s1);
    TWO_SUM(total, err, s2);
    TWO_SUM(total, err, s3);
    out->kept = kept;
    out->mean = !kept ? 0.0 : scale == 1.0 ? (total + err) / (double)kept : total + err;
}

/* h = (n-1)*num/4 split exactly into j and a fraction of quarters */
static void quarter_rank(size_t n, unsigned num, size_t *j, double *frac)
{
    size_t whole = (n - 1) * num;
    *j = whole / 4;
    *frac = (double)(whole % 4) / 4.0;
}

/* lo + (hi - lo) * frac, which stays between lo and hi; when hi - lo overflows (-1e308 and 1e308) the
 * weighted form, whose terms cannot overflow */
static double interpolate(double lo, double hi, double frac)
{
    if (frac == 0.0) return lo;
    double d = hi - lo;
    return isfinite(d) ? lo + d * frac : lo * (1.0 - frac) + hi * frac;
}

double quantile7_quarter(const double *x, size_t n, unsigned num)
{
    size_t j, ranks[2];
    double frac, v[2];
    quarter_rank(n, num, &j, &frac);
    ranks[0] = j;
    ranks[1] = j + 1 < n ? j + 1 : j;
    select_ranks(x, n, ranks, 2, v);
    return interpolate(v[0], v[1], frac);
}

void quantile_summarize(const double *x, size_t n, quantile_summary *out)
{
    size_t j1, j3, ranks[4];
    double f1, f3, v[4];
    quarter_rank(n, 1, &j1, &f1);
    quarter_rank(n, 3, &j3, &f3);
    ranks[0] = j1;
    ranks[1] = j1 + 1 < n ? j1 + 1 : j1;
    ranks[2] = j3;
    ranks[3] = j3 + 1 < n ? j3 + 1 : j3;
    select_ranks(x, n, ranks, 4, v);
    out->readings = n;
    out->q1 = interpolate(v[0], v[1], f1);
    out->q3 = interpolate(v[2], v[3], f3);
    kept_mean(x, n, out, 1.0);
    if (out->kept && !isfinite(out->mean))
        kept_mean(x, n, out, 1.0 / (double)out->kept); /* the sum overflowed */
}
