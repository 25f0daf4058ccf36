#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback, for tests and the local cluster.
#
#   deploy/postgres-local.sh install      install Debian's postgresql package when its binaries are missing (root)
#   deploy/postgres-local.sh start DIR    initdb DIR/data, start on a free 127.0.0.1 port, create database "switchboard"
#   deploy/postgres-local.sh env DIR      print export lines: SWITCHBOARD_POSTGRES, SWITCHBOARD_TEST_POSTGRES, PG* for psql
#   deploy/postgres-local.sh stop DIR     stop the server and remove DIR
#
# The server listens on 127.0.0.1 only (its unix socket stays inside DIR) and trusts every local connection:
# it is for one machine's tests and demos, never for anything reachable from outside.
# As root the server runs as the "postgres" user, since PostgreSQL refuses to run as root.
# PORT picks the port instead of a free one; POSTGRES_OPTIONS adds server options (e.g. "-c fsync=off").
set -euo pipefail

usage() {
  echo "usage: $0 install | start DIR | env DIR | stop DIR" >&2
  exit 2
}

pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

install_binaries() {
  if pg_bin >/dev/null && command -v psql >/dev/null 2>&1; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL server binaries are missing; as root run: apt-get install -y postgresql" >&2
    exit 1
  fi
  echo "installing PostgreSQL (Debian package postgresql)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  pg_bin >/dev/null || { echo "postgresql installed, but no server binaries under /usr/lib/postgresql/*/bin" >&2; exit 1; }
}

# Runs a command as the server's owner: "postgres" when we are root, ourselves otherwise.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  local dir=$1 bin port
  install_binaries
  bin=$(pg_bin)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ -f "$dir/port" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    echo "PostgreSQL already running in $dir on port $(cat "$dir/port")" >&2
    return 0
  fi
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    chown postgres: "$dir"
  fi
  chmod 700 "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  port=${PORT:-$(free_port)}
  # shellcheck disable=SC2086
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 ${POSTGRES_OPTIONS:-}" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "$port" >"$dir/port"
  psql -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE switchboard" >/dev/null
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $dir)" >&2
}

print_env() {
  local dir=$1 port
  port=$(cat "$dir/port")
  echo "export SWITCHBOARD_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=switchboard'"
  echo "export SWITCHBOARD_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=switchboard'"
  echo "export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=switchboard"
}

stop() {
  local dir=$1 bin
  [ -d "$dir" ] || return 0
  if bin=$(pg_bin) && [ -d "$dir/data" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

[ $# -ge 1 ] || usage
case "$1" in
  install) install_binaries ;;
  start) [ $# -eq 2 ] || usage; start "$2" ;;
  env) [ $# -eq 2 ] || usage; print_env "$2" ;;
  stop) [ $# -eq 2 ] || usage; stop "$2" ;;
  *) usage ;;
esac
