#!/usr/bin/env bash
# The soak: REQUESTS increments over OBJECTS Durable Objects (default 1,000,000 over 10,000), with
# hibernation on, in visits of VISIT consecutive requests to one object (default 10: each object
# hibernates and wakes once per visit; 1 wakes an object for every request); every counter must be
# exact; heap after GC and live threads are printed at the end against their values after the
# first tenth. Logic: engine/src/test/java/radicchio/engine/hostile/SoakRun.java
#
#   benchmarks/soak/soak.sh [requests] [objects] [visit]
set -euo pipefail
REQUESTS="${1:-1000000}"
OBJECTS="${2:-10000}"
VISIT="${3:-10}"
source "$(dirname "$0")/classpath.sh"
DATA="$(mktemp -d)"
trap 'rm -rf "$DATA"' EXIT
java "${JAVA_FLAGS[@]}" -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" radicchio.engine.hostile.SoakRun "$REQUESTS" "$OBJECTS" "$DATA" "$VISIT"
