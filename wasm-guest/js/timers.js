// timers.js: setTimeout, setInterval, their clear functions, queueMicrotask, scheduler.wait,
// and performance.now.
//
// The clock is the host's (natives.now). The C event loop asks hooks.nextTimer() how long until
// the earliest timer and calls hooks.runTimers() when one is due. runTimers fires the due timers
// one at a time: between two callbacks it returns, so that the C loop drains the microtask queue
// first, as HTML's event loop does (a promise resolved by one timer settles before the next
// timer runs). The C loop keeps calling while nextTimer() says 0.
//
// Timers are kept in an array sorted by (due time, creation order); workers rarely have more
// than a handful, so insertion is a linear scan from the end.

let timerSeq = 0;
const timersById = newSafeMap(); // id -> timer
const timerQueue = []; // timers sorted by due, then seq

function timerNow() {
  return nativeNow();
}

function insertTimer(timer) {
  let i = timerQueue.length;
  while (i > 0) {
    const other = timerQueue[i - 1];
    if (other.due < timer.due || (other.due === timer.due && other.seq < timer.seq)) break;
    i--;
  }
  ArrayPrototypeSplice(timerQueue, i, 0, timer);
}

function removeTimerFromQueue(timer) {
  const i = ArrayPrototypeIndexOf(timerQueue, timer);
  if (i >= 0) ArrayPrototypeSplice(timerQueue, i, 1);
}

function timerDelay(ms) {
  ms = $Number(ms);
  // NaN and negatives are 0, as in browsers. Browsers wrap delays past int32 around (a huge
  // delay fires at once); we clamp them instead, which is what an author means.
  if (!(ms > 0)) return 0;
  return ms > 2147483647 ? 2147483647 : ms;
}

function createTimer(callback, ms, repeat, args) {
  const id = ++timerSeq;
  const delay = timerDelay(ms);
  const timer = { __proto__: null, id, seq: id, callback, args, repeat, delay, due: timerNow() + delay };
  timersById.set(id, timer);
  insertTimer(timer);
  return id;
}

function clearTimer(id) {
  // Numbers and objects converting to them (Node-style Timeout objects) alike.
  if (typeof id !== "number") {
    if (id === null || id === undefined) return;
    id = $Number(id);
  }
  const timer = timersById.get(id);
  if (timer === undefined) return;
  timersById.delete(id);
  removeTimerFromQueue(timer);
}

function checkTimerCallback(callback, what) {
  if (typeof callback !== "function") {
    throw new $TypeError(`The "callback" argument of ${what} must be a function; strings are not evaluated.`);
  }
}

function setTimeout(callback, ms = 0, ...args) {
  checkTimerCallback(callback, "setTimeout");
  return createTimer(callback, ms, false, args);
}

function setInterval(callback, ms = 0, ...args) {
  checkTimerCallback(callback, "setInterval");
  return createTimer(callback, ms, true, args);
}

function clearTimeout(id) {
  clearTimer(id);
}

function clearInterval(id) {
  clearTimer(id);
}

// -1: no timers; 0: one is due; otherwise ms until the earliest.
function nextTimerDelay() {
  if (timerQueue.length === 0) return -1;
  const wait = timerQueue[0].due - timerNow();
  return wait > 0 ? wait : 0;
}

// Fires the earliest timer if it is due. Returns how many fired (0 or 1).
function runDueTimer() {
  if (timerQueue.length === 0) return 0;
  const now = timerNow();
  const timer = timerQueue[0];
  if (timer.due > now) return 0;
  ArrayPrototypeSplice(timerQueue, 0, 1);
  if (timer.repeat) {
    // Re-armed before the callback runs, so clearInterval inside it works.
    timer.due = now + timer.delay;
    timer.seq = ++timerSeq;
    insertTimer(timer);
  } else {
    timersById.delete(timer.id);
  }
  try {
    ReflectApply(timer.callback, globalObject, timer.args);
  } catch (e) {
    reportCallbackError(e);
  }
  return 1;
}

function queueMicrotask(callback) {
  if (typeof callback !== "function") throw new $TypeError("The \"callback\" argument must be a function.");
  PromisePrototypeThen(resolvedPromise, () => {
    try {
      callback();
    } catch (e) {
      reportCallbackError(e);
    }
  });
}
const resolvedPromise = PromiseResolve(undefined);

// workerd's scheduler.wait(ms): a promise that resolves after ms.
const scheduler = {
  wait(ms, options = undefined) {
    return new $Promise((resolve, reject) => {
      const signal = options != null ? options.signal : undefined;
      if (signal !== undefined && signal.aborted) return reject(signal.reason);
      const id = createTimer(resolve, ms, false, []);
      if (signal !== undefined) addAbortAlgorithm(signal, () => {
        clearTimer(id);
        reject(signal.reason);
      });
    });
  },
};

// performance.now(): ms since the first call into this isolate's clock. The origin is taken
// lazily, on first use, because the prelude runs once at boot and is then snapshotted: a
// boot-time origin would be shared by every isolate started from the snapshot.
let performanceOrigin = -1;
function performanceNow() {
  const now = timerNow();
  if (performanceOrigin < 0) performanceOrigin = now;
  return now - performanceOrigin;
}
class Performance {
  get timeOrigin() {
    if (performanceOrigin < 0) performanceNow();
    return performanceOrigin;
  }
  now() {
    return performanceNow();
  }
  toJSON() {
    return { timeOrigin: this.timeOrigin };
  }
}
setToStringTag(Performance, "Performance");
const performance = new Performance();
