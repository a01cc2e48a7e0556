#!/usr/bin/env bash
# PostgreSQL for the cluster: Debian's postgresql 15, run by this script on
# loopback only (no system service). Data, socket and password under
# $BTI_VAR/postgres (default var/postgres).
#
#   scripts/cluster/postgres.sh start        initdb on first use, start, create the database
#   scripts/cluster/postgres.sh stop         fast shutdown
#   scripts/cluster/postgres.sh status
#   scripts/cluster/postgres.sh dsn [db]     the libpq connection string (password included)
#   scripts/cluster/postgres.sh psql [args]  psql on the database
#   scripts/cluster/postgres.sh dump FILE    pg_dump -Fc of the database (ZODB, blobs, audit)
#   scripts/cluster/postgres.sh restore FILE DB   pg_restore into a new database DB
#
# Environment: BTI_VAR, BTI_PG_PORT (5433), BTI_PG_DB (bti), BTI_PG_BIN
# (/usr/lib/postgresql/15/bin). PostgreSQL refuses to run as root: as root the
# server runs as the "postgres" system user, which then owns the data folder.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VAR="$(realpath -m "${BTI_VAR:-$ROOT/var}")"
PORT="${BTI_PG_PORT:-5433}"
DB="${BTI_PG_DB:-bti}"
PG_USER=bti
BIN="${BTI_PG_BIN:-/usr/lib/postgresql/15/bin}"
HOME_DIR="$VAR/postgres"
DATA="$HOME_DIR/data"
SOCKET="$HOME_DIR/run"
PASSFILE="$HOME_DIR/password"
LOG="$HOME_DIR/server.log"

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

password() { cat "$PASSFILE"; }

client_env() {
  export PGHOST=127.0.0.1 PGPORT="$PORT" PGUSER="$PG_USER" PGPASSWORD
  export PGOPTIONS="-c client_min_messages=warning"
  PGPASSWORD="$(password)"
}

init() {
  [ -f "$DATA/PG_VERSION" ] && return 0
  mkdir -p "$HOME_DIR" "$SOCKET"
  chmod 700 "$HOME_DIR"
  if [ ! -s "$PASSFILE" ]; then
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$PASSFILE")
  fi
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres: "$HOME_DIR"
  fi
  as_owner "$BIN/initdb" -D "$DATA" -U "$PG_USER" --pwfile="$PASSFILE" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 \
    --locale=C.UTF-8 > "$HOME_DIR/initdb.log"
  # Loopback only; the unix socket lives in var, not in /var/run.
  cat >> "$DATA/postgresql.conf" <<CONF

# scripts/cluster/postgres.sh
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCKET'
max_connections = 100
shared_buffers = 128MB
fsync = on
synchronous_commit = on
full_page_writes = on
CONF
}

running() { as_owner "$BIN/pg_ctl" -D "$DATA" status > /dev/null 2>&1; }

start() {
  init
  if ! running; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start > /dev/null
  fi
  client_env
  if ! "$BIN/psql" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" \
      | grep -q 1; then
    "$BIN/createdb" "$DB"
  fi
  echo "PostgreSQL on 127.0.0.1:$PORT, database $DB (data in $DATA)"
}

stop() {
  if [ -f "$DATA/PG_VERSION" ] && running; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop > /dev/null
    echo "PostgreSQL stopped"
  fi
}

cmd="${1:-}"
shift || true
case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) running && echo "running on 127.0.0.1:$PORT" || { echo "stopped"; exit 3; } ;;
  dsn)
    echo "dbname='${1:-$DB}' user='$PG_USER' host='127.0.0.1' port='$PORT' password='$(password)'"
    ;;
  psql) client_env; exec "$BIN/psql" -d "$DB" "$@" ;;
  dump)
    client_env
    "$BIN/pg_dump" -Fc -d "$DB" -f "$1"
    echo "Dumped $DB to $1"
    ;;
  restore)
    client_env
    target="$2"
    "$BIN/dropdb" --if-exists "$target"
    "$BIN/createdb" "$target"
    "$BIN/pg_restore" --no-owner -d "$target" "$1"
    echo "Restored $1 into database $target"
    ;;
  *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
