// The per-request fast paths of the prelude (header name and value caches, the wire decoder's
// header lists, the body's Content-Type, lazily made objects) must not change what a worker
// can observe. Each test here pins down what the slow path did.
harness.load("tests/lib/host.js");

// The wire bytes of a Request (tag 0x12) with the header lines exactly as given: the host's
// encoder lower-cases names, but the guest must not depend on that.
function requestBytes(method, url, headers) {
  const out = [0x12];
  const varuint = (n) => {
    while (n >= 0x80) {
      out.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    out.push(n);
  };
  const string = (s) => {
    const bytes = new TextEncoder().encode(s);
    out.push(0x07);
    varuint(bytes.length);
    out.push(...bytes);
  };
  string(method);
  string(url);
  varuint(headers.length);
  for (const [name, value] of headers) {
    string(name);
    string(value);
  }
  out.push(0x01); // no body
  return new Uint8Array(out).buffer;
}

const wireHeaders = [
  ["Accept", "text/html"], ["x-b", "b"], ["X-A", "2"], ["Bad Name", "v"], ["x-a", "3"],
  ["Set-Cookie", "c1"], ["set-cookie", "c2"],
];

test("a decoded request's headers: lower-case names, wire order, sorted iteration", () => {
  for (let round = 0; round < 3; round++) { // the first round fills the name cache, later ones hit it
    const request = wire.decode(requestBytes("GET", "https://example.com/a?b=c", wireHeaders));
    assertEquals([...request.headers], [
      ["accept", "text/html"], ["bad name", "v"], ["set-cookie", "c1"], ["set-cookie", "c2"],
      ["x-a", "2, 3"], ["x-b", "b"],
    ]);
    assertEquals(request.headers.get("ACCEPT"), "text/html");
    assertEquals(request.headers.getSetCookie(), ["c1", "c2"]);
    // The list itself keeps the wire's order: encoding it again gives the lower-cased lines.
    const lower = wireHeaders.map(([name, value]) => [name.toLowerCase(), value]);
    assertEquals(new Uint8Array(wire.encode(request)), new Uint8Array(requestBytes("GET", "https://example.com/a?b=c", lower)));
  }
});

test("a decoded request's headers are immutable", () => {
  const request = wire.decode(requestBytes("POST", "https://example.com/", [["Content-Type", "text/plain"]]));
  for (const change of [() => request.headers.set("x", "1"), () => request.headers.append("x", "1"), () => request.headers.delete("content-type")]) {
    let error = null;
    try {
      change();
    } catch (e) {
      error = e;
    }
    assertEquals([error && error.name, error && error.message], ["TypeError", "Can't modify immutable headers."]);
  }
  assertEquals(request.headers.get("content-type"), "text/plain");
  // A copy is mutable again.
  const copy = new Headers(request.headers);
  copy.set("x", "1");
  assertEquals([...copy], [["content-type", "text/plain"], ["x", "1"]]);
});

// A decoded request makes its Headers only when something needs them: every way to reach them
// must see the same, immutable Headers, made from the wire's lists.
test("a decoded request's headers, reached without .headers first", async () => {
  const url = "https://example.com/p";
  const lines = [["Content-Type", "Text/Plain"], ["X-A", "1"], ["x-a", "2"]];
  const decodeOne = () => wire.decode(requestBytes("POST", url, lines));
  const expected = [["content-type", "Text/Plain"], ["x-a", "1, 2"]];

  const first = decodeOne();
  const headers = first.headers;
  assert(first.headers === headers, "the same Headers on every read");
  assertEquals([...headers], expected);
  assertThrows(() => headers.set("x-b", "1"), TypeError, "Can't modify immutable headers.");

  // Encoded (as fetch(request) forwards it) without reading them: the lower-cased list.
  const lower = lines.map(([name, value]) => [name.toLowerCase(), value]);
  assertEquals(new Uint8Array(wire.encode(decodeOne())), new Uint8Array(requestBytes("POST", url, lower)));

  // clone(): a mutable copy; the original's Headers still immutable and distinct.
  const original = decodeOne();
  const clone = original.clone();
  assertEquals([...clone.headers], expected);
  clone.headers.set("x-b", "3");
  assert(clone.headers !== original.headers, "a clone has its own Headers");
  assertEquals([...original.headers], expected);
  assertThrows(() => original.headers.append("x-b", "1"), TypeError, "Can't modify immutable headers.");

  // new Request(decoded): copies them, mutable; a body's Content-Type is not added over theirs.
  const copy = new Request(decodeOne(), { body: "x" });
  assertEquals([...copy.headers], expected);
  copy.headers.append("x-c", "4");
  assertEquals(copy.headers.get("x-c"), "4");
  const plain = new Request(wire.decode(requestBytes("POST", url, [["X-A", "1"]])), { body: "x" });
  assertEquals([...plain.headers], [["content-type", "text/plain;charset=UTF-8"], ["x-a", "1"]]);

  // blob() takes its type from them.
  const typed = wire.decode(requestBytes("GET", url, lines));
  assertEquals((await typed.blob()).type, "text/plain");
  assert(typed.headers === typed.headers, "still one Headers after blob()");

  // Array.isArray replaced by a worker changes nothing.
  const isArray = Array.isArray;
  Array.isArray = () => true;
  try {
    const r = decodeOne();
    assertEquals([...r.headers], expected);
    assert(r.headers === r.headers, "one Headers");
  } finally {
    Array.isArray = isArray;
  }
});

test("a name the wire carried is not thereby valid for workers", () => {
  wire.decode(requestBytes("GET", "https://example.com/", [["Bad Name", "v"]]));
  assertThrows(() => new Headers({ "Bad Name": "v" }), TypeError);
  assertThrows(() => new Headers().get("bad name"), TypeError);
});

function invalidNameMessage(name) {
  try {
    new Headers().append(name, "v");
  } catch (e) {
    return e.message;
  }
  return null;
}

test("header names: the same answer from the cache as from validation", () => {
  for (let round = 0; round < 2; round++) {
    const h = new Headers({ "Content-Type": "text/plain", "X-Mixed-Case": "1" });
    assertEquals([...h.keys()], ["content-type", "x-mixed-case"]);
    h.append({ toString: () => "X-From-Object" }, "2");
    assertEquals(h.get("x-from-object"), "2");
    assertEquals(invalidNameMessage("bad name"), 'Invalid header name: "bad name"');
    assertEquals(invalidNameMessage(""), 'Invalid header name: ""');
    assertEquals(invalidNameMessage("é"), 'Invalid header name: "é"');
  }
  // More names than the cache holds, and names longer than it stores: all still right.
  const h = new Headers();
  for (let i = 0; i < 1000; i++) h.append("X-Name-" + i, "v");
  const long = "X-" + "Long".repeat(40);
  h.append(long, "long");
  h.append(long, "again");
  assertEquals(h.get(long.toLowerCase()), "long, again");
  assertEquals(h.get("x-name-999"), "v");
  assertEquals([...h.keys()].length, 1001);
  assertEquals(new Headers({ "Content-Type": "a" }).get("CONTENT-TYPE"), "a");
});

test("header values: a remembered plain value does not skip normalizing others", () => {
  const h = new Headers();
  h.set("x", "text/plain");
  h.set("x", " text/plain\t");
  assertEquals(h.get("x"), "text/plain");
  h.set("x", "text/plain");
  assertEquals(h.get("x"), "text/plain");
  assertThrows(() => h.set("x", "text/\nplain"), TypeError, "Invalid header value");
  h.set("x", "text/plain\n");
  assertEquals(h.get("x"), "text/plain");
  h.set("x", 42);
  assertEquals(h.get("x"), "42");
  for (let i = 0; i < 1000; i++) h.set("x", "value " + i); // past the cache's size
  assertEquals(h.get("x"), "value 999");
  h.set("x", "  value 999 ");
  assertEquals(h.get("x"), "value 999");
});

test("a record init is read as WebIDL says: own keys, then each key's descriptor and value", () => {
  const log = [];
  const target = { b: "2", a: "1", [Symbol("s")]: "s" };
  Object.defineProperty(target, "hidden", { value: "h", enumerable: false });
  const init = new Proxy(target, {
    ownKeys(t) {
      log.push("ownKeys");
      return Reflect.ownKeys(t);
    },
    getOwnPropertyDescriptor(t, key) {
      log.push("describe " + String(key));
      return Reflect.getOwnPropertyDescriptor(t, key);
    },
    get(t, key) {
      log.push("get " + String(key));
      return Reflect.get(t, key);
    },
  });
  const h = new Headers(init);
  assertEquals([...h], [["a", "1"], ["b", "2"]]);
  assertEquals(log, ["get Symbol(Symbol.iterator)", "ownKeys", "describe b", "get b", "describe a", "get a", "describe hidden"]);
  log.length = 0;
  const params = new URLSearchParams(init);
  assertEquals(params.toString(), "b=2&a=1");
  assertEquals(log, ["get Symbol(Symbol.iterator)", "ownKeys", "describe b", "get b", "describe a", "get a", "describe hidden"]);
});

test("a body's Content-Type is added only when the init headers have none", async () => {
  assertEquals(new Response("x").headers.get("content-type"), "text/plain;charset=UTF-8");
  assertEquals([...new Response("x", { headers: { "Content-Type": "text/html" } }).headers], [["content-type", "text/html"]]);
  assertEquals(new Response(new URLSearchParams("a=1")).headers.get("content-type"), "application/x-www-form-urlencoded;charset=UTF-8");
  assertEquals(new Response(new Blob(["b"], { type: "Text/Plain" })).headers.get("content-type"), "text/plain");
  assertEquals(new Response(new Uint8Array([1])).headers.get("content-type"), null);
  const request = new Request("https://example.com/", { method: "POST", body: "x", headers: [["X-A", "1"]] });
  assertEquals([...request.headers], [["content-type", "text/plain;charset=UTF-8"], ["x-a", "1"]]);
  assertEquals(new Request("https://example.com/", { method: "POST", body: "x", headers: { "content-type": "a/b" } }).headers.get("content-type"), "a/b");
  // The header list is changed directly, as the standard says: Headers methods a worker
  // replaced are not called.
  const { has, append } = Headers.prototype;
  Headers.prototype.has = () => {
    throw new Error("has() called");
  };
  Headers.prototype.append = () => {
    throw new Error("append() called");
  };
  try {
    assertEquals(new Response("x").headers.get("content-type"), "text/plain;charset=UTF-8");
  } finally {
    Headers.prototype.has = has;
    Headers.prototype.append = append;
  }
  assertEquals(await new Response("hé").text(), "hé");
});

test("a body's Content-Type is its own, even when extracting it extracts another body", () => {
  const nested = { toString: () => (new Response(new ReadableStream()), "x") };
  assertEquals(new Response(nested).headers.get("content-type"), "text/plain;charset=UTF-8");
  const locked = Object.getOwnPropertyDescriptor(ReadableStream.prototype, "locked");
  Object.defineProperty(ReadableStream.prototype, "locked", {
    get() {
      new Request("https://example.com/", { method: "POST", body: "s" });
      return locked.get.call(this);
    },
    configurable: true,
  });
  try {
    assertEquals(new Response(new ReadableStream()).headers.get("content-type"), null);
    assertEquals(new Request("https://example.com/", { method: "POST", body: new ReadableStream() }).headers.get("content-type"), null);
  } finally {
    Object.defineProperty(ReadableStream.prototype, "locked", locked);
  }
  assertEquals(new Response(new Uint8Array(1)).headers.get("content-type"), null);
  assertEquals(new Response(null).headers.get("content-type"), null);
});

test("Response statusText is still checked", () => {
  assertEquals(new Response(null, { statusText: "" }).statusText, "");
  assertEquals(new Response(null, { statusText: "Fine\tthanks" }).statusText, "Fine\tthanks");
  assertThrows(() => new Response(null, { statusText: "a\nb" }), TypeError, "Invalid statusText");
  assertThrows(() => new Response(null, { statusText: "€" }), TypeError, "Invalid statusText");
});

// statusText, type, url and redirected share one record, made only when one is not the default.
test("a Response's rarely set fields: defaults, set, cloned, sent", () => {
  const fields = (r) => [r.status, r.statusText, r.type, r.url, r.redirected];
  const plain = new Response("x");
  assertEquals(fields(plain), [200, "", "default", "", false]);
  assertEquals(fields(plain.clone()), [200, "", "default", "", false]);
  const named = new Response("x", { status: 418, statusText: "Teapot" });
  assertEquals(fields(named.clone()), [418, "Teapot", "default", "", false]);
  assertEquals(fields(new Response("x", { statusText: "" })), [200, "", "default", "", false]);
  const error = Response.error();
  assertEquals(fields(error), [0, "", "error", "", false]);
  const errorCopy = error.clone();
  assertEquals(fields(errorCopy), [0, "", "error", "", false]);
  assertEquals(fields(error), [0, "", "error", "", false]);
  assertEquals(fields(Response.redirect("https://example.com/", 301)), [301, "", "default", "", false]);
  const back = wire.decode(wire.encode(named));
  assertEquals(fields(back), [418, "Teapot", "default", "", false]);
  assertEquals(fields(wire.decode(wire.encode(plain))), [200, "", "default", "", false]);
  for (const name of ["statusText", "type", "url", "redirected"]) {
    assertThrows(() => Object.getOwnPropertyDescriptor(Response.prototype, name).get.call({}), TypeError);
  }
});

// redirect, signal and cf share one record, made only when one is not the default.
test("a Request's rarely set fields: defaults, set, cloned, copied", () => {
  const url = "https://example.com/";
  const plain = new Request(url);
  assertEquals([plain.redirect, plain.cf], ["follow", undefined]);
  const signal = plain.signal;
  assert(signal instanceof AbortSignal && !signal.aborted, "a signal that never aborts");
  assert(plain.signal === signal, "the same signal on every read");
  assert(plain.clone().signal === signal, "a clone after the read shares it");
  const unread = new Request(url);
  assert(unread.clone().signal !== unread.signal, "a clone before the read makes its own");
  const decoded = wire.decode(requestBytes("GET", url, []));
  assertEquals([decoded.redirect, decoded.cf], ["follow", undefined]);
  assert(decoded.signal === decoded.signal, "a decoded request's signal, made once");

  const controller = new AbortController();
  const cf = { colo: "x" };
  const set = new Request(url, { redirect: "manual", signal: controller.signal, cf });
  for (const r of [set, set.clone(), new Request(set), new Request(set, { method: "POST" })]) {
    assertEquals(r.redirect, "manual");
    assert(r.signal === controller.signal, "the given signal");
    assert(r.cf === cf, "the given cf");
  }
  const overridden = new Request(set, { redirect: "follow", cf: null });
  assertEquals([overridden.redirect, overridden.cf], ["follow", null]);
  assert(overridden.signal === controller.signal, "the source's signal");
  assertEquals(new Request(url, { redirect: "follow" }).redirect, "follow");
  assertThrows(() => new Request(url, { redirect: "bogus" }), TypeError, "Invalid redirect value");
  assertThrows(() => new Request(url, { signal: {} }), TypeError, "must be an AbortSignal");
  for (const name of ["redirect", "signal", "cf"]) {
    assertThrows(() => Object.getOwnPropertyDescriptor(Request.prototype, name).get.call({}), TypeError);
  }
});

test("a URL's searchParams: the list parsed from its query, linked both ways", () => {
  const url = new URL("https://example.com/p?name=a+b&x=%C3%A9&flag&=v&name=2#f");
  assertEquals([...url.searchParams], [["name", "a b"], ["x", "é"], ["flag", ""], ["", "v"], ["name", "2"]]);
  assertEquals(url.searchParams.get("name"), "a b");
  assert(url.searchParams === url.searchParams, "one object per URL");
  url.searchParams.append("y", "z w");
  assertEquals(url.href, "https://example.com/p?name=a+b&x=%C3%A9&flag=&=v&name=2&y=z+w#f");
  url.search = "?q=1";
  assertEquals([...url.searchParams], [["q", "1"]]);
  assertEquals([...new URL("https://example.com/").searchParams], []);
  // A query that itself starts with "?" keeps it, as the URL Standard says (the public
  // constructor strips one; a URL's own query is not given to it).
  assertEquals([...new URL("https://example.com/??a=1").searchParams], [["?a", "1"]]);
  const again = new URL("https://example.com/");
  assertEquals([...again.searchParams], []);
  again.search = "??b=2";
  assertEquals([...again.searchParams], [["?b", "2"]]);
  assertEquals(again.search, "??b=2");
  // The public constructor still converts and strips.
  assertEquals([...new URLSearchParams("?a=\ud800")], [["a", "\ufffd"]]);
});

test("decoded objects: ordinary data properties on Object.prototype, however they were filled", () => {
  const self = { name: "outer", nested: { deep: { x: 1 } }, empty: {} };
  self.loop = self;
  self.nested.up = self;
  const copy = wire.decode(wire.encode(self));
  for (const o of [copy, copy.nested, copy.nested.deep, copy.empty]) {
    assertEquals(Object.getPrototypeOf(o), Object.prototype);
    assert(Object.isExtensible(o), "extensible");
  }
  assert(copy.loop === copy && copy.nested.up === copy, "references to an object still being read");
  assertEquals(Object.keys(copy), ["name", "nested", "empty", "loop"]);
  assertEquals(Object.getOwnPropertyDescriptor(copy, "name"), { value: "outer", writable: true, enumerable: true, configurable: true });
  // A key repeated on the wire keeps its first position and takes the last value, as
  // defineProperty did: {a: 1, b: 2, a: 3}.
  const bytes = new Uint8Array([0x08, 3, 0x07, 1, 0x61, 0x04, 1, 0, 0, 0, 0x07, 1, 0x62, 0x04, 2, 0, 0, 0, 0x07, 1, 0x61, 0x04, 3, 0, 0, 0]);
  const repeated = wire.decode(bytes.buffer);
  assertEquals(Object.entries(repeated), [["a", 3], ["b", 2]]);
});

// The decoder reuses its frame objects from one top-level decode to the next.
test("decodes one after another, after a failed one too, give independent values", () => {
  const value = (tag) => ({ tag, list: [1, [2, { deep: tag }], new Map([[tag, new Set([tag])]])], o: { a: { b: {} } } });
  const first = wire.decode(wire.encode(value("first")));
  const bytes = new Uint8Array(wire.encode(value("truncated")));
  assertThrows(() => wire.decode(bytes.slice(0, bytes.length - 3).buffer), TypeError, "Malformed wire value");
  const second = wire.decode(wire.encode(value("second")));
  for (const [decoded, tag] of [[first, "first"], [second, "second"]]) {
    assertEquals(decoded.tag, tag);
    assertEquals(decoded.list[1][1].deep, tag);
    assertEquals([...decoded.list[2].get(tag)], [tag]);
    assertEquals(JSON.stringify(decoded.o), '{"a":{"b":{}}}');
    assertEquals(Object.getPrototypeOf(decoded.o.a), Object.prototype);
  }
});

finish("tests/host/request-fastpaths.test.js");
