/* util.h — the util layer: what every other layer uses and that knows
 * nothing of OOM kills: escaping of hostile strings for each destination,
 * human units, the JSON writer, terminal colours and width, gettext, the
 * one style of messages on standard error, opening files inside a --root
 * tree, the exit statuses.  May call: the C library and nothing else.
 */
#pragma once

#include "cli_msg.h"
#include "escape.h"
#include "exit_codes.h"
#include "i18n.h"
#include "json_writer.h"
#include "root_open.h"
#include "terminal.h"
#include "units.h"
