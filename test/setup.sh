#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine, then the npm packages:
#   chromium (browser tests), debootstrap + systemd-container + iproute2 (the real-Debian lab),
#   openssh-client (the lab's real login), dpkg, lintian and man-db (the checker's .deb and man page).
# As root it installs them; otherwise through sudo if there is one, else it says what is missing
# (the tests that need them then skip and say why).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v systemd-nspawn >/dev/null || need+=(systemd-container)
command -v ip >/dev/null || need+=(iproute2)
command -v ssh >/dev/null || need+=(openssh-client)
command -v dpkg-deb >/dev/null || need+=(dpkg)
command -v lintian >/dev/null || need+=(lintian)       # the checker's .deb is lintian-clean
command -v man >/dev/null || need+=(man-db)            # `man check` renders

if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then as_root=()
  elif command -v sudo >/dev/null; then as_root=(sudo)
  else as_root=(none)
  fi
  if [ "${as_root[*]}" = none ]; then
    echo "setup: not root and no sudo: install these Debian packages to run every test: ${need[*]}" >&2
  else
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get update -qq
    "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi

npm ci --no-audit --no-fund
