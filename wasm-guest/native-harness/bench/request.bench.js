// Rough timings of what every request does in the prelude, under the native harness (multiply by
// ~12 for Chicory once the JIT has compiled the guest).
//   build/harness bench/request.bench.js               times every case
//   build/harness bench/request.bench.js LABEL COUNT   only runs case LABEL COUNT times, untimed
//                                                      (for bench/icount.sh)
const { encode, decode } = harness.hooks.internals;

harness.load("bench/timing.js");

const href = "https://example.com/hello?name=bench";
const request = new Request(href, { headers: { accept: "text/plain", "user-agent": "wrk" } });
const response = new Response("hello bench", { headers: { "content-type": "text/plain" } });
const callBytes = encode({ type: "fetch", request, ctx: {} });

// What a "hello" worker costs per request, prelude side: the call as the host sends it (a few
// headers), the handler's usual work, the response encoded back.
const helloCall = encode({
  type: "fetch",
  request: new Request(href, {
    headers: { host: "example.com", "user-agent": "wrk/4.2.0", accept: "*/*", "accept-encoding": "gzip, deflate" },
  }),
  ctx: {},
});
function helloHandler(req) {
  const name = new URL(req.url).searchParams.get("name");
  return new Response("Hello " + name, { headers: { "content-type": "text/plain" } });
}

// The same through the whole DISPATCH path (hooks.invoke: call context, promises, waitUntil).
const helloWorker = {
  mainModule: "main.js",
  modules: {
    "main.js": `export default { fetch(req) {
      const name = new URL(req.url).searchParams.get("name");
      return new Response("Hello " + name, { headers: { "content-type": "text/plain" } });
    } };
    export function ping() { return 1; }`,
  },
};
// The fixed cost of a call: DISPATCH of a function export that returns 1.
const pingCall = encode({ type: "call", entrypoint: "ping", args: [] });
if (harness.invoke(1, encode(helloWorker)).status !== 0) throw new Error("LOAD failed");

const cases = [
  ["empty function call", 200000, () => 0],
  ["new URL (plain)", 20000, () => new URL(href)],
  ["new URL (state machine)", 20000, () => new URL(" " + href)],
  ["new URL (IPv4 host, as benchmarks/load/run.sh sends)", 20000, () => new URL("http://127.0.0.1:18787/")],
  ["new URL (a path against a base)", 20000, () => new URL("/login?next=1", "https://example.com/a/b")],
  ["url.searchParams.get", 20000, () => new URL(href).searchParams.get("name")],
  ["new Headers (2 entries)", 20000, () => new Headers({ accept: "text/plain", "user-agent": "wrk" })],
  ["new Request", 20000, () => new Request(href, { headers: { accept: "text/plain" } })],
  ["new Response (text)", 20000, () => new Response("hello bench", { headers: { "content-type": "text/plain" } })],
  ["encode a fetch call", 20000, () => encode({ type: "fetch", request, ctx: {} })],
  ["decode a fetch call", 20000, () => decode(callBytes)],
  ["encode a response", 20000, () => encode(response)],
  ["hello request (decode, handler, encode)", 20000, () => encode(helloHandler(decode(helloCall).request))],
  ["hello request (DISPATCH)", 20000, () => harness.invoke(2, helloCall)],
  ["ping: a call to a function export (DISPATCH)", 20000, () => harness.invoke(2, pingCall)],
];

const [onlyLabel, onlyCount] = harness.args;
for (const [label, iterations, fn] of cases) {
  if (onlyLabel === undefined) time(label, iterations, fn);
  else if (label === onlyLabel) for (let i = 0; i < Number(onlyCount); i++) fn();
}
