// testing.js: a tiny test framework for JS tests that run as workers (tests/api/*.test.js).
// A test module imports what it needs from "./testing.js" and re-exports `run`:
//
//   import { test, assertEquals } from "./testing.js";
//   test("URL resolves dot segments", () => assertEquals(new URL("http://a/b/../c").href, "http://a/c"));
//   export { run } from "./testing.js";
//
// The host (native harness or the Java tests) loads the module as the main module next to this
// file (module name "testing.js") and makes a call {type: "call", entrypoint: "run"}; the
// result is {passed, failed: [{name, message}], skipped}. Failures are also logged as errors.

const tests = [];

export function test(name, fn, options = {}) {
  tests.push({ name, fn, skip: !!options.skip });
}

// A deterministic generator for property tests: seededRandom(seed)(n) is an integer in [0, n).
export function seededRandom(seed) {
  return (n) => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed % n;
  };
}

export class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = "AssertionError";
  }
}

function show(v) {
  try {
    if (typeof v === "string") return JSON.stringify(v);
    if (typeof v === "bigint") return v + "n";
    if (Object.is(v, -0)) return "-0";
    if (typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) {
      return Object.prototype.toString.call(v) + " " + JSON.stringify(v);
    }
    return JSON.stringify(v, (k, x) => (typeof x === "bigint" ? x + "n" : x === undefined ? "<undefined>" : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

// Structural equality: primitives by Object.is, arrays/objects/Maps/Sets/Dates/typed arrays by
// content, with cycles handled by pairing visited objects.
export function deepEqual(a, b, seen = new Map()) {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date) return Object.is(a.getTime(), b.getTime());
  if (a instanceof RegExp) return a.source === b.source && a.flags === b.flags;
  if (ArrayBuffer.isView(a)) {
    if (a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    return x.every((v, i) => v === y[i]);
  }
  if (a instanceof ArrayBuffer) return deepEqual(new Uint8Array(a), new Uint8Array(b), seen);
  if (a instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !deepEqual(v, b.get(k), seen)) return false;
    return true;
  }
  if (a instanceof Set) {
    if (a.size !== b.size) return false;
    for (const v of a) if (!b.has(v)) return false;
    return true;
  }
  if (a instanceof Error && (a.name !== b.name || a.message !== b.message)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqual(a[k], b[k], seen)) return false;
  return true;
}

export function assert(condition, message = "assertion failed") {
  if (!condition) throw new AssertionError(message);
}

export function assertEquals(actual, expected, message = "") {
  if (!deepEqual(actual, expected)) {
    throw new AssertionError(`${message ? message + ": " : ""}expected ${show(expected)}, got ${show(actual)}`);
  }
}

function checkError(e, expected, pattern, what) {
  if (expected !== undefined) {
    const ok = typeof expected === "string" ? e && e.name === expected : e instanceof expected;
    if (!ok) {
      throw new AssertionError(`${what}: expected ${typeof expected === "string" ? expected : expected.name}, got ${e && e.name}: ${e && e.message}`);
    }
  }
  if (pattern !== undefined && !(pattern instanceof RegExp ? pattern.test(e.message) : e.message.includes(pattern))) {
    throw new AssertionError(`${what}: message ${show(e.message)} does not match ${pattern}`);
  }
  return e;
}

// expected: an error class or an error name (for DOMException names).
export function assertThrows(fn, expected, pattern) {
  try {
    fn();
  } catch (e) {
    return checkError(e, expected, pattern, "assertThrows");
  }
  throw new AssertionError("expected an exception, none was thrown");
}

export async function assertRejects(fn, expected, pattern) {
  try {
    await fn();
  } catch (e) {
    return checkError(e, expected, pattern, "assertRejects");
  }
  throw new AssertionError("expected a rejection, the promise fulfilled");
}

export async function run(filter) {
  const failed = [];
  let passed = 0;
  let skipped = 0;
  for (const t of tests) {
    if (t.skip || (filter && !t.name.includes(filter))) {
      skipped++;
      continue;
    }
    try {
      await t.fn();
      passed++;
    } catch (e) {
      const stack = e && typeof e.stack === "string" ? e.stack.split("\n").slice(0, 8).join("\n") : "";
      const message = stack && !(e instanceof AssertionError) ? `${e.name}: ${e.message}\n${stack}` : String(e && e.message);
      failed.push({ name: t.name, message });
      console.error(`FAIL ${t.name}: ${message}`);
    }
  }
  return { passed, failed, skipped };
}
