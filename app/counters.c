/* Counters (counters.h). */
#include "counters.h"

void counters_format(const counters *c, buf *out)
{
    buf_printf(out, "in=%llu kept=%llu filtered=%llu error=%llu late=%llu pending=%llu",
               (unsigned long long)c->in, (unsigned long long)c->kept, (unsigned long long)c->filtered,
               (unsigned long long)c->error, (unsigned long long)c->late, (unsigned long long)c->pending);
}

int counters_balanced(const counters *c)
{
    return c->in == c->kept + c->filtered + c->error + c->late + c->pending;
}
