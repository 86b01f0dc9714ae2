package radicchio.engine;

import java.util.regex.Pattern;
import radicchio.storage.ObjectKey;

/**
 * Which Durable Object: its class (the namespace), its 64-hex id, and the binding it is reached
 * through in JS ({@code env.<binding>}; ids carry it so that a stub can be rebuilt in another
 * isolate). Equality is by class and id only: two bindings to one class reach the same objects.
 */
record ObjectAddress(String binding, String className, String idHex) {
    static final Pattern ID_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PLAIN_NAMESPACE = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    ObjectAddress {
        if (!ID_HEX.matcher(idHex).matches()) {
            throw new IllegalArgumentException("a Durable Object id is 64 lowercase hex digits");
        }
    }

    /** The storage key: {@code <dataDir>/<class>/<id>/}; a class name storage cannot use is hashed. */
    ObjectKey storageKey() {
        return ObjectKey.of(storageNamespace(className), idHex);
    }

    static String storageNamespace(String className) {
        return PLAIN_NAMESPACE.matcher(className).matches() ? className : "class-" + Hashing.sha256Hex(className).substring(0, 32);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectAddress a && a.className.equals(className) && a.idHex.equals(idHex);
    }

    @Override
    public int hashCode() {
        return className.hashCode() * 31 + idHex.hashCode();
    }

    @Override
    public String toString() {
        return className + "/" + idHex;
    }
}
