/* users.h — user names for uids: NSS on this machine (LDAP and sssd users
 * too), ROOT/etc/passwd (opened inside the tree only) for a captured tree.
 * The cache is the caller's, so a long-running process (top -d, next the
 * recorder) refreshes it: users_forget() at each full scan.  May call: util.
 */
#pragma once

#include <stddef.h>

#define USERS_CACHE 256
#define USERS_NAME_MAX 33

struct users {
        char root[256];
        size_t n;
        struct { unsigned uid; char name[USERS_NAME_MAX]; } e[USERS_CACHE];
};

/* The name of UID (its number when unknown) into BUF; U may be NULL (no
 * cache).  Returns BUF. */
const char *users_name(struct users *u, const char *root, unsigned uid, char *buf, size_t size);
void users_forget(struct users *u);
