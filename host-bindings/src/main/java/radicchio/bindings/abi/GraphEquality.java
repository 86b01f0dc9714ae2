package radicchio.bindings.abi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Deep equality of two value graphs, meaning: they would encode to the same wire bytes. So
 * numbers compare by JS value whatever their Java type (SameValue: NaN equals NaN, +0 is not -0),
 * a List equals a JsArray with the same elements, buffers compare by content, and sharing counts:
 * the ref values of the two graphs must correspond one to one ({@code [x, x]} is not
 * {@code [x, copy of x]}), which is also what makes cycles terminate.
 *
 * <p>Iterative, with an explicit stack of pairs, so that no graph depth can overflow the Java
 * stack. Children of a container are ordered, so the correspondence between the graphs is forced
 * and the traversal order does not matter.
 */
final class GraphEquality {
    private final IdentityHashMap<Object, Object> leftToRight = new IdentityHashMap<>();
    private final IdentityHashMap<Object, Object> rightToLeft = new IdentityHashMap<>();
    /** Pairs still to compare, flattened: left, right, left, right... (may hold nulls). */
    private final ArrayList<Object> pending = new ArrayList<>();

    private GraphEquality() {}

    static boolean equal(Object a, Object b) {
        GraphEquality g = new GraphEquality();
        g.push(a, b);
        while (!g.pending.isEmpty()) {
            Object right = g.pending.remove(g.pending.size() - 1);
            Object left = g.pending.remove(g.pending.size() - 1);
            if (!g.compare(left, right)) {
                return false;
            }
        }
        return true;
    }

    private void push(Object a, Object b) {
        pending.add(a);
        pending.add(b);
    }

    /** Compares the pair's own content and queues its children. */
    private boolean compare(Object a, Object b) {
        WireKind kind = WireKind.of(a);
        if (kind == null || kind != WireKind.of(b)) {
            return kind == null && Objects.equals(a, b);
        }
        if (kind.ref) {
            Object mappedB = leftToRight.get(a);
            Object mappedA = rightToLeft.get(b);
            if (mappedB != null || mappedA != null) {
                return mappedB == b && mappedA == a; // seen before: children already queued
            }
            leftToRight.put(a, b);
            rightToLeft.put(b, a);
        }
        switch (kind) {
            case UNDEFINED, NULL:
                return true;
            case NUMBER:
                return sameNumber((Number) a, (Number) b);
            case BOOLEAN, STRING, BIGINT, DATE, REGEXP, REQUEST, RESPONSE:
                return a.equals(b);
            case ARRAY_BUFFER:
                return Arrays.equals(WireKind.bytes(a), WireKind.bytes(b));
            case OBJECT:
                return compareProperties(WireKind.properties(a), WireKind.properties(b));
            case ARRAY:
                return compareInOrder(WireKind.elements(a), WireKind.elements(b));
            case MAP:
                return compareEntries(((JsMap) a).entries(), ((JsMap) b).entries());
            case SET:
                return compareInOrder(((JsSet) a).values(), ((JsSet) b).values());
            case VIEW: {
                JsView va = (JsView) a;
                JsView vb = (JsView) b;
                push(va.buffer(), vb.buffer());
                return va.kind() == vb.kind() && va.byteOffset() == vb.byteOffset()
                        && va.length() == vb.length();
            }
            case ERROR: {
                JsError ea = (JsError) a;
                JsError eb = (JsError) b;
                push(ea.cause(), eb.cause());
                return ea.name().equals(eb.name()) && ea.message().equals(eb.message())
                        && Objects.equals(ea.stack(), eb.stack());
            }
            case HOST_REF: {
                HostRef ha = (HostRef) a;
                HostRef hb = (HostRef) b;
                push(ha.id(), hb.id());
                return ha.kind().equals(hb.kind());
            }
            default:
                throw new AssertionError(kind);
        }
    }

    /** SameValue on numbers of any Java type: exact for integral types, bitwise for the rest. */
    static boolean sameNumber(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) {
            return a.longValue() == b.longValue();
        }
        return Double.doubleToLongBits(a.doubleValue()) == Double.doubleToLongBits(b.doubleValue());
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }

    private boolean compareProperties(Map<?, ?> a, Map<?, ?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Iterator<? extends Map.Entry<?, ?>> ib = b.entrySet().iterator();
        for (Map.Entry<?, ?> ea : a.entrySet()) {
            Map.Entry<?, ?> eb = ib.next();
            if (!Objects.equals(ea.getKey(), eb.getKey())) {
                return false;
            }
            push(ea.getValue(), eb.getValue());
        }
        return true;
    }

    private boolean compareInOrder(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Iterator<?> ib = b.iterator();
        for (Object x : a) {
            push(x, ib.next());
        }
        return true;
    }

    private boolean compareEntries(List<Map.Entry<Object, Object>> a,
                                   List<Map.Entry<Object, Object>> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            push(a.get(i).getKey(), b.get(i).getKey());
            push(a.get(i).getValue(), b.get(i).getValue());
        }
        return true;
    }
}
