#!/usr/bin/env bash
# Installs what building Upkeep needs beyond the Swift toolchain: SQLite's headers.
set -euo pipefail

if dpkg -s libsqlite3-dev >/dev/null 2>&1; then
    exit 0
fi

sudo=""
if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsqlite3-dev
