package radicchio.bindings.memory;

import java.util.Arrays;

/**
 * An immutable image of a guest's linear memory, shared by every isolate started from it.
 *
 * <p>The content is one array that nothing ever writes to after construction. Trailing zero
 * bytes are not stored: an image of 10 pages whose last 3 are untouched holds 7 pages of bytes,
 * and {@link ParkableMemory} pads the rest with zeros when it copies the image.
 *
 * <p>Parked memories describe themselves as the {@link #CHUNK_SIZE}-byte chunks in which they
 * differ from their image. Why 2 KiB: QuickJS's reference counting and allocator write to objects
 * scattered over the whole heap. Retained heap per idle isolate after one request (benchmarks/
 * RetainedHeap): 64 KiB chunks 1.33 MB, 4 KiB 359 KB, 2 KiB 212 KB; smaller chunks cost a longer
 * chunk index for little more gain.
 */
public final class MemoryImage {
    /** The Wasm page size: the unit of {@code memory.grow} and of the limits. */
    public static final int PAGE_SIZE = 65536;
    static final int PAGE_SHIFT = 16;
    /** The unit in which a parked memory records its differences from the image. */
    static final int CHUNK_SHIFT = 11;
    static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;

    private final int pageCount;
    /** The content up to its last non-zero byte; everything after it reads as zero. */
    private final byte[] bytes;

    private MemoryImage(int pageCount, byte[] bytes) {
        this.pageCount = pageCount;
        this.bytes = bytes;
    }

    /** An image of the first {@code pageCount} pages of {@code content} (copied; the caller keeps its array). */
    static MemoryImage copyOf(byte[] content, int pageCount) {
        int used = Math.min(content.length, pageCount * PAGE_SIZE);
        while (used > 0 && content[used - 1] == 0) {
            used--;
        }
        return new MemoryImage(pageCount, Arrays.copyOf(content, used));
    }

    /** An image of {@code pageCount} zero pages. */
    static MemoryImage zeros(int pageCount) {
        return new MemoryImage(pageCount, new byte[0]);
    }

    /** Size in Wasm pages. */
    public int pageCount() {
        return pageCount;
    }

    /** The stored bytes (never to be written): the content up to its last non-zero byte. */
    byte[] bytes() {
        return bytes;
    }

    /** Bytes this image holds (its trailing zeros are not stored). */
    public long retainedBytes() {
        return bytes.length;
    }
}
