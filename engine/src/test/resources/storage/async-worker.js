// Scenarios for transactionSync, transaction() and the asynchronous storage API, called by
// TransactionStorageTest and AsyncStorageTest.
import { DurableObject } from "cloudflare:workers";

function describe(e) {
  return e.name + ": " + e.message;
}

async function errorOf(promiseOrFn) {
  try {
    await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn);
    return "no error";
  } catch (e) {
    return describe(e);
  }
}

export class Async extends DurableObject {
  kvKeys() {
    return Array.from(this.ctx.storage.kv.list(), ([k]) => k);
  }
  rows() {
    return this.ctx.storage.sql.exec("SELECT v FROM t ORDER BY v").toArray().map((r) => r.v);
  }
  setUp() {
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS t (v)");
  }

  // transactionSync: nested savepoints; the inner throw undoes only the inner writes.
  nestedTransactionSync() {
    const storage = this.ctx.storage;
    this.setUp();
    const thrown = new Error("inner failure");
    let caught;
    const result = storage.transactionSync(() => {
      storage.kv.put("outer", 1);
      storage.sql.exec("INSERT INTO t VALUES ('outer')");
      try {
        storage.transactionSync(() => {
          storage.kv.put("inner", 2);
          storage.sql.exec("INSERT INTO t VALUES ('inner')");
          storage.transactionSync(() => storage.kv.put("innermost", 3));
          throw thrown;
        });
      } catch (e) {
        caught = e;
      }
      storage.kv.put("after", 4);
      return "outer result";
    });
    return [result, caught === thrown, this.kvKeys(), this.rows()];
  }

  // transactionSync: a throw from the outermost level undoes everything and is rethrown as is.
  failingTransactionSync() {
    const storage = this.ctx.storage;
    this.setUp();
    storage.kv.put("before", 0);
    const thrown = new TypeError("outer failure");
    let caught;
    try {
      storage.transactionSync(() => {
        storage.kv.put("lost", 1);
        storage.sql.exec("INSERT INTO t VALUES ('lost')");
        storage.transactionSync(() => storage.kv.put("lost too", 2));
        throw thrown;
      });
    } catch (e) {
      caught = e;
    }
    return [caught === thrown, this.kvKeys(), this.rows()];
  }

  transactionSyncArgument() {
    try {
      this.ctx.storage.transactionSync("not a function");
      return "no error";
    } catch (e) {
      return describe(e);
    }
  }

  async asyncTransactions() {
    const storage = this.ctx.storage;
    const committed = await storage.transaction(async (txn) => {
      await txn.put("committed", (await txn.get("missing")) ?? "default");
      return "done";
    });
    const failure = await errorOf(storage.transaction(async (txn) => {
      await txn.put("thrown away", 1);
      await null;
      throw new RangeError("async failure");
    }));
    const rolledBack = await storage.transaction(async (txn) => {
      await txn.put("rolled back", 1);
      txn.rollback();
      return errorOf(() => txn.put("after rollback", 1));
    });
    // Two transactions started together run one after the other.
    const order = [];
    await Promise.all([1, 2].map((n) => storage.transaction(async (txn) => {
      order.push("start " + n);
      await txn.put("concurrent " + n, n);
      await new Promise((r) => setTimeout(r, 5));
      order.push("end " + n);
    })));
    return [committed, failure, rolledBack, order, this.kvKeys()];
  }

  async asyncKv() {
    const s = this.ctx.storage;
    const out = {};
    out.putResult = await s.put("a", { n: 1 });
    await s.put({ b: [2], c: new Map([[3, "three"]]), "": "empty" });
    out.getOne = await s.get("a");
    out.getMissing = await s.get("missing");
    const many = await s.get(["c", "missing", "a"]);
    out.getMany = [many instanceof Map, [...many.keys()], many.get("c").get(3)];
    const list = await s.list({ start: "a", limit: 2 });
    out.list = [list instanceof Map, [...list.keys()]];
    out.listReverse = [...(await s.list({ reverse: true })).keys()];
    out.listPrefix = [...(await s.list({ prefix: "b" })).keys()];
    out.deleteOne = [await s.delete("a"), await s.delete("a")];
    out.deleteMany = await s.delete(["b", "c", "nope"]);
    out.left = [...(await s.list()).keys()];
    out.undefinedValue = await errorOf(s.put("u", undefined));
    out.tooMany = await errorOf(s.get(Array.from({ length: 129 }, (_, i) => "k" + i)));
    out.tooManyPut = await errorOf(s.put(Object.fromEntries(Array.from({ length: 129 }, (_, i) => ["k" + i, i]))));
    out.tooManyDelete = await errorOf(s.delete(Array.from({ length: 129 }, (_, i) => "k" + i)));
    out.exactly128 = (await s.get(Array.from({ length: 128 }, (_, i) => "k" + i))).size;
    out.badList = await errorOf(s.list({ start: "a", startAfter: "b" }));
    out.badLimit = await errorOf(s.list({ limit: 0 }));
    out.bigKey = await errorOf(s.put("k".repeat(2049), 1));
    out.bigKeyInMany = await errorOf(s.get(["k".repeat(2049)]));
    out.promises = [s.get("x") instanceof Promise, s.sync() instanceof Promise];
    out.sync = await s.sync();
    return out;
  }

  async deleteAllAndSync() {
    const s = this.ctx.storage;
    s.sql.exec("CREATE TABLE gone (x)");
    s.sql.exec("CREATE VIEW gone_view AS SELECT * FROM gone");
    s.kv.put("k", 1);
    await s.setAlarm(Date.now() + 60000);
    const open = s.sql.exec("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 1000) SELECT i FROM c");
    open.next();
    await s.deleteAll();
    const tables = s.sql.exec("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite%'").toArray()
      .map((r) => r.name).filter((name) => !name.startsWith("_cf_"));
    return [tables, this.kvKeys(), (await s.getAlarm()) !== null];
  }

  async alarms(at) {
    const s = this.ctx.storage;
    const out = [await s.getAlarm()];
    await s.setAlarm(new Date(at));
    out.push(await s.getAlarm());
    await s.setAlarm(at + 1000);
    out.push(await s.getAlarm());
    out.push(await errorOf(s.setAlarm(0)));
    out.push(await errorOf(s.setAlarm("tomorrow")));
    out.push(await errorOf(s.setAlarm(new Date(NaN))));
    out.push(await s.getAlarm());
    return out;
  }

  async deleteAlarm() {
    await this.ctx.storage.deleteAlarm();
    return this.ctx.storage.getAlarm();
  }

  async pastAlarm() {
    const before = Date.now();
    await this.ctx.storage.setAlarm(1000);
    const t = await this.ctx.storage.getAlarm();
    return t >= before - 1000;
  }
}
