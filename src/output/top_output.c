/* top_output.c — the text and JSON of `oomlens top` (see top_output.h):
 * a header with the machine's memory, swap, pressure and commit state,
 * then one block per OOM domain (the machine, each limited cgroup) with
 * its room left and its processes in the order the kernel would kill
 * them; --pid explains one process's place in every domain that holds it.
 * Process names, command lines and cgroup paths are escaped here. */
#include "top_output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup_owner.h"
#include "escape.h"
#include "terminal.h"
#include "event.h"
#include "i18n.h"
#include "json_writer.h"
#include "units.h"
#include "users.h"

#define BOLD SGR_BOLD
#define RED SGR_RED
#define RESET SGR_RESET

/* ---- small helpers ----------------------------------------------------- */

static const char *owner_label(const char *cgroup_path, char *buf, size_t size) {
        cgroup_owner_describe(cgroup_path, NULL, buf, size);
        return buf;
}

static const char *domain_path(const struct top_view *v, const struct oom_domain *d) {
        return oom_rank_domain_path(v->snap, d);
}

/* --cgroup: the machine domain lists only the processes inside the path;
 * cgroup domains are shown when they lie within it. */
static bool domain_shown(const struct top_view *v, const struct oom_domain *d) {
        const char *p = domain_path(v, d);
        return !v->cgroup || !p || oom_rank_path_within(p, v->cgroup);
}

static bool entry_shown(const struct top_view *v, const struct rank_entry *e) {
        return !v->cgroup || oom_rank_path_within(v->snap->tasks[e->task].cgroup, v->cgroup);
}

/* Points as memory: pages × page size; per-mille points (2.6.36-3.4) as
 * their share of the domain; OOM_UNSET when not known. */
static int64_t points_kb(const struct top_view *v, const struct oom_domain *d, int64_t points) {
        if (points == OOM_UNSET || !v->rank->formula)
                return OOM_UNSET;
        if (v->rank->per_mille)
                return sat_mul(points, d->totalpages) / 1000 * v->rank->page_kb;
        return sat_mul(points, v->rank->page_kb);
}

/* The next entry a view prints from D after position *I (start at 0):
 * within --cgroup, at most -n of them (*SHOWN counts); NULL at the end. */
static const struct rank_entry *next_shown(const struct top_view *v, const struct oom_domain *d, size_t *i,
                                           size_t *shown) {
        for (; *i < d->n && (v->limit <= 0 || *shown < (size_t)v->limit); (*i)++)
                if (entry_shown(v, &d->entries[*i])) {
                        (*shown)++;
                        return &d->entries[(*i)++];
                }
        return NULL;
}

/* The first killable entry shown, or NULL (also when the kernel's
 * formula is not known: no order then). */
static const struct rank_entry *next_victim(const struct top_view *v, const struct oom_domain *d) {
        if (!v->rank->formula)
                return NULL;
        for (size_t i = 0; i < d->n; i++)
                if (!d->entries[i].protected_task && entry_shown(v, &d->entries[i]))
                        return &d->entries[i];
        return NULL;
}


void top_for_each_shown(const struct top_view *v, int pid, void (*fn)(size_t task, void *userdata), void *userdata) {
        if (pid > 0) {
                for (size_t i = 0; i < v->snap->n_tasks; i++)
                        if (v->snap->tasks[i].pid == pid)
                                fn(i, userdata);
                return;
        }
        for (size_t di = 0; di < v->rank->n; di++) {
                const struct oom_domain *d = &v->rank->domains[di];
                size_t i = 0, shown = 0;
                if (!domain_shown(v, d))
                        continue;
                for (const struct rank_entry *e; (e = next_shown(v, d, &i, &shown));)
                        fn(e->task, userdata);
        }
}

/* S escaped, padded (or cut, with "…") to WIDTH columns. */
static void put_cell(FILE *out, const char *s, size_t width, bool right) {
        char buf[512];
        escape_terminal_buf(buf, sizeof(buf), s, strlen(s));
        size_t w = escape_display_width(buf, strlen(buf));
        if (w > width) {
                /* cut by bytes of ASCII-dominated text; wide characters
                 * may leave a column short, never over */
                size_t n = 0, cols = 0;
                while (buf[n] && cols + 1 < width) {
                        uint32_t cp;
                        size_t k = utf8_decode(buf + n, strlen(buf + n), &cp);
                        if (k == 0)
                                k = 1;
                        size_t cw = escape_display_width(buf + n, k);
                        if (cols + cw + 1 > width)
                                break;
                        cols += cw;
                        n += k;
                }
                fwrite(buf, 1, n, out);
                fputs("…", out);
                for (cols++; cols < width; cols++)
                        fputc(' ', out);
                return;
        }
        if (right)
                for (size_t i = w; i < width; i++)
                        fputc(' ', out);
        fputs(buf, out);
        if (!right)
                for (size_t i = w; i < width; i++)
                        fputc(' ', out);
}

static const char *kb_text(char *buf, int64_t kb) { return units_kb(buf, UNITS_BUF_SIZE, kb); }

/* An int /proc value, "?" when it could not be read. */
static const char *int_text(char *buf, size_t size, int v) {
        if (v == PROCFS_INT_UNSET)
                snprintf(buf, size, "?");
        else
                snprintf(buf, size, "%d", v);
        return buf;
}

/* ---- text -------------------------------------------------------------- */

/* The processes that could not be read: not in the ranking, and not gone. */
static void print_unreadable(FILE *out, const struct proc_snapshot *s) {
        if (s->n_unreadable == 0)
                return;
        fprintf(out, ngettext("unread:   %zu process could not be read (its /proc/PID/status is unreadable or damaged) and is not ranked:",
                              "unread:   %zu processes could not be read (their /proc/PID/status is unreadable or damaged) and are not ranked:",
                              s->n_unreadable),
                s->n_unreadable);
        for (size_t i = 0; i < s->n_unreadable && i < 10; i++)
                fprintf(out, " %d", s->unreadable[i]);
        fputs(s->n_unreadable > 10 ? " …\n" : "\n", out);
}

static void print_system(FILE *out, const struct top_view *v) {
        const struct system_mem *m = &v->snap->sys;
        char a[UNITS_BUF_SIZE], b[UNITS_BUF_SIZE];
        int64_t avail = m->mem_available_kb != OOM_UNSET ? m->mem_available_kb : m->mem_free_kb;
        fprintf(out, _("memory:   %s available of %s RAM"), kb_text(a, avail), kb_text(b, m->mem_total_kb));
        if (m->swap_total_kb == OOM_UNSET || m->swap_total_kb <= 0)
                fprintf(out, "; %s\n", _("no swap"));
        else {
                fputs("; ", out);
                fprintf(out, _("swap %s free of %s"), kb_text(a, m->swap_free_kb), kb_text(b, m->swap_total_kb));
                fputc('\n', out);
        }
        if (m->has_psi)
                fprintf(out, _("pressure: some %.2f%% / %.2f%%, full %.2f%% / %.2f%% (avg10 / avg60)"),
                        m->psi_some_avg10, m->psi_some_avg60, m->psi_full_avg10, m->psi_full_avg60);
        else
                fputs(_("pressure: not available (kernel without PSI, or booted with psi=0)"), out);
        fputc('\n', out);
        if (m->committed_as_kb != OOM_UNSET && m->commit_limit_kb != OOM_UNSET) {
                fprintf(out, _("commit:   %s committed of a %s limit"), kb_text(a, m->committed_as_kb),
                        kb_text(b, m->commit_limit_kb));
                fprintf(out, " (%s)\n", m->overcommit_memory == 2
                                                ? _("enforced: vm.overcommit_memory=2, allocations fail at the limit")
                                                : _("not enforced: vm.overcommit_memory is not 2"));
        }
        if (m->vmstat_oom_kill != OOM_UNSET) {
                fprintf(out, _("kills:    %lld by the OOM killer since boot (/proc/vmstat oom_kill)"),
                        (long long)m->vmstat_oom_kill);
                fputc('\n', out);
        }
        if (v->snap->n_reused > 0) {
                fprintf(out, _("refresh:  %zu of %zu processes re-read, the others as of the last full scan (one every %.0f s keeps this under 1%% of a CPU)"),
                        v->snap->n_tasks - v->snap->n_reused, v->snap->n_tasks, v->full_scan_every);
                fputc('\n', out);
        }
        if (v->snap->cgroup_ns_prefix) {
                fprintf(out, "%s ", _("container: cgroup paths are relative to"));
                put_escaped(out, v->snap->cgroup_ns_prefix);
                fputc('\n', out);
        }
        print_unreadable(out, v->snap);
}

static void print_domain_head(FILE *out, const struct top_view *v, size_t di) {
        const struct oom_domain *d = &v->rank->domains[di];
        const char *p = domain_path(v, d);
        char a[UNITS_BUF_SIZE], b[UNITS_BUF_SIZE], c[UNITS_BUF_SIZE], owner[300];
        fputc('\n', out);
        if (v->color)
                fputs(BOLD, out);
        if (!p) {
                fputs(_("Whole machine"), out);
        } else if (strcmp(p, "/") == 0) {
                /* a root with a limit: we are inside a container */
                fputs(_("This container (its cgroup's limit)"), out);
        } else {
                fprintf(out, "%s ", _("Cgroup"));
                put_escaped(out, p);
                if (*owner_label(p, owner, sizeof(owner))) {
                        fputs(" (", out);
                        put_escaped(out, owner);
                        fputc(')', out);
                }
        }
        if (v->color)
                fputs(RESET, out);
        fputc('\n', out);
        if (!p)
                fprintf(out, "  %s ", _("room before the OOM killer:"));
        else
                fprintf(out, "  %s ", _("room before its OOM killer:"));
        fprintf(out, "%s", kb_text(a, d->headroom_kb));
        if (p) {
                fputs(" (", out);
                fprintf(out, _("%s used of a %s limit"), kb_text(b, d->usage_kb), kb_text(c, d->limit_kb));
                if (d->reclaimable_kb != OOM_UNSET && d->reclaimable_kb > 0) {
                        fputs(", ", out);
                        fprintf(out, _("%s of it page cache the kernel reclaims first"), kb_text(a, d->reclaimable_kb));
                }
                if (d->swap_room_kb > 0) {
                        fputs(", ", out);
                        fprintf(out, _("and %s of swap it may still use"), kb_text(a, d->swap_room_kb));
                }
                fputc(')', out);
        } else {
                fputs(" (", out);
                fputs(_("MemAvailable + free swap"), out);
                fputc(')', out);
        }
        fputc('\n', out);
        if (d->limited_by != (ssize_t)di && d->limited_by >= 0) {
                const struct oom_domain *l = &v->rank->domains[d->limited_by];
                const char *lp = domain_path(v, l);
                fprintf(out, "  %s ", _("but only"));
                fputs(kb_text(a, d->effective_headroom_kb), out);
                fputc(' ', out);
                if (lp) {
                        fputs(_("before the enclosing cgroup"), out);
                        fputc(' ', out);
                        put_escaped(out, lp);
                        fputc(' ', out);
                        fputs(_("runs out"), out);
                } else {
                        fputs(_("before the whole machine runs out"), out);
                }
                fputc('\n', out);
        }
        if (d->oom_group)
                fprintf(out, "  %s\n", _("memory.oom.group=1: an OOM kills every process of this cgroup together"));
        const struct rank_entry *nv = next_victim(v, d);
        if (nv) {
                const struct proc_task *t = &v->snap->tasks[nv->task];
                fprintf(out, "  %s ", _("next to die:"));
                if (v->color)
                        fputs(RED, out);
                put_escaped(out, t->comm);
                if (v->color)
                        fputs(RESET, out);
                fprintf(out, " (pid %d, ", t->pid);
                fprintf(out, _("%s resident"), kb_text(a, t->vm_rss_kb));
                fputs(")\n", out);
        } else if (!v->rank->formula) {
                fprintf(out, "  %s\n", _("next to die: not known (kernels before 2.6.36 choose by a heuristic oomlens does not recompute)"));
        } else {
                fprintf(out, "  %s\n", _("no process the kernel could kill here"));
        }
}

static void print_rows(FILE *out, const struct top_view *v, const struct oom_domain *d) {
        char a[UNITS_BUF_SIZE], owner[300], user[64], num[32];
        size_t shown = 0;
        fputs("  ", out);
        put_cell(out, _("PID"), 7, true);
        fputc(' ', out);
        put_cell(out, _("USER"), 9, false);
        put_cell(out, _("SCORE"), 5, true);
        put_cell(out, _("ADJ"), 6, true);
        put_cell(out, _("BADNESS"), 10, true);
        put_cell(out, _("RSS"), 10, true);
        put_cell(out, _("SWAP"), 10, true);
        fputc(' ', out);
        put_cell(out, _("UNIT"), 24, false);
        fputc(' ', out);
        fputs(_("COMMAND"), out);
        fputc('\n', out);
        size_t i = 0;
        for (const struct rank_entry *e; (e = next_shown(v, d, &i, &shown));) {
                const struct proc_task *t = &v->snap->tasks[e->task];
                fputs("  ", out);
                snprintf(num, sizeof(num), "%d", t->pid);
                put_cell(out, num, 7, true);
                fputc(' ', out);
                put_cell(out, users_name(v->users, v->root, t->uid, user, sizeof(user)), 9, false);
                put_cell(out, int_text(num, sizeof(num), t->oom_score), 5, true);
                put_cell(out, int_text(num, sizeof(num), t->oom_score_adj), 6, true);
                put_cell(out, e->protected_task ? _("protected") : kb_text(a, points_kb(v, d, e->points)), 10, true);
                put_cell(out, kb_text(a, t->vm_rss_kb), 10, true);
                put_cell(out, kb_text(a, t->swap_kb == OOM_UNSET ? 0 : t->swap_kb), 10, true);
                fputc(' ', out);
                owner_label(t->cgroup, owner, sizeof(owner));
                put_cell(out, *owner ? owner : (t->cgroup ? t->cgroup : "-"), 24, false);
                fputc(' ', out);
                const char *cmd = t->cmdline && *t->cmdline ? t->cmdline : t->comm;
                size_t fixed = 2 + 7 + 1 + 9 + 5 + 6 + 10 + 10 + 10 + 1 + 24 + 1;
                if (v->width > fixed + 10)
                        put_cell(out, cmd, v->width - fixed - 1, false);
                else
                        put_escaped(out, cmd);
                fputc('\n', out);
        }
        size_t total = shown;
        for (; i < d->n; i++)
                total += entry_shown(v, &d->entries[i]);
        if (shown < total) {
                fprintf(out, "  … ");
                fprintf(out, _("%zu more (-n 0 shows all)"), total - shown);
                fputc('\n', out);
        }
}

int top_print_text(FILE *out, const struct top_view *v) {
        print_system(out, v);
        for (size_t i = 0; i < v->rank->n; i++) {
                const struct oom_domain *d = &v->rank->domains[i];
                if (!domain_shown(v, d))
                        continue;
                print_domain_head(out, v, i);
                print_rows(out, v, d);
        }
        return ferror(out) ? -EIO : 0;
}

/* ---- JSON -------------------------------------------------------------- */

static void json_psi(struct json_writer *w, const struct system_mem *m) {
        json_key(w, "psi");
        if (!m->has_psi) {
                json_null(w);
                return;
        }
        json_begin_object(w);
        json_kv_double(w, "some_avg10", m->psi_some_avg10, 2);
        json_kv_double(w, "some_avg60", m->psi_some_avg60, 2);
        json_kv_double(w, "full_avg10", m->psi_full_avg10, 2);
        json_kv_double(w, "full_avg60", m->psi_full_avg60, 2);
        json_end_object(w);
}

static void json_small_int(struct json_writer *w, const char *key, int v) {
        json_kv_int(w, key, v == PROCFS_INT_UNSET ? OOM_UNSET : v);
}

static const char *layout_name(int layout) {
        switch (layout) {
        case PROCFS_CGROUP_V1: return "v1";
        case PROCFS_CGROUP_V2: return "v2";
        case PROCFS_CGROUP_HYBRID: return "hybrid";
        }
        return NULL;
}

static void json_unreadable(struct json_writer *w, const struct proc_snapshot *s) {
        json_key(w, "unreadable_pids");
        json_begin_array(w);
        for (size_t i = 0; i < s->n_unreadable; i++)
                json_int(w, s->unreadable[i]);
        json_end_array(w);
}

static void json_system(struct json_writer *w, const struct top_view *v) {
        const struct system_mem *m = &v->snap->sys;
        const struct oom_domain *d0 = &v->rank->domains[0];
        json_key(w, "system");
        json_begin_object(w);
        json_kv_string(w, "kernel_release", *m->kernel_release ? m->kernel_release : NULL);
        json_kv_string(w, "badness_formula", v->rank->formula);
        json_kv_int(w, "page_kb", v->rank->page_kb);
        json_kv_string(w, "cgroup_layout", layout_name(v->snap->cgroup_layout));
        json_kv_string(w, "cgroup_ns_prefix", v->snap->cgroup_ns_prefix);
        json_unreadable(w, v->snap);
        json_kv_int(w, "mem_total_kb", m->mem_total_kb);
        json_kv_int(w, "mem_available_kb", m->mem_available_kb);
        json_kv_int(w, "mem_free_kb", m->mem_free_kb);
        json_kv_int(w, "swap_total_kb", m->swap_total_kb);
        json_kv_int(w, "swap_free_kb", m->swap_free_kb);
        json_kv_int(w, "committed_as_kb", m->committed_as_kb);
        json_kv_int(w, "commit_limit_kb", m->commit_limit_kb);
        json_kv_int(w, "headroom_kb", d0->headroom_kb);
        json_kv_int(w, "commit_headroom_kb",
                    m->overcommit_memory == 2 && m->commit_limit_kb != OOM_UNSET && m->committed_as_kb != OOM_UNSET
                            ? m->commit_limit_kb - m->committed_as_kb : OOM_UNSET);
        json_psi(w, m);
        json_kv_int(w, "oom_kill", m->vmstat_oom_kill);
        json_kv_int(w, "processes", (int64_t)v->snap->n_tasks);
        json_kv_int(w, "processes_carried_over", (int64_t)v->snap->n_reused);
        json_small_int(w, "overcommit_memory", m->overcommit_memory);
        json_small_int(w, "overcommit_ratio", m->overcommit_ratio);
        json_small_int(w, "panic_on_oom", m->panic_on_oom);
        json_small_int(w, "oom_kill_allocating_task", m->oom_kill_allocating_task);
        json_end_object(w);
}

static void json_process(struct json_writer *w, const struct top_view *v, const struct oom_domain *d,
                         const struct rank_entry *e) {
        const struct proc_task *t = &v->snap->tasks[e->task];
        char owner[300], user[64];
        json_begin_object(w);
        json_kv_int(w, "pid", t->pid);
        json_kv_int(w, "ppid", t->ppid);
        json_kv_string(w, "comm", t->comm);
        json_kv_string(w, "cmdline", t->cmdline);
        json_kv_string(w, "user", users_name(v->users, v->root, t->uid, user, sizeof(user)));
        json_kv_int(w, "uid", t->uid);
        json_small_int(w, "oom_score", t->oom_score);
        json_small_int(w, "oom_score_adj", t->oom_score_adj);
        json_kv_bool(w, "protected", e->protected_task);
        json_kv_int(w, "badness", e->points);
        json_kv_int(w, "badness_kb", points_kb(v, d, e->points));
        json_kv_int(w, "domain_score", e->score);
        json_key(w, "badness_parts");
        json_begin_object(w);
        json_kv_int(w, "rss_pages", e->rss_pages);
        json_kv_int(w, "swap_pages", e->swap_pages);
        json_kv_int(w, "pgtables_pages", e->pgtables_pages);
        json_kv_int(w, "adj_pages", e->protected_task ? OOM_UNSET : e->adj_pages);
        json_kv_bool(w, "root_bonus", e->root_bonus);
        json_end_object(w);
        json_kv_int(w, "rss_kb", t->vm_rss_kb);
        json_kv_int(w, "rss_anon_kb", t->rss_anon_kb);
        json_kv_int(w, "rss_file_kb", t->rss_file_kb);
        json_kv_int(w, "rss_shmem_kb", t->rss_shmem_kb);
        json_kv_int(w, "swap_kb", t->swap_kb);
        json_kv_int(w, "pgtables_kb", t->pgtables_kb);
        json_kv_string(w, "cgroup", t->cgroup);
        json_kv_string(w, "unit", *owner_label(t->cgroup, owner, sizeof(owner)) ? owner : NULL);
        json_end_object(w);
}

static void json_domain(struct json_writer *w, const struct top_view *v, size_t di) {
        const struct oom_domain *d = &v->rank->domains[di];
        const char *p = domain_path(v, d);
        char owner[300];
        json_begin_object(w);
        json_kv_string(w, "cgroup", p);
        json_kv_string(w, "unit", p && *owner_label(p, owner, sizeof(owner)) ? owner : NULL);
        json_kv_int(w, "limit_kb", d->limit_kb);
        json_kv_int(w, "usage_kb", d->usage_kb);
        json_kv_int(w, "reclaimable_kb", d->reclaimable_kb);
        json_kv_int(w, "swap_room_kb", d->swap_room_kb);
        json_kv_int(w, "headroom_kb", d->headroom_kb);
        json_kv_int(w, "effective_headroom_kb", d->effective_headroom_kb);
        json_key(w, "limited_by");
        if (d->limited_by == (ssize_t)di || d->limited_by < 0)
                json_null(w);
        else if (v->rank->domains[d->limited_by].cgroup < 0)
                json_string(w, "machine");
        else
                json_string(w, domain_path(v, &v->rank->domains[d->limited_by]));
        json_kv_int(w, "totalpages", d->totalpages);
        json_kv_bool(w, "oom_group", d->oom_group);
        const struct rank_entry *nv = next_victim(v, d);
        json_kv_int(w, "next_victim_pid", nv ? v->snap->tasks[nv->task].pid : OOM_UNSET);
        json_key(w, "processes");
        json_begin_array(w);
        size_t i = 0, shown = 0;
        for (const struct rank_entry *e; (e = next_shown(v, d, &i, &shown));)
                json_process(w, v, d, e);
        json_end_array(w);
        json_end_object(w);
}

int top_print_json(FILE *out, const struct top_view *v) {
        struct json_writer *w = json_writer_new(out, v->pretty);
        if (!w)
                return -ENOMEM;
        json_begin_object(w);
        json_system(w, v);
        json_key(w, "domains");
        json_begin_array(w);
        for (size_t i = 0; i < v->rank->n; i++)
                if (domain_shown(v, &v->rank->domains[i]))
                        json_domain(w, v, i);
        json_end_array(w);
        json_end_object(w);
        int e = json_writer_error(w);
        json_writer_free(w);
        return e;
}

/* ---- --pid: one process in each domain that holds it ------------------ */

struct place {
        size_t domain;
        const struct rank_entry *me, *first;
        size_t rank, killable;     /* 1-based position among the killable; count */
        int64_t need_kb;           /* more memory it would need to go first, OOM_UNSET if first/protected */
        int64_t need_adj;          /* the oom_score_adj that would make it first; OOM_UNSET if none would */
};

static bool find_place(const struct top_view *v, size_t di, int pid, struct place *pl) {
        const struct oom_domain *d = &v->rank->domains[di];
        memset(pl, 0, sizeof(*pl));
        pl->domain = di;
        pl->need_kb = pl->need_adj = OOM_UNSET;
        for (size_t i = 0; i < d->n; i++) {
                const struct rank_entry *e = &d->entries[i];
                if (!e->protected_task) {
                        pl->killable++;
                        if (!pl->first)
                                pl->first = e;
                }
                if (v->snap->tasks[e->task].pid == pid) {
                        pl->me = e;
                        pl->rank = e->protected_task ? 0 : pl->killable;
                }
        }
        if (!pl->me)
                return false;
        if (pl->me->protected_task || pl->rank == 1 || !pl->first || !v->rank->formula)
                return true;
        /* ties go to the later task in the kernel's walk: one point more is sure */
        int64_t gap = sat_sub(pl->first->points, pl->me->points) + 1;
        const struct proc_task *t = &v->snap->tasks[pl->me->task];
        int adj = t->oom_score_adj == PROCFS_INT_UNSET ? 0 : t->oom_score_adj;
        if (v->rank->per_mille) {
                /* 2.6.36-3.4: a point is a thousandth of totalpages, adj adds points */
                pl->need_kb = points_kb(v, d, gap);
                pl->need_adj = adj + gap <= 1000 ? adj + gap : OOM_UNSET;
                return true;
        }
        pl->need_kb = sat_mul(gap, v->rank->page_kb);
        int64_t per = d->totalpages / 1000;
        if (per > 0) {
                int64_t want = adj + (gap + per - 1) / per;
                if (want <= 1000)
                        pl->need_adj = want;
        }
        return true;
}

static void print_place(FILE *out, const struct top_view *v, const struct place *pl) {
        const struct oom_domain *d = &v->rank->domains[pl->domain];
        const char *p = domain_path(v, d);
        char a[UNITS_BUF_SIZE], b[UNITS_BUF_SIZE];
        fputs("  ", out);
        if (p) {
                fprintf(out, "%s ", _("in cgroup"));
                put_escaped(out, p);
                fprintf(out, " (");
                fprintf(out, _("limit %s, %s to go"), kb_text(a, d->limit_kb), kb_text(b, d->effective_headroom_kb));
                fputs("):\n    ", out);
        } else {
                fprintf(out, "%s ", _("in the whole machine"));
                fprintf(out, "(");
                fprintf(out, _("%s to go"), kb_text(b, d->headroom_kb));
                fputs("):\n    ", out);
        }
        if (pl->me->protected_task) {
                fputs(_("never chosen: oom_score_adj -1000 (or the machine's init) protects it"), out);
                fputc('\n', out);
                return;
        }
        if (!v->rank->formula) {
                fputs(_("no order: kernels before 2.6.36 choose by a heuristic (CPU time, age, children) that oomlens does not recompute"), out);
                fputc('\n', out);
                return;
        }
        if (v->rank->per_mille)
                fprintf(out, _("badness %lld per mille of the domain, number %zu of %zu in kill order"),
                        (long long)pl->me->points, pl->rank, pl->killable);
        else
                fprintf(out, _("badness %s (%lld pages), number %zu of %zu in kill order"),
                        kb_text(a, points_kb(v, d, pl->me->points)), (long long)pl->me->points, pl->rank, pl->killable);
        fputc('\n', out);
        if (pl->rank == 1) {
                fprintf(out, "    %s\n", _("it is the next to die when this domain runs out of memory"));
                return;
        }
        const struct proc_task *f = &v->snap->tasks[pl->first->task];
        fprintf(out, "    %s ", _("first goes:"));
        put_escaped(out, f->comm);
        fprintf(out, " (pid %d, ", f->pid);
        fprintf(out, _("badness %s"), kb_text(a, points_kb(v, d, pl->first->points)));
        fputs(")\n    ", out);
        fprintf(out, _("to go first it would need %s more resident memory"), kb_text(a, pl->need_kb));
        if (pl->need_adj != OOM_UNSET) {
                fputs(", ", out);
                fprintf(out, _("or oom_score_adj %lld"), (long long)pl->need_adj);
        }
        fputc('\n', out);
}

static const struct proc_task *task_of_pid(const struct top_view *v, int pid) {
        for (size_t i = 0; i < v->snap->n_tasks; i++)
                if (v->snap->tasks[i].pid == pid)
                        return &v->snap->tasks[i];
        return NULL;
}

int top_explain_text(FILE *out, const struct top_view *v, int pid) {
        const struct proc_task *t = task_of_pid(v, pid);
        char a[UNITS_BUF_SIZE], b[UNITS_BUF_SIZE], c[UNITS_BUF_SIZE], user[64], owner[300];
        if (!t)
                return -ESRCH;
        fprintf(out, "pid %d ", t->pid);
        put_escaped(out, t->comm);
        fprintf(out, " (%s ", _("user"));
        put_escaped(out, users_name(v->users, v->root, t->uid, user, sizeof(user))); /* etc/passwd is hostile too */
        fputs(")\n", out);
        if (t->cmdline && *t->cmdline) {
                fputs("  ", out);
                put_escaped(out, t->cmdline);
                fputc('\n', out);
        }
        if (t->cgroup) {
                fprintf(out, "  %s ", _("cgroup"));
                put_escaped(out, t->cgroup);
                if (*owner_label(t->cgroup, owner, sizeof(owner))) {
                        fputs(" (", out);
                        put_escaped(out, owner);
                        fputc(')', out);
                }
                fputc('\n', out);
        }
        fprintf(out, "  %s %s, %s %s, %s %s, %s %s\n", _("resident"), kb_text(a, t->vm_rss_kb), _("swap"),
                kb_text(b, t->swap_kb == OOM_UNSET ? 0 : t->swap_kb), _("page tables"),
                kb_text(c, t->pgtables_kb == OOM_UNSET ? 0 : t->pgtables_kb), _("oom_score_adj"),
                int_text(user, sizeof(user), t->oom_score_adj));
        if (t->oom_score != PROCFS_INT_UNSET) {
                fprintf(out, _("  the kernel's oom_score: %d"), t->oom_score);
                fputc('\n', out);
        }
        for (size_t di = 0; di < v->rank->n; di++) {
                struct place pl;
                if (find_place(v, di, pid, &pl))
                        print_place(out, v, &pl);
        }
        return ferror(out) ? -EIO : 0;
}

int top_explain_json(FILE *out, const struct top_view *v, int pid) {
        if (!task_of_pid(v, pid))
                return -ESRCH;
        struct json_writer *w = json_writer_new(out, v->pretty);
        if (!w)
                return -ENOMEM;
        json_begin_object(w);
        json_key(w, "domains");
        json_begin_array(w);
        for (size_t di = 0; di < v->rank->n; di++) {
                struct place pl;
                if (!find_place(v, di, pid, &pl))
                        continue;
                const struct oom_domain *d = &v->rank->domains[di];
                json_begin_object(w);
                json_kv_string(w, "cgroup", domain_path(v, d));
                json_kv_int(w, "limit_kb", d->limit_kb);
                json_kv_int(w, "headroom_kb", d->headroom_kb);
                json_kv_int(w, "effective_headroom_kb", d->effective_headroom_kb);
                json_kv_int(w, "rank", pl.me->protected_task ? OOM_UNSET : (int64_t)pl.rank);
                json_kv_int(w, "killable", (int64_t)pl.killable);
                json_kv_int(w, "first_pid", pl.first ? v->snap->tasks[pl.first->task].pid : OOM_UNSET);
                json_kv_int(w, "need_kb", pl.need_kb);
                json_kv_int(w, "need_oom_score_adj", pl.need_adj);
                json_key(w, "process");
                json_process(w, v, d, pl.me);
                json_end_object(w);
        }
        json_end_array(w);
        json_end_object(w);
        int e = json_writer_error(w);
        json_writer_free(w);
        return e;
}
