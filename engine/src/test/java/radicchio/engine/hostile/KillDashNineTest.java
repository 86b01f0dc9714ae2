package radicchio.engine.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.engine.http.Examples;

/**
 * SIGKILL of the real server process under a write load, ten times, restarting on the same data
 * folder each time (see {@link CrashTrials} for what is checked after each kill; the 100-trial
 * version is benchmarks/soak/crash.sh).
 */
class KillDashNineTest {
    @TempDir
    Path data;

    @Test
    void acknowledgedWritesSurviveKillDashNineAndEventsAreAllOrNothing() throws Exception {
        CrashTrials.Result result = new CrashTrials(Examples.resource("hostile/ledger"), data, 6).run(10);
        assertEquals(java.util.List.of(), result.violations());
        assertTrue(result.acknowledged() >= 10, "every trial acknowledged writes: " + result);
        assertTrue(result.finalCount() >= result.acknowledged(), result::toString);
    }
}
