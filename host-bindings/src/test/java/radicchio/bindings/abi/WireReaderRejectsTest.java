package radicchio.bindings.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static radicchio.bindings.abi.WireGoldenTest.bytes;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Each kind of malformed or hostile input, one at a time: always a WireFormatException. */
class WireReaderRejectsTest {

    private static WireFormatException rejects(byte[] input, String messagePart) {
        WireFormatException e = assertThrows(WireFormatException.class, () -> WireReader.decode(input));
        assertTrue(e.getMessage().contains(messagePart),
                () -> "message \"" + e.getMessage() + "\" lacks \"" + messagePart + "\"");
        return e;
    }

    @Test
    void emptyTruncatedAndTrailing() {
        rejects(new byte[0], "end of input");
        rejects(bytes(0x04, 0x01, 0x00), "int32 past the end");
        rejects(bytes(0x05, 0, 0, 0), "float64 past the end");
        rejects(bytes(0x0A, 0, 0), "float64 past the end");
        rejects(bytes(0x09, 0x02, 0x09, 0x00), "end of input");
        rejects(bytes(0x01, 0x01), "1 trailing bytes");
        rejects(bytes(0x09, 0x00, 0x00, 0x00), "2 trailing bytes");
    }

    @Test
    void unknownTags() {
        rejects(bytes(0x15), "unknown tag 0x15");
        rejects(bytes(0xFF), "unknown tag 0xff");
        rejects(bytes(0x09, 0x01, 0x80), "unknown tag 0x80");
    }

    @Test
    void varuints() {
        rejects(bytes(0x07, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00), "longer than 5 bytes");
        rejects(bytes(0x07, 0xFF, 0xFF, 0xFF, 0xFF, 0x10), "2^32 or more");
        rejects(bytes(0x07, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F), "needs more than");
        rejects(bytes(0x07, 0x80), "end of input");
        // Padded (non-minimal) LEB128 within 5 bytes is still LEB128.
        assertEquals("", WireReader.decode(bytes(0x07, 0x80, 0x80, 0x00)));
    }

    @Test
    void countsLargerThanTheInputAreRejectedBeforeAllocating() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            rejects(bytes(0x07, 0x05, 'a'), "string of 5 items needs more than the 1 bytes left");
            rejects(bytes(0x0D, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F), "ArrayBuffer of 4294967295");
            rejects(bytes(0x09, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F), "array of 4294967295");
            rejects(bytes(0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F), "object of 4294967295");
            rejects(bytes(0x08, 0x01, 0x07, 0x00), "object of 1 items needs more than the 2 bytes");
            rejects(bytes(0x0B, 0x01, 0x00), "Map of 1");
            rejects(bytes(0x0C, 0x02, 0x00), "Set of 2");
            rejects(bytes(0x06, 0x00, 0x09, 0x01), "BigInt of 9");
            rejects(bytes(0x13, 0xC8, 0x01, 0x07, 0x00, 0x7F, 0x01), "header of 127");
        });
    }

    @Test
    void references() {
        rejects(bytes(0x0F, 0x00), "index 0, but only 0 assigned");
        rejects(bytes(0x09, 0x01, 0x0F, 0x01), "index 1, but only 1 assigned");
        // A view whose buffer refers to the view itself, still being decoded.
        rejects(bytes(0x0E, 0x02, 0x0F, 0x00, 0x00, 0x00), "still being decoded");
        // A Date cannot refer to anything, so an Error's name cannot be a reference.
        rejects(bytes(0x10, 0x0F, 0x00), "expected a string, found tag 0x0f");
    }

    @Test
    void viewsMustStayInsideAnArrayBuffer() {
        // [{}, view over ref 1]: ref 1 is the object, not a buffer.
        rejects(bytes(0x09, 0x02, 0x08, 0x00, 0x0E, 0x02, 0x0F, 0x01, 0x00, 0x00), "refers to a OBJECT");
        rejects(bytes(0x0E, 0x02, 0x07, 0x00, 0x00, 0x00), "must be an ArrayBuffer, not tag 0x07");
        rejects(bytes(0x0E, 0x00, 0x0D, 0x00, 0x00, 0x00), "unknown view kind 0");
        rejects(bytes(0x0E, 0x0D, 0x0D, 0x00, 0x00, 0x00), "unknown view kind 13");
        rejects(bytes(0x0E, 0x02, 0x0D, 0x02, 1, 2, 0x01, 0x02), "does not fit");
        rejects(bytes(0x0E, 0x02, 0x0D, 0x02, 1, 2, 0x03, 0x00), "does not fit");
        rejects(bytes(0x0E, 0x06, 0x0D, 0x04, 1, 2, 3, 4, 0x00, 0x02), "does not fit"); // 2 int32s
        rejects(bytes(0x0E, 0x04, 0x0D, 0x04, 1, 2, 3, 4, 0x01, 0x01), "not a multiple of 2");
        rejects(bytes(0x0E, 0x09, 0x0D, 0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F),
                "not a multiple of 8");
        rejects(bytes(0x0E, 0x02, 0x0D, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F), "does not fit");
        // At the very end of the buffer, zero elements: fine.
        JsView ok = (JsView) WireReader.decode(bytes(0x0E, 0x0C, 0x0D, 0x02, 1, 2, 0x02, 0x00));
        assertEquals(2, ok.byteOffset());
    }

    @Test
    void stringsMustBeWellFormedWtf8() {
        int[][] bad = {
            {0x80}, // stray continuation byte
            {0xBF},
            {0xC0, 0x80}, // overlong NUL
            {0xC1, 0xBF}, // overlong
            {0xE0, 0x80, 0x80}, // overlong 3-byte
            {0xE0, 0x9F, 0xBF},
            {0xF0, 0x80, 0x80, 0x80}, // overlong 4-byte
            {0xF0, 0x8F, 0xBF, 0xBF},
            {0xF4, 0x90, 0x80, 0x80}, // above U+10FFFF
            {0xF5, 0x80, 0x80, 0x80},
            {0xFF},
            {0xE2, 0x82}, // truncated
            {0xE2, 0x28, 0xA1}, // bad continuation
            {0xC3}, // truncated at the end
            {0xF0, 0x9F, 0x98}, // truncated 4-byte
            {0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80}, // a pair as two 3-byte sequences (CESU-8)
        };
        for (int[] sequence : bad) {
            Object[] parts = new Object[sequence.length + 2];
            parts[0] = 0x07;
            parts[1] = sequence.length;
            for (int i = 0; i < sequence.length; i++) {
                parts[i + 2] = sequence[i];
            }
            rejects(bytes(parts), "not well-formed WTF-8");
        }
        // Lone surrogates, in either order, are WTF-8.
        assertEquals("\uDBFF", WireReader.decode(bytes(0x07, 0x03, 0xED, 0xAF, 0xBF)));
        assertEquals("\uDC00\uD800", WireReader.decode(bytes(0x07, 0x06, 0xED, 0xB0, 0x80, 0xED, 0xA0, 0x80)));
        assertEquals("\uD800x\uDC00", WireReader.decode(bytes(0x07, 0x07, 0xED, 0xA0, 0x80, 'x', 0xED, 0xB0, 0x80)));
    }

    @Test
    void stringOnlyPlaces() {
        rejects(bytes(0x08, 0x01, 0x04, 1, 0, 0, 0, 0x00), "expected a string, found tag 0x04");
        rejects(bytes(0x11, 0x07, 0x00, 0x00), "expected a string, found tag 0x00");
        rejects(bytes(0x14, 0x01, 0x00), "expected a string, found tag 0x01");
        rejects(bytes(0x10, 0x07, 0x00, 0x07, 0x00, 0x01, 0x00), "stack must be a string or undefined");
        rejects(bytes(0x12, 0x07, 0x00, 0x07, 0x00, 0x01, 0x00, 0x01, 0x07, 0x00, 0x01), "expected a string");
    }

    @Test
    void bodiesStatusAndBigIntSigns() {
        rejects(bytes(0x13, 0xC8, 0x01, 0x07, 0x00, 0x00, 0x00), "body must be null or an ArrayBuffer");
        rejects(bytes(0x12, 0x07, 0x00, 0x07, 0x00, 0x00, 0x0F, 0x00), "body must be null or an ArrayBuffer");
        rejects(bytes(0x13, 0xE8, 0x07, 0x07, 0x00, 0x00, 0x01), "status 1000 is over 999");
        rejects(bytes(0x13, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x07, 0x00, 0x00, 0x01), "is over 999");
        rejects(bytes(0x06, 0x02, 0x00), "sign byte 2");
        // "-0n" and padded magnitudes are harmless: 0 and the number.
        assertEquals(java.math.BigInteger.ZERO, WireReader.decode(bytes(0x06, 0x01, 0x00)));
        assertEquals(java.math.BigInteger.ZERO, WireReader.decode(bytes(0x06, 0x01, 0x02, 0x00, 0x00)));
        assertEquals(java.math.BigInteger.valueOf(-5), WireReader.decode(bytes(0x06, 0x01, 0x02, 0x05, 0x00)));
    }

    @Test
    void bigIntsOverOneMebibyteAreRejected() {
        byte[] input = new byte[3 + 5 + (1 << 20) + 1];
        input[0] = 0x06;
        input[1] = 0x00;
        int n = (1 << 20) + 1; // 0x100001 as LEB128: 81 80 40
        input[2] = (byte) 0x81;
        input[3] = (byte) 0x80;
        input[4] = (byte) 0x40;
        byte[] trimmed = Arrays.copyOf(input, 5 + n);
        trimmed[5 + n - 1] = 1;
        rejects(trimmed, "is over 1048576");
    }

    @Test
    void nestingDeeperThan1000() {
        assertEquals(WireRoundTripTest.nest(1000), WireReader.decode(nestedArrays(1000)));
        rejects(nestedArrays(1001), "nesting deeper than 1000");
        // Deep enough to overflow a default Java stack if the reader recursed without a bound.
        rejects(nestedArrays(100_000), "nesting deeper than 1000");
        byte[] objects = new byte[100_000 * 4 + 1];
        for (int i = 0; i < 100_000; i++) {
            System.arraycopy(bytes(0x08, 0x01, 0x07, 0x00), 0, objects, i * 4, 4);
        }
        rejects(objects, "nesting deeper than 1000");
        byte[] errors = new byte[100_000 * 6 + 1];
        for (int i = 0; i < 100_000; i++) {
            System.arraycopy(bytes(0x10, 0x07, 0x00, 0x07, 0x00, 0x00), 0, errors, i * 6, 6);
        }
        rejects(errors, "nesting deeper than 1000");
        byte[] hostRefs = new byte[100_000 * 3 + 1];
        for (int i = 0; i < 100_000; i++) {
            System.arraycopy(bytes(0x14, 0x07, 0x00), 0, hostRefs, i * 3, 3);
        }
        rejects(hostRefs, "nesting deeper than 1000");
    }

    /** {@code depth} nested one-element arrays around an empty one: 09 01 09 01 ... 09 00. */
    static byte[] nestedArrays(int depth) {
        byte[] out = new byte[depth * 2];
        for (int i = 0; i < depth; i++) {
            out[2 * i] = 0x09;
            out[2 * i + 1] = 0x01;
        }
        out[out.length - 1] = 0x00;
        return out;
    }

    @Test
    void sizeLimits() {
        byte[] string = WireWriter.encode("x".repeat(1000));
        assertThrows(WireFormatException.class, () -> WireReader.decode(string, 999));
        // 1,000 empty objects: 2,003 bytes on the wire, but each object costs far more decoded.
        JsArray objects = new JsArray();
        for (int i = 0; i < 1000; i++) {
            objects.add(new JsObject());
        }
        byte[] input = WireWriter.encode(objects);
        assertEquals(2003, input.length);
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> WireReader.decode(input, 10_000));
        assertTrue(e.getMessage().contains("size limit"), e.getMessage());
        assertEquals(objects, WireReader.decode(input, 100_000));
        // A sub-range of a larger array.
        byte[] padded = new byte[input.length + 10];
        System.arraycopy(input, 0, padded, 5, input.length);
        assertEquals(objects, WireReader.decode(padded, 5, input.length, WireReader.DEFAULT_MAX_BYTES));
        assertThrows(IndexOutOfBoundsException.class, () -> WireReader.decode(padded, 5, padded.length, 1000));
    }

    @Test
    void hashFloodingMapKeysStayFast() {
        // 32,768 distinct strings sharing one String.hashCode: "Aa" and "BB" collide, and so do
        // all their concatenations. Decoding must not go quadratic.
        int count = 1 << 15;
        JsMap map = new JsMap();
        for (int i = 0; i < count; i++) {
            StringBuilder key = new StringBuilder();
            for (int bit = 0; bit < 15; bit++) {
                key.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            map.set(key.toString(), i);
        }
        byte[] input = WireWriter.encode(map);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            JsMap decoded = (JsMap) WireReader.decode(input);
            assertEquals(count, decoded.size());
        });
    }
}
