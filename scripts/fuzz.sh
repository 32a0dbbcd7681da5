#!/usr/bin/env bash
# Fuzzes the parsers that take outside input (app::fuzz) with cargo fuzz on nightly Rust, each
# target for FUZZ_SECONDS (default 60), growing fuzz/corpus/<target>/. A crash is saved under
# fuzz/artifacts/<target>/; copy it into the corpus once fixed, so `make test` replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
seconds=${FUZZ_SECONDS:-60}
if ! rustup toolchain list | grep -q '^nightly'; then
  say "installing the nightly toolchain (cargo fuzz needs it)"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
targets=${FUZZ_TARGETS:-$(ls fuzz/fuzz_targets | sed 's/\.rs$//')}
cd fuzz
for target in $targets; do
  say "fuzzing $target for ${seconds}s"
  # -rss_limit_mb keeps a memory blow-up a finding rather than a stuck machine.
  cargo +nightly fuzz run "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -timeout=10 2>&1 |
    grep -E '^(#[0-9]+\s+DONE|Done|==|SUMMARY|.*(panicked|ERROR|crash))' || true
  if [ -d "artifacts/$target" ] && [ -n "$(ls -A "artifacts/$target" 2>/dev/null)" ]; then
    echo "findings for $target:"; ls "artifacts/$target"
    exit 1
  fi
done
