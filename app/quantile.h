/* The filter of SEMANTICS.md ("Filter and average"): Q1 and Q3 by quantile definition 7 of Hyndman &
 * Fan, the readings inside [Q1, Q3] (bounds inclusive) and their mean. */
#ifndef ETL_APP_QUANTILE_H
#define ETL_APP_QUANTILE_H

#include <stddef.h>

typedef struct quantile_summary {
    size_t readings; /* n */
    size_t kept;     /* readings with q1 <= x <= q3 */
    double q1, q3;
    double mean; /* of the kept readings; meaningful only when kept > 0 */
} quantile_summary;

/* Summarizes x[0..n), n >= 1, all finite, by selection (no sort): O(n), x is not changed. */
void quantile_summarize(const double *x, size_t n, quantile_summary *out);

/* Q(p) for p = num/4 (num 0..4) of x[0..n), n >= 1, by selection. */
double quantile7_quarter(const double *x, size_t n, unsigned num);

#endif
