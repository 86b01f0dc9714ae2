package radicchio.bindings.abi;

/** The tag bytes of the wire format (wasm-guest/README.md, "Wire format"). */
final class WireTag {
    static final int UNDEFINED = 0x00;
    static final int NULL = 0x01;
    static final int FALSE = 0x02;
    static final int TRUE = 0x03;
    static final int INT32 = 0x04;
    static final int FLOAT64 = 0x05;
    static final int BIGINT = 0x06;
    static final int STRING = 0x07;
    static final int OBJECT = 0x08;
    static final int ARRAY = 0x09;
    static final int DATE = 0x0A;
    static final int MAP = 0x0B;
    static final int SET = 0x0C;
    static final int ARRAY_BUFFER = 0x0D;
    static final int VIEW = 0x0E;
    static final int REFERENCE = 0x0F;
    static final int ERROR = 0x10;
    static final int REGEXP = 0x11;
    static final int REQUEST = 0x12;
    static final int RESPONSE = 0x13;
    static final int HOST_REF = 0x14;

    /** Containers open at once, in either direction; the guest enforces the same bound. */
    static final int MAX_DEPTH = 1000;

    private WireTag() {}
}
