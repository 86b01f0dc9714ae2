// LOAD failures: invalid WorkerCode, syntax errors, top-level throws, missing imports. Each
// failing LOAD uses its own module names (a failed module stays in QuickJS's module cache);
// the last LOAD succeeds on the same isolate.
harness.load("tests/lib/host.js");

test("DISPATCH before LOAD", () => {
  assertEquals(failed(fetchCall("https://x/")).message, "No worker is loaded in this isolate.");
});

test("invalid WorkerCode is rejected with a clear message", () => {
  const cases = [
    [null, "WorkerCode must be an object."],
    [{ modules: { "a.js": "" } }, "WorkerCode.mainModule must be a string."],
    [{ mainModule: "a.js", modules: {} }, "WorkerCode.modules must contain at least one module."],
    [{ mainModule: "a.js", modules: { "b.js": "" } }, 'The main module "a.js" is not one of the modules.'],
    [{ mainModule: "a.ts", modules: { "a.ts": "" } }, "TypeScript"],
    [{ mainModule: "c.js", modules: { "c.js": { cjs: "module.exports = 1" } } }, "CommonJS"],
    [{ mainModule: "c.js", modules: { "c.js": { wasm: new ArrayBuffer(1) } } }, "WebAssembly"],
    [{ mainModule: "c.js", modules: { "c.js": { js: "", text: "" } } }, "exactly one of"],
    [{ mainModule: "c.js", modules: { "c.js": { text: 1 } } }, '"text" must be a string'],
    [{ mainModule: "c.js", modules: { "c.js": { text: "hi" } } }, "must be a JavaScript module"],
    [{ mainModule: "c.js", modules: { "c.js": 5 } }, "must be a string or an object"],
  ];
  for (const [code, message] of cases) {
    const e = failed(load(code));
    assert(e.message.includes(message), `${JSON.stringify(message)} not in ${JSON.stringify(e.message)}`);
  }
});

test("a syntax error reports file and line", () => {
  const code = fixtureCode("syntax-error");
  code.modules = { "bad-syntax.js": code.modules["main.js"] };
  code.mainModule = "bad-syntax.js";
  const e = failed(load(code));
  assertEquals(e.name, "SyntaxError");
  assert(e.stack.includes("bad-syntax.js:3"), e.stack);
});

test("a top-level throw reports the module and line", () => {
  const e = failed(load(fixtureCode("top-level-throw")));
  assertEquals([e.name, e.message], ["TypeError", "module initialisation failed"]);
  assert(e.stack.includes("helper.js:5"), e.stack);
});

test("an unknown import", () => {
  const e = failed(load({ mainModule: "imp.js", modules: { "imp.js": 'import x from "./nowhere.js";' } }));
  assert(e.message.includes('No such module "nowhere.js"'), e.message);
  const node = failed(load({ mainModule: "imp2.js", modules: { "imp2.js": 'import { Buffer } from "node:buffer";' } }));
  assert(node.message.includes('No such module "node:buffer"'), node.message);
});

test("an invalid JSON module", () => {
  const e = failed(load({ mainModule: "j.js", modules: { "j.js": 'import d from "d.json";', "d.json": { json: "{oops" } } }));
  assert(e.message.includes('Module "d.json" is not valid JSON'), e.message);
});

test("a valid LOAD still works afterwards", async () => {
  // (Under another name: "main.js" failed above and stays failed in QuickJS's module cache. A
  // host should discard an isolate whose LOAD failed.)
  const code = fixtureCode("hello");
  code.modules = { "hello-main.js": code.modules["main.js"] };
  code.mainModule = "hello-main.js";
  assertEquals(done(load(code)), { exports: { default: "object" } });
  assertEquals(await done(fetchCall("https://x/ok")).text(), "Hello from /ok!");
});

finish("tests/host/load-errors.test.js");
