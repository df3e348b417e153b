#!/usr/bin/env bash
# Runs CI (.ci/run) N times in a row, each time in a fresh clone of the
# committed HEAD, as CI does; stops at the first failure. Prints each run's
# wall-clock time and the slowest test files, and keeps every run's log.
#
# Usage: scripts/ci-soak.sh [N=5]   (logs in $TMPDIR/passerelle-soak-<date>/)
set -euo pipefail
runs="${1:-5}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${TMPDIR:-/tmp}/passerelle-soak-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
sha="$(git -C "$root" rev-parse HEAD)" # every run tests this commit, even if main moves meanwhile
echo "soak: $runs clean-clone CI runs of ${sha:0:7}; logs in $out"
for i in $(seq 1 "$runs"); do
  clone="$out/clone-$i"
  git clone -q "$root" "$clone"
  git -C "$clone" checkout -q "$sha"
  start=$(date +%s)
  if (cd "$clone" && CI=true bash .ci/run >"$out/run-$i.log" 2>&1 </dev/null); then status=passed; else status=FAILED; fi
  elapsed=$(($(date +%s) - start))
  echo "run $i: $status in ${elapsed} s"
  # The slowest test files, from Vitest's per-file lines ("✓ test/x.test.ts (N tests) 1234ms").
  sed 's/\x1b\[[0-9;]*m//g' "$out/run-$i.log" |
    grep -E '^ *[✓×] .*test\.ts .*[0-9]+ms$' |
    awk '{print $NF, $0}' | sort -rn | head -5 | cut -d' ' -f2- | sed 's/^/    /'
  rm -rf "$clone/node_modules"
  [ "$status" = passed ] || { echo "soak: stopped at run $i; see $out/run-$i.log"; exit 1; }
done
echo "soak: $runs of $runs runs passed"
