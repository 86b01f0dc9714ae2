package radicchio.bindings;

import com.dylibso.chicory.runtime.Memory;

/**
 * Reads and writes guest memory at addresses the guest chose. Pointers and lengths are unsigned
 * 32-bit values and fully hostile: each access is checked against the memory's current size and
 * against a cap before anything is allocated on the host.
 */
final class GuestPointers {
    private GuestPointers() {}

    /** True when [ptr, ptr+len) lies inside the memory (both read as unsigned). */
    static boolean inBounds(Memory memory, long ptr, long len) {
        long p = ptr & 0xFFFFFFFFL;
        long n = len & 0xFFFFFFFFL;
        return p + n <= (long) memory.pages() * 65536L;
    }

    /** The bytes at [ptr, ptr+len), or an {@link AbiException} naming {@code what}. */
    static byte[] read(Memory memory, long ptr, long len, long cap, String what) {
        long n = len & 0xFFFFFFFFL;
        if (n > cap) {
            throw new AbiException(what + ": length " + n + " is over the limit of " + cap + " bytes");
        }
        if (!inBounds(memory, ptr, len)) {
            throw new AbiException(what + ": range [" + (ptr & 0xFFFFFFFFL) + ", +" + n + ") is outside guest memory");
        }
        return memory.readBytes((int) ptr, (int) n);
    }

    /** Writes {@code data} at ptr, or throws an {@link AbiException} naming {@code what}. */
    static void write(Memory memory, long ptr, byte[] data, String what) {
        if (!inBounds(memory, ptr, data.length)) {
            throw new AbiException(what + ": range [" + (ptr & 0xFFFFFFFFL) + ", +" + data.length + ") is outside guest memory");
        }
        memory.write((int) ptr, data);
    }
}
