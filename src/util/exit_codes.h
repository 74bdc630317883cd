/* exit_codes.h — the exit statuses of oomlens, documented in the man page
 * and README and checked by the test suite.  Like grep: "found" is 0. */
#pragma once

enum exit_code {
        EXIT_FOUND = 0,        /* analysis ran and found at least one OOM event */
        EXIT_NOT_FOUND = 1,    /* analysis ran over all inputs and found none */
        EXIT_USAGE = 2,        /* bad command line */
        EXIT_PARTIAL = 3,      /* some input could not be read (or was corrupt): results are partial */
        EXIT_NO_INPUT = 4,     /* no input could be read at all */
        EXIT_INTERNAL = 70,    /* out of memory, write error on stdout, bug */
};

/* check: whether a finding at the --fail-on level or worse was found (the
 * usage, no-input and internal statuses are those above). */
enum exit_check {
        EXIT_CHECK_CLEAN = 0,  /* none */
        EXIT_CHECK_RISK = 1,   /* at least one */
};
