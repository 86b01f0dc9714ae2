package radicchio.engine.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import radicchio.engine.App;

/**
 * One {@link HostileEngine} per test class, with the attacking app {@code hostile/<resource>}
 * started in it; its data folder is a temporary one, deleted after the class.
 *
 * <pre>
 *   &#64;RegisterExtension
 *   static final AttackerApp ATTACKER = new AttackerApp("escape", "escape.js");
 * </pre>
 */
final class AttackerApp implements BeforeAllCallback, AfterAllCallback {
    private final String name;
    private final String resource;
    private Path dataDir;
    private HostileEngine engine;
    private App app;

    AttackerApp(String name, String resource) {
        this.name = name;
        this.resource = resource;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("radicchio-hostile-");
        start(dataDir);
    }

    /** Closes the engine and starts a new one on {@code data} (the old data folder stays until the end). */
    void start(Path data) throws Exception {
        if (engine != null) {
            engine.close();
        }
        engine = new HostileEngine(data);
        app = engine.start(HostileEngine.app(name, resource));
    }

    HostileEngine engine() {
        return engine;
    }

    App app() {
        return app;
    }

    Path dataDir() {
        return dataDir;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (engine != null) {
            engine.close();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
