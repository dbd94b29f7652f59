#!/usr/bin/env sh
# Build the Rust port, run it on the committed vectors and judge it with `backprop check-port`;
# exits non-zero if the build fails or any test fails or is skipped. Needs cargo (no crates) and the
# venv. The build goes to $CARGO_TARGET_DIR, by default outside the checkout, so the tree stays clean, and one
# of its own per checkout (named after its path), so that two checkouts never run each other's build.
set -eu
root="$(cd "$(dirname "$0")/../../.." && pwd -P)"   # physical, as the test's resolved ROOT
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${TMPDIR:-/tmp}/backprop-rust-target$(printf %s "$root" | tr / _)}"
results="$(mktemp "${TMPDIR:-/tmp}/backprop-rust-results.XXXXXX")"
trap 'rm -f "$results"' EXIT
cargo build --release --quiet --manifest-path "$root/examples/ports/rust/Cargo.toml"
"$CARGO_TARGET_DIR/release/backprop-port" "$root/vectors/backprop_test.json" "$results"
"${BACKPROP:-$root/.venv/bin/backprop}" check-port "$results" --vectors "$root/vectors/backprop_test.json" --require-all
