/* test_timeline.c — incidents, repeat victims and recurrence on a log of
 * kill lines written for the purpose (syslog stamps, one host). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "scanner.h"
#include "timeline.h"

static void build(const char *text, struct event_list *l, struct timeline *t) {
        memset(l, 0, sizeof(*l));
        struct log_splitter *sp = log_splitter_new(1704067200); /* 2024-01-01 */
        struct report_parser *p = report_parser_new("t", event_list_add, l);
        struct scan_result r;
        scanner_scan_buffer(text, strlen(text), sp, p, &r);
        report_parser_free(p);
        log_splitter_free(sp);
        event_list_finish(l);
        assert_int_equal(timeline_build(l, t), 0);
}

#define SUMMARY(stamp, cg, pid) \
        stamp " db1 kernel: oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=" cg \
        ",task_memcg=" cg ",task=hog,pid=" pid ",uid=0\n"
#define KILL(stamp, pid, comm, rss) \
        stamp " db1 kernel: Out of memory: Killed process " pid " (" comm ") total-vm:9999kB, anon-rss:" rss "kB, file-rss:0kB, shmem-rss:0kB\n"

static void storms_and_recurrence(void **state) {
        (void)state;
        struct event_list l;
        struct timeline t;
        build(KILL("Dec  1 02:31:00", "100", "mysqld", "1000")   /* storm of three, 02:31 */
              KILL("Dec  1 02:31:05", "101", "backup", "50")
              KILL("Dec  1 02:31:40", "102", "cron", "10")
              KILL("Dec  2 02:35:00", "200", "mysqld", "2000")   /* next night */
              KILL("Dec  3 02:20:00", "300", "mysqld", "3000")   /* and the next */
              KILL("Dec  3 14:00:00", "400", "nginx", "10"),      /* another time of day */
              &l, &t);
        assert_int_equal(t.n, 6);
        assert_int_equal(t.n_incidents, 4);
        assert_int_equal(t.incidents[0].kills, 3);
        assert_int_equal(t.incident_of[2], 0);
        assert_int_equal(t.incident_of[3], 1);
        assert_true(t.recurring);
        assert_int_equal(t.recurring_days, 3);
        assert_int_equal(t.recurring_hour, 2);
        /* mysqld: three kills, RSS growing each time */
        assert_int_equal(t.n_victims, 1);
        assert_string_equal(t.victims[0].comm, "mysqld");
        assert_int_equal(t.victims[0].kills, 3);
        assert_true(t.victims[0].rss_growing);
        assert_int_equal(t.victims[0].rss_first_kb, 1000);
        assert_int_equal(t.victims[0].rss_last_kb, 3000);
        timeline_free(&t);
        event_list_clear(&l);
}

static void no_pattern_in_two_days(void **state) {
        (void)state;
        struct event_list l;
        struct timeline t;
        build(KILL("Dec  1 02:31:00", "100", "mysqld", "3000")
              KILL("Dec  2 02:31:00", "200", "mysqld", "1000"),  /* shrinking: no leak */
              &l, &t);
        assert_int_equal(t.n_incidents, 2);
        assert_false(t.recurring);
        assert_int_equal(t.n_victims, 1);
        assert_false(t.victims[0].rss_growing);
        timeline_free(&t);
        event_list_clear(&l);
}

static void hosts_are_kept_apart(void **state) {
        (void)state;
        struct event_list l;
        struct timeline t;
        build("Dec  1 02:31:00 a kernel: Killed process 1 (x) total-vm:8kB, anon-rss:4kB, file-rss:0kB\n"
              "Dec  1 02:31:01 b kernel: Killed process 2 (y) total-vm:8kB, anon-rss:4kB, file-rss:0kB\n"
              "Dec  1 02:31:02 a kernel: Killed process 3 (z) total-vm:8kB, anon-rss:4kB, file-rss:0kB\n",
              &l, &t);
        assert_int_equal(t.n_incidents, 2);
        assert_int_equal(t.incidents[0].kills, 2);
        assert_string_equal(t.incidents[0].host, "a");
        timeline_free(&t);
        event_list_clear(&l);
}

/* Kills close in time but in two memory cgroups are two incidents: one
 * did not follow from the other (a real run here: three test cgroups OOM
 * within a minute were called one storm) */
static void cgroups_are_kept_apart(void **state) {
        (void)state;
        struct event_list l;
        struct timeline t;
        build("[  100.000000] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/one,task_memcg=/one,task=a,pid=1,uid=0\n"
              "[  100.000001] Memory cgroup out of memory: Killed process 1 (a) total-vm:8kB, anon-rss:4kB, file-rss:0kB\n"
              "[  101.000000] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/two,task_memcg=/two,task=b,pid=2,uid=0\n"
              "[  101.000001] Memory cgroup out of memory: Killed process 2 (b) total-vm:8kB, anon-rss:4kB, file-rss:0kB\n"
              "[  102.000000] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/one,task_memcg=/one,task=c,pid=3,uid=0\n"
              "[  102.000001] Memory cgroup out of memory: Killed process 3 (c) total-vm:8kB, anon-rss:4kB, file-rss:0kB\n",
              &l, &t);
        assert_int_equal(t.n, 3);
        assert_int_equal(t.n_incidents, 2);
        assert_int_equal(t.incidents[t.incident_of[0]].kills, 2);   /* /one twice */
        assert_int_equal(t.incident_of[0], t.incident_of[2]);
        assert_true(t.incident_of[1] != t.incident_of[0]);
        timeline_free(&t);
        event_list_clear(&l);
}

/* The same name killed with more memory each time, but in cgroups of
 * different limits: no leak to suspect */
static void growth_across_cgroups_is_no_leak(void **state) {
        (void)state;
        struct event_list l;
        struct timeline t;
        build(SUMMARY("Dec  1 02:31:00", "/small", "100") KILL("Dec  1 02:31:00", "100", "hog", "1000")
              SUMMARY("Dec  1 03:31:00", "/medium", "200") KILL("Dec  1 03:31:00", "200", "hog", "2000")
              SUMMARY("Dec  1 04:31:00", "/medium", "300") KILL("Dec  1 04:31:00", "300", "hog", "3000"),
              &l, &t);
        assert_int_equal(t.n_victims, 1);
        assert_true(t.victims[0].rss_growing);
        assert_true(t.victims[0].memcgs_differ);
        timeline_free(&t);
        event_list_clear(&l);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(cgroups_are_kept_apart),
                cmocka_unit_test(growth_across_cgroups_is_no_leak),
                cmocka_unit_test(storms_and_recurrence),
                cmocka_unit_test(no_pattern_in_two_days),
                cmocka_unit_test(hosts_are_kept_apart),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
