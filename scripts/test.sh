#!/usr/bin/env bash
# Runs Upkeep's whole test suite against real servers on 127.0.0.1.
#
# Installs what is missing (SQLite's headers, redis-server), starts a throwaway Redis on
# UPKEEP_TEST_REDIS_PORT (default 6390), runs `swift test` with UPKEEP_REQUIRE_SERVERS=1 so a
# missing server fails the run instead of skipping, and stops the server afterwards.
# Extra arguments go to a single `swift test`, for example `scripts/test.sh --filter Redis`.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

missing=()
dpkg -s libsqlite3-dev >/dev/null 2>&1 || missing+=(libsqlite3-dev)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/upkeep-test.XXXXXX")
port=${UPKEEP_TEST_REDIS_PORT:-6390}
scripts/redis-start.sh "$work/redis" "$port"
trap 'scripts/redis-stop.sh "$work/redis" "$port"; rm -rf "$work"' EXIT

export UPKEEP_REDIS_URL="redis://127.0.0.1:$port/0"
export UPKEEP_REQUIRE_SERVERS=1

if [ $# -gt 0 ]; then
    swift test "$@"
    exit
fi

# The Redis suites check TTLs and visibility timeouts against the server's real clock, in
# units of a second. Run in parallel with the CPU-heavy core suites on a small machine, a test
# can be starved for longer than that, so they run in a pass of their own after the rest.
swift test --skip UpkeepRedisTests
swift test --skip-build --filter UpkeepRedisTests
