/* The collection of stacks and its file. A rename makes each save atomic, so a killed endpoint leaves
 * either the old state or the new one, never half of each. */
#include "local/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "local/stack.h"

/* A stack an endpoint left mid-operation: its operation cannot resume, so it ends in the failed
 * status AWS would reach, with a reason that says why. */
static void settle_interrupted(json_object *stack)
{
    const char *st = stack_str(stack, "StackStatus");
    if (!st || stack_settled(st) || strcmp(st, "REVIEW_IN_PROGRESS") == 0) return;
    const char *to = "UPDATE_ROLLBACK_FAILED";
    if (strncmp(st, "CREATE", 6) == 0) to = "CREATE_FAILED";
    else if (strncmp(st, "ROLLBACK", 8) == 0) to = "ROLLBACK_FAILED";
    else if (strncmp(st, "DELETE", 6) == 0) to = "DELETE_FAILED";
    else if (strcmp(st, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS") == 0) to = "UPDATE_COMPLETE";
    else if (strcmp(st, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS") == 0) to = "UPDATE_ROLLBACK_COMPLETE";
    stack_status(stack, to, "The local CloudFormation endpoint stopped during the operation");
}

int store_open(struct store *s, const char *dir, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
    size_t n = strlen(dir) + sizeof "/stacks.json";
    s->path = malloc(n);
    if (!s->path) abort();
    snprintf(s->path, n, "%s/stacks.json", dir);
    if (access(s->path, F_OK) != 0) {
        s->stacks = json_object_new_array();
        return 0;
    }
    s->stacks = json_object_from_file(s->path);
    if (!s->stacks || !json_object_is_type(s->stacks, json_type_array)) {
        snprintf(err, errlen, "%s: not a stack store: %s", s->path, json_util_get_last_err());
        json_object_put(s->stacks);
        s->stacks = NULL;
        return -1;
    }
    for (size_t i = 0; i < json_object_array_length(s->stacks); i++)
        settle_interrupted(json_object_array_get_idx(s->stacks, i));
    return 0;
}

int store_save(struct store *s)
{
    size_t n = strlen(s->path) + 8;
    char *tmp = malloc(n);
    if (!tmp) abort();
    snprintf(tmp, n, "%s.tmp", s->path);
    int rc = json_object_to_file_ext(tmp, s->stacks, JSON_C_TO_STRING_PLAIN);
    if (rc == 0) rc = rename(tmp, s->path);
    if (rc != 0) fprintf(stderr, "etlctl serve: cannot save %s: %s\n", s->path, json_util_get_last_err());
    free(tmp);
    return rc == 0 ? 0 : -1;
}

json_object *store_find(struct store *s, const char *name_or_id)
{
    int by_id = strncmp(name_or_id, "arn:", 4) == 0;
    for (size_t i = json_object_array_length(s->stacks); i-- > 0;) {
        json_object *st = json_object_array_get_idx(s->stacks, i);
        if (by_id) {
            const char *id = stack_str(st, "StackId");
            if (id && strcmp(id, name_or_id) == 0) return st;
        } else {
            const char *name = stack_str(st, "StackName"), *status = stack_str(st, "StackStatus");
            if (name && strcmp(name, name_or_id) == 0 && status && strcmp(status, "DELETE_COMPLETE") != 0) return st;
        }
    }
    return NULL;
}

void store_add(struct store *s, json_object *stack)
{
    json_object_array_add(s->stacks, stack);
}

void store_lock(struct store *s)
{
    pthread_mutex_lock(&s->lock);
}

void store_unlock(struct store *s)
{
    pthread_mutex_unlock(&s->lock);
}

void store_free(struct store *s)
{
    json_object_put(s->stacks);
    free(s->path);
    pthread_mutex_destroy(&s->lock);
    memset(s, 0, sizeof *s);
}
