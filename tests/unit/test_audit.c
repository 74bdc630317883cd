/* test_audit.c — the rules of `oomlens check`: the pure parts (HotSpot
 * size and -Xmx parsing, thresholds, suggested limits), then each finding
 * on a captured tree (tests/data/hosts: v1-hybrid captured on a real
 * machine, v2 built by hand) edited in memory to show the risky setting,
 * with the unedited tree as the counter-case.  The snapshot is edited
 * before oom_rank_build(), as a live read would have found it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "log_tally.h"
#include "oom_rank.h"
#include "procfs.h"

#define MIB 1024LL /* in kB */

static const char *host(const char *name) {
        static char path[4096];
        snprintf(path, sizeof(path), "%s/hosts/%s", getenv("OOMLENS_TEST_DATA"), name);
        return path;
}

static void load(const char *name, struct proc_snapshot *s) {
        assert_int_equal(procfs_snapshot(host(name), s), 0);
}

static struct proc_task *task(struct proc_snapshot *s, int pid) {
        for (size_t i = 0; i < s->n_tasks; i++)
                if (s->tasks[i].pid == pid)
                        return &s->tasks[i];
        fail_msg("no pid %d", pid);
        return NULL;
}

static struct cgroup_mem *cgroup(struct proc_snapshot *s, const char *path) {
        for (size_t i = 0; i < s->n_cgroups; i++)
                if (strcmp(s->cgroups[i].path, path) == 0)
                        return &s->cgroups[i];
        fail_msg("no cgroup %s", path);
        return NULL;
}

static void set_cmdline(struct proc_task *t, const char *cmdline) {
        free(t->cmdline);
        t->cmdline = strdup(cmdline);
        assert_non_null(t->cmdline);
}

/* Ranks S and audits it with LOGS (may be NULL) into *REP. */
static void run(const struct proc_snapshot *s, const struct log_tally *logs, struct audit_report *rep) {
        struct oom_ranking rank;
        assert_int_equal(oom_rank_build(s, 4, &rank), 0);
        struct audit_input in = { .snap = s, .rank = &rank, .logs = logs };
        assert_int_equal(audit_run(&in, rep), 0);
        oom_rank_free(&rank);
}

static const struct audit_finding *find(const struct audit_report *r, const char *id) {
        for (size_t i = 0; i < r->n; i++)
                if (strcmp(r->items[i].id, id) == 0)
                        return &r->items[i];
        return NULL;
}

/* The finding ID, which must be there (a dummy after the failure, so that
 * the compiler sees no NULL: cmocka's fail does not return in its eyes). */
static const struct audit_finding *need(const struct audit_report *r, const char *id) {
        static const struct audit_finding none = { .id = "none" };
        const struct audit_finding *f = find(r, id);
        if (!f)
                fail_msg("no %s finding", id);
        return f ? f : &none;
}

static size_t count_id(const struct audit_report *r, const char *id) {
        size_t n = 0;
        for (size_t i = 0; i < r->n; i++)
                n += strcmp(r->items[i].id, id) == 0;
        return n;
}

static bool has_evidence(const struct audit_finding *f, const char *text) {
        for (size_t i = 0; i < f->n_evidence; i++)
                if (strstr(f->evidence[i], text))
                        return true;
        return false;
}

/* --- pure parts --------------------------------------------------------- */

static void test_java_size(void **state) {
        (void)state;
        int64_t v = 7;
        assert_int_equal(audit_parse_java_size("768m", 4, &v), 0);
        assert_int_equal(v, 768LL << 20);
        assert_int_equal(audit_parse_java_size("8G", 2, &v), 0);
        assert_int_equal(v, 8LL << 30);
        assert_int_equal(audit_parse_java_size("1048576", 7, &v), 0);
        assert_int_equal(v, 1048576);
        assert_int_equal(audit_parse_java_size("512k", 4, &v), 0);
        assert_int_equal(v, 512LL << 10);
        assert_int_equal(audit_parse_java_size("2T", 2, &v), 0);
        assert_int_equal(v, 2LL << 40);
        /* the length is what counts, not a NUL: "64m" of "64mXYZ" */
        assert_int_equal(audit_parse_java_size("64mXYZ", 3, &v), 0);
        assert_int_equal(v, 64LL << 20);

        v = 7;
        static const char *const bad[] = { "", "m", "12q", "12mm", "-5m", " 5m", "5 m", "0", "0m", "1.5g", "0x10m",
                                           "5mb" };
        for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
                assert_int_equal(audit_parse_java_size(bad[i], strlen(bad[i]), &v), -EINVAL);
        assert_int_equal(audit_parse_java_size("99999999999999999999", 20, &v), -ERANGE);
        assert_int_equal(audit_parse_java_size("9000000000T", 11, &v), -ERANGE);
        assert_int_equal(audit_parse_java_size("8388608T", 8, &v), -ERANGE); /* 2^63 bytes */
        assert_int_equal(audit_parse_java_size("8388607T", 8, &v), 0);
        assert_int_equal(v, 8388607LL << 40);
        v = 7;
        assert_int_equal(audit_parse_java_size("9000000000T", 11, &v), -ERANGE);
        assert_int_equal(v, 7); /* untouched on failure */
}

static void test_jvm_max_heap(void **state) {
        (void)state;
        int64_t v = 0;
        char opt[64];
        assert_int_equal(audit_jvm_max_heap("/usr/bin/java -Xmx768m -jar /opt/x/x.jar", &v, opt, sizeof(opt)), 0);
        assert_int_equal(v, 768LL << 20);
        assert_string_equal(opt, "-Xmx768m");
        /* the last one wins, whichever spelling */
        assert_int_equal(audit_jvm_max_heap("java -Xmx1g -XX:MaxHeapSize=2g Main", &v, opt, sizeof(opt)), 0);
        assert_int_equal(v, 2LL << 30);
        assert_string_equal(opt, "-XX:MaxHeapSize=2g");
        assert_int_equal(audit_jvm_max_heap("java -XX:MaxHeapSize=2g -Xmx1g Main", &v, NULL, 0), 0);
        assert_int_equal(v, 1LL << 30);
        /* garbage would not have started: the valid one before it stands */
        assert_int_equal(audit_jvm_max_heap("java -Xmx1g -Xmxfoo -Xmx -XX:MaxHeapSize= Main", &v, opt, sizeof(opt)), 0);
        assert_int_equal(v, 1LL << 30);
        assert_string_equal(opt, "-Xmx1g");
        /* the program's own arguments are not the JVM's */
        assert_int_equal(audit_jvm_max_heap("java -jar app.jar -Xmx8g", &v, NULL, 0), -ENOENT);
        assert_int_equal(audit_jvm_max_heap("java -cp lib:x -Xmx1g com.example.Main -Xmx9g", &v, NULL, 0), 0);
        assert_int_equal(v, 1LL << 30);
        assert_int_equal(audit_jvm_max_heap("java -m mod/x.Main -Xmx9g", &v, NULL, 0), -ENOENT);
        assert_int_equal(audit_jvm_max_heap("java --module=mod/x.Main -Xmx9g", &v, NULL, 0), -ENOENT);
        /* an option's argument is skipped even when it looks like -Xmx */
        assert_int_equal(audit_jvm_max_heap("java -classpath -Xmx5g Main", &v, NULL, 0), -ENOENT);
        /* a shell running java: the shell's options only */
        assert_int_equal(audit_jvm_max_heap("sh -c java -Xmx2g Main", &v, NULL, 0), -ENOENT);
        /* blanks from NULs, leading and repeated */
        assert_int_equal(audit_jvm_max_heap("  java   -Xms1g   -Xmx3g  ", &v, NULL, 0), 0);
        assert_int_equal(v, 3LL << 30);
        assert_int_equal(audit_jvm_max_heap("", &v, NULL, 0), -ENOENT);
        assert_int_equal(audit_jvm_max_heap(NULL, &v, NULL, 0), -ENOENT);
        assert_int_equal(audit_jvm_max_heap("-Xmx1g", &v, NULL, 0), -ENOENT); /* the program's name */
        /* a long option is cut to fit OPT */
        char small[6];
        assert_int_equal(audit_jvm_max_heap("java -Xmx1024m", &v, small, sizeof(small)), 0);
        assert_string_equal(small, "-Xmx1");
}

static void test_thresholds(void **state) {
        (void)state;
        assert_int_equal(audit_near_limit_severity(89, 100), -1);
        assert_int_equal(audit_near_limit_severity(90, 100), AUDIT_WARNING);
        assert_int_equal(audit_near_limit_severity(97, 100), AUDIT_WARNING);
        assert_int_equal(audit_near_limit_severity(98, 100), AUDIT_CRITICAL);
        assert_int_equal(audit_near_limit_severity(150, 100), AUDIT_CRITICAL);
        assert_int_equal(audit_near_limit_severity(OOM_UNSET, 100), -1);
        assert_int_equal(audit_near_limit_severity(50, OOM_UNSET), -1);
        assert_int_equal(audit_near_limit_severity(0, 0), -1);
        /* no overflow near INT64_MAX */
        assert_int_equal(audit_near_limit_severity(INT64_MAX, INT64_MAX), AUDIT_CRITICAL);

        assert_int_equal(audit_suggest_limit_kb(0), 64 * MIB);
        assert_int_equal(audit_suggest_limit_kb(OOM_UNSET), 64 * MIB);
        assert_int_equal(audit_suggest_limit_kb(100 * MIB), 192 * MIB); /* 150 MiB up to 64 MiB steps */
        assert_int_equal(audit_suggest_limit_kb(1024 * MIB), 1536 * MIB);
        assert_true(audit_suggest_limit_kb(INT64_MAX) > 0);

        assert_string_equal(audit_severity_name(AUDIT_CRITICAL), "critical");
        assert_string_equal(audit_severity_name(AUDIT_WARNING), "warning");
        assert_string_equal(audit_severity_name(AUDIT_INFO), "info");
}

/* --- the rules on captured trees ----------------------------------------- */

/* The unedited trees: v1-hybrid and no-psi are quiet machines (no logs
 * consulted); v2 (built by hand) has its JVM over its limit and strict
 * overcommit at ratio 50. */
static void test_clean_trees(void **state) {
        (void)state;
        struct proc_snapshot s;
        struct audit_report r;
        static const char *const quiet[] = { "v1-hybrid", "no-psi", "container-v1" };
        for (size_t i = 0; i < sizeof(quiet) / sizeof(*quiet); i++) {
                load(quiet[i], &s);
                run(&s, NULL, &r);
                if (r.n)
                        fail_msg("%s: unexpected %s", quiet[i], r.items[0].id);
                audit_report_free(&r);
                procfs_snapshot_free(&s);
        }
        load("v2", &s);
        run(&s, NULL, &r);
        assert_int_equal(r.n, 2);
        assert_string_equal(r.items[0].id, "jvm_heap_too_large");      /* critical first */
        assert_int_equal(r.items[0].severity, AUDIT_CRITICAL);
        assert_string_equal(r.items[1].id, "overcommit_strict_low");
        assert_int_equal(r.count[AUDIT_CRITICAL], 1);
        assert_int_equal(r.count[AUDIT_WARNING], 1);
        audit_report_free(&r);
        audit_report_free(&r); /* leaves it zeroed: a second free is harmless */
        audit_report_free(NULL);
        procfs_snapshot_free(&s);
}

static void test_sysctls(void **state) {
        (void)state;
        struct proc_snapshot s;
        struct audit_report r;
        load("v1-hybrid", &s);

        s.sys.panic_on_oom = 1;
        s.sys.oom_kill_allocating_task = 1;
        run(&s, NULL, &r);
        const struct audit_finding *f = need(&r, "panic_on_oom");
        assert_int_equal(f->severity, AUDIT_CRITICAL);
        assert_true(has_evidence(f, "/proc/sys/vm/panic_on_oom: 1"));
        assert_non_null(strstr(f->fix, "vm.panic_on_oom=0"));
        f = need(&r, "oom_kill_allocating_task");
        assert_int_equal(f->severity, AUDIT_WARNING);
        assert_true(has_evidence(f, "/proc/sys/vm/oom_kill_allocating_task: 1"));
        assert_string_equal(r.items[0].id, "panic_on_oom");
        audit_report_free(&r);

        /* 2 panics on memcg OOMs too: said so */
        s.sys.panic_on_oom = 2;
        s.sys.oom_kill_allocating_task = PROCFS_INT_UNSET; /* unread: no finding */
        run(&s, NULL, &r);
        assert_non_null(strstr(need(&r, "panic_on_oom")->summary, "memory cgroup"));
        assert_null(find(&r, "oom_kill_allocating_task"));
        audit_report_free(&r);
        procfs_snapshot_free(&s);
}

static void test_overcommit(void **state) {
        (void)state;
        struct proc_snapshot s;
        struct audit_report r;
        load("v1-hybrid", &s);
        /* heuristic mode (0): CommitLimit does not matter */
        run(&s, NULL, &r);
        assert_null(find(&r, "overcommit_strict_low"));
        audit_report_free(&r);

        /* strict with ratio 50 and no swap: half the RAM can be committed */
        s.sys.overcommit_memory = 2;
        run(&s, NULL, &r);
        const struct audit_finding *f = need(&r, "overcommit_strict_low");
        assert_int_equal(f->severity, AUDIT_WARNING);
        assert_true(has_evidence(f, "CommitLimit: 12342048 kB"));
        assert_non_null(strstr(f->fix, "vm.overcommit_ratio=95"));   /* no swap: 95 % of RAM */
        audit_report_free(&r);

        /* a large enough limit, little committed: fine */
        s.sys.commit_limit_kb = s.sys.mem_total_kb;
        s.sys.committed_as_kb = s.sys.commit_limit_kb / 2;
        run(&s, NULL, &r);
        assert_null(find(&r, "overcommit_strict_low"));
        audit_report_free(&r);

        /* 95 % committed: warning; 99 %: critical */
        s.sys.committed_as_kb = s.sys.commit_limit_kb / 100 * 95;
        run(&s, NULL, &r);
        assert_int_equal(need(&r, "overcommit_strict_low")->severity, AUDIT_WARNING);
        assert_non_null(strstr(need(&r, "overcommit_strict_low")->summary, "already committed"));
        audit_report_free(&r);
        s.sys.committed_as_kb = s.sys.commit_limit_kb / 100 * 99;
        run(&s, NULL, &r);
        assert_int_equal(need(&r, "overcommit_strict_low")->severity, AUDIT_CRITICAL);
        audit_report_free(&r);
        procfs_snapshot_free(&s);
}

/* seed 004: a large process at -1000 */
static void test_protected(void **state) {
        (void)state;
        struct proc_snapshot s;
        struct audit_report r;
        load("v1-hybrid", &s);
        int64_t ram = s.sys.mem_total_kb;
        struct proc_task *bash = task(&s, 1168);

        /* small and protected (as sshd is): no finding */
        bash->oom_score_adj = -1000;
        run(&s, NULL, &r);
        assert_null(find(&r, "protected_large_process"));
        audit_report_free(&r);

        /* 10 % of RAM: warning */
        bash->vm_rss_kb = ram / 10;
        run(&s, NULL, &r);
        const struct audit_finding *f = need(&r, "protected_large_process");
        assert_int_equal(f->severity, AUDIT_WARNING);
        assert_string_equal(f->subject, "bash (pid 1168)");
        assert_true(has_evidence(f, "/proc/1168/oom_score_adj: -1000"));
        assert_non_null(strstr(f->fix, "choom -p 1168 -n 0"));
        audit_report_free(&r);

        /* swap counts with RSS: half the RAM together is critical */
        bash->vm_rss_kb = ram / 4;
        bash->swap_kb = ram / 4;
        run(&s, NULL, &r);
        assert_int_equal(need(&r, "protected_large_process")->severity, AUDIT_CRITICAL);
        audit_report_free(&r);

        /* the same size at adj 0 is no finding of this rule */
        bash->oom_score_adj = 0;
        run(&s, NULL, &r);
        assert_null(find(&r, "protected_large_process"));
        audit_report_free(&r);

        /* the largest process from 2 % of RAM */
        bash->vm_rss_kb = ram * 3 / 100;
        bash->swap_kb = 0;
        bash->oom_score_adj = -1000;
        run(&s, NULL, &r);
        assert_non_null(find(&r, "protected_large_process"));
        audit_report_free(&r);

        /* small for the machine, half of its 64 MiB cgroup: the avalanche inside it */
        bash->vm_rss_kb = 4 * MIB;
        bash->oom_score_adj = 0;
        struct proc_task *sleep = task(&s, 13872);
        sleep->oom_score_adj = -1000;
        sleep->vm_rss_kb = 40 * MIB;
        run(&s, NULL, &r);
        f = need(&r, "protected_large_process");
        assert_non_null(strstr(f->summary, "/oomlens-capture"));
        assert_true(has_evidence(f, "/sys/fs/cgroup/memory/oomlens-capture/memory.limit_in_bytes: 64.0 MiB"));
        audit_report_free(&r);
        procfs_snapshot_free(&s);
}

static void test_no_swap_unlimited(void **state) {
        (void)state;
        struct proc_snapshot s;
        struct audit_report r;
        load("v1-hybrid", &s);
        int64_t ram = s.sys.mem_total_kb;
        /* bash's cgroup /process_api/365b… has no limit (v1 "unlimited") */
        struct proc_task *bash = task(&s, 1168);
        bash->vm_rss_kb = ram / 5;
        run(&s, NULL, &r);
        const struct audit_finding *f = need(&r, "no_swap_unlimited_services");
        assert_int_equal(f->severity, AUDIT_WARNING);
        assert_true(has_evidence(f, "SwapTotal: 0 kB"));
        assert_true(has_evidence(f, "/proc/1168/cgroup: /process_api/365bdbf1341a1dfd1007ad984604dad1"));
        assert_non_null(strstr(f->fix, "memory.limit_in_bytes"));  /* no unit: the v1 file */
        audit_report_free(&r);

        /* with swap: not this rule */
        s.sys.swap_total_kb = 2048 * MIB;
        run(&s, NULL, &r);
        assert_null(find(&r, "no_swap_unlimited_services"));
        audit_report_free(&r);

        /* inside the limited cgroup: not unlimited */
        s.sys.swap_total_kb = 0;
        bash->vm_rss_kb = 1 * MIB;
        struct proc_task *sleep = task(&s, 13872);
        sleep->vm_rss_kb = ram / 5;
        run(&s, NULL, &r);
        assert_null(find(&r, "no_swap_unlimited_services"));
        audit_report_free(&r);
        procfs_snapshot_free(&s);
}

static void test_jvm(void **state) {
        (void)state;
        struct proc_snapshot s;
        struct audit_report r;
        load("v2", &s);
        struct proc_task *java = task(&s, 812);

        /* 768 MiB heap in a 512 MiB cgroup: critical */
        run(&s, NULL, &r);
        const struct audit_finding *f = need(&r, "jvm_heap_too_large");
        assert_int_equal(f->severity, AUDIT_CRITICAL);
        assert_true(has_evidence(f, "/proc/812/cmdline: -Xmx768m"));
        assert_true(has_evidence(f, "/sys/fs/cgroup/system.slice/x.service/memory.max: 512 MiB"));
        assert_non_null(strstr(f->fix, "-Xmx358m"));
        assert_non_null(strstr(f->fix, "systemctl set-property x.service MemoryMax=960M"));
        audit_report_free(&r);

        /* 450 MiB fits, but not with a quarter more for the rest: warning */
        set_cmdline(java, "/usr/bin/java -Xmx450m -jar /opt/x/x.jar");
        run(&s, NULL, &r);
        assert_int_equal(need(&r, "jvm_heap_too_large")->severity, AUDIT_WARNING);
        audit_report_free(&r);

        /* 400 MiB + 100 MiB fits 512 MiB */
        set_cmdline(java, "/usr/bin/java -Xmx400m -jar /opt/x/x.jar");
        run(&s, NULL, &r);
        assert_null(find(&r, "jvm_heap_too_large"));
        audit_report_free(&r);

        /* outside any limit: against the RAM the others leave */
        free(java->cgroup);
        java->cgroup = strdup("/user.slice");
        set_cmdline(java, "java -Xmx30g Main");
        run(&s, NULL, &r);
        f = need(&r, "jvm_heap_too_large");
        assert_int_equal(f->severity, AUDIT_CRITICAL);
        assert_true(has_evidence(f, "/proc/meminfo: MemTotal: 24684096 kB"));
        /* their own memory: RssAnon 4096 + 1024 + 2048, no swap */
        assert_true(has_evidence(f, "RssAnon + VmSwap of the other processes: 7168 kB"));
        audit_report_free(&r);

        /* shared memory counts in every process that maps it (a database's
         * buffers in each backend): 20 GiB of shmem in bash is no reason */
        set_cmdline(java, "java -Xmx8g Main");
        struct proc_task *bash = NULL;
        for (size_t i = 0; i < s.n_tasks; i++)
                if (s.tasks[i].pid == 1500)
                        bash = &s.tasks[i];
        assert_non_null(bash);
        bash->vm_rss_kb = 20LL * 1024 * 1024 + 1024;
        bash->rss_shmem_kb = 20LL * 1024 * 1024;
        run(&s, NULL, &r);
        assert_null(find(&r, "jvm_heap_too_large"));
        audit_report_free(&r);

        /* garbage -Xmx: no heap known, no finding */
        set_cmdline(java, "java -Xmxlots Main");
        run(&s, NULL, &r);
        assert_null(find(&r, "jvm_heap_too_large"));
        audit_report_free(&r);
        procfs_snapshot_free(&s);
}

static void test_container(void **state) {
        (void)state;
        struct proc_snapshot s;
        struct audit_report r;
        load("v2", &s);
        /* the tree's scope has a 12-digit id, which cgroup_owner does not
         * take for a container: give it docker's full 64 */
        static const char ctr[] = "/system.slice/docker-4f1c2b9e8a7d"
                                  "00112233445566778899aabbccddeeff00112233445566778899.scope";
        struct cgroup_mem *c = cgroup(&s, "/system.slice/docker-4f1c2b9e8a7d.scope");
        free(c->path);
        c->path = strdup(ctr);
        free(task(&s, 4096)->cgroup);
        task(&s, 4096)->cgroup = strdup(ctr);
        run(&s, NULL, &r);
        assert_null(find(&r, "container_no_memory_limit"));   /* 256 MiB */
        audit_report_free(&r);

        c->limit_kb = OOM_UNSET;
        run(&s, NULL, &r);
        const struct audit_finding *f = need(&r, "container_no_memory_limit");
        assert_int_equal(f->severity, AUDIT_WARNING);
        assert_string_equal(f->subject, "docker 4f1c2b9e8a7d");
        assert_true(has_evidence(f, "/proc/4096/cgroup: /system.slice/docker-4f1c2b9e8a7d0011"));
        assert_non_null(strstr(f->fix, "docker update --memory=64M --memory-swap=64M 4f1c2b9e8a7d"));
        audit_report_free(&r);

        /* a limit on an enclosing slice is not the container's own */
        c->limit_kb = 256 * MIB;
        free(c->path);
        c->path = strdup("/system.slice");
        run(&s, NULL, &r);
        assert_non_null(find(&r, "container_no_memory_limit"));
        audit_report_free(&r);
        procfs_snapshot_free(&s);
}

static void test_near_limit(void **state) {
        (void)state;
        struct proc_snapshot s;
        struct audit_report r;
        load("v1-hybrid", &s);
        struct cgroup_mem *c = cgroup(&s, "/oomlens-capture");   /* 64 MiB, no swap */
        c->usage_kb = 60 * MIB;                                  /* 93.75 % */
        run(&s, NULL, &r);
        const struct audit_finding *f = need(&r, "cgroup_near_limit");
        assert_int_equal(f->severity, AUDIT_WARNING);
        assert_string_equal(f->subject, "/oomlens-capture");
        assert_true(has_evidence(f, "/sys/fs/cgroup/memory/oomlens-capture/memory.usage_in_bytes: 61440 kB"));
        assert_true(has_evidence(f, "/sys/fs/cgroup/memory/oomlens-capture/memory.limit_in_bytes: 65536 kB"));
        assert_non_null(strstr(f->fix, "echo 128M > /sys/fs/cgroup/memory/oomlens-capture/memory.limit_in_bytes"));
        audit_report_free(&r);

        c->usage_kb = 63 * MIB;                                  /* 98.4 % */
        run(&s, NULL, &r);
        assert_int_equal(need(&r, "cgroup_near_limit")->severity, AUDIT_CRITICAL);
        audit_report_free(&r);

        /* a cgroup named to break out of a pasted command: quoted for the shell */
        free(c->path);
        c->path = strdup("/x;reboot 'y'");
        run(&s, NULL, &r);
        f = need(&r, "cgroup_near_limit");
        assert_non_null(strstr(f->fix, "echo 128M > '/sys/fs/cgroup/memory/x;reboot '\\''y'\\''/memory.limit_in_bytes'"));
        assert_non_null(strstr(f->fix, "oomlens top --cgroup '/x;reboot '\\''y'\\'''"));
        audit_report_free(&r);
        /* one with a newline or an escape would not paste as shown: no command */
        free(c->path);
        c->path = strdup("/x\n\x1b]52;c;cm0gLXJmIH4=\x07");
        run(&s, NULL, &r);
        f = need(&r, "cgroup_near_limit");
        assert_null(strstr(f->fix, "echo 128M"));
        assert_null(strstr(f->fix, "--cgroup /x"));
        assert_null(strchr(f->fix, '\n'));
        assert_null(strchr(f->fix, '\x1b'));
        assert_non_null(strstr(f->fix, "Raise the limit (no command shown: the name holds characters"));
        audit_report_free(&r);
        free(c->path);
        c->path = strdup("/oomlens-capture");

        /* the page cache the kernel reclaims first is room: 1 MiB of it leaves 96.9 % */
        c->file_kb = 1 * MIB;
        run(&s, NULL, &r);
        assert_int_equal(need(&r, "cgroup_near_limit")->severity, AUDIT_WARNING);
        assert_non_null(strstr(need(&r, "cgroup_near_limit")->summary, "(1.00 MiB of it page cache"));
        audit_report_free(&r);
        c->file_kb = 20 * MIB;
        run(&s, NULL, &r);
        assert_null(find(&r, "cgroup_near_limit"));
        audit_report_free(&r);

        /* swap it may still use is room too (v2 x.service: swap.max max, 1 GiB free) */
        procfs_snapshot_free(&s);
        load("v2", &s);
        run(&s, NULL, &r);
        assert_null(find(&r, "cgroup_near_limit"));
        audit_report_free(&r);
        /* 16 MiB of swap allowed, all used: 512 of 528 MiB (97 %) */
        struct cgroup_mem *x = cgroup(&s, "/system.slice/x.service");
        x->swap_limit_kb = 16 * MIB;
        x->swap_usage_kb = 16 * MIB;
        run(&s, NULL, &r);
        assert_int_equal(need(&r, "cgroup_near_limit")->severity, AUDIT_WARNING);
        assert_non_null(strstr(need(&r, "cgroup_near_limit")->summary, "512 MiB plus 16.0 MiB of swap"));
        assert_non_null(strstr(need(&r, "cgroup_near_limit")->summary, "page cache unknown"));
        audit_report_free(&r);
        x->swap_limit_kb = 0;
        run(&s, NULL, &r);
        f = need(&r, "cgroup_near_limit");
        assert_string_equal(f->subject, "x.service");
        assert_non_null(strstr(f->fix, "systemctl set-property x.service MemoryMax="));
        assert_true(has_evidence(f, "/sys/fs/cgroup/system.slice/x.service/memory.events: oom_kill 2"));
        audit_report_free(&r);
        procfs_snapshot_free(&s);
}

static void test_kills(void **state) {
        (void)state;
        struct proc_snapshot s;
        struct audit_report r;
        load("v2", &s);                 /* vmstat oom_kill 3; x.service memory.events oom_kill 2 */
        struct log_tally_input inputs[2] = { { .name = (char *)"/var/log/kern.log", .readable = false, .error = -EACCES },
                                             { .name = (char *)"/dev/kmsg", .readable = true } };
        struct log_tally_cgroup cgs[2] = { { .path = (char *)"/system.slice/x.service/child", .kills = 2 },
                                           { .path = (char *)"/user.slice", .kills = 1 } };
        struct log_tally t = { .inputs = inputs, .n_inputs = 1, .n_readable = 0, .since_us = OOM_UNSET };

        /* no log readable: said, not guessed */
        run(&s, &t, &r);
        const struct audit_finding *f = need(&r, "oom_kills_unverified");
        assert_int_equal(f->severity, AUDIT_INFO);
        assert_null(find(&r, "unexplained_oom_kills"));
        audit_report_free(&r);

        /* logs not consulted at all: neither */
        run(&s, NULL, &r);
        assert_null(find(&r, "oom_kills_unverified"));
        audit_report_free(&r);

        /* readable, every kill found, x.service's two below it (v2 counts the subtree) */
        t.n_inputs = 2;
        t.n_readable = 1;
        t.kills = 3;
        t.cgroups = cgs;
        t.n_cgroups = 2;
        run(&s, &t, &r);
        assert_null(find(&r, "unexplained_oom_kills"));
        assert_null(find(&r, "oom_kills_unverified"));
        audit_report_free(&r);

        /* one kill missing from the logs, and x.service's */
        t.kills = 2;
        cgs[0].kills = 1;
        run(&s, &t, &r);
        assert_int_equal(count_id(&r, "unexplained_oom_kills"), 2);
        f = find(&r, "unexplained_oom_kills");
        assert_string_equal(f->subject, "");             /* the machine's first */
        assert_true(has_evidence(f, "/proc/vmstat: oom_kill 3"));
        assert_true(has_evidence(f, "/dev/kmsg: OOM kills: 2"));
        assert_false(has_evidence(f, "kern.log"));       /* not read: not named as read */
        assert_string_equal(r.items[r.n - 1].subject, "/system.slice/x.service");
        assert_true(has_evidence(&r.items[r.n - 1], "/sys/fs/cgroup/system.slice/x.service/memory.events: oom_kill 2"));
        audit_report_free(&r);
        procfs_snapshot_free(&s);

        /* v1 counts a cgroup's own kills only: a child's do not explain them */
        load("v1-hybrid", &s);
        cgroup(&s, "/oomlens-capture")->oom_kill = 1;
        struct log_tally_cgroup v1cg = { .path = (char *)"/oomlens-capture/child", .kills = 1 };
        t.cgroups = &v1cg;
        t.n_cgroups = 1;
        t.kills = 32;
        run(&s, &t, &r);
        assert_int_equal(count_id(&r, "unexplained_oom_kills"), 1);
        assert_string_equal(need(&r, "unexplained_oom_kills")->subject, "/oomlens-capture");
        audit_report_free(&r);
        v1cg.path = (char *)"/oomlens-capture";
        run(&s, &t, &r);
        assert_null(find(&r, "unexplained_oom_kills"));
        audit_report_free(&r);
        procfs_snapshot_free(&s);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_java_size),
                cmocka_unit_test(test_jvm_max_heap),
                cmocka_unit_test(test_thresholds),
                cmocka_unit_test(test_clean_trees),
                cmocka_unit_test(test_sysctls),
                cmocka_unit_test(test_overcommit),
                cmocka_unit_test(test_protected),
                cmocka_unit_test(test_no_swap_unlimited),
                cmocka_unit_test(test_jvm),
                cmocka_unit_test(test_container),
                cmocka_unit_test(test_near_limit),
                cmocka_unit_test(test_kills),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
