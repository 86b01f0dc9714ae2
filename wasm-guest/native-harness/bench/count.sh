#!/usr/bin/env bash
# Instructions per call of one objects.bench.js scenario, counted by valgrind: deterministic,
# where wall-clock times on a shared machine vary by +-30%. Two counts: everything (the fake
# host, which runs in the same isolate, included) and the guest's alone (inside rad_invoke,
# minus the host calls it makes).
# Usage: bench/count.sh a|b [N]   (N calls, default 300; the count of N = 0 is subtracted)
#        JS_DIR=dir bench/count.sh ...   with the prelude files of dir (e.g. an older commit's)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/need-valgrind.sh
n=${2:-300}
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
perCall() {
  local base full
  base=$(count "$@" ./build/harness ${JS_DIR:+--js "$JS_DIR"} bench/objects.bench.js "$scenario" 0)
  full=$(count "$@" ./build/harness ${JS_DIR:+--js "$JS_DIR"} bench/objects.bench.js "$scenario" "$n")
  echo $(( (full - base) / n ))
}
scenario=$1
all=$(perCall)
guest=$(perCall --toggle-collect=rad_invoke --toggle-collect=rad_host_call)
echo "scenario $scenario: $all instructions per call ($guest in the guest)"
