// run-with: thenable promise-then arrays strings typed json
// A worker that sabotages built-ins (tests/fixtures/tamper) still gets its values to the host,
// and the host always gets well-formed bytes. One sabotage per isolate (run-tests.sh runs this
// once per case above). The sabotage also hits this script (same realm), so it is a plain
// synchronous script that captures what it uses before the DISPATCH and checks raw bytes.
harness.load("tests/lib/host.js"); // for fixtureCode only; its test runner is not used
const what = harness.args[0];
const uncurry = Function.prototype.bind.bind(Function.prototype.call);
const indexOf = uncurry(String.prototype.indexOf);
const { encode, decode } = harness.hooks.internals;
const textDecoder = new TextDecoder();
const RequestClass = Request;
const log = console.log;
let failures = 0;
function check(condition, message) {
  if (!condition) {
    failures++;
    log(`FAIL ${what}: ${message}`);
  }
}

check(harness.invoke(1, encode(fixtureCode("tamper"))).status === 0, "LOAD");
const fetched = harness.invoke(2, encode({ type: "fetch", request: new RequestClass("https://x/" + what) }));
const called = harness.invoke(2, encode({ type: "call", method: "call", args: [what] }));
// Whatever happened, the output decodes (the decoder is strict: malformed bytes would throw).
const fetchedValue = decode(fetched.output);
const calledValue = decode(called.output);
if (what === "thenable") {
  // Object.prototype.then makes every object a thenable: the worker's own async handlers now
  // resolve to what the sabotage says (as they would in any engine). The host still gets a
  // clean answer: an Error for fetch, whatever the call resolved to.
  check(fetched.status === 1 && fetchedValue.message === "Incorrect type for Promise: the Promise did not resolve to 'Response'.", "fetch ends in a clean error");
  check(called.status === 0 || called.status === 1, "call ends cleanly");
} else {
  check(fetched.status === 0, "fetch status " + fetched.status + " " + (fetchedValue && fetchedValue.message));
  const bytes = new Uint8Array(fetched.output);
  const text = textDecoder.decode(fetched.output);
  check(bytes[0] === 0x13 && bytes[1] === 0xc9 && bytes[2] === 0x01, "a 201 Response");
  check(indexOf(text, `{"what":"${what}","list":[1,2,3],"text":"Grüße 😀"}`) >= 0, "body intact: " + text);
  check(indexOf(text, "x-what") >= 0, "header intact");
  check(called.status === 0, "call status " + called.status + " " + (calledValue && calledValue.message));
  check(calledValue.what === what && calledValue.text === "Grüße 😀" && calledValue.list.length === 3 && calledValue.map.size === 1, "RPC result intact");
}
log(`tests/host/tamper.test.js ${what}: ${failures === 0 ? "passed" : failures + " failed"}`);
harness.exit(failures === 0 ? 0 : 1);
