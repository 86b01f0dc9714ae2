package radicchio.engine.hostile;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import radicchio.bindings.abi.WireReader;

/**
 * Kill -9 trials against a real server process (hostile/ledger): start it, drive concurrent
 * writes at one object over HTTP, SIGKILL it at a random moment, then check the files it left:
 *
 * <ol>
 *   <li>every acknowledged write (HTTP 200 received) is there: count ≥ before + acknowledged, and
 *       ≥ the highest count any response reported;</li>
 *   <li>nothing unacknowledged was invented: count ≤ before + acknowledged + unanswered;</li>
 *   <li>each event is all or nothing: the KV count, the SQL row count and the last row agree;</li>
 *   <li>{@code PRAGMA integrity_check} is ok on every database file.</li>
 * </ol>
 * Used by {@code KillDashNineTest} (10 trials in CI) and {@code benchmarks/soak/crash.sh} (100+).
 */
final class CrashTrials {
    static final int WRITERS = 4;

    /** What the trials saw; {@code violations} is empty when every check held. */
    record Result(int trials, long acknowledged, long unanswered, long finalCount, List<String> violations) {}

    private final Path appDir;
    private final Path dataDir;
    private final Random random;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    CrashTrials(Path appDir, Path dataDir, long seed) {
        this.appDir = appDir;
        this.dataDir = dataDir;
        this.random = new Random(seed);
    }

    Result run(int trials) throws Exception {
        long count = 0;
        long acknowledgedTotal = 0;
        long unansweredTotal = 0;
        List<String> violations = new ArrayList<>();
        for (int trial = 1; trial <= trials; trial++) {
            ServerProcess server = ServerProcess.start(appDir, dataDir);
            Load load = new Load(server.port());
            load.start();
            load.awaitFirstAck();
            Thread.sleep(50 + random.nextInt(1000));
            server.killDashNine();
            load.join();

            Ledger ledger = Ledger.read(dataDir);
            long acked = load.acknowledged.get();
            long unanswered = load.unanswered.get();
            String where = "trial " + trial + " (before " + count + ", acknowledged " + acked + ", unanswered " + unanswered + "): ";
            if (ledger.count < count + acked || ledger.count < load.highestAck.get()) {
                violations.add(where + "acknowledged writes lost: count " + ledger.count + ", highest acknowledged " + load.highestAck.get());
            }
            if (ledger.count > count + acked + unanswered) {
                violations.add(where + "count " + ledger.count + " includes writes nobody sent");
            }
            if (ledger.count != ledger.rows || ledger.count != ledger.lastRow) {
                violations.add(where + "an event was half applied: KV count " + ledger.count + ", rows " + ledger.rows + ", last row " + ledger.lastRow);
            }
            for (String bad : ledger.unsound) {
                violations.add(where + "integrity_check failed: " + bad);
            }
            count = ledger.count;
            acknowledgedTotal += acked;
            unansweredTotal += unanswered;
        }
        return new Result(trials, acknowledgedTotal, unansweredTotal, count, violations);
    }

    /** {@link #WRITERS} clients each sending one POST at a time until the server dies. */
    private final class Load {
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong unanswered = new AtomicLong();
        final AtomicLong highestAck = new AtomicLong();
        final AtomicInteger firstAck = new AtomicInteger();
        private final List<Thread> writers = new ArrayList<>();
        private final URI uri;

        Load(int port) {
            uri = URI.create("http://127.0.0.1:" + port + "/ledger");
        }

        void start() {
            for (int i = 0; i < WRITERS; i++) {
                Thread t = new Thread(this::write, "crash-writer-" + i);
                t.setDaemon(true);
                t.start();
                writers.add(t);
            }
        }

        private void write() {
            HttpRequest post = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(60)).build();
            while (true) {
                try {
                    HttpResponse<String> response = client.send(post, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        unanswered.incrementAndGet(); // refused: may or may not have been applied
                        continue;
                    }
                    acknowledged.incrementAndGet();
                    highestAck.accumulateAndGet(Long.parseLong(response.body().trim()), Math::max);
                    firstAck.incrementAndGet();
                } catch (Exception e) {
                    unanswered.incrementAndGet(); // the server died with this request in flight
                    return;
                }
            }
        }

        void awaitFirstAck() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (firstAck.get() == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no write was acknowledged within 60 s");
                }
                Thread.sleep(5);
            }
        }

        void join() throws InterruptedException {
            for (Thread t : writers) {
                t.join(70_000);
            }
        }
    }

    /** The ledger object's state as the killed server left it on disk, and every database's health. */
    record Ledger(long count, long rows, long lastRow, List<String> unsound) {
        static Ledger read(Path dataDir) throws Exception {
            long count = 0;
            long rows = 0;
            long lastRow = 0;
            List<String> unsound = new ArrayList<>();
            List<Path> databases;
            try (Stream<Path> files = Files.walk(dataDir)) {
                databases = files.filter(p -> p.getFileName().toString().endsWith(".sqlite")).toList();
            }
            for (Path db : databases) {
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                    try (ResultSet ok = s.executeQuery("PRAGMA integrity_check")) {
                        ok.next();
                        if (!"ok".equals(ok.getString(1))) {
                            unsound.add(db + ": " + ok.getString(1));
                        }
                    }
                    if (!db.startsWith(dataDir.resolve("Ledger"))) {
                        continue;
                    }
                    try (ResultSet kv = s.executeQuery("SELECT key, value FROM _cf_KV")) {
                        while (kv.next()) {
                            if (new String(kv.getBytes(1), StandardCharsets.UTF_8).equals("count")) {
                                count = ((Number) WireReader.decode(kv.getBytes(2))).longValue();
                            }
                        }
                    }
                    try (ResultSet r = s.executeQuery("SELECT count(*), coalesce(max(n), 0) FROM entries")) {
                        r.next();
                        rows = r.getLong(1);
                        lastRow = r.getLong(2);
                    } catch (java.sql.SQLException noTableYet) {
                        // killed before the first event created it: no rows
                    }
                }
            }
            return new Ledger(count, rows, lastRow, unsound);
        }
    }

    /** {@code CrashTrials <trials> <dataDir> [seed]}: for benchmarks/soak/crash.sh. Exit status 1 on any violation. */
    public static void main(String[] args) throws Exception {
        int trials = Integer.parseInt(args[0]);
        Path data = Path.of(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : System.nanoTime();
        Path app = Path.of(CrashTrials.class.getResource("/hostile/ledger").toURI());
        long start = System.nanoTime();
        Result result = new CrashTrials(app, data, seed).run(trials);
        System.out.printf("trials=%d acknowledged=%d unanswered=%d final_count=%d violations=%d seconds=%d seed=%d%n",
                result.trials(), result.acknowledged(), result.unanswered(), result.finalCount(), result.violations().size(),
                (System.nanoTime() - start) / 1_000_000_000L, seed);
        result.violations().forEach(v -> System.out.println("VIOLATION " + v));
        System.exit(result.violations().isEmpty() ? 0 : 1);
    }
}
