package radicchio.bindings.abi;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile input, generated: random bytes, and valid encodings of random graphs with bytes
 * flipped, inserted, deleted or cut off. The reader must either succeed or throw
 * WireFormatException, never anything else; and whatever it accepts must re-encode and decode to
 * an equal graph. Seeded, so a failure reproduces; bounded in iterations and in time.
 */
class WireFuzzTest {
    private static final long SEED = 0x5EED_CAFEL;
    private static final int ITERATIONS = 200_000;
    private static final long TIME_BUDGET_NANOS = 4_000_000_000L;

    @Test
    void randomAndMutatedInputsOnlyEverFailWithWireFormatException() {
        Random random = new Random(SEED);
        List<byte[]> corpus = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            corpus.add(WireWriter.encode(new GraphGenerator(random).root()));
        }
        long deadline = System.nanoTime() + TIME_BUDGET_NANOS;
        int accepted = 0;
        int iteration = 0;
        for (; iteration < ITERATIONS && System.nanoTime() < deadline; iteration++) {
            byte[] input = iteration % 4 == 0
                    ? randomBytes(random)
                    : mutate(corpus.get(random.nextInt(corpus.size())), random);
            if (check(input, iteration)) {
                accepted++;
            }
        }
        // Not vacuous: a fair share of the mutated inputs must still decode.
        assertTrue(accepted > iteration / 50, "only " + accepted + " of " + iteration + " decoded");
    }

    @Test
    void randomGraphsRoundTrip() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 2_000; i++) {
            Object value = new GraphGenerator(random).value(0);
            byte[] encoded = WireWriter.encode(value);
            Object decoded = WireReader.decode(encoded);
            if (!WireValues.equal(value, decoded)) {
                fail("round trip changed " + value + " into " + decoded);
            }
        }
    }

    /** True if the input decoded; fails the test on any exception but WireFormatException. */
    private static boolean check(byte[] input, int iteration) {
        Object decoded;
        try {
            decoded = WireReader.decode(input, 1 << 20);
        } catch (WireFormatException expected) {
            return false;
        } catch (Throwable t) {
            throw new AssertionError("iteration " + iteration + ": " + t + " on "
                    + HexFormat.of().formatHex(input), t);
        }
        Object again = WireReader.decode(WireWriter.encode(decoded));
        if (!WireValues.equal(decoded, again)) {
            fail("iteration " + iteration + ": re-encoding changed " + decoded + " into " + again);
        }
        return true;
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(40)];
        for (int i = 0; i < bytes.length; i++) {
            // Mostly small values, so that tags and short lengths are common.
            bytes[i] = (byte) (random.nextInt(3) == 0 ? random.nextInt(256) : random.nextInt(0x16));
        }
        return bytes;
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && bytes.length > 0; m++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(6)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> bytes[at] = (byte) new int[] {0x00, 0x0F, 0x7F, 0x80, 0xFF, 0xED, 0xF4}[random.nextInt(7)];
                case 3 -> bytes = java.util.Arrays.copyOf(bytes, at); // truncate
                case 4 -> { // delete one byte
                    byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    bytes = shorter;
                }
                default -> { // insert one byte
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(0x16);
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
            }
        }
        return bytes;
    }

    /** Random value graphs of every kind, with shared and cyclic references. */
    static final class GraphGenerator {
        private final Random random;
        private final List<Object> refValues = new ArrayList<>();
        private final List<JsArrayBuffer> buffers = new ArrayList<>();

        GraphGenerator(Random random) {
            this.random = random;
        }

        /** An array of a few values: larger graphs than a single value, more to mutate. */
        JsArray root() {
            JsArray root = register(new JsArray());
            for (int i = 1 + random.nextInt(6); i > 0; i--) {
                root.add(value(1));
            }
            return root;
        }

        Object value(int depth) {
            // Sometimes reuse an earlier ref value (sharing, and cycles when it is an ancestor).
            if (!refValues.isEmpty() && random.nextInt(8) == 0) {
                return refValues.get(random.nextInt(refValues.size()));
            }
            int kind = random.nextInt(depth > 3 ? 8 : 21);
            switch (kind) {
                case 0: return Undefined.INSTANCE;
                case 1: return null;
                case 2: return random.nextBoolean();
                case 3: return random.nextInt();
                case 4: return new double[] {0.5, -0.0, Double.NaN, 1e300, -1.0, Double.NEGATIVE_INFINITY}[random.nextInt(6)];
                case 5: return new BigInteger(random.nextInt(200), random).subtract(BigInteger.valueOf(random.nextInt(1000)));
                case 6: case 7: return string();
                case 8: {
                    JsObject o = register(new JsObject());
                    for (int i = random.nextInt(4); i > 0; i--) {
                        o.set(string(), value(depth + 1));
                    }
                    return o;
                }
                case 9: case 10: {
                    JsArray a = register(new JsArray());
                    for (int i = random.nextInt(5); i > 0; i--) {
                        a.add(value(depth + 1));
                    }
                    return a;
                }
                case 11: return register(new JsDate(random.nextInt(2) == 0 ? Double.NaN : random.nextLong() % 8_640_000_000_000_000L));
                case 12: {
                    JsMap m = register(new JsMap());
                    for (int i = random.nextInt(4); i > 0; i--) {
                        m.set(value(depth + 1), value(depth + 1));
                    }
                    return m;
                }
                case 13: {
                    JsSet s = register(new JsSet());
                    for (int i = random.nextInt(4); i > 0; i--) {
                        s.add(value(depth + 1));
                    }
                    return s;
                }
                case 14: return buffer();
                case 15: {
                    ViewKind k = ViewKind.values()[random.nextInt(ViewKind.values().length)];
                    JsArrayBuffer b = buffer();
                    int maxElements = b.byteLength() / k.bytesPerElement();
                    int offsetElements = random.nextInt(maxElements + 1);
                    int length = random.nextInt(maxElements - offsetElements + 1);
                    return register(new JsView(k, b, offsetElements * k.bytesPerElement(), length));
                }
                case 16: {
                    JsError e = new JsError(
                            new String[] {"Error", "TypeError", "RangeError", "MyError"}[random.nextInt(4)],
                            string(), random.nextBoolean() ? null : string(),
                            random.nextBoolean() ? Undefined.INSTANCE : value(depth + 1));
                    return register(e);
                }
                case 17: return register(new JsRegExp(string(), "gi"));
                case 18: return new WireRequest("GET", string(), headers(), random.nextBoolean() ? null : bytes());
                case 19: return new WireResponse(random.nextInt(1000), string(), headers(), random.nextBoolean() ? null : bytes());
                default: return new HostRef(string(), value(depth + 1));
            }
        }

        private <T> T register(T value) {
            refValues.add(value);
            return value;
        }

        private JsArrayBuffer buffer() {
            if (!buffers.isEmpty() && random.nextBoolean()) {
                return buffers.get(random.nextInt(buffers.size()));
            }
            JsArrayBuffer b = register(new JsArrayBuffer(bytes()));
            buffers.add(b);
            return b;
        }

        private byte[] bytes() {
            byte[] b = new byte[random.nextInt(24)];
            random.nextBytes(b);
            return b;
        }

        private List<Header> headers() {
            List<Header> headers = new ArrayList<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                headers.add(new Header(string(), string()));
            }
            return headers;
        }

        private String string() {
            StringBuilder s = new StringBuilder();
            for (int i = random.nextInt(6); i > 0; i--) {
                switch (random.nextInt(5)) {
                    case 0 -> s.append((char) ('a' + random.nextInt(26)));
                    case 1 -> s.append((char) (0xD800 + random.nextInt(0x800))); // a surrogate
                    case 2 -> s.appendCodePoint(0x10000 + random.nextInt(0x100000));
                    case 3 -> s.append((char) (0x80 + random.nextInt(0x780)));
                    default -> s.append((char) random.nextInt(0x10000));
                }
            }
            return s.toString();
        }
    }
}
