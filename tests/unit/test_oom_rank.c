/* test_oom_rank.c — OOM domains and kill order on captured trees
 * (tests/data/hosts: v2 built by hand, v1-hybrid and container-v1 captured
 * on a real machine) and on snapshots built here to pin the rules that no
 * tree shows: oom_score_adj weighed against each domain's totalpages, a
 * nested limit that is the tighter one, ties. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "badness.h"
#include "oom_rank.h"
#include "procfs.h"

static const char *host(const char *name) {
        static char path[4096];
        snprintf(path, sizeof(path), "%s/hosts/%s", getenv("OOMLENS_TEST_DATA"), name);
        return path;
}

static const struct oom_domain *domain(const struct oom_ranking *r, const struct proc_snapshot *s,
                                       const char *path) {
        for (size_t i = 0; i < r->n; i++) {
                const char *p = r->domains[i].cgroup < 0 ? NULL : s->cgroups[r->domains[i].cgroup].path;
                if ((!p && !path) || (p && path && strcmp(p, path) == 0))
                        return &r->domains[i];
        }
        return NULL;
}

static int pid_at(const struct proc_snapshot *s, const struct oom_domain *d, size_t i) {
        assert_true(i < d->n);
        return s->tasks[d->entries[i].task].pid;
}

/* v2 (hand-built): machine = RAM 24684096 kB + swap 2097148 kB =
 * 6171024 + 524287 = 6695311 pages, adj unit 6695 pages. */
static void test_v2_domains(void **state) {
        (void)state;
        struct proc_snapshot s;
        struct oom_ranking r;
        assert_int_equal(procfs_snapshot(host("v2"), &s), 0);
        assert_int_equal(oom_rank_build(&s, 4, &r), 0);

        /* the machine, x.service (512 MiB) and the docker scope (256 MiB) */
        assert_int_equal(r.n, 3);
        const struct oom_domain *m = domain(&r, &s, NULL);
        assert_non_null(m);
        assert_ptr_equal(m, &r.domains[0]);
        assert_int_equal(m->totalpages, 6695311);
        /* nginx (adj 1000) first, java, bash; systemd (pid 1, oom_score 0) protected last */
        assert_int_equal(m->n, 4);
        assert_int_equal(pid_at(&s, m, 0), 4096);
        assert_int_equal(m->entries[0].points, 2304 + 16 + 1000 * 6695);
        assert_int_equal(pid_at(&s, m, 1), 812);
        /* java: rss 507904 kB + swap 102400 kB + VmPTE 1980 kB in pages */
        assert_int_equal(m->entries[1].points, 126976 + 25600 + 495);
        assert_int_equal(m->entries[1].rss_pages, 126976);
        assert_int_equal(m->entries[1].swap_pages, 25600);
        assert_int_equal(m->entries[1].pgtables_pages, 495);
        /* on 5.9+ /proc/PID/oom_score is (1000 + points * 1000 / totalpages) * 2 / 3 */
        assert_int_equal(m->entries[1].score, (1000 + 153071LL * 1000 / 6695311) * 2 / 3);
        assert_int_equal(pid_at(&s, m, 2), 1500);
        assert_int_equal(pid_at(&s, m, 3), 1);
        assert_true(m->entries[3].protected_task);
        assert_int_equal(m->n_protected, 1);
        /* machine headroom: MemAvailable + SwapFree */
        assert_int_equal(m->headroom_kb, 23780132 + 1048572);

        /* x.service: 512 MiB + all of the host's swap (swap.max "max") */
        const struct oom_domain *x = domain(&r, &s, "/system.slice/x.service");
        assert_non_null(x);
        assert_int_equal(x->totalpages, 131072 + 524287);
        assert_int_equal(x->n, 1);                     /* 4242 vanished */
        assert_int_equal(pid_at(&s, x, 0), 812);
        assert_int_equal(x->limit_kb, 524288);
        assert_int_equal(x->usage_kb, 507904);
        /* 16 MiB below the limit, plus the swap it may still use: the
         * host's free swap (1048572 kB) is smaller than its allowance */
        assert_int_equal(x->headroom_kb, 16384 + 1048572);
        assert_int_equal(x->swap_room_kb, 1048572);
        assert_int_equal(x->parent, 0);

        /* the docker scope may not swap (swap.max 0): totalpages = limit */
        const struct oom_domain *dk = domain(&r, &s, "/system.slice/docker-4f1c2b9e8a7d.scope");
        assert_non_null(dk);
        assert_int_equal(dk->totalpages, 65536);
        assert_true(dk->oom_group);                   /* memory.oom.group 1 */
        assert_false(x->oom_group);
        assert_int_equal(dk->entries[0].points, 2320 + 1000 * 65);
        assert_int_equal(dk->headroom_kb, 262144 - 10240);
        assert_int_equal(dk->effective_headroom_kb, 262144 - 10240);
        assert_int_equal(dk->limited_by, dk - r.domains);

        assert_int_equal(oom_rank_domain_of(&r, &s, dk->entries[0].task), (size_t)(dk - r.domains));
        oom_rank_free(&r);
        procfs_snapshot_free(&s);
}

/* v1 hybrid (captured): the 64 MiB capture cgroup holds the sleep; the
 * unlimited process_api cgroups are no domain; pid 1 is the global init. */
static void test_v1_hybrid(void **state) {
        (void)state;
        struct proc_snapshot s;
        struct oom_ranking r;
        assert_int_equal(procfs_snapshot(host("v1-hybrid"), &s), 0);
        assert_int_equal(oom_rank_build(&s, 4, &r), 0);
        assert_int_equal(r.n, 2);
        const struct oom_domain *c = domain(&r, &s, "/oomlens-capture");
        assert_non_null(c);
        assert_int_equal(c->totalpages, 16384);       /* no swap on the machine */
        assert_int_equal(c->n, 1);
        assert_int_equal(pid_at(&s, c, 0), 13872);
        const struct oom_domain *m = &r.domains[0];
        assert_int_equal(m->n, 3);
        assert_true(m->entries[m->n - 1].protected_task);
        assert_int_equal(pid_at(&s, m, m->n - 1), 1);
        oom_rank_free(&r);
        procfs_snapshot_free(&s);
}

/* container-v1 (captured inside unshare --pid --mount with the memory
 * cgroup bind-mounted, as docker does on v1): the paths in
 * /proc/PID/cgroup are the host's ("/oomlens-ctr"), the mounted hierarchy
 * starts there; the container's limit is its root's. */
static void test_container_view(void **state) {
        (void)state;
        struct proc_snapshot s;
        struct oom_ranking r;
        assert_int_equal(procfs_snapshot(host("container-v1"), &s), 0);
        assert_non_null(s.cgroup_ns_prefix);
        assert_string_equal(s.cgroup_ns_prefix, "/oomlens-ctr");
        for (size_t i = 0; i < s.n_tasks; i++)
                assert_string_equal(s.tasks[i].cgroup, "/");
        assert_int_equal(oom_rank_build(&s, 4, &r), 0);
        assert_int_equal(r.n, 2);
        const struct oom_domain *c = domain(&r, &s, "/");
        assert_non_null(c);
        assert_int_equal(c->limit_kb, 262144);
        assert_int_equal(c->usage_kb, 49754112 / 1024);
        /* memory.stat total_active_file 552960 + total_inactive_file 1089536 bytes */
        assert_int_equal(c->reclaimable_kb, 540 + 1064);
        assert_int_equal(c->headroom_kb, 262144 - 49754112 / 1024 + 540 + 1064);
        assert_string_equal(s.sys.kernel_release, "6.18.44-fc-v595");
        assert_string_equal(r.formula, "5.9+ (pages, signed)");
        /* the 40 MiB hog (pid 3) goes first; pid 1 of a pid namespace is an
         * ordinary task (its oom_score is not 0) */
        assert_int_equal(pid_at(&s, c, 0), 3);
        assert_int_equal(c->n, 4);
        assert_int_equal(c->n_protected, 0);
        assert_int_equal(r.domains[0].n, 4);
        oom_rank_free(&r);
        procfs_snapshot_free(&s);
}

/* The kernel's own /proc/PID/oom_score of every process of a real capture
 * equals the machine domain's recomputed score: the formula, totalpages
 * and the page-table and swap parts are the kernel's. */
static void assert_scores_are_the_kernels(const char *tree) {
        struct proc_snapshot s;
        struct oom_ranking r;
        assert_int_equal(procfs_snapshot(host(tree), &s), 0);
        assert_int_equal(oom_rank_build(&s, 4, &r), 0);
        const struct oom_domain *m = &r.domains[0];
        assert_true(m->n >= 3);
        for (size_t i = 0; i < m->n; i++) {
                const struct proc_task *t = &s.tasks[m->entries[i].task];
                if (m->entries[i].protected_task)
                        continue;
                if (m->entries[i].score != t->oom_score)
                        fail_msg("%s: pid %d: recomputed %lld, the kernel said %d", tree, t->pid,
                                 (long long)m->entries[i].score, t->oom_score);
        }
        oom_rank_free(&r);
        procfs_snapshot_free(&s);
}

/* container-v1-cgns (captured with a cgroup namespace as well): paths are
 * "/" from the inside, the membership comes from cgroup.procs; two holders
 * (24 MiB at adj 300, 16 MiB at adj 0) in a 128 MiB limit. */
static void test_container_cgns(void **state) {
        (void)state;
        struct proc_snapshot s;
        struct oom_ranking r;
        assert_int_equal(procfs_snapshot(host("container-v1-cgns"), &s), 0);
        assert_null(s.cgroup_ns_prefix);
        assert_int_equal(s.n_tasks, 4);
        assert_int_equal(oom_rank_build(&s, 4, &r), 0);
        assert_int_equal(r.n, 2);
        const struct oom_domain *c = domain(&r, &s, "/");
        assert_non_null(c);
        assert_int_equal(c->totalpages, 32768);
        assert_int_equal(c->n, 4);
        assert_int_equal(pid_at(&s, c, 0), 3);
        /* adj 300 is 300 * 32 pages in the container, 300 * 6171 machine-wide */
        assert_int_equal(c->entries[0].adj_pages, 9600);
        assert_int_equal(r.domains[0].entries[0].adj_pages, 300 * 6171);
        oom_rank_free(&r);
        procfs_snapshot_free(&s);
        assert_scores_are_the_kernels("container-v1-cgns");
        assert_scores_are_the_kernels("container-v1");
        assert_scores_are_the_kernels("v1-hybrid");
}

static void test_no_psi(void **state) {
        (void)state;
        struct proc_snapshot s;
        struct oom_ranking r;
        assert_int_equal(procfs_snapshot(host("no-psi"), &s), 0);
        assert_false(s.sys.has_psi);
        assert_int_equal(s.cgroup_layout, PROCFS_CGROUP_V1);
        assert_int_equal(oom_rank_build(&s, 4, &r), 0);
        assert_true(r.n >= 1);
        assert_int_equal(r.domains[0].cgroup, -1);
        oom_rank_free(&r);
        procfs_snapshot_free(&s);
}

/* ---- built snapshots ---------------------------------------------------- */

static struct proc_task task(int pid, int64_t rss_kb, int adj, const char *cgroup) {
        struct proc_task t = { .pid = pid, .ppid = 1, .vm_rss_kb = rss_kb, .swap_kb = 0, .pgtables_kb = 0,
                               .oom_score = 700, .oom_score_adj = adj, .cgroup = (char *)cgroup };
        snprintf(t.comm, sizeof(t.comm), "t%d", pid);
        return t;
}

static struct proc_snapshot built(struct proc_task *tasks, size_t n, struct cgroup_mem *cgs, size_t nc) {
        struct proc_snapshot s = { .tasks = tasks, .n_tasks = n, .cgroups = cgs, .n_cgroups = nc };
        s.sys.mem_total_kb = 24000000;                /* 6,000,000 pages, no swap */
        s.sys.mem_available_kb = 20000000;
        s.sys.mem_free_kb = 20000000;
        s.sys.swap_total_kb = 0;
        s.sys.swap_free_kb = 0;
        strcpy(s.sys.kernel_release, "6.1.0");
        s.pid1_global_init = -1;                      /* as for a captured tree */
        s.sys.swappiness = 60;
        return s;
}

static struct cgroup_mem cg(const char *path, int64_t limit_kb, int64_t usage_kb) {
        return (struct cgroup_mem){ .path = (char *)path, .limit_kb = limit_kb, .usage_kb = usage_kb,
                                    .swap_usage_kb = OOM_UNSET, .swap_limit_kb = OOM_UNSET,
                                    .oom_kill = OOM_UNSET, .file_kb = OOM_UNSET, .oom_group = -1,
                                    .swappiness = -1, .version = 2 };
}

/* The same two processes die in a different order machine-wide and in
 * their 64 MiB cgroup: adj 100 is 600,000 pages against the machine, 1,600
 * pages against the cgroup. */
static void test_adj_weighs_per_domain(void **state) {
        (void)state;
        struct proc_task t[] = { task(10, 40960, 0, "/a"), task(11, 4096, 100, "/a") };
        struct cgroup_mem c[] = { cg("/", OOM_UNSET, OOM_UNSET), cg("/a", 65536, 45056) };
        struct proc_snapshot s = built(t, 2, c, 2);
        struct oom_ranking r;
        assert_int_equal(oom_rank_build(&s, 4, &r), 0);
        assert_int_equal(r.n, 2);
        assert_int_equal(pid_at(&s, &r.domains[0], 0), 11);
        assert_int_equal(r.domains[0].entries[0].points, 1024 + 100 * 6000);
        assert_int_equal(pid_at(&s, &r.domains[1], 0), 10);
        assert_int_equal(r.domains[1].entries[0].points, 10240);
        assert_int_equal(r.domains[1].entries[1].points, 1024 + 100 * 16);
        assert_int_equal(r.domains[1].entries[1].adj_pages, 1600);
        oom_rank_free(&r);
}

/* Swap counts in a cgroup's totalpages and room only when it may swap:
 * 1 GiB limit, 16 GiB of swap; at swappiness 0 the kernel adds none, and
 * adj 100 weighs 26,214 pages, not 445,644: the big task dies first. */
static void test_swappiness(void **state) {
        (void)state;
        struct proc_task t[] = { task(40, 614400, 0, "/s"), task(41, 102400, 100, "/s") };
        struct cgroup_mem c[] = { cg("/s", 1048576, 716800) };
        struct proc_snapshot s = built(t, 2, c, 1);
        s.sys.swap_total_kb = s.sys.swap_free_kb = 16777216;
        struct oom_ranking r;
        s.sys.swappiness = 60;
        assert_int_equal(oom_rank_build(&s, 4, &r), 0);
        assert_int_equal(r.domains[1].totalpages, 262144 + 4194304);
        assert_int_equal(pid_at(&s, &r.domains[1], 0), 41);
        assert_int_equal(r.domains[1].swap_room_kb, 16777216);
        oom_rank_free(&r);
        s.sys.swappiness = 0;
        assert_int_equal(oom_rank_build(&s, 4, &r), 0);
        assert_int_equal(r.domains[1].totalpages, 262144);
        assert_int_equal(pid_at(&s, &r.domains[1], 0), 40);
        assert_int_equal(r.domains[1].swap_room_kb, 0);
        assert_int_equal(r.domains[1].headroom_kb, 1048576 - 716800);
        oom_rank_free(&r);
        /* v1: the cgroup's own memory.swappiness decides */
        c[0].version = 1;
        c[0].swappiness = 0;
        s.sys.swappiness = 60;
        assert_int_equal(oom_rank_build(&s, 4, &r), 0);
        assert_int_equal(r.domains[1].totalpages, 262144);
        oom_rank_free(&r);
}

/* /a/b has 412 MiB left of its own, but /a only 124 MiB: that is the room. */
static void test_nested_limit(void **state) {
        (void)state;
        struct proc_task t[] = { task(20, 102400, 0, "/a/b"), task(21, 819200, 0, "/a/c") };
        struct cgroup_mem c[] = { cg("/", OOM_UNSET, OOM_UNSET), cg("/a", 1048576, 921600),
                                  cg("/a/b", 524288, 102400) };
        struct proc_snapshot s = built(t, 2, c, 3);
        struct oom_ranking r;
        assert_int_equal(oom_rank_build(&s, 4, &r), 0);
        assert_int_equal(r.n, 3);
        const struct oom_domain *b = domain(&r, &s, "/a/b"), *a = domain(&r, &s, "/a");
        assert_int_equal(b->headroom_kb, 524288 - 102400);
        assert_int_equal(b->effective_headroom_kb, 1048576 - 921600);
        assert_int_equal(b->limited_by, a - r.domains);
        assert_int_equal(b->parent, a - r.domains);
        assert_int_equal(a->n, 2);                   /* /a holds both */
        assert_int_equal(b->n, 1);
        assert_int_equal(oom_rank_domain_of(&r, &s, 0), (size_t)(b - r.domains));
        assert_int_equal(oom_rank_domain_of(&r, &s, 1), (size_t)(a - r.domains));
        /* /a/bc is not below /a/b */
        t[0].cgroup = (char *)"/a/bc";
        assert_int_equal(oom_rank_domain_of(&r, &s, 0), (size_t)(a - r.domains));
        oom_rank_free(&r);
}

/* Equal points: the kernel keeps the later task of its walk (the higher
 * pid); -1000 is never chosen however large; a task without a cgroup is
 * only in the machine domain. */
static void test_ties_and_protected(void **state) {
        (void)state;
        struct proc_task t[] = { task(30, 8192, 0, "/x"), task(31, 8192, 0, "/x"),
                                 task(32, 999999, -1000, "/x"), task(33, 4096, 0, NULL) };
        struct cgroup_mem c[] = { cg("/x", 2097152, 1048576) };
        struct proc_snapshot s = built(t, 4, c, 1);
        struct oom_ranking r;
        assert_int_equal(oom_rank_build(&s, 4, &r), 0);
        const struct oom_domain *x = domain(&r, &s, "/x");
        assert_int_equal(x->n, 3);
        assert_int_equal(pid_at(&s, x, 0), 31);
        assert_int_equal(pid_at(&s, x, 1), 30);
        assert_int_equal(pid_at(&s, x, 2), 32);
        assert_true(x->entries[2].protected_task);
        assert_true(x->entries[2].points == OOM_UNSET);
        assert_int_equal(r.domains[0].n, 4);
        assert_int_equal(pid_at(&s, &r.domains[0], 2), 33);
        oom_rank_free(&r);
}

/* Pid 1: the machine's init is never chosen, a container's is.  Known
 * live; for a tree, 5.9+'s oom_score 0 says it, before 5.9 (where a small
 * task scores 0 too) only a container view. */
static bool pid1_protected(const char *release, int oom_score, bool container, int global_init) {
        struct proc_task t[] = { task(1, 102400, 0, "/"), task(7, 9216, 0, "/") };
        t[0].oom_score = oom_score;
        struct cgroup_mem c[] = { cg("/", container ? 262144 : OOM_UNSET, 120000) };
        struct proc_snapshot s = built(t, 2, c, 1);
        strcpy(s.sys.kernel_release, release);
        s.pid1_global_init = global_init;
        struct oom_ranking r;
        assert_int_equal(oom_rank_build(&s, 4, &r), 0);
        bool prot = false;
        for (size_t i = 0; i < r.domains[0].n; i++)
                if (r.domains[0].entries[i].pid == 1)
                        prot = r.domains[0].entries[i].protected_task;
        oom_rank_free(&r);
        return prot;
}

static void test_pid1(void **state) {
        (void)state;
        assert_true(pid1_protected("6.1.0", 0, false, -1));
        assert_false(pid1_protected("6.1.0", 683, true, -1));
        /* 5.4: 100 MiB of 24 GB scores 0 and is still a container's app */
        assert_false(pid1_protected("5.4.0", 0, true, -1));
        assert_true(pid1_protected("5.4.0", 0, false, -1));
        /* known from the pid namespace: that decides */
        assert_false(pid1_protected("6.1.0", 0, false, 0));
        assert_true(pid1_protected("5.4.0", 4, true, 1));
}

static int64_t points(const char *release, int64_t base, int64_t adj, int64_t total, bool cap) {
        struct badness_live bl;
        badness_live_init(&bl, release);
        return badness_live_points(&bl, base, adj, total, cap);
}

static int64_t proc_score(const char *release, int64_t pts, int64_t total) {
        struct badness_live bl;
        badness_live_init(&bl, release);
        return badness_live_proc_score(&bl, pts, total);
}

/* Before 4.17 CAP_SYS_ADMIN took 3 % off; from 4.17 nothing; before 5.9
 * points never go below 1. */
static void test_generations(void **state) {
        (void)state;
        assert_int_equal(points("4.14.0", 10000, 0, 1000000, true), 9700);
        assert_int_equal(points("4.19.0", 10000, 0, 1000000, true), 10000);
        assert_int_equal(points("4.19.0", 10, -500, 1000000, false), 1);
        assert_int_equal(points("6.1.0", 10, -500, 1000000, false), 10 - 500000);
        assert_int_equal(proc_score("6.18.0", 0, 6000000), 666);
        assert_int_equal(proc_score("5.4.0", 600000, 6000000), 100);
        assert_int_equal(proc_score(NULL, 6000000, 6000000), 1333);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_v2_domains),
                cmocka_unit_test(test_v1_hybrid),
                cmocka_unit_test(test_container_view),
                cmocka_unit_test(test_container_cgns),
                cmocka_unit_test(test_no_psi),
                cmocka_unit_test(test_adj_weighs_per_domain),
                cmocka_unit_test(test_nested_limit),
                cmocka_unit_test(test_ties_and_protected),
                cmocka_unit_test(test_generations),
                cmocka_unit_test(test_pid1),
                cmocka_unit_test(test_swappiness),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
