#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the test suite (installing Debian's package if it is
# missing) and print its SQLAlchemy URL. Idempotent: a running server is reused.
set -euo pipefail
DIR=${COUNTERPOINT_PG_DIR:-/tmp/counterpoint-pg}
PORT=${COUNTERPOINT_PG_PORT:-55432}

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
BIN=$(find_bin)
if [ -z "$BIN" ]; then
  echo "installing PostgreSQL from Debian's packages" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  BIN=$(find_bin)
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

if [ ! -f "$DIR/PG_VERSION" ]; then
  mkdir -p "$DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$DIR"
  as_owner "'$BIN/initdb' -D '$DIR' -A trust -U postgres" >/dev/null
fi
if ! as_owner "'$BIN/pg_ctl' -D '$DIR' status" >/dev/null 2>&1; then
  as_owner "'$BIN/pg_ctl' -D '$DIR' -l '$DIR/server.log' -w -o \"-p $PORT -k /tmp -c listen_addresses=127.0.0.1\" start" >/dev/null
fi
as_owner "'$BIN/psql' -h 127.0.0.1 -p $PORT -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='counterpoint_test'\"" | grep -q 1 \
  || as_owner "'$BIN/createdb' -h 127.0.0.1 -p $PORT -U postgres counterpoint_test"
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/counterpoint_test"
