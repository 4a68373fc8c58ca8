/* The operation queue and its worker thread. Operations run strictly one at a time, which is what
 * keeps two operations from touching one stack at once (the API refuses a second one on a stack that
 * is not settled, and the queue orders the rest). */
#include "local/engine.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "local/apply.h"
#include "local/prov_asg.h"
#include "local/stack.h"
#include "local/supervise.h"

struct job {
    char *stack_id;
    enum engine_op op;
    struct job *next;
};

static struct {
    struct store *store;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct job *head, *tail;
    int stop, busy, running;
} E = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static void run(struct job *j)
{
    store_lock(E.store);
    json_object *stack = json_object_get(store_find(E.store, j->stack_id));
    store_unlock(E.store);
    if (!stack) return;
    if (j->op == ENGINE_CREATE) apply_create(E.store, stack);
    else if (j->op == ENGINE_UPDATE) apply_update(E.store, stack);
    else apply_delete(E.store, stack);
    json_object_put(stack);
}

static void *worker(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&E.mu);
    while (!E.stop) {
        struct job *j = E.head;
        if (!j) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += 200 * 1000000L;
            if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
            pthread_cond_timedwait(&E.cv, &E.mu, &until);
            pthread_mutex_unlock(&E.mu);
            supervise_tick();
            pthread_mutex_lock(&E.mu);
            continue;
        }
        E.head = j->next;
        if (!E.head) E.tail = NULL;
        E.busy = 1;
        pthread_mutex_unlock(&E.mu);
        run(j);
        free(j->stack_id);
        free(j);
        pthread_mutex_lock(&E.mu);
        E.busy = 0;
        pthread_cond_broadcast(&E.cv);
    }
    pthread_mutex_unlock(&E.mu);
    return NULL;
}

int engine_start(struct store *s)
{
    E.store = s;
    E.stop = 0;
    store_lock(s);
    asg_resume_all(s->stacks);
    store_unlock(s);
    if (pthread_create(&E.thread, NULL, worker, NULL) != 0) return -1;
    E.running = 1;
    return 0;
}

void engine_submit(const char *stack_id, enum engine_op op)
{
    struct job *j = calloc(1, sizeof *j);
    if (!j || !(j->stack_id = strdup(stack_id))) abort();
    j->op = op;
    pthread_mutex_lock(&E.mu);
    if (E.tail) E.tail->next = j;
    else E.head = j;
    E.tail = j;
    pthread_cond_broadcast(&E.cv);
    pthread_mutex_unlock(&E.mu);
}

int engine_drain(int ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
    pthread_mutex_lock(&E.mu);
    int timed_out = 0;
    while ((E.head || E.busy) && !timed_out) {
        if (ms < 0) pthread_cond_wait(&E.cv, &E.mu);
        else timed_out = pthread_cond_timedwait(&E.cv, &E.mu, &until) != 0;
    }
    int idle = !E.head && !E.busy;
    pthread_mutex_unlock(&E.mu);
    return idle;
}

void engine_stop(void)
{
    if (!E.running) return;
    pthread_mutex_lock(&E.mu);
    E.stop = 1;
    pthread_cond_broadcast(&E.cv);
    pthread_mutex_unlock(&E.mu);
    pthread_join(E.thread, NULL);
    E.running = 0;
    for (struct job *j = E.head, *n; j; j = n) {
        n = j->next;
        free(j->stack_id);
        free(j);
    }
    E.head = E.tail = NULL;
    supervise_stop_all();
}
