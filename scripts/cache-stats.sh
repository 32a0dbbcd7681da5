#!/usr/bin/env bash
# `make test`'s account of the compile cache: `start` says which cache the run uses and zeroes its
# counts; `report` prints what it served since (Rust compilations only; sccache cannot cache
# binaries, proc-macros and build scripts, which it counts apart as non-cacheable).
set -euo pipefail
if [ -z "${RUSTC_WRAPPER:-}" ] || ! "$RUSTC_WRAPPER" --version >/dev/null 2>&1; then
  echo "compile cache: none (make deps installs sccache; RUNWAY_SCCACHE=off turns it off)"
  exit 0
fi
case "${1:-report}" in
  start)
    "$RUSTC_WRAPPER" --start-server >/dev/null 2>&1 || true
    "$RUSTC_WRAPPER" --zero-stats >/dev/null 2>&1
    echo "compile cache: $("$RUSTC_WRAPPER" --version) in ${SCCACHE_DIR:-its default folder} (port ${SCCACHE_SERVER_PORT:-4226}), up to ${SCCACHE_CACHE_SIZE:-10G}"
    ;;
  report)
    stats=$("$RUSTC_WRAPPER" --show-stats)
    # A line is the name, spaces, the value ("Max cache size    10 GiB").
    field() {
      awk -v name="$1" 'index($0, name) == 1 { v = substr($0, length(name) + 1); sub(/^ +/, "", v); print v; exit }' <<<"$stats"
    }
    hits=$(field "Cache hits (Rust)")
    misses=$(field "Cache misses (Rust)")
    hits=${hits:-0} misses=${misses:-0}
    total=$((hits + misses))
    rate=0
    [ "$total" -gt 0 ] && rate=$((100 * hits / total))
    echo "compile cache: $hits of $total cacheable Rust compilations came from the cache ($rate %); $(field "Non-cacheable compilations") could not be cached; $(size=$(field "Cache size"); echo "${size:-nothing}") of $(field "Max cache size") used in ${SCCACHE_DIR:-the default folder}"
    ;;
  *)
    echo "usage: $0 start|report" >&2
    exit 2
    ;;
esac
