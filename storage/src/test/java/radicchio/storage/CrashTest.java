package radicchio.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL at random moments and checks, after each kill, that
 * every acknowledged write survived (stored counter >= last acknowledged value), that at most
 * the one unacknowledged commit in flight also landed (<= acknowledged + 1), and that the
 * database passes integrity_check.
 */
class CrashTest {
  private static final int TRIALS = 20;

  @TempDir Path dataDir;

  @Test
  void acknowledgedWritesSurviveSigkill() throws Exception {
    Random random = new Random(42);
    long lastAcknowledged = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      Process child = new ProcessBuilder(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:-DontCompileHugeMethods", "-XX:TieredStopAtLevel=1", "-Xmx64m",
          "-cp", System.getProperty("java.class.path"),
          CrashChild.class.getName(), dataDir.toString()))
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      AtomicLong acknowledged = new AtomicLong(lastAcknowledged);
      java.util.concurrent.atomic.AtomicReference<Exception> readerFailure =
          new java.util.concurrent.atomic.AtomicReference<>();
      CountDownLatch firstAck = new CountDownLatch(1);
      Thread reader = new Thread(() -> {
        try (BufferedReader lines = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = lines.readLine()) != null) {
            acknowledged.set(Long.parseLong(line.trim()));
            firstAck.countDown();
          }
        } catch (Exception e) {
          // The pipe breaks when the child dies; every complete line was already counted.
          readerFailure.set(e);
        }
      });
      reader.start();
      assertTrue(firstAck.await(30, TimeUnit.SECONDS), "child never acknowledged a write");
      Thread.sleep(20 + random.nextInt(300));
      // SIGKILL through the ProcessHandle: Process.destroyForcibly() sends the same signal but
      // also closes our end of the child's stdout, losing acknowledgements still in the pipe.
      child.toHandle().destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
      reader.join(10_000);

      long acked = acknowledged.get();
      assertTrue(acked > lastAcknowledged, "the child made progress");
      try (ObjectStore store = ObjectStore.open(dataDir, CrashChild.KEY)) {
        long stored = CrashChild.decode(store.kv().get(CrashChild.COUNTER));
        assertTrue(stored >= acked, "acknowledged write lost: stored " + stored + " < " + acked);
        assertTrue(stored <= acked + 1, "stored " + stored + " > acknowledged " + acked + " + 1"
            + " (trial " + trial + ", reader " + readerFailure.get() + ", alive " + child.isAlive()
            + ", reader alive " + reader.isAlive() + ")");
        assertEquals("ok", store.sql().exec("PRAGMA integrity_check").one().get("integrity_check"));
        lastAcknowledged = stored;
      }
    }
  }
}
