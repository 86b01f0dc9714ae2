// Rough timings of the Durable Object paths of the prelude, under the native harness (multiply by
// ~15-20 for Chicory). Usage: build/harness bench/objects.bench.js
//
// The harness plays the engine: one isolate runs examples/counter/worker.js, and the fake host
// below answers its host requests (an in-memory KV store, idFromName, and callStub of an object
// stub as the engine would after running the object elsewhere). Calls are encoded once up front,
// as the engine's wire encoder would hand them over, so only the guest's work (and the fake
// host's, reported apart and subtracted) is timed.
harness.load("bench/timing.js");
const { encode, decode, hostRef } = harness.hooks.internals;

// ---- the fake host ----

const kv = new Map(); // key -> ArrayBuffer, one object's storage
let objectCalls = 0; // what the counter object "returns" to the main worker
let hostMicros = 0; // time spent in the fake host, to subtract

function fakeIdHex(namespace, name) {
  let h = 2166136261;
  const s = `${namespace}/${name}`;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h.toString(16).padStart(8, "0").repeat(8);
}

const handlers = {
  storage(m) {
    if (m.method === "get") return kv.get(m.key);
    if (m.method === "put") return void kv.set(m.key, m.value);
    throw new Error(`fake storage: no ${m.method}`);
  },
  "objects.idFromName": (m) => fakeIdHex(m.namespace, m.name),
  callStub: () => ++objectCalls,
};

harness.onHostCall = (buffer) => {
  const start = performance.now();
  const message = decode(buffer);
  const handler = handlers[message.op];
  const reply = handler === undefined ? -1 : encode([true, handler(message)]);
  hostMicros += (performance.now() - start) * 1000;
  return reply;
};

// ---- the worker and its calls ----

const code = {
  mainModule: "worker.js",
  modules: { "worker.js": harness.readFile("../../examples/counter/worker.js") },
  env: { COUNTER: hostRef("namespace", "COUNTER") },
};
const loaded = harness.invoke(1, encode(code));
if (loaded.status !== 0) throw new Error(`LOAD failed: ${JSON.stringify(decode(loaded.output))}`);

// What the engine sends with every call (ObjectNamespaces.exportsValue, LiveObject.ctxValue).
const exportsValue = { Counter: hostRef("namespace", "exports:Counter"), default: hostRef("entrypoint", { name: "default" }) };
const objectCtx = {
  id: hostRef("objectId", { namespace: "COUNTER", id: fakeIdHex("COUNTER", "/a"), name: "/a" }),
  storage: hostRef("storage", null),
  abort: hostRef("object.abort", null),
  blockConcurrencyWhile: hostRef("object.blockConcurrencyWhile", null),
  facets: hostRef("facets", null),
  exports: exportsValue,
};
const incrementCall = encode({ type: "call", entrypoint: "Counter", method: "increment", args: [], ctx: objectCtx });
const fetchCall = encode({ type: "fetch", request: new Request("https://counter.example/a"), ctx: { exports: exportsValue } });
// Later calls of the same isolate, as the engine sends them (CallContextDelivery): without ctx,
// which the guest kept from the first call.
const incrementCallAgain = encode({ type: "call", entrypoint: "Counter", method: "increment", args: [] });
const fetchCallAgain = encode({ type: "fetch", request: new Request("https://counter.example/a") });

function invokeOk(bytes) {
  const r = harness.invoke(2, bytes);
  if (r.status !== 0) throw new Error(`DISPATCH failed: ${JSON.stringify(decode(r.output))}`);
  return r;
}

// Like time(), with the fake host's share reported and subtracted; the best of several rounds,
// because the machine is shared and a round that another process interrupted says little.
function timeGuest(label, iterations, fn, rounds = 7) {
  fn();
  let best = Infinity;
  let bestHost = 0;
  for (let r = 0; r < rounds; r++) {
    hostMicros = 0;
    const start = performance.now();
    for (let i = 0; i < iterations; i++) fn();
    const total = ((performance.now() - start) * 1000) / iterations;
    const host = hostMicros / iterations;
    if (total - host < best) {
      best = total - host;
      bestHost = host;
    }
  }
  console.log(`${label}: ${best.toFixed(2)} µs guest (+ ${bestHost.toFixed(2)} µs fake host)`);
}

// Sanity: the counter counts, and the fetch answers with what callStub returned.
invokeOk(incrementCall);
if (decode(invokeOk(incrementCall).output) !== 2) throw new Error("the counter did not count");

// `build/harness bench/objects.bench.js a|b N` runs one scenario N times, untimed: for counting
// instructions with perf stat (the shared machine makes wall-clock times noisy), e.g.
//   perf stat -e instructions:u build/harness bench/objects.bench.js a 2000   (minus N = 0)
const scenarios = { a: [incrementCall, incrementCallAgain], b: [fetchCall, fetchCallAgain] };
if (harness.args.length > 0) {
  const [first, bytes] = scenarios[harness.args[0]];
  invokeOk(first); // the isolate's first call of this kind, which brings the ctx
  const n = Number(harness.args[1] ?? 1000);
  for (let i = 0; i < n; i++) invokeOk(bytes);
  harness.exit(0);
}

time("empty function call", 200000, () => 0);
invokeOk(incrementCall);
timeGuest("(a) DO rpc increment (kv.get + kv.put)", 1000, () => invokeOk(incrementCallAgain));
invokeOk(fetchCall);
timeGuest("(b) main fetch getByName + await stub.increment()", 1000, () => invokeOk(fetchCallAgain));
timeGuest("decode the DO call's ctx (wire)", 1000, () => decode(incrementCall));
