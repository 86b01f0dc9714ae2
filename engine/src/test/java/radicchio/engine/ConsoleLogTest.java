package radicchio.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Console output of workers and objects reaches the log (SLF4J), tagged with who wrote it. */
class ConsoleLogTest {
    @TempDir
    Path dataDir;

    @Test
    void consoleLinesAreTaggedWithTheWorkerAndTheObject() throws Exception {
        String js = """
                import { DurableObject } from "cloudflare:workers";
                export class Talker extends DurableObject {
                  talk() { console.warn("object speaking", 42); return "done"; }
                }
                export default {
                  async fetch(request, env) {
                    console.log("main worker speaking");
                    return new Response(await env.TALKER.getByName("t").talk());
                  }
                };
                """;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // slf4j-simple (the test runtime's binding) writes to System.err as it is at each line.
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App app = engine.start(TestApps.app("talkative", js, Map.of("TALKER", "Talker")));
            assertEquals("done", DurableObjectTest.get(app, "/"));
        } finally {
            System.setErr(originalErr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("[talkative] main worker speaking"), log);
        assertTrue(log.matches("(?s).*WARN radicchio.worker - \\[talkative/Talker:[0-9a-f]{16}\\] object speaking 42.*"), log);
    }
}
