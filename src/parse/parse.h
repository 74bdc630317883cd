/* parse.h — the parse layer: the kernel's report lines recognised, for
 * every kernel since 2.6.18, and assembled per host into events.  Takes
 * the lines of the input layer's splitter (log_line.h: a type only).
 * May call: model, util.
 */
#pragma once

#include "gfp_flags.h"
#include "report_lines.h"
#include "report_parse.h"
