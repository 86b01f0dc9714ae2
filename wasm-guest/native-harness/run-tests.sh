#!/usr/bin/env bash
# Runs the JS tests against the native harness (build it first: make, or ./build.sh).
#   ./run-tests.sh              every test in tests/api (as workers) and tests/host (as drivers)
#   ./run-tests.sh FILE...      the given tests
# Each test runs in its own process, so each gets a freshly booted prelude. A host test whose
# first line is "// run-with: A B C" runs once per argument (one fresh isolate each).
set -uo pipefail
cd "$(dirname "$0")"
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(tests/api/*.test.js tests/host/*.test.js)
fi
failed=0
for f in "${files[@]}"; do
  case "$f" in
    */api/*) out=$(./build/harness tests/lib/run-test.js "$f" 2>&1) ;;
    *)
      runs=$(head -n 1 "$f" | sed -n 's|^// run-with: ||p')
      if [ -n "$runs" ]; then
        out=""; status=0
        for arg in $runs; do
          one=$(./build/harness "$f" "$arg" 2>&1) || status=$?
          out="$out$one"$'\n'
        done
        out=${out%$'\n'}
        [ $status -eq 0 ] || { failed=$((failed + 1)); echo "$out"; echo "FAILED: $f (exit $status)"; continue; }
        echo "$out" | grep -v '^\[info\] FAIL' | tail -n "$(echo $runs | wc -w)"
        continue
      fi
      out=$(./build/harness "$f" 2>&1) ;;
  esac
  status=$?
  if [ $status -ne 0 ]; then
    failed=$((failed + 1))
    echo "$out"
    echo "FAILED: $f (exit $status)"
  else
    echo "$out" | tail -n 1
  fi
done
if [ $failed -ne 0 ]; then
  echo "$failed test file(s) failed"
  exit 1
fi
echo "all test files passed"
