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

# A process that exited but was not yet reaped (a zombie, state Z) counts as stopped: in a
# container whose init does not reap orphans it would otherwise look alive forever.
is_running() {
    local state
    state=$(ps -o stat= -p "$pid" 2>/dev/null || true)
    [ -n "$state" ] && [ "${state#Z}" = "$state" ]
}

wait_for_exit() {
    for _ in $(seq 1 "$1"); do
        if ! is_running; then
            rm -f "$pidfile"
            echo "redis-server (pid $pid) stopped"
            exit 0
        fi
        sleep 0.1
    done
}

# SHUTDOWN NOSAVE first; a server that requires a password refuses it, so fall back to SIGTERM,
# which Redis also handles as a clean shutdown, and to SIGKILL as a last resort.
reply=$(redis-cli -p "$port" shutdown nosave 2>&1 || true)
case "$reply" in
    *NOAUTH*) ;;
    *) wait_for_exit 20 ;;
esac
kill -TERM "$pid" 2>/dev/null || true
wait_for_exit 80
echo "redis-server (pid $pid) still running after 10 s; sending SIGKILL" >&2
kill -9 "$pid" 2>/dev/null || true
exit 1
