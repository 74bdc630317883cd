/* output_markdown.c — the analysis as Markdown, in two shapes: a report
 * of every event (--format markdown), and a ready-to-edit incident
 * postmortem in the shape operators write by hand (--format postmortem:
 * symptoms, investigation with the commands that reproduce each figure,
 * root cause, fix, prevention).  Strings from the log are escaped for
 * Markdown (escape.h), the words of a command to paste quoted for the
 * shell; everything else goes through gettext. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "i18n.h"
#include "output.h"
#include "units.h"

/* Log text as Markdown text and as a code span (escape.h). */
static void md_text(FILE *out, const char *s) {
        escape_markdown(out, s, strlen(s));
}

static void md_code(FILE *out, const char *s) {
        escape_markdown_code(out, s, strlen(s));
}

/* "`FILE:LINE`" */
static void md_code_at(FILE *out, const char *file, long long line) {
        char *span = NULL;
        if (asprintf(&span, "%s:%lld", file, line) < 0)
                return;
        md_code(out, span);
        free(span);
}

/* "sed -n 'FIRST,LASTp' FILE" with FILE quoted for a POSIX shell (a
 * malloc'd string), or NULL when FILE cannot be pasted as shown
 * (escape.h: shell_quote()) or out of memory. */
static char *sed_command(const char *file, long long first, long long last) {
        size_t n = strlen(file), size = 4 * n + 8;
        char *path = malloc(n + 3), *word = malloc(size), *cmd = NULL;
        /* a name starting with "-" would be an option of sed */
        if (path)
                snprintf(path, n + 3, "%s%s", file[0] == '-' ? "./" : "", file);
        if (path && word && shell_quote(word, size, path, strlen(path)) >= 0 &&
            asprintf(&cmd, "sed -n '%lld,%lldp' %s", first, last, word) < 0)
                cmd = NULL;
        free(word);
        free(path);
        return cmd;
}

/* The command that prints lines FIRST-LAST of FILE as a code span, or the
 * lines and a note for a name that cannot be pasted. */
static void md_print_lines(FILE *out, const char *file, long long first, long long last) {
        char *cmd = sed_command(file, first, last), *span = NULL;
        size_t len = 0;
        if (cmd) {
                md_code(out, cmd);
                free(cmd);
                return;
        }
        FILE *mem = open_memstream(&span, &len);
        if (mem) {
                md_code(mem, file);
                fclose(mem);
        }
        fprintf(out, _("lines %lld-%lld of %s"), first, last, span ? span : "");
        fprintf(out, " (%s)", _("no command shown: the name holds characters a terminal does not show as they are"));
        free(span);
}

static void md_when(FILE *out, const struct oom_event *e) {
        char iso[64];
        if (event_time_iso(e, iso, sizeof(iso)))
                fputs(iso, out);
        else if (val_known(e->mono_us))
                fprintf(out, _("%.6f s after boot"), (double)e->mono_us / 1e6);
        else
                fputs(_("unknown"), out);
}

/* One finding; its evidence lines are in FILE. */
static void md_finding(FILE *out, const char *file, const struct finding *x, bool remedies) {
        fprintf(out, "- **%s** (%s): ", x->id, _(confidence_name(x->confidence)));
        md_text(out, x->summary);
        if (x->n_evidence) {
                fprintf(out, " — %s ", _("evidence:"));
                for (size_t k = 0; k < x->n_evidence; k++) {
                        fputs(k ? ", " : "", out);
                        md_code_at(out, file ? file : "-", (long long)x->evidence[k]);
                }
        }
        if (x->refute[0]) {
                fprintf(out, " %s ", _("Refuted by:"));
                md_text(out, x->refute);
        }
        fputc('\n', out);
        for (size_t k = 0; remedies && k < x->n_remedies; k++) {
                fputs("  - ", out);
                md_text(out, x->remedies[k]);
                fputc('\n', out);
        }
}

static void md_findings(FILE *out, const struct oom_event *e, const struct findings *f, bool remedies) {
        for (size_t i = 0; i < f->n; i++)
                md_finding(out, e->source_file, &f->items[i], remedies);
        if (f->n == 0)
                fprintf(out, "- %s\n", _("No cause stands out from this log."));
}

static void md_tasks(FILE *out, const struct oom_event *e, int top) {
        if (!e->n_tasks || top <= 0)
                return;
        size_t want = e->n_tasks < (size_t)top ? e->n_tasks : (size_t)top;
        const struct oom_task **order = malloc(want * sizeof(*order));
        if (!order)
                return;
        size_t shown = event_largest_tasks(e, order, want);
        fprintf(out, "\n| %s | %s | %s | oom_score_adj | %s |\n|---:|---:|---:|---:|---|\n", _("PID"), _("UID"),
                _("RSS"), _("NAME"));
        for (size_t i = 0; i < shown; i++) {
                char rss[UNITS_BUF_SIZE];
                const struct oom_task *t = order[i];
                fprintf(out, "| %lld | %lld | %s | %lld | ", (long long)t->pid, (long long)t->uid,
                        units_pages(rss, sizeof(rss), t->rss, e->page_size_kb),
                        (long long)(val_known(t->oom_score_adj) ? t->oom_score_adj : t->oom_adj));
                md_text(out, t->comm);
                fputs(t->pid == e->victim_pid ? " ← |\n" : " |\n", out);
        }
        free(order);
}

/* --format markdown */
static void markdown_event(FILE *out, const struct oom_event *e, const struct findings *f, size_t i, size_t n,
                           int top) {
        char headline[1024], a[UNITS_BUF_SIZE];
        event_headline(e, f, headline, sizeof(headline));
        fprintf(out, "## ");
        fprintf(out, _("OOM event %zu of %zu"), i + 1, n);
        fprintf(out, "\n\n");
        md_text(out, headline);
        fprintf(out, "\n\n");
        fprintf(out, "- %s ", _("killed:"));
        md_text(out, e->victim_comm[0] ? e->victim_comm : "?");
        fputs(" — ", out);
        fprintf(out, _("pid %lld, RSS %s"), (long long)e->victim_pid, units_kb(a, sizeof(a), event_victim_rss_kb(e)));
        fputc('\n', out);
        fprintf(out, "- %s ", _("when:"));
        md_when(out, e);
        fputc('\n', out);
        if (e->host[0]) {
                fprintf(out, "- %s ", _("host:"));
                md_text(out, e->host);
                fputc('\n', out);
        }
        if (e->kernel_release[0]) {
                fprintf(out, "- %s ", _("kernel:"));
                md_text(out, e->kernel_release);
                fputc('\n', out);
        }
        fprintf(out, "- %s ", _("source:"));
        md_code_at(out, e->source_file ? e->source_file : "-", (long long)e->source_line);
        fputc('\n', out);
        md_tasks(out, e, top);
        fprintf(out, "\n### %s\n\n", _("Findings"));
        md_findings(out, e, f, true);
        fputc('\n', out);
}

/* --format postmortem: one document for the whole input */
/* The postmortem: Symptoms are written as the events come; the
 * Investigation of the first events is kept in memory until the end, where
 * the Root cause and Fix come from the findings merged across events. */
struct postmortem_state {
        FILE *investigation;     /* a memory stream */
        char *buf;
        size_t len;
        bool symptoms_cut;       /* "… and N more kills" said */
};

static int postmortem_begin(struct output_run *r) {
        struct postmortem_state *st = calloc(1, sizeof(*st));
        if (!st)
                return -ENOMEM;
        r->state = st;
        st->investigation = open_memstream(&st->buf, &st->len);
        if (!st->investigation)
                return -ENOMEM;
        FILE *out = r->out;
        fprintf(out, "# %s\n\n", _("Incident report: processes killed by the kernel's OOM killer"));
        fprintf(out, "> %s\n\n", _("Draft written by oomlens from the kernel log; check every statement and edit."));
        fprintf(out, "## %s\n\n", _("Symptoms"));
        return ferror(out) ? -EIO : 0;
}

static void postmortem_investigation(FILE *out, const struct analyzed_event *ev) {
        const struct oom_event *e = ev->event;
        const char *file = e->source_file ? e->source_file : "-";
        fprintf(out, "- ");
        fprintf(out, _("Event %zu: the report"), ev->index + 1);
        fputs(": ", out);
        md_print_lines(out, file, (long long)e->source_line, (long long)e->last_line);
        fputc('\n', out);
        const struct oom_task *v = event_find_task(e, e->victim_pid);
        if (v && val_known(v->line) && val_known(v->rss) && val_known(e->page_size_kb)) {
                char a1[UNITS_BUF_SIZE];
                fputs("  - ", out);
                fprintf(out, _("the victim's RSS: line %lld of the task table, %lld pages × %lld KiB = %s"),
                        (long long)v->line, (long long)v->rss, (long long)e->page_size_kb,
                        units_kb(a1, sizeof(a1), task_rss_kb(e, v)));
                fputc('\n', out);
        }
}

static int postmortem_event(struct output_run *r, const struct analyzed_event *ev) {
        struct postmortem_state *st = r->state;
        FILE *out = r->out;
        if (!st->symptoms_cut) {
                char headline[1024];
                event_headline(ev->event, &ev->findings, headline, sizeof(headline));
                fputs("- ", out);
                md_text(out, headline);
                fputc('\n', out);
                size_t i = ev->index, n = ev->count;
                if (i >= 20 && n > 22) {
                        fprintf(out, "- ");
                        fprintf(out, _("… and %zu more kills (see the timeline below)."), n - i - 1);
                        fputc('\n', out);
                        st->symptoms_cut = true;
                }
        }
        if (ev->index < 5)
                postmortem_investigation(st->investigation, ev);
        return ferror(out) ? -EIO : 0;
}

static int postmortem_end(struct output_run *r, const struct merged_findings *all) {
        struct postmortem_state *st = r->state;
        FILE *out = r->out;
        struct analysis *a = r->a;
        size_t n = event_list_count(&a->logs.events);
        if (!st)
                return -ENOMEM;
        if (st->investigation)
                fclose(st->investigation);
        if (a->timeline.n > 1)
                fprintf(out, _("\n%zu kills in %zu incidents.\n"), a->timeline.n, a->timeline.n_incidents);

        fprintf(out, "\n## %s\n\n", _("Investigation"));
        fprintf(out, "%s\n\n", _("Each figure can be checked in the log with the commands below."));
        if (st->buf)
                fwrite(st->buf, 1, st->len, out);
        fprintf(out, "- %s\n", _("On the machine: `journalctl -k | grep -n 'invoked oom-killer'`, `free -h`, "
                                 "`cat /proc/PID/oom_score /proc/PID/oom_score_adj`, `systemctl status UNIT`."));

        fprintf(out, "\n## %s\n\n", _("Root cause"));
        /* every distinct finding of the input, first occurrence, most
         * confident first, each citing the file it came from */
        for (size_t i = 0; i < all->n; i++)
                md_finding(out, all->files[i], &all->items[i], false);
        if (n && all->n == 0)
                fprintf(out, "- %s\n", _("No cause stands out from this log."));
        else if (!n)
                fprintf(out, "- %s\n", _("No OOM kill in the log."));

        fprintf(out, "\n## %s\n\n", _("Fix"));
        for (size_t i = 0; i < all->n; i++)
                for (size_t k = 0; k < all->items[i].n_remedies; k++) {
                        fputs("- ", out);
                        md_text(out, all->items[i].remedies[k]);
                        fputc('\n', out);
                }

        fprintf(out, "\n## %s\n\n", _("Prevention"));
        /* xgettext:no-c-format */
        fprintf(out, "- %s\n", _("Alert before the kernel acts: memory use above 85 % for 5 minutes, and every kernel "
                                 "OOM kill (node_vmstat_oom_kill in Prometheus, or /proc/vmstat oom_kill)."));
        fprintf(out, "- %s\n", _("Give every service a memory limit (MemoryMax=, docker -m, Kubernetes limits) so that "
                                 "one service's growth kills only itself."));
        fprintf(out, "- %s\n", _("Keep the kernel's reports: a large enough log buffer and persistent journal, so the "
                                 "next investigation has the whole report."));
        fprintf(out, "- %s\n", _("Consider earlyoom or systemd-oomd to act on memory pressure before the machine stalls."));
        free(st->buf);
        free(st);
        return ferror(out) ? -EIO : a->logs.events.error;
}

const struct output_format output_postmortem_format = { "postmortem", postmortem_begin, postmortem_event,
                                                        postmortem_end, true, true };

static int markdown_begin(struct output_run *r) {
        fprintf(r->out, "# %s\n\n", _("OOM kills"));
        if (event_list_count(&r->a->logs.events) == 0)
                fprintf(r->out, "%s\n", _("No OOM kill found."));
        return ferror(r->out) ? -EIO : 0;
}

static int markdown_event_out(struct output_run *r, const struct analyzed_event *ev) {
        markdown_event(r->out, ev->event, &ev->findings, ev->index, ev->count, r->o->top_tasks);
        return ferror(r->out) ? -EIO : 0;
}

static int markdown_end(struct output_run *r, const struct merged_findings *all) {
        (void)all;
        FILE *out = r->out;
        struct analysis *a = r->a;
        if (a->timeline.n > 1) {
                fprintf(out, "## %s\n\n| # | %s | %s | %s | %s |\n|---:|---|---|---:|---|\n", _("Timeline"), _("TIME"),
                        _("HOST"), _("RSS"), _("KILLED"));
                for (size_t i = 0; i < a->timeline.n; i++) {
                        struct timeline_entry entry, *en = &entry;
                        if (!timeline_entry(&a->timeline, &a->logs.events, i, en))
                                continue;
                        char rss[UNITS_BUF_SIZE], iso[64] = "?";
                        struct oom_event t = { .has_wall = en->has_wall, .wall_us = en->utc_us };
                        if (!event_time_iso(&t, iso, sizeof(iso)) && val_known(en->mono_us))
                                snprintf(iso, sizeof(iso), "%.6f", (double)en->mono_us / 1e6);
                        fprintf(out, "| %zu | %s | ", en->incident + 1, iso);
                        md_text(out, en->host[0] ? en->host : "-");
                        fprintf(out, " | %s | ", units_kb(rss, sizeof(rss), en->victim_rss_kb));
                        md_text(out, en->victim_comm[0] ? en->victim_comm : "?");
                        fputs(" |\n", out);
                }
        }
        return ferror(out) ? -EIO : a->logs.events.error;
}

const struct output_format output_markdown_format = { "markdown", markdown_begin, markdown_event_out, markdown_end,
                                                      false, true };
