/* model.h — the model layer: an OOM event as oomlens knows it (every part
 * of the kernel's report, with unknown kept unknown), the list of events
 * of one analysis in bounded memory, and who owns a cgroup path (unit,
 * container, pod).  May call: util.
 */
#pragma once

#include "cgroup_owner.h"
#include "event.h"
#include "event_list.h"
#include "event_spill.h"
