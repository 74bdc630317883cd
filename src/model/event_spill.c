/* event_spill.c — scratch-file round trip of an event (see event_spill.h). */
#include "event_spill.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Every variable part is a count followed by its items; a string is its
 * length (or SIZE_MAX for NULL) followed by its bytes. */
static int put(FILE *f, const void *p, size_t n) {
        return n == 0 || fwrite(p, 1, n, f) == n ? 0 : -EIO;
}

static int put_str(FILE *f, const char *s) {
        size_t n = s ? strlen(s) : SIZE_MAX;
        int r = put(f, &n, sizeof(n));
        return r < 0 || !s ? r : put(f, s, n);
}

static int put_array(FILE *f, const void *items, size_t n, size_t size) {
        int r = put(f, &n, sizeof(n));
        return r < 0 ? r : put(f, items, n * size);
}

static int put_kv(FILE *f, const struct kv_list *l) {
        return put_array(f, l->items, l->n, sizeof(*l->items));
}

int event_spill_write(FILE *f, const struct oom_event *e) {
        int r = put(f, e, sizeof(*e));
        const char *strs[] = { e->source_file, e->oom_memcg, e->task_memcg, e->oom_group, e->memcg_stats_path };
        for (size_t i = 0; r == 0 && i < sizeof(strs) / sizeof(*strs); i++)
                r = put_str(f, strs[i]);
        if (r == 0)
                r = put_kv(f, &e->memcg_stats);
        if (r == 0)
                r = put_kv(f, &e->meminfo);
        if (r == 0)
                r = put_array(f, e->nodes, e->n_nodes, sizeof(*e->nodes));
        for (size_t i = 0; r == 0 && i < e->n_nodes; i++)
                r = put_kv(f, &e->nodes[i].fields);
        if (r == 0)
                r = put_array(f, e->zones, e->n_zones, sizeof(*e->zones));
        for (size_t i = 0; r == 0 && i < e->n_zones; i++)
                r = put_kv(f, &e->zones[i].fields);
        if (r == 0)
                r = put_array(f, e->hugepages, e->n_hugepages, sizeof(*e->hugepages));
        if (r == 0)
                r = put_array(f, e->slabs, e->n_slabs, sizeof(*e->slabs));
        if (r == 0)
                r = put_array(f, e->tasks, e->n_tasks, sizeof(*e->tasks));
        return r;
}

static int get(FILE *f, void *p, size_t n) {
        return n == 0 || fread(p, 1, n, f) == n ? 0 : -EBADMSG;
}

/* Reads a count and that many items into a fresh allocation. */
static int get_array(FILE *f, void **ret, size_t *ret_n, size_t size) {
        size_t n;
        *ret = NULL;
        *ret_n = 0;
        int r = get(f, &n, sizeof(n));
        if (r < 0)
                return r;
        if (n == 0)
                return 0;
        if (n > (SIZE_MAX / 2) / size)
                return -EBADMSG;
        void *p = malloc(n * size);
        if (!p)
                return -ENOMEM;
        r = get(f, p, n * size);
        if (r < 0) {
                free(p);
                return r;
        }
        *ret = p;
        *ret_n = n;
        return 0;
}

static int get_str(FILE *f, char **ret) {
        size_t n;
        *ret = NULL;
        int r = get(f, &n, sizeof(n));
        if (r < 0 || n == SIZE_MAX)
                return r;
        if (n > 1 << 20)
                return -EBADMSG;
        char *s = malloc(n + 1);
        if (!s)
                return -ENOMEM;
        r = get(f, s, n);
        s[n] = '\0';
        if (r < 0) {
                free(s);
                return r;
        }
        *ret = s;
        return 0;
}

static int get_kv(FILE *f, struct kv_list *l) {
        void *items;
        size_t n;
        int r = get_array(f, &items, &n, sizeof(*l->items));
        l->items = items;
        l->n = l->cap = n;
        return r;
}

int event_spill_read(FILE *f, struct oom_event **ret) {
        struct oom_event *e = calloc(1, sizeof(*e));
        if (!e)
                return -ENOMEM;
        int r = get(f, e, sizeof(*e));
        /* the pointers read back are stale: clear them before anything can fail */
        e->source_file = e->oom_memcg = e->task_memcg = e->oom_group = e->memcg_stats_path = NULL;
        e->memcg_stats = e->meminfo = (struct kv_list){ 0 };
        e->nodes = NULL, e->zones = NULL, e->hugepages = NULL, e->slabs = NULL, e->tasks = NULL;
        size_t n_nodes = e->n_nodes, n_zones = e->n_zones;
        e->n_nodes = e->n_zones = e->n_hugepages = e->n_slabs = e->n_tasks = 0;
        char **strs[] = { &e->source_file, &e->oom_memcg, &e->task_memcg, &e->oom_group, &e->memcg_stats_path };
        for (size_t i = 0; r == 0 && i < sizeof(strs) / sizeof(*strs); i++)
                r = get_str(f, strs[i]);
        if (r == 0)
                r = get_kv(f, &e->memcg_stats);
        if (r == 0)
                r = get_kv(f, &e->meminfo);
        void *p;
        size_t n;
        if (r == 0 && (r = get_array(f, &p, &n, sizeof(*e->nodes))) == 0) {
                e->nodes = p;
                e->n_nodes = n;
                for (size_t i = 0; i < n; i++)
                        e->nodes[i].fields = (struct kv_list){ 0 };
                r = n == n_nodes ? 0 : -EBADMSG;
        }
        for (size_t i = 0; r == 0 && i < e->n_nodes; i++)
                r = get_kv(f, &e->nodes[i].fields);
        if (r == 0 && (r = get_array(f, &p, &n, sizeof(*e->zones))) == 0) {
                e->zones = p;
                e->n_zones = n;
                for (size_t i = 0; i < n; i++)
                        e->zones[i].fields = (struct kv_list){ 0 };
                r = n == n_zones ? 0 : -EBADMSG;
        }
        for (size_t i = 0; r == 0 && i < e->n_zones; i++)
                r = get_kv(f, &e->zones[i].fields);
        if (r == 0 && (r = get_array(f, &p, &n, sizeof(*e->hugepages))) == 0)
                e->hugepages = p, e->n_hugepages = n;
        if (r == 0 && (r = get_array(f, &p, &n, sizeof(*e->slabs))) == 0)
                e->slabs = p, e->n_slabs = n;
        if (r == 0 && (r = get_array(f, &p, &n, sizeof(*e->tasks))) == 0)
                e->tasks = p, e->n_tasks = n;
        if (r < 0) {
                event_free(e);
                return r;
        }
        *ret = e;
        return 0;
}

size_t event_footprint(const struct oom_event *e) {
        size_t n = sizeof(*e) + e->n_tasks * sizeof(*e->tasks) + e->n_zones * sizeof(*e->zones) +
                   e->n_nodes * sizeof(*e->nodes) + e->n_slabs * sizeof(*e->slabs) +
                   (e->meminfo.n + e->memcg_stats.n) * sizeof(struct kv);
        for (size_t i = 0; i < e->n_zones; i++)
                n += e->zones[i].fields.n * sizeof(struct kv);
        for (size_t i = 0; i < e->n_nodes; i++)
                n += e->nodes[i].fields.n * sizeof(struct kv);
        return n;
}
