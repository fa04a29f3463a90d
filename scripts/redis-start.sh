#!/usr/bin/env bash
# Starts a throwaway redis-server on 127.0.0.1:PORT with its files in DIR and waits until it
# answers PING. Extra arguments are passed to redis-server (for example --appendonly yes).
# Usage: scripts/redis-start.sh DIR PORT [redis-server options...]
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 DIR PORT [redis-server options...]" >&2
    exit 2
fi
dir=$1
port=$2
shift 2

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize yes --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" "$@"

# Ready once PING is answered: PONG, or NOAUTH from a server started with --requirepass.
for _ in $(seq 1 100); do
    reply=$(redis-cli -p "$port" ping 2>/dev/null || true)
    if [ "$reply" = "PONG" ] || [ "${reply#NOAUTH}" != "$reply" ]; then
        echo "redis-server ready on 127.0.0.1:$port (pid $(cat "$dir/redis.pid"))"
        exit 0
    fi
    sleep 0.1
done
echo "redis-server on 127.0.0.1:$port did not answer PING within 10 s; see $dir/redis.log" >&2
exit 1
