package radicchio.storage;

/**
 * The value types crossing the SQL API: Long, Double, String, byte[], null. Narrower Java
 * integers and floats are widened on the way in; sqlite-jdbc's Integer is widened on the way out
 * so callers see one integer type whatever the magnitude.
 */
final class SqlValues {
  private static final Object[] NONE = new Object[0];

  private SqlValues() {}

  static Object[] bindings(Object[] bindings) {
    if (bindings == null || bindings.length == 0) {
      return NONE;
    }
    Object[] values = new Object[bindings.length];
    for (int i = 0; i < bindings.length; i++) {
      values[i] = binding(bindings[i]);
    }
    return values;
  }

  private static Object binding(Object value) {
    if (value == null || value instanceof Long || value instanceof Double
        || value instanceof String || value instanceof byte[]) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float) {
      return ((Float) value).doubleValue();
    }
    throw new IllegalArgumentException("Unsupported SQL binding type: " + value.getClass().getName()
        + " (expected Long, Double, String, byte[] or null)");
  }

  static Object fromSqlite(Object value) {
    if (value instanceof Integer) {
      return ((Integer) value).longValue();
    }
    return value;
  }
}
