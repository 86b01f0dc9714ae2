package radicchio.engine.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks and reads the supported subset of a wrangler config: {@code name}, {@code main},
 * {@code compatibility_date}, {@code compatibility_flags}, {@code migrations[].new_sqlite_classes},
 * {@code durable_objects.bindings[{name, class_name}]}, {@code worker_loaders[{binding}]},
 * {@code vars}. Fields that would change what the app means but are not supported here are
 * errors (a worker would otherwise run differently than on the platform); fields that only
 * matter for deployment are ignored with a warning.
 */
final class WranglerConfigReader {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** Deployment-only fields: accepted and ignored silently. */
    private static final Set<String> DEPLOYMENT_FIELDS = Set.of("$schema", "account_id", "workers_dev", "route",
            "routes", "observability", "upload_source_maps", "preview_urls", "placement", "minify",
            "keep_vars", "send_metrics", "logpush", "limits", "dev", "build", "rules", "no_bundle",
            "find_additional_modules", "base_dir", "assets", "tail_consumers", "triggers");

    private final JsoncDocument doc;
    private final List<String> warnings = new ArrayList<>();

    String name;
    String main;
    String compatibilityDate;
    final List<String> compatibilityFlags = new ArrayList<>();
    final Set<String> sqliteClasses = new LinkedHashSet<>();
    final Map<String, String> durableObjects = new LinkedHashMap<>();
    final List<String> workerLoaders = new ArrayList<>();
    final Map<String, Object> vars = new LinkedHashMap<>();

    private WranglerConfigReader(JsoncDocument doc) {
        this.doc = doc;
    }

    static WranglerConfigReader read(JsoncDocument doc) throws ConfigException {
        WranglerConfigReader reader = new WranglerConfigReader(doc);
        reader.readAll();
        return reader;
    }

    List<String> warnings() {
        return warnings;
    }

    Path file() {
        return doc.file();
    }

    /** The line of {@code path}, for errors found later (e.g. about the main module). */
    ConfigException error(String path, String problem) {
        return doc.error(path, problem);
    }

    private void readAll() throws ConfigException {
        JsonNode root = doc.root();
        if (!root.isObject()) {
            throw doc.error("", "the config must be a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            switch (field) {
                case "name" -> name = string(root, "name");
                case "main" -> main = string(root, "main");
                case "compatibility_date" -> compatibilityDate = date(root, "compatibility_date");
                case "compatibility_flags" -> compatibilityFlags.addAll(strings(root.get(field), field));
                case "migrations" -> migrations(root.get(field));
                case "durable_objects" -> durableObjects(root.get(field));
                case "worker_loaders" -> workerLoaders(root.get(field));
                case "vars" -> vars(root.get(field));
                case "env" -> throw doc.error(field, "environments are not supported; put the settings at the top level");
                case "kv_namespaces", "r2_buckets", "d1_databases", "queues", "services", "ai", "hyperdrive",
                        "vectorize", "analytics_engine_datasets", "browser", "workflows", "containers",
                        "dispatch_namespaces", "mtls_certificates", "send_email", "secrets_store_secrets",
                        "unsafe", "wasm_modules", "text_blobs", "data_blobs", "version_metadata" ->
                        throw doc.error(field, "this binding type is not supported by radicchio");
                default -> {
                    if (!DEPLOYMENT_FIELDS.contains(field)) {
                        warnings.add(doc.file() + ":" + doc.lineOf(field) + ": " + field + ": unknown field, ignored");
                    }
                }
            }
        }
        if (main == null) {
            throw doc.error("main", "is required (the path of the worker's main module)");
        }
        for (Map.Entry<String, String> binding : durableObjects.entrySet()) {
            if (!sqliteClasses.contains(binding.getValue())) {
                String path = bindingPathOf(binding.getKey());
                throw doc.error(path + ".class_name", "class \"" + binding.getValue()
                        + "\" is not in any migrations[].new_sqlite_classes; add a migration for it");
            }
        }
    }

    private void migrations(JsonNode node) throws ConfigException {
        String path = "migrations";
        requireArray(node, path);
        for (int i = 0; i < node.size(); i++) {
            String at = JsoncDocument.element(path, i);
            JsonNode migration = node.get(i);
            requireObject(migration, at);
            for (Iterator<String> it = migration.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                String fieldPath = JsoncDocument.child(at, field);
                switch (field) {
                    case "tag" -> string(migration, field, at);
                    case "new_sqlite_classes" -> {
                        for (String cls : strings(migration.get(field), fieldPath)) {
                            requireIdentifier(cls, fieldPath);
                            sqliteClasses.add(cls);
                        }
                    }
                    case "new_classes" -> throw doc.error(fieldPath,
                            "only SQLite-backed Durable Objects are supported; use new_sqlite_classes");
                    case "renamed_classes", "deleted_classes", "transferred_classes" ->
                            throw doc.error(fieldPath, "not supported by radicchio");
                    default -> warnings.add(doc.file() + ":" + doc.lineOf(fieldPath) + ": " + fieldPath
                            + ": unknown field, ignored");
                }
            }
        }
    }

    private void durableObjects(JsonNode node) throws ConfigException {
        String path = "durable_objects";
        requireObject(node, path);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("bindings")) {
                throw doc.error(JsoncDocument.child(path, field), "unknown field; expected bindings");
            }
        }
        JsonNode bindings = node.get("bindings");
        if (bindings == null) {
            return;
        }
        String listPath = path + ".bindings";
        requireArray(bindings, listPath);
        for (int i = 0; i < bindings.size(); i++) {
            String at = JsoncDocument.element(listPath, i);
            JsonNode binding = bindings.get(i);
            requireObject(binding, at);
            for (Iterator<String> it = binding.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                switch (field) {
                    case "name", "class_name" -> { }
                    case "script_name" -> throw doc.error(JsoncDocument.child(at, field),
                            "classes of other workers are not supported; export the class from this worker");
                    case "environment" -> throw doc.error(JsoncDocument.child(at, field), "not supported by radicchio");
                    default -> throw doc.error(JsoncDocument.child(at, field), "unknown field; expected name, class_name");
                }
            }
            String bindingName = requiredString(binding, "name", at);
            String className = requiredString(binding, "class_name", at);
            requireIdentifier(className, JsoncDocument.child(at, "class_name"));
            claimBindingName(bindingName, JsoncDocument.child(at, "name"));
            durableObjects.put(bindingName, className);
        }
    }

    private void workerLoaders(JsonNode node) throws ConfigException {
        String path = "worker_loaders";
        requireArray(node, path);
        for (int i = 0; i < node.size(); i++) {
            String at = JsoncDocument.element(path, i);
            JsonNode loader = node.get(i);
            requireObject(loader, at);
            for (Iterator<String> it = loader.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!field.equals("binding")) {
                    throw doc.error(JsoncDocument.child(at, field), "unknown field; expected binding");
                }
            }
            String binding = requiredString(loader, "binding", at);
            claimBindingName(binding, JsoncDocument.child(at, "binding"));
            workerLoaders.add(binding);
        }
    }

    private void vars(JsonNode node) throws ConfigException {
        requireObject(node, "vars");
        for (Map.Entry<String, JsonNode> var : node.properties()) {
            String path = JsoncDocument.child("vars", var.getKey());
            claimBindingName(var.getKey(), path);
            vars.put(var.getKey(), plain(var.getValue()));
        }
    }

    /** A JSON value as the plain Java values AppConfig.vars holds (numbers as Integer or Double). */
    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(e -> list.add(plain(e)));
            return list;
        }
        if (node.isIntegralNumber()) {
            BigInteger n = node.bigIntegerValue();
            // JSON numbers are doubles in JS: an integer beyond int range is still a number.
            return n.bitLength() < 32 ? (Object) n.intValue() : (Object) n.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNull()) {
            return null;
        }
        return node.textValue();
    }

    // Binding names share env: two bindings of one name would silently shadow each other.
    private final Map<String, String> bindingPaths = new LinkedHashMap<>();

    private void claimBindingName(String binding, String path) throws ConfigException {
        if (binding.isEmpty()) {
            throw doc.error(path, "must not be empty");
        }
        String earlier = bindingPaths.putIfAbsent(binding, path);
        if (earlier != null) {
            throw doc.error(path, "binding name \"" + binding + "\" is already used by " + earlier);
        }
    }

    private String bindingPathOf(String binding) {
        String path = bindingPaths.get(binding);
        return path.endsWith(".name") ? path.substring(0, path.length() - ".name".length()) : path;
    }

    private void requireIdentifier(String name, String path) throws ConfigException {
        if (!name.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
            throw doc.error(path, "\"" + name + "\" is not a valid class name");
        }
    }

    private String date(JsonNode object, String field) throws ConfigException {
        String value = string(object, field);
        if (!DATE.matcher(value).matches()) {
            throw doc.error(field, "must be a date like \"2026-04-01\"");
        }
        return value;
    }

    private String string(JsonNode object, String field) throws ConfigException {
        return string(object, field, "");
    }

    private String string(JsonNode object, String field, String parent) throws ConfigException {
        JsonNode value = object.get(field);
        String path = JsoncDocument.child(parent, field);
        if (!value.isTextual()) {
            throw doc.error(path, "must be a string");
        }
        return value.textValue();
    }

    private String requiredString(JsonNode object, String field, String parent) throws ConfigException {
        if (object.get(field) == null) {
            throw doc.error(JsoncDocument.child(parent, field), "is required");
        }
        return string(object, field, parent);
    }

    private List<String> strings(JsonNode node, String path) throws ConfigException {
        requireArray(node, path);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw doc.error(JsoncDocument.element(path, i), "must be a string");
            }
            out.add(node.get(i).textValue());
        }
        return out;
    }

    private void requireArray(JsonNode node, String path) throws ConfigException {
        if (!node.isArray()) {
            throw doc.error(path, "must be an array");
        }
    }

    private void requireObject(JsonNode node, String path) throws ConfigException {
        if (!node.isObject()) {
            throw doc.error(path, "must be an object");
        }
    }
}
