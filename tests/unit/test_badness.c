/* test_badness.c — the OOM killer's choice recomputed from real reports
 * (tests/data/badness, see its README): printed scores reproduced to the
 * unit, the killed task chosen, memcg denominators explained, protected
 * and oom_score_adj'd tasks ranked as the kernel ranks them, and no
 * undefined behaviour on hostile numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "badness.h"
#include "event_list.h"
#include "report_parse.h"
#include "scanner.h"

static struct event_list run(const char *text, size_t len) {
        struct event_list l = { 0 };
        l.memory_limit = SIZE_MAX; /* pointers from event_list_get() stay valid */
        struct log_splitter *sp = log_splitter_new(1700000000);
        struct report_parser *p = report_parser_new("t", event_list_add, &l);
        struct scan_result r;
        scanner_scan_buffer(text, len, sp, p, &r);
        report_parser_free(p);
        log_splitter_free(sp);
        event_list_finish(&l);
        return l;
}

static struct event_list run_fixture(const char *name) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/badness/%s", getenv("OOMLENS_TEST_DATA"), name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        char *buf = NULL;
        size_t len = 0, cap = 0, got;
        do {
                if (len == cap) {
                        cap = cap ? cap * 2 : 65536;
                        buf = realloc(buf, cap);
                        assert_non_null(buf);
                }
                got = fread(buf + len, 1, cap - len, f);
                len += got;
        } while (got > 0);
        fclose(f);
        struct event_list l = run(buf, len);
        free(buf);
        return l;
}

static const struct badness_entry none; /* returned after a failed check: never NULL */

/* Entry I of R (I may be an index field: -1 fails the test). */
static const struct badness_entry *at(const struct badness_result *r, ssize_t i) {
        if (i < 0 || (size_t)i >= r->n || !r->entries) {
                fail_msg("no entry %zd of %zu", i, r->n);
                return &none;
        }
        return &r->entries[i];
}

static const struct badness_entry *find_pid(const struct badness_result *r, int64_t pid) {
        for (size_t i = 0; i < r->n; i++)
                if (at(r, (ssize_t)i)->pid == pid)
                        return at(r, (ssize_t)i);
        fail_msg("pid %lld not in the result", (long long)pid);
        return &none;
}

/* Eligible entries come in non-increasing points, protected ones last. */
static void assert_kill_order(const struct badness_result *r) {
        bool seen_protected = false;
        for (size_t i = 0; i < r->n; i++) {
                const struct badness_entry *b = at(r, (ssize_t)i);
                if (b->protected_task)
                        seen_protected = true;
                else
                        assert_false(seen_protected);
                if (i > 0 && !b->protected_task && val_known(b->points) && val_known(at(r, (ssize_t)i - 1)->points))
                        assert_true(at(r, (ssize_t)i - 1)->points >= b->points);
        }
}

/* A shallow copy of an event whose task and zone arrays may be changed. */
struct mutable_event {
        struct oom_event e;
};

static void mutable_init(struct mutable_event *m, const struct oom_event *src) {
        m->e = *src;
        m->e.tasks = malloc(src->n_tasks * sizeof(*src->tasks));
        assert_non_null(m->e.tasks);
        memcpy(m->e.tasks, src->tasks, src->n_tasks * sizeof(*src->tasks));
        m->e.zones = src->n_zones ? malloc(src->n_zones * sizeof(*src->zones)) : NULL;
        if (src->n_zones)
                memcpy(m->e.zones, src->zones, src->n_zones * sizeof(*src->zones));
}

static void mutable_free(struct mutable_event *m) {
        free(m->e.tasks);
        free(m->e.zones);
}

static struct oom_task *task_of(struct mutable_event *m, int64_t pid) {
        static struct oom_task dummy;
        for (size_t i = 0; i < m->e.n_tasks; i++)
                if (m->e.tasks[i].pid == pid)
                        return &m->e.tasks[i];
        fail_msg("pid %lld not in the table", (long long)pid);
        return &dummy;
}

/* Seed 000, RHEL 7 3.10.0-229, "Kill process 39855 (java) score 632".
 * totalpages = managed 15900 + 1808016 + 6146484 + 8243396 = 16213796 kB
 * = 4053449 pages (= 4187036 pages RAM - 133587 reserved), swap 0.
 * points = rss 2555504 + nr_ptes 7788 + swapents 0 = 2563292;
 * 2563292 * 1000 / 4053449 = 632 (632.37, truncated).  Were java given the
 * root bonus, 3.10 (adj -= 30; adj *= 4053449 / 1000 = 4053 -> -121590)
 * would print 2441702 * 1000 / 4053449 = 602, and 3.14's 3 % form
 * (2563292 - 76898 = 2486394) 613: java is uid 0 in a Docker container,
 * which drops CAP_SYS_ADMIN by default, so no bonus — either form. */
static void seed000_java_632(void **state) {
        (void)state;
        struct event_list l = run_fixture("seed000-rhel7-3.10.0-229.log");
        assert_int_equal(event_list_count(&l), 1);
        struct badness_result r;
        assert_int_equal(badness_compute(event_list_get(&l, 0), &r), 0);
        assert_string_equal(r.formula, "3.5-3.13 (pages, root bonus adj -30)");
        assert_int_equal(r.totalpages, 4053449);
        assert_string_equal(r.totalpages_source, "managed pages of the zones + total swap");
        assert_int_equal(r.n, 54);
        const struct badness_entry *java = at(&r, 0);
        assert_int_equal(java->pid, 39855);
        assert_int_equal(java->uid, 0);
        assert_int_equal(java->rss_pages, 2555504);
        assert_int_equal(java->pgtables_pages, 7788);
        assert_int_equal(java->points, 2563292);
        assert_int_equal(java->score, 632);
        assert_false(java->root_bonus);
        assert_int_equal(r.printed_score, 632);
        assert_int_equal(r.recomputed_score, 632);
        assert_true(r.score_matches);
        assert_true(r.notes & BADNESS_NOTE_NO_CAP_SYS_ADMIN);
        assert_true(r.notes & BADNESS_NOTE_ROOT_ASSUMED);
        assert_false(r.notes & BADNESS_NOTE_BONUS_DECIDES);
        assert_true(r.agrees);
        assert_null(r.disagreement);
        assert_int_equal(r.victim_index, 0);
        assert_int_equal(r.killed_index, 0);
        assert_int_equal(r.chosen_index, 0);
        assert_int_equal(r.chosen_without_adj_index, 0);
        assert_true(r.implied_totalpages_min <= 4053449 && 4053449 <= r.implied_totalpages_max);

        /* host root daemons keep the assumed bonus: scribed (uid 0)
         * 7033 + 190 = 7223 pages, adj -30 * 4053 = -121590 -> 1 */
        const struct badness_entry *scribed = find_pid(&r, 133984);
        assert_true(scribed->root_bonus);
        assert_int_equal(scribed->points, 1);
        assert_int_equal(scribed->points_without_adj, 1);
        /* wagent (uid 60422): no bonus, plain pages */
        assert_int_equal(find_pid(&r, 179346)->points, 2557 + 38);

        /* -1000 tasks last and flagged; -900 and -500 are not protected */
        assert_kill_order(&r);
        for (size_t i = r.n - 3; i < r.n; i++) {
                assert_true(at(&r, i)->protected_task);
                assert_int_equal(at(&r, i)->oom_score_adj, -1000);
        }
        assert_false(find_pid(&r, 2133)->protected_task); /* dbus-daemon -900 */
        assert_false(find_pid(&r, 38493)->protected_task); /* dockerd -500 */
        badness_free(&r);
        badness_free(&r); /* idempotent */
        event_list_clear(&l);
}

/* OOMAnalyser rhel7, 3.10.0-514: "Kill process 6576 (mysqld) score 651".
 * managed 32747388 kB = 8186847 pages (= 8379834 - 192987), swap
 * 8388604 kB = 2097151 pages, totalpages 10283998; points 5157063 +
 * 15483 + 1527848 = 6700394; * 1000 / 10283998 = 651 (651.53). */
static void oomanalyser_rhel7_651(void **state) {
        (void)state;
        struct event_list l = run_fixture("oomanalyser-rhel7.log");
        struct badness_result r;
        assert_int_equal(badness_compute(event_list_get(&l, 0), &r), 0);
        assert_int_equal(r.totalpages, 10283998);
        assert_int_equal(at(&r, 0)->pid, 6576);
        assert_int_equal(at(&r, 0)->swap_pages, 1527848);
        assert_int_equal(at(&r, 0)->points, 6700394);
        assert_int_equal(at(&r, 0)->score, 651);
        assert_true(r.score_matches);
        assert_true(r.agrees);
        assert_int_equal(r.notes & (BADNESS_NOTE_NO_CAP_SYS_ADMIN | BADNESS_NOTE_SCORE_MISMATCH), 0);
        assert_kill_order(&r);
        badness_free(&r);
        event_list_clear(&l);
}

/* Arch 6.1.1 (5.9+ form, no printed score): doxygen 473206 is chosen.
 * totalpages = 16073272 kB managed / 4 = 4018318 + swap 25165820 / 4 =
 * 6291455 -> 10309773; adj weighs 10309773 / 1000 = 10309 pages per unit. */
static void archlinux_6_1_1(void **state) {
        (void)state;
        struct event_list l = run_fixture("oomanalyser-archlinux_6_1_1.log");
        struct badness_result r;
        assert_int_equal(badness_compute(event_list_get(&l, 0), &r), 0);
        assert_string_equal(r.formula, "5.9+ (pages, signed)");
        assert_int_equal(r.totalpages, 10309773);
        assert_false(val_known(r.printed_score));
        assert_int_equal(at(&r, 0)->pid, 473206);
        /* 4.15+: pgtables_bytes 60686336 / 4096 = 14816 pages */
        assert_int_equal(at(&r, 0)->pgtables_pages, 14816);
        assert_true(r.agrees);
        assert_int_equal(r.notes & BADNESS_NOTE_ROOT_ASSUMED, 0); /* no bonus since 4.17 */
        /* a chrome renderer at oom_score_adj 300: the adj is most of its points */
        const struct badness_entry *chrome = find_pid(&r, 376692);
        assert_int_equal(chrome->oom_score_adj, 300);
        assert_int_equal(chrome->points, chrome->points_without_adj + 300 * 10309);
        assert_int_equal(chrome->points_without_adj, 2362 + 57194 + 446);
        assert_kill_order(&r);
        badness_free(&r);
        event_list_clear(&l);
}

/* Ubuntu 21.10 5.13, sysrq-f: unattended-upgr 651 is chosen; without
 * oom_score_adj snapd (8302 pages, adj -900) would have been. */
static void ubuntu2110_adj_protects_snapd(void **state) {
        (void)state;
        struct event_list l = run_fixture("oomanalyser-ubuntu2110.log");
        struct badness_result r;
        assert_int_equal(badness_compute(event_list_get(&l, 0), &r), 0);
        assert_int_equal(r.totalpages, 506349);
        assert_true(r.agrees);
        assert_int_equal(at(&r, r.chosen_index)->pid, 651);
        assert_true(r.chosen_without_adj_index > 0);
        const struct badness_entry *snapd = at(&r, r.chosen_without_adj_index);
        assert_int_equal(snapd->pid, 611);
        assert_int_equal(snapd->oom_score_adj, -900);
        assert_int_equal(snapd->points_without_adj, 8248 + 54);
        assert_true(snapd->points < 0); /* 5.9+: signed, no clamp to 1 */
        assert_true(r.notes & BADNESS_NOTE_ADJ_DECIDES);
        assert_true(find_pid(&r, 356)->protected_task); /* systemd-udevd -1000 */
        badness_free(&r);
        event_list_clear(&l);
}

/* cAdvisor memcg v1 on 3.13: limit 980 kB = 245 pages, memory+swap
 * unlimited, so mem_cgroup_get_limit() = 245 + total swap, and a memcg
 * report has no "Total swap".  "score 996" for 343 + 16267 + 8324326 =
 * 8340936 points puts totalpages in [8340936000 / 997 + 1,
 * 8340936000 / 996] = [8366035, 8374433]: ~32 GiB of swap on the host. */
static void memcg_v1_unlimited_swap(void **state) {
        (void)state;
        struct event_list l = run_fixture("cadvisor-memcg-v1-3.13.log");
        const struct oom_event *e = event_list_get(&l, 0);
        struct badness_result r;
        assert_int_equal(badness_compute(e, &r), 0);
        assert_false(val_known(r.totalpages));
        assert_int_equal(r.totalpages_min, 245);
        assert_false(val_known(r.totalpages_max));
        assert_true(r.notes & BADNESS_NOTE_TOTAL_UNKNOWN);
        assert_int_equal(at(&r, 0)->points, 8340936);
        assert_int_equal(r.printed_score, 996);
        assert_false(val_known(r.recomputed_score));
        assert_int_equal(r.implied_totalpages_min, 8366035);
        assert_int_equal(r.implied_totalpages_max, 8374433);
        assert_true(r.agrees);
        badness_free(&r);

        /* adj *= totalpages / 1000 divides first: at 245 pages an adj of
         * even 1000 weighs nothing. */
        struct mutable_event m;
        mutable_init(&m, e);
        task_of(&m, 13536)->oom_score_adj = 1000;
        assert_int_equal(badness_compute(&m.e, &r), 0);
        assert_int_equal(at(&r, 0)->points, 8340936);
        badness_free(&r);
        mutable_free(&m);
        event_list_clear(&l);
}

/* cAdvisor 4.8 docker memcgs, v1 with finite memory+swap limits:
 * 20480/40960 kB -> totalpages 5120 + min(5120, swap) = 10240, and
 * 307200/614400 kB -> 153600.  points 5191 + 5489 + 34 + 4 = 10718 ->
 * 10718 * 1000 / 10240 = 1046; 62557 + 91187 + 315 + 4 = 154063 -> 1003
 * (the score exceeds 1000 when swap counts).  Both run as uid 0 in a
 * container: the 3 % bonus would give 1015 and 972. */
static void memcg_v1_docker_4_8(void **state) {
        (void)state;
        struct event_list l = run_fixture("cadvisor-docker-two-ooms-4.8.log");
        assert_int_equal(event_list_count(&l), 2);
        const int64_t total[2] = { 10240, 153600 }, points[2] = { 10718, 154063 }, score[2] = { 1046, 1003 };
        for (size_t i = 0; i < 2; i++) {
                struct badness_result r;
                assert_int_equal(badness_compute(event_list_get(&l, i), &r), 0);
                assert_string_equal(r.formula, "3.14-4.16 (pages, root bonus 3 %)");
                assert_int_equal(r.totalpages, total[i]);
                assert_int_equal(r.totalpages_min, total[i] / 2);
                assert_true(r.notes & BADNESS_NOTE_TOTAL_ESTIMATED);
                assert_int_equal(at(&r, 0)->points, points[i]);
                assert_int_equal(at(&r, 0)->score, score[i]);
                assert_true(r.score_matches);
                assert_true(r.notes & BADNESS_NOTE_NO_CAP_SYS_ADMIN);
                assert_true(r.agrees);
                badness_free(&r);
        }
        event_list_clear(&l);
}

/* Proxmox 5.15, cgroup v2 memcg with swap.max 0: totalpages is
 * memory.max 31211520 kB = 7802880 pages; php-fpm 3902942 is chosen. */
static void memcg_v2_proxmox(void **state) {
        (void)state;
        struct event_list l = run_fixture("oomanalyser-proxmox_cgroup_oom.log");
        struct badness_result r;
        assert_int_equal(badness_compute(event_list_get(&l, 0), &r), 0);
        assert_int_equal(r.totalpages, 7802880);
        assert_string_equal(r.totalpages_source, "memcg limit (cgroup v2, swap.max 0)");
        assert_int_equal(at(&r, 0)->pid, 3902942);
        assert_true(r.agrees);
        assert_int_equal(r.victim_index, 0);
        badness_free(&r);
        event_list_clear(&l);
}

/* cAdvisor global 3.13: "score 919" for badsysprogram (uid 1020):
 * 398810 + 788 = 399598 pages over 434705 managed pages, no swap. */
static void global_3_13_919(void **state) {
        (void)state;
        struct event_list l = run_fixture("cadvisor-global-3.13.log");
        struct badness_result r;
        assert_int_equal(badness_compute(event_list_get(&l, 0), &r), 0);
        assert_int_equal(r.totalpages, 434705);
        assert_int_equal(at(&r, 0)->pid, 1532);
        assert_int_equal(at(&r, 0)->score, 919);
        assert_true(r.score_matches);
        assert_true(r.agrees);
        badness_free(&r);
        event_list_clear(&l);
}

/* RHEL 6 2.6.32-642: the per-mille heuristic on a table with rss only.
 * 14290 (54272 rss -> 54272000 / 8731104 = 6) is the first task at 6 in
 * the table and is killed; in the other report 13929 is killed at
 * "score 6" although memcached, earlier in the table, shows 6 on rss too. */
static void rhel6_per_mille(void **state) {
        (void)state;
        struct event_list l = run_fixture("out-of-memory-rhel6-2.6.32.log");
        assert_int_equal(event_list_count(&l), 2);
        struct badness_result r;
        assert_int_equal(badness_compute(event_list_get(&l, 1), &r), 0);
        assert_string_equal(r.formula, "2.6.36-3.4 (per mille, root -30)");
        assert_int_equal(r.totalpages, 8206817 + 524287);
        assert_true(r.notes & BADNESS_NOTE_TOTAL_ESTIMATED);
        assert_true(r.notes & BADNESS_NOTE_NO_COLUMNS);
        assert_int_equal(at(&r, 0)->pid, 14290);
        assert_int_equal(at(&r, 0)->points, 6);
        assert_int_equal(at(&r, 1)->points, 6); /* a tie, kept in table order */
        assert_true(r.score_matches);
        assert_true(r.agrees);
        /* savscand (uid 0, 59784 rss = 6 per mille) drops to 1 with root -30 */
        assert_int_equal(find_pid(&r, 15597)->points, 1);
        badness_free(&r);

        assert_int_equal(badness_compute(event_list_get(&l, 0), &r), 0);
        assert_false(r.agrees);
        assert_int_equal(at(&r, 0)->pid, 33649); /* memcached */
        assert_int_equal(at(&r, r.victim_index)->pid, 13929);
        assert_int_equal(at(&r, r.victim_index)->points, at(&r, 0)->points);
        assert_string_equal(r.disagreement,
                            "the task table has no swap or page-table columns (2.6.36-3.7); the kernel counted them");
        badness_free(&r);
        event_list_clear(&l);
}

/* <= 2.6.35: the table has no oom_score_adj and the heuristic (total_vm,
 * CPU time, nice, children) cannot be recomputed.  No real report of this
 * layout is in the corpus: these are rows of the RHEL 6 report above
 * printed in the 2.6.25-2.6.35 format of kernel-oom-report.md §4.1. */
static void old_heuristic(void **state) {
        (void)state;
        const char *text = "php-fpm invoked oom-killer: gfp_mask=0x280da, order=0, oom_adj=0\n"
                           "[ pid ]   uid  tgid total_vm      rss cpu oom_adj name\n"
                           "[  788]     0   788     2671        1   7     -17 udevd\n"
                           "[33695]     0 33695     7443       21   2     -17 auditd\n"
                           "[15578]     0 15578   229274    58792  10       0 savscand\n"
                           "[14290]  1002 14290   186639    54272   9       0 php-fpm\n"
                           "[14293]  1002 14293   186551    54136   1       0 php-fpm\n"
                           "Killed process 14290 (php-fpm) vsz:746556kB, anon-rss:136404kB, file-rss:80676kB\n";
        struct event_list l = run(text, strlen(text));
        assert_int_equal(event_list_count(&l), 1);
        const struct oom_event *e = event_list_get(&l, 0);
        assert_int_equal(e->task_layout, TASKS_CPU_OOM_ADJ);
        struct badness_result r;
        assert_int_equal(badness_compute(e, &r), 0);
        assert_null(r.formula);
        assert_int_equal(r.n, 5);
        assert_int_equal(r.chosen_index, -1);
        assert_int_equal(r.chosen_without_adj_index, -1);
        assert_false(r.agrees);
        assert_non_null(r.disagreement);
        assert_false(val_known(r.printed_score));
        assert_true(r.victim_index >= 0);
        assert_int_equal(at(&r, r.victim_index)->pid, 14290);
        assert_int_equal(r.killed_index, r.victim_index);
        for (size_t i = 0; i < r.n; i++)
                assert_false(val_known(at(&r, i)->points));
        /* table order, the oom_adj -17 tasks last */
        assert_int_equal(at(&r, 0)->pid, 15578);
        assert_true(at(&r, 3)->protected_task && at(&r, 4)->protected_task);
        assert_int_equal(at(&r, 3)->pid, 788);
        badness_free(&r);
        event_list_clear(&l);
}

/* Seed 002: 2.6.32 under oom_kill_allocating_task, no task table. */
static void seed002_no_table(void **state) {
        (void)state;
        const char *text =
                "[28039563.695579] Out of memory (oom_kill_allocating_task): Kill process 4057 (DragoonAgent) score 0 or sacrifice child\n"
                "[28039563.706553] Killed process 174493, UID 120063, (get_busbar_volt) total-vm:65924kB, anon-rss:168kB, file-rss:580kB\n";
        struct event_list l = run(text, strlen(text));
        assert_int_equal(event_list_count(&l), 1);
        struct badness_result r;
        memset(&r, 0x5a, sizeof(r));
        assert_int_equal(badness_compute(event_list_get(&l, 0), &r), -ENODATA);
        assert_int_equal(r.n, 0);
        assert_null(r.entries);
        assert_null(r.formula);
        assert_int_equal(r.victim_index, -1);
        assert_int_equal(r.chosen_index, -1);
        assert_false(val_known(r.totalpages));
        badness_free(&r);
        badness_free(NULL);
        event_list_clear(&l);
}

/* Rules checked on a real table with one field changed. */
static void adj_and_allocating_task(void **state) {
        (void)state;
        struct event_list l = run_fixture("oomanalyser-rhel7.log");
        const struct oom_event *e = event_list_get(&l, 0);
        struct mutable_event m;
        struct badness_result r;

        /* java 27502 at +500 outranks mysqld: 2949299 + 500 * (10283998 /
         * 1000 = 10283) = 8090799 (not + 500 * 10283998 / 1000 = 5141999) */
        mutable_init(&m, e);
        task_of(&m, 27502)->oom_score_adj = 500;
        assert_int_equal(badness_compute(&m.e, &r), 0);
        assert_int_equal(at(&r, 0)->pid, 27502);
        assert_int_equal(at(&r, 0)->points, 8090799);
        assert_int_equal(at(&r, 0)->points_without_adj, 2949299);
        assert_int_equal(at(&r, r.chosen_without_adj_index)->pid, 6576);
        assert_true(r.notes & BADNESS_NOTE_ADJ_DECIDES);
        assert_false(r.agrees); /* the log says mysqld */
        assert_non_null(r.disagreement);
        badness_free(&r);
        mutable_free(&m);

        /* oom_kill_allocating_task: no ranking, the printed "score 0" is not a score */
        mutable_init(&m, e);
        strcpy(m.e.kill_message, "Out of memory (oom_kill_allocating_task)");
        assert_int_equal(badness_compute(&m.e, &r), 0);
        assert_true(r.notes & BADNESS_NOTE_ALLOCATING_TASK);
        assert_false(val_known(r.printed_score));
        assert_false(r.agrees);
        assert_string_equal(r.disagreement, "oom_kill_allocating_task: the kernel killed the allocating task without ranking");
        assert_int_equal(r.chosen_index, 0); /* what ranking would have picked */
        badness_free(&r);
        mutable_free(&m);
        event_list_clear(&l);
}

/* Numbers near INT64_MAX/MIN everywhere: saturation, no UB (the suite
 * runs under UBSan), nothing out of order. */
static void hostile_numbers(void **state) {
        (void)state;
        const char *files[] = { "oomanalyser-rhel7.log", "cadvisor-docker-two-ooms-4.8.log", "oomanalyser-archlinux_6_1_1.log",
                                "out-of-memory-rhel6-2.6.32.log" };
        const int64_t evil[] = { INT64_MAX, INT64_MAX - 1, INT64_MIN + 1, -1, 0, OOM_UNSET };
        for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
                struct event_list l = run_fixture(files[f]);
                const struct oom_event *e = event_list_get(&l, 0);
                for (size_t v = 0; v < sizeof(evil) / sizeof(evil[0]); v++) {
                        struct mutable_event m;
                        mutable_init(&m, e);
                        int64_t x = evil[v], y = evil[(v + 1) % 6];
                        for (size_t i = 0; i < m.e.n_tasks; i += 2) {
                                struct oom_task *t = &m.e.tasks[i];
                                t->rss = x;
                                t->swapents = y;
                                t->nr_ptes = x;
                                t->nr_pmds = y;
                                t->pgtables_bytes = val_known(t->pgtables_bytes) ? x : OOM_UNSET;
                                t->oom_score_adj = i % 4 ? y : x;
                                t->uid = i % 3 ? 0 : x;
                        }
                        for (size_t z = 0; z < m.e.n_zones; z++)
                                m.e.zones[z].managed_kb = x;
                        m.e.total_swap_kb = y;
                        m.e.page_size_kb = v % 2 ? x : y;
                        m.e.memcg_limit_kb = x;
                        m.e.memsw_limit_kb = y;
                        m.e.swap_limit_kb = v % 3 ? OOM_UNSET : x;
                        m.e.ram_pages = x;
                        m.e.reserved_pages = y;
                        m.e.score = x;
                        m.e.selected_pid = m.e.tasks[0].pid;
                        struct badness_result r;
                        assert_int_equal(badness_compute(&m.e, &r), 0);
                        assert_int_equal(r.n, m.e.n_tasks);
                        assert_kill_order(&r);
                        badness_free(&r);
                        mutable_free(&m);
                }
                event_list_clear(&l);
        }
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(seed000_java_632),
                cmocka_unit_test(oomanalyser_rhel7_651),
                cmocka_unit_test(archlinux_6_1_1),
                cmocka_unit_test(ubuntu2110_adj_protects_snapd),
                cmocka_unit_test(memcg_v1_unlimited_swap),
                cmocka_unit_test(memcg_v1_docker_4_8),
                cmocka_unit_test(memcg_v2_proxmox),
                cmocka_unit_test(global_3_13_919),
                cmocka_unit_test(rhel6_per_mille),
                cmocka_unit_test(old_heuristic),
                cmocka_unit_test(seed002_no_table),
                cmocka_unit_test(adj_and_allocating_task),
                cmocka_unit_test(hostile_numbers),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
