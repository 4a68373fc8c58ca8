/* Change-set previews: the engine's own diff (apply_diff) run with placeholders for resources that do
 * not exist yet, so a preview and the update that follows agree. */
#include "local/changes.h"

#include <string.h>

#include "local/apply.h"
#include "local/graph.h"
#include "local/stack.h"

static void add_change(json_object *list, const char *action, const char *logical, const char *physical,
                       const char *type, const char *replacement, const char *scope)
{
    json_object *rc = json_object_new_object();
    stack_set_str(rc, "Action", action);
    stack_set_str(rc, "LogicalResourceId", logical);
    stack_set_str(rc, "PhysicalResourceId", physical);
    stack_set_str(rc, "ResourceType", type);
    stack_set_str(rc, "Replacement", replacement);
    json_object *sc = json_object_new_array();
    if (scope) json_object_array_add(sc, json_object_new_string(scope));
    json_object_object_add(rc, "Scope", sc);
    json_object_object_add(rc, "Details", json_object_new_array());
    json_object *c = json_object_new_object();
    stack_set_str(c, "Type", "Resource");
    json_object_object_add(c, "ResourceChange", rc);
    json_object_array_add(list, c);
}

json_object *changes_of(struct tpl *t, json_object *stack)
{
    json_object *order = graph_order(t);
    if (!order) return NULL;
    json_object *list = json_object_new_array(), *res = json_object_object_get(t->doc, "Resources");
    int lenient = t->lenient;
    t->lenient = 1;
    t->pending = json_object_new_object();
    for (size_t i = 0; i < json_object_array_length(order); i++) {
        const char *logical = json_object_get_string(json_object_array_get_idx(order, i));
        json_object *decl = json_object_object_get(res, logical), *props = NULL, *meta = NULL;
        const char *type = json_object_get_string(json_object_object_get(decl, "Type"));
        int change = apply_diff(t, stack, logical, decl, &props, &meta);
        json_object *r = stack_resource(stack, logical);
        const char *physical = r ? stack_str(r, "PhysicalResourceId") : NULL;
        if (change < 0) {
            json_object_put(list);
            list = NULL;
        } else if (change == CHANGE_ADD) {
            add_change(list, "Add", logical, NULL, type, NULL, NULL);
        } else if (change != CHANGE_NONE) {
            if (change == CHANGE_REPLACE) json_object_object_add(t->pending, logical, NULL);
            int props_same = json_object_equal(props, json_object_object_get(r, "_props"));
            add_change(list, "Modify", logical, physical, type, change == CHANGE_REPLACE ? "True" : "False",
                       props_same ? "Metadata" : "Properties");
        }
        json_object_put(props);
        json_object_put(meta);
        if (!list) break;
    }
    json_object *all = json_object_object_get(stack, "_resources");
    for (size_t i = 0; list && i < json_object_array_length(all); i++) {
        json_object *r = json_object_array_get_idx(all, i);
        const char *logical = stack_str(r, "LogicalResourceId"), *st = stack_str(r, "ResourceStatus");
        int kept = 0;
        for (size_t k = 0; k < json_object_array_length(order); k++)
            if (strcmp(json_object_get_string(json_object_array_get_idx(order, k)), logical) == 0) kept = 1;
        if (!kept && !(st && strcmp(st, "DELETE_COMPLETE") == 0))
            add_change(list, "Remove", logical, stack_str(r, "PhysicalResourceId"), stack_str(r, "ResourceType"), NULL, NULL);
    }
    t->lenient = lenient;
    json_object_put(t->pending);
    t->pending = NULL;
    json_object_put(order);
    return list;
}
