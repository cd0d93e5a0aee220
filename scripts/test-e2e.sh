#!/usr/bin/env bash
# Builds the app once and runs the browser suite against two production servers (JS on, JS off).
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=/usr/bin/chromium
if [[ ! -x "$CHROMIUM" ]]; then
  if [[ "$(id -u)" == "0" ]]; then
    echo "Chromium is missing; installing it with apt-get." >&2
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  else
    echo "Chromium is missing at $CHROMIUM. Install it as root: apt-get update && apt-get install -y chromium" >&2
    exit 1
  fi
fi

if [[ "${E2E_SKIP_BUILD:-}" != "1" ]]; then
  # A DATABASE_URL from the shell must not leak into the build either: the suite runs on PGlite.
  env -u DATABASE_URL npx next build
fi

npx vitest run --config vitest.e2e.config.ts "$@"
