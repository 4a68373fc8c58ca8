/* The source interface (source.h). */
#include "source.h"

int source_next(source *s, source_chunk *out, buf *err)
{
    return s->next(s, out, err);
}

void source_free(source *s)
{
    if (s) s->destroy(s);
}
