package radicchio.engine.supervisor;

/**
 * A supervised object's key-value storage (the same SQLite table and value encoding as JS's
 * {@code ctx.storage.kv}): values are wire values (String, Number, Boolean, null, List, Map with
 * String keys, byte[] and the {@code radicchio.bindings.abi} types); what comes back is their
 * decoded form (numbers as Integer or Double, maps as {@code JsObject}, lists as {@code JsArray}).
 */
public interface ObjectStorage {
    /** The value under {@code key}, or null if none. */
    Object get(String key);

    void put(String key, Object value);

    /** Whether there was a value to delete. */
    boolean delete(String key);
}
