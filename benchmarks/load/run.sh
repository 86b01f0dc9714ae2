#!/usr/bin/env bash
# HTTP load: wrk against the hello and counter examples served by Radicchio and by workerd
# (Cloudflare's runtime, from npm), one server at a time on this machine, and the ratio.
#
#   benchmarks/load/run.sh                    # both apps, 15 s per run after a 180 s warm-up, 50 connections
#   DURATION=30s CONNECTIONS=100 WARMUP=240 benchmarks/load/run.sh
#   APPS=counter benchmarks/load/run.sh       # one app only (half the time)
#
# The server runs as `./radicchio serve` starts it: HotSpot's default tiers (C2), which on 2 cores
# under load need ~2-3 minutes to compile the guest; hence the long warm-up, run in 30 s steps
# whose requests/s are printed, so the warm-up curve is part of the result. RADICCHIO_JIT=c1
# measures the JIT `./radicchio dev` uses (full speed within seconds; C2 serves ~1.2-1.5x more
# once it is done). WARMUP=5 shows the cold server.
#
# Installs what it needs when missing: wrk (Debian package) and workerd (npm, pinned, into
# benchmarks/target/load/, never a project dependency). Prints one line per app and server:
# requests/s, p50 and p99 latency, and Radicchio's throughput as a multiple of workerd's.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
scratch="$root/benchmarks/target/load"
WORKERD_VERSION=1.20261117.1
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-180}
WARMUP=${WARMUP%s} # seconds; "180s" works too
WARMUP_STEP=30
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
RADICCHIO_PORT=${RADICCHIO_PORT:-18787}
WORKERD_PORT=${WORKERD_PORT:-18788}
mkdir -p "$scratch"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v wrk >/dev/null 2>&1; then
  echo "== installing wrk (Debian package)"
  as_root apt-get install -y -q wrk >/dev/null || { as_root apt-get update -q >/dev/null; as_root apt-get install -y -q wrk >/dev/null; }
fi
workerd="$scratch/node_modules/.bin/workerd"
if [ ! -x "$workerd" ]; then
  echo "== installing workerd $WORKERD_VERSION (npm, into $scratch)"
  (cd "$scratch" && npm install --silent --no-save --no-package-lock --prefix "$scratch" "workerd@$WORKERD_VERSION" >/dev/null)
fi

wait_for() { # url
  for _ in $(seq 1 600); do
    if curl -fs -o /dev/null "$1"; then return 0; fi
    sleep 0.1
  done
  echo "server at $1 did not come up" >&2
  return 1
}

# Warm-up in steps (JIT, caches): prints each step's requests/s to stderr.
warm_up() { # url
  local left=$WARMUP step rates=""
  while [ "$left" -gt 0 ]; do
    step=$(( left < WARMUP_STEP ? left : WARMUP_STEP ))
    rates="$rates $(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${step}s" "$1" | awk '/Requests\/sec/ { printf "%d", $2 }')"
    left=$(( left - step ))
  done
  echo "   warm-up req/s per ${WARMUP_STEP} s:$rates" >&2
}

# wrk --latency output -> "req/s p50 p99"
measure() { # url
  warm_up "$1"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$1" | awk '
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = $2 }
    $1 == "99%" { p99 = $2 }
    / Non-2xx/ { bad = $NF }
    END { if (bad) print "warning: " bad " non-2xx responses" > "/dev/stderr"; print rps, p50, p99 }'
}

workerd_config() { # app -> writes $scratch/<app>/config.capnp
  local app=$1 dir="$scratch/$app"
  rm -rf "$dir" && mkdir -p "$dir/do-storage"
  cp "$root/examples/$app/worker.js" "$dir/worker.js"
  local extra="" services=""
  if [ "$app" = counter ]; then
    extra='durableObjectNamespaces = [ (className = "Counter", uniqueKey = "counter", enableSql = true) ],
    durableObjectStorage = (localDisk = "do-storage"),
    bindings = [ (name = "COUNTER", durableObjectNamespace = "Counter") ],'
    services=', (name = "do-storage", disk = (path = "do-storage", writable = true))'
  else
    extra='bindings = [ (name = "GREETING", text = "Hello") ],'
  fi
  cat > "$dir/config.capnp" <<CAPNP
using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .app)$services ],
  sockets = [ (name = "http", address = "127.0.0.1:$WORKERD_PORT", http = (), service = "main") ],
);
const app :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2026-04-01",
  $extra
);
CAPNP
}

pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

results=()
for app in ${APPS:-hello counter}; do
  path=/load
  echo "== $app on Radicchio"
  rm -rf "$scratch/radicchio-data-$app"
  "$root/radicchio" serve "$root/examples/$app" --port "$RADICCHIO_PORT" --data "$scratch/radicchio-data-$app" \
    >"$scratch/radicchio-$app.log" 2>&1 &
  pid=$!; pids+=("$pid")
  wait_for "http://127.0.0.1:$RADICCHIO_PORT$path"
  read -r r_rps r_p50 r_p99 < <(measure "http://127.0.0.1:$RADICCHIO_PORT$path")
  stop "$pid"

  echo "== $app on workerd $WORKERD_VERSION"
  workerd_config "$app"
  (cd "$scratch/$app" && exec "$workerd" serve config.capnp) >"$scratch/workerd-$app.log" 2>&1 &
  pid=$!; pids+=("$pid")
  wait_for "http://127.0.0.1:$WORKERD_PORT$path"
  read -r w_rps w_p50 w_p99 < <(measure "http://127.0.0.1:$WORKERD_PORT$path")
  stop "$pid"

  ratio=$(awk -v a="$r_rps" -v b="$w_rps" 'BEGIN { printf "%.2f", a / b }')
  results+=("$(printf '%-8s radicchio %9s req/s p50 %8s p99 %8s | workerd %9s req/s p50 %8s p99 %8s | ratio %sx' \
    "$app" "$r_rps" "$r_p50" "$r_p99" "$w_rps" "$w_p50" "$w_p99" "$ratio")")
done

echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION after a ${WARMUP} s warm-up, one server at a time, $(nproc) cores, RADICCHIO_JIT=${RADICCHIO_JIT:-c2}"
printf '%s\n' "${results[@]}"
