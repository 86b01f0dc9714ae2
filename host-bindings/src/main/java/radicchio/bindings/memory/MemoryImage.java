package radicchio.bindings.memory;

import java.util.Arrays;

/**
 * An immutable image of a guest's linear memory, shared by every isolate started from it.
 *
 * <p>The image is a list of chunks of {@link #CHUNK_SIZE} bytes, 32 to a 64 KiB Wasm page. Chunks
 * that are all zero are not stored: they read as {@link #ZERO_CHUNK}. Nothing ever writes to a
 * chunk held here; a {@link GuestMemory} copies a chunk before its first write to it, or copies the
 * whole image into one array when its isolate turns hot. That is what lets a thousand idle isolates
 * share one copy of QuickJS's booted heap.
 *
 * <p>Why 2 KiB and not the Wasm page: QuickJS's reference counting and allocator write to objects
 * scattered over the whole heap. Retained heap per idle isolate after one request (benchmarks/
 * RetainedHeap, unchanged chunks released): 64 KiB chunks 1.33 MB, 4 KiB 359 KB, 2 KiB 212 KB.
 * Smaller chunks would cost a larger chunk table per isolate (two references per chunk) and more
 * accesses straddling two chunks, for little more gain.
 */
public final class MemoryImage {
    /** The Wasm page size: the unit of {@code memory.grow} and of the limits. */
    public static final int PAGE_SIZE = 65536;
    static final int PAGE_SHIFT = 16;
    /** The copy-on-write unit. */
    static final int CHUNK_SHIFT = 11;
    static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
    static final int CHUNK_MASK = CHUNK_SIZE - 1;
    static final int CHUNKS_PER_PAGE = PAGE_SIZE / CHUNK_SIZE;

    /** Read-only chunk of zeros standing for every untouched chunk. */
    static final byte[] ZERO_CHUNK = new byte[CHUNK_SIZE];

    private final byte[][] chunks;

    private MemoryImage(byte[][] chunks) {
        this.chunks = chunks;
    }

    /**
     * Takes ownership of {@code chunks}: the caller must never write to them again. Null or
     * all-zero entries become {@link #ZERO_CHUNK}. The length must be a whole number of pages.
     */
    static MemoryImage adopt(byte[][] chunks) {
        if (chunks.length % CHUNKS_PER_PAGE != 0) {
            throw new IllegalArgumentException("not a whole number of pages: " + chunks.length + " chunks");
        }
        byte[][] copy = Arrays.copyOf(chunks, chunks.length);
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == null || isZero(copy[i])) {
                copy[i] = ZERO_CHUNK;
            }
        }
        return new MemoryImage(copy);
    }

    /** An image of {@code pageCount} zero pages. */
    static MemoryImage zeros(int pageCount) {
        return adopt(new byte[pageCount * CHUNKS_PER_PAGE][]);
    }

    private static boolean isZero(byte[] chunk) {
        return Arrays.mismatch(chunk, ZERO_CHUNK) < 0;
    }

    /** Size in Wasm pages. */
    public int pageCount() {
        return chunks.length / CHUNKS_PER_PAGE;
    }

    int chunkCount() {
        return chunks.length;
    }

    /** The chunk table, for a memory to start from (the chunks themselves are shared, never written). */
    byte[][] copyOfChunks() {
        return chunks.clone();
    }

    byte[] chunk(int index) {
        return chunks[index];
    }

    /** Bytes held by this image's own chunks (zero chunks are shared and not counted). */
    public long retainedBytes() {
        long total = 0;
        for (byte[] p : chunks) {
            if (p != ZERO_CHUNK) {
                total += p.length;
            }
        }
        return total;
    }
}
