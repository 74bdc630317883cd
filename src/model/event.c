/* event.c — construction, destruction and small accessors of the OOM event
 * model (event.h).  Growable arrays double; allocation failure ends the
 * program with status 70 via xrealloc because a half-built event would
 * silently lose evidence. */
#include "event.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A clear message and the documented status, never abort(). */
static _Noreturn void out_of_memory(void) {
        fputs("oomlens: out of memory\n", stderr);
        exit(70); /* EXIT_INTERNAL */
}

void *xrealloc_array(void *p, size_t n, size_t size) {
        void *q = reallocarray(p, n, size);
        if (!q)
                out_of_memory();
        return q;
}

void *xcalloc(size_t n, size_t size) {
        void *q = calloc(n, size);
        if (!q)
                out_of_memory();
        return q;
}

char *xstrdup(const char *s) {
        size_t n = strlen(s) + 1;
        return memcpy(xrealloc_array(NULL, n, 1), s, n);
}

#define GROW(arr, n, cap)                                                      \
        do {                                                                   \
                if ((n) == (cap)) {                                            \
                        (cap) = (cap) ? (cap) * 2 : 8;                         \
                        (arr) = xrealloc_array((arr), (cap), sizeof(*(arr)));  \
                }                                                              \
        } while (0)

struct oom_event *event_new(void) {
        struct oom_event *e = xcalloc(1, sizeof(*e));
        e->source_line = e->last_line = OOM_UNSET;
        e->mono_us = OOM_UNSET;
        e->trigger_pid = e->order = e->trigger_oom_score_adj = e->trigger_oom_adj = OOM_UNSET;
        e->selected_pid = e->score = OOM_UNSET;
        e->victim_pid = e->victim_uid = e->victim_total_vm_kb = e->victim_anon_rss_kb = OOM_UNSET;
        e->victim_file_rss_kb = e->victim_shmem_rss_kb = OOM_UNSET;
        e->victim_pgtables_kb = e->victim_oom_score_adj = e->kill_line = OOM_UNSET;
        e->reaped_pid = e->reaped_anon_rss_kb = e->reaped_file_rss_kb = e->reaped_shmem_rss_kb = OOM_UNSET;
        e->memcg_usage_kb = e->memcg_limit_kb = e->memcg_failcnt = OOM_UNSET;
        e->memsw_usage_kb = e->memsw_limit_kb = e->memsw_failcnt = OOM_UNSET;
        e->swap_usage_kb = e->swap_limit_kb = e->swap_failcnt = OOM_UNSET;
        e->kmem_usage_kb = e->kmem_limit_kb = e->kmem_failcnt = OOM_UNSET;
        e->pagecache_pages = e->swapcache_pages = e->free_swap_kb = e->total_swap_kb = OOM_UNSET;
        e->ram_pages = e->highmem_pages = e->reserved_pages = OOM_UNSET;
        e->cma_reserved_pages = e->hwpoisoned_pages = OOM_UNSET;
        e->page_size_kb = OOM_UNSET;
        e->suppressed = OOM_UNSET;
        e->lines = (struct oom_lines){ OOM_UNSET, OOM_UNSET, OOM_UNSET, OOM_UNSET, OOM_UNSET, OOM_UNSET,
                                       OOM_UNSET, OOM_UNSET, OOM_UNSET, OOM_UNSET, OOM_UNSET, OOM_UNSET };
        return e;
}

void kv_clear(struct kv_list *l) {
        free(l->items);
        l->items = NULL;
        l->n = l->cap = 0;
}

void event_free(struct oom_event *e) {
        if (!e)
                return;
        free(e->source_file);
        free(e->oom_memcg);
        free(e->task_memcg);
        free(e->oom_group);
        free(e->memcg_stats_path);
        kv_clear(&e->memcg_stats);
        kv_clear(&e->meminfo);
        for (size_t i = 0; i < e->n_nodes; i++)
                kv_clear(&e->nodes[i].fields);
        free(e->nodes);
        for (size_t i = 0; i < e->n_zones; i++)
                kv_clear(&e->zones[i].fields);
        free(e->zones);
        free(e->hugepages);
        free(e->slabs);
        free(e->tasks);
        free(e);
}

int kv_set(struct kv_list *l, const char *key, size_t key_len, int64_t value) {
        if (key_len == 0)
                return -EINVAL;
        if (key_len >= sizeof(l->items[0].key))
                key_len = sizeof(l->items[0].key) - 1;
        for (size_t i = 0; i < l->n; i++) {
                if (strncmp(l->items[i].key, key, key_len) == 0 && l->items[i].key[key_len] == '\0') {
                        l->items[i].value = value;
                        return 0;
                }
        }
        /* A record is at most ~1 KiB, so a few hundred keys is the ceiling of
         * any honest report; refuse beyond that instead of growing forever. */
        if (l->n >= 512)
                return -E2BIG;
        GROW(l->items, l->n, l->cap);
        struct kv *kv = &l->items[l->n++];
        memcpy(kv->key, key, key_len);
        kv->key[key_len] = '\0';
        kv->value = value;
        return 0;
}

int64_t kv_get(const struct kv_list *l, const char *key) {
        for (size_t i = 0; i < l->n; i++)
                if (strcmp(l->items[i].key, key) == 0)
                        return l->items[i].value;
        return OOM_UNSET;
}

#define CUT_MARK "\xe2\x80\xa6" /* "…": the value was longer */

/* Copies LEN bytes of SRC into DST (SIZE bytes) with its NUL; a value too
 * long is cut at a character boundary and ends in CUT_MARK, so a cut name
 * or path never passes for a whole one. */
static void copy_marked(char *dst, size_t size, const char *src, size_t len) {
        if (len < size) {
                memcpy(dst, src, len);
                dst[len] = '\0';
                return;
        }
        size_t mark = sizeof(CUT_MARK) - 1;
        size_t keep = size > mark ? size - 1 - mark : size - 1;
        /* do not end inside a UTF-8 sequence */
        while (keep > 0 && ((unsigned char)src[keep] & 0xc0) == 0x80)
                keep--;
        memcpy(dst, src, keep);
        if (size > mark)
                memcpy(dst + keep, CUT_MARK, mark), keep += mark;
        dst[keep] = '\0';
}

void copy_field(char *dst, size_t dst_size, const char *src, size_t len) {
        if (dst_size == 0)
                return;
        copy_marked(dst, dst_size, src, len);
}

int event_set_str(char **field, const char *src, size_t len) {
        /* cgroup paths are bounded by the kernel's ~1 KiB record: more is
         * damage, kept to 4096 bytes and marked */
        size_t size = len > EVENT_STR_MAX ? EVENT_STR_MAX + 1 : len + 1;
        char *s = xrealloc_array(NULL, size, 1);
        copy_marked(s, size, src, len);
        free(*field);
        *field = s;
        return 0;
}

const char *note_text(enum oom_note note) {
        switch (note) {
        case NOTE_CUT: return "report cut off before its end";
        case NOTE_HEADERLESS: return "kill line without report header (rate-limited by the kernel, or a filtered log)";
        case NOTE_TASK_HEADER_LOST: return "task-table header lost: its rows could not be read";
        case NOTE_ROWS_DAMAGED: return "some task-table rows were damaged in the log";
        case NOTE_OOM_GROUP: return "further tasks of the cgroup were killed with the victim (memory.oom.group)";
        case NOTE_SHARING: return "other processes sharing the victim's memory were killed too";
        }
        return "";
}

void event_note(struct oom_event *e, enum oom_note note) {
        if (e->note_flags & note)
                return;
        e->note_flags |= note;
        const char *text = note_text(note);
        size_t used = strlen(e->notes);
        if (used + strlen(text) + 2 >= sizeof(e->notes))
                return;
        if (used)
                strcat(e->notes, "; ");
        strcat(e->notes, text);
}

struct oom_zone *event_find_zone(struct oom_event *e, int64_t node, const char *name, size_t name_len) {
        for (size_t i = 0; i < e->n_zones; i++) {
                struct oom_zone *z = &e->zones[i];
                if (z->node == node && strlen(z->name) == name_len && memcmp(z->name, name, name_len) == 0)
                        return z;
        }
        return NULL;
}

/* Appends one zeroed item to an array of N items, or returns NULL past MAX.
 * The capacity is implied by the count (8, then powers of two), so the
 * event needs no capacity fields; arrays read back from a scratch file are
 * exact-sized and never appended to. */
static void *append_item(void *arr_ptr, size_t *n, size_t size, size_t max) {
        void **arr = arr_ptr;
        if (*n >= max)
                return NULL;
        if (*n == 0 || (*n >= 8 && (*n & (*n - 1)) == 0))
                *arr = xrealloc_array(*arr, *n ? *n * 2 : 8, size);
        void *item = (char *)*arr + *n * size;
        (*n)++;
        memset(item, 0, size);
        return item;
}

struct oom_zone *event_add_zone(struct oom_event *e, int64_t node, const char *name, size_t name_len) {
        struct oom_zone *z = append_item(&e->zones, &e->n_zones, sizeof(*z), 256);
        if (!z)
                return NULL;
        z->node = node;
        copy_field(z->name, sizeof(z->name), name, name_len);
        z->free_kb = z->min_kb = z->low_kb = z->high_kb = z->boost_kb = OOM_UNSET;
        z->present_kb = z->managed_kb = OOM_UNSET;
        z->order0_kb = z->buddy_total_kb = OOM_UNSET;
        return z;
}

struct oom_task *event_add_task(struct oom_event *e) {
        /* PID_MAX_LIMIT is 4M; a table longer than that is not a kernel's */
        struct oom_task *t = append_item(&e->tasks, &e->n_tasks, sizeof(*t), 4u << 20);
        if (!t)
                return NULL;
        t->pid = t->uid = t->tgid = t->total_vm = t->rss = OOM_UNSET;
        t->rss_anon = t->rss_file = t->rss_shmem = OOM_UNSET;
        t->pgtables_bytes = t->nr_ptes = t->nr_pmds = t->swapents = OOM_UNSET;
        t->cpu = t->oom_adj = t->oom_score_adj = OOM_UNSET;
        t->line = OOM_UNSET;
        return t;
}

struct oom_node *event_add_node(struct oom_event *e, int64_t node) {
        for (size_t i = 0; i < e->n_nodes; i++)
                if (e->nodes[i].node == node)
                        return &e->nodes[i];
        struct oom_node *n = append_item(&e->nodes, &e->n_nodes, sizeof(*n), 1024);
        if (n)
                n->node = node;
        return n;
}

struct oom_hugepages *event_add_hugepages(struct oom_event *e) {
        struct oom_hugepages *h = append_item(&e->hugepages, &e->n_hugepages, sizeof(*h), 1024);
        if (h)
                h->node = h->total = h->free = h->surp = h->size_kb = OOM_UNSET;
        return h;
}

struct oom_slab *event_add_slab(struct oom_event *e) {
        struct oom_slab *s = append_item(&e->slabs, &e->n_slabs, sizeof(*s), 4096);
        if (s)
                s->used_kb = s->total_kb = OOM_UNSET;
        return s;
}

const char *constraint_name(enum oom_constraint c) {
        switch (c) {
        case OOM_CONSTRAINT_NONE: return "NONE";
        case OOM_CONSTRAINT_CPUSET: return "CPUSET";
        case OOM_CONSTRAINT_MEMORY_POLICY: return "MEMORY_POLICY";
        case OOM_CONSTRAINT_MEMCG: return "MEMCG";
        case OOM_CONSTRAINT_UNKNOWN: break;
        }
        return NULL;
}

int64_t task_rss_kb(const struct oom_event *e, const struct oom_task *t) {
        if (!val_known(e->page_size_kb) || !val_known(t->rss))
                return OOM_UNSET;
        return sat_mul(t->rss, e->page_size_kb);
}

const struct oom_task *event_find_task(const struct oom_event *e, int64_t pid) {
        if (!val_known(pid))
                return NULL;
        for (size_t i = 0; i < e->n_tasks; i++)
                if (e->tasks[i].pid == pid)
                        return &e->tasks[i];
        return NULL;
}

int64_t event_victim_rss_kb(const struct oom_event *e) {
        if (!val_known(e->victim_anon_rss_kb))
                return OOM_UNSET;
        return add_known(add_known(e->victim_anon_rss_kb, e->victim_file_rss_kb), e->victim_shmem_rss_kb);
}

size_t event_largest_tasks(const struct oom_event *e, const struct oom_task **ret, size_t max) {
        size_t n = 0;
        /* insertion into a short sorted list: MAX is a screenful */
        for (size_t i = 0; i < e->n_tasks; i++) {
                const struct oom_task *t = &e->tasks[i];
                int64_t r = val_known(t->rss) ? t->rss : -1;
                size_t at = n;
                while (at > 0 && (val_known(ret[at - 1]->rss) ? ret[at - 1]->rss : -1) < r)
                        at--;
                if (at >= max)
                        continue;
                size_t last = n < max ? n : max - 1;
                for (size_t k = last; k > at; k--)
                        ret[k] = ret[k - 1];
                ret[at] = t;
                if (n < max)
                        n++;
        }
        return n;
}
