// A worker that calls fetch() and a service binding (host requests from inside a call).
harness.load("tests/lib/host.js");

test("the worker's fetch() reaches the host and its response is forwarded", async () => {
  done(load(fixtureCode("fetch-proxy", { UPSTREAM: wire.hostRef("echo", "upstream") })));
  const response = done(fetchCall("https://proxy/?target=https://echo.test/p", { method: "POST", body: "data", headers: { "X-In": "1" } }));
  assertEquals(response.headers.get("x-proxied"), "yes");
  const seen = await response.json();
  assertEquals([seen.method, seen.url, seen.body], ["POST", "https://echo.test/p", "data"]);
  assert(seen.headers.some(([k, v]) => k === "x-in" && v === "1"), "headers forwarded");
  const last = fakeHost.requests[fakeHost.requests.length - 1];
  assertEquals(last.op, "fetch");
});

test("through a service binding", async () => {
  const seen = await done(fetchCall("https://proxy/?via&target=https://elsewhere/q")).json();
  assertEquals(seen.url, "https://elsewhere/q");
  const last = fakeHost.requests[fakeHost.requests.length - 1];
  assertEquals([last.op, last.method, wire.stubTarget(last.stub).id], ["callStub", "fetch", "upstream"]);
});

test("a refused fetch becomes the handler's error", () => {
  const e = failed(fetchCall("https://proxy/?target=https://forbidden.example/"));
  assert(e.message.includes("not permitted"), e.message);
});

finish("tests/host/fetch-proxy.test.js");
