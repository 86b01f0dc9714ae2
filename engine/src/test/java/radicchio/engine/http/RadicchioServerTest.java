package radicchio.engine.http;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import radicchio.bindings.JsException;
import radicchio.bindings.LimitExceededException;
import radicchio.bindings.abi.Header;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;
import radicchio.engine.FetchHandler;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listener over a Java FetchHandler (the app's contract), with a real Undertow server on a
 * free port and real HTTP clients. The end-to-end tests with the engine are in ServeExamplesTest.
 */
class RadicchioServerTest {
    private static final Pattern REQUEST_ID = Pattern.compile("Request id: ([0-9a-f]{16})");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<RadicchioServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(RadicchioServer::shutdown);
    }

    private RadicchioServer start(FetchHandler app) {
        return start(app, ServerOptions.defaults().withPort(0).withDrainTimeout(Duration.ofSeconds(10)));
    }

    private RadicchioServer start(FetchHandler app, ServerOptions options) {
        RadicchioServer server = RadicchioServer.builder(app).options(options).start();
        servers.add(server);
        return server;
    }

    private static WireResponse text(int status, String statusText, String body, Header... headers) {
        return new WireResponse(status, statusText, List.of(headers), body.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(RadicchioServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theAppSeesMethodAbsoluteUrlHeadersAndBody() throws Exception {
        AtomicReference<WireRequest> seen = new AtomicReference<>();
        AtomicReference<String> thread = new AtomicReference<>();
        RadicchioServer server = start(request -> {
            seen.set(request);
            thread.set(Thread.currentThread().getName());
            return text(201, "Made It", "ok", new Header("x-answer", "42"), new Header("set-cookie", "a=1"),
                    new Header("set-cookie", "b=2"), new Header("content-type", "text/plain"));
        });
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/a%20b/c?x=1&y=%2F"))
                .header("X-Custom", "one")
                .POST(HttpRequest.BodyPublishers.ofString("payload")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(201, response.statusCode());
        assertEquals("ok", response.body());
        assertEquals("42", response.headers().firstValue("x-answer").orElseThrow());
        assertEquals(List.of("a=1", "b=2"), response.headers().allValues("set-cookie"));

        WireRequest request = seen.get();
        assertEquals("POST", request.method());
        assertEquals("http://127.0.0.1:" + server.port() + "/a%20b/c?x=1&y=%2F", request.url());
        assertEquals("one", request.header("x-custom"));
        assertEquals("7", request.header("content-length"));
        assertEquals("payload", new String(request.body(), StandardCharsets.UTF_8));
        assertFalse(thread.get().contains("I/O"), "the app ran on an IO thread: " + thread.get());
        assertTrue(thread.get().startsWith("radicchio-http-"), thread.get());

        // The reason phrase is the response's statusText, as sent on the wire.
        try (RawHttpConnection raw = new RawHttpConnection(server.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n");
            assertEquals("HTTP/1.1 201 Made It", raw.read(false).statusLine());
        }
        assertEquals("http://example.com/", seen.get().url(), "the URL's host comes from the Host header");
        assertNull(seen.get().body(), "a GET has no body");
    }

    @Test
    void anAppWithThreadsOfItsOwnIsCalledOnThemAndItsAnswerStillArrives() throws Exception {
        java.util.concurrent.ExecutorService own = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "app-own-thread");
            t.setDaemon(true);
            return t;
        });
        try {
            AtomicReference<String> thread = new AtomicReference<>();
            RadicchioServer server = start(new FetchHandler() {
                @Override
                public WireResponse fetch(WireRequest request) {
                    thread.set(Thread.currentThread().getName());
                    return text(200, "OK", "hi from " + Thread.currentThread().getName());
                }

                @Override
                public java.util.concurrent.Executor executor() {
                    return own;
                }
            });
            HttpResponse<String> response = get(server, "/");
            assertEquals(200, response.statusCode());
            assertEquals("hi from app-own-thread", response.body());
            assertEquals("app-own-thread", thread.get(), "no hop through the server's request threads");
            // The response is written on the IO thread; keep-alive still works for the next request.
            assertEquals("hi from app-own-thread", get(server, "/again").body());
        } finally {
            own.shutdownNow();
        }
    }

    @Test
    void anAppWhoseThreadsRefuseTheRequestGives503AndTheServerGoesOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean refuse = new java.util.concurrent.atomic.AtomicBoolean(true);
        RadicchioServer server = start(new FetchHandler() {
            @Override
            public WireResponse fetch(WireRequest request) {
                calls.incrementAndGet();
                return text(200, "OK", "ok");
            }

            @Override
            public java.util.concurrent.Executor executor() {
                return task -> {
                    if (refuse.get()) {
                        throw new java.util.concurrent.RejectedExecutionException("overloaded");
                    }
                    new Thread(task).start();
                };
            }
        });
        assertEquals(503, get(server, "/").statusCode());
        assertEquals(0, calls.get(), "a refused request never reaches the app");
        refuse.set(false);
        HttpResponse<String> response = get(server, "/");
        assertEquals(200, response.statusCode());
        assertEquals("ok", response.body());
    }

    @Test
    void aBodyOverTheCapIs413WithoutCallingTheApp() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RadicchioServer server = start(request -> {
            calls.incrementAndGet();
            return text(200, "", request.body() == null ? "none" : Integer.toString(request.body().length));
        }, ServerOptions.defaults().withPort(0).withMaxBodyBytes(1000));

        // Declared length over the cap: refused before the body is read, connection closed.
        try (RawHttpConnection raw = new RawHttpConnection(server.port())) {
            raw.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n");
            RawHttpConnection.Response response = raw.read(false);
            assertEquals(413, response.status());
            assertTrue(response.text().contains("larger than 1000 bytes"), response.text());
            assertNotNull(response.header("x-request-id"));
            assertTrue(raw.closedByServer());
        }
        // Chunked, 1001 bytes in all: counted as it streams, refused at the end.
        try (RawHttpConnection raw = new RawHttpConnection(server.port())) {
            raw.send("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            raw.send(chunked(1001, 100));
            assertEquals(413, raw.read(false).status());
        }
        // Chunked within the cap: the whole body reaches the app, and the connection stays usable.
        try (RawHttpConnection raw = new RawHttpConnection(server.port())) {
            raw.send("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            raw.send(chunked(1000, 64));
            RawHttpConnection.Response ok = raw.read(false);
            assertEquals(200, ok.status());
            assertEquals("1000", ok.text());
            raw.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + "x".repeat(1000));
            assertEquals("1000", raw.read(false).text());
        }
        assertEquals(2, calls.get());
    }

    @Test
    void expectContinueGets100OnlyWhenTheBodyIsWanted() throws Exception {
        RadicchioServer server = start(request -> text(200, "", new String(request.body(), StandardCharsets.UTF_8)),
                ServerOptions.defaults().withPort(0).withMaxBodyBytes(10));
        try (RawHttpConnection raw = new RawHttpConnection(server.port())) {
            raw.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawHttpConnection.Response interim = raw.read(true);
            assertEquals(100, interim.status());
            raw.send("hello");
            assertEquals("hello", raw.read(false).text());
        }
        try (RawHttpConnection raw = new RawHttpConnection(server.port())) {
            raw.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n");
            assertEquals(413, raw.read(false).status(), "refused without inviting the body");
        }
    }

    @Test
    void bodiesOfSeveralMegabytesArriveWhole() throws Exception {
        RadicchioServer server = start(request -> text(200, "", Integer.toString(request.body().length)));
        byte[] body = new byte[5 << 20];
        HttpResponse<String> fixed = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(Integer.toString(5 << 20), fixed.body());
        try (RawHttpConnection raw = new RawHttpConnection(server.port())) {
            raw.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            raw.send(chunked(3 << 20, 64 << 10));
            assertEquals(Integer.toString(3 << 20), raw.read(false).text());
        }
    }

    /** {@code total} bytes of 'a' as HTTP chunks of {@code size}, with the final empty chunk. */
    private static byte[] chunked(int total, int size) {
        StringBuilder s = new StringBuilder();
        for (int sent = 0; sent < total; sent += size) {
            int n = Math.min(size, total - sent);
            s.append(Integer.toHexString(n)).append("\r\n").append("a".repeat(n)).append("\r\n");
        }
        return s.append("0\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void headKeepsTheLengthWithoutABodyAndKeepAliveReusesTheConnection() throws Exception {
        AtomicReference<String> method = new AtomicReference<>();
        RadicchioServer server = start(request -> {
            method.set(request.method());
            return text(200, "", "hello");
        });
        try (RawHttpConnection raw = new RawHttpConnection(server.port())) {
            raw.send("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttpConnection.Response head = raw.read(true);
            assertEquals(200, head.status());
            assertEquals("5", head.header("content-length"));
            assertEquals("HEAD", method.get());
            // Had a body been written after the HEAD response, this would read "hello..." instead.
            raw.send("GET /g HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttpConnection.Response get = raw.read(false);
            assertEquals(200, get.status());
            assertEquals("hello", get.text());
            assertEquals("GET", method.get());
        }
    }

    @Test
    void anAppExceptionIs500WithARequestIdAndTheJsStackIsLogged() throws Exception {
        RadicchioServer server = start(request -> {
            throw new RuntimeException("the worker failed", new JsException("TypeError", "boom is not a function",
                    "    at fetch (worker.js:3:7)", null));
        });
        HttpResponse<String> response;
        String log;
        try (StderrCapture stderr = new StderrCapture()) {
            response = get(server, "/fail");
            log = stderr.text();
        }
        assertEquals(500, response.statusCode());
        Matcher id = REQUEST_ID.matcher(response.body());
        assertTrue(id.find(), response.body());
        assertEquals(id.group(1), response.headers().firstValue("x-request-id").orElseThrow());
        assertFalse(response.body().contains("boom"), "no JS details go to the client");
        assertTrue(log.contains("request " + id.group(1) + ": GET /fail failed: TypeError: boom is not a function\n"
                + "    at fetch (worker.js:3:7)"), log);
    }

    @Test
    void aLimitViolationIs503() throws Exception {
        RadicchioServer server = start(request -> {
            throw new LimitExceededException(LimitExceededException.Kind.CPU, "50 ms", null);
        });
        HttpResponse<String> response = get(server, "/spin");
        assertEquals(503, response.statusCode());
        assertTrue(response.body().startsWith("Worker exceeded its CPU time limit (50 ms).\nRequest id: "), response.body());
    }

    @Test
    void invalidResponsesFromTheWorkerDoNotReachTheWire() throws Exception {
        AtomicInteger mode = new AtomicInteger();
        RadicchioServer server = start(request -> mode.get() == 0
                ? text(200, "OK\r\nX-Injected: 1", "body", new Header("x-bad", "a\r\nx-injected: 1"),
                        new Header("x-good", "fine"), new Header("content-length", "999"),
                        new Header("transfer-encoding", "gzip"))
                : text(1000 - 1, "", "weird status"));
        HttpResponse<String> response = get(server, "/");
        assertEquals(200, response.statusCode());
        assertEquals("body", response.body());
        assertEquals("fine", response.headers().firstValue("x-good").orElseThrow());
        assertTrue(response.headers().firstValue("x-bad").isEmpty());
        assertTrue(response.headers().firstValue("x-injected").isEmpty());
        assertEquals("4", response.headers().firstValue("content-length").orElseThrow());

        mode.set(1);
        assertEquals(500, get(server, "/").statusCode());
    }

    @Test
    void fiftyParallelClientsAreServedConcurrently() throws Exception {
        RadicchioServer server = start(request -> {
            Thread.sleep(200);
            return text(200, "", request.url());
        });
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            responses.add(client.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/n/" + i)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = responses.get(i).get(30, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertTrue(r.body().endsWith("/n/" + i), r.body());
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // One after the other would take 50 x 200 ms = 10 s.
        assertTrue(millis < 5000, "50 requests of 200 ms took " + millis + " ms");
    }

    @Test
    void beyondMaxInFlightRequestsGet503() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        RadicchioServer server = start(request -> {
            entered.countDown();
            release.await(20, TimeUnit.SECONDS);
            return text(200, "", "done");
        }, ServerOptions.defaults().withPort(0).withMaxInFlight(1));
        CompletableFuture<HttpResponse<String>> first = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/1")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        HttpResponse<String> second = get(server, "/2");
        assertEquals(503, second.statusCode());
        assertEquals("1", second.headers().firstValue("retry-after").orElseThrow());
        release.countDown();
        assertEquals("done", first.get(10, TimeUnit.SECONDS).body());
    }

    @Test
    void shutdownDrainsInFlightRequestsThenClosesTheApp() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finishedRequests = new AtomicInteger();
        AtomicInteger finishedWhenClosed = new AtomicInteger(-1);
        FetchHandler slow = request -> {
            entered.countDown();
            release.await(20, TimeUnit.SECONDS);
            finishedRequests.incrementAndGet();
            return text(200, "", "slow but complete");
        };
        RadicchioServer server = RadicchioServer.builder(slow)
                .options(ServerOptions.defaults().withPort(0).withDrainTimeout(Duration.ofSeconds(10)))
                .closeAfterDrain(() -> finishedWhenClosed.set(finishedRequests.get()))
                .start();
        servers.add(server);
        int port = server.port();

        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(server::shutdown);

        // New connections are refused while the slow request is still running.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        boolean refused = false;
        while (!refused && System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                Thread.sleep(20);
            } catch (ConnectException e) {
                refused = true;
            } catch (SocketException e) {
                // "Connection reset" while connecting: the listener closed with this connection
                // still in its backlog, unaccepted; as much a refusal as ECONNREFUSED.
                refused = true;
            }
        }
        assertTrue(refused, "the listener still accepts connections during shutdown");
        assertFalse(shutdown.isDone());
        assertEquals(-1, finishedWhenClosed.get(), "the app was closed before its request finished");

        release.countDown();
        HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertEquals("slow but complete", response.body());
        assertTrue(shutdown.get(10, TimeUnit.SECONDS), "shutdown reports the drain as complete");
        assertEquals(1, finishedWhenClosed.get());
    }

    @Test
    void metricsAreServedOnTheirOwnPort() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RadicchioServer server = RadicchioServer.builder(request -> text(200, "", "hi"))
                .options(ServerOptions.defaults().withPort(0).withMetricsPort(0))
                .meterRegistry(registry)
                .start();
        servers.add(server);
        assertEquals(200, get(server, "/x").statusCode());
        assertEquals(200, get(server, "/y").statusCode());

        HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        String text = metrics.body();
        assertTrue(text.contains("radicchio_http_requests_total{method=\"GET\",status=\"200\"} 2.0"), text);
        assertTrue(text.contains("radicchio_http_request_duration_seconds_bucket{status=\"2xx\",le="), text);
        assertTrue(text.contains("radicchio_http_requests_active"), text);

        HttpResponse<String> other = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.metricsPort() + "/")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, other.statusCode());
        assertEquals("hi", get(server, "/metrics").body(), "on the app's port, /metrics is the app's");
    }

    @Test
    void badRequestTargetsAndHostsNeverReachTheApp() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RadicchioServer server = start(request -> {
            calls.incrementAndGet();
            return text(200, "", "ok");
        });
        try (RawHttpConnection raw = new RawHttpConnection(server.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: evil.com/path@x\r\n\r\n");
            assertEquals(400, raw.read(false).status());
        }
        assertEquals(0, calls.get());
    }

    @Test
    void aMetricsPortNeedsAPrometheusRegistry() {
        assertThrows(IllegalArgumentException.class, () -> RadicchioServer.builder(request -> null)
                .options(ServerOptions.defaults().withPort(0).withMetricsPort(0)).start());
    }

    @Test
    void aServerStartsAndStopsCleanlyWithoutRequests() throws IOException {
        RadicchioServer server = start(request -> text(200, "", ""));
        assertTrue(server.port() > 0);
        assertTrue(server.shutdown());
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", server.port()).close());
    }
}
