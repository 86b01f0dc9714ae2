package radicchio.engine.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.engine.Engine;
import radicchio.engine.http.RadicchioServer;
import radicchio.engine.http.ServerOptions;

/** The seed's AppRunner written in Java, behind the real listener: the JS supervisor's test, passed the same way. */
class JavaSupervisorHttpTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path data;

    private RadicchioServer serve() {
        Engine engine = Engine.builder().dataDir(data).build();
        Tenant tenant = engine.tenant(TenantPolicy.builder("apps").build());
        return RadicchioServer.builder(new JavaAppRunner(tenant))
                .options(ServerOptions.defaults().withPort(0))
                .closeAfterDrain(tenant, engine)
                .start();
    }

    private String get(RadicchioServer server, String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @Test
    void theJavaAppRunnerCountsThroughItsFacetAndSurvivesARestart() throws Exception {
        RadicchioServer first = serve();
        try {
            assertEquals("You've made 1 requests.\n", get(first, "/"));
            assertEquals("You've made 2 requests.\n", get(first, "/"));
            assertEquals("You've made 3 requests.\n", get(first, "/anything"));
        } finally {
            assertTrue(first.shutdown()); // closes the tenant and the engine: the databases are closed
        }
        RadicchioServer second = serve();
        try {
            assertEquals("You've made 4 requests.\n", get(second, "/"));
        } finally {
            second.shutdown();
        }
        // One object, two databases: the runner's (with the code) and, under facets/, the app's.
        try (Stream<Path> files = Files.walk(data.resolve("AppRunner"))) {
            assertEquals(2, files.filter(p -> p.getFileName().toString().equals("object.sqlite")).count());
        }
    }
}
