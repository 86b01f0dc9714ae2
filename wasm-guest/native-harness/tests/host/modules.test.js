// LOAD of a worker made of several modules of every kind.
harness.load("tests/lib/host.js");

test("JS, text, JSON and data modules import each other", async () => {
  assertEquals(done(load(fixtureCode("two-modules"))), { exports: { default: "object" } });
  const body = await done(fetchCall("https://example.com/?name=Zoë")).json();
  assertEquals(body, {
    greeting: "Grüße, Zoë!",
    message: "Text modules are strings. ✓",
    config: { answer: 42, nested: { list: [1, "two", null] } },
    dataLength: 4,
    dataIsArrayBuffer: true,
  });
});

finish("tests/host/modules.test.js");
