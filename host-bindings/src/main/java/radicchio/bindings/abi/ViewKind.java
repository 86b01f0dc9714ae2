package radicchio.bindings.abi;

/** The kinds of ArrayBufferView, with their wire codes (README "view kinds") and element sizes. */
public enum ViewKind {
    INT8_ARRAY(1, 1, "Int8Array"),
    UINT8_ARRAY(2, 1, "Uint8Array"),
    UINT8_CLAMPED_ARRAY(3, 1, "Uint8ClampedArray"),
    INT16_ARRAY(4, 2, "Int16Array"),
    UINT16_ARRAY(5, 2, "Uint16Array"),
    INT32_ARRAY(6, 4, "Int32Array"),
    UINT32_ARRAY(7, 4, "Uint32Array"),
    FLOAT32_ARRAY(8, 4, "Float32Array"),
    FLOAT64_ARRAY(9, 8, "Float64Array"),
    BIGINT64_ARRAY(10, 8, "BigInt64Array"),
    BIGUINT64_ARRAY(11, 8, "BigUint64Array"),
    /** Its length counts bytes. */
    DATA_VIEW(12, 1, "DataView");

    private static final ViewKind[] BY_CODE = new ViewKind[13];

    static {
        for (ViewKind kind : values()) {
            BY_CODE[kind.code] = kind;
        }
    }

    private final int code;
    private final int bytesPerElement;
    private final String jsName;

    ViewKind(int code, int bytesPerElement, String jsName) {
        this.code = code;
        this.bytesPerElement = bytesPerElement;
        this.jsName = jsName;
    }

    /** The kind byte on the wire. */
    public int code() {
        return code;
    }

    public int bytesPerElement() {
        return bytesPerElement;
    }

    /** The JS constructor's name, e.g. {@code "Uint8Array"}. */
    public String jsName() {
        return jsName;
    }

    /** The kind with that wire code, or null if there is none. */
    static ViewKind forCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
