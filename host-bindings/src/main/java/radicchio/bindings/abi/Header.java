package radicchio.bindings.abi;

import java.util.List;
import java.util.Objects;

/**
 * One HTTP header line of a {@link WireRequest} or {@link WireResponse}. The wire format wants
 * lower-case names, so the name is lower-cased here (ASCII only: header names are tokens), which
 * keeps that true whichever side built the header.
 */
public record Header(String name, String value) {
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        name = asciiLowerCase(name);
    }

    /** The value of the first header called {@code name} (any case), or null. */
    static String first(List<Header> headers, String name) {
        String wanted = asciiLowerCase(name);
        for (Header header : headers) {
            if (header.name.equals(wanted)) {
                return header.value;
            }
        }
        return null;
    }

    static String asciiLowerCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] += 'a' - 'A';
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }
}
