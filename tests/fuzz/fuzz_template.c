/* libFuzzer target: the local endpoint's template engine on any template body: parsing, parameters,
 * conditions, the dependency order, every intrinsic function in resources and outputs, and the
 * change-set preview against a new stack. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "local/changes.h"
#include "local/graph.h"
#include "local/stack.h"
#include "local/template.h"

static void eval_members(struct tpl *t, const char *section, const char *member)
{
    json_object *sec = json_object_object_get(t->doc, section);
    if (!json_object_is_type(sec, json_type_object)) return;
    json_object_object_foreach(sec, name, decl)
    {
        (void)name;
        json_object *out = NULL;
        if (json_object_is_type(decl, json_type_object) && tpl_included(t, decl) > 0 &&
            tpl_eval(t, json_object_object_get(decl, member), &out) == 0)
            json_object_put(out);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *body = malloc(size + 1);
    if (!body) return 0;
    memcpy(body, data, size);
    body[size] = '\0';
    struct tpl t;
    json_object *shown = NULL;
    if (tpl_parse(&t, body) == 0 && tpl_params(&t, NULL, &shown) == 0) {
        json_object *stack = stack_new("fuzz", "REVIEW_IN_PROGRESS");
        t.stack_name = "fuzz";
        t.resources = json_object_object_get(stack, "_resources");
        json_object *order = graph_order(&t), *changes = changes_of(&t, stack);
        t.lenient = 1;
        eval_members(&t, "Resources", "Properties");
        eval_members(&t, "Outputs", "Value");
        json_object_put(order);
        json_object_put(changes);
        json_object_put(stack);
    }
    json_object_put(shown);
    tpl_free(&t);
    free(body);
    return 0;
}
