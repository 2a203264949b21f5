#!/usr/bin/env bash
# `npm ci` and `npm test` on each Node.js line given: `system` is the machine's Node, in this
# checkout; a major version (22, 24, …) runs through .ci/node-line.sh. Every line runs even when
# one fails; the output ends with one line per Node version, and the exit code is 1 if any failed.
#
#   bash .ci/node-lines.sh system 22 24 26
set -uo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
summary=()
failed=0

for line in "$@"; do
  from=$SECONDS
  if [ "$line" = system ]; then
    version="$(node --version)"
    echo "==> Node $version (this machine), npm $(npm --version): npm ci && npm test"
    npm ci --no-audit --no-fund && npm test
    status=$?
    name="$version (this machine)"
  else
    echo "==> Node $line: npm test"
    log="$(mktemp)"
    bash .ci/node-line.sh "$line" npm test 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    version="$(sed -n 's/^node-line: Node \(v[0-9.]*\), .*/\1/p' "$log" | tail -n 1)"
    rm -f "$log"
    name="${version:-$line (not installed)}"
  fi
  took=$((SECONDS - from))
  if [ "$status" -eq 0 ]; then result=passed; else result="FAILED (exit $status)"; failed=1; fi
  summary+=("Node $name: npm test $result in $((took / 60))m$((took % 60))s")
done

total=$((SECONDS - started))
echo
echo "Node lines, $((total / 60))m$((total % 60))s in all:"
printf '%s\n' "${summary[@]}"
exit "$failed"
