package radicchio.engine.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gathers a worker's modules from disk: the main module and, transitively, every module it
 * imports by a relative specifier ({@code ./x.js}, {@code ../lib/y.mjs}). Module names are paths
 * relative to the main module's folder, with '/' separators, which is what the guest's module
 * resolver produces for those specifiers. Bare specifiers ({@code cloudflare:workers}) are left
 * to the runtime.
 *
 * <p>By extension: {@code .js}/{@code .mjs} are ES modules; {@code .json} a JSON module;
 * {@code .txt}, {@code .html}, {@code .htm}, {@code .md}, {@code .css}, {@code .csv}, {@code .svg},
 * {@code .sql} text modules (a string default export); {@code .bin} a data module (an
 * ArrayBuffer default export), as wrangler's default module rules do.
 */
final class ModuleCollector {
    /** The platform's local limit on a worker's total code size. */
    static final long MAX_TOTAL_BYTES = 64L << 20;
    static final int MAX_MODULES = 2000;

    private final Path rootDir;
    private final Map<String, Object> modules = new LinkedHashMap<>();
    private final List<Path> files = new ArrayList<>();
    private long totalBytes;

    private ModuleCollector(Path rootDir) {
        this.rootDir = rootDir;
    }

    /** The modules of the worker whose main module is {@code mainFile}; the main module is first. */
    static ModuleCollector collect(Path mainFile) throws ConfigException {
        Path main = mainFile.toAbsolutePath().normalize();
        ModuleCollector collector = new ModuleCollector(main.getParent());
        collector.walk(main);
        return collector;
    }

    /** Module name to content (String for JS; {@code {"text"|"json": String}} or {@code {"data": byte[]}}). */
    Map<String, Object> modules() {
        return modules;
    }

    /** Every file read, main module first. */
    List<Path> files() {
        return files;
    }

    String nameOf(Path file) {
        return rootDir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private void walk(Path main) throws ConfigException {
        if (!Files.isRegularFile(main)) {
            throw new ConfigException(main, 0, null, "main module not found");
        }
        Deque<Path> pending = new ArrayDeque<>();
        pending.add(main);
        modules.put(nameOf(main), ""); // reserve: also marks it as seen
        while (!pending.isEmpty()) {
            Path file = pending.poll();
            ModuleType type = ModuleType.of(file);
            byte[] bytes = read(file);
            files.add(file);
            totalBytes += bytes.length;
            if (totalBytes > MAX_TOTAL_BYTES) {
                throw new ConfigException(file, 0, null, "the worker's modules exceed "
                        + (MAX_TOTAL_BYTES >> 20) + " MiB in total");
            }
            String name = nameOf(file);
            switch (type) {
                case JS -> {
                    String source = utf8(file, bytes);
                    modules.put(name, source);
                    for (JsSourceScanner.Specifier spec : JsSourceScanner.scan(source).importSpecifiers()) {
                        Path target = resolve(file, spec);
                        if (target != null && !modules.containsKey(nameOf(target))) {
                            if (modules.size() >= MAX_MODULES) {
                                throw new ConfigException(file, spec.line(), null,
                                        "more than " + MAX_MODULES + " modules");
                            }
                            modules.put(nameOf(target), "");
                            pending.add(target);
                        }
                    }
                }
                case JSON -> modules.put(name, Map.of("json", utf8(file, bytes)));
                case TEXT -> modules.put(name, Map.of("text", utf8(file, bytes)));
                case DATA -> modules.put(name, Map.of("data", bytes));
            }
        }
    }

    /** The file a relative specifier names, or null for a bare one. */
    private Path resolve(Path from, JsSourceScanner.Specifier spec) throws ConfigException {
        String s = spec.value();
        if (!(s.startsWith("./") || s.startsWith("../"))) {
            if (s.startsWith("/")) {
                throw new ConfigException(from, spec.line(), null,
                        "import \"" + s + "\": absolute paths are not supported; use a relative path");
            }
            return null;
        }
        Path target = from.getParent().resolve(s).normalize();
        if (!target.startsWith(rootDir)) {
            throw new ConfigException(from, spec.line(), null, "import \"" + s
                    + "\": leaves the main module's folder " + rootDir + "; modules must live under it");
        }
        if (!Files.isRegularFile(target)) {
            throw new ConfigException(from, spec.line(), null, "import \"" + s + "\": file not found ("
                    + target + ")");
        }
        if (ModuleType.of(target) == null) {
            throw new ConfigException(from, spec.line(), null, "import \"" + s
                    + "\": unsupported module type; supported: " + ModuleType.SUPPORTED);
        }
        return target;
    }

    private static byte[] read(Path file) throws ConfigException {
        try {
            if (Files.size(file) > MAX_TOTAL_BYTES) {
                throw new ConfigException(file, 0, null, "larger than " + (MAX_TOTAL_BYTES >> 20) + " MiB");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(file, 0, null, "cannot read: " + e.getMessage(), e);
        }
    }

    private static String utf8(Path file, byte[] bytes) throws ConfigException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(file, 0, null, "not valid UTF-8 text");
        }
    }

    /** How a file's extension decides its module type. */
    enum ModuleType {
        JS, JSON, TEXT, DATA;

        static final String SUPPORTED = ".js .mjs (ES modules), .json, .txt .html .htm .md .css .csv .svg .sql (text), .bin (data)";

        static ModuleType of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            int dot = name.lastIndexOf('.');
            String ext = dot < 0 ? "" : name.substring(dot + 1);
            return switch (ext) {
                case "js", "mjs" -> JS;
                case "json" -> JSON;
                case "txt", "html", "htm", "md", "css", "csv", "svg", "sql" -> TEXT;
                case "bin" -> DATA;
                default -> null;
            };
        }
    }
}
