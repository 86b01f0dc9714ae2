// What a small call costs the guest, whole (DISPATCH) and in parts: the fixed cost of a call, a
// Durable Object's fetch answered at once or by an async handler (FacetBenchmark's warm facet
// call runs the first), and the pieces of it. Cases as in request.bench.js:
//   build/harness bench/dispatch.bench.js                 times every case
//   BENCH=bench/dispatch.bench.js bench/icount.sh [LABEL...]   instructions per call (valgrind)
const { encode, decode, hostRef } = harness.hooks.internals;

harness.load("bench/timing.js");
harness.onHostCall = () => -1; // nothing here calls the host

const code = {
  mainModule: "app.js",
  modules: {
    "app.js": `import { DurableObject } from "cloudflare:workers";
      export class App extends DurableObject {
        fetch(request) {
          this.hits = (this.hits ?? 0) + 1;
          return new Response("hit " + this.hits);
        }
        ping() { return "pong"; }
      }
      export class AsyncApp extends DurableObject {
        async fetch(request) {
          this.hits = (this.hits ?? 0) + 1;
          return new Response("hit " + this.hits);
        }
      }
      export function ping() { return 1; }`,
  },
  env: {},
};

function invokeOk(bytes) {
  const r = harness.invoke(2, bytes);
  if (r.status !== 0) throw new Error(`DISPATCH failed: ${JSON.stringify(decode(r.output))}`);
  return r;
}

if (harness.invoke(1, encode(code)).status !== 0) throw new Error("LOAD failed");
// Each class's first call brings ctx (as the engine sends it once per isolate); the cases are
// the later calls, without it.
const ctx = { id: hostRef("objectId", { namespace: "APP", id: "ab".repeat(32), name: "a" }), storage: hostRef("storage", null) };
invokeOk(encode({ type: "fetch", entrypoint: "App", request: new Request("http://app/"), ctx }));
invokeOk(encode({ type: "fetch", entrypoint: "AsyncApp", request: new Request("http://app/"), ctx }));
const fetchCall = encode({ type: "fetch", entrypoint: "App", request: new Request("http://app/") });
const asyncFetchCall = encode({ type: "fetch", entrypoint: "AsyncApp", request: new Request("http://app/") });
const rpcCall = encode({ type: "call", entrypoint: "App", method: "ping", args: [] });
const functionCall = encode({ type: "call", entrypoint: "ping", args: [] });
const response = new Response("hit 1");

const cases = [
  ["empty function call", 200000, () => 0],
  ["function export returning 1 (DISPATCH)", 20000, () => invokeOk(functionCall)],
  ["Durable Object RPC returning a string (DISPATCH)", 20000, () => invokeOk(rpcCall)],
  ["Durable Object fetch (DISPATCH)", 20000, () => invokeOk(fetchCall)],
  ["Durable Object async fetch (DISPATCH)", 20000, () => invokeOk(asyncFetchCall)],
  ["decode the fetch call", 20000, () => decode(fetchCall)],
  ["new Response(text)", 20000, () => new Response("hit 1")],
  ["new Response()", 20000, () => new Response()],
  ["new Headers()", 20000, () => new Headers()],
  ["encode the response", 20000, () => encode(response)],
];

const [onlyLabel, onlyCount] = harness.args;
for (const [label, iterations, fn] of cases) {
  if (onlyLabel === undefined) time(label, iterations, fn);
  else if (label === onlyLabel) for (let i = 0; i < Number(onlyCount); i++) fn();
}
