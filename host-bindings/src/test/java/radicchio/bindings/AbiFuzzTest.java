package radicchio.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.ValType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import radicchio.bindings.abi.JsArray;
import radicchio.bindings.abi.JsArrayBuffer;
import radicchio.bindings.abi.JsError;
import radicchio.bindings.abi.JsObject;
import radicchio.bindings.abi.WireReader;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireWriter;
import radicchio.guest.RadicchioGuest;

/**
 * The host side of the ABI (wasm-guest/README.md, "The ABI") fed what a compromised guest could
 * send: random and boundary pointers and lengths into every import, mutated wire messages into
 * {@code call}, and garbage payloads and unknown operations into {@code rad_invoke}. Only the
 * documented outcomes may follow: a status code or -1 from the import, an {@link AbiException}
 * from {@code random} (a trap that discards the isolate), an error reply to a malformed host
 * request, a {@link GuestException} from {@link Isolate#invoke}; and nothing may hang. Fixed seeds,
 * so a failure replays.
 */
class AbiFuzzTest {
    private static final Duration NO_HANG = Duration.ofSeconds(120);

    /** Answers every host request with what it was sent, or throws what a real host may throw. */
    private static final HostServices SERVICES = new HostServices() {
        @Override
        public Object call(Object request) throws Exception {
            Object op = request instanceof JsObject o ? o.get("op") : null;
            if ("throwJs".equals(op)) {
                throw new JsException("TypeError", "refused", null, new JsError("TypeError", "refused"));
            }
            if ("throwJava".equals(op)) {
                throw new IllegalStateException("host failure");
            }
            return request;
        }
    };

    /** The guest's imports bound to {@code host}, in an instance of the real guest module (not started). */
    private static final class Imports {
        final IsolateHost host = new IsolateHost(SERVICES);
        final Instance instance;
        final Map<String, ImportFunction> byName = new LinkedHashMap<>();

        Imports() {
            ImportValues values = GuestImports.create(host);
            instance = Instance.builder(GuestModule.get().wasm())
                    .withMachineFactory(RadicchioGuest::create)
                    .withImportValues(values)
                    .withStart(false)
                    .build();
            for (ImportFunction f : values.functions()) {
                byName.put(f.module() + "." + f.name(), f);
            }
        }

        Memory memory() {
            return instance.memory();
        }

        long memoryBytes() {
            return (long) memory().pages() * 65536L;
        }

        long[] call(String name, long... args) {
            return byName.get(name).handle().apply(instance, args);
        }
    }

    @Test
    void everyDocumentedImportIsServed() {
        assertEquals(GuestImports.NAMES, new ArrayList<>(new Imports().byName.keySet()));
    }

    @Test
    void randomArgumentsIntoEveryImportGiveOnlyDocumentedOutcomes() {
        assertTimeoutPreemptively(NO_HANG, () -> {
            Imports imports = new Imports();
            Random random = new Random(20261128L);
            List<String> names = new ArrayList<>(imports.byName.keySet());
            AtomicInteger traps = new AtomicInteger();
            for (int i = 0; i < 5000; i++) {
                String name = names.get(random.nextInt(names.size()));
                ImportFunction f = imports.byName.get(name);
                long[] args = new long[f.paramTypes().size()];
                for (int a = 0; a < args.length; a++) {
                    args[a] = f.paramTypes().get(a) == ValType.I64 ? random.nextLong() : interestingI32(random, imports.memoryBytes());
                }
                long[] result;
                try {
                    result = imports.call(name, args);
                } catch (AbiException e) {
                    // Documented: random() with a bad range traps (its only caller is the prelude).
                    assertEquals(GuestImports.MODULE + ".random", name, () -> "AbiException from " + name + Arrays.toString(args));
                    traps.incrementAndGet();
                    continue;
                } catch (RuntimeException e) {
                    throw new AssertionError(name + Arrays.toString(args) + " threw " + e, e);
                }
                checkResult(name, result);
            }
            assertTrue(traps.get() > 0, "some random() ranges were bad");
            // The host half is still coherent: a well-formed request goes through.
            assertEquals(List.of(Boolean.TRUE, JsObject.of("op", "echo")), roundTrip(imports, WireWriter.encode(JsObject.of("op", "echo"))));
        });
    }

    private static void checkResult(String name, long[] result) {
        switch (name) {
            case "radicchio.log", "radicchio.random" -> assertTrue(result == null || result.length == 0, name);
            case "radicchio.now" -> assertTrue(Double.longBitsToDouble(result[0]) > 0, name);
            case "radicchio.call", "radicchio.take" -> assertTrue(result[0] == -1 || result[0] >= 0, name + " returned " + result[0]);
            case "wasi_snapshot_preview1.fd_seek", "wasi_snapshot_preview1.fd_close" ->
                    assertEquals(GuestImports.WASI_EBADF, result[0], name);
            default -> assertTrue(result[0] == 0 || result[0] == GuestImports.WASI_EBADF || result[0] == GuestImports.WASI_EINVAL,
                    name + " returned " + result[0]);
        }
    }

    /** Values that probe the bounds: 0, -1, the memory's end and around it, powers of two, random. */
    private static long interestingI32(Random random, long memoryBytes) {
        int value = switch (random.nextInt(10)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> Integer.MIN_VALUE;
            case 3 -> Integer.MAX_VALUE;
            case 4 -> (int) (memoryBytes - random.nextInt(64));
            case 5 -> (int) (memoryBytes + random.nextInt(64));
            case 6 -> 1 << random.nextInt(32);
            case 7 -> random.nextInt(4096);
            case 8 -> random.nextInt((int) Math.min(Integer.MAX_VALUE, memoryBytes));
            default -> random.nextInt();
        };
        return value; // an i32 reaches the host sign-extended, as Chicory passes it
    }

    @Test
    void mutatedHostRequestsGetAReplyOrAnErrorReplyNeverAnException() {
        assertTimeoutPreemptively(NO_HANG, () -> {
            Imports imports = new Imports();
            Random random = new Random(7);
            List<byte[]> valid = List.of(
                    WireWriter.encode(JsObject.of("op", "echo", "payload", JsArray.of(1, "two", 3.5, null))),
                    WireWriter.encode(JsObject.of("op", "storage", "method", "put", "key", "k", "value", new JsArrayBuffer(new byte[] {1, 2, 3}))),
                    WireWriter.encode(JsObject.of("op", "callStub", "args", JsArray.of(new WireRequest("POST", "http://x/", List.of(), new byte[] {9})))),
                    WireWriter.encode(JsObject.of("op", "throwJs")),
                    WireWriter.encode(JsObject.of("op", "throwJava")));
            int errors = 0;
            for (int i = 0; i < 4000; i++) {
                byte[] message = WireMutations.mutate(valid.get(random.nextInt(valid.size())), random);
                List<Object> reply = roundTrip(imports, message);
                assertEquals(2, reply.size());
                if (Boolean.FALSE.equals(reply.get(0))) {
                    assertInstanceOf(JsError.class, reply.get(1));
                    errors++;
                } else {
                    assertEquals(Boolean.TRUE, reply.get(0));
                }
            }
            assertTrue(errors > 1000, "most mutations are refused: " + errors);
        });
    }

    /** Writes {@code request} into guest memory, calls {@code call} then {@code take}, decodes the reply. */
    private static List<Object> roundTrip(Imports imports, byte[] request) {
        int at = 4096;
        imports.memory().write(at, request);
        int len = (int) imports.call("radicchio.call", at, request.length)[0];
        assertTrue(len > 0, "call refused a request inside memory");
        int replyAt = at + request.length + 16;
        assertEquals(len, imports.call("radicchio.take", replyAt, len)[0]);
        return ((JsArray) WireReader.decode(imports.memory().readBytes(replyAt, len))).elements();
    }

    @Test
    void garbageIntoRadInvokeLeavesTheIsolateUsableOrCleanlyDiscarded() {
        assertTimeoutPreemptively(NO_HANG, () -> {
            Snapshot code;
            try (Isolate loader = Isolate.builder(GuestModule.get().baseSnapshot()).build()) {
                loader.load(JsObject.of("mainModule", "m.js", "modules",
                        JsObject.of("m.js", "export function add(a, b) { return a + b; }")));
                code = loader.snapshot();
            }
            Map<String, Object> sane = Map.of("type", "call", "entrypoint", "add", "args", JsArray.of(2, 3));
            byte[] saneBytes = WireWriter.encode(sane);
            Random random = new Random(99);
            Isolate isolate = Isolate.builder(code).withServices(SERVICES).build();
            int discarded = 0;
            for (int i = 0; i < 800; i++) {
                int op = List.of(Isolate.OP_LOAD, Isolate.OP_DISPATCH, Isolate.OP_RESUME, 0, -1, 4, 1 << 20).get(random.nextInt(7));
                byte[] payload = random.nextInt(8) == 0 ? null : WireMutations.mutate(saneBytes, random);
                try {
                    isolate.invoke(op, payload);
                } catch (GuestException e) {
                    // JsException (the guest refused it), or a limit/trap/ABI error that discarded the isolate.
                    assertTrue(e instanceof JsException || isolate.isDiscarded(), () -> "not discarded after " + e);
                } catch (RuntimeException | Error e) {
                    fail("op " + op + " with " + Arrays.toString(payload) + " threw " + e, e);
                }
                if (isolate.isDiscarded()) {
                    Isolate dead = isolate;
                    assertThrows(IsolateDiscardedException.class, () -> dead.dispatch(sane));
                    discarded++;
                    isolate = Isolate.builder(code).withServices(SERVICES).build();
                }
                assertEquals(5, isolate.dispatch(sane), "the isolate still computes after op " + op);
            }
            isolate.close();
            assertTrue(discarded < 800, "most garbage leaves the isolate usable: " + discarded + " discarded");
        });
    }

    /** Ways a message can be damaged: flipped bits, cuts, splices, huge varuints, pure noise. */
    private static final class WireMutations {
        private WireMutations() {}

        static byte[] mutate(byte[] valid, Random random) {
            byte[] m = valid.clone();
            switch (random.nextInt(7)) {
                case 0 -> {
                    for (int n = 1 + random.nextInt(4); n > 0; n--) {
                        m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> m = Arrays.copyOf(m, random.nextInt(m.length)); // truncated
                case 2 -> { // a slice repeated
                    int from = random.nextInt(m.length);
                    int to = from + random.nextInt(m.length - from + 1);
                    byte[] longer = new byte[m.length + (to - from)];
                    System.arraycopy(m, 0, longer, 0, to);
                    System.arraycopy(m, from, longer, to, m.length - from);
                    m = longer;
                }
                case 3 -> { // a varuint-looking run: lengths and counts past anything present
                    int at = random.nextInt(m.length);
                    for (int k = at; k < Math.min(m.length, at + 5); k++) {
                        m[k] = (byte) 0xFF;
                    }
                }
                case 4 -> m[random.nextInt(m.length)] = (byte) random.nextInt(0x16); // another tag
                case 5 -> { // trailing bytes
                    m = Arrays.copyOf(m, m.length + 1 + random.nextInt(8));
                }
                default -> {
                    m = new byte[random.nextInt(64)];
                    random.nextBytes(m);
                }
            }
            return m;
        }
    }
}
