#!/usr/bin/env bash
# Installs the Debian packages schoolpost needs. The Swift 6 toolchain is assumed present.
#   scripts/setup.sh          libraries for building and running
#   scripts/setup.sh --test   also the mail servers and clients the tests drive
set -euo pipefail

packages=(libetpan-dev libcurl4-gnutls-dev libgnutls28-dev libsqlite3-dev libxlsxwriter-dev
          libxml2-dev zlib1g-dev libzip-dev libytnef0-dev libfreexl-dev)
if [ "${1:-}" = "--test" ]; then
    packages+=(dovecot-imapd dovecot-lmtpd postfix s-nail mutt openssl sqlite3 chromium fonts-dejavu-core)
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup: installing ${missing[*]}" >&2

# Postfix asks how to configure itself unless told; the tests run their own instance.
echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
# Keep the distribution's own Dovecot and Postfix services from starting: the tests start
# private instances on loopback high ports.
policy=/usr/sbin/policy-rc.d
added_policy=""
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    added_policy=yes
fi
trap '[ -n "$added_policy" ] && $sudo rm -f "$policy"' EXIT

$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
