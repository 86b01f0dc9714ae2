package radicchio.engine.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.engine.http.ServerOptions;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@code dev}'s reload loop with the real engine: edits are picked up, broken edits are not. */
class DevSessionTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private DevSession session;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (session != null) {
            session.close();
        }
    }

    private String get() throws Exception {
        return get("/");
    }

    private String get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + session.port() + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Writes a file with a fresh modification time (file systems with coarse clocks would miss a quick edit). */
    private static void write(Path file, String text) throws Exception {
        FileTime before = Files.exists(file) ? Files.getLastModifiedTime(file) : FileTime.fromMillis(0);
        Files.writeString(file, text);
        if (!Files.getLastModifiedTime(file).toInstant().isAfter(before.toInstant())) {
            Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusSeconds(1)));
        }
    }

    private void awaitBody(String expected) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        String body = null;
        while (Instant.now().isBefore(deadline)) {
            body = get();
            if (body.equals(expected)) {
                return;
            }
            Thread.sleep(100);
        }
        fail("still serving " + body + " instead of " + expected + "; out: " + out + " err: " + err);
    }

    private void awaitErr(String fragment) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (err.toString().contains(fragment)) {
                return;
            }
            Thread.sleep(100);
        }
        fail("no \"" + fragment + "\" in stderr: " + err);
    }

    @Test
    void durableObjectStateSurvivesAReload() throws Exception {
        Path app = dir.resolve("counter");
        Files.createDirectories(app);
        Path example = radicchio.engine.http.Examples.dir("counter");
        Files.copy(example.resolve("wrangler.jsonc"), app.resolve("wrangler.jsonc"));
        Path worker = app.resolve("worker.js");
        Files.copy(example.resolve("worker.js"), worker);
        session = DevSession.start(app, null, ServerOptions.defaults().withPort(0), new SimpleMeterRegistry(),
                Duration.ofMillis(50), new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals("1\n", get("/a"));
        assertEquals("2\n", get("/a"));

        // The response format changes; the count, in the object's database, carries on.
        write(worker, Files.readString(worker).replace("`${count}\\n`", "`count=${count}\\n`"));
        Instant deadline = Instant.now().plusSeconds(30);
        while (!out.toString().contains("Reloaded counter") && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertEquals("count=3\n", get("/a"), "out: " + out + " err: " + err);
        assertTrue(Files.isDirectory(app.resolve(".radicchio").resolve("data")), "the default data folder");
    }

    @Test
    void editsAreServedAndBrokenEditsKeepThePreviousVersion() throws Exception {
        Path config = dir.resolve("wrangler.jsonc");
        Path worker = dir.resolve("worker.js");
        Path lib = dir.resolve("lib.js");
        write(config, "{ \"name\": \"live\", \"main\": \"worker.js\", \"vars\": { \"V\": \"1\" } }");
        write(lib, "export const suffix = 'a';\n");
        write(worker, "import { suffix } from './lib.js';\n"
                + "export default { fetch(req, env) { return new Response('v' + env.V + suffix); } };\n");
        session = DevSession.start(dir, dir.resolve("data"), ServerOptions.defaults().withPort(0),
                new SimpleMeterRegistry(), Duration.ofMillis(50), new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals("v1a", get());

        write(lib, "export const suffix = 'b';\n"); // an imported module
        awaitBody("v1b");
        write(config, "{ \"name\": \"live\", \"main\": \"worker.js\", \"vars\": { \"V\": \"2\" } }"); // the config
        awaitBody("v2b");
        assertTrue(out.toString().contains("Reloaded live"), out.toString());

        write(worker, "export default { fetch() { return new Response('broken' }\n"); // a syntax error
        awaitErr("(still serving the previous version)");
        assertTrue(err.toString().contains("SyntaxError"), err.toString());
        assertEquals("v2b", get());

        write(config, "{ \"name\": \"live\", \"main\": \"worker.js\", \"vars\": [] }"); // a config error
        awaitErr(config.toAbsolutePath() + ":1: vars: must be an object");
        assertEquals("v2b", get());

        write(config, "{ \"name\": \"live\", \"main\": \"worker.js\", \"vars\": { \"V\": \"3\" } }");
        write(worker, "export default { fetch(req, env) { return new Response('fixed' + env.V); } };\n");
        awaitBody("fixed3");
    }
}
