// Headers.
import { test, assertEquals, assertThrows, assert, seededRandom } from "./testing.js";

test("names are case-insensitive, values combined, iteration sorted", () => {
  const h = new Headers({ "Content-Type": "text/plain", "X-B": "2" });
  h.append("x-a", "1");
  h.append("X-A", "one more");
  assertEquals(h.get("x-a"), "1, one more");
  assertEquals(h.get("CONTENT-TYPE"), "text/plain");
  assertEquals(h.has("x-b"), true);
  assertEquals(h.get("missing"), null);
  assertEquals([...h], [["content-type", "text/plain"], ["x-a", "1, one more"], ["x-b", "2"]]);
  assertEquals([...h.keys()], ["content-type", "x-a", "x-b"]);
  assertEquals([...h.values()], ["text/plain", "1, one more", "2"]);
  h.set("x-a", "replaced");
  assertEquals(h.get("x-a"), "replaced");
  h.delete("X-B");
  assertEquals(h.has("x-b"), false);
  const seen = [];
  h.forEach((value, name, headers) => seen.push(`${name}=${value}:${headers === h}`));
  assertEquals(seen, ["content-type=text/plain:true", "x-a=replaced:true"]);
});

test("Set-Cookie stays separate", () => {
  const h = new Headers();
  h.append("Set-Cookie", "a=1");
  h.append("Set-Cookie", "b=2; Path=/");
  h.append("Accept", "x");
  assertEquals(h.getSetCookie(), ["a=1", "b=2; Path=/"]);
  assertEquals(h.get("set-cookie"), "a=1, b=2; Path=/");
  assertEquals([...h], [["accept", "x"], ["set-cookie", "a=1"], ["set-cookie", "b=2; Path=/"]]);
  assertEquals(h.getAll("set-cookie"), ["a=1", "b=2; Path=/"]);
});

test("init forms and copies", () => {
  assertEquals([...new Headers([["a", "1"], ["b", "2"]])], [["a", "1"], ["b", "2"]]);
  const original = new Headers({ a: "1" });
  const copy = new Headers(original);
  copy.set("a", "2");
  assertEquals(original.get("a"), "1");
  assertEquals([...new Headers(new Map([["m", "v"]]))], [["m", "v"]]);
  assertThrows(() => new Headers([["only-name"]]), TypeError);
  assertThrows(() => new Headers("string"), TypeError);
});

test("values are normalized and validated", () => {
  const h = new Headers();
  h.set("x", "  padded\t ");
  assertEquals(h.get("x"), "padded");
  h.set("latin", "café");
  assertEquals(h.get("latin"), "café");
  assertThrows(() => h.set("bad name", "v"), TypeError);
  assertThrows(() => h.set("x", "a\nb"), TypeError);
  assertThrows(() => h.set("x", "a\rb"), TypeError);
  assertThrows(() => h.set("x", "a\0b"), TypeError);
  assertThrows(() => h.set("x", "€"), TypeError);
  assertThrows(() => h.append("é", "v"), TypeError);
  assertThrows(() => h.get(), TypeError);
});

// Generated values against the Fetch Standard's rule, written out plainly here: strip leading and
// trailing HTTP whitespace (tab, LF, CR, space); reject NUL, LF, CR and code points above U+00FF.
test("generated values follow the normalization rule", () => {
  const alphabet = ["a", "Z", " ", "\t", "\n", "\r", "\0", "\x01", "\x0b", "\x7f", "\x85", "é", "ÿ", "€", ",", ";", "\"", "=", "~"];
  const random = seededRandom(7);
  const ws = (c) => c === " " || c === "\t" || c === "\n" || c === "\r";
  const h = new Headers();
  let rejected = 0;
  for (let i = 0; i < 2000; i++) {
    let value = "";
    for (let n = random(8); n > 0; n--) value += alphabet[random(alphabet.length)];
    let start = 0;
    let end = value.length;
    while (start < end && ws(value[start])) start++;
    while (end > start && ws(value[end - 1])) end--;
    const expected = value.slice(start, end);
    const invalid = /[\0\n\r\u0100-\uffff]/.test(expected);
    if (invalid) {
      assertThrows(() => h.set("x", value), TypeError, "Invalid header value");
      rejected++;
    } else {
      h.set("x", value);
      assertEquals(h.get("x"), expected, JSON.stringify(value));
    }
  }
  assert(rejected > 200 && rejected < 1800, "both outcomes are exercised: " + rejected + " rejected");
});

test("iteration is live", () => {
  const h = new Headers({ a: "1", c: "3" });
  const it = h.entries();
  assertEquals(it.next().value, ["a", "1"]);
  h.append("b", "2");
  assertEquals(it.next().value, ["b", "2"]);
  assertEquals(it.next().value, ["c", "3"]);
  assertEquals(it.next().done, true);
  assertEquals(Object.prototype.toString.call(h.keys()), "[object Headers Iterator]");
  assertEquals(Array.from(h.keys()), ["a", "b", "c"]);
  assert(Object.getPrototypeOf(Object.getPrototypeOf(h.keys())) === Object.getPrototypeOf(Object.getPrototypeOf([].values())), "inherits %IteratorPrototype%");
});

test("immutable headers of a redirect response", () => {
  const r = Response.redirect("http://example.com/", 301);
  assertThrows(() => r.headers.set("x", "1"), TypeError, "immutable");
  assertThrows(() => r.headers.delete("location"), TypeError, "immutable");
  assertEquals(r.headers.get("location"), "http://example.com/");
});

// Required arguments are counted (natives.argCount), not read from `arguments`: a missing
// argument throws, an explicit undefined is converted, however the method is called.
test("a missing argument is told from an undefined one", () => {
  const h = new Headers();
  assertThrows(() => h.get(), TypeError, "1 argument required, but only 0 present");
  assertEquals(h.get(undefined), null);
  assertThrows(() => h.append("a"), TypeError, "2 arguments required, but only 1 present");
  h.append("a", undefined);
  assertEquals(h.get("a"), "undefined");
  assertThrows(() => Reflect.apply(h.set, h, ["a"]), TypeError, "2 arguments required");
  assertEquals(Reflect.apply(h.has, h, ["a", "extra"]), true);
  const params = new URLSearchParams();
  assertThrows(() => params.append("x"), TypeError, "2 arguments required, but only 1 present");
  params.append("x", undefined);
  assertEquals(params.get("x"), "undefined");
  assertThrows(() => new URL(), TypeError, "1 argument required");
  assertThrows(() => new URL(undefined), TypeError, "Invalid URL");
  class Sub extends URL {
    constructor(...args) {
      super(...args);
    }
  }
  assertThrows(() => new Sub(), TypeError, "1 argument required");
  assertEquals(new Sub("http://a/").href, "http://a/");
  assertThrows(() => structuredClone(), TypeError, "1 argument required");
  assertEquals(structuredClone(undefined), undefined);
  assertThrows(() => atob(), TypeError, "1 argument required");
  assertEquals(btoa(undefined), btoa("undefined"));
  assertThrows(() => new Request(), TypeError, "1 argument required");
  assertThrows(() => new Event(), TypeError, "1 argument required");
  assertEquals(new Event(undefined).type, "undefined");
});
// A plain record of plain values takes a native path (c/headers.c); a Proxy with no traps
// behaves as its target but always takes the JS path, so both must give the same list or error.
test("headers from a record: the native path agrees with the JS one", () => {
  const outcome = (init) => {
    try {
      const h = new Headers(init);
      return [...h].concat([["(count)", String([...h.keys()].length)]], h.getSetCookie().map((c) => ["set-cookie", c]));
    } catch (e) {
      return [e.name, e.message];
    }
  };
  const random = seededRandom(99);
  const names = ["content-type", "Content-Type", "X-A", "x-a", "set-cookie", "Set-Cookie", "1", "0", "bad name", "", "é",
    "a:b", "X".repeat(70), "x".repeat(70), "tok!#$%&'*+-.^_`|~"];
  const values = ["text/plain", "", " padded ", "\ttab", "a\tb", "x\ny", "nul\0", "caf\u00e9", "\u20ac", 42, 1.5, -0,
    NaN, true, null, undefined, "a, b", "\x7f", "  "];
  for (let i = 0; i < 2000; i++) {
    const record = {};
    for (let n = random(4); n > 0; n--) record[names[random(names.length)]] = values[random(values.length)];
    assertEquals(outcome(record), outcome(new Proxy(record, {})), JSON.stringify(record));
  }
  // Getters run in order, once each, and can see the headers being built from the JS path.
  const seen = [];
  const withGetter = { a: "1", get b() { seen.push("b"); return "2"; }, c: "3" };
  assertEquals([...new Headers(withGetter)], [["a", "1"], ["b", "2"], ["c", "3"]]);
  assertEquals(seen, ["b"]);
  // Symbols and non-enumerable properties are skipped; integer keys come first.
  const record = { z: "1", 2: "two" };
  Object.defineProperty(record, "hidden", { value: "x", enumerable: false });
  record[Symbol("s")] = "s";
  assertEquals([...new Headers(record)], [["2", "two"], ["z", "1"]]);
  assertEquals(new Headers({ A: "1", a: "2" }).get("a"), "1, 2");
  assertEquals(new Headers(Object.create(null, { n: { value: "v", enumerable: true } })).get("n"), "v");
});
export { run } from "./testing.js";
