/* cgroup_owner.c — names the systemd unit, container, pod or session
 * behind a cgroup path (see cgroup_owner.h).  One pass over the path's
 * components; each recogniser knows one runtime's naming convention,
 * with where it comes from beside it.  No I/O.
 */
#include "cgroup_owner.h"

#include <errno.h>
#include <string.h>

#include "escape.h"

#define HEX_ID_LEN 64      /* docker, containerd, CRI-O and podman ids: sha256 in hex */
#define SHORT_ID_LEN 12    /* what `docker ps` and `podman ps` show */
#define SHORT_POD_LEN 8    /* the first group of a pod uid */
#define UNIT_NAME_MAX 255  /* systemd's UNIT_NAME_MAX (256) counts the NUL */

struct span {
        const char *s;
        size_t n;
};

static bool span_eq(struct span c, const char *lit)
{
        return c.n == strlen(lit) && memcmp(c.s, lit, c.n) == 0;
}

static bool has_prefix(struct span c, const char *lit)
{
        size_t n = strlen(lit);
        return c.n >= n && memcmp(c.s, lit, n) == 0;
}

static bool has_suffix(struct span c, const char *lit)
{
        size_t n = strlen(lit);
        return c.n >= n && memcmp(c.s + c.n - n, lit, n) == 0;
}

/* C without its first HEAD and last TAIL bytes (the caller checked they exist). */
static struct span cut(struct span c, size_t head, size_t tail)
{
        return (struct span){ c.s + head, c.n - head - tail };
}

static bool is_hex(char ch) { return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'); }

static bool is_alnum(char ch)
{
        return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static bool is_hex_id(struct span c)
{
        if (c.n != HEX_ID_LEN)
                return false;
        for (size_t i = 0; i < c.n; i++)
                if (!is_hex(c.s[i]))
                        return false;
        return true;
}

/* C into DST as a string; false (DST untouched) when it does not fit. */
static bool copy_span(char *dst, size_t size, struct span c)
{
        if (c.n >= size)
                return false;
        memcpy(dst, c.s, c.n);
        dst[c.n] = '\0';
        return true;
}

static int unhex(char ch)
{
        if (ch >= '0' && ch <= '9')
                return ch - '0';
        if (ch >= 'a' && ch <= 'f')
                return ch - 'a' + 10;
        if (ch >= 'A' && ch <= 'F')
                return ch - 'A' + 10;
        return -1;
}

/* A container or machine name into DST, systemd's \xHH escapes decoded
 * when UNESCAPE (unit_name_escape() writes '-' as \x2d).  False when the
 * result is empty, does not fit, holds a control byte or '/', or is not
 * valid UTF-8: such a name is not shown at all rather than mangled. */
static bool copy_name(char *dst, size_t size, struct span c, bool unescape)
{
        char tmp[128];
        size_t o = 0;

        if (size > sizeof(tmp))
                size = sizeof(tmp);
        for (size_t i = 0; i < c.n; i++) {
                unsigned char ch = (unsigned char)c.s[i];
                int hi, lo;
                if (unescape && ch == '\\' && i + 3 < c.n && c.s[i + 1] == 'x' &&
                    (hi = unhex(c.s[i + 2])) >= 0 && (lo = unhex(c.s[i + 3])) >= 0) {
                        ch = (unsigned char)(hi * 16 + lo);
                        i += 3;
                }
                if (ch < 0x20 || ch == 0x7f || ch == '/' || o + 1 >= size)
                        return false;
                tmp[o++] = (char)ch;
        }
        if (o == 0 || utf8_valid_prefix(tmp, o) != o)
                return false;
        memcpy(dst, tmp, o);
        dst[o] = '\0';
        return true;
}

enum unit_type { NOT_UNIT, UNIT, SLICE };

/* Whether C is a unit name systemd would accept (unit_name_is_valid():
 * [A-Za-z0-9:_.\-] plus one '@', a non-empty prefix, <= 255 bytes) of a
 * type that has a cgroup. */
static enum unit_type unit_type(struct span c)
{
        static const char *const suffixes[] = { ".service", ".scope", ".socket", ".mount", ".swap" };
        size_t ats = 0;

        if (c.n == 0 || c.n > UNIT_NAME_MAX || c.s[0] == '@' || c.s[0] == '.')
                return NOT_UNIT;
        for (size_t i = 0; i < c.n; i++) {
                char ch = c.s[i];
                if (ch == '@')
                        ats++;
                else if (!is_alnum(ch) && ch != ':' && ch != '_' && ch != '.' && ch != '-' && ch != '\\')
                        return NOT_UNIT;
        }
        if (ats > 1)
                return NOT_UNIT;
        for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
                if (has_suffix(c, suffixes[i]))
                        return UNIT;
        return has_suffix(c, ".slice") ? SLICE : NOT_UNIT;
}

/* A kubelet pod uid into DST with dashes: 36 characters in UUID shape
 * (SEP between the groups: '-' for cgroupfs, '_' in systemd slice names,
 * where '-' means nesting), or 32 hex digits (static pods' uid is a hash). */
static bool copy_pod_uid(char *dst, size_t size, struct span u, char sep)
{
        if (u.n != 32 && u.n != 36)
                return false;
        for (size_t i = 0; i < u.n; i++) {
                bool dash = u.n == 36 && (i == 8 || i == 13 || i == 18 || i == 23);
                if (dash ? u.s[i] != sep : !is_hex(u.s[i]))
                        return false;
        }
        if (!copy_span(dst, size, u))
                return false;
        for (size_t i = 0; i < u.n; i++)
                if (dst[i] == sep)
                        dst[i] = '-';
        return true;
}

struct parse {
        struct cgroup_owner *o;
        struct span prev;         /* the component above this one */
        size_t at;                /* this component's number, from 1 */
        size_t unit_at, container_at, pod_at, manager_at, session_at; /* 0: none */
        bool kube;                /* a "kubepods" component seen above */
        char slice[UNIT_NAME_MAX + 1];
        char session[32];
};

static void set_str(char *dst, size_t size, const char *s)
{
        size_t n = strlen(s);
        if (n >= size)
                n = size - 1;
        memcpy(dst, s, n);
        dst[n] = '\0';
}

/* A container in this component.  Directly under a pod's cgroup it is that
 * pod's container; anywhere else it starts afresh (docker-in-docker). */
static void found_container(struct parse *p, const char *kind, const char *runtime, const char *id,
                            bool monitor)
{
        struct cgroup_owner *o = p->o;
        bool in_pod = p->pod_at != 0 && p->pod_at + 1 == p->at;

        if (!in_pod) {
                o->pod[0] = '\0';
                p->pod_at = 0;
        }
        set_str(o->kind, sizeof(o->kind), in_pod ? "kubernetes" : kind);
        set_str(o->runtime, sizeof(o->runtime), runtime);
        set_str(o->id, sizeof(o->id), id);
        o->monitor = monitor;
        p->container_at = p->at;
}

/* <runtime>-<id>[.scope]: the systemd cgroup drivers name a scope so
 * (runc/crun: "<prefix>-<id>.scope"), the cgroupfs ones CRI-O and podman
 * a plain directory (crio-<id>, crio-conmon-<id>, libpod-<id>). */
static bool match_runtime_prefix(struct parse *p, struct span c)
{
        static const struct {
                const char *prefix, *runtime;
                bool monitor;
        } table[] = {
                { "docker-", "docker", false },          /* docker / dockershim, systemd driver */
                { "cri-containerd-", "containerd", false },
                { "crio-conmon-", "cri-o", true },       /* conmon, beside its container */
                { "crio-", "cri-o", false },
                { "libpod-conmon-", "podman", true },
                { "libpod-", "podman", false },          /* also machine.slice/, user@UID.service/user.slice/ */
        };
        for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
                if (!has_prefix(c, table[i].prefix))
                        continue;
                struct span id = cut(c, strlen(table[i].prefix), 0);
                if (has_suffix(id, ".scope"))
                        id = cut(id, 0, strlen(".scope"));
                char buf[HEX_ID_LEN + 1];
                if (is_hex_id(id) && copy_span(buf, sizeof(buf), id)) {
                        found_container(p, table[i].runtime, table[i].runtime, buf, table[i].monitor);
                        return true;
                }
        }
        return false;
}

/* A bare <id>: kubelet's cgroupfs driver (.../pod<uid>/<id>, any runtime)
 * and docker's cgroupfs driver (/docker/<id>). */
static bool match_bare_id(struct parse *p, struct span c)
{
        char buf[HEX_ID_LEN + 1];

        if (!is_hex_id(c) || !copy_span(buf, sizeof(buf), c))
                return false;
        if (p->pod_at != 0 && p->pod_at + 1 == p->at)
                found_container(p, "kubernetes", "", buf, false);
        else if (span_eq(p->prev, "docker"))
                found_container(p, "docker", "docker", buf, false);
        else if (p->prev.n == 0)
                /* a cgroup named by the id alone at the top, or the name
                 * alone as "cpuset=" prints it: a container whose runtime
                 * the name does not say (docker's cgroupfs driver on 3.x) */
                found_container(p, "container", "", buf, false);
        else
                return false;
        return true;
}

/* LXC: /lxc/<name> (before 3.0), /lxc.payload/<name> and /lxc.monitor/<name>
 * (3.x), /lxc.payload.<name> and /lxc.monitor.<name> (4.0+, also LXD). */
static bool match_lxc(struct parse *p, struct span c)
{
        struct span name;
        bool monitor = false;
        char buf[sizeof(p->o->id)];

        if (has_prefix(c, "lxc.payload."))
                name = cut(c, strlen("lxc.payload."), 0);
        else if ((monitor = has_prefix(c, "lxc.monitor.")))
                name = cut(c, strlen("lxc.monitor."), 0);
        else if (span_eq(p->prev, "lxc") || span_eq(p->prev, "lxc.payload"))
                name = c;
        else if ((monitor = span_eq(p->prev, "lxc.monitor")))
                name = c;
        else
                return false;
        if (!copy_name(buf, sizeof(buf), name, false))
                return false;
        found_container(p, "lxc", "lxc", buf, monitor);
        return true;
}

/* machined's scopes, machine-<escaped name>.scope: systemd-nspawn run
 * directly, or libvirt ("qemu-<n>-<name>", "lxc-<pid>-<name>"); and
 * `machinectl start`'s systemd-nspawn@<escaped name>.service. */
static bool match_machine(struct parse *p, struct span c)
{
        char buf[sizeof(p->o->id)];
        const char *kind = "nspawn";
        struct span name;

        if (unit_type(c) != UNIT)
                return false;
        if (has_prefix(c, "machine-") && has_suffix(c, ".scope"))
                name = cut(c, strlen("machine-"), strlen(".scope"));
        else if (has_prefix(c, "systemd-nspawn@") && has_suffix(c, ".service"))
                name = cut(c, strlen("systemd-nspawn@"), strlen(".service"));
        else
                return false;
        if (!copy_name(buf, sizeof(buf), name, true))
                return false;
        const char *vm = buf + (buf[0] == 'q' ? 5 : 4);
        if (has_prefix(c, "machine-") && (strncmp(buf, "qemu-", 5) == 0 || strncmp(buf, "lxc-", 4) == 0) &&
            *vm != '\0') {
                size_t digits = strspn(vm, "0123456789");
                if (digits > 0 && vm[digits] == '-' && vm[digits + 1] != '\0')
                        vm += digits + 1;  /* libvirt >= 1.3: "qemu-<domain id>-<name>" */
                kind = "libvirt";
        } else {
                vm = buf;
        }
        found_container(p, kind, kind, vm, false);
        return true;
}

/* kubelet's pod cgroup: pod<uid> under kubepods (cgroupfs driver), or
 * kubepods[-<qos>]-pod<uid with _>.slice (systemd driver, also kind's
 * kubelet-kubepods-...). */
static bool match_pod(struct parse *p, struct span c)
{
        struct cgroup_owner *o = p->o;
        char buf[sizeof(o->pod)];
        bool ok = false;

        if (has_suffix(c, ".slice") && memmem(c.s, c.n, "kubepods", 8)) {
                struct span name = cut(c, 0, strlen(".slice"));
                for (size_t i = name.n; i >= 4 && !ok; i--)
                        if (memcmp(name.s + i - 4, "-pod", 4) == 0) {
                                ok = copy_pod_uid(buf, sizeof(buf), cut(name, i, 0), '_');
                                break;
                        }
        } else if (p->kube && has_prefix(c, "pod")) {
                ok = copy_pod_uid(buf, sizeof(buf), cut(c, 3, 0), '-');
        }
        if (!ok)
                return false;
        set_str(o->pod, sizeof(o->pod), buf);
        set_str(o->kind, sizeof(o->kind), "kubernetes");
        o->id[0] = o->runtime[0] = '\0';
        o->monitor = false;
        p->pod_at = p->container_at = p->at;
        return true;
}

/* Units, the user manager and logind's session-<id>.scope. */
static void match_unit(struct parse *p, struct span c)
{
        struct cgroup_owner *o = p->o;

        switch (unit_type(c)) {
        case UNIT:
                copy_span(o->unit, sizeof(o->unit), c);
                p->unit_at = p->at;
                break;
        case SLICE:
                copy_span(p->slice, sizeof(p->slice), c);
                return;
        case NOT_UNIT:
                return;
        }
        if (has_prefix(c, "user@") && has_suffix(c, ".service")) {
                struct span uid = cut(c, strlen("user@"), strlen(".service"));
                bool ok = uid.n > 0;
                for (size_t i = 0; i < uid.n && ok; i++)
                        ok = uid.s[i] >= '0' && uid.s[i] <= '9';
                if (ok &&
                    copy_span(o->manager, sizeof(o->manager), c))
                        p->manager_at = p->at;
        } else if (has_prefix(c, "session-") && has_suffix(c, ".scope")) {
                struct span sid = cut(c, strlen("session-"), strlen(".scope"));
                bool ok = sid.n > 0;
                for (size_t i = 0; i < sid.n && ok; i++)
                        ok = is_alnum(sid.s[i]);
                if (ok && copy_span(p->session, sizeof(p->session), sid))
                        p->session_at = p->at;
        }
}

int cgroup_owner_parse(const char *path, struct cgroup_owner *ret)
{
        struct parse p = { .o = ret, .prev = { "", 0 } };
        static const char deleted[] = " (deleted)"; /* cgroup v2, a removed cgroup (proc_cgroup_show()) */

        memset(ret, 0, sizeof(*ret));
        if (!path)
                return -ENOENT;
        const char *s = path, *end = path + strlen(path);
        if ((size_t)(end - s) >= sizeof(deleted) - 1 &&
            memcmp(end - (sizeof(deleted) - 1), deleted, sizeof(deleted) - 1) == 0)
                end -= sizeof(deleted) - 1;

        while (s < end) {
                const char *slash = memchr(s, '/', (size_t)(end - s));
                struct span c = { s, (size_t)((slash ? slash : end) - s) };
                s = slash ? slash + 1 : end;
                if (c.n == 0)
                        continue;
                p.at++;
                if (memmem(c.s, c.n, "kubepods", 8))
                        p.kube = true;
                match_unit(&p, c);
                if (!match_pod(&p, c) && !match_runtime_prefix(&p, c) && !match_bare_id(&p, c) &&
                    !match_lxc(&p, c))
                        match_machine(&p, c);
                p.prev = c;
        }

        if (!ret->unit[0])
                memcpy(ret->unit, p.slice, sizeof(ret->unit));
        ret->unit_inside = p.container_at != 0 && p.unit_at > p.container_at;
        /* a manager above the container is the runtime's, not the unit's */
        if (p.manager_at == 0 || p.manager_at <= p.container_at || p.unit_at < p.manager_at)
                ret->manager[0] = '\0';
        if (!ret->kind[0] && p.session_at != 0 && p.session_at == p.unit_at) {
                set_str(ret->kind, sizeof(ret->kind), "session");
                set_str(ret->id, sizeof(ret->id), p.session);
        }
        if (!ret->unit[0] && !ret->kind[0]) {
                memset(ret, 0, sizeof(*ret));
                return -ENOENT;
        }
        return 0;
}

/* ---- label ------------------------------------------------------------ */

struct out {
        char *buf;
        size_t size, len;
};

static void put_n(struct out *w, const char *s, size_t n)
{
        for (size_t i = 0; i < n; i++, w->len++)
                if (w->len + 1 < w->size)
                        w->buf[w->len] = s[i];
}

static void put(struct out *w, const char *s) { put_n(w, s, strlen(s)); }

/* A full hex id shortened as `docker ps` does; names whole. */
static void put_id(struct out *w, const char *id)
{
        size_t n = strlen(id);
        put_n(w, id, is_hex_id((struct span){ id, n }) ? SHORT_ID_LEN : n);
}

size_t cgroup_owner_label(const struct cgroup_owner *o, char *buf, size_t n)
{
        struct out w = { buf, n, 0 };

        if (o) {
                bool kube = strcmp(o->kind, "kubernetes") == 0;
                bool container = o->kind[0] && strcmp(o->kind, "session") != 0;
                if (kube) {
                        put(&w, "k8s pod ");
                        put_n(&w, o->pod, strnlen(o->pod, SHORT_POD_LEN));
                        if (o->id[0]) {
                                put(&w, o->monitor ? "/conmon " : "/container ");
                                put_id(&w, o->id);
                        }
                } else if (container) {
                        put(&w, o->kind);
                        if (o->monitor)
                                put(&w, strcmp(o->kind, "lxc") == 0 ? " monitor" : " conmon");
                        if (o->id[0]) {
                                put(&w, " ");
                                put_id(&w, o->id);
                        }
                }
                if (o->unit[0] && (!container || o->unit_inside)) {
                        if (container)
                                put(&w, "/");
                        if (o->manager[0] && strcmp(o->manager, o->unit) != 0) {
                                put(&w, o->manager);
                                put(&w, "/");
                        }
                        put(&w, o->unit);
                }
        }
        if (n > 0)
                buf[w.len < n ? w.len : n - 1] = '\0';
        return w.len;
}

bool cgroup_owner_is_container(const struct cgroup_owner *o) {
        static const char *const kinds[] = { "docker", "podman", "containerd", "cri-o", "kubernetes", "lxc", "container" };
        if (!o || o->monitor)
                return false;
        for (size_t k = 0; k < sizeof(kinds) / sizeof(*kinds); k++)
                if (strcmp(o->kind, kinds[k]) == 0)
                        return true;
        return false;
}

size_t cgroup_owner_describe(const char *path, struct cgroup_owner *o, char *buf, size_t n) {
        struct cgroup_owner own;
        if (!o)
                o = &own;
        (void)cgroup_owner_parse(path, o);   /* zeroed when nothing is known */
        return cgroup_owner_label(o, buf, n);
}
