#!/usr/bin/env bash
# kill -9 trials against a real `radicchio serve` process under a write load (default 100):
# after each kill, every acknowledged write must be on disk, each event all or nothing, and every
# database must pass PRAGMA integrity_check. Logic: engine/src/test/java/radicchio/engine/hostile/CrashTrials.java
# (KillDashNineTest runs 10 of these in CI).
#
#   benchmarks/soak/crash.sh [trials] [seed]
set -euo pipefail
TRIALS="${1:-100}"
SEED="${2:-$RANDOM}"
source "$(dirname "$0")/classpath.sh"
DATA="$(mktemp -d)"
trap 'rm -rf "$DATA"' EXIT
java "${JAVA_FLAGS[@]}" -cp "$CP" radicchio.engine.hostile.CrashTrials "$TRIALS" "$DATA" "$SEED"
