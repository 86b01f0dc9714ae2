#!/usr/bin/env bash
# Builds the native test harness (QuickJS + the shim in ../c + harness.c) with the machine's gcc,
# then runs the tests unless --build-only is given. See README.md.
#
#   ./build.sh               build (incrementally) and run every test
#   ./build.sh --build-only  build only
#   ./build.sh tests/api/url.test.js ...   build and run the given tests
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
make -s -C "$here" build/harness
if [ "${1:-}" = "--build-only" ]; then exit 0; fi
exec "$here/run-tests.sh" "$@"
