/* The interval log line (stream_log.h), written whole with one fputs and flushed, so that lines of a
 * journal never interleave. */
#include "stream_log.h"

#include <string.h>
#include <time.h>

#include "base/rfc3339.h"
#include "json_write.h"

void stream_log_line(FILE *f, const core *c, const stream_log_shard *shards, size_t n, unsigned long objects)
{
    buf line = {0};
    const counters *k = &c->count;
    char now[21];
    rfc3339_format((int64_t)time(NULL), now);
    buf_printf(&line,
               "{\"time\":\"%s\",\"in\":%llu,\"kept\":%llu,\"filtered\":%llu,\"error\":%llu,\"late\":%llu,\"pending\":%llu,"
               "\"balanced\":%s,\"objects\":%lu,\"open_windows\":%zu,\"shards\":[",
               now, (unsigned long long)k->in, (unsigned long long)k->kept, (unsigned long long)k->filtered,
               (unsigned long long)k->error, (unsigned long long)k->late, (unsigned long long)k->pending,
               counters_balanced(k) ? "true" : "false", objects, c->windows.n);
    for (size_t i = 0; i < n; i++) {
        buf_adds(&line, i ? ",{\"id\":" : "{\"id\":");
        json_put_string(&line, shards[i].id, strlen(shards[i].id));
        buf_printf(&line, ",\"state\":\"%s\",\"millis_behind\":%lld,\"last_seq\":", shards[i].state,
                   (long long)shards[i].millis_behind);
        json_put_string(&line, shards[i].last_seq, strlen(shards[i].last_seq));
        buf_addc(&line, '}');
    }
    buf_adds(&line, "]}\n");
    fputs(line.data, f);
    fflush(f);
    buf_free(&line);
}
