/* For the static etl-app only (Makefile: etl-app-static): the unwinder in GCC 12's static libgcc_eh
 * (pulled in by libstdc++ for Snappy) calls _dl_find_object, which glibc has only since 2.35, while
 * Amazon Linux 2023 has glibc 2.34. This definition finds the same answer through dl_iterate_phdr
 * (glibc 2.2.4): the loaded object whose segment holds the address, and its PT_GNU_EH_FRAME. */
#include <dlfcn.h>
#include <link.h>
#include <stdint.h>
#include <string.h>

int _dl_find_object(void *address, struct dl_find_object *result);

typedef struct lookup {
    uintptr_t pc;
    struct dl_find_object *out;
    int found;
} lookup;

static int visit(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size;
    lookup *l = arg;
    uintptr_t lo = UINTPTR_MAX, hi = 0, eh = 0;
    int holds = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        uintptr_t start = info->dlpi_addr + p->p_vaddr, end = start + p->p_memsz;
        if (p->p_type == PT_LOAD) {
            if (start < lo) lo = start;
            if (end > hi) hi = end;
            if (l->pc >= start && l->pc < end) holds = 1;
        } else if (p->p_type == PT_GNU_EH_FRAME) {
            eh = start;
        }
    }
    if (!holds) return 0;
    memset(l->out, 0, sizeof *l->out);
    l->out->dlfo_map_start = (void *)lo;
    l->out->dlfo_map_end = (void *)hi;
    l->out->dlfo_eh_frame = (void *)eh;
    l->found = 1;
    return 1;
}

int _dl_find_object(void *address, struct dl_find_object *result)
{
    lookup l = {(uintptr_t)address, result, 0};
    dl_iterate_phdr(visit, &l);
    return l.found ? 0 : -1;
}
