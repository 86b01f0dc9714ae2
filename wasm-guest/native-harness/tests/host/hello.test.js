// LOAD the hello fixture, then DISPATCH fetches to it.
harness.load("tests/lib/host.js");

test("LOAD reports the main module's exports", () => {
  assertEquals(done(load(fixtureCode("hello"))), { exports: { default: "object" } });
});

test("DISPATCH fetch returns the handler's Response", async () => {
  const response = done(fetchCall("https://example.com/some/path?x=1"));
  assert(response instanceof Response, "a Response");
  assertEquals([response.status, response.headers.get("content-type")], [200, "text/plain; charset=utf-8"]);
  assertEquals(await response.text(), "Hello from /some/path!");
});

test("many calls on one isolate", async () => {
  for (let i = 0; i < 50; i++) {
    const response = done(fetchCall(`https://example.com/${i}`));
    assertEquals(await response.text(), `Hello from /${i}!`);
  }
});

test("a second LOAD is refused", () => {
  const e = failed(load(fixtureCode("hello")));
  assertEquals(e.message, "A worker is already loaded in this isolate.");
});

test("unknown entrypoints and call types are errors", () => {
  assertEquals(failed(fetchCall("https://example.com/", {}, { entrypoint: "Missing" })).message, 'The worker has no export named "Missing".');
  assertEquals(failed(dispatch({ type: "scheduled" })).message, 'Unknown call type "scheduled".');
  assertEquals(failed(dispatch({ type: "fetch", request: "not a request" })).message, "A fetch call needs a Request.");
  assertEquals(failed(rpcCall(null, "fetchy")).message, 'The RPC receiver does not implement the method "fetchy".');
  assertEquals(failed(rpcCall(null, "toString")).message, 'The RPC receiver does not implement the method "toString".');
  assertEquals(failed(rpcCall(null, "constructor")).message, 'The RPC receiver does not implement the method "constructor".');
  const bad = harness.invoke(2, new Uint8Array([0x20]).buffer);
  assertEquals(bad.status, 1);
  assertEquals(wire.decode(bad.output).message, "Malformed wire value: unknown tag 32.");
});

finish("tests/host/hello.test.js");
