package radicchio.engine.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import radicchio.engine.AppConfig;
import radicchio.engine.WorkerLoadException;
import radicchio.engine.config.ConfigException;
import radicchio.engine.config.ConfigLoader;
import radicchio.engine.http.RadicchioServer;
import radicchio.engine.http.ServerOptions;

/**
 * Input nobody well-behaved sends: modules that do not parse, load or terminate, source that is
 * not UTF-8, HTTP requests cut off mid-way or made of garbage, and worker responses built to
 * inject headers. Each is refused with a clear error; the server keeps serving its neighbours.
 * (Garbage inside the guest's own messages to the host is {@code AbiFuzzTest}'s and
 * {@code StorageBridgeTest}'s.)
 */
class MalformedInputTest {
    @RegisterExtension
    static final AttackerApp ATTACKER = new AttackerApp("malformed", "malformed.js");
    private static RadicchioServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void listen() {
        server = RadicchioServer.builder(ATTACKER.app()).options(ServerOptions.defaults().withPort(0).withMaxBodyBytes(1 << 20)).start();
    }

    @AfterAll
    static void stopListening() {
        if (server != null) {
            server.shutdown();
        }
    }

    private static AppConfig single(String source) {
        return new AppConfig("bad", null, "main.js", Map.of("main.js", source), "2025-01-01", List.of(),
                Map.of(), List.of(), List.of(), Map.of());
    }

    @Test
    void modulesThatDoNotLoadAreRefusedWithTheirJsError() {
        Map<String, String> expected = Map.of(
                "export default { fetch() { return new Response(\"x\" }", "SyntaxError",
                "throw new TypeError(\"top-level boom\");\nexport default {};", "TypeError: top-level boom",
                "import { x } from \"./missing.js\";\nexport default {};", "missing.js",
                "export default {}; \uD800 ++", "SyntaxError",
                "for (;;) {}\nexport default {};", "CPU time limit");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            WorkerLoadException refused = assertThrows(WorkerLoadException.class, () -> ATTACKER.engine().start(single(e.getKey())), e.getKey());
            assertTrue(refused.getMessage().startsWith("Worker \"bad\" failed to load: "), refused::getMessage);
            assertTrue(refused.getMessage().contains(e.getValue()), () -> e.getKey() + " -> " + refused.getMessage());
            ATTACKER.engine().assertNeighbourServed();
        }
    }

    @Test
    void sourceThatIsNotUtf8IsRefusedByTheLoader(@TempDir Path appDir) throws Exception {
        Path file = appDir.resolve("worker.js");
        Files.write(file, new byte[] {'e', 'x', 'p', 'o', 'r', 't', ' ', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, ';'});
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertTrue(e.getMessage().contains("not valid UTF-8 text"), e::getMessage);
        ATTACKER.engine().assertNeighbourServed();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, publisher).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code bytes} on a fresh connection, half-closes it, and returns what the server sent back. */
    private static String raw(byte[] bytes) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(40_000); // above the listener's 30 s request-parse timeout
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            socket.shutdownOutput(); // the client is gone mid-request
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                in.transferTo(answer);
            } catch (SocketException reset) {
                // a reset is as good as a close
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void truncatedAndGarbledRequestsNeverReachTheWorkerHalfRead() throws Exception {
        assertEquals("1 5", send("POST", "/upload", "hello").body());
        List<byte[]> attacks = List.of(
                "GET /upl".getBytes(StandardCharsets.ISO_8859_1),
                "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Le".getBytes(StandardCharsets.ISO_8859_1),
                "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten!!".getBytes(StandardCharsets.ISO_8859_1),
                "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort".getBytes(StandardCharsets.ISO_8859_1),
                "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nxx\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {0, 1, 2, (byte) 0xFF, (byte) 0xFE, '\r', '\n', '\r', '\n'},
                "G\u00C9T /upload HTTP/1.1\r\nHost: \u0000\u00FF\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!".getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] attack : attacks) {
            String answer = raw(attack);
            String shown = new String(attack, StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n");
            assertFalse(answer.startsWith("HTTP/1.1 200"), () -> shown + " was answered: " + answer);
            ATTACKER.engine().assertNeighbourServed();
        }
        // Only complete uploads reached the worker: this is the second.
        assertEquals("2 5", send("POST", "/upload", "hello").body());
    }

    @Test
    void aResponseBuiltToInjectHeadersIsNotPassedOnVerbatim() throws Exception {
        HttpResponse<String> response = send("GET", "/garbage-response", null);
        assertNull(response.headers().firstValue("x-injected").orElse(null), response.headers()::toString);
        assertTrue(response.headers().allValues("x-evil").isEmpty(), response.headers()::toString);
        assertTrue(response.headers().allValues("x-split").isEmpty(), response.headers()::toString);
        assertTrue(response.statusCode() == 200 || response.statusCode() == 500, () -> response.statusCode() + " " + response.body());
        ATTACKER.engine().assertNeighbourServed();
    }
}
