#!/usr/bin/env bash
# Builds the app once and runs the browser suite against two production servers (JS on, JS off),
# side by side (below, and vitest.e2e.config.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

# The specs use Chromium's headless shell, or the full browser where the shell is missing: the
# same engine, but the full browser needs about twice the CPU (e2e/support/browser.ts).
HEADLESS_SHELL=/usr/bin/chromium-headless-shell
CHROMIUM=/usr/bin/chromium
if [[ ! -x "$HEADLESS_SHELL" && "$(id -u)" == "0" ]]; then
  echo "Chromium's headless shell is missing; installing it with apt-get." >&2
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium-headless-shell; } ||
    echo "Installing chromium-headless-shell failed." >&2
fi
if [[ ! -x "$HEADLESS_SHELL" ]]; then
  if [[ ! -x "$CHROMIUM" ]]; then
    echo "Chromium is missing. Install it as root: apt-get update && apt-get install -y chromium-headless-shell" >&2
    exit 1
  fi
  echo "Chromium's headless shell is missing; using $CHROMIUM, which needs about twice the CPU." \
    "Install the shell as root: apt-get update && apt-get install -y chromium-headless-shell" >&2
fi

if [[ "${E2E_SKIP_BUILD:-}" != "1" ]]; then
  # A DATABASE_URL from the shell must not leak into the build either: the suite runs on PGlite.
  env -u DATABASE_URL npx next build
fi

# One mode, or both in one process when E2E_MODES names them: as asked.
if [[ -n "${E2E_MODES:-}" ]]; then
  exec npx vitest run --config vitest.e2e.config.ts "$@"
fi

# Otherwise each mode runs in a vitest process of its own, side by side, each with its own server
# and its specs in order. In one process the two modes moved through the specs together, each spec
# waiting for the other mode's copy to end; with JavaScript on a spec takes longer, so the other
# mode waited at every step. Each line of output says which mode it comes from.
run_mode() {
  local mode=$1
  shift
  E2E_MODES=$mode npx vitest run --config vitest.e2e.config.ts "$@" 2>&1 | sed -u "s/^/[$mode] /"
}
run_mode js "$@" &
js=$!
run_mode nojs "$@" &
nojs=$!
status=0
wait "$js" || status=1
wait "$nojs" || status=1
exit "$status"
