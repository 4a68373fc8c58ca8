/* Fuzz target for the reading parser (app/reading.c): any bytes give a status without crashing; an
 * accepted reading obeys the rules; the fast path never disagrees with the strict parser; the error
 * line's JSON string of any bytes is itself valid JSON. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_scan.h"
#include "json_write.h"
#include "reading.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static reading_parser p;
    p.rules.max_time_ms = 1700000000000LL + 86400000LL;
    p.rules.time_unit_ms = size & 1;
    const char *text = (const char *)data;
    reading r, s;
    reading_status st = reading_parse(&p, text, size, &r);
    if (st > READING_BAD_VALUE) abort();
    if (st == READING_OK && (!isfinite(r.temperature) || r.sensor_id < 0 || r.time_ms > p.rules.max_time_ms ||
                             r.time_ms < READING_MIN_TIME_MS))
        abort();
    const char *end;
    if (reading_parse_line(&p, text, text + size, &s, &end)) {
        size_t len = (size_t)(end - text);
        if (len && text[len - 1] == '\r') len--;
        if (reading_parse(&p, text, len, &r) != READING_OK || r.time_ms != s.time_ms ||
            r.sensor_id != s.sensor_id || memcmp(&r.temperature, &s.temperature, 8) != 0)
            abort();
    }
    buf quoted = {0};
    json_put_string(&quoted, text, size);
    json_cursor c = {quoted.data, quoted.len, 0};
    if (json_scan_string(&c, NULL) || c.at != quoted.len) abort();
    buf_free(&quoted);
    return 0;
}
