#!/usr/bin/env sh
# Build the C port, run it on the committed vectors and judge it with `backprop check-port`;
# exits non-zero if the build fails or any test fails or is skipped. Needs a C11 compiler ($CC, default cc;
# libc and libm only) and the venv. The binary goes to a temporary folder, so the tree stays clean.
set -eu
root="$(cd "$(dirname "$0")/../../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/backprop-c.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"${CC:-cc}" -O2 -std=c11 -Wall -Wextra -o "$work/backprop_c" "$root/examples/ports/c/main.c" -lm
status=0   # 1: the port's own self-check failed, and check-port is the judge; 2: no results (an unknown BP_MUTANT)
"$work/backprop_c" "$root/vectors/backprop_test.json" "$work/results.json" || status=$?
[ "$status" -ne 2 ] || exit 2
"${BACKPROP:-$root/.venv/bin/backprop}" check-port "$work/results.json" --vectors "$root/vectors/backprop_test.json" \
    --require-all
