/* HTTP for the local CloudFormation endpoint: libmicrohttpd's thread pool collects each POST body,
 * reads the signer's access key from the SigV4 Authorization header, and hands the form to api.c. */
#include "local/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "local/api.h"
#include "local/engine.h"
#include "local/provider.h"
#include "local/form.h"
#include "local/store.h"

#define MAX_BODY (1 << 20) /* TemplateBody is at most 51,200 bytes on AWS; the rest is parameters */

struct server {
    struct store store;
    char *keys_path;
};

/* The access key id of a SigV4 Authorization header ("AWS4-HMAC-SHA256 Credential=AKID/date/..."), or
 * NULL when the header is absent or not SigV4. Writes into key. */
static const char *access_key(const char *auth, char *key, size_t n)
{
    if (!auth || strncmp(auth, "AWS4-HMAC-SHA256 ", 17) != 0) return NULL;
    const char *c = strstr(auth, "Credential=");
    if (!c) return NULL;
    c += 11;
    size_t len = strcspn(c, "/, ");
    if (len == 0 || len >= n || c[len] != '/') return NULL;
    memcpy(key, c, len);
    key[len] = '\0';
    return key;
}

static enum MHD_Result respond(struct MHD_Connection *con, int status, buf *body, const char *request_id)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(body->len, body->data, MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(resp, "Content-Type", "text/xml");
    if (request_id) MHD_add_response_header(resp, "x-amzn-RequestId", request_id);
    enum MHD_Result rc = MHD_queue_response(con, (unsigned)status, resp);
    MHD_destroy_response(resp);
    return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    (void)url;
    (void)version;
    struct server *srv = cls;
    buf *body = *con_cls;
    if (!body) {
        body = calloc(1, sizeof *body);
        if (!body) return MHD_NO;
        *con_cls = body;
        return MHD_YES;
    }
    if (*upload_size) {
        if (body->len + *upload_size <= MAX_BODY) buf_add(body, upload, *upload_size);
        else body->len = MAX_BODY + 1; /* remembered as too large; answered below */
        *upload_size = 0;
        return MHD_YES;
    }
    struct api_req r = {0};
    struct form q = {0};
    r.q = &q;
    r.store = &srv->store;
    char key[256];
    if (strcmp(method, "POST") != 0) {
        snprintf(r.request_id, sizeof r.request_id, "%s", "00000000-0000-0000-0000-000000000000");
        api_fail(&r, 405, "InvalidAction", "The local CloudFormation endpoint takes form-encoded POST requests");
    } else if (body->len > MAX_BODY) {
        api_fail(&r, 413, "ValidationError", "Request body over %d bytes", MAX_BODY);
    } else if (form_parse(&q, body->data ? body->data : "", body->len) != 0) {
        api_fail(&r, 400, "MalformedQueryString", "The request body is not valid form encoding");
    } else {
        const char *auth = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Authorization");
        api_handle(&r, access_key(auth, key, sizeof key), srv->keys_path);
    }
    enum MHD_Result rc = respond(con, r.status, &r.out, r.request_id);
    buf_free(&r.out);
    form_free(&q);
    return rc;
}

static void on_completed(void *cls, struct MHD_Connection *con, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)con;
    (void)toe;
    buf *body = *con_cls;
    if (body) {
        buf_free(body);
        free(body);
    }
    *con_cls = NULL;
}

static int write_port(const char *dir, unsigned port)
{
    char path[4096], tmp[4200];
    snprintf(path, sizeof path, "%s/port", dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) return -1;
    fprintf(f, "%u\n", port);
    if (fclose(f) != 0) return -1;
    return rename(tmp, path);
}

int server_run(const char *dir, int port, volatile sig_atomic_t *stop)
{
    struct server srv;
    char err[600];
    if (store_open(&srv.store, dir, err, sizeof err) != 0) {
        fprintf(stderr, "etlctl: %s\n", err);
        return -1;
    }
    size_t n = strlen(dir) + 32;
    srv.keys_path = malloc(n);
    if (!srv.keys_path) abort();
    snprintf(srv.keys_path, n, "%s/access-keys.json", dir);
    provider_state_dir = dir;
    if (engine_start(&srv.store) != 0) {
        fprintf(stderr, "etlctl: cannot start the stack engine\n");
        store_free(&srv.store);
        free(srv.keys_path);
        return -1;
    }
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL_LINUX_ONLY, 0, NULL, NULL,
                                            on_request, &srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                                            MHD_OPTION_THREAD_POOL_SIZE, 4u, MHD_OPTION_NOTIFY_COMPLETED, on_completed,
                                            NULL, MHD_OPTION_CONNECTION_TIMEOUT, 60u, MHD_OPTION_END);
    int rc = 0;
    if (!d) {
        fprintf(stderr, "etlctl: cannot listen on 127.0.0.1:%d\n", port);
        rc = -1;
    } else {
        const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
        if (write_port(dir, info ? info->port : 0) != 0) {
            fprintf(stderr, "etlctl: cannot write %s/port\n", dir);
            rc = -1;
        }
        while (rc == 0 && !*stop) {
            struct timespec ts = {0, 50 * 1000000L};
            nanosleep(&ts, NULL);
        }
        MHD_stop_daemon(d);
    }
    engine_stop();
    provider_shutdown();
    store_free(&srv.store);
    free(srv.keys_path);
    return rc;
}
