/* The request log and debug trace of aws_trace.h. Lines are built whole, masked with aws_redact, and
 * written with one write() on an O_APPEND descriptor so concurrent writers never interleave. */
#include "aws/aws_trace.h"

#include <fcntl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "aws/aws_redact.h"
#include "base/buf.h"

static void append_line(int fd, buf *line)
{
    aws_redact(line->data, line->len);
    for (size_t done = 0; done < line->len;) {
        ssize_t w = write(fd, line->data + done, line->len - done);
        if (w <= 0) break;
        done += (size_t)w;
    }
}

void aws_trace_attempt(const char *service, const char *action, const char *resource, const char *method,
                       const char *url, const http_headers *sent, int status, int attempt,
                       const char *failure)
{
    const char *log = getenv("ETL_AWS_REQUEST_LOG");
    if (log && *log) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "service", json_object_new_string(service));
        json_object_object_add(o, "action", json_object_new_string(action ? action : ""));
        json_object_object_add(o, "resource", json_object_new_string(resource ? resource : ""));
        json_object_object_add(o, "status", json_object_new_int(status));
        json_object_object_add(o, "attempt", json_object_new_int(attempt));
        buf line = {0};
        buf_printf(&line, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
        json_object_put(o);
        int fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
        if (fd >= 0) {
            append_line(fd, &line);
            close(fd);
        }
        buf_free(&line);
    }
    const char *debug = getenv("ETL_AWS_DEBUG");
    if (debug && *debug && *debug != '0') {
        buf line = {0};
        buf_printf(&line, "aws: %s %s attempt %d: %s %s -> ", service, action ? action : "", attempt, method,
                   url);
        if (status)
            buf_printf(&line, "%d", status);
        else
            buf_printf(&line, "no answer (%s)", failure ? failure : "");
        for (size_t i = 0; sent && i < sent->n; i++) {
            /* the signature is no secret, but it is noise */
            if (strcasecmp(sent->v[i].name, "Authorization") == 0)
                buf_printf(&line, "\n  %s: (%zu bytes)", sent->v[i].name, strlen(sent->v[i].value));
            else
                buf_printf(&line, "\n  %s: %s", sent->v[i].name, sent->v[i].value);
        }
        buf_addc(&line, '\n');
        append_line(2, &line);
        buf_free(&line);
    }
}
