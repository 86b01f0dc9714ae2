// malformed.js: a worker that counts the requests reaching it (so a truncated upload that got
// through would show) and answers with garbage a response writer must not pass on verbatim.
import { worker, tenantClass } from "./harness.js";
export { Counter } from "./harness.js";

const main = worker({});

export const Tenant = tenantClass({});

export default {
  async fetch(request, env, ctx) {
    const path = new URL(request.url).pathname;
    if (path === "/upload") {
      const body = new Uint8Array(await request.arrayBuffer());
      const seen = await env.COUNTER.getByName("uploads").increment();
      return new Response(`${seen} ${body.length}`);
    }
    if (path === "/garbage-response") {
      return new Response(new Uint8Array([0, 255, 13, 10, 0]), {
        status: 200,
        statusText: "OK\r\nx-injected: 1",
        headers: [["x-evil", "a\u0000b"], ["x-split", "a\rb"], ["x-fine", "yes"]],
      });
    }
    if (path === "/echo-headers") {
      let n = 0;
      for (const [name, value] of request.headers) n += name.length + value.length;
      return new Response(`${request.method} ${n}`);
    }
    return main.fetch(request, env, ctx);
  },
};
