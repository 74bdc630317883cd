/* test_cgroup_owner.c — cgroup path → unit/container/pod/session: the path
 * shapes each runtime really creates (docker and kubelet under both cgroup
 * drivers, containerd, CRI-O, podman, LXC 1.x–5.x, nspawn, libvirt, logind
 * sessions, user managers), each with every field and the label, then
 * hostile paths that must name nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup_owner.h"

#define ID "4f1c2b9e8a7d3c5b6a7980f1e2d3c4b5a6978877665544332211ffeeddccbbaa"
#define ID2 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define UID_DASH "5d7f3a2e-1c3b-4b1a-9f0e-2a1b3c4d5e6f"
#define UID_US "5d7f3a2e_1c3b_4b1a_9f0e_2a1b3c4d5e6f"
#define KUBE_SD "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_US ".slice"

struct want {
        const char *path;
        const char *unit, *kind, *id, *pod, *runtime, *manager;
        bool monitor, unit_inside;
        const char *label;
};

static void check(const struct want *w)
{
        struct cgroup_owner o;
        char label[512];

        memset(&o, 0x5a, sizeof(o));
        int r = cgroup_owner_parse(w->path, &o);
        print_message("%s\n", w->path);
        assert_int_equal(r, 0);
        assert_string_equal(o.unit, w->unit ? w->unit : "");
        assert_string_equal(o.kind, w->kind ? w->kind : "");
        assert_string_equal(o.id, w->id ? w->id : "");
        assert_string_equal(o.pod, w->pod ? w->pod : "");
        assert_string_equal(o.runtime, w->runtime ? w->runtime : "");
        assert_string_equal(o.manager, w->manager ? w->manager : "");
        assert_int_equal(o.monitor, w->monitor);
        assert_int_equal(o.unit_inside, w->unit_inside);
        size_t n = cgroup_owner_label(&o, label, sizeof(label));
        assert_string_equal(label, w->label);
        assert_int_equal(n, strlen(w->label));
}

static void check_all(const struct want *w, size_t n)
{
        for (size_t i = 0; i < n; i++)
                check(&w[i]);
}

#define CHECK_ALL(t) check_all(t, sizeof(t) / sizeof(t[0]))

/* A path that names nothing: -ENOENT and a zeroed result. */
static void check_none(const char *path)
{
        struct cgroup_owner o, zero;
        char label[64] = "x";

        memset(&o, 0x5a, sizeof(o));
        memset(&zero, 0, sizeof(zero));
        if (path && strlen(path) < 200)
                print_message("none: %s\n", path);
        assert_int_equal(cgroup_owner_parse(path, &o), -ENOENT);
        assert_memory_equal(&o, &zero, sizeof(o));
        assert_int_equal(cgroup_owner_label(&o, label, sizeof(label)), 0);
        assert_string_equal(label, "");
}

static void test_systemd_units(void **state)
{
        (void)state;
        static const struct want t[] = {
                { .path = "/system.slice/nginx.service", .unit = "nginx.service", .label = "nginx.service" },
                { .path = "/system.slice/system-getty.slice/getty@tty1.service", .unit = "getty@tty1.service",
                  .label = "getty@tty1.service" },
                { .path = "/init.scope", .unit = "init.scope", .label = "init.scope" },
                { .path = "/system.slice/var-lib-docker.mount", .unit = "var-lib-docker.mount",
                  .label = "var-lib-docker.mount" },
                { .path = "/system.slice/dev-zram0.swap", .unit = "dev-zram0.swap", .label = "dev-zram0.swap" },
                { .path = "/system.slice/system-sshd.slice/sshd@1-10.0.0.1:22-10.0.0.2:5050.service",
                  .unit = "sshd@1-10.0.0.1:22-10.0.0.2:5050.service",
                  .label = "sshd@1-10.0.0.1:22-10.0.0.2:5050.service" },
                /* a service's own sub-cgroups (Delegate=yes) keep the service */
                { .path = "/system.slice/build.service/job/worker", .unit = "build.service",
                  .label = "build.service" },
                /* a slice only when nothing deeper is a unit (v1 memory hierarchy without accounting) */
                { .path = "/system.slice", .unit = "system.slice", .label = "system.slice" },
                { .path = "/user.slice", .unit = "user.slice", .label = "user.slice" },
                { .path = "/system.slice/system-openvpn.slice", .unit = "system-openvpn.slice",
                  .label = "system-openvpn.slice" },
                /* the escape is part of the unit's name: kept as systemctl wants it */
                { .path = "/system.slice/system-systemd\\x2dfsck.slice/systemd-fsck@dev-sda1.service",
                  .unit = "systemd-fsck@dev-sda1.service", .label = "systemd-fsck@dev-sda1.service" },
                /* outside the reader's cgroup namespace; a removed v2 cgroup */
                { .path = "/../../system.slice/cron.service", .unit = "cron.service", .label = "cron.service" },
                { .path = "/system.slice/foo.service (deleted)", .unit = "foo.service", .label = "foo.service" },
                { .path = "//system.slice//nginx.service/", .unit = "nginx.service", .label = "nginx.service" },
        };
        CHECK_ALL(t);
}

static void test_sessions_and_user_managers(void **state)
{
        (void)state;
        static const struct want t[] = {
                { .path = "/user.slice/user-1000.slice/session-3.scope", .unit = "session-3.scope",
                  .kind = "session", .id = "3", .label = "session-3.scope" },
                { .path = "/user.slice/user-120.slice/session-c1.scope", .unit = "session-c1.scope",
                  .kind = "session", .id = "c1", .label = "session-c1.scope" },
                { .path = "/user.slice/user-1000.slice/user@1000.service/app.slice/foo.service",
                  .unit = "foo.service", .manager = "user@1000.service",
                  .label = "user@1000.service/foo.service" },
                { .path = "/user.slice/user-1000.slice/user@1000.service/init.scope", .unit = "init.scope",
                  .manager = "user@1000.service", .label = "user@1000.service/init.scope" },
                { .path = "/user.slice/user-1000.slice/user@1000.service", .unit = "user@1000.service",
                  .manager = "user@1000.service", .label = "user@1000.service" },
                { .path = "/user.slice/user-1000.slice/user@1000.service/app.slice", .unit = "user@1000.service",
                  .manager = "user@1000.service", .label = "user@1000.service" },
                { .path = "/user.slice/user-1000.slice/user@1000.service/app.slice/app-org.gnome.Terminal.slice/"
                          "vte-spawn-0c9f2d1e-8b7a-4c3d-9e2f-1a0b9c8d7e6f.scope",
                  .unit = "vte-spawn-0c9f2d1e-8b7a-4c3d-9e2f-1a0b9c8d7e6f.scope", .manager = "user@1000.service",
                  .label = "user@1000.service/vte-spawn-0c9f2d1e-8b7a-4c3d-9e2f-1a0b9c8d7e6f.scope" },
                /* a session's name in a user's own manager is not a logind session */
                { .path = "/user.slice/user-1000.slice/user@1000.service/session.slice/pipewire.service",
                  .unit = "pipewire.service", .manager = "user@1000.service",
                  .label = "user@1000.service/pipewire.service" },
                /* "user@" without a numeric uid is an ordinary template instance */
                { .path = "/system.slice/user@x.service/foo.service", .unit = "foo.service",
                  .label = "foo.service" },
        };
        CHECK_ALL(t);
}

static void test_docker(void **state)
{
        (void)state;
        static const struct want t[] = {
                /* cgroupfs driver (v1 and v2), and the systemd driver */
                { .path = "/docker/" ID, .kind = "docker", .id = ID, .runtime = "docker",
                  .label = "docker 4f1c2b9e8a7d" },
                { .path = "/system.slice/docker-" ID ".scope", .unit = "docker-" ID ".scope", .kind = "docker",
                  .id = ID, .runtime = "docker", .label = "docker 4f1c2b9e8a7d" },
                /* docker-in-docker: the inner container */
                { .path = "/docker/" ID2 "/docker/" ID, .kind = "docker", .id = ID, .runtime = "docker",
                  .label = "docker 4f1c2b9e8a7d" },
                /* systemd inside the container (cgroupns=private, v2) */
                { .path = "/system.slice/docker-" ID ".scope/system.slice/nginx.service", .unit = "nginx.service",
                  .kind = "docker", .id = ID, .runtime = "docker", .unit_inside = true,
                  .label = "docker 4f1c2b9e8a7d/nginx.service" },
                /* rootless docker under a user manager: the container names it */
                { .path = "/user.slice/user-1000.slice/user@1000.service/user.slice/docker-" ID ".scope",
                  .unit = "docker-" ID ".scope", .kind = "docker", .id = ID, .runtime = "docker",
                  .label = "docker 4f1c2b9e8a7d" },
                /* the id alone, as "cpuset=" prints a cgroup's name (docker's
                 * cgroupfs driver before 4.19), or at the top: a container of
                 * a runtime the name does not say */
                { .path = ID, .kind = "container", .id = ID, .label = "container 4f1c2b9e8a7d" },
                { .path = "/" ID, .kind = "container", .id = ID, .label = "container 4f1c2b9e8a7d" },
                /* docker's own daemon is a unit, not a container */
                { .path = "/system.slice/docker.service", .unit = "docker.service", .label = "docker.service" },
        };
        CHECK_ALL(t);
}

static void test_kubernetes(void **state)
{
        (void)state;
        static const struct want t[] = {
                /* systemd driver, containerd / CRI-O / dockershim */
                { .path = KUBE_SD "/cri-containerd-" ID ".scope", .unit = "cri-containerd-" ID ".scope",
                  .kind = "kubernetes", .id = ID, .pod = UID_DASH, .runtime = "containerd",
                  .label = "k8s pod 5d7f3a2e/container 4f1c2b9e8a7d" },
                { .path = KUBE_SD "/crio-" ID ".scope", .unit = "crio-" ID ".scope", .kind = "kubernetes", .id = ID,
                  .pod = UID_DASH, .runtime = "cri-o", .label = "k8s pod 5d7f3a2e/container 4f1c2b9e8a7d" },
                { .path = KUBE_SD "/crio-" ID ".scope/container", .unit = "crio-" ID ".scope",
                  .kind = "kubernetes", .id = ID, .pod = UID_DASH, .runtime = "cri-o",
                  .label = "k8s pod 5d7f3a2e/container 4f1c2b9e8a7d" },
                { .path = KUBE_SD "/crio-conmon-" ID ".scope", .unit = "crio-conmon-" ID ".scope",
                  .kind = "kubernetes", .id = ID, .pod = UID_DASH, .runtime = "cri-o", .monitor = true,
                  .label = "k8s pod 5d7f3a2e/conmon 4f1c2b9e8a7d" },
                { .path = "/kubepods.slice/kubepods-pod" UID_US ".slice/docker-" ID ".scope",
                  .unit = "docker-" ID ".scope", .kind = "kubernetes", .id = ID, .pod = UID_DASH,
                  .runtime = "docker", .label = "k8s pod 5d7f3a2e/container 4f1c2b9e8a7d" },
                /* the pod's own cgroup (the sandbox and its limits) */
                { .path = KUBE_SD, .unit = "kubepods-burstable-pod" UID_US ".slice", .kind = "kubernetes",
                  .pod = UID_DASH, .label = "k8s pod 5d7f3a2e" },
                /* cgroupfs driver: a bare id, whatever the runtime; CRI-O prefixes its own */
                { .path = "/kubepods/burstable/pod" UID_DASH "/" ID, .kind = "kubernetes", .id = ID,
                  .pod = UID_DASH, .label = "k8s pod 5d7f3a2e/container 4f1c2b9e8a7d" },
                { .path = "/kubepods/pod" UID_DASH "/" ID, .kind = "kubernetes", .id = ID, .pod = UID_DASH,
                  .label = "k8s pod 5d7f3a2e/container 4f1c2b9e8a7d" },
                { .path = "/kubepods/besteffort/pod" UID_DASH "/crio-" ID, .kind = "kubernetes", .id = ID,
                  .pod = UID_DASH, .runtime = "cri-o", .label = "k8s pod 5d7f3a2e/container 4f1c2b9e8a7d" },
                { .path = "/kubepods/besteffort/pod" UID_DASH "/crio-conmon-" ID, .kind = "kubernetes", .id = ID,
                  .pod = UID_DASH, .runtime = "cri-o", .monitor = true,
                  .label = "k8s pod 5d7f3a2e/conmon 4f1c2b9e8a7d" },
                { .path = "/kubepods/burstable/pod" UID_DASH, .kind = "kubernetes", .pod = UID_DASH,
                  .label = "k8s pod 5d7f3a2e" },
                /* a static pod's uid is a 32-digit hash */
                { .path = "/kubepods/burstable/pod0a5d3e9e1c6f4b8d9e2f7a1b3c5d7e9f/" ID, .kind = "kubernetes",
                  .id = ID, .pod = "0a5d3e9e1c6f4b8d9e2f7a1b3c5d7e9f",
                  .label = "k8s pod 0a5d3e9e/container 4f1c2b9e8a7d" },
                /* kind: kubelet inside a docker container, cgroup root "kubelet" */
                { .path = "/docker/" ID2 "/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/"
                          "kubelet-kubepods-besteffort-pod" UID_US ".slice/cri-containerd-" ID ".scope",
                  .unit = "cri-containerd-" ID ".scope", .kind = "kubernetes", .id = ID, .pod = UID_DASH,
                  .runtime = "containerd", .label = "k8s pod 5d7f3a2e/container 4f1c2b9e8a7d" },
                /* the node's QoS slices and kubepods alone name no pod */
                { .path = "/kubepods.slice/kubepods-besteffort.slice", .unit = "kubepods-besteffort.slice",
                  .label = "kubepods-besteffort.slice" },
                /* containerd's CRI outside a pod slice */
                { .path = "/system.slice/cri-containerd-" ID ".scope", .unit = "cri-containerd-" ID ".scope",
                  .kind = "containerd", .id = ID, .runtime = "containerd", .label = "containerd 4f1c2b9e8a7d" },
        };
        CHECK_ALL(t);
}

static void test_podman(void **state)
{
        (void)state;
        static const struct want t[] = {
                { .path = "/machine.slice/libpod-" ID ".scope", .unit = "libpod-" ID ".scope", .kind = "podman",
                  .id = ID, .runtime = "podman", .label = "podman 4f1c2b9e8a7d" },
                { .path = "/machine.slice/libpod-" ID ".scope/container", .unit = "libpod-" ID ".scope",
                  .kind = "podman", .id = ID, .runtime = "podman", .label = "podman 4f1c2b9e8a7d" },
                { .path = "/machine.slice/libpod-conmon-" ID ".scope", .unit = "libpod-conmon-" ID ".scope",
                  .kind = "podman", .id = ID, .runtime = "podman", .monitor = true,
                  .label = "podman conmon 4f1c2b9e8a7d" },
                { .path = "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID ".scope",
                  .unit = "libpod-" ID ".scope", .kind = "podman", .id = ID, .runtime = "podman",
                  .label = "podman 4f1c2b9e8a7d" },
                /* a pod: machine-libpod_pod_<id>.slice is not a machined scope */
                { .path = "/machine.slice/machine-libpod_pod_" ID2 ".slice/libpod-" ID ".scope",
                  .unit = "libpod-" ID ".scope", .kind = "podman", .id = ID, .runtime = "podman",
                  .label = "podman 4f1c2b9e8a7d" },
                /* cgroupfs manager */
                { .path = "/libpod_parent/libpod-" ID, .kind = "podman", .id = ID, .runtime = "podman",
                  .label = "podman 4f1c2b9e8a7d" },
                { .path = "/machine.slice/libpod-" ID ".scope/container/system.slice/httpd.service",
                  .unit = "httpd.service", .kind = "podman", .id = ID, .runtime = "podman", .unit_inside = true,
                  .label = "podman 4f1c2b9e8a7d/httpd.service" },
        };
        CHECK_ALL(t);
}

static void test_lxc_nspawn_libvirt(void **state)
{
        (void)state;
        static const struct want t[] = {
                { .path = "/lxc/web1", .kind = "lxc", .id = "web1", .runtime = "lxc", .label = "lxc web1" },
                { .path = "/lxc.payload/web1", .kind = "lxc", .id = "web1", .runtime = "lxc", .label = "lxc web1" },
                { .path = "/lxc.payload.web1", .kind = "lxc", .id = "web1", .runtime = "lxc", .label = "lxc web1" },
                { .path = "/lxc.monitor.web1", .kind = "lxc", .id = "web1", .runtime = "lxc", .monitor = true,
                  .label = "lxc monitor web1" },
                { .path = "/lxc.monitor/web1", .kind = "lxc", .id = "web1", .runtime = "lxc", .monitor = true,
                  .label = "lxc monitor web1" },
                { .path = "/lxc.payload.web1/system.slice/nginx.service", .unit = "nginx.service", .kind = "lxc",
                  .id = "web1", .runtime = "lxc", .unit_inside = true, .label = "lxc web1/nginx.service" },
                { .path = "/lxc.payload.web1/init.scope", .unit = "init.scope", .kind = "lxc", .id = "web1",
                  .runtime = "lxc", .unit_inside = true, .label = "lxc web1/init.scope" },
                /* a session inside a container: the container owns it */
                { .path = "/lxc.payload.web1/user.slice/user-0.slice/session-1.scope", .unit = "session-1.scope",
                  .kind = "lxc", .id = "web1", .runtime = "lxc", .unit_inside = true,
                  .label = "lxc web1/session-1.scope" },
                /* nspawn: the name is unit-escaped, shown decoded; the unit stays as systemctl spells it */
                { .path = "/machine.slice/machine-my\\x2dbox.scope", .unit = "machine-my\\x2dbox.scope",
                  .kind = "nspawn", .id = "my-box", .runtime = "nspawn", .label = "nspawn my-box" },
                { .path = "/machine.slice/systemd-nspawn@web.service/payload/system.slice/nginx.service",
                  .unit = "nginx.service", .kind = "nspawn", .id = "web", .runtime = "nspawn", .unit_inside = true,
                  .label = "nspawn web/nginx.service" },
                { .path = "/machine.slice/systemd-nspawn@web.service/supervisor",
                  .unit = "systemd-nspawn@web.service", .kind = "nspawn", .id = "web", .runtime = "nspawn",
                  .label = "nspawn web" },
                { .path = "/machine.slice/systemd-nspawn@deb\\x2d12.service/payload/user.slice/user-1000.slice/"
                          "user@1000.service/app.slice/foo.service",
                  .unit = "foo.service", .kind = "nspawn", .id = "deb-12", .runtime = "nspawn",
                  .manager = "user@1000.service", .unit_inside = true,
                  .label = "nspawn deb-12/user@1000.service/foo.service" },
                /* libvirt's machined scopes */
                { .path = "/machine.slice/machine-qemu\\x2d1\\x2dwin10.scope/libvirt/emulator",
                  .unit = "machine-qemu\\x2d1\\x2dwin10.scope", .kind = "libvirt", .id = "win10",
                  .runtime = "libvirt", .label = "libvirt win10" },
                { .path = "/machine.slice/machine-qemu\\x2dold\\x2dvm.scope", .unit = "machine-qemu\\x2dold\\x2dvm.scope",
                  .kind = "libvirt", .id = "old-vm", .runtime = "libvirt", .label = "libvirt old-vm" },
                { .path = "/machine.slice/machine-lxc\\x2d4242\\x2dct1.scope", .unit = "machine-lxc\\x2d4242\\x2dct1.scope",
                  .kind = "libvirt", .id = "ct1", .runtime = "libvirt", .label = "libvirt ct1" },
                /* a name in UTF-8 is fine */
                { .path = "/lxc/caf\xc3\xa9", .kind = "lxc", .id = "caf\xc3\xa9", .runtime = "lxc",
                  .label = "lxc caf\xc3\xa9" },
        };
        CHECK_ALL(t);
}

static void test_garbage(void **state)
{
        (void)state;
        check_none(NULL);
        check_none("");
        check_none("/");
        check_none("/..");
        check_none("/../..");
        check_none("////");
        check_none(" (deleted)");
        check_none("/foo/bar");
        check_none("/docker");
        check_none("/docker/notanid");
        check_none("/docker/" "4f1c2b9e8a7d3c5b6a7980f1e2d3c4b5a6978877665544332211ffeeddccbba");   /* 63 */
        check_none("/docker/" "4F1C2B9E8A7D3C5B6A7980F1E2D3C4B5A6978877665544332211FFEEDDCCBBAA"); /* upper */
        check_none("/docker/" ID "0");
        check_none("/actions_job/" ID);               /* a bare id under an unknown parent */
        check_none("/kubepods/burstable/podxyz/" ID);  /* not a pod uid */
        check_none("/kubepods/burstable/pod5d7f3a2e-1c3b-4b1a-9f0e-2a1b3c4d5e6/" ID); /* 35 */
        check_none("/pod" UID_DASH "/" ID);             /* pod<uid> without kubepods above */
        check_none("/lxc/we\nb");
        check_none("/lxc/\xff\xfe");                   /* not UTF-8 */
        check_none("/lxc/\xc3");                        /* truncated UTF-8 */
        check_none("/lxc.payload.");
        check_none("/.service");
        check_none("/@x.service");
        check_none("/a@b@c.service");
        check_none("/ngi nx.service");
        check_none("/\xc3\xa9.service");
        check_none("/foo.service\x1b[31m");
        check_none("/docker-" ID ".scope\x7f");

        /* a bad unit deeper down falls back to the valid slice above it */
        struct cgroup_owner o;
        assert_int_equal(cgroup_owner_parse("/system.slice/ngi nx.service", &o), 0);
        assert_string_equal(o.unit, "system.slice");

        /* a unit name longer than systemd allows is not one */
        char path[600];
        memset(path, 'a', sizeof(path));
        path[0] = '/';
        memcpy(path + 1 + 250, ".service", 9);   /* 258 bytes */
        check_none(path);
        memcpy(path + 1 + 247, ".service", 9);   /* 255 bytes: the longest valid */
        assert_int_equal(cgroup_owner_parse(path, &o), 0);
        assert_int_equal(strlen(o.unit), 255);

        /* a name that would not fit the id field is dropped, not cut */
        char lxc[200] = "/lxc/";
        memset(lxc + 5, 'n', 96);
        lxc[101] = '\0';
        check_none(lxc);
        lxc[100] = '\0';                          /* 95 bytes + NUL fit */
        assert_int_equal(cgroup_owner_parse(lxc, &o), 0);
        assert_int_equal(strlen(o.id), 95);

        /* escapes that decode to a control byte or a slash name no machine;
         * the unit itself is still valid */
        assert_int_equal(cgroup_owner_parse("/machine.slice/machine-a\\x0ab.scope", &o), 0);
        assert_string_equal(o.kind, "");
        assert_string_equal(o.unit, "machine-a\\x0ab.scope");
        assert_int_equal(cgroup_owner_parse("/machine.slice/machine-\\x2f.scope", &o), 0);
        assert_string_equal(o.kind, "");
        assert_int_equal(cgroup_owner_parse("/machine.slice/machine-\\x00.scope", &o), 0);
        assert_string_equal(o.kind, "");
        /* a half escape is kept as it is */
        assert_int_equal(cgroup_owner_parse("/machine.slice/machine-ab\\x2.scope", &o), 0);
        assert_string_equal(o.id, "ab\\x2");
        /* pod uid in slice shape but with dashes, or with the wrong groups */
        assert_int_equal(cgroup_owner_parse("/kubepods.slice/kubepods-pod" UID_DASH ".slice", &o), 0);
        assert_string_equal(o.kind, "");
        assert_int_equal(cgroup_owner_parse("/kubepods.slice/kubepods-pod5d7f3a2e1_c3b_4b1a_9f0e_2a1b3c4d5e6f.slice",
                                            &o), 0);
        assert_string_equal(o.pod, "");

        /* a very long path of junk, and one that ends in a real owner */
        size_t big = 1 << 20;
        char *p = malloc(big + 128);
        assert_non_null(p);
        for (size_t i = 0; i < big; i += 2) {
                p[i] = '/';
                p[i + 1] = (char)(i % 251 + 1) == '/' ? 'x' : (char)(i % 251 + 1);
        }
        p[big] = '\0';
        check_none(p);
        strcpy(p + big, "/docker/" ID);
        assert_int_equal(cgroup_owner_parse(p, &o), 0);
        assert_string_equal(o.id, ID);
        free(p);
}

static void test_label_buffer(void **state)
{
        (void)state;
        struct cgroup_owner o;
        char buf[32];

        assert_int_equal(cgroup_owner_parse("/system.slice/nginx.service", &o), 0);
        memset(buf, 'x', sizeof(buf));
        assert_int_equal(cgroup_owner_label(&o, buf, 5), 13);   /* like snprintf */
        assert_string_equal(buf, "ngin");
        assert_int_equal(buf[5], 'x');                           /* nothing past N */
        assert_int_equal(cgroup_owner_label(&o, buf, 1), 13);
        assert_string_equal(buf, "");
        assert_int_equal(cgroup_owner_label(&o, NULL, 0), 13);
        assert_int_equal(cgroup_owner_label(&o, buf, 14), 13);
        assert_string_equal(buf, "nginx.service");

        assert_int_equal(cgroup_owner_parse(KUBE_SD "/cri-containerd-" ID ".scope", &o), 0);
        assert_int_equal(cgroup_owner_label(&o, buf, sizeof(buf)), strlen("k8s pod 5d7f3a2e/container 4f1c2b9e8a7d"));
        assert_string_equal(buf, "k8s pod 5d7f3a2e/container 4f1c");   /* 31 + NUL */

        memset(buf, 'x', sizeof(buf));
        assert_int_equal(cgroup_owner_label(NULL, buf, sizeof(buf)), 0);
        assert_string_equal(buf, "");
        memset(&o, 0, sizeof(o));
        assert_int_equal(cgroup_owner_label(&o, buf, sizeof(buf)), 0);
        assert_string_equal(buf, "");
}

/* Parse and label in one call, as top and check use it. */
static void test_describe(void **state)
{
        (void)state;
        char buf[64];
        struct cgroup_owner o;
        assert_int_equal(cgroup_owner_describe("/system.slice/nginx.service", &o, buf, sizeof(buf)), 13);
        assert_string_equal(buf, "nginx.service");
        assert_string_equal(o.unit, "nginx.service");
        assert_int_equal(cgroup_owner_describe("/system.slice/nginx.service", NULL, buf, sizeof(buf)), 13);
        assert_int_equal(cgroup_owner_describe("/actions_job/x", &o, buf, sizeof(buf)), 0);
        assert_string_equal(buf, "");
        assert_string_equal(o.kind, "");
        assert_int_equal(cgroup_owner_describe(NULL, NULL, buf, sizeof(buf)), 0);
        assert_string_equal(buf, "");
}

/* The one "is it a container" rule of analyze and check. */
static void test_is_container(void **state)
{
        (void)state;
        static const struct { const char *path; bool container; } t[] = {
                { "/docker/" ID, true },
                { "/system.slice/docker-" ID ".scope", true },
                { ID, true },                                          /* a cpuset= name */
                { "/lxc/web1", true },
                { "/system.slice/nginx.service", false },
                { "/user.slice/user-1000.slice/session-3.scope", false },
                { "/machine.slice/machine-qemu\\x2d1\\x2dvm.scope", false }, /* a VM */
                { "/machine.slice/libpod-conmon-" ID ".scope", false },    /* the monitor */
        };
        for (size_t i = 0; i < sizeof(t) / sizeof(*t); i++) {
                struct cgroup_owner o;
                cgroup_owner_parse(t[i].path, &o);
                print_message("%s\n", t[i].path);
                assert_int_equal(cgroup_owner_is_container(&o), t[i].container);
        }
        assert_false(cgroup_owner_is_container(NULL));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_is_container),
                cmocka_unit_test(test_systemd_units),
                cmocka_unit_test(test_sessions_and_user_managers),
                cmocka_unit_test(test_docker),
                cmocka_unit_test(test_kubernetes),
                cmocka_unit_test(test_podman),
                cmocka_unit_test(test_lxc_nspawn_libvirt),
                cmocka_unit_test(test_garbage),
                cmocka_unit_test(test_label_buffer),
                cmocka_unit_test(test_describe),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
