package radicchio.engine.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URISyntaxException;

/** Finds the repository's examples/ and this module's test resources from the working directory. */
public final class Examples {
    private Examples() {}

    /** {@code examples/<name>} of the repository (tests run in engine/, the examples are one level up). */
    public static Path dir(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("examples").resolve(name);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("examples/" + name + " not found above " + Path.of("").toAbsolutePath());
    }

    /** A test resource folder. */
    public static Path resource(String name) {
        try {
            return Path.of(Examples.class.getResource("/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " not found", e);
        }
    }
}
