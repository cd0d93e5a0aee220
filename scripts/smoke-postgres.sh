#!/usr/bin/env bash
# Starts the production build on a fresh PostgreSQL database and checks that it migrates, starts
# its job engine and answers: the integration suite covers behaviour, this covers start-up.
set -euo pipefail
cd "$(dirname "$0")/.."
ADMIN_URL=${SMOKE_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DB="roster_smoke_$$"
PORT=${SMOKE_PORT:-3290}
LOG=$(mktemp)
psql "$ADMIN_URL" -qc "create database $DB" >/dev/null
cleanup() {
  [[ -n "${PID:-}" ]] && kill -- -"$PID" 2>/dev/null || true
  sleep 1
  psql "$ADMIN_URL" -qc "drop database if exists $DB with (force)" >/dev/null || true
}
trap cleanup EXIT
DB_URL="${ADMIN_URL%/*}/$DB"
setsid env DATABASE_URL="$DB_URL" AUTH_SECRET=smoke-secret-0123456789abcdef NODE_ENV=production \
  APP_URL="http://localhost:$PORT" LOG_LEVEL=warn ROSTER_DATA_DIR="$(mktemp -d)" \
  npx next start -p "$PORT" >"$LOG" 2>&1 &
PID=$!
for _ in $(seq 1 60); do
  if curl -fsS "http://localhost:$PORT/api/health" >/dev/null 2>&1; then break; fi
  sleep 1
done
curl -fsS "http://localhost:$PORT/api/health" | grep -q '"ok"' || { cat "$LOG"; echo "smoke: server did not become healthy"; exit 1; }
location=$(curl -s -o /dev/null -w '%{redirect_url}' "http://localhost:$PORT/")
[[ "$location" == *"/setup" ]] || { cat "$LOG"; echo "smoke: / did not lead to /setup ($location)"; exit 1; }
psql "$DB_URL" -Atc "select count(*) from pgboss.queue where name = 'mail-drain'" | grep -q '^1$' || { cat "$LOG"; echo "smoke: job engine did not start"; exit 1; }
if grep -qi '"level":50\|error' "$LOG"; then cat "$LOG"; echo "smoke: errors in the server log"; exit 1; fi
echo "smoke: PostgreSQL start-up ok"
