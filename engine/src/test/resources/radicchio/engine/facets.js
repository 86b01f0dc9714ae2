import { DurableObject } from "cloudflare:workers";

// The facet's code, loaded as a dynamic worker: a counter in its own storage, plus an in-memory
// count that shows when its instance was replaced.
const CHILD = `
  import { DurableObject } from "cloudflare:workers";
  export class Child extends DurableObject {
    constructor(ctx, env) { super(ctx, env); this.seen = 0; }
    hit() {
      this.seen++;
      const n = (this.ctx.storage.kv.get("n") ?? 0) + 1;
      this.ctx.storage.kv.put("n", n);
      return { stored: n, seen: this.seen, tag: this.env.TAG };
    }
    readParent() { return this.ctx.storage.kv.get("parent-secret") ?? "not visible"; }
    who() {
      const id = this.ctx.id;
      return typeof id === "string" ? "string " + id : "id " + id.toString() + " " + id.name;
    }
    spin() { for (;;) {} }
    props() { return this.ctx.props; }
  }
`;

export class Supervisor extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.starts = 0;
  }
  // classOptions: getDurableObjectClass()'s {props?, limits?}.
  facet(name, id = undefined, classOptions = undefined) {
    return this.ctx.facets.get(name, async () => {
      this.starts++;
      const worker = this.env.LOADER.get("child-v1", () => ({
        compatibilityDate: "2025-01-01", mainModule: "child.js", modules: { "child.js": CHILD }, env: { TAG: "child-env" },
      }));
      const options = { class: worker.getDurableObjectClass("Child", classOptions) };
      if (id !== undefined) options.id = id;
      return options;
    });
  }
  // ctx.id inside a facet started with getOptions' id: a string, a DurableObjectId, or none.
  async who(name, kind) {
    const id = kind === "string" ? "custom-id" : kind === "object" ? this.ctx.exports.Supervisor.idFromName("other") : undefined;
    return { facet: await this.facet(name, id).who(), parent: this.ctx.id.toString() + " " + this.ctx.id.name };
  }
  readFacetData() { return this.ctx.storage.kv.get("n") ?? "not visible"; }
  async hit(name) {
    this.ctx.storage.kv.put("parent-secret", "s3cret");
    const r = await this.facet(name).hit();
    return { ...r, starts: this.starts };
  }
  async readParent(name) { return await this.facet(name).readParent(); }
  abortFacet(name) { this.ctx.facets.abort(name, "stop"); }
  async staleStub(name) {
    const kept = this.facet(name);
    await kept.hit();
    this.ctx.facets.abort(name, new RangeError("facet stopped"));
    try { await kept.hit(); return "no error"; } catch (e) { return e.name + ": " + e.message; }
  }
  deleteFacet(name) { this.ctx.facets.delete(name); }
  async spin(name, classOptions) {
    try { await this.facet(name, undefined, classOptions).spin(); return "no error"; } catch (e) { return e.name + ": " + e.message; }
  }
  async props(name, classOptions) { return await this.facet(name, undefined, classOptions).props(); }
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const sup = ctx.exports.Supervisor.getByName(url.searchParams.get("sup") ?? "s");
    const facet = url.searchParams.get("facet") ?? "f";
    switch (url.pathname) {
      case "/hit": return Response.json(await sup.hit(facet));
      case "/readParent": return new Response(String(await sup.readParent(facet)));
      case "/abort": await sup.abortFacet(facet); return new Response("ok");
      case "/delete": await sup.deleteFacet(facet); return new Response("ok");
      case "/spin": return new Response(await sup.spin(facet));
      case "/limitedSpin": return new Response(await sup.spin(facet, { limits: { cpuMs: 50 } }));
      case "/badLimits": return new Response(await sup.spin(facet, { limits: { cpuMs: "soon" } }));
      case "/props": return Response.json(await sup.props(facet, { props: { plan: "pro", seats: 3 } }));
      case "/noProps": return Response.json(await sup.props(facet));
      case "/staleStub": return new Response(await sup.staleStub(facet));
      case "/who": return Response.json(await sup.who(facet, url.searchParams.get("kind")));
      case "/readFacetData": return new Response(String(await sup.readFacetData()));
    }
    return new Response("?", { status: 404 });
  }
};
