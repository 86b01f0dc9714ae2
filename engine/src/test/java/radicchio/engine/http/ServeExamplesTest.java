package radicchio.engine.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.engine.App;
import radicchio.engine.Engine;
import radicchio.engine.config.ConfigLoader;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end: the real engine (guest wasm, SQLite) behind the real listener, serving examples/. */
class ServeExamplesTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<RadicchioServer> servers = new ArrayList<>();

    @TempDir
    Path data;

    @AfterEach
    void stop() {
        servers.forEach(RadicchioServer::shutdown);
    }

    /** Starts an engine on {@code data} serving the app at {@code path}; shutdown closes both. */
    private RadicchioServer serve(Path path) throws Exception {
        Engine engine = Engine.builder().dataDir(data).build();
        App app;
        try {
            app = engine.start(ConfigLoader.load(path).config());
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        RadicchioServer server = RadicchioServer.builder(app)
                .options(ServerOptions.defaults().withPort(0))
                .closeAfterDrain(app, engine)
                .start();
        servers.add(server);
        return server;
    }

    private HttpResponse<String> send(RadicchioServer server, String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, publisher).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String get(RadicchioServer server, String path) throws Exception {
        HttpResponse<String> response = send(server, "GET", path, null);
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @Test
    void helloGreets() throws Exception {
        RadicchioServer server = serve(Examples.dir("hello"));
        assertEquals("Hello, Ada!\n", get(server, "/?name=Ada"));
        assertEquals("Hello, world!\n", get(server, "/"));
    }

    @Test
    void counterCountsPerPathAndSurvivesARestart() throws Exception {
        RadicchioServer first = serve(Examples.dir("counter"));
        assertEquals("1\n", get(first, "/a"));
        assertEquals("2\n", get(first, "/a"));
        assertEquals("3\n", get(first, "/a"));
        assertEquals("1\n", get(first, "/b"));
        assertTrue(first.shutdown()); // closes the app and the engine: the databases are closed

        RadicchioServer second = serve(Examples.dir("counter"));
        assertEquals("4\n", get(second, "/a"));
        String log;
        try (StderrCapture stderr = new StderrCapture()) {
            assertEquals("2\n", get(second, "/b"));
            long deadline = System.nanoTime() + 5_000_000_000L; // the line is written when the exchange completes
            while (!stderr.text().contains("GET /b ") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            log = stderr.text();
        }
        assertTrue(log.matches("(?s).*GET /b 200 \\d+ms \\d+B id=[0-9a-f]{16} object=Counter//b\\b.*"),
                "the access log names the object the request reached: " + log);
    }

    /** The seed's AppRunner (worker.js and wrangler.jsonc exactly as in the seed), over HTTP. */
    @Test
    void theSeedsSupervisorCountsThroughItsFacetAndSurvivesARestart() throws Exception {
        RadicchioServer first = serve(Examples.dir("supervisor"));
        assertEquals("You've made 1 requests.\n", get(first, "/"));
        assertEquals("You've made 2 requests.\n", get(first, "/"));
        assertEquals("You've made 3 requests.\n", get(first, "/anything"));
        assertTrue(first.shutdown());

        RadicchioServer second = serve(Examples.dir("supervisor"));
        assertEquals("You've made 4 requests.\n", get(second, "/"));
    }

    @Test
    void todoKeepsItemsInSql() throws Exception {
        RadicchioServer server = serve(Examples.dir("todo"));
        HttpResponse<String> added = send(server, "POST", "/todos", "{\"title\":\"buy milk\"}");
        assertEquals(201, added.statusCode(), added.body());
        assertEquals("{\"id\":1,\"title\":\"buy milk\",\"done\":false}\n", added.body());
        assertEquals(201, send(server, "POST", "/todos", "{\"title\":\"write tests\"}").statusCode());
        assertEquals(400, send(server, "POST", "/todos", "{\"title\":42}").statusCode());

        HttpResponse<String> done = send(server, "PATCH", "/todos/1", "{\"done\":true}");
        assertEquals("{\"id\":1,\"title\":\"buy milk\",\"done\":true}\n", done.body());
        assertEquals(204, send(server, "DELETE", "/todos/2", null).statusCode());
        assertEquals(404, send(server, "DELETE", "/todos/2", null).statusCode());
        assertEquals("[{\"id\":1,\"title\":\"buy milk\",\"done\":true}]\n", get(server, "/todos"));
        assertEquals("[]\n", get(server, "/todos?list=other"), "another list is another object");
    }

    @Test
    void aThrowingWorkerGives500WithARequestIdAndTheStackInTheLog() throws Exception {
        RadicchioServer server = serve(Examples.resource("http/throws"));
        assertEquals("fine", get(server, "/ok"));
        HttpResponse<String> response;
        String log;
        try (StderrCapture stderr = new StderrCapture()) {
            response = send(server, "GET", "/boom", null);
            log = stderr.text();
        }
        assertEquals(500, response.statusCode());
        Matcher id = Pattern.compile("Request id: ([0-9a-f]{16})").matcher(response.body());
        assertTrue(id.find(), response.body());
        assertEquals(id.group(1), response.headers().firstValue("x-request-id").orElseThrow());
        assertTrue(log.contains("request " + id.group(1) + ": GET /boom failed: TypeError: the frobnicator is not a function"), log);
        assertTrue(log.contains("explode") && log.contains("worker.js"), "the JS stack is logged: " + log);
    }
}
