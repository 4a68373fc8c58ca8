/* Every stack the endpoint knows, persisted as one JSON file in the state directory so stacks
 * survive a restart of the endpoint. One mutex guards the whole store: the HTTP threads and the worker
 * that applies templates each hold it while they read or change a stack. */
#ifndef ETL_LOCAL_STORE_H
#define ETL_LOCAL_STORE_H

#include <json-c/json.h>
#include <pthread.h>

/* Invariant: stacks is an array of stack objects (stack.h) in creation order; path is where
 * store_save() writes it. */
struct store {
    pthread_mutex_t lock;
    json_object *stacks;
    char *path;
};

/* Loads dir/stacks.json when it exists (else starts empty). Stacks left in an *_IN_PROGRESS status by
 * an endpoint that stopped mid-operation are marked failed with that reason. 0, or -1 with err. */
int store_open(struct store *s, const char *dir, char *err, size_t errlen);
/* Writes the file atomically (temporary file, then rename). 0 or -1. Caller holds the lock. */
int store_save(struct store *s);
/* The live stack named name, or with StackId name (then also a deleted one); NULL if none. */
json_object *store_find(struct store *s, const char *name_or_id);
void store_add(struct store *s, json_object *stack); /* takes ownership */
void store_lock(struct store *s);
void store_unlock(struct store *s);
void store_free(struct store *s);

#endif
