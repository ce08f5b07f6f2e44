#!/bin/sh
# Installs the Debian packages w5 needs to build and test, only those
# missing. As root it calls apt-get directly, otherwise through sudo.
set -e
PKGS="make gcc clang pkg-config libutf8proc-dev libjansson-dev libsqlite3-dev
      libxml2-dev zlib1g-dev libzstd-dev libclang-rt-14-dev
      python3 python3-jsonschema sqlite3 zstd"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
        || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "w5: installing missing Debian packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
