// stubs.js: host references (wire tag 0x14) and host requests.
//
// A host reference is a binding the host hands the worker (a service, a Durable Object
// namespace, a loader): {kind, id}. JS sees a stub; reading any property gives a method that
// forwards the call to the host as one host request:
//
//   {op: "callStub", stub, method, args}        -> the method's result
//
// where `stub` is the reference itself (it encodes back to tag 0x14). Stub methods return
// promises (RPC is asynchronous on the platform). `stub.fetch(input, init)` first builds a
// Request as fetch() does. A stub is not thenable (`then` is undefined), so it can be awaited
// and returned from async functions.
//
// Kinds that need behaviour in the isolate register an adapter (loader.js for "loader", objects.js
// for Durable Object kinds, and "entrypoint" below).

const hostStubTargets = newSafeWeakMap(); // stub -> {kind, id}
const stubAdapters = { __proto__: null }; // kind -> (ref) => object
const hostStubPrototype = ObjectFreeze(ObjectCreate(null));

// Traps every stub's Proxy shares: stubs cannot be changed (returning false makes the
// operation throw in strict code, as a frozen object's would).
const refuseStubChange = () => false;
// `in` on a stub: every string property but "then" is a method (a stub must not look thenable).
const stubHasProperty = (target, prop) => typeof prop === "string" && prop !== "then";

function isHostStub(o) {
  return hostStubTargets.has(o);
}

function hostStubTarget(o) {
  return hostStubTargets.get(o);
}

// One request to the host: encode, call, decode the [ok, value] reply; throws the error value.
function hostRequest(message) {
  const bytes = wireEncode(message);
  const replyBuffer = nativeHostCall(bytes, 0, ArrayBufferPrototypeByteLength(bytes));
  const reply = wireDecode(replyBuffer);
  if (!ArrayIsArray(reply) || reply.length !== 2 || typeof reply[0] !== "boolean") {
    throw new $TypeError("The host sent a malformed reply.");
  }
  if (reply[0]) return reply[1];
  throw reply[1];
}

// The generic stub: a Proxy over an empty target, every string property a forwarding method.
function makeHostStub(kind, id) {
  const ref = { __proto__: null, kind, id };
  const adapter = stubAdapters[kind];
  if (adapter !== undefined) {
    const stub = adapter(ref);
    hostStubTargets.set(stub, ref);
    return stub;
  }
  let methods = null; // made by the first method read
  let stub;
  const handler = {
    __proto__: null,
    get(target, prop) {
      if (typeof prop === "symbol") {
        if (prop === inspectCustom) return () => `HostStub { kind: ${quoteString(kind)} }`;
        if (prop === SymbolToStringTag) return "HostStub";
        return undefined;
      }
      if (prop === "then" || prop === "toJSON" || prop === "constructor") return undefined;
      if (methods === null) methods = newSafeMap();
      return hostStubMethod(methods, stub, prop);
    },
    set: refuseStubChange,
    defineProperty: refuseStubChange,
    deleteProperty: refuseStubChange,
    has: stubHasProperty,
  };
  // The target's prototype is neither Object.prototype nor null, so the encoder takes the
  // path that recognises stubs rather than the plain-object fast path.
  stub = new $Proxy(ObjectCreate(hostStubPrototype), handler);
  hostStubTargets.set(stub, ref);
  return stub;
}

// ctx.exports.<Name> for one of the worker's own entrypoints: a loopback Fetcher, the host
// reference {kind: "entrypoint", id: {name, props?}}. Calling it, ctx.exports.Name({props}),
// gives the same entrypoint with those props as its ctx.props.
stubAdapters.entrypoint = (ref) => {
  const id = ref.id;
  if (id === null || typeof id !== "object" || typeof id.name !== "string") throw new $TypeError("Malformed entrypoint reference.");
  const name = id.name;
  let methods = null; // made by the first method read
  let stub;
  // An arrow function as the target: callable, and without a non-configurable `prototype`.
  stub = new $Proxy(() => {}, {
    __proto__: null,
    apply(target, thisArg, args) {
      const options = args[0];
      const props = options !== null && typeof options === "object" ? options.props : undefined;
      return makeHostStub("entrypoint", props === undefined ? { name } : { name, props });
    },
    get(target, prop) {
      if (typeof prop === "symbol") {
        if (prop === inspectCustom) return () => `Fetcher { entrypoint: ${quoteString(name)} }`;
        if (prop === SymbolToStringTag) return "Fetcher";
        return undefined;
      }
      if (prop === "then" || prop === "toJSON" || prop === "constructor") return undefined;
      if (methods === null) methods = newSafeMap();
      return hostStubMethod(methods, stub, prop);
    },
    set: refuseStubChange,
    defineProperty: refuseStubChange,
    deleteProperty: refuseStubChange,
  });
  return stub;
};

// The method property `prop` of a host stub gives (cached in `methods`): fetch() builds a Request
// first; any other name is an RPC method.
function hostStubMethod(methods, stub, prop) {
  let method = methods.get(prop);
  if (method === undefined) {
    method = prop === "fetch" ? (input, init) => stubFetch(stub, input, init) : (...args) => callStub(stub, prop, args);
    methods.set(prop, method);
  }
  return method;
}

function callStub(stub, method, args) {
  try {
    return PromiseResolve(hostRequest({ op: "callStub", stub, method, args }));
  } catch (e) {
    return PromiseReject(e);
  }
}

async function stubFetch(stub, input, init) {
  const request = prepareOutgoingRequest(input, init);
  await settleBody(requestInternals.body(request));
  const response = hostRequest({ op: "callStub", stub, method: "fetch", args: [request] });
  if (!isResponseObject(response)) throw new $TypeError("The service did not answer with a Response.");
  return response;
}

// A stub that is not a host reference (it cannot cross the wire): `send(call)` delivers a DISPATCH
// call value ({type: "fetch", request} or {type: "call", method, args}) and returns a promise of
// the result. fetch() builds the Request as fetch() does; every other property is an RPC method.
// Used for dynamic workers' entrypoints (loader.js) and facets (objects.js).
function makeForwardingStub(description, what, send) {
  const methods = newSafeMap();
  return new $Proxy(ObjectCreate(hostStubPrototype), {
    __proto__: null,
    get(target, prop) {
      if (typeof prop === "symbol") return prop === inspectCustom ? () => description : undefined;
      if (prop === "then" || prop === "toJSON" || prop === "constructor") return undefined;
      let method = methods.get(prop);
      if (method === undefined) {
        method = prop === "fetch"
          ? async (input, init) => {
            const request = prepareOutgoingRequest(input, init);
            await settleBody(requestInternals.body(request));
            const response = await send({ type: "fetch", request });
            if (!isResponseObject(response)) throw new $TypeError(`The ${what} did not answer with a Response.`);
            return response;
          }
          : (...args) => send({ type: "call", method: prop, args });
        methods.set(prop, method);
      }
      return method;
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

// new Request(input, init), refusing an already aborted signal.
function prepareOutgoingRequest(input, init) {
  const request = input !== null && typeof input === "object" && isRequestObject(input) && init === undefined ? input : new Request(input, init);
  const signal = requestInternals.signal(request);
  if (signal !== null && signal.aborted) throw signal.reason;
  return request;
}
