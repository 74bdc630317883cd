/* test_report_parse.c — the report line recognisers for each kernel
 * generation (format strings from kernel-oom-report.md, examples from real
 * logs) and the state machine on interleaved, cut and rate-limited input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "event_list.h"
#include "gfp_flags.h"
#include "report_lines.h"
#include "report_parse.h"
#include "scanner.h"

#define L(s) (s), strlen(s)

static void trigger_versions(void **state) {
        (void)state;
        struct oom_event *e = event_new();
        /* 2.6.18: no comm */
        assert_true(line_trigger(L("oom-killer: gfp_mask=0x201d2, order=0"), e));
        assert_string_equal(e->gfp_mask, "0x201d2");
        assert_int_equal(e->order, 0);
        assert_string_equal(e->trigger_comm, "");
        event_free(e);

        /* 2.6.32 RHEL: oom_adj and oom_score_adj */
        e = event_new();
        assert_true(line_trigger(L("java invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0"), e));
        assert_string_equal(e->trigger_comm, "java");
        assert_int_equal(e->trigger_oom_adj, 0);
        assert_int_equal(e->trigger_oom_score_adj, 0);
        event_free(e);

        /* 2.6.24: oomkilladj */
        e = event_new();
        assert_true(line_trigger(L("httpd invoked oom-killer: gfp_mask=0x1201d2, order=0, oomkilladj=-17"), e));
        assert_int_equal(e->trigger_oom_adj, -17);
        assert_false(val_known(e->trigger_oom_score_adj));
        event_free(e);

        /* 4.10-4.18: nodemask, two spaces before order; comm with spaces and colon */
        e = event_new();
        assert_true(line_trigger(L("Web Content: x invoked oom-killer: gfp_mask=0x14280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), "
                                   "nodemask=(null),  order=0, oom_score_adj=100"), e));
        assert_string_equal(e->trigger_comm, "Web Content: x");
        assert_string_equal(e->gfp_flags, "GFP_HIGHUSER_MOVABLE|__GFP_ZERO");
        assert_string_equal(e->nodemask, "(null)");
        assert_int_equal(e->trigger_oom_score_adj, 100);
        event_free(e);

        /* 5.13 sysrq-f: order=-1 is a manual trigger */
        e = event_new();
        assert_true(line_trigger(L("kworker/0:2 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=-1, oom_score_adj=0"), e));
        assert_true(e->manual);
        assert_int_equal(e->order, -1);
        event_free(e);

        e = event_new();
        assert_false(line_trigger(L("grep 'invoked oom-killer' /var/log/messages"), e));
        event_free(e);
}

static void stack_header_versions(void **state) {
        (void)state;
        struct oom_event *e = event_new();
        assert_true(line_stack_header(L("CPU: 15 PID: 42005 Comm: java Tainted: G            -------------- T "
                                        "3.10.0-229.el7.x86_64 #1"), e));
        assert_int_equal(e->trigger_pid, 42005);
        assert_string_equal(e->kernel_release, "3.10.0-229.el7.x86_64");
        event_free(e);
        e = event_new();
        assert_true(line_stack_header(L("CPU: 1 UID: 0 PID: 2223 Comm: python3 Not tainted 6.18.44-fc-v595 #1 PREEMPT(none) "), e));
        assert_int_equal(e->trigger_pid, 2223);
        assert_string_equal(e->kernel_release, "6.18.44-fc-v595");
        event_free(e);
        e = event_new();
        assert_true(line_stack_header(L("Pid: 4903, comm: controller Not tainted 2.6.32-642.11.1.el6.x86_64 #1"), e));
        assert_int_equal(e->trigger_pid, 4903);
        assert_string_equal(e->kernel_release, "2.6.32-642.11.1.el6.x86_64");
        event_free(e);
        e = event_new();
        assert_true(line_stack_header(L("CPU: 4 PID: 1 Comm: systemd Kdump: loaded Tainted: G        O      5.4.51-xxx #1"), e));
        assert_string_equal(e->kernel_release, "5.4.51-xxx");
        event_free(e);
}

static void kill_line_versions(void **state) {
        (void)state;
        struct kill_info k;
        assert_true(line_kill(L("Out of memory: Killed process 473206 (doxygen) total-vm:30290680kB, anon-rss:9234320kB, "
                                "file-rss:4kB, shmem-rss:0kB, UID:504 pgtables:59264kB oom_score_adj:0"), &k));
        assert_string_equal(k.message, "Out of memory");
        assert_int_equal(k.pid, 473206);
        assert_int_equal(k.uid, 504);
        assert_int_equal(k.pgtables_kb, 59264);
        assert_int_equal(k.anon_rss_kb, 9234320);
        /* RHEL6 */
        assert_true(line_kill(L("Killed process 174493, UID 120063, (get_busbar_volt) total-vm:65924kB, anon-rss:168kB, "
                                "file-rss:580kB"), &k));
        assert_int_equal(k.pid, 174493);
        assert_int_equal(k.uid, 120063);
        assert_string_equal(k.comm, "get_busbar_volt");
        assert_false(val_known(k.shmem_rss_kb));
        /* 2.6.18: message prefix and a trailing period */
        assert_true(line_kill(L("Out of Memory: Killed process 2592 (oracle)."), &k));
        assert_int_equal(k.pid, 2592);
        assert_string_equal(k.comm, "oracle");
        /* comm with ')' and spaces (cAdvisor's TestLastLineRegex names) */
        assert_true(line_kill(L("Killed process 1234 (()) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB"), &k));
        assert_string_equal(k.comm, "()");
        assert_true(line_kill(L("Killed process 1234 (Plex Media Server) total-vm:1kB, anon-rss:1kB, file-rss:0kB"), &k));
        assert_string_equal(k.comm, "Plex Media Server");
        /* prose that mentions the words is not a kill line */
        assert_false(line_kill(L("系统的处置：`Killed process 3281050 (next-server)`"), &k));
}

static void select_and_summary(void **state) {
        (void)state;
        struct oom_event *e = event_new();
        assert_true(line_select(L("Out of memory (oom_kill_allocating_task): Kill process 4016 (DragoonAgent) score 0 or sacrifice child"), e));
        assert_string_equal(e->kill_message, "Out of memory (oom_kill_allocating_task)");
        assert_int_equal(e->selected_pid, 4016);
        assert_int_equal(e->score, 0);
        event_free(e);
        e = event_new();
        assert_true(line_select(L("Out of memory: kill process 31 (a) score 12 or a child"), e));
        assert_int_equal(e->score, 12);
        assert_false(line_select(L("Kill process 1 (x) sharing same memory"), e));
        event_free(e);

        e = event_new();
        assert_true(line_oom_summary(L("oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=docker-a5.scope,"
                                       "mems_allowed=0,oom_memcg=/lxc/39004,task_memcg=/lxc/39004/ns/system.slice/"
                                       "docker-a5.scope,task=php,fpm,pid=3902942,uid=1000"), e));
        assert_int_equal(e->constraint, OOM_CONSTRAINT_MEMCG);
        assert_string_equal(e->oom_memcg, "/lxc/39004");
        assert_string_equal(e->task_memcg, "/lxc/39004/ns/system.slice/docker-a5.scope");
        assert_string_equal(e->victim_comm, "php,fpm");
        assert_int_equal(e->victim_pid, 3902942);
        assert_int_equal(e->victim_uid, 1000);
        assert_string_equal(e->cpuset, "docker-a5.scope");
        event_free(e);
        e = event_new();
        assert_true(line_oom_summary(L("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,"
                                       "global_oom,task_memcg=/user.slice,task=doxygen,pid=473206,uid=504"), e));
        assert_true(e->global_oom);
        assert_null(e->oom_memcg);
        assert_int_equal(e->constraint, OOM_CONSTRAINT_NONE);
        event_free(e);
}

static void memory_lines(void **state) {
        (void)state;
        struct oom_event *e = event_new();
        struct oom_zone *z = line_zone(L("Node 0 DMA32 free:34556kB min:10040kB low:12548kB high:15060kB "
                                         "reserved_highatomic:0KB active_anon:1612600kB present:2052096kB "
                                         "managed:1808016kB pages_scanned:184 all_unreclaimable? yes"), e);
        assert_non_null(z);
        assert_int_equal(z->node, 0);
        assert_string_equal(z->name, "DMA32");
        assert_int_equal(z->min_kb, 10040);
        assert_int_equal(z->managed_kb, 1808016);
        assert_int_equal(kv_get(&z->fields, "all_unreclaimable"), 1);
        assert_int_equal(kv_get(&z->fields, "pages_scanned"), 184);
        assert_true(line_lowmem_reserve(L("lowmem_reserve[]: 0 0 6002 6002"), z));
        assert_int_equal(z->n_reserve, 4);
        assert_int_equal(z->lowmem_reserve[2], 6002);
        /* non-NUMA buddy line, 64 KiB pages (ppc64le) */
        assert_true(line_buddy(L("Normal: 3*64kB (U) 0*128kB 1*256kB (M) = 320kB"), e));
        struct oom_zone *n = event_find_zone(e, OOM_UNSET, "Normal", 6);
        assert_non_null(n);
        assert_int_equal(n->order0_kb, 64);
        assert_int_equal(n->n_orders, 3);
        assert_int_equal(n->buddy_total_kb, 320);
        assert_true(line_meminfo_tail(L("Free swap  = 0kB"), e));
        assert_int_equal(e->free_swap_kb, 0);
        assert_true(line_meminfo_tail(L("4187036 pages RAM"), e));
        assert_int_equal(e->ram_pages, 4187036);
        assert_true(line_hugepages(L("Node 1 hugepages_total=2 hugepages_free=2 hugepages_surp=0 hugepages_size=1048576kB"), e));
        assert_int_equal(e->hugepages[0].size_kb, 1048576);
        assert_true(line_slab_row(L("ext4_bio_post_read_ctx         15KB         15KB"), e));
        assert_string_equal(e->slabs[0].name, "ext4_bio_post_read_ctx");
        event_free(e);
}

static void task_tables(void **state) {
        (void)state;
        struct task_columns cols;
        enum oom_task_layout layout;
        struct oom_task t;
        assert_true(line_task_header(L("[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes "
                                       "swapents oom_score_adj name"), &cols, &layout));
        assert_int_equal(layout, TASKS_RSS_SPLIT);
        assert_true(line_task_row(L("[    156]     0   156   153531   153345   153345        0         0  1269760        0"
                                    "             0 mm test"), &cols, &t));
        assert_int_equal(t.rss_anon, 153345);
        assert_int_equal(t.pgtables_bytes, 1269760);
        assert_string_equal(t.comm, "mm test");
        assert_true(line_task_header(L("[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name"), &cols, &layout));
        assert_int_equal(layout, TASKS_CPU_OOM_ADJ_SCORE);
        assert_true(line_task_row(L("[23447]     0 23447    16565       31   4     -17         -1000 sshd"), &cols, &t));
        assert_int_equal(t.oom_adj, -17);
        assert_int_equal(t.oom_score_adj, -1000);
        /* a row merged with another by a lossy syslog is rejected, not misread */
        assert_false(line_task_row(L("[23093]    48 23093    53756      863   8       0     p-fpm"), &cols, &t));
        assert_true(line_task_row_shape(L("[23093]    48 23093    53756      863   8       0     p-fpm")));
}

static void gfp_decoding(void **state) {
        (void)state;
        char buf[256];
        assert_true(gfp_decode(0x201da, GFP_TABLE_2_6_TO_4_3, buf, sizeof(buf)));
        assert_string_equal(buf, "GFP_HIGHUSER_MOVABLE|__GFP_COLD");
        assert_true(gfp_decode(0x280da, gfp_table_guess("3.10.0-229.el7.x86_64", 0x280da), buf, sizeof(buf)));
        assert_string_equal(buf, "GFP_HIGHUSER_MOVABLE|__GFP_ZERO");
        assert_true(gfp_decode(0x24280ca, gfp_table_guess("4.4.0-21-generic", 0x24280ca), buf, sizeof(buf)));
        assert_string_equal(buf, "GFP_HIGHUSER_MOVABLE|__GFP_ZERO");
        assert_true(gfp_decode(0xd0, GFP_TABLE_2_6_TO_4_3, buf, sizeof(buf)));
        assert_string_equal(buf, "GFP_KERNEL");
        assert_false(gfp_decode(0x201da, GFP_TABLE_2_6_TO_4_3, buf, 8));
}

/* ---- state machine, through the scanner ---- */

static struct event_list run(const char *text) {
        struct event_list l = { 0 };
        struct log_splitter *sp = log_splitter_new(1700000000);
        struct report_parser *p = report_parser_new("t", event_list_add, &l);
        struct scan_result r;
        scanner_scan_buffer(text, strlen(text), sp, p, &r);
        report_parser_free(p);
        log_splitter_free(sp);
        event_list_finish(&l);
        return l;
}

static void interleaved_hosts(void **state) {
        (void)state;
        struct event_list l = run(
                "Jan  1 00:00:01 a kernel: x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
                "Jan  1 00:00:01 b kernel: y invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=3, oom_score_adj=0\n"
                "Jan  1 00:00:01 a kernel: CPU: 0 PID: 11 Comm: x Not tainted 5.10.0 #1\n"
                "Jan  1 00:00:01 b kernel: CPU: 1 PID: 22 Comm: y Not tainted 6.1.0 #1\n"
                "Jan  1 00:00:01 b kernel: Out of memory: Killed process 222 (yy) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n"
                "Jan  1 00:00:01 a kernel: Out of memory: Killed process 111 (xx) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n"
                "Jan  1 00:00:02 a kernel: oom_reaper: reaped process 111 (xx), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB\n");
        assert_int_equal(event_list_count(&l), 2);
        for (size_t i = 0; i < event_list_count(&l); i++) {
                const struct oom_event *e = event_list_get(&l, i);
                if (strcmp(e->host, "a") == 0) {
                        assert_int_equal(e->victim_pid, 111);
                        assert_int_equal(e->trigger_pid, 11);
                        assert_true(e->reaped);
                } else {
                        assert_string_equal(e->host, "b");
                        assert_int_equal(e->victim_pid, 222);
                        assert_int_equal(e->order, 3);
                        assert_false(e->reaped);
                }
        }
        event_list_clear(&l);
}

static void reaper_after_next_report(void **state) {
        (void)state;
        /* the oom_reaper line of the first kill arrives after the second report began */
        struct event_list l = run(
                "[ 10.0] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
                "[ 10.1] Out of memory: Killed process 5 (a) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n"
                "[ 10.2] b invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
                "[ 10.3] oom_reaper: reaped process 5 (a), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB\n"
                "[ 10.4] Out of memory: Killed process 6 (b) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n");
        assert_int_equal(event_list_count(&l), 2);
        assert_int_equal(event_list_get(&l, 0)->victim_pid, 5);
        assert_true(event_list_get(&l, 0)->reaped);
        assert_int_equal(event_list_get(&l, 1)->victim_pid, 6);
        assert_false(event_list_get(&l, 1)->reaped);
        event_list_clear(&l);
}

static void cut_and_rate_limited(void **state) {
        (void)state;
        struct event_list l = run(
                "[ 1.0] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
                "[ 1.0] CPU: 0 PID: 9 Comm: a Not tainted 5.10.0 #1\n"
                "[ 1.0] Mem-Info:\n"
                "[ 1.0] active_anon:1 inactive_anon:2 isolated_anon:0\n"
                "[ 9.0] oom_kill_process: 3 callbacks suppressed\n"
                "[ 9.1] Out of memory: Killed process 7 (c) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n");
        assert_int_equal(event_list_count(&l), 2);
        const struct oom_event *cut = event_list_get(&l, 0), *bare = event_list_get(&l, 1);
        assert_false(cut->complete);
        assert_true(cut->missing & PART_KILL);
        assert_int_equal(kv_get(&cut->meminfo, "inactive_anon"), 2);
        assert_false(bare->complete);
        assert_true(bare->missing & PART_TRIGGER);
        assert_int_equal(bare->victim_pid, 7);
        assert_int_equal(bare->suppressed, 3);
        event_list_clear(&l);
}

static void allocation_failure_is_not_an_oom(void **state) {
        (void)state;
        struct event_list l = run(
                "[ 1.0] kworker: page allocation failure: order:4, mode:0x40cc0(GFP_KERNEL|__GFP_COMP)\n"
                "[ 1.0] Mem-Info:\n"
                "[ 1.0] active_anon:1 inactive_anon:2 isolated_anon:0\n"
                "[ 1.0] Node 0 DMA32 free:1kB min:2kB low:3kB high:4kB\n");
        assert_int_equal(event_list_count(&l), 0);
        event_list_clear(&l);
}

static void oom_group_kills_stay_one_event(void **state) {
        (void)state;
        struct event_list l = run(
                "[ 1.0] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
                "[ 1.0] Memory cgroup out of memory: Killed process 5 (a) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n"
                "[ 1.0] Tasks in /job are going to be killed due to memory.oom.group set\n"
                "[ 1.0] Memory cgroup out of memory: Killed process 6 (b) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n");
        assert_int_equal(event_list_count(&l), 1);
        assert_string_equal(event_list_get(&l, 0)->oom_group, "/job");
        assert_int_equal(event_list_get(&l, 0)->constraint, OOM_CONSTRAINT_MEMCG);
        event_list_clear(&l);
}

/* A report in the 2.6.18 layout, written from the format strings of that
 * kernel (kernel-oom-report.md §2-§4; no real 2.6.18 log is in the corpus):
 * no comm on the trigger, no CPU: line, "Mem-info:", per-cpu hot/cold
 * lines, the old zone keys, "Swap cache:" and the select/kill pair. */
/* issue 9, item 12: a name longer than its field is cut at a character
 * boundary and marked, never passed off as whole */
static void long_names_marked(void **state) {
        (void)state;
        char comm[120] = "", line[512];
        for (int i = 0; i < 30; i++)
                strcat(comm, "n\xc3\xa9"); /* "né": two-byte characters */
        snprintf(line, sizeof(line),
                 "[ 1.000000] Out of memory: Killed process 7 (%s) total-vm:8kB, anon-rss:4kB, file-rss:0kB, "
                 "shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n", comm);
        struct event_list l = run(line);
        assert_int_equal(event_list_count(&l), 1);
        const struct oom_event *e = event_list_get(&l, 0);
        size_t n = strlen(e->victim_comm);
        assert_true(n < OOM_COMM_MAX);
        assert_true(n > 3 && strcmp(e->victim_comm + n - 3, "\xe2\x80\xa6") == 0);
        assert_true(strncmp(e->victim_comm, comm, n - 3) == 0);
        /* the cut is not inside a character: the byte before the mark is
         * the end of an "é" (0xa9) or an "n" */
        unsigned char last = (unsigned char)e->victim_comm[n - 4];
        assert_true(last == 0xa9 || last == 'n');
        event_list_clear(&l);
}

static void kernel_2_6_18_layout(void **state) {
        (void)state;
        struct event_list l = run(
                "oom-killer: gfp_mask=0x201d2, order=0\n"
                "Call Trace:\n"
                " [<ffffffff800bf3d2>] out_of_memory+0x8e/0x2f5\n"
                "Mem-info:\n"
                "DMA per-cpu:\n"
                "cpu 0 hot: high 0, batch 1 used:0\n"
                "Free pages:       34248kB (0kB HighMem)\n"
                "Active:496424 inactive:502131 dirty:0 writeback:0 unstable:0 free:8562 slab:4331 mapped:24 pagetables:1794\n"
                "DMA free:10764kB min:20kB low:24kB high:28kB active:0kB inactive:0kB present:10416kB pages_scanned:0 all_unreclaimable? yes\n"
                "lowmem_reserve[]: 0 3944 3944 3944\n"
                "DMA: 3*4kB 4*8kB 3*16kB 1*32kB 2*64kB 0*128kB 1*256kB 0*512kB 2*1024kB 0*2048kB 2*4096kB = 10764kB\n"
                "Swap cache: add 1294340, delete 1294340, find 179520/266440, race 0+30\n"
                "Free swap  = 0kB\n"
                "Total swap = 2096472kB\n"
                "Free swap:            0kB\n"
                "1048576 pages of RAM\n"
                "27862 reserved pages\n"
                "Out of Memory: Kill process 2592 (oracle) score 2031072 and children.\n"
                "Out of memory: Killed process 2592 (oracle).\n");
        assert_int_equal(event_list_count(&l), 1);
        const struct oom_event *e = event_list_get(&l, 0);
        assert_string_equal(e->gfp_mask, "0x201d2");
        assert_int_equal(e->order, 0);
        assert_int_equal(e->victim_pid, 2592);
        assert_string_equal(e->victim_comm, "oracle");
        assert_int_equal(e->score, 2031072);
        assert_int_equal(e->ram_pages, 1048576);
        assert_int_equal(e->reserved_pages, 27862);
        assert_int_equal(kv_get(&e->meminfo, "inactive"), 502131);
        assert_int_equal(kv_get(&e->meminfo, "pagetables"), 1794);
        assert_int_equal(e->total_swap_kb, 2096472);
        assert_int_equal(e->page_size_kb, 4);
        assert_int_equal(e->n_zones, 1);
        assert_int_equal(e->zones[0].min_kb, 20);
        assert_true(e->complete);
        event_list_clear(&l);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(trigger_versions),
                cmocka_unit_test(stack_header_versions),
                cmocka_unit_test(kill_line_versions),
                cmocka_unit_test(select_and_summary),
                cmocka_unit_test(memory_lines),
                cmocka_unit_test(task_tables),
                cmocka_unit_test(gfp_decoding),
                cmocka_unit_test(interleaved_hosts),
                cmocka_unit_test(reaper_after_next_report),
                cmocka_unit_test(cut_and_rate_limited),
                cmocka_unit_test(allocation_failure_is_not_an_oom),
                cmocka_unit_test(oom_group_kills_stay_one_event),
                cmocka_unit_test(kernel_2_6_18_layout),
                cmocka_unit_test(long_names_marked),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
