// Request, Response, their bodies, Blob and streams.
import { test, assertEquals, assertThrows, assertRejects, assert } from "./testing.js";

test("Response basics", async () => {
  const r = new Response("héllo", { status: 201, statusText: "Created", headers: { "X-A": "1" } });
  assertEquals([r.status, r.statusText, r.ok, r.type, r.url, r.redirected, r.bodyUsed], [201, "Created", true, "default", "", false, false]);
  assertEquals(r.headers.get("content-type"), "text/plain;charset=UTF-8");
  assertEquals(await r.text(), "héllo");
  assertEquals(r.bodyUsed, true);
  await assertRejects(() => r.text(), TypeError, "already been used");
  const empty = new Response();
  assertEquals([empty.status, empty.body, await empty.text()], [200, null, ""]);
  assertEquals(new Response(null, { status: 404 }).ok, false);
});

test("Response validation", () => {
  assertThrows(() => new Response("x", { status: 199 }), RangeError);
  assertThrows(() => new Response("x", { status: 600 }), RangeError);
  assertThrows(() => new Response("x", { status: 204 }), TypeError, "null body status");
  assertThrows(() => new Response(null, { statusText: "bad\n" }), TypeError);
  new Response(null, { status: 204 });
  new Response(null, { status: 599, statusText: "Whatever It Is" });
});

test("Response.json, redirect and error", async () => {
  const j = Response.json({ a: [1, "é"] }, { status: 202, headers: { "x-y": "z" } });
  assertEquals([j.status, j.headers.get("content-type"), j.headers.get("x-y")], [202, "application/json", "z"]);
  assertEquals(await j.json(), { a: [1, "é"] });
  assertEquals(Response.json(1, { headers: { "content-type": "application/vnd.x+json" } }).headers.get("content-type"), "application/vnd.x+json");
  assertThrows(() => Response.json(undefined), TypeError);
  assertThrows(() => Response.json(1n), TypeError);
  const r = Response.redirect("https://example.com/a b", 307);
  assertEquals([r.status, r.headers.get("location"), r.body], [307, "https://example.com/a%20b", null]);
  assertEquals(Response.redirect("http://x/").status, 302);
  assertThrows(() => Response.redirect("http://x/", 200), RangeError);
  assertThrows(() => Response.redirect("/relative"), TypeError);
  const e = Response.error();
  assertEquals([e.type, e.status, e.ok], ["error", 0, false]);
});

test("body types", async () => {
  assertEquals(await new Response(new Uint8Array([104, 105])).text(), "hi");
  assertEquals(await new Response(new Uint16Array([0x6968]).buffer).text(), "hi");
  assertEquals(await new Response(new DataView(new Uint8Array([0, 104, 105]).buffer, 1)).text(), "hi");
  const form = new Response(new URLSearchParams({ q: "a b", x: "é" }));
  assertEquals(form.headers.get("content-type"), "application/x-www-form-urlencoded;charset=UTF-8");
  assertEquals(await form.text(), "q=a+b&x=%C3%A9");
  assertEquals(await new Response(42).text(), "42");
  const bytes = await new Response("abc").bytes();
  assert(bytes instanceof Uint8Array && bytes.length === 3, "bytes()");
  const buffer = await new Response("abc").arrayBuffer();
  assertEquals(new Uint8Array(buffer), new Uint8Array([97, 98, 99]));
  assertEquals(await new Response("\uFEFFbom").text(), "bom");
  assertEquals(await new Response(new Uint8Array([0xff])).text(), "\uFFFD");
  await assertRejects(() => new Response("{bad").json(), SyntaxError);
  await assertRejects(() => new Response("x").formData(), TypeError);
  const source = new Uint8Array([1, 2, 3]);
  const copied = new Response(source);
  source[0] = 9;
  assertEquals([...(await copied.bytes())], [1, 2, 3]);
});

test("Blob and File bodies", async () => {
  const blob = new Blob(["a", new Uint8Array([98]), new Blob(["c"])], { type: "Text/Plain" });
  assertEquals([blob.size, blob.type], [3, "text/plain"]);
  assertEquals(await blob.text(), "abc");
  assertEquals(await blob.slice(1, -1).text(), "b");
  assertEquals(await blob.slice(-2).text(), "bc");
  const r = new Response(blob);
  assertEquals(r.headers.get("content-type"), "text/plain");
  const back = await r.blob();
  assertEquals([back.type, await back.text()], ["text/plain", "abc"]);
  const file = new File(["x"], "name.txt", { lastModified: 5 });
  assertEquals([file.name, file.lastModified, file.size, file instanceof Blob], ["name.txt", 5, 1, true]);
  const chunks = [];
  for await (const chunk of blob.stream()) chunks.push(...chunk);
  assertEquals(chunks, [97, 98, 99]);
});

test("clone() shares nothing observable", async () => {
  const r = new Response("data", { headers: { a: "1" } });
  const c = r.clone();
  c.headers.set("a", "2");
  assertEquals(r.headers.get("a"), "1");
  assertEquals([await r.text(), await c.text()], ["data", "data"]);
  assertThrows(() => r.clone(), TypeError);
  const streamed = new Response(new ReadableStream({ start(c) { c.enqueue(new Uint8Array([1])); c.enqueue(new Uint8Array([2])); c.close(); } }));
  const twin = streamed.clone();
  assertEquals([...(await streamed.bytes())], [1, 2]);
  assertEquals([...(await twin.bytes())], [1, 2]);
});

test("body streams", async () => {
  const r = new Response("stream me");
  const body = r.body;
  assert(body instanceof ReadableStream, "body is a ReadableStream");
  assert(r.body === body, "same stream each time");
  assertEquals(r.bodyUsed, false);
  const reader = body.getReader();
  const first = await reader.read();
  assertEquals(new TextDecoder().decode(first.value), "stream me");
  assertEquals(r.bodyUsed, true);
  assertEquals((await reader.read()).done, true);
  await assertRejects(() => r.text(), TypeError);
});

test("a Response from a ReadableStream that produces data later", async () => {
  let controller;
  const stream = new ReadableStream({ start(c) { controller = c; } });
  const r = new Response(stream);
  setTimeout(() => {
    controller.enqueue(new TextEncoder().encode("late "));
    setTimeout(() => {
      controller.enqueue(new TextEncoder().encode("data"));
      controller.close();
    }, 2);
  }, 2);
  assertEquals(await r.text(), "late data");
  const bad = new Response(new ReadableStream({ start(c) { c.enqueue("a string"); c.close(); } }));
  await assertRejects(() => bad.text(), TypeError);
  const failing = new Response(new ReadableStream({ pull(c) { c.error(new RangeError("source failed")); } }));
  await assertRejects(() => failing.text(), RangeError);
});

test("TransformStream, pipeThrough, tee, pull sources, ReadableStream.from", async () => {
  const { readable, writable } = new TransformStream();
  const writer = writable.getWriter();
  writer.write(new TextEncoder().encode("a"));
  writer.write(new TextEncoder().encode("b"));
  writer.close();
  assertEquals(await new Response(readable).text(), "ab");

  const upper = new TransformStream({
    transform(chunk, c) {
      c.enqueue(chunk.toUpperCase());
    },
    flush(c) {
      c.enqueue("!");
    },
  });
  const out = [];
  for await (const s of ReadableStream.from(["x", "y"]).pipeThrough(upper)) out.push(s);
  assertEquals(out, ["X", "Y", "!"]);

  let n = 0;
  const counter = new ReadableStream({
    pull(c) {
      n++;
      if (n > 3) c.close();
      else c.enqueue(n);
    },
  });
  const [a, b] = counter.tee();
  const readAll = async (s) => {
    const values = [];
    for await (const v of s) values.push(v);
    return values;
  };
  assertEquals(await readAll(a), [1, 2, 3]);
  assertEquals(await readAll(b), [1, 2, 3]);

  const identity = new IdentityTransformStream();
  const w = identity.writable.getWriter();
  w.write(new Uint8Array([7]));
  w.close();
  assertEquals([...(await new Response(identity.readable).bytes())], [7]);

  const locked = new ReadableStream();
  locked.getReader();
  assertThrows(() => locked.getReader(), TypeError);
  assertThrows(() => new Response(locked), TypeError);
  assertThrows(() => new ReadableStream().getReader({ mode: "byob" }), TypeError);
});

test("Request basics", async () => {
  const r = new Request("https://example.com/a?b#c", { method: "post", headers: { "X-A": "1" }, body: "payload" });
  assertEquals([r.method, r.url, r.redirect, r.headers.get("x-a")], ["POST", "https://example.com/a?b#c", "follow", "1"]);
  assertEquals(r.headers.get("content-type"), "text/plain;charset=UTF-8");
  assertEquals(await r.clone().text(), "payload");
  assertEquals(await r.text(), "payload");
  assert(r.signal instanceof AbortSignal && !r.signal.aborted, "a signal");
  assertEquals(new Request("http://x/", { method: "patch" }).method, "patch");
  assertEquals(new Request("http://x/", { method: "Delete" }).method, "DELETE");
  assertEquals(new Request(new URL("http://x/y")).url, "http://x/y");
});

test("Request validation", () => {
  assertThrows(() => new Request("/relative"), TypeError);
  assertThrows(() => new Request("http://x/", { method: "GET", body: "x" }), TypeError, "GET or HEAD");
  assertThrows(() => new Request("http://x/", { method: "HEAD", body: "" }), TypeError);
  assertThrows(() => new Request("http://x/", { method: "CONNECT" }), TypeError);
  assertThrows(() => new Request("http://x/", { method: "bad method" }), TypeError);
  assertThrows(() => new Request("http://x/", { redirect: "nope" }), TypeError);
  assertThrows(() => new Request("http://x/", { signal: {} }), TypeError);
  new Request("http://x/", { method: "GET", body: null });
});

test("a Request built from another takes its body", async () => {
  const original = new Request("http://x/", { method: "PUT", body: "moved", headers: { a: "1" } });
  const copy = new Request(original, { headers: { b: "2" } });
  assertEquals([copy.method, copy.headers.get("a"), copy.headers.get("b")], ["PUT", null, "2"]);
  assertEquals(original.bodyUsed, true);
  assertEquals(await copy.text(), "moved");
  assertThrows(() => new Request(original), TypeError);
  const controller = new AbortController();
  const withSignal = new Request("http://x/", { signal: controller.signal });
  assert(new Request(withSignal).signal === controller.signal, "signal carried over");
  assertEquals(new Request(new Request("http://x/", { method: "POST" }), { method: "GET" }).method, "GET");
});

test("Request and Response cross structuredClone", async () => {
  const r = structuredClone(new Request("http://x/p", { method: "POST", body: "b", headers: { "X-K": "v" } }));
  assertEquals([r.method, r.url, r.headers.get("x-k"), await r.text()], ["POST", "http://x/p", "v", "b"]);
  const s = structuredClone(new Response("body", { status: 418, statusText: "Teapot" }));
  assertEquals([s.status, s.statusText, await s.text()], [418, "Teapot", "body"]);
  const pending = new Response(new ReadableStream({ start() {} }));
  assertThrows(() => structuredClone(pending), "DataCloneError");
});

export { run } from "./testing.js";
