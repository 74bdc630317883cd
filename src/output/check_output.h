/* check_output.h — the text and JSON of `oomlens check`
 * (schema/oomlens-check.schema.json): findings most severe first, each with
 * its evidence, fix and params, then what the logs said. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "audit.h"
#include "log_tally.h"
#include "procfs.h"

void check_print_text(FILE *out, const struct audit_report *r, const struct log_tally *logs,
                      const struct proc_snapshot *snap, bool color);
/* 0 or -errno (a write error). */
int check_print_json(FILE *out, const struct audit_report *r, const struct log_tally *logs, bool pretty);
