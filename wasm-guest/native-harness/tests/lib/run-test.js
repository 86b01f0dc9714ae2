// run-test.js: runs one worker-style test module (tests/api/*.test.js) the way the host would:
// LOAD a WorkerCode holding the test module and testing.js, then DISPATCH {type: "call",
// entrypoint: "run"} and report the result. Usage: build/harness tests/lib/run-test.js FILE [FILTER]
//
// The worker's env: {ECHO: a host reference of kind "echo", NAME: "radicchio", NUMBERS: [1, 2, 3]};
// the fake host (fake-host.js) answers fetch() and the ECHO stub.

harness.load("tests/lib/fake-host.js");
const { encode, decode, hostRef } = harness.hooks.internals;
const [file, filter] = harness.args;
const name = file.slice(file.lastIndexOf("/") + 1);
const code = {
  mainModule: name,
  modules: { [name]: harness.readFile(file), "testing.js": harness.readFile("tests/lib/testing.js") },
  env: { ECHO: hostRef("echo", "echo-1"), NAME: "radicchio", NUMBERS: [1, 2, 3] },
};

function fail(what, output) {
  let error;
  try {
    error = decode(output);
  } catch (e) {
    error = e;
  }
  console.error(`${file}: ${what}: ${error && error.name}: ${error && error.message}\n${error && error.stack}`);
  harness.exit(1);
}

let r = harness.invoke(1, encode(code));
if (r.status !== 0) fail("LOAD failed", r.output);
r = harness.invoke(2, encode({ type: "call", entrypoint: "run", args: filter ? [filter] : [] }));
if (r.status !== 0) fail("run() failed", r.output);
const result = decode(r.output);
const summary = `${file}: ${result.passed} passed, ${result.failed.length} failed${result.skipped ? `, ${result.skipped} skipped` : ""}`;
console.log(summary);
harness.exit(result.failed.length === 0 ? 0 : 1);
