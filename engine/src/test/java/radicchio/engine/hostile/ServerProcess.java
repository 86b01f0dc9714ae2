package radicchio.engine.hostile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import radicchio.bindings.JitSettings;
import radicchio.engine.cli.Main;

/**
 * {@code radicchio serve} in a child JVM, as the launcher runs it (the project's JIT flags, this
 * JVM's class path), for tests that must kill it for real.
 */
final class ServerProcess {
    private static final Pattern READY = Pattern.compile("Ready on http://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts serving {@code appDir} with its objects under {@code dataDir}; returns once it is ready. */
    static ServerProcess start(Path appDir, Path dataDir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JitSettings.FLAGS);
        // C1 only: these processes live seconds, and C2 compiling the guest's interpreter loop would
        // take most of that (the server warms up faster; what is tested is the files it leaves).
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-Xss8m", "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", appDir.toString(), "--port", "0", "--data", dataDir.toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher ready = READY.matcher(line);
                    if (ready.matches()) {
                        port.complete(Integer.parseInt(ready.group(1)));
                    }
                }
            } catch (IOException e) {
                // the pipe breaks when the process is killed
            }
            port.completeExceptionally(new IllegalStateException("the server exited before it was ready"));
        }, "server-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ServerProcess(process, port.get(120, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the server did not start", e);
        }
    }

    int port() {
        return port;
    }

    /** SIGKILL: no shutdown hook, no graceful close of anything. */
    void killDashNine() throws InterruptedException {
        process.toHandle().destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server survived SIGKILL");
        }
    }
}
