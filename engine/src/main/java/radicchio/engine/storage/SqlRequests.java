package radicchio.engine.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import radicchio.bindings.abi.Undefined;
import radicchio.storage.ObjectStore;
import radicchio.storage.SqlCursor;
import radicchio.storage.StorageLimits;

/**
  * The SQL methods of a storage request: {@code exec} runs the query and answers its column
  * names and first batch of rows; {@code next} answers the following batches of a cursor that
  * had more. Replies: {@code {columnNames (exec only), values: [row 1's values..., row 2's
  * values..., ...], cursor: id | null, rowsRead, rowsWritten}}: the rows' values flat, each row
  * as many as there are columns; a null cursor means no rows remain.
  */
final class SqlRequests {
    private final OpenCursors cursors = new OpenCursors();

    Object exec(ObjectStore store, RequestFields fields) {
        String query = fields.string("query");
        // More bindings than SQLite accepts variables can only be an error; stop before converting.
        List<Object> raw = fields.array("bindings", Integer.MAX_VALUE, "");
        if (raw.size() > StorageLimits.VARIABLES) {
            throw StorageErrors.error("Error", "Wrong number of parameter bindings for SQL query.");
        }
        Object[] bindings = new Object[raw.size()];
        for (int i = 0; i < bindings.length; i++) {
            bindings[i] = SqlWireValues.binding(raw.get(i), i + 1);
        }
        SqlCursor cursor = store.sql().exec(query, bindings);
        List<Object> values = new ArrayList<>();
        Integer id;
        try {
            id = cursors.register(store, cursor, values);
        } catch (RuntimeException e) {
            cursor.close();
            throw e;
        }
        Map<String, Object> reply = reply(values, id, cursor);
        reply.put("columnNames", new ArrayList<Object>(cursor.columnNames()));
        return reply;
    }

    Object next(ObjectStore store, RequestFields fields) {
        int id = fields.id("cursor");
        SqlCursor cursor = cursors.get(store, id);
        OpenCursors.Batch batch;
        try {
            batch = OpenCursors.readBatch(cursor);
        } catch (RuntimeException e) {
            cursors.close(store, id);
            throw e;
        }
        if (!batch.more()) {
            cursors.close(store, id);
        }
        return reply(batch.values(), batch.more() ? id : null, cursor);
    }

    Object close(ObjectStore store, RequestFields fields) {
        cursors.close(store, fields.id("cursor"));
        return Undefined.INSTANCE;
    }

    Object databaseSize(ObjectStore store) {
        return SqlWireValues.integer(store.sql().databaseSize());
    }

    /** Closes the store's cursors: schema changes such as DROP TABLE fail while statements read. */
    void closeCursors(ObjectStore store) {
        cursors.closeAll(store);
    }

    private static Map<String, Object> reply(List<Object> values, Integer id, SqlCursor cursor) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("values", values);
        reply.put("cursor", id);
        reply.put("rowsRead", SqlWireValues.integer(cursor.rowsRead()));
        reply.put("rowsWritten", SqlWireValues.integer(cursor.rowsWritten()));
        return reply;
    }
}
