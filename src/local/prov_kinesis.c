/* AWS::Kinesis::Stream on kinesalite. What kinesalite lacks is said, not faked: no UpdateShardCount
 * (a shard count change goes through SplitShard/MergeShards, as UpdateShardCount's uniform scaling
 * would), no encryption, no on-demand mode (such a stream gets a fixed number of provisioned shards). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/kin_json.h"
#include "aws/kin_stream.h"
#include "local/ident.h"
#include "local/provider.h"

#define ON_DEMAND_SHARDS 4 /* what AWS starts an on-demand stream with */

__extension__ typedef unsigned __int128 u128;

static u128 parse_u128(const char *s)
{
    u128 v = 0;
    for (; *s >= '0' && *s <= '9'; s++) v = v * 10 + (u128)(*s - '0');
    return v;
}

static void format_u128(u128 v, char out[48])
{
    char tmp[48];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    for (int i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

static long int_prop(json_object *props, const char *name, long dflt)
{
    json_object *v = NULL;
    if (!props || !json_object_object_get_ex(props, name, &v)) return dflt;
    return json_object_get_int64(v); /* a template's "2" and 2 both read as 2 */
}

static int on_demand(json_object *props)
{
    json_object *m = NULL;
    json_object_object_get_ex(props, "StreamModeDetails", &m);
    const char *mode = provider_prop(m, "StreamMode");
    return mode && strcmp(mode, "ON_DEMAND") == 0;
}

static int wanted_shards(struct prov_call *c)
{
    if (on_demand(c->props)) return ON_DEMAND_SHARDS;
    return (int)int_prop(c->props, "ShardCount", 1);
}

/* Says in the event what kinesalite cannot do of these properties. */
static void notes(struct prov_call *c)
{
    if (on_demand(c->props))
        buf_printf(&c->note, "%skinesalite has no on-demand mode: the stream has %d provisioned shards", c->note.len ? "; " : "",
                   ON_DEMAND_SHARDS);
    json_object *enc = NULL;
    if (json_object_object_get_ex(c->props, "StreamEncryption", &enc))
        buf_printf(&c->note, "%skinesalite has no encryption: StreamEncryption (%s) recorded, not applied", c->note.len ? "; " : "",
                   provider_prop(enc, "KeyId") ? provider_prop(enc, "KeyId") : "KMS");
}

static int simple_call(struct prov_call *c, aws_client *cl, const char *action, const char *stream, const char *key, long value)
{
    json_object *req = json_object_new_object(), *resp = NULL;
    kin_add_stream(req, stream);
    json_object_object_add(req, key, json_object_new_int64(value));
    aws_error *e = kin_call(cl, action, req, stream, &resp);
    json_object_put(req);
    json_object_put(resp);
    return e ? provider_fail(c, e) : 0;
}

static int set_retention(struct prov_call *c, aws_client *cl, const char *stream, long from, long to)
{
    if (from == to) return 0;
    return simple_call(c, cl, to > from ? "IncreaseStreamRetentionPeriod" : "DecreaseStreamRetentionPeriod", stream,
                       "RetentionPeriodHours", to);
}

static int add_tags(struct prov_call *c, aws_client *cl, const char *stream)
{
    json_object *tags = NULL;
    if (!json_object_object_get_ex(c->props, "Tags", &tags) || json_object_array_length(tags) == 0) return 0;
    json_object *req = json_object_new_object(), *map = json_object_new_object(), *resp = NULL;
    kin_add_stream(req, stream);
    for (size_t i = 0; i < json_object_array_length(tags); i++) {
        json_object *t = json_object_array_get_idx(tags, i);
        const char *k = provider_prop(t, "Key"), *v = provider_prop(t, "Value");
        if (k) json_object_object_add(map, k, json_object_new_string(v ? v : ""));
    }
    json_object_object_add(req, "Tags", map);
    aws_error *e = kin_call(cl, "AddTagsToStream", req, stream, &resp);
    json_object_put(req);
    json_object_put(resp);
    return e ? provider_fail(c, e) : 0;
}

static int set_attrs(struct prov_call *c, aws_client *cl, const char *stream)
{
    kin_stream_summary s;
    aws_error *e = kin_describe_stream_summary(cl, stream, &s);
    if (e) return provider_fail(c, e);
    c->attrs = json_object_new_object();
    json_object_object_add(c->attrs, "Arn", json_object_new_string(s.arn));
    return 0;
}

/* Brings the number of open shards to want: splits the widest open shard in the middle, or merges the
 * adjacent pair with the narrowest joint range, one step at a time, waiting for ACTIVE after each. */
static int reshard(struct prov_call *c, aws_client *cl, const char *stream, int want, int *had)
{
    for (int step = 0; step < 1000; step++) {
        kin_shard_list l = {0};
        aws_error *e = kin_list_shards(cl, stream, 0, &l);
        if (e) return provider_fail(c, e);
        size_t open = 0;
        kin_shard *o[1024] = {0};
        for (size_t i = 0; i < l.n && open < 1024; i++)
            if (!l.v[i].end_seq[0]) o[open++] = &l.v[i];
        if (step == 0) *had = (int)open;
        for (size_t i = 1; i < open; i++) /* by start of hash range */
            for (size_t k = i; k > 0 && parse_u128(o[k]->start_hash) < parse_u128(o[k - 1]->start_hash); k--) {
                kin_shard *t = o[k];
                o[k] = o[k - 1];
                o[k - 1] = t;
            }
        if ((int)open == want || open == 0 || want < 1) {
            kin_shard_list_free(&l);
            if ((int)open == want) return 0;
            snprintf(c->err, sizeof c->err, "cannot reshard %s from %zu to %d open shards", stream, open, want);
            return -1;
        }
        if ((int)open < want) {
            size_t w = 0;
            for (size_t i = 1; i < open; i++)
                if (parse_u128(o[i]->end_hash) - parse_u128(o[i]->start_hash) >
                    parse_u128(o[w]->end_hash) - parse_u128(o[w]->start_hash))
                    w = i;
            u128 lo = parse_u128(o[w]->start_hash), hi = parse_u128(o[w]->end_hash);
            char mid[48];
            format_u128(lo + (hi - lo) / 2 + 1, mid);
            e = kin_split_shard(cl, stream, o[w]->id, mid);
        } else {
            size_t w = 0;
            for (size_t i = 1; i + 1 < open; i++)
                if (parse_u128(o[i + 1]->end_hash) - parse_u128(o[i]->start_hash) <
                    parse_u128(o[w + 1]->end_hash) - parse_u128(o[w]->start_hash))
                    w = i;
            e = kin_merge_shards(cl, stream, o[w]->id, o[w + 1]->id);
        }
        kin_shard_list_free(&l);
        if (!e) e = kin_wait_active(cl, stream, 30000);
        if (e) return provider_fail(c, e);
    }
    snprintf(c->err, sizeof c->err, "resharding %s did not converge", stream);
    return -1;
}

static int stream_create(struct prov_call *c)
{
    aws_client *cl = provider_client(c);
    if (!cl) return -1;
    const char *given = provider_prop(c->props, "Name");
    c->new_id = given ? strdup(given) : provider_name(c->stack_name, c->logical_id, 128, 0);
    int shards = wanted_shards(c);
    if (shards < 1) {
        snprintf(c->err, sizeof c->err, "ShardCount must be at least 1");
        return -1;
    }
    aws_error *e = kin_create_stream(cl, c->new_id, shards);
    if (!e) e = kin_wait_active(cl, c->new_id, 30000);
    if (e) return provider_fail(c, e);
    if (set_retention(c, cl, c->new_id, 24, int_prop(c->props, "RetentionPeriodHours", 24)) != 0 || add_tags(c, cl, c->new_id) != 0)
        return -1;
    notes(c);
    return set_attrs(c, cl, c->new_id);
}

static int stream_update(struct prov_call *c)
{
    aws_client *cl = provider_client(c);
    if (!cl) return -1;
    int had = 0, want = wanted_shards(c);
    if (reshard(c, cl, c->physical_id, want, &had) != 0) return -1;
    if (had != want)
        buf_printf(&c->note, "kinesalite has no UpdateShardCount: resharded from %d to %d shards with SplitShard/MergeShards", had,
                   want);
    if (set_retention(c, cl, c->physical_id, int_prop(c->old_props, "RetentionPeriodHours", 24),
                      int_prop(c->props, "RetentionPeriodHours", 24)) != 0 ||
        add_tags(c, cl, c->physical_id) != 0)
        return -1;
    notes(c);
    return set_attrs(c, cl, c->physical_id);
}

static int stream_remove(struct prov_call *c)
{
    aws_client *cl = provider_client(c);
    if (!cl) return -1;
    aws_error *e = kin_delete_stream(cl, c->physical_id, 1);
    if (e && aws_error_is(e, "ResourceNotFoundException")) {
        aws_error_free(e);
        return 0;
    }
    return e ? provider_fail(c, e) : 0;
}

static const char *const replace_on[] = {"Name", NULL};
const struct provider prov_kinesis_stream = {"AWS::Kinesis::Stream", stream_create, stream_update, stream_remove, replace_on};
