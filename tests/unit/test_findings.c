/* test_findings.c — each root-cause finding on the real report that shows
 * it: the finding is there, cites the right lines, and is absent where the
 * report does not show it.  Fixtures: tests/data/{memory,badness,findings}. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "scanner.h"

struct run {
        struct event_list l;
        struct timeline t;
        struct findings_walk w;
        char *text;
};

static char *read_fixture(const char *name, size_t *ret_len) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", getenv("OOMLENS_TEST_DATA"), name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        char *buf = malloc(4 << 20);
        assert_non_null(buf);
        *ret_len = fread(buf, 1, (4 << 20) - 1, f);
        buf[*ret_len] = '\0';
        fclose(f);
        return buf;
}

static void start_text(struct run *r, const char *text, size_t len) {
        memset(r, 0, sizeof(*r));
        struct log_splitter *sp = log_splitter_new(1700000000);
        struct report_parser *p = report_parser_new("fixture", event_list_add, &r->l);
        struct scan_result res;
        scanner_scan_buffer(text, len, sp, p, &res);
        report_parser_free(p);
        log_splitter_free(sp);
        event_list_finish(&r->l);
        assert_int_equal(timeline_build(&r->l, &r->t), 0);
        assert_int_equal(findings_prepare(&r->w, &r->l), 0);
}

static void start(struct run *r, const char *fixture) {
        size_t len;
        char *text = read_fixture(fixture, &len);
        start_text(r, text, len);
        r->text = text;
}

static void finish(struct run *r) {
        findings_walk_free(&r->w);
        timeline_free(&r->t);
        event_list_clear(&r->l);
        free(r->text);
}

static struct findings findings_of(struct run *r, size_t i) {
        struct findings f;
        const struct oom_event *e = event_list_get(&r->l, i);
        assert_non_null(e);
        assert_int_equal(findings_next(&r->w, e, &r->t, i, &f), 0);
        return f;
}

static const struct finding *find(const struct findings *f, const char *id) {
        for (size_t i = 0; i < f->n; i++)
                if (strcmp(f->items[i].id, id) == 0)
                        return &f->items[i];
        return NULL;
}

static bool cites(const struct finding *x, int64_t line) {
        if (!x)
                return false;
        for (size_t i = 0; i < x->n_evidence; i++)
                if (x->evidence[i] == line)
                        return true;
        return false;
}

static void seed000_jvm_too_big_no_swap(void **state) {
        (void)state;
        struct run r;
        start(&r, "memory/seed000-rhel7-3.10-java.log");
        struct findings f = findings_of(&r, 0);
        const struct finding *d = find(&f, "dominant_process");
        assert_non_null(d);
        assert_int_equal(d->confidence, CONFIDENCE_HIGH);
        assert_true(cites(d, 191)); /* the java row of the task table */
        assert_true(cites(d, 147)); /* "4187036 pages RAM" */
        assert_non_null(strstr(d->summary, "java"));
        assert_non_null(strstr(d->remedies[0], "-Xmx"));
        const struct finding *s = find(&f, "no_swap");
        assert_non_null(s);
        assert_true(cites(s, 145));
        assert_non_null(find(&f, "container_survives")); /* the cpuset is a 64-hex docker id */
        assert_null(find(&f, "memcg_limit"));
        assert_null(find(&f, "manual_trigger"));
        assert_null(find(&f, "kill_storm"));
        assert_string_equal(findings_cause(&f), "one process too big for its memory");
        /* and the kernel's choice is reproduced: score 632 */
        assert_true(f.have_badness);
        assert_true(f.badness.score_matches);
        findings_free(&f);
        finish(&r);
}

static void ubuntu_manual_trigger(void **state) {
        (void)state;
        struct run r;
        start(&r, "memory/oomanalyser-ubuntu2110.log");
        struct findings f = findings_of(&r, 0);
        const struct finding *m = find(&f, "manual_trigger");
        assert_non_null(m);
        assert_true(cites(m, 1));
        assert_null(find(&f, "dominant_process"));
        assert_null(find(&f, "capacity"));
        assert_string_equal(findings_cause(&f), "a manual trigger (sysrq-f)");
        findings_free(&f);
        finish(&r);
}

static const struct finding_param *param_of(const struct finding *x, const char *name) {
        for (size_t i = 0; i < x->params.n; i++)
                if (strcmp(x->params.p[i].name, name) == 0)
                        return &x->params.p[i];
        return NULL;
}

static void proxmox_cgroup_limit(void **state) {
        (void)state;
        struct run r;
        start(&r, "memory/oomanalyser-proxmox_cgroup_oom.log");
        struct findings f = findings_of(&r, 0);
        const struct finding *m = find(&f, "memcg_limit");
        assert_non_null(m);
        assert_int_equal(m->confidence, CONFIDENCE_HIGH);
        const struct oom_event *e = event_list_get(&r.l, 0);
        assert_non_null(e);
        assert_true(e && cites(m, e->lines.memcg_usage));
        assert_true(m && strstr(m->summary, "/lxc/39004"));
        /* the same facts as typed parameters, whatever the language */
        assert_true(m && param_of(m, "limit_kb") && param_of(m, "limit_kb")->num == 31211520);
        assert_true(m && param_of(m, "cgroup") && strcmp(param_of(m, "cgroup")->str, "/lxc/39004") == 0);
        assert_true(m && param_of(m, "suggested_limit_kb") &&
                    param_of(m, "suggested_limit_kb")->num == 31211520 + 31211520 / 4);
        assert_null(find(&f, "no_swap")); /* a cgroup's OOM says nothing about the host's swap */
        assert_null(find(&f, "manual_trigger"));
        findings_free(&f);
        finish(&r);
}

static void rhel7_mysqld_dominates(void **state) {
        (void)state;
        struct run r;
        start(&r, "memory/oomanalyser-rhel7.log");
        struct findings f = findings_of(&r, 0);
        const struct finding *d = find(&f, "dominant_process");
        assert_non_null(d);
        assert_non_null(strstr(d->summary, "mysqld"));
        assert_null(find(&f, "memcg_limit"));
        assert_null(find(&f, "innocent_victim"));
        findings_free(&f);
        finish(&r);
}

static void seed002_storm_and_grower(void **state) {
        (void)state;
        struct run r;
        start(&r, "findings/seed002-2.6.32-storm.txt");
        /* the storm is one incident of many kills */
        assert_true(r.t.n_incidents < r.t.n / 5);
        struct findings f = findings_of(&r, 0);
        const struct finding *s = find(&f, "kill_storm");
        assert_non_null(s);
        assert_non_null(strstr(s->summary, "oom_kill_allocating_task"));
        assert_non_null(find(&f, "unreported_kills"));
        findings_free(&f);
        /* the java kill of 28325846: view kept growing, java was innocent */
        bool found = false;
        for (size_t i = 0; i < event_list_count(&r.l); i++) {
                f = findings_of(&r, i);
                const struct finding *g = find(&f, "innocent_victim");
                if (g) {
                        found = true;
                        assert_non_null(strstr(g->summary, "view"));
                        assert_string_equal(event_list_get(&r.l, i)->victim_comm, "java");
                        assert_int_equal(g->n_evidence, 3);
                }
                findings_free(&f);
        }
        assert_true(found);
        finish(&r);
}

/* No real log shows a large process at -1000: the archlinux report with
 * its java task (1.97 GiB, 13 % of RAM) edited to -1000 and doubled. */
static void protected_hog_edited(void **state) {
        (void)state;
        struct run r;
        start(&r, "memory/oomanalyser-archlinux_6_1_1.log");
        struct oom_event *e = (struct oom_event *)event_list_get(&r.l, 0);
        assert_non_null(e);
        if (!e)
                return;
        struct oom_task *java = NULL;
        for (size_t i = 0; i < e->n_tasks; i++)
                if (strcmp(e->tasks[i].comm, "java") == 0)
                        java = &e->tasks[i];
        assert_non_null(java);
        struct findings f;
        assert_int_equal(findings_compute(e, NULL, 0, NULL, &f), 0);
        assert_null(find(&f, "protected_hog"));
        findings_free(&f);
        java->oom_score_adj = -1000;
        java->rss *= 2;
        assert_int_equal(findings_compute(e, NULL, 0, NULL, &f), 0);
        const struct finding *p = find(&f, "protected_hog");
        assert_non_null(p);
        assert_true(cites(p, java->line));
        findings_free(&f);
        finish(&r);
}

/* Kill lines written for the test: mysqld killed three nights running at
 * about 02:30, bigger each time. */
static void leak_and_schedule(void **state) {
        (void)state;
        const char *text =
                "Dec  1 02:31:00 db1 kernel: Out of memory: Killed process 100 (mysqld) total-vm:9999kB, anon-rss:1000000kB, file-rss:0kB, shmem-rss:0kB\n"
                "Dec  2 02:35:00 db1 kernel: Out of memory: Killed process 200 (mysqld) total-vm:9999kB, anon-rss:2000000kB, file-rss:0kB, shmem-rss:0kB\n"
                "Dec  3 02:20:00 db1 kernel: Out of memory: Killed process 300 (mysqld) total-vm:9999kB, anon-rss:3000000kB, file-rss:0kB, shmem-rss:0kB\n";
        struct run r;
        start_text(&r, text, strlen(text));
        struct findings f = findings_of(&r, 2);
        assert_non_null(find(&f, "leak_suspected"));
        assert_non_null(find(&f, "recurring_schedule"));
        assert_non_null(find(&f, "unreported_kills"));
        assert_null(find(&f, "dominant_process")); /* no report, no sizes to compare */
        findings_free(&f);
        finish(&r);
}

/* Proxmox's cgroup: 21 php-fpm processes together fill the limit, none alone. */
static void proxmox_capacity(void **state) {
        (void)state;
        struct run r;
        start(&r, "memory/oomanalyser-proxmox_cgroup_oom.log");
        struct findings f = findings_of(&r, 0);
        const struct finding *c = find(&f, "capacity");
        assert_non_null(c);
        assert_null(find(&f, "dominant_process"));
        assert_true(c && strstr(c->summary, "php-fpm"));
        bool overcommit = false;
        for (size_t k = 0; c && k < c->n_remedies; k++)
                overcommit |= strstr(c->remedies[k], "vm.overcommit_memory=2") != NULL;
        assert_true(overcommit);
        findings_free(&f);
        finish(&r);
}

/* The archlinux 6.1.1 report, real: 3 GiB in no counter, swap exhausted. */
static void archlinux_unaccounted_and_swap(void **state) {
        (void)state;
        struct run r;
        start(&r, "memory/oomanalyser-archlinux_6_1_1.log");
        struct findings f = findings_of(&r, 0);
        const struct finding *u = find(&f, "unaccounted_memory");
        assert_non_null(u);
        const struct oom_event *e = event_list_get(&r.l, 0);
        assert_true(e && cites(u, e->lines.meminfo));
        const struct finding *s = find(&f, "no_swap");
        assert_true(s && strstr(s->summary, "exhausted"));
        findings_free(&f);
        finish(&r);
}

/* Kernel-side memory and restrictions, which no corpus report shows: the
 * RHEL 7 report (two NUMA nodes, no swap) edited one fact at a time. */
static void edited_rhel7_kernel_memory_and_restrictions(void **state) {
        (void)state;
        struct run r;
        start(&r, "memory/oomanalyser-rhel7.log");
        struct oom_event *e = (struct oom_event *)event_list_get(&r.l, 0);
        assert_non_null(e);
        if (!e)
                return;
        struct findings f;
        assert_int_equal(findings_compute(e, NULL, 0, NULL, &f), 0);
        assert_null(find(&f, "kernel_slab"));
        assert_null(find(&f, "shmem"));
        assert_null(find(&f, "hugepages"));
        assert_null(find(&f, "constrained_node"));
        assert_null(find(&f, "fragmentation"));
        findings_free(&f);

        int64_t ram = e->ram_pages; /* 25 % of RAM, in pages */
        kv_set(&e->meminfo, "slab_unreclaimable", 18, ram / 4);
        assert_int_equal(findings_compute(e, NULL, 0, NULL, &f), 0);
        assert_non_null(find(&f, "kernel_slab"));
        findings_free(&f);
        kv_set(&e->meminfo, "slab_unreclaimable", 18, 0);

        kv_set(&e->meminfo, "shmem", 5, ram / 4);
        assert_int_equal(findings_compute(e, NULL, 0, NULL, &f), 0);
        assert_non_null(find(&f, "shmem"));
        findings_free(&f);
        kv_set(&e->meminfo, "shmem", 5, 0);

        struct oom_hugepages *h = event_add_hugepages(e);
        assert_non_null(h);
        h->node = 0, h->total = ram / 2 / 512, h->free = 0, h->surp = 0, h->size_kb = 2048;
        assert_int_equal(findings_compute(e, NULL, 0, NULL, &f), 0);
        const struct finding *hp = find(&f, "hugepages");
        assert_non_null(hp);
        assert_true(hp && hp->confidence == CONFIDENCE_HIGH);
        findings_free(&f);
        e->n_hugepages--;

        e->constraint = OOM_CONSTRAINT_CPUSET;
        snprintf(e->mems_allowed, sizeof(e->mems_allowed), "1");
        assert_int_equal(findings_compute(e, NULL, 0, NULL, &f), 0);
        const struct finding *cn = find(&f, "constrained_node");
        assert_true(cn && strstr(cn->summary, "1"));
        findings_free(&f);
        e->constraint = OOM_CONSTRAINT_UNKNOWN;
        finish(&r);
}

/* Seed 000 asking for order 8 (1 MiB contiguous): the buddy lists have no
 * free chunk that large — an edited copy of a real report. */
static void edited_seed000_fragmentation(void **state) {
        (void)state;
        struct run r;
        start(&r, "memory/seed000-rhel7-3.10-java.log");
        struct oom_event *e = (struct oom_event *)event_list_get(&r.l, 0);
        assert_non_null(e);
        if (!e)
                return;
        e->order = 8;
        struct findings f;
        assert_int_equal(findings_compute(e, NULL, 0, NULL, &f), 0);
        const struct finding *fr = find(&f, "fragmentation");
        assert_non_null(fr);
        assert_true(fr && cites(fr, e->lines.zones));
        findings_free(&f);
        finish(&r);
}

/* A 32-bit machine: the Normal zone below its minimum while HighMem has
 * plenty — the seed 000 report with its zones renamed (edited). */
static void edited_lowmem(void **state) {
        (void)state;
        struct run r;
        start(&r, "memory/seed000-rhel7-3.10-java.log");
        struct oom_event *e = (struct oom_event *)event_list_get(&r.l, 0);
        assert_non_null(e);
        if (!e)
                return;
        struct oom_zone *normal = NULL, *high = NULL;
        for (size_t i = 0; i < e->n_zones; i++) {
                if (strcmp(e->zones[i].name, "Normal") == 0 && e->zones[i].node == 0)
                        normal = &e->zones[i];
                if (strcmp(e->zones[i].name, "Normal") == 0 && e->zones[i].node == 1)
                        high = &e->zones[i];
        }
        assert_non_null(normal);
        assert_non_null(high);
        if (!normal || !high)
                return;
        snprintf(high->name, sizeof(high->name), "HighMem");
        high->free_kb = high->min_kb * 10;
        struct findings f;
        assert_int_equal(findings_compute(e, NULL, 0, NULL, &f), 0);
        assert_non_null(find(&f, "lowmem"));
        findings_free(&f);
        finish(&r);
}

/* issue 9, item 12: a 400-byte cgroup path does not cut the sentence and
 * the limit after it (the summary was a 512-byte buffer) */
static void long_cgroup_path_kept_whole(void **state) {
        (void)state;
        size_t len;
        char *text = read_fixture("memory/oomanalyser-proxmox_cgroup_oom.log", &len);
        char deep[420] = "/lxc/39004";
        while (strlen(deep) < 400)
                strcat(deep, "/deeper");
        /* every "/lxc/39004" becomes the deep path */
        size_t cap = len * 4 + 1, n = 0;
        char *big = malloc(cap);
        assert_non_null(big);
        for (const char *p = text; *p;) {
                if (strncmp(p, "/lxc/39004", 10) == 0 && strlen(deep) + n < cap) {
                        memcpy(big + n, deep, strlen(deep));
                        n += strlen(deep);
                        p += 10;
                } else if (n + 1 < cap) {
                        big[n++] = *p++;
                }
        }
        big[n] = '\0';
        struct run r;
        start_text(&r, big, n);
        struct findings f = findings_of(&r, 0);
        const struct finding *m = find(&f, "memcg_limit");
        assert_non_null(m);
        assert_non_null(strstr(m->summary, deep));
        assert_non_null(strstr(m->summary, "29.8 GiB"));
        assert_non_null(strstr(m->summary, "may have had free memory."));
        findings_free(&f);
        finish(&r);
        free(big);
        free(text);
}

/* a libvirt VM or a runtime's monitor is no container that "may still be
 * running without its service": killing qemu ends the VM (review) */
static void vm_is_no_surviving_container(void **state) {
        (void)state;
        static const char text[] =
                "[  100.000000] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
                "task_memcg=/machine.slice/machine-qemu\\x2d1\\x2dvm.scope,task=qemu-system-x86,pid=1234,uid=107\n"
                "[  100.000001] Out of memory: Killed process 1234 (qemu-system-x86) total-vm:8000000kB, anon-rss:4000000kB, "
                "file-rss:0kB, shmem-rss:0kB, UID:107 pgtables:9000kB oom_score_adj:0\n"
                "[  200.000000] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
                "task_memcg=/system.slice/docker-4f1c2b9e8a7d0123456789abcdef0123456789abcdef0123456789abcdef0123.scope,"
                "task=redis-server,pid=2345,uid=999\n"
                "[  200.000001] Out of memory: Killed process 2345 (redis-server) total-vm:800000kB, anon-rss:400000kB, "
                "file-rss:0kB, shmem-rss:0kB, UID:999 pgtables:900kB oom_score_adj:0\n";
        struct run r;
        start_text(&r, text, strlen(text));
        assert_int_equal(event_list_count(&r.l), 2);
        struct findings vm = findings_of(&r, 0), docker = findings_of(&r, 1);
        assert_null(find(&vm, "container_survives"));
        assert_non_null(find(&docker, "container_survives"));
        findings_free(&vm);
        findings_free(&docker);
        finish(&r);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(seed000_jvm_too_big_no_swap),
                cmocka_unit_test(ubuntu_manual_trigger),
                cmocka_unit_test(proxmox_cgroup_limit),
                cmocka_unit_test(long_cgroup_path_kept_whole),
                cmocka_unit_test(vm_is_no_surviving_container),
                cmocka_unit_test(rhel7_mysqld_dominates),
                cmocka_unit_test(seed002_storm_and_grower),
                cmocka_unit_test(protected_hog_edited),
                cmocka_unit_test(leak_and_schedule),
                cmocka_unit_test(proxmox_capacity),
                cmocka_unit_test(archlinux_unaccounted_and_swap),
                cmocka_unit_test(edited_rhel7_kernel_memory_and_restrictions),
                cmocka_unit_test(edited_seed000_fragmentation),
                cmocka_unit_test(edited_lowmem),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
