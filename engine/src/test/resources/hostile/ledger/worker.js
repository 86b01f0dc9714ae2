// The fault-injection app: every POST /add is one event that writes twice, a SQL row and a KV
// count. After a kill -9 the two must agree (an event is all or nothing), and every count the
// client was told must be there.
import { DurableObject } from "cloudflare:workers";

export class Ledger extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS entries (n INTEGER PRIMARY KEY, at REAL NOT NULL)");
  }

  add() {
    const n = (this.ctx.storage.kv.get("count") ?? 0) + 1;
    this.ctx.storage.sql.exec("INSERT INTO entries (n, at) VALUES (?, ?)", n, Date.now());
    this.ctx.storage.kv.put("count", n);
    return n;
  }
}

export default {
  async fetch(request, env) {
    const name = new URL(request.url).pathname.slice(1) || "ledger";
    return new Response(String(await env.LEDGER.getByName(name).add()));
  },
};
