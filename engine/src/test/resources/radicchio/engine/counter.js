import { DurableObject } from "cloudflare:workers";

// A counter Durable Object: the count in storage, plus an in-memory count that shows whether the
// isolate (the instance) survived.
export class Counter extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.eventsSeen = 0;
  }
  async fetch(request) {
    this.eventsSeen++;
    const n = ((await this.ctx.storage.get("n")) ?? 0) + 1;
    await this.ctx.storage.put("n", n);
    return new Response(String(n));
  }
  async slowIncrement(ms) {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const n = ((await this.ctx.storage.get("n")) ?? 0) + 1;
    await this.ctx.storage.put("n", n);
    return n;
  }
  async count() {
    return (await this.ctx.storage.get("n")) ?? 0;
  }
  inMemory() {
    return this.eventsSeen;
  }
  whoAmI() {
    return { id: this.ctx.id.toString(), name: this.ctx.id.name };
  }
  async echo(map, date, buffer) {
    const out = new Map();
    for (const [k, v] of map) out.set(k, v * 10);
    const bytes = new Uint8Array(buffer);
    const reversed = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) reversed[i] = bytes[bytes.length - 1 - i];
    return { map: out, date: new Date(date.getTime() + 1000), buffer: reversed.buffer, nested: [map.size, date instanceof Date] };
  }
  async failAfterWriting(value) {
    await this.ctx.storage.put("written", value);
    throw new RangeError("too big: " + value);
  }
  nothing() {
    return null;
  }
  async read(key) {
    return await this.ctx.storage.get(key);
  }
  async spin() {
    await this.ctx.storage.put("spun", true);
    for (;;) {}
  }
  async callOther(otherName, method, ...args) {
    return await this.env.COUNTER.getByName(otherName)[method](...args);
  }
  async callBack(otherName, myName) {
    // asks otherName to call me back while I am still waiting for it: a cycle
    return await this.env.COUNTER.getByName(otherName).callOther(myName, "count");
  }
  async setAlarmIn(ms) {
    await this.ctx.storage.setAlarm(Date.now() + ms);
  }
  async alarm(info) {
    const fired = (await this.ctx.storage.get("alarms")) ?? [];
    fired.push(info);
    await this.ctx.storage.put("alarms", fired);
  }
  async failInBlock() {
    await this.ctx.blockConcurrencyWhile(async () => { throw new TypeError("init failed"); });
  }
  async abortMe() {
    this.ctx.abort("on purpose");
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const name = url.searchParams.get("name") ?? "x";
    const stub = env.COUNTER.getByName(name);
    try {
      switch (url.pathname) {
        case "/inc":
          return await stub.fetch(request);
        case "/slowInc":
          return new Response(String(await stub.slowIncrement(Number(url.searchParams.get("ms")))));
        case "/count":
          return new Response(String(await stub.count()));
        case "/memory":
          return new Response(String(await stub.inMemory()));
        case "/who": {
          const who = await stub.whoAmI();
          const expected = env.COUNTER.idFromName(name);
          return Response.json({ ...who, stubName: stub.name, matches: expected.equals(stub.id) && who.id === expected.toString() });
        }
        case "/echo": {
          const r = await stub.echo(new Map([["a", 1], ["b", 2]]), new Date(5000), new Uint8Array([1, 2, 3]).buffer);
          return Response.json({
            map: [...r.map], isMap: r.map instanceof Map, date: r.date.getTime(), isDate: r.date instanceof Date,
            buffer: [...new Uint8Array(r.buffer)], isBuffer: r.buffer instanceof ArrayBuffer, nested: r.nested,
          });
        }
        case "/null": {
          const v = await stub.nothing();
          return new Response(v === null ? "null" : "not null: " + String(v));
        }
        case "/fail":
          try {
            await stub.failAfterWriting(url.searchParams.get("v"));
            return new Response("no error");
          } catch (e) {
            return Response.json({ name: e.name, message: e.message, isRangeError: e instanceof RangeError,
              written: await stub.read("written") });
          }
        case "/spin":
          return new Response(String(await stub.spin()));
        case "/spun":
          return new Response(String(await stub.read("spun")));
        case "/cycle":
          return new Response(String(await stub.callBack(url.searchParams.get("other"), name)));
        case "/chain":
          return new Response(String(await stub.callOther(url.searchParams.get("other"), "count")));
        case "/setAlarm":
          await stub.setAlarmIn(Number(url.searchParams.get("ms")));
          return new Response("set");
        case "/alarms":
          return Response.json((await stub.read("alarms")) ?? []);
        case "/failInBlock":
          try { await stub.failInBlock(); return new Response("no error"); } catch (e) { return new Response(e.name + ": " + e.message); }
        case "/abort":
          try { await stub.abortMe(); return new Response("not aborted"); } catch (e) { return new Response("aborted: " + e.message); }
      }
    } catch (e) {
      return new Response(e.name + ": " + e.message, { status: 500 });
    }
    return new Response("not found", { status: 404 });
  }
};
