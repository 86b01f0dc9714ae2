# Sourced by crash.sh and soak.sh: builds the modules and the engine's test classes, and sets
# CP to the engine's test class path (the soak and crash programs live in the engine's tests,
# next to the JUnit versions they share their logic with).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
mvn -B -q -ntp install -DskipTests -pl wasm-guest,host-bindings,storage
mvn -B -q -ntp test-compile -pl engine
mvn -B -q -ntp dependency:build-classpath -pl engine -Dmdep.includeScope=test -Dmdep.outputFile=target/soak.classpath >/dev/null
CP="$ROOT/engine/target/test-classes:$ROOT/engine/target/classes:$(cat "$ROOT/engine/target/soak.classpath")"
# The project's JIT flags (radicchio.bindings.JitSettings) and the guest's stack.
JAVA_FLAGS=(-XX:-DontCompileHugeMethods -XX:MaxNodeLimit=240000 -XX:NodeLimitFudgeFactor=8000 -Xss16m)
