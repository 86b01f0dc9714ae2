package radicchio.bindings.abi;

import java.math.BigInteger;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes a Java value graph as one wire value, the format of wasm-guest/README.md ("Wire
 * format"): a tag byte per value, little-endian fixed-width numbers, unsigned LEB128 lengths,
 * WTF-8 strings, and back-references to earlier <i>ref</i> values.
 *
 * <p>Java to JS:
 * <ul>
 *   <li>{@code null} → null, {@link Undefined#INSTANCE} → undefined, Boolean → boolean;
 *   <li>numbers: Integer, Short, Byte → int32. Double, Float → int32 when integral, in int32
 *       range and not -0.0, else float64 (every NaN as the canonical NaN). Long → int32 in int32
 *       range, else float64 if the double holds it exactly, else IllegalArgumentException (no
 *       silent rounding; use BigInteger for a BigInt);
 *   <li>String → string, exactly (lone surrogates too), BigInteger → BigInt;
 *   <li>JsObject, or any Map with String keys → object; JsArray, or any List → array;
 *       JsArrayBuffer, or byte[] → ArrayBuffer; JsDate, JsMap, JsSet, JsView, JsError, JsRegExp,
 *       WireRequest, WireResponse, HostRef → their tags.
 * </ul>
 * Ref values are tracked by Java identity: meeting the same instance again writes a reference,
 * so sharing and cycles survive. (Beware shared Java singletons such as {@code List.of()}: two
 * occurrences of the same instance decode as one shared JS array.) Anything else, a Map key that
 * is not a String, or nesting deeper than 1,000 containers (which the guest would reject) throws
 * {@link WireFormatException}.
 */
public final class WireWriter {
    private final ByteSink out = new ByteSink();
    /** Index of every ref value written so far, in the order the reader will number them. */
    private final IdentityHashMap<Object, Integer> refs = new IdentityHashMap<>();
    private int depth;

    private WireWriter() {}

    /** The wire bytes of {@code value}. */
    public static byte[] encode(Object value) {
        WireWriter writer = new WireWriter();
        writer.write(value);
        return writer.out.toByteArray();
    }

    private void write(Object v) {
        WireKind kind = WireKind.of(v);
        if (kind == null) {
            throw new WireFormatException("cannot encode a " + v.getClass().getName());
        }
        if (kind.ref) {
            Integer index = refs.get(v);
            if (index != null) {
                out.writeByte(WireTag.REFERENCE);
                out.writeVarUint(index);
                return;
            }
            // Numbered before the children are written, as the reader numbers it on its tag.
            refs.put(v, refs.size());
        }
        switch (kind) {
            case UNDEFINED -> out.writeByte(WireTag.UNDEFINED);
            case NULL -> out.writeByte(WireTag.NULL);
            case BOOLEAN -> out.writeByte((Boolean) v ? WireTag.TRUE : WireTag.FALSE);
            case NUMBER -> writeNumber((Number) v);
            case BIGINT -> writeBigInt((BigInteger) v);
            case STRING -> writeString((String) v);
            case OBJECT -> writeObject(WireKind.properties(v));
            case ARRAY -> writeArray(WireKind.elements(v));
            case DATE -> {
                out.writeByte(WireTag.DATE);
                out.writeFloat64(((JsDate) v).millis());
            }
            case MAP -> writeMap((JsMap) v);
            case SET -> writeSet((JsSet) v);
            case ARRAY_BUFFER -> writeBuffer(WireKind.bytes(v));
            case VIEW -> writeView((JsView) v);
            case ERROR -> writeError((JsError) v);
            case REGEXP -> {
                out.writeByte(WireTag.REGEXP);
                writeString(((JsRegExp) v).source());
                writeString(((JsRegExp) v).flags());
            }
            case REQUEST -> writeRequest((WireRequest) v);
            case RESPONSE -> writeResponse((WireResponse) v);
            case HOST_REF -> {
                out.writeByte(WireTag.HOST_REF);
                writeString(((HostRef) v).kind());
                enter();
                write(((HostRef) v).id());
                depth--;
            }
        }
    }

    /** Counts a container opening; the same bound the reader enforces. */
    private void enter() {
        if (++depth > WireTag.MAX_DEPTH) {
            throw new WireFormatException("nesting deeper than " + WireTag.MAX_DEPTH);
        }
    }

    private void writeNumber(Number n) {
        if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
            writeInt32(n.intValue());
        } else if (n instanceof Long) {
            long l = n.longValue();
            double d = l;
            if (l == (int) l) {
                writeInt32((int) l);
            } else if (d != 0x1p63 && (long) d == l) { // 2^63 casts back to MAX_VALUE: not exact
                writeFloat64(d);
            } else {
                throw new IllegalArgumentException(
                        "Long " + l + " is not exactly representable as a JS number");
            }
        } else {
            double d = n.doubleValue();
            // NaN fails d == (int) d; -0.0 passes it, and must stay a float64 to stay -0.
            if (d == (int) d && Double.compare(d, -0.0) != 0) {
                writeInt32((int) d);
            } else {
                writeFloat64(d);
            }
        }
    }

    private void writeInt32(int v) {
        out.writeByte(WireTag.INT32);
        out.writeInt32(v);
    }

    private void writeFloat64(double d) {
        out.writeByte(WireTag.FLOAT64);
        out.writeFloat64(d);
    }

    private void writeBigInt(BigInteger v) {
        out.writeByte(WireTag.BIGINT);
        out.writeByte(v.signum() < 0 ? 1 : 0);
        byte[] bigEndian = v.abs().toByteArray(); // may start with a 0 sign byte; zero is {0}
        int skip = 0;
        while (skip < bigEndian.length && bigEndian[skip] == 0) {
            skip++;
        }
        int n = bigEndian.length - skip;
        out.writeVarUint(n);
        int at = out.claim(n);
        byte[] buf = out.array();
        for (int i = 0; i < n; i++) {
            buf[at + i] = bigEndian[bigEndian.length - 1 - i];
        }
    }

    private void writeString(String s) {
        out.writeByte(WireTag.STRING);
        long n = Wtf8.encodedLength(s);
        out.writeVarUint(n);
        int at = out.claim(n);
        Wtf8.encode(s, out.array(), at);
    }

    private void writeObject(Map<?, ?> properties) {
        out.writeByte(WireTag.OBJECT);
        out.writeVarUint(properties.size());
        enter();
        for (Map.Entry<?, ?> e : properties.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new WireFormatException("object keys must be Strings, not "
                        + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
            }
            writeString(key);
            write(e.getValue());
        }
        depth--;
    }

    private void writeArray(List<?> elements) {
        out.writeByte(WireTag.ARRAY);
        out.writeVarUint(elements.size());
        enter();
        for (Object element : elements) {
            write(element);
        }
        depth--;
    }

    private void writeMap(JsMap map) {
        out.writeByte(WireTag.MAP);
        List<Map.Entry<Object, Object>> entries = map.entries();
        out.writeVarUint(entries.size());
        enter();
        for (Map.Entry<Object, Object> e : entries) {
            write(e.getKey());
            write(e.getValue());
        }
        depth--;
    }

    private void writeSet(JsSet set) {
        out.writeByte(WireTag.SET);
        List<Object> values = set.values();
        out.writeVarUint(values.size());
        enter();
        for (Object value : values) {
            write(value);
        }
        depth--;
    }

    /** An ArrayBuffer's tag and bytes; also a Request/Response body, which is not a ref. */
    private void writeBuffer(byte[] bytes) {
        out.writeByte(WireTag.ARRAY_BUFFER);
        out.writeVarUint(bytes.length);
        out.writeBytes(bytes);
    }

    private void writeView(JsView view) {
        out.writeByte(WireTag.VIEW);
        out.writeByte(view.kind().code());
        write(view.buffer()); // a new ArrayBuffer, or a reference to one written before
        out.writeVarUint(view.byteOffset());
        out.writeVarUint(view.length());
    }

    private void writeError(JsError error) {
        out.writeByte(WireTag.ERROR);
        writeString(error.name());
        writeString(error.message());
        if (error.stack() == null) {
            out.writeByte(WireTag.UNDEFINED);
        } else {
            writeString(error.stack());
        }
        enter();
        write(error.cause());
        depth--;
    }

    private void writeRequest(WireRequest request) {
        out.writeByte(WireTag.REQUEST);
        writeString(request.method());
        writeString(request.url());
        writeHeaders(request.headers());
        writeBody(request.body());
    }

    private void writeResponse(WireResponse response) {
        out.writeByte(WireTag.RESPONSE);
        out.writeVarUint(response.status());
        writeString(response.statusText());
        writeHeaders(response.headers());
        writeBody(response.body());
    }

    private void writeHeaders(List<Header> headers) {
        out.writeVarUint(headers.size());
        for (Header header : headers) {
            writeString(header.name());
            writeString(header.value());
        }
    }

    private void writeBody(byte[] body) {
        if (body == null) {
            out.writeByte(WireTag.NULL);
        } else {
            writeBuffer(body);
        }
    }
}
