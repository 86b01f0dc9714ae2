// Worker code tampering with built-ins must not break what the prelude sends out.
import { test, assertEquals, assert } from "./testing.js";

// Replaces properties for the duration of fn, then restores them exactly. Uses only what it
// captured beforehand and plain loops: the patches may break iteration and defineProperty.
const define = Object.defineProperty;
const describe = Object.getOwnPropertyDescriptor;
function withTampering(patches, fn) {
  const saved = patches.map(([target, key]) => [target, key, describe(target, key)]);
  try {
    for (let i = 0; i < patches.length; i++) define(patches[i][0], patches[i][1], { __proto__: null, configurable: true, ...patches[i][2] });
    return fn();
  } finally {
    for (let i = saved.length - 1; i >= 0; i--) {
      const target = saved[i][0], key = saved[i][1], desc = saved[i][2];
      if (desc) define(target, key, { __proto__: null, ...desc });
      else delete target[key];
    }
  }
}

const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const boom = () => {
  throw new Error("tampered built-in called");
};

test("the codec ignores replaced prototype methods", () => {
  const value = { list: [1, "two", 3n], map: new Map([["k", new Set([1])]]), bytes: new Uint8Array([1, 2]), when: new Date(5) };
  let clone;
  withTampering([
    [Array.prototype, "push", { value: boom }],
    [Array.prototype, Symbol.iterator, { value: boom }],
    [Map.prototype, "get", { value: boom }],
    [Map.prototype, "set", { value: boom }],
    [Map.prototype, "entries", { value: boom }],
    [Set.prototype, "add", { value: boom }],
    [Function.prototype, "call", { value: boom }],
    [Function.prototype, "apply", { value: boom }],
    [String.prototype, "charCodeAt", { value: () => 0x41 }],
    [TypedArrayPrototype, "set", { value: boom }],
    [TypedArrayPrototype, "length", { get: () => 1e9 }],
    [TypedArrayPrototype, "buffer", { get: boom }],
    [ArrayBuffer.prototype, "slice", { value: boom }],
    [Object, "keys", { value: () => ["injected"] }],
    [Object, "defineProperty", { value: boom }],
  ], () => {
    clone = structuredClone(value);
  });
  assertEquals(clone.list, [1, "two", 3n]);
  assertEquals(clone.map.get("k").has(1), true);
  assertEquals([...clone.bytes], [1, 2]);
  assertEquals(clone.when.getTime(), 5);
});

test("setters on Object.prototype and Array.prototype indices do not intercept decoding", () => {
  let hits = 0;
  let clone;
  withTampering([
    [Object.prototype, "a", { set() { hits++; }, get() { return "from prototype"; } }],
    [Object.prototype, "get", { value: () => 1 }],
    [Object.prototype, "set", { value: () => 1 }],
  ], () => {
    clone = structuredClone({ a: 1, nested: { a: 2 } });
  });
  assertEquals(hits, 0);
  assertEquals(Object.getOwnPropertyDescriptor(clone, "a").value, 1);
  assertEquals(Object.getOwnPropertyDescriptor(clone.nested, "a").value, 2);
});

test("a hostile Proxy either clones or throws, never corrupts", () => {
  const lying = new Proxy({ a: 1 }, {
    ownKeys: () => ["a", "b", "c"],
    getOwnPropertyDescriptor: (t, k) => ({ value: k, enumerable: true, configurable: true }),
    get: (t, k) => (k === "b" ? { deep: true } : k),
  });
  assertEquals(structuredClone(lying), { a: "a", b: { deep: true }, c: "c" });
  const arrayProxy = new Proxy([1, 2], { get: (t, k) => (k === "length" ? 3 : t[k]) });
  assertEquals(structuredClone(arrayProxy), [1, 2, undefined]);
  const throwing = new Proxy({}, { ownKeys() { throw new RangeError("no keys"); } });
  let error;
  try {
    structuredClone(throwing);
  } catch (e) {
    error = e;
  }
  assert(error instanceof RangeError, "the trap's error propagates");
});

test("Responses still encode after tampering with Headers and Response prototypes", async () => {
  const r = new Response("ok", { status: 201, headers: { a: "1" } });
  let clone;
  withTampering([
    [Headers.prototype, "get", { value: boom }],
    [Headers.prototype, Symbol.iterator, { value: boom }],
    [Response.prototype, "status", { get: () => 999 }],
    [Response.prototype, "headers", { get: boom }],
  ], () => {
    clone = structuredClone(r);
  });
  assertEquals([clone.status, clone.headers.get("a"), await clone.text()], [201, "1", "ok"]);
});

test("globals can be replaced without breaking the prelude", () => {
  const saved = { URL: globalThis.URL, Map: globalThis.Map, JSON: globalThis.JSON };
  try {
    globalThis.URL = function () {};
    globalThis.Map = function () {};
    globalThis.JSON = {};
    assertEquals(new Request("http://example.com/a/../b").url, "http://example.com/b");
    assertEquals(structuredClone(new saved.Map([[1, 2]])).size, 1);
  } finally {
    Object.assign(globalThis, saved);
  }
});

export { run } from "./testing.js";
