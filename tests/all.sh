#!/usr/bin/env bash
# Runs every test of xxgk: Rust unit and integration tests, the JavaScript tests
# (node --test) and the browser tests in headless Chromium.
# On a fresh machine it installs what they need (Debian's chromium, npm packages).
# The browser is Debian's /usr/bin/chromium (or $XXGK_CHROMIUM), never a downloaded one.
# Without it a developer machine skips the browser tests, loudly; with CI=true it fails.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null || return 1
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "${apt_updated:-}" ]; then
    apt-get update -qq && apt_updated=1 || return 1
  fi
  apt-get install -y -qq --no-install-recommends "$@" > /dev/null
}

# tests/word.rs typesets PDFs (a CJK font) and reads their text back (pdftotext); with
# CI=true it fails when either is missing, elsewhere it skips those checks with a warning.
if ! command -v pdftotext > /dev/null || { command -v fc-list > /dev/null && [ -z "$(fc-list :lang=zh 2> /dev/null)" ]; }; then
  echo "tests/all.sh: installing Debian's poppler-utils and fonts-noto-cjk for the Word/PDF tests" >&2
  apt_install poppler-utils fonts-noto-cjk fontconfig || echo "tests/all.sh: could not install poppler-utils fonts-noto-cjk" >&2
fi

cargo test --all-targets

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The demo portal, built once: the minified scripts it publishes are tested
# like their sources, and the browser tests browse it.
cargo run -q -- build --today 2026-11-23 --out "$work/site"

if compgen -G "tests/js/*.test.mjs" > /dev/null; then
  node --test tests/js/
  XXGK_STATIC="$work/site/static" node --test tests/js/
fi

# ---- browser tests --------------------------------------------------------------
chromium="${XXGK_CHROMIUM:-/usr/bin/chromium}"

loud() {
  local bar='!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'
  printf '\n%s\n!! %s\n%s\n\n' "$bar" "$*" "$bar" >&2
}

if [ ! -x "$chromium" ]; then
  echo "tests/all.sh: $chromium not found; installing Debian's chromium" >&2
  apt_install chromium fonts-noto-cjk || true
fi
# Chinese glyphs for the screenshots (the tests pass without them, the pictures don't).
if [ -x "$chromium" ] && command -v fc-list > /dev/null && [ -z "$(fc-list :lang=zh 2> /dev/null)" ]; then
  apt_install fonts-noto-cjk || echo "tests/all.sh: no Chinese font; screenshots will show boxes" >&2
fi

if [ ! -x "$chromium" ] || ! command -v npm > /dev/null; then
  why="Chromium ($chromium) or npm is missing and could not be installed (needs root and apt-get)"
  if [ "${CI:-}" = true ]; then
    loud "BROWSER TESTS CANNOT RUN IN CI: $why"
    exit 1
  fi
  loud "BROWSER TESTS SKIPPED: $why. Install: apt-get install -y chromium fonts-noto-cjk"
  exit 0
fi

(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)

started=$SECONDS
XXGK_SITE="$work/site" XXGK_CHROMIUM="$chromium" \
  node --test --test-reporter=spec --test-concurrency=1 tests/e2e/*.test.mjs
echo "tests/all.sh: browser tests took $((SECONDS - started)) s; screenshots in tests/artifacts/"
