import { eq, throws } from "./assert.js";

export function testHeadersAreCaseInsensitiveAndOrdered() {
  const h = new Headers({ "Content-Type": "text/plain", "X-B": "2" });
  h.append("x-a", "1"); h.append("X-A", "3");
  eq(h.get("content-type"), "text/plain");
  eq(h.get("x-a"), "1, 3");
  eq([...h.keys()].join(), "content-type,x-a,x-b");
  h.delete("X-B"); eq(h.has("x-b"), false);
  eq(new Headers([["set-cookie", "a=1"], ["set-cookie", "b=2"]]).getSetCookie().join("|"), "a=1|b=2");
  throws(() => new Headers({ "bad name": "x" }), "TypeError");
}

export async function testRequestAndResponseBodies() {
  const req = new Request("https://example.com/api", { method: "post", body: JSON.stringify({ a: "ü" }), headers: { "content-type": "application/json" } });
  eq(req.method, "POST"); eq(req.url, "https://example.com/api");
  const clone = req.clone();
  eq((await req.json()).a, "ü");
  eq(req.bodyUsed, true);
  eq(await clone.text(), '{"a":"ü"}');
  let failed = false;
  try { await req.text(); } catch (e) { failed = e instanceof TypeError; }
  eq(failed, true, "body can be read only once");

  const res = new Response(new Uint8Array([104, 105]), { status: 404, statusText: "Nope", headers: { "x": "y" } });
  eq(res.status, 404); eq(res.ok, false); eq(res.statusText, "Nope");
  eq(new TextDecoder().decode(await res.arrayBuffer()), "hi");
  const json = Response.json({ ok: true });
  eq(json.headers.get("content-type"), "application/json");
  eq(await json.text(), '{"ok":true}');
  eq(Response.redirect("https://a.test/", 301).headers.get("location"), "https://a.test/");
  throws(() => new Response("x", { status: 99 }), "RangeError");
  throws(() => new Request("https://x.test/", { method: "GET", body: "no" }), "TypeError");
  eq((await new Response(null).text()), "");
  eq((await new Request("https://x.test/", { method: "PUT", body: new URLSearchParams("a=1") }).text()), "a=1");
}

export async function testFetchWithoutHostServicesFailsClearly() {
  let message = "";
  try { await fetch("https://example.com/"); } catch (e) { message = e.message; }
  if (!message) throw new Error("fetch should fail when the host refuses");
}
