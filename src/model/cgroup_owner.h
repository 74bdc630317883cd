/* cgroup_owner.h — who owns a memory cgroup, read from its path alone: the
 * systemd unit, the container (docker, podman, containerd, CRI-O, LXC,
 * systemd-nspawn, libvirt) or Kubernetes pod, or the login session.  Pure:
 * nothing here reads files, so a path from a live /proc/PID/cgroup, a
 * captured tree or a kernel OOM report ("task_memcg=") all work alike.
 *
 * Paths are hostile (a delegated cgroup can be named anything): a component
 * is taken as a unit only when it is a valid systemd unit name, as a
 * container id only when it is 64 lowercase hex digits, as a name only when
 * it is valid UTF-8 without control characters and fits its field — never
 * truncated.  The strings are still raw bytes for the outputs to escape.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct cgroup_owner {
        char unit[256];   /* the systemd unit: the deepest path component that is a unit name
                           * (.service .scope .socket .mount .swap; a .slice as a last resort),
                           * as systemctl spells it (escapes such as \x2d kept); "" if none */
        char kind[16];    /* "docker", "podman", "containerd", "cri-o", "kubernetes", "lxc",
                           * "container" (a bare 64-hex id: the runtime unknown),
                           * "nspawn", "libvirt", "session", "" */
        char id[96];      /* container id (full hex) or container/machine name (systemd escapes
                           * decoded); the session id for "session"; "" */
        char pod[96];     /* kubernetes pod uid (dashes restored) when the path shows one; "" */
        char runtime[16]; /* the runtime whose cgroup names the container, also under kubernetes:
                           * "docker", "containerd", "cri-o", "podman", ...; "" when the name
                           * does not say (kubelet cgroupfs: a bare id under the pod) */
        char manager[32]; /* "user@1000.service" when the unit runs under that user's manager
                           * and no container lies between them; "" */
        bool monitor;     /* the runtime's monitor (conmon, lxc monitor), not the payload */
        bool unit_inside; /* the unit lies inside the container (systemd running in it) */
};

/* Parses PATH, the part after "N:memory:" (v1) or "0::" (v2) of a
 * /proc/PID/cgroup line; a trailing " (deleted)" and "/.." components (a
 * cgroup outside the reader's cgroup namespace) are allowed.  Returns 0
 * when the path names a unit or a container (kind or unit non-empty), or
 * -ENOENT (also for a NULL path), with *ret zeroed.  The deepest container
 * wins: docker-in-docker gives the inner container, kind-in-docker the pod. */
int cgroup_owner_parse(const char *path, struct cgroup_owner *ret);

/* A short label for a table or JSON: "nginx.service", "docker 4f1c2b9e8a7d"
 * (12 hex, like `docker ps`), "k8s pod 5d7f3a2e/container 4f1c2b9e8a7d"
 * (the pod uid's first 8 characters), "podman conmon 4f1c2b9e8a7d",
 * "lxc web1", "nspawn my-box/nginx.service", "session-3.scope",
 * "user@1000.service/foo.service".  The words are technical names, not
 * translated.  Writes at most N bytes including the NUL (always written
 * when N > 0); returns the full length without the NUL, like snprintf, and
 * 0 with "" when O knows nothing (or is NULL). */
size_t cgroup_owner_label(const struct cgroup_owner *o, char *buf, size_t n);

/* Whether O is a container whose payload was (or would be) the process: a
 * docker, podman, containerd, CRI-O, Kubernetes or LXC container, or a
 * bare 64-hex id; not a unit, a session, a libvirt VM or nspawn machine,
 * nor a runtime's monitor (conmon).  The one rule analyze's
 * container_survives and check's container_no_memory_limit share. */
bool cgroup_owner_is_container(const struct cgroup_owner *o);

/* Both at once for a path: the label of PATH's owner into BUF ("" when none
 * is known, or PATH is NULL), its fields into *O when O is not NULL.
 * Returns the label's length like cgroup_owner_label(). */
size_t cgroup_owner_describe(const char *path, struct cgroup_owner *o, char *buf, size_t n);
