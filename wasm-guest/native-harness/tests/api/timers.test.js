// setTimeout, setInterval, clearTimeout, queueMicrotask, scheduler.wait, performance.
import { test, assertEquals, assert, assertThrows } from "./testing.js";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test("timers fire in order of due time, then creation", async () => {
  const order = [];
  setTimeout(() => order.push("c"), 20);
  setTimeout(() => order.push("a"), 0);
  setTimeout(() => order.push("b"), 0);
  setTimeout((x, y) => order.push(x + y), 5, "d", "!");
  await sleep(40);
  assertEquals(order, ["a", "b", "d!", "c"]);
});

test("microtasks run between timer callbacks", async () => {
  const order = [];
  setTimeout(() => {
    order.push("t1");
    Promise.resolve().then(() => order.push("micro"));
  }, 0);
  setTimeout(() => order.push("t2"), 0);
  await sleep(10);
  assertEquals(order, ["t1", "micro", "t2"]);
});

test("clearTimeout and clearInterval", async () => {
  let fired = 0;
  const id = setTimeout(() => fired++, 1);
  assert(typeof id === "number" && id > 0, "numeric id");
  clearTimeout(id);
  clearTimeout(undefined);
  clearTimeout(123456);
  let ticks = 0;
  const interval = setInterval(() => {
    ticks++;
    if (ticks === 3) clearInterval(interval);
  }, 2);
  await sleep(30);
  assertEquals([fired, ticks], [0, 3]);
});

test("a throwing timer does not stop others", async () => {
  let ran = false;
  setTimeout(() => {
    throw new Error("timer failure (expected in the log)");
  }, 0);
  setTimeout(() => (ran = true), 0);
  await sleep(5);
  assert(ran, "second timer ran");
});

test("timer delays are measured on the host clock", async () => {
  const start = Date.now();
  const t0 = performance.now();
  await sleep(25);
  assert(Date.now() - start >= 24, "Date.now advanced");
  assert(performance.now() - t0 >= 24, "performance.now advanced");
  assert(performance.timeOrigin > 1.6e12, "timeOrigin is epoch ms");
  await scheduler.wait(5);
});

test("queueMicrotask runs before timers", async () => {
  const order = [];
  setTimeout(() => order.push("timer"), 0);
  queueMicrotask(() => order.push("micro"));
  queueMicrotask(() => {
    throw new Error("microtask failure (expected in the log)");
  });
  await sleep(5);
  assertEquals(order, ["micro", "timer"]);
  assertThrows(() => queueMicrotask("x"), TypeError);
  assertThrows(() => setTimeout("code()", 0), TypeError);
});

export { run } from "./testing.js";
