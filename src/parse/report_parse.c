/* report_parse.c — the report state machine (see report_parse.h).
 *
 * Kernel facts it relies on (kernel-oom-report.md §4, §5):
 *  - a report starts with the trigger line and ends with the kill line, "no
 *    killable processes" or a panic; dump_header is skipped when the OOM
 *    ratelimit fires, but the kill line is still printed;
 *  - the oom_reaper line is asynchronous and may follow the next report's
 *    first lines, so finished events stay reachable for a while;
 *  - memory.oom.group kills print one more kill line per member right after
 *    the first one;
 *  - other kernel messages (other CPUs, allocation-failure warnings with
 *    their own Mem-Info) can sit between report lines.
 */
#include "report_parse.h"

#include <stdlib.h>
#include <sys/types.h>
#include <string.h>

#include "report_lines.h"

#define MAX_HOSTS 256        /* open contexts kept; the least recently used host is closed beyond */
#define DONE_RING 8          /* finished events per host kept for late lines */
#define MAX_IDLE_LINES 300   /* unrelated same-host lines that end an open report */
#define MAX_POSTKILL_LINES 40 /* lines after the kill line that may still belong to it */
#define MAX_REPORT_SPAN_US (60 * INT64_C(1000000)) /* longest a report's lines may spread in time */

enum block {
        BLOCK_NONE,
        BLOCK_MEMINFO_COUNTERS, /* after "Mem-Info:" */
        BLOCK_MEMCG_STATS,      /* "key value" lines after "Memory cgroup stats for" */
        BLOCK_SLAB,             /* rows after "Unreclaimable slab info:" */
        BLOCK_TASKS,            /* rows after the task-table header */
};

struct host_ctx {
        char host[LOG_HOST_MAX];
        uint64_t last_use;
        struct oom_event *open;
        enum block block;
        struct task_columns cols;
        bool have_cols;
        bool tasks_header_seen;
        bool rows_without_header; /* the task-table header was lost */
        bool rows_damaged;        /* rows merged or cut by the log transport */
        bool foreign;            /* inside an allocation-failure dump, not ours */
        bool killed;             /* the open event has its kill line */
        ssize_t last_zone;       /* index of the zone the next lowmem_reserve belongs to */
        int idle;
        int64_t pending_suppressed;
        struct oom_event *done[DONE_RING];
        int n_done;
};

struct report_parser {
        char *source_name;
        event_sink sink;
        void *userdata;
        struct host_ctx *hosts[MAX_HOSTS];
        int n_hosts;
        uint64_t clock;
        int n_open;
};

struct report_parser *report_parser_new(const char *source_name, event_sink sink, void *userdata) {
        struct report_parser *p = calloc(1, sizeof(*p));
        if (!p)
                return NULL;
        p->source_name = strdup(source_name ? source_name : "-");
        if (!p->source_name) {
                free(p);
                return NULL;
        }
        p->sink = sink;
        p->userdata = userdata;
        return p;
}

/* ------------------------------------------------------------ finishing */

static int64_t nearest_page_kb(int64_t kb) {
        static const int64_t sizes[] = { 4, 8, 16, 64 };
        for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes); i++)
                if (kb >= sizes[i] - sizes[i] / 4 && kb <= sizes[i] + sizes[i] / 4)
                        return sizes[i];
        return OOM_UNSET;
}

/* Page size from the report itself (§6): buddy order-0 block, else the
 * victim's kB on the kill line against its pages in the task table. */
static void derive_page_size(struct oom_event *e) {
        for (size_t i = 0; i < e->n_zones; i++) {
                if (val_known(e->zones[i].order0_kb) && e->zones[i].order0_kb > 0) {
                        e->page_size_kb = e->zones[i].order0_kb;
                        e->page_size_how = "buddy free list order-0 block size";
                        return;
                }
        }
        const struct oom_task *t = event_find_task(e, e->victim_pid);
        if (t && val_known(t->total_vm) && t->total_vm > 0 && val_known(e->victim_total_vm_kb)) {
                int64_t ps = nearest_page_kb(e->victim_total_vm_kb / t->total_vm);
                if (val_known(ps)) {
                        e->page_size_kb = ps;
                        e->page_size_how = "victim total-vm kB vs task-table pages";
                        return;
                }
        }
        if (t && val_known(t->rss) && t->rss > 0 && val_known(e->victim_anon_rss_kb) &&
            val_known(e->victim_file_rss_kb)) {
                int64_t kb = sat_add(sat_add(e->victim_anon_rss_kb, e->victim_file_rss_kb),
                                     val_known(e->victim_shmem_rss_kb) ? e->victim_shmem_rss_kb : 0);
                int64_t ps = nearest_page_kb(kb / t->rss);
                if (val_known(ps)) {
                        e->page_size_kb = ps;
                        e->page_size_how = "victim rss kB vs task-table pages";
                }
        }
}

static void fill_from_task_table(struct oom_event *e) {
        const struct oom_task *t = event_find_task(e, e->victim_pid);
        if (!t)
                return;
        if (!val_known(e->victim_uid))
                e->victim_uid = t->uid;
        if (!val_known(e->victim_oom_score_adj))
                e->victim_oom_score_adj = t->oom_score_adj;
        if (!val_known(e->victim_pgtables_kb) && val_known(t->pgtables_bytes))
                e->victim_pgtables_kb = t->pgtables_bytes / 1024;
        if (!e->victim_comm[0])
                copy_field(e->victim_comm, sizeof(e->victim_comm), t->comm, strlen(t->comm));
}

static void infer_constraint(struct oom_event *e) {
        if (e->constraint != OOM_CONSTRAINT_UNKNOWN)
                return;
        /* Before 5.0 the kernel names the constraint only through the
         * message and the memcg block it prints. */
        if (strcmp(e->kill_message, "Memory cgroup out of memory") == 0 || (e->parts_seen & PART_MEMCG) ||
            e->oom_memcg)
                e->constraint = OOM_CONSTRAINT_MEMCG;
        else if (strstr(e->kill_message, "MPOL_BIND"))
                e->constraint = OOM_CONSTRAINT_MEMORY_POLICY;
        else if (strstr(e->kill_message, "in cpuset"))
                e->constraint = OOM_CONSTRAINT_CPUSET;
}

static void judge_completeness(struct oom_event *e, struct host_ctx *h, bool cut) {
        unsigned seen = e->parts_seen;
        unsigned missing = 0;
        if (!(seen & PART_TRIGGER))
                missing |= PART_TRIGGER;
        if (!(seen & (PART_KILL | PART_NO_KILLABLE | PART_PANIC)))
                missing |= PART_KILL;
        if ((seen & PART_TRIGGER) && !(seen & (PART_MEMINFO | PART_MEMCG)))
                missing |= PART_MEMINFO;
        if (!(seen & PART_TRIGGER) && !(seen & (PART_MEMINFO | PART_MEMCG)))
                missing |= PART_MEMINFO;
        if (h && ((h->tasks_header_seen && e->n_tasks == 0) || h->rows_without_header))
                missing |= PART_TASKS;
        if (h && h->rows_without_header)
                event_note(e, NOTE_TASK_HEADER_LOST);
        if (h && h->rows_damaged) {
                missing |= PART_TASKS;
                event_note(e, NOTE_ROWS_DAMAGED);
        }
        /* the CPU:/Pid: line is not required: 2.6.18 x86_64 printed none */
        e->missing = missing;
        e->complete = missing == 0 && !cut;
        if (cut)
                event_note(e, NOTE_CUT);
        if (!(seen & PART_TRIGGER) && (seen & PART_KILL))
                event_note(e, NOTE_HEADERLESS);
}

static void deliver(struct report_parser *p, struct oom_event *e) {
        if (p->sink)
                p->sink(e, p->userdata);
        else
                event_free(e);
}

static void push_done(struct report_parser *p, struct host_ctx *h, struct oom_event *e) {
        if (h->n_done == DONE_RING) {
                deliver(p, h->done[0]);
                memmove(h->done, h->done + 1, sizeof(h->done[0]) * (DONE_RING - 1));
                h->n_done--;
        }
        h->done[h->n_done++] = e;
}

static void close_open(struct report_parser *p, struct host_ctx *h, bool cut) {
        struct oom_event *e = h->open;
        if (!e)
                return;
        cut = cut && !h->killed; /* a report that reached its kill line is whole */
        h->open = NULL;
        p->n_open--;
        fill_from_task_table(e);
        derive_page_size(e);
        infer_constraint(e);
        judge_completeness(e, h, cut);
        bool evidence = e->parts_seen & (PART_TRIGGER | PART_SELECT | PART_KILL | PART_SUMMARY | PART_NO_KILLABLE |
                                         PART_PANIC);
        h->block = BLOCK_NONE;
        h->have_cols = h->tasks_header_seen = h->rows_without_header = h->rows_damaged = h->foreign = h->killed = false;
        h->last_zone = -1;
        h->idle = 0;
        if (evidence)
                push_done(p, h, e);
        else
                event_free(e);
}

static void flush_host(struct report_parser *p, struct host_ctx *h) {
        close_open(p, h, true);
        for (int i = 0; i < h->n_done; i++)
                deliver(p, h->done[i]);
        h->n_done = 0;
}

/* ------------------------------------------------------------ hosts */

static struct host_ctx *host_get(struct report_parser *p, const char *host) {
        p->clock++;
        for (int i = 0; i < p->n_hosts; i++) {
                if (strcmp(p->hosts[i]->host, host) == 0) {
                        p->hosts[i]->last_use = p->clock;
                        return p->hosts[i];
                }
        }
        if (p->n_hosts == MAX_HOSTS) {
                int lru = 0;
                for (int i = 1; i < p->n_hosts; i++)
                        if (p->hosts[i]->last_use < p->hosts[lru]->last_use)
                                lru = i;
                flush_host(p, p->hosts[lru]);
                free(p->hosts[lru]);
                p->hosts[lru] = p->hosts[--p->n_hosts];
        }
        struct host_ctx *h = calloc(1, sizeof(*h));
        if (!h)
                return NULL;
        copy_field(h->host, sizeof(h->host), host, strlen(host));
        h->last_use = p->clock;
        h->last_zone = -1;
        h->pending_suppressed = OOM_UNSET;
        p->hosts[p->n_hosts++] = h;
        return h;
}

static struct oom_event *open_event(struct report_parser *p, struct host_ctx *h, const struct log_line *l,
                                    int64_t lineno) {
        close_open(p, h, true);
        struct oom_event *e = event_new();
        if (!e)
                return NULL;
        e->source_file = xstrdup(p->source_name);
        e->source_line = e->last_line = lineno;
        copy_field(e->host, sizeof(e->host), l->host, strlen(l->host));
        e->format = l->format;
        e->has_wall = l->has_wall;
        e->wall_us = l->wall_us;
        e->tz_known = l->tz_known;
        e->tz_off_min = l->tz_off_min;
        e->year_inferred = l->year_inferred;
        e->mono_us = l->has_mono ? l->mono_us : OOM_UNSET;
        e->suppressed = h->pending_suppressed;
        h->pending_suppressed = OOM_UNSET;
        h->open = e;
        p->n_open++;
        return e;
}

/* The newest event of this host that PID was killed in: the open one or a
 * finished one still in the ring. */
static struct oom_event *event_of_victim(struct host_ctx *h, int64_t pid) {
        if (h->open && h->open->victim_pid == pid)
                return h->open;
        for (int i = h->n_done - 1; i >= 0; i--)
                if (h->done[i]->victim_pid == pid)
                        return h->done[i];
        return NULL;
}

/* ------------------------------------------------------------ lines */

/* A report is printed within a fraction of a second (under rate limiting
 * and a stalled syslog daemon, seconds).  A line much later than the start
 * of the open report cannot belong to it. */
static bool far_apart(const struct oom_event *e, const struct log_line *l) {
        if (val_known(e->mono_us) && l->has_mono) {
                int64_t d = sat_sub(l->mono_us, e->mono_us);
                return d > MAX_REPORT_SPAN_US || d < -1000000;
        }
        if (e->has_wall && l->has_wall && e->tz_known == l->tz_known) {
                int64_t d = sat_sub(l->wall_us, e->wall_us);
                return d > 2 * MAX_REPORT_SPAN_US || d < -2 * MAX_REPORT_SPAN_US;
        }
        return false;
}

static bool handle_report_starts(struct report_parser *p, struct host_ctx *h, const struct log_line *l,
                                 const char *s, size_t n, int64_t lineno) {
        struct oom_event probe;
        /* trigger lines are recognised on a scratch event first, so that a
         * line that merely mentions the words does not end a report */
        if (mem_find(s, n, " invoked oom-killer: gfp_mask=") || (n > 21 && memcmp(s, "oom-killer: gfp_mask=", 21) == 0)) {
                struct oom_event *e = open_event(p, h, l, lineno);
                if (e) {
                        line_trigger(s, n, e);
                        e->lines.trigger = lineno;
                }
                h->foreign = false;
                return true;
        }
        int64_t count;
        if (line_suppressed(s, n, &count)) {
                /* printed by the next oom_kill_process(): what follows is a new kill */
                close_open(p, h, true);
                h->pending_suppressed = count;
                return true;
        }
        struct reap_info r;
        if (line_reaper(s, n, &r)) {
                struct oom_event *e = event_of_victim(h, r.pid);
                if (e) {
                        e->reaped = !r.failed;
                        e->reap_failed = r.failed;
                        e->reaped_pid = r.pid;
                        e->reaped_anon_rss_kb = r.anon_rss_kb;
                        e->reaped_file_rss_kb = r.file_rss_kb;
                        e->reaped_shmem_rss_kb = r.shmem_rss_kb;
                }
                return true;
        }
        memset(&probe, 0, sizeof(probe));
        probe.selected_pid = OOM_UNSET;
        if (line_select(s, n, &probe)) {
                struct oom_event *e = h->open;
                if (!e || h->killed || (e->parts_seen & PART_SELECT))
                        e = open_event(p, h, l, lineno);
                if (e) {
                        line_select(s, n, e);
                        e->last_line = e->lines.select = lineno;
                }
                h->foreign = false;
                return true;
        }
        struct kill_info k;
        if (line_kill(s, n, &k)) {
                struct oom_event *e = h->open;
                if (e && h->killed && e->oom_group) {
                        /* memory.oom.group: one more member of the same kill */
                        event_note(e, NOTE_OOM_GROUP);
                        e->group_kills++;
                        e->last_line = lineno;
                        return true;
                }
                if (!e || h->killed)
                        e = open_event(p, h, l, lineno);
                if (!e)
                        return true;
                kill_info_apply(&k, e);
                e->kill_line = e->last_line = lineno;
                h->killed = true;
                h->idle = 0;
                h->foreign = false;
                return true;
        }
        if (n > 9 && (memcmp(s, "oom-kill:", 9) == 0)) {
                struct oom_event *e = h->open;
                if (!e || h->killed || (e->parts_seen & PART_SUMMARY))
                        e = open_event(p, h, l, lineno);
                if (e) {
                        line_oom_summary(s, n, e);
                        e->last_line = e->lines.summary = lineno;
                }
                return true;
        }
        return false;
}

static bool handle_late_lines(struct report_parser *p, struct host_ctx *h, const struct log_line *l,
                              const char *s, size_t n, int64_t lineno) {
        struct oom_event scratch;
        memset(&scratch, 0, sizeof(scratch));
        unsigned end = line_end_of_oom(s, n, &scratch);
        if (end) {
                struct oom_event *e = h->open;
                if (!e && h->n_done > 0 && end == PART_PANIC)
                        e = h->done[h->n_done - 1];
                if (!e)
                        e = open_event(p, h, l, lineno);
                if (!e)
                        return true;
                line_end_of_oom(s, n, e);
                e->last_line = lineno;
                if (e == h->open && end == PART_PANIC)
                        close_open(p, h, false);
                else if (e == h->open)
                        h->killed = true; /* nothing more to kill: the report is over */
                return true;
        }
        struct oom_event *target = h->open ? h->open : (h->n_done ? h->done[h->n_done - 1] : NULL);
        if (target && line_oom_group(s, n, target))
                return true;
        if (mem_find(s, n, "sharing same memory") && mem_find(s, n, "ill process ")) {
                if (target)
                        event_note(target, NOTE_SHARING);
                return true;
        }
        return false;
}

/* One cheap pass over a line tells which families of recognisers can
 * match: every line that starts, ends or attaches to an event holds "oom",
 * "kil"/"Kil" (Killed, kill process, killable) or "panic"; most lines of a
 * report hold none, and skip the searches. */
enum { WORD_EVENT = 1u << 0, WORD_PAGE = 1u << 1 };

static unsigned line_words(const char *s, size_t n) {
        unsigned w = 0;
        for (size_t i = 0; i + 3 <= n; i++) {
                switch (s[i]) {
                case 'o':
                        if (s[i + 1] == 'o' && s[i + 2] == 'm')
                                return w | WORD_EVENT;
                        break;
                case 'K':
                case 'k':
                        if (s[i + 1] == 'i' && s[i + 2] == 'l')
                                return w | WORD_EVENT;
                        break;
                case 'p':
                        if (i + 5 <= n && memcmp(s + i, "panic", 5) == 0)
                                return w | WORD_EVENT;
                        if (i + 5 <= n && memcmp(s + i, "page ", 5) == 0)
                                w |= WORD_PAGE;
                        break;
                }
        }
        return w;
}

/* Lines of the body of an open report. Returns true when recognised. */
/* A row of the task table under the header seen last: added to E. */
static bool take_task_row(const struct host_ctx *h, struct oom_event *e, const char *s, size_t n, int64_t lineno) {
        struct oom_task row;
        if (!h->have_cols || !line_task_row(s, n, &h->cols, &row))
                return false;
        struct oom_task *t = event_add_task(e);
        if (t) {
                *t = row;
                t->line = lineno;
        }
        return true;
}

/* Remembers the first line of a kind of report line (for evidence). */
static void note_line(int64_t *field, int64_t lineno) {
        if (!val_known(*field))
                *field = lineno;
}

static bool handle_body(struct host_ctx *h, struct oom_event *e, const char *s, size_t n, unsigned words,
                        int64_t lineno) {
        if ((words & WORD_PAGE) &&
            (mem_find(s, n, "page allocation failure") || mem_find(s, n, "page allocation stalls"))) {
                h->foreign = true; /* warn_alloc's own Mem-Info follows; not ours */
                return false;
        }
        if (h->foreign)
                return false;
        /* multi-line blocks first: their lines have no marker of their own.
         * Task rows are taken even after an unparsable row (a syslog daemon
         * that drops or merges lines under load breaks the block). */
        if (n > 2 && s[0] == '[') {
                if (take_task_row(h, e, s, n, lineno))
                        return true;
                if (line_task_row_shape(s, n)) {
                        if (!h->have_cols)
                                h->rows_without_header = true;
                        else
                                h->rows_damaged = true;
                        return true;
                }
        }
        if (h->block == BLOCK_MEMCG_STATS && line_memcg_stat_kv(s, n, e))
                return true;
        if (h->block == BLOCK_SLAB && line_slab_row(s, n, e))
                return true;
        if (h->block == BLOCK_MEMINFO_COUNTERS && line_meminfo_counters(s, n, &e->meminfo))
                return true;

        h->block = BLOCK_NONE;
        bool inline_stats;
        enum oom_task_layout layout;
        struct oom_zone *z;
        if ((n >= 9 && (memcmp(s, "Mem-Info:", 9) == 0 || memcmp(s, "Mem-info:", 9) == 0))) {
                e->parts_seen |= PART_MEMINFO;
                h->block = BLOCK_MEMINFO_COUNTERS;
                note_line(&e->lines.meminfo, lineno);
                return true;
        }
        if ((e->parts_seen & PART_STACK) && n > 5 && (memcmp(s, "CPU: ", 5) == 0 || memcmp(s, "Pid: ", 5) == 0))
                return true; /* another splat's header (a WARN inside the report, the panic): not the trigger's */
        if (line_stack_header(s, n, e)) {
                e->parts_seen |= PART_STACK;
                return true;
        }
        if (line_task_header(s, n, &h->cols, &layout)) {
                h->have_cols = true;
                h->tasks_header_seen = true;
                e->task_layout = layout;
                e->n_tasks = 0;
                e->parts_seen |= PART_TASKS;
                h->block = BLOCK_TASKS;
                note_line(&e->lines.tasks_header, lineno);
                return true;
        }
        if ((z = line_zone(s, n, e))) {
                e->parts_seen |= PART_MEMINFO;
                h->last_zone = z - e->zones;
                note_line(&e->lines.zones, lineno);
                return true;
        }
        if (line_lowmem_reserve(s, n, h->last_zone >= 0 ? &e->zones[h->last_zone] : NULL))
                return true;
        if (line_hugepages(s, n, e)) {
                e->parts_seen |= PART_MEMINFO;
                note_line(&e->lines.hugepages, lineno);
                return true;
        }
        if (line_meminfo_tail(s, n, e)) {
                e->parts_seen |= PART_MEMINFO;
                if (mem_find(s, n, "swap") && (mem_find(s, n, "Total") || mem_find(s, n, "Free")))
                        note_line(&e->lines.swap, lineno);
                else if (mem_find(s, n, "pages RAM") || mem_find(s, n, "pages of RAM"))
                        note_line(&e->lines.ram, lineno);
                return true;
        }
        if (line_buddy(s, n, e) || line_node(s, n, e)) {
                e->parts_seen |= PART_MEMINFO;
                return true;
        }
        if (line_memcg_counter(s, n, e)) {
                if (n > 14 && memcmp(s, "memory: usage ", 14) == 0)
                        note_line(&e->lines.memcg_usage, lineno);
                return true;
        }
        if (line_memcg_task_in(s, n, e))
                return true;
        if (line_memcg_stats_header(s, n, e, &inline_stats)) {
                h->block = inline_stats ? BLOCK_NONE : BLOCK_MEMCG_STATS;
                note_line(&e->lines.memcg_stats, lineno);
                return true;
        }
        if (n >= 24 && memcmp(s, "Unreclaimable slab info:", 24) == 0) {
                h->block = BLOCK_SLAB;
                note_line(&e->lines.slab, lineno);
                return true;
        }
        if (line_percpu(s, n) || line_report_noise(s, n))
                return true;
        if (!(e->parts_seen & PART_MEMINFO) && line_cpuset(s, n, e))
                return true;
        /* 2.6.18's "Active:… inactive:…" counters, between Mem-info and the zones */
        if ((e->parts_seen & PART_MEMINFO) && e->n_zones == 0 && line_meminfo_counters(s, n, &e->meminfo))
                return true;
        return false;
}

/* The body of a report whose head was lost: only a few lines are
 * distinctive enough to start an event on; one that never reaches a kill,
 * select or summary line is dropped when it closes (an allocation-failure
 * warning prints the same Mem-Info). */
static bool starts_headless_body(const char *s, size_t n) {
        struct task_columns cols;
        enum oom_task_layout layout;
        return (n >= 9 && memcmp(s, "Mem-Info:", 9) == 0) || line_task_header(s, n, &cols, &layout);
}

void report_parser_line(struct report_parser *p, const struct log_line *l, int64_t lineno) {
        if (!l->from_kernel)
                return;
        const char *s = l->text;
        size_t n = l->text_len;
        /* continuation lines lose their indentation in the splitter, but
         * report lines can be indented by quoting: parse what follows */
        while (n > 0 && (*s == ' ' || *s == '\t'))
                s++, n--;
        if (n == 0)
                return;
        struct host_ctx *h = host_get(p, l->host);
        if (!h)
                return;
        if (h->open && far_apart(h->open, l))
                close_open(p, h, true);
        /* fast path: most lines of a report are task-table rows */
        if (h->open && !h->killed && s[0] == '[' && take_task_row(h, h->open, s, n, lineno)) {
                h->idle = 0;
                h->open->last_line = lineno;
                return;
        }
        unsigned words = line_words(s, n);
        if ((words & WORD_EVENT) && handle_report_starts(p, h, l, s, n, lineno))
                return;
        if ((words & WORD_EVENT) && handle_late_lines(p, h, l, s, n, lineno))
                return;
        struct oom_event *e = h->open;
        if (!e && starts_headless_body(s, n))
                e = open_event(p, h, l, lineno);
        if (!e)
                return;
        if (h->killed) {
                /* after the kill line only the late lines above belong to it */
                if (++h->idle > MAX_POSTKILL_LINES)
                        close_open(p, h, false);
                return;
        }
        if (handle_body(h, e, s, n, words, lineno)) {
                h->idle = 0;
                e->last_line = lineno;
                return;
        }
        if (++h->idle > MAX_IDLE_LINES)
                close_open(p, h, true);
}

bool report_parser_busy(const struct report_parser *p) {
        return p->n_open > 0;
}

void report_parser_finish(struct report_parser *p) {
        for (int i = 0; i < p->n_hosts; i++) {
                struct host_ctx *h = p->hosts[i];
                /* a report whose kill line was seen is over, even at EOF */
                close_open(p, h, !h->killed);
                for (int j = 0; j < h->n_done; j++)
                        deliver(p, h->done[j]);
                h->n_done = 0;
        }
}

void report_parser_free(struct report_parser *p) {
        if (!p)
                return;
        report_parser_finish(p);
        for (int i = 0; i < p->n_hosts; i++)
                free(p->hosts[i]);
        free(p->source_name);
        free(p);
}
