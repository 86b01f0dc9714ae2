package radicchio.engine.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import radicchio.bindings.LimitExceededException;
import radicchio.engine.hostile.HostileEngine.Outcome;

/**
 * Tenants that try to use up CPU, memory, stack, storage and objects (hostile/exhaustion.js).
 * Each gets its own limit's error, and the neighbour tenant and the attacker's own other objects
 * keep answering within {@link HostileEngine#NEIGHBOUR_DEADLINE} during and after the attack.
 */
class ExhaustionTest {
    private static final String CPU_LIMIT = "Worker exceeded its CPU time limit (2000 ms per call)";

    @RegisterExtension
    static final AttackerApp ATTACKER = new AttackerApp("exhaustion", "exhaustion.js");

    @ParameterizedTest
    @ValueSource(strings = {"cpuLoop", "cpuInPromise", "microtaskStorm", "timeoutChain", "regexBomb"})
    void cpuLoopsInTheMainWorkerEndWithTheCpuLimit(String attack) throws Exception {
        Outcome outcome = ATTACKER.engine().attack(ATTACKER.app(), "/main/" + attack);
        LimitExceededException e = assertInstanceOf(LimitExceededException.class, outcome.thrown(), outcome::toString);
        assertEquals(LimitExceededException.Kind.CPU, e.kind());
        assertEquals(CPU_LIMIT, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpuLoop", "cpuInPromise", "microtaskStorm", "timeoutChain", "regexBomb"})
    void cpuLoopsInAnObjectResetItWithTheCpuLimit(String attack) throws Exception {
        String id = "cpu-" + attack;
        Outcome outcome = ATTACKER.engine().attack(ATTACKER.app(), "/do/" + attack + "?id=" + id);
        assertTrue(outcome.text().matches("Error: Durable Object Tenant/[0-9a-f]{64} was reset: " + Pattern.quote(CPU_LIMIT + ".")),
                outcome::toString);
        // The object itself comes back (a fresh isolate over its committed storage).
        assertEquals("ok: pong", HostileEngine.fetch(ATTACKER.app(), "/do/ping?id=" + id).text());
    }

    /**
     * A bomb ends with JS's "out of memory" inside the isolate's own heap, or, when allocating
     * runs slower than memory fills (a cold JIT on a busy machine), with its CPU limit: either is
     * the tenant's own limit, and the neighbours are checked the same way.
     */
    @Test
    void memoryBombsEndAtTheirOwnLimits() throws Exception {
        String cpuReset = "Error: Durable Object Tenant/[0-9a-f]{64} was reset: " + Pattern.quote(CPU_LIMIT + ".");
        for (String bomb : List.of("stringBomb", "arrayBomb", "typedArrayBomb", "bodyOverMemory")) {
            Outcome inMain = ATTACKER.engine().attack(ATTACKER.app(), "/main/" + bomb);
            assertTrue("InternalError: out of memory".equals(inMain.text())
                    || inMain.thrown() instanceof LimitExceededException e && e.kind() == LimitExceededException.Kind.CPU,
                    () -> bomb + ": " + inMain);
            Outcome inObject = ATTACKER.engine().attack(ATTACKER.app(), "/do/" + bomb + "?id=mem");
            assertTrue("InternalError: out of memory".equals(inObject.text()) || inObject.text().matches(cpuReset),
                    () -> bomb + ": " + inObject);
        }
        assertEquals("RangeError: invalid array buffer length", ATTACKER.engine().attack(ATTACKER.app(), "/main/hugeArrayBuffer").text());
    }

    @Test
    void deepRecursionAndDeepJsonAreStackErrors() throws Exception {
        assertEquals("RangeError: Maximum call stack size exceeded", ATTACKER.engine().attack(ATTACKER.app(), "/main/deepRecursion").text());
        assertEquals("RangeError: Maximum call stack size exceeded", ATTACKER.engine().attack(ATTACKER.app(), "/do/deepRecursion?id=deep").text());
        assertEquals("SyntaxError: stack overflow", ATTACKER.engine().attack(ATTACKER.app(), "/main/deepJson").text());
        assertEquals("SyntaxError: stack overflow", ATTACKER.engine().attack(ATTACKER.app(), "/do/deepJson?id=deep").text());
    }

    @Test
    void anObjectCalledFromTheBottomOfTheWorkersStackStillGetsAStackOfItsOwn() throws Exception {
        assertEquals("ok: true RangeError: Maximum call stack size exceeded",
                ATTACKER.engine().attack(ATTACKER.app(), "/main/objectCalledFromTheBottom").text());
    }

    @Test
    void aQueryThatNeverEndsStopsAtTheCallersCpuLimit() throws Exception {
        long start = System.nanoTime();
        Outcome outcome = ATTACKER.engine().attack(ATTACKER.app(), "/do/sqlForever?id=sql");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(outcome.text().startsWith("Error: Durable Object Tenant/"), outcome::toString);
        assertTrue(outcome.text().endsWith("was reset: " + CPU_LIMIT + "."), outcome::toString);
        // The limit is the event's CPU time, SQLite's included: not SQLite's own (much larger) step budget.
        assertTrue(millis < 8_000, "the query ran " + millis + " ms");
        assertEquals("ok: pong", HostileEngine.fetch(ATTACKER.app(), "/do/ping?id=sql").text());
    }

    @Test
    void twentyThousandKeysAreStoredListedAndDeleted() throws Exception {
        for (int from = 0; from < 20_000; from += 1_000) {
            assertEquals("ok: " + (from + 1_000), HostileEngine.fetch(ATTACKER.app(), "/do/fillKeys?id=keys&from=" + from).text());
        }
        String after = "";
        for (int page = 1; page <= 8; page++) {
            String last = String.format("key%07d", page * 2_500 - 1);
            assertEquals("ok: 2500 " + last + " " + (page * 2_500 - 1),
                    ATTACKER.engine().attack(ATTACKER.app(), "/do/listPage?id=keys&after=" + after).text());
            after = last;
        }
        assertEquals("ok: 0", ATTACKER.engine().attack(ATTACKER.app(), "/do/deleteAll?id=keys").text());
    }

    @Test
    void rpcCyclesFailWithADeadlockErrorInsteadOfHanging() throws Exception {
        Outcome cycle = ATTACKER.engine().attack(ATTACKER.app(), "/do/callPeer?id=a&peer=b&back=a");
        assertTrue(cycle.text().startsWith("Error: Deadlock: Durable Object Tenant/"), cycle::toString);
        Outcome self = ATTACKER.engine().attack(ATTACKER.app(), "/do/callSelf?id=self-caller");
        assertTrue(self.text().startsWith("Error: Deadlock: Durable Object Tenant/"), self::toString);
        // Both objects still work.
        assertEquals("ok: pong", HostileEngine.fetch(ATTACKER.app(), "/do/callPeer?id=c&peer=b&back=a").text());
    }

    @Test
    void thousandsOfFacetsKeepOnlyAFewDatabasesOpen() throws Exception {
        long fdsBefore = OpenFiles.count();
        for (int from = 0; from < 1000; from += 50) {
            Outcome outcome = HostileEngine.fetch(ATTACKER.app(), "/do/manyFacets?id=facets&from=" + from + "&to=" + (from + 50));
            assertEquals("ok: 50", outcome.text(), "facets from " + from);
        }
        long fdsAfter = OpenFiles.count();
        // 1,000 facet databases exist on disk (each costs ~30 ms to create: 1,000 keeps CI fast);
        // open ones are bounded by the running facets (16), not by the facets ever started.
        assertTrue(fdsAfter - fdsBefore < 200, "open files grew from " + fdsBefore + " to " + fdsAfter);
        ATTACKER.engine().assertNeighbourServed();
    }

    @Test
    void requestsWaitingOnTimersDoNotStarveOtherTenants() throws Exception {
        // More sleeping requests than the engine has JavaScript threads (4 on a 2-core machine).
        List<Outcome> outcomes = ATTACKER.engine().attack(ATTACKER.app(), "/http/sleeper", 8);
        for (Outcome outcome : outcomes) {
            assertEquals("woke", outcome.text(), outcome::toString);
        }
    }
}
