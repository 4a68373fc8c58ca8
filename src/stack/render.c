/* Assembling the template (render.h): each resource's construct rendered in its scope, logical IDs
 * prefixed with the resource's CamelCase name, template Parameters merged, outputs collected. */
#include "stack/render.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "stack/subst.h"

static const char *const resource_keys[] = {"when",         "Type",           "Properties",
                                            "DependsOn",    "Metadata",       "CreationPolicy",
                                            "UpdatePolicy", "DeletionPolicy", "UpdateReplacePolicy"};
static const char *const output_keys[] = {"when", "Description", "Value", "Export"};

static bool logical_id_ok(const char *id)
{
    if (!*id || strlen(id) > 255) return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))) return false;
    return true;
}

/* Renders a resource or output definition in order, leaving out `when`; NULL when switched off. */
static json_object *render_entry(const subst_scope *sc, const ynode *def, const char *const *keys,
                                 size_t n_keys, const char *required)
{
    if (def->kind != YNODE_MAP || !ynode_get(def, required)) {
        diag_add(sc->d, def->pos, NULL, "expected a mapping with %s", required);
        return NULL;
    }
    const ynode *when = ynode_get(def, "when");
    if (when && !subst_when(sc, when)) return NULL;
    json_object *out = json_object_new_object();
    ynode_check_keys(def, keys, n_keys, NULL, sc->d);
    for (size_t i = 0; i < def->n; i++) {
        const char *key = def->keys[i]->text;
        if (strcmp(key, "when") == 0) continue;
        bool omit = false;
        json_object *v = subst_render(sc, def->items[i], &omit);
        if (v) json_object_object_add(out, key, v);
    }
    return out;
}

/* Adds id -> value to section unless the id is taken (in this section or in `other`). */
static void add_unique(json_object *section, json_object *other, const char *id, json_object *value,
                       const stack_resource *r, diag_list *d)
{
    if (!logical_id_ok(id)) {
        diag_add(d, r->key->pos, NULL, "logical ID '%s' is not 1 to 255 letters and digits", id);
    } else if (json_object_object_get_ex(section, id, NULL) ||
               (other && json_object_object_get_ex(other, id, NULL))) {
        diag_add(d, r->key->pos, "resources",
                 "duplicate name: '%s' gives logical ID %s, which another resource already has", r->name, id);
    } else {
        json_object_object_add(section, id, value);
        return;
    }
    json_object_put(value);
}

/* Template Parameters a construct needs; the same name from two constructs must mean the same. */
static void merge_inputs(const subst_scope *sc, json_object *params)
{
    const ynode *inputs = sc->self->c->inputs;
    for (size_t i = 0; inputs && i < inputs->n; i++) {
        bool omit = false;
        json_object *def = subst_render(sc, inputs->items[i], &omit);
        if (!def) continue;
        const char *name = inputs->keys[i]->text;
        json_object *have = NULL;
        if (json_object_object_get_ex(params, name, &have)) {
            if (!json_object_equal(have, def))
                diag_add(sc->d, inputs->keys[i]->pos, NULL,
                         "input %s differs from the one another construct declares", name);
            json_object_put(def);
        } else if (!logical_id_ok(name)) {
            diag_add(sc->d, inputs->keys[i]->pos, NULL, "input name '%s' is not letters and digits", name);
            json_object_put(def);
        } else {
            json_object_object_add(params, name, def);
        }
    }
}

/* Renders each entry of defs (a construct's resources or outputs) into section under its logical ID. */
static void render_section(const subst_scope *sc, const ynode *defs, const char *const *keys, size_t n_keys,
                           const char *required, json_object *section, json_object *other)
{
    for (size_t i = 0; defs && i < defs->n; i++) {
        json_object *v = render_entry(sc, defs->items[i], keys, n_keys, required);
        if (!v) continue;
        char *id = subst_logical_id(sc->self, defs->keys[i]->text);
        add_unique(section, other, id, v, sc->self, sc->d);
        free(id);
    }
}

static void render_resource(const subst_scope *sc, json_object *resources, json_object *outputs,
                            json_object *params)
{
    const construct *c = sc->self->c;
    merge_inputs(sc, params);
    render_section(sc, c->resources, resource_keys, sizeof resource_keys / sizeof *resource_keys, "Type",
                   resources, params);
    render_section(sc, c->outputs, output_keys, sizeof output_keys / sizeof *output_keys, "Value", outputs,
                   NULL);
}

json_object *render_template(const stack *s, diag_list *d)
{
    size_t before = diag_count(d);
    json_object *params = json_object_new_object();
    json_object *resources = json_object_new_object();
    json_object *outputs = json_object_new_object();
    for (size_t i = 0; i < s->n_res; i++) {
        subst_scope sc = {s, &s->res[i], d, 0};
        render_resource(&sc, resources, outputs, params);
    }
    json_object *t = json_object_new_object();
    json_object_object_add(t, "AWSTemplateFormatVersion", json_object_new_string("2010-09-09"));
    buf desc = {0};
    if (s->description)
        buf_adds(&desc, s->description);
    else
        buf_printf(&desc, "%s (etlctl)", s->name);
    json_object_object_add(t, "Description", json_object_new_string(desc.data));
    buf_free(&desc);
    if (json_object_object_length(params))
        json_object_object_add(t, "Parameters", params);
    else
        json_object_put(params);
    json_object_object_add(t, "Resources", resources);
    if (json_object_object_length(outputs))
        json_object_object_add(t, "Outputs", outputs);
    else
        json_object_put(outputs);
    if (diag_count(d) != before) {
        json_object_put(t);
        return NULL;
    }
    return t;
}

char *render_text(json_object *template)
{
    buf out = {0};
    buf_adds(&out,
             json_object_to_json_string_ext(template, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                          JSON_C_TO_STRING_NOSLASHESCAPE));
    buf_addc(&out, '\n');
    return buf_detach(&out);
}
