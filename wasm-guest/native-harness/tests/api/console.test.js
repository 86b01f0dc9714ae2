// console formatting. Capturing output needs the native harness (harness.onLog); under another
// host these tests are skipped, and the console calls still must not throw.
import { test, assertEquals, assert } from "./testing.js";

const h = globalThis.harness;
const needsHarness = { skip: !h };

function capture(fn) {
  const lines = [];
  const previous = h.onLog;
  h.onLog = (level, text) => lines.push([level, text]);
  try {
    fn();
  } finally {
    h.onLog = previous;
  }
  return lines;
}
const out = (...args) => capture(() => console.log(...args))[0][1];

test("levels", () => {
  const lines = capture(() => {
    console.debug("d");
    console.log("l");
    console.info("i");
    console.warn("w");
    console.error("e");
  });
  assertEquals(lines, [[0, "d"], [1, "l"], [1, "i"], [2, "w"], [3, "e"]]);
}, needsHarness);

test("primitives and strings", () => {
  assertEquals(out("a", "b", 1, -0, 2n, true, null, undefined, Symbol("s")), "a b 1 -0 2n true null undefined Symbol(s)");
  assertEquals(out(["it's", 'say "hi"', "both ' \"", "all ' \" `"]), `[ "it's", 'say "hi"', \`both ' "\`, 'all \\' " \`' ]`);
  assertEquals(out("é 😀 \uD800"), "é 😀 \uFFFD");
  assertEquals(out(["line\nbreak\ttab"]), "[ 'line\\nbreak\\ttab' ]");
}, needsHarness);

test("objects, arrays and nesting", () => {
  assertEquals(out({ a: 1, b: "x", "c-d": [1, 2], [Symbol("k")]: 0 }), "{ a: 1, b: 'x', 'c-d': [ 1, 2 ], [Symbol(k)]: 0 }");
  assertEquals(out({ a: { b: { c: { d: 1 } } } }), "{ a: { b: { c: [Object] } } }");
  assertEquals(out([[[[1]]]]), "[ [ [ [Array] ] ] ]");
  assertEquals(out([1, , 3]), "[ 1, <1 empty item>, 3 ]");
  assertEquals(out({}), "{}");
  assertEquals(out([]), "[]");
  assertEquals(out(Object.create(null)), "[Object: null prototype] {}");
  assert(out(new Array(120).fill(0)).includes("... 20 more items\n]"), "long arrays are cut at 100 items");
  assertEquals(out({ get g() { return 1; }, set s(v) {} }), "{ g: [Getter], s: [Setter] }");
  class Point {
    constructor() {
      this.x = 1;
    }
  }
  assertEquals(out(new Point()), "Point { x: 1 }");
  const long = { alpha: "aaaaaaaaaaaaaaaa", beta: "bbbbbbbbbbbbbbbbbbbb", gamma: "cccccccccccccccccccc", delta: 1 };
  assertEquals(out(long), "{\n  alpha: 'aaaaaaaaaaaaaaaa',\n  beta: 'bbbbbbbbbbbbbbbbbbbb',\n  gamma: 'cccccccccccccccccccc',\n  delta: 1\n}");
}, needsHarness);

test("cycles", () => {
  const o = { name: "o" };
  o.self = o;
  assertEquals(out(o), "<ref *1> { name: 'o', self: [Circular *1] }");
}, needsHarness);

test("built-ins", () => {
  assertEquals(out(new Map([["a", 1]])), "Map(1) { 'a' => 1 }");
  assertEquals(out(new Set([1, "x"])), "Set(2) { 1, 'x' }");
  assertEquals(out(new Uint8Array([1, 2])), "Uint8Array(2) [ 1, 2 ]");
  assertEquals(out(new Uint8Array([1, 255]).buffer), "ArrayBuffer { [Uint8Contents]: <01 ff>, byteLength: 2 }");
  assertEquals(out(new Date(0)), "1970-01-01T00:00:00.000Z");
  assertEquals(out(/x+/gi), "/x+/gi");
  assertEquals(out(function named() {}), "[Function: named]");
  assertEquals(out(() => {}), "[Function (anonymous)]");
  assertEquals(out(async function af() {}), "[AsyncFunction: af]");
  assertEquals(out(class A {}), "[class A]");
  assertEquals(out(class B extends Array {}), "[class B extends Array]");
  assertEquals(out(new Number(3)), "[Number: 3]");
  assertEquals(out(new String("s")), "[String: 's']");
  assertEquals(out(Promise.resolve()), "Promise { <state unknown> }");
  assertEquals(out(new URL("http://a/b?c")).startsWith("URL {"), true);
  assertEquals(out(new Headers({ "X-A": "1" })), "Headers { 'x-a': '1' }");
  assertEquals(out(new URLSearchParams("a=1")), "URLSearchParams { 'a' => '1' }");
}, needsHarness);

test("errors print their stack", () => {
  const text = out(new TypeError("bad thing"));
  assert(text.startsWith("TypeError: bad thing\n    at "), text);
  const withCause = out(new Error("outer", { cause: new Error("inner") }));
  assert(withCause.includes("[cause]: Error: inner"), withCause);
}, needsHarness);

test("format specifiers", () => {
  assertEquals(out("%s is %d years and %i days, %f%%", "Bob", 42.5, 3.9, 1.5), "Bob is 42.5 years and 3 days, 1.5%");
  assertEquals(out("%o and %O", { a: [1] }, { b: 2 }), "{ a: [ 1 ] } and { b: 2 }");
  assertEquals(out("%j", { a: 1 }), '{"a":1}');
  assertEquals(out("%c styled", "color: red"), " styled");
  assertEquals(out("%s", 5n), "5n");
  assertEquals(out("%d", "x"), "NaN");
  assertEquals(out("%s extra", "a", "b", 1), "a extra b 1");
  assertEquals(out("100%", 1), "100% 1");
  assertEquals(out("%x", 1), "%x 1");
}, needsHarness);

test("group, count, assert, time", () => {
  const lines = capture(() => {
    console.group("G");
    console.log("inside");
    console.groupEnd();
    console.log("outside");
    console.count();
    console.count();
    console.count("x");
    console.assert(1 === 1, "never");
    console.assert(false, "failed %s", "here");
    console.time("t");
    console.timeEnd("t");
  });
  assertEquals(lines.slice(0, 7).map((l) => l[1]), ["G", "  inside", "outside", "default: 1", "default: 2", "x: 1", "Assertion failed: failed here"]);
  assert(/^t: \d+\.\d{3}ms$/.test(lines[7][1]), lines[7][1]);
}, needsHarness);

test("hostile values never make console throw", () => {
  const hostile = new Proxy({}, { ownKeys() { throw new Error("nope"); }, getPrototypeOf() { throw new Error("nope"); } });
  const getter = { get x() { throw new Error("getter"); } };
  console.log(hostile, getter, { toString() { throw new Error(); } });
  console.log("%s", hostile);
  if (h) {
    const text = out(hostile);
    assert(text.includes("could not format") || text.length > 0, text);
  }
});

export { run } from "./testing.js";
