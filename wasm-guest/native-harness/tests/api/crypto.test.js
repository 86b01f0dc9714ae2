// crypto.getRandomValues, crypto.randomUUID, Math.random.
import { test, assertEquals, assert, assertThrows } from "./testing.js";

test("getRandomValues fills integer arrays in place", () => {
  const a = new Uint8Array(64);
  assert(crypto.getRandomValues(a) === a, "returns its argument");
  assert(a.some((b) => b !== 0), "not all zero");
  const view = new Uint32Array(new ArrayBuffer(32), 8, 2);
  crypto.getRandomValues(view);
  for (const T of [Int8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, BigInt64Array, BigUint64Array]) {
    crypto.getRandomValues(new T(4));
  }
  crypto.getRandomValues(new Uint8Array(65536));
  assertThrows(() => crypto.getRandomValues(new Uint8Array(65537)), "QuotaExceededError");
  assertThrows(() => crypto.getRandomValues(new Float64Array(2)), "TypeMismatchError");
  assertThrows(() => crypto.getRandomValues(new DataView(new ArrayBuffer(4))), "TypeMismatchError");
  assertThrows(() => crypto.getRandomValues([1, 2]), "TypeMismatchError");
  assert(crypto instanceof Crypto, "Crypto");
  assertThrows(() => new Crypto(), TypeError);
});

test("randomUUID is a version 4 UUID", () => {
  const seen = new Set();
  for (let i = 0; i < 100; i++) {
    const id = crypto.randomUUID();
    assert(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id), id);
    seen.add(id);
  }
  assertEquals(seen.size, 100);
});

test("Math.random is in [0, 1) and varies", () => {
  const values = new Set();
  for (let i = 0; i < 1000; i++) {
    const r = Math.random();
    assert(r >= 0 && r < 1, String(r));
    values.add(r);
  }
  assert(values.size > 990, "distinct values");
  assertEquals(Object.keys(globalThis).includes("crypto"), false);
});

export { run } from "./testing.js";
