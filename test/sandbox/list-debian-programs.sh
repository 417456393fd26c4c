#!/bin/sh
# Prints the program names behind src/sandbox/machine/debian-programs.ts: every file in
# /usr/bin and /usr/sbin (or /bin and /sbin) of the Debian 12 packages of priority required
# and important, and of openssh-client, openssh-server, nginx, nginx-common and sudo, as
# "bin NAME" or "sbin NAME". Run on a Debian 12 machine whose apt sources are bookworm's
# (after apt-get update); it downloads the packages into a temporary folder. The names that
# update-alternatives makes (vi, view, ex, editor, pico, pager, nawk) are added by hand.
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
packages=$(apt-cache dumpavail | awk '
  /^Package:/ { name = $2 }
  /^Priority: (required|important)$/ { print name }
' | sort -u)
apt-get download $packages openssh-client openssh-server nginx nginx-common sudo >/dev/null
for deb in ./*.deb; do dpkg-deb -c "$deb"; done |
  awk '{ print $6 }' |
  sed -n 's#^\./\(usr/\)\{0,1\}\(s\{0,1\}bin\)/\([^/]\{1,\}\)$#\2 \3#p' |
  sort -u
