// host.js: helpers for harness-level tests (tests/host/*.test.js), which play the host's part:
// they build WorkerCode and call values, drive rad_invoke through harness.invoke, and decode
// what comes back. Loaded with harness.load("tests/lib/host.js").
//
// Also brings in testing.js's test/assert functions (its `export`s stripped) and fake-host.js.

(0, eval)(harness.readFile("tests/lib/testing.js").replace(/^export /gm, ""));
harness.load("tests/lib/fake-host.js");

const STATUS = { DONE: 0, ERROR: 1, WAITING: 2 };
const wire = harness.hooks.internals;

// WorkerCode for a fixture directory listed in tests/fixtures/fixtures.json.
function fixtureCode(name, env = {}) {
  const manifest = JSON.parse(harness.readFile("tests/fixtures/fixtures.json"))[name];
  const modules = {};
  for (const [module, kind] of Object.entries(manifest.modules)) {
    const path = `tests/fixtures/${name}/${module}`;
    modules[module] = { [kind]: kind === "data" ? harness.readBytes(path) : harness.readFile(path) };
  }
  return { mainModule: manifest.mainModule, modules, env };
}

// One rad_invoke (WAITING is handled inside harness.invoke); returns {status, value, waits}.
function invoke(op, value) {
  const r = harness.invoke(op, value === undefined ? undefined : wire.encode(value));
  return { status: r.status, value: wire.decode(r.output), waits: r.waits };
}

function load(code) {
  return invoke(1, code);
}

function dispatch(call) {
  return invoke(2, call);
}

function fetchCall(url, init = {}, extra = {}) {
  return dispatch({ type: "fetch", request: new Request(url, init), ...extra });
}

function rpcCall(entrypoint, method, args = [], extra = {}) {
  return dispatch({ type: "call", entrypoint, method, args, ...extra });
}

// Expects a DONE status; returns the value.
function done(result) {
  if (result.status !== STATUS.DONE) {
    const e = result.value;
    throw new AssertionErrorLike(`expected DONE, got status ${result.status}: ${e && e.name}: ${e && e.message}\n${e && e.stack}`);
  }
  return result.value;
}

// Expects an ERROR status; returns the decoded Error.
function failed(result) {
  if (result.status !== STATUS.ERROR) throw new AssertionErrorLike(`expected ERROR, got status ${result.status}: ${JSON.stringify(result.value)}`);
  return result.value;
}

class AssertionErrorLike extends Error {}

// Runs the registered tests, prints a summary, exits non-zero on failure.
function finish(file) {
  globalThis.__done = run().then((result) => {
    console.log(`${file}: ${result.passed} passed, ${result.failed.length} failed`);
    if (result.failed.length) harness.exit(1);
  });
}
