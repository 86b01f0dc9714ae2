// dispatch.js: the hooks object the C shim calls (see c/rad.c), the module registry, and how a
// call reaches the worker's handlers. It must be the last file of prelude.list: the prelude
// returns `hooks`.
//
//   invoke(op, buffer)  op 1 LOAD (a WorkerCode) or 2 DISPATCH (a call): a promise of the encoded
//                       result (a rejection or a throw: C calls encodeError), or ANSWERED
//                       (see below)
//   finishCall(outcome, value)  after ANSWERED: the encoded result, or a promise of it
//   encodeError(e)      an encoded Error for any thrown value; never throws
//   nextTimer()         -1 no timers, 0 one is due, else ms until the earliest
//   runTimers()         fires the earliest due timer (C calls again while nextTimer() is 0)
//   reportJobError(e)   logs an error a job threw
//   moduleSource(name)  what an import of `name` holds (see c/modules.c)
//   pendingExports      scratch object of the C module loader
//   internals           the wire codec and host references, for the native test harness;
//                       C never reads it (and worker code never sees hooks)
//
// Calls: a class export is instantiated as new Class(ctx, env) for each call, except Durable
// Object classes (extending DurableObject), whose instance lives as long as the isolate. An
// object export's handler is called as handler(request, env, ctx) for fetch and
// handler(...args, env, ctx) for other calls. A function export is called with the args. The
// call's ctx.waitUntil() promises are awaited (after the result is encoded, before the call
// completes), because the isolate only runs while a call is in flight.

const OP_LOAD = 1;
const OP_DISPATCH = 2;

const moduleRegistry = newSafeMap(); // name -> {kind: "js" | "text" | "data" | "json", value}
let loadedWorker = null; // {namespace, env}
let currentCallContext = null; // the ctx-side state of the call in flight
let isolateCtxExtra; // the extra ctx bindings the host sent last (see dispatchCall)
const durableObjectInstances = newSafeMap(); // export name -> instance

// ---- LOAD ----

const moduleKinds = ["js", "cjs", "text", "data", "json", "wasm", "py"];

function registerModules(modules) {
  if (modules === null || typeof modules !== "object") throw new $TypeError("WorkerCode.modules must be an object.");
  const names = ObjectKeys(modules);
  if (names.length === 0) throw new $TypeError("WorkerCode.modules must contain at least one module.");
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const spec = modules[name];
    if (StringPrototypeEndsWith(name, ".ts") || StringPrototypeEndsWith(name, ".mts") || StringPrototypeEndsWith(name, ".tsx")) {
      throw new $TypeError(`Module "${name}": TypeScript modules are not supported; compile to JavaScript first.`);
    }
    if (typeof spec === "string") {
      moduleRegistry.set(name, { __proto__: null, kind: "js", value: spec });
      continue;
    }
    if (spec === null || typeof spec !== "object") throw new $TypeError(`Module "${name}" must be a string or an object.`);
    const keys = ObjectKeys(spec);
    if (keys.length !== 1 || ArrayPrototypeIndexOf(moduleKinds, keys[0]) < 0) {
      throw new $TypeError(`Module "${name}" must have exactly one of the properties js, cjs, text, data, json, wasm.`);
    }
    const kind = keys[0];
    const value = spec[kind];
    switch (kind) {
      case "js":
      case "text":
        if (typeof value !== "string") throw new $TypeError(`Module "${name}": "${kind}" must be a string.`);
        break;
      case "data":
        if (!isArrayBuffer(value) && !ArrayBufferIsView(value)) throw new $TypeError(`Module "${name}": "data" must be an ArrayBuffer.`);
        break;
      case "json":
        break;
      case "cjs":
        throw new $TypeError(`Module "${name}": CommonJS modules are not supported; use an ES module.`);
      case "wasm":
        throw new $TypeError(`Module "${name}": WebAssembly modules are not supported.`);
      default:
        throw new $TypeError(`Module "${name}": "${kind}" modules are not supported.`);
    }
    moduleRegistry.set(name, { __proto__: null, kind, value });
  }
}

async function loadWorker(payload) {
  if (loadedWorker !== null) throw new $Error("A worker is already loaded in this isolate.");
  moduleRegistry.clear(); // nothing of an earlier, failed LOAD stays importable
  const code = wireDecode(payload);
  if (code === null || typeof code !== "object") throw new $TypeError("WorkerCode must be an object.");
  const mainModule = code.mainModule;
  if (typeof mainModule !== "string") throw new $TypeError("WorkerCode.mainModule must be a string.");
  registerModules(code.modules);
  if (!moduleRegistry.has(mainModule)) throw new $TypeError(`The main module "${mainModule}" is not one of the modules.`);
  if (moduleRegistry.get(mainModule).kind !== "js") throw new $TypeError(`The main module "${mainModule}" must be a JavaScript module.`);
  const env = code.env === undefined || code.env === null ? {} : code.env;
  workerEnv = env;
  const namespace = await import(mainModule);
  loadedWorker = { __proto__: null, namespace, env };
  const exports = {};
  const names = ObjectKeys(namespace);
  for (let i = 0; i < names.length; i++) {
    ObjectDefineProperty(exports, names[i], dataDescriptor(exportKind(namespace[names[i]]), true));
  }
  return sealResult(wireEncode({ exports }));
}
let workerEnv;

// The bytes a call resolves to, made unable to look like a thenable: promise resolution looks
// up `then` on the value, and a worker could have defined Object.prototype.then.
function sealResult(buffer) {
  ObjectSetPrototypeOf(buffer, null);
  return buffer;
}

// Whether an exported function is a class, decided once per function: telling a plain class
// from a function reads its source text (isClassExport), too slow to repeat on every call.
const functionExportKinds = newSafeWeakMap(); // function -> "class" | "function"

function exportKind(v) {
  if (typeof v === "function") {
    let kind = functionExportKinds.get(v);
    if (kind === undefined) {
      kind = isClassExport(v) ? "class" : "function";
      functionExportKinds.set(v, kind);
    }
    return kind;
  }
  if (v !== null && typeof v === "object") return "object";
  return "value";
}

function moduleSource(name) {
  name = $String(name);
  if (name === "cloudflare:workers") return { exports: workersModuleExports(workerEnv) };
  const module = moduleRegistry.get(name);
  if (module === undefined) throw new $Error(`No such module "${name}".`);
  switch (module.kind) {
    case "js":
      return module.value;
    case "text":
      return { exports: { default: module.value } };
    case "data": {
      const range = bufferSourceRange(module.value, "A data module");
      return { exports: { default: ArrayBufferPrototypeSlice(range[0], range[1], range[1] + range[2]) } };
    }
    case "json": {
      let value = module.value;
      if (typeof value === "string") {
        try {
          value = JSONParse(value);
        } catch (e) {
          throw new $SyntaxError(`Module "${name}" is not valid JSON: ${safeString(e && e.message)}`);
        }
      }
      return { exports: { default: value } };
    }
  }
  throw new $Error(`No such module "${name}".`);
}

// ---- DISPATCH ----

// One call's context: what ctx is made of, and its state (the ctx.waitUntil() promises, in an
// array made by the first one). The ctx object itself is made only when something receives it
// (callContextObject): a live Durable Object keeps the ctx of its first call, so most calls to
// it never need one.
function newCallContext(call) {
  return {
    __proto__: null,
    props: call.props === undefined ? {} : call.props,
    extra: isolateCtxExtra,
    ctx: null,
    state: { __proto__: null, pending: null },
  };
}

function addWaitUntil(state, promise) {
  const settled = PromiseResolve(promise);
  if (state.pending === null) state.pending = [];
  state.pending[state.pending.length] = settled;
}

function callContextObject(context) {
  if (context.ctx === null) context.ctx = makeCtx(context.props, context.extra, context.state);
  return context.ctx;
}

function makeCtx(props, extra, state) {
  const ctx = {
    props,
    // The call in flight's list, not only this ctx's own call's: a live Durable Object keeps the
    // ctx of its first call, and waitUntil() on a later call must extend that later call.
    waitUntil(promise) {
      addWaitUntil(currentCallContext !== null ? currentCallContext : state, promise);
    },
    passThroughOnException() {},
  };
  // Extra per-call bindings the host may pass (e.g. a Durable Object's id or storage).
  if (extra !== null && typeof extra === "object") {
    const keys = ObjectKeys(extra);
    for (let i = 0; i < keys.length; i++) ObjectDefineProperty(ctx, keys[i], dataDescriptor(extra[keys[i]], true));
  }
  return ctx;
}

// The value of an RPC member (a getter's result): own or inherited, but not from
// Object.prototype or the bases; throws if there is none.
function rpcMember(target, method) {
  if (typeof method !== "string" || method === "constructor" || method === "") {
    throw new $TypeError(`The RPC receiver does not implement the method "${safeString(method)}".`);
  }
  for (let o = target; o !== null && !rpcStopPrototypes.has(o); o = ObjectGetPrototypeOf(o)) {
    const desc = ObjectGetOwnPropertyDescriptor(o, method);
    if (desc !== undefined) return desc.get !== undefined ? ReflectApply(desc.get, target, []) : desc.value;
  }
  throw new $TypeError(`The RPC receiver does not implement the method "${method}".`);
}

// How a call's answer reaches C. When the handler has answered, with a value or with a promise
// of the engine's own Promise (what any async handler returns), dispatchCall keeps the value,
// hands such a promise to C (natives.awaitAnswer) and returns ANSWERED. C then drains the job
// queue until the promise has settled and calls finishCall with the outcome, which encodes the
// answer. No promise of the prelude's own, no await, no job of its own: those were a quarter to
// 40% of a small call's instructions. Anything else (a thenable of the worker's making, a
// handler that threw, a body still streaming, ctx.waitUntil() promises) takes completeCall,
// which awaits what is left and resolves to the bytes.
//
// For the worker this means: its call is in flight, and ctx.waitUntil() works, until its answer
// has settled and no microtask is left; microtasks that change the answer before then are seen.
const ANSWERED = true;
const ANSWERED_NOW = 0; // finishCall's outcomes, as C passes them
const ANSWER_FULFILLED = 1;
const ANSWER_REJECTED = 2;
let answeredContext = null; // the call that answered, until finishCall
let answeredType;
let answeredValue; // what the handler returned (for a promise handed to C, C passes its outcome)

function dispatchCall(payload) {
  if (loadedWorker === null) throw new $Error("No worker is loaded in this isolate.");
  const call = wireDecode(payload);
  if (call === null || typeof call !== "object") throw new $TypeError("A call must be an object.");
  // The host sends ctx's extra bindings once per isolate (they do not change between its calls,
  // and decoding them cost as much as the rest of a small call): a call without them has the
  // last ones this isolate was sent. Kept before anything can throw, since the host counts
  // them as delivered.
  if (call.ctx !== undefined) isolateCtxExtra = call.ctx;
  const type = call.type;
  if (type !== "fetch" && type !== "call") throw new $TypeError(`Unknown call type "${safeString(type)}".`);
  const name = call.entrypoint === undefined || call.entrypoint === null ? "default" : $String(call.entrypoint);
  const namespace = loadedWorker.namespace;
  const env = loadedWorker.env;
  if (!ObjectHasOwn(namespace, name)) throw new $TypeError(`The worker has no export named "${name}".`);
  const exported = namespace[name];
  const kind = exportKind(exported);
  const context = newCallContext(call);
  const args = call.args === undefined ? [] : call.args;
  if (!ArrayIsArray(args)) throw new $TypeError("A call's args must be an array.");

  let value;
  currentCallContext = context.state;
  try {
    let instance = null;
    if (kind === "class") {
      if (isDurableObjectClass(exported)) {
        instance = durableObjectInstances.get(name);
        if (instance === undefined) {
          instance = new exported(callContextObject(context), env);
          durableObjectInstances.set(name, instance);
        }
      } else {
        instance = new exported(callContextObject(context), env);
      }
    } else if (kind === "value") {
      throw new $TypeError(`The export "${name}" is not a handler.`);
    }
    value = type === "fetch" ? callFetchHandler(call, kind, instance, exported, env, context) : callMethod(call, name, kind, instance, exported, args, env, context);
  } catch (e) {
    return completeCall(context, type, e, true);
  }
  // As `await` would: a Promise with the intrinsic constructor is waited for directly, without
  // calling its `then`; any other thenable is awaited the usual way.
  if (isThenable(value) && (value.constructor !== $Promise || !nativeAwaitAnswer(value))) {
    return completeCall(context, type, value, false);
  }
  answeredContext = context;
  answeredType = type;
  answeredValue = value;
  return ANSWERED;
}

function isThenable(value) {
  return value !== null && (typeof value === "object" || typeof value === "function") && typeof value.then === "function";
}

function callFetchHandler(call, kind, instance, exported, env, context) {
  const request = call.request;
  if (!isRequestObject(request)) throw new $TypeError("A fetch call needs a Request.");
  const target = instance !== null ? instance : exported;
  const handler = kind === "function" ? undefined : target.fetch;
  if (typeof handler !== "function") throw new $TypeError("Handler does not export a fetch() function.");
  return instance !== null ? ReflectApply(handler, instance, [request]) : ReflectApply(handler, exported, [request, env, callContextObject(context)]);
}

// What an RPC call's handler returns (a member that is not a function: its value).
function callMethod(call, name, kind, instance, exported, args, env, context) {
  if (call.method === undefined || call.method === null) {
    if (kind !== "function") throw new $TypeError(`The export "${name}" is not a function; name a method to call.`);
    return ReflectApply(exported, undefined, args);
  }
  const target = instance !== null ? instance : exported;
  const member = rpcMember(target, call.method);
  if (typeof member !== "function") return member;
  if (kind === "object") {
    const fullArgs = ArrayPrototypeSlice(args);
    fullArgs[fullArgs.length] = env;
    fullArgs[fullArgs.length] = callContextObject(context);
    return ReflectApply(member, target, fullArgs);
  }
  return ReflectApply(member, target, args);
}

// The general way, from the handler's result (or what it threw, when `threw`).
async function completeCall(context, type, value, threw) {
  let result;
  try {
    if (threw) throw value;
    value = await value;
    if (type === "fetch") {
      checkResponse(value);
      await settleBody(responseInternals.body(value));
    }
    result = wireEncode(value);
  } finally {
    // Without waitUntil() promises, one plain await takes the one tick that awaiting an empty
    // drain took: the worker's microtasks see the call end (and waitUntil() stop working) at
    // the same point.
    if (context.state.pending !== null) await drainWaitUntil(context.state);
    else await undefined;
    currentCallContext = null;
  }
  return sealResult(result);
}

// The bytes of a call that dispatchCall answered, once C has drained the job queue: outcome
// ANSWERED_NOW (the value kept above), ANSWER_FULFILLED or ANSWER_REJECTED (the handed promise's
// value or reason). A promise of the bytes when there is still something to wait for: a response
// body still streaming, ctx.waitUntil() promises, or an error to report after the same tick as
// completeCall would.
function finishCall(outcome, value) {
  const context = answeredContext;
  const type = answeredType;
  if (context === null) throw new $Error("No answered call is waiting to finish.");
  if (outcome === ANSWERED_NOW) value = answeredValue;
  answeredContext = answeredValue = null;
  if (outcome === ANSWER_REJECTED) return completeCall(context, type, value, true);
  let result;
  try {
    if (type === "fetch") {
      checkResponse(value);
      const body = responseInternals.body(value);
      if (body !== null && body.stream !== null) return completeCall(context, type, value, false);
    }
    result = wireEncode(value);
  } catch (e) {
    return completeCall(context, type, e, true);
  }
  // Checked after encoding: the JS encoder runs getters, which may call waitUntil() too.
  if (context.state.pending !== null) return answerAfterWaitUntil(context.state, result);
  currentCallContext = null;
  return sealResult(result);
}

async function answerAfterWaitUntil(state, result) {
  try {
    await drainWaitUntil(state);
  } finally {
    currentCallContext = null;
  }
  return sealResult(result);
}

function checkResponse(value) {
  if (!isResponseObject(value)) throw new $TypeError("Incorrect type for Promise: the Promise did not resolve to 'Response'.");
}

// Waits for every ctx.waitUntil() promise, including ones added while waiting; logs failures.
async function drainWaitUntil(state) {
  for (let i = 0; i < state.pending.length; i++) {
    try {
      await state.pending[i];
    } catch (e) {
      reportCallbackError(e);
    }
  }
}

// ---- errors ----

function errorNameOf(e) {
  try {
    const name = e.name;
    if (typeof name === "string") return name;
  } catch {}
  return "Error";
}

function errorMessageOf(e) {
  try {
    const message = e.message;
    if (message === undefined) return "";
    return typeof message === "string" ? message : safeString(message);
  } catch {
    return "(the error's message could not be read)";
  }
}

// Never throws: a hostile thrown value (throwing getters, a Proxy) falls back to generic text.
function encodeError(e) {
  try {
    let name = "Error";
    let message;
    let stack;
    let cause;
    const isError = e !== null && typeof e === "object" && isErrorObject(e);
    if (isError) {
      name = errorNameOf(e);
      message = errorMessageOf(e);
      try {
        const s = e.stack;
        if (typeof s === "string") stack = s;
      } catch {}
      try {
        if (ObjectHasOwn(e, "cause")) cause = e.cause;
      } catch {}
    } else {
      message = typeof e === "string" ? e : safeString(e);
    }
    // If the cause cannot be encoded, the error goes without it.
    try {
      return encodeErrorParts(name, message, stack, e, cause);
    } catch {
      return encodeErrorParts(name, message, stack, null, undefined);
    }
  } catch {
    try {
      return encodeErrorParts("Error", "An error was thrown that could not be described.", undefined, null, undefined);
    } catch {
      return undefined; // out of memory: C falls back to its own fixed error
    }
  }
}

// ---- hooks ----

const hooks = {
  __proto__: null,
  // Not itself async: it hands C the operation's own promise, so that no `then` lookup (which
  // worker code could have redefined on Promise.prototype) sits between the two.
  invoke(op, payload) {
    if (op === OP_LOAD) return loadWorker(payload);
    if (op === OP_DISPATCH) return dispatchCall(payload);
    return PromiseReject(new $TypeError(`Unknown operation ${op}.`));
  },
  finishCall,
  encodeError,
  nextTimer: nextTimerDelay,
  runTimers: runDueTimer,
  reportJobError(e) {
    reportCallbackError(e);
  },
  moduleSource,
  pendingExports: ObjectCreate(null),
  internals: {
    __proto__: null, encode: wireEncode, decode: wireDecode, encodeJs: wireEncodeJs, decodeJs: wireDecodeJs,
    // The native fast path alone: undefined / fastGaveUp where it leaves a value to the JS codec.
    encodeFast: (value) => nativeWireEncodeFast(value, exoticWireParts),
    decodeFast: (buffer) => nativeWireDecodeFast(buffer, fastDecodeHelpers, fastDecodeGaveUp),
    fastGaveUp: fastDecodeGaveUp,
    parseSimpleURL: nativeParseSimpleURL,
    parseForm: nativeParseFormURLEncoded,
    parseFormJs,
    hostRef: makeHostStub, stubTarget: hostStubTarget,
  },
};
