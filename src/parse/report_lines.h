/* report_lines.h — pure parsers for the individual lines of a kernel OOM
 * report (trigger, stack header, Mem-Info, zones, buddy lists, task table,
 * memcg block, oom-kill: summary, select/kill/reaper lines, panics).
 *
 * Each function takes the kernel text of one line (container prefix already
 * stripped, not NUL-terminated) and either recognises it, filling its result,
 * or returns false without touching the result.  No state, no I/O: the
 * report state machine (report_parse.c) decides what a line means in
 * context.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "event.h"

/* ---- a tiny bounded cursor over one line ---- */
struct cursor {
        const char *p, *end;
};

static inline struct cursor cursor_make(const char *s, size_t n) { return (struct cursor){ s, s + n }; }
/* consume LIT if it is next (inline: strlen of a literal folds away) */
static inline bool cursor_lit(struct cursor *c, const char *lit) {
        size_t n = strlen(lit);
        if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0)
                return false;
        c->p += n;
        return true;
}
void cursor_ws(struct cursor *c);                            /* skip blanks */
bool cursor_int(struct cursor *c, int64_t *ret);             /* optional '-', digits */
bool cursor_hex(struct cursor *c, const char **ret_start, size_t *ret_len); /* 0x... or bare 0 */
/* memmem for a C string */
static inline const char *mem_find(const char *hay, size_t n, const char *needle) {
        return memmem(hay, n, needle, strlen(needle));
}
const char *mem_rfind(const char *hay, size_t n, const char *needle);       /* last occurrence */
size_t trim_right_len(const char *s, size_t n);

/* ---- trigger: "<comm> invoked oom-killer: gfp_mask=…" (2.6.19+) or
 *      "oom-killer: gfp_mask=0x%x, order=%d" (<= 2.6.18) ---- */
bool line_trigger(const char *s, size_t n, struct oom_event *e);

/* "<comm> cpuset=<name> mems_allowed=<list>" (2.6.26-4.19) */
bool line_cpuset(const char *s, size_t n, struct oom_event *e);

/* "CPU: 15 PID: 42005 Comm: java Tainted: … 3.10.0-229.el7.x86_64 #1" and the
 * older "Pid: %d, comm: %.20s …" form: trigger pid and kernel release. */
bool line_stack_header(const char *s, size_t n, struct oom_event *e);

/* Mem-Info counters "key:value key:value" (pages) on the first line after
 * Mem-Info: and its continuation lines; 2.6.18's "Active:… inactive:…". */
bool line_meminfo_counters(const char *s, size_t n, struct kv_list *kv);

/* "Node 0 active_anon:…kB … all_unreclaimable? no" (4.8+) */
bool line_node(const char *s, size_t n, struct oom_event *e);

/* "[Node N ]Zone free:…kB min:…kB …" — returns the zone it filled. */
struct oom_zone *line_zone(const char *s, size_t n, struct oom_event *e);

/* "lowmem_reserve[]: 0 1764 7766 7766" into ZONE (may be NULL: recognised, dropped) */
bool line_lowmem_reserve(const char *s, size_t n, struct oom_zone *zone);

/* "[Node N ]Zone: 742*4kB (UEMR) 396*8kB … = 35480kB" / "DMA: empty" */
bool line_buddy(const char *s, size_t n, struct oom_event *e);

/* "Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB" */
bool line_hugepages(const char *s, size_t n, struct oom_event *e);

/* Tail of Mem-Info: "N total pagecache pages", "Free swap  = NkB", "N pages RAM", … */
bool line_meminfo_tail(const char *s, size_t n, struct oom_event *e);

/* Per-cpu pageset lines of old kernels, recognised and dropped. */
bool line_percpu(const char *s, size_t n);

/* Unreclaimable slab dump row "name  NKB  NKB" (after the header). */
bool line_slab_row(const char *s, size_t n, struct oom_event *e);

/* Task table header: sets e->task_layout and the column map. */
#define TASK_MAX_COLS 16
enum task_col {
        COL_PID, COL_UID, COL_TGID, COL_TOTAL_VM, COL_RSS, COL_RSS_ANON, COL_RSS_FILE,
        COL_RSS_SHMEM, COL_PGTABLES_BYTES, COL_NR_PTES, COL_NR_PMDS, COL_SWAPENTS, COL_CPU,
        COL_OOM_ADJ, COL_OOM_SCORE_ADJ, COL_UNKNOWN,
};
struct task_columns {
        enum task_col col[TASK_MAX_COLS];
        int n;                          /* numeric columns, pid included */
};
bool line_task_header(const char *s, size_t n, struct task_columns *ret, enum oom_task_layout *ret_layout);
/* "[ 1183]     0  1183    14046     2536  …  systemd-journal" */
bool line_task_row(const char *s, size_t n, const struct task_columns *cols, struct oom_task *ret);

/* "[ digits ] digits …": a task row, parsable or not (lost header, merged lines) */
bool line_task_row_shape(const char *s, size_t n);

/* memcg block */
bool line_memcg_task_in(const char *s, size_t n, struct oom_event *e);   /* Task in X killed as a result of limit of Y */
bool line_memcg_counter(const char *s, size_t n, struct oom_event *e);   /* memory:/memory+swap:/kmem:/swap: usage … */
bool line_memcg_stats_header(const char *s, size_t n, struct oom_event *e, bool *ret_inline);
bool line_memcg_stat_kv(const char *s, size_t n, struct oom_event *e);  /* "anon 123456" (bytes) */

/* "oom-kill:constraint=…" (5.0+), including a tail split into its own record */
bool line_oom_summary(const char *s, size_t n, struct oom_event *e);

/* select line: "<msg>: Kill process N (comm) score S or sacrifice child" and variants */
bool line_select(const char *s, size_t n, struct oom_event *e);

/* kill line: "[<msg>: ]Killed process N[, UID U,] (comm)[ total-vm:… ]" */
struct kill_info {
        char message[64];
        int64_t pid, uid, total_vm_kb, anon_rss_kb, file_rss_kb, shmem_rss_kb, pgtables_kb, oom_score_adj;
        char comm[OOM_COMM_MAX];
};
bool line_kill(const char *s, size_t n, struct kill_info *ret);
void kill_info_apply(const struct kill_info *k, struct oom_event *e);

/* "oom_reaper: reaped process N (comm), now anon-rss:…" / "unable to reap pid:N" */
struct reap_info {
        int64_t pid, anon_rss_kb, file_rss_kb, shmem_rss_kb;
        bool failed;
};
bool line_reaper(const char *s, size_t n, struct reap_info *ret);

/* "Out of memory and no killable processes...", panics.  Returns the part
 * (PART_NO_KILLABLE or PART_PANIC) or 0. */
unsigned line_end_of_oom(const char *s, size_t n, struct oom_event *e);

/* "oom_kill_process: 12 callbacks suppressed" / "printk: 3 messages suppressed." */
bool line_suppressed(const char *s, size_t n, int64_t *ret_count);

/* "Tasks in /x are going to be killed due to memory.oom.group set" */
bool line_oom_group(const char *s, size_t n, struct oom_event *e);

/* Kernel lines that are part of a report but carry nothing we keep
 * (call trace frames, registers, Hardware name, headers of sub-blocks). */
bool line_report_noise(const char *s, size_t n);
