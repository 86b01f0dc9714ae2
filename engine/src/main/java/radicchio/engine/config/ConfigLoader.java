package radicchio.engine.config;

import radicchio.engine.AppConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a path into an {@link AppConfig}. The path may be:
 * <ul>
 *   <li>a {@code wrangler.jsonc} or {@code wrangler.json} file (the supported subset is listed in
 *       {@link WranglerConfigReader});
 *   <li>a folder holding one of them;
 *   <li>a single {@code .js}/{@code .mjs} module: a shortcut for trying code without a config.
 *       Every class it exports that extends {@code DurableObject} gets a SQLite-backed namespace
 *       bound as {@code env.<ClassName>}, and {@code env.LOADER} is a worker loader.
 * </ul>
 * In both cases the modules are the main module plus everything it imports by relative path
 * ({@link ModuleCollector}). Every problem is a {@link ConfigException} naming file and line.
 */
public final class ConfigLoader {
    /** Config file names looked for in a folder. */
    static final List<String> CONFIG_NAMES = List.of("wrangler.jsonc", "wrangler.json");
    /** The worker loader binding the single-module shortcut provides. */
    public static final String SHORTCUT_LOADER_BINDING = "LOADER";
    private static final long MAX_CONFIG_BYTES = 1 << 20;

    private ConfigLoader() {}

    public static LoadedApp load(Path path) throws ConfigException {
        Path p = path.toAbsolutePath().normalize();
        if (Files.isDirectory(p)) {
            return loadWrangler(findConfigIn(p));
        }
        if (!Files.exists(p)) {
            throw new ConfigException(path, 0, null, "no such file or folder");
        }
        String name = p.getFileName().toString();
        if (name.endsWith(".json") || name.endsWith(".jsonc")) {
            return loadWrangler(p);
        }
        if (name.endsWith(".toml")) {
            throw new ConfigException(p, 0, null, "wrangler.toml is not supported; write the config as wrangler.jsonc");
        }
        if (ModuleCollector.ModuleType.of(p) == ModuleCollector.ModuleType.JS) {
            return loadSingleModule(p);
        }
        throw new ConfigException(p, 0, null, "expected a wrangler.jsonc/wrangler.json, a folder holding one, or a .js module");
    }

    private static Path findConfigIn(Path dir) throws ConfigException {
        List<Path> found = new ArrayList<>();
        for (String name : CONFIG_NAMES) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                found.add(candidate);
            }
        }
        if (found.size() > 1) {
            throw new ConfigException(dir, 0, null, "holds both wrangler.jsonc and wrangler.json; keep one");
        }
        if (found.isEmpty()) {
            if (Files.isRegularFile(dir.resolve("wrangler.toml"))) {
                throw new ConfigException(dir.resolve("wrangler.toml"), 0, null,
                        "wrangler.toml is not supported; write the config as wrangler.jsonc");
            }
            throw new ConfigException(dir, 0, null, "no wrangler.jsonc or wrangler.json in this folder");
        }
        return found.get(0);
    }

    private static LoadedApp loadWrangler(Path configFile) throws ConfigException {
        JsoncDocument doc = JsoncDocument.parse(configFile, readConfigText(configFile));
        WranglerConfigReader wrangler = WranglerConfigReader.read(doc);

        Path mainFile = configFile.getParent().resolve(wrangler.main).normalize();
        if (ModuleCollector.ModuleType.of(mainFile) != ModuleCollector.ModuleType.JS) {
            throw wrangler.error("main", "must be a .js or .mjs module (TypeScript needs a build step first)");
        }
        if (!Files.isRegularFile(mainFile)) {
            throw wrangler.error("main", "file not found: " + mainFile);
        }
        ModuleCollector modules = ModuleCollector.collect(mainFile);

        String appName = wrangler.name != null ? wrangler.name : folderName(configFile.getParent());
        AppConfig config = new AppConfig(appName, mainFile.getParent(), modules.nameOf(mainFile.toAbsolutePath()),
                modules.modules(), wrangler.compatibilityDate, wrangler.compatibilityFlags,
                wrangler.durableObjects, List.copyOf(wrangler.sqliteClasses), wrangler.workerLoaders, wrangler.vars);

        List<Path> files = new ArrayList<>();
        files.add(configFile);
        files.addAll(modules.files());
        return new LoadedApp(config, configFile, files, wrangler.warnings());
    }

    private static LoadedApp loadSingleModule(Path mainFile) throws ConfigException {
        ModuleCollector modules = ModuleCollector.collect(mainFile);
        String mainName = modules.nameOf(mainFile);
        String source = (String) modules.modules().get(mainName);
        Map<String, String> namespaces = new LinkedHashMap<>();
        for (String cls : JsSourceScanner.scan(source).exportedDurableObjectClasses()) {
            namespaces.put(cls, cls);
        }
        if (namespaces.containsKey(SHORTCUT_LOADER_BINDING)) {
            throw new ConfigException(mainFile, 0, null, "a Durable Object class named " + SHORTCUT_LOADER_BINDING
                    + " would clash with env." + SHORTCUT_LOADER_BINDING + "; rename it or write a wrangler.jsonc");
        }
        String fileName = mainFile.getFileName().toString();
        String appName = fileName.substring(0, fileName.lastIndexOf('.'));
        AppConfig config = new AppConfig(appName, mainFile.getParent(), mainName, modules.modules(), null,
                List.of(), namespaces, List.copyOf(namespaces.values()), List.of(SHORTCUT_LOADER_BINDING), Map.of());
        return new LoadedApp(config, mainFile, modules.files(), List.of());
    }

    private static String readConfigText(Path file) throws ConfigException {
        try {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new ConfigException(file, 0, null, "larger than 1 MiB; is this really a config file?");
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return text.startsWith("\uFEFF") ? text.substring(1) : text; // a byte-order mark some editors write
        } catch (IOException e) {
            throw new ConfigException(file, 0, null, "cannot read: " + e.getMessage(), e);
        }
    }

    private static String folderName(Path dir) {
        Path name = dir.getFileName();
        return name == null ? "worker" : name.toString();
    }
}
