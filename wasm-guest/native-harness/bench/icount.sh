#!/usr/bin/env bash
# Instructions per call of each case of bench/request.bench.js, counted by valgrind (callgrind):
# unlike wall-clock time, the count does not depend on what else the (shared) machine is doing.
# Each case runs twice, SMALL and LARGE times; the difference divided by LARGE - SMALL is the
# cost of one call, without the boot. Slow (a few seconds per case). Installs valgrind when missing.
#   bench/icount.sh                 every case
#   bench/icount.sh "new URL (plain)" ...   the given cases
#   PRELUDE=DIR bench/icount.sh     with the prelude files in DIR (e.g. an older commit's js/)
#   BENCH=FILE bench/icount.sh      the cases of another file written like request.bench.js
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/need-valgrind.sh
SMALL=100
LARGE=600
bench=${BENCH:-bench/request.bench.js}
js=()
if [ -n "${PRELUDE:-}" ]; then js=(--js "$PRELUDE"); fi
count() { # label iterations -> instructions executed by the whole process
  valgrind --tool=callgrind --callgrind-out-file=/dev/null ./build/harness "${js[@]}" "$bench" "$1" "$2" 2>&1 \
    | sed -n 's/.*Collected : //p'
}
labels=("$@")
if [ ${#labels[@]} -eq 0 ]; then
  mapfile -t labels < <(sed -n 's/^  \["\([^"]*\)", [0-9]*, .*/\1/p' "$bench")
fi
for label in "${labels[@]}"; do
  small=$(count "$label" $SMALL)
  large=$(count "$label" $LARGE)
  printf '%-45s %8d instructions\n' "$label" $(( (large - small) / (LARGE - SMALL) ))
done
