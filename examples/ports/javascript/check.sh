#!/usr/bin/env sh
# Run the JavaScript port on the committed vectors and judge it with `backprop check-port`;
# exits non-zero if any test fails or is skipped. Needs node (no npm packages) and the venv.
set -eu
root="$(cd "$(dirname "$0")/../../.." && pwd)"
results="$(mktemp "${TMPDIR:-/tmp}/backprop-js-results.XXXXXX")"
trap 'rm -f "$results"' EXIT
node "$root/examples/ports/javascript/run_vectors.js" "$root/vectors/backprop_test.json" "$results"
"${BACKPROP:-$root/.venv/bin/backprop}" check-port "$results" --vectors "$root/vectors/backprop_test.json" --require-all
