// escape.js: tenants that try to get out of the sandbox: the host's files, environment, process
// and network, other databases through SQL, and the prelude's own channel to the host. Each case
// answers a JSON object {attempt: what the tenant saw}; see harness.js for the routes.
import { worker, tenantClass, describe } from "./harness.js";
export { Counter } from "./harness.js";

async function each(attempts) {
  const seen = {};
  for (const [label, fn] of Object.entries(attempts)) {
    try {
      seen[label] = "ok: " + String(await fn());
    } catch (e) {
      seen[label] = describe(e);
    }
  }
  return JSON.stringify(seen);
}

const mainCases = {
  // Names a QuickJS or Node program would use to reach the host, and the prelude's own internals.
  hostGlobals() {
    const names = ["std", "os", "process", "require", "module", "Deno", "Bun", "scriptArgs", "print",
      "natives", "nativeHostCall", "hostRequest", "hooks", "__filename", "importScripts", "WebAssembly"];
    const seen = {};
    for (const name of names) seen[name] = typeof globalThis[name];
    seen.viaFunction = Function("return typeof natives + ' ' + typeof hostRequest")();
    seen.viaEval = (0, eval)("typeof nativeHostCall");
    return JSON.stringify(seen);
  },
  imports() {
    const specifiers = ["fs", "node:fs", "std", "os", "qjs:std", "qjs:os", "child_process", "/etc/passwd",
      "../../../../etc/passwd", "file:///etc/passwd", "http://127.0.0.1/x.js"];
    const attempts = {};
    for (const s of specifiers) attempts[s] = async () => Object.keys(await import(s)).length;
    return each(attempts);
  },
  environment(request, env) {
    return JSON.stringify({ bindings: Object.keys(env).sort(), process: typeof process });
  },
  network(request) {
    const port = new URL(request.url).searchParams.get("port");
    return each({
      http: async () => (await fetch(`http://127.0.0.1:${port}/steal`)).status,
      post: async () => (await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "secret" })).status,
      file: async () => (await fetch("file:///etc/passwd")).status,
      request: async () => (await fetch(new Request(`http://localhost:${port}/`))).status,
    });
  },
};

// Statements an honest app never needs and an attacker would love; every one must be refused.
const forbiddenSql = [
  "ATTACH DATABASE '../other/object.sqlite' AS other",
  "attach 'file:/etc/passwd?mode=ro' as p",
  "/* hidden */ aTtAcH DATABASE ':memory:' AS m",
  "SELECT 1; ATTACH DATABASE 'x.db' AS x",
  "EXPLAIN ATTACH DATABASE 'x.db' AS x",
  "DETACH DATABASE main",
  "VACUUM",
  "VACUUM INTO '/tmp/radicchio-stolen.db'",
  "VACUUM main INTO 'stolen.db'",
  "PRAGMA journal_mode=DELETE",
  "PRAGMA main.journal_mode=OFF",
  "PRAGMA synchronous=OFF",
  "PRAGMA writable_schema=ON",
  "PRAGMA locking_mode=EXCLUSIVE",
  "PRAGMA temp_store_directory='/tmp'",
  "PRAGMA mmap_size=1000000000",
  "PRAGMA max_page_count=1",
  "PRAGMA database_list",
  "SELECT * FROM pragma_database_list",
  "SELECT * FROM pragma_journal_mode",
  "SELECT * FROM _cf_KV",
  "select * from \"_CF_kv\"",
  "SELECT * FROM [_cf_KV]",
  "SELECT * FROM `_cf_KV`",
  "SELECT * FROM main._cf_KV",
  "DELETE FROM _cf_KV",
  "DROP TABLE _cf_KV",
  "ALTER TABLE _cf_KV RENAME TO mine",
  "CREATE VIEW peek AS SELECT * FROM _cf_KV",
  "CREATE TRIGGER t AFTER INSERT ON notes BEGIN DELETE FROM _cf_KV; END",
  "UPDATE _cf_METADATA SET value = 0",
  "INSERT INTO sqlite_master VALUES ('table', 'x', 'x', 0, 'CREATE TABLE x(y)')",
  "SELECT load_extension('/tmp/evil.so')",
  "SELECT readfile('/etc/passwd')",
  "SELECT writefile('/tmp/radicchio-written', 'x')",
  "SELECT * FROM fsdir('/')",
  "SELECT * FROM sqlite_dbpage",
  "CREATE TEMP TABLE t(x)",
  "CREATE TABLE temp.t(x)",
  "BEGIN",
  "SAVEPOINT s",
  "INSERT OR ROLLBACK INTO notes VALUES ('x')",
];

const objectCases = {
  sql() {
    const sql = this.ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS notes (text TEXT)");
    sql.exec("INSERT INTO notes VALUES ('mine')");
    this.ctx.storage.kv.put("secret", "kept");
    const refused = {};
    for (const statement of forbiddenSql) {
      try {
        const rows = [...sql.exec(statement)];
        refused[statement] = "ran: " + JSON.stringify(rows).slice(0, 200);
      } catch (e) {
        refused[statement] = describe(e);
      }
    }
    return JSON.stringify({
      refused,
      otherSchema: describeThrow(() => [...sql.exec("SELECT * FROM other.sqlite_master")]),
      tempSchema: [...sql.exec("SELECT count(*) AS n FROM temp.sqlite_master")][0].n,
      notes: [...sql.exec("SELECT text FROM notes")].map((r) => r.text),
      secret: this.ctx.storage.kv.get("secret"),
      integrity: sql.exec("PRAGMA integrity_check").one().integrity_check,
    });
  },
  // The prelude talks to the host through closures captured at boot; a tenant that rewires the
  // built-ins it can reach must still only ever send well-formed requests about its own data.
  async tampering() {
    const storage = this.ctx.storage;
    storage.kv.put("keep", "intact");
    const originals = {
      push: Array.prototype.push, iterator: Array.prototype[Symbol.iterator], parse: JSON.parse,
      stringify: JSON.stringify, then: Promise.prototype.then, keys: Object.keys, entries: Object.entries,
    };
    Object.defineProperty(Object.prototype, "op", { get: () => "storage", set() {}, configurable: true });
    Object.defineProperty(Object.prototype, "method", { get: () => "deleteAll", set() {}, configurable: true });
    Array.prototype.push = function () { return 0; };
    Array.prototype[Symbol.iterator] = function* () { yield "evil"; };
    JSON.parse = () => ({ op: "storage", method: "deleteAll" });
    JSON.stringify = () => "{}";
    Promise.prototype.then = function (ok, fail) { return originals.then.call(this, () => ok && ok({ op: "evil" }), fail); };
    Object.keys = () => ["op"];
    Object.entries = () => [["op", "deleteAll"]];
    const seen = {};
    try {
      storage.kv.put("array", [1, 2, 3]);
      seen.array = storage.kv.get("array").length;
      storage.kv.put("object", { a: 1 });
      seen.object = storage.kv.get("object").a;
      seen.sqlRows = storage.sql.exec("SELECT 40 + 2 AS n").one().n;
      seen.missing = String(storage.kv.get("missing"));
    } finally {
      delete Object.prototype.op;
      delete Object.prototype.method;
      Object.assign(Array.prototype, { push: originals.push });
      Array.prototype[Symbol.iterator] = originals.iterator;
      JSON.parse = originals.parse;
      JSON.stringify = originals.stringify;
      Promise.prototype.then = originals.then;
      Object.keys = originals.keys;
      Object.entries = originals.entries;
    }
    seen.keep = storage.kv.get("keep");
    return JSON.stringify(seen);
  },
  // Values built to lie to the encoder: proxies, getters that change their answer, views whose
  // length is redefined, buffers detached halfway.
  liars() {
    const kv = this.ctx.storage.kv;
    return each({
      proxyBuffer: () => { kv.put("p", new Proxy(new ArrayBuffer(8), { get: () => 1e9 })); return "stored"; },
      shiftyGetter: () => {
        let n = 0;
        const v = {};
        Object.defineProperty(v, "x", { enumerable: true, get: () => (++n > 1 ? { deep: true } : 1) });
        kv.put("g", v);
        return JSON.stringify(kv.get("g"));
      },
      fakeLength: () => {
        const u = new Uint8Array(16);
        Object.defineProperty(u, "length", { value: 1e9 });
        Object.defineProperty(u, "byteLength", { value: 1e9 });
        kv.put("u", u);
        return kv.get("u").length;
      },
      detached: () => {
        const buffer = new ArrayBuffer(1 << 16);
        const view = new Uint8Array(buffer);
        kv.put("d", { get first() { structuredClone(buffer, { transfer: [buffer] }); return 1; }, view });
        return kv.get("d").view.length;
      },
      storeTheStorage: () => { kv.put("s", this.ctx.storage); return "stored"; },
      storeAStub: () => { kv.put("t", this.env.TENANT.getByName("other")); return "stored"; },
      symbolKey: () => { kv.put(Symbol("k"), 1); return "stored"; },
      hugeKey: () => { kv.put("k".repeat(5000), 1); return "stored"; },
      borrowedMethod: () => Object.getPrototypeOf(kv).get.call({}, "keep"),
    });
  },
};

function describeThrow(fn) {
  try {
    return "ok: " + JSON.stringify(fn());
  } catch (e) {
    return describe(e);
  }
}

export const Tenant = tenantClass(objectCases);
export default worker(mainCases);
