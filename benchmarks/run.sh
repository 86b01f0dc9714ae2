#!/usr/bin/env bash
# Runs the benchmarks. Builds first (offline-friendly: plain Maven).
#
#   benchmarks/run.sh                 every JMH benchmark (long: tens of minutes on 2 cores)
#   benchmarks/run.sh Start           JMH benchmarks whose name matches a regex, e.g. Start, JsWorkload, Request, Storage
#   benchmarks/run.sh memory [N]      retained heap per idle isolate over N live isolates (default 1000)
#
# Every JVM runs with the JIT flags of host-bindings JitSettings (see README).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
mvn -B -q -ntp -DskipTests package -pl benchmarks -am
jar=$here/target/benchmarks.jar
flags=(-XX:-DontCompileHugeMethods -XX:MaxNodeLimit=240000 -XX:NodeLimitFudgeFactor=8000 -Xss16m)
if [ "${1:-}" = "memory" ]; then
  shift
  exec java "${flags[@]}" -Xmx8g -cp "$jar" radicchio.benchmarks.RetainedHeap "$@"
fi
exec java "${flags[@]}" -jar "$jar" "${@:-.*}" -rf json -rff "$here/target/jmh-result.json"
