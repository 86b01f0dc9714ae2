// workers.js: the built-in module "cloudflare:workers".
//
// Exports: WorkerEntrypoint, DurableObject, WorkflowEntrypoint (base classes whose constructor
// keeps (ctx, env) as this.ctx and this.env), RpcTarget (a marker; its instances cannot cross
// the wire here), env (the worker's env, as given to LOAD), and waitUntil (ctx.waitUntil of the
// call in flight).
//
// The module is synthetic: the C loader makes each own enumerable key of the exports object a
// named export, when it is first imported (after LOAD has set the env).

class WorkerEntrypoint {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}
setToStringTag(WorkerEntrypoint, "WorkerEntrypoint");

class DurableObject {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}
setToStringTag(DurableObject, "DurableObject");

class WorkflowEntrypoint {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}
setToStringTag(WorkflowEntrypoint, "WorkflowEntrypoint");

class RpcTarget {}
setToStringTag(RpcTarget, "RpcTarget");
// Passing RpcTargets by reference needs host support this runtime does not have.
uncloneablePrototypes.add(RpcTarget.prototype);

// Prototypes a callable RPC method may not come from: the bases and Object.
const rpcStopPrototypes = newSafeSet();
rpcStopPrototypes.add(ObjectPrototype);
rpcStopPrototypes.add(FunctionPrototype);
rpcStopPrototypes.add(WorkerEntrypoint.prototype);
rpcStopPrototypes.add(DurableObject.prototype);
rpcStopPrototypes.add(WorkflowEntrypoint.prototype);
rpcStopPrototypes.add(RpcTarget.prototype);

function workersModuleExports(env) {
  return {
    WorkerEntrypoint,
    DurableObject,
    WorkflowEntrypoint,
    RpcTarget,
    env,
    waitUntil(promise) {
      if (currentCallContext === null) throw new $Error("waitUntil() can only be used while a call is in flight.");
      addWaitUntil(currentCallContext, promise);
    },
  };
}

// Whether a function export is a class (instantiated per call) rather than a plain function.
function isClassExport(fn) {
  for (let p = ObjectGetPrototypeOf(fn); p !== null && p !== FunctionPrototype; p = ObjectGetPrototypeOf(p)) {
    if (p === WorkerEntrypoint || p === DurableObject || p === WorkflowEntrypoint || p === RpcTarget) return true;
  }
  try {
    return RegExpPrototypeTest(classSource, FunctionPrototypeToString(fn));
  } catch {
    return false;
  }
}

function isDurableObjectClass(fn) {
  for (let p = ObjectGetPrototypeOf(fn); p !== null && p !== FunctionPrototype; p = ObjectGetPrototypeOf(p)) {
    if (p === DurableObject) return true;
  }
  return false;
}
