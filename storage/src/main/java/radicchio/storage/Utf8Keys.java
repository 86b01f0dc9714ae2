package radicchio.storage;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * KV keys as stored: UTF-8 bytes, compared unsigned byte by byte (the platform's order, which
 * differs from Java's UTF-16 {@code String.compareTo} above U+FFFF). Unpaired surrogates, which
 * JS strings may hold, become U+FFFD as TextEncoder would make them.
 */
final class Utf8Keys {
  private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

  private Utf8Keys() {}

  static byte[] encode(String key) {
    if (key == null) {
      throw new IllegalArgumentException("keys must be strings, not null");
    }
    for (int i = 0; i < key.length(); i++) {
      if (Character.isSurrogate(key.charAt(i))) {
        return encodeReplacingSurrogates(key);
      }
    }
    return key.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] encodeReplacingSurrogates(String key) {
    CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)
        .replaceWith(REPLACEMENT);
    try {
      ByteBuffer bytes = encoder.encode(CharBuffer.wrap(key));
      return Arrays.copyOfRange(bytes.array(), bytes.arrayOffset() + bytes.position(),
          bytes.arrayOffset() + bytes.limit());
    } catch (CharacterCodingException e) {
      throw new AssertionError("REPLACE never throws", e);
    }
  }

  static String decode(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }

  static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** The smallest key after every key starting with {@code prefix}, or null if there is none. */
  static byte[] afterPrefix(byte[] prefix) {
    int length = prefix.length;
    while (length > 0 && prefix[length - 1] == (byte) 0xFF) {
      length--;
    }
    if (length == 0) {
      return null;
    }
    byte[] after = Arrays.copyOf(prefix, length);
    after[length - 1]++;
    return after;
  }

  /** The smallest key after {@code key}: the key followed by one zero byte. */
  static byte[] successor(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }
}
