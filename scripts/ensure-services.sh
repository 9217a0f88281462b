#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on loopback: starts them when installed but stopped, and says plainly what
# is missing otherwise. Used by both README commands (quickstart and tests).
set -euo pipefail

PG_PORT="${PG_PORT:-5432}"
REDIS_PORT="${REDIS_PORT:-6379}"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 0.5; done
  return 1
}

if ! port_open "$PG_PORT"; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ] && [ -n "$(ls /etc/postgresql 2>/dev/null)" ]; then
    ver=$(ls /etc/postgresql | sort -V | tail -n 1)
    echo "paperboy: starting PostgreSQL $ver ..."
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
    wait_port "$PG_PORT" || { echo "paperboy: PostgreSQL $ver did not come up on 127.0.0.1:$PG_PORT" >&2; exit 1; }
  else
    echo "paperboy: PostgreSQL is not installed (nothing on 127.0.0.1:$PG_PORT). Install it: apt-get install postgresql" >&2
    exit 1
  fi
fi

if ! port_open "$REDIS_PORT"; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "paperboy: starting Redis ..."
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no
    wait_port "$REDIS_PORT" || { echo "paperboy: Redis did not come up on 127.0.0.1:$REDIS_PORT" >&2; exit 1; }
  else
    echo "paperboy: Redis is not installed (nothing on 127.0.0.1:$REDIS_PORT). Install it: apt-get install redis-server" >&2
    exit 1
  fi
fi
