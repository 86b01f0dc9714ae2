package radicchio.engine.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import radicchio.engine.hostile.HostileEngine.Outcome;

/**
 * Tenants that try to get out (hostile/escape.js): to the host's files, environment and network,
 * to other databases through SQL, and through the prelude's channel to the host. Every attempt is
 * refused with a clear error and changes nothing; the neighbour keeps being served.
 */
class EscapeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final AttackerApp ATTACKER = new AttackerApp("escape", "escape.js");

    private static JsonNode attackForJson(String path) throws Exception {
        Outcome outcome = ATTACKER.engine().attack(ATTACKER.app(), path);
        assertTrue(outcome.text() != null && outcome.text().startsWith("ok: "), outcome::toString);
        return JSON.readTree(outcome.text().substring(4));
    }

    @Test
    void theGuestHasNoHostModulesAndCannotReachThePreludesInternals() throws Exception {
        JsonNode globals = attackForJson("/main/hostGlobals");
        for (Iterator<Map.Entry<String, JsonNode>> it = globals.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("viaFunction")) {
                assertEquals("undefined undefined", e.getValue().asText());
            } else {
                assertEquals("undefined", e.getValue().asText(), e.getKey());
            }
        }
        JsonNode imports = attackForJson("/main/imports");
        assertEquals(11, imports.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = imports.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertTrue(e.getValue().asText().startsWith("Error: No such module "), e.getKey() + ": " + e.getValue());
        }
    }

    @Test
    void theEnvironmentHoldsOnlyTheAppsBindings() throws Exception {
        JsonNode environment = attackForJson("/main/environment");
        assertEquals("[\"COUNTER\",\"LOADER\",\"TENANT\"]", environment.get("bindings").toString());
        assertEquals("undefined", environment.get("process").asText());
    }

    @Test
    void globalFetchWithoutAnOutboundReachesNothing() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        connections.incrementAndGet();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            JsonNode seen = attackForJson("/main/network?port=" + listener.getLocalPort());
            for (Iterator<Map.Entry<String, JsonNode>> it = seen.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String text = e.getValue().asText();
                assertFalse(text.startsWith("ok:"), e.getKey() + " reached the network: " + text);
                assertTrue(text.contains("fetch"), e.getKey() + " fails clearly: " + text);
            }
        }
        assertEquals(0, connections.get(), "connections the tenant made");
    }

    @Test
    void sqlCannotReachFilesOtherDatabasesOrTheInternalTablesAndChangesNothing() throws Exception {
        JsonNode result = attackForJson("/do/sql?id=sql-attacker");
        JsonNode refused = result.get("refused");
        assertEquals(42, refused.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = refused.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String text = e.getValue().asText();
            // Refused by the guard before SQLite saw it, or (writing sqlite_master) by SQLite itself.
            boolean byGuard = text.startsWith("Error: ") && !text.contains("SQLITE_");
            boolean bySqlite = text.equals("Error: table sqlite_master may not be modified: SQLITE_ERROR");
            assertTrue(byGuard || bySqlite, e.getKey() + " was not refused: " + text);
        }
        assertEquals("Error: no such table: other.sqlite_master: SQLITE_ERROR", result.get("otherSchema").asText());
        assertEquals(0, result.get("tempSchema").asInt());
        assertEquals("[\"mine\"]", result.get("notes").toString());
        assertEquals("kept", result.get("secret").asText());
        assertEquals("ok", result.get("integrity").asText());
        assertFalse(Files.exists(Path.of("/tmp/radicchio-stolen.db")));
        assertFalse(Files.exists(Path.of("/tmp/radicchio-written")));
        // Nothing but the object's own database was created (no attached or vacuumed-into files).
        try (var files = Files.walk(ATTACKER.dataDir())) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().matches("(x|stolen|other)\\.db.*")).count());
        }
    }

    @Test
    void tamperingWithTheBuiltInsThePreludeUsesSendsNoForgedRequest() throws Exception {
        JsonNode seen = attackForJson("/do/tampering?id=tamperer");
        assertEquals(3, seen.get("array").asInt());
        assertEquals(1, seen.get("object").asInt());
        assertEquals(42, seen.get("sqlRows").asInt());
        assertEquals("undefined", seen.get("missing").asText());
        assertEquals("intact", seen.get("keep").asText(), "no forged deleteAll reached the host");
    }

    @Test
    void valuesThatLieToTheEncoderAreStoredAsTheyAreOrRefused() throws Exception {
        JsonNode seen = attackForJson("/do/liars?id=liar");
        assertEquals("ok: stored", seen.get("proxyBuffer").asText());
        assertEquals("ok: {\"x\":1}", seen.get("shiftyGetter").asText());
        assertEquals("ok: 16", seen.get("fakeLength").asText());
        assertTrue(seen.get("storeTheStorage").asText().startsWith("DataCloneError: "), seen::toString);
        assertTrue(seen.get("storeAStub").asText().startsWith("DataCloneError: "), seen::toString);
        assertTrue(seen.get("symbolKey").asText().startsWith("TypeError: "), seen::toString);
        assertEquals("RangeError: Keys cannot be larger than 2048 bytes.", seen.get("hugeKey").asText());
        assertTrue(seen.get("borrowedMethod").asText().startsWith("TypeError: "), seen::toString);
        String detached = seen.get("detached").asText();
        assertTrue(detached.equals("ok: 0") || detached.equals("ok: 65536") || detached.startsWith("TypeError: ")
                || detached.startsWith("DataCloneError: "), detached);
    }

    /** After the engine closed, the attacked database is a sound SQLite file in WAL mode. */
    @Test
    void theAttackedDatabaseIsSoundOnDisk() throws Exception {
        attackForJson("/do/sql?id=sql-disk");
        Path objectDir;
        try (var dirs = Files.list(ATTACKER.dataDir().resolve("Tenant"))) {
            objectDir = dirs.filter(d -> Files.exists(d.resolve("object.sqlite"))).findFirst().orElseThrow();
        }
        ATTACKER.start(ATTACKER.dataDir().resolve("after")); // closes the engine that had it open
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + objectDir.resolve("object.sqlite"));
                ResultSet journal = c.createStatement().executeQuery("PRAGMA journal_mode")) {
            journal.next();
            assertEquals("wal", journal.getString(1));
            try (ResultSet ok = c.createStatement().executeQuery("PRAGMA integrity_check")) {
                ok.next();
                assertEquals("ok", ok.getString(1));
            }
        }
    }
}
