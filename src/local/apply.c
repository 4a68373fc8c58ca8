/* The engine that applies templates: resource by resource, each step under the store lock, with the
 * events and status transitions CloudFormation gives (CREATE_* and ROLLBACK_* on create, UPDATE_*,
 * UPDATE_ROLLBACK_* and the cleanup phases on update, DELETE_* and DELETE_SKIPPED on delete). */
#include "local/apply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "local/graph.h"
#include "local/provider.h"
#include "local/stack.h"

int apply_load(struct tpl *t, json_object *stack, json_object *src)
{
    const char *body = stack_str(src, "_template");
    if (tpl_parse(t, body ? body : "") != 0) return -1;
    json_object *params = NULL;
    if (json_object_object_get_ex(src, "_params", &params)) {
        json_object_put(t->params);
        t->params = NULL;
        json_object_deep_copy(params, &t->params, NULL);
    }
    t->stack_name = stack_str(stack, "StackName");
    t->stack_id = stack_str(stack, "StackId");
    t->resources = json_object_object_get(stack, "_resources");
    return 0;
}

static json_object *decl_of(struct tpl *t, const char *logical)
{
    json_object *res = json_object_object_get(t->doc, "Resources"), *d = NULL;
    json_object_object_get_ex(res, logical, &d);
    return d;
}

static int eval_member(struct tpl *t, json_object *decl, const char *name, json_object **out)
{
    json_object *v = NULL;
    *out = NULL;
    if (!json_object_object_get_ex(decl, name, &v)) {
        if (strcmp(name, "Properties") == 0) *out = json_object_new_object();
        return 0;
    }
    if (tpl_eval(t, v, out) != 0) return -1;
    if (!*out && strcmp(name, "Properties") == 0) *out = json_object_new_object();
    return 0;
}

int apply_diff(struct tpl *t, json_object *stack, const char *logical, json_object *decl, json_object **props,
               json_object **meta)
{
    *props = *meta = NULL;
    if (eval_member(t, decl, "Properties", props) != 0 || eval_member(t, decl, "Metadata", meta) != 0) return -1;
    json_object *r = stack_resource(stack, logical);
    const char *st = r ? stack_str(r, "ResourceStatus") : NULL;
    if (!r || !stack_str(r, "PhysicalResourceId") || (st && strcmp(st, "DELETE_COMPLETE") == 0)) return CHANGE_ADD;
    const char *type = json_object_get_string(json_object_object_get(decl, "Type"));
    const struct provider *p = provider_find(type);
    if (strcmp(type, stack_str(r, "ResourceType")) != 0 || !p) return CHANGE_REPLACE;
    json_object *old_props = json_object_object_get(r, "_props"), *old_meta = json_object_object_get(r, "_meta");
    if (json_object_equal(old_props, *props) && json_object_equal(old_meta, *meta)) return CHANGE_NONE;
    return provider_replaces(p, old_props, *props) ? CHANGE_REPLACE : CHANGE_MODIFY;
}

static void note_reason(buf *reason, const struct prov_call *c)
{
    if (c->note.len) buf_printf(reason, "local cloud: %s", c->note.data);
}

/* Fills a provider call for resource r of the stack. */
static void call_init(struct prov_call *c, json_object *stack, json_object *r)
{
    memset(c, 0, sizeof *c);
    c->stack_name = stack_str(stack, "StackName");
    c->stack = stack;
    c->logical_id = stack_str(r, "LogicalResourceId");
    c->type = stack_str(r, "ResourceType");
    c->physical_id = stack_str(r, "PhysicalResourceId");
    json_object *state = NULL;
    if (!json_object_object_get_ex(r, "_state", &state)) {
        state = json_object_new_object();
        json_object_object_add(r, "_state", state);
    }
    c->state = state;
}

static void failed(json_object *stack, json_object *r, const char *status, const char *why)
{
    char reason[700];
    snprintf(reason, sizeof reason, "Resource handler returned message: \"%s\"", why);
    stack_resource_status(stack, r, status, reason);
}

/* Creates the resource described by decl into record r (new, or a replacement). props and meta are
 * the resolved members (borrowed). 0 or -1 (the failure is in r's status and event). */
static int provide(json_object *stack, json_object *r, json_object *decl, json_object *props, json_object *meta,
                   const char *status_prefix)
{
    char in_progress[64], complete[64], fail_status[64];
    snprintf(in_progress, sizeof in_progress, "%s_IN_PROGRESS", status_prefix);
    snprintf(complete, sizeof complete, "%s_COMPLETE", status_prefix);
    snprintf(fail_status, sizeof fail_status, "%s_FAILED", status_prefix);
    const char *type = stack_str(r, "ResourceType");
    const struct provider *p = provider_find(type);
    if (!p) {
        char why[400];
        snprintf(why, sizeof why, "Resource type %s is not supported by the local cloud (etlctl local)", type);
        stack_resource_status(stack, r, fail_status, why);
        return -1;
    }
    struct prov_call c;
    call_init(&c, stack, r);
    json_object_object_add(r, "_state", json_object_new_object());
    c.state = json_object_object_get(r, "_state");
    c.physical_id = NULL;
    c.props = props;
    c.metadata = meta;
    if (p->create(&c) != 0) {
        stack_set_str(r, "PhysicalResourceId", c.new_id); /* made before it failed: the rollback deletes it */
        json_object_object_add(r, "_props", json_object_get(props));
        failed(stack, r, fail_status, c.err);
        prov_call_free(&c);
        return -1;
    }
    stack_set_str(r, "PhysicalResourceId", c.new_id);
    json_object_object_add(r, "_attrs", c.attrs ? json_object_get(c.attrs) : json_object_new_object());
    json_object_object_add(r, "_props", json_object_get(props));
    json_object_object_add(r, "_meta", json_object_get(meta));
    json_object *policy = NULL;
    json_object_object_get_ex(decl, "DeletionPolicy", &policy);
    json_object_object_add(r, "_policy", json_object_get(policy));
    stack_event(stack, r, in_progress, strcmp(status_prefix, "CREATE") == 0 ? "Resource creation Initiated" : NULL);
    buf reason = {0};
    note_reason(&reason, &c);
    stack_resource_status(stack, r, complete, reason.len ? reason.data : NULL);
    buf_free(&reason);
    prov_call_free(&c);
    return 0;
}

/* Deletes the physical resource of record r (a live record or a snapshot of a replaced one).
 * 0, or -1 with DELETE_FAILED in r. */
static int delete_one(json_object *stack, json_object *r)
{
    const char *st = stack_str(r, "ResourceStatus"), *policy = stack_str(r, "_policy");
    if (st && (strcmp(st, "DELETE_COMPLETE") == 0 || strcmp(st, "DELETE_SKIPPED") == 0)) return 0;
    if (policy && strcmp(policy, "Retain") == 0 && stack_str(r, "PhysicalResourceId")) {
        stack_resource_status(stack, r, "DELETE_SKIPPED", NULL);
        return 0;
    }
    stack_resource_status(stack, r, "DELETE_IN_PROGRESS", NULL);
    const struct provider *p = provider_find(stack_str(r, "ResourceType"));
    if (p && stack_str(r, "PhysicalResourceId")) {
        struct prov_call c;
        call_init(&c, stack, r);
        c.props = json_object_object_get(r, "_props");
        c.metadata = json_object_object_get(r, "_meta");
        if (p->remove(&c) != 0) {
            failed(stack, r, "DELETE_FAILED", c.err);
            prov_call_free(&c);
            return -1;
        }
        prov_call_free(&c);
    }
    stack_resource_status(stack, r, "DELETE_COMPLETE", NULL);
    return 0;
}

/* Deletes records in reverse order; names of failures go to failures. Returns the number failed. */
static int delete_all(struct store *s, json_object *stack, json_object *records, buf *failures)
{
    int n = 0;
    for (size_t i = json_object_array_length(records); i-- > 0;) {
        store_lock(s);
        json_object *r = json_object_array_get_idx(records, i);
        if (delete_one(stack, r) != 0) {
            buf_printf(failures, "%s%s", n++ ? ", " : "", stack_str(r, "LogicalResourceId"));
        }
        store_save(s);
        store_unlock(s);
    }
    return n;
}

/* Evaluates the Outputs into the stack's Outputs; 0 or -1 with t->err. */
static int outputs(struct tpl *t, json_object *stack)
{
    json_object *decls = NULL, *list = json_object_new_array();
    json_object_object_get_ex(t->doc, "Outputs", &decls);
    if (json_object_is_type(decls, json_type_object)) {
        json_object_object_foreach(decls, key, decl)
        {
            int in = tpl_included(t, decl);
            json_object *v = NULL, *exp = NULL, *desc = NULL;
            if (in < 0 || (in && tpl_eval(t, json_object_object_get(decl, "Value"), &v) != 0)) {
                json_object_put(list);
                return -1;
            }
            if (!in) continue;
            json_object *row = json_object_new_object();
            stack_set_str(row, "OutputKey", key);
            stack_set_str(row, "OutputValue", tpl_scalar(v) ? tpl_scalar(v) : json_object_to_json_string(v));
            if (json_object_object_get_ex(decl, "Description", &desc)) stack_set_str(row, "Description", tpl_scalar(desc));
            json_object *exdecl = json_object_object_get(decl, "Export");
            if (exdecl && tpl_eval(t, json_object_object_get(exdecl, "Name"), &exp) == 0 && tpl_scalar(exp))
                stack_set_str(row, "ExportName", tpl_scalar(exp));
            json_object_put(exp);
            json_object_put(v);
            json_object_array_add(list, row);
        }
    }
    json_object_object_add(stack, "Outputs", list);
    return 0;
}

static void set_description(struct tpl *t, json_object *stack)
{
    json_object *d = NULL;
    json_object_object_get_ex(t->doc, "Description", &d);
    stack_set_str(stack, "Description", d ? tpl_scalar(d) : NULL);
}

void apply_create(struct store *s, json_object *stack)
{
    struct tpl t;
    store_lock(s);
    json_object *order = NULL;
    buf failed_ids = {0};
    const char *why = NULL;
    if (apply_load(&t, stack, stack) != 0 || !(order = graph_order(&t))) why = t.err;
    store_unlock(s);
    for (size_t i = 0; !why && i < json_object_array_length(order); i++) {
        store_lock(s);
        const char *logical = json_object_get_string(json_object_array_get_idx(order, i));
        json_object *decl = decl_of(&t, logical), *props = NULL, *meta = NULL;
        json_object *r = stack_resource_add(stack, logical, json_object_get_string(json_object_object_get(decl, "Type")));
        stack_resource_status(stack, r, "CREATE_IN_PROGRESS", NULL);
        if (eval_member(&t, decl, "Properties", &props) != 0 || eval_member(&t, decl, "Metadata", &meta) != 0) {
            stack_resource_status(stack, r, "CREATE_FAILED", t.err);
            buf_adds(&failed_ids, logical);
        } else if (provide(stack, r, decl, props, meta, "CREATE") != 0) {
            buf_adds(&failed_ids, logical);
        }
        json_object_put(props);
        json_object_put(meta);
        store_save(s);
        store_unlock(s);
        if (failed_ids.len) break;
    }
    store_lock(s);
    if (!why && !failed_ids.len && outputs(&t, stack) != 0) why = t.err;
    set_description(&t, stack);
    char reason[800];
    int rollback = !json_object_get_boolean(json_object_object_get(stack, "DisableRollback"));
    if (why || failed_ids.len) {
        if (failed_ids.len) snprintf(reason, sizeof reason, "The following resource(s) failed to create: [%s]. %s", failed_ids.data,
                                     rollback ? "Rollback requested by user." : "");
        else snprintf(reason, sizeof reason, "%s", why);
        if (!rollback) {
            stack_status(stack, "CREATE_FAILED", reason);
        } else {
            stack_status(stack, "ROLLBACK_IN_PROGRESS", reason);
            store_save(s);
            store_unlock(s);
            buf f = {0};
            int n = delete_all(s, stack, json_object_object_get(stack, "_resources"), &f);
            store_lock(s);
            if (n) snprintf(reason, sizeof reason, "The following resource(s) failed to delete: [%s]. ", f.data);
            stack_status(stack, n ? "ROLLBACK_FAILED" : "ROLLBACK_COMPLETE", n ? reason : NULL);
            buf_free(&f);
        }
    } else {
        stack_status(stack, "CREATE_COMPLETE", NULL);
    }
    store_save(s);
    store_unlock(s);
    buf_free(&failed_ids);
    json_object_put(order);
    tpl_free(&t);
}

void apply_delete(struct store *s, json_object *stack)
{
    buf f = {0};
    int n = delete_all(s, stack, json_object_object_get(stack, "_resources"), &f);
    store_lock(s);
    if (n) {
        char reason[800];
        snprintf(reason, sizeof reason, "The following resource(s) failed to delete: [%s]. ", f.data);
        stack_status(stack, "DELETE_FAILED", reason);
    } else {
        stack_status(stack, "DELETE_COMPLETE", NULL);
    }
    store_save(s);
    store_unlock(s);
    buf_free(&f);
}

/* Puts record nr where record r is in the stack's _resources. */
static void record_swap(json_object *stack, json_object *r, json_object *nr)
{
    json_object *list = json_object_object_get(stack, "_resources");
    for (size_t i = 0; i < json_object_array_length(list); i++)
        if (json_object_array_get_idx(list, i) == r) {
            json_object_array_put_idx(list, i, json_object_get(nr));
            return;
        }
}

/* Removes from _resources the records in list that ended deleted. */
static void drop_deleted(json_object *stack, json_object *list)
{
    for (size_t i = 0; i < json_object_array_length(list); i++) {
        json_object *r = json_object_array_get_idx(list, i);
        const char *st = stack_str(r, "ResourceStatus");
        json_object *all = json_object_object_get(stack, "_resources");
        for (size_t k = 0; st && (!strcmp(st, "DELETE_COMPLETE") || !strcmp(st, "DELETE_SKIPPED")) &&
                           k < json_object_array_length(all); k++)
            if (json_object_array_get_idx(all, k) == r) {
                json_object_array_del_idx(all, k, 1);
                break;
            }
    }
}

/* Calls the provider's update of record r to props/meta. 0, or -1 with status UPDATE_FAILED. */
static int update_in_place(json_object *stack, json_object *r, json_object *props, json_object *meta, const char *reason)
{
    stack_resource_status(stack, r, "UPDATE_IN_PROGRESS", reason);
    const struct provider *p = provider_find(stack_str(r, "ResourceType"));
    struct prov_call c;
    call_init(&c, stack, r);
    c.props = props;
    c.metadata = meta;
    c.old_props = json_object_object_get(r, "_props");
    if (p->update(&c) != 0) {
        failed(stack, r, "UPDATE_FAILED", c.err);
        prov_call_free(&c);
        return -1;
    }
    json_object_object_add(r, "_props", json_object_get(props));
    json_object_object_add(r, "_meta", json_object_get(meta));
    if (c.attrs) json_object_object_add(r, "_attrs", json_object_get(c.attrs));
    buf note = {0};
    note_reason(&note, &c);
    stack_resource_status(stack, r, "UPDATE_COMPLETE", note.len ? note.data : NULL);
    buf_free(&note);
    prov_call_free(&c);
    return 0;
}

/* One resource of an update; records what it did in journal. 0 or -1. */
static int update_one(struct tpl *t, json_object *stack, const char *logical, json_object *journal)
{
    json_object *decl = decl_of(t, logical), *props = NULL, *meta = NULL;
    const char *type = json_object_get_string(json_object_object_get(decl, "Type"));
    int change = apply_diff(t, stack, logical, decl, &props, &meta), rc = 0;
    json_object *r = stack_resource(stack, logical), *entry = json_object_new_object();
    stack_set_str(entry, "logical", logical);
    if (change < 0) {
        if (!r) r = stack_resource_add(stack, logical, type);
        stack_resource_status(stack, r, "UPDATE_FAILED", t->err);
        rc = -1;
    } else if (change == CHANGE_ADD) {
        if (r) stack_resource_remove(stack, logical);
        r = stack_resource_add(stack, logical, type);
        stack_set_str(entry, "kind", "added");
        json_object_object_add(entry, "record", json_object_get(r));
        json_object_array_add(journal, json_object_get(entry));
        stack_resource_status(stack, r, "CREATE_IN_PROGRESS", NULL);
        rc = provide(stack, r, decl, props, meta, "CREATE");
    } else if (change == CHANGE_MODIFY) {
        json_object *old = NULL;
        json_object_deep_copy(r, &old, NULL);
        stack_set_str(entry, "kind", "updated");
        json_object_object_add(entry, "record", old);
        json_object_array_add(journal, json_object_get(entry));
        rc = update_in_place(stack, r, props, meta, NULL);
    } else if (change == CHANGE_REPLACE) {
        stack_resource_status(stack, r, "UPDATE_IN_PROGRESS",
                              "Requested update requires the creation of a new physical resource; hence creating one.");
        json_object *nr = NULL;
        json_object_deep_copy(r, &nr, NULL);
        json_object_object_del(nr, "PhysicalResourceId");
        stack_set_str(nr, "ResourceType", type);
        rc = provide(stack, nr, decl, props, meta, "UPDATE");
        if (rc == 0) {
            stack_set_str(entry, "kind", "replaced");
            json_object_object_add(entry, "record", json_object_get(r)); /* before the swap drops the stack's */
            json_object_array_add(journal, json_object_get(entry));
            record_swap(stack, r, nr);
        } else {
            stack_set_str(r, "ResourceStatus", "UPDATE_FAILED");
        }
        json_object_put(nr);
    }
    json_object_put(entry);
    json_object_put(props);
    json_object_put(meta);
    return rc;
}

/* Undoes the journal, newest first; what must be deleted goes to cleanup. 0, or -1 when a resource
 * could not be put back. */
static int roll_back(struct store *s, json_object *stack, json_object *journal, json_object *cleanup)
{
    int rc = 0;
    for (size_t i = json_object_array_length(journal); i-- > 0;) {
        store_lock(s);
        json_object *e = json_object_array_get_idx(journal, i), *old = json_object_object_get(e, "record");
        const char *kind = stack_str(e, "kind"), *logical = stack_str(e, "logical");
        json_object *r = stack_resource(stack, logical);
        if (strcmp(kind, "added") == 0) {
            json_object_array_add(cleanup, json_object_get(old));
        } else if (strcmp(kind, "updated") == 0 && r) {
            if (update_in_place(stack, r, json_object_object_get(old, "_props"), json_object_object_get(old, "_meta"), NULL) != 0)
                rc = -1;
        } else if (strcmp(kind, "replaced") == 0 && r) {
            json_object_array_add(cleanup, json_object_get(r));
            record_swap(stack, r, old);
            stack_resource_status(stack, old, "UPDATE_COMPLETE", NULL);
        }
        store_save(s);
        store_unlock(s);
    }
    return rc;
}

static void commit_next(struct tpl *t, json_object *stack, json_object *next)
{
    json_object_object_foreach(next, key, val)
    {
        if (strcmp(key, "_template") == 0 || strcmp(key, "_params") == 0 || strcmp(key, "_raw") == 0 || strcmp(key, "Parameters") == 0 ||
            strcmp(key, "Tags") == 0 || strcmp(key, "Capabilities") == 0)
            json_object_object_add(stack, key, json_object_get(val));
    }
    set_description(t, stack);
}

void apply_update(struct store *s, json_object *stack)
{
    struct tpl t;
    store_lock(s);
    json_object *next = json_object_get(json_object_object_get(stack, "_next"));
    json_object *order = NULL, *journal = json_object_new_array(), *cleanup = json_object_new_array();
    buf failed_ids = {0};
    const char *why = NULL;
    if (apply_load(&t, stack, next) != 0 || !(order = graph_order(&t))) why = t.err;
    store_unlock(s);
    for (size_t i = 0; !why && i < json_object_array_length(order); i++) {
        store_lock(s);
        const char *logical = json_object_get_string(json_object_array_get_idx(order, i));
        if (update_one(&t, stack, logical, journal) != 0) buf_adds(&failed_ids, logical);
        store_save(s);
        store_unlock(s);
        if (failed_ids.len) break;
    }
    store_lock(s);
    if (!why && !failed_ids.len && outputs(&t, stack) != 0) why = t.err;
    if (!why && !failed_ids.len) {
        commit_next(&t, stack, next);
        stack_status(stack, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", NULL);
        json_object *all = json_object_object_get(stack, "_resources");
        for (size_t i = 0; i < json_object_array_length(all); i++) { /* resources the new template dropped */
            json_object *r = json_object_array_get_idx(all, i);
            int kept = 0;
            for (size_t k = 0; k < json_object_array_length(order); k++)
                if (strcmp(json_object_get_string(json_object_array_get_idx(order, k)), stack_str(r, "LogicalResourceId")) == 0)
                    kept = 1;
            if (!kept) json_object_array_add(cleanup, json_object_get(r));
        }
        for (size_t i = 0; i < json_object_array_length(journal); i++) {
            json_object *e = json_object_array_get_idx(journal, i);
            if (strcmp(stack_str(e, "kind"), "replaced") == 0)
                json_object_array_add(cleanup, json_object_get(json_object_object_get(e, "record")));
        }
    } else {
        char reason[800];
        if (failed_ids.len) snprintf(reason, sizeof reason, "The following resource(s) failed to update: [%s]. ", failed_ids.data);
        else snprintf(reason, sizeof reason, "%s", why);
        stack_status(stack, "UPDATE_ROLLBACK_IN_PROGRESS", reason);
    }
    store_save(s);
    store_unlock(s);
    int rollback_failed = 0;
    if (why || failed_ids.len) {
        rollback_failed = roll_back(s, stack, journal, cleanup) != 0;
        store_lock(s);
        if (!rollback_failed) stack_status(stack, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", NULL);
        store_unlock(s);
    }
    buf f = {0};
    if (!rollback_failed) delete_all(s, stack, cleanup, &f);
    store_lock(s);
    drop_deleted(stack, cleanup);
    json_object_object_del(stack, "_next");
    if (rollback_failed) stack_status(stack, "UPDATE_ROLLBACK_FAILED", "The following resource(s) failed to roll back.");
    else stack_status(stack, why || failed_ids.len ? "UPDATE_ROLLBACK_COMPLETE" : "UPDATE_COMPLETE", NULL);
    store_save(s);
    store_unlock(s);
    buf_free(&f);
    buf_free(&failed_ids);
    json_object_put(order);
    json_object_put(journal);
    json_object_put(cleanup);
    json_object_put(next);
    tpl_free(&t);
}
