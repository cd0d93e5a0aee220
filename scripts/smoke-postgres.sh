#!/usr/bin/env bash
# Starts the production build on a fresh PostgreSQL database and checks that it migrates, starts
# its job engine and answers: the integration suite covers behaviour, this covers start-up. Then a
# second instance joins the same database, and wrong passwords sent to both at once must not get
# past the shared sign-in throttle. Uses the build in NEXT_DIST_DIR (default .next).
set -euo pipefail
cd "$(dirname "$0")/.."
ADMIN_URL=${SMOKE_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DB="roster_smoke_$$"
PORT=${SMOKE_PORT:-3290}
PORT2=${SMOKE_PORT2:-$((PORT + 1))}
DIST=${NEXT_DIST_DIR:-.next}
[[ -f "$DIST/BUILD_ID" ]] || { echo "smoke: no production build in $DIST (run: npx next build)"; exit 1; }
WORK=$(mktemp -d)
psql "$ADMIN_URL" -qc "create database $DB" >/dev/null
cleanup() {
  for pid in "${PID:-}" "${PID2:-}"; do [[ -n "$pid" ]] && kill -- -"$pid" 2>/dev/null || true; done
  sleep 1
  psql "$ADMIN_URL" -qc "drop database if exists $DB with (force)" >/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
DB_URL="${ADMIN_URL%/*}/$DB"
fail() { cat "$WORK"/*.log; echo "smoke: $1"; exit 1; }

# One instance: its own port, APP_URL and data dir; the database and the secret are shared.
start() {
  mkdir -p "$WORK/data-$1"
  setsid env DATABASE_URL="$DB_URL" AUTH_SECRET=smoke-secret-0123456789abcdef NODE_ENV=production \
    NEXT_DIST_DIR="$DIST" APP_URL="http://localhost:$1" LOG_LEVEL=warn ROSTER_DATA_DIR="$WORK/data-$1" \
    npx next start -p "$1" >"$WORK/$1.log" 2>&1 &
}
healthy() {
  for _ in $(seq 1 60); do
    if curl -fsS "http://localhost:$1/api/health" 2>/dev/null | grep -q '"ok"'; then return 0; fi
    sleep 0.5
  done
  fail "server on port $1 did not become healthy"
}

start "$PORT"
PID=$!
healthy "$PORT"
location=$(curl -s -o /dev/null -w '%{redirect_url}' "http://localhost:$PORT/")
[[ "$location" == *"/setup" ]] || fail "/ did not lead to /setup ($location)"
psql "$DB_URL" -Atc "select count(*) from pgboss.queue where name = 'mail-drain'" | grep -q '^1$' || fail "job engine did not start"

# The second instance starts on the migrated database, as a scaled-out deployment would.
start "$PORT2"
PID2=$!
healthy "$PORT2"
EMAIL=owner@smoke.test
node scripts/smoke-parallel-sign-in.mjs setup "http://localhost:$PORT" "$EMAIL" 'Sm0ke!Passw0rd-x' >/dev/null || fail "setup through the form failed"
tally=$(node scripts/smoke-parallel-sign-in.mjs attack 40 "$EMAIL" "http://localhost:$PORT" "http://localhost:$PORT2") \
  || fail "parallel sign-ins failed"
checked=$(psql "$DB_URL" -Atc "select count(*) from audit_log where action = 'auth.sign_in_failed'")
free=${THROTTLE_ACCOUNT_FREE:-10}
echo "smoke: 40 wrong passwords at once on two instances: $tally, $checked checked"
node -e '
  const t = JSON.parse(process.argv[1]);
  const [checked, free] = [Number(process.argv[2]), Number(process.argv[3])];
  const ok = t.other === 0 && t.wrong + t.refused === 40 && t.wrong === checked && checked <= free && t.perInstance.every((n) => n === 20);
  process.exit(ok ? 0 : 1);
' "$tally" "$checked" "$free" || fail "the sign-in throttle let more than $free of 40 parallel attempts be checked"

if grep -qi '"level":50\|error' "$WORK"/*.log; then fail "errors in the server log"; fi
echo "smoke: PostgreSQL start-up ok"
