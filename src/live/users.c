/* users.c — user names by uid, cached (users.h). */
#include "users.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "root_open.h"

static bool passwd_lookup(const char *root, unsigned uid, char *buf, size_t size) {
        char line[1024];
        bool found = false;
        /* inside the tree only, and never a FIFO planted as etc/passwd */
        FILE *f = root_fopen(root, "etc/passwd");
        if (!f)
                return false;
        while (!found && fgets(line, sizeof(line), f)) {
                char *c1 = strchr(line, ':');
                char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
                if (!c2)
                        continue;
                char *end;
                unsigned long u = strtoul(c2 + 1, &end, 10);
                if (end != c2 + 1 && *end == ':' && u == uid) {
                        *c1 = '\0';
                        snprintf(buf, size, "%.32s", line);
                        found = true;
                }
        }
        fclose(f);
        return found;
}

static void lookup(const char *root, bool live, unsigned uid, char name[USERS_NAME_MAX]) {
        name[0] = '\0';
        if (live) {
                struct passwd pw, *res = NULL;
                char pwbuf[2048];
                if (getpwuid_r(uid, &pw, pwbuf, sizeof(pwbuf), &res) == 0 && res)
                        snprintf(name, USERS_NAME_MAX, "%s", res->pw_name);
        } else {
                passwd_lookup(root, uid, name, USERS_NAME_MAX);
        }
        if (!*name)
                snprintf(name, USERS_NAME_MAX, "%u", uid);
}

const char *users_name(struct users *u, const char *root, unsigned uid, char *buf, size_t size) {
        bool live = !root || strcmp(root, "/") == 0;
        const char *key = live ? "/" : root;
        char name[USERS_NAME_MAX];
        if (!u) {
                lookup(root, live, uid, name);
                snprintf(buf, size, "%s", name);
                return buf;
        }
        if (strncmp(u->root, key, sizeof(u->root)) != 0) {
                snprintf(u->root, sizeof(u->root), "%s", key);
                u->n = 0;
        }
        for (size_t i = 0; i < u->n; i++)
                if (u->e[i].uid == uid) {
                        snprintf(buf, size, "%s", u->e[i].name);
                        return buf;
                }
        lookup(root, live, uid, name);
        if (u->n < USERS_CACHE) {
                u->e[u->n].uid = uid;
                memcpy(u->e[u->n].name, name, sizeof(name));
                u->n++;
        }
        snprintf(buf, size, "%s", name);
        return buf;
}

void users_forget(struct users *u) {
        if (u)
                u->n = 0;
}
