// harness.js: what every hostile test app shares. Its main module passes two tables of cases,
// name -> async function; the worker routes
//   /main/<case>     runs mainCases[case](request, env) in the main worker
//   /do/<case>?id=x  runs objectCases[case] with `this` the Durable Object "x" of class Tenant
//   /count/<name>    increments the Counter object <name> (a well-behaved sibling of the attacker)
// and answers "ok: <result>" or "<error name>: <message>", so the Java side sees exactly what
// the tenant saw. A limit that discards the main worker's isolate ends the request instead.
import { DurableObject } from "cloudflare:workers";

export function describe(e) {
  return (e && e.name) + ": " + (e && e.message);
}

async function attempt(fn) {
  try {
    return "ok: " + String(await fn());
  } catch (e) {
    return describe(e);
  }
}

export class Counter extends DurableObject {
  increment() {
    const n = (this.ctx.storage.kv.get("n") ?? 0) + 1;
    this.ctx.storage.kv.put("n", n);
    return n;
  }
}

export function tenantClass(objectCases) {
  return class Tenant extends DurableObject {
    async fetch(request) {
      const name = new URL(request.url).pathname.split("/")[2];
      const run = objectCases[name];
      if (run === undefined) return new Response("no such case: " + name, { status: 404 });
      return new Response(await attempt(() => run.call(this, request)));
    }
  };
}

export function worker(mainCases) {
  return {
    async fetch(request, env) {
      const url = new URL(request.url);
      const [, where, name] = url.pathname.split("/");
      if (where === "count") return new Response(String(await env.COUNTER.getByName(name).increment()));
      if (where === "do") {
        try {
          return await env.TENANT.getByName(url.searchParams.get("id") ?? "x").fetch(request);
        } catch (e) {
          return new Response(describe(e)); // the object was reset, or the call was refused
        }
      }
      const run = mainCases[name];
      if (where !== "main" || run === undefined) return new Response("no such case: " + url.pathname, { status: 404 });
      return new Response(await attempt(() => run(request, env)));
    },
  };
}
