/* event_list.c — collection, de-duplication and ordering of events. */
#include "event_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void event_list_add(struct oom_event *e, void *userdata) {
        struct event_list *l = userdata;
        if (l->n == l->cap) {
                size_t cap = l->cap ? l->cap * 2 : 16;
                struct oom_event **items = reallocarray(l->items, cap, sizeof(*items));
                if (!items) {
                        fputs("oomlens: out of memory\n", stderr);
                        abort();
                }
                l->items = items;
                l->cap = cap;
        }
        l->items[l->n++] = e;
}

void event_list_apply_boot_time(struct event_list *l, const char *source, int64_t boot_us) {
        for (size_t i = 0; i < l->n; i++) {
                struct oom_event *e = l->items[i];
                if (e->has_wall || !val_known(e->mono_us))
                        continue;
                if (source && (!e->source_file || strcmp(source, e->source_file) != 0))
                        continue;
                e->has_wall = true;
                e->wall_us = sat_add(boot_us, e->mono_us);
                e->tz_known = true;
                e->tz_off_min = 0;
                e->wall_from_mono = true;
        }
}

/* Same kill seen twice?  Times are compared only when both sides have the
 * same kind of clock. */
static bool same_kill(const struct oom_event *a, const struct oom_event *b) {
        if (!val_known(a->victim_pid) || a->victim_pid != b->victim_pid)
                return false;
        if (strcmp(a->victim_comm, b->victim_comm) != 0)
                return false;
        /* hosts: an event of the local kmsg has no host name; one of the
         * journal or syslog names it — the empty host matches any */
        if (a->host[0] && b->host[0] && strcmp(a->host, b->host) != 0)
                return false;
        if (val_known(a->victim_anon_rss_kb) && val_known(b->victim_anon_rss_kb) &&
            (a->victim_anon_rss_kb != b->victim_anon_rss_kb || a->victim_total_vm_kb != b->victim_total_vm_kb))
                return false;
        if (val_known(a->mono_us) && val_known(b->mono_us))
                return sat_abs(sat_sub(a->mono_us, b->mono_us)) <= 2000000;
        if (a->has_wall && b->has_wall) {
                int64_t d = sat_sub(a->wall_us, b->wall_us);
                /* one side may be local time without zone: allow whole hours */
                if (!a->tz_known || !b->tz_known) {
                        int64_t hour = INT64_C(3600000000);
                        d = sat_abs(d) % hour;
                        if (d > hour / 2)
                                d = hour - d;
                }
                return sat_abs(d) <= 5000000;
        }
        /* no comparable clocks: the same kill line numbers say enough */
        return val_known(a->victim_anon_rss_kb) && val_known(b->victim_anon_rss_kb);
}

static int richness(const struct oom_event *e) {
        int r = __builtin_popcount(e->parts_seen) * 100000 + (int)(e->n_tasks > 99999 ? 99999 : e->n_tasks);
        return r;
}

static int64_t sort_key_time(const struct oom_event *e) {
        if (e->has_wall)
                return sat_sub(e->wall_us, e->tz_known ? (int64_t)e->tz_off_min * 60000000 : 0);
        return INT64_MIN;
}

static int compare_events(const void *pa, const void *pb) {
        const struct oom_event *a = *(const struct oom_event *const *)pa;
        const struct oom_event *b = *(const struct oom_event *const *)pb;
        int64_t ta = sort_key_time(a), tb = sort_key_time(b);
        if (ta != tb && ta != INT64_MIN && tb != INT64_MIN)
                return ta < tb ? -1 : 1;
        int c = strcmp(a->source_file ? a->source_file : "", b->source_file ? b->source_file : "");
        if (c == 0 && a->source_line != b->source_line)
                return a->source_line < b->source_line ? -1 : 1;
        if (ta != tb)
                return ta == INT64_MIN ? -1 : 1;
        return c;
}

static int compare_victims(const void *pa, const void *pb) {
        const struct oom_event *a = *(const struct oom_event *const *)pa;
        const struct oom_event *b = *(const struct oom_event *const *)pb;
        if (a->victim_pid != b->victim_pid)
                return a->victim_pid < b->victim_pid ? -1 : 1;
        return compare_events(pa, pb);
}

static void merge_into(struct oom_event *keep, struct oom_event *drop) {
        keep->n_duplicates += 1 + drop->n_duplicates;
        if (!keep->has_wall && drop->has_wall) {
                keep->has_wall = true;
                keep->wall_us = drop->wall_us;
                keep->tz_known = drop->tz_known;
                keep->tz_off_min = drop->tz_off_min;
                keep->year_inferred = drop->year_inferred;
        }
        if (!keep->host[0] && drop->host[0])
                memcpy(keep->host, drop->host, sizeof(keep->host));
        if (!keep->reaped && drop->reaped) {
                keep->reaped = true;
                keep->reaped_pid = drop->reaped_pid;
                keep->reaped_anon_rss_kb = drop->reaped_anon_rss_kb;
                keep->reaped_file_rss_kb = drop->reaped_file_rss_kb;
                keep->reaped_shmem_rss_kb = drop->reaped_shmem_rss_kb;
        }
}

void event_list_finish(struct event_list *l) {
        if (l->n < 2)
                return;
        /* group by victim pid so that only events of one pid are compared */
        qsort(l->items, l->n, sizeof(*l->items), compare_victims);
        for (size_t i = 0; i < l->n; i++) {
                if (!l->items[i])
                        continue;
                for (size_t j = i + 1; j < l->n; j++) {
                        if (!l->items[j])
                                continue;
                        if (l->items[j]->victim_pid != l->items[i]->victim_pid)
                                break;
                        if (!same_kill(l->items[i], l->items[j]))
                                continue;
                        struct oom_event *keep = l->items[i], *drop = l->items[j];
                        if (richness(drop) > richness(keep)) {
                                keep = drop;
                                drop = l->items[i];
                                l->items[i] = keep;
                        }
                        merge_into(keep, drop);
                        event_free(drop);
                        l->items[j] = NULL;
                }
        }
        size_t k = 0;
        for (size_t i = 0; i < l->n; i++)
                if (l->items[i])
                        l->items[k++] = l->items[i];
        l->n = k;
        qsort(l->items, l->n, sizeof(*l->items), compare_events);
}

void event_list_clear(struct event_list *l) {
        for (size_t i = 0; i < l->n; i++)
                event_free(l->items[i]);
        free(l->items);
        l->items = NULL;
        l->n = l->cap = 0;
}
