/* output_text.c — the plain factual summary of each event for a terminal:
 * who was killed, when, where, how much it held in human units, the
 * biggest tasks with their share of RAM, and what the log did not say.
 * Every string from the log goes through escape_terminal(). */
#include "output.h"

#include "cgroup_owner.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "terminal.h"
#include "i18n.h"
#include "units.h"

/* The English note texts of event.c, listed here for xgettext. */
static const char *const note_gettext_ids[] __attribute__((unused)) = {
        N_("report cut off before its end"),
        N_("kill line without report header (rate-limited by the kernel, or a filtered log)"),
        N_("task-table header lost: its rows could not be read"),
        N_("some task-table rows were damaged in the log"),
        N_("further tasks of the cgroup were killed with the victim (memory.oom.group)"),
        N_("other processes sharing the victim's memory were killed too"),
};

/* Parts of a report as a reader names them (JSON keeps part_name()). */
static const char *part_text(unsigned part) {
        switch (part) {
        case PART_TRIGGER: return _("the trigger line");
        case PART_STACK: return _("the CPU/stack lines");
        case PART_MEMINFO: return _("the memory summary (Mem-Info)");
        case PART_MEMCG: return _("the memory cgroup block");
        case PART_TASKS: return _("the task table");
        case PART_SUMMARY: return _("the oom-kill summary");
        case PART_SELECT: return _("the select line");
        case PART_KILL: return _("the kill line");
        }
        return part_name(part);
}


/* S escaped for the terminal, malloc'd (NULL when out of memory). */
static char *escaped_copy(const char *s) {
        size_t need = escape_terminal_buf(NULL, 0, s, strlen(s));
        char *t = malloc(need + 1);
        if (t)
                escape_terminal_buf(t, need + 1, s, strlen(s));
        return t;
}

/* "  label:   " — padded by display columns, not bytes, so that translated
 * (CJK) labels line up too */
static void put_label(FILE *out, const char *label) {
        size_t width = escape_display_width(label, strlen(label));
        fprintf(out, "  %s", label);
        for (size_t i = width; i < 11; i++)
                fputc(' ', out);
        if (width >= 11)
                fputc(' ', out);
}

/* S padded to WIDTH display columns (left- or right-aligned). */
static void put_padded(FILE *out, const char *s, size_t width, bool right) {
        size_t w = escape_display_width(s, strlen(s));
        if (right)
                for (size_t i = w; i < width; i++)
                        fputc(' ', out);
        fputs(s, out);
        if (!right)
                for (size_t i = w; i < width; i++)
                        fputc(' ', out);
}

static void print_when_where(FILE *out, const struct oom_event *e) {
        char iso[64];
        if (event_time_iso(e, iso, sizeof(iso))) {
                put_label(out, _("when:"));
                fprintf(out, "%s", iso);
                if (e->year_inferred)
                        fprintf(out, " %s", _("(year inferred: syslog stamps have none)"));
                else if (e->wall_from_mono)
                        fprintf(out, " %s", _("(from kernel uptime; may be skewed by suspend)"));
                else if (!e->tz_known)
                        fprintf(out, " %s", _("(local time of the log)"));
        } else if (val_known(e->mono_us)) {
                put_label(out, _("when:"));
                fprintf(out, _("%.6f s after boot (wall time unknown; give --boot-time)"), (double)e->mono_us / 1e6);
        } else {
                put_label(out, _("when:"));
                fprintf(out, "%s", _("unknown"));
        }
        fputc('\n', out);
        if (e->host[0]) {
                put_label(out, _("host:"));
                put_escaped(out, e->host);
                fputc('\n', out);
        }
        if (e->kernel_release[0]) {
                put_label(out, _("kernel:"));
                put_escaped(out, e->kernel_release);
                fputc('\n', out);
        }
}

static void print_victim(FILE *out, const struct oom_event *e) {
        char a[UNITS_BUF_SIZE], b[UNITS_BUF_SIZE], c[UNITS_BUF_SIZE], d[UNITS_BUF_SIZE], v[UNITS_BUF_SIZE];
        put_label(out, _("killed:"));
        if (!val_known(e->victim_pid)) {
                fprintf(out, "%s\n", (e->parts_seen & PART_NO_KILLABLE) ? _("nothing (no killable process)")
                                                                        : _("unknown (kill line not in the log)"));
                if (val_known(e->selected_pid)) {
                        put_label(out, _("selected:"));
                        put_escaped(out, e->selected_comm);
                        fprintf(out, " (%s %lld, %s %lld)\n", _("pid"), (long long)e->selected_pid, _("score"),
                                (long long)e->score);
                }
                return;
        }
        put_escaped(out, e->victim_comm[0] ? e->victim_comm : "?");
        fputs(" (", out);
        fprintf(out, _("pid %lld"), (long long)e->victim_pid);
        if (val_known(e->victim_uid)) {
                fputs(_(", "), out);
                fprintf(out, _("uid %lld"), (long long)e->victim_uid);
        }
        if (val_known(e->victim_oom_score_adj)) {
                fputs(_(", "), out);
                fprintf(out, _("oom_score_adj %lld"), (long long)e->victim_oom_score_adj);
        }
        fputs(")\n", out);
        int64_t rss = event_victim_rss_kb(e);
        if (val_known(rss)) {
                put_label(out, _("held:"));
                fprintf(out, _("RSS %s (anon %s, file %s, shmem %s), virtual %s"), units_kb(a, sizeof(a), rss),
                        units_kb(b, sizeof(b), e->victim_anon_rss_kb), units_kb(c, sizeof(c), e->victim_file_rss_kb),
                        units_kb(d, sizeof(d), e->victim_shmem_rss_kb),
                        units_kb(v, sizeof(v), e->victim_total_vm_kb));
                if (val_known(e->ram_pages) && val_known(e->page_size_kb) && e->ram_pages > 0) {
                        fprintf(out, _(", %s of RAM"),
                                units_percent(b, sizeof(b), rss, sat_mul(e->ram_pages, e->page_size_kb)));
                }
                fputc('\n', out);
        }
        if (val_known(e->selected_pid) && e->selected_pid != e->victim_pid) {
                put_label(out, _("selected:"));
                put_escaped(out, e->selected_comm);
                fprintf(out, " (%s %lld, %s %lld) — %s\n", _("pid"), (long long)e->selected_pid, _("score"),
                        (long long)e->score, _("the kernel killed a child of it instead"));
        } else if (val_known(e->score)) {
                put_label(out, _("score:"));
                fprintf(out, "%lld\n", (long long)e->score);
        }
        if (e->reaped) {
                put_label(out, _("reaped:"));
                fprintf(out, _("memory returned by oom_reaper (now anon %s)"),
                        units_kb(a, sizeof(a), e->reaped_anon_rss_kb));
                fputc('\n', out);
        }
}

static void print_trigger(FILE *out, const struct oom_event *e) {
        if (!(e->parts_seen & PART_TRIGGER))
                return;
        put_label(out, _("trigger:"));
        put_escaped(out, e->trigger_comm[0] ? e->trigger_comm : "?");
        if (val_known(e->trigger_pid))
                fprintf(out, " (%s %lld)", _("pid"), (long long)e->trigger_pid);
        if (val_known(e->order) && e->order >= 0)
                fprintf(out, _(" asked for order-%lld pages"), (long long)e->order);
        char flags[256];
        bool decoded;
        if (event_gfp_names(e, flags, sizeof(flags), &decoded)) {
                fputs(" (", out);
                put_escaped(out, flags);
                fputc(')', out);
        }
        if (e->manual)
                fprintf(out, " %s", _("— manual trigger (sysrq-f)"));
        char owner[256];
        if (cgroup_owner_describe(e->cpuset, NULL, owner, sizeof(owner))) {
                fprintf(out, " %s ", _("in"));
                put_escaped(out, owner);
        }
        fputc('\n', out);
}

static void print_scope(FILE *out, const struct oom_event *e) {
        char a[UNITS_BUF_SIZE], b[UNITS_BUF_SIZE];
        put_label(out, _("scope:"));
        switch (e->constraint) {
        case OOM_CONSTRAINT_MEMCG: {
                const char *path = e->oom_memcg ? e->oom_memcg : e->memcg_stats_path;
                fprintf(out, "%s ", _("memory cgroup"));
                if (path)
                        put_escaped(out, path);
                else
                        fputs(_("(path not in the log)"), out);
                if (val_known(e->memcg_limit_kb))
                        fprintf(out, _(" (usage %s of limit %s)"), units_kb(a, sizeof(a), e->memcg_usage_kb),
                                units_kb(b, sizeof(b), e->memcg_limit_kb));
                break;
        }
        case OOM_CONSTRAINT_NONE: fputs(_("whole machine (constraint NONE)"), out); break;
        case OOM_CONSTRAINT_CPUSET: fputs(_("cpuset (constraint CPUSET)"), out); break;
        case OOM_CONSTRAINT_MEMORY_POLICY: fputs(_("NUMA memory policy (constraint MEMORY_POLICY)"), out); break;
        case OOM_CONSTRAINT_UNKNOWN:
                if (e->parts_seen & PART_MEMINFO)
                        fputs(_("whole machine (no memory cgroup in the report)"), out);
                else
                        fputs(_("not stated in the log"), out);
                break;
        }
        fputc('\n', out);
        if (e->task_memcg && (!e->oom_memcg || strcmp(e->task_memcg, e->oom_memcg) != 0)) {
                put_label(out, _("cgroup:"));
                put_escaped(out, e->task_memcg);
                fputc('\n', out);
        }
        /* the unit, container or pod of the victim: the first thing asked */
        char owner[256];
        if (e->task_memcg && cgroup_owner_describe(e->task_memcg, NULL, owner, sizeof(owner))) {
                put_label(out, _("owner:"));
                put_escaped(out, owner);
                fputc('\n', out);
        }
}

static void print_memory(FILE *out, const struct oom_event *e) {
        char a[UNITS_BUF_SIZE], b[UNITS_BUF_SIZE];
        if (val_known(e->ram_pages) && val_known(e->page_size_kb)) {
                put_label(out, _("RAM:"));
                fprintf(out, _("%s (%lld pages of %lld KiB)"), units_pages(a, sizeof(a), e->ram_pages, e->page_size_kb),
                        (long long)e->ram_pages, (long long)e->page_size_kb);
                fputc('\n', out);
        }
        if (val_known(e->total_swap_kb)) {
                put_label(out, _("swap:"));
                if (e->total_swap_kb == 0)
                        fputs(_("none configured"), out);
                else
                        fprintf(out, _("%s free of %s"), units_kb(a, sizeof(a), e->free_swap_kb),
                                units_kb(b, sizeof(b), e->total_swap_kb));
                fputc('\n', out);
        }
}

static void print_tasks(FILE *out, const struct oom_event *e, int top) {
        if (e->n_tasks == 0 || top <= 0)
                return;
        size_t want = e->n_tasks < (size_t)top ? e->n_tasks : (size_t)top;
        const struct oom_task **order = malloc(want * sizeof(*order));
        if (!order)
                return;
        size_t shown = event_largest_tasks(e, order, want);
        fprintf(out, "  ");
        fprintf(out, _("largest of %zu tasks by RSS:"), e->n_tasks);
        fputc('\n', out);
        fputs("    ", out);
        put_padded(out, _("PID"), 8, true);
        fputc(' ', out);
        put_padded(out, _("UID"), 6, true);
        fputc(' ', out);
        put_padded(out, _("RSS"), 10, true);
        fputc(' ', out);
        put_padded(out, _("%RAM"), 6, true);
        fputc(' ', out);
        put_padded(out, _("ADJ"), 6, true);
        fprintf(out, "  %s\n", _("NAME"));
        int64_t ram_kb = val_known(e->ram_pages) && val_known(e->page_size_kb) ? sat_mul(e->ram_pages, e->page_size_kb)
                                                                                : OOM_UNSET;
        for (size_t i = 0; i < shown; i++) {
                const struct oom_task *t = order[i];
                char rss[UNITS_BUF_SIZE], pct[UNITS_BUF_SIZE];
                int64_t kb = task_rss_kb(e, t);
                units_pages(rss, sizeof(rss), t->rss, e->page_size_kb);
                units_percent(pct, sizeof(pct), kb, ram_kb);
                int64_t adj = val_known(t->oom_score_adj) ? t->oom_score_adj : t->oom_adj;
                fprintf(out, "    %8lld %6lld %10s %6s %6lld  ", (long long)t->pid, (long long)t->uid, rss, pct,
                        (long long)adj);
                put_escaped(out, t->comm);
                if (t->pid == e->victim_pid)
                        fprintf(out, "  %s", _("<- killed"));
                fputc('\n', out);
        }
        free(order);
}

static void print_gaps(FILE *out, const struct oom_event *e) {
        if (!e->complete) {
                char parts[512] = "";
                size_t used = 0;
                for (unsigned bit = 1; bit <= PART_PANIC; bit <<= 1)
                        if (e->missing & bit)
                                used += (size_t)snprintf(parts + used, used < sizeof(parts) ? sizeof(parts) - used : 0,
                                                         "%s%s", used ? _(", ") : "", part_text(bit));
                put_label(out, _("partial:"));
                if (parts[0])
                        fprintf(out, _("the log lacks %s"), parts);
                else
                        fputs(_("the log lacks the end of the report"), out);
                fputc('\n', out);
        }
        for (unsigned bit = 1; bit <= NOTE_LAST; bit <<= 1) {
                if (!(e->note_flags & bit))
                        continue;
                put_label(out, _("notes:"));
                /* the note texts are marked for translation in note_gettext_ids */
                fprintf(out, "%s\n", _(note_text((enum oom_note)bit)));
        }
        if (e->panic[0]) {
                put_label(out, _("panic:"));
                put_escaped(out, e->panic);
                fputc('\n', out);
        }
        if (val_known(e->suppressed)) {
                put_label(out, _("note:"));
                fprintf(out, "%s\n", _("the kernel suppressed earlier OOM reports just before this one (rate limit)"));
        }
}

static void print_when_short(FILE *out, const struct timeline_entry *en) {
        struct oom_event t = { .has_wall = en->has_wall, .wall_us = en->utc_us };
        char iso[64];
        if (en->has_wall && event_time_iso(&t, iso, sizeof(iso)))
                fprintf(out, "%-19.19s", iso);
        else if (val_known(en->mono_us))
                fprintf(out, "%19.6f", (double)en->mono_us / 1e6);
        else
                fprintf(out, "%-19s", "?");
}

/* Every kill in one table, incidents numbered, then the processes killed
 * more than once and the time of day incidents recur at. */
static void print_timeline(FILE *out, const struct timeline *t, struct event_list *l) {
        char rss[UNITS_BUF_SIZE];
        fprintf(out, "\n");
        fprintf(out, _("Timeline: %zu kills in %zu incidents"), t->n, t->n_incidents);
        fputc('\n', out);
        fputs("  ", out);
        put_padded(out, _("INC"), 4, true);
        fputs("  ", out);
        put_padded(out, _("TIME"), 19, false);
        fputs("  ", out);
        put_padded(out, _("HOST"), 12, false);
        fputs("  ", out);
        put_padded(out, _("RSS"), 10, true);
        fprintf(out, "  %s\n", _("KILLED"));
        for (size_t i = 0; i < t->n; i++) {
                struct timeline_entry entry, *en = &entry;
                if (!timeline_entry(t, l, i, en))
                        continue;
                fprintf(out, "  %4zu  ", en->incident + 1);
                print_when_short(out, en);
                fputs("  ", out);
                char host[64];
                escape_terminal_buf(host, sizeof(host), en->host[0] ? en->host : "-", en->host[0] ? strlen(en->host) : 1);
                fprintf(out, "%-12.12s  %10s  ", host, units_kb(rss, sizeof(rss), en->victim_rss_kb));
                put_escaped(out, en->victim_comm[0] ? en->victim_comm : "?");
                if (val_known(en->victim_pid))
                        fprintf(out, " (%lld)", (long long)en->victim_pid);
                if (en->memcg) {
                        fputs("  ", out);
                        put_escaped(out, en->memcg);
                }
                fputc('\n', out);
        }
        for (size_t i = 0; i < t->n_victims; i++) {
                const struct victim_history *v = &t->victims[i];
                char a[UNITS_BUF_SIZE], b[UNITS_BUF_SIZE];
                fputs("  ", out);
                put_escaped(out, v->comm);
                fprintf(out, _(": %zu kills"), v->kills);
                if (v->one_memcg) {
                        fprintf(out, _(", always in memory cgroup "));
                        put_escaped(out, v->memcg);
                }
                if (val_known(v->rss_first_kb) && val_known(v->rss_last_kb))
                        fprintf(out, _(", RSS %s at the first kill, %s at the last"),
                                units_kb(a, sizeof(a), v->rss_first_kb), units_kb(b, sizeof(b), v->rss_last_kb));
                if (v->rss_growing)
                        fprintf(out, " %s", _("(growing at every kill)"));
                fputc('\n', out);
        }
        if (t->recurring) {
                fputs("  ", out);
                fprintf(out, _("Incidents recur around %02d:%02d (±30 min) on %zu different days."), t->recurring_hour,
                        t->recurring_minute, t->recurring_days);
                fputc('\n', out);
        }
}

/* Bytes of S that fit in MAX, not cutting a UTF-8 character. */


static void put_part(FILE *out, bool *first, const char *name, int64_t kb) {
        char a[UNITS_BUF_SIZE];
        if (!val_known(kb) || kb <= 0)
                return;
        fprintf(out, "%s%s %s", *first ? "" : ", ", name, units_kb(a, sizeof(a), kb));
        *first = false;
}

/* Where the memory went, in one line of parts and one of process groups. */
static void print_breakdown(FILE *out, const struct findings *f) {
        if (!f->have_memory)
                return;
        const struct memory_report *m = &f->memory;
        bool first = true;
        if (val_known(m->ram_kb)) {
                put_label(out, _("went to:"));
                put_part(out, &first, _("processes (anon)"), m->anon_kb);
                put_part(out, &first, _("page cache"), m->file_kb);
                put_part(out, &first, _("shmem/tmpfs"), m->shmem_kb);
                put_part(out, &first, _("slab"), sat_add(val_known(m->slab_reclaimable_kb) ? m->slab_reclaimable_kb : 0,
                                                          val_known(m->slab_unreclaimable_kb) ? m->slab_unreclaimable_kb : 0));
                put_part(out, &first, _("kernel stacks"), m->kernel_stack_kb);
                put_part(out, &first, _("page tables"), m->pagetables_kb);
                put_part(out, &first, _("huge pages"), m->hugepages_kb);
                put_part(out, &first, _("reserved"), m->reserved_kb);
                put_part(out, &first, _("free"), m->free_kb);
                put_part(out, &first, _("unaccounted"), m->unaccounted_kb);
                fputc('\n', out);
        } else if (val_known(m->memcg_usage_kb)) {
                put_label(out, _("went to:"));
                put_part(out, &first, _("anon"), m->memcg_anon_kb);
                put_part(out, &first, _("page cache"), m->memcg_file_kb);
                put_part(out, &first, _("kernel"), m->memcg_kernel_kb);
                put_part(out, &first, _("unaccounted"), m->memcg_unaccounted_kb);
                fputc('\n', out);
        }
        if (m->n_by_comm > 1) {
                char a[UNITS_BUF_SIZE];
                put_label(out, _("by name:"));
                for (size_t i = 0; i < m->n_by_comm && i < 5; i++) {
                        fputs(i ? ", " : "", out);
                        put_escaped(out, m->by_comm[i].key);
                        fprintf(out, " ×%lld %s", (long long)m->by_comm[i].tasks, units_kb(a, sizeof(a), m->by_comm[i].rss_kb));
                }
                fputc('\n', out);
        }
        /* the zones short of memory, against their watermarks */
        bool any = false;
        for (size_t i = 0; i < m->n_zones; i++) {
                const struct zone_report *z = &m->zones[i];
                if (z->state != ZONE_BELOW_MIN && z->state != ZONE_BELOW_LOW)
                        continue;
                char fr[UNITS_BUF_SIZE], wm[UNITS_BUF_SIZE];
                if (!any)
                        put_label(out, _("zones:"));
                fputs(any ? "; " : "", out);
                any = true;
                if (val_known(z->node))
                        fprintf(out, _("node %lld "), (long long)z->node);
                put_escaped(out, z->name);
                if (z->state == ZONE_BELOW_MIN)
                        fprintf(out, _(" %s free, below its min %s"), units_kb(fr, sizeof(fr), z->free_kb),
                                units_kb(wm, sizeof(wm), z->min_kb));
                else
                        fprintf(out, _(" %s free, below its low %s"), units_kb(fr, sizeof(fr), z->free_kb),
                                units_kb(wm, sizeof(wm), z->low_kb));
        }
        if (any)
                fputc('\n', out);
        const char *why = NULL;
        switch (m->failure) {
        case ALLOC_FAILURE_MEMCG_LIMIT: why = _("the cgroup's usage reached its limit"); break;
        case ALLOC_FAILURE_WATERMARK: why = _("every usable zone was at or below its watermark"); break;
        case ALLOC_FAILURE_FRAGMENTATION: why = _("free memory was there, but no free chunk of the requested size"); break;
        case ALLOC_FAILURE_MANUAL: why = _("nothing: the OOM killer was triggered by hand"); break;
        case ALLOC_FAILURE_UNKNOWN: break;
        }
        if (why) {
                put_label(out, _("failed:"));
                fprintf(out, "%s\n", why);
        }
}

/* Why this victim: its recomputed score against the runner-up, what the
 * oom_score_adj settings changed, and who was protected. */
static void print_why(FILE *out, const struct findings *f) {
        const struct badness_result *b = &f->badness;
        if (!f->have_badness || !b->formula || b->victim_index < 0 || (size_t)b->victim_index >= b->n)
                return;
        const struct badness_entry *v = &b->entries[b->victim_index];
        put_label(out, _("why it:"));
        if (val_known(v->score))
                /* per mille of totalpages: above 1000 when its pages outnumber the limit */
                fprintf(out, _("badness %lld points, %lld per mille of the memory the kernel weighed it against"),
                        (long long)v->points, (long long)v->score);
        else
                fprintf(out, _("badness %lld points"), (long long)v->points);
        if (val_known(b->printed_score))
                fprintf(out, _(" (the kernel printed %lld)"), (long long)b->printed_score);
        const struct badness_entry *next = NULL;
        for (size_t i = 0; i < b->n && !next; i++)
                if ((ssize_t)i != b->victim_index && !b->entries[i].protected_task)
                        next = &b->entries[i];
        char comm[96];
        if (next && val_known(next->points) && val_known(v->points)) {
                escape_terminal_buf(comm, sizeof(comm), next->comm, strlen(next->comm));
                fprintf(out, _("; next in line %s (pid %lld) with %lld points"), comm, (long long)next->pid,
                        (long long)next->points);
        }
        fputc('\n', out);
        if (b->chosen_without_adj_index >= 0 && b->chosen_without_adj_index != b->victim_index) {
                const struct badness_entry *w = &b->entries[b->chosen_without_adj_index];
                put_label(out, "");
                escape_terminal_buf(comm, sizeof(comm), w->comm, strlen(w->comm));
                fprintf(out, _("without the oom_score_adj settings the kernel would have killed %s (pid %lld, "
                               "oom_score_adj %lld)"),
                        comm, (long long)w->pid, (long long)w->oom_score_adj);
                fputc('\n', out);
        }
        if (!b->agrees && b->chosen_index >= 0) {
                const struct badness_entry *c = &b->entries[b->chosen_index];
                put_label(out, "");
                escape_terminal_buf(comm, sizeof(comm), c->comm, strlen(c->comm));
                fprintf(out, _("the recomputation would pick %s (pid %lld)"), comm, (long long)c->pid);
                if (b->disagreement)
                        fprintf(out, ": %s", _(b->disagreement));
                fputc('\n', out);
        }
        size_t prot = 0;
        for (size_t i = 0; i < b->n; i++)
                prot += b->entries[i].protected_task;
        if (prot) {
                put_label(out, _("protected:"));
                size_t shown = 0;
                for (size_t i = 0; i < b->n && shown < 6; i++) {
                        if (!b->entries[i].protected_task)
                                continue;
                        fputs(shown++ ? ", " : "", out);
                        put_escaped(out, b->entries[i].comm);
                }
                if (prot > shown)
                        fprintf(out, _(" and %zu more"), prot - shown);
                fprintf(out, " %s\n", _("(oom_score_adj -1000: never chosen)"));
        }
}

/* Display columns of [S, S+N): ANSI colour sequences take none. */
static size_t columns(const char *s, size_t n) {
        size_t w = 0, i = 0;
        while (i < n) {
                if (s[i] == '\033') {
                        while (i < n && s[i] != 'm')
                                i++;
                        i++;
                        continue;
                }
                size_t j = i;
                while (j < n && s[j] != '\033')
                        j++;
                w += escape_display_width(s + i, j - i);
                i = j;
        }
        return w;
}

/* "GiB", "MiB,", "B)": a unit that must stay with its number. */
static bool is_unit_word(const char *s, size_t n) {
        static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "B" };
        for (size_t k = 0; k < sizeof(units) / sizeof(*units); k++) {
                size_t u = strlen(units[k]);
                if (n >= u && memcmp(s, units[k], u) == 0 && (n == u || strchr(" ,;)）、，", s[u])))
                        return true;
        }
        return false;
}

/* One output line, wrapped at spaces to WIDTH columns.  Continuation lines
 * line up under the value of a "  label:   value" line, or are indented
 * four more than the line itself. */
static void wrap_line(FILE *out, const char *line, size_t len, size_t width) {
        if (columns(line, len) <= width) {
                fwrite(line, 1, len, out);
                return;
        }
        size_t lead = 0;
        while (lead < len && line[lead] == ' ')
                lead++;
        size_t indent = lead + 4;
        if (lead == 2 && len > 13 && line[12] == ' ' && memchr(line + 2, ':', 11))
                indent = 13;
        if (indent + 20 > width)
                indent = lead;
        size_t col = 0, i = 0, pending = 0; /* spaces not yet written: dropped at a break */
        bool first = true;
        while (i < len) {
                size_t start = i;
                if (first) { /* the leading spaces and the label stay as they are */
                        i = lead;
                        first = false;
                }
                /* a word, with a unit glued to its number ("1.03 GiB") */
                for (;;) {
                        while (i < len && line[i] != ' ')
                                i++;
                        if (i + 1 < len && line[i] == ' ' && is_unit_word(line + i + 1, len - i - 1))
                                i++;
                        else
                                break;
                }
                size_t w = columns(line + start, i - start);
                if (col > indent && col + pending + w > width) {
                        fputc('\n', out);
                        for (size_t k = 0; k < indent; k++)
                                fputc(' ', out);
                        col = indent;
                } else {
                        for (size_t k = 0; k < pending; k++)
                                fputc(' ', out);
                        col += pending;
                }
                fwrite(line + start, 1, i - start, out);
                col += w;
                pending = 0;
                while (i < len && line[i] == ' ')
                        i++, pending++;
        }
}

static const char *color_of(enum finding_confidence c) {
        switch (c) {
        case CONFIDENCE_HIGH: return SGR_BOLD_RED;
        case CONFIDENCE_MEDIUM: return SGR_YELLOW;
        case CONFIDENCE_LOW: return SGR_DIM;
        }
        return "";
}

static void print_findings(FILE *out, const struct findings *f, const struct oom_event *e,
                           const struct output_options *o) {
        for (size_t i = 0; i < f->n; i++) {
                const struct finding *x = &f->items[i];
                const char *conf = _(confidence_name(x->confidence));
                if (o->color)
                        fprintf(out, "  %s[%s]" SGR_RESET " " SGR_BOLD "%s" SGR_RESET ": ", color_of(x->confidence), conf, x->id);
                else
                        fprintf(out, "  [%s] %s: ", conf, x->id);
                put_escaped(out, x->summary);
                fputc('\n', out);
                if (x->n_evidence) {
                        fprintf(out, "      %s ", _("evidence:"));
                        for (size_t k = 0; k < x->n_evidence; k++) {
                                if (k == 0)
                                        put_escaped(out, e->source_file ? e->source_file : "-");
                                fprintf(out, "%s:%lld", k ? ", " : "", (long long)x->evidence[k]);
                        }
                        fputc('\n', out);
                }
                for (size_t k = 0; k < x->n_remedies; k++) {
                        const char *fix = _("fix:");
                        fprintf(out, "      %s ", fix);
                        put_escaped(out, x->remedies[k]);
                        fputc('\n', out);
                }
        }
}

/* Text is written a piece at a time (the notes, each event, the
 * timeline); on a terminal each piece goes through a memory stream and is
 * wrapped at the width, so memory holds one event's text, not the whole
 * document. */
struct text_piece {
        FILE *out;               /* where to print: the real stream or the memory one */
        char *buf;
        size_t len;
};

static FILE *piece_begin(struct output_run *r, struct text_piece *p) {
        *p = (struct text_piece){ .out = r->out };
        if (r->o->width > 0) {
                FILE *mem = open_memstream(&p->buf, &p->len);
                if (mem)
                        p->out = mem;
        }
        return p->out;
}

static int piece_end(struct output_run *r, struct text_piece *p) {
        if (p->out == r->out)
                return ferror(r->out) ? -EIO : 0;
        fclose(p->out);
        for (char *q = p->buf, *end = p->buf + p->len; q < end;) {
                char *nl = memchr(q, '\n', (size_t)(end - q));
                size_t n = nl ? (size_t)(nl - q) : (size_t)(end - q);
                wrap_line(r->out, q, n, (size_t)r->o->width);
                if (nl)
                        fputc('\n', r->out);
                q += n + (nl ? 1 : 0);
        }
        free(p->buf);
        return ferror(r->out) ? -EIO : 0;
}

static int text_begin(struct output_run *r) {
        struct text_piece p;
        FILE *out = piece_begin(r, &p);
        for (size_t i = 0; i < r->a->logs.n_inputs; i++) {
                const struct input_summary *in = &r->a->logs.inputs[i];
                if (in->long_lines) {
                        char *name = escaped_copy(in->name);
                        fprintf(out, _("%s: %llu over-long lines were cut\n"), name ? name : "?",
                                (unsigned long long)in->long_lines);
                        free(name);
                }
        }
        if (event_list_count(&r->a->logs.events) == 0)
                fprintf(out, "%s\n", _("No OOM kill found."));
        return piece_end(r, &p);
}

static int text_event(struct output_run *r, const struct analyzed_event *ev) {
        const struct oom_event *e = ev->event;
        const struct findings *f = &ev->findings;
        const struct output_options *o = r->o;
        struct text_piece p;
        FILE *out = piece_begin(r, &p);
        if (ev->index)
                fputc('\n', out);
        char headline[1024];
        event_headline(e, f, headline, sizeof(headline));
        fprintf(out, _("OOM event %zu of %zu"), ev->index + 1, ev->count);
        fputs(" — ", out);
        put_escaped(out, e->source_file ? e->source_file : "-");
        fprintf(out, ":%lld\n", (long long)e->source_line);
        fputs(o->color ? "  " SGR_BOLD : "  ", out);
        put_escaped(out, headline);
        fputs(o->color ? SGR_RESET "\n" : "\n", out);
        print_victim(out, e);
        print_when_where(out, e);
        print_scope(out, e);
        print_trigger(out, e);
        print_memory(out, e);
        print_tasks(out, e, o->top_tasks);
        print_breakdown(out, f);
        print_why(out, f);
        print_gaps(out, e);
        if (f->n) {
                fprintf(out, "  %s\n", _("findings:"));
                print_findings(out, f, e, o);
        }
        return piece_end(r, &p);
}

static int text_end(struct output_run *r, const struct merged_findings *all) {
        (void)all;
        if (r->a->timeline.n <= 1)
                return ferror(r->out) ? -EIO : 0;
        struct text_piece p;
        print_timeline(piece_begin(r, &p), &r->a->timeline, &r->a->logs.events);
        return piece_end(r, &p);
}

const struct output_format output_text_format = { "text", text_begin, text_event, text_end, false, true };
