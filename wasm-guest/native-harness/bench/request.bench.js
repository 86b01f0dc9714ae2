// Rough timings of what every request does in the prelude, under the native harness (multiply by
// ~12 for Chicory once the JIT has compiled the guest). Usage: build/harness bench/request.bench.js
const { encode, decode } = harness.hooks.internals;

harness.load("bench/timing.js");

const href = "https://example.com/hello?name=bench";
const request = new Request(href, { headers: { accept: "text/plain", "user-agent": "wrk" } });
const response = new Response("hello bench", { headers: { "content-type": "text/plain" } });
time("empty function call", 200000, () => 0);
time("new URL (plain)", 20000, () => new URL(href));
time("new URL (state machine)", 20000, () => new URL(" " + href));
time("url.searchParams.get", 20000, () => new URL(href).searchParams.get("name"));
time("new Headers (2 entries)", 20000, () => new Headers({ accept: "text/plain", "user-agent": "wrk" }));
time("new Request", 20000, () => new Request(href, { headers: { accept: "text/plain" } }));
time("new Response (text)", 20000, () => new Response("hello bench", { headers: { "content-type": "text/plain" } }));
time("encode a fetch call", 20000, () => encode({ type: "fetch", request, ctx: {} }));
const callBytes = encode({ type: "fetch", request, ctx: {} });
time("decode a fetch call", 20000, () => decode(callBytes));
time("encode a response", 20000, () => encode(response));

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
time("hello request (decode, handler, encode)", 20000, () => encode(helloHandler(decode(helloCall).request)));

// The same through the whole DISPATCH path (hooks.invoke: call context, promises, waitUntil).
const helloWorker = {
  mainModule: "main.js",
  modules: {
    "main.js": `export default { fetch(req) {
      const name = new URL(req.url).searchParams.get("name");
      return new Response("Hello " + name, { headers: { "content-type": "text/plain" } });
    } };`,
  },
};
if (harness.invoke(1, encode(helloWorker)).status !== 0) throw new Error("LOAD failed");
time("hello request (DISPATCH)", 20000, () => harness.invoke(2, helloCall));
