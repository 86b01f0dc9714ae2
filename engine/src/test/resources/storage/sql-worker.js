// Scenarios for ctx.storage.sql, called by SqlStorageTest.
import { DurableObject } from "cloudflare:workers";

function describe(e) {
  return e.name + ": " + e.message;
}

export class Sql extends DurableObject {
  // Runs a statement and returns every row (objects).
  all(query, ...bindings) {
    return this.ctx.storage.sql.exec(query, ...bindings).toArray();
  }
  raw(query, ...bindings) {
    return this.ctx.storage.sql.exec(query, ...bindings).raw().toArray();
  }
  // The error a statement throws, as "Name: message", or "no error".
  errorOf(query, ...bindings) {
    try {
      this.ctx.storage.sql.exec(query, ...bindings).toArray();
      return "no error";
    } catch (e) {
      return describe(e);
    }
  }
  one(query) {
    try {
      return this.ctx.storage.sql.exec(query).one();
    } catch (e) {
      return describe(e);
    }
  }
  // How the cursor's counters and iteration behave while reading.
  cursorWalk() {
    const sql = this.ctx.storage.sql;
    sql.exec("CREATE TABLE walk (id INTEGER PRIMARY KEY, name TEXT)");
    const insert = sql.exec("INSERT INTO walk (name) VALUES ('a'), ('b'), ('c')");
    const steps = [["insert", insert.rowsRead, insert.rowsWritten, insert.columnNames.length]];
    const cursor = sql.exec("SELECT id, name AS label FROM walk ORDER BY id");
    steps.push(["before", cursor.rowsRead, cursor.columnNames.join(",")]);
    const first = cursor.next();
    steps.push(["first", cursor.rowsRead, first.done, first.value.label]);
    const rest = [];
    for (const row of cursor) rest.push(row.label);
    steps.push(["rest", cursor.rowsRead, rest.join(","), JSON.stringify(cursor.next())]);
    const raw = sql.exec("SELECT id, name FROM walk ORDER BY id DESC").raw();
    steps.push(["raw", JSON.stringify(raw.next().value), JSON.stringify([...raw])]);
    const update = sql.exec("UPDATE walk SET name = upper(name) RETURNING name");
    steps.push(["returning", update.toArray().map((r) => r.name).join(","), update.rowsWritten]);
    steps.push(["iterator", typeof cursor[Symbol.iterator], cursor[Symbol.iterator]() === cursor]);
    return steps;
  }
  // Reads many rows (several host batches), stopping early once, then reading all.
  manyRows(n) {
    const sql = this.ctx.storage.sql;
    sql.exec("CREATE TABLE many (i INTEGER, pad TEXT)");
    sql.exec("INSERT INTO many WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?) SELECT i, hex(randomblob(100)) FROM c", n);
    const early = sql.exec("SELECT i FROM many ORDER BY i");
    let seen = 0;
    for (const row of early) {
      if (++seen === 300) break;
    }
    const cursor = sql.exec("SELECT i, -i AS negative, 'row ' || i AS label FROM many ORDER BY i");
    let sum = 0;
    let count = 0;
    const readAt = [];
    for (const row of cursor) {
      if (row.negative !== -row.i || row.label !== "row " + row.i) throw new Error("row " + count + " is mixed up");
      sum += row.i;
      count++;
      if (count === 1 || count === 257 || count === n) readAt.push(cursor.rowsRead);
    }
    return [count, sum, readAt, early.next().done];
  }
  // Big integers in and out.
  integers() {
    const sql = this.ctx.storage.sql;
    sql.exec("CREATE TABLE ints (label TEXT, v INTEGER)");
    const values = [
      ["max safe", Number.MAX_SAFE_INTEGER],
      ["min safe", Number.MIN_SAFE_INTEGER],
      ["2^53 as bigint", 2n ** 53n],
      ["int64 max", 2n ** 63n - 1n],
      ["int64 min", -(2n ** 63n)],
      ["small bigint", 5n],
      ["int32", -7],
    ];
    for (const [label, v] of values) sql.exec("INSERT INTO ints VALUES (?, ?)", label, v);
    const out = sql.exec("SELECT label, v, typeof(v) AS t FROM ints ORDER BY rowid").toArray()
      .map((r) => [r.label, typeof r.v, String(r.v), r.t]);
    out.push(["bound arithmetic", String(sql.exec("SELECT ? + 1 AS n", 2n ** 62n).one().n === 2n ** 62n + 1n)]);
    out.push(["literal", String(sql.exec("SELECT 9007199254740993 AS n").one().n === 9007199254740993n)]);
    return out;
  }
  bindings() {
    const sql = this.ctx.storage.sql;
    const bytes = new Uint8Array([9, 8, 7, 6, 5]).subarray(1, 4);
    const row = sql.exec("SELECT ? AS s, ? AS n, ? AS f, ? AS z, ? AS u, ? AS b, ? AS t, typeof(?) AS bt", "str", 42, 1.25, null, undefined, bytes, true, bytes.buffer).one();
    return [row.s, row.n, row.f, row.z, row.u, row.b instanceof ArrayBuffer, [...new Uint8Array(row.b)], row.t, row.bt];
  }
  badBindings() {
    const sql = this.ctx.storage.sql;
    const out = [];
    for (const b of [{}, Symbol("s"), () => 1, 2n ** 64n]) {
      try {
        sql.exec("SELECT ?", b);
        out.push("no error");
      } catch (e) {
        out.push(describe(e));
      }
    }
    return out;
  }
  databaseSize() {
    return [typeof this.ctx.storage.sql.databaseSize, this.ctx.storage.sql.databaseSize];
  }
  count(table) {
    return this.ctx.storage.sql.exec(`SELECT count(*) AS n FROM ${table}`).one().n;
  }
}
