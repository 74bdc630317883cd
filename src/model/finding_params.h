/* finding_params.h — the typed parameters of a finding, shared by analyze's
 * root causes (findings.h) and check's risks (audit.h): the numbers, pids,
 * names and paths a sentence is made of, kept as data so that JSON, hooks
 * and metrics get them whatever the language of the sentence.  A name
 * says its unit the way the JSON contract does: "_kb", "_pct", "_pid",
 * "_count"; strings are raw bytes (the outputs escape them).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define FINDING_MAX_PARAMS 12

enum param_type {
        PARAM_INT,     /* kB, pages, counts, pids, per mille: the name says which */
        PARAM_STRING,  /* a name, path, unit, option value */
};

struct finding_param {
        const char *name;      /* static: "limit_kb", "cgroup", "victim_pid" */
        enum param_type type;
        int64_t num;           /* PARAM_INT; OOM_UNSET when the log does not say */
        char *str;             /* PARAM_STRING (owned); NULL when unknown */
};

struct finding_params {
        struct finding_param p[FINDING_MAX_PARAMS];
        size_t n;
};

/* Adds (or replaces) a parameter; beyond FINDING_MAX_PARAMS it is dropped. */
void param_int(struct finding_params *ps, const char *name, int64_t v);
void param_str(struct finding_params *ps, const char *name, const char *s);
void params_free(struct finding_params *ps);
/* A deep copy of SRC into DST (DST's old values not freed). */
void params_copy(struct finding_params *dst, const struct finding_params *src);
