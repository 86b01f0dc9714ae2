// fetch() and host bindings (stubs), against the harness's fake host (tests/lib/fake-host.js):
// https://echo.test/ echoes the request as JSON; env.ECHO is a host reference of kind "echo".
// Under another host these need the same fake services; they are skipped without a harness.
import { test, assertEquals, assertRejects, assert } from "./testing.js";
import { env } from "cloudflare:workers";

const needsFakeHost = { skip: !globalThis.harness };

test("fetch sends method, url, headers and body; the response is immutable", async () => {
  const r = await fetch("https://echo.test/path?q=é", { method: "POST", headers: { "X-Test": "1" }, body: "héllo" });
  assertEquals([r.status, r.ok, r.url, r.headers.get("x-echo")], [200, true, "https://echo.test/path?q=%C3%A9", "1"]);
  const copy = r.clone();
  assertEquals([copy.status, copy.statusText, copy.type, copy.url, copy.redirected], [r.status, r.statusText, "default", r.url, false]);
  const seen = await r.json();
  assertEquals(seen.method, "POST");
  assertEquals(seen.url, "https://echo.test/path?q=%C3%A9");
  assertEquals(seen.headers, [["content-type", "text/plain;charset=UTF-8"], ["x-test", "1"]]);
  assertEquals(seen.body, "héllo");
  let threw = false;
  try {
    r.headers.set("x", "y");
  } catch (e) {
    threw = e instanceof TypeError;
  }
  assert(threw, "fetch() response headers are immutable");
}, needsFakeHost);

test("fetch with a Request, a URL and a streamed body", async () => {
  const seen = await (await fetch(new Request("https://echo.test/r", { method: "PUT", body: "x" }))).json();
  assertEquals([seen.method, seen.body], ["PUT", "x"]);
  assertEquals((await (await fetch(new URL("https://echo.test/u"))).json()).method, "GET");
  const stream = ReadableStream.from([new TextEncoder().encode("chunk1,"), new TextEncoder().encode("chunk2")]);
  const streamed = await (await fetch("https://echo.test/s", { method: "POST", body: stream, duplex: "half" })).json();
  assertEquals(streamed.body, "chunk1,chunk2");
  assertEquals((await fetch("https://status.test/503")).status, 503);
}, needsFakeHost);

test("fetch failures reject", async () => {
  await assertRejects(() => fetch("https://blocked.example/"), Error, "not permitted");
  await assertRejects(() => fetch("/relative"), TypeError);
  await assertRejects(() => fetch("https://echo.test/", { signal: AbortSignal.abort() }), "AbortError");
  await assertRejects(() => fetch("https://echo.test/", { method: "GET", body: "x" }), TypeError);
}, needsFakeHost);

test("host references in env are stubs that call the host", async () => {
  const stub = env.ECHO;
  assertEquals(await stub.add(1, [2, { three: 3 }]), { kind: "echo", id: "echo-1", method: "add", args: [1, [2, { three: 3 }]] });
  assertEquals(stub.then, undefined);
  assert(typeof stub.anything === "function", "any method");
  await assertRejects(() => stub.fail(), RangeError, "asked to fail");
  const echoed = await (await stub.fetch("https://any.host/x", { method: "DELETE" })).json();
  assertEquals([echoed.method, echoed.url], ["DELETE", "https://any.host/x"]);
  assertEquals(await Promise.resolve(stub) === stub, true);
  // A stub passed back to the host arrives as the same reference.
  const back = await stub.identity(stub);
  assertEquals(back.args[0] === stub || typeof back.args[0].anything === "function", true);
}, needsFakeHost);

test("env values arrive as given", () => {
  assertEquals([env.NAME, env.NUMBERS], ["radicchio", [1, 2, 3]]);
}, needsFakeHost);

export { run } from "./testing.js";
