/* report_lines.c — recognisers for each kind of line in a kernel OOM report.
 * Formats and their kernel versions: ../shared/reference/kernel-oom-report.md
 * (mm/oom_kill.c, mm/page_alloc.c, mm/show_mem.c, mm/memcontrol.c,
 * lib/dump_stack.c).  Key:value bags are parsed by name, never by position,
 * because keys come and go between releases. */
#include "report_lines.h"

#include <string.h>

#include "gfp_flags.h"

/* ------------------------------------------------------------------ cursor */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_space(char c) { return c == ' ' || c == '\t'; }
static bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
static bool is_key_char(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '(' || c == ')' || c == '-';
}

void cursor_ws(struct cursor *c) {
        while (c->p < c->end && is_space(*c->p))
                c->p++;
}

bool cursor_int(struct cursor *c, int64_t *ret) {
        const char *p = c->p;
        bool neg = false;
        if (p < c->end && *p == '-') {
                neg = true;
                p++;
        }
        if (p >= c->end || !is_digit(*p))
                return false;
        uint64_t v = 0;
        for (; p < c->end && is_digit(*p); p++) {
                unsigned d = (unsigned)(*p - '0');
                /* saturate instead of overflowing: hostile input */
                v = v > (UINT64_C(9223372036854775807) - d) / 10 ? UINT64_C(9223372036854775807) : v * 10 + d;
        }
        int64_t r = (int64_t)v;
        *ret = neg ? -r : r;
        c->p = p;
        return true;
}

bool cursor_hex(struct cursor *c, const char **ret_start, size_t *ret_len) {
        const char *p = c->p;
        if (c->end - p >= 3 && p[0] == '0' && p[1] == 'x' && is_hex(p[2])) {
                p += 2;
                while (p < c->end && is_hex(*p))
                        p++;
        } else if (p < c->end && is_digit(*p)) {
                while (p < c->end && is_hex(*p))
                        p++;
        } else {
                return false;
        }
        *ret_start = c->p;
        *ret_len = (size_t)(p - c->p);
        c->p = p;
        return true;
}

const char *mem_rfind(const char *hay, size_t n, const char *needle) {
        size_t k = strlen(needle);
        if (k == 0 || k > n)
                return NULL;
        for (size_t i = n - k + 1; i-- > 0;)
                if (hay[i] == needle[0] && memcmp(hay + i, needle, k) == 0)
                        return hay + i;
        return NULL;
}

size_t trim_right_len(const char *s, size_t n) {
        while (n > 0 && (is_space(s[n - 1]) || s[n - 1] == '\r'))
                n--;
        return n;
}

static bool starts_with(const char *s, size_t n, const char *lit) {
        size_t k = strlen(lit);
        return n >= k && memcmp(s, lit, k) == 0;
}

/* Value of "KEY<sep>number" found anywhere in the line, e.g. "order=" */
static bool find_int_after(const char *s, size_t n, const char *key, int64_t *ret) {
        const char *k = mem_find(s, n, key);
        if (!k)
                return false;
        struct cursor c = cursor_make(k + strlen(key), n - (size_t)(k + strlen(key) - s));
        cursor_ws(&c);
        return cursor_int(&c, ret);
}

/* Reads an optional "Node N " prefix (show_node() prints it only on NUMA kernels). */
static int64_t read_node_prefix(struct cursor *c) {
        struct cursor save = *c;
        int64_t node;
        if (cursor_lit(c, "Node ") && cursor_int(c, &node) && cursor_lit(c, " "))
                return node;
        *c = save;
        return OOM_UNSET;
}

static bool zone_name_ok(const char *s, size_t n) {
        static const char *const names[] = { "DMA", "DMA32", "Normal", "HighMem", "Movable", "Device", "DMA24" };
        for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
                if (strlen(names[i]) == n && memcmp(names[i], s, n) == 0)
                        return true;
        return false;
}

/* ------------------------------------------------------------------ trigger */

static void set_gfp(struct oom_event *e, const char *hex, size_t hex_len, const char *names, size_t names_len) {
        copy_field(e->gfp_mask, sizeof(e->gfp_mask), hex, hex_len);
        if (names)
                copy_field(e->gfp_flags, sizeof(e->gfp_flags), names, names_len);
}

static void parse_trigger_tail(struct cursor *c, struct oom_event *e) {
        const char *hex, *names = NULL;
        size_t hex_len, names_len = 0;
        if (!cursor_lit(c, "gfp_mask=") || !cursor_hex(c, &hex, &hex_len))
                return;
        if (c->p < c->end && *c->p == '(') {
                const char *close = memchr(c->p, ')', (size_t)(c->end - c->p));
                if (close) {
                        names = c->p + 1;
                        names_len = (size_t)(close - names);
                        c->p = close + 1;
                }
        }
        set_gfp(e, hex, hex_len, names, names_len);
        size_t rest = (size_t)(c->end - c->p);
        const char *nm = mem_find(c->p, rest, "nodemask=");
        if (nm) {
                const char *v = nm + 9;
                const char *stop = v;
                while (stop < c->end && *stop != ',' && !is_space(*stop))
                        stop++;
                copy_field(e->nodemask, sizeof(e->nodemask), v, (size_t)(stop - v));
        }
        find_int_after(c->p, rest, "order=", &e->order);
        find_int_after(c->p, rest, "oom_score_adj=", &e->trigger_oom_score_adj);
        if (!find_int_after(c->p, rest, "oom_adj=", &e->trigger_oom_adj))
                find_int_after(c->p, rest, "oomkilladj=", &e->trigger_oom_adj);
        /* sysrq-f forces an OOM with order -1 (is_sysrq_oom(), 4.x+) */
        e->manual = val_known(e->order) && e->order == -1;
}

bool line_trigger(const char *s, size_t n, struct oom_event *e) {
        const char *k = mem_find(s, n, " invoked oom-killer: ");
        struct cursor c;
        if (k) {
                copy_field(e->trigger_comm, sizeof(e->trigger_comm), s, (size_t)(k - s));
                c = cursor_make(k + 21, n - (size_t)(k + 21 - s));
        } else if (starts_with(s, n, "oom-killer: gfp_mask=")) {
                /* <= 2.6.18: no comm */
                c = cursor_make(s + 12, n - 12);
        } else {
                return false;
        }
        parse_trigger_tail(&c, e);
        e->parts_seen |= PART_TRIGGER;
        return true;
}

bool line_cpuset(const char *s, size_t n, struct oom_event *e) {
        const char *m = mem_rfind(s, n, " mems_allowed=");
        if (!m)
                return false;
        const char *cs = mem_rfind(s, (size_t)(m - s), " cpuset=");
        if (!cs)
                return false;
        /* The line starts with the allocating task's comm. */
        const char *name = cs + 8;
        copy_field(e->cpuset, sizeof(e->cpuset), name, (size_t)(m - name));
        const char *ma = m + 14;
        copy_field(e->mems_allowed, sizeof(e->mems_allowed), ma, trim_right_len(ma, n - (size_t)(ma - s)));
        return true;
}

/* "CPU: 15 [UID: 0 ]PID: 42005 Comm: java Tainted: G  -- T 3.10.0-229.el7.x86_64 #1 …"
 * The release is the last token that starts with a digit before " #". */
static void release_from(const char *from, const char *end, struct oom_event *e) {
        const char *hash = mem_find(from, (size_t)(end - from), " #");
        const char *stop = hash ? hash : end;
        const char *best = NULL, *best_end = NULL;
        const char *p = from;
        while (p < stop) {
                while (p < stop && is_space(*p))
                        p++;
                const char *t = p;
                while (p < stop && !is_space(*p))
                        p++;
                if (p > t && is_digit(*t) && memchr(t, '.', (size_t)(p - t))) {
                        best = t;
                        best_end = p;
                }
        }
        if (best)
                copy_field(e->kernel_release, sizeof(e->kernel_release), best, (size_t)(best_end - best));
}

bool line_stack_header(const char *s, size_t n, struct oom_event *e) {
        struct cursor c = cursor_make(s, n);
        int64_t v;
        if (cursor_lit(&c, "CPU: ") && cursor_int(&c, &v)) {
                cursor_ws(&c);
                if (cursor_lit(&c, "UID: ")) {
                        cursor_int(&c, &v);
                        cursor_ws(&c);
                }
                if (!cursor_lit(&c, "PID: ") || !cursor_int(&c, &v))
                        return false;
                e->trigger_pid = v;
                const char *comm = mem_find(c.p, (size_t)(c.end - c.p), " Comm: ");
                if (!comm)
                        return true;
                /* comm is %.20s: skip it, then look for the taint/release part */
                const char *t = mem_find(comm, (size_t)(c.end - comm), "ainted");
                release_from(t ? t : comm + 7, c.end, e);
                return true;
        }
        c = cursor_make(s, n);
        if (cursor_lit(&c, "Pid: ") && cursor_int(&c, &v) && cursor_lit(&c, ", comm: ")) {
                e->trigger_pid = v;
                const char *t = mem_find(c.p, (size_t)(c.end - c.p), "ainted");
                release_from(t ? t : c.p, c.end, e);
                return true;
        }
        return false;
}

/* ------------------------------------------------------------------ Mem-Info */

/* Parses "key:123 key2:456kB …" tokens.  KB_SUFFIX selects which tokens
 * count: true keeps "NkB"/"NKB" values, false keeps bare numbers.  Returns
 * the number of tokens stored. */
static int parse_kv_tokens(const char *s, size_t n, struct kv_list *kv, bool kb_suffix) {
        int stored = 0;
        const char *p = s, *end = s + n;
        while (p < end) {
                while (p < end && is_space(*p))
                        p++;
                const char *k = p;
                while (p < end && is_key_char(*p))
                        p++;
                const char *kend = p;
                if (p < end && *p == '?') /* "all_unreclaimable? yes" */
                        p++;
                if (p >= end || kend == k || *p != ':') {
                        if (kend - k == 17 && memcmp(k, "all_unreclaimable", 17) == 0 && p < end) {
                                while (p < end && is_space(*p))
                                        p++;
                                kv_set(kv, k, 17, starts_with(p, (size_t)(end - p), "yes") ? 1 : 0);
                        }
                        while (p < end && !is_space(*p))
                                p++;
                        continue;
                }
                p++; /* ':' */
                while (p < end && is_space(*p)) /* " shmem_thp: 0kB" (4.14-5.10) */
                        p++;
                struct cursor c = cursor_make(p, (size_t)(end - p));
                int64_t v;
                if (!cursor_int(&c, &v)) {
                        while (p < end && !is_space(*p))
                                p++;
                        continue;
                }
                bool has_kb = cursor_lit(&c, "kB") || cursor_lit(&c, "KB");
                p = c.p;
                if (has_kb == kb_suffix && kv_set(kv, k, (size_t)(kend - k), v) == 0)
                        stored++;
                while (p < end && !is_space(*p))
                        p++;
        }
        return stored;
}

bool line_meminfo_counters(const char *s, size_t n, struct kv_list *kv) {
        if (starts_with(s, n, "Node ") || starts_with(s, n, "Free pages:"))
                return false;
        struct cursor c = cursor_make(s, n);
        cursor_ws(&c);
        const char *k = c.p;
        while (c.p < c.end && is_key_char(*c.p))
                c.p++;
        if (c.p == k || c.p >= c.end || *c.p != ':')
                return false;
        return parse_kv_tokens(s, n, kv, false) > 0;
}

bool line_node(const char *s, size_t n, struct oom_event *e) {
        struct cursor c = cursor_make(s, n);
        int64_t node;
        if (!cursor_lit(&c, "Node ") || !cursor_int(&c, &node) || !cursor_lit(&c, " "))
                return false;
        if (!starts_with(c.p, (size_t)(c.end - c.p), "active_anon:"))
                return false;
        struct oom_node *nd = event_add_node(e, node);
        if (nd)
                parse_kv_tokens(c.p, (size_t)(c.end - c.p), &nd->fields, true);
        return true;
}

struct oom_zone *line_zone(const char *s, size_t n, struct oom_event *e) {
        struct cursor c = cursor_make(s, n);
        int64_t node = read_node_prefix(&c);
        const char *name = c.p;
        while (c.p < c.end && !is_space(*c.p) && *c.p != ':')
                c.p++;
        size_t name_len = (size_t)(c.p - name);
        if (!zone_name_ok(name, name_len) || !cursor_lit(&c, " free:"))
                return NULL;
        struct oom_zone *z = event_find_zone(e, node, name, name_len);
        if (!z)
                z = event_add_zone(e, node, name, name_len);
        if (!z)
                return NULL;
        z->has_zone_line = true;
        const char *fields = c.p - 5;
        parse_kv_tokens(fields, (size_t)(c.end - fields), &z->fields, true);
        z->free_kb = kv_get(&z->fields, "free");
        z->min_kb = kv_get(&z->fields, "min");
        z->low_kb = kv_get(&z->fields, "low");
        z->high_kb = kv_get(&z->fields, "high");
        z->boost_kb = kv_get(&z->fields, "boost");
        z->present_kb = kv_get(&z->fields, "present");
        z->managed_kb = kv_get(&z->fields, "managed");
        /* pages_scanned is a count, printed without kB (<= 4.7) */
        struct kv_list counts = { 0 };
        parse_kv_tokens(fields, (size_t)(c.end - fields), &counts, false);
        int64_t scanned = kv_get(&counts, "pages_scanned");
        if (val_known(scanned))
                kv_set(&z->fields, "pages_scanned", 13, scanned);
        kv_clear(&counts);
        /* reserved_highatomic is printed "KB" (5.10+): same unit, same bag. */
        return z;
}

bool line_lowmem_reserve(const char *s, size_t n, struct oom_zone *zone) {
        struct cursor c = cursor_make(s, n);
        if (!cursor_lit(&c, "lowmem_reserve[]:"))
                return false;
        int64_t v;
        int k = 0;
        for (;;) {
                cursor_ws(&c);
                if (!cursor_int(&c, &v))
                        break;
                if (zone && k < OOM_MAX_RESERVE)
                        zone->lowmem_reserve[k] = v;
                k++;
        }
        if (zone)
                zone->n_reserve = k < OOM_MAX_RESERVE ? k : OOM_MAX_RESERVE;
        return true;
}

bool line_buddy(const char *s, size_t n, struct oom_event *e) {
        struct cursor c = cursor_make(s, n);
        int64_t node = read_node_prefix(&c);
        const char *name = c.p;
        while (c.p < c.end && *c.p != ':' && !is_space(*c.p))
                c.p++;
        size_t name_len = (size_t)(c.p - name);
        if (!zone_name_ok(name, name_len) || !cursor_lit(&c, ": "))
                return false;
        if (cursor_lit(&c, "empty")) /* 2.6.18 unpopulated zone */
                return true;
        int64_t count, size;
        struct cursor probe = c;
        if (!cursor_int(&probe, &count) || !cursor_lit(&probe, "*"))
                return false;
        struct oom_zone *z = event_find_zone(e, node, name, name_len);
        if (!z)
                z = event_add_zone(e, node, name, name_len);
        if (!z)
                return true;
        z->has_buddy_line = true;
        z->n_orders = 0;
        while (c.p < c.end) {
                cursor_ws(&c);
                if (cursor_lit(&c, "= ")) {
                        int64_t total;
                        if (cursor_int(&c, &total))
                                z->buddy_total_kb = total;
                        break;
                }
                if (!cursor_int(&c, &count) || !cursor_lit(&c, "*") || !cursor_int(&c, &size) || !cursor_lit(&c, "kB"))
                        break;
                if (z->n_orders == 0)
                        z->order0_kb = size;
                if (z->n_orders < OOM_MAX_ORDERS)
                        z->free_chunks[z->n_orders++] = count;
                cursor_ws(&c);
                if (c.p < c.end && *c.p == '(') { /* migrate types "(UEMR)" */
                        const char *close = memchr(c.p, ')', (size_t)(c.end - c.p));
                        c.p = close ? close + 1 : c.end;
                }
        }
        return true;
}

bool line_hugepages(const char *s, size_t n, struct oom_event *e) {
        struct cursor c = cursor_make(s, n);
        int64_t node;
        if (!cursor_lit(&c, "Node ") || !cursor_int(&c, &node) || !cursor_lit(&c, " hugepages_total="))
                return false;
        struct oom_hugepages *h = event_add_hugepages(e);
        if (!h)
                return true;
        h->node = node;
        cursor_int(&c, &h->total);
        size_t rest = (size_t)(c.end - c.p);
        find_int_after(c.p, rest, "hugepages_free=", &h->free);
        find_int_after(c.p, rest, "hugepages_surp=", &h->surp);
        find_int_after(c.p, rest, "hugepages_size=", &h->size_kb);
        return true;
}

bool line_meminfo_tail(const char *s, size_t n, struct oom_event *e) {
        int64_t v;
        n = trim_right_len(s, n);
        struct cursor c = cursor_make(s, n);
        if (cursor_lit(&c, "Free swap  = ") || cursor_lit(&c, "Free swap = ")) {
                if (cursor_int(&c, &v))
                        e->free_swap_kb = v;
                return true;
        }
        if (cursor_lit(&c, "Total swap = ")) {
                if (cursor_int(&c, &v))
                        e->total_swap_kb = v;
                return true;
        }
        if (cursor_lit(&c, "Free swap:")) { /* old x86 show_mem */
                cursor_ws(&c);
                if (cursor_int(&c, &v) && !val_known(e->free_swap_kb))
                        e->free_swap_kb = v;
                return true;
        }
        if (starts_with(s, n, "Swap cache stats:") || starts_with(s, n, "Swap cache:"))
                return true;
        c = cursor_make(s, n);
        cursor_ws(&c);
        if (!cursor_int(&c, &v) || !cursor_lit(&c, " "))
                return false;
        size_t rest = (size_t)(c.end - c.p);
        struct {
                const char *text;
                int64_t *field;
        } tails[] = {
                { "total pagecache pages", &e->pagecache_pages },
                { "pages in swap cache", &e->swapcache_pages },
                { "pages RAM", &e->ram_pages },
                { "pages of RAM", &e->ram_pages },
                { "pages HighMem/MovableOnly", &e->highmem_pages },
                { "pages HighMem", &e->highmem_pages },
                { "pages of HIGHMEM", &e->highmem_pages },
                { "pages reserved", &e->reserved_pages },
                { "reserved pages", &e->reserved_pages },
                { "pages cma reserved", &e->cma_reserved_pages },
                { "pages hwpoisoned", &e->hwpoisoned_pages },
        };
        for (size_t i = 0; i < sizeof(tails) / sizeof(*tails); i++) {
                size_t k = strlen(tails[i].text);
                if (rest == k && memcmp(c.p, tails[i].text, k) == 0) {
                        *tails[i].field = v;
                        return true;
                }
        }
        /* other "N pages …" lines of old show_mem: recognised, not kept */
        return starts_with(c.p, rest, "pages ") || starts_with(c.p, rest, "free pages");
}

bool line_percpu(const char *s, size_t n) {
        struct cursor c = cursor_make(s, n);
        read_node_prefix(&c);
        size_t rest = (size_t)(c.end - c.p);
        if (mem_find(c.p, rest, " per-cpu:"))
                return true;
        return (starts_with(c.p, rest, "CPU ") || starts_with(c.p, rest, "cpu ")) &&
               (mem_find(c.p, rest, "hi:") || mem_find(c.p, rest, "high ") || mem_find(c.p, rest, "Hot:"));
}

bool line_slab_row(const char *s, size_t n, struct oom_event *e) {
        /* "%-17s %10luKB %10luKB": split from the right, names may be long */
        n = trim_right_len(s, n);
        if (n < 6 || s[n - 1] != 'B' || s[n - 2] != 'K')
                return false;
        size_t i = n - 2;
        size_t total_end = i;
        while (i > 0 && is_digit(s[i - 1]))
                i--;
        if (i == total_end)
                return false;
        size_t total_start = i;
        while (i > 0 && is_space(s[i - 1]))
                i--;
        if (i < 3 || s[i - 1] != 'B' || s[i - 2] != 'K')
                return false;
        i -= 2;
        size_t used_end = i;
        while (i > 0 && is_digit(s[i - 1]))
                i--;
        if (i == used_end)
                return false;
        size_t used_start = i;
        while (i > 0 && is_space(s[i - 1]))
                i--;
        if (i == 0)
                return false;
        struct oom_slab *sl = event_add_slab(e);
        if (!sl)
                return true;
        copy_field(sl->name, sizeof(sl->name), s, i);
        struct cursor cu = cursor_make(s + used_start, used_end - used_start);
        cursor_int(&cu, &sl->used_kb);
        struct cursor ct = cursor_make(s + total_start, total_end - total_start);
        cursor_int(&ct, &sl->total_kb);
        return true;
}

/* ------------------------------------------------------------------ tasks */

static enum task_col column_named(const char *s, size_t n) {
        static const struct {
                const char *name;
                enum task_col col;
        } map[] = {
                { "pid", COL_PID }, { "uid", COL_UID }, { "tgid", COL_TGID }, { "total_vm", COL_TOTAL_VM },
                { "rss", COL_RSS }, { "rss_anon", COL_RSS_ANON }, { "rss_file", COL_RSS_FILE },
                { "rss_shmem", COL_RSS_SHMEM }, { "pgtables_bytes", COL_PGTABLES_BYTES },
                { "nr_ptes", COL_NR_PTES }, { "nr_pmds", COL_NR_PMDS }, { "swapents", COL_SWAPENTS },
                { "cpu", COL_CPU }, { "oom_adj", COL_OOM_ADJ }, { "oom_score_adj", COL_OOM_SCORE_ADJ },
        };
        for (size_t i = 0; i < sizeof(map) / sizeof(*map); i++)
                if (strlen(map[i].name) == n && memcmp(map[i].name, s, n) == 0)
                        return map[i].col;
        return COL_UNKNOWN;
}

bool line_task_header(const char *s, size_t n, struct task_columns *ret, enum oom_task_layout *ret_layout) {
        struct cursor c = cursor_make(s, n);
        if (!cursor_lit(&c, "["))
                return false;
        cursor_ws(&c);
        if (!cursor_lit(&c, "pid"))
                return false;
        cursor_ws(&c);
        if (!cursor_lit(&c, "]"))
                return false;
        struct task_columns cols = { .n = 1 };
        cols.col[0] = COL_PID;
        bool has_name = false;
        unsigned seen = 0;
        while (c.p < c.end) {
                cursor_ws(&c);
                const char *t = c.p;
                while (c.p < c.end && !is_space(*c.p))
                        c.p++;
                size_t len = (size_t)(c.p - t);
                if (len == 0)
                        break;
                if (len == 4 && memcmp(t, "name", 4) == 0) {
                        has_name = true;
                        break;
                }
                if (cols.n >= TASK_MAX_COLS)
                        return false;
                enum task_col col = column_named(t, len);
                cols.col[cols.n++] = col;
                seen |= 1u << col;
        }
        if (!has_name || cols.n < 4)
                return false;
        enum oom_task_layout layout = TASKS_OTHER;
        if (seen & (1u << COL_RSS_ANON))
                layout = TASKS_RSS_SPLIT;
        else if (seen & (1u << COL_PGTABLES_BYTES))
                layout = TASKS_PGTABLES_BYTES;
        else if ((seen & (1u << COL_NR_PTES)) && (seen & (1u << COL_NR_PMDS)))
                layout = TASKS_NR_PTES_PMDS;
        else if (seen & (1u << COL_NR_PTES))
                layout = TASKS_NR_PTES;
        else if ((seen & (1u << COL_OOM_ADJ)) && (seen & (1u << COL_OOM_SCORE_ADJ)))
                layout = TASKS_CPU_OOM_ADJ_SCORE;
        else if (seen & (1u << COL_OOM_ADJ))
                layout = TASKS_CPU_OOM_ADJ;
        *ret = cols;
        *ret_layout = layout;
        return true;
}

static void task_set(struct oom_task *t, enum task_col col, int64_t v) {
        switch (col) {
        case COL_PID: t->pid = v; break;
        case COL_UID: t->uid = v; break;
        case COL_TGID: t->tgid = v; break;
        case COL_TOTAL_VM: t->total_vm = v; break;
        case COL_RSS: t->rss = v; break;
        case COL_RSS_ANON: t->rss_anon = v; break;
        case COL_RSS_FILE: t->rss_file = v; break;
        case COL_RSS_SHMEM: t->rss_shmem = v; break;
        case COL_PGTABLES_BYTES: t->pgtables_bytes = v; break;
        case COL_NR_PTES: t->nr_ptes = v; break;
        case COL_NR_PMDS: t->nr_pmds = v; break;
        case COL_SWAPENTS: t->swapents = v; break;
        case COL_CPU: t->cpu = v; break;
        case COL_OOM_ADJ: t->oom_adj = v; break;
        case COL_OOM_SCORE_ADJ: t->oom_score_adj = v; break;
        case COL_UNKNOWN: break;
        }
}

/* "[ 1234]" (the pid column; the bracket's width varies by kernel) */
static bool read_pid_bracket(struct cursor *c, int64_t *ret) {
        if (!cursor_lit(c, "["))
                return false;
        cursor_ws(c);
        return cursor_int(c, ret) && cursor_lit(c, "]");
}

bool line_task_row(const char *s, size_t n, const struct task_columns *cols, struct oom_task *ret) {
        struct cursor c = cursor_make(s, n);
        int64_t v;
        if (!read_pid_bracket(&c, &v))
                return false;
        struct oom_task t;
        memset(&t, 0, sizeof(t));
        t.uid = t.tgid = t.total_vm = t.rss = t.rss_anon = t.rss_file = t.rss_shmem = OOM_UNSET;
        t.pgtables_bytes = t.nr_ptes = t.nr_pmds = t.swapents = t.cpu = t.oom_adj = t.oom_score_adj = OOM_UNSET;
        t.pid = v;
        t.line = OOM_UNSET;
        for (int i = 1; i < cols->n; i++) {
                cursor_ws(&c);
                if (!cursor_int(&c, &v))
                        return false;
                if (c.p < c.end && !is_space(*c.p))
                        return false;
                task_set(&t, cols->col[i], v);
        }
        if (c.p >= c.end || !is_space(*c.p))
                return false;
        /* name: everything after the last numeric column (comm may hold spaces) */
        c.p++;
        cursor_ws(&c);
        copy_field(t.comm, sizeof(t.comm), c.p, trim_right_len(c.p, (size_t)(c.end - c.p)));
        *ret = t;
        return true;
}

bool line_task_row_shape(const char *s, size_t n) {
        struct cursor c = cursor_make(s, n);
        int64_t v;
        if (!read_pid_bracket(&c, &v))
                return false;
        cursor_ws(&c);
        return cursor_int(&c, &v);
}

/* ------------------------------------------------------------------ memcg */

bool line_memcg_task_in(const char *s, size_t n, struct oom_event *e) {
        n = trim_right_len(s, n);
        struct cursor c = cursor_make(s, n);
        if (cursor_lit(&c, "Memory limit reached of cgroup ")) {
                event_set_str(&e->oom_memcg, c.p, (size_t)(s + n - c.p));
                return true;
        }
        if (!cursor_lit(&c, "Task in "))
                return false;
        const char *k = mem_find(c.p, (size_t)(s + n - c.p), " killed as a result of limit of ");
        if (!k) {
                /* the KERN_CONT tail may arrive as its own record */
                const char *k2 = mem_find(c.p, (size_t)(s + n - c.p), " killed");
                if (!k2)
                        return false;
                event_set_str(&e->task_memcg, c.p, (size_t)(k2 - c.p));
                return true;
        }
        event_set_str(&e->task_memcg, c.p, (size_t)(k - c.p));
        const char *lim = k + 32;
        event_set_str(&e->oom_memcg, lim, (size_t)(s + n - lim));
        return true;
}

bool line_memcg_counter(const char *s, size_t n, struct oom_event *e) {
        struct cursor c = cursor_make(s, n);
        int64_t *usage, *limit, *failcnt;
        if (cursor_lit(&c, "memory: usage ")) {
                usage = &e->memcg_usage_kb, limit = &e->memcg_limit_kb, failcnt = &e->memcg_failcnt;
        } else if (cursor_lit(&c, "memory+swap: usage ")) {
                usage = &e->memsw_usage_kb, limit = &e->memsw_limit_kb, failcnt = &e->memsw_failcnt;
        } else if (cursor_lit(&c, "swap: usage ")) {
                usage = &e->swap_usage_kb, limit = &e->swap_limit_kb, failcnt = &e->swap_failcnt;
        } else if (cursor_lit(&c, "kmem: usage ")) {
                usage = &e->kmem_usage_kb, limit = &e->kmem_limit_kb, failcnt = &e->kmem_failcnt;
        } else {
                return false;
        }
        int64_t v;
        if (cursor_int(&c, &v) && cursor_lit(&c, "kB"))
                *usage = v;
        if (cursor_lit(&c, ", limit ") && cursor_int(&c, &v) && cursor_lit(&c, "kB"))
                *limit = v;
        if (cursor_lit(&c, ", failcnt ") && cursor_int(&c, &v))
                *failcnt = v;
        e->parts_seen |= PART_MEMCG;
        return true;
}

/* memory.stat keys that are event counts, not sizes (everything else is bytes) */
static bool stat_is_count(const char *k, size_t n) {
        static const char *const prefixes[] = { "pg", "workingset_", "thp_", "numa_", "zswpin", "zswpout",
                                                "zswpwb", "oom", "swpin", "swpout", "total_pg",
                                                "total_workingset_", "hierarchical_" };
        for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++)
                if (starts_with(k, n, prefixes[i]))
                        return !starts_with(prefixes[i], strlen(prefixes[i]), "hierarchical_");
        return false;
}

static void stat_store(struct oom_event *e, const char *k, size_t klen, int64_t v, bool bytes) {
        char key[48];
        if (klen > 36)
                klen = 36;
        if (stat_is_count(k, klen)) {
                kv_set(&e->memcg_stats, k, klen, v);
                return;
        }
        memcpy(key, k, klen);
        memcpy(key + klen, "_kb", 3);
        kv_set(&e->memcg_stats, key, klen + 3, bytes ? v / 1024 : v);
}

bool line_memcg_stats_header(const char *s, size_t n, struct oom_event *e, bool *ret_inline) {
        struct cursor c = cursor_make(s, n);
        if (!cursor_lit(&c, "Memory cgroup stats"))
                return false;
        *ret_inline = false;
        if (!cursor_lit(&c, " for "))
                return true; /* the path may follow as its own KERN_CONT record */
        const char *path = c.p;
        /* "for <path>:" then, on 3.x-4.19, " cache:…KB rss:…KB" on the same line */
        const char *colon_kb = mem_find(path, (size_t)(c.end - path), ": ");
        const char *end = s + trim_right_len(s, n);
        if (end < path) /* "for" and nothing after it */
                end = path;
        const char *path_end = end;
        if (colon_kb && mem_find(colon_kb, (size_t)(end - colon_kb), "KB")) {
                path_end = colon_kb;
                *ret_inline = true;
        } else if (path_end > path && path_end[-1] == ':') {
                path_end--;
        }
        /* Only the first (the OOM cgroup itself) is kept: 3.x-4.19 print one
         * line per cgroup of the subtree. */
        if (!e->memcg_stats_path)
                event_set_str(&e->memcg_stats_path, path, (size_t)(path_end - path));
        else if (*ret_inline)
                return true;
        if (*ret_inline) {
                struct kv_list tmp = { 0 };
                parse_kv_tokens(path_end + 1, (size_t)(end - path_end - 1), &tmp, true);
                for (size_t i = 0; i < tmp.n; i++)
                        stat_store(e, tmp.items[i].key, strlen(tmp.items[i].key), tmp.items[i].value, false);
                kv_clear(&tmp);
        }
        e->parts_seen |= PART_MEMCG;
        return true;
}

bool line_memcg_stat_kv(const char *s, size_t n, struct oom_event *e) {
        struct cursor c = cursor_make(s, trim_right_len(s, n));
        cursor_ws(&c);
        const char *k = c.p;
        while (c.p < c.end && ((*c.p >= 'a' && *c.p <= 'z') || is_digit(*c.p) || *c.p == '_'))
                c.p++;
        size_t klen = (size_t)(c.p - k);
        int64_t v;
        if (klen == 0 || !cursor_lit(&c, " ") || !cursor_int(&c, &v) || c.p != c.end)
                return false;
        stat_store(e, k, klen, v, true);
        return true;
}

/* ------------------------------------------------------------------ summary */

static const char *summary_value(const char *s, size_t n, const char *key, const char **ret_end,
                                 const char *const stops[]) {
        const char *k = mem_find(s, n, key);
        if (!k)
                return NULL;
        const char *v = k + strlen(key);
        const char *end = s + n;
        const char *best = end;
        for (int i = 0; stops[i]; i++) {
                const char *st = mem_find(v, (size_t)(end - v), stops[i]);
                if (st && st < best)
                        best = st;
        }
        *ret_end = best;
        return v;
}

bool line_oom_summary(const char *s, size_t n, struct oom_event *e) {
        n = trim_right_len(s, n);
        bool head = starts_with(s, n, "oom-kill:");
        bool tail = !head && (starts_with(s, n, ",task=") || starts_with(s, n, ",global_oom") ||
                              starts_with(s, n, ",oom_memcg=") || starts_with(s, n, ",task_memcg=") ||
                              starts_with(s, n, ",cpuset="));
        if (!head && !tail)
                return false;
        const char *end;
        const char *v;
        static const char *const stop_all[] = { ",nodemask=", ",cpuset=", ",mems_allowed=", ",global_oom",
                                                ",oom_memcg=", ",task_memcg=", ",task=", NULL };
        static const char *const stop_task[] = { ",task=", NULL };
        if ((v = summary_value(s, n, "constraint=", &end, stop_all))) {
                size_t len = (size_t)(end - v);
                if (starts_with(v, len, "CONSTRAINT_"))
                        v += 11, len -= 11;
                static const struct {
                        const char *name;
                        enum oom_constraint c;
                } map[] = { { "NONE", OOM_CONSTRAINT_NONE }, { "CPUSET", OOM_CONSTRAINT_CPUSET },
                            { "MEMORY_POLICY", OOM_CONSTRAINT_MEMORY_POLICY }, { "MEMCG", OOM_CONSTRAINT_MEMCG } };
                for (size_t i = 0; i < sizeof(map) / sizeof(*map); i++)
                        if (strlen(map[i].name) == len && memcmp(map[i].name, v, len) == 0)
                                e->constraint = map[i].c;
        }
        if ((v = summary_value(s, n, "nodemask=", &end, stop_all)))
                copy_field(e->nodemask, sizeof(e->nodemask), v, (size_t)(end - v));
        if ((v = summary_value(s, n, "cpuset=", &end, stop_all)))
                copy_field(e->cpuset, sizeof(e->cpuset), v, (size_t)(end - v));
        if ((v = summary_value(s, n, "mems_allowed=", &end, stop_all)))
                copy_field(e->mems_allowed, sizeof(e->mems_allowed), v, (size_t)(end - v));
        if (mem_find(s, n, ",global_oom"))
                e->global_oom = true;
        /* cgroup paths end at the next known key; task= is a comm and may hold commas */
        static const char *const stop_memcg[] = { ",task_memcg=", ",task=", NULL };
        if ((v = summary_value(s, n, "oom_memcg=", &end, stop_memcg)))
                event_set_str(&e->oom_memcg, v, (size_t)(end - v));
        if ((v = summary_value(s, n, "task_memcg=", &end, stop_task)))
                event_set_str(&e->task_memcg, v, (size_t)(end - v));
        const char *task = mem_find(s, n, ",task=");
        const char *pid = mem_rfind(s, n, ",pid=");
        if (task && pid && pid > task) {
                /* the summary names the victim; the kill line confirms it */
                if (!e->victim_comm[0])
                        copy_field(e->victim_comm, sizeof(e->victim_comm), task + 6, (size_t)(pid - task - 6));
                struct cursor c = cursor_make(pid + 5, (size_t)(s + n - pid - 5));
                int64_t p;
                if (cursor_int(&c, &p) && !val_known(e->victim_pid))
                        e->victim_pid = p;
                int64_t uid;
                if (cursor_lit(&c, ",uid=") && cursor_int(&c, &uid) && !val_known(e->victim_uid))
                        e->victim_uid = uid;
        }
        e->parts_seen |= PART_SUMMARY;
        return true;
}

/* ------------------------------------------------------------------ select / kill */

/* Reads "<pid> (<comm>)" where comm may contain ')' — STOP, when non-NULL, is
 * the literal that must follow the closing parenthesis (e.g. ") score "). */
static bool read_pid_comm(struct cursor *c, const char *stop, int64_t *ret_pid, char *comm, size_t comm_size) {
        int64_t pid;
        if (!cursor_int(c, &pid))
                return false;
        bool rhel6 = cursor_lit(c, ", UID "); /* RHEL6: "Killed process %d, UID %d, (%s)" */
        int64_t uid = OOM_UNSET;
        if (rhel6 && (!cursor_int(c, &uid) || !cursor_lit(c, ",")))
                return false;
        if (!cursor_lit(c, " ("))
                return false;
        const char *open = c->p;
        const char *close = NULL;
        size_t rest = (size_t)(c->end - open);
        if (stop)
                close = mem_rfind(open, rest, stop);
        if (!close) {
                close = mem_rfind(open, rest, ")");
                if (!close)
                        return false;
        }
        copy_field(comm, comm_size, open, (size_t)(close - open));
        *ret_pid = pid;
        c->p = close + 1;
        if (rhel6)
                *ret_pid = pid; /* the uid is picked up by line_kill */
        return true;
}

bool line_select(const char *s, size_t n, struct oom_event *e) {
        n = trim_right_len(s, n);
        const char *k = mem_find(s, n, "ill process ");
        if (!k || k == s || (k[-1] != 'K' && k[-1] != 'k'))
                return false;
        if (mem_find(s, n, "sharing same memory"))
                return false;
        const char *head = k - 1;
        struct cursor c = cursor_make(k + 12, (size_t)(s + n - (k + 12)));
        int64_t pid;
        char comm[OOM_COMM_MAX];
        if (!read_pid_comm(&c, ") score ", &pid, comm, sizeof(comm)))
                return false;
        int64_t score;
        if (!cursor_lit(&c, " score ") || !cursor_int(&c, &score))
                return false;
        /* "<msg>: Kill process" — msg is "Out of memory", "Memory cgroup out of memory", … */
        if (head - s >= 2 && head[-2] == ':' && head[-1] == ' ')
                copy_field(e->kill_message, sizeof(e->kill_message), s, (size_t)(head - 2 - s));
        e->selected_pid = pid;
        copy_field(e->selected_comm, sizeof(e->selected_comm), comm, strlen(comm));
        e->score = score;
        e->parts_seen |= PART_SELECT;
        return true;
}

bool line_kill(const char *s, size_t n, struct kill_info *ret) {
        n = trim_right_len(s, n);
        const char *k = mem_find(s, n, "Killed process ");
        if (!k)
                return false;
        struct kill_info ki;
        memset(&ki, 0, sizeof(ki));
        ki.pid = ki.uid = ki.total_vm_kb = ki.anon_rss_kb = ki.file_rss_kb = OOM_UNSET;
        ki.shmem_rss_kb = ki.pgtables_kb = ki.oom_score_adj = OOM_UNSET;
        if (k > s) {
                /* "<msg>: Killed process" (2.6.18, 5.1+) — anything else before
                 * "Killed" means this is not the kernel's line */
                if (k - s < 2 || k[-2] != ':' || k[-1] != ' ')
                        return false;
                copy_field(ki.message, sizeof(ki.message), s, (size_t)(k - 2 - s));
        }
        struct cursor c = cursor_make(k + 15, (size_t)(s + n - (k + 15)));
        struct cursor rh = c;
        int64_t pid, uid;
        if (cursor_int(&rh, &pid) && cursor_lit(&rh, ", UID ") && cursor_int(&rh, &uid))
                ki.uid = uid;
        const char *stop = mem_find(c.p, (size_t)(c.end - c.p), ") total-vm:") ? ") total-vm:" : NULL;
        if (!read_pid_comm(&c, stop, &ki.pid, ki.comm, sizeof(ki.comm)))
                return false;
        size_t rest = (size_t)(c.end - c.p);
        find_int_after(c.p, rest, "total-vm:", &ki.total_vm_kb);
        find_int_after(c.p, rest, "anon-rss:", &ki.anon_rss_kb);
        find_int_after(c.p, rest, "file-rss:", &ki.file_rss_kb);
        find_int_after(c.p, rest, "shmem-rss:", &ki.shmem_rss_kb);
        find_int_after(c.p, rest, "UID:", &ki.uid);
        find_int_after(c.p, rest, "pgtables:", &ki.pgtables_kb);
        find_int_after(c.p, rest, "oom_score_adj:", &ki.oom_score_adj);
        *ret = ki;
        return true;
}

void kill_info_apply(const struct kill_info *k, struct oom_event *e) {
        if (k->message[0] && !e->kill_message[0])
                copy_field(e->kill_message, sizeof(e->kill_message), k->message, strlen(k->message));
        e->victim_pid = k->pid;
        copy_field(e->victim_comm, sizeof(e->victim_comm), k->comm, strlen(k->comm));
        if (val_known(k->uid))
                e->victim_uid = k->uid;
        e->victim_total_vm_kb = k->total_vm_kb;
        e->victim_anon_rss_kb = k->anon_rss_kb;
        e->victim_file_rss_kb = k->file_rss_kb;
        e->victim_shmem_rss_kb = k->shmem_rss_kb;
        e->victim_pgtables_kb = k->pgtables_kb;
        e->victim_oom_score_adj = k->oom_score_adj;
        e->parts_seen |= PART_KILL;
}

bool line_reaper(const char *s, size_t n, struct reap_info *ret) {
        struct cursor c = cursor_make(s, n);
        struct reap_info r = { OOM_UNSET, OOM_UNSET, OOM_UNSET, OOM_UNSET, false };
        if (cursor_lit(&c, "oom_reaper: reaped process ")) {
                if (!cursor_int(&c, &r.pid))
                        return false;
                size_t rest = (size_t)(c.end - c.p);
                find_int_after(c.p, rest, "anon-rss:", &r.anon_rss_kb);
                find_int_after(c.p, rest, "file-rss:", &r.file_rss_kb);
                find_int_after(c.p, rest, "shmem-rss:", &r.shmem_rss_kb);
        } else if (cursor_lit(&c, "oom_reaper: unable to reap pid:")) {
                if (!cursor_int(&c, &r.pid))
                        return false;
                r.failed = true;
        } else {
                return false;
        }
        *ret = r;
        return true;
}

unsigned line_end_of_oom(const char *s, size_t n, struct oom_event *e) {
        n = trim_right_len(s, n);
        if (starts_with(s, n, "Out of memory and no killable processes")) {
                e->parts_seen |= PART_NO_KILLABLE;
                return PART_NO_KILLABLE;
        }
        const char *p = mem_find(s, n, "Kernel panic - not syncing: ");
        if (p) {
                const char *m = p + 28;
                size_t len = (size_t)(s + n - m);
                if (mem_find(m, len, "ut of memory") || mem_find(m, len, "deadlocked on memory") ||
                    mem_find(m, len, "panic_on_oom")) {
                        copy_field(e->panic, sizeof(e->panic), p, (size_t)(s + n - p));
                        e->parts_seen |= PART_PANIC;
                        return PART_PANIC;
                }
                return 0;
        }
        /* 2.6.36+: "Out of memory: %s panic_on_oom is enabled" printed before panic() */
        if (starts_with(s, n, "Out of memory: ") && mem_find(s, n, "panic_on_oom is enabled")) {
                copy_field(e->panic, sizeof(e->panic), s, n);
                e->parts_seen |= PART_PANIC;
                return PART_PANIC;
        }
        return 0;
}

bool line_suppressed(const char *s, size_t n, int64_t *ret_count) {
        struct cursor c = cursor_make(s, n);
        int64_t v;
        if (cursor_lit(&c, "oom_kill_process: ") && cursor_int(&c, &v) && cursor_lit(&c, " callbacks suppressed")) {
                *ret_count = v;
                return true;
        }
        return false;
}

bool line_oom_group(const char *s, size_t n, struct oom_event *e) {
        n = trim_right_len(s, n);
        struct cursor c = cursor_make(s, n);
        if (!cursor_lit(&c, "Tasks in "))
                return false;
        const char *k = mem_find(c.p, (size_t)(s + n - c.p), " are going to be killed due to memory.oom.group set");
        if (!k)
                return false;
        event_set_str(&e->oom_group, c.p, (size_t)(k - c.p));
        return true;
}

bool line_report_noise(const char *s, size_t n) {
        static const char *const heads[] = {
                "Call Trace:", "Call trace:", "<TASK>", "</TASK>", "<IRQ>", "</IRQ>", "Hardware name:",
                "Workqueue:", "Tasks state (memory values in pages):", "Unreclaimable slab info:",
                "Name                      Used          Total", "RIP:", "RSP:", "RAX:", "RDX:", "RBP:",
                "R10:", "R13:", "Code:", "COMPACTION is disabled", "Tainted:", "Mem-Info:", "Mem-info:",
                "Free pages:", "Memory allocations:", "Swap cache", "Pid: ", "? ",
                "[<", "---[ end", "Kernel Offset:", "Modules linked in:", "Hardware name",
        };
        struct cursor c = cursor_make(s, n);
        cursor_ws(&c);
        size_t rest = (size_t)(c.end - c.p);
        for (size_t i = 0; i < sizeof(heads) / sizeof(*heads); i++)
                if (starts_with(c.p, rest, heads[i]))
                        return true;
        /* stack frame "func+0x1a/0x30" or raw stack words "ffff8802…" */
        const char *plus = memchr(c.p, '+', rest);
        if (plus && rest - (size_t)(plus - c.p) > 3 && plus[1] == '0' && plus[2] == 'x')
                return true;
        if (rest >= 16 && is_hex(c.p[0]) && is_hex(c.p[15]) && (rest == 16 || c.p[16] == ' '))
                return true;
        return false;
}
