/* The process table behind Auto Scaling groups. Children are reaped with waitpid() on their own pids
 * only, so nothing else in the process that forks (libcurl, say) loses its exit statuses. */
#include "local/supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Invariant: pid > 0 while the process runs; pid == 0 while it waits for restart_at. */
struct proc {
    char *key, *log;
    char **argv, **envp;
    pid_t pid;
    int restarts;
    double restart_at;
    struct proc *next;
};

static struct proc *procs;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char **dupv(char *const v[])
{
    size_t n = 0;
    while (v[n]) n++;
    char **out = calloc(n + 1, sizeof *out);
    if (!out) abort();
    for (size_t i = 0; i < n; i++)
        if (!(out[i] = strdup(v[i]))) abort();
    return out;
}

static void freev(char **v)
{
    for (size_t i = 0; v && v[i]; i++) free(v[i]);
    free(v);
}

static int spawn(struct proc *p, char *err, size_t errlen)
{
    int fd = open(p->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", p->log, strerror(errno));
        return -1;
    }
    int pipefd[2]; /* reports a failed exec to the parent */
    if (pipe2(pipefd, O_CLOEXEC) != 0) {
        close(fd);
        snprintf(err, errlen, "pipe: %s", strerror(errno));
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDONLY);
        dup2(devnull, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        execve(p->argv[0], p->argv, p->envp);
        int e = errno;
        if (write(pipefd[1], &e, sizeof e) < 0) _exit(127);
        _exit(127);
    }
    close(fd);
    close(pipefd[1]);
    if (pid < 0) {
        close(pipefd[0]);
        snprintf(err, errlen, "fork: %s", strerror(errno));
        return -1;
    }
    int e = 0;
    ssize_t n = read(pipefd[0], &e, sizeof e);
    close(pipefd[0]);
    if (n == (ssize_t)sizeof e) {
        waitpid(pid, NULL, 0);
        snprintf(err, errlen, "cannot run %s: %s", p->argv[0], strerror(e));
        return -1;
    }
    p->pid = pid;
    return 0;
}

static void stop_proc(struct proc *p)
{
    if (p->pid <= 0) return;
    kill(p->pid, SIGTERM);
    for (int i = 0; i < 1000; i++) {
        if (waitpid(p->pid, NULL, WNOHANG) == p->pid) {
            p->pid = 0;
            return;
        }
        struct timespec ts = {0, 10 * 1000000L};
        nanosleep(&ts, NULL);
    }
    kill(p->pid, SIGKILL);
    waitpid(p->pid, NULL, 0);
    p->pid = 0;
}

static struct proc *unlink_proc(const char *key)
{
    for (struct proc **pp = &procs; *pp; pp = &(*pp)->next)
        if (strcmp((*pp)->key, key) == 0) {
            struct proc *p = *pp;
            *pp = p->next;
            return p;
        }
    return NULL;
}

static void free_proc(struct proc *p)
{
    stop_proc(p);
    free(p->key);
    free(p->log);
    freev(p->argv);
    freev(p->envp);
    free(p);
}

int supervise_start(const char *key, char *const argv[], char *const envp[], const char *log_path, char *err,
                    size_t errlen)
{
    pthread_mutex_lock(&mu);
    struct proc *old = unlink_proc(key);
    if (old) free_proc(old); /* one writer: the old instance stops before the new one starts */
    struct proc *p = calloc(1, sizeof *p);
    if (!p || !(p->key = strdup(key)) || !(p->log = strdup(log_path))) abort();
    p->argv = dupv(argv);
    p->envp = dupv(envp);
    int rc = spawn(p, err, errlen);
    if (rc == 0) {
        p->next = procs;
        procs = p;
    } else {
        free_proc(p);
    }
    pthread_mutex_unlock(&mu);
    return rc;
}

void supervise_stop(const char *key)
{
    pthread_mutex_lock(&mu);
    struct proc *p = unlink_proc(key);
    if (p) free_proc(p);
    pthread_mutex_unlock(&mu);
}

pid_t supervise_pid(const char *key, int *restarts)
{
    pid_t pid = 0;
    pthread_mutex_lock(&mu);
    for (struct proc *p = procs; p; p = p->next)
        if (strcmp(p->key, key) == 0) {
            pid = p->pid;
            if (restarts) *restarts = p->restarts;
        }
    pthread_mutex_unlock(&mu);
    return pid;
}

int supervise_exits_within(const char *key, int ms, int *status)
{
    for (int waited = 0; waited <= ms; waited += 20) {
        pthread_mutex_lock(&mu);
        struct proc *p = procs;
        while (p && strcmp(p->key, key) != 0) p = p->next;
        if (!p || p->pid <= 0) {
            pthread_mutex_unlock(&mu);
            return 0;
        }
        if (waitpid(p->pid, status, WNOHANG) == p->pid) {
            p->pid = 0;
            free_proc(unlink_proc(key));
            pthread_mutex_unlock(&mu);
            return 1;
        }
        pthread_mutex_unlock(&mu);
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
    return 0;
}

void supervise_tick(void)
{
    pthread_mutex_lock(&mu);
    double t = now();
    for (struct proc *p = procs; p; p = p->next) {
        int status;
        if (p->pid > 0 && waitpid(p->pid, &status, WNOHANG) == p->pid) {
            p->pid = 0;
            double pause = 0.2 * (1 << (p->restarts < 5 ? p->restarts : 5));
            p->restart_at = t + (pause > 5 ? 5 : pause);
            FILE *f = fopen(p->log, "a");
            if (f) {
                fprintf(f, "etlctl local: %s exited (%s %d); restarting\n", p->argv[0],
                        WIFSIGNALED(status) ? "signal" : "status", WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
                fclose(f);
            }
        }
        if (p->pid == 0 && t >= p->restart_at) {
            char err[256];
            p->restarts++;
            if (spawn(p, err, sizeof err) != 0) p->restart_at = t + 5;
        }
    }
    pthread_mutex_unlock(&mu);
}

void supervise_stop_all(void)
{
    pthread_mutex_lock(&mu);
    while (procs) {
        struct proc *p = procs;
        procs = p->next;
        free_proc(p);
    }
    pthread_mutex_unlock(&mu);
}
