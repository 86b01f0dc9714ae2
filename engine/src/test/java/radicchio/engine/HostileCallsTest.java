package radicchio.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Misuse of namespaces, ids and stubs from JS: each gets a clear JS error, and the app keeps working. */
class HostileCallsTest {
    @TempDir
    Path dataDir;

    private static final String JS = """
            import { DurableObject } from "cloudflare:workers";
            export class Thing extends DurableObject {
              ping() { return "pong"; }
              returnsFunction() { return () => 1; }
            }
            export class Other extends DurableObject {}
            export default {
              async fetch(request, env) {
                const results = {};
                async function attempt(label, fn) {
                  try { results[label] = "ok: " + String(await fn()); }
                  catch (e) { results[label] = e.name + ": " + e.message; }
                }
                await attempt("badHex", () => env.THING.idFromString("xyz"));
                await attempt("upperHex", () => env.THING.idFromString("A".repeat(64)));
                await attempt("notAnId", () => env.THING.get("0".repeat(64)));
                await attempt("otherNamespace", () => env.THING.get(env.OTHER.idFromName("a")));
                await attempt("noName", () => env.THING.idFromName());
                await attempt("missingMethod", () => env.THING.getByName("a").noSuchMethod());
                await attempt("uncloneableArg", () => env.THING.getByName("a").ping(() => 1));
                await attempt("uncloneableResult", () => env.THING.getByName("a").returnsFunction());
                await attempt("forgedConstructor", () => new (Object.getPrototypeOf(env.THING.idFromName("a")).constructor)());
                await attempt("stillWorks", () => env.THING.getByName("a").ping());
                await attempt("uniqueIdsDiffer", () => {
                  const a = env.THING.newUniqueId(), b = env.THING.newUniqueId();
                  return a.toString() !== b.toString() && /^[0-9a-f]{64}$/.test(a.toString()) && a.equals(env.THING.idFromString(a.toString()));
                });
                await attempt("storageInMainWorker", () => env.THING.getByName("a").fetch("http://x/", { method: "POST", body: "x".repeat(10) }));
                return Response.json(results);
              }
            };
            """;

    @Test
    void misuseGivesClearErrors() throws Exception {
        AppConfig config = TestApps.app("hostile", JS, Map.of("THING", "Thing", "OTHER", "Other"));
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App app = engine.start(config);
            JsonNode r = new ObjectMapper().readTree(DurableObjectTest.get(app, "/"));
            assertEquals("TypeError: Invalid Durable Object ID: it must be 64 lowercase hex digits.", r.get("badHex").asText());
            assertEquals("TypeError: Invalid Durable Object ID: it must be 64 lowercase hex digits.", r.get("upperHex").asText());
            assertEquals("TypeError: get() needs a DurableObjectId (from idFromName, newUniqueId or idFromString).", r.get("notAnId").asText());
            assertEquals("TypeError: This DurableObjectId belongs to a different Durable Object namespace.", r.get("otherNamespace").asText());
            assertEquals("TypeError: idFromName() needs a name.", r.get("noName").asText());
            assertEquals("TypeError: The RPC receiver does not implement the method \"noSuchMethod\".", r.get("missingMethod").asText());
            assertEquals("DataCloneError", r.get("uncloneableArg").asText().split(":")[0]);
            assertEquals("DataCloneError", r.get("uncloneableResult").asText().split(":")[0]);
            assertEquals("TypeError: Illegal constructor", r.get("forgedConstructor").asText());
            assertEquals("ok: pong", r.get("stillWorks").asText());
            assertEquals("ok: true", r.get("uniqueIdsDiffer").asText());
            assertEquals("TypeError: Handler does not export a fetch() function.", r.get("storageInMainWorker").asText());
        }
    }
}
