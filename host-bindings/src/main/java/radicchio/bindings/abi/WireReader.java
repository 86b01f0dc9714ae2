package radicchio.bindings.abi;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decodes one wire value, the format of wasm-guest/README.md ("Wire format"); see
 * {@link WireWriter} for the Java types each JS value maps to. The decoder gives back: int32 as
 * Integer, float64 as Double (even when integral), BigInt as BigInteger, string as String,
 * undefined as {@link Undefined#INSTANCE}, null as null, and the Js* / Wire* classes for the rest.
 * Ref values are numbered as their tag is read, and a reference yields the very same Java
 * instance, so sharing and cycles are reproduced.
 *
 * <p>The input is hostile: it comes from the memory of untrusted code. Whatever the bytes, the
 * decoder either returns a value or throws {@link WireFormatException}, in time and memory
 * proportional to the input. To that end it checks every claimed count against the bytes left
 * before allocating anything (counting the least each item can take); caps open containers at
 * 1,000 before recursing, so the Java stack stays shallow; and charges each decoded value an
 * estimate of its heap size (a fixed cost plus its payload) against {@code maxBytes}, because
 * small inputs can otherwise decode to much larger graphs (an array of empty objects costs two
 * bytes an object on the wire). It also rejects what the README rejects (unknown tags, varuints
 * over 5 bytes or 2^32, unassigned references, trailing bytes) and anything no JS value could
 * produce: ill-formed WTF-8, a view outside or misaligned in its buffer, a view whose buffer is
 * not an ArrayBuffer, a status above 999, a BigInt magnitude over 1 MiB.
 */
public final class WireReader {
    /** A default for {@code maxBytes}: 64 MiB of input or of estimated decoded size. */
    public static final int DEFAULT_MAX_BYTES = 64 << 20;
    /** Estimated heap cost of a decoded value before its payload: object header, map entry... */
    static final int VALUE_COST = 32;
    /** Far above what JS engines allow (QuickJS caps BigInts well below a million bits). */
    static final int MAX_BIGINT_BYTES = 1 << 20;

    /** Marks a ref index whose value is still being read (a Date, RegExp, buffer, view, Error). */
    private static final Object PENDING = new Object();

    private final byte[] in;
    private final int start;
    private final int end;
    private int pos;
    /** What the decoded graph may still cost, in estimated bytes. */
    private long budget;
    private final ArrayList<Object> refs = new ArrayList<>();
    private int depth;

    private WireReader(byte[] in, int start, int end, long budget) {
        this.in = in;
        this.start = start;
        this.end = end;
        this.pos = start;
        this.budget = budget;
    }

    /** Decodes all of {@code input}, with {@link #DEFAULT_MAX_BYTES}. */
    public static Object decode(byte[] input) {
        return decode(input, 0, input.length, DEFAULT_MAX_BYTES);
    }

    /** Decodes all of {@code input}, which must be exactly one value. */
    public static Object decode(byte[] input, int maxBytes) {
        return decode(input, 0, input.length, maxBytes);
    }

    /**
     * Decodes {@code input[offset..offset+length)}, which must be exactly one value.
     *
     * @param maxBytes the limit on the input's length and on the decoded graph's estimated size
     * @throws WireFormatException if the bytes are not one well-formed value within the limits
     * @throws IndexOutOfBoundsException if offset and length do not lie inside {@code input}
     *     (a bug in the caller, not bad input)
     */
    public static Object decode(byte[] input, int offset, int length, int maxBytes) {
        Objects.checkFromIndexSize(offset, length, input.length);
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes < 0");
        }
        if (length > maxBytes) {
            throw new WireFormatException(
                    "wire value of " + length + " bytes exceeds the limit of " + maxBytes);
        }
        WireReader reader = new WireReader(input, offset, offset + length, maxBytes);
        Object value = reader.readValue();
        if (reader.pos != reader.end) {
            throw reader.fail((reader.end - reader.pos) + " trailing bytes after the value");
        }
        return value;
    }

    private WireFormatException fail(String message) {
        return new WireFormatException(message + " (at byte " + (pos - start) + ")");
    }

    private void charge(long cost) {
        budget -= cost;
        if (budget < 0) {
            throw fail("decoded value exceeds the size limit");
        }
    }

    /** Counts a container opening, before its children are read. */
    private void enter() {
        if (++depth > WireTag.MAX_DEPTH) {
            throw fail("nesting deeper than " + WireTag.MAX_DEPTH);
        }
    }

    private void exit() {
        depth--;
    }

    // ---- values

    private Object readValue() {
        int tag = readU8();
        charge(VALUE_COST);
        switch (tag) {
            case WireTag.UNDEFINED:
                return Undefined.INSTANCE;
            case WireTag.NULL:
                return null;
            case WireTag.FALSE:
                return Boolean.FALSE;
            case WireTag.TRUE:
                return Boolean.TRUE;
            case WireTag.INT32:
                return readInt32();
            case WireTag.FLOAT64:
                return readFloat64();
            case WireTag.BIGINT:
                return readBigInt();
            case WireTag.STRING:
                return readStringBody();
            case WireTag.OBJECT:
                return readObject();
            case WireTag.ARRAY:
                return readArray();
            case WireTag.DATE: {
                int slot = reserve();
                return fill(slot, new JsDate(readFloat64()));
            }
            case WireTag.MAP:
                return readMap();
            case WireTag.SET:
                return readSet();
            case WireTag.ARRAY_BUFFER: {
                int slot = reserve();
                return fill(slot, new JsArrayBuffer(readBytes()));
            }
            case WireTag.VIEW:
                return readView();
            case WireTag.REFERENCE:
                return readReference();
            case WireTag.ERROR:
                return readError();
            case WireTag.REGEXP: {
                int slot = reserve();
                String source = readString();
                String flags = readString();
                return fill(slot, new JsRegExp(source, flags));
            }
            case WireTag.REQUEST:
                return new WireRequest(readString(), readString(), readHeaders(), readBody());
            case WireTag.RESPONSE:
                return readResponse();
            case WireTag.HOST_REF: {
                String kind = readString();
                enter();
                Object id = readValue();
                exit();
                return new HostRef(kind, id);
            }
            default:
                pos--;
                throw fail(String.format("unknown tag 0x%02x", tag));
        }
    }

    /** Takes the next ref index for a value that must be read before it can be built. */
    private int reserve() {
        refs.add(PENDING);
        return refs.size() - 1;
    }

    private <T> T fill(int slot, T value) {
        refs.set(slot, value);
        return value;
    }

    private Object readReference() {
        long index = readVarUint();
        if (index >= refs.size()) {
            throw fail("reference to index " + index + ", but only " + refs.size() + " assigned");
        }
        Object value = refs.get((int) index);
        if (value == PENDING) {
            throw fail("reference to index " + index + ", which is still being decoded");
        }
        return value;
    }

    private JsObject readObject() {
        JsObject object = new JsObject();
        refs.add(object);
        int n = readCount(3, "object"); // a property takes at least 07 00 and a tag
        enter();
        for (int i = 0; i < n; i++) {
            String key = readString();
            object.set(key, readValue());
        }
        exit();
        return object;
    }

    private JsArray readArray() {
        int n = readCount(1, "array");
        // Capacity capped: the count is only a claim until the elements are actually read.
        JsArray array = new JsArray(Math.min(n, 1024));
        refs.add(array);
        enter();
        for (int i = 0; i < n; i++) {
            array.add(readValue());
        }
        exit();
        return array;
    }

    private JsMap readMap() {
        JsMap map = new JsMap();
        refs.add(map);
        int n = readCount(2, "Map");
        enter();
        for (int i = 0; i < n; i++) {
            Object key = readValue();
            map.set(key, readValue()); // a repeated key overwrites, as in JS
        }
        exit();
        return map;
    }

    private JsSet readSet() {
        JsSet set = new JsSet();
        refs.add(set);
        int n = readCount(1, "Set");
        enter();
        for (int i = 0; i < n; i++) {
            set.add(readValue());
        }
        exit();
        return set;
    }

    private JsView readView() {
        int slot = reserve();
        int code = readU8();
        ViewKind kind = ViewKind.forCode(code);
        if (kind == null) {
            pos--;
            throw fail("unknown view kind " + code);
        }
        JsArrayBuffer buffer = readViewBuffer();
        long byteOffset = readVarUint();
        long length = readVarUint();
        String problem = JsView.boundsProblem(kind, buffer.byteLength(), byteOffset, length);
        if (problem != null) {
            throw fail(problem);
        }
        return fill(slot, new JsView(kind, buffer, (int) byteOffset, (int) length));
    }

    /** A view's buffer: a new ArrayBuffer, or a reference to one; nothing else. */
    private JsArrayBuffer readViewBuffer() {
        int tag = readU8();
        charge(VALUE_COST);
        if (tag == WireTag.ARRAY_BUFFER) {
            int slot = reserve();
            return fill(slot, new JsArrayBuffer(readBytes()));
        }
        if (tag == WireTag.REFERENCE) {
            Object target = readReference();
            if (target instanceof JsArrayBuffer buffer) {
                return buffer;
            }
            throw fail("a view's buffer refers to a " + WireKind.of(target) + ", not an ArrayBuffer");
        }
        pos--;
        throw fail(String.format("a view's buffer must be an ArrayBuffer, not tag 0x%02x", tag));
    }

    private JsError readError() {
        int slot = reserve();
        String name = readString();
        String message = readString();
        String stack;
        int tag = readU8();
        if (tag == WireTag.UNDEFINED) {
            stack = null;
        } else if (tag == WireTag.STRING) {
            charge(VALUE_COST);
            stack = readStringBody();
        } else {
            pos--;
            throw fail(String.format("an Error's stack must be a string or undefined, not tag 0x%02x", tag));
        }
        // Registered before its cause is read: the cause may refer back to it.
        JsError error = fill(slot, new JsError(name, message, stack, Undefined.INSTANCE));
        enter();
        error.initCause(readValue());
        exit();
        return error;
    }

    private WireResponse readResponse() {
        long status = readVarUint();
        if (status > WireResponse.MAX_STATUS) {
            throw fail("response status " + status + " is over " + WireResponse.MAX_STATUS);
        }
        return new WireResponse((int) status, readString(), readHeaders(), readBody());
    }

    private List<Header> readHeaders() {
        int n = readCount(4, "header"); // a header takes at least two empty strings
        List<Header> headers = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            charge(VALUE_COST);
            headers.add(new Header(readString(), readString()));
        }
        return headers;
    }

    /** A Request/Response body: null, or an ArrayBuffer that takes no ref index. */
    private byte[] readBody() {
        int tag = readU8();
        if (tag == WireTag.NULL) {
            return null;
        }
        if (tag == WireTag.ARRAY_BUFFER) {
            charge(VALUE_COST);
            return readBytes();
        }
        pos--;
        throw fail(String.format("a body must be null or an ArrayBuffer, not tag 0x%02x", tag));
    }

    // ---- primitives

    private BigInteger readBigInt() {
        int sign = readU8();
        if (sign > 1) {
            pos--;
            throw fail("BigInt sign byte " + sign + " is neither 0 nor 1");
        }
        int n = readCount(1, "BigInt");
        if (n > MAX_BIGINT_BYTES) {
            throw fail("BigInt of " + n + " bytes is over " + MAX_BIGINT_BYTES);
        }
        charge(n);
        byte[] bigEndian = new byte[n];
        boolean zero = true;
        for (int i = 0; i < n; i++) {
            byte b = in[pos + i];
            bigEndian[n - 1 - i] = b;
            zero &= b == 0;
        }
        pos += n;
        // BigInteger(signum, magnitude) rejects signum 0 with a non-zero magnitude and vice
        // versa; "-0" (sign 1, no magnitude) is simply 0.
        return zero ? BigInteger.ZERO : new BigInteger(sign == 1 ? -1 : 1, bigEndian);
    }

    /** A string value, tag included: where the format allows only a string. */
    private String readString() {
        int tag = readU8();
        if (tag != WireTag.STRING) {
            pos--;
            throw fail(String.format("expected a string, found tag 0x%02x", tag));
        }
        charge(VALUE_COST);
        return readStringBody();
    }

    private String readStringBody() {
        int n = readCount(1, "string");
        charge(2L * n); // a Java string takes at most two bytes a char, one char per byte here
        String s = Wtf8.decode(in, pos, n);
        if (s == null) {
            throw fail("string of " + n + " bytes is not well-formed WTF-8");
        }
        pos += n;
        return s;
    }

    private byte[] readBytes() {
        int n = readCount(1, "ArrayBuffer");
        charge(n);
        byte[] bytes = new byte[n];
        System.arraycopy(in, pos, bytes, 0, n);
        pos += n;
        return bytes;
    }

    /**
     * A varuint count of items each taking at least {@code minBytes} of the remaining input; a
     * count that cannot fit is rejected here, before anything is allocated for it.
     */
    private int readCount(int minBytes, String what) {
        long n = readVarUint();
        if (n * minBytes > end - pos) {
            throw fail(what + " of " + n + " items needs more than the " + (end - pos)
                    + " bytes left");
        }
        return (int) n;
    }

    private int readU8() {
        if (pos >= end) {
            throw fail("unexpected end of input");
        }
        return in[pos++] & 0xFF;
    }

    private long readVarUint() {
        long value = 0;
        for (int i = 0; i < 5; i++) {
            int b = readU8();
            if (i == 4 && b > 0x0F) {
                throw fail((b & 0x80) != 0 ? "varuint longer than 5 bytes" : "varuint of 2^32 or more");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return value;
    }

    private int readInt32() {
        if (end - pos < 4) {
            throw fail("int32 past the end of input");
        }
        int v = (in[pos] & 0xFF) | (in[pos + 1] & 0xFF) << 8 | (in[pos + 2] & 0xFF) << 16
                | in[pos + 3] << 24;
        pos += 4;
        return v;
    }

    private double readFloat64() {
        if (end - pos < 8) {
            throw fail("float64 past the end of input");
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (in[pos + i] & 0xFF);
        }
        pos += 8;
        return Double.longBitsToDouble(v);
    }
}
