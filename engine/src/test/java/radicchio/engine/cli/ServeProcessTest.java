package radicchio.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.bindings.JitSettings;
import radicchio.engine.http.Examples;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code radicchio serve} as its own process, the way the launcher runs it: it prints its
 * address, serves, and on SIGTERM shuts down gracefully and exits.
 */
class ServeProcessTest {
    @TempDir
    Path data;

    @Test
    void servesUntilSigtermThenShutsDownGracefully() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JitSettings.FLAGS);
        command.addAll(List.of("-Xss8m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", Examples.dir("hello").toString(), "--port", "0", "--metrics-port", "0",
                "--data", data.toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // A watchdog: if the server hangs, killing it ends the blocking reads below (and the test fails).
        CompletableFuture.delayedExecutor(180, TimeUnit.SECONDS).execute(process::destroyForcibly);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String ready = out.readLine();
            assertNotNull(ready, "the server exited before it was ready");
            Matcher port = Pattern.compile("Ready on http://127\\.0\\.0\\.1:(\\d+)").matcher(ready);
            assertTrue(port.matches(), ready);
            Matcher metrics = Pattern.compile("Metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics").matcher(out.readLine());
            assertTrue(metrics.matches());

            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> hello = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port.group(1) + "/?name=process")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("Hello, process!\n", hello.body());
            String scrape = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.group(1) + "/metrics")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(scrape.contains("radicchio_http_requests_total{method=\"GET\",status=\"200\"} 1.0"), scrape);

            process.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of stdout)
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "no exit after SIGTERM");
            assertEquals(143, process.exitValue(), "128 + SIGTERM, after the shutdown hook ran");
            assertEquals("Shutting down...", out.readLine());
            assertEquals("Stopped.", out.readLine());
        } finally {
            process.destroyForcibly();
        }
    }
}
