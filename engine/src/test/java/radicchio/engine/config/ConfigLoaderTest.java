package radicchio.engine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.engine.AppConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private ConfigException loadFails(Path path) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(path));
    }

    @Test
    void readsTheSupportedWranglerSubsetWithCommentsAndTrailingCommas() throws Exception {
        write("wrangler.jsonc", """
                // the app
                {
                  "name": "shop",
                  "main": "src/index.js", /* block comment */
                  "compatibility_date": "2026-04-01",
                  "compatibility_flags": ["nodejs_compat",],
                  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Cart", "Stock"] }],
                  "durable_objects": { "bindings": [
                    { "name": "CARTS", "class_name": "Cart" },
                    { "name": "STOCK", "class_name": "Stock" },
                  ] },
                  "worker_loaders": [{ "binding": "LOADER" }],
                  "vars": { "GREETING": "hi", "LIMIT": 3, "RATIO": 0.5, "BIG": 10000000000, "ON": true,
                            "NOTHING": null, "LIST": [1, "a"], "NESTED": { "k": "v" } },
                }
                """);
        write("src/index.js", """
                import { DurableObject } from "cloudflare:workers";
                import { helper } from "./lib/helper.js";
                import data from './data/info.json';
                import page from "./page.html";
                export * from "./reexported.mjs";
                // import "./commented-out.js";
                const s = "import './in-a-string.js'";
                export default { fetch() { return new Response(helper() + page + data.x); } };
                """);
        write("src/lib/helper.js", "import { shared } from '../shared.js';\nexport function helper() { return shared; }\n");
        write("src/shared.js", "export const shared = 1;\n");
        write("src/data/info.json", "{\"x\": 1}");
        write("src/page.html", "<p>hi</p>");
        write("src/reexported.mjs", "export const r = 2;\n");

        LoadedApp loaded = ConfigLoader.load(dir.resolve("wrangler.jsonc"));
        AppConfig config = loaded.config();
        assertEquals("shop", config.name());
        assertEquals("index.js", config.mainModule());
        assertEquals(dir.resolve("src").toAbsolutePath().normalize(), config.baseDir());
        assertEquals("2026-04-01", config.compatibilityDate());
        assertEquals(List.of("nodejs_compat"), config.compatibilityFlags());
        assertEquals(Map.of("CARTS", "Cart", "STOCK", "Stock"), config.durableObjects());
        assertEquals(List.of("Cart", "Stock"), config.sqliteClasses());
        assertEquals(List.of("LOADER"), config.workerLoaders());
        assertEquals("hi", config.vars().get("GREETING"));
        assertEquals(3, config.vars().get("LIMIT"));
        assertEquals(0.5, config.vars().get("RATIO"));
        assertEquals(1.0e10, config.vars().get("BIG"));
        assertEquals(true, config.vars().get("ON"));
        assertTrue(config.vars().containsKey("NOTHING"));
        assertNull(config.vars().get("NOTHING"));
        assertEquals(List.of(1, "a"), config.vars().get("LIST"));
        assertEquals(Map.of("k", "v"), config.vars().get("NESTED"));

        assertEquals(java.util.Set.of("index.js", "lib/helper.js", "shared.js", "data/info.json", "page.html",
                "reexported.mjs"), config.modules().keySet());
        assertEquals("export const shared = 1;\n", config.modules().get("shared.js"));
        assertEquals(Map.of("json", "{\"x\": 1}"), config.modules().get("data/info.json"));
        assertEquals(Map.of("text", "<p>hi</p>"), config.modules().get("page.html"));
        assertEquals(7, loaded.files().size()); // the config plus six modules
        assertEquals(dir.resolve("wrangler.jsonc").toAbsolutePath(), loaded.configFile());
    }

    @Test
    void aFolderMeansTheWranglerConfigInsideAndTheNameDefaultsToTheFolder() throws Exception {
        // The seed's config: no name, no durable_objects bindings (it uses ctx.exports).
        Path app = dir.resolve("my-app");
        Files.createDirectories(app);
        Files.writeString(app.resolve("wrangler.jsonc"), """
                // wrangler.jsonc for the above sample worker.
                {
                  "compatibility_date": "2026-04-01",
                  "main": "worker.js",
                  "migrations": [
                    {
                      "tag": "v1",
                      "new_sqlite_classes": [
                        "AppRunner"
                      ]
                    }
                  ],
                  "worker_loaders": [
                    {
                      "binding": "LOADER",
                    },
                  ],
                }
                """);
        Files.writeString(app.resolve("worker.js"), "export default {};\n");
        AppConfig config = ConfigLoader.load(app).config();
        assertEquals("my-app", config.name());
        assertEquals(List.of("AppRunner"), config.sqliteClasses());
        assertEquals(List.of("LOADER"), config.workerLoaders());
        assertEquals(Map.of(), config.durableObjects());
    }

    @Test
    void aByteOrderMarkIsIgnored() throws Exception {
        write("wrangler.json", "\uFEFF{\"main\": \"w.js\", \"name\": \"bom\"}");
        write("w.js", "export default {};\n");
        assertEquals("bom", ConfigLoader.load(dir).config().name());
    }

    @Test
    void binaryModulesAreDataModules() throws Exception {
        write("wrangler.json", "{\"main\": \"w.js\"}");
        write("w.js", "import blob from './blob.bin';\nexport default {};\n");
        Files.write(dir.resolve("blob.bin"), new byte[] {0, 1, (byte) 0xff});
        AppConfig config = ConfigLoader.load(dir).config();
        @SuppressWarnings("unchecked")
        Map<String, Object> blob = (Map<String, Object>) config.modules().get("blob.bin");
        assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, (byte[]) blob.get("data"));
    }

    @Test
    void aWrongTypeNamesFileLineAndField() throws Exception {
        Path config = write("wrangler.jsonc", """
                {
                  "name": "x",
                  "main": "w.js",
                  "migrations": [{ "new_sqlite_classes": ["A"] }],
                  "durable_objects": {
                    "bindings": [{ "name": "A",
                      "class_name": 42 }]
                  }
                }
                """);
        write("w.js", "export default {};\n");
        ConfigException e = loadFails(config);
        assertEquals(config.toAbsolutePath() + ":7: durable_objects.bindings[0].class_name: must be a string",
                e.getMessage());
        assertEquals(7, e.line());
        assertEquals("durable_objects.bindings[0].class_name", e.field());
    }

    @Test
    void fieldErrorsPointAtTheirLines() throws Exception {
        write("w.js", "export default {};\n");
        assertError("{\n\"main\": \"w.js\",\n\"compatibility_date\": \"April\"\n}",
                ":3: compatibility_date: must be a date like \"2026-04-01\"");
        assertError("{\n\"main\": \"w.js\",\n\"compatibility_flags\": [\"a\",\n 7]\n}",
                ":4: compatibility_flags[1]: must be a string");
        assertError("{\n\"main\": \"w.js\",\n\"worker_loaders\": [\n{}]\n}",
                ":4: worker_loaders[0].binding: is required");
        assertError("{\n\"main\": \"w.js\",\n\"vars\": {\"X\": 1},\n\"worker_loaders\": [{\"binding\": \"X\"}]\n}",
                ":4: worker_loaders[0].binding: binding name \"X\" is already used by vars.X");
        assertError("{\n\"main\": \"w.js\",\n\"durable_objects\": {\"bindings\": [\n{\"name\": \"N\", \"class_name\": \"C\"}]}\n}",
                ":4: durable_objects.bindings[0].class_name: class \"C\" is not in any migrations[].new_sqlite_classes; add a migration for it");
        assertError("{\n\"main\": \"w.js\",\n\"migrations\": [{\"new_classes\": [\"C\"]}]\n}",
                ":3: migrations[0].new_classes: only SQLite-backed Durable Objects are supported; use new_sqlite_classes");
        assertError("{\n\"main\": \"w.js\",\n\"kv_namespaces\": []\n}",
                ":3: kv_namespaces: this binding type is not supported by radicchio");
        assertError("{\n\"name\": \"x\"\n}", ":1: main: is required (the path of the worker's main module)");
        assertError("{\n\"main\": \"missing.js\"\n}", ":2: main: file not found: ");
        assertError("{\n\"main\": \"w.ts\"\n}", ":2: main: must be a .js or .mjs module");
        assertError("[1, 2]", ":1: the config must be a JSON object");
        assertError("{\n\"main\": \"w.js\",\n\"main\": \"w.js\"\n}", ":3: main: duplicate field");
    }

    private void assertError(String configText, String expectedSuffix) throws IOException {
        Path config = write("wrangler.jsonc", configText);
        ConfigException e = loadFails(config);
        String prefix = config.toAbsolutePath().toString();
        assertTrue(e.getMessage().startsWith(prefix + expectedSuffix),
                () -> "expected " + prefix + expectedSuffix + "..., got " + e.getMessage());
    }

    @Test
    void syntaxErrorsHaveALine() throws Exception {
        Path config = write("wrangler.jsonc", "{\n  \"main\": \"w.js\",\n  \"name\" \"x\"\n}\n");
        ConfigException e = loadFails(config);
        assertEquals(3, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(config.toAbsolutePath() + ":3: invalid JSON: "), e.getMessage());
    }

    @Test
    void unknownFieldsAreWarningsNotErrors() throws Exception {
        write("w.js", "export default {};\n");
        write("wrangler.jsonc", "{\n\"main\": \"w.js\",\n\"account_id\": \"abc\",\n\"frobnicate\": 1\n}");
        LoadedApp loaded = ConfigLoader.load(dir);
        assertEquals(List.of(dir.resolve("wrangler.jsonc").toAbsolutePath() + ":4: frobnicate: unknown field, ignored"),
                loaded.warnings());
    }

    @Test
    void aMissingImportNamesTheImportingFileAndLine() throws Exception {
        write("wrangler.jsonc", "{\"main\": \"w.js\"}");
        Path w = write("w.js", "// first\nimport { a } from \"./a.js\";\nexport default {};\n");
        write("a.js", "export const a = 1;\n\n\nimport \"./gone.js\";\n");
        ConfigException e = loadFails(dir);
        assertEquals(dir.resolve("a.js").toAbsolutePath() + ":4: import \"./gone.js\": file not found ("
                + dir.resolve("gone.js").toAbsolutePath() + ")", e.getMessage());

        Files.writeString(w, "import x from '../outside.js';\n");
        Files.writeString(dir.getParent().resolve("outside.js"), "export default 1;\n");
        ConfigException escape = loadFails(dir);
        assertTrue(escape.getMessage().startsWith(w.toAbsolutePath() + ":1: import \"../outside.js\": leaves the main module's folder"),
                escape.getMessage());
        Files.delete(dir.getParent().resolve("outside.js"));

        Files.writeString(w, "import x from './style.scss';\n");
        write("style.scss", "a {}");
        assertTrue(loadFails(dir).getMessage().contains(":1: import \"./style.scss\": unsupported module type"));
    }

    @Test
    void importCyclesAreFine() throws Exception {
        write("wrangler.jsonc", "{\"main\": \"a.js\"}");
        write("a.js", "import './b.js';\nexport default {};\n");
        write("b.js", "import './a.js';\n");
        assertEquals(java.util.Set.of("a.js", "b.js"), ConfigLoader.load(dir).config().modules().keySet());
    }

    @Test
    void aSingleModuleBindsItsDurableObjectClassesAndALoader() throws Exception {
        Path main = write("counter.js", """
                import { DurableObject as DO, WorkerEntrypoint } from "cloudflare:workers";
                import { DurableObject } from "cloudflare:workers";
                import { util } from "./util.js";
                export class Counter extends DurableObject { }
                class Hidden extends DO { }
                class Renamed extends DO { }
                export { Renamed as Public };
                export class Entry extends WorkerEntrypoint { }
                // export class Commented extends DurableObject {}
                const s = "export class InString extends DurableObject {}";
                const t = `${"x"} export class InTemplate extends DurableObject {} ${`nested ${1}`}`;
                const r = /export class InRegex extends DurableObject ["]/;
                export default { fetch() { return new Response(util); } };
                """);
        write("util.js", "export const util = 'u';\n");
        LoadedApp loaded = ConfigLoader.load(main);
        AppConfig config = loaded.config();
        assertEquals("counter", config.name());
        assertEquals("counter.js", config.mainModule());
        assertEquals(Map.of("Counter", "Counter", "Public", "Public"), config.durableObjects());
        assertEquals(java.util.Set.of("Counter", "Public"), java.util.Set.copyOf(config.sqliteClasses()));
        assertEquals(List.of("LOADER"), config.workerLoaders());
        assertEquals(java.util.Set.of("counter.js", "util.js"), config.modules().keySet());
        assertEquals(main.toAbsolutePath(), loaded.configFile());
    }

    @Test
    void pathsThatAreNotConfigs() throws Exception {
        assertTrue(loadFails(dir.resolve("nope")).getMessage().endsWith("nope: no such file or folder"));
        assertTrue(loadFails(dir).getMessage().endsWith(": no wrangler.jsonc or wrangler.json in this folder"));
        write("wrangler.toml", "name = 'x'");
        assertTrue(loadFails(dir).getMessage().contains("wrangler.toml is not supported"));
        write("wrangler.json", "{}");
        write("wrangler.jsonc", "{}");
        assertTrue(loadFails(dir).getMessage().endsWith("holds both wrangler.jsonc and wrangler.json; keep one"));
    }
}
