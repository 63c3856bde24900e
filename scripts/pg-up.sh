#!/usr/bin/env bash
# Start the local PostgreSQL 15 cluster (down at boot on these machines) and make sure the
# test role and database exist. Prints the URL to use as SCORACLE_TEST_PG.
# Usage: scripts/pg-up.sh   (as root, or as a user allowed to run pg_ctlcluster and su postgres)
set -euo pipefail

URL="${SCORACLE_TEST_PG:-postgresql://scoracle:scoracle@127.0.0.1:5432/scoracle_test}"

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "pg-up: installing postgresql-15" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
  else
    echo "pg-up: PostgreSQL is not installed; PostgreSQL tests will be skipped (they fail under CI=true)" >&2
    exit 0
  fi
fi

if [ "$(id -u)" != 0 ]; then
  echo "pg-up: not root; assuming PostgreSQL is already running at $URL" >&2
  exit 0
fi

pg_ctlcluster --skip-systemctl-redirect 15 main start 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p 5432 >/dev/null

su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'scoracle') THEN
    CREATE ROLE scoracle LOGIN SUPERUSER PASSWORD 'scoracle';
  END IF;
END $$;
SELECT 'CREATE DATABASE scoracle_test OWNER scoracle'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'scoracle_test')\gexec
SQL
echo "$URL"
