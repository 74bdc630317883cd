/* timeline.c — incidents, victim histories and recurrence across events
 * (see timeline.h).  Every step is linear (or n log n) in the number of
 * events, whatever a hostile log holds: a million kills of distinct hosts,
 * comms or times of day must not make it quadratic. */
#include "timeline.h"

#include "hash.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MINUTE_US (60 * INT64_C(1000000))
#define DAY_US (1440 * MINUTE_US)
#define RECURRENCE_WINDOW_MIN 30   /* ± minutes of the time of day */
#define RECURRENCE_MIN_DAYS 3      /* distinct days that make a pattern */
#define RECURRENCE_MAX_DAYS 64     /* counted up to this many */

/* wall_us is already UTC when the zone is known (log_time.h); a stamp
 * without zone is taken as written */
static int64_t utc_of(const struct oom_event *e) {
        return e->has_wall ? e->wall_us : 0;
}

static const char *memcg_of(const struct oom_event *e) {
        const char *m = e->oom_memcg ? e->oom_memcg : e->memcg_stats_path;
        return m && *m ? m : NULL;
}

bool timeline_entry(const struct timeline *t, struct event_list *l, size_t i, struct timeline_entry *ret) {
        const struct oom_event *e = i < t->n ? event_list_get(l, i) : NULL;
        if (!e)
                return false;
        *ret = (struct timeline_entry){
                .event = i,
                .host = e->host,
                .has_wall = e->has_wall,
                .utc_us = utc_of(e),
                .mono_us = e->mono_us,
                .victim_pid = e->victim_pid,
                .victim_comm = e->victim_comm,
                .victim_rss_kb = event_victim_rss_kb(e),
                .constraint = e->constraint,
                .memcg = memcg_of(e),
                .headerless = !(e->parts_seen & PART_TRIGGER),
                .incident = t->incident_of[i],
        };
        return true;
}

/* --- incidents ------------------------------------------------------------- */

/* Where kills belong to one incident: a host and, for a memory cgroup's
 * OOM, that cgroup (kills in two cgroups are two incidents, however close:
 * one did not follow from the other; a kill whose scope the log does not
 * say joins the host's latest).  The key is "HOST\0SCOPE", so that as a C
 * string it reads as the host; each once, with its open incident. */
struct host_slot {
        uint64_t hash;
        size_t host;          /* index in t->hosts, SIZE_MAX: free slot */
        size_t len;           /* of the key */
        size_t open_incident; /* its latest incident */
};

struct host_table {
        struct host_slot *slots;
        size_t cap;           /* a power of two, at least twice the hosts */
};

/* The slot of KEY (LEN bytes; new: host == SIZE_MAX); NULL without memory. */
static struct host_slot *host_find(struct timeline *t, struct host_table *h, const char *key, size_t len) {
        if (2 * (t->n_hosts + 1) > h->cap) {
                size_t cap = h->cap ? 2 * h->cap : 64;
                struct host_slot *s = malloc(cap * sizeof(*s));
                if (!s)
                        return NULL;
                for (size_t i = 0; i < cap; i++)
                        s[i].host = SIZE_MAX;
                for (size_t i = 0; i < h->cap; i++) {
                        if (h->slots[i].host == SIZE_MAX)
                                continue;
                        size_t k = h->slots[i].hash & (cap - 1);
                        while (s[k].host != SIZE_MAX)
                                k = (k + 1) & (cap - 1);
                        s[k] = h->slots[i];
                }
                free(h->slots);
                h->slots = s;
                h->cap = cap;
        }
        uint64_t hash = hash_mem64(key, len);
        size_t k = hash & (h->cap - 1);
        while (h->slots[k].host != SIZE_MAX) {
                const struct host_slot *x = &h->slots[k];
                if (x->hash == hash && x->len == len && memcmp(t->hosts[x->host], key, len) == 0)
                        return &h->slots[k];
                k = (k + 1) & (h->cap - 1);
        }
        h->slots[k].hash = hash;
        return &h->slots[k];
}

/* Adds KEY to t->hosts for slot S. */
static int host_add(struct timeline *t, struct host_slot *s, const char *key, size_t len) {
        char **grown = reallocarray(t->hosts, t->n_hosts + 1, sizeof(*grown));
        if (!grown)
                return -ENOMEM;
        t->hosts = grown;
        if (!(grown[t->n_hosts] = malloc(len)))
                return -ENOMEM;
        memcpy(grown[t->n_hosts], key, len);
        s->host = t->n_hosts++;
        s->len = len;
        s->open_incident = SIZE_MAX;
        return 0;
}

/* The time two kills can be compared on: wall when both have it, else
 * kernel uptime when both have that (the same boot, presumably). */
static bool gap_of(const struct incident *in, bool has_wall, int64_t utc, int64_t mono, int64_t *ret_gap) {
        if (in->has_wall && has_wall) {
                *ret_gap = sat_abs(sat_sub(utc, in->end_us));
                return true;
        }
        if (!in->has_wall && !has_wall && val_known(in->end_us) && val_known(mono)) {
                *ret_gap = sat_abs(sat_sub(mono, in->end_us));
                return true;
        }
        return false;
}

/* Room for one more incident; grows by half. */
static int incident_room(struct timeline *t) {
        if (t->n_incidents < t->cap_incidents)
                return 0;
        size_t cap = t->cap_incidents ? t->cap_incidents + t->cap_incidents / 2 : 16;
        struct incident *grown = reallocarray(t->incidents, cap, sizeof(*grown));
        if (!grown)
                return -ENOMEM;
        t->incidents = grown;
        t->cap_incidents = cap;
        return 0;
}

/* The slot of HOST and SCOPE, added if new; NULL without memory. */
static struct host_slot *slot_of(struct timeline *t, struct host_table *h, const char *host, const char *scope) {
        size_t hn = strlen(host), sn = strlen(scope), len = hn + 1 + sn + 1;
        char *key = malloc(len);
        if (!key)
                return NULL;
        memcpy(key, host, hn + 1);
        memcpy(key + hn + 1, scope, sn + 1);
        struct host_slot *s = host_find(t, h, key, len);
        if (s && s->host == SIZE_MAX && host_add(t, s, key, len) < 0)
                s = NULL;
        free(key);
        return s;
}

/* The scope of a kill whose report does not say: any, the host's latest */
#define SCOPE_ANY "\x01"

static int add_kill(struct timeline *t, struct host_table *h, size_t i, const struct oom_event *e) {
        const char *memcg = memcg_of(e);
        /* a kill line alone says no scope: it continues the host's latest incident */
        bool unknown = !memcg && e->constraint == OOM_CONSTRAINT_UNKNOWN;
        struct host_slot *any = slot_of(t, h, e->host, SCOPE_ANY);
        struct host_slot *own = unknown ? any : slot_of(t, h, e->host, memcg ? memcg : "");
        if (!any || !own)
                return -ENOMEM;
        bool has_wall = e->has_wall;
        int64_t utc = utc_of(e), gap;
        struct incident *in = own->open_incident != SIZE_MAX ? &t->incidents[own->open_incident] : NULL;
        if (!in || !gap_of(in, has_wall, utc, e->mono_us, &gap) || gap > TIMELINE_STORM_GAP_US) {
                if (incident_room(t) < 0)
                        return -ENOMEM;
                in = &t->incidents[t->n_incidents];
                *in = (struct incident){ .host = t->hosts[any->host], .first = i, .has_wall = has_wall,
                                         .start_us = has_wall ? utc : e->mono_us };
                own->open_incident = t->n_incidents++;
        }
        in->last = i;
        in->kills++;
        in->end_us = has_wall ? utc : e->mono_us;
        t->incident_of[i] = (uint32_t)own->open_incident;
        any->open_incident = own->open_incident;
        return 0;
}


/* --- repeat victims -------------------------------------------------------- */

struct comm_count {
        uint64_t hash;
        uint32_t kills, first;
};

static int cmp_u64(const void *pa, const void *pb) {
        uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
        return a < b ? -1 : a > b;
}

static int cmp_most_killed(const void *pa, const void *pb) {
        const struct comm_count *a = pa, *b = pb;
        if (a->kills != b->kills)
                return a->kills > b->kills ? -1 : 1;
        return a->first < b->first ? -1 : a->first > b->first;
}

/* Counts of comms by hash, open addressing: 16 bytes per distinct comm
 * (times two for the load), not per event. */
struct comm_table {
        struct comm_count *slots; /* kills == 0: free */
        size_t cap, n;
};

static int comm_count_add(struct comm_table *c, uint64_t hash, size_t i) {
        if (2 * (c->n + 1) > c->cap) {
                size_t cap = c->cap ? 2 * c->cap : 256;
                struct comm_count *s = calloc(cap, sizeof(*s));
                if (!s)
                        return -ENOMEM;
                for (size_t k = 0; k < c->cap; k++) {
                        if (!c->slots[k].kills)
                                continue;
                        size_t j = c->slots[k].hash & (cap - 1);
                        while (s[j].kills)
                                j = (j + 1) & (cap - 1);
                        s[j] = c->slots[k];
                }
                free(c->slots);
                c->slots = s;
                c->cap = cap;
        }
        size_t j = hash & (c->cap - 1);
        while (c->slots[j].kills && c->slots[j].hash != hash)
                j = (j + 1) & (c->cap - 1);
        if (!c->slots[j].kills) {
                c->slots[j] = (struct comm_count){ .hash = hash, .first = (uint32_t)i };
                c->n++;
        }
        c->slots[j].kills++;
        return 0;
}

/* The comms (by hash) of C killed more than once, most kills first, at
 * most TIMELINE_MAX_VICTIMS, moved to the front of c->slots.  Returns how
 * many.  The counts are by hash; build_victims() recounts by name. */
static size_t most_killed(struct comm_table *c) {
        size_t n = 0;
        for (size_t k = 0; k < c->cap; k++)
                if (c->slots[k].kills >= 2)
                        c->slots[n++] = c->slots[k];
        if (n)
                qsort(c->slots, n, sizeof(*c->slots), cmp_most_killed);
        return n > TIMELINE_MAX_VICTIMS ? TIMELINE_MAX_VICTIMS : n;
}

static void history_add(struct victim_history *v, size_t i, const struct oom_event *e) {
        const char *memcg = memcg_of(e);
        int64_t rss = event_victim_rss_kb(e);
        if (v->kills == 0) {
                v->first = i;
                v->first_has_wall = e->has_wall;
                v->first_utc_us = utc_of(e);
                v->one_memcg = memcg != NULL;
                v->memcg = memcg ? strdup(memcg) : NULL;
                if (memcg && !v->memcg)
                        v->one_memcg = false;
                v->rss_first_kb = v->rss_max_kb = rss;
                v->rss_growing = true;
        } else {
                if (!v->memcg || !memcg || strcmp(v->memcg, memcg) != 0)
                        v->one_memcg = false;
                if ((v->memcg || memcg) && (!v->memcg || !memcg || strcmp(v->memcg, memcg) != 0))
                        v->memcgs_differ = true;
                if (!val_known(v->rss_last_kb) || !val_known(rss) || rss <= v->rss_last_kb)
                        v->rss_growing = false;
                if (val_known(rss) && (!val_known(v->rss_max_kb) || rss > v->rss_max_kb))
                        v->rss_max_kb = rss;
        }
        v->kills++;
        v->last = i;
        v->last_has_wall = e->has_wall;
        v->last_utc_us = utc_of(e);
        v->rss_last_kb = rss;
}

/* The histories of the most killed comms of C: one more pass over the
 * events.  The first comm seen with a hash owns it. */
static int build_victims(struct timeline *t, struct event_list *l, struct comm_table *comms) {
        size_t n = most_killed(comms);
        const struct comm_count *c = comms->slots;
        t->victims = calloc(n ? n : 1, sizeof(*t->victims));
        if (!t->victims)
                return -ENOMEM;
        t->n_victims = n;
        for (size_t i = 0; i < t->n && n > 0; i++) {
                const struct oom_event *e = event_list_get(l, i);
                if (!e || !e->victim_comm[0])
                        continue;
                uint64_t hash = hash_str64(e->victim_comm);
                for (size_t k = 0; k < n; k++) {
                        struct victim_history *v = &t->victims[k];
                        if (c[k].hash != hash)
                                continue;
                        if (!v->comm[0])
                                memcpy(v->comm, e->victim_comm, sizeof(v->comm));
                        if (strcmp(v->comm, e->victim_comm) == 0)
                                history_add(v, i, e);
                }
        }
        for (size_t k = 0; k < t->n_victims; k++) {
                struct victim_history *v = &t->victims[k];
                if (!v->one_memcg) {
                        free(v->memcg);
                        v->memcg = NULL;
                }
                if (!val_known(v->rss_first_kb) || !val_known(v->rss_last_kb) ||
                    v->rss_last_kb < sat_add(v->rss_first_kb, v->rss_first_kb / 5))
                        v->rss_growing = false;
        }
        return 0;
}

/* --- recurrence ------------------------------------------------------------- */

static int64_t minute_of_day(int64_t us) {
        int64_t m = (us / MINUTE_US) % 1440;
        return m < 0 ? m + 1440 : m;
}

static int64_t day_of(int64_t us) {
        return us >= 0 ? us / DAY_US : (us - DAY_US + 1) / DAY_US;
}

/* minute * 2^40 + day: sorted, the days of each minute of the day in order */
static uint64_t minute_day(int64_t us) {
        return ((uint64_t)minute_of_day(us) << 40) | ((uint64_t)day_of(us) & ((UINT64_C(1) << 40) - 1));
}

/* Distinct days (up to RECURRENCE_MAX_DAYS) with an incident within the
 * window around minute CENTER; P holds the distinct (minute, day) pairs,
 * sorted, FIRST[m] the first pair of minute m (FIRST[1440] = n). */
static size_t days_around(const uint64_t *p, const size_t *first, int64_t center) {
        uint64_t days[RECURRENCE_MAX_DAYS];
        size_t n_days = 0;
        for (int64_t d = -RECURRENCE_WINDOW_MIN; d <= RECURRENCE_WINDOW_MIN; d++) {
                int64_t m = ((center + d) % 1440 + 1440) % 1440;
                for (size_t k = first[m]; k < first[m + 1]; k++) {
                        uint64_t day = p[k] & ((UINT64_C(1) << 40) - 1);
                        bool seen = false;
                        for (size_t j = 0; j < n_days && !seen; j++)
                                seen = days[j] == day;
                        if (!seen)
                                days[n_days++] = day;
                        if (n_days == RECURRENCE_MAX_DAYS)
                                return n_days;
                }
        }
        return n_days;
}

/* Incidents that start at about the same time of day on several days
 * point at something scheduled (cron, backups, batch jobs). */
static int find_recurrence(struct timeline *t) {
        uint64_t *p = reallocarray(NULL, t->n_incidents ? t->n_incidents : 1, sizeof(*p));
        size_t *first = calloc(1441, sizeof(*first));
        int16_t *memo = malloc(1440 * sizeof(*memo));
        if (!p || !first || !memo) {
                free(p);
                free(first);
                free(memo);
                return -ENOMEM;
        }
        size_t n = 0;
        for (size_t i = 0; i < t->n_incidents; i++)
                if (t->incidents[i].has_wall)
                        p[n++] = minute_day(t->incidents[i].start_us);
        if (n)
                qsort(p, n, sizeof(*p), cmp_u64);
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
                if (k == 0 || p[i] != p[k - 1])
                        p[k++] = p[i];
        n = k;
        for (size_t i = 0, m = 0; m <= 1440; m++) {
                while (i < n && (p[i] >> 40) < m)
                        i++;
                first[m] = i;
        }
        for (int m = 0; m < 1440; m++)
                memo[m] = -1;
        size_t best_days = 0;
        for (size_t c = 0; c < t->n_incidents; c++) {
                const struct incident *ci = &t->incidents[c];
                if (!ci->has_wall)
                        continue;
                int64_t center = minute_of_day(ci->start_us);
                if (memo[center] < 0)
                        memo[center] = (int16_t)days_around(p, first, center);
                if ((size_t)memo[center] > best_days) {
                        best_days = (size_t)memo[center];
                        t->recurring_hour = (int)(center / 60);
                        t->recurring_minute = (int)(center % 60);
                }
        }
        t->recurring_days = best_days;
        t->recurring = best_days >= RECURRENCE_MIN_DAYS;
        free(p);
        free(first);
        free(memo);
        return 0;
}

/* One pass over the events: the incidents, and the kills of each comm. */
static int read_kills(struct timeline *t, struct event_list *l, struct comm_table *comms) {
        struct host_table h = { 0 };
        int r = 0;
        for (size_t i = 0; i < t->n && r == 0; i++) {
                const struct oom_event *e = event_list_get(l, i);
                if (!e) {
                        /* unreadable: its own incident, so that indices stay valid */
                        if ((r = incident_room(t)) < 0)
                                break;
                        t->incidents[t->n_incidents] = (struct incident){ .host = "", .first = i, .last = i };
                        t->incident_of[i] = (uint32_t)t->n_incidents++;
                        continue;
                }
                r = add_kill(t, &h, i, e);
                if (r == 0 && e->victim_comm[0])
                        r = comm_count_add(comms, hash_str64(e->victim_comm), i);
        }
        free(h.slots);
        return r;
}

int timeline_build(struct event_list *l, struct timeline *ret) {
        struct timeline t = { 0 };
        struct comm_table comms = { 0 };
        t.n = event_list_count(l);
        if (t.n > UINT32_MAX)
                return -ENOMEM;
        t.incident_of = reallocarray(NULL, t.n ? t.n : 1, sizeof(*t.incident_of));
        int r = !t.incident_of ? -ENOMEM : read_kills(&t, l, &comms);
        if (r == 0)
                r = build_victims(&t, l, &comms);
        if (r == 0)
                r = find_recurrence(&t);
        free(comms.slots);
        if (r < 0) {
                timeline_free(&t);
                return -ENOMEM;
        }
        *ret = t;
        return 0;
}

void timeline_free(struct timeline *t) {
        if (!t)
                return;
        for (size_t i = 0; i < t->n_victims; i++)
                free(t->victims[i].memcg);
        for (size_t i = 0; i < t->n_hosts; i++)
                free(t->hosts[i]);
        free(t->hosts);
        free(t->incident_of);
        free(t->incidents);
        free(t->victims);
        memset(t, 0, sizeof(*t));
}
