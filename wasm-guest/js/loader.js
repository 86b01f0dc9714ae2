// loader.js: the isolate side of a Worker Loader binding (a host reference of kind "loader",
// e.g. env.LOADER), which must call the worker's getCode callback lazily: functions cannot
// cross the wire.
//
//   LOADER.get(id, getCode) / LOADER.load(code)   a worker stub, at once (no host call)
//   worker.getEntrypoint(name?, {props?, limits?})  an entrypoint stub, at once
//   entrypoint.fetch(input, init) / .anyMethod(...args)   async; on first use the stub asks
//   the host for the worker, and supplies the code when the host has none:
//
//   {op: "loader.get", loader, id}          -> a worker handle (any value), or null: code needed
//   {op: "loader.load", loader, id, code}   -> a worker handle (getCode's result, a WorkerCode)
//   {op: "loader.call", worker, entrypoint, props, limits?, call}   -> the call's result, where
//        `call` is a DISPATCH call value without entrypoint/props: {type: "fetch", request} or
//        {type: "call", method, args}; `limits` ({cpuMs?, subRequests?}) lowers the code's for it
//
// `loader` is the binding's own reference; `id` is null for load() (a fresh worker each time,
// so "loader.get" is skipped). getDurableObjectClass(name?, {props?, limits?}) gives a handle only
// ctx.facets.get() uses (objects.js). The host checks `limits`; here it is only carried.
//
// WorkerCode.globalOutbound goes to the host as is (null, or a host stub such as a Durable
// Object stub or a ctx.exports entrypoint), except an entrypoint of another dynamic worker: not a
// host reference (its worker may not be loaded yet), it is resolved first and sent as the
// reference {kind: "workerEntrypoint", id: {worker: <handle>, entrypoint, props?, limits?}}.

stubAdapters.loader = (ref) => new WorkerLoader(loaderKey, ref);
const loaderKey = $Symbol("WorkerLoader");

class WorkerLoader {
  #ref;
  constructor(key, ref) {
    if (key !== loaderKey) throw new $TypeError("Illegal constructor");
    this.#ref = ref;
  }
  get(id, getCode) {
    if (id !== null) id = $String(id);
    if (typeof getCode !== "function") throw new $TypeError("The second argument of get() must be a function returning the worker's code.");
    return new DynamicWorker(loaderKey, this, id, getCode);
  }
  load(code) {
    return new DynamicWorker(loaderKey, this, null, () => code);
  }
}
setToStringTag(WorkerLoader, "WorkerLoader");

let callDynamicWorker; // set by DynamicWorker's static block
let resolveDynamicWorker; // likewise: worker -> promise of the host's handle (objects.js, facets)

class DynamicWorker {
  #loader;
  #id;
  #getCode;
  #handle = undefined; // the host's handle once known
  #pending = null; // the promise resolving the handle, shared by concurrent first calls

  constructor(key, loader, id, getCode) {
    if (key !== loaderKey) throw new $TypeError("Illegal constructor");
    this.#loader = loader;
    this.#id = id;
    this.#getCode = getCode;
  }
  getEntrypoint(name = undefined, options = undefined) {
    const entrypoint = name === undefined || name === null ? null : $String(name);
    return makeEntrypointStub(this, entrypoint, optionValue(options, "props"), optionValue(options, "limits"));
  }
  // An opaque handle for ctx.facets.get()'s {class} (objects.js).
  getDurableObjectClass(name = undefined, options = undefined) {
    const className = name === undefined || name === null ? null : $String(name);
    return newDurableObjectClass(this, className, optionValue(options, "props"), optionValue(options, "limits"));
  }
  async #resolve() {
    if (this.#handle !== undefined) return this.#handle;
    if (this.#pending === null) {
      this.#pending = (async () => {
        let handle = null;
        if (this.#id !== null) handle = hostRequest({ op: "loader.get", loader: this.#loader, id: this.#id });
        if (handle === null || handle === undefined) {
          const code = await withOutboundReference(await this.#getCode());
          handle = hostRequest({ op: "loader.load", loader: this.#loader, id: this.#id, code });
        }
        this.#handle = handle;
        return handle;
      })();
      // A failed load is retried by the next call.
      PromisePrototypeThen(this.#pending, undefined, () => {
        this.#pending = null;
      });
    }
    return this.#pending;
  }
  static {
    callDynamicWorker = async (worker, entrypoint, props, limits, call) => {
      const handle = await worker.#resolve();
      const message = { op: "loader.call", worker: handle, entrypoint, props, call };
      if (limits !== undefined) message.limits = limits;
      return hostRequest(message);
    };
    resolveDynamicWorker = (worker) => worker.#resolve();
  }
}
setToStringTag(DynamicWorker, "DynamicWorker");

// options[name] of getEntrypoint()/getDurableObjectClass(), undefined when options is absent.
function optionValue(options, name) {
  return options !== undefined && options !== null ? options[name] : undefined;
}

const entrypointStubParts = newSafeWeakMap(); // entrypoint stub -> {worker, entrypoint, props, limits}

function makeEntrypointStub(worker, entrypoint, props, limits) {
  const stub = makeForwardingStub("EntrypointStub {}", "worker", (call) => callDynamicWorker(worker, entrypoint, props, limits, call));
  entrypointStubParts.set(stub, { __proto__: null, worker, entrypoint, props, limits });
  return stub;
}

async function withOutboundReference(code) {
  if (code === null || typeof code !== "object") return code;
  const outbound = code.globalOutbound;
  const parts = outbound !== null && typeof outbound === "object" ? entrypointStubParts.get(outbound) : undefined;
  if (parts === undefined) return code;
  const id = { worker: await resolveDynamicWorker(parts.worker), entrypoint: parts.entrypoint };
  if (parts.props !== undefined) id.props = parts.props;
  if (parts.limits !== undefined) id.limits = parts.limits;
  return { ...code, globalOutbound: makeHostStub("workerEntrypoint", id) };
}
