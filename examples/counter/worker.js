import { DurableObject } from "cloudflare:workers";

// One Counter per name; its count lives in the object's own storage, so it survives restarts.
export class Counter extends DurableObject {
  // Called over RPC by the worker below: adds one and returns the new count.
  increment() {
    const count = (this.ctx.storage.kv.get("count") ?? 0) + 1;
    this.ctx.storage.kv.put("count", count);
    return count;
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/favicon.ico") {
      return new Response(null, { status: 404 });
    }
    // The path names the counter: /a and /b count separately.
    const counter = env.COUNTER.getByName(url.pathname);
    const count = await counter.increment();
    return new Response(`${count}\n`, { headers: { "content-type": "text/plain" } });
  },
};
