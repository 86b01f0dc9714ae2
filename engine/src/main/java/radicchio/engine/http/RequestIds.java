package radicchio.engine.http;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: 16 hex digits, random, so that an error a user reports ({@code x-request-id}) can
 * be found in the log. Not a secret, so a fast non-cryptographic source is enough.
 */
final class RequestIds {
    private RequestIds() {}

    static String next() {
        String hex = Long.toHexString(ThreadLocalRandom.current().nextLong());
        return "0".repeat(16 - hex.length()) + hex;
    }
}
