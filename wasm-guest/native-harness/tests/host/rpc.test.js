// Calls (type "call") to every kind of export.
harness.load("tests/lib/host.js");

test("LOAD classifies exports", () => {
  const env = { NAME: "rpc-env" };
  assertEquals(done(load(fixtureCode("rpc", env))).exports, {
    Calculator: "class", Plain: "class", VERSION: "value", default: "class", handlers: "object", sum: "function",
  });
});

test("WorkerEntrypoint methods, with props and env", () => {
  assertEquals(done(rpcCall("Calculator", "add", [2, 3])), 5);
  assertEquals(done(rpcCall("Calculator", "echo", [{ deep: [1, { x: 2n }], when: new Date(7) }])), { deep: [1, { x: 2n }], when: new Date(7) });
  assertEquals(done(rpcCall("Calculator", "whoAmI", [], { props: { tenant: "t1" } })), { props: { tenant: "t1" }, envName: "rpc-env", sameEnv: true });
  assertEquals(done(rpcCall("Calculator", "version")), "1.0");
  assertEquals(done(rpcCall(null, "hello", ["you"])), "hello you");
});

test("async methods wait on timers (WAITING, then RESUME)", () => {
  const r = rpcCall("Calculator", "slowDouble", [21]);
  assertEquals(done(r), 42);
  assert(r.waits >= 1, "the host was asked to wait");
});

test("errors thrown by methods come back as errors", () => {
  const e = failed(rpcCall("Calculator", "fail", ["bad input"]));
  assertEquals([e.name, e.message], ["RangeError", "bad input"]);
  assert(e.stack.includes("main.js:"), e.stack);
  const clone = failed(rpcCall("Calculator", "returnsFunction"));
  assertEquals(clone.name, "DataCloneError");
  assertEquals(failed(rpcCall("Calculator", "missing")).name, "TypeError");
});

test("fetch on a named entrypoint and on the default class", async () => {
  assertEquals(await done(fetchCall("https://x/y", { method: "PATCH" }, { entrypoint: "Calculator" })).text(), "Calculator got PATCH https://x/y");
  assertEquals(await done(fetchCall("https://x/")).text(), "default entrypoint");
});

test("function exports, object exports and values", () => {
  assertEquals(done(dispatch({ type: "call", entrypoint: "sum", args: [1, 2, 3.5] })), 6.5);
  assertEquals(done(rpcCall("handlers", "ping", ["p"])), { pong: "p", hasEnv: true, hasCtx: true });
  assertEquals(failed(rpcCall("VERSION", "x")).message, 'The export "VERSION" is not a handler.');
  assertEquals(failed(fetchCall("https://x/", {}, { entrypoint: "sum" })).message, "Handler does not export a fetch() function.");
  assertEquals(failed(dispatch({ type: "call", entrypoint: "handlers" })).message, 'The export "handlers" is not a function; name a method to call.');
});

test("an export keeps its kind on every call (the prelude remembers it per function)", () => {
  for (const tenant of ["t1", "t2", "t3"]) {
    assertEquals(done(rpcCall("Plain", "hello", [], { props: { tenant } })), `plain for ${tenant}`);
    assertEquals(done(dispatch({ type: "call", entrypoint: "sum", args: [1, 2] })), 3);
  }
});

finish("tests/host/rpc.test.js");
