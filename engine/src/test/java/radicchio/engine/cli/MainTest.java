package radicchio.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's failures, in process: they return before anything would serve. */
class MainTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aConfigErrorPrintsFileLineFieldAndExits1() throws Exception {
        Files.writeString(dir.resolve("wrangler.jsonc"), "{\n  \"main\": \"w.js\",\n  \"vars\": []\n}\n");
        Files.writeString(dir.resolve("w.js"), "export default {};\n");
        for (String command : new String[] {"serve", "dev"}) {
            Run run = run(command, dir.toString(), "--port", "0", "--data", dir.resolve("data").toString());
            assertEquals(1, run.code(), run.err());
            assertEquals(dir.resolve("wrangler.jsonc").toAbsolutePath() + ":3: vars: must be an object", run.err().strip());
            assertTrue(run.out().isEmpty(), run.out());
        }
    }

    @Test
    void aCodeErrorPrintsTheJsErrorAndExits1() throws Exception {
        Files.writeString(dir.resolve("wrangler.jsonc"), "{ \"main\": \"w.js\" }");
        Files.writeString(dir.resolve("w.js"), "export default {\n  fetch() { return new Response('x') }\n};\nlet = = 3;\n");
        Run run = run("serve", dir.toString(), "--port", "0", "--data", dir.resolve("data").toString());
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().startsWith(dir.resolve("w.js").toAbsolutePath() + ":4: SyntaxError: "), run.err());
        assertTrue(run.out().isEmpty(), run.out());
    }

    @Test
    void aPortInUseIsAClearError() throws Exception {
        Files.writeString(dir.resolve("wrangler.jsonc"), "{ \"main\": \"w.js\" }");
        Files.writeString(dir.resolve("w.js"), "export default { fetch() { return new Response('x'); } };\n");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Run run = run("serve", dir.toString(), "--port", Integer.toString(taken.getLocalPort()),
                    "--data", dir.resolve("data").toString());
            assertEquals(1, run.code(), run.err());
            assertTrue(run.err().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort()), run.err());
        }
    }

    @Test
    void usageErrorsExit2AndHelpListsTheCommands() {
        assertEquals(2, run("serve", "--port", "eighty").code());
        assertEquals(2, run("serve", "--port", "70000").code());
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run().code());
        Run help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("dev") && help.out().contains("serve"), help.out());
        Run serveHelp = run("serve", "--help");
        assertTrue(serveHelp.out().contains("--max-body-bytes") && serveHelp.out().contains("--metrics-port")
                && serveHelp.out().contains("--threads"), serveHelp.out());
    }
}
