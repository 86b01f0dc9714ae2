package radicchio.engine.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.engine.App;
import radicchio.engine.hostile.HostileEngine.Outcome;

/**
 * Storage failing under an object in the middle of its work: the data folder fills up (a 4 MiB
 * tmpfs, where this machine lets the test mount one, i.e. as root), or, elsewhere, the object's
 * files become read-only between two runs. Either way the tenant gets a clear error, the object
 * resets and works again once storage does, and no acknowledged write is lost.
 */
class DiskFullTest {
    @TempDir
    Path dir;

    @Test
    void aStorageErrorResetsTheObjectAndLosesNoAcknowledgedWrite() throws Exception {
        Path mount = dir.resolve("tmpfs");
        Files.createDirectories(mount);
        if (run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString())) {
            try {
                fillTheDisk(mount);
            } finally {
                run("umount", "-l", mount.toString());
            }
        } else {
            // No mount without root: make the object's files read-only instead (root ignores that).
            assertFalse("root".equals(System.getProperty("user.name")), "root could mount a tmpfs");
            readOnlyFiles(dir.resolve("data"));
        }
    }

    private void fillTheDisk(Path data) throws Exception {
        List<Integer> acknowledged = new ArrayList<>();
        String failure = null;
        try (HostileEngine engine = new HostileEngine(data)) {
            App app = engine.start(HostileEngine.app("full", "exhaustion.js"));
            for (int n = 0; n < 64 && failure == null; n++) {
                Outcome outcome = HostileEngine.fetch(app, "/do/putBig?id=filler&n=" + n);
                if (("ok: " + n).equals(outcome.text())) {
                    acknowledged.add(n);
                } else {
                    failure = outcome.toString();
                }
            }
            assertTrue(failure != null, "4 MiB never filled up");
            // Either the write's own SQLITE_FULL, or (when the handler caught that and returned) the
            // failed commit that reset the object: never a success.
            assertTrue(failure.contains("database or disk is full"), "the tenant is told why: " + failure);
            assertTrue(!failure.contains("writes could not be committed") || failure.endsWith("the object was reset."), failure);
            assertTrue(acknowledged.size() >= 3, "some writes fit: " + acknowledged);
            // While the disk is full, the object can still read what it was acknowledged (checked last).
            Outcome readWhileFull = HostileEngine.fetch(app, "/do/checkBig?id=filler");
            List<Integer> acknowledgedWhileFull = List.copyOf(acknowledged);

            // (The neighbour's database is on the same full disk: its writes fail too until the remount.)
            run("mount", "-o", "remount,size=64m", data.toString());
            engine.assertNeighbourServed();
            int next = acknowledged.get(acknowledged.size() - 1) + 1;
            assertEquals("ok: " + next, HostileEngine.fetch(app, "/do/putBig?id=filler&n=" + next).text(),
                    "the object works again once the disk has room");
            acknowledged.add(next);
            assertEquals("ok: " + join(acknowledged), HostileEngine.fetch(app, "/do/checkBig?id=filler").text());
            assertIntegrity(data);
            assertEquals("ok: " + join(acknowledgedWhileFull), readWhileFull.toString(), "a read-only event on the full disk");
        }
    }

    private void readOnlyFiles(Path data) throws Exception {
        List<Integer> acknowledged = IntStream.range(0, 4).boxed().collect(Collectors.toList());
        try (HostileEngine engine = new HostileEngine(data)) {
            App app = engine.start(HostileEngine.app("full", "exhaustion.js"));
            for (int n : acknowledged) {
                assertEquals("ok: " + n, HostileEngine.fetch(app, "/do/putBig?id=filler&n=" + n).text());
            }
        }
        chmodTree(data.resolve("Tenant"), "r-xr-xr-x", "r--r--r--");
        try (HostileEngine engine = new HostileEngine(data)) {
            App app = engine.start(HostileEngine.app("full", "exhaustion.js"));
            Outcome refused = HostileEngine.fetch(app, "/do/putBig?id=filler&n=9");
            assertTrue(refused.text() != null && refused.text().startsWith("Error: ") && refused.text().contains("readonly"), refused::toString);
            engine.assertNeighbourServed();
            chmodTree(data.resolve("Tenant"), "rwxr-xr-x", "rw-r--r--");
            assertEquals("ok: 4", HostileEngine.fetch(app, "/do/putBig?id=filler&n=4").text(), "the object works again");
            acknowledged.add(4);
            assertEquals("ok: " + join(acknowledged), HostileEngine.fetch(app, "/do/checkBig?id=filler").text());
        }
        assertIntegrity(data);
    }

    private static String join(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static void assertIntegrity(Path data) throws Exception {
        CrashTrials.Ledger health = CrashTrials.Ledger.read(data);
        assertEquals(List.of(), health.unsound());
    }

    private static void chmodTree(Path root, String dirs, String files) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? dirs : files));
            }
        }
    }

    private static boolean run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException noSuchCommand) {
            return false;
        }
    }
}
