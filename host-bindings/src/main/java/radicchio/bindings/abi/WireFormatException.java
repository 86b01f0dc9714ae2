package radicchio.bindings.abi;

/**
 * A wire value that cannot be decoded (malformed, hostile or over a limit) or a Java value that
 * cannot be encoded. The only exception {@link WireReader} lets escape, whatever the input.
 */
public class WireFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WireFormatException(String message) {
        super(message);
    }
}
