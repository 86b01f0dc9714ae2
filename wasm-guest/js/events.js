// events.js: Event, CustomEvent, EventTarget (DOM Standard, without a tree: no capture or
// bubbling path beyond the target itself), AbortController and AbortSignal.
//
// A listener that throws does not stop dispatch: its error is reported to the console, as
// browsers report it to window.onerror.

// Accessors to private state, set by the classes' static blocks (declared first: a static block
// runs while its class is being defined).
let eventInternals;
let isAbortSignal, signalAbort, addAbortAlgorithm;

class Event {
  #type;
  #bubbles;
  #cancelable;
  #composed;
  #defaultPrevented = false;
  #stopPropagation = false;
  #stopImmediate = false;
  #target = null;
  #currentTarget = null;
  #phase = 0;
  #dispatching = false;
  #timeStamp;
  #trusted = false;

  constructor(type, init = undefined) {
    if (type === undefined && nativeArgCount() === 0) throw new $TypeError("Failed to construct 'Event': 1 argument required, but only 0 present.");
    this.#type = $String(type);
    this.#bubbles = init != null && !!init.bubbles;
    this.#cancelable = init != null && !!init.cancelable;
    this.#composed = init != null && !!init.composed;
    this.#timeStamp = performanceNow();
  }
  get type() { return this.#type; }
  get target() { return this.#target; }
  get srcElement() { return this.#target; }
  get currentTarget() { return this.#currentTarget; }
  get eventPhase() { return this.#phase; }
  get bubbles() { return this.#bubbles; }
  get cancelable() { return this.#cancelable; }
  get composed() { return this.#composed; }
  get defaultPrevented() { return this.#defaultPrevented; }
  get returnValue() { return !this.#defaultPrevented; }
  set returnValue(v) { if (!v) this.preventDefault(); }
  get cancelBubble() { return this.#stopPropagation; }
  set cancelBubble(v) { if (v) this.#stopPropagation = true; }
  get isTrusted() { return this.#trusted; }
  get timeStamp() { return this.#timeStamp; }
  composedPath() {
    return this.#dispatching && this.#target !== null ? [this.#target] : [];
  }
  preventDefault() {
    if (this.#cancelable) this.#defaultPrevented = true;
  }
  stopPropagation() {
    this.#stopPropagation = true;
  }
  stopImmediatePropagation() {
    this.#stopPropagation = true;
    this.#stopImmediate = true;
  }
  static {
    // EventTarget's dispatch needs to drive these fields.
    eventInternals = {
      __proto__: null,
      isEvent: (e) => e !== null && typeof e === "object" && #type in e,
      begin(e, target) {
        if (e.#dispatching) throw newDOMException("The event is already being dispatched.", "InvalidStateError");
        e.#dispatching = true;
        e.#target = target;
        e.#currentTarget = target;
        e.#phase = 2; // AT_TARGET: there is no tree to capture or bubble through
        e.#stopPropagation = false;
        e.#stopImmediate = false;
      },
      end(e) {
        e.#dispatching = false;
        e.#currentTarget = null;
        e.#phase = 0;
      },
      stoppedImmediately: (e) => e.#stopImmediate,
      setTrusted(e) {
        e.#trusted = true;
      },
    };
  }
}
for (const [name, value] of [["NONE", 0], ["CAPTURING_PHASE", 1], ["AT_TARGET", 2], ["BUBBLING_PHASE", 3]]) {
  const desc = { __proto__: null, value, writable: false, enumerable: true, configurable: false };
  ObjectDefineProperty(Event, name, desc);
  ObjectDefineProperty(Event.prototype, name, desc);
}
setToStringTag(Event, "Event");

class CustomEvent extends Event {
  #detail;
  constructor(type, init = undefined) {
    super(type, init);
    this.#detail = init != null && init.detail !== undefined ? init.detail : null;
  }
  get detail() {
    return this.#detail;
  }
}
setToStringTag(CustomEvent, "CustomEvent");

// Reports an error thrown by a callback the platform invoked (listener, timer, microtask).
function reportCallbackError(error) {
  try {
    consoleWrite(3, "Uncaught " + formatUncaught(error));
  } catch {}
}

class EventTarget {
  // type -> array of {callback, capture, once, passive, removed}
  #listeners = newSafeMap();

  addEventListener(type, callback, options = undefined) {
    if (callback === null || callback === undefined) return;
    if (typeof callback !== "function" && typeof callback !== "object") {
      throw new $TypeError("The \"listener\" argument must be a function or an object with handleEvent.");
    }
    type = $String(type);
    let capture = false, once = false, passive = false, signal;
    if (typeof options === "boolean") {
      capture = options;
    } else if (options != null) {
      capture = !!options.capture;
      once = !!options.once;
      passive = !!options.passive;
      signal = options.signal;
      if (signal !== undefined && !isAbortSignal(signal)) throw new $TypeError("The \"signal\" option must be an AbortSignal.");
    }
    if (signal !== undefined && signal.aborted) return;
    let list = this.#listeners.get(type);
    if (list === undefined) {
      list = [];
      this.#listeners.set(type, list);
    }
    for (let i = 0; i < list.length; i++) {
      if (list[i].callback === callback && list[i].capture === capture) return;
    }
    const entry = { __proto__: null, callback, capture, once, passive, removed: false };
    list[list.length] = entry;
    if (signal !== undefined) {
      addAbortAlgorithm(signal, () => this.removeEventListener(type, callback, { capture }));
    }
  }

  removeEventListener(type, callback, options = undefined) {
    type = $String(type);
    const capture = typeof options === "boolean" ? options : options != null && !!options.capture;
    const list = this.#listeners.get(type);
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) {
      if (list[i].callback === callback && list[i].capture === capture) {
        list[i].removed = true;
        ArrayPrototypeSplice(list, i, 1);
        return;
      }
    }
  }

  dispatchEvent(event) {
    if (!eventInternals.isEvent(event)) throw new $TypeError("The \"event\" argument must be an instance of Event.");
    eventInternals.begin(event, this);
    try {
      const list = this.#listeners.get(event.type);
      if (list !== undefined) {
        // Listeners added during dispatch do not run; removed ones do not run either.
        const snapshot = ArrayPrototypeSlice(list);
        for (let i = 0; i < snapshot.length; i++) {
          const entry = snapshot[i];
          if (entry.removed) continue;
          if (entry.once) this.removeEventListener(event.type, entry.callback, { capture: entry.capture });
          try {
            const cb = entry.callback;
            if (typeof cb === "function") ReflectApply(cb, this, [event]);
            else ReflectApply(cb.handleEvent, cb, [event]);
          } catch (e) {
            reportCallbackError(e);
          }
          if (eventInternals.stoppedImmediately(event)) break;
        }
      }
      // The `on<type>` attribute handler of AbortSignal and friends.
      const handler = this.#attributeHandler("on" + event.type);
      if (typeof handler === "function" && !eventInternals.stoppedImmediately(event)) {
        try {
          ReflectApply(handler, this, [event]);
        } catch (e) {
          reportCallbackError(e);
        }
      }
    } finally {
      eventInternals.end(event);
    }
    return !event.defaultPrevented;
  }

  #attributeHandler(name) {
    const handlers = eventHandlerAttributes.get(this);
    return handlers === undefined ? undefined : handlers[name];
  }
}
setToStringTag(EventTarget, "EventTarget");

// Values of `onabort`-style attributes, per target.
const eventHandlerAttributes = newSafeWeakMap();
function defineEventHandlerAttribute(Class, name) {
  ObjectDefineProperty(Class.prototype, name, {
    __proto__: null,
    enumerable: true,
    configurable: true,
    get() {
      const handlers = eventHandlerAttributes.get(this);
      return handlers === undefined || handlers[name] === undefined ? null : handlers[name];
    },
    set(v) {
      let handlers = eventHandlerAttributes.get(this);
      if (handlers === undefined) {
        handlers = { __proto__: null };
        eventHandlerAttributes.set(this, handlers);
      }
      handlers[name] = typeof v === "function" ? v : undefined;
    },
  });
}

// ---- AbortController / AbortSignal ----

class AbortSignal extends EventTarget {
  #aborted = false;
  #reason = undefined;
  #algorithms = [];

  constructor(key) {
    if (key !== abortSignalKey) throw new $TypeError("Illegal constructor");
    super();
  }
  get aborted() {
    return this.#aborted;
  }
  get reason() {
    return this.#reason;
  }
  throwIfAborted() {
    if (this.#aborted) throw this.#reason;
  }
  static abort(reason = undefined) {
    const signal = new AbortSignal(abortSignalKey);
    signal.#aborted = true;
    signal.#reason = reason === undefined ? newDOMException("This operation was aborted", "AbortError") : reason;
    return signal;
  }
  static timeout(ms) {
    ms = $Number(ms);
    if (!(ms >= 0) || ms > 9007199254740991) throw new $TypeError("The \"milliseconds\" argument must be a non-negative integer.");
    const signal = new AbortSignal(abortSignalKey);
    createTimer(() => signal.#signalAbort(newDOMException("The operation timed out.", "TimeoutError")), ms, false, []);
    return signal;
  }
  static any(signals) {
    const result = new AbortSignal(abortSignalKey);
    const list = [];
    for (const s of signals) {
      if (!isAbortSignal(s)) throw new $TypeError("AbortSignal.any() requires AbortSignal objects.");
      list[list.length] = s;
    }
    for (let i = 0; i < list.length; i++) {
      if (list[i].#aborted) {
        result.#aborted = true;
        result.#reason = list[i].#reason;
        return result;
      }
    }
    for (let i = 0; i < list.length; i++) {
      list[i].#algorithms[list[i].#algorithms.length] = () => result.#signalAbort(list[i].#reason);
    }
    return result;
  }
  #signalAbort(reason) {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason === undefined ? newDOMException("This operation was aborted", "AbortError") : reason;
    const algorithms = this.#algorithms;
    this.#algorithms = [];
    for (let i = 0; i < algorithms.length; i++) {
      try {
        algorithms[i]();
      } catch (e) {
        reportCallbackError(e);
      }
    }
    const event = new Event("abort");
    eventInternals.setTrusted(event);
    this.dispatchEvent(event);
  }
  static {
    isAbortSignal = (o) => o !== null && typeof o === "object" && #aborted in o;
    signalAbort = (signal, reason) => signal.#signalAbort(reason);
    addAbortAlgorithm = (signal, fn) => {
      signal.#algorithms[signal.#algorithms.length] = fn;
    };
  }
}
const abortSignalKey = $Symbol("AbortSignal");
defineEventHandlerAttribute(AbortSignal, "onabort");
setToStringTag(AbortSignal, "AbortSignal");

class AbortController {
  #signal = new AbortSignal(abortSignalKey);
  get signal() {
    return this.#signal;
  }
  abort(reason = undefined) {
    signalAbort(this.#signal, reason);
  }
}
setToStringTag(AbortController, "AbortController");
