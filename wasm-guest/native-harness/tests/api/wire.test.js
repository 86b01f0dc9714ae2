// The wire codec, through structuredClone (a round trip) and, under the native harness, the
// prelude's encoder and decoder directly (byte-exact checks and malformed input).
import { test, assertEquals, assertThrows, assert } from "./testing.js";

const internals = globalThis.harness ? globalThis.harness.hooks.internals : null;
const bytesOnly = { skip: internals === null }; // byte-level tests need the native harness
const bytes = (v) => [...new Uint8Array(internals.encode(v))];
const decodeBytes = (list) => internals.decode(new Uint8Array(list).buffer);

test("primitives round-trip", () => {
  const values = [undefined, null, true, false, 0, -0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 1.5, NaN,
    Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE, 0n, 1n, -1n, 255n, 256n, 2n ** 64n,
    -(2n ** 200n) + 12345n, "", "a", "é", "😀", "\uD800", "a\uDC00b", "\uDBFF\uDFFF", "nul\u0000byte",
    "x".repeat(10000), "é".repeat(5000)];
  for (const v of values) assertEquals(structuredClone(v), v, typeof v + " " + String(v).slice(0, 20));
});

test("objects, arrays, holes and __proto__ keys", () => {
  const v = { a: 1, nested: { b: [1, "two", { c: null }] }, empty: {}, list: [] };
  assertEquals(structuredClone(v), v);
  const holes = [1, , 3];
  const copy = structuredClone(holes);
  assertEquals(copy, [1, undefined, 3]);
  assert(1 in copy, "holes come back as undefined elements");
  const tricky = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}');
  const clone = structuredClone(tricky);
  assertEquals(Object.getPrototypeOf(clone), Object.prototype);
  assertEquals(Object.keys(clone), ["__proto__", "constructor"]);
  assertEquals(({}).polluted, undefined);
  const numericKeys = { 2: "b", 1: "a", x: "c" };
  assertEquals(Object.keys(structuredClone(numericKeys)), ["1", "2", "x"]);
});

test("cycles and shared references survive", () => {
  const o = { name: "root" };
  o.self = o;
  const shared = { s: 1 };
  o.pair = [shared, shared];
  const c = structuredClone(o);
  assert(c !== o && c.self === c, "cycle");
  assert(c.pair[0] === c.pair[1], "shared");
  const m = new Map();
  m.set("me", m);
  m.set(m, "key is me");
  const mc = structuredClone(m);
  assert(mc.get("me") === mc && mc.get(mc) === "key is me", "map cycle");
  const a = [];
  a.push(a, new Set([a]));
  const ac = structuredClone(a);
  assert(ac[0] === ac && ac[1].has(ac), "array/set cycle");
});

test("Date, RegExp, Map, Set, boxed primitives", () => {
  const d = new Date(1700000000123);
  assertEquals(structuredClone(d).getTime(), 1700000000123);
  assert(Number.isNaN(structuredClone(new Date(NaN)).getTime()), "invalid date");
  const re = structuredClone(/a+b/giu);
  assertEquals([re.source, re.flags], ["a+b", "giu"]);
  const key = { k: 1 };
  const mc = structuredClone(new Map([[1, "one"], [key, [2]]]));
  assertEquals([...mc.keys()][0], 1);
  assertEquals([...mc.entries()][1], [{ k: 1 }, [2]]);
  assertEquals([...structuredClone(new Set([1, "a", 1n]))], [1, "a", 1n]);
  assertEquals(structuredClone(new Number(3)), 3);
  assertEquals(structuredClone(new String("s")), "s");
  assertEquals(structuredClone(new Boolean(false)), false);
  assertEquals(structuredClone(Object(5n)), 5n);
});

test("ArrayBuffer, typed arrays and DataView", () => {
  const buffer = new ArrayBuffer(16);
  new Uint8Array(buffer).set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
  const views = [new Int8Array(buffer, 1, 3), new Uint8Array(buffer), new Uint8ClampedArray(buffer, 2),
    new Int16Array(buffer, 2, 2), new Uint16Array(buffer), new Int32Array(buffer, 4, 1), new Uint32Array(buffer),
    new Float32Array(buffer, 8), new Float64Array(buffer, 8), new BigInt64Array(buffer), new BigUint64Array(buffer, 8),
    new DataView(buffer, 3, 5)];
  const copy = structuredClone({ buffer, views });
  for (let i = 0; i < views.length; i++) {
    const v = copy.views[i];
    assertEquals(Object.getPrototypeOf(v), Object.getPrototypeOf(views[i]), "kind " + i);
    assertEquals([v.byteOffset, v.byteLength], [views[i].byteOffset, views[i].byteLength], "range " + i);
    assert(v.buffer === copy.buffer, "every view shares the one buffer " + i);
  }
  assertEquals(new Uint8Array(copy.buffer)[15], 16);
  assert(copy.buffer !== buffer, "a copy");
  assertEquals(structuredClone(new Uint8Array(0)), new Uint8Array(0));
});

test("errors keep name, message, stack and cause", () => {
  for (const E of [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError]) {
    const e = structuredClone(new E("boom"));
    assert(e instanceof E, E.name);
    assertEquals([e.name, e.message], [E.name, "boom"]);
  }
  const custom = new Error("custom");
  custom.name = "MyError";
  const c = structuredClone(custom);
  assertEquals([c.name, c.message, c instanceof Error], ["MyError", "custom", true]);
  const original = new TypeError("outer", { cause: { code: 42 } });
  const clone = structuredClone(original);
  assertEquals(clone.cause, { code: 42 });
  assertEquals(clone.stack, original.stack);
  const self = new Error("self");
  self.cause = self;
  const sc = structuredClone(self);
  assert(sc.cause === sc, "an error can be its own cause");
  const agg = structuredClone(new AggregateError([], "many"));
  assert(agg instanceof AggregateError && agg.message === "many", "AggregateError");
  const dom = structuredClone(new DOMException("nope", "NotFoundError"));
  assertEquals([dom.name, dom.message], ["NotFoundError", "nope"]);
});

test("class instances clone as plain objects", () => {
  class Point {
    constructor() {
      this.x = 1;
      this.y = 2;
    }
    get sum() {
      return this.x + this.y;
    }
  }
  const p = structuredClone(new Point());
  assertEquals(Object.getPrototypeOf(p), Object.prototype);
  assertEquals(p, { x: 1, y: 2 });
});

test("what cannot be cloned throws DataCloneError", () => {
  const cases = [() => {}, Symbol("s"), { f() {} }, [1, Symbol.iterator], Promise.resolve(), new WeakMap(),
    new WeakSet(), new URL("http://a/"), new Headers(), new URLSearchParams(), new TextDecoder(), new Blob(["x"]),
    Object(Symbol("boxed")), new ReadableStream()];
  for (const v of cases) {
    const e = assertThrows(() => structuredClone(v), "DataCloneError");
    assert(e instanceof DOMException && e.code === 25, "DOMException with code 25");
  }
  assertThrows(() => structuredClone(), TypeError);
});

test("nesting is limited to 1000 levels", () => {
  let deep = [];
  for (let i = 0; i < 1000; i++) deep = [deep];
  // 1001 arrays: the innermost one is at depth 1000, which is allowed.
  let c = structuredClone(deep);
  let depth = 0;
  while (c.length) {
    c = c[0];
    depth++;
  }
  assertEquals(depth, 1000);
  assertThrows(() => structuredClone([deep]), "DataCloneError", "nested too deeply");
});

test("getters that change the object mid-encoding cannot corrupt the bytes", () => {
  const o = {
    get a() {
      delete this.b;
      this.z = 1;
      return "a";
    },
    b: "b",
  };
  assertEquals(structuredClone(o), { a: "a", b: undefined });
  const m = new Map();
  const trigger = {
    get x() {
      for (let i = 0; i < 5; i++) m.set("extra" + i, i);
      m.delete("later");
      return 1;
    },
  };
  m.set("first", trigger);
  m.set("later", 2);
  const mc = structuredClone(m);
  assertEquals([...mc.keys()], ["first", "later"]);
  const arr = [1, 2, 3];
  Object.defineProperty(arr, 0, {
    get() {
      arr.length = 0;
      return "gone";
    },
  });
  assertEquals(structuredClone(arr), ["gone", undefined, undefined]);
});

test("exact bytes", () => {
  assertEquals(bytes(undefined), [0]);
  assertEquals(bytes(null), [1]);
  assertEquals(bytes(false), [2]);
  assertEquals(bytes(true), [3]);
  assertEquals(bytes(1), [4, 1, 0, 0, 0]);
  assertEquals(bytes(-2), [4, 0xfe, 0xff, 0xff, 0xff]);
  assertEquals(bytes(-0), [5, 0, 0, 0, 0, 0, 0, 0, 0x80]);
  assertEquals(bytes(1.5), [5, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f]);
  assertEquals(bytes(2 ** 31), [5, 0, 0, 0, 0, 0, 0, 0xe0, 0x41]);
  assertEquals(bytes(0n), [6, 0, 0]);
  assertEquals(bytes(256n), [6, 0, 2, 0, 1]);
  assertEquals(bytes(-1n), [6, 1, 1, 1]);
  assertEquals(bytes(0x123456789n), [6, 0, 5, 0x89, 0x67, 0x45, 0x23, 0x01]);
  assertEquals(bytes("a"), [7, 1, 0x61]);
  assertEquals(bytes("é"), [7, 2, 0xc3, 0xa9]);
  assertEquals(bytes("\uD800"), [7, 3, 0xed, 0xa0, 0x80]);
  assertEquals(bytes("x".repeat(200)).slice(0, 4), [7, 0xc8, 0x01, 0x78]);
  assertEquals(bytes({ a: 1 }), [8, 1, 7, 1, 0x61, 4, 1, 0, 0, 0]);
  assertEquals(bytes([true]), [9, 1, 3]);
  const o = {};
  o.o = o;
  assertEquals(bytes(o), [8, 1, 7, 1, 0x6f, 0x0f, 0]);
  assertEquals(bytes(new Date(0)), [0x0a, 0, 0, 0, 0, 0, 0, 0, 0]);
  assertEquals(bytes(new Map([[1, 2]])), [0x0b, 1, 4, 1, 0, 0, 0, 4, 2, 0, 0, 0]);
  assertEquals(bytes(new Set([null])), [0x0c, 1, 1]);
  assertEquals(bytes(new Uint8Array([9]).buffer), [0x0d, 1, 9]);
  assertEquals(bytes(new Uint16Array([1])), [0x0e, 5, 0x0d, 2, 1, 0, 0, 1]);
  const buf = new ArrayBuffer(2);
  assertEquals(bytes([new Uint8Array(buf, 1), new DataView(buf)]),
    [9, 2, 0x0e, 2, 0x0d, 2, 0, 0, 1, 1, 0x0e, 12, 0x0f, 2, 0, 2]);
  const e = new RangeError("m");
  assertEquals(bytes(e).slice(0, 15), [0x10, 7, 10, ...[..."RangeError"].map((c) => c.charCodeAt(0)), 7, 1]);
  assertEquals(bytes(/x/g), [0x11, 7, 1, 0x78, 7, 1, 0x67]);
  assertEquals(bytes(new Response(null, { status: 204, headers: { "X-A": "b" } })),
    [0x13, 0xcc, 0x01, 7, 0, 1, 7, 3, 0x78, 0x2d, 0x61, 7, 1, 0x62, 1]);
  assertEquals(bytes(new Request("http://h/", { method: "POST", body: "hi" })),
    [0x12, 7, 4, ...[..."POST"].map((c) => c.charCodeAt(0)), 7, 9, ...[..."http://h/"].map((c) => c.charCodeAt(0)),
      1, 7, 12, ...[..."content-type"].map((c) => c.charCodeAt(0)), 7, 24,
      ...[..."text/plain;charset=UTF-8"].map((c) => c.charCodeAt(0)), 0x0d, 2, 0x68, 0x69]);
}, bytesOnly);

test("the decoder rejects malformed input", () => {
  const bad = [
    [[], "end"],
    [[0x20], "unknown tag"],
    [[7, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], "longer than 5"],
    [[7, 0xff, 0xff, 0xff, 0xff, 0x1f], "out of range"],
    [[7, 5, 0x61], "past the end"],
    [[9, 3, 1], "end"],
    [[0x0f, 0], "not yet assigned"],
    [[9, 1, 0x0f, 1], "not yet assigned"],
    [[0, 0], "trailing"],
    [[4, 1, 0], "truncated"],
    [[5, 0, 0, 0], "truncated"],
    [[6, 2, 0], "sign"],
    [[8, 1, 4, 1, 0, 0, 0, 1], "expected a string"],
    [[0x0e, 13, 0x0d, 0, 0, 0], "view kind"],
    [[0x0e, 2, 0x0d, 2, 0, 0, 1, 2], "outside"],
    [[0x0e, 4, 0x0d, 2, 0, 0, 1, 1], "outside"],
    [[0x0e, 2, 1, 0, 0], "must be an ArrayBuffer"],
    [[9, 2, 8, 0, 0x0e, 2, 0x0f, 1, 0, 0], "must be an ArrayBuffer"],
    [[0x10, 7, 0, 7, 0, 4, 0, 0, 0, 0, 0], "stack"],
    [[0x11, 7, 1, 0x28, 7, 0], "RegExp"],
    [[0x12, 7, 0, 7, 0, 0, 4], "body"],
  ];
  for (const [input, pattern] of bad) {
    assertThrows(() => decodeBytes(input), TypeError, pattern);
  }
  let deep = [];
  for (let i = 0; i < 1001; i++) deep.push(9, 1);
  deep.push(0);
  assertThrows(() => decodeBytes(deep), TypeError, "nesting");
  deep = deep.slice(2);
  assert(Array.isArray(decodeBytes(deep)), "1000 levels decode");
}, bytesOnly);

test("host references decode to stubs and encode back", () => {
  const stub = internals.hostRef("service", { name: "s", n: 1 });
  const b = bytes({ s: stub });
  assertEquals(b.slice(0, 6), [8, 1, 7, 1, 0x73, 0x14]);
  const back = internals.decode(new Uint8Array(b).buffer);
  assertEquals({ ...internals.stubTarget(back.s) }, { kind: "service", id: { name: "s", n: 1 } });
  assertEquals(typeof back.s.anything, "function");
  assertEquals(back.s.then, undefined);
}, bytesOnly);

export { run } from "./testing.js";
