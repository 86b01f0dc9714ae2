// objects.js: Durable Objects in the isolate: namespaces (host references of kind "namespace",
// e.g. env.COUNTER), ids, stubs, and the per-object parts of a Durable Object's ctx.
//
//   namespace.idFromName(name)   {op: "objects.idFromName", namespace, name} -> 64 hex digits
//                                (the host hashes it, so it is the same after a restart; the
//                                isolate keeps recent answers, see idHexFromName)
//   namespace.newUniqueId()      random, made here
//   namespace.idFromString(hex)  checked here: 64 lowercase hex digits
//   namespace.get(id) / getByName(name)   a stub, at once (no host call)
//   stub.fetch(input, init) / await stub.method(...args)   {op: "callStub", stub, method, args},
//                                as for any host stub (stubs.js)
//
// References the host sends: {kind: "namespace", id: binding}, {kind: "object", id: {namespace,
// id, name}} (a stub passed across the wire), {kind: "objectId", id: {namespace, id, name}}
// (ctx.id), and the ctx functions {kind: "object.abort"} and {kind:
// "object.blockConcurrencyWhile"}. Ids and stubs made here are registered as host stubs, so
// they cross the wire (RPC arguments, results) as those same references.
//
// Facets: ctx.facets is the host reference {kind: "facets"}. A facet stub asks the host whether
// the facet runs, and if not runs the getOptions callback and starts it, then forwards the call:
//
//   {op: "facets.running", name} -> boolean
//   {op: "facets.start", name, worker, className, id?, props?, limits?}   worker: a dynamic worker's
//                                handle (loader.js); id: the facet's ctx.id (a DurableObjectId or
//                                a string; omitted: the parent's ctx.id); props and limits: the
//                                options of getDurableObjectClass() (ctx.props; lower limits)
//   {op: "facets.call", name, call} -> the result    call: {type: "fetch", request} | {type: "call", method, args}
//   {op: "facets.abort", name, reason} / {op: "facets.delete", name} / {op: "facets.clone", source, destination}

const objectsKey = $Symbol("DurableObjects");
const objectIdPattern = new $RegExp("^[0-9a-f]{64}$");

// Ids already checked against objectIdPattern. ctx.id comes with every call to an object, and
// looking a known id up costs less than running the pattern (which builds a match array).
// Bounded; when full it starts over.
const checkedObjectIdHexes = newSafeSet();
const checkedObjectIdHexesSize = 256;

function isObjectIdHex(s) {
  if (typeof s !== "string") return false;
  if (checkedObjectIdHexes.has(s)) return true;
  if (!RegExpPrototypeTest(objectIdPattern, s)) return false;
  if (checkedObjectIdHexes.size >= checkedObjectIdHexesSize) checkedObjectIdHexes.clear();
  checkedObjectIdHexes.add(s);
  return true;
}

stubAdapters.namespace = (ref) => {
  if (typeof ref.id !== "string") throw new $TypeError("Malformed Durable Object namespace reference.");
  return new DurableObjectNamespace(objectsKey, ref.id);
};
stubAdapters.object = (ref) => {
  const parts = objectRefParts(ref.id);
  return makeObjectStub(newObjectId(parts.namespace, parts.id, parts.name), parts);
};
stubAdapters.objectId = (ref) => {
  const parts = objectRefParts(ref.id);
  // Not newObjectId: makeHostStub registers the id with the reference as it came.
  return new DurableObjectId(objectsKey, parts.namespace, parts.id, parts.name);
};
stubAdapters["object.abort"] = () => function abort(reason) {
  const message = reason === undefined ? "The Durable Object was aborted." : `The Durable Object was aborted: ${safeString(reason)}`;
  hostRequest({ op: "objects.abort", reason: message });
  throw new $Error(message);
};
// Events to one object already run one at a time, so there is nothing else to hold off. As on
// the platform, a callback that throws resets the object (its isolate goes after this event).
stubAdapters["object.blockConcurrencyWhile"] = () => async function blockConcurrencyWhile(callback) {
  if (typeof callback !== "function") throw new $TypeError("blockConcurrencyWhile() needs a function.");
  try {
    return await callback();
  } catch (e) {
    hostRequest({ op: "objects.abort", reason: `blockConcurrencyWhile() callback threw: ${safeString(errorMessageOf(e))}` });
    throw e;
  }
};

function objectRefParts(v) {
  if (v === null || typeof v !== "object" || typeof v.namespace !== "string" || !isObjectIdHex(v.id)) {
    throw new $TypeError("Malformed Durable Object reference.");
  }
  const name = typeof v.name === "string" ? v.name : undefined;
  return { __proto__: null, namespace: v.namespace, id: v.id, name };
}

function objectRefId(namespace, hex, name) {
  const id = { namespace, id: hex };
  if (name !== undefined) id.name = name;
  return id;
}

let objectIdParts; // set by DurableObjectId's static block: id -> {namespace, id, name} or undefined

class DurableObjectId {
  #namespace;
  #hex;
  #name;
  constructor(key, namespace, hex, name) {
    if (key !== objectsKey) throw new $TypeError("Illegal constructor");
    this.#namespace = namespace;
    this.#hex = hex;
    this.#name = name;
  }
  get name() {
    return this.#name;
  }
  toString() {
    return this.#hex;
  }
  toJSON() {
    return this.#hex;
  }
  equals(other) {
    const parts = objectIdParts(other);
    return parts !== undefined && parts.id === this.#hex && parts.namespace === this.#namespace;
  }
  static {
    objectIdParts = (o) => {
      if (o === null || typeof o !== "object" || !(#hex in o)) return undefined;
      return { __proto__: null, namespace: o.#namespace, id: o.#hex, name: o.#name };
    };
  }
}
setToStringTag(DurableObjectId, "DurableObjectId");

function newObjectId(namespace, hex, name) {
  const id = new DurableObjectId(objectsKey, namespace, hex, name);
  hostStubTargets.set(id, { __proto__: null, kind: "objectId", id: objectRefId(namespace, hex, name) });
  return id;
}

function randomObjectHex() {
  const bytes = new $Uint8Array(32);
  nativeFillRandom(TypedArrayPrototypeGetBuffer(bytes), 0, 32);
  let hex = "";
  for (let i = 0; i < 32; i++) hex += StringPrototypePadStart(NumberPrototypeToString(bytes[i], 16), 2, "0");
  return hex;
}

// idFromName() answers, per namespace binding: name -> hex. The host's answer is a hash of the
// binding and the name, so it never changes, and an isolate serves many requests: a recent name
// needs no host request. Bounded; when a namespace's table is full it starts over.
const idHexByBindingAndName = newSafeMap(); // binding -> (name -> hex)
const idHexCacheSize = 256;

function idHexFromName(binding, name) {
  let byName = idHexByBindingAndName.get(binding);
  if (byName === undefined) {
    byName = newSafeMap();
    idHexByBindingAndName.set(binding, byName);
  }
  let hex = byName.get(name);
  if (hex === undefined) {
    hex = hostRequest({ op: "objects.idFromName", namespace: binding, name });
    if (!isObjectIdHex(hex)) throw new $TypeError("The host sent a malformed Durable Object id.");
    if (byName.size >= idHexCacheSize) byName.clear();
    byName.set(name, hex);
  }
  return hex;
}

class DurableObjectNamespace {
  #binding;
  constructor(key, binding) {
    if (key !== objectsKey) throw new $TypeError("Illegal constructor");
    this.#binding = binding;
  }
  idFromName(name) {
    if (name === undefined && nativeArgCount() === 0) throw new $TypeError("idFromName() needs a name.");
    name = $String(name);
    return newObjectId(this.#binding, idHexFromName(this.#binding, name), name);
  }
  newUniqueId(options = undefined) {
    return newObjectId(this.#binding, randomObjectHex(), undefined);
  }
  idFromString(hex) {
    hex = $String(hex);
    if (!isObjectIdHex(hex)) throw new $TypeError("Invalid Durable Object ID: it must be 64 lowercase hex digits.");
    return newObjectId(this.#binding, hex, undefined);
  }
  get(id, options = undefined) {
    const parts = objectIdParts(id);
    if (parts === undefined) throw new $TypeError("get() needs a DurableObjectId (from idFromName, newUniqueId or idFromString).");
    if (parts.namespace !== this.#binding) throw new $TypeError("This DurableObjectId belongs to a different Durable Object namespace.");
    return makeObjectStub(id, parts);
  }
  getByName(name, options = undefined) {
    return this.get(this.idFromName(name), options);
  }
  jurisdiction(name) {
    return this;
  }
}
setToStringTag(DurableObjectNamespace, "DurableObjectNamespace");

// A stub: `id` and `name` are its own; `fetch` builds a Request; any other property is an RPC
// method forwarded to the object as {op: "callStub"}.
// `parts`: objectIdParts(id), which the caller has already.
function makeObjectStub(id, parts) {
  let methods = null; // made by the first method read
  let stub;
  stub = new $Proxy(ObjectCreate(hostStubPrototype), {
    __proto__: null,
    get(target, prop) {
      if (typeof prop === "symbol") {
        if (prop === inspectCustom) return () => `DurableObjectStub { id: ${parts.id} }`;
        if (prop === SymbolToStringTag) return "DurableObjectStub";
        return undefined;
      }
      if (prop === "id") return id;
      if (prop === "name") return parts.name;
      if (prop === "then" || prop === "toJSON" || prop === "constructor") return undefined;
      if (methods === null) methods = newSafeMap();
      return hostStubMethod(methods, stub, prop);
    },
    set: refuseStubChange,
    defineProperty: refuseStubChange,
    deleteProperty: refuseStubChange,
    has: stubHasProperty,
  });
  hostStubTargets.set(stub, { __proto__: null, kind: "object", id: objectRefId(parts.namespace, parts.id, parts.name) });
  return stub;
}

// ---- facets ----

const durableObjectClassParts = newSafeWeakMap(); // DurableObjectClass -> {worker, name, props, limits}

// What getDurableObjectClass() returns: opaque, usable only as {class} in ctx.facets.get().
class DurableObjectClass {
  constructor(key) {
    if (key !== objectsKey) throw new $TypeError("Illegal constructor");
  }
}
setToStringTag(DurableObjectClass, "DurableObjectClass");

function newDurableObjectClass(worker, name, props, limits) {
  const handle = new DurableObjectClass(objectsKey);
  durableObjectClassParts.set(handle, { __proto__: null, worker, name, props, limits });
  return handle;
}

stubAdapters.facets = () => new DurableObjectFacets(objectsKey);

// Per facet name: how many times it was aborted or deleted, and why. A stub made before an abort
// throws the reason instead of starting the facet again (the platform's semantics); one made
// after starts it anew. One isolate is one object, so a global map is that object's.
const facetAborts = newSafeMap(); // name -> {count, reason}

function facetAbortCount(name) {
  const entry = facetAborts.get(name);
  return entry === undefined ? 0 : entry.count;
}

function recordFacetAbort(name, reason) {
  facetAborts.set(name, { __proto__: null, count: facetAbortCount(name) + 1, reason });
}

class DurableObjectFacets {
  constructor(key) {
    if (key !== objectsKey) throw new $TypeError("Illegal constructor");
  }
  get(name, getOptions) {
    name = $String(name);
    if (typeof getOptions !== "function") throw new $TypeError("facets.get() needs a function returning {class, id?}.");
    return makeFacetStub(name, getOptions);
  }
  abort(name, reason) {
    name = $String(name);
    hostRequest({ op: "facets.abort", name, reason: reason === undefined ? "" : safeString(reason) });
    recordFacetAbort(name, reason === undefined ? new $Error(`The facet "${name}" was aborted.`) : reason);
  }
  delete(name) {
    name = $String(name);
    hostRequest({ op: "facets.delete", name });
    recordFacetAbort(name, new $Error(`The facet "${name}" was deleted.`));
  }
  clone(source, destination) {
    hostRequest({ op: "facets.clone", source: $String(source), destination: $String(destination) });
  }
}
setToStringTag(DurableObjectFacets, "DurableObjectFacets");

async function ensureFacet(name, getOptions) {
  if (hostRequest({ op: "facets.running", name }) === true) return;
  const options = await getOptions();
  if (options === null || typeof options !== "object") throw new $TypeError("The facets.get() callback must return {class, id?}.");
  const parts = durableObjectClassParts.get(options.class);
  if (parts === undefined) throw new $TypeError("A facet's class must come from getDurableObjectClass() of a dynamic worker.");
  const handle = await resolveDynamicWorker(parts.worker);
  const start = { op: "facets.start", name, worker: handle, className: parts.name === null ? "default" : parts.name };
  if (options.id !== undefined) start.id = facetIdValue(options.id);
  if (parts.props !== undefined) start.props = parts.props;
  if (parts.limits !== undefined) start.limits = parts.limits;
  hostRequest(start);
}

// {id} of a facet's options: what its ctx.id shows (the platform keeps it apart from storage,
// which follows the facet's name). A DurableObjectId crosses the wire as its host reference.
function facetIdValue(id) {
  if (typeof id === "string") return id;
  if (objectIdParts(id) !== undefined) return id;
  throw new $TypeError("A facet's id must be a DurableObjectId or a string.");
}

async function callFacet(name, getOptions, abortsAtCreation, call) {
  if (facetAbortCount(name) !== abortsAtCreation) throw facetAborts.get(name).reason;
  await ensureFacet(name, getOptions);
  return hostRequest({ op: "facets.call", name, call });
}

// A facet stub: not a host stub (it cannot cross the wire), no id or name.
function makeFacetStub(name, getOptions) {
  const aborts = facetAbortCount(name);
  return makeForwardingStub(`FacetStub { name: ${quoteString(name)} }`, "facet", (call) => callFacet(name, getOptions, aborts, call));
}
