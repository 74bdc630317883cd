/* analysis.c — one analysis: its lifetime, the walk that analyses each
 * event once for every output, and the findings merged across events
 * (analysis.h). */
#include "analysis.h"

#include <stdlib.h>
#include <string.h>

void analysis_free(struct analysis *a) {
        log_set_free(&a->logs);
        timeline_free(&a->timeline);
}

int analysis_begin(struct analysis *a, struct analysis_walk *w) {
        memset(w, 0, sizeof(*w));
        w->a = a;
        return findings_prepare(&w->fw, &a->logs.events);
}

static void drop_current(struct analysis_walk *w) {
        if (w->have_cur)
                findings_free(&w->cur.findings);
        w->have_cur = false;
}

int analysis_next(struct analysis_walk *w, const struct analyzed_event **ret) {
        drop_current(w);
        size_t n = event_list_count(&w->a->logs.events);
        while (w->next < n) {
                size_t i = w->next++;
                const struct oom_event *e = event_list_get(&w->a->logs.events, i);
                if (!e)
                        continue;
                w->cur = (struct analyzed_event){ .index = i, .count = n, .event = e };
                if (findings_next(&w->fw, e, &w->a->timeline, i, &w->cur.findings) < 0)
                        continue;
                w->have_cur = true;
                *ret = &w->cur;
                return 1;
        }
        return 0;
}

void analysis_end(struct analysis_walk *w) {
        drop_current(w);
        findings_walk_free(&w->fw);
}

static char *copy_or_null(const char *s) {
        return s ? xstrdup(s) : NULL;
}

void merged_findings_add(struct merged_findings *m, const struct analyzed_event *ev) {
        const struct findings *f = &ev->findings;
        for (size_t k = 0; k < f->n; k++) {
                bool seen = false;
                for (size_t j = 0; j < m->n && !seen; j++)
                        seen = strcmp(m->items[j].id, f->items[k].id) == 0;
                if (seen)
                        continue;
                if (m->n == m->cap) {
                        m->cap = m->cap ? m->cap * 2 : 8;
                        m->items = xrealloc_array(m->items, m->cap, sizeof(*m->items));
                        m->files = xrealloc_array(m->files, m->cap, sizeof(*m->files));
                }
                /* a deep copy: the event's findings go at the next event */
                struct finding *x = &m->items[m->n];
                *x = f->items[k];
                x->summary = copy_or_null(f->items[k].summary);
                x->refute = copy_or_null(f->items[k].refute);
                for (size_t r = 0; r < x->n_remedies; r++)
                        x->remedies[r] = copy_or_null(f->items[k].remedies[r]);
                params_copy(&x->params, &f->items[k].params);
                m->files[m->n++] = xstrdup(ev->event->source_file ? ev->event->source_file : "-");
        }
}

void merged_findings_sort(struct merged_findings *m) {
        for (size_t i = 1; i < m->n; i++)
                for (size_t j = i; j > 0 && m->items[j].confidence > m->items[j - 1].confidence; j--) {
                        struct finding t = m->items[j];
                        m->items[j] = m->items[j - 1];
                        m->items[j - 1] = t;
                        char *tf = m->files[j];
                        m->files[j] = m->files[j - 1];
                        m->files[j - 1] = tf;
                }
}

void merged_findings_free(struct merged_findings *m) {
        for (size_t i = 0; i < m->n; i++) {
                finding_free(&m->items[i]);
                free(m->files[i]);
        }
        free(m->items);
        free(m->files);
        memset(m, 0, sizeof(*m));
}
