package radicchio.engine;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An app as the engine runs it, whatever it was read from (a {@code wrangler.jsonc}, a single
 * {@code .js} file, or built by an embedder in Java).
 *
 * @param name             the app's name (wrangler's {@code name}; the file name for a single .js)
 * @param baseDir          folder the modules were read from, for messages; may be null
 * @param mainModule       name of the main module; a key of {@code modules}
 * @param modules          module name to content: a {@code String} is a JS module; otherwise a
 *                         one-entry map {@code {"text"|"data"|"json": value}} as in WorkerCode
 * @param compatibilityDate  {@code compatibility_date}, may be null
 * @param compatibilityFlags {@code compatibility_flags}
 * @param durableObjects   binding name ({@code env.X}) to the exported class it names
 * @param sqliteClasses    classes declared in {@code migrations[].new_sqlite_classes}
 * @param workerLoaders    binding names of {@code worker_loaders}
 * @param vars             {@code vars}: binding name to a JSON-like value (String, Number, Boolean,
 *                         List, Map, null)
 */
public record AppConfig(
        String name,
        Path baseDir,
        String mainModule,
        Map<String, Object> modules,
        String compatibilityDate,
        List<String> compatibilityFlags,
        Map<String, String> durableObjects,
        List<String> sqliteClasses,
        List<String> workerLoaders,
        Map<String, Object> vars) {
    public AppConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mainModule, "mainModule");
        modules = Map.copyOf(modules);
        compatibilityFlags = List.copyOf(compatibilityFlags);
        durableObjects = Map.copyOf(durableObjects);
        sqliteClasses = List.copyOf(sqliteClasses);
        workerLoaders = List.copyOf(workerLoaders);
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars)); // JSON null values allowed
        if (!modules.containsKey(mainModule)) {
            throw new IllegalArgumentException("the main module " + mainModule + " is not one of the modules");
        }
    }
}
