package radicchio.bindings.abi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One hand-computed encoding per tag, from the table in wasm-guest/README.md: the writer must
 * produce exactly these bytes, and the reader must turn them back into the same value.
 */
class WireGoldenTest {

    /** Bytes from ints and chars, and strings as their ASCII bytes, so the examples read like the table. */
    static byte[] bytes(Object... parts) {
        byte[] out = new byte[0];
        for (Object part : parts) {
            byte[] more;
            if (part instanceof String s) {
                more = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            } else if (part instanceof Character c) {
                more = new byte[] {(byte) c.charValue()};
            } else {
                more = new byte[] {(byte) (int) (Integer) part};
            }
            out = Arrays.copyOf(out, out.length + more.length);
            System.arraycopy(more, 0, out, out.length - more.length, more.length);
        }
        return out;
    }

    private static void golden(Object value, byte[] expected) {
        assertArrayEquals(expected, WireWriter.encode(value), () -> "encoding " + value);
        Object decoded = WireReader.decode(expected);
        assertTrue(WireValues.equal(value, decoded), () -> "decoded " + decoded + ", wanted " + value);
    }

    @Test
    void constants() {
        golden(Undefined.INSTANCE, bytes(0x00));
        golden(null, bytes(0x01));
        golden(false, bytes(0x02));
        golden(true, bytes(0x03));
    }

    @Test
    void int32() {
        golden(1, bytes(0x04, 0x01, 0x00, 0x00, 0x00));
        golden(-2, bytes(0x04, 0xFE, 0xFF, 0xFF, 0xFF));
        golden(Integer.MIN_VALUE, bytes(0x04, 0x00, 0x00, 0x00, 0x80));
        assertEquals(1, WireReader.decode(bytes(0x04, 0x01, 0x00, 0x00, 0x00)));
    }

    @Test
    void float64() {
        golden(1.5, bytes(0x05, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F));
        golden(-0.0, bytes(0x05, 0, 0, 0, 0, 0, 0, 0, 0x80));
        golden(Double.NaN, bytes(0x05, 0, 0, 0, 0, 0, 0, 0xF8, 0x7F));
        golden(2147483648.0, bytes(0x05, 0, 0, 0, 0, 0, 0, 0xE0, 0x41));
        // A float64 stays a Double when decoded, integral or not.
        assertEquals(1.0, WireReader.decode(bytes(0x05, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F)));
    }

    @Test
    void integralDoublesAndLongsGoOutAsInt32() {
        assertArrayEquals(bytes(0x04, 0x07, 0, 0, 0), WireWriter.encode(7.0));
        assertArrayEquals(bytes(0x04, 0x07, 0, 0, 0), WireWriter.encode(7L));
        assertArrayEquals(bytes(0x04, 0x07, 0, 0, 0), WireWriter.encode((short) 7));
        assertArrayEquals(bytes(0x05, 0, 0, 0, 0, 0, 0, 0x70, 0x42), WireWriter.encode(1L << 40));
    }

    @Test
    void bigint() {
        golden(BigInteger.ZERO, bytes(0x06, 0x00, 0x00));
        golden(BigInteger.valueOf(256), bytes(0x06, 0x00, 0x02, 0x00, 0x01));
        golden(BigInteger.valueOf(-1), bytes(0x06, 0x01, 0x01, 0x01));
        golden(BigInteger.valueOf(255), bytes(0x06, 0x00, 0x01, 0xFF));
    }

    @Test
    void string() {
        golden("", bytes(0x07, 0x00));
        golden("hé", bytes(0x07, 0x03, 'h', 0xC3, 0xA9));
        golden("€", bytes(0x07, 0x03, 0xE2, 0x82, 0xAC));
        golden("\uD83D\uDE00", bytes(0x07, 0x04, 0xF0, 0x9F, 0x98, 0x80)); // U+1F600, a real pair
        golden("\uD800", bytes(0x07, 0x03, 0xED, 0xA0, 0x80)); // lone high surrogate
        golden("\uDFFFx", bytes(0x07, 0x04, 0xED, 0xBF, 0xBF, 'x')); // lone low surrogate
        // Pair halves in the wrong order are two lone surrogates.
        golden("\uDC00\uD800", bytes(0x07, 0x06, 0xED, 0xB0, 0x80, 0xED, 0xA0, 0x80));
    }

    @Test
    void varuintLengthsUseLeb128() {
        String s = "a".repeat(300);
        byte[] expected = new byte[3 + 300];
        expected[0] = 0x07;
        expected[1] = (byte) 0xAC; // 300 = 0b10_0101100: 0x2C | 0x80, then 0x02
        expected[2] = 0x02;
        Arrays.fill(expected, 3, expected.length, (byte) 'a');
        golden(s, expected);
    }

    @Test
    void object() {
        golden(JsObject.of("a", 1), bytes(0x08, 0x01, 0x07, 0x01, 'a', 0x04, 0x01, 0, 0, 0));
        golden(new JsObject(), bytes(0x08, 0x00));
    }

    @Test
    void array() {
        golden(JsArray.of(true, Undefined.INSTANCE), bytes(0x09, 0x02, 0x03, 0x00));
        golden(List.of(), bytes(0x09, 0x00));
    }

    @Test
    void date() {
        golden(new JsDate(0), bytes(0x0A, 0, 0, 0, 0, 0, 0, 0, 0));
        golden(new JsDate(Double.NaN), bytes(0x0A, 0, 0, 0, 0, 0, 0, 0xF8, 0x7F));
    }

    @Test
    void map() {
        golden(new JsMap().set(1, "x"), bytes(0x0B, 0x01, 0x04, 0x01, 0, 0, 0, 0x07, 0x01, 'x'));
    }

    @Test
    void set() {
        golden(JsSet.of((Object) null), bytes(0x0C, 0x01, 0x01));
    }

    @Test
    void arrayBuffer() {
        golden(new JsArrayBuffer(new byte[] {1, 2}), bytes(0x0D, 0x02, 0x01, 0x02));
        golden(new byte[0], bytes(0x0D, 0x00));
    }

    @Test
    void view() {
        JsArrayBuffer buffer = new JsArrayBuffer(new byte[] {1, 2, 3});
        golden(new JsView(ViewKind.UINT8_ARRAY, buffer, 1, 2),
                bytes(0x0E, 0x02, 0x0D, 0x03, 0x01, 0x02, 0x03, 0x01, 0x02));
        // A second view of the same buffer refers to it. Indices: the array 0, the first view 1,
        // the buffer 2, the second view 3, whose buffer is a reference to index 2.
        JsArrayBuffer b4 = new JsArrayBuffer(new byte[4]);
        golden(JsArray.of(new JsView(ViewKind.INT16_ARRAY, b4, 0, 2),
                        new JsView(ViewKind.DATA_VIEW, b4, 1, 3)),
                bytes(0x09, 0x02,
                        0x0E, 0x04, 0x0D, 0x04, 0, 0, 0, 0, 0x00, 0x02,
                        0x0E, 0x0C, 0x0F, 0x02, 0x01, 0x03));
    }

    @Test
    void referencesForSharingAndCycles() {
        JsObject shared = new JsObject();
        // array is index 0, the object index 1
        golden(JsArray.of(shared, shared), bytes(0x09, 0x02, 0x08, 0x00, 0x0F, 0x01));
        JsArray cycle = new JsArray();
        cycle.add(cycle);
        golden(cycle, bytes(0x09, 0x01, 0x0F, 0x00));
        Object decoded = WireReader.decode(bytes(0x09, 0x02, 0x08, 0x00, 0x0F, 0x01));
        JsArray array = (JsArray) decoded;
        assertSame(array.get(0), array.get(1));
    }

    @Test
    void error() {
        golden(new JsError("TypeError", "m"),
                bytes(0x10, 0x07, 0x09, "TypeError", 0x07, 0x01, 'm', 0x00, 0x00));
        golden(new JsError("Error", "", "at f", null),
                bytes(0x10, 0x07, 0x05, "Error", 0x07, 0x00, 0x07, 0x04, "at f", 0x01));
    }

    @Test
    void regexp() {
        golden(new JsRegExp("a", "g"), bytes(0x11, 0x07, 0x01, 'a', 0x07, 0x01, 'g'));
    }

    @Test
    void request() {
        golden(new WireRequest("GET", "/", List.of(new Header("A", "b")), null),
                bytes(0x12, 0x07, 0x03, "GET", 0x07, 0x01, '/',
                        0x01, 0x07, 0x01, 'a', 0x07, 0x01, 'b', 0x01));
    }

    @Test
    void response() {
        golden(new WireResponse(200, "OK", List.of(), new byte[] {9}),
                bytes(0x13, 0xC8, 0x01, 0x07, 0x02, "OK", 0x00, 0x0D, 0x01, 0x09));
    }

    @Test
    void bodiesTakeNoRefIndex() {
        // [response with body, {}, ref 1]: the body is not numbered, so ref 1 is the object.
        JsObject o = new JsObject();
        golden(JsArray.of(new WireResponse(204, "", List.of(), new byte[0]), o, o),
                bytes(0x09, 0x03, 0x13, 0xCC, 0x01, 0x07, 0x00, 0x00, 0x0D, 0x00,
                        0x08, 0x00, 0x0F, 0x01));
    }

    @Test
    void hostRef() {
        golden(new HostRef("kv", 7), bytes(0x14, 0x07, 0x02, "kv", 0x04, 0x07, 0, 0, 0));
    }
}
