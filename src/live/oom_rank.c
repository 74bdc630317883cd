/* oom_rank.c — the OOM domains of a live snapshot and the kernel's kill
 * order in each (see oom_rank.h).  The points are badness.c's formula for
 * the running kernel; this file decides what the kernel feeds it:
 *
 *  - totalpages: the machine's RAM + swap (totalram_pages() +
 *    total_swap_pages, i.e. MemTotal + SwapTotal); a memory cgroup's
 *    mem_cgroup_get_max(): its limit plus the swap it may use, the smaller
 *    of its swap allowance (v2 memory.swap.max, v1 memsw - mem) and the
 *    machine's swap;
 *  - the candidates: every process of the domain with an mm; the global
 *    init (pid 1 outside a container) never, -1000 never (listed last as
 *    protected);
 *  - ties: select_bad_process() keeps the later of two equal tasks in its
 *    walk: for the machine, pid order for all but wrapped pids, so the
 *    higher pid; in a cgroup the walk goes cgroup by cgroup (pre-order),
 *    then in the order tasks joined, which /proc does not show: the higher
 *    pid is taken there too, an approximation for exact ties only.
 */
#include "oom_rank.h"

#include "badness.h"
#include "event.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int64_t kb_pages(int64_t kb, int64_t page_kb) {
        return kb == OOM_UNSET || kb < 0 ? 0 : kb / page_kb;
}

static int64_t known_or(int64_t v, int64_t dflt) { return v == OOM_UNSET ? dflt : v; }

static int64_t min_known(int64_t a, int64_t b) {
        if (a == OOM_UNSET)
                return b;
        if (b == OOM_UNSET)
                return a;
        return a < b ? a : b;
}

static void machine_domain(const struct system_mem *m, int64_t page_kb, struct oom_domain *d) {
        int64_t swap = known_or(m->swap_total_kb, 0), swap_free = known_or(m->swap_free_kb, 0);
        d->cgroup = -1;
        d->parent = -1;
        d->oom_group = false;
        d->totalpages = kb_pages(m->mem_total_kb, page_kb) + kb_pages(swap, page_kb);
        d->limit_kb = sat_add(m->mem_total_kb, swap);
        /* MemAvailable (3.14+) already counts what reclaim can free */
        int64_t avail = m->mem_available_kb != OOM_UNSET ? m->mem_available_kb : m->mem_free_kb;
        d->reclaimable_kb = OOM_UNSET;
        d->headroom_kb = avail == OOM_UNSET ? OOM_UNSET : sat_add(avail, swap_free);
        d->usage_kb = d->headroom_kb == OOM_UNSET ? OOM_UNSET : sat_sub(d->limit_kb, d->headroom_kb);
}

static void cgroup_domain(const struct proc_snapshot *s, size_t ci, int64_t page_kb, struct oom_domain *d) {
        const struct cgroup_mem *c = &s->cgroups[ci];
        int64_t host_swap = known_or(s->sys.swap_total_kb, 0);
        /* mem_cgroup_get_max(): memory.max + min(swap allowance, total swap) */
        int64_t swap_allow = min_known(c->swap_limit_kb, host_swap);
        /* ... only when the cgroup may swap at all: mem_cgroup_swappiness()
         * is v1's memory.swappiness, else vm.swappiness; at 0 reclaim
         * scans the file pages only and the kernel adds no swap */
        int swappiness = c->version == 1 && c->swappiness >= 0 ? c->swappiness : s->sys.swappiness;
        if (swap_allow < 0 || swappiness == 0)
                swap_allow = 0;
        d->cgroup = (ssize_t)ci;
        d->parent = 0;
        d->oom_group = c->oom_group == 1;
        d->totalpages = kb_pages(c->limit_kb, page_kb) + kb_pages(swap_allow, page_kb);
        if (d->totalpages <= 0)
                d->totalpages = 1;
        d->limit_kb = c->limit_kb;
        d->usage_kb = c->usage_kb;
        d->reclaimable_kb = c->file_kb;
        if (c->usage_kb == OOM_UNSET) {
                d->headroom_kb = OOM_UNSET;
                return;
        }
        int64_t room = c->limit_kb - c->usage_kb;
        if (room < 0)
                room = 0;
        room = sat_add(room, known_or(c->file_kb, 0));
        if (swap_allow > 0) {
                int64_t swap_room = sat_sub(swap_allow, known_or(c->swap_usage_kb, 0));
                swap_room = min_known(swap_room, s->sys.swap_free_kb);
                if (swap_room > 0) {
                        room = sat_add(room, swap_room);
                        d->swap_room_kb = swap_room;
                }
        }
        d->headroom_kb = room;
}

/* The global init is never chosen (oom_unkillable_task()); inside a pid
 * namespace pid 1 is an ordinary task.  procfs knows which on this
 * machine; for a captured tree, from 5.9 the kernel's own oom_score of 0
 * says it (killable tasks score at least 1000 * 2 / 3 - adj), before that
 * only a container view says pid 1 is a container's. */
static bool init_unkillable(const struct proc_snapshot *s, const struct badness_live *bl, bool container_view) {
        const struct proc_task *init = NULL;
        for (size_t i = 0; i < s->n_tasks && !init; i++)
                if (s->tasks[i].pid == 1)
                        init = &s->tasks[i];
        if (!init)
                return false;
        if (s->pid1_global_init >= 0)
                return s->pid1_global_init == 1;
        if (init->oom_score != PROCFS_INT_UNSET && bl->signed_scale)
                return init->oom_score == 0;
        return !container_view;
}

/* Read from inside a container: a cgroup path prefix was stripped, or the
 * hierarchy's root itself has a limit (the container's). */
static bool container_view(const struct proc_snapshot *s) {
        return s->cgroup_ns_prefix || (s->n_cgroups > 0 && strcmp(s->cgroups[0].path, "/") == 0 &&
                                       s->cgroups[0].limit_kb != OOM_UNSET);
}

/* What scoring a task needs from the whole build, decided once. */
struct rank_ctx {
        const struct proc_snapshot *s;
        int64_t page_kb;
        struct badness_live bl;
        bool init_unkillable;
};

static void score_task(const struct rank_ctx *rc, const struct oom_domain *d, size_t ti, struct rank_entry *e) {
        const struct proc_task *t = &rc->s->tasks[ti];
        int adj = t->oom_score_adj == PROCFS_INT_UNSET ? 0 : t->oom_score_adj;
        memset(e, 0, sizeof(*e));
        e->task = ti;
        e->pid = t->pid;
        e->rss_pages = kb_pages(t->vm_rss_kb, rc->page_kb);
        e->swap_pages = kb_pages(t->swap_kb, rc->page_kb);
        e->pgtables_pages = kb_pages(t->pgtables_kb, rc->page_kb);
        e->adj_pages = sat_mul(adj, d->totalpages / 1000);
        e->protected_task = adj == -1000 || (t->pid == 1 && rc->init_unkillable);
        int64_t base = sat_add(sat_add(e->rss_pages, e->swap_pages), e->pgtables_pages);
        e->points_without_adj = badness_live_points(&rc->bl, base, 0, d->totalpages, t->cap_sys_admin);
        /* the discount applied: a kernel before 4.17, and it changed the points */
        e->root_bonus = t->cap_sys_admin && rc->bl.root_bonus &&
                        e->points_without_adj != badness_live_points(&rc->bl, base, 0, d->totalpages, false);
        if (e->protected_task) {
                e->points = e->score = OOM_UNSET;
                return;
        }
        e->points = badness_live_points(&rc->bl, base, adj, d->totalpages, t->cap_sys_admin);
        e->score = badness_live_proc_score(&rc->bl, e->points, d->totalpages);
}

static int entry_cmp(const void *pa, const void *pb) {
        const struct rank_entry *a = pa, *b = pb;
        if (a->protected_task != b->protected_task)
                return a->protected_task ? 1 : -1;
        int64_t x = a->protected_task ? a->points_without_adj : a->points;
        int64_t y = b->protected_task ? b->points_without_adj : b->points;
        if (x != y)
                return x > y ? -1 : 1;
        return a->pid > b->pid ? -1 : a->pid < b->pid;
}

bool oom_rank_path_within(const char *path, const char *dir) {
        if (!path)
                return false;
        if (strcmp(dir, "/") == 0)
                return true;
        size_t n = strlen(dir);
        return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

const char *oom_rank_domain_path(const struct proc_snapshot *s, const struct oom_domain *d) {
        return d->cgroup < 0 ? NULL : s->cgroups[d->cgroup].path;
}

size_t oom_rank_domain_of(const struct oom_ranking *r, const struct proc_snapshot *s, size_t task) {
        const char *cg = s->tasks[task].cgroup;
        size_t best = 0, best_len = 0;
        if (!cg)
                return 0;
        for (size_t i = 1; i < r->n; i++) {
                const char *p = oom_rank_domain_path(s, &r->domains[i]);
                size_t n = strlen(p);
                if (oom_rank_path_within(cg, p) && (best == 0 || n > best_len)) {
                        best = i;
                        best_len = n;
                }
        }
        return best;
}

static int add_entry(struct oom_domain *d, size_t *cap, const struct rank_entry *e) {
        if (d->n == *cap) {
                size_t ncap = *cap ? *cap * 2 : 16;
                struct rank_entry *n = realloc(d->entries, ncap * sizeof(*n));
                if (!n)
                        return -ENOMEM;
                d->entries = n;
                *cap = ncap;
        }
        d->entries[d->n++] = *e;
        d->n_protected += e->protected_task;
        return 0;
}

/* Every domain holding a task gets an entry for it. */
static int fill_entries(const struct rank_ctx *rc, struct oom_ranking *r) {
        const struct proc_snapshot *s = rc->s;
        size_t *cap = calloc(r->n, sizeof(*cap));
        if (!cap)
                return -ENOMEM;
        int ret = 0;
        for (size_t ti = 0; ti < s->n_tasks && ret == 0; ti++) {
                struct rank_entry e;
                for (size_t di = 0; di < r->n && ret == 0; di++) {
                        struct oom_domain *d = &r->domains[di];
                        const char *p = oom_rank_domain_path(s, d);
                        if (p && !oom_rank_path_within(s->tasks[ti].cgroup, p))
                                continue;
                        score_task(rc, d, ti, &e);
                        ret = add_entry(d, &cap[di], &e);
                }
        }
        free(cap);
        return ret;
}

static void link_parents(const struct proc_snapshot *s, struct oom_ranking *r) {
        for (size_t i = 1; i < r->n; i++) {
                const char *p = oom_rank_domain_path(s, &r->domains[i]);
                size_t best_len = 0;
                r->domains[i].parent = 0;
                for (size_t j = 1; j < r->n; j++) {
                        const char *q = oom_rank_domain_path(s, &r->domains[j]);
                        size_t n = strlen(q);
                        if (j != i && n < strlen(p) && oom_rank_path_within(p, q) && n >= best_len) {
                                r->domains[i].parent = (ssize_t)j;
                                best_len = n;
                        }
                }
        }
        for (size_t i = 0; i < r->n; i++) {
                struct oom_domain *d = &r->domains[i];
                d->effective_headroom_kb = d->headroom_kb;
                d->limited_by = (ssize_t)i;
                for (ssize_t a = d->parent; a >= 0; a = r->domains[a].parent) {
                        int64_t h = r->domains[a].headroom_kb;
                        if (h != OOM_UNSET && (d->effective_headroom_kb == OOM_UNSET || h < d->effective_headroom_kb)) {
                                d->effective_headroom_kb = h;
                                d->limited_by = a;
                        }
                }
        }
}

void oom_rank_free(struct oom_ranking *r) {
        if (!r)
                return;
        for (size_t i = 0; i < r->n; i++)
                free(r->domains[i].entries);
        free(r->domains);
        memset(r, 0, sizeof(*r));
}

int oom_rank_build(const struct proc_snapshot *s, int64_t page_kb, struct oom_ranking *ret) {
        struct oom_ranking r = { 0 };
        if (page_kb <= 0)
                page_kb = 4;
        r.page_kb = page_kb;
        struct rank_ctx rc = { .s = s, .page_kb = page_kb };
        badness_live_init(&rc.bl, s->sys.kernel_release);
        rc.init_unkillable = init_unkillable(s, &rc.bl, container_view(s));
        r.formula = rc.bl.formula;
        r.per_mille = rc.bl.per_mille;
        r.domains = calloc(s->n_cgroups + 1, sizeof(*r.domains));
        if (!r.domains)
                return -ENOMEM;
        machine_domain(&s->sys, page_kb, &r.domains[r.n++]);
        for (size_t ci = 0; ci < s->n_cgroups; ci++)
                if (s->cgroups[ci].limit_kb != OOM_UNSET)
                        cgroup_domain(s, ci, page_kb, &r.domains[r.n++]);
        link_parents(s, &r);
        if (fill_entries(&rc, &r) < 0) {
                oom_rank_free(&r);
                return -ENOMEM;
        }
        for (size_t i = 0; i < r.n; i++)
                if (r.domains[i].n > 1)
                        qsort(r.domains[i].entries, r.domains[i].n, sizeof(struct rank_entry), entry_cmp);
        *ret = r;
        return 0;
}
