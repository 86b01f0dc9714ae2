package radicchio.engine.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** This JVM's open file descriptors (Linux: entries of /proc/self/fd). */
final class OpenFiles {
    private OpenFiles() {}

    static long count() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count open files (this suite needs Linux's /proc)", e);
        }
    }
}
