#!/usr/bin/env bash
# Stops the redis-server started by redis-start.sh with the same DIR and PORT, by its PID, and
# waits until that process has exited.
# Usage: scripts/redis-stop.sh DIR PORT
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 DIR PORT" >&2
    exit 2
fi
dir=$1
port=$2
pidfile="$dir/redis.pid"

if [ ! -f "$pidfile" ]; then
    echo "no $pidfile; nothing to stop"
    exit 0
fi
pid=$(cat "$pidfile")
redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true

for _ in $(seq 1 100); do
    if ! kill -0 "$pid" 2>/dev/null; then
        rm -f "$pidfile"
        echo "redis-server (pid $pid) stopped"
        exit 0
    fi
    sleep 0.1
done
echo "redis-server (pid $pid) still running after 10 s; sending SIGKILL" >&2
kill -9 "$pid" 2>/dev/null || true
exit 1
