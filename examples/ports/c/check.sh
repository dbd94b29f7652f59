#!/usr/bin/env sh
# Build the C port, run it on the committed vectors and judge it with `backprop check-port`;
# exits non-zero if the build fails or any test fails or is skipped. Needs a C11 compiler ($CC, default cc;
# libc and libm only) and the venv. The binary goes to a temporary folder, so the tree stays clean.
set -eu
root="$(cd "$(dirname "$0")/../../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/backprop-c.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"${CC:-cc}" -O2 -std=c11 -Wall -Wextra -o "$work/backprop_c" "$root/examples/ports/c/main.c" -lm
"$work/backprop_c" "$root/vectors/backprop_test.json" "$work/results.json" || true   # check-port is the judge
"${BACKPROP:-$root/.venv/bin/backprop}" check-port "$work/results.json" --vectors "$root/vectors/backprop_test.json" \
    --require-all
