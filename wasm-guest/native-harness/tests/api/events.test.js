// Event, EventTarget, CustomEvent, AbortController, AbortSignal, DOMException.
import { test, assertEquals, assertThrows, assert, assertRejects } from "./testing.js";

test("EventTarget dispatch, once, removal, handleEvent objects", () => {
  const target = new EventTarget();
  const seen = [];
  const listener = (e) => seen.push("fn:" + e.type);
  target.addEventListener("ping", listener);
  target.addEventListener("ping", listener); // duplicates are ignored
  target.addEventListener("ping", { handleEvent: (e) => seen.push("obj:" + (e.target === target)) });
  target.addEventListener("ping", () => seen.push("once"), { once: true });
  assertEquals(target.dispatchEvent(new Event("ping")), true);
  target.dispatchEvent(new Event("ping"));
  target.removeEventListener("ping", listener);
  target.dispatchEvent(new Event("ping"));
  assertEquals(seen, ["fn:ping", "obj:true", "once", "fn:ping", "obj:true", "obj:true"]);
});

test("Event state: cancelable, preventDefault, stopImmediatePropagation", () => {
  const target = new EventTarget();
  let phase, current;
  target.addEventListener("x", (e) => {
    e.preventDefault();
    phase = e.eventPhase;
    current = e.currentTarget;
    e.stopImmediatePropagation();
  });
  target.addEventListener("x", () => {
    throw new Error("must not run");
  });
  const e = new Event("x", { cancelable: true });
  assertEquals(target.dispatchEvent(e), false);
  assertEquals([e.defaultPrevented, phase, current === target, e.eventPhase, e.currentTarget], [true, 2, true, 0, null]);
  const notCancelable = new Event("x");
  notCancelable.preventDefault();
  assertEquals(notCancelable.defaultPrevented, false);
  assertEquals(Event.AT_TARGET, 2);
  assertEquals(new CustomEvent("c", { detail: { a: 1 } }).detail, { a: 1 });
  assertThrows(() => new Event(), TypeError);
  assertThrows(() => target.dispatchEvent({ type: "x" }), TypeError);
});

test("a throwing listener does not stop the others", () => {
  const target = new EventTarget();
  const seen = [];
  target.addEventListener("x", () => {
    throw new Error("listener failure (expected in the log)");
  });
  target.addEventListener("x", () => seen.push(2));
  target.dispatchEvent(new Event("x"));
  assertEquals(seen, [2]);
});

test("AbortController aborts once, with a reason, firing abort listeners and onabort", () => {
  const controller = new AbortController();
  const signal = controller.signal;
  const seen = [];
  signal.addEventListener("abort", (e) => seen.push(e.type + ":" + e.isTrusted));
  signal.onabort = () => seen.push("onabort");
  assertEquals(signal.aborted, false);
  signal.throwIfAborted();
  controller.abort("why");
  controller.abort("again");
  assertEquals([signal.aborted, signal.reason], [true, "why"]);
  assertEquals(seen, ["abort:true", "onabort"]);
  assertThrows(() => signal.throwIfAborted(), undefined);
  const dflt = new AbortController();
  dflt.abort();
  assertEquals([dflt.signal.reason.name, dflt.signal.reason instanceof DOMException], ["AbortError", true]);
  assertThrows(() => new AbortSignal(), TypeError);
});

test("AbortSignal.abort, any and listeners removed by signal", () => {
  const aborted = AbortSignal.abort(new RangeError("r"));
  assert(aborted.aborted && aborted.reason instanceof RangeError, "abort()");
  const a = new AbortController();
  const b = new AbortController();
  const any = AbortSignal.any([a.signal, b.signal]);
  b.abort("b");
  assertEquals([any.aborted, any.reason], [true, "b"]);
  assertEquals(AbortSignal.any([aborted]).reason, aborted.reason);
  const target = new EventTarget();
  const c = new AbortController();
  let count = 0;
  target.addEventListener("x", () => count++, { signal: c.signal });
  target.dispatchEvent(new Event("x"));
  c.abort();
  target.dispatchEvent(new Event("x"));
  assertEquals(count, 1);
});

test("AbortSignal.timeout aborts with a TimeoutError", async () => {
  const signal = AbortSignal.timeout(5);
  assertEquals(signal.aborted, false);
  await new Promise((resolve) => signal.addEventListener("abort", resolve));
  assertEquals([signal.aborted, signal.reason.name, signal.reason.code], [true, "TimeoutError", 23]);
  await assertRejects(() => scheduler.wait(50, { signal: AbortSignal.abort("stop") }), undefined);
});

test("DOMException", () => {
  const e = new DOMException("msg", "NotFoundError");
  assertEquals([e.name, e.message, e.code, e instanceof Error, DOMException.NOT_FOUND_ERR], ["NotFoundError", "msg", 8, true, 8]);
  assertEquals(new DOMException().name, "Error");
  assertEquals(new DOMException("m", { name: "DataCloneError", cause: 1 }).cause, 1);
  assertEquals(String(new DOMException("m", "SyntaxError")), "SyntaxError: m");
  assert(typeof e.stack === "string", "has a stack");
  assertEquals(Object.prototype.toString.call(e), "[object DOMException]");
});

export { run } from "./testing.js";
