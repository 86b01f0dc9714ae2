package radicchio.engine.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import radicchio.bindings.abi.Undefined;
import radicchio.storage.KvTable;
import radicchio.storage.ListOptions;
import radicchio.storage.ResultTooLargeException;
import radicchio.storage.StorageLimits;

/**
  * The KV methods of a storage request, against the object's {@link KvTable}. Values are the
  * guest's wire-encoded bytes, checked by {@link StorableValues}, then stored and returned
  * untouched. Multi-key replies are flat arrays
  * {@code [key, value, key, value, ...]} in the table's order.
  */
final class KvRequests {
    /** Checked before the keys are read; KvTable checks again with the same message. */
    private static final String TOO_MANY_KEYS =
            "Maximum number of keys is " + StorageLimits.MAX_KEYS_PER_CALL + ".";
    /**
      * Largest multi-key reply, in value bytes: the whole reply must fit the isolate's memory (128
      * MiB by default) next to its decoded copy, and 128 values of 2 MiB would not.
      */
    static final long MAX_REPLY_BYTES = 32L << 20;

    private KvRequests() {}

    static Object get(KvTable kv, RequestFields fields) {
        byte[] value = kv.get(fields.string("key"));
        return value == null ? Undefined.INSTANCE : value;
    }

    static Object getMany(KvTable kv, RequestFields fields) {
        return flatten(kv.get(keys(fields)));
    }

    static Object put(KvTable kv, StorageLimits limits, RequestFields fields) {
        String key = fields.string("key");
        byte[] value = fields.bytes("value");
        checkStorable(limits, "value", value);
        kv.put(key, value);
        return Undefined.INSTANCE;
    }

    static Object putMany(KvTable kv, StorageLimits limits, RequestFields fields) {
        List<String> keys = keys(fields);
        List<byte[]> values = fields.buffers("values", StorageLimits.MAX_KEYS_PER_CALL, TOO_MANY_KEYS);
        if (values.size() != keys.size()) {
            throw StorageErrors.typeError("storage.putMany: \"keys\" and \"values\" differ in length.");
        }
        for (byte[] value : values) {
            checkStorable(limits, "values", value);
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            entries.put(keys.get(i), values.get(i));
        }
        kv.put(entries);
        return Undefined.INSTANCE;
    }

    static Object delete(KvTable kv, RequestFields fields) {
        return kv.delete(fields.string("key"));
    }

    static Object deleteMany(KvTable kv, RequestFields fields) {
        return kv.delete(keys(fields));
    }

    static Object list(KvTable kv, RequestFields fields) {
        ListOptions options = ListOptions.all()
                .withStart(fields.optionalString("start"))
                .withStartAfter(fields.optionalString("startAfter"))
                .withEnd(fields.optionalString("end"))
                .withPrefix(fields.optionalString("prefix"))
                .withLimit(fields.optionalInt("limit"))
                .withReverse(fields.flag("reverse"));
        try {
            // The cap applies while reading, so a huge table is never held in memory whole.
            return flatten(kv.list(options, MAX_REPLY_BYTES));
        } catch (ResultTooLargeException e) {
            throw tooLarge();
        }
    }

    /** Values over the size limit are left to KvTable, which refuses them without decoding them. */
    private static void checkStorable(StorageLimits limits, String field, byte[] value) {
        if (value.length <= limits.maxValueBytes()) {
            StorableValues.check(field, value);
        }
    }

    private static List<String> keys(RequestFields fields) {
        return fields.strings("keys", StorageLimits.MAX_KEYS_PER_CALL, TOO_MANY_KEYS);
    }

    private static RuntimeException tooLarge() {
        return StorageErrors.rangeError("The result is larger than " + (MAX_REPLY_BYTES >> 20)
                + " MiB; read fewer keys at a time (list() takes a limit).");
    }

    private static List<Object> flatten(Map<String, byte[]> entries) {
        List<Object> flat = new ArrayList<>(entries.size() * 2);
        long bytes = 0;
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            bytes += entry.getKey().length() * 3L + entry.getValue().length;
            if (bytes > MAX_REPLY_BYTES) {
                throw tooLarge();
            }
            flat.add(entry.getKey());
            flat.add(entry.getValue());
        }
        return flat;
    }
}
