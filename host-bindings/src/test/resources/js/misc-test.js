import { eq, throws } from "./assert.js";
import { DurableObject, WorkerEntrypoint } from "cloudflare:workers";

export function testCryptoRandom() {
  const a = crypto.getRandomValues(new Uint8Array(32));
  const b = crypto.getRandomValues(new Uint8Array(32));
  eq(a.length, 32);
  eq(a.some((x, i) => x !== b[i]), true, "two draws differ");
  throws(() => crypto.getRandomValues(new Uint8Array(65537)), "QuotaExceededError");
  const id = crypto.randomUUID();
  eq(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id), true, "uuid v4 " + id);
}

export function testStructuredClone() {
  const cyclic = { name: "ü", when: new Date(0), tags: new Set([1, 2]), map: new Map([["k", 1n]]), bytes: new Uint8Array([1, 2, 3]) };
  cyclic.self = cyclic;
  const c = structuredClone(cyclic);
  eq(c === cyclic, false); eq(c.self, c); eq(c.name, "ü");
  eq(c.when.getTime(), 0); eq(c.tags.has(2), true); eq(c.map.get("k"), 1n);
  eq(c.bytes[2], 3); eq(c.bytes.buffer === cyclic.bytes.buffer, false);
  throws(() => structuredClone(() => 1), "DataCloneError");
  throws(() => structuredClone({ s: Symbol("x") }), "DataCloneError");
}

export async function testAbortController() {
  const ctl = new AbortController();
  let seen = null;
  ctl.signal.addEventListener("abort", () => { seen = ctl.signal.reason; });
  eq(ctl.signal.aborted, false);
  ctl.abort(new Error("stop"));
  eq(ctl.signal.aborted, true); eq(seen.message, "stop");
  throws(() => ctl.signal.throwIfAborted(), "Error");
  eq(AbortSignal.abort().reason.name, "AbortError");
  const t = AbortSignal.timeout(5);
  await new Promise((r) => setTimeout(r, 20));
  eq(t.aborted, true); eq(t.reason.name, "TimeoutError");
}

export async function testTimersAndMicrotasks() {
  const order = [];
  const id = setTimeout(() => order.push("cancelled"), 1);
  clearTimeout(id);
  queueMicrotask(() => order.push("micro"));
  await new Promise((r) => setTimeout(() => { order.push("timer"); r(); }, 2));
  let ticks = 0;
  await new Promise((r) => { const iv = setInterval(() => { if (++ticks === 3) { clearInterval(iv); r(); } }, 1); });
  eq(order.join(), "micro,timer"); eq(ticks, 3);
}

export function testCloudflareWorkersModule() {
  eq(typeof DurableObject, "function"); eq(typeof WorkerEntrypoint, "function");
  class Counter extends DurableObject { hello() { return this.ctx.id; } }
  const c = new Counter({ id: "abc" }, { VAR: 1 });
  eq(c.hello(), "abc"); eq(c.env.VAR, 1);
}

export function testConsoleFormatsValues() {
  console.log("obj", { a: 1, b: [1, "two"] }, "%s!", "done");
}

export function testHostInternalsAreNotReachable() {
  eq(typeof globalThis.natives, "undefined");
  eq(typeof globalThis.hooks, "undefined");
  eq(Object.keys(globalThis).includes("URL"), false, "web APIs are non-enumerable like in browsers");
}
