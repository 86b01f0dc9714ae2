// The wire codec's native fast path (c/wire.c) against the JS codec (js/wire-*.js): for every
// value it takes, the same bytes and the same decoded values; for everything else (and for any
// malformed input) it gives up without side effects, and the JS codec's answer stands.
harness.load("tests/lib/host.js");

const bytes = (buffer) => Array.from(new Uint8Array(buffer));

// {ok: bytes} or {error: "Name: message"}.
function outcome(fn) {
  try {
    const v = fn();
    return { ok: v instanceof ArrayBuffer ? bytes(v) : v };
  } catch (e) {
    return { error: `${e && e.name}: ${e && e.message}` };
  }
}

// Structural equality of two decoded graphs: same shape of sharing and cycles, same prototypes,
// same own keys in the same order with the same descriptors, same bytes in buffers; Requests,
// Responses and host stubs compared through what the JS encoder makes of them.
function sameGraph(a, b, path = "value", pairs = new Map()) {
  if (typeof a !== typeof b) throw new AssertionErrorLike(`${path}: ${typeof a} vs ${typeof b}`);
  if (a === null || (typeof a !== "object" && typeof a !== "function")) {
    if (!Object.is(a, b)) throw new AssertionErrorLike(`${path}: ${String(a)} vs ${String(b)}`);
    return;
  }
  if (pairs.has(a)) {
    if (pairs.get(a) !== b) throw new AssertionErrorLike(`${path}: different sharing`);
    return;
  }
  for (const [x, y] of pairs) if (y === b && x !== a) throw new AssertionErrorLike(`${path}: different sharing`);
  pairs.set(a, b);
  const stubA = wire.stubTarget(a);
  if (stubA !== undefined || wire.stubTarget(b) !== undefined) {
    const stubB = wire.stubTarget(b);
    if (stubA === undefined || stubB === undefined || stubA.kind !== stubB.kind) throw new AssertionErrorLike(`${path}: stubs differ`);
    sameGraph(stubA.id, stubB.id, path + ".<id>", pairs);
    return;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) throw new AssertionErrorLike(`${path}: prototypes differ`);
  if (a instanceof Request || a instanceof Response) {
    assertEquals(bytes(wire.encodeJs(b)), bytes(wire.encodeJs(a)), `${path}: re-encoded`);
    return;
  }
  if (a instanceof ArrayBuffer) {
    assertEquals(bytes(b), bytes(a), path);
    return;
  }
  const keysA = Reflect.ownKeys(a);
  const keysB = Reflect.ownKeys(b);
  assertEquals(keysB, keysA, `${path}: keys`);
  for (const k of keysA) {
    const da = Object.getOwnPropertyDescriptor(a, k);
    const db = Object.getOwnPropertyDescriptor(b, k);
    for (const flag of ["writable", "enumerable", "configurable"]) {
      if (da[flag] !== db[flag]) throw new AssertionErrorLike(`${path}.${String(k)}: ${flag} differs`);
    }
    if ("get" in da || "get" in db) throw new AssertionErrorLike(`${path}.${String(k)}: an accessor`);
    sameGraph(da.value, db.value, `${path}.${String(k)}`, pairs);
  }
}

// ---- the values ----

const shared = { s: 1 };
const cyclic = { name: "loop" };
cyclic.self = cyclic;
cyclic.list = [cyclic, shared, shared];
const numericKeys = { b: 1, 2: "two", 0: "zero", "-1": "minus", "4294967295": "big", a: 2 };
const protoKey = JSON.parse('{"__proto__": {"x": 1}, "y": 2}');
const nullProto = Object.assign(Object.create(null), { a: [1, 2, { b: null }] });
const buffer = new Uint8Array([0, 1, 2, 250, 255]).buffer;

// Values the fast path takes whole.
const fastValues = {
  undefined: undefined, null: null, true: true, false: false,
  zero: 0, minusZero: -0, int: 42, negative: -7, maxInt: 2147483647, minInt: -2147483648,
  pastMaxInt: 2147483648, pastMinInt: -2147483649, float: 1.5, tiny: 5e-324, nan: NaN,
  infinity: Infinity, minusInfinity: -Infinity, intAsDouble: 2 ** 30 * 1.0,
  empty: "", ascii: "hello", seven: "abcdefg", eight: "abcdefgh", latin1: "café", nul: "a\u0000b",
  cjk: "日本語", emoji: "a😀b", loneHigh: "x\ud800y", loneLow: "\udc00", reversedPair: "\udc00\ud800",
  long: "x".repeat(100000), rope: ["a".repeat(300), "b".repeat(300)].join("") + "c".repeat(300),
  emptyObject: {}, emptyArray: [], object: { type: "call", method: "increment", args: [1, "two", [3]] },
  nested: { a: { b: { c: { d: [{ e: "f" }] } } } },
  numericKeys, protoKey, nullProto, cyclic, sharedTwice: [shared, { again: shared }],
  arrayWithUndefined: [undefined, null, undefined],
  buffer, emptyBuffer: new ArrayBuffer(0), bufferTwice: [buffer, buffer],
  bigArray: Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? { i } : i % 3 === 1 ? shared : `s${i}`)),
  manyKeys: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i])),
  hostRef: wire.hostRef("storage", null),
  hostRefWithId: { stub: wire.hostRef("service", { name: "api", n: [1, 2] }), again: shared },
  deep40: nest(40),
  request: new Request("https://example.com/p?q=1", { method: "POST", body: "x", headers: { "x-a": "1" } }),
  requestNoBody: new Request("https://example.com/", { headers: [["b", "2"], ["a", "1"], ["b", "3"]] }),
  decodedRequest: wire.decodeJs(wire.encodeJs(new Request("https://d.example/", { headers: { "x-y": "z" } }))),
  response: new Response("body", { status: 201, headers: { "content-type": "text/plain" } }),
  responseNoBody: new Response(null, { status: 404, statusText: "Nope" }),
  responseBytes: new Response(new Uint8Array([1, 2, 3, 4]).subarray(1, 3)),
  inList: [new Response("a"), wire.hostRef("namespace", "N"), new Request("https://x.example/")],
};

function nest(n) {
  let v = "leaf";
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { v };
  return v;
}

const getterCalls = { n: 0 };
const withGetter = { a: 1, get b() { getterCalls.n++; return 2; } };
const holes = [1, , 3]; // eslint-disable-line no-sparse-arrays
const arrayWithProps = Object.assign([1, 2], { extra: "x" });

// Values it leaves to the JS codec (which may encode them or throw).
const slowValues = {
  bigint: 12345678901234567890n, date: new Date(0), map: new Map([[1, { a: 1 }]]), set: new Set(["a"]),
  regexp: /a+b/gi, error: new TypeError("bad"), typed: new Uint16Array([1, 2, 3]), view: new DataView(buffer),
  symbol: Symbol("s"), fn: () => 1, classInstance: new (class Point { constructor() { this.x = 1; } })(),
  proxy: new Proxy({ a: 1 }, {}), arrayProxy: new Proxy([1, 2], {}), withGetter, holes,
  arrayWithNullProto: Object.setPrototypeOf([1, 2], null), boxed: new String("boxed"),
  deep49: nest(49), deep1000: nest(1000), deep1001: nest(1001),
  weakMap: new WeakMap(), promise: Promise.resolve(1),
  plainHoldingSlow: { ok: 1, inner: new Map() },
  responseHoldingSlow: [new Response("r"), new Map()],
  usedBody: (() => {
    const r = new Response("used");
    r.text();
    return r;
  })(),
  streamBody: new Response(new ReadableStream({ start() {} })),
};

// ---- encode ----

test("encode: the fast path takes plain data and host stubs, with the JS encoder's bytes", () => {
  for (const [name, value] of Object.entries(fastValues)) {
    const fast = wire.encodeFast(value);
    if (fast === undefined) throw new AssertionErrorLike(`${name}: the fast path gave up`);
    assertEquals(bytes(fast), bytes(wire.encodeJs(value)), name);
  }
  // An array, an object or a buffer written twice: a reference to the first.
  assertEquals(bytes(wire.encodeFast([buffer, buffer])).slice(-2), [0x0f, 1]);
});

test("encode: anything else is left to the JS encoder, whose answer wire.encode gives", () => {
  for (const [name, value] of Object.entries(slowValues)) {
    const fast = outcome(() => wire.encodeFast(value));
    const js = outcome(() => wire.encodeJs(value));
    // A body that cannot cross throws the same error from both (the fast path asks the prelude
    // for the parts); anything else makes the fast path give up.
    if (fast.error === undefined) assertEquals(fast.ok, undefined, `${name}: the fast path must give up`);
    else assertEquals(fast.error, js.error, name);
    assertEquals(outcome(() => wire.encode(value)), js, name);
  }
});

test("encode: giving up runs no worker code (getters, proxy traps) before the JS encoder does", () => {
  getterCalls.n = 0;
  wire.encode({ outer: [1, { inner: withGetter }] });
  assertEquals(getterCalls.n, 1, "the getter ran once, in the JS encoder");
  const traps = [];
  const proxy = new Proxy({ a: 1 }, {
    ownKeys(t) { traps.push("ownKeys"); return Reflect.ownKeys(t); },
    get(t, k) { traps.push(`get ${String(k)}`); return t[k]; },
    getPrototypeOf(t) { traps.push("getPrototypeOf"); return Reflect.getPrototypeOf(t); },
    getOwnPropertyDescriptor(t, k) { traps.push(`gopd ${String(k)}`); return Reflect.getOwnPropertyDescriptor(t, k); },
  });
  wire.encode({ p: proxy });
  const viaFastFirst = traps.splice(0);
  wire.encodeJs({ p: proxy });
  assertEquals(viaFastFirst, traps, "the same traps, in the same order, as the JS encoder alone");
});

test("encode: DataCloneError for what cannot cross, as before", () => {
  for (const v of [{ f() {} }, [Symbol("x")], { w: new WeakMap() }]) {
    const e = outcome(() => wire.encode(v));
    assert(e.error && e.error.startsWith("DataCloneError"), JSON.stringify(e));
  }
});

// ---- decode ----

const encodings = {};
for (const [name, value] of Object.entries({ ...fastValues, ...slowValues })) {
  try {
    encodings[name] = wire.encodeJs(value);
  } catch {}
}
// Shapes only the host sends: a body-less Request, a Response with a null body, an object key
// that is not a string, a reference to a buffer still being read.
encodings.hostRequest = new Uint8Array([0x12, 7, 3, 71, 69, 84, 7, 12, ...new TextEncoder().encode("https://a.b/"), 1, 7, 1, 0x78, 7, 1, 0x79, 1]).buffer;
encodings.hostResponse = new Uint8Array([0x13, 0xc8, 0x01, 7, 2, 79, 75, 0, 0x0d, 2, 104, 105]).buffer;

const decodedByFast = new Set();

test("decode: the fast path gives the JS decoder's values", () => {
  for (const [name, encoded] of Object.entries(encodings)) {
    const fast = wire.decodeFast(encoded);
    const js = wire.decodeJs(encoded);
    if (fast === wire.fastGaveUp) continue;
    decodedByFast.add(name);
    sameGraph(js, fast, name);
  }
  for (const name of [...Object.keys(fastValues), "hostRequest", "hostResponse", "plainHoldingSlow"]) {
    if (name === "plainHoldingSlow") {
      assert(!decodedByFast.has(name), "a Map inside: the fast path gives up");
    } else {
      assert(decodedByFast.has(name), `${name}: the fast path gave up`);
    }
  }
});

test("decode: values are plain data properties, whatever setters a worker put on the prototypes", () => {
  const hits = [];
  Object.defineProperty(Object.prototype, "trap", { set(v) { hits.push(v); }, configurable: true });
  Object.defineProperty(Array.prototype, "0", { set(v) { hits.push(v); }, configurable: true });
  try {
    const v = wire.decode(wire.encodeJs({ trap: 1, list: ["first"], __proto__: null }));
    assertEquals(hits, []);
    assertEquals(Object.getOwnPropertyDescriptor(v, "trap").value, 1);
    assertEquals(Object.getOwnPropertyDescriptor(v.list, "0").value, "first");
  } finally {
    delete Object.prototype.trap;
    delete Array.prototype[0];
  }
});

// A small PRNG, so that every run tries the same inputs.
function prng(seed) {
  return () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
}

// Both decoders on the same input: the same value, or the same error.
function agree(encoded, what) {
  let js, jsError, fast, fastError;
  try { js = wire.decodeJs(encoded); } catch (e) { jsError = `${e.name}: ${e.message}`; }
  try { fast = wire.decode(encoded); } catch (e) { fastError = `${e.name}: ${e.message}`; }
  assertEquals(fastError, jsError, what);
  if (jsError === undefined) sameGraph(js, fast, what);
}

test("decode: mutated and random inputs get the JS decoder's answer (value or error)", () => {
  const random = prng(0x5eed);
  const small = Object.entries(encodings).filter(([, e]) => e.byteLength < 4096);
  let tried = 0;
  for (const [name, encoded] of small) {
    const original = new Uint8Array(encoded);
    for (let round = 0; round < 60; round++) {
      let m = Array.from(original);
      const edits = 1 + Math.floor(random() * 3);
      for (let k = 0; k < edits; k++) {
        const at = Math.floor(random() * (m.length + 1));
        const op = random();
        if (op < 0.4 && m.length) m[at % m.length] = Math.floor(random() * 256);
        else if (op < 0.6) m = m.slice(0, at);
        else if (op < 0.8) m.splice(at, 0, Math.floor(random() * 256));
        else if (m.length) m[at % m.length] = [0x0f, 0x14, 0x12, 0x13, 0x80, 0xff, 0x7f, 0][Math.floor(random() * 8)];
      }
      agree(new Uint8Array(m).buffer, `${name} mutation ${round}: [${m.slice(0, 24)}]`);
      tried++;
    }
  }
  for (let round = 0; round < 2000; round++) {
    const m = Array.from({ length: Math.floor(random() * 24) }, () => (random() < 0.5 ? Math.floor(random() * 22) : Math.floor(random() * 256)));
    agree(new Uint8Array(m).buffer, `random ${round}: [${m}]`);
    tried++;
  }
  assert(tried > 3000, `${tried} inputs`);
});

test("round trip through both fast paths: decode(encode(v)) is the JS round trip's value", () => {
  for (const [name, value] of Object.entries(fastValues)) {
    sameGraph(wire.decodeJs(wire.encodeJs(value)), wire.decode(wire.encode(value)), name);
  }
});

finish("tests/host/wire-fast.test.js");
