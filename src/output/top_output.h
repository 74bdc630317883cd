/* top_output.h — what `oomlens top` prints: the machine's memory state and
 * every OOM domain with its processes in kill order (text or JSON), and
 * the explanation of one process (--pid).  Reads a snapshot and its
 * ranking; every string from /proc is escaped on the way out. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "oom_rank.h"
#include "procfs.h"
#include "users.h"

struct top_view {
        const struct proc_snapshot *snap;
        const struct oom_ranking *rank;
        const char *root;          /* where /etc/passwd is read for user names ("/" live) */
        struct users *users;       /* the user name cache (users.h); NULL: looked up each time */
        const char *cgroup;        /* --cgroup: only the domains within it, and its processes; NULL = all */
        int limit;                 /* processes per domain; 0 = all */
        size_t width;              /* terminal columns, 0 = no cut */
        bool color;
        bool pretty;               /* JSON indented */
        double full_scan_every;    /* -d: seconds between full scans when processes are carried over, 0 = every refresh */
};

/* Calls FN(task index, USERDATA) for every process the view prints: the
 * first -n of each domain shown, or with PID > 0 that process. */
void top_for_each_shown(const struct top_view *v, int pid, void (*fn)(size_t task, void *userdata), void *userdata);

int top_print_text(FILE *out, const struct top_view *v);
int top_print_json(FILE *out, const struct top_view *v);
/* --pid: 0, or -ESRCH when the pid is not among the snapshot's processes. */
int top_explain_text(FILE *out, const struct top_view *v, int pid);
int top_explain_json(FILE *out, const struct top_view *v, int pid);

