package radicchio.engine.storage;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import radicchio.storage.ObjectStore;
import radicchio.storage.SqlCursor;

/**
  * The SQL cursors the guest is still reading, per store, by id. A cursor is read in batches
  * (at most {@link #MAX_BATCH_ROWS} rows and about {@link #MAX_BATCH_BYTES}); one read to its end
  * in its first batch (most queries) is never registered. Ids are small integers, private to
  * their store: a guest can name only its own object's cursors.
  *
  * <p>Bounds: at most {@link #MAX_OPEN_PER_STORE} cursors per store stay open; opening another
  * closes the oldest. A store's table is dropped when it holds no cursor, and tables of closed
  * stores are swept when a new store appears, so abandoned cursors cannot pile up.
  *
  * <p>Thread safety: the table of tables is shared by every store's thread and synchronized; one
  * store's cursors are only touched by the thread running that store's event (the input gate).
  */
final class OpenCursors {
    static final int MAX_BATCH_ROWS = 256;
    static final long MAX_BATCH_BYTES = 1L << 20;
    static final int MAX_OPEN_PER_STORE = 64;

    private final Map<ObjectStore, StoreCursors> byStore = new IdentityHashMap<>();

    /**
      * One batch read from a cursor: its rows' values in one flat list, row after row (a row has as
      * many values as the cursor has columns; one flat array decodes much faster in the guest than
      * an array per row), and whether the cursor may have more.
      */
    record Batch(List<Object> values, int rowCount, boolean more) {}

    /** Reads the first batch of {@code cursor}; registers it under a new id if rows remain. */
    Integer register(ObjectStore store, SqlCursor cursor, List<Object> valuesOut) {
        Batch batch = readBatch(cursor);
        valuesOut.addAll(batch.values());
        if (!batch.more()) {
            cursor.close();
            return null;
        }
        return tableFor(store).add(cursor);
    }

    SqlCursor get(ObjectStore store, int id) {
        StoreCursors table;
        synchronized (byStore) {
            table = byStore.get(store);
        }
        SqlCursor cursor = table == null ? null : table.cursors.get(id);
        if (cursor == null) {
            throw StorageErrors.error("Error", "This SQL cursor is closed.");
        }
        return cursor;
    }

    /** Closes and forgets the cursor (unknown ids are ignored: closing twice is harmless). */
    void close(ObjectStore store, int id) {
        synchronized (byStore) {
            StoreCursors table = byStore.get(store);
            if (table == null) {
                return;
            }
            SqlCursor cursor = table.cursors.remove(id);
            if (cursor != null) {
                cursor.close();
            }
            if (table.cursors.isEmpty()) {
                byStore.remove(store);
            }
        }
    }

    /** Closes every cursor of {@code store} (before statements that need no reader, like DROP). */
    void closeAll(ObjectStore store) {
        StoreCursors table;
        synchronized (byStore) {
            table = byStore.remove(store);
        }
        if (table != null) {
            for (SqlCursor cursor : table.cursors.values()) {
                cursor.close();
            }
        }
    }

    /** The next rows of {@code cursor}, up to the batch limits; the caller closes a finished cursor. */
    static Batch readBatch(SqlCursor cursor) {
        List<Object> values = new ArrayList<>();
        int rows = 0;
        long bytes = 0;
        while (rows < MAX_BATCH_ROWS && bytes < MAX_BATCH_BYTES) {
            if (!cursor.hasNext()) {
                return new Batch(values, rows, false);
            }
            for (Object value : cursor.nextRaw()) {
                values.add(SqlWireValues.result(value));
                bytes += SqlWireValues.approximateSize(value);
            }
            rows++;
        }
        return new Batch(values, rows, true);
    }

    private StoreCursors tableFor(ObjectStore store) {
        synchronized (byStore) {
            StoreCursors table = byStore.get(store);
            if (table == null) {
                sweepClosedStores();
                table = new StoreCursors();
                byStore.put(store, table);
            }
            return table;
        }
    }

    private void sweepClosedStores() {
        for (Iterator<ObjectStore> it = byStore.keySet().iterator(); it.hasNext(); ) {
            if (it.next().isClosed()) {
                it.remove();
            }
        }
    }

    /** One store's open cursors, oldest first. */
    private static final class StoreCursors {
        private final LinkedHashMap<Integer, SqlCursor> cursors = new LinkedHashMap<>();
        private int nextId = 1;

        int add(SqlCursor cursor) {
            if (cursors.size() >= MAX_OPEN_PER_STORE) {
                Iterator<SqlCursor> oldest = cursors.values().iterator();
                oldest.next().close();
                oldest.remove();
            }
            int id = nextId;
            nextId = nextId == Integer.MAX_VALUE ? 1 : nextId + 1;
            cursors.put(id, cursor);
            return id;
        }
    }
}
