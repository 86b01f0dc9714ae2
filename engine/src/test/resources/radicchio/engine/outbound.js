import { DurableObject, WorkerEntrypoint } from "cloudflare:workers";

// A child worker that reports what its global fetch() gets.
const CHILD = `
  import { DurableObject } from "cloudflare:workers";
  async function probe(url) {
    try {
      const r = await fetch(url, { headers: { "x-probe": "1" } });
      return r.status + " " + await r.text();
    } catch (e) {
      return e.name + ": " + e.message;
    }
  }
  export default { async fetch(request) { return new Response(await probe(new URL(request.url).searchParams.get("to"))); } };
  export class Probe extends DurableObject {
    probe(url) { return probe(url); }
  }
`;

// The Fetchers a child's globalOutbound can name.
export class Gateway extends WorkerEntrypoint {
  async fetch(request) {
    return new Response("gateway" + (this.ctx.props.tag ? "[" + this.ctx.props.tag + "]" : "") + " saw "
        + request.method + " " + request.url + " x-probe=" + request.headers.get("x-probe"));
  }
  add(a, b) { return a + b; }
}

export class Recorder extends DurableObject {
  async fetch(request) {
    const n = (this.ctx.storage.kv.get("n") ?? 0) + 1;
    this.ctx.storage.kv.put("n", n);
    return new Response("recorder#" + n + " saw " + request.url, { status: 203 });
  }
}

export class Host extends DurableObject {
  // A facet of a child loaded with `outbound` (undefined: omitted) probing `url`.
  async facetProbe(name, outbound, url) {
    const code = { mainModule: "child.js", modules: { "child.js": CHILD } };
    if (outbound !== undefined) code.globalOutbound = outbound;
    const worker = this.env.LOADER.get("facet-child-" + name, () => code);
    return await this.ctx.facets.get(name, () => ({ class: worker.getDurableObjectClass("Probe") })).probe(url);
  }
}

function child(env, id, outbound) {
  const code = { mainModule: "child.js", modules: { "child.js": CHILD } };
  if (outbound !== "omitted") code.globalOutbound = outbound;
  return env.LOADER.get(id, () => code);
}

async function viaChild(env, id, outbound, to) {
  const r = await child(env, id, outbound).getEntrypoint().fetch("http://child/?to=" + encodeURIComponent(to));
  return await r.text();
}

async function own(url) {
  try {
    const r = await fetch(url);
    return r.status + " " + await r.text();
  } catch (e) {
    return e.name + ": " + e.message;
  }
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const to = "https://example.com/data?q=1";
    switch (url.pathname) {
      case "/own": return new Response(await own(to));
      case "/null": return new Response(await viaChild(env, "null", null, to));
      case "/omitted": return new Response(await viaChild(env, "omitted", "omitted", to));
      case "/exports": return new Response(await viaChild(env, "exports", ctx.exports.Gateway, to));
      case "/exportsProps": return new Response(await viaChild(env, "props", ctx.exports.Gateway({ props: { tag: "t1" } }), to));
      case "/object": return new Response(await viaChild(env, "object", ctx.exports.Recorder.getByName("r"), to));
      case "/dynamic": {
        const gateway = env.LOADER.load({
          mainModule: "gw.js",
          modules: { "gw.js": "export default { fetch(r) { return new Response('dynamic gateway saw ' + r.url); } }" },
        });
        return new Response(await viaChild(env, "dynamic", gateway.getEntrypoint(), to));
      }
      case "/bogus":
        try { return new Response(await viaChild(env, "bogus", "https://proxy", to)); }
        catch (e) { return new Response(e.name + ": " + e.message); }
      case "/loopbackRpc": return new Response(String(await ctx.exports.Gateway.add(2, 3)));
      case "/facetNull": return new Response(await ctx.exports.Host.getByName("h").facetProbe("denied", null, to));
      case "/facetOmitted": return new Response(await ctx.exports.Host.getByName("h").facetProbe("inherits", undefined, to));
    }
    return new Response("?", { status: 404 });
  }
};
