// ctx.storage (storage.js) as the host sees it: the exact messages of its requests (fields and
// their order), driven directly from the harness against a fake in-memory store. The hot paths
// build their messages whole; these tests pin that they are the messages the generic path made.
harness.load("tests/lib/host.js");
const { hostRef, encode, decode, stubTarget } = harness.hooks.internals;

const store = new Map(); // key -> ArrayBuffer
const messages = []; // every storage message, as {keys, fields} with the stub replaced
let sqlReplies = []; // what the next sql.* requests answer, in order

fakeHost.handlers.storage = (m) => {
  const keys = Object.keys(m);
  const fields = {};
  for (const k of keys) fields[k] = k === "storage" ? { ...stubTarget(m.storage) } : m[k];
  messages.push({ keys, fields });
  switch (m.method) {
    case "get":
      return store.get(m.key);
    case "put":
      store.set(m.key, m.value);
      return undefined;
    case "delete":
      return store.delete(m.key);
    case "sql.exec":
    case "sql.next":
    case "sql.close":
      return sqlReplies.shift();
  }
  throw new Error(`fake storage: no ${m.method}`);
};

const storage = hostRef("storage", null);
const storageRef = { kind: "storage", id: null };

function takeMessages() {
  const out = messages.slice();
  messages.length = 0;
  return out;
}

test("kv.get / kv.put / kv.delete send {op, storage, method, key[, value]}", () => {
  storage.kv.put("count", { n: 1 });
  assertEquals(storage.kv.get("count"), { n: 1 });
  assertEquals(storage.kv.get("missing"), undefined);
  assertEquals(storage.kv.delete("count"), true);
  storage.kv.put(7, "seven");
  const sent = takeMessages();
  assertEquals(sent.map((m) => m.keys), [
    ["op", "storage", "method", "key", "value"],
    ["op", "storage", "method", "key"],
    ["op", "storage", "method", "key"],
    ["op", "storage", "method", "key"],
    ["op", "storage", "method", "key", "value"],
  ]);
  assertEquals(sent[1].fields, { op: "storage", storage: storageRef, method: "get", key: "count" });
  assertEquals(sent[3].fields.method, "delete");
  assertEquals([sent[4].fields.key, decode(sent[4].fields.value)], ["7", "seven"]);
  assertEquals(new Uint8Array(sent[0].fields.value), new Uint8Array(encode({ n: 1 })));
});

test("kv: key and value errors are unchanged", () => {
  assertThrows(() => storage.kv.get(Symbol("k")), TypeError, "Cannot convert a Symbol value to a string key.");
  assertThrows(() => storage.kv.put(Symbol("k"), 1), TypeError, "Cannot convert a Symbol value to a string key.");
  assertThrows(() => storage.kv.put("k", () => 1), "DataCloneError");
  assertEquals(takeMessages(), []);
});

test("the async API's get / put / delete send the same messages", async () => {
  await storage.put("a", 1);
  assertEquals(await storage.get("a"), 1);
  assertEquals(await storage.delete("a"), true);
  await assertRejects(() => storage.put("a", undefined), TypeError, "put() called with undefined value.");
  await assertRejects(() => storage.get(Symbol("k")), TypeError, "Cannot convert a Symbol value to a string key.");
  const sent = takeMessages();
  assertEquals(sent.map((m) => [m.keys, m.fields.method, m.fields.key]), [
    [["op", "storage", "method", "key", "value"], "put", "a"],
    [["op", "storage", "method", "key"], "get", "a"],
    [["op", "storage", "method", "key"], "delete", "a"],
  ]);
  assertEquals(sent[1].fields.storage, storageRef);
});

test("sql.exec, sql.next and sql.close send {query, bindings} and {cursor}", () => {
  sqlReplies = [
    { columnNames: ["x"], values: [1], cursor: 9, rowsRead: 1, rowsWritten: 0 },
    { values: [2], cursor: 9, rowsRead: 2, rowsWritten: 0 },
    undefined,
  ];
  const cursor = storage.sql.exec("SELECT x FROM t WHERE y = ? AND z = ?", "y", true);
  assertEquals(cursor.next().value, { x: 1 });
  assertEquals(cursor.next().value, { x: 2 });
  cursor.return();
  const sent = takeMessages();
  assertEquals(sent.map((m) => m.keys), [
    ["op", "storage", "method", "query", "bindings"],
    ["op", "storage", "method", "cursor"],
    ["op", "storage", "method", "cursor"],
  ]);
  assertEquals(sent[0].fields, { op: "storage", storage: storageRef, method: "sql.exec", query: "SELECT x FROM t WHERE y = ? AND z = ?", bindings: ["y", 1] });
  assertEquals([sent[1].fields.method, sent[1].fields.cursor, sent[2].fields.method, sent[2].fields.cursor], ["sql.next", 9, "sql.close", 9]);
  assertThrows(() => storage.sql.exec(1), TypeError, "The SQL query must be a string.");
  assertThrows(() => storage.sql.exec("SELECT ?", {}), TypeError, "SQL binding 1 is not a string, number, bigint, null or ArrayBuffer.");
  assertEquals(takeMessages(), []);
});

finish("tests/host/storage.test.js");
