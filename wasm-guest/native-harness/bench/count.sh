#!/usr/bin/env bash
# Instructions per call of one objects.bench.js scenario (fake host included), counted by
# valgrind: deterministic, where wall-clock times on a shared machine vary by +-30%.
# Usage: bench/count.sh a|b [N]   (N calls, default 300; the count of N = 0 is subtracted)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${2:-300}
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null ./build/harness bench/objects.bench.js "$1" "$2" 2>&1 \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
base=$(count "$1" 0)
full=$(count "$1" "$n")
echo "scenario $1: $(( (full - base) / n )) instructions per call"
