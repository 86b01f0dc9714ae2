// storage.js: ctx.storage, a Durable Object's storage (DurableObjectStorage), over the host's
// SQLite store. The host hands it as a host reference of kind "storage" (in the DISPATCH call's
// `ctx`); the adapter below makes it this object. Every operation is one synchronous host
// request (the store is local SQLite, so even the "async" API does its work at once and returns
// a settled promise):
//
//   {op: "storage", storage, method, ...fields}      `storage` is the reference itself
//
//   method               fields                               reply
//   "get"                key                                  ArrayBuffer | undefined
//   "getMany"            keys: string[] (<= 128)              [key, ArrayBuffer, key, ...] (present keys)
//   "put"                key, value: ArrayBuffer              undefined
//   "putMany"            keys: string[], values: ArrayBuffer[]  undefined (atomic)
//   "delete"             key                                  boolean
//   "deleteMany"         keys: string[]                       number deleted (atomic)
//   "list"               start?, startAfter?, end?, prefix?: string, limit?: number, reverse?: boolean
//                                                             [key, ArrayBuffer, key, ...] in order
//   "deleteAll"                                               undefined
//   "sql.exec"           query: string, bindings: array       {columnNames, values, cursor, rowsRead, rowsWritten}
//   "sql.next"           cursor: number                       {values, cursor, rowsRead, rowsWritten}
//   "sql.close"          cursor: number                       undefined
//   "sql.databaseSize"                                        number (bytes)
//   "transaction.begin" / "transaction.commit" / "transaction.rollback"   undefined (a savepoint)
//   "sync"                                                    undefined
//   "getAlarm"                                                number (epoch ms) | undefined (none)
//   "setAlarm"           time: number (epoch ms)              undefined
//   "deleteAlarm"                                             undefined
//
// KV values are structured-cloned here, with the wire encoder, and stored as opaque bytes; the
// host only checks that they hold nothing storage cannot keep (Requests, Responses, bindings such
// as stubs: a DataCloneError, as on the platform). SQL rows come in batches: `values` holds a batch's values flat,
// row after row, one per column (a flat array decodes several times faster than an array per
// row); `cursor` is the id to ask for more, or null when the statement is done. SQL values: string, number, null, ArrayBuffer, and BigInt for integers outside
// ±(2^53 - 1), which a number cannot hold exactly. Bindings: string, number, BigInt (64-bit),
// null/undefined (NULL), boolean (1/0), ArrayBuffer or a view of one (its bytes).
//
// transactionSync(fn) brackets the guest's fn with "transaction.begin" and "transaction.commit"
// (or "transaction.rollback" if fn throws): the host holds a savepoint while fn runs in the
// guest. transaction(async fn) does the same around an async fn; async transactions of one
// isolate run one after another (the platform runs them under blockConcurrencyWhile).
//
// Errors come from the host with the platform's names and messages (TypeError for bad
// arguments, RangeError for sizes and counts, Error for SQLite and storage failures).

stubAdapters.storage = (ref) => storageForRef(ref);

const storageKey = $Symbol("DurableObjectStorage");
const storageByRefId = newSafeMap(); // primitive reference id -> DurableObjectStorage

// One storage object per reference id, so that ctx.storage is the same object on every call.
function storageForRef(ref) {
  const id = ref.id;
  const cacheable = id === null || typeof id === "string" || typeof id === "number";
  if (cacheable && storageByRefId.has(id)) return storageByRefId.get(id);
  const storage = new DurableObjectStorage(storageKey);
  if (cacheable) storageByRefId.set(id, storage);
  return storage;
}

// The requests of the hot paths (kv get/put/delete, SQL statements) build their message whole,
// as one object literal: copying a fields object key by key costs more than the rest of the
// message does to build.

// {method, key}: "get" or "delete" of one key.
function storageKeyRequest(storage, method, key) {
  return hostRequest({ __proto__: null, op: "storage", storage, method, key });
}

// "put" of one key; `value` is already encoded.
function storagePutRequest(storage, key, value) {
  return hostRequest({ __proto__: null, op: "storage", storage, method: "put", key, value });
}

// {method, cursor}: "sql.next" or "sql.close".
function sqlCursorRequest(storage, method, cursor) {
  return hostRequest({ __proto__: null, op: "storage", storage, method, cursor });
}

// One host request about `storage`; `fields` is a prototype-less object of extra fields.
function storageRequest(storage, method, fields) {
  const message = { __proto__: null, op: "storage", storage, method };
  if (fields !== undefined) {
    const names = ObjectKeys(fields);
    for (let i = 0; i < names.length; i++) message[names[i]] = fields[names[i]];
  }
  return hostRequest(message);
}

// ---- keys and values ----

function storageKeyString(key) {
  if (typeof key === "symbol") throw new $TypeError("Cannot convert a Symbol value to a string key.");
  return $String(key);
}

function storageKeyList(keys) {
  const out = [];
  const n = keys.length >>> 0;
  for (let i = 0; i < n; i++) listPush(out, storageKeyString(keys[i]));
  return out;
}

function encodeStoredValue(value) {
  return wireEncode(value);
}

function decodeStoredValue(buffer) {
  return buffer === undefined || buffer === null ? undefined : wireDecode(buffer);
}

// [key, bytes, key, bytes, ...] from the host -> a Map of decoded values.
function decodeEntryMap(flat) {
  const map = new $Map();
  for (let i = 0; i + 1 < flat.length; i += 2) MapPrototypeSet(map, flat[i], decodeStoredValue(flat[i + 1]));
  return map;
}

const listKeyOptions = ObjectFreeze(["start", "startAfter", "end", "prefix"]);

// The list options the host understands, from whatever the worker passed.
function listFields(options) {
  const fields = { __proto__: null };
  if (options === undefined || options === null) return fields;
  if (typeof options !== "object") throw new $TypeError("The list() options must be an object.");
  for (let i = 0; i < listKeyOptions.length; i++) {
    const name = listKeyOptions[i];
    const v = options[name];
    if (v !== undefined) fields[name] = storageKeyString(v);
  }
  const limit = options.limit;
  if (limit !== undefined) {
    let n = $Number(limit);
    if (NumberIsNaN(n)) n = 0;
    n = MathTrunc(MathMax(-2147483648, MathMin(2147483647, n)));
    fields.limit = n === 0 ? 0 : n; // never -0, which crosses the wire as a float64
  }
  if (options.reverse !== undefined) fields.reverse = !!options.reverse;
  return fields;
}

// ---- ctx.storage ----

let storageTransactionQueue = PromiseResolve(undefined);

class DurableObjectStorage {
  #kv = null;
  #sql = null;

  constructor(key) {
    if (key !== storageKey) throw new $TypeError("Illegal constructor");
  }

  get kv() {
    if (this.#kv === null) this.#kv = new SyncKvStorage(storageKey, this);
    return this.#kv;
  }

  get sql() {
    if (this.#sql === null) this.#sql = new SqlStorage(storageKey, this);
    return this.#sql;
  }

  get(keys, options = undefined) {
    return settle(() => storageGet(this, keys));
  }

  put(keyOrEntries, value = undefined, options = undefined) {
    const argCount = nativeArgCount(); // here: in the arrow function it would be the arrow's
    return settle(() => storagePut(this, keyOrEntries, value, argCount));
  }

  delete(keys, options = undefined) {
    return settle(() => storageDelete(this, keys));
  }

  list(options = undefined) {
    return settle(() => decodeEntryMap(storageRequest(this, "list", listFields(options))));
  }

  deleteAll(options = undefined) {
    return settle(() => {
      storageRequest(this, "deleteAll");
    });
  }

  sync() {
    return settle(() => {
      storageRequest(this, "sync");
    });
  }

  getAlarm(options = undefined) {
    return settle(() => {
      const time = storageRequest(this, "getAlarm");
      return time === undefined ? null : time;
    });
  }

  setAlarm(scheduledTime, options = undefined) {
    return settle(() => {
      storageRequest(this, "setAlarm", { __proto__: null, time: alarmTime(scheduledTime) });
    });
  }

  deleteAlarm(options = undefined) {
    return settle(() => {
      storageRequest(this, "deleteAlarm");
    });
  }

  transactionSync(closure) {
    if (typeof closure !== "function") throw new $TypeError("transactionSync() requires a function.");
    storageRequest(this, "transaction.begin");
    let result;
    try {
      result = closure();
    } catch (e) {
      rollbackQuietly(this);
      throw e;
    }
    storageRequest(this, "transaction.commit");
    return result;
  }

  // The closure runs inside a savepoint; transactions of this isolate are queued so that their
  // savepoints never interleave.
  transaction(closure, options = undefined) {
    if (typeof closure !== "function") return PromiseReject(new $TypeError("transaction() requires a function."));
    const run = () => runAsyncTransaction(this, closure);
    const done = PromisePrototypeThen(storageTransactionQueue, run, run);
    storageTransactionQueue = PromisePrototypeThen(done, () => undefined, () => undefined);
    return done;
  }
}
setToStringTag(DurableObjectStorage, "DurableObjectStorage");

// Runs fn() now and returns its result (or error) as a settled promise.
function settle(fn) {
  try {
    return PromiseResolve(fn());
  } catch (e) {
    return PromiseReject(e);
  }
}

function rollbackQuietly(storage) {
  try {
    storageRequest(storage, "transaction.rollback");
  } catch {
    // The host reports a storage that cannot roll back on its next call; the closure's error,
    // which is being rethrown, is the one the worker needs to see.
  }
}

async function runAsyncTransaction(storage, closure) {
  storageRequest(storage, "transaction.begin");
  const txn = new DurableObjectTransaction(storageKey, storage);
  let result;
  try {
    result = await closure(txn);
  } catch (e) {
    txnFinish(txn);
    rollbackQuietly(storage);
    throw e;
  }
  if (txnFinish(txn)) storageRequest(storage, "transaction.rollback");
  else storageRequest(storage, "transaction.commit");
  return result;
}

function storageGet(storage, keys) {
  if (ArrayIsArray(keys)) {
    return decodeEntryMap(storageRequest(storage, "getMany", { __proto__: null, keys: storageKeyList(keys) }));
  }
  return decodeStoredValue(storageKeyRequest(storage, "get", storageKeyString(keys)));
}

function storagePut(storage, keyOrEntries, value, argumentCount) {
  if (keyOrEntries !== null && typeof keyOrEntries === "object" && argumentCount < 2) {
    const names = ObjectKeys(keyOrEntries);
    const values = [];
    for (let i = 0; i < names.length; i++) {
      const v = keyOrEntries[names[i]];
      if (v === undefined) throw new $TypeError("put() called with undefined value.");
      listPush(values, encodeStoredValue(v));
    }
    storageRequest(storage, "putMany", { __proto__: null, keys: names, values });
    return;
  }
  const key = storageKeyString(keyOrEntries);
  if (value === undefined) throw new $TypeError("put() called with undefined value.");
  storagePutRequest(storage, key, encodeStoredValue(value));
}

function storageDelete(storage, keys) {
  if (ArrayIsArray(keys)) return storageRequest(storage, "deleteMany", { __proto__: null, keys: storageKeyList(keys) });
  return storageKeyRequest(storage, "delete", storageKeyString(keys));
}

function alarmTime(scheduledTime) {
  let time;
  if (typeof scheduledTime === "number") time = scheduledTime;
  else if (scheduledTime !== null && typeof scheduledTime === "object" && isDateObject(scheduledTime)) time = DatePrototypeGetTime(scheduledTime);
  else throw new $TypeError("setAlarm() requires a Date or a number of milliseconds since the epoch.");
  if (!NumberIsFinite(time)) throw new $TypeError("setAlarm() cannot be called with an invalid time.");
  return time;
}

function isDateObject(v) {
  try {
    DatePrototypeGetTime(v);
    return true;
  } catch {
    return false;
  }
}

// ---- transaction(async fn)'s argument ----

let txnFinish; // (txn) -> whether rollback() was called; ends the transaction

class DurableObjectTransaction {
  #storage;
  #rolledBack = false;
  #finished = false;

  constructor(key, storage) {
    if (key !== storageKey) throw new $TypeError("Illegal constructor");
    this.#storage = storage;
  }
  #check() {
    if (this.#finished) throw new $Error("This transaction has already completed.");
    if (this.#rolledBack) throw new $Error("This transaction has been rolled back.");
  }
  get(keys, options = undefined) {
    try {
      this.#check();
    } catch (e) {
      return PromiseReject(e);
    }
    return this.#storage.get(keys, options);
  }
  put(keyOrEntries, value = undefined, options = undefined) {
    const argCount = nativeArgCount(); // here: in the arrow function it would be the arrow's
    try {
      this.#check();
    } catch (e) {
      return PromiseReject(e);
    }
    return settle(() => storagePut(this.#storage, keyOrEntries, value, argCount));
  }
  delete(keys, options = undefined) {
    try {
      this.#check();
    } catch (e) {
      return PromiseReject(e);
    }
    return this.#storage.delete(keys, options);
  }
  list(options = undefined) {
    try {
      this.#check();
    } catch (e) {
      return PromiseReject(e);
    }
    return this.#storage.list(options);
  }
  getAlarm(options = undefined) {
    return this.#storage.getAlarm(options);
  }
  setAlarm(scheduledTime, options = undefined) {
    return this.#storage.setAlarm(scheduledTime, options);
  }
  deleteAlarm(options = undefined) {
    return this.#storage.deleteAlarm(options);
  }
  // Discards the transaction's writes when its closure ends; later operations on it throw.
  rollback() {
    if (this.#finished) throw new $Error("This transaction has already completed.");
    this.#rolledBack = true;
  }
  static {
    txnFinish = (txn) => {
      txn.#finished = true;
      return txn.#rolledBack;
    };
  }
}
setToStringTag(DurableObjectTransaction, "DurableObjectTransaction");

// ---- ctx.storage.kv ----

class SyncKvStorage {
  #storage;

  constructor(key, storage) {
    if (key !== storageKey) throw new $TypeError("Illegal constructor");
    this.#storage = storage;
  }

  get(key) {
    return decodeStoredValue(storageKeyRequest(this.#storage, "get", storageKeyString(key)));
  }

  put(key, value) {
    key = storageKeyString(key);
    storagePutRequest(this.#storage, key, encodeStoredValue(value));
  }

  delete(key) {
    return storageKeyRequest(this.#storage, "delete", storageKeyString(key));
  }

  // An iterator of [key, value]; values are decoded as the iterator reaches them.
  list(options = undefined) {
    return new KvListIterator(storageKey, storageRequest(this.#storage, "list", listFields(options)));
  }

  static {
    registerPlatformClass((o) => o !== null && typeof o === "object" && #storage in o);
  }
}
setToStringTag(SyncKvStorage, "SyncKvStorage");

class KvListIterator {
  #flat;
  #index = 0;

  constructor(key, flat) {
    if (key !== storageKey) throw new $TypeError("Illegal constructor");
    this.#flat = flat;
  }
  next() {
    const flat = this.#flat;
    const i = this.#index;
    if (i + 1 >= flat.length) return { value: undefined, done: true };
    this.#index = i + 2;
    return { value: [flat[i], decodeStoredValue(flat[i + 1])], done: false };
  }
  [SymbolIterator]() {
    return this;
  }
}
ObjectSetPrototypeOf(KvListIterator.prototype, IteratorPrototype);
setToStringTag(KvListIterator, "SyncKvListIterator");

// ---- ctx.storage.sql ----

class SqlStorage {
  #storage;

  constructor(key, storage) {
    if (key !== storageKey) throw new $TypeError("Illegal constructor");
    this.#storage = storage;
  }

  exec(query, ...bindings) {
    if (typeof query !== "string") throw new $TypeError("The SQL query must be a string.");
    const values = [];
    for (let i = 0; i < bindings.length; i++) listPush(values, sqlBinding(bindings[i], i + 1));
    const reply = hostRequest({ __proto__: null, op: "storage", storage: this.#storage, method: "sql.exec", query, bindings: values });
    return new SqlStorageCursor(storageKey, this.#storage, reply);
  }

  get databaseSize() {
    return storageRequest(this.#storage, "sql.databaseSize");
  }

  static {
    registerPlatformClass((o) => o !== null && typeof o === "object" && #storage in o);
  }
}
setToStringTag(SqlStorage, "SqlStorage");

function sqlBinding(v, position) {
  switch (typeof v) {
    case "string":
    case "number":
    case "bigint":
      return v;
    case "boolean":
      return v ? 1 : 0;
    case "undefined":
      return null;
    case "object":
      if (v === null) return null;
      if (ArrayBufferIsView(v) || isArrayBuffer(v)) {
        const range = bufferSourceRange(v, "A SQL binding");
        return ArrayBufferPrototypeSlice(range[0], range[1], range[1] + range[2]);
      }
  }
  throw new $TypeError(`SQL binding ${position} is not a string, number, bigint, null or ArrayBuffer.`);
}

// A cursor over the last statement's rows. Rows arrive from the host in batches, their values
// flat (row after row, one value per column); rowsRead counts the rows handed to the worker (plus
// rows of earlier statements), so it grows as the cursor is read.
let sqlCursorInternals;

class SqlStorageCursor {
  #storage;
  #id; // host cursor id, null once the host has no more rows
  #columnNames;
  #width; // values per row
  #values; // the current batch, flat
  #offset = 0; // where the next row starts in #values
  #hostRowsRead;
  #rowsWritten;

  constructor(key, storage, reply) {
    if (key !== storageKey) throw new $TypeError("Illegal constructor");
    this.#storage = storage;
    this.#columnNames = reply.columnNames;
    this.#width = this.#columnNames.length;
    this.#accept(reply);
  }

  #accept(reply) {
    this.#id = reply.cursor;
    this.#values = reply.values;
    this.#offset = 0;
    this.#hostRowsRead = reply.rowsRead;
    this.#rowsWritten = reply.rowsWritten;
  }

  // Where the next row starts in this.#values, or -1 at the end.
  #nextRow() {
    if (this.#width === 0) return -1; // statements without result columns have no rows
    while (this.#offset >= this.#values.length) {
      if (this.#id === null) return -1;
      this.#accept(sqlCursorRequest(this.#storage, "sql.next", this.#id));
    }
    const at = this.#offset;
    this.#offset = at + this.#width;
    return at;
  }

  #rowObject(at) {
    const names = this.#columnNames;
    const values = this.#values;
    const o = {};
    for (let i = 0; i < names.length; i++) ObjectDefineProperty(o, names[i], dataDescriptor(values[at + i], true));
    return o;
  }

  #rowArray(at) {
    return ArrayPrototypeSlice(this.#values, at, at + this.#width);
  }

  #close() {
    const id = this.#id;
    this.#id = null;
    this.#values = [];
    this.#offset = 0;
    if (id !== null) sqlCursorRequest(this.#storage, "sql.close", id);
  }

  next() {
    const at = this.#nextRow();
    if (at < 0) return { done: true, value: undefined };
    return { done: false, value: this.#rowObject(at) };
  }

  // Ends the iteration early (a `break` out of for-of): the host releases the statement.
  return(value = undefined) {
    this.#close();
    return { done: true, value };
  }

  toArray() {
    const all = [];
    for (let at = this.#nextRow(); at >= 0; at = this.#nextRow()) listPush(all, this.#rowObject(at));
    return all;
  }

  one() {
    const at = this.#nextRow();
    if (at < 0) throw new $Error("Expected exactly one result from SQL query, but got no results.");
    const row = this.#rowObject(at);
    const extra = this.#nextRow();
    this.#close();
    if (extra >= 0) throw new $Error("Expected exactly one result from SQL query, but got multiple results.");
    return row;
  }

  // The remaining rows as arrays of values, sharing this cursor's position.
  raw() {
    return new SqlRawIterator(storageKey, this);
  }

  get columnNames() {
    return ArrayPrototypeSlice(this.#columnNames);
  }

  get rowsRead() {
    const buffered = this.#width === 0 ? 0 : (this.#values.length - this.#offset) / this.#width;
    return this.#hostRowsRead - buffered;
  }

  get rowsWritten() {
    return this.#rowsWritten;
  }

  [SymbolIterator]() {
    return this;
  }

  static {
    sqlCursorInternals = {
      __proto__: null,
      // The next row as a fresh array, or undefined at the end.
      nextArray: (cursor) => {
        const at = cursor.#nextRow();
        return at < 0 ? undefined : cursor.#rowArray(at);
      },
      close: (cursor) => cursor.#close(),
    };
    registerPlatformClass((o) => o !== null && typeof o === "object" && #storage in o);
  }
}
ObjectSetPrototypeOf(SqlStorageCursor.prototype, IteratorPrototype);
setToStringTag(SqlStorageCursor, "SqlStorageCursor");

class SqlRawIterator {
  #cursor;

  constructor(key, cursor) {
    if (key !== storageKey) throw new $TypeError("Illegal constructor");
    this.#cursor = cursor;
  }
  next() {
    const row = sqlCursorInternals.nextArray(this.#cursor);
    if (row === undefined) return { done: true, value: undefined };
    return { done: false, value: row };
  }
  return(value = undefined) {
    sqlCursorInternals.close(this.#cursor);
    return { done: true, value };
  }
  toArray() {
    const all = [];
    for (let row = sqlCursorInternals.nextArray(this.#cursor); row !== undefined; row = sqlCursorInternals.nextArray(this.#cursor)) {
      listPush(all, row);
    }
    return all;
  }
  [SymbolIterator]() {
    return this;
  }
}
ObjectSetPrototypeOf(SqlRawIterator.prototype, IteratorPrototype);
setToStringTag(SqlRawIterator, "SqlRawIterator");
