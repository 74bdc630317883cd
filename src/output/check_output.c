/* check_output.c — what `oomlens check` prints: each finding with its
 * severity, evidence and fix, the log tally, as text or JSON
 * (check_output.h). */
#include "check_output.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "i18n.h"
#include "json_writer.h"
#include "output.h"
#include "terminal.h"

static const char *color_of(enum audit_severity s) {
        switch (s) {
        case AUDIT_CRITICAL: return SGR_BOLD_RED;
        case AUDIT_WARNING: return SGR_YELLOW;
        case AUDIT_INFO: return SGR_DIM;
        }
        return "";
}

void check_print_text(FILE *out, const struct audit_report *r, const struct log_tally *logs,
                       const struct proc_snapshot *snap, bool color) {
        for (size_t i = 0; i < r->n; i++) {
                const struct audit_finding *f = &r->items[i];
                const char *sev = _(audit_severity_name(f->severity));
                if (color)
                        fprintf(out, "%s[%s]" SGR_RESET " " SGR_BOLD "%s" SGR_RESET ": ", color_of(f->severity), sev, f->id);
                else
                        fprintf(out, "[%s] %s: ", sev, f->id);
                put_escaped(out, f->summary);
                fputc('\n', out);
                const char *ev = _("evidence:");
                for (size_t k = 0; k < f->n_evidence; k++) {
                        if (k == 0)
                                fprintf(out, "    %s ", ev);
                        else
                                fprintf(out, "    %*s ", (int)escape_display_width(ev, strlen(ev)), "");
                        put_escaped(out, f->evidence[k]);
                        fputc('\n', out);
                }
                fprintf(out, "    %s ", _("fix:"));
                put_escaped(out, f->fix);
                fputs("\n\n", out);
        }
        if (logs) {
                if (logs->n_inputs == 0) {
                        fprintf(out, "%s\n", _("logs: none found; the kernel's kill counters were not compared with them"));
                } else if (logs->n_readable == 0) {
                        fprintf(out, _("logs: none of the %zu tried could be read; the kernel's kill counters were not compared with them"),
                                logs->n_inputs);
                        fputc('\n', out);
                } else {
                        fprintf(out, "%s ", _("logs:"));
                        size_t shown = 0;
                        for (size_t i = 0; i < logs->n_inputs; i++) {
                                if (!logs->inputs[i].readable)
                                        continue;
                                fputs(shown++ ? ", " : "", out);
                                put_escaped(out, logs->inputs[i].name);
                        }
                        fputs(" — ", out);
                        if (val_known(logs->since_us))
                                fprintf(out, _("OOM kills since boot: %lld"), (long long)logs->kills);
                        else
                                fprintf(out, _("OOM kills: %lld"), (long long)logs->kills);
                        fputc('\n', out);
                }
        }
        if (r->n == 0)
                fprintf(out, _("No OOM risk found (%zu processes, %zu memory cgroups read)."), snap->n_tasks,
                        snap->n_cgroups);
        else
                fprintf(out, _("findings: %zu critical, %zu warning, %zu info"), r->count[AUDIT_CRITICAL],
                        r->count[AUDIT_WARNING], r->count[AUDIT_INFO]);
        fputc('\n', out);
}

int check_print_json(FILE *out, const struct audit_report *r, const struct log_tally *logs, bool pretty) {
        struct json_writer *w = json_writer_new(out, pretty);
        if (!w)
                return -ENOMEM;
        json_begin_object(w);
        json_key(w, "findings");
        json_begin_array(w);
        for (size_t i = 0; i < r->n; i++) {
                const struct audit_finding *f = &r->items[i];
                json_begin_object(w);
                json_kv_string(w, "id", f->id);
                json_kv_string(w, "severity", audit_severity_name(f->severity));
                json_kv_string(w, "subject", f->subject[0] ? f->subject : NULL);
                json_kv_string(w, "summary", f->summary);
                json_params(w, &f->params);
                json_key(w, "evidence");
                json_begin_array(w);
                for (size_t k = 0; k < f->n_evidence; k++)
                        json_string(w, f->evidence[k]);
                json_end_array(w);
                json_kv_string(w, "fix", f->fix);
                json_end_object(w);
        }
        json_end_array(w);
        json_key(w, "counts");
        json_begin_object(w);
        for (int s = AUDIT_CRITICAL; s >= AUDIT_INFO; s--)
                json_kv_int(w, audit_severity_name((enum audit_severity)s), (int64_t)r->count[s]);
        json_end_object(w);
        json_key(w, "logs");
        if (!logs) {
                json_null(w);
        } else {
                json_begin_object(w);
                for (int readable = 1; readable >= 0; readable--) {
                        json_key(w, readable ? "read" : "unreadable");
                        json_begin_array(w);
                        for (size_t i = 0; i < logs->n_inputs; i++)
                                if (logs->inputs[i].readable == (readable == 1))
                                        json_string(w, logs->inputs[i].name);
                        json_end_array(w);
                }
                json_kv_int(w, "kills", logs->kills);
                json_kv_bool(w, "since_boot", val_known(logs->since_us));
                json_end_object(w);
        }
        json_end_object(w);
        int e = json_writer_error(w);
        json_writer_free(w);
        return e;
}


