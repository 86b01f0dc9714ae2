package radicchio.bindings.abi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Encode then decode: every kind of value, and the graph shapes (sharing, cycles). */
class WireRoundTripTest {

    private static Object roundTrip(Object value) {
        Object decoded = WireReader.decode(WireWriter.encode(value));
        assertTrue(WireValues.equal(value, decoded), () -> "decoded " + decoded + ", wanted " + value);
        return decoded;
    }

    @Test
    void primitives() {
        assertSame(Undefined.INSTANCE, roundTrip(Undefined.INSTANCE));
        assertNull(roundTrip(null));
        assertEquals(true, roundTrip(true));
        assertEquals(false, roundTrip(false));
        assertEquals(0, roundTrip(0));
        assertEquals(Integer.MAX_VALUE, roundTrip(Integer.MAX_VALUE));
        assertEquals(Integer.MIN_VALUE, roundTrip(Integer.MIN_VALUE));
        assertEquals(0.1, roundTrip(0.1));
        assertEquals(Double.MAX_VALUE, roundTrip(Double.MAX_VALUE));
        assertEquals(Double.MIN_VALUE, roundTrip(Double.MIN_VALUE));
        assertEquals(Double.POSITIVE_INFINITY, roundTrip(Double.POSITIVE_INFINITY));
        assertEquals(Double.NEGATIVE_INFINITY, roundTrip(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN((Double) roundTrip(Double.NaN)));
        assertTrue(Double.isNaN((Double) roundTrip(Double.longBitsToDouble(0x7FF0_0000_0000_0001L))));
        assertEquals(1.5, roundTrip(1.5f));
    }

    @Test
    void negativeZeroStaysNegative() {
        Object decoded = roundTrip(-0.0);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) decoded));
        assertEquals(0, roundTrip(0.0)); // +0 is an integral double: int32
    }

    @Test
    void numberTypeMapping() {
        assertEquals(3, roundTrip(3.0));
        assertEquals(3, roundTrip(3L));
        assertEquals((double) (1L << 53), roundTrip(1L << 53));
        assertEquals((double) Long.MIN_VALUE, roundTrip(Long.MIN_VALUE));
        assertEquals(2147483648.0, roundTrip(2147483648L));
        assertThrows(IllegalArgumentException.class, () -> WireWriter.encode((1L << 53) + 1));
        assertThrows(IllegalArgumentException.class, () -> WireWriter.encode(Long.MAX_VALUE));
    }

    @Test
    void bigInts() {
        for (String s : new String[] {"0", "1", "-1", "255", "-256", "18446744073709551616",
                "-123456789012345678901234567890123456789"}) {
            assertEquals(new BigInteger(s), roundTrip(new BigInteger(s)));
        }
        BigInteger huge = BigInteger.ONE.shiftLeft(10_000).subtract(BigInteger.TEN);
        assertEquals(huge.negate(), roundTrip(huge.negate()));
    }

    @Test
    void strings() {
        for (String s : new String[] {"", "plain ascii", "ünïcödé", "日本語", "\u0000nul", "\uD83D\uDE00 emoji",
                "\uD800", "\uDC00", "a\uD800b", "\uDBFF\uDBFF\uDFFF", "\uDFFF\uD800", "\u07FF\u0800\uFFFF"}) {
            assertEquals(s, roundTrip(s));
        }
        StringBuilder all = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            all.append((char) c); // every code unit, lone surrogates and accidental pairs included
        }
        assertEquals(all.toString(), roundTrip(all.toString()));
    }

    @Test
    void containers() {
        roundTrip(new JsObject());
        roundTrip(new JsArray());
        roundTrip(new JsMap());
        roundTrip(new JsSet());
        JsObject o = JsObject.of("x", 1, "y", JsArray.of("a", null, Undefined.INSTANCE, 2.5),
                "nested", JsObject.of("deep", JsObject.of()), "ünï", "\uD800");
        JsObject decoded = (JsObject) roundTrip(o);
        assertEquals(List.of("x", "y", "nested", "ünï"), new ArrayList<>(decoded.keys()));
        assertEquals(o, decoded);
        assertSame(Undefined.INSTANCE, decoded.get("absent"));

        JsMap map = new JsMap().set("k", 1).set(2, "two").set(JsObject.of("o", 1), JsSet.of(1, 2));
        assertEquals(map, roundTrip(map));
        JsSet set = JsSet.of(1, "1", BigInteger.ONE, null, Undefined.INSTANCE, Double.NaN);
        assertEquals(set, roundTrip(set));
    }

    @Test
    void plainJavaCollectionsEncodeAsObjectsAndArrays() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("list", List.of(1, 2, 3));
        map.put("bytes", new byte[] {1, 2});
        Object decoded = roundTrip(map);
        JsObject object = assertInstanceOf(JsObject.class, decoded);
        assertEquals(JsArray.of(1, 2, 3), object.get("list"));
        assertArrayEquals(new byte[] {1, 2}, ((JsArrayBuffer) object.get("bytes")).bytes());
    }

    @Test
    void unsupportedJavaValuesAreRejected() {
        assertThrows(WireFormatException.class, () -> WireWriter.encode(new Object()));
        assertThrows(WireFormatException.class, () -> WireWriter.encode(JsArray.of(Thread.currentThread())));
        assertThrows(WireFormatException.class, () -> WireWriter.encode(Map.of(1, "x")));
        assertThrows(WireFormatException.class, () -> WireWriter.encode('c'));
    }

    @Test
    void leafRefValues() {
        JsDate date = (JsDate) roundTrip(new JsDate(1_700_000_000_123.0));
        assertEquals(1_700_000_000_123.0, date.millis());
        assertFalse(((JsDate) roundTrip(new JsDate(Double.NaN))).isValid());
        assertEquals(new JsRegExp("^a+\\d$", "giu"), roundTrip(new JsRegExp("^a+\\d$", "giu")));
        assertEquals(new HostRef("service", "AUTH"), roundTrip(new HostRef("service", "AUTH")));
    }

    @Test
    void buffersAndViews() {
        byte[] bytes = new byte[64];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 37);
        }
        JsArrayBuffer buffer = new JsArrayBuffer(bytes);
        JsArray array = new JsArray();
        for (ViewKind kind : ViewKind.values()) {
            array.add(new JsView(kind, buffer, 8, 2));
        }
        array.add(buffer);
        JsArray decoded = (JsArray) roundTrip(array);
        JsArrayBuffer decodedBuffer = (JsArrayBuffer) decoded.get(ViewKind.values().length);
        assertTrue(buffer.contentEquals(decodedBuffer));
        assertNotSame(buffer, decodedBuffer);
        for (int i = 0; i < ViewKind.values().length; i++) {
            JsView view = (JsView) decoded.get(i);
            assertSame(decodedBuffer, view.buffer(), "all views share the one decoded buffer");
            assertEquals(ViewKind.values()[i], view.kind());
        }
        // The Uint8Array (kind 2) at offset 8, length 2 covers bytes 8 and 9.
        assertArrayEquals(new byte[] {bytes[8], bytes[9]}, ((JsView) decoded.get(1)).toByteArray());
        roundTrip(JsView.uint8(new JsArrayBuffer(new byte[0])));
    }

    @Test
    void sharedReferencesStayShared() {
        JsObject shared = JsObject.of("n", 1);
        JsArray list = JsArray.of(shared, JsObject.of("again", shared), new JsMap().set(shared, shared));
        JsArray decoded = (JsArray) roundTrip(list);
        Object first = decoded.get(0);
        assertSame(first, ((JsObject) decoded.get(1)).get("again"));
        JsMap map = (JsMap) decoded.get(2);
        assertSame(first, map.entries().get(0).getKey());
        assertSame(first, map.get(first));
        // Equal but distinct objects stay distinct.
        JsArray twoCopies = (JsArray) roundTrip(JsArray.of(JsObject.of("n", 1), JsObject.of("n", 1)));
        assertNotSame(twoCopies.get(0), twoCopies.get(1));
        assertFalse(WireValues.equal(JsArray.of(shared, shared), JsArray.of(shared, JsObject.of("n", 1))));
    }

    @Test
    void cycles() {
        JsObject self = new JsObject();
        self.set("me", self);
        JsObject decodedSelf = (JsObject) roundTrip(self);
        assertSame(decodedSelf, decodedSelf.get("me"));

        JsArray a = new JsArray();
        JsObject b = JsObject.of("a", a);
        a.add(b);
        a.add(a);
        JsArray decodedA = (JsArray) roundTrip(a);
        assertSame(decodedA, ((JsObject) decodedA.get(0)).get("a"));
        assertSame(decodedA, decodedA.get(1));

        JsMap map = new JsMap();
        map.set(map, map);
        JsMap decodedMap = (JsMap) roundTrip(map);
        assertSame(decodedMap, decodedMap.get(decodedMap));

        JsSet set = new JsSet();
        set.add(set);
        JsSet decodedSet = (JsSet) roundTrip(set);
        assertSame(decodedSet, decodedSet.values().get(0));

        List<Object> javaList = new ArrayList<>();
        javaList.add(javaList);
        JsArray decodedList = (JsArray) roundTrip(javaList);
        assertSame(decodedList, decodedList.get(0));

        // toString of cyclic graphs terminates and stays short.
        assertTrue(decodedA.toString().length() < 3000);
        assertTrue(decodedMap.toString().length() < 3000);
    }

    @Test
    void errors() {
        JsError plain = (JsError) roundTrip(new JsError("RangeError", "too big"));
        assertEquals("RangeError", plain.name());
        assertNull(plain.stack());
        assertFalse(plain.hasCause());
        JsError withAll = new JsError("CustomError", "boom", "at f (w.js:1:2)\nat g",
                new JsError("TypeError", "inner"));
        assertEquals(withAll, roundTrip(withAll));
        JsError nullCause = (JsError) roundTrip(new JsError("Error", "x", null, null));
        assertTrue(nullCause.hasCause());
        assertNull(nullCause.cause());

        // An error that is its own cause, built through the decoder (the only way in Java).
        JsError decoded = (JsError) WireReader.decode(WireGoldenTest.bytes(
                0x10, 0x07, 0x01, 'E', 0x07, 0x00, 0x00, 0x0F, 0x00));
        assertSame(decoded, decoded.cause());
        JsError again = (JsError) roundTrip(decoded);
        assertSame(again, again.cause());
    }

    @Test
    void requestsAndResponsesWithBinaryBodies() {
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        WireRequest request = new WireRequest("POST", "https://example.com/ü?q=\uD800",
                List.of(new Header("Content-Type", "application/octet-stream"),
                        new Header("x-dup", "1"), new Header("X-Dup", "2")), body);
        WireRequest decoded = (WireRequest) roundTrip(request);
        assertEquals(request, decoded);
        assertArrayEquals(body, decoded.body());
        assertEquals("application/octet-stream", decoded.header("CONTENT-TYPE"));
        assertEquals("1", decoded.header("x-dup"));
        assertEquals(3, decoded.headers().size());

        WireResponse response = new WireResponse(404, "Not Found", List.of(), new byte[] {0, -1, 0});
        assertEquals(response, roundTrip(response));
        WireResponse noBody = new WireResponse(0, "", List.of(new Header("a", "")), null);
        assertNull(((WireResponse) roundTrip(noBody)).body());
        assertEquals(new WireResponse(200, "OK", List.of(), new byte[0]),
                roundTrip(new WireResponse(200, "OK", List.of(), new byte[0])));
    }

    @Test
    void aLoadPayloadShape() {
        JsObject code = JsObject.of(
                "mainModule", "index.js",
                "modules", JsObject.of("index.js", "export default {}",
                        "data.bin", JsObject.of("data", new byte[] {1, 2, 3}),
                        "cfg.json", JsObject.of("json", "{\"a\":1}")),
                "env", JsObject.of("KV", new HostRef("kv", 1), "NAME", "w"),
                "compatibilityFlags", List.of("nodejs_compat"));
        assertEquals(code, roundTrip(code));
    }

    @Test
    void nestingUpTo1000IsFineAndBeyondIsRejected() {
        assertEquals(nest(1000), roundTrip(nest(1000)));
        assertThrows(WireFormatException.class, () -> WireWriter.encode(nest(1001)));
        // A leaf inside the innermost of 1,000 containers does not count as one more.
        JsArray withLeaf = nest(1000);
        JsArray inner = withLeaf;
        while (inner.size() > 0) {
            inner = (JsArray) inner.get(0);
        }
        inner.add(42);
        roundTrip(withLeaf);
        assertThrows(WireFormatException.class, () -> WireWriter.encode(nest(100_000)));
    }

    /** {@code depth} arrays, each the only element of the one around it. */
    static JsArray nest(int depth) {
        JsArray root = new JsArray();
        JsArray current = root;
        for (int i = 1; i < depth; i++) {
            JsArray next = new JsArray();
            current.add(next);
            current = next;
        }
        return root;
    }
}
