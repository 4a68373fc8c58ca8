/* The sink interface (sink.h): calls through to the implementation and counts objects. */
#include "sink.h"

int sink_put(sink *s, const char *key, const void *data, size_t n, buf *err)
{
    int rc = s->put(s, key, data, n, err);
    if (rc == 0) s->objects++;
    return rc;
}

void sink_free(sink *s)
{
    if (s) s->destroy(s);
}
