#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the test suite (installing Debian's package if it is
# missing) and print its SQLAlchemy URL. Idempotent: a server already answering on the port
# (started by this script in another process, or by anyone else) is reused, and concurrent
# starts wait for each other instead of racing for the data directory and the port.
set -euo pipefail
DIR=${COUNTERPOINT_PG_DIR:-/tmp/counterpoint-pg}
PORT=${COUNTERPOINT_PG_PORT:-55432}
DATABASE=counterpoint_test

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# The lock's descriptor is closed for the commands run, so the server does not inherit it.
as_owner() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*" 9>&-; else bash -c "$*" 9>&-; fi
}

# One start at a time: a second caller waits here, then finds the server answering.
exec 9>"${DIR%/}.lock"
flock -w 120 9 || { echo "timed out waiting for another start of the test server" >&2; exit 1; }

BIN=$(find_bin)
if [ -z "$BIN" ]; then
  echo "installing PostgreSQL from Debian's packages" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  BIN=$(find_bin)
fi

answering() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; }

if ! answering; then
  if [ ! -f "$DIR/PG_VERSION" ]; then
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    as_owner "'$BIN/initdb' -D '$DIR' -A trust -U postgres" >/dev/null
  fi
  as_owner "'$BIN/pg_ctl' -D '$DIR' -l '$DIR/server.log' -w -o \"-p $PORT -k /tmp -c listen_addresses=127.0.0.1\" start" >/dev/null
fi
psql() { as_owner "'$BIN/psql' -h 127.0.0.1 -p $PORT -U postgres -tAc \"$1\""; }
psql "SELECT 1 FROM pg_database WHERE datname='$DATABASE'" | grep -q 1 \
  || as_owner "'$BIN/createdb' -h 127.0.0.1 -p $PORT -U postgres $DATABASE"
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/$DATABASE"
