// How thrown values come back to the host (hooks.encodeError).
harness.load("tests/lib/host.js");

const errorFor = (path) => failed(fetchCall("https://x/" + path));

test("LOAD", () => {
  done(load(fixtureCode("errors")));
});

test("errors keep their name, message and stack", () => {
  const e = errorFor("type-error");
  assertEquals(e.name, "TypeError");
  assert(e.message.length > 0, "a message");
  assert(/main\.js:\d+/.test(e.stack), e.stack);
  const custom = errorFor("custom");
  assertEquals([custom.name, custom.message], ["CustomError", "custom failure"]);
  const later = errorFor("async-reject");
  assertEquals([later.name, later.message], ["SyntaxError", "rejected later"]);
});

test("a cause is carried", () => {
  const e = errorFor("cause");
  assertEquals([e.message, e.cause.name, e.cause.message], ["outer", "TypeError", "inner"]);
});

test("non-errors are wrapped", () => {
  assertEquals([errorFor("string").name, errorFor("string").message], ["Error", "a plain string"]);
  assertEquals(errorFor("object").message, "[object Object]");
});

test("hostile thrown values still produce an error", () => {
  const e = errorFor("hostile");
  assertEquals(e.name, "Error");
  assert(typeof e.message === "string", "a message");
  const m = errorFor("hostile-message");
  assertEquals([m.name, m.message], ["Error", "(the error's message could not be read)"]);
});

test("a handler must return a Response", () => {
  assertEquals(errorFor("not-a-response").message, "Incorrect type for Promise: the Promise did not resolve to 'Response'.");
  assertEquals(errorFor("undefined").message, "Incorrect type for Promise: the Promise did not resolve to 'Response'.");
  assertEquals(failed(rpcCall(null, "unclonable")).name, "DataCloneError");
});

test("encodeError never throws, whatever it is given", () => {
  const nasty = [
    undefined, null, 0, Symbol("s"), 10n, () => {},
    new Proxy({}, { get() { throw new Error(); }, getPrototypeOf() { throw new Error(); }, ownKeys() { throw new Error(); } }),
    Object.create(null),
    { toString() { throw new Error(); } },
    Object.assign(new Error("cyclic"), {}),
  ];
  const cyclic = nasty[nasty.length - 1];
  cyclic.cause = cyclic;
  for (const v of nasty) {
    const e = wire.decode(harness.hooks.encodeError(v));
    assert(e instanceof Error, "an Error for " + typeof v);
  }
  const withCause = wire.decode(harness.hooks.encodeError(cyclic));
  assert(withCause.cause === withCause, "a cause cycle is kept");
  const unclonableCause = wire.decode(harness.hooks.encodeError(new Error("x", { cause: () => {} })));
  assertEquals([unclonableCause.message, unclonableCause.cause], ["x", undefined]);
});

finish("tests/host/errors.test.js");
