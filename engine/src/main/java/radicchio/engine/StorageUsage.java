package radicchio.engine;

import java.util.Map;
import radicchio.bindings.abi.JsObject;
import radicchio.bindings.abi.WireWriter;

/**
 * Sizes one {@code ctx.storage} request for a {@link WorkerObserver}: whether it read or wrote,
 * and its bytes. A request counts as one read or one write: KV {@code get}, {@code getMany},
 * {@code list}, SQL cursor batches and alarm reads are reads; {@code put}, deletes and alarm
 * changes are writes; {@code sql.exec} is a write when its statement wrote rows, else a read.
 * Bytes are the wire size of the request (for a write) and of the reply (for a read): what
 * crossed the storage boundary, keys and SQL text included.
 */
final class StorageUsage {
    private StorageUsage() {}

    static void report(WorkerObserver observer, String worker, GuestRequest request, Object result) {
        Object method = request.get("method");
        if (!(method instanceof String m)) {
            return;
        }
        switch (m) {
            case "get", "getMany", "list", "sql.next", "sql.databaseSize", "getAlarm" ->
                    observer.storage(worker, 1, 0, WireWriter.encode(result).length, 0);
            case "put", "putMany", "delete", "deleteMany", "deleteAll", "setAlarm", "deleteAlarm" ->
                    observer.storage(worker, 0, 1, 0, WireWriter.encode(request.raw()).length);
            case "sql.exec" -> {
                boolean wrote = rowsWritten(result) > 0;
                observer.storage(worker, wrote ? 0 : 1, wrote ? 1 : 0, WireWriter.encode(result).length,
                        WireWriter.encode(request.raw()).length);
            }
            default -> { } // transactions, sync, cursor close: no data moves
        }
    }

    private static double rowsWritten(Object result) {
        Object n = result instanceof Map<?, ?> map ? map.get("rowsWritten")
                : result instanceof JsObject o ? o.get("rowsWritten") : null;
        return n instanceof Number number ? number.doubleValue() : 0;
    }
}
