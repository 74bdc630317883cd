/* log_tally.c — the OOM kills this machine's logs report since boot, for
 * `oomlens check` to compare with the kernel's counters (log_tally.h). */
#include "log_tally.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log_reader.h"

#define TALLY_SLACK_US (5 * 60 * 1000000LL)        /* clocks of log and kernel disagree a little */
#define TALLY_ZONELESS_SLACK_US (15 * 3600 * 1000000LL) /* a stamp without zone: UTC-12 to UTC+14 */

/* Whether event E counts at or after SINCE_US (OOM_UNSET: always). */
static bool tally_in_time(const struct oom_event *e, int64_t since_us) {
        if (!val_known(since_us) || !e->has_wall)
                return true;
        return e->wall_us >= sat_sub(since_us, e->tz_known ? TALLY_SLACK_US : TALLY_ZONELESS_SLACK_US);
}

static int tally_cgroup(struct log_tally *t, const char *path, int64_t kills) {
        for (size_t i = 0; i < t->n_cgroups; i++)
                if (strcmp(t->cgroups[i].path, path) == 0) {
                        t->cgroups[i].kills += kills;
                        return 0;
                }
        struct log_tally_cgroup *grown = reallocarray(t->cgroups, t->n_cgroups + 1, sizeof(*grown));
        if (!grown)
                return -ENOMEM;
        t->cgroups = grown;
        grown[t->n_cgroups].path = strdup(path);
        if (!grown[t->n_cgroups].path)
                return -ENOMEM;
        grown[t->n_cgroups++].kills = kills;
        return 0;
}

static int tally_events(struct log_set *a, struct log_tally *t) {
        for (size_t i = 0; i < event_list_count(&a->events); i++) {
                const struct oom_event *e = event_list_get(&a->events, i);
                if (e && !tally_in_time(e, t->since_us))
                        continue;
                /* a report that says no process could be killed, or that
                 * the machine panicked, killed nothing; one cut short
                 * before its kill line may have killed */
                if (e && !val_known(e->victim_pid) &&
                    (e->parts_seen & (PART_NO_KILLABLE | PART_PANIC)))
                        continue;
                /* the kernel counts each member of a memory.oom.group kill */
                int64_t kills = 1 + (e && e->group_kills > 0 ? e->group_kills : 0);
                t->kills += kills;
                const char *cg = e ? (e->task_memcg ? e->task_memcg : e->oom_memcg) : NULL;
                if (cg && tally_cgroup(t, cg, kills) < 0)
                        return -ENOMEM;
        }
        return 0;
}

int local_logs_tally(const char *root, char *const *files, size_t n_files, int64_t boot_us, bool quiet,
                     struct log_tally *ret) {
        struct log_read_options o = { .root = root && strcmp(root, "/") != 0 ? root : NULL, .quiet = quiet };
        struct log_set a = { 0 };
        struct log_tally t = { .since_us = boot_us };
        if (n_files == 0)
                log_read_local(&a, &o);
        for (size_t i = 0; i < n_files; i++)
                log_read_path(&a, files[i], &o);
        event_list_finish(&a.events);
        int r = a.events.error;
        t.inputs = calloc(a.n_inputs ? a.n_inputs : 1, sizeof(*t.inputs));
        if (!t.inputs)
                r = -ENOMEM;
        for (size_t i = 0; r == 0 && i < a.n_inputs; i++) {
                struct log_tally_input *in = &t.inputs[t.n_inputs];
                in->name = strdup(a.inputs[i].name ? a.inputs[i].name : "?");
                if (!in->name)
                        r = -ENOMEM;
                in->error = a.inputs[i].error;
                in->readable = a.inputs[i].error == 0 || a.inputs[i].bytes > 0;
                t.n_readable += in->readable;
                t.n_inputs++;
        }
        if (r == 0)
                r = tally_events(&a, &t);
        log_set_free(&a);
        if (r < 0) {
                log_tally_free(&t);
                return r == -ENOMEM ? r : -EIO;
        }
        *ret = t;
        return 0;
}

void log_tally_free(struct log_tally *t) {
        if (!t)
                return;
        for (size_t i = 0; i < t->n_inputs; i++)
                free(t->inputs[i].name);
        for (size_t i = 0; i < t->n_cgroups; i++)
                free(t->cgroups[i].path);
        free(t->inputs);
        free(t->cgroups);
        memset(t, 0, sizeof(*t));
}
