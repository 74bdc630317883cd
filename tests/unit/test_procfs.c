/* test_procfs.c — the /proc and /sys readers: each parser on real file
 * contents from tests/data/hosts (see its README: v1-hybrid and no-psi are
 * captured from a real machine, v2 is built by hand), procfs_snapshot() on
 * each tree, and once on the live machine. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procfs.h"

static char filebuf[PROCFS_FILE_MAX];

/* tests/data/hosts/<rel> into filebuf; its length. */
static size_t load(const char *rel)
{
        char path[4096];
        snprintf(path, sizeof(path), "%s/hosts/%s", getenv("OOMLENS_TEST_DATA"), rel);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        size_t n = fread(filebuf, 1, sizeof(filebuf), f);
        fclose(f);
        return n;
}

static const char *host(const char *name)
{
        static char path[4096];
        snprintf(path, sizeof(path), "%s/hosts/%s", getenv("OOMLENS_TEST_DATA"), name);
        return path;
}

static void test_meminfo(void **state)
{
        (void)state;
        struct system_mem m = { .panic_on_oom = 7 };
        size_t n = load("v1-hybrid/proc/meminfo");

        assert_int_equal(procfs_parse_meminfo(filebuf, n, &m), 0);
        assert_int_equal(m.mem_total_kb, 24684096);
        assert_int_equal(m.mem_free_kb, 22355740);
        assert_int_equal(m.mem_available_kb, 23780132);
        assert_int_equal(m.swap_total_kb, 0);
        assert_int_equal(m.committed_as_kb, 687792);
        assert_int_equal(m.commit_limit_kb, 12342048);
        assert_int_equal(m.panic_on_oom, 7);          /* not a meminfo field: untouched */

        /* before 3.14 there is no MemAvailable */
        const char *old = "MemTotal:        1016232 kB\nMemFree:           77420 kB\n";
        assert_int_equal(procfs_parse_meminfo(old, strlen(old), &m), 0);
        assert_int_equal(m.mem_total_kb, 1016232);
        assert_true(m.mem_available_kb == OOM_UNSET);

        struct system_mem before = m;
        assert_int_equal(procfs_parse_meminfo("MemFree: 1 kB\n", 14, &m), -EINVAL);
        assert_memory_equal(&m, &before, sizeof(m));  /* untouched on failure */
        assert_int_equal(procfs_parse_meminfo(filebuf, 0, &m), -EINVAL);
}

static void test_status_process(void **state)
{
        (void)state;
        struct proc_task t = { 0 };
        size_t n = load("v1-hybrid/proc/13872/status");

        assert_int_equal(procfs_parse_status(filebuf, n, &t), 0);
        assert_int_equal(t.pid, 13872);
        assert_int_equal(t.ppid, 13868);
        assert_int_equal(t.uid, 0);
        assert_string_equal(t.comm, "sleep");
        assert_int_equal(t.vm_rss_kb, 1812);
        assert_int_equal(t.rss_anon_kb + t.rss_file_kb + t.rss_shmem_kb, 1812);
        assert_int_equal(t.swap_kb, 0);
        assert_true(t.pgtables_kb > 0);
        assert_false(t.kernel_thread);
        /* CapEff 000001fffeffffff: CAP_SYS_ADMIN (bit 21) is there */
        assert_true(t.cap_sys_admin);
        const char *nocap = "Name:\tx\nPid:\t5\nPPid:\t1\nUid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000200000\n";
        assert_int_equal(procfs_parse_status(nocap, strlen(nocap), &t), 0);
        assert_true(t.cap_sys_admin);             /* exactly bit 21 */
        const char *none = "Name:\tx\nPid:\t5\nPPid:\t1\nUid:\t1000\nCapEff:\t00000000001fffff\n";
        assert_int_equal(procfs_parse_status(none, strlen(none), &t), 0);
        assert_false(t.cap_sys_admin);
        const char *junk = "Name:\tx\nPid:\t5\nPPid:\t1\nUid:\t1000\nCapEff:\tzz\n";
        assert_int_equal(procfs_parse_status(junk, strlen(junk), &t), 0);
        assert_false(t.cap_sys_admin);

        n = load("v2/proc/812/status");
        assert_int_equal(procfs_parse_status(filebuf, n, &t), 0);
        assert_string_equal(t.comm, "java");
        assert_int_equal(t.uid, 998);
        assert_int_equal(t.rss_anon_kb, 497664);
        assert_int_equal(t.rss_file_kb, 10240);
        assert_int_equal(t.swap_kb, 102400);
        assert_int_equal(t.pgtables_kb, 1980);
}

static void test_status_kernel_thread(void **state)
{
        (void)state;
        struct proc_task t = { 0 };
        size_t n = load("v1-hybrid/proc/14/status");      /* ksoftirqd/0, "Kthread: 1" */

        assert_int_equal(procfs_parse_status(filebuf, n, &t), 0);
        assert_string_equal(t.comm, "ksoftirqd/0");
        assert_true(t.kernel_thread);
        assert_true(t.vm_rss_kb == OOM_UNSET);
        assert_true(t.rss_anon_kb == OOM_UNSET);

        n = load("v2/proc/3/status");                     /* no "Kthread:" line, PPid 2 */
        assert_int_equal(procfs_parse_status(filebuf, n, &t), 0);
        assert_true(t.kernel_thread);
        n = load("v1-hybrid/proc/2/status");              /* kthreadd itself */
        assert_int_equal(procfs_parse_status(filebuf, n, &t), 0);
        assert_int_equal(t.pid, 2);
        assert_true(t.kernel_thread);
}

static void test_status_hostile(void **state)
{
        (void)state;
        struct proc_task t = { .pid = 77 };
        const char *no_pid = "Name:\tx\nUid:\t0\t0\t0\t0\n";
        assert_int_equal(procfs_parse_status(no_pid, strlen(no_pid), &t), -EINVAL);
        assert_int_equal(t.pid, 77);

        /* a name longer than comm (cut and marked), NUL bytes */
        char buf[512];
        int k = snprintf(buf, sizeof(buf), "Name:\t%0200d\nPid:\t5\nUid:\t1\nVmRSS:\t4 kB\n", 7);
        buf[10] = '\0';
        assert_int_equal(procfs_parse_status(buf, (size_t)k, &t), 0);
        assert_true(strlen(t.comm) < PROCFS_COMM_MAX);
        assert_string_equal(t.comm + strlen(t.comm) - 3, "\xe2\x80\xa6");
        /* a number that is no number: the file is damaged, not a process
         * without memory (issue 9, item 12: top then called it gone) */
        k = snprintf(buf, sizeof(buf), "Name:\tx\nPid:\t5\nUid:\t1\nVmRSS:\t99999999999999999999999 kB\n");
        assert_int_equal(procfs_parse_status(buf, (size_t)k, &t), -EBADMSG);
        k = snprintf(buf, sizeof(buf), "Name:\tx\nPid:\t5\nUid:\t1\nVmRSS:\t4 kB\nVmSwap:\t-4 kB\n");
        assert_int_equal(procfs_parse_status(buf, (size_t)k, &t), -EBADMSG);
        const char *bigpid = "Name:\tx\nPid:\t99999999999\nUid:\t0\n";
        assert_int_equal(procfs_parse_status(bigpid, strlen(bigpid), &t), -EINVAL);
}

static void test_cgroup_file(void **state)
{
        (void)state;
        char *p = NULL;
        size_t n = load("v1-hybrid/proc/13872/cgroup");   /* hybrid: v1 memory line wins */

        assert_int_equal(procfs_parse_cgroup_file(filebuf, n, &p), 0);
        assert_string_equal(p, "/oomlens-capture");
        free(p);
        n = load("v2/proc/812/cgroup");
        assert_int_equal(procfs_parse_cgroup_file(filebuf, n, &p), 0);
        assert_string_equal(p, "/system.slice/x.service");
        free(p);

        /* co-mounted controllers, and ':' inside the path */
        const char *co = "4:cpu,memory:/a:b\n0::/\n";
        assert_int_equal(procfs_parse_cgroup_file(co, strlen(co), &p), 0);
        assert_string_equal(p, "/a:b");
        free(p);
        const char *none = "7:blkio:/\n4:memoryx:/x\n";
        p = (char *)"keep";
        assert_int_equal(procfs_parse_cgroup_file(none, strlen(none), &p), -ENODATA);
        assert_string_equal(p, "keep");
}

static void test_psi(void **state)
{
        (void)state;
        struct procfs_psi psi;
        size_t n = load("v2/proc/pressure/memory");

        assert_int_equal(procfs_parse_psi(filebuf, n, &psi), 0);
        assert_true(psi.some_avg10 == 1.25 && psi.some_avg60 == 0.5);
        assert_true(psi.has_full);
        assert_true(psi.full_avg10 == 0.75 && psi.full_avg60 == 0.2);
        n = load("v1-hybrid/proc/pressure/memory");       /* real, idle machine */
        assert_int_equal(procfs_parse_psi(filebuf, n, &psi), 0);
        assert_true(psi.some_avg10 == 0.0 && psi.has_full);

        const char *bad = "some avg10=nan avg60=0.00\n";
        assert_int_equal(procfs_parse_psi(bad, strlen(bad), &psi), -EINVAL);
        assert_int_equal(procfs_parse_psi("", 0, &psi), -EINVAL);
}

static void test_cmdline(void **state)
{
        (void)state;
        char *c = NULL;
        size_t n = load("v2/proc/812/cmdline");

        assert_int_equal(procfs_parse_cmdline(filebuf, n, &c), 0);
        assert_string_equal(c, "/usr/bin/java -Xmx768m -jar /opt/x/x.jar");
        free(c);
        n = load("v1-hybrid/proc/14/cmdline");            /* kernel thread: empty */
        assert_int_equal(procfs_parse_cmdline(filebuf, n, &c), 0);
        assert_string_equal(c, "");
        free(c);
        memset(filebuf, 'a', 10000);
        assert_int_equal(procfs_parse_cmdline(filebuf, 10000, &c), 0);
        assert_int_equal(strlen(c), PROCFS_CMDLINE_MAX);
        free(c);
}

static void test_values(void **state)
{
        (void)state;
        int64_t v;
        size_t n = load("v1-hybrid/sys/fs/cgroup/memory/memory.limit_in_bytes");

        assert_int_equal(procfs_parse_limit(filebuf, n, &v), 0);  /* 9223372036854771712 */
        assert_true(v == OOM_UNSET);
        n = load("v1-hybrid/sys/fs/cgroup/memory/oomlens-capture/memory.limit_in_bytes");
        assert_int_equal(procfs_parse_limit(filebuf, n, &v), 0);
        assert_int_equal(v, 64 * 1024 * 1024);
        assert_int_equal(procfs_parse_limit("max\n", 4, &v), 0);
        assert_true(v == OOM_UNSET);
        assert_int_equal(procfs_parse_limit("18446744073709551615\n", 21, &v), -ERANGE);
        assert_int_equal(procfs_parse_limit("12x\n", 4, &v), -EINVAL);

        n = load("v1-hybrid/proc/vmstat");
        assert_int_equal(procfs_parse_key_value(filebuf, n, "oom_kill", &v), 0);
        assert_int_equal(v, 32);
        assert_int_equal(procfs_parse_key_value(filebuf, n, "oom", &v), -ENOENT);
        n = load("v2/sys/fs/cgroup/system.slice/x.service/memory.events");
        assert_int_equal(procfs_parse_key_value(filebuf, n, "oom_kill", &v), 0);
        assert_int_equal(v, 2);
        n = load("v1-hybrid/proc/1168/oom_score");
        assert_int_equal(procfs_parse_int(filebuf, n, &v), 0);
        assert_int_equal(v, 666);
        assert_int_equal(procfs_parse_int("-1000\n", 6, &v), 0);
        assert_int_equal(v, -1000);
}

static const struct proc_task *find_task(const struct proc_snapshot *s, int pid)
{
        for (size_t i = 0; i < s->n_tasks; i++)
                if (s->tasks[i].pid == pid)
                        return &s->tasks[i];
        return NULL;
}

static const struct cgroup_mem *find_cgroup(const struct proc_snapshot *s, const char *path)
{
        for (size_t i = 0; i < s->n_cgroups; i++)
                if (strcmp(s->cgroups[i].path, path) == 0)
                        return &s->cgroups[i];
        return NULL;
}

static void test_snapshot_v1_hybrid(void **state)
{
        (void)state;
        struct proc_snapshot s;

        assert_int_equal(procfs_snapshot(host("v1-hybrid"), &s), 0);
        assert_int_equal(s.cgroup_layout, PROCFS_CGROUP_HYBRID);
        assert_int_equal(s.n_tasks, 3);                   /* 1, 1168, 13872; not 2, 14, 99999 */
        assert_null(find_task(&s, 2));
        assert_null(find_task(&s, 14));
        assert_null(find_task(&s, 99999));
        const struct proc_task *t = find_task(&s, 13872);
        assert_non_null(t);
        assert_string_equal(t->cmdline, "sleep 300");
        assert_string_equal(t->cgroup, "/oomlens-capture");
        assert_int_equal(t->oom_score, 666);
        assert_int_equal(t->oom_score_adj, 0);
        t = find_task(&s, 1);
        assert_non_null(t);
        assert_string_equal(t->cgroup, "/");
        assert_non_null(find_task(&s, 1168));
        assert_string_equal(find_task(&s, 1168)->cgroup, "/process_api/365bdbf1341a1dfd1007ad984604dad1");
        assert_true(strncmp(t->cmdline, "/process_api --firecracker-init ", 32) == 0);

        assert_int_equal(s.n_cgroups, 2);                 /* root + the 64M one */
        assert_string_equal(s.cgroups[0].path, "/");
        assert_true(s.cgroups[0].limit_kb == OOM_UNSET);
        assert_int_equal(s.cgroups[0].version, 1);
        const struct cgroup_mem *c = find_cgroup(&s, "/oomlens-capture");
        assert_non_null(c);
        assert_int_equal(c->limit_kb, 65536);
        assert_int_equal(c->usage_kb, 0);
        assert_int_equal(c->oom_kill, 0);
        assert_true(c->swap_limit_kb == OOM_UNSET);       /* memsw unlimited */
        assert_null(find_cgroup(&s, "/process_api"));     /* no limit: not collected */

        assert_int_equal(s.sys.mem_total_kb, 24684096);
        assert_true(s.sys.has_psi);
        assert_int_equal(s.sys.vmstat_oom_kill, 32);
        assert_int_equal(s.sys.overcommit_memory, 0);
        assert_int_equal(s.sys.overcommit_ratio, 50);
        assert_int_equal(s.sys.panic_on_oom, 0);
        assert_int_equal(s.sys.oom_kill_allocating_task, 0);
        procfs_snapshot_free(&s);
        assert_null(s.tasks);
        procfs_snapshot_free(NULL);
}

static void test_snapshot_v2(void **state)
{
        (void)state;
        struct proc_snapshot s;

        assert_int_equal(procfs_snapshot(host("v2"), &s), 0);
        assert_int_equal(s.cgroup_layout, PROCFS_CGROUP_V2);
        assert_int_equal(s.n_tasks, 4);                   /* 1, 812, 1500, 4096 */
        assert_null(find_task(&s, 2));
        assert_null(find_task(&s, 3));
        assert_null(find_task(&s, 4242));
        const struct proc_task *t = find_task(&s, 4096);
        assert_non_null(t);
        assert_string_equal(t->cmdline, "nginx: master process nginx -g daemon off;");
        assert_int_equal(t->oom_score_adj, 1000);
        assert_int_equal(t->rss_shmem_kb, 1024);
        t = find_task(&s, 1500);
        assert_non_null(t);
        assert_int_equal(t->uid, 1000);
        assert_string_equal(t->cgroup, "/user.slice/user-1000.slice/session-2.scope");

        assert_int_equal(s.n_cgroups, 3);
        assert_string_equal(s.cgroups[0].path, "/");
        assert_true(s.cgroups[0].usage_kb == OOM_UNSET);  /* no memory.current at the v2 root */
        const struct cgroup_mem *c = find_cgroup(&s, "/system.slice/x.service");
        assert_non_null(c);
        assert_int_equal(c->version, 2);
        assert_int_equal(c->limit_kb, 524288);
        assert_int_equal(c->usage_kb, 507904);
        assert_int_equal(c->swap_usage_kb, 102400);
        assert_true(c->swap_limit_kb == OOM_UNSET);
        assert_int_equal(c->oom_kill, 2);
        c = find_cgroup(&s, "/system.slice/docker-4f1c2b9e8a7d.scope");
        assert_non_null(c);
        assert_int_equal(c->limit_kb, 262144);
        assert_int_equal(c->swap_limit_kb, 0);
        assert_null(find_cgroup(&s, "/system.slice"));

        assert_true(s.sys.has_psi);
        assert_true(s.sys.psi_some_avg10 == 1.25 && s.sys.psi_full_avg60 == 0.2);
        assert_int_equal(s.sys.swap_total_kb, 2097148);
        assert_int_equal(s.sys.vmstat_oom_kill, 3);
        assert_int_equal(s.sys.overcommit_memory, 2);
        procfs_snapshot_free(&s);
}

static void test_snapshot_no_psi(void **state)
{
        (void)state;
        struct proc_snapshot s;

        assert_int_equal(procfs_snapshot(host("no-psi"), &s), 0);
        assert_int_equal(s.cgroup_layout, PROCFS_CGROUP_V1);
        assert_false(s.sys.has_psi);
        assert_int_equal(s.sys.mem_available_kb, 23780132);
        assert_int_equal(s.n_tasks, 2);
        assert_non_null(find_task(&s, 1));
        assert_non_null(find_task(&s, 13872));
        assert_int_equal(s.n_cgroups, 2);
        procfs_snapshot_free(&s);
}

static void test_snapshot_missing_root(void **state)
{
        (void)state;
        struct proc_snapshot s = { .n_tasks = 12345 };
        assert_int_equal(procfs_snapshot(host("does-not-exist"), &s), -ENOENT);
        assert_int_equal(s.n_tasks, 12345);
}

static void test_snapshot_live(void **state)
{
        (void)state;
        struct proc_snapshot s;
        char buf[64];
        FILE *f = fopen("/proc/self/oom_score_adj", "r");
        assert_non_null(f);
        assert_non_null(fgets(buf, sizeof(buf), f));
        fclose(f);

        assert_int_equal(procfs_snapshot("/", &s), 0);
        assert_true(s.sys.mem_total_kb > 0);
        const struct proc_task *t = find_task(&s, (int)getpid());
        assert_non_null(t);
        assert_int_equal(t->oom_score_adj, atoi(buf));
        assert_true(t->oom_score >= 0);
        assert_true(t->vm_rss_kb > 0);
        assert_true(strstr(t->cmdline, "test_procfs") != NULL);
        for (size_t i = 0; i < s.n_tasks; i++)
                assert_false(s.tasks[i].kernel_thread);
        assert_non_null(find_cgroup(&s, "/"));
        procfs_snapshot_free(&s);
}

/* Details later: no cmdline, no oom_score (but pid 1's) until asked. */
static void test_details_later(void **state)
{
        (void)state;
        struct proc_snapshot s;
        assert_int_equal(procfs_snapshot_ex(host("v2"), PROCFS_DETAILS_LATER, NULL, &s), 0);
        struct proc_task *java = (struct proc_task *)find_task(&s, 812);
        assert_non_null(java);
        assert_null(java->cmdline);
        assert_int_equal(java->oom_score, PROCFS_INT_UNSET);
        assert_int_equal(java->oom_score_adj, 0);          /* needed for the ranking: read */
        assert_int_equal(find_task(&s, 1)->oom_score, 0);  /* the global init is known by it */
        assert_int_equal(procfs_task_details(host("v2"), java), 0);
        assert_string_equal(java->cmdline, "/usr/bin/java -Xmx768m -jar /opt/x/x.jar");
        assert_int_equal(java->oom_score, 1021);
        struct proc_task gone = { .pid = 4242 };            /* only its cgroup file is there */
        assert_int_equal(procfs_task_details(host("v2"), &gone), -ESRCH);
        procfs_snapshot_free(&s);
}

/* top's refreshes between full scans: hot pids and new ones are read, the
 * rest carried over, gone ones dropped. */
static void test_snapshot_reuse(void **state)
{
        (void)state;
        char tmp[] = "/tmp/oomlens-reuse-XXXXXX", cmd[8192];
        assert_non_null(mkdtemp(tmp));
        snprintf(cmd, sizeof(cmd), "cp -r '%s/.' '%s/'", host("v2"), tmp);
        assert_int_equal(system(cmd), 0);

        struct proc_snapshot prev, next;
        assert_int_equal(procfs_snapshot(tmp, &prev), 0);
        assert_int_equal(prev.n_tasks, 4);                 /* 1, 812, 1500, 4096 */
        for (size_t i = 1; i < prev.n_tasks; i++)
                assert_true(prev.tasks[i - 1].pid < prev.tasks[i].pid);
        /* meanwhile: nginx exits, bash grows, a new process starts */
        snprintf(cmd, sizeof(cmd), "cd '%s/proc' && rm -r 4096 && sed -i 's/^VmRSS:.*/VmRSS:\t  99999 kB/' 1500/status"
                 " && cp -r 1500 7000 && sed -i 's/^Pid:.*/Pid:\t7000/' 7000/status", tmp);
        assert_int_equal(system(cmd), 0);
        const int hot[] = { 812 };
        struct procfs_reuse reuse = { .prev = &prev, .hot = hot, .n_hot = 1 };
        assert_int_equal(procfs_snapshot_ex(tmp, 0, &reuse, &next), 0);
        assert_int_equal(next.n_tasks, 4);                 /* 1, 812, 1500, 7000 */
        assert_null(find_task(&next, 4096));
        assert_int_equal(next.n_reused, 2);                /* 1 and 1500 */
        const struct proc_task *bash = find_task(&next, 1500);
        assert_true(bash->reused);
        assert_int_equal(bash->vm_rss_kb, 5120);           /* as of the full scan */
        assert_string_equal(bash->cmdline, "-bash");
        assert_false(find_task(&next, 812)->reused);
        assert_string_equal(find_task(&next, 812)->cmdline, "/usr/bin/java -Xmx768m -jar /opt/x/x.jar");
        assert_false(find_task(&next, 7000)->reused);
        assert_int_equal(find_task(&next, 7000)->vm_rss_kb, 99999);
        procfs_snapshot_free(&prev);                       /* moved-out tasks are freed safely */

        /* a full scan sees bash's new size */
        struct proc_snapshot full;
        assert_int_equal(procfs_snapshot(tmp, &full), 0);
        assert_int_equal(find_task(&full, 1500)->vm_rss_kb, 99999);
        assert_int_equal(full.n_reused, 0);
        procfs_snapshot_free(&full);
        procfs_snapshot_free(&next);
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
        assert_int_equal(system(cmd), 0);
}

/* A refresh inside a container view keeps the host prefix and strips the
 * paths it reads again (pid 1 carried over has "/" already). */
static void test_reuse_container_view(void **state)
{
        (void)state;
        struct proc_snapshot prev, next;
        assert_int_equal(procfs_snapshot(host("container-v1"), &prev), 0);
        assert_string_equal(prev.cgroup_ns_prefix, "/oomlens-ctr");
        const int hot[] = { 3 };
        struct procfs_reuse reuse = { .prev = &prev, .hot = hot, .n_hot = 1 };
        assert_int_equal(procfs_snapshot_ex(host("container-v1"), 0, &reuse, &next), 0);
        assert_non_null(next.cgroup_ns_prefix);
        assert_string_equal(next.cgroup_ns_prefix, "/oomlens-ctr");
        assert_int_equal(next.n_reused, next.n_tasks - 1);
        for (size_t i = 0; i < next.n_tasks; i++)
                assert_string_equal(next.tasks[i].cgroup, "/");
        procfs_snapshot_free(&prev);
        procfs_snapshot_free(&next);
}

/* Processes the OOM killer sees that a naive reader misses: a leader that
 * called pthread_exit() (no mm in its own status, its threads have it),
 * and pid 2 inside a pid namespace (an ordinary process, not kthreadd). */
static void test_snapshot_odd_processes(void **state)
{
        (void)state;
        char tmp[] = "/tmp/oomlens-odd-XXXXXX", cmd[8192];
        assert_non_null(mkdtemp(tmp));
        snprintf(cmd, sizeof(cmd),
                 "cp -r '%s/.' '%s/' && cd '%s/proc' && "
                 /* 1500: leader exited, thread 1501 holds the memory */
                 "mkdir -p 1500/task/1501 && cp 1500/status 1500/task/1501/status && "
                 "sed -i 's/^Pid:.*/Pid:\t1501/' 1500/task/1501/status && "
                 "sed -i -e '/^Vm/d' -e '/^Rss/d' -e 's/^State:.*/State:\tZ (zombie)/' 1500/status && "
                 "(grep -q '^Threads:' 1500/status && sed -i 's/^Threads:.*/Threads:\t2/' 1500/status || "
                 " echo 'Threads:\t2' >> 1500/status) && "
                 /* 2: a container's second process, no Kthread: line (a 5.x kernel) */
                 "cp 812/status 2/status && sed -i -e 's/^Pid:.*/Pid:\t2/' -e 's/^PPid:.*/PPid:\t1/' 2/status && "
                 "cp 812/cmdline 2/cmdline",
                 host("v2"), tmp, tmp);
        assert_int_equal(system(cmd), 0);
        struct proc_snapshot s;
        assert_int_equal(procfs_snapshot(tmp, &s), 0);
        const struct proc_task *leader = find_task(&s, 1500);
        assert_non_null(leader);
        assert_int_equal(leader->vm_rss_kb, 5120);         /* the thread's */
        assert_int_equal(leader->threads, 2);
        const struct proc_task *two = find_task(&s, 2);
        assert_non_null(two);
        assert_false(two->kernel_thread);
        assert_null(find_task(&s, 3));                      /* the kworker (PPid 2, no mm) stays out */
        procfs_snapshot_free(&s);
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
        assert_int_equal(system(cmd), 0);
}

/* issue 9, item 12: a process whose status does not parse (a 20-digit
 * VmRSS) or is longer than any real one (a 100 kB Name line) is listed as
 * unreadable, not dropped as if it were gone */
static void test_snapshot_unreadable(void **state)
{
        (void)state;
        char tmp[] = "/tmp/oomlens-unread-XXXXXX", cmd[8192];
        assert_non_null(mkdtemp(tmp));
        snprintf(cmd, sizeof(cmd),
                 "cp -r '%s/.' '%s/' && cd '%s/proc' && "
                 "sed -i 's/^VmRSS:.*/VmRSS:\t99999999999999999999 kB/' 812/status && "
                 "{ printf 'Name:\t'; head -c 100000 /dev/zero | tr '\\0' x; printf '\\n'; cat 1500/status; } > s && "
                 "mv s 1500/status",
                 host("v2"), tmp, tmp);
        assert_int_equal(system(cmd), 0);
        struct proc_snapshot s;
        assert_int_equal(procfs_snapshot(tmp, &s), 0);
        assert_null(find_task(&s, 812));
        assert_null(find_task(&s, 1500));
        assert_int_equal(s.n_unreadable, 2);
        bool a = false, b = false;
        for (size_t i = 0; i < s.n_unreadable; i++) {
                a |= s.unreadable[i] == 812;
                b |= s.unreadable[i] == 1500;
        }
        assert_true(a && b);
        assert_non_null(find_task(&s, 1));                   /* the others are read */
        procfs_snapshot_free(&s);
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
        assert_int_equal(system(cmd), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_meminfo),
                cmocka_unit_test(test_status_process),
                cmocka_unit_test(test_status_kernel_thread),
                cmocka_unit_test(test_status_hostile),
                cmocka_unit_test(test_cgroup_file),
                cmocka_unit_test(test_psi),
                cmocka_unit_test(test_cmdline),
                cmocka_unit_test(test_values),
                cmocka_unit_test(test_snapshot_v1_hybrid),
                cmocka_unit_test(test_snapshot_v2),
                cmocka_unit_test(test_snapshot_no_psi),
                cmocka_unit_test(test_snapshot_missing_root),
                cmocka_unit_test(test_snapshot_live),
                cmocka_unit_test(test_details_later),
                cmocka_unit_test(test_snapshot_reuse),
                cmocka_unit_test(test_snapshot_odd_processes),
                cmocka_unit_test(test_reuse_container_view),
                cmocka_unit_test(test_snapshot_unreadable),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
