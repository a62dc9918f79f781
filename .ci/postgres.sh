#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on loopback for the firm-mode tests, and print its URL.
#
#   export CASEDESK_TEST_PG=$(bash .ci/postgres.sh)        # stop: bash .ci/postgres.sh stop
#
# The server runs as the postgres account (it refuses to run as root), listens on 127.0.0.1:54329 only,
# keeps its data under /tmp/casedesk-pg and skips fsync (nothing there needs to survive a power cut). The
# role `casedesk` may create databases: each test gets a fresh one, copied from a migrated template; it
# may also end the server's own workers (autovacuum) when dropping a test's database WITH (FORCE).
set -euo pipefail

PGPORT="${CASEDESK_PG_PORT:-54329}"
ROOT=/tmp/casedesk-pg
PGDATA="$ROOT/data"
SOCKDIR="$ROOT/sock"
URL="postgresql+psycopg://casedesk:casedesk@127.0.0.1:$PGPORT/casedesk"

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  echo "== installing PostgreSQL" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_postgres() { $SUDO su postgres -s /bin/bash -c "$1"; }

if [ "${1:-start}" = "stop" ]; then
  as_postgres "$PGBIN/pg_ctl -D $PGDATA -m fast -w stop" >&2
  exit 0
fi

if as_postgres "$PGBIN/pg_ctl -D $PGDATA status" >/dev/null 2>&1; then
  echo "$URL"  # already running (a second run on the same machine)
  exit 0
fi
$SUDO mkdir -p "$PGDATA" "$SOCKDIR"
$SUDO chown -R postgres:postgres "$ROOT"
if [ ! -f "$PGDATA/PG_VERSION" ]; then
  as_postgres "$PGBIN/initdb -D $PGDATA -U postgres --auth-local=trust --auth-host=scram-sha-256 -N" >/dev/null
fi
as_postgres "$PGBIN/pg_ctl -D $PGDATA -l $PGDATA/server.log -w -t 60 \
  -o '-c listen_addresses=127.0.0.1 -p $PGPORT -k $SOCKDIR -c fsync=off -c max_connections=200' start" >&2
as_postgres "$PGBIN/psql -h $SOCKDIR -p $PGPORT -U postgres -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='casedesk'\"" \
  | grep -q 1 || as_postgres "$PGBIN/psql -h $SOCKDIR -p $PGPORT -U postgres -qc \
  \"CREATE ROLE casedesk LOGIN CREATEDB PASSWORD 'casedesk'\" -c 'CREATE DATABASE casedesk OWNER casedesk' \
  -c 'GRANT pg_signal_backend TO casedesk'"
echo "$URL"
