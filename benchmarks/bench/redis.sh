#!/usr/bin/env bash
# Starts or stops the loopback Redis the store benchmark compares against.
#   benchmarks/bench/redis.sh start   # installs redis-server from Debian's packages when missing
#   benchmarks/bench/redis.sh stop
# Port 6390 on 127.0.0.1, no snapshots, no append-only file: a pure in-memory sorted set, Redis at its fastest.
set -euo pipefail
PORT="${REDIS_PORT:-6390}"
case "${1:-start}" in
  start)
    if ! command -v redis-server >/dev/null 2>&1; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    fi
    if redis-cli -h 127.0.0.1 -p "$PORT" ping >/dev/null 2>&1; then
      echo "redis already up on 127.0.0.1:$PORT"
      exit 0
    fi
    redis-server --bind 127.0.0.1 --port "$PORT" --save '' --appendonly no --daemonize yes \
      --pidfile "/tmp/warmup-bench-redis-$PORT.pid" --logfile "/tmp/warmup-bench-redis-$PORT.log"
    for _ in $(seq 1 50); do
      if redis-cli -h 127.0.0.1 -p "$PORT" ping >/dev/null 2>&1; then
        echo "redis $(redis-server --version | awk '{print $3}') up on 127.0.0.1:$PORT"
        exit 0
      fi
      sleep 0.1
    done
    echo "redis did not answer on 127.0.0.1:$PORT; see /tmp/warmup-bench-redis-$PORT.log" >&2
    exit 1
    ;;
  stop)
    redis-cli -h 127.0.0.1 -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
