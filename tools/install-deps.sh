#!/bin/sh
# Installs the Debian packages oomlens needs to build and test, when some
# are missing.  As root it runs apt-get; otherwise it prints the command.
set -eu
PKGS="meson ninja-build gcc pkgconf gettext zlib1g-dev liblzma-dev libzstd-dev libsystemd-dev
libcmocka-dev clang-14 libclang-rt-14-dev scdoc systemd-journal-remote python3 python3-jsonschema
gzip xz-utils zstd bash-completion cmark-gfm"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "oomlens: missing build dependencies:$missing" >&2
    echo "install them with: sudo apt-get install$missing" >&2
    exit 1
fi
echo "oomlens: installing build dependencies:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
