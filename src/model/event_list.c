/* event_list.c — collection, de-duplication, ordering and bounded storage
 * of events (see event_list.h).  The index is one 48-byte key per event;
 * the rest of an event is in memory only until EVENT_LIST_MEMORY is
 * exceeded, then in the scratch file, and is read back where a decision
 * needs it (a merge candidate, the --host/--victim/--worst filters). */
#include "event_list.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event_spill.h"
#include "hash.h"

/* How many later events of the same victim pid, comm and kill-line sizes
 * each event is compared with (read back): the same kill seen in several
 * sources sorts next to itself; a hostile log with a million identical
 * kills stays linear. */
#define MERGE_WINDOW 16
#define MERGE_SCAN 256   /* keys looked at, read back or not: linear whatever the log */

_Static_assert(sizeof(struct event_key) <= 48, "the in-memory index stays 48 bytes an event");

/* The index of NAME in l->sources, added if new (the latest first: events
 * come a source at a time). */
static uint32_t source_index(struct event_list *l, const char *name) {
        if (!name)
                name = "";
        for (size_t i = l->n_sources; i-- > 0;)
                if (strcmp(l->sources[i], name) == 0)
                        return (uint32_t)i;
        l->sources = xrealloc_array(l->sources, l->n_sources + 1, sizeof(*l->sources));
        l->sources[l->n_sources] = xstrdup(name);
        return (uint32_t)l->n_sources++;
}

static const char *source_name(const struct event_list *l, const struct event_key *k) {
        return k->source < l->n_sources ? l->sources[k->source] : "";
}

static void key_times_from(struct event_key *k, const struct oom_event *e) {
        k->mono_us = e->mono_us;
        k->wall_us = e->wall_us;
        k->tz_off_min = (int16_t)(e->tz_off_min < -1440 ? -1440 : e->tz_off_min > 1440 ? 1440 : e->tz_off_min);
        k->flags = (uint8_t)((k->flags & KEY_GONE) | (e->has_wall ? KEY_HAS_WALL : 0) |
                             (e->tz_known ? KEY_TZ_KNOWN : 0) | (e->wall_from_mono ? KEY_WALL_FROM_MONO : 0));
}

static void key_from(struct event_key *k, const struct oom_event *e, uint32_t source) {
        memset(k, 0, sizeof(*k));
        k->victim_pid = val_known(e->victim_pid) && e->victim_pid >= 0 && e->victim_pid <= INT32_MAX
                                ? (int32_t)e->victim_pid : -1;
        k->comm_hash = hash_str32(e->victim_comm);
        if (val_known(e->victim_anon_rss_kb) && val_known(e->victim_total_vm_kb))
                k->size_hash = hash_pair32((uint64_t)e->victim_total_vm_kb, (uint64_t)e->victim_anon_rss_kb) | 1;
        k->source_line = e->source_line < 0 ? 0 : e->source_line > UINT32_MAX ? UINT32_MAX : (uint32_t)e->source_line;
        k->source = source;
        key_times_from(k, e);
}

/* The key wins over the stored copy: boot times changed it. */
static void key_apply(const struct event_key *k, struct oom_event *e) {
        e->has_wall = k->flags & KEY_HAS_WALL;
        e->wall_us = k->wall_us;
        e->tz_known = k->flags & KEY_TZ_KNOWN;
        e->tz_off_min = k->tz_off_min;
        e->wall_from_mono = k->flags & KEY_WALL_FROM_MONO;
}

/* An unlinked scratch file in $TMPDIR (else /tmp), as tmpfile() would make
 * but where the user says: a small /tmp can be avoided.  NULL with errno. */
static FILE *scratch_file(void) {
        const char *dir = getenv("TMPDIR");
        if (!dir || !*dir)
                dir = "/tmp";
        int fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
                char path[4096];
                snprintf(path, sizeof(path), "%s/oomlens-spill-XXXXXX", dir);
                fd = mkostemp(path, O_CLOEXEC);
                if (fd >= 0)
                        unlink(path);
        }
        if (fd < 0)
                return NULL;
        FILE *f = fdopen(fd, "w+");
        if (!f) {
                int e = errno;
                close(fd);
                errno = e;
        }
        return f;
}

/* Appends E to the scratch file; its offset in *RET.  Returns 0 or -errno. */
static int spill_one(struct event_list *l, const struct oom_event *e, int64_t *ret) {
        if (!l->spill && !(l->spill = scratch_file()))
                return -errno;
        long off;
        if (fseek(l->spill, 0, SEEK_END) != 0 || (off = ftell(l->spill)) < 0)
                return -EIO;
        int r = event_spill_write(l->spill, e);
        if (r < 0)
                return r;
        *ret = off;
        return 0;
}

/* Moves every event held in memory to the scratch file.  Without a
 * scratch file (no writable TMPDIR, a full disk) the events simply stay in
 * memory: none is lost, and spilling is not tried again. */
static void spill_all(struct event_list *l) {
        for (size_t i = 0; i < l->n; i++) {
                struct event_key *k = &l->slots[i];
                if (k->where >= 0)
                        continue;
                struct oom_event **h = &l->held[-1 - k->where];
                int64_t off;
                if (spill_one(l, *h, &off) < 0) {
                        l->spill_off = true;
                        return;
                }
                event_free(*h);
                *h = NULL;
                k->where = off;
        }
        l->n_held = 0;
        l->held_bytes = 0;
}

/* Room for one more in an array of CAP: grows by half, or ends the program
 * with "out of memory" (status 70) as the parser does (event.h). */
static void *room_for_one(void *p, size_t n, size_t *cap, size_t size) {
        if (n < *cap)
                return p;
        *cap = *cap ? *cap + *cap / 2 : 64;
        return xrealloc_array(p, *cap, size);
}

void event_list_add(struct oom_event *e, void *userdata) {
        struct event_list *l = userdata;
        if (l->n >= (size_t)INT32_MAX) { /* the sorts index with 32 bits */
                l->error = -ENOMEM;
                event_free(e);
                return;
        }
        uint32_t source = source_index(l, e->source_file);
        l->slots = room_for_one(l->slots, l->n, &l->cap, sizeof(*l->slots));
        l->held = room_for_one(l->held, l->n_held, &l->cap_held, sizeof(*l->held));
        struct event_key *k = &l->slots[l->n++];
        key_from(k, e, source);
        l->held[l->n_held] = e;
        k->where = -1 - (int64_t)l->n_held++;
        l->held_bytes += event_footprint(e);
        if (l->held_bytes > (l->memory_limit ? l->memory_limit : EVENT_LIST_MEMORY) && !l->spill_off && l->error == 0)
                spill_all(l);
}

void event_list_apply_boot_time(struct event_list *l, const char *source, int64_t boot_us) {
        for (size_t i = 0; i < l->n; i++) {
                struct event_key *k = &l->slots[i];
                if ((k->flags & KEY_HAS_WALL) || !val_known(k->mono_us))
                        continue;
                if (source && strcmp(source, source_name(l, k)) != 0)
                        continue;
                k->flags |= KEY_HAS_WALL | KEY_TZ_KNOWN | KEY_WALL_FROM_MONO;
                k->wall_us = sat_add(boot_us, k->mono_us);
                k->tz_off_min = 0;
        }
}

/* --- reading events back ------------------------------------------------ */

/* The event of K, its clocks from the key.  A held event is borrowed
 * (*OWNED false); a spilled one is read into a new event the caller frees. */
static struct oom_event *load(struct event_list *l, const struct event_key *k, bool *owned) {
        struct oom_event *e = NULL;
        *owned = k->where >= 0;
        if (!*owned)
                e = l->held[-1 - k->where];
        else if (!l->spill || fseek(l->spill, k->where, SEEK_SET) != 0 || event_spill_read(l->spill, &e) < 0) {
                l->error = -EIO;
                return NULL;
        }
        key_apply(k, e);
        return e;
}

static void unload(struct oom_event *e, bool owned) {
        if (owned)
                event_free(e);
}

const struct oom_event *event_list_get(struct event_list *l, size_t i) {
        if (i >= l->n)
                return NULL;
        bool owned;
        struct oom_event *e = load(l, &l->slots[i], &owned);
        if (owned) {
                event_free(l->loaded);
                l->loaded = e;
        }
        return e;
}

/* --- de-duplication ------------------------------------------------------- */

static int richness(const struct oom_event *e) {
        return __builtin_popcount(e->parts_seen) * 100000 + (int)(e->n_tasks > 99999 ? 99999 : e->n_tasks);
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

/* What the dropped copy knows and the kept one does not. */
static void merge_into(struct oom_event *keep, const struct oom_event *drop) {
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

/* wall_us is UTC when the zone is known (log_time.h), the stamp as
 * written when it is not: either way the time to order on, as it is. */
static int64_t sort_key_time(const struct event_key *k) {
        return (k->flags & KEY_HAS_WALL) ? k->wall_us : INT64_MIN;
}

static int compare_time(const struct event_list *l, const struct event_key *a, const struct event_key *b) {
        int64_t ta = sort_key_time(a), tb = sort_key_time(b);
        if (ta != tb && ta != INT64_MIN && tb != INT64_MIN)
                return ta < tb ? -1 : 1;
        int c = a->source == b->source ? 0 : strcmp(source_name(l, a), source_name(l, b));
        if (c == 0 && a->source_line != b->source_line)
                return a->source_line < b->source_line ? -1 : 1;
        if (ta != tb)
                return ta == INT64_MIN ? -1 : 1;
        return c;
}

/* Index sorts: 4 bytes an event instead of a copy of the keys. */
static int by_time(const void *pa, const void *pb, void *list) {
        const struct event_list *l = list;
        return compare_time(l, &l->slots[*(const uint32_t *)pa], &l->slots[*(const uint32_t *)pb]);
}

static int by_victim(const void *pa, const void *pb, void *list) {
        const struct event_list *l = list;
        const struct event_key *a = &l->slots[*(const uint32_t *)pa], *b = &l->slots[*(const uint32_t *)pb];
        if (a->victim_pid != b->victim_pid)
                return a->victim_pid < b->victim_pid ? -1 : 1;
        if (a->comm_hash != b->comm_hash)
                return a->comm_hash < b->comm_hash ? -1 : 1;
        if (a->size_hash != b->size_hash)
                return a->size_hash < b->size_hash ? -1 : 1;
        return compare_time(l, a, b);
}

/* The identity order 0..n-1; NULL without memory (error set). */
static uint32_t *order_new(struct event_list *l) {
        uint32_t *ord = reallocarray(NULL, l->n ? l->n : 1, sizeof(*ord));
        if (!ord) {
                l->error = -ENOMEM;
                return NULL;
        }
        for (size_t i = 0; i < l->n; i++)
                ord[i] = (uint32_t)i;
        return ord;
}

/* Puts the slots in the order ORD (ord[k] = the old index of the slot that
 * goes to k), in place, following each cycle; ORD is consumed. */
static void permute(struct event_list *l, uint32_t *ord) {
        for (size_t i = 0; i < l->n; i++) {
                if (ord[i] == i)
                        continue;
                struct event_key t = l->slots[i];
                size_t j = i;
                for (;;) {
                        size_t k = ord[j];
                        ord[j] = (uint32_t)j;
                        if (k == i) {
                                l->slots[j] = t;
                                break;
                        }
                        l->slots[j] = l->slots[k];
                        j = k;
                }
        }
}

static void slot_release(struct event_list *l, struct event_key *k) {
        if (k->where < 0) {
                event_free(l->held[-1 - k->where]);
                l->held[-1 - k->where] = NULL;
        }
        k->flags |= KEY_GONE;
}

/* Writes a merged event back where its key points: a held one changed in
 * place; a spilled one is appended again. */
static void store_back(struct event_list *l, struct event_key *k, struct oom_event *e, bool owned) {
        key_times_from(k, e);
        if (!owned)
                return;
        int64_t off;
        int r = spill_one(l, e, &off);
        if (r < 0)
                l->error = r;
        else
                k->where = off;
}

/* Compares slot ord[i] with the next candidates of its group; merges. */
static void merge_group_member(struct event_list *l, uint32_t *ord, size_t i) {
        struct event_key *ki = &l->slots[ord[i]];
        bool own_i;
        struct oom_event *ei = NULL;
        size_t seen = 0, scanned = 0;
        for (size_t j = i + 1; j < l->n && seen < MERGE_WINDOW && scanned < MERGE_SCAN; j++, scanned++) {
                struct event_key *kj = &l->slots[ord[j]];
                if (kj->victim_pid != ki->victim_pid || kj->comm_hash != ki->comm_hash)
                        break;
                if (kj->flags & KEY_GONE)
                        continue;
                /* both kill lines printed, with other sizes: another kill, no
                 * read-back; sorted by size, the larger ones all differ */
                if (ki->size_hash && kj->size_hash && ki->size_hash != kj->size_hash) {
                        if (kj->size_hash > ki->size_hash)
                                break;
                        continue;
                }
                seen++;
                if (!ei && !(ei = load(l, ki, &own_i)))
                        return;
                bool own_j;
                struct oom_event *ej = load(l, kj, &own_j);
                if (!ej)
                        break;
                if (!same_kill(ei, ej)) {
                        unload(ej, own_j);
                        continue;
                }
                if (richness(ej) > richness(ei)) {
                        /* keep the fuller copy, in i's place of the order */
                        uint32_t t = ord[i];
                        ord[i] = ord[j];
                        ord[j] = t;
                        struct event_key *tk = ki;
                        ki = kj;
                        kj = tk;
                        struct oom_event *te = ei;
                        ei = ej;
                        ej = te;
                        bool to = own_i;
                        own_i = own_j;
                        own_j = to;
                }
                merge_into(ei, ej);
                unload(ej, own_j);
                slot_release(l, kj);
                store_back(l, ki, ei, own_i);
        }
        if (ei)
                unload(ei, own_i);
}

/* Drops the slots marked gone, keeping the order of the others. */
static void compact(struct event_list *l) {
        size_t k = 0;
        for (size_t i = 0; i < l->n; i++)
                if (!(l->slots[i].flags & KEY_GONE))
                        l->slots[k++] = l->slots[i];
        l->n = k;
}

static void sort_by(struct event_list *l, int (*cmp)(const void *, const void *, void *)) {
        uint32_t *ord = order_new(l);
        if (!ord)
                return;
        qsort_r(ord, l->n, sizeof(*ord), cmp, l);
        permute(l, ord);
        free(ord);
}

void event_list_finish(struct event_list *l) {
        if (l->n < 2)
                return;
        /* group by victim pid and comm so that only those are compared */
        uint32_t *ord = order_new(l);
        if (!ord)
                return;
        qsort_r(ord, l->n, sizeof(*ord), by_victim, l);
        for (size_t i = 0; i < l->n; i++)
                if (l->slots[ord[i]].victim_pid >= 0 && !(l->slots[ord[i]].flags & KEY_GONE))
                        merge_group_member(l, ord, i);
        free(ord);
        compact(l);
        sort_by(l, by_time);
}

/* --- filters ---------------------------------------------------------------- */

static bool victim_matches(const struct oom_event *e, const char *victim) {
        char *end;
        long long pid = strtoll(victim, &end, 10);
        if (*victim && !*end)
                return e->victim_pid == pid;
        return strcmp(e->victim_comm, victim) == 0;
}

static bool filter_keeps(struct event_list *l, struct event_key *k, const struct event_filter *f) {
        int64_t t = sort_key_time(k);
        if (f->have_since && (t == INT64_MIN || t < f->since_us))
                return false;
        if (f->have_until && (t == INT64_MIN || t > f->until_us))
                return false;
        if (!f->host && !f->victim)
                return true;
        bool owned;
        struct oom_event *e = load(l, k, &owned);
        if (!e)
                return true; /* kept: the read error is reported */
        bool keep = (!f->host || strcmp(e->host, f->host) == 0) && (!f->victim || victim_matches(e, f->victim));
        unload(e, owned);
        return keep;
}

struct rss_ctx {
        const int64_t *rss;
        const struct event_list *l;
};

static int by_rss(const void *pa, const void *pb, void *c) {
        const struct rss_ctx *x = c;
        uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
        if (x->rss[a] != x->rss[b])
                return x->rss[a] > x->rss[b] ? -1 : 1;
        return compare_time(x->l, &x->l->slots[a], &x->l->slots[b]);
}

/* Keeps the N events whose victims held the most memory, in time order. */
static void keep_worst(struct event_list *l, size_t n) {
        int64_t *rss = reallocarray(NULL, l->n ? l->n : 1, sizeof(*rss));
        uint32_t *ord = order_new(l);
        if (!rss || !ord) {
                l->error = -ENOMEM;
                free(rss);
                free(ord);
                return;
        }
        for (size_t i = 0; i < l->n; i++) {
                bool owned;
                struct oom_event *e = load(l, &l->slots[i], &owned);
                int64_t v = e ? event_victim_rss_kb(e) : OOM_UNSET;
                rss[i] = val_known(v) ? v : -1;
                if (e)
                        unload(e, owned);
        }
        /* the N largest: sort the order by rss, then mark the rest gone */
        struct rss_ctx ctx = { rss, l };
        qsort_r(ord, l->n, sizeof(*ord), by_rss, &ctx);
        for (size_t i = n; i < l->n; i++)
                slot_release(l, &l->slots[ord[i]]);
        free(ord);
        free(rss);
        compact(l);
}

void event_list_filter(struct event_list *l, const struct event_filter *f) {
        for (size_t i = 0; i < l->n; i++)
                if (!filter_keeps(l, &l->slots[i], f))
                        slot_release(l, &l->slots[i]);
        compact(l);
        if (f->worst && l->n > f->worst)
                keep_worst(l, f->worst);
        if (f->last && l->n > f->last) {
                /* the latest N: drop from the front */
                size_t drop = l->n - f->last;
                for (size_t i = 0; i < drop; i++)
                        slot_release(l, &l->slots[i]);
                compact(l);
        }
}

void event_list_clear(struct event_list *l) {
        for (size_t i = 0; i < l->n; i++)
                if (!(l->slots[i].flags & KEY_GONE))
                        slot_release(l, &l->slots[i]);
        free(l->slots);
        for (size_t i = 0; i < l->n_sources; i++)
                free(l->sources[i]);
        free(l->sources);
        free(l->held);
        event_free(l->loaded);
        if (l->spill)
                fclose(l->spill);
        memset(l, 0, sizeof(*l));
}
