#!/usr/bin/env bash
# Builds the app once and runs the browser suite against two production servers (JS on, JS off),
# side by side (vitest.e2e.config.ts).
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

npx vitest run --config vitest.e2e.config.ts "$@"
