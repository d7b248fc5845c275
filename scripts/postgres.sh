#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests: Debian's package, a cluster of its own in a temporary
# folder, listening only on loopback, trusting local connections. `start` installs the package when it
# is missing and prints nothing else on success; `stop` ends the server and removes the cluster;
# `url` prints the URL the tests use.
set -euo pipefail

PORT="${LINEOFSIGHT_PG_PORT:-55432}"
DIR="${LINEOFSIGHT_PG_DIR:-/tmp/lineofsight-test-pg}"
URL="postgresql://postgres@127.0.0.1:${PORT}/postgres"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bin" ] || return 1
  echo "$bin"
}

# Run a PostgreSQL program as the `postgres` user, since the server refuses to run as root.
as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

install() {
  if ! pg_bin >/dev/null; then
    echo "Installing PostgreSQL (Debian package postgresql) for the tests..."
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
}

start() {
  install
  local bin
  bin=$(pg_bin)
  if as_postgres "$bin/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
    return 0
  fi
  as_root rm -rf "$DIR"
  as_root mkdir -p "$DIR"
  as_root chown postgres:postgres "$DIR"
  as_postgres "$bin/initdb" -D "$DIR" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  as_postgres "$bin/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
}

stop() {
  local bin
  bin=$(pg_bin) || return 0
  as_postgres "$bin/pg_ctl" -D "$DIR" -m fast stop >/dev/null 2>&1 || true
  as_root rm -rf "$DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
