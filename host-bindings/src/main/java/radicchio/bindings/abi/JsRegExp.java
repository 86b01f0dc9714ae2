package radicchio.bindings.abi;

import java.util.Objects;

/** A JS RegExp as its source and flags; nothing here compiles or checks the pattern. */
public record JsRegExp(String source, String flags) {
    public JsRegExp {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(flags, "flags");
    }

    @Override
    public String toString() {
        return "/" + source + "/" + flags;
    }
}
