// Handlers that wait: timers, streamed bodies, waitUntil, and a promise that never settles.
harness.load("tests/lib/host.js");

test("LOAD", () => {
  assertEquals(done(load(fixtureCode("async"))).exports, { background: "value", default: "object" });
});

test("a handler sleeping on a timer", async () => {
  const r = fetchCall("https://x/sleep?ms=30");
  assertEquals(await done(r).text(), "slept enough");
  assert(r.waits >= 1, "WAITING was returned");
});

test("a body streamed over timers is collected before the response leaves", async () => {
  const response = done(fetchCall("https://x/stream"));
  assertEquals(await response.text(), "chunk0;chunk1;chunk2;");
});

test("waitUntil work finishes before the call completes", async () => {
  const response = done(fetchCall("https://x/wait-until"));
  assertEquals(await response.text(), "responded before the background work ended");
  assertEquals(await done(fetchCall("https://x/background")).text(), "finished");
});

test("a promise that can never settle ends the call", () => {
  const e = failed(fetchCall("https://x/never"));
  assertEquals(e.message, "The script will never generate a response.");
  // The isolate stays usable.
  assertEquals(done(fetchCall("https://x/background")).status, 200);
});

finish("tests/host/async.test.js");
