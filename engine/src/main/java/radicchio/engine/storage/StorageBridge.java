package radicchio.engine.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import radicchio.bindings.JsException;
import radicchio.bindings.abi.Undefined;
import radicchio.storage.ObjectStore;

/**
  * Serves the guest's {@code ctx.storage} host requests against one object's {@link ObjectStore}.
  * The engine core calls {@link #handle} for every host request whose {@code op} is
  * {@code "storage"}, with the store of the object the isolate is running.
  *
  * <p>Requests are wire objects {@code {op: "storage", storage: <host ref>, method, ...fields}}
  * (the full table is at the top of wasm-guest/js/storage.js and in wasm-guest/README.md):
  *
  * <pre>
  *   get {key}                  -> ArrayBuffer | undefined     put {key, value: ArrayBuffer}
  *   getMany {keys}             -> [key, ArrayBuffer, ...]     putMany {keys, values}
  *   delete {key} -> boolean    deleteMany {keys} -> count     deleteAll
  *   list {start?, startAfter?, end?, prefix?, limit?, reverse?} -> [key, ArrayBuffer, ...]
  *   sql.exec {query, bindings} -> {columnNames, values, cursor, rowsRead, rowsWritten}
  *   sql.next {cursor} -> {values, cursor, rowsRead, rowsWritten}     sql.close {cursor}
  *   sql.databaseSize -> number
  *   transaction.begin | transaction.commit | transaction.rollback  (a savepoint; see below)
  *   sync      getAlarm -> epoch ms | undefined      setAlarm {time}      deleteAlarm
  * </pre>
  *
  * KV values are the guest's structured-clone bytes, stored untouched once {@link StorableValues}
  * has checked them (well-formed; no Request, Response or binding). {@code transactionSync(fn)}
  * runs {@code fn} in the guest between {@code transaction.begin} and {@code transaction.commit}
  * (or {@code transaction.rollback}): the store holds a savepoint across those host calls.
  *
  * <p>The guest is hostile: every field is checked ({@link RequestFields}), and every failure
  * reaches JS as a {@link JsException} with the platform's error name and message
  * ({@link StorageErrors}); nothing the guest sends can throw anything else out of here. One
  * bridge may serve many stores on many threads; per-store state (open SQL cursors) is kept per
  * store.
  */
public final class StorageBridge {
    private static final Logger LOG = LoggerFactory.getLogger(StorageBridge.class);

    private final SqlRequests sql = new SqlRequests();

    public StorageBridge() {}

    /** Performs one storage request; returns its reply value or throws its JS error. */
    public Object handle(ObjectStore store, Object request) throws Exception {
        try {
            return perform(store, RequestFields.of(request));
        } catch (JsException e) {
            throw e;
        } catch (RuntimeException e) {
            JsException translated = StorageErrors.translate(e);
            if (translated != null) {
                throw translated;
            }
            LOG.warn("storage request failed unexpectedly", e);
            throw StorageErrors.error("Error", "Internal error in storage.");
        }
    }

    private Object perform(ObjectStore store, RequestFields fields) {
        switch (fields.method()) {
            case "get":
                return KvRequests.get(store.kv(), fields);
            case "getMany":
                return KvRequests.getMany(store.kv(), fields);
            case "put":
                return KvRequests.put(store.kv(), store.limits(), fields);
            case "putMany":
                return KvRequests.putMany(store.kv(), store.limits(), fields);
            case "delete":
                return KvRequests.delete(store.kv(), fields);
            case "deleteMany":
                return KvRequests.deleteMany(store.kv(), fields);
            case "list":
                return KvRequests.list(store.kv(), fields);
            case "deleteAll":
                sql.closeCursors(store);
                store.deleteAll();
                return Undefined.INSTANCE;
            case "sql.exec":
                return sql.exec(store, fields);
            case "sql.next":
                return sql.next(store, fields);
            case "sql.close":
                return sql.close(store, fields);
            case "sql.databaseSize":
                return sql.databaseSize(store);
            case "transaction.begin":
                store.beginTransactionSync();
                return Undefined.INSTANCE;
            case "transaction.commit":
                store.commitTransactionSync();
                return Undefined.INSTANCE;
            case "transaction.rollback":
                store.rollbackTransactionSync();
                return Undefined.INSTANCE;
            case "sync":
                store.sync();
                return Undefined.INSTANCE;
            case "getAlarm":
                Long alarm = store.alarms().getAlarm();
                // Not null: host-bindings cannot carry a null reply (IsolateHost builds it with List.of).
                return alarm == null ? Undefined.INSTANCE : SqlWireValues.integer(alarm);
            case "setAlarm":
                store.alarms().setAlarm(alarmTime(fields));
                return Undefined.INSTANCE;
            case "deleteAlarm":
                store.alarms().deleteAlarm();
                return Undefined.INSTANCE;
            default:
                throw StorageErrors.typeError("Unknown storage method \"" + fields.method() + "\".");
        }
    }

    /** The alarm time in whole epoch milliseconds; JS Dates stop at ±8.64e15 ms. */
    private static long alarmTime(RequestFields fields) {
        double time = fields.finiteNumber("time");
        if (Math.abs(time) > 8.64e15) {
            throw StorageErrors.typeError("setAlarm() cannot be called with a time outside the range of a Date.");
        }
        return (long) Math.floor(time);
    }
}
