// Durable Object namespaces, ids and stubs as the prelude makes them (objects.js), driven
// directly from the harness against the fake host: what reaches the host, and what the worker
// sees, including on the isolate's fast paths (the idFromName table).
harness.load("tests/lib/host.js");
const { hostRef, stubTarget } = harness.hooks.internals;

// The fake host's idFromName: 64 hex digits from the binding and name, counted per request.
function idHex(binding, name) {
  let h = 2166136261;
  for (const c of `${binding}/${name}`) h = Math.imul(h ^ c.codePointAt(0), 16777619) >>> 0;
  return h.toString(16).padStart(8, "0").repeat(8);
}
let idRequests = [];
let idAnswer = (message) => idHex(message.namespace, message.name);
fakeHost.handlers["objects.idFromName"] = (message) => {
  idRequests.push(message.name);
  return idAnswer(message);
};

function freshNamespace(binding) {
  idRequests = [];
  return hostRef("namespace", binding);
}

test("idFromName: the host is asked once per name; every call gives a new, equal id", () => {
  const ns = freshNamespace("A");
  const first = ns.idFromName("alpha");
  const second = ns.idFromName("alpha");
  assertEquals(idRequests, ["alpha"]);
  assert(first !== second, "a new id object per call");
  assert(first.equals(second) && second.equals(first), "equal ids");
  assertEquals([second.toString(), second.name, JSON.stringify(second)], [idHex("A", "alpha"), "alpha", JSON.stringify(idHex("A", "alpha"))]);
  assertEquals({ ...stubTarget(second) }, { kind: "objectId", id: { namespace: "A", id: idHex("A", "alpha"), name: "alpha" } });
  ns.idFromName("beta");
  assertEquals(idRequests, ["alpha", "beta"]);
});

test("idFromName: another namespace value of the same binding shares the answers", () => {
  const ns = freshNamespace("A");
  assertEquals(ns.idFromName("alpha").toString(), idHex("A", "alpha"));
  assertEquals(idRequests, []);
});

test("idFromName: the same name in another namespace is that namespace's id", () => {
  const a = freshNamespace("SHARED-1");
  const b = hostRef("namespace", "SHARED-2");
  const ida = a.idFromName("x");
  const idb = b.idFromName("x");
  assertEquals(idRequests, ["x", "x"]);
  assertEquals([ida.toString(), idb.toString()], [idHex("SHARED-1", "x"), idHex("SHARED-2", "x")]);
  assert(!ida.equals(idb), "ids of different namespaces differ");
  assertThrows(() => a.get(idb), TypeError, "This DurableObjectId belongs to a different Durable Object namespace.");
});

test("idFromName: names convert to strings each time; conversion errors are not cached", () => {
  const ns = freshNamespace("B");
  assertEquals(ns.idFromName(5).toString(), ns.idFromName("5").toString());
  assertEquals(ns.idFromName(5).name, "5");
  assertEquals(idRequests, ["5"]);
  let conversions = 0;
  const named = { toString: () => `n${++conversions}` };
  assertEquals([ns.idFromName(named).name, ns.idFromName(named).name], ["n1", "n2"]);
  const bad = { toString() { throw new RangeError("no string"); } };
  assertThrows(() => ns.idFromName(bad), RangeError, "no string");
  assertThrows(() => ns.idFromName(bad), RangeError, "no string");
  assertThrows(() => ns.idFromName(), TypeError, "idFromName() needs a name.");
  assertEquals(ns.idFromName(Symbol("s")).name, "Symbol(s)");
});

test("idFromName: host errors and malformed answers are not cached", () => {
  const ns = freshNamespace("C");
  idAnswer = () => {
    throw new TypeError('There is no Durable Object namespace bound as "C".');
  };
  assertThrows(() => ns.idFromName("a"), TypeError, 'There is no Durable Object namespace bound as "C".');
  idAnswer = () => "not hex";
  assertThrows(() => ns.idFromName("a"), TypeError, "The host sent a malformed Durable Object id.");
  idAnswer = (message) => idHex(message.namespace, message.name);
  assertEquals(ns.idFromName("a").toString(), idHex("C", "a"));
  assertEquals(idRequests, ["a", "a", "a"]);
});

test("idFromName: the table is bounded, and still right after it fills", () => {
  const ns = freshNamespace("D");
  for (let i = 0; i < 600; i++) assertEquals(ns.idFromName(`name-${i}`).toString(), idHex("D", `name-${i}`));
  assertEquals(idRequests.length, 600);
  idRequests = [];
  assertEquals(ns.idFromName("name-0").toString(), idHex("D", "name-0"));
  assertEquals(idRequests, ["name-0"], "the oldest names were dropped");
  assertEquals(ns.idFromName("name-599").toString(), idHex("D", "name-599"));
  assertEquals(idRequests, ["name-0"], "a recent name is still known");
});

test("getByName: a stub with the id and name, no further host request", () => {
  const ns = freshNamespace("E");
  const stub = ns.getByName("counter");
  const again = ns.getByName("counter");
  assertEquals(idRequests, ["counter"]);
  assert(stub !== again, "a new stub per call");
  assertEquals([stub.name, stub.id.toString()], ["counter", idHex("E", "counter")]);
  assert(stub.id.equals(again.id), "the stubs' ids are equal");
  assertEquals({ ...stubTarget(again) }, { kind: "object", id: { namespace: "E", id: idHex("E", "counter"), name: "counter" } });
});

// Stubs make their method table on the first method read and share their refusing traps.
function checkStubSurface(stub, what) {
  assert(stub.increment === stub.increment, `${what}: a method is the same function each time`);
  assert(stub.fetch !== stub.increment && typeof stub.fetch === "function", `${what}: fetch`);
  assertEquals([stub.then, stub.toJSON, stub.constructor], [undefined, undefined, undefined]);
  assertThrows(() => { "use strict"; stub.x = 1; }, TypeError);
  assertThrows(() => { "use strict"; delete stub.increment; }, TypeError);
  assertThrows(() => Object.defineProperty(stub, "x", { value: 1 }), TypeError);
  assertEquals(Reflect.set(stub, "x", 1), false);
}

test("object, entrypoint and generic stubs: methods, and refused changes", () => {
  const objectStub = freshNamespace("F").getByName("s");
  checkStubSurface(objectStub, "object stub");
  assertEquals(["increment" in objectStub, "then" in objectStub], [true, false]);
  const generic = hostRef("echo", 1);
  checkStubSurface(generic, "generic stub");
  assertEquals(["anything" in generic, "then" in generic], [true, false]);
  const entrypoint = hostRef("entrypoint", { name: "Other" });
  checkStubSurface(entrypoint, "entrypoint stub");
  assertEquals({ ...stubTarget(entrypoint({ props: { p: 1 } })) }, { kind: "entrypoint", id: { name: "Other", props: { p: 1 } } });
});

test("an object id from the wire keeps the reference as it came", () => {
  const hex = idHex("G", "n");
  const id = hostRef("objectId", { namespace: "G", id: hex, name: "n", extra: true });
  assertEquals({ ...stubTarget(id) }, { kind: "objectId", id: { namespace: "G", id: hex, name: "n", extra: true } });
  assertEquals([id.toString(), id.name], [hex, "n"]);
  assert(id.equals(freshNamespace("G").idFromName("n")), "equal to idFromName's id");
  assertThrows(() => hostRef("objectId", { namespace: "G", id: "xyz" }), TypeError, "Malformed Durable Object reference.");
});

test("id checks: valid ids pass however often they come; invalid ones never do", () => {
  const ns = freshNamespace("H");
  const valid = idHex("H", "v");
  for (let i = 0; i < 3; i++) assertEquals(ns.idFromString(valid).toString(), valid);
  const invalid = [valid.toUpperCase(), valid.slice(1), valid + "0", "", "g".repeat(64), ` ${valid.slice(1)}`];
  for (const hex of invalid) {
    assertThrows(() => ns.idFromString(hex), TypeError, "Invalid Durable Object ID: it must be 64 lowercase hex digits.");
    assertThrows(() => hostRef("objectId", { namespace: "H", id: hex }), TypeError, "Malformed Durable Object reference.");
    assertThrows(() => hostRef("object", { namespace: "H", id: hex }), TypeError, "Malformed Durable Object reference.");
  }
  // More distinct ids than the table of checked ones holds, then the first again.
  for (let i = 0; i < 600; i++) {
    const hex = i.toString(16).padStart(64, "0");
    assertEquals(hostRef("object", { namespace: "H", id: hex }).id.toString(), hex);
  }
  assertEquals(ns.idFromString(valid).toString(), valid);
  assertEquals(ns.idFromString({ toString: () => valid }).toString(), valid);
  idAnswer = () => valid.toUpperCase();
  assertThrows(() => ns.idFromName("upper"), TypeError, "The host sent a malformed Durable Object id.");
  idAnswer = (message) => idHex(message.namespace, message.name);
});

finish("tests/host/objects.test.js");
