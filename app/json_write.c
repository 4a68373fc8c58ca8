/* JSON string output (json_write.h). Each byte that does not start a valid UTF-8 sequence becomes one
 * U+FFFD; control characters are escaped so that every output line stays one line. */
#include "json_write.h"

#include <stdio.h>

#include "json_scan.h"

void json_put_string(buf *out, const char *s, size_t n)
{
    buf_addc(out, '"');
    size_t i = 0;
    while (i < n) {
        size_t run = i;
        while (run < n) { /* plain printable ASCII, copied in one go */
            unsigned char c = (unsigned char)s[run];
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
            run++;
        }
        if (run > i) buf_add(out, s + i, run - i);
        i = run;
        if (i >= n) break;
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            buf_addc(out, '\\');
            buf_addc(out, (char)c);
            i++;
        } else if (c < 0x20) {
            static const char short_form[] = "btn\0fr"; /* \b \t \n (\v has none) \f \r */
            if (c >= 8 && c <= 13 && short_form[c - 8]) {
                buf_addc(out, '\\');
                buf_addc(out, short_form[c - 8]);
            } else {
                buf_printf(out, "\\u%04x", c);
            }
            i++;
        } else {
            size_t len = json_utf8_len((const unsigned char *)s + i, n - i);
            if (len)
                buf_add(out, s + i, len), i += len;
            else
                buf_adds(out, "\xEF\xBF\xBD"), i++;
        }
    }
    buf_addc(out, '"');
}
