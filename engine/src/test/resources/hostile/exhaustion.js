// exhaustion.js: tenants that try to use up CPU, memory, stack, storage, threads and objects.
// Each case returns (or throws) what the tenant saw; see harness.js for the routes.
import { worker, tenantClass } from "./harness.js";
export { Counter } from "./harness.js";

const cpu = {
  cpuLoop() {
    for (;;) {}
  },
  async cpuInPromise() {
    await Promise.resolve();
    for (;;) {}
  },
  async microtaskStorm() {
    await new Promise(() => {
      const again = () => queueMicrotask(again);
      again();
    });
  },
  async timeoutChain() {
    await new Promise(() => {
      const again = () => setTimeout(again, 0);
      again();
    });
  },
  regexBomb() {
    return /^(a+)+$/.test("a".repeat(40) + "b");
  },
};

const memory = {
  stringBomb() {
    const kept = [];
    for (let i = 0; ; i++) kept.push("x".repeat(1 << 10).repeat(8 << 10) + i); // 8 MiB, copied by the KiB
  },
  arrayBomb() {
    const kept = [];
    for (;;) kept.push(new Array(1 << 20).fill(kept.length));
  },
  typedArrayBomb() {
    const kept = [];
    for (;;) kept.push(new Uint8Array(10 << 20));
  },
  hugeArrayBuffer() {
    return new ArrayBuffer(2 ** 31).byteLength;
  },
  deepRecursion() {
    const down = (n) => down(n + 1) + 1;
    return down(0);
  },
  deepJson() {
    return JSON.parse("[".repeat(1e6) + "]".repeat(1e6)).length;
  },
  // A body that cannot fit the isolate's memory.
  async bodyOverMemory() {
    return (await new Response("x".repeat(80 << 20)).text()).length;
  },
};

const http = {
  // Big but within the memory limit: served whole.
  hugeBody() {
    return new Response(new Uint8Array(16 << 20).fill(120));
  },
  hugeHeader() {
    return new Response("small", { headers: { "x-big": "v".repeat(1 << 20) } });
  },
  manyHeaders() {
    const headers = new Headers();
    for (let i = 0; i < 20000; i++) headers.append("x-h" + i, "v" + i);
    return new Response("small", { headers });
  },
  async nap() {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return new Response("woke");
  },
  // Waits (no CPU) on a timer far in the future: holds its request open, not a JS thread's worth of CPU.
  async sleeper() {
    await new Promise((resolve) => setTimeout(resolve, 15000));
    return new Response("woke");
  },
};

const objectCases = {
  ping() {
    return "pong";
  },
  ...cpu,
  ...memory,
  // 20,000 keys over twenty events (each well inside its CPU limit, even on a cold JIT).
  fillKeys(request) {
    const from = Number(new URL(request.url).searchParams.get("from"));
    for (let i = from; i < from + 1000; i += 125) {
      const batch = {};
      for (let j = i; j < i + 125; j++) batch["key" + String(j).padStart(7, "0")] = j;
      this.ctx.storage.put(batch);
    }
    return from + 1000;
  },
  // One page of 2,500 entries after the key "after" (the last page ends with the last key).
  async listPage(request) {
    const after = new URL(request.url).searchParams.get("after");
    const page = await this.ctx.storage.list({ startAfter: after, limit: 2500 });
    return page.size + " " + [...page.keys()].pop() + " " + page.get([...page.keys()].pop());
  },
  async deleteAll() {
    await this.ctx.storage.deleteAll();
    return (await this.ctx.storage.list()).size;
  },
  // One 256 KiB value per event, under key "v<n>": fills a small disk.
  putBig(request) {
    const n = new URL(request.url).searchParams.get("n");
    this.ctx.storage.kv.put("v" + n, new Uint8Array(256 << 10).fill(Number(n) % 251));
    return n;
  },
  // Which big values are stored whole: length, and bytes sampled every 4 KiB.
  checkBig() {
    const good = [];
    for (const [key, value] of this.ctx.storage.kv.list({ prefix: "v" })) {
      const n = Number(key.slice(1));
      let whole = value.length === 256 << 10 && value[value.length - 1] === n % 251;
      for (let i = 0; whole && i < value.length; i += 4096) whole = value[i] === n % 251;
      if (whole) good.push(n);
    }
    return good.sort((a, b) => a - b).join(",");
  },
  sqlForever() {
    return [...this.ctx.storage.sql.exec(
      "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c) SELECT count(*) FROM c")][0];
  },
  // Thousands of facets, each with its own database: only a few may stay open at a time.
  async manyFacets(request) {
    const params = new URL(request.url).searchParams;
    const from = Number(params.get("from"));
    const to = Number(params.get("to"));
    const worker = this.env.LOADER.get("facet-code", () => ({
      compatibilityDate: "2025-01-01",
      mainModule: "f.js",
      modules: {
        "f.js": `import { DurableObject } from "cloudflare:workers";
          export class F extends DurableObject { hit() { this.ctx.storage.kv.put("k", 1); return 1; } }`,
      },
    }));
    const cls = worker.getDurableObjectClass("F");
    let total = 0;
    for (let i = from; i < to; i++) {
      total += await this.ctx.facets.get("facet-" + i, () => ({ class: cls })).hit();
    }
    return total;
  },
  // A -> B -> A: the second call to A cannot run while A waits for B.
  async callPeer(request) {
    const params = new URL(request.url).searchParams;
    return await this.env.TENANT.getByName(params.get("peer")).callBack(params.get("back"));
  },
  async callSelf() {
    return await this.env.TENANT.getByName("self-caller").ping();
  },
};

export const Tenant = class extends tenantClass(objectCases) {
  async callBack(name) {
    return await this.env.TENANT.getByName(name).ping();
  }
  ping() {
    return "pong";
  }
};

// The worker recurses as deep as its stack allows, then calls an object from down there; the
// object recurses as deep as its own stack allows. (The object's event may run on the worker's
// thread: both must fit, and each ends in its own RangeError.)
async function objectCalledFromTheBottom(request, env) {
  let max = 0;
  const probe = (n) => {
    max = n;
    probe(n + 1);
  };
  try {
    probe(0);
  } catch {}
  let call;
  const down = (n) => {
    if (n < max - 20) return down(n + 1);
    call = env.TENANT.getByName("deep-from-bottom").fetch("https://tenant.example/do/deepRecursion");
  };
  down(0);
  const answer = await (await call).text();
  return `${max > 1000} ${answer}`;
}

const mainCases = { ...cpu, ...memory, objectCalledFromTheBottom };
const main = worker(mainCases);

export default {
  async fetch(request, env, ctx) {
    const path = new URL(request.url).pathname;
    if (path.startsWith("/http/")) return http[path.slice(6)]();
    return main.fetch(request, env, ctx);
  },
};
