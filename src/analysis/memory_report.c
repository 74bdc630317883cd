/* memory_report.c — where the memory went for one OOM event
 * (memory_report.h): the partition of RAM from the Mem-Info block, task RSS
 * by comm and by uid, each zone against its watermarks, the free chunks at
 * the requested order, why the allocation failed, and the memcg usage
 * breakdown.  Pure: reads one event, allocates only the result arrays.
 *
 * Kernel-sourced numbers are hostile: every sum and product saturates
 * (sat_add/sat_mul), and a value the report lacks stays OOM_UNSET rather
 * than becoming a guess. */
#include "memory_report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *zone_state_name(enum zone_state s) {
        switch (s) {
        case ZONE_OK: return "OK";
        case ZONE_BELOW_LOW: return "BELOW_LOW";
        case ZONE_BELOW_MIN: return "BELOW_MIN";
        case ZONE_STATE_UNKNOWN: break;
        }
        return "UNKNOWN";
}

const char *alloc_failure_name(enum alloc_failure f) {
        switch (f) {
        case ALLOC_FAILURE_MEMCG_LIMIT: return "MEMCG_LIMIT";
        case ALLOC_FAILURE_WATERMARK: return "WATERMARK";
        case ALLOC_FAILURE_FRAGMENTATION: return "FRAGMENTATION";
        case ALLOC_FAILURE_MANUAL: return "MANUAL";
        case ALLOC_FAILURE_UNKNOWN: break;
        }
        return "UNKNOWN";
}

/* ------------------------------------------------------------ arithmetic */

static int64_t pages_kb(int64_t pages, int64_t page_kb) {
        if (!val_known(pages) || !val_known(page_kb))
                return OOM_UNSET;
        return sat_mul(pages, page_kb);
}

/* a − b clamped at 0, unknown if either is */
static int64_t sub_floor0(int64_t a, int64_t b) {
        if (!val_known(a) || !val_known(b))
                return OOM_UNSET;
        int64_t d = sat_sub(a, b);
        return d < 0 ? 0 : d;
}

static int64_t permille(int64_t part, int64_t whole) {
        if (!val_known(part) || !val_known(whole) || whole <= 0)
                return OOM_UNSET;
        if (part < 0)
                part = 0;
        return sat_mul(part, 1000) / whole;
}

/* ------------------------------------------------------- the RAM partition */

enum { SRC_MEMINFO = 1u, SRC_NODES = 2u, SRC_ZONES = 4u };

/* One category of the breakdown and where the report may state it.  The
 * global counter line (pages) is read first; when a log lost its
 * continuation lines (syslog keeping only the first physical line of the
 * multi-line record, seed 000), the per-node lines (kB, 4.8+) and then the
 * per-zone lines (kB; 2.6.32-4.7 carry the full set) are summed instead. */
struct category {
        const char *meminfo[3];   /* keys of the global counters */
        const char *bag[3];       /* the same quantity in node and zone lines */
        int required;             /* the first REQUIRED keys must all be present */
        unsigned sources;
};

static bool bag_sum(const struct kv_list *kv, const char *const keys[3], int required, int64_t *ret_sum) {
        int64_t s = 0;
        for (int i = 0; i < 3 && keys[i]; i++) {
                int64_t v = kv_get(kv, keys[i]);
                if (!val_known(v)) {
                        if (i < required)
                                return false;
                        continue;
                }
                s = sat_add(s, v);
        }
        *ret_sum = s;
        return true;
}

static int64_t category_kb(const struct oom_event *e, const struct category *c) {
        int64_t sum, total;
        if ((c->sources & SRC_MEMINFO) && val_known(e->page_size_kb) &&
            bag_sum(&e->meminfo, c->meminfo, c->required, &sum))
                return sat_mul(sum, e->page_size_kb);
        /* a partial sum over the nodes or zones would understate the
         * quantity: a source is used only when every member states it */
        if ((c->sources & SRC_NODES) && e->n_nodes > 0) {
                total = 0;
                size_t i;
                for (i = 0; i < e->n_nodes; i++) {
                        if (!bag_sum(&e->nodes[i].fields, c->bag, c->required, &sum))
                                break;
                        total = sat_add(total, sum);
                }
                if (i == e->n_nodes)
                        return total;
        }
        if (c->sources & SRC_ZONES) {
                total = 0;
                size_t used = 0, i;
                for (i = 0; i < e->n_zones; i++) {
                        if (!e->zones[i].has_zone_line)
                                continue;
                        if (!bag_sum(&e->zones[i].fields, c->bag, c->required, &sum))
                                break;
                        total = sat_add(total, sum);
                        used++;
                }
                if (i == e->n_zones && used > 0)
                        return total;
        }
        return OOM_UNSET;
}

/* Split LRU (2.6.28+): shmem/tmpfs pages are swap-backed and live on the
 * ANON lists, while NR_FILE_PAGES ("total pagecache pages", /proc/meminfo
 * Cached) counts them as page cache together with the swap cache.  The
 * file LRU therefore holds page cache without shmem.  Proof in a real
 * report (proxmox memcg, 5.15): active_anon + inactive_anon =
 * 534540288 + 31307640832 = 31842181120 = anon 31154200576 + shmem
 * 687980544, while active_file + inactive_file = 0 and file ≈ shmem.
 * So the partition uses anon = anon LRU − shmem, shmem, file = file LRU;
 * isolated pages (taken off the LRU by reclaim or migration for a moment)
 * are added back to their side. */
static const struct category CAT_ANON_LRU = {
        { "active_anon", "inactive_anon", "isolated_anon" },
        { "active_anon", "inactive_anon", "isolated(anon)" }, 2, SRC_MEMINFO | SRC_NODES | SRC_ZONES };
static const struct category CAT_FILE_LRU = {
        { "active_file", "inactive_file", "isolated_file" },
        { "active_file", "inactive_file", "isolated(file)" }, 2, SRC_MEMINFO | SRC_NODES | SRC_ZONES };
/* Unevictable LRU (2.6.28+): mlocked pages, ramfs, SHM_LOCKed shmem; on
 * neither of the lists above. */
static const struct category CAT_UNEVICTABLE = {
        { "unevictable" }, { "unevictable" }, 1, SRC_MEMINFO | SRC_NODES | SRC_ZONES };
/* shmem: global counter 2.6.32+, node line 4.8+, zone line 2.6.32-4.7 */
static const struct category CAT_SHMEM = {
        { "shmem" }, { "shmem" }, 1, SRC_MEMINFO | SRC_NODES | SRC_ZONES };
/* slab: global counters; zone lines up to 4.7.  Node lines do not print them. */
static const struct category CAT_SLAB_R = {
        { "slab_reclaimable" }, { "slab_reclaimable" }, 1, SRC_MEMINFO | SRC_NODES | SRC_ZONES };
static const struct category CAT_SLAB_U = {
        { "slab_unreclaimable" }, { "slab_unreclaimable" }, 1, SRC_MEMINFO | SRC_NODES | SRC_ZONES };
/* kernel_stack is never a global counter: zone line up to ~5.8, node line
 * from ~5.9 (kernel-oom-report §3.4/3.5). */
static const struct category CAT_KSTACK = {
        { NULL }, { "kernel_stack" }, 1, SRC_NODES | SRC_ZONES };
/* page tables: global counter (pages); node line ~6.1+, zone line before.
 * sec_pagetables (6.1+, KVM secondary page tables) are page tables too. */
static const struct category CAT_PAGETABLES = {
        { "pagetables", "sec_pagetables" }, { "pagetables", "sec_pagetables" }, 1,
        SRC_MEMINFO | SRC_NODES | SRC_ZONES };
/* free: global counter; the zone lines' free: summed otherwise */
static const struct category CAT_FREE = { { "free" }, { "free" }, 1, SRC_MEMINFO | SRC_ZONES };

/* hugetlb pools: "Node N hugepages_total=… hugepages_size=…kB", one line
 * per node and page size (mm/hugetlb.c).  Pool pages, free or not, are
 * gone from the page allocator. */
static int64_t hugepages_kb(const struct oom_event *e) {
        int64_t total = OOM_UNSET;
        for (size_t i = 0; i < e->n_hugepages; i++) {
                const struct oom_hugepages *h = &e->hugepages[i];
                if (val_known(h->total) && val_known(h->size_kb))
                        total = add_known(total, sat_mul(h->total, h->size_kb));
        }
        return total;
}

static void fill_breakdown(const struct oom_event *e, struct memory_report *r) {
        int64_t ps = r->page_size_kb;
        r->ram_kb = pages_kb(e->ram_pages, ps);
        /* "pages RAM" is Σ zone->present_pages over every populated zone
         * (lib/show_mem.c, mm/show_mem.c); the zone lines print present:
         * (2.6.18+), so the two agree unless the log lost a zone line or
         * a digit. */
        r->zones_present_kb = OOM_UNSET;
        for (size_t i = 0; i < e->n_zones; i++) {
                if (!e->zones[i].has_zone_line)
                        continue;
                if (!val_known(e->zones[i].present_kb)) { /* a damaged zone line: no partial sum */
                        r->zones_present_kb = OOM_UNSET;
                        break;
                }
                r->zones_present_kb = add_known(r->zones_present_kb, e->zones[i].present_kb);
        }
        r->swap_total_kb = e->total_swap_kb;
        r->swap_free_kb = e->free_swap_kb;
        r->swap_used_kb = sub_floor0(e->total_swap_kb, e->free_swap_kb);
        r->swap_used_permille = permille(r->swap_used_kb, r->swap_total_kb);

        r->shmem_kb = category_kb(e, &CAT_SHMEM);
        int64_t anon_lru = category_kb(e, &CAT_ANON_LRU);
        r->anon_kb = val_known(r->shmem_kb) ? sub_floor0(anon_lru, r->shmem_kb) : anon_lru;
        r->pagecache_kb = pages_kb(e->pagecache_pages, ps);
        r->swapcache_kb = pages_kb(e->swapcache_pages, ps);
        r->file_kb = category_kb(e, &CAT_FILE_LRU);
        if (!val_known(r->file_kb) && val_known(r->pagecache_kb))
                /* no LRU counters: page cache less what is not on the file LRU */
                r->file_kb = sub_floor0(sub_floor0(r->pagecache_kb, add_known(r->shmem_kb, 0)),
                                        add_known(r->swapcache_kb, 0));
        r->unevictable_kb = category_kb(e, &CAT_UNEVICTABLE);
        r->slab_reclaimable_kb = category_kb(e, &CAT_SLAB_R);
        r->slab_unreclaimable_kb = category_kb(e, &CAT_SLAB_U);
        r->kernel_stack_kb = category_kb(e, &CAT_KSTACK);
        r->pagetables_kb = category_kb(e, &CAT_PAGETABLES);
        r->hugepages_kb = hugepages_kb(e);
        /* "pages reserved" = Σ zone present − managed (lib/show_mem.c):
         * part of "pages RAM", never handed to the buddy allocator
         * (kernel image, memmap, crashkernel, firmware holes). */
        r->reserved_kb = pages_kb(e->reserved_pages, ps);
        r->free_kb = category_kb(e, &CAT_FREE);
        r->ram_used_permille = permille(sub_floor0(r->ram_kb, r->free_kb), r->ram_kb);

        /* What the report does not itemise (vmalloc, percpu, driver pages,
         * kernel_misc_reclaimable, and any category above it lacks) is left
         * over.  Counters are sampled one after another while the system
         * runs, so the sum can exceed RAM slightly: clamp at 0. */
        const int64_t parts[] = { r->anon_kb, r->shmem_kb, r->file_kb, r->unevictable_kb,
                                  r->slab_reclaimable_kb, r->slab_unreclaimable_kb, r->kernel_stack_kb,
                                  r->pagetables_kb, r->hugepages_kb, r->reserved_kb, r->free_kb };
        int64_t sum = OOM_UNSET;
        for (size_t i = 0; i < sizeof(parts) / sizeof(*parts); i++)
                sum = add_known(sum, parts[i]);
        r->unaccounted_kb = val_known(sum) ? sub_floor0(r->ram_kb, sum) : OOM_UNSET;
}

/* ------------------------------------------------------------ task table */

static void fill_task_sums(const struct oom_event *e, struct memory_report *r) {
        int64_t ps = r->page_size_kb;
        int64_t rss = OOM_UNSET, swap = OOM_UNSET, pgt = OOM_UNSET;
        for (size_t i = 0; i < e->n_tasks; i++) {
                const struct oom_task *t = &e->tasks[i];
                rss = add_known(rss, t->rss);
                swap = add_known(swap, t->swapents);
                /* pgtables_bytes (4.15+) is bytes; nr_ptes (3.8-4.14) and
                 * nr_pmds (4.0-4.14) count page-table pages */
                if (val_known(t->pgtables_bytes))
                        pgt = add_known(pgt, t->pgtables_bytes / 1024);
                else if (val_known(t->nr_ptes) && val_known(ps))
                        pgt = add_known(pgt, sat_mul(add_known(t->nr_ptes, t->nr_pmds), ps));
        }
        r->tasks_rss_kb = pages_kb(rss, ps);
        r->tasks_swap_kb = pages_kb(swap, ps);
        r->tasks_pgtables_kb = pgt;
}

static int cmp_by_comm(const void *a, const void *b) {
        const struct oom_task *x = *(const struct oom_task *const *)a, *y = *(const struct oom_task *const *)b;
        return strcmp(x->comm, y->comm);
}

static int cmp_by_uid(const void *a, const void *b) {
        const struct oom_task *x = *(const struct oom_task *const *)a, *y = *(const struct oom_task *const *)b;
        return (x->uid > y->uid) - (x->uid < y->uid);
}

/* While grouping, rss_kb and swap_kb hold pages (OOM_UNSET when no row of
 * the group states them); they become kB after sorting. */
static int cmp_group(const void *a, const void *b) {
        const struct rss_group *x = a, *y = b;
        if (x->rss_kb != y->rss_kb)
                return x->rss_kb < y->rss_kb ? 1 : -1; /* OOM_UNSET is the smallest */
        if (x->tasks != y->tasks)
                return x->tasks < y->tasks ? 1 : -1;
        return strcmp(x->key, y->key);
}

static bool same_group(const struct oom_task *a, const struct oom_task *b, bool by_uid) {
        return by_uid ? a->uid == b->uid : strcmp(a->comm, b->comm) == 0;
}

/* Groups the rows of the task table by comm or by uid ("5 × python").
 * The table lists one row per process (2.6.36+; thread-group leaders
 * before), with rss and swapents in pages.  Rows without a uid are left
 * out of the uid grouping.  Sorting first keeps hostile tables of
 * millions of distinct names at O(n log n). */
static int group_tasks(const struct oom_event *e, int64_t ps, bool by_uid, struct rss_group **ret, size_t *ret_n) {
        *ret = NULL;
        *ret_n = 0;
        if (e->n_tasks == 0)
                return 0;
        const struct oom_task **rows = calloc(e->n_tasks, sizeof(*rows));
        if (!rows)
                return -ENOMEM;
        size_t n = 0;
        for (size_t i = 0; i < e->n_tasks; i++)
                if (!by_uid || val_known(e->tasks[i].uid))
                        rows[n++] = &e->tasks[i];
        qsort(rows, n, sizeof(*rows), by_uid ? cmp_by_uid : cmp_by_comm);
        size_t n_groups = 0;
        for (size_t i = 0; i < n; i++)
                if (i == 0 || !same_group(rows[i - 1], rows[i], by_uid))
                        n_groups++;
        struct rss_group *g = n_groups ? calloc(n_groups, sizeof(*g)) : NULL;
        if (n_groups && !g) {
                free(rows);
                return -ENOMEM;
        }
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
                const struct oom_task *t = rows[i];
                if (i == 0 || !same_group(rows[i - 1], t, by_uid)) {
                        struct rss_group *ng = &g[k++];
                        if (by_uid)
                                snprintf(ng->key, sizeof(ng->key), "%" PRId64, t->uid);
                        else
                                copy_field(ng->key, sizeof(ng->key), t->comm, strnlen(t->comm, sizeof(t->comm)));
                        ng->rss_kb = ng->swap_kb = OOM_UNSET;
                }
                struct rss_group *cur = &g[k - 1];
                cur->tasks++;
                cur->rss_kb = add_known(cur->rss_kb, t->rss);
                cur->swap_kb = add_known(cur->swap_kb, t->swapents);
        }
        free(rows);
        if (n_groups > 1)
                qsort(g, n_groups, sizeof(*g), cmp_group);
        for (size_t i = 0; i < n_groups; i++) {
                g[i].rss_kb = pages_kb(g[i].rss_kb, ps);
                g[i].swap_kb = pages_kb(g[i].swap_kb, ps);
        }
        *ret = g;
        *ret_n = n_groups;
        return 0;
}

/* ----------------------------------------------------------------- zones */

/* lowmem_reserve[] (pages, one entry per zone type of the node) protects a
 * lower zone from allocations that could have used a higher one: the
 * allocator's watermark check is free > min + lowmem_reserve[highest zone
 * of the request] (__zone_watermark_ok).  The request's highest zone is
 * not in the report; ordinary user and kernel allocations may use the
 * highest zones, so the largest entry is taken. */
static int64_t zone_reserve_kb(const struct oom_zone *z, int64_t ps) {
        if (z->n_reserve <= 0 || !val_known(ps))
                return OOM_UNSET;
        int64_t max = 0;
        for (int i = 0; i < z->n_reserve && i < OOM_MAX_RESERVE; i++)
                if (val_known(z->lowmem_reserve[i]) && z->lowmem_reserve[i] > max)
                        max = z->lowmem_reserve[i];
        return sat_mul(max, ps);
}

/* Buddy line: "count*sizekB" per order, size = page size << order.  A
 * request of order N is served from any free block of order >= N (split
 * down), so the memory that could serve it is Σ_{o>=N} count_o × (size_0 << o). */
static void zone_chunks(const struct oom_zone *z, int64_t order, struct zone_report *zr) {
        zr->free_at_order_kb = zr->chunks_at_order = OOM_UNSET;
        /* a line without its "= NkB" total was cut or garbled in the log
         * (parseoom's "4*5 12kB"): its counts are not all there */
        if (!z->has_buddy_line || !val_known(z->buddy_total_kb) || !val_known(z->order0_kb) || !val_known(order))
                return;
        int64_t from = order < 0 ? 0 : order; /* sysrq (order -1): any block */
        int64_t kb = 0, chunks = 0;
        for (int o = 0; o < z->n_orders && o < OOM_MAX_ORDERS; o++) {
                if (o < from || !val_known(z->free_chunks[o]))
                        continue;
                chunks = sat_add(chunks, z->free_chunks[o]);
                kb = sat_add(kb, sat_mul(z->free_chunks[o], sat_mul(z->order0_kb, INT64_C(1) << o)));
        }
        zr->free_at_order_kb = kb;
        zr->chunks_at_order = chunks;
}

static void zone_fill(const struct oom_event *e, const struct oom_zone *z, int64_t ps, struct zone_report *zr) {
        zr->node = z->node;
        copy_field(zr->name, sizeof(zr->name), z->name, strnlen(z->name, sizeof(z->name)));
        zr->free_kb = z->free_kb;
        zr->min_kb = z->min_kb;
        zr->low_kb = z->low_kb;
        zr->high_kb = z->high_kb;
        zr->managed_kb = z->managed_kb;
        zr->reserve_kb = zone_reserve_kb(z, ps);
        zr->state = ZONE_STATE_UNKNOWN;
        zr->usable_kb = OOM_UNSET;
        if (z->has_zone_line && val_known(z->free_kb) && val_known(z->min_kb)) {
                /* min: below it only atomic, high-priority and OOM-victim requests succeed;
                 * low: below it kswapd is woken (mm/page_alloc.c). */
                if (z->free_kb < z->min_kb)
                        zr->state = ZONE_BELOW_MIN;
                else if (val_known(z->low_kb) && z->free_kb < z->low_kb)
                        zr->state = ZONE_BELOW_LOW;
                else
                        zr->state = ZONE_OK;
                zr->usable_kb = sub_floor0(z->free_kb, sat_add(z->min_kb, add_known(zr->reserve_kb, 0)));
        }
        zone_chunks(z, e->order, zr);
}

/* Nodes a constrained allocation could use: the task's cpuset
 * (mems_allowed) for CONSTRAINT_CPUSET, the mempolicy nodemask for
 * CONSTRAINT_MEMORY_POLICY (mm/oom_kill.c constrained_alloc).  A list
 * "0-1,4" of up to MAX_NUMNODES (1024) nodes; anything else: no filter. */
#define NODESET_MAX 1024
struct nodeset {
        bool filter;
        unsigned char bits[NODESET_MAX / 8];
};

static bool parse_num(const char **p, const char *end, long *ret) {
        long v = 0;
        const char *s = *p;
        while (*p < end && **p >= '0' && **p <= '9' && v < NODESET_MAX) {
                v = v * 10 + (**p - '0');
                (*p)++;
        }
        if (*p == s || v >= NODESET_MAX)
                return false;
        *ret = v;
        return true;
}

static void nodeset_parse(const char *list, struct nodeset *ns) {
        memset(ns, 0, sizeof(*ns));
        size_t len = strnlen(list, 64);
        const char *p = list, *end = list + len;
        if (len == 0)
                return;
        while (p < end) {
                long a, b;
                if (!parse_num(&p, end, &a))
                        return;
                b = a;
                if (p < end && *p == '-') {
                        p++;
                        if (!parse_num(&p, end, &b) || b < a)
                                return;
                }
                for (long i = a; i <= b; i++)
                        ns->bits[i / 8] |= (unsigned char)(1u << (i % 8));
                if (p < end && *p != ',')
                        return;
                if (p < end)
                        p++;
        }
        ns->filter = true;
}

static bool node_allowed(const struct nodeset *ns, int64_t node) {
        if (!ns->filter || !val_known(node))
                return true;
        if (node < 0 || node >= NODESET_MAX)
                return false;
        return ns->bits[node / 8] & (1u << (node % 8));
}

static int fill_zones(const struct oom_event *e, struct memory_report *r) {
        r->zones = NULL;
        r->n_zones = 0;
        if (e->n_zones == 0)
                return 0;
        r->zones = calloc(e->n_zones, sizeof(*r->zones));
        if (!r->zones)
                return -ENOMEM;
        for (size_t i = 0; i < e->n_zones; i++)
                zone_fill(e, &e->zones[i], r->page_size_kb, &r->zones[i]);
        r->n_zones = e->n_zones;
        return 0;
}

/* The node shortest of memory: the least Σ usable_kb over its zones; ties
 * (typically all nodes at 0) go to the deepest Σ (free − min − reserve). */
static void find_short_node(struct memory_report *r, const struct nodeset *ns) {
        r->short_node = r->short_node_usable_kb = OOM_UNSET;
        int64_t best_headroom = 0;
        for (size_t i = 0; i < r->n_zones; i++) {
                int64_t node = r->zones[i].node;
                if (!val_known(node) || !node_allowed(ns, node) || r->zones[i].state == ZONE_STATE_UNKNOWN)
                        continue;
                bool seen = false; /* the node was summed at its first zone */
                for (size_t j = 0; j < i && !seen; j++)
                        seen = r->zones[j].node == node && r->zones[j].state != ZONE_STATE_UNKNOWN;
                if (seen)
                        continue;
                int64_t usable = 0, headroom = 0;
                for (size_t j = i; j < r->n_zones; j++) {
                        const struct zone_report *z = &r->zones[j];
                        if (z->node != node || z->state == ZONE_STATE_UNKNOWN)
                                continue;
                        usable = sat_add(usable, z->usable_kb);
                        headroom = sat_add(headroom, sat_sub(z->free_kb, sat_add(z->min_kb, add_known(z->reserve_kb, 0))));
                }
                if (!val_known(r->short_node) || usable < r->short_node_usable_kb ||
                    (usable == r->short_node_usable_kb && headroom < best_headroom)) {
                        r->short_node = node;
                        r->short_node_usable_kb = usable;
                        best_headroom = headroom;
                }
        }
}

/* ---------------------------------------------------------------- memcg */

static void fill_memcg(const struct oom_event *e, struct memory_report *r) {
        r->memcg_usage_kb = e->memcg_usage_kb;
        r->memcg_limit_kb = e->memcg_limit_kb;
        r->memcg_used_permille = memcg_limit_is_max(e->memcg_limit_kb) ? OOM_UNSET
                                                                         : permille(e->memcg_usage_kb, e->memcg_limit_kb);
        if (val_known(e->swap_usage_kb) || val_known(e->swap_limit_kb)) {
                /* cgroup v2: "swap: usage …kB, limit …kB" (memory.swap.*) */
                r->memcg_swap_usage_kb = e->swap_usage_kb;
                r->memcg_swap_limit_kb = e->swap_limit_kb;
        } else {
                /* cgroup v1: "memory+swap" counts memory and swap together */
                r->memcg_swap_usage_kb = sub_floor0(e->memsw_usage_kb, e->memcg_usage_kb);
                r->memcg_swap_limit_kb = memcg_limit_is_max(e->memsw_limit_kb)
                                                 ? e->memsw_limit_kb
                                                 : sub_floor0(e->memsw_limit_kb, e->memcg_limit_kb);
        }

        /* memory.stat, sizes stored as "<key>_kb".  v2 (and v1 in v2
         * format): anon excludes shmem, file includes it; "kernel" (5.18+)
         * is the kmem counter (stacks, page tables, percpu, vmalloc,
         * slab), sockets are charged beside it.  v1 format: rss, cache
         * (with shmem), total_* for the hierarchy the limit applies to;
         * kernel memory is the "kmem:" line, which v1 charges to the
         * memory counter too (6.18 report: rss 65284 + cache 0 + kmem 252
         * = usage 65536 kB). */
        const struct kv_list *st = &e->memcg_stats;
        r->memcg_anon_kb = r->memcg_file_kb = r->memcg_shmem_kb = r->memcg_kernel_kb = OOM_UNSET;
        if (val_known(kv_get(st, "anon_kb"))) {
                r->memcg_anon_kb = kv_get(st, "anon_kb");
                r->memcg_file_kb = kv_get(st, "file_kb");
                r->memcg_shmem_kb = kv_get(st, "shmem_kb");
                int64_t kernel = kv_get(st, "kernel_kb");
                if (!val_known(kernel)) {
                        int64_t slab = add_known(kv_get(st, "slab_reclaimable_kb"), kv_get(st, "slab_unreclaimable_kb"));
                        if (!val_known(slab))
                                slab = kv_get(st, "slab_kb");
                        static const char *const parts[] = { "kernel_stack_kb", "pagetables_kb", "sec_pagetables_kb",
                                                             "percpu_kb", "vmalloc_kb" };
                        kernel = slab;
                        for (size_t i = 0; i < sizeof(parts) / sizeof(*parts); i++)
                                kernel = add_known(kernel, kv_get(st, parts[i]));
                }
                r->memcg_kernel_kb = add_known(kernel, kv_get(st, "sock_kb"));
        } else if (val_known(kv_get(st, "total_rss_kb")) || val_known(kv_get(st, "rss_kb"))) {
                bool total = val_known(kv_get(st, "total_rss_kb"));
                r->memcg_anon_kb = kv_get(st, total ? "total_rss_kb" : "rss_kb");
                r->memcg_file_kb = kv_get(st, total ? "total_cache_kb" : "cache_kb");
                r->memcg_shmem_kb = kv_get(st, total ? "total_shmem_kb" : "shmem_kb");
                r->memcg_kernel_kb = e->kmem_usage_kb;
        }
        int64_t sum = add_known(add_known(r->memcg_anon_kb, r->memcg_file_kb), r->memcg_kernel_kb);
        r->memcg_unaccounted_kb = val_known(r->memcg_anon_kb) ? sub_floor0(e->memcg_usage_kb, sum) : OOM_UNSET;
}

/* --------------------------------------------------------- failure reason */

static bool memcg_at_limit(const struct oom_event *e) {
        if (val_known(e->memcg_usage_kb) && val_known(e->memcg_limit_kb) && e->memcg_limit_kb > 0 &&
            e->memcg_usage_kb >= e->memcg_limit_kb)
                return true;
        return val_known(e->memsw_usage_kb) && val_known(e->memsw_limit_kb) && e->memsw_limit_kb > 0 &&
               e->memsw_usage_kb >= e->memsw_limit_kb;
}

/* Why the allocation failed, from the report alone:
 *  - MANUAL: sysrq-f prints order=-1 (moom_callback); nothing failed.
 *  - MEMCG_LIMIT: a memcg OOM (constraint MEMCG) or usage at its limit;
 *    the memcg path prints no Mem-Info, and zones say nothing about it.
 *  - The zones the request could use: those with a zone line, on the
 *    nodes of the cpuset or mempolicy that constrained it.
 *  - FRAGMENTATION: order > 0 and some such zone has free memory above
 *    min + lowmem_reserve but no free block of the order or larger (for
 *    order > 0 __zone_watermark_ok also wants one such block), while no
 *    zone had both.  Orders above PAGE_ALLOC_COSTLY_ORDER (3) rarely reach
 *    the OOM killer at all (__alloc_pages_may_oom gives up on them), so
 *    such a report is a fragmentation report almost by construction.
 *  - WATERMARK: every such zone at or below its low watermark +
 *    lowmem_reserve.  Not min: the counters are printed after the failed
 *    check, while reclaim and exiting tasks keep freeing pages, and the
 *    very last attempt before the kill asks for the HIGH watermark
 *    (__alloc_pages_may_oom, ALLOC_WMARK_HIGH); real reports show zones
 *    a few hundred kB above min (seed 000: Node 1 Normal 46612 > min 45816,
 *    low 57268).  A zone above low was not what ran out.
 *  - otherwise UNKNOWN (e.g. a GFP_DMA32 request failing while Normal had
 *    memory: the report does not say which zones the request allowed). */
static enum alloc_failure failure_reason(const struct oom_event *e, const struct memory_report *r,
                                         const struct nodeset *ns) {
        if (e->manual || (val_known(e->order) && e->order == -1))
                return ALLOC_FAILURE_MANUAL;
        if (e->constraint == OOM_CONSTRAINT_MEMCG || memcg_at_limit(e))
                return ALLOC_FAILURE_MEMCG_LIMIT;
        size_t eligible = 0, exhausted = 0;
        bool usable_without_chunk = false, usable_with_chunk = false;
        for (size_t i = 0; i < r->n_zones; i++) {
                const struct zone_report *z = &r->zones[i];
                if (z->state == ZONE_STATE_UNKNOWN || !node_allowed(ns, z->node))
                        continue;
                eligible++;
                int64_t low = val_known(z->low_kb) ? z->low_kb : z->min_kb;
                if (z->free_kb <= sat_add(low, add_known(z->reserve_kb, 0)))
                        exhausted++;
                if (z->usable_kb > 0 && val_known(z->chunks_at_order)) {
                        if (z->chunks_at_order > 0)
                                usable_with_chunk = true;
                        else
                                usable_without_chunk = true;
                }
        }
        if (eligible == 0)
                return ALLOC_FAILURE_UNKNOWN;
        if (val_known(e->order) && e->order > 0 && usable_without_chunk && !usable_with_chunk)
                return ALLOC_FAILURE_FRAGMENTATION;
        if (exhausted == eligible)
                return ALLOC_FAILURE_WATERMARK;
        return ALLOC_FAILURE_UNKNOWN;
}

/* ------------------------------------------------------------------ API */

int memory_report_compute(const struct oom_event *e, struct memory_report *ret) {
        struct memory_report r;
        memset(&r, 0, sizeof(r));
        r.page_size_kb = e->page_size_kb;
        fill_breakdown(e, &r);
        fill_task_sums(e, &r);
        fill_memcg(e, &r);
        int err = group_tasks(e, r.page_size_kb, false, &r.by_comm, &r.n_by_comm);
        if (err == 0)
                err = group_tasks(e, r.page_size_kb, true, &r.by_uid, &r.n_by_uid);
        if (err == 0)
                err = fill_zones(e, &r);
        if (err < 0) {
                memory_report_free(&r);
                return err;
        }
        struct nodeset ns;
        memset(&ns, 0, sizeof(ns));
        if (e->constraint == OOM_CONSTRAINT_CPUSET)
                nodeset_parse(e->mems_allowed, &ns);
        else if (e->constraint == OOM_CONSTRAINT_MEMORY_POLICY)
                nodeset_parse(e->nodemask, &ns);
        find_short_node(&r, &ns);
        r.failure = failure_reason(e, &r, &ns);
        *ret = r;
        return 0;
}

void memory_report_free(struct memory_report *r) {
        if (!r)
                return;
        free(r->by_comm);
        free(r->by_uid);
        free(r->zones);
        r->by_comm = r->by_uid = NULL;
        r->zones = NULL;
        r->n_by_comm = r->n_by_uid = r->n_zones = 0;
}
