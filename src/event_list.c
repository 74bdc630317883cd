/* event_list.c — collection, de-duplication, ordering and bounded storage
 * of events (see event_list.h). */
#include "event_list.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "event_spill.h"

static int richness(const struct oom_event *e) {
        return __builtin_popcount(e->parts_seen) * 100000 + (int)(e->n_tasks > 99999 ? 99999 : e->n_tasks);
}

static void key_from(struct event_key *k, const struct oom_event *e) {
        memset(k, 0, sizeof(*k));
        k->victim_pid = e->victim_pid;
        k->victim_anon_rss_kb = e->victim_anon_rss_kb;
        k->victim_total_vm_kb = e->victim_total_vm_kb;
        k->victim_rss_kb = event_victim_rss_kb(e);
        memcpy(k->victim_comm, e->victim_comm, sizeof(k->victim_comm));
        memcpy(k->host, e->host, sizeof(k->host));
        k->mono_us = e->mono_us;
        k->wall_us = e->wall_us;
        k->source_line = e->source_line;
        k->tz_off_min = e->tz_off_min;
        k->has_wall = e->has_wall;
        k->tz_known = e->tz_known;
        k->year_inferred = e->year_inferred;
        k->wall_from_mono = e->wall_from_mono;
        k->source_file = e->source_file ? strdup(e->source_file) : NULL;
        k->richness = richness(e);
        k->n_duplicates = e->n_duplicates;
        k->reaped = e->reaped;
        k->reaped_pid = e->reaped_pid;
        k->reaped_anon_rss_kb = e->reaped_anon_rss_kb;
        k->reaped_file_rss_kb = e->reaped_file_rss_kb;
        k->reaped_shmem_rss_kb = e->reaped_shmem_rss_kb;
}

/* The key wins over the stored copy: merges and boot times changed it. */
static void key_apply(const struct event_key *k, struct oom_event *e) {
        memcpy(e->host, k->host, sizeof(e->host));
        e->has_wall = k->has_wall;
        e->wall_us = k->wall_us;
        e->tz_known = k->tz_known;
        e->tz_off_min = k->tz_off_min;
        e->year_inferred = k->year_inferred;
        e->wall_from_mono = k->wall_from_mono;
        e->n_duplicates = k->n_duplicates;
        e->reaped = k->reaped;
        e->reaped_pid = k->reaped_pid;
        e->reaped_anon_rss_kb = k->reaped_anon_rss_kb;
        e->reaped_file_rss_kb = k->reaped_file_rss_kb;
        e->reaped_shmem_rss_kb = k->reaped_shmem_rss_kb;
}

/* Moves every event held in memory to the scratch file.  Without a
 * scratch file (no writable TMPDIR) the events simply stay in memory. */
static void spill_all(struct event_list *l) {
        if (!l->spill) {
                l->spill = tmpfile();
                if (!l->spill) {
                        l->error = -errno;
                        return;
                }
        }
        for (size_t i = 0; i < l->n; i++) {
                struct event_slot *s = &l->slots[i];
                if (!s->e)
                        continue;
                if (fseek(l->spill, 0, SEEK_END) != 0 || (s->offset = ftell(l->spill)) < 0 ||
                    event_spill_write(l->spill, s->e) < 0) {
                        l->error = -EIO;
                        return;
                }
                event_free(s->e);
                s->e = NULL;
        }
        l->held_bytes = 0;
}

void event_list_add(struct oom_event *e, void *userdata) {
        struct event_list *l = userdata;
        if (l->n == l->cap) {
                l->cap = l->cap ? l->cap * 2 : 16;
                l->slots = xrealloc_array(l->slots, l->cap, sizeof(*l->slots));
        }
        struct event_slot *s = &l->slots[l->n++];
        key_from(&s->key, e);
        s->e = e;
        s->offset = -1;
        l->held_bytes += event_footprint(e);
        if (l->held_bytes > (l->memory_limit ? l->memory_limit : EVENT_LIST_MEMORY) && l->error == 0)
                spill_all(l);
}

void event_list_apply_boot_time(struct event_list *l, const char *source, int64_t boot_us) {
        for (size_t i = 0; i < l->n; i++) {
                struct event_key *k = &l->slots[i].key;
                if (k->has_wall || !val_known(k->mono_us))
                        continue;
                if (source && (!k->source_file || strcmp(source, k->source_file) != 0))
                        continue;
                k->has_wall = true;
                k->wall_us = sat_add(boot_us, k->mono_us);
                k->tz_known = true;
                k->tz_off_min = 0;
                k->wall_from_mono = true;
        }
}

/* Same kill seen twice?  Times are compared only when both sides have the
 * same kind of clock. */
static bool same_kill(const struct event_key *a, const struct event_key *b) {
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

static int64_t sort_key_time(const struct event_key *k) {
        if (k->has_wall)
                return sat_sub(k->wall_us, k->tz_known ? (int64_t)k->tz_off_min * 60000000 : 0);
        return INT64_MIN;
}

static int compare_time(const struct event_key *a, const struct event_key *b) {
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

static int compare_slots(const void *pa, const void *pb) {
        return compare_time(&((const struct event_slot *)pa)->key, &((const struct event_slot *)pb)->key);
}

static int compare_victims(const void *pa, const void *pb) {
        const struct event_key *a = &((const struct event_slot *)pa)->key;
        const struct event_key *b = &((const struct event_slot *)pb)->key;
        if (a->victim_pid != b->victim_pid)
                return a->victim_pid < b->victim_pid ? -1 : 1;
        return compare_time(a, b);
}

static void merge_into(struct event_key *keep, const struct event_key *drop) {
        keep->n_duplicates += 1 + drop->n_duplicates;
        if (!keep->has_wall && drop->has_wall) {
                keep->has_wall = true;
                keep->wall_us = drop->wall_us;
                keep->tz_known = drop->tz_known;
                keep->tz_off_min = drop->tz_off_min;
                keep->year_inferred = drop->year_inferred;
                keep->wall_from_mono = drop->wall_from_mono;
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

static void slot_release(struct event_slot *s) {
        event_free(s->e);
        free(s->key.source_file);
        s->e = NULL;
        s->key.source_file = NULL;
}

void event_list_finish(struct event_list *l) {
        if (l->n < 2)
                return;
        /* group by victim pid so that only events of one pid are compared */
        qsort(l->slots, l->n, sizeof(*l->slots), compare_victims);
        bool *gone = calloc(l->n, sizeof(*gone));
        if (!gone)
                return;
        for (size_t i = 0; i < l->n; i++) {
                if (gone[i])
                        continue;
                for (size_t j = i + 1; j < l->n; j++) {
                        if (gone[j])
                                continue;
                        if (l->slots[j].key.victim_pid != l->slots[i].key.victim_pid)
                                break;
                        if (!same_kill(&l->slots[i].key, &l->slots[j].key))
                                continue;
                        if (l->slots[j].key.richness > l->slots[i].key.richness) {
                                struct event_slot t = l->slots[i];
                                l->slots[i] = l->slots[j];
                                l->slots[j] = t;
                        }
                        merge_into(&l->slots[i].key, &l->slots[j].key);
                        slot_release(&l->slots[j]);
                        gone[j] = true;
                }
        }
        size_t k = 0;
        for (size_t i = 0; i < l->n; i++)
                if (!gone[i])
                        l->slots[k++] = l->slots[i];
        l->n = k;
        free(gone);
        qsort(l->slots, l->n, sizeof(*l->slots), compare_slots);
}

static bool victim_matches(const struct event_key *k, const char *victim) {
        char *end;
        long long pid = strtoll(victim, &end, 10);
        if (*victim && !*end)
                return k->victim_pid == pid;
        return strcmp(k->victim_comm, victim) == 0;
}

static bool filter_keeps(const struct event_key *k, const struct event_filter *f) {
        int64_t t = sort_key_time(k);
        if (f->have_since && (t == INT64_MIN || t < f->since_us))
                return false;
        if (f->have_until && (t == INT64_MIN || t > f->until_us))
                return false;
        if (f->host && strcmp(k->host, f->host) != 0)
                return false;
        if (f->victim && !victim_matches(k, f->victim))
                return false;
        return true;
}

static int compare_rss_desc(const void *pa, const void *pb) {
        const struct event_key *a = &((const struct event_slot *)pa)->key;
        const struct event_key *b = &((const struct event_slot *)pb)->key;
        int64_t ra = val_known(a->victim_rss_kb) ? a->victim_rss_kb : -1;
        int64_t rb = val_known(b->victim_rss_kb) ? b->victim_rss_kb : -1;
        if (ra != rb)
                return ra > rb ? -1 : 1;
        return compare_time(a, b);
}

/* Keeps the first N slots (in their current order) and releases the rest. */
static void keep_first(struct event_list *l, size_t n) {
        for (size_t i = n; i < l->n; i++)
                slot_release(&l->slots[i]);
        if (n < l->n)
                l->n = n;
}

void event_list_filter(struct event_list *l, const struct event_filter *f) {
        size_t k = 0;
        for (size_t i = 0; i < l->n; i++) {
                if (filter_keeps(&l->slots[i].key, f))
                        l->slots[k++] = l->slots[i];
                else
                        slot_release(&l->slots[i]);
        }
        l->n = k;
        if (f->worst && l->n > f->worst) {
                qsort(l->slots, l->n, sizeof(*l->slots), compare_rss_desc);
                keep_first(l, f->worst);
                qsort(l->slots, l->n, sizeof(*l->slots), compare_slots);
        }
        if (f->last && l->n > f->last) {
                /* the latest N: drop from the front */
                size_t drop = l->n - f->last;
                for (size_t i = 0; i < drop; i++)
                        slot_release(&l->slots[i]);
                memmove(l->slots, l->slots + drop, f->last * sizeof(*l->slots));
                l->n = f->last;
        }
}

const struct oom_event *event_list_get(struct event_list *l, size_t i) {
        if (i >= l->n)
                return NULL;
        struct event_slot *s = &l->slots[i];
        if (s->e) {
                key_apply(&s->key, s->e);
                return s->e;
        }
        event_free(l->loaded);
        l->loaded = NULL;
        if (!l->spill || fseek(l->spill, s->offset, SEEK_SET) != 0 ||
            event_spill_read(l->spill, &l->loaded) < 0) {
                l->error = -EIO;
                return NULL;
        }
        key_apply(&s->key, l->loaded);
        return l->loaded;
}

void event_list_clear(struct event_list *l) {
        for (size_t i = 0; i < l->n; i++)
                slot_release(&l->slots[i]);
        free(l->slots);
        event_free(l->loaded);
        if (l->spill)
                fclose(l->spill);
        memset(l, 0, sizeof(*l));
}
