// The ctx a call's handler sees, and when the call ends for the worker's microtasks. The prelude
// makes ctx only when a handler receives it and skips the drain when nothing was passed to
// waitUntil(); these tests pin what worker code can observe of that.
harness.load("tests/lib/host.js");

const worker = `
import { DurableObject, waitUntil } from "cloudflare:workers";

const seen = [];
let lastCallEnd = null;

function describe(ctx) {
  return {
    keys: Reflect.ownKeys(ctx),
    descriptors: Object.fromEntries(Reflect.ownKeys(ctx).map((k) => {
      const d = Object.getOwnPropertyDescriptor(ctx, k);
      return [k, [d.writable, d.enumerable, d.configurable, typeof d.value]];
    })),
    props: ctx.props,
    proto: Object.getPrototypeOf(ctx) === Object.prototype,
  };
}

// Tries waitUntil() from cloudflare:workers once, \`ticks\` microtask ticks after the handler
// returned: whether the call was still in flight then.
function probeCallEnd(ticks) {
  let tick = 0;
  const step = () => {
    if (++tick < ticks) return void Promise.resolve().then(step);
    try {
      waitUntil(Promise.resolve());
      lastCallEnd = "in flight";
    } catch (e) {
      lastCallEnd = e.message;
    }
  };
  Promise.resolve().then(step);
}

export class Box extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.firstCtx = ctx;
    this.constructedWith = describe(ctx);
  }
  info() {
    return { constructedWith: this.constructedWith, same: this.ctx === this.firstCtx, id: this.ctx.id };
  }
  later(ms) {
    waitUntil(new Promise((resolve) => setTimeout(() => { seen.push("box " + ms); resolve(); }, ms)));
    return "scheduled";
  }
  laterViaCtx(ms) {
    this.ctx.waitUntil(new Promise((resolve) => setTimeout(() => { seen.push("box ctx " + ms); resolve(); }, ms)));
    return "scheduled";
  }
}

export default {
  fetch(request, env, ctx) {
    seen.push(describe(ctx));
    return new Response("ok");
  },
  describeCtx(env, ctx) {
    return describe(ctx);
  },
  sameCtx(env, ctx) {
    seen.push(ctx);
    return seen.length >= 2 ? seen[seen.length - 1] === seen[seen.length - 2] : null;
  },
  viaCtx(ms, env, ctx) {
    ctx.waitUntil(new Promise((resolve) => setTimeout(() => { seen.push("ctx " + ms); resolve(); }, ms)));
    ctx.waitUntil(42);
    return "scheduled";
  },
  plain(ticks) {
    probeCallEnd(ticks);
    return "plain";
  },
  changedByAMicrotask() {
    const out = { n: 1 };
    Promise.resolve().then(() => { out.n = 2; });
    return out;
  },
  throwsAtOnce() {
    Promise.resolve().then(() => { lastCallEnd = "its microtask ran"; });
    throw new RangeError("at once");
  },
  waitsFromAGetter() {
    return {
      get v() {
        waitUntil(new Promise((resolve) => setTimeout(() => { seen.push("from a getter"); resolve(); }, 1)));
        return 1;
      },
    };
  },
  async plainAsync(ticks) {
    probeCallEnd(ticks);
    return "plain";
  },
  thenable(ticks) {
    probeCallEnd(ticks);
    return { then(resolve) { resolve("plain"); } };
  },
  callEnd() {
    return lastCallEnd;
  },
  seen() {
    const out = seen.filter((s) => typeof s === "string");
    seen.length = 0;
    return out;
  },
};
`;

test("load", () => {
  done(load({ mainModule: "main.js", modules: { "main.js": worker }, env: {} }));
});

test("an object export gets a ctx per call: own keys, descriptors, props, extra bindings", () => {
  const expected = (props, extraKeys) => ({
    keys: ["props", "waitUntil", "passThroughOnException", ...extraKeys],
    descriptors: Object.fromEntries([
      ["props", [true, true, true, "object"]],
      ["waitUntil", [true, true, true, "function"]],
      ["passThroughOnException", [true, true, true, "function"]],
      ...extraKeys.map((k) => [k, [true, true, true, k === "n" ? "number" : "string"]]),
    ]),
    props,
    proto: true,
  });
  assertEquals(done(rpcCall(null, "describeCtx")), expected({}, []));
  assertEquals(done(rpcCall(null, "describeCtx", [], { props: { a: 1 }, ctx: { id: "x", n: 2 } })), expected({ a: 1 }, ["id", "n"]));
  done(rpcCall(null, "sameCtx"));
  assertEquals(done(rpcCall(null, "sameCtx")), false);
});

test("a Durable Object keeps the ctx of its first call", () => {
  const first = done(rpcCall("Box", "info", [], { ctx: { id: "first" } }));
  assertEquals(first.constructedWith.keys, ["props", "waitUntil", "passThroughOnException", "id"]);
  assertEquals([first.same, first.id], [true, "first"]);
  const second = done(rpcCall("Box", "info", [], { ctx: { id: "second" } }));
  assertEquals([second.same, second.id], [true, "first"]);
});

test("waitUntil() promises, from ctx or cloudflare:workers, finish before the call completes", () => {
  assertEquals(done(rpcCall(null, "viaCtx", [5])), "scheduled");
  assertEquals(done(rpcCall(null, "seen")), ["ctx 5"]);
  assertEquals(done(rpcCall("Box", "later", [3])), "scheduled");
  assertEquals(done(rpcCall(null, "seen")), ["box 3"]);
});

test("a live Durable Object's ctx.waitUntil() on a later call extends that call", () => {
  done(rpcCall("Box", "info"));
  assertEquals(done(rpcCall("Box", "laterViaCtx", [4])), "scheduled");
  assertEquals(done(rpcCall(null, "seen")), ["box ctx 4"]);
});

test("ctx's extra bindings stay with the isolate until the host sends others", () => {
  const keysOf = (r) => r.keys.filter((k) => k === "id" || k === "n");
  assertEquals(keysOf(done(rpcCall(null, "describeCtx", [], { ctx: { id: "kept" } }))), ["id"]);
  assertEquals(keysOf(done(rpcCall(null, "describeCtx"))), ["id"], "a call without ctx gets the last ones");
  assertEquals(keysOf(done(rpcCall(null, "describeCtx", [], { ctx: { n: 1 } }))), ["n"], "new ones replace them");
});

test("a call stays in flight until its answer has settled and its microtasks are done", () => {
  for (const method of ["plain", "plainAsync"]) {
    const seenAt = [];
    for (let ticks = 1; ticks <= 5; ticks++) {
      assertEquals(done(rpcCall(null, method, [ticks])), "plain");
      seenAt.push(done(rpcCall(null, "callEnd")));
    }
    // The job queue is drained before the answer is encoded (js/dispatch.js, ANSWERED).
    assertEquals(seenAt, ["in flight", "in flight", "in flight", "in flight", "in flight"], method);
  }
});

test("a handler that answers at once: its microtasks run before the answer is encoded", () => {
  assertEquals(done(rpcCall(null, "changedByAMicrotask")), { n: 2 });
  const e = failed(rpcCall(null, "throwsAtOnce"));
  assertEquals([e.name, e.message], ["RangeError", "at once"]);
  assertEquals(done(rpcCall(null, "callEnd")), "its microtask ran");
});

test("waitUntil() called while the answer is encoded (by a getter) still holds the call", () => {
  done(rpcCall(null, "seen"));
  assertEquals(done(rpcCall(null, "waitsFromAGetter")), { v: 1 });
  assertEquals(done(rpcCall(null, "seen")), ["from a getter"]);
});

test("a thenable of the worker's making is awaited: its call ends three ticks after the handler returned", () => {
  const seenAt = [];
  for (let ticks = 1; ticks <= 6; ticks++) {
    assertEquals(done(rpcCall(null, "thenable", [ticks])), "plain");
    seenAt.push(done(rpcCall(null, "callEnd")));
  }
  // In flight through the thenable's job, the await of its result and the await where
  // waitUntil() promises would be drained; over from the tick after.
  const over = "waitUntil() can only be used while a call is in flight.";
  assertEquals(seenAt, ["in flight", "in flight", "in flight", over, over, over]);
});

finish("tests/host/call-context.test.js");
