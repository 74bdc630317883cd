/* timeline.c — incidents, victim histories and recurrence across events
 * (see timeline.h). */
#include "timeline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MINUTE_US (60 * INT64_C(1000000))
#define DAY_US (1440 * MINUTE_US)
#define RECURRENCE_WINDOW_MIN 30   /* ± minutes of the time of day */
#define RECURRENCE_MIN_DAYS 3      /* distinct days that make a pattern */

static void fill_entry(struct timeline_entry *t, size_t index, const struct oom_event *e) {
        memset(t, 0, sizeof(*t));
        t->event = index;
        memcpy(t->host, e->host, sizeof(t->host));
        t->has_wall = e->has_wall;
        t->utc_us = e->has_wall ? sat_sub(e->wall_us, e->tz_known ? (int64_t)e->tz_off_min * MINUTE_US : 0) : 0;
        t->mono_us = e->mono_us;
        t->victim_pid = e->victim_pid;
        memcpy(t->victim_comm, e->victim_comm, sizeof(t->victim_comm));
        t->victim_rss_kb = event_victim_rss_kb(e);
        t->constraint = e->constraint;
        const char *memcg = e->oom_memcg ? e->oom_memcg : e->memcg_stats_path;
        t->memcg = memcg && *memcg ? strdup(memcg) : NULL; /* most kills have none: no fixed buffer */
        t->headerless = !(e->parts_seen & PART_TRIGGER);
}

/* The time two entries can be compared on: wall when both have it, else
 * kernel uptime when both have that (the same boot, presumably). */
static bool gap_of(const struct timeline_entry *a, const struct timeline_entry *b, int64_t *ret_gap) {
        if (a->has_wall && b->has_wall) {
                *ret_gap = sat_abs(sat_sub(b->utc_us, a->utc_us));
                return true;
        }
        if (val_known(a->mono_us) && val_known(b->mono_us) && !a->has_wall && !b->has_wall) {
                *ret_gap = sat_abs(sat_sub(b->mono_us, a->mono_us));
                return true;
        }
        return false;
}

static int build_incidents(struct timeline *t) {
        t->incidents = calloc(t->n ? t->n : 1, sizeof(*t->incidents));
        if (!t->incidents)
                return -ENOMEM;
        for (size_t i = 0; i < t->n; i++) {
                struct timeline_entry *en = &t->entries[i];
                /* the latest incident of the same host, if this kill continues it */
                ssize_t found = -1;
                for (size_t k = t->n_incidents; k-- > 0;) {
                        if (strcmp(t->incidents[k].host, en->host) != 0)
                                continue;
                        int64_t gap;
                        if (gap_of(&t->entries[t->incidents[k].last], en, &gap) && gap <= TIMELINE_STORM_GAP_US)
                                found = (ssize_t)k;
                        break;
                }
                struct incident *inc;
                if (found < 0) {
                        inc = &t->incidents[t->n_incidents++];
                        memcpy(inc->host, en->host, sizeof(inc->host));
                        inc->first = i;
                        inc->has_wall = en->has_wall;
                        inc->start_us = en->has_wall ? en->utc_us : en->mono_us;
                } else {
                        inc = &t->incidents[found];
                }
                inc->last = i;
                inc->kills++;
                inc->end_us = en->has_wall ? en->utc_us : en->mono_us;
                en->incident = (size_t)(inc - t->incidents);
        }
        return 0;
}

static int build_victims(struct timeline *t) {
        t->victims = calloc(t->n ? t->n : 1, sizeof(*t->victims));
        if (!t->victims)
                return -ENOMEM;
        for (size_t i = 0; i < t->n; i++) {
                const struct timeline_entry *en = &t->entries[i];
                if (!en->victim_comm[0])
                        continue;
                struct victim_history *v = NULL;
                for (size_t k = 0; k < t->n_victims && !v; k++)
                        if (strcmp(t->victims[k].comm, en->victim_comm) == 0)
                                v = &t->victims[k];
                if (!v) {
                        v = &t->victims[t->n_victims++];
                        memcpy(v->comm, en->victim_comm, sizeof(v->comm));
                        v->first = i;
                        v->one_memcg = en->memcg != NULL;
                        copy_field(v->memcg, sizeof(v->memcg), en->memcg ? en->memcg : "",
                                   en->memcg ? strlen(en->memcg) : 0);
                        v->rss_first_kb = v->rss_max_kb = en->victim_rss_kb;
                        v->rss_growing = true;
                } else {
                        if (strcmp(v->memcg, en->memcg ? en->memcg : "") != 0)
                                v->one_memcg = false;
                        int64_t prev = v->rss_last_kb;
                        if (!val_known(prev) || !val_known(en->victim_rss_kb) || en->victim_rss_kb <= prev)
                                v->rss_growing = false;
                        if (val_known(en->victim_rss_kb) &&
                            (!val_known(v->rss_max_kb) || en->victim_rss_kb > v->rss_max_kb))
                                v->rss_max_kb = en->victim_rss_kb;
                }
                v->kills++;
                v->last = i;
                v->rss_last_kb = en->victim_rss_kb;
        }
        /* keep the repeated ones, most kills first */
        size_t k = 0;
        for (size_t i = 0; i < t->n_victims; i++) {
                struct victim_history *v = &t->victims[i];
                if (v->kills < 2)
                        continue;
                if (!val_known(v->rss_first_kb) || !val_known(v->rss_last_kb) ||
                    v->rss_last_kb < sat_add(v->rss_first_kb, v->rss_first_kb / 5))
                        v->rss_growing = false;
                t->victims[k++] = *v;
        }
        t->n_victims = k;
        for (size_t i = 1; i < t->n_victims; i++)
                for (size_t j = i; j > 0 && t->victims[j].kills > t->victims[j - 1].kills; j--) {
                        struct victim_history tmp = t->victims[j];
                        t->victims[j] = t->victims[j - 1];
                        t->victims[j - 1] = tmp;
                }
        return 0;
}

static int64_t minute_of_day(int64_t us) {
        int64_t m = (us / MINUTE_US) % 1440;
        return m < 0 ? m + 1440 : m;
}

static int64_t day_of(int64_t us) {
        return us >= 0 ? us / DAY_US : (us - DAY_US + 1) / DAY_US;
}

/* Incidents that start at about the same time of day on several days
 * point at something scheduled (cron, backups, batch jobs). */
static void find_recurrence(struct timeline *t) {
        size_t best_days = 0;
        for (size_t c = 0; c < t->n_incidents; c++) {
                const struct incident *ci = &t->incidents[c];
                if (!ci->has_wall)
                        continue;
                int64_t center = minute_of_day(ci->start_us);
                int64_t days[64];
                size_t n_days = 0;
                for (size_t k = 0; k < t->n_incidents; k++) {
                        const struct incident *ki = &t->incidents[k];
                        if (!ki->has_wall)
                                continue;
                        int64_t d = sat_abs(minute_of_day(ki->start_us) - center);
                        if (d > 720)
                                d = 1440 - d;
                        if (d > RECURRENCE_WINDOW_MIN)
                                continue;
                        int64_t day = day_of(ki->start_us);
                        bool seen = false;
                        for (size_t j = 0; j < n_days && !seen; j++)
                                seen = days[j] == day;
                        if (!seen && n_days < sizeof(days) / sizeof(*days))
                                days[n_days++] = day;
                }
                if (n_days > best_days) {
                        best_days = n_days;
                        t->recurring_hour = (int)(center / 60);
                        t->recurring_minute = (int)(center % 60);
                }
        }
        t->recurring_days = best_days;
        t->recurring = best_days >= RECURRENCE_MIN_DAYS;
}

int timeline_build(struct event_list *l, struct timeline *ret) {
        struct timeline t = { 0 };
        size_t n = event_list_count(l);
        t.entries = calloc(n ? n : 1, sizeof(*t.entries));
        if (!t.entries)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                const struct oom_event *e = event_list_get(l, i);
                if (e)
                        fill_entry(&t.entries[t.n++], i, e);
        }
        if (build_incidents(&t) < 0 || build_victims(&t) < 0) {
                timeline_free(&t);
                return -ENOMEM;
        }
        find_recurrence(&t);
        *ret = t;
        return 0;
}

void timeline_free(struct timeline *t) {
        if (!t)
                return;
        for (size_t i = 0; i < t->n; i++)
                free(t->entries[i].memcg);
        free(t->entries);
        free(t->incidents);
        free(t->victims);
        memset(t, 0, sizeof(*t));
}
