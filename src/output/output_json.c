/* output_json.c — the JSON document of an analysis.  Names follow the
 * contract in doc/json-contract.md and schema/oomlens-analyze.schema.json:
 * numbers in the units the name says (_kb, _pages, _bytes), null where the
 * log does not say, strings from the log escaped by json_writer. */
#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup_owner.h"
#include "config.h"
#include "json_writer.h"



static const char *format_name(enum log_format f) {
        static const char *const names[] = {
                [LOG_FMT_TEXT] = "text", [LOG_FMT_DMESG] = "dmesg", [LOG_FMT_DMESG_CTIME] = "dmesg-ctime",
                [LOG_FMT_DMESG_ISO] = "dmesg-iso", [LOG_FMT_KMSG] = "kmsg", [LOG_FMT_SYSLOG] = "syslog",
                [LOG_FMT_SYSLOG_ISO] = "syslog-iso", [LOG_FMT_JOURNAL_MONO] = "journal-monotonic",
                [LOG_FMT_JOURNAL_JSON] = "journal-json", [LOG_FMT_JOURNAL_EXPORT] = "journal-export",
        };
        return (unsigned)f < sizeof(names) / sizeof(*names) && names[f] ? names[f] : "text";
}

static void kv_object(struct json_writer *w, const char *key, const struct kv_list *l) {
        json_key(w, key);
        json_begin_object(w);
        for (size_t i = 0; i < l->n; i++)
                json_kv_int(w, l->items[i].key, l->items[i].value);
        json_end_object(w);
}

static void str_or_null(struct json_writer *w, const char *key, const char *s) {
        if (s && s[0])
                json_kv_string(w, key, s);
        else
                json_kv_null(w, key);
}

static void write_time(struct json_writer *w, const struct oom_event *e) {
        char iso[64];
        json_key(w, "time");
        json_begin_object(w);
        if (event_time_iso(e, iso, sizeof(iso)))
                json_kv_string(w, "wall", iso);
        else
                json_kv_null(w, "wall");
        json_kv_bool(w, "wall_tz_known", e->has_wall && e->tz_known);
        json_kv_bool(w, "year_inferred", e->has_wall && e->year_inferred);
        json_kv_bool(w, "from_monotonic", e->wall_from_mono);
        if (val_known(e->mono_us))
                json_kv_double(w, "monotonic_s", (double)e->mono_us / 1e6, 6);
        else
                json_kv_null(w, "monotonic_s");
        json_end_object(w);
}


static void write_gfp_flags(struct json_writer *w, const struct oom_event *e) {
        char flags[256];
        bool from_mask;
        event_gfp_names(e, flags, sizeof(flags), &from_mask);
        json_key(w, "gfp_flags");
        json_begin_array(w);
        const char *p = flags;
        while (*p) {
                const char *bar = strchr(p, '|');
                size_t len = bar ? (size_t)(bar - p) : strlen(p);
                if (len)
                        json_string_len(w, p, len);
                p += len + (bar ? 1 : 0);
        }
        json_end_array(w);
        json_kv_bool(w, "gfp_flags_decoded", from_mask);
}

/* Who owns the cgroup PATH (cgroup_owner.h, the rule top and check use):
 * the systemd unit, container or pod, or null when the path does not say. */
static void write_owner(struct json_writer *w, const char *path) {
        struct cgroup_owner o;
        char label[256];
        json_key(w, "owner");
        if (cgroup_owner_describe(path, &o, label, sizeof(label)) == 0) { /* NULL, "" and "/" name nobody */
                json_null(w);
                return;
        }
        json_begin_object(w);
        str_or_null(w, "label", label);
        str_or_null(w, "unit", o.unit);
        str_or_null(w, "kind", o.kind);
        str_or_null(w, "id", o.id);
        str_or_null(w, "pod", o.pod);
        str_or_null(w, "runtime", o.runtime);
        json_end_object(w);
}

static void write_trigger(struct json_writer *w, const struct oom_event *e) {
        json_key(w, "trigger");
        if (!(e->parts_seen & PART_TRIGGER)) {
                json_null(w);
                return;
        }
        json_begin_object(w);
        str_or_null(w, "comm", e->trigger_comm);
        json_kv_int(w, "pid", e->trigger_pid);
        str_or_null(w, "gfp_mask", e->gfp_mask);
        write_gfp_flags(w, e);
        json_kv_int(w, "order", e->order);
        json_kv_int(w, "oom_score_adj", e->trigger_oom_score_adj);
        json_kv_int(w, "oom_adj", e->trigger_oom_adj);
        str_or_null(w, "nodemask", e->nodemask);
        json_kv_bool(w, "manual", e->manual);
        /* before 4.19 the trigger line names the trigger's cpuset cgroup */
        write_owner(w, e->cpuset);
        json_end_object(w);
}

static void write_victim(struct json_writer *w, const struct oom_event *e) {
        json_key(w, "victim");
        if (!val_known(e->victim_pid)) {
                json_null(w);
                return;
        }
        json_begin_object(w);
        json_kv_int(w, "pid", e->victim_pid);
        str_or_null(w, "comm", e->victim_comm);
        json_kv_int(w, "uid", e->victim_uid);
        json_kv_int(w, "total_vm_kb", e->victim_total_vm_kb);
        json_kv_int(w, "anon_rss_kb", e->victim_anon_rss_kb);
        json_kv_int(w, "file_rss_kb", e->victim_file_rss_kb);
        json_kv_int(w, "shmem_rss_kb", e->victim_shmem_rss_kb);
        json_kv_int(w, "pgtables_kb", e->victim_pgtables_kb);
        json_kv_int(w, "oom_score_adj", e->victim_oom_score_adj);
        json_kv_bool(w, "kill_line_seen", (e->parts_seen & PART_KILL) != 0);
        write_owner(w, e->task_memcg);
        json_end_object(w);
}

static void write_memcg(struct json_writer *w, const struct oom_event *e) {
        json_key(w, "memcg");
        bool any = e->oom_memcg || e->task_memcg || val_known(e->memcg_usage_kb) || e->memcg_stats_path;
        if (!any) {
                json_null(w);
                return;
        }
        json_begin_object(w);
        /* 3.x-4.19 name the limited cgroup only in the stats header */
        const char *path = e->oom_memcg ? e->oom_memcg : e->memcg_stats_path;
        str_or_null(w, "path", path);
        str_or_null(w, "task_path", e->task_memcg);
        json_kv_int(w, "usage_kb", e->memcg_usage_kb);
        json_kv_int(w, "limit_kb", e->memcg_limit_kb);
        json_kv_int(w, "failcnt", e->memcg_failcnt);
        /* v2 prints "swap:", v1 "memory+swap:" (memory plus swap together) */
        json_kv_int(w, "swap_usage_kb", e->swap_usage_kb);
        json_kv_int(w, "swap_limit_kb", e->swap_limit_kb);
        json_kv_int(w, "memsw_usage_kb", e->memsw_usage_kb);
        json_kv_int(w, "memsw_limit_kb", e->memsw_limit_kb);
        json_kv_int(w, "kmem_usage_kb", e->kmem_usage_kb);
        json_kv_int(w, "kmem_limit_kb", e->kmem_limit_kb);
        str_or_null(w, "stats_path", e->memcg_stats_path);
        kv_object(w, "stats", &e->memcg_stats);
        write_owner(w, path);
        json_end_object(w);
}

static void write_zone(struct json_writer *w, const struct oom_zone *z) {
        json_begin_object(w);
        json_kv_int(w, "node", z->node);
        json_kv_string(w, "zone", z->name);
        json_kv_int(w, "free_kb", z->free_kb);
        json_kv_int(w, "min_kb", z->min_kb);
        json_kv_int(w, "low_kb", z->low_kb);
        json_kv_int(w, "high_kb", z->high_kb);
        json_kv_int(w, "boost_kb", z->boost_kb);
        json_kv_int(w, "present_kb", z->present_kb);
        json_kv_int(w, "managed_kb", z->managed_kb);
        json_key(w, "lowmem_reserve_pages");
        json_begin_array(w);
        for (int i = 0; i < z->n_reserve; i++)
                json_int(w, z->lowmem_reserve[i]);
        json_end_array(w);
        json_key(w, "free_chunks");
        if (z->has_buddy_line) {
                json_begin_array(w);
                for (int i = 0; i < z->n_orders; i++)
                        json_int(w, z->free_chunks[i]);
                json_end_array(w);
        } else {
                json_null(w);
        }
        json_kv_int(w, "order0_kb", z->order0_kb);
        json_kv_int(w, "buddy_total_kb", z->buddy_total_kb);
        kv_object(w, "fields_kb", &z->fields);
        json_end_object(w);
}

static void write_task(struct json_writer *w, const struct oom_task *t) {
        json_begin_object(w);
        json_kv_int(w, "pid", t->pid);
        json_kv_int(w, "uid", t->uid);
        json_kv_int(w, "tgid", t->tgid);
        json_kv_int(w, "total_vm_pages", t->total_vm);
        json_kv_int(w, "rss_pages", t->rss);
        json_kv_int(w, "rss_anon_pages", t->rss_anon);
        json_kv_int(w, "rss_file_pages", t->rss_file);
        json_kv_int(w, "rss_shmem_pages", t->rss_shmem);
        json_kv_int(w, "pgtables_bytes", t->pgtables_bytes);
        json_kv_int(w, "nr_ptes", t->nr_ptes);
        json_kv_int(w, "nr_pmds", t->nr_pmds);
        json_kv_int(w, "swapents_pages", t->swapents);
        json_kv_int(w, "cpu", t->cpu);
        json_kv_int(w, "oom_adj", t->oom_adj);
        json_kv_int(w, "oom_score_adj", t->oom_score_adj);
        json_kv_string(w, "comm", t->comm);
        json_kv_int(w, "line", t->line);
        json_end_object(w);
}

static const char *layout_name(enum oom_task_layout l) {
        switch (l) {
        case TASKS_NONE: return NULL;
        case TASKS_CPU_OOM_ADJ: return "cpu_oom_adj";
        case TASKS_CPU_OOM_ADJ_SCORE: return "cpu_oom_adj_oom_score_adj";
        case TASKS_NR_PTES: return "nr_ptes";
        case TASKS_NR_PTES_PMDS: return "nr_ptes_nr_pmds";
        case TASKS_PGTABLES_BYTES: return "pgtables_bytes";
        case TASKS_RSS_SPLIT: return "rss_anon_file_shmem";
        case TASKS_OTHER: return "other";
        }
        return NULL;
}

static void write_memory(struct json_writer *w, const struct oom_event *e) {
        json_key(w, "swap");
        if (val_known(e->total_swap_kb) || val_known(e->free_swap_kb)) {
                json_begin_object(w);
                json_kv_int(w, "total_kb", e->total_swap_kb);
                json_kv_int(w, "free_kb", e->free_swap_kb);
                json_end_object(w);
        } else {
                json_null(w);
        }
        json_key(w, "ram");
        json_begin_object(w);
        json_kv_int(w, "pages", e->ram_pages);
        json_kv_int(w, "reserved_pages", e->reserved_pages);
        json_kv_int(w, "highmem_pages", e->highmem_pages);
        json_kv_int(w, "cma_reserved_pages", e->cma_reserved_pages);
        json_kv_int(w, "page_size_kb", e->page_size_kb);
        str_or_null(w, "page_size_source", e->page_size_how);
        json_kv_int(w, "pagecache_pages", e->pagecache_pages);
        json_kv_int(w, "swapcache_pages", e->swapcache_pages);
        json_end_object(w);
        kv_object(w, "meminfo_pages", &e->meminfo);
        json_key(w, "nodes");
        json_begin_array(w);
        for (size_t i = 0; i < e->n_nodes; i++) {
                json_begin_object(w);
                json_kv_int(w, "node", e->nodes[i].node);
                kv_object(w, "fields_kb", &e->nodes[i].fields);
                json_end_object(w);
        }
        json_end_array(w);
        json_key(w, "zones");
        json_begin_array(w);
        for (size_t i = 0; i < e->n_zones; i++)
                write_zone(w, &e->zones[i]);
        json_end_array(w);
        json_key(w, "hugepages");
        json_begin_array(w);
        for (size_t i = 0; i < e->n_hugepages; i++) {
                const struct oom_hugepages *h = &e->hugepages[i];
                json_begin_object(w);
                json_kv_int(w, "node", h->node);
                json_kv_int(w, "total", h->total);
                json_kv_int(w, "free", h->free);
                json_kv_int(w, "surplus", h->surp);
                json_kv_int(w, "size_kb", h->size_kb);
                json_end_object(w);
        }
        json_end_array(w);
        json_key(w, "unreclaimable_slab");
        json_begin_array(w);
        for (size_t i = 0; i < e->n_slabs; i++) {
                json_begin_object(w);
                json_kv_string(w, "name", e->slabs[i].name);
                json_kv_int(w, "used_kb", e->slabs[i].used_kb);
                json_kv_int(w, "total_kb", e->slabs[i].total_kb);
                json_end_object(w);
        }
        json_end_array(w);
}

static void write_findings(struct json_writer *w, const struct oom_event *e, const struct findings *f) {
        json_key(w, "findings");
        json_begin_array(w);
        for (size_t i = 0; i < f->n; i++) {
                const struct finding *x = &f->items[i];
                json_begin_object(w);
                json_kv_string(w, "id", x->id);
                json_kv_string(w, "confidence", confidence_name(x->confidence));
                json_key(w, "evidence");
                json_begin_array(w);
                for (size_t k = 0; k < x->n_evidence; k++) {
                        json_begin_object(w);
                        str_or_null(w, "file", e->source_file);
                        json_kv_int(w, "line", x->evidence[k]);
                        json_end_object(w);
                }
                json_end_array(w);
                json_kv_string(w, "summary", x->summary);
                json_params(w, &x->params);
                json_kv_string(w, "refuted_by", x->refute);
                json_key(w, "remedies");
                json_begin_array(w);
                for (size_t k = 0; k < x->n_remedies; k++)
                        json_string(w, x->remedies[k]);
                json_end_array(w);
                json_end_object(w);
        }
        json_end_array(w);
}

static void write_groups(struct json_writer *w, const char *key, const struct rss_group *g, size_t n) {
        json_key(w, key);
        json_begin_array(w);
        for (size_t i = 0; i < n && i < 20; i++) {
                json_begin_object(w);
                json_kv_string(w, "key", g[i].key);
                json_kv_int(w, "tasks", g[i].tasks);
                json_kv_int(w, "rss_kb", g[i].rss_kb);
                json_kv_int(w, "swap_kb", g[i].swap_kb);
                json_end_object(w);
        }
        json_end_array(w);
}

/* "where the memory went" (memory_report.h) */
static void write_memory_report(struct json_writer *w, const struct findings *f) {
        json_key(w, "memory");
        if (!f->have_memory) {
                json_null(w);
                return;
        }
        const struct memory_report *m = &f->memory;
        json_begin_object(w);
        json_kv_int(w, "ram_kb", m->ram_kb);
        json_kv_int(w, "swap_total_kb", m->swap_total_kb);
        json_kv_int(w, "swap_used_kb", m->swap_used_kb);
        json_kv_int(w, "ram_used_permille", m->ram_used_permille);
        json_kv_int(w, "swap_used_permille", m->swap_used_permille);
        json_kv_int(w, "tasks_rss_kb", m->tasks_rss_kb);
        json_kv_int(w, "tasks_swap_kb", m->tasks_swap_kb);
        json_kv_int(w, "anon_kb", m->anon_kb);
        json_kv_int(w, "file_kb", m->file_kb);
        json_kv_int(w, "shmem_kb", m->shmem_kb);
        json_kv_int(w, "unevictable_kb", m->unevictable_kb);
        json_kv_int(w, "slab_reclaimable_kb", m->slab_reclaimable_kb);
        json_kv_int(w, "slab_unreclaimable_kb", m->slab_unreclaimable_kb);
        json_kv_int(w, "kernel_stack_kb", m->kernel_stack_kb);
        json_kv_int(w, "pagetables_kb", m->pagetables_kb);
        json_kv_int(w, "hugepages_kb", m->hugepages_kb);
        json_kv_int(w, "reserved_kb", m->reserved_kb);
        json_kv_int(w, "free_kb", m->free_kb);
        json_kv_int(w, "unaccounted_kb", m->unaccounted_kb);
        json_kv_int(w, "pagecache_kb", m->pagecache_kb);
        json_kv_string(w, "allocation_failure", alloc_failure_name(m->failure));
        json_kv_int(w, "short_node", m->short_node);
        write_groups(w, "rss_by_comm", m->by_comm, m->n_by_comm);
        write_groups(w, "rss_by_uid", m->by_uid, m->n_by_uid);
        json_key(w, "zones");
        json_begin_array(w);
        for (size_t i = 0; i < m->n_zones; i++) {
                const struct zone_report *z = &m->zones[i];
                json_begin_object(w);
                json_kv_int(w, "node", z->node);
                json_kv_string(w, "zone", z->name);
                json_kv_string(w, "state", zone_state_name(z->state));
                json_kv_int(w, "usable_kb", z->usable_kb);
                json_kv_int(w, "free_at_order_kb", z->free_at_order_kb);
                json_kv_int(w, "chunks_at_order", z->chunks_at_order);
                json_end_object(w);
        }
        json_end_array(w);
        json_kv_int(w, "memcg_used_permille", m->memcg_used_permille);
        json_kv_int(w, "memcg_anon_kb", m->memcg_anon_kb);
        json_kv_int(w, "memcg_file_kb", m->memcg_file_kb);
        json_kv_int(w, "memcg_kernel_kb", m->memcg_kernel_kb);
        json_end_object(w);
}

static void write_badness(struct json_writer *w, const struct findings *f) {
        const struct badness_result *b = &f->badness;
        json_key(w, "badness");
        json_begin_array(w);
        for (size_t i = 0; f->have_badness && i < b->n; i++) {
                const struct badness_entry *x = &b->entries[i];
                json_begin_object(w);
                json_kv_int(w, "pid", x->pid);
                json_kv_string(w, "comm", x->comm);
                json_kv_int(w, "points", x->points);
                json_kv_int(w, "score", x->score);
                json_kv_int(w, "points_without_adj", x->points_without_adj);
                json_kv_int(w, "oom_score_adj", x->oom_score_adj);
                json_kv_bool(w, "protected", x->protected_task);
                json_kv_bool(w, "root_bonus", x->root_bonus);
                json_end_object(w);
        }
        json_end_array(w);
        json_key(w, "badness_summary");
        if (!f->have_badness) {
                json_null(w);
                return;
        }
        json_begin_object(w);
        str_or_null(w, "formula", b->formula);
        json_kv_int(w, "totalpages", b->totalpages);
        str_or_null(w, "totalpages_source", b->totalpages_source);
        json_kv_int(w, "printed_score", b->printed_score);
        json_kv_int(w, "recomputed_score", b->recomputed_score);
        json_kv_bool(w, "score_matches", b->score_matches);
        json_kv_bool(w, "agrees", b->agrees);
        str_or_null(w, "disagreement", b->disagreement);
        json_kv_int(w, "chosen_pid", b->chosen_index >= 0 ? b->entries[b->chosen_index].pid : OOM_UNSET);
        json_kv_int(w, "chosen_without_adj_pid",
                    b->chosen_without_adj_index >= 0 ? b->entries[b->chosen_without_adj_index].pid : OOM_UNSET);
        json_key(w, "notes");
        json_begin_array(w);
        for (unsigned bit = 1; bit && bit <= BADNESS_NOTE_LAST; bit <<= 1)
                if (b->notes & bit)
                        json_string(w, badness_note_text((enum badness_note)bit));
        json_end_array(w);
        json_end_object(w);
}

static void write_event(struct json_writer *w, const struct oom_event *e, const struct findings *f) {
        char headline[1024];
        event_headline(e, f, headline, sizeof(headline));
        json_begin_object(w);
        json_kv_string(w, "headline", headline);
        str_or_null(w, "host", e->host);
        write_time(w, e);
        json_key(w, "kernel");
        json_begin_object(w);
        str_or_null(w, "release", e->kernel_release);
        json_end_object(w);
        json_kv_bool(w, "complete", e->complete);
        json_key(w, "missing");
        json_begin_array(w);
        for (unsigned bit = 1; bit <= PART_PANIC; bit <<= 1)
                if (e->missing & bit)
                        json_string(w, part_name(bit));
        json_end_array(w);
        str_or_null(w, "notes", e->notes);
        json_key(w, "source");
        json_begin_object(w);
        str_or_null(w, "file", e->source_file);
        json_kv_int(w, "line", e->source_line);
        json_kv_int(w, "last_line", e->last_line);
        json_kv_int(w, "kill_line", e->kill_line);
        json_kv_string(w, "format", format_name(e->format));
        json_kv_int(w, "duplicates", e->n_duplicates);
        json_key(w, "lines");
        json_begin_object(w);
        const struct oom_lines *ln = &e->lines;
        json_kv_int(w, "trigger", ln->trigger);
        json_kv_int(w, "meminfo", ln->meminfo);
        json_kv_int(w, "zones", ln->zones);
        json_kv_int(w, "swap", ln->swap);
        json_kv_int(w, "ram", ln->ram);
        json_kv_int(w, "slab", ln->slab);
        json_kv_int(w, "hugepages", ln->hugepages);
        json_kv_int(w, "memcg_usage", ln->memcg_usage);
        json_kv_int(w, "memcg_stats", ln->memcg_stats);
        json_kv_int(w, "tasks_header", ln->tasks_header);
        json_kv_int(w, "select", ln->select);
        json_kv_int(w, "summary", ln->summary);
        json_kv_int(w, "kill", e->kill_line);
        json_end_object(w);
        json_end_object(w);
        write_trigger(w, e);
        json_kv_string(w, "constraint", constraint_name(e->constraint));
        str_or_null(w, "kill_message", e->kill_message);
        str_or_null(w, "cpuset", e->cpuset);
        str_or_null(w, "mems_allowed", e->mems_allowed);
        json_kv_bool(w, "global_oom", e->global_oom);
        json_key(w, "selected");
        if (val_known(e->selected_pid)) {
                json_begin_object(w);
                json_kv_int(w, "pid", e->selected_pid);
                str_or_null(w, "comm", e->selected_comm);
                json_end_object(w);
        } else {
                json_null(w);
        }
        json_kv_int(w, "score", e->score);
        write_victim(w, e);
        json_key(w, "reaped");
        if (e->reaped) {
                json_begin_object(w);
                json_kv_int(w, "pid", e->reaped_pid);
                json_kv_int(w, "anon_rss_kb", e->reaped_anon_rss_kb);
                json_kv_int(w, "file_rss_kb", e->reaped_file_rss_kb);
                json_kv_int(w, "shmem_rss_kb", e->reaped_shmem_rss_kb);
                json_end_object(w);
        } else {
                json_null(w);
        }
        json_kv_bool(w, "reap_failed", e->reap_failed);
        str_or_null(w, "oom_group", e->oom_group);
        write_memcg(w, e);
        write_memory(w, e);
        json_kv_string(w, "task_table_layout", layout_name(e->task_layout));
        json_key(w, "tasks");
        json_begin_array(w);
        for (size_t i = 0; i < e->n_tasks; i++)
                write_task(w, &e->tasks[i]);
        json_end_array(w);
        json_kv_int(w, "suppressed_before", e->suppressed);
        str_or_null(w, "panic", e->panic);
        write_memory_report(w, f);
        write_badness(w, f);
        write_findings(w, e, f);
        json_end_object(w);
}

static void write_when(struct json_writer *w, const char *key, bool has_wall, int64_t us) {
        if (!has_wall) {
                json_kv_null(w, key);
                return;
        }
        struct oom_event t = { .has_wall = true, .wall_us = us };
        char iso[64];
        if (event_time_iso(&t, iso, sizeof(iso)))
                json_kv_string(w, key, iso);
        else
                json_kv_null(w, key);
}

static void write_timeline(struct json_writer *w, const struct timeline *t, struct event_list *l) {
        json_key(w, "timeline");
        json_begin_array(w);
        for (size_t i = 0; i < t->n; i++) {
                struct timeline_entry entry, *en = &entry;
                if (!timeline_entry(t, l, i, en))
                        continue;
                json_begin_object(w);
                str_or_null(w, "host", en->host);
                write_when(w, "time", en->has_wall, en->utc_us);
                if (val_known(en->mono_us))
                        json_kv_double(w, "monotonic_s", (double)en->mono_us / 1e6, 6);
                else
                        json_kv_null(w, "monotonic_s");
                str_or_null(w, "victim", en->victim_comm);
                json_kv_int(w, "victim_pid", en->victim_pid);
                json_kv_int(w, "victim_rss_kb", en->victim_rss_kb);
                json_kv_string(w, "constraint", constraint_name(en->constraint));
                str_or_null(w, "memcg", en->memcg);
                json_kv_int(w, "incident", (int64_t)en->incident);
                json_kv_int(w, "event", (int64_t)en->event);
                json_end_object(w);
        }
        json_end_array(w);
        json_key(w, "incidents");
        json_begin_array(w);
        for (size_t i = 0; i < t->n_incidents; i++) {
                const struct incident *in = &t->incidents[i];
                json_begin_object(w);
                str_or_null(w, "host", in->host);
                write_when(w, "start", in->has_wall, in->start_us);
                write_when(w, "end", in->has_wall, in->end_us);
                if (!in->has_wall && val_known(in->start_us)) {
                        json_kv_double(w, "start_monotonic_s", (double)in->start_us / 1e6, 6);
                        json_kv_double(w, "end_monotonic_s", (double)in->end_us / 1e6, 6);
                }
                json_kv_int(w, "kills", (int64_t)in->kills);
                json_kv_int(w, "first_event", (int64_t)in->first);
                json_kv_int(w, "last_event", (int64_t)in->last);
                json_end_object(w);
        }
        json_end_array(w);
        json_key(w, "repeat_victims");
        json_begin_array(w);
        for (size_t i = 0; i < t->n_victims; i++) {
                const struct victim_history *v = &t->victims[i];
                json_begin_object(w);
                json_kv_string(w, "comm", v->comm);
                json_kv_int(w, "kills", (int64_t)v->kills);
                write_when(w, "first", v->first_has_wall, v->first_utc_us);
                write_when(w, "last", v->last_has_wall, v->last_utc_us);
                str_or_null(w, "memcg", v->one_memcg ? v->memcg : NULL);
                json_kv_int(w, "rss_first_kb", v->rss_first_kb);
                json_kv_int(w, "rss_last_kb", v->rss_last_kb);
                json_kv_int(w, "rss_max_kb", v->rss_max_kb);
                json_kv_bool(w, "rss_growing", v->rss_growing);
                json_end_object(w);
        }
        json_end_array(w);
        json_key(w, "recurrence");
        if (t->recurring) {
                char hhmm[8];
                snprintf(hhmm, sizeof(hhmm), "%02d:%02d", t->recurring_hour, t->recurring_minute);
                json_begin_object(w);
                json_kv_string(w, "time_of_day", hhmm);
                json_kv_int(w, "window_minutes", 30);
                json_kv_int(w, "days", (int64_t)t->recurring_days);
                json_end_object(w);
        } else {
                json_null(w);
        }
}

static int json_begin(struct output_run *r) {
        struct json_writer *w = json_writer_new(r->out, r->o->pretty);
        if (!w)
                return -ENOMEM;
        r->state = w;
        json_begin_object(w);
        json_kv_string(w, "oomlens_version", VERSION);
        json_key(w, "inputs");
        json_begin_array(w);
        for (size_t i = 0; i < r->a->logs.n_inputs; i++) {
                const struct input_summary *in = &r->a->logs.inputs[i];
                json_begin_object(w);
                json_kv_string(w, "name", in->name);
                json_kv_string(w, "kind", in->kind);
                json_kv_int(w, "bytes", (int64_t)in->bytes);
                json_kv_int(w, "lines", (int64_t)in->lines);
                json_kv_int(w, "long_lines", (int64_t)in->long_lines);
                json_kv_int(w, "events", (int64_t)in->events);
                if (in->error)
                        json_kv_string(w, "error", in->error_text ? in->error_text : strerror(-in->error));
                else
                        json_kv_null(w, "error");
                json_end_object(w);
        }
        json_end_array(w);
        json_key(w, "events");
        json_begin_array(w);
        return 0;
}

static int json_event(struct output_run *r, const struct analyzed_event *ev) {
        write_event(r->state, ev->event, &ev->findings);
        return 0;
}

static int json_end(struct output_run *r, const struct merged_findings *all) {
        (void)all;
        struct json_writer *w = r->state;
        if (!w)
                return 0;
        json_end_array(w);
        write_timeline(w, &r->a->timeline, &r->a->logs.events);
        json_end_object(w);
        int e = json_writer_error(w); /* the finished document was flushed */
        json_writer_free(w);
        return e ? e : r->a->logs.events.error;
}

const struct output_format output_json_format = { "json", json_begin, json_event, json_end, false, true };
