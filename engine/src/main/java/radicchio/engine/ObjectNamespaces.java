package radicchio.engine;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import radicchio.bindings.abi.HostRef;
import radicchio.bindings.abi.JsObject;
import radicchio.bindings.abi.WireWriter;

/**
 * An app's Durable Object namespaces: binding name ({@code env.X}) to class, ids from names, and
 * the object references JS hands back (checked: they are hostile input).
 */
final class ObjectNamespaces {
    private final String appName;
    private final Map<String, String> classByBinding;
    private final Map<String, String> bindingByClass = new TreeMap<>();
    private final Set<String> entrypoints;

    /** Prefix of the namespace ids {@code ctx.exports.<Class>} uses; a binding (a JS identifier) has no ':'. */
    static final String EXPORTS_PREFIX = "exports:";

    /**
     * @param classByBinding  {@code env.X} bindings to class names
     * @param exportedClasses Durable Object classes the main module exports: each is also reachable
     *                        as {@code ctx.exports.<Class>}, bound or not
     * @param entrypoints     the main module's other exported classes and handler objects: each is
     *                        a loopback Fetcher {@code ctx.exports.<Name>}
     */
    ObjectNamespaces(String appName, Map<String, String> classByBinding, Iterable<String> exportedClasses,
            Collection<String> entrypoints) {
        this.appName = appName;
        this.entrypoints = Set.copyOf(entrypoints);
        Map<String, String> all = new java.util.HashMap<>(classByBinding);
        for (String cls : exportedClasses) {
            all.put(EXPORTS_PREFIX + cls, cls);
        }
        this.classByBinding = Map.copyOf(all);
        // The first binding (by name) of each class: what ctx.id names as its namespace.
        new TreeMap<>(classByBinding).forEach((binding, cls) -> bindingByClass.putIfAbsent(cls, binding));
        for (String cls : exportedClasses) {
            bindingByClass.putIfAbsent(cls, EXPORTS_PREFIX + cls);
        }
    }

    /**
     * {@code ctx.exports}: each exported Durable Object class as a namespace reference, each other
     * entrypoint as a loopback reference {@code {kind: "entrypoint", id: {name}}}.
     */
    JsObject exportsValue() {
        JsObject exports = new JsObject();
        new TreeMap<>(classByBinding).forEach((id, cls) -> {
            if (id.startsWith(EXPORTS_PREFIX)) {
                exports.set(cls, new HostRef("namespace", id));
            }
        });
        new TreeSet<>(entrypoints).forEach(name -> exports.set(name, new HostRef("entrypoint", JsObject.of("name", name))));
        return exports;
    }

    /** Whether {@code name} is one of the main module's entrypoints ({@code ctx.exports} loopbacks). */
    boolean isEntrypoint(String name) {
        return entrypoints.contains(name);
    }

    Map<String, String> classByBinding() {
        return classByBinding;
    }

    String classOf(String binding) {
        String cls = classByBinding.get(binding);
        if (cls == null) {
            throw GuestRequest.typeError("There is no Durable Object namespace bound as \"" + binding + "\".");
        }
        return cls;
    }

    /**
     * The id of the object named {@code name}: SHA-256 of the app, class and name (the name's exact
     * UTF-16 content, lone surrogates included), so it is the same on every run.
     */
    String idFromName(String binding, String name) {
        return idOf(appName, classOf(binding), name);
    }

    /** The id of the object named {@code name} of class {@code cls} in app (or tenant) {@code appName}. */
    static String idOf(String appName, String cls, String name) {
        byte[] key = WireWriter.encode(java.util.List.of("radicchio-durable-object-id", appName, cls, name));
        return Hashing.sha256Hex(key);
    }

    /** The address a JS object reference ({@code {namespace: binding, id: hex}}) points at. */
    ObjectAddress address(Object refId) {
        if (!(refId instanceof JsObject o) || !(o.get("namespace") instanceof String binding)
                || !(o.get("id") instanceof String hex) || !ObjectAddress.ID_HEX.matcher(hex).matches()) {
            throw GuestRequest.typeError("Malformed Durable Object reference.");
        }
        return new ObjectAddress(binding, classOf(binding), hex);
    }

    /** The address of a stored object of this app's classes, or null if none of them is stored there. */
    ObjectAddress addressInStorage(radicchio.storage.ObjectKey key) {
        if (!ObjectAddress.ID_HEX.matcher(key.objectIdHex()).matches()) {
            return null;
        }
        for (Map.Entry<String, String> e : bindingByClass.entrySet()) {
            if (ObjectAddress.storageNamespace(e.getKey()).equals(key.namespace())) {
                return new ObjectAddress(e.getValue(), e.getKey(), key.objectIdHex());
            }
        }
        return null;
    }

    /** The name in a reference, when it came from idFromName; null otherwise. */
    static String nameIn(Object refId) {
        if (refId instanceof JsObject o && o.get("name") instanceof String name && name.length() <= GuestRequest.MAX_NAME_CHARS) {
            return name;
        }
        return null;
    }

    /** {@code ctx.id} of an object: {@code {namespace, id, name?}}. */
    HostRef idRef(ObjectAddress address, String name) {
        JsObject id = JsObject.of("namespace", bindingByClass.getOrDefault(address.className(), address.binding()), "id", address.idHex());
        if (name != null) {
            id.set("name", name);
        }
        return new HostRef("objectId", id);
    }
}
