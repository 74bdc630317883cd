/* badness.c — the OOM killer's choice recomputed from one event's task
 * table: oom_badness(), the selection loop, the printed score and the
 * totalpages denominator (constrained_alloc(), mem_cgroup_get_limit() /
 * mem_cgroup_get_max()) of each kernel generation.  Pure: no I/O.
 *
 * Sources read (mm/oom_kill.c, mm/memcontrol.c, patches on linux-mm):
 *  - 2.6.36 a63d83f427fb "oom: badness heuristic rewrite": per mille
 *    inside oom_badness(), root -30, clamp 1..1000.
 *  - 3.5 a7f638f999ff "normalize oom scores to oom_score_adj scale only
 *    for userspace" + "fix and cleanup oom score calculations" (3.5-rc):
 *    points in pages, `adj -= 30` for root, `adj *= totalpages / 1000`,
 *    select_bad_process() ends with `chosen_points * 1000 / totalpages`.
 *  - 3.14 778c14affaf9 "base root bonus on current usage":
 *    `points -= (points * 3) / 100`.
 *  - 4.17 "remove 3% bonus for CAP_SYS_ADMIN processes" (mmotm since-4.16).
 *  - 5.9 9066e5cfb73c "make the calculation of oom badness more accurate":
 *    long points, LONG_MIN for the unkillable, no clamp to 1 (also taken
 *    into some 5.4.y/5.10.y stables; it only changes the order among tasks
 *    whose adj drives them to <= 0).
 */
#include "badness.h"

#include "i18n.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum gen { GEN_OLD, GEN_2_6_36, GEN_3_5, GEN_3_14, GEN_4_17, GEN_5_9 };

static const char *const gen_formula[] = {
        [GEN_OLD] = NULL,
        [GEN_2_6_36] = "2.6.36-3.4 (per mille, root -30)",
        [GEN_3_5] = "3.5-3.13 (pages, root bonus adj -30)",
        [GEN_3_14] = "3.14-4.16 (pages, root bonus 3 %)",
        [GEN_4_17] = "4.17-5.8 (pages)",
        [GEN_5_9] = "5.9+ (pages, signed)",
};

#define KV(a, b, c) (((long)(a) << 16) | ((long)(b) << 8) | (long)(c))
#define OOM_SCORE_ADJ_MIN (-1000)
#define OOM_DISABLE (-17)
/* A memcg limit at or above 2^50 kB is "no limit": 3.x prints ULLONG_MAX
 * >> 10 = 18014398509481983kB, 4.x+ PAGE_COUNTER_MAX in kB, 9007199254740988kB. */
#define MEMCG_UNLIMITED_KB (INT64_C(1) << 50)

struct ctx {
        const struct oom_event *e;
        enum gen gen;
        int64_t page_kb;
        bool page_assumed;
        int64_t total, total_min, total_max; /* totalpages and its bounds */
        int64_t adj_total;                   /* what weighs oom_score_adj: total, else total_min, else 0 */
        const char *total_src;
        unsigned notes;
};

/* "3.10.0-229.el7.x86_64" -> KV(3, 10, 0); 0 when it is not a version. */
static long release_version(const char *rel) {
        long part[3] = { 0, 0, 0 };
        int i = 0;
        const char *s = rel;
        while (i < 3 && *s >= '0' && *s <= '9') {
                long v = 0;
                while (*s >= '0' && *s <= '9') {
                        if (v < 1000)
                                v = v * 10 + (*s - '0');
                        s++;
                }
                part[i++] = v > 255 ? 255 : v;
                if (*s != '.')
                        break;
                s++;
        }
        return i < 2 ? 0 : KV(part[0], part[1], part[2]);
}

static enum gen gen_of_version(long v) {
        if (v < KV(2, 6, 36))
                return GEN_OLD;
        if (v < KV(3, 5, 0))
                return GEN_2_6_36;
        if (v < KV(3, 14, 0))
                return GEN_3_5;
        if (v < KV(4, 17, 0))
                return GEN_3_14;
        if (v < KV(5, 9, 0))
                return GEN_4_17;
        return GEN_5_9;
}

/* The table layout bounds the generation (kernel-oom-report.md §4.1),
 * the release picks within; without one, the most common kernel of the
 * layout.  RHEL 7's 3.10 is read as upstream 3.10 (3.5-3.13 form).  A
 * release before 2.6.36 with a 2.6.36-style table is RHEL 6's backport of
 * the per-mille rewrite: in the out-of-memory corpus (2.6.32-642.el6) the
 * kernel kills php-fpm tasks printed at "score 6" one by one in table
 * order (14278, 14290, 14293, 14301, ...), passing over the larger ones
 * further down — the per-mille tie rule, not a ranking in pages. */
static enum gen pick_gen(const struct oom_event *e) {
        enum gen lo, hi, dflt;
        switch (e->task_layout) {
        case TASKS_CPU_OOM_ADJ: return GEN_OLD;
        case TASKS_CPU_OOM_ADJ_SCORE: lo = GEN_2_6_36; hi = GEN_3_5; dflt = GEN_2_6_36; break;
        case TASKS_NR_PTES: lo = GEN_3_5; hi = GEN_3_14; dflt = GEN_3_5; break;
        case TASKS_NR_PTES_PMDS: lo = GEN_3_14; hi = GEN_3_14; dflt = GEN_3_14; break;
        case TASKS_PGTABLES_BYTES: lo = GEN_3_14; hi = GEN_5_9; dflt = GEN_4_17; break;
        case TASKS_RSS_SPLIT: lo = GEN_5_9; hi = GEN_5_9; dflt = GEN_5_9; break;
        case TASKS_OTHER: lo = GEN_2_6_36; hi = GEN_5_9; dflt = GEN_4_17; break;
        case TASKS_NONE:
        default: return GEN_OLD;
        }
        long v = release_version(e->kernel_release);
        if (v == 0)
                return dflt;
        enum gen g = gen_of_version(v);
        return g < lo ? lo : g > hi ? hi : g;
}

static bool gen_has_root_bonus(enum gen g) {
        return g == GEN_2_6_36 || g == GEN_3_5 || g == GEN_3_14;
}

static int64_t kb_to_pages(struct ctx *c, int64_t kb) {
        if (!val_known(kb) || kb < 0)
                return OOM_UNSET;
        if (c->page_assumed)
                c->notes |= BADNESS_NOTE_PAGE_SIZE_ASSUMED;
        return kb / c->page_kb;
}

static bool memcg_limited(int64_t kb) {
        return val_known(kb) && kb >= 0 && kb < MEMCG_UNLIMITED_KB;
}

static void set_total(struct ctx *c, int64_t total, const char *src) {
        c->total = total;
        c->total_min = total;
        c->total_max = total;
        c->total_src = src;
}

static void set_bounds(struct ctx *c, int64_t lo, int64_t hi, const char *src) {
        c->total = OOM_UNSET;
        c->total_min = lo;
        c->total_max = hi;
        c->total_src = src;
        c->notes |= BADNESS_NOTE_TOTAL_UNKNOWN;
}

/* totalram_pages: the sum of the zones' managed pages (3.8+ print
 * managed:; lib/show_mem.c's "pages reserved" is present - managed, so
 * pages RAM - pages reserved is the same number).  show_free_areas() may
 * leave out zones of nodes outside current's cpuset (SHOW_MEM_FILTER_NODES);
 * show_mem()'s totals never do, so when they exceed the zones' sum by more
 * than 1 %, they win. */
static int64_t global_ram_pages(struct ctx *c, const char **src) {
        const struct oom_event *e = c->e;
        int64_t managed = e->n_zones > 0 ? 0 : OOM_UNSET;
        for (size_t i = 0; i < e->n_zones && val_known(managed); i++) {
                int64_t kb = e->zones[i].managed_kb;
                managed = val_known(kb) && kb >= 0 ? sat_add(managed, kb) : OOM_UNSET;
        }
        managed = kb_to_pages(c, managed);
        int64_t rmr = OOM_UNSET;
        if (val_known(e->ram_pages) && val_known(e->reserved_pages) && e->ram_pages >= e->reserved_pages &&
            e->reserved_pages >= 0)
                rmr = e->ram_pages - e->reserved_pages;
        if (val_known(managed) && !(val_known(rmr) && rmr > sat_add(managed, managed / 100))) {
                *src = "managed pages of the zones + total swap";
                return managed;
        }
        if (val_known(rmr)) {
                *src = "pages RAM - pages reserved + total swap (approximates totalram_pages)";
                c->notes |= BADNESS_NOTE_TOTAL_ESTIMATED;
                return rmr;
        }
        return OOM_UNSET;
}

/* "0-1,3" -> bits; false when it is no node list (or names nodes >= 64). */
static bool parse_nodelist(const char *s, uint64_t *ret) {
        uint64_t bits = 0;
        while (*s) {
                long a = 0, b;
                if (*s < '0' || *s > '9')
                        return false;
                while (*s >= '0' && *s <= '9' && a < 64)
                        a = a * 10 + (*s++ - '0');
                b = a;
                if (*s == '-') {
                        s++;
                        b = 0;
                        if (*s < '0' || *s > '9')
                                return false;
                        while (*s >= '0' && *s <= '9' && b < 64)
                                b = b * 10 + (*s++ - '0');
                }
                if (a >= 64 || b >= 64 || b < a)
                        return false;
                for (long n = a; n <= b; n++)
                        bits |= UINT64_C(1) << n;
                if (*s == ',')
                        s++;
                else if (*s)
                        return false;
        }
        *ret = bits;
        return bits != 0;
}

/* constrained_alloc() (2.6.36+): a cpuset or mempolicy OOM counts
 * total_swap_pages + node_spanned_pages() of the allowed nodes.  The log
 * shows present pages, which leave out holes: an estimate from below. */
static int64_t constrained_ram_pages(struct ctx *c) {
        const struct oom_event *e = c->e;
        uint64_t nodes;
        const char *list = e->constraint == OOM_CONSTRAINT_CPUSET ? e->mems_allowed : e->nodemask;
        if (!parse_nodelist(list, &nodes))
                return OOM_UNSET;
        int64_t kb = 0;
        bool any = false;
        for (size_t i = 0; i < e->n_zones; i++) {
                const struct oom_zone *z = &e->zones[i];
                int64_t node = val_known(z->node) ? z->node : 0;
                if (node < 0 || node >= 64 || !(nodes & (UINT64_C(1) << node)))
                        continue;
                if (!val_known(z->present_kb) || z->present_kb < 0)
                        return OOM_UNSET;
                kb = sat_add(kb, z->present_kb);
                any = true;
        }
        return any ? kb_to_pages(c, kb) : OOM_UNSET;
}

static void global_total(struct ctx *c) {
        const struct oom_event *e = c->e;
        const char *src = NULL;
        int64_t ram = OOM_UNSET;
        if (e->constraint == OOM_CONSTRAINT_CPUSET || e->constraint == OOM_CONSTRAINT_MEMORY_POLICY) {
                ram = constrained_ram_pages(c);
                if (val_known(ram)) {
                        src = "present pages of the allowed nodes + total swap (the kernel counts spanned pages)";
                        c->notes |= BADNESS_NOTE_TOTAL_ESTIMATED;
                } else {
                        c->notes |= BADNESS_NOTE_TOTAL_ESTIMATED; /* the whole machine, an upper bound */
                }
        }
        if (!val_known(ram))
                ram = global_ram_pages(c, &src);
        int64_t swap = kb_to_pages(c, e->total_swap_kb);
        if (!val_known(ram))
                set_bounds(c, OOM_UNSET, OOM_UNSET, "no memory totals in the report");
        else if (!val_known(swap))
                set_bounds(c, ram, OOM_UNSET, "RAM only: the report does not show total swap");
        else
                set_total(c, sat_add(ram, swap), src);
}

/* A memcg OOM's totalpages: mem_cgroup_get_limit() (<= 4.18) /
 * mem_cgroup_get_max(): the memory limit, plus, when the memcg may swap
 * (swappiness != 0, not in the log: assumed), min(swap.max, total swap)
 * on cgroup v2 and min(memsw limit - limit, total swap) on v1 (3.x:
 * min(limit + total swap, memsw limit), the same number).  A memcg report
 * has no Mem-Info, hence no total swap. */
static void memcg_total(struct ctx *c) {
        const struct oom_event *e = c->e;
        if (!memcg_limited(e->memcg_limit_kb)) {
                set_bounds(c, OOM_UNSET, OOM_UNSET, "the memcg limit is not in the report");
                return;
        }
        int64_t mem = kb_to_pages(c, e->memcg_limit_kb);
        int64_t tswap = kb_to_pages(c, e->total_swap_kb);
        if (val_known(e->swap_limit_kb)) { /* the "swap:" line is cgroup v2's */
                int64_t sw = memcg_limited(e->swap_limit_kb) ? kb_to_pages(c, e->swap_limit_kb) : OOM_UNSET;
                if (sw == 0)
                        set_total(c, mem, "memcg limit (cgroup v2, swap.max 0)");
                else if (val_known(tswap))
                        set_total(c, sat_add(mem, val_known(sw) && sw < tswap ? sw : tswap),
                                  "memcg limit + min(swap.max, total swap) (cgroup v2)");
                else
                        set_bounds(c, mem, val_known(sw) ? sat_add(mem, sw) : OOM_UNSET,
                                   "memcg limit + min(swap.max, total swap): a memcg report does not show total swap");
                return;
        }
        if (val_known(e->memsw_limit_kb)) { /* cgroup v1 "memory+swap:" */
                if (!memcg_limited(e->memsw_limit_kb)) {
                        if (val_known(tswap))
                                set_total(c, sat_add(mem, tswap),
                                          "memcg limit + total swap (v1, memory+swap unlimited)");
                        else
                                set_bounds(c, mem, OOM_UNSET,
                                           "memcg limit + total swap (v1, memory+swap unlimited): "
                                           "a memcg report does not show total swap");
                        return;
                }
                int64_t excess = sat_sub(kb_to_pages(c, e->memsw_limit_kb), mem);
                if (excess <= 0)
                        set_total(c, mem, "memcg limit (v1, memory+swap limit the same)");
                else if (val_known(tswap))
                        set_total(c, sat_add(mem, excess < tswap ? excess : tswap),
                                  "memcg limit + min(memsw excess, total swap) (v1)");
                else {
                        set_total(c, sat_add(mem, excess),
                                  "memcg memory+swap limit (v1; total swap assumed to cover the excess)");
                        c->total_min = mem;
                        c->notes |= BADNESS_NOTE_TOTAL_ESTIMATED;
                }
                return;
        }
        set_bounds(c, mem, OOM_UNSET, "memcg limit; the report shows no swap limit");
}

static bool is_memcg_oom(const struct oom_event *e) {
        if (e->constraint == OOM_CONSTRAINT_MEMCG)
                return true;
        if (e->constraint != OOM_CONSTRAINT_UNKNOWN)
                return false;
        return val_known(e->memcg_limit_kb) || strncmp(e->kill_message, "Memory cgroup", 13) == 0;
}

static void compute_total(struct ctx *c) {
        if (is_memcg_oom(c->e))
                memcg_total(c);
        else
                global_total(c);
        if (c->total == 0) /* oom_kill.c: "mem_cgroup_get_limit(memcg) ?: 1" */
                set_total(c, 1, c->total_src);
        c->adj_total = val_known(c->total) ? c->total : val_known(c->total_min) ? c->total_min : 0;
}

static bool row_complete(const struct oom_task *t) {
        return val_known(t->swapents) && (val_known(t->pgtables_bytes) || val_known(t->nr_ptes));
}

/* rss + swapents + page-table pages, as the table shows them (values
 * the kernel prints unsigned: a negative one is damage, counted as 0). */
static int64_t part(int64_t v) { return val_known(v) && v > 0 ? v : 0; }

static void fill_parts(struct ctx *c, const struct oom_task *t, struct badness_entry *b) {
        b->rss_pages = val_known(t->rss) && t->rss >= 0 ? t->rss : OOM_UNSET;
        b->swap_pages = part(t->swapents);
        if (val_known(t->pgtables_bytes)) { /* 4.15+: mm_pgtables_bytes(mm) / PAGE_SIZE */
                if (c->page_assumed)
                        c->notes |= BADNESS_NOTE_PAGE_SIZE_ASSUMED;
                b->pgtables_pages = part(t->pgtables_bytes) / (c->page_kb * 1024);
        } else {
                b->pgtables_pages = sat_add(part(t->nr_ptes), part(t->nr_pmds)); /* 3.x nr_ptes; 4.0-4.14 + nr_pmds */
        }
        if (!row_complete(t))
                c->notes |= BADNESS_NOTE_NO_COLUMNS; /* 2.6.36-3.7 tables print neither */
        b->oom_score_adj = val_known(t->oom_score_adj) ? t->oom_score_adj : 0;
        b->protected_task = val_known(t->oom_score_adj) ? t->oom_score_adj == OOM_SCORE_ADJ_MIN
                                                        : val_known(t->oom_adj) && t->oom_adj == OOM_DISABLE;
}

/* 3 % of POINTS rounded down, as points * 3 / 100 without the overflow. */
static int64_t three_percent(int64_t p) { return (p / 100) * 3 + (p % 100) * 3 / 100; }

/* oom_badness() of generation G for a task with BASE = rss + swap +
 * page-table pages, oom_score_adj ADJ, and CAP_SYS_ADMIN when ROOT. */
static int64_t badness_points(const struct ctx *c, int64_t base, int64_t adj, bool root) {
        int64_t total = c->adj_total, p;
        switch (c->gen) {
        case GEN_2_6_36:
                /* 2.6.36: points = (rss + nr_ptes + swap) * 1000 / totalpages;
                 * root: points -= 30; points += oom_score_adj; 1..1000.
                 * Without totalpages, pages keep the order (ties aside). */
                p = total > 0 ? sat_mul(base, 1000) / total : base;
                if (root)
                        p = sat_sub(p, total > 0 ? 30 : 0);
                p = sat_add(p, total > 0 ? adj : 0);
                return p <= 0 ? 1 : total > 0 && p > 1000 ? 1000 : p;
        case GEN_3_5:
                /* 3.5-3.13: if (CAP_SYS_ADMIN) adj -= 30; adj *= totalpages / 1000;
                 * points += adj; return points > 0 ? points : 1; */
                p = sat_add(base, sat_mul(sat_sub(adj, root ? 30 : 0), total / 1000));
                return p > 0 ? p : 1;
        case GEN_3_14:
                /* 3.14-4.16: if (CAP_SYS_ADMIN) points -= (points * 3) / 100; */
                if (root)
                        base -= three_percent(base);
                p = sat_add(base, sat_mul(adj, total / 1000));
                return p > 0 ? p : 1;
        case GEN_4_17:
                p = sat_add(base, sat_mul(adj, total / 1000));
                return p > 0 ? p : 1;
        case GEN_5_9:
                return sat_add(base, sat_mul(adj, total / 1000));
        case GEN_OLD:
        default:
                return OOM_UNSET;
        }
}

/* The scale of "Kill process N (c) score S" and /proc/PID/oom_score:
 * 2.6.36-3.4 print oom_badness() itself; 3.5-5.0 select_bad_process()
 * ends with chosen_points * 1000 / totalpages. */
static int64_t score_of(const struct ctx *c, int64_t points) {
        if (!val_known(points))
                return OOM_UNSET;
        if (c->gen == GEN_2_6_36)
                return val_known(c->total) ? points : OOM_UNSET;
        if (!val_known(c->total) || c->total <= 0)
                return OOM_UNSET;
        return sat_mul(points, 1000) / c->total;
}

static int64_t base_of(const struct badness_entry *b) {
        return sat_add(sat_add(b->rss_pages, b->swap_pages), b->pgtables_pages);
}

static void score_entry(const struct ctx *c, struct badness_entry *b) {
        if (c->gen == GEN_OLD || !val_known(b->rss_pages)) {
                b->points = b->points_without_adj = b->score = OOM_UNSET;
                return;
        }
        int64_t base = base_of(b);
        b->points = badness_points(c, base, b->oom_score_adj, b->root_bonus);
        b->points_without_adj = badness_points(c, base, 0, b->root_bonus);
        b->score = score_of(c, b->points);
}

static bool eligible(const struct badness_entry *b) {
        return !b->protected_task && val_known(b->points);
}

/* Kill order: the eligible by points, highest first; ties in table order
 * (select_bad_process() keeps the first of equal points it meets, in
 * the task-list walk dump_tasks() also prints); then the unscored, then
 * the protected. */
static int entry_cmp(const void *pa, const void *pb) {
        const struct badness_entry *a = pa, *b = pb;
        int ra = a->protected_task ? 2 : val_known(a->points) ? 0 : 1;
        int rb = b->protected_task ? 2 : val_known(b->points) ? 0 : 1;
        if (ra != rb)
                return ra < rb ? -1 : 1;
        if (ra == 0 && a->points != b->points)
                return a->points > b->points ? -1 : 1;
        return a->task_index < b->task_index ? -1 : a->task_index > b->task_index;
}

/* The table row of PID: its pid column, else a row whose tgid it is. */
static ssize_t find_row(const struct oom_event *e, int64_t pid) {
        if (!val_known(pid))
                return -1;
        for (size_t i = 0; i < e->n_tasks; i++)
                if (e->tasks[i].pid == pid)
                        return (ssize_t)i;
        for (size_t i = 0; i < e->n_tasks; i++)
                if (val_known(e->tasks[i].tgid) && e->tasks[i].tgid == pid)
                        return (ssize_t)i;
        return -1;
}

static ssize_t position_of_row(const struct badness_result *r, ssize_t row) {
        if (row < 0)
                return -1;
        for (size_t i = 0; i < r->n; i++)
                if (r->entries[i].task_index == (size_t)row)
                        return (ssize_t)i;
        return -1;
}

/* The printed score of a uid-0 selected task tells whether it had the
 * root bonus: a container's root usually lacks CAP_SYS_ADMIN. */
static void infer_root_bonus(struct ctx *c, struct badness_entry *b, int64_t printed) {
        if (!b->root_bonus || !val_known(printed))
                return;
        int64_t with = b->score;
        b->root_bonus = false;
        score_entry(c, b);
        if (b->score == printed && with != printed) {
                c->notes |= BADNESS_NOTE_NO_CAP_SYS_ADMIN;
                return;
        }
        b->root_bonus = true;
        score_entry(c, b);
}

/* Which task wins when POINTS_OF gives the points: position in R, -1. */
static ssize_t best_by(const struct ctx *c, const struct badness_result *r, int mode) {
        ssize_t best = -1;
        int64_t best_p = 0;
        for (size_t i = 0; i < r->n; i++) {
                const struct badness_entry *b = &r->entries[i];
                if (!eligible(b))
                        continue;
                int64_t p = mode == 0 ? b->points_without_adj
                                      : badness_points(c, base_of(b), b->oom_score_adj, false);
                if (best < 0 || p > best_p ||
                    (p == best_p && b->task_index < r->entries[best].task_index)) {
                        best = (ssize_t)i;
                        best_p = p;
                }
        }
        return best;
}

/* From the printed score S of the selected task (points P, adj 0, no
 * bonus that depends on totalpages): P * 1000 / T == S bounds T. */
static void implied_total(const struct ctx *c, const struct badness_entry *b, int64_t s, struct badness_result *r) {
        if (!val_known(s) || s < 0 || !val_known(b->points) || b->oom_score_adj != 0 ||
            !row_complete(&c->e->tasks[b->task_index]))
                return;
        if (b->root_bonus && c->gen != GEN_3_14)
                return;
        if (c->gen == GEN_2_6_36 && (s <= 1 || s >= 1000))
                return; /* clamped */
        int64_t p = base_of(b);
        if (b->root_bonus)
                p -= three_percent(p);
        if (p <= 0)
                return;
        int64_t pk = sat_mul(p, 1000);
        if (pk == INT64_MAX)
                return;
        r->implied_totalpages_min = pk / sat_add(s, 1) + 1;
        r->implied_totalpages_max = s > 0 ? pk / s : OOM_UNSET;
}

static const char *why_not(const struct ctx *c, const struct badness_result *r) {
        if (c->notes & BADNESS_NOTE_ALLOCATING_TASK)
                return N_("oom_kill_allocating_task: the kernel killed the allocating task without ranking");
        if (c->gen == GEN_OLD)
                return N_("the heuristic before 2.6.36 (total_vm, CPU time, nice, children) cannot be recomputed from a log");
        if (r->victim_index < 0)
                return N_("the killed task is not in the task table");
        if (r->chosen_index < 0)
                return N_("no task of the table is eligible");
        const struct badness_entry *v = &r->entries[r->victim_index], *ch = &r->entries[r->chosen_index];
        if (v->protected_task)
                return N_("the killed task has oom_score_adj -1000 in the table (it changed, or shares memory)");
        if (c->notes & BADNESS_NOTE_NO_COLUMNS)
                return N_("the task table has no swap or page-table columns (2.6.36-3.7); the kernel counted them");
        if (val_known(v->points) && v->points == ch->points)
                return N_("equal points: the kernel keeps the first it meets in its task-list walk");
        if (c->notes & BADNESS_NOTE_BONUS_DECIDES)
                return N_("the 3 % root bonus decides, and which uid-0 task had CAP_SYS_ADMIN is not in the log");
        if ((c->notes & BADNESS_NOTE_TOTAL_UNKNOWN) && (c->notes & BADNESS_NOTE_ADJ_DECIDES))
                return N_("oom_score_adj weighs totalpages / 1000 pages, and totalpages is not in the report");
        if (val_known(v->points) && sat_sub(ch->points, v->points) <= ch->points / 100)
                return N_("a close call (within 1 %): memory changed between the choice and the table dump");
        return N_("the kernel skipped the top task (exiting, an earlier victim not yet reaped, in vfork) "
               "or its memory changed before the table was printed");
}

static void empty_result(struct badness_result *r) {
        memset(r, 0, sizeof(*r));
        r->totalpages = r->totalpages_min = r->totalpages_max = OOM_UNSET;
        r->implied_totalpages_min = r->implied_totalpages_max = OOM_UNSET;
        r->printed_score = r->recomputed_score = OOM_UNSET;
        r->victim_index = r->killed_index = r->chosen_index = r->chosen_without_adj_index = -1;
}

static void init_ctx(struct ctx *c, const struct oom_event *e) {
        memset(c, 0, sizeof(*c));
        c->e = e;
        c->gen = pick_gen(e);
        c->page_assumed = !(val_known(e->page_size_kb) && e->page_size_kb > 0 && e->page_size_kb <= 1024 * 1024);
        c->page_kb = c->page_assumed ? 4 : e->page_size_kb;
        if (strstr(e->kill_message, "oom_kill_allocating_task"))
                c->notes |= BADNESS_NOTE_ALLOCATING_TASK;
        compute_total(c);
}

static void fill_entries(struct ctx *c, struct badness_result *r) {
        const struct oom_event *e = c->e;
        for (size_t i = 0; i < r->n; i++) {
                const struct oom_task *t = &e->tasks[i];
                struct badness_entry *b = &r->entries[i];
                b->task_index = i;
                b->pid = t->pid;
                b->uid = t->uid;
                memcpy(b->comm, t->comm, sizeof(b->comm));
                b->comm[sizeof(b->comm) - 1] = '\0';
                fill_parts(c, t, b);
                b->root_bonus = gen_has_root_bonus(c->gen) && val_known(t->uid) && t->uid == 0;
                if (b->root_bonus && !b->protected_task)
                        c->notes |= BADNESS_NOTE_ROOT_ASSUMED;
                score_entry(c, b);
        }
}

static void judge(struct ctx *c, struct badness_result *r, ssize_t pick_row) {
        if (r->n > 0 && eligible(&r->entries[0]) && c->gen != GEN_OLD)
                r->chosen_index = 0;
        r->chosen_without_adj_index = c->gen == GEN_OLD ? -1 : best_by(c, r, 0);
        if (r->chosen_index >= 0 && r->chosen_without_adj_index != r->chosen_index)
                c->notes |= BADNESS_NOTE_ADJ_DECIDES;
        if (r->chosen_index >= 0 && (c->notes & BADNESS_NOTE_ROOT_ASSUMED) && best_by(c, r, 1) != r->chosen_index)
                c->notes |= BADNESS_NOTE_BONUS_DECIDES;
        r->victim_index = position_of_row(r, pick_row);
        r->agrees = !(c->notes & BADNESS_NOTE_ALLOCATING_TASK) && r->chosen_index >= 0 &&
                    r->victim_index == r->chosen_index;
        if (!r->agrees)
                r->disagreement = why_not(c, r);
}

int badness_compute(const struct oom_event *e, struct badness_result *ret) {
        if (e->n_tasks == 0 || e->task_layout == TASKS_NONE) {
                empty_result(ret);
                return -ENODATA;
        }
        struct badness_result r;
        empty_result(&r);
        r.entries = calloc(e->n_tasks, sizeof(*r.entries));
        if (!r.entries)
                return -ENOMEM;
        r.n = e->n_tasks;

        struct ctx c;
        init_ctx(&c, e);
        fill_entries(&c, &r);

        ssize_t sel_row = find_row(e, e->selected_pid), kill_row = find_row(e, e->victim_pid);
        ssize_t pick_row = val_known(e->selected_pid) ? sel_row : kill_row;
        if (val_known(e->selected_pid) && val_known(e->victim_pid) && e->selected_pid != e->victim_pid)
                c.notes |= BADNESS_NOTE_CHILD_SACRIFICED;
        if (c.gen != GEN_OLD && !(c.notes & BADNESS_NOTE_ALLOCATING_TASK))
                r.printed_score = e->score;
        if (pick_row >= 0 && val_known(e->selected_pid))
                infer_root_bonus(&c, &r.entries[pick_row], r.printed_score);
        if (pick_row >= 0)
                r.recomputed_score = r.entries[pick_row].score;
        r.score_matches = val_known(r.printed_score) && r.printed_score == r.recomputed_score;
        if (val_known(r.printed_score) && val_known(r.recomputed_score) && !r.score_matches)
                c.notes |= BADNESS_NOTE_SCORE_MISMATCH;
        if (pick_row >= 0 && val_known(e->selected_pid))
                implied_total(&c, &r.entries[pick_row], r.printed_score, &r);

        qsort(r.entries, r.n, sizeof(*r.entries), entry_cmp);
        r.killed_index = position_of_row(&r, kill_row);
        judge(&c, &r, pick_row);

        r.formula = gen_formula[c.gen];
        r.totalpages = c.total;
        r.totalpages_min = c.total_min;
        r.totalpages_max = c.total_max;
        r.totalpages_source = c.total_src;
        r.notes = c.notes;
        *ret = r;
        return 0;
}

/* ---- the same formula for a live process (oom_rank.c) ------------------ */

void badness_live_init(struct badness_live *b, const char *release) {
        long v = release ? release_version(release) : 0;
        enum gen g = v ? gen_of_version(v) : GEN_5_9;
        /* RHEL 6's 2.6.32 carries the 2.6.36 rewrite (see pick_gen()) */
        if (g == GEN_OLD && release && strstr(release, ".el6"))
                g = GEN_2_6_36;
        b->gen = (int)g;
        b->formula = gen_formula[g];
        b->per_mille = g == GEN_2_6_36;
        b->root_bonus = gen_has_root_bonus(g);
        b->signed_scale = g == GEN_5_9;
}

static void live_ctx(struct ctx *c, const struct badness_live *b, int64_t totalpages) {
        memset(c, 0, sizeof(*c));
        c->gen = (enum gen)b->gen;
        c->total = c->total_min = c->total_max = c->adj_total = totalpages > 0 ? totalpages : 1;
}

int64_t badness_live_points(const struct badness_live *b, int64_t base_pages, int64_t adj, int64_t totalpages,
                            bool cap_sys_admin) {
        struct ctx c;
        live_ctx(&c, b, totalpages);
        return badness_points(&c, base_pages, adj, cap_sys_admin && b->root_bonus);
}

int64_t badness_live_proc_score(const struct badness_live *b, int64_t points, int64_t totalpages) {
        struct ctx c;
        live_ctx(&c, b, totalpages);
        if (!val_known(points))
                return OOM_UNSET;
        if (!b->signed_scale)
                return score_of(&c, points);
        /* 5.9+ proc_oom_score(): (1000 + badness * 1000 / totalpages) * 2 / 3,
         * the signed badness folded back into the old 0..1000-ish range */
        int64_t s = sat_add(1000, sat_mul(points, 1000) / c.total);
        return s < 0 ? 0 : sat_mul(s, 2) / 3;
}

void badness_free(struct badness_result *r) {
        if (!r)
                return;
        free(r->entries);
        r->entries = NULL;
        r->n = 0;
}

const char *badness_note_text(enum badness_note note) {
        switch (note) {
        case BADNESS_NOTE_NO_COLUMNS: return "the task table lacks swap and page-table columns: points count rss only";
        case BADNESS_NOTE_TOTAL_ESTIMATED: return "the denominator (totalpages) is an estimate";
        case BADNESS_NOTE_TOTAL_UNKNOWN: return "the denominator (totalpages) is not in the report: no scores";
        case BADNESS_NOTE_ROOT_ASSUMED: return "uid-0 tasks are taken to have CAP_SYS_ADMIN (3 % root bonus)";
        case BADNESS_NOTE_NO_CAP_SYS_ADMIN:
                return "the printed score shows the selected uid-0 task got no root bonus: "
                       "it lacked CAP_SYS_ADMIN (a container?)";
        case BADNESS_NOTE_BONUS_DECIDES: return "without the assumed root bonus another task would be chosen";
        case BADNESS_NOTE_ADJ_DECIDES: return "oom_score_adj changed which task was chosen";
        case BADNESS_NOTE_ALLOCATING_TASK: return "oom_kill_allocating_task: the allocating task was killed, no ranking";
        case BADNESS_NOTE_CHILD_SACRIFICED: return "a child of the selected task was killed in its place";
        case BADNESS_NOTE_SCORE_MISMATCH: return "the recomputed score differs from the printed one";
        case BADNESS_NOTE_PAGE_SIZE_ASSUMED: return "the page size is not in the report: 4 KiB assumed";
        }
        return "";
}
