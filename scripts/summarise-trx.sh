#!/usr/bin/env bash
# Adds up the counters of every .trx file under $1 and prints one "N passed, N failed, N skipped" line.
set -euo pipefail
passed=0 failed=0 skipped=0
for f in $(find "$1" -name '*.trx'); do
  c=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  get() { echo "$c" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed))); failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get notExecuted)))
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
