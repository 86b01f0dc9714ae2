// Scenarios for ctx.storage.kv (synchronous KV), called by SyncKvStorageTest.
import { DurableObject } from "cloudflare:workers";

// Values structured clone supports, including shared and cyclic parts.
// Values structured clone supports, including shared and cyclic parts. Each entry is stored
// under its own key, so entries share nothing with each other (sharing survives within a value).
function cloneSamples() {
  const cyclic = { name: "loop" };
  cyclic.self = cyclic;
  const shared = [1, 2];
  const bytes = () => {
    const buffer = new ArrayBuffer(16);
    new Uint8Array(buffer).set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    return buffer;
  };
  const viewed = bytes();
  const twice = bytes();
  const map = new Map([["a", 1], [2, { b: true }], [{ k: 1 }, [null, undefined]]]);
  map.set("me", map);
  return {
    primitives: [0, -0, 1.5, NaN, Infinity, -Infinity, 2 ** 31, "", "ünïcödé \u{1F600}", true, false, null, undefined],
    cyclic,
    sharing: { a: shared, b: shared },
    date: new Date(Date.UTC(2024, 1, 29, 12, 30, 15, 123)),
    invalidDate: new Date(NaN),
    map,
    set: new Set([1, "one", { two: 2 }]),
    bigints: [0n, -1n, 2n ** 64n + 1n, -(2n ** 100n)],
    buffer: bytes(),
    views: [new Uint8Array(viewed, 4, 8), new Int16Array([-1, 2, -3]), new Float64Array([Math.PI, -0]),
      new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]), new DataView(viewed, 2, 5), new Uint8ClampedArray([255, 0])],
    sameBufferTwice: [new Uint8Array(twice, 0, 2), new Uint16Array(twice, 2, 2)],
    regexp: /a+b/gi,
    error: new RangeError("stored error"),
    sparse: [1, , 3],
    nested: { deep: { deeper: { deepest: [[[["bottom"]]]] } } },
    boxed: [new String("s"), new Number(7), new Boolean(false)],
  };
}

export class Kv extends DurableObject {
  put(key, value) {
    this.ctx.storage.kv.put(key, value);
  }
  get(key) {
    return this.ctx.storage.kv.get(key);
  }
  delete(key) {
    return this.ctx.storage.kv.delete(key);
  }
  // [key, value] pairs of list(options), as an array.
  list(options) {
    return [...this.ctx.storage.kv.list(options)];
  }
  listKeys(options) {
    return Array.from(this.ctx.storage.kv.list(options), ([k]) => k);
  }
  // What list() returns: an iterator, not an array.
  listShape() {
    const it = this.ctx.storage.kv.list();
    return [Array.isArray(it), typeof it.next, it[Symbol.iterator]() === it];
  }
  sameStorageObject() {
    return this.ctx.storage === this.ctx.storage && this.ctx.storage.kv === this.ctx.storage.kv;
  }
  // Stores every sample, then returns [samples, read back].
  storeSamples() {
    const samples = cloneSamples();
    for (const [k, v] of Object.entries(samples)) this.ctx.storage.kv.put("sample:" + k, v);
    return samples;
  }
  readSamples() {
    const out = {};
    for (const k of Object.keys(cloneSamples())) out[k] = this.ctx.storage.kv.get("sample:" + k);
    return out;
  }
  // Identity and types that survive the round trip, checked in JS.
  sampleChecks() {
    const kv = this.ctx.storage.kv;
    const cyclic = kv.get("sample:cyclic");
    const sharing = kv.get("sample:sharing");
    const map = kv.get("sample:map");
    const views = kv.get("sample:views");
    const same = kv.get("sample:sameBufferTwice");
    return {
      cyclic: cyclic.self === cyclic,
      sharing: sharing.a === sharing.b,
      mapSelf: map instanceof Map && map.get("me") === map,
      date: kv.get("sample:date") instanceof Date && kv.get("sample:date").getTime() === Date.UTC(2024, 1, 29, 12, 30, 15, 123),
      negativeZero: Object.is(kv.get("sample:primitives")[1], -0),
      bigint: kv.get("sample:bigints")[2] === 2n ** 64n + 1n,
      views: views[0] instanceof Uint8Array && views[0].byteOffset === 4 && views[0].length === 8
        && views[0].buffer === views[4].buffer
        && views[3] instanceof BigInt64Array && views[3][0] === -(2n ** 63n) && views[4] instanceof DataView,
      sharedBuffer: same[0].buffer === same[1].buffer,
      error: kv.get("sample:error") instanceof RangeError && kv.get("sample:error").message === "stored error",
      freshCopies: kv.get("sample:cyclic") !== cyclic,
    };
  }
  putUncloneable() {
    try {
      this.ctx.storage.kv.put("fn", { f() {} });
      return "stored";
    } catch (e) {
      return e.name + ": " + (this.ctx.storage.kv.get("fn") === undefined ? "nothing stored" : "stored anyway");
    }
  }
  // Values that cross the wire but cannot be stored: each is refused, and nothing is stored.
  putUnstorable() {
    const out = [];
    const values = [new Request("https://example.com/"), { nested: [new Response("body")] }, this.ctx.storage];
    for (const [i, value] of values.entries()) {
      try {
        this.ctx.storage.kv.put("unstorable" + i, value);
        out.push("stored");
      } catch (e) {
        out.push(e.name + ": " + e.message);
      }
    }
    out.push([...this.ctx.storage.kv.list({ prefix: "unstorable" })].length);
    return out;
  }
  putBig(key, length) {
    this.ctx.storage.kv.put(key, "x".repeat(length));
  }
  bigLength(key) {
    const v = this.ctx.storage.kv.get(key);
    return [v.length, v === "x".repeat(length(v))];
  }
  errorOf(what, ...args) {
    try {
      if (what === "list") this.ctx.storage.kv.list(...args);
      else if (what === "put") this.ctx.storage.kv.put(...args);
      else if (what === "get") this.ctx.storage.kv.get(...args);
      return "no error";
    } catch (e) {
      return e.name + ": " + e.message;
    }
  }
}

function length(v) {
  return v.length;
}
