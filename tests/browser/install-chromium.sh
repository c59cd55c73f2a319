#!/usr/bin/env sh
# Debian's Chromium for the browser tests (never a Playwright browser download).
# Installs it when missing and we are root with apt-get (CI runs as root on a fresh machine);
# otherwise says in one line why the browser suite will be skipped.
set -u
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q chromium >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1; }
    [ -x /usr/bin/chromium ] && { echo "installed Debian's chromium: $(/usr/bin/chromium --version 2>/dev/null)"; exit 0; }
    echo "could not install Debian's chromium with apt-get: the browser tests will fail in CI"
    exit 0
fi
echo "no /usr/bin/chromium and no root apt-get to install it: the browser tests will be skipped"
