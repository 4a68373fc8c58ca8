/* The configured client of aws_client.h: options copied, shared files read once, region resolved at
 * creation, endpoints per service on demand, credentials cached and refreshed 5 minutes before they
 * expire, and a pool of libcurl connections that threads borrow. */
#include "aws/aws_client.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aws/aws_creds.h"
#include "aws/aws_imds.h"

enum { POOL_MAX = 16, REFRESH_BEFORE_S = 300 };

struct aws_client {
    aws_options opt; /* strings owned */
    aws_profiles *profiles;
    char *profile;
    char region[64];
    char region_source[640];
    pthread_mutex_t lock; /* guards pool and skew */
    http_conn *pool[POOL_MAX];
    int n_pool;
    int64_t skew;
    /* creds_lock guards the cached credentials; it is held while resolving them, which may itself send
     * requests (STS AssumeRole), so those never take it again */
    pthread_mutex_t creds_lock;
    aws_credentials creds;
    char creds_source[160];
    int have_creds;
};

static char *dup_opt(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static void resolve_region(aws_client *c)
{
    const char *v;
    const char *origin;
    if ((v = c->opt.region)) {
        snprintf(c->region_source, sizeof c->region_source, "--region");
    } else if ((v = env("AWS_REGION"))) {
        snprintf(c->region_source, sizeof c->region_source, "AWS_REGION");
    } else if ((v = env("AWS_DEFAULT_REGION"))) {
        snprintf(c->region_source, sizeof c->region_source, "AWS_DEFAULT_REGION");
    } else if ((v = aws_profile_get(c->profiles, c->profile, "region"))) {
        origin = aws_profile_origin(c->profiles, c->profile, "region");
        snprintf(c->region_source, sizeof c->region_source, "profile %s in %s", c->profile, origin);
    } else if (!aws_imds_disabled()) {
        aws_error *err = aws_imds_region(c->region, sizeof c->region);
        if (!err) {
            snprintf(c->region_source, sizeof c->region_source, "instance metadata");
            return;
        }
        char line[400];
        aws_error_format(err, line, sizeof line);
        aws_error_free(err);
        snprintf(c->region_source, sizeof c->region_source,
                 "not set (no --region, AWS_REGION, AWS_DEFAULT_REGION, profile region; %s)", line);
        return;
    } else {
        snprintf(c->region_source, sizeof c->region_source,
                 "not set (no --region, AWS_REGION, AWS_DEFAULT_REGION or profile region)");
        return;
    }
    snprintf(c->region, sizeof c->region, "%s", v);
}

aws_error *aws_client_new(const aws_options *o, aws_client **out)
{
    *out = NULL;
    aws_client *c = calloc(1, sizeof *c);
    if (!c) abort();
    aws_options none = {0};
    if (!o) o = &none;
    c->opt = *o;
    c->opt.profile = dup_opt(o->profile);
    c->opt.region = dup_opt(o->region);
    c->opt.endpoint_url = dup_opt(o->endpoint_url);
    c->opt.access_key_id = dup_opt(o->access_key_id);
    c->opt.secret_access_key = dup_opt(o->secret_access_key);
    c->opt.session_token = dup_opt(o->session_token);
    if (!c->opt.connect_timeout_ms) c->opt.connect_timeout_ms = 5000;
    if (!c->opt.timeout_ms) c->opt.timeout_ms = 120000;
    pthread_mutex_init(&c->lock, NULL);
    pthread_mutex_init(&c->creds_lock, NULL);
    c->profile = strdup(aws_profile_name(o->profile));
    aws_error *err = aws_profiles_load(&c->profiles);
    if (err) {
        aws_client_free(c);
        return err;
    }
    int named =
        (o->profile && *o->profile) || env("AWS_PROFILE"); /* "default" may be absent, a named one not */
    if (named && !aws_profile_exists(c->profiles, c->profile)) {
        err = aws_error_new("config", "ProfileNotFound",
                            "profile \"%s\" (from %s) is in neither the credentials nor "
                            "the config file",
                            c->profile, o->profile && *o->profile ? "--profile" : "AWS_PROFILE");
        aws_client_free(c);
        return err;
    }
    resolve_region(c);
    *out = c;
    return NULL;
}

void aws_client_free(aws_client *c)
{
    if (!c) return;
    for (int i = 0; i < c->n_pool; i++) http_conn_free(c->pool[i]);
    aws_credentials_free(&c->creds);
    aws_profiles_free(c->profiles);
    free(c->profile);
    free((char *)c->opt.profile);
    free((char *)c->opt.region);
    free((char *)c->opt.endpoint_url);
    free((char *)c->opt.access_key_id);
    if (c->opt.secret_access_key)
        memset((char *)c->opt.secret_access_key, 0, strlen(c->opt.secret_access_key));
    free((char *)c->opt.secret_access_key);
    free((char *)c->opt.session_token);
    pthread_mutex_destroy(&c->lock);
    pthread_mutex_destroy(&c->creds_lock);
    free(c);
}

const char *aws_client_region(const aws_client *c)
{
    return c->region[0] ? c->region : NULL;
}

const char *aws_client_region_source(const aws_client *c)
{
    return c->region_source;
}

static void set_endpoint(aws_endpoint *e, const char *url, const char *source, int custom)
{
    snprintf(e->url, sizeof e->url, "%s", url);
    size_t n = strlen(e->url);
    while (n && e->url[n - 1] == '/') e->url[--n] = '\0';
    snprintf(e->source, sizeof e->source, "%s", source);
    e->custom = custom;
}

aws_error *aws_client_endpoint(const aws_client *c, const char *service, aws_endpoint *out)
{
    char var[64], upper[32];
    size_t i;
    for (i = 0; service[i] && i < sizeof upper - 1; i++) upper[i] = (char)toupper((unsigned char)service[i]);
    upper[i] = '\0';
    snprintf(var, sizeof var, "AWS_ENDPOINT_URL_%s", upper);
    const char *v;
    if ((v = c->opt.endpoint_url)) {
        set_endpoint(out, v, "--endpoint-url", 1);
    } else if ((v = env(var))) {
        set_endpoint(out, v, var, 1);
    } else if ((v = env("AWS_ENDPOINT_URL"))) {
        set_endpoint(out, v, "AWS_ENDPOINT_URL", 1);
    } else if ((v = aws_profile_get(c->profiles, c->profile, "endpoint_url"))) {
        char src[160];
        snprintf(src, sizeof src, "profile %s endpoint_url", c->profile);
        set_endpoint(out, v, src, 1);
    } else {
        if (!c->region[0])
            return aws_error_new("config", "NoRegion", "no endpoint for %s: the region is %s", service,
                                 c->region_source);
        char url[256], src[160];
        const char *suffix = strncmp(c->region, "cn-", 3) == 0 ? "amazonaws.com.cn" : "amazonaws.com";
        snprintf(url, sizeof url, "https://%s.%s.%s", service, c->region, suffix);
        snprintf(src, sizeof src, "default for %s", c->region);
        set_endpoint(out, url, src, 0);
    }
    if (strncmp(out->url, "http://", 7) != 0 && strncmp(out->url, "https://", 8) != 0)
        return aws_error_new("config", "InvalidEndpoint", "endpoint %s (from %s) is not an http(s) URL",
                             out->url, out->source);
    return NULL;
}

aws_error *aws_client_credentials(aws_client *c, aws_credentials *out, char source[160])
{
    aws_error *err = NULL;
    pthread_mutex_lock(&c->creds_lock);
    int64_t now = (int64_t)time(NULL);
    if (!c->have_creds || (c->creds.expiration && now + REFRESH_BEFORE_S >= c->creds.expiration)) {
        aws_credentials fresh = {0};
        char src[160] = "";
        err = aws_creds_resolve(c, &fresh, src);
        if (!err) {
            aws_credentials_free(&c->creds);
            c->creds = fresh;
            snprintf(c->creds_source, sizeof c->creds_source, "%s", src);
            c->have_creds = 1;
        } else if (c->have_creds && c->creds.expiration > now + 10) {
            aws_error_free(err); /* keep the current ones while they last; try again next request */
            err = NULL;
        }
    }
    if (!err) {
        aws_credentials_copy(out, &c->creds);
        if (source) snprintf(source, 160, "%s", c->creds_source);
    }
    pthread_mutex_unlock(&c->creds_lock);
    return err;
}

const aws_options *aws_client_options(const aws_client *c)
{
    return &c->opt;
}

const aws_profiles *aws_client_profiles(const aws_client *c)
{
    return c->profiles;
}

const char *aws_client_profile_name(const aws_client *c)
{
    return c->profile;
}

int aws_client_max_attempts(const aws_client *c)
{
    if (c->opt.max_attempts > 0) return c->opt.max_attempts;
    const char *v = env("AWS_MAX_ATTEMPTS");
    if (!v) v = aws_profile_get(c->profiles, c->profile, "max_attempts");
    int n = v ? atoi(v) : 0;
    return n > 0 ? n : 3;
}

http_conn *aws_client_conn_take(aws_client *c)
{
    http_conn *conn = NULL;
    pthread_mutex_lock(&c->lock);
    if (c->n_pool) conn = c->pool[--c->n_pool];
    pthread_mutex_unlock(&c->lock);
    if (conn) return conn;
    /* AWS_CA_BUNDLE, else the profile's ca_bundle: trust these authorities instead of the system's */
    const char *ca = env("AWS_CA_BUNDLE");
    if (!ca) ca = aws_profile_get(c->profiles, c->profile, "ca_bundle");
    return http_conn_new(c->opt.connect_timeout_ms, c->opt.timeout_ms, ca);
}

void aws_client_conn_give(aws_client *c, http_conn *conn)
{
    pthread_mutex_lock(&c->lock);
    if (c->n_pool < POOL_MAX) {
        c->pool[c->n_pool++] = conn;
        conn = NULL;
    }
    pthread_mutex_unlock(&c->lock);
    http_conn_free(conn);
}

int64_t aws_client_now(aws_client *c)
{
    pthread_mutex_lock(&c->lock);
    int64_t skew = c->skew;
    pthread_mutex_unlock(&c->lock);
    return (int64_t)time(NULL) + skew;
}

void aws_client_set_skew(aws_client *c, int64_t server_minus_local)
{
    pthread_mutex_lock(&c->lock);
    c->skew = server_minus_local;
    pthread_mutex_unlock(&c->lock);
}
