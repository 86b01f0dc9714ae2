package radicchio.bindings.abi;

/**
 * WTF-8, the string encoding of the wire: UTF-8, except that a lone surrogate (a UTF-16 code unit
 * D800..DFFF without its partner) is encoded as the 3-byte sequence UTF-8 would give it if it
 * were a code point. Every Java and JS string then round-trips exactly, which
 * {@code String.getBytes(UTF_8)} would not do (it replaces lone surrogates with '?').
 *
 * <p>The decoder is strict, because its input is hostile: no overlong forms, nothing above
 * U+10FFFF, no stray continuation bytes, no truncated sequences, and no surrogate pair written as
 * two 3-byte sequences (a real pair must use the 4-byte form, so each string has one encoding).
 */
final class Wtf8 {
    private Wtf8() {}

    /** Bytes {@link #encode} writes for {@code s}; a long, as 3 × a huge length overflows int. */
    static long encodedLength(String s) {
        long n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3; // the BMP above U+0800, and lone surrogates
            }
        }
        return n;
    }

    /** Writes {@code s} at {@code out[at..]}, which must have {@link #encodedLength} bytes free. */
    static void encode(String s, byte[] out, int at) {
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | c >> 6);
                out[at++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < len
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[at++] = (byte) (0xF0 | cp >> 18);
                out[at++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[at++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | cp & 0x3F);
            } else {
                out[at++] = (byte) (0xE0 | c >> 12);
                out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
    }

    /**
     * Decodes {@code in[from..from+length)}, which the caller has checked lies inside {@code in}.
     * Returns null if the bytes are not well-formed WTF-8.
     */
    static String decode(byte[] in, int from, int length) {
        // Every sequence of k bytes yields at most k chars (4 bytes yield 2), so length suffices.
        char[] out = new char[length];
        int n = 0;
        int i = from;
        int end = from + length;
        boolean afterHighSurrogate = false;
        while (i < end) {
            int b0 = in[i] & 0xFF;
            if (b0 < 0x80) {
                out[n++] = (char) b0;
                i++;
                afterHighSurrogate = false;
                continue;
            }
            int extra;
            int min; // the range the second byte must fall in, which rules out overlongs
            int max = 0xBF;
            if (b0 >= 0xC2 && b0 <= 0xDF) {
                extra = 1;
                min = 0x80;
            } else if (b0 >= 0xE0 && b0 <= 0xEF) {
                extra = 2;
                min = b0 == 0xE0 ? 0xA0 : 0x80; // ED A0..BF (surrogates) allowed: that is WTF-8
            } else if (b0 >= 0xF0 && b0 <= 0xF4) {
                extra = 3;
                min = b0 == 0xF0 ? 0x90 : 0x80;
                max = b0 == 0xF4 ? 0x8F : 0xBF;
            } else {
                return null; // a continuation byte, C0/C1 (overlong) or F5..FF
            }
            if (end - i <= extra) {
                return null;
            }
            int b1 = in[i + 1] & 0xFF;
            if (b1 < min || b1 > max) {
                return null;
            }
            int cp = b0 & (0x3F >> extra);
            for (int k = 1; k <= extra; k++) {
                int b = in[i + k] & 0xFF;
                if ((b & 0xC0) != 0x80) {
                    return null;
                }
                cp = cp << 6 | b & 0x3F;
            }
            i += extra + 1;
            if (cp >= 0x10000) {
                out[n++] = Character.highSurrogate(cp);
                out[n++] = Character.lowSurrogate(cp);
                afterHighSurrogate = false;
            } else {
                if (afterHighSurrogate && Character.isLowSurrogate((char) cp)) {
                    return null; // a pair split into two 3-byte sequences (CESU-8)
                }
                out[n++] = (char) cp;
                afterHighSurrogate = Character.isHighSurrogate((char) cp);
            }
        }
        return new String(out, 0, n);
    }
}
