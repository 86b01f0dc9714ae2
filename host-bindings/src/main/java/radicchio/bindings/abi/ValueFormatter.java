package radicchio.bindings.abi;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A short, human-readable rendering of a value graph for logs and assertion messages. Bounded in
 * nesting and in length, so cyclic, huge or deep (hostile) graphs print quickly and never
 * overflow the stack. Not a serialisation: nothing parses it.
 */
final class ValueFormatter {
    private static final int MAX_DEPTH = 4;
    private static final int MAX_ITEMS = 20;
    private static final int MAX_CHARS = 2000;
    private static final int MAX_STRING = 200;

    private final StringBuilder out = new StringBuilder();
    private boolean truncated;

    private ValueFormatter() {}

    static String format(Object value) {
        ValueFormatter f = new ValueFormatter();
        f.append(value, 0);
        return f.out.toString();
    }

    private boolean full() {
        if (out.length() < MAX_CHARS) {
            return false;
        }
        if (!truncated) {
            out.append('…');
            truncated = true;
        }
        return true;
    }

    private void append(Object v, int depth) {
        if (full()) {
            return;
        }
        WireKind kind = WireKind.of(v);
        if (kind == null) {
            out.append('<').append(v.getClass().getName()).append('>');
            return;
        }
        switch (kind) {
            case STRING -> appendString((String) v);
            case BIGINT -> out.append(v).append('n');
            case OBJECT -> {
                Map<?, ?> props = WireKind.properties(v);
                if (open("{", props.size(), depth)) {
                    Iterator<? extends Map.Entry<?, ?>> it = props.entrySet().iterator();
                    for (int i = 0; it.hasNext() && i < MAX_ITEMS && !full(); i++) {
                        Map.Entry<?, ?> e = it.next();
                        out.append(i == 0 ? "" : ", ").append(e.getKey()).append(": ");
                        append(e.getValue(), depth + 1);
                    }
                    close(props.size(), "}");
                }
            }
            case ARRAY -> appendList("[", WireKind.elements(v), "]", depth);
            case SET -> appendList("Set {", ((JsSet) v).values(), "}", depth);
            case MAP -> {
                List<Map.Entry<Object, Object>> entries = ((JsMap) v).entries();
                if (open("Map {", entries.size(), depth)) {
                    for (int i = 0; i < entries.size() && i < MAX_ITEMS && !full(); i++) {
                        out.append(i == 0 ? "" : ", ");
                        append(entries.get(i).getKey(), depth + 1);
                        out.append(" => ");
                        append(entries.get(i).getValue(), depth + 1);
                    }
                    close(entries.size(), "}");
                }
            }
            case ARRAY_BUFFER -> out.append("ArrayBuffer(").append(WireKind.bytes(v).length).append(')');
            case HOST_REF -> {
                out.append("HostRef(").append(((HostRef) v).kind()).append(", ");
                append(((HostRef) v).id(), depth + 1);
                out.append(')');
            }
            default -> {
                // Leaves and values with a toString of their own, which may embed long strings.
                String text = String.valueOf(v);
                out.append(text, 0, Math.min(text.length(), MAX_STRING));
                if (text.length() > MAX_STRING) {
                    out.append('…');
                }
            }
        }
    }

    /** Writes the opening; false (after writing a placeholder) if the container is too deep. */
    private boolean open(String opening, int size, int depth) {
        if (depth >= MAX_DEPTH && size > 0) {
            out.append(opening).append("…").append(opening.endsWith("[") ? "]" : "}");
            return false;
        }
        out.append(opening);
        return true;
    }

    private void close(int size, String closing) {
        if (size > MAX_ITEMS && !full()) {
            out.append(", … ").append(size - MAX_ITEMS).append(" more");
        }
        out.append(closing);
    }

    private void appendList(String opening, List<?> items, String closing, int depth) {
        if (open(opening, items.size(), depth)) {
            for (int i = 0; i < items.size() && i < MAX_ITEMS && !full(); i++) {
                out.append(i == 0 ? "" : ", ");
                append(items.get(i), depth + 1);
            }
            close(items.size(), closing);
        }
    }

    private void appendString(String s) {
        out.append('"');
        int n = Math.min(s.length(), MAX_STRING);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append(s.length() > MAX_STRING ? "…\"" : "\"");
    }
}
