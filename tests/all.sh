#!/usr/bin/env bash
# Runs every test of xxgk: Rust unit and integration tests, the JavaScript tests
# (node --test) and the browser tests in headless Chromium.
# On a fresh machine it installs what they need (Debian's chromium, npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --all-targets

if compgen -G "tests/js/*.test.mjs" > /dev/null; then
  node --test tests/js/
fi
