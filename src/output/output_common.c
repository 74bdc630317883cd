/* output_common.c — what every output format shares: the time of an event
 * as ISO 8601, its allocation flags by name, the one-sentence headline,
 * the names of the report's parts; and the driver that walks an analysis
 * once through a format's begin/event/end (output.h). */
#include "output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gfp_flags.h"
#include "i18n.h"
#include "json_writer.h"
#include "log_time.h"
#include "units.h"

bool event_time_iso(const struct oom_event *e, char *buf, size_t size) {
        if (!e->has_wall)
                return false;
        int64_t us = sat_add(e->wall_us, e->tz_known ? (int64_t)e->tz_off_min * 60000000 : 0);
        /* years 1900-9999 only: anything else is a damaged stamp */
        if (us < INT64_C(-2208988800000000) || us > INT64_C(253402300799000000))
                return false;
        int64_t secs = us >= 0 ? us / 1000000 : (us - 999999) / 1000000;
        int64_t frac = us - secs * 1000000;
        int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
        int64_t sod = secs - days * 86400;
        int y, mo, d;
        log_time_civil_from_days(days, &y, &mo, &d);
        int n = snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, (int)(sod / 3600),
                         (int)(sod / 60 % 60), (int)(sod % 60));
        if (n < 0 || (size_t)n >= size)
                return false;
        size_t used = (size_t)n;
        if (frac)
                used += (size_t)snprintf(buf + used, size - used, ".%06d", (int)frac);
        if (e->tz_known && used < size) {
                int off = e->tz_off_min;
                snprintf(buf + used, size - used, "%c%02d:%02d", off < 0 ? '-' : '+', (off < 0 ? -off : off) / 60,
                         (off < 0 ? -off : off) % 60);
        }
        return true;
}

const char *part_name(unsigned part) {
        switch (part) {
        case PART_TRIGGER: return "trigger";
        case PART_STACK: return "stack";
        case PART_MEMINFO: return "meminfo";
        case PART_MEMCG: return "memcg";
        case PART_TASKS: return "tasks";
        case PART_SUMMARY: return "oom_kill_summary";
        case PART_SELECT: return "select";
        case PART_KILL: return "kill";
        case PART_NO_KILLABLE: return "no_killable";
        case PART_PANIC: return "panic";
        }
        return "?";
}

bool event_gfp_names(const struct oom_event *e, char *buf, size_t size, bool *ret_decoded) {
        *ret_decoded = false;
        if (e->gfp_flags[0]) {
                snprintf(buf, size, "%s", e->gfp_flags);
                return true;
        }
        unsigned long mask = e->gfp_mask[0] ? strtoul(e->gfp_mask, NULL, 16) : 0;
        if (!mask) {
                buf[0] = '\0';
                return false;
        }
        gfp_decode(mask, gfp_table_guess(e->kernel_release, mask), buf, size);
        *ret_decoded = true;
        return true;
}

static int cut_len(const char *s, size_t max) {
        size_t n = strlen(s);
        if (n <= max)
                return (int)n;
        while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
                max--;
        return (int)max;
}

void event_headline(const struct oom_event *e, const struct findings *f, char *buf, size_t size) {
        char when[64] = "", rss[UNITS_BUF_SIZE], lim[UNITS_BUF_SIZE], host[128] = "", scope[400];
        if (!event_time_iso(e, when, sizeof(when))) {
                if (val_known(e->mono_us))
                        snprintf(when, sizeof(when), _("%.0f s after boot"), (double)e->mono_us / 1e6);
                else
                        snprintf(when, sizeof(when), "%s", _("at an unknown time"));
        }
        char h[100];
        snprintf(h, sizeof(h), "%.*s", cut_len(e->host, 80), e->host);
        if (e->host[0])
                snprintf(host, sizeof(host), _(" on %s"), h);
        const char *comm = e->victim_comm[0] ? e->victim_comm : "?";
        int64_t held = event_victim_rss_kb(e);
        if (e->constraint == OOM_CONSTRAINT_MEMCG) {
                const char *path = e->oom_memcg ? e->oom_memcg : e->memcg_stats_path;
                char p[320];
                snprintf(p, sizeof(p), "%.*s", cut_len(path ? path : "?", 300), path ? path : "?");
                snprintf(scope, sizeof(scope), _("in memory cgroup %s (limit %s)"), p,
                         units_kb(lim, sizeof(lim), e->memcg_limit_kb));
        } else if (e->constraint == OOM_CONSTRAINT_CPUSET || e->constraint == OOM_CONSTRAINT_MEMORY_POLICY) {
                snprintf(scope, sizeof(scope), "%s", _("within a NUMA restriction"));
        } else if (e->parts_seen & PART_MEMINFO) {
                snprintf(scope, sizeof(scope), "%s", _("on the whole machine"));
        } else {
                snprintf(scope, sizeof(scope), "%s", _("in an unknown scope"));
        }
        if (!val_known(e->victim_pid))
                snprintf(buf, size, _("%s%s: an OOM kill whose victim the log does not name, %s; most likely cause: %s."),
                         when, host, scope, findings_cause(f));
        else
                snprintf(buf, size, _("%s%s: the kernel killed %s (pid %lld, %s) %s; most likely cause: %s."), when,
                         host, comm, (long long)e->victim_pid, units_kb(rss, sizeof(rss), held), scope,
                         findings_cause(f));
}

void json_params(struct json_writer *w, const struct finding_params *ps) {
        json_key(w, "params");
        json_begin_object(w);
        for (size_t i = 0; i < ps->n; i++) {
                const struct finding_param *p = &ps->p[i];
                if (p->type == PARAM_INT)
                        json_kv_int(w, p->name, p->num); /* OOM_UNSET is null */
                else if (p->str)
                        json_kv_string(w, p->name, p->str);
                else
                        json_kv_null(w, p->name);
        }
        json_end_object(w);
}

static const struct output_format *const formats[] = {
        &output_text_format, &output_json_format, &output_markdown_format, &output_postmortem_format,
        &output_count_format,
};

const struct output_format *output_format_find(const char *name) {
        for (size_t i = 0; i < sizeof(formats) / sizeof(*formats); i++)
                if (strcmp(formats[i]->name, name) == 0)
                        return formats[i];
        return NULL;
}

int output_run(const struct output_format *f, FILE *out, struct analysis *a, const struct output_options *o) {
        struct output_run r = { .out = out, .a = a, .o = o };
        int e = f->begin ? f->begin(&r) : 0;
        struct merged_findings all = { 0 };
        if (e == 0 && f->event) {
                struct analysis_walk w;
                e = analysis_begin(a, &w);
                const struct analyzed_event *ev;
                while (e == 0 && analysis_next(&w, &ev) > 0) {
                        if (f->merges)
                                merged_findings_add(&all, ev);
                        e = f->event(&r, ev);
                }
                analysis_end(&w);
        }
        merged_findings_sort(&all);
        int e2 = f->end ? f->end(&r, &all) : 0; /* always: it frees the format's state */
        merged_findings_free(&all);
        return e ? e : e2;
}

static int count_end(struct output_run *r, const struct merged_findings *all) {
        (void)all;
        fprintf(r->out, "%zu\n", event_list_count(&r->a->logs.events));
        return ferror(r->out) ? -EIO : 0;
}

const struct output_format output_count_format = { "count", NULL, NULL, count_end, false, false };

int output_json(FILE *out, struct analysis *a, const struct output_options *o) {
        return output_run(&output_json_format, out, a, o);
}

int output_text(FILE *out, struct analysis *a, const struct output_options *o) {
        return output_run(&output_text_format, out, a, o);
}

int output_markdown(FILE *out, struct analysis *a, const struct output_options *o, bool as_postmortem) {
        return output_run(as_postmortem ? &output_postmortem_format : &output_markdown_format, out, a, o);
}
