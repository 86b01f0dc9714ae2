package radicchio.bindings.memory;

import java.util.Arrays;

/**
 * An immutable image of a guest's linear memory, shared by every isolate started from it.
 *
 * <p>The image is a list of 64 KiB pages (the Wasm page size). Pages that are all zero are not
 * stored: they read as {@link #ZERO_PAGE}. Nothing ever writes to a page held here; a
 * {@link CowMemory} copies a page before its first write to it. That is what lets a thousand idle
 * isolates share one copy of QuickJS's booted heap.
 */
public final class MemoryImage {
    public static final int PAGE_SIZE = 65536;
    static final int PAGE_SHIFT = 16;
    static final int PAGE_MASK = PAGE_SIZE - 1;

    /** Read-only page of zeros standing for every untouched page. */
    static final byte[] ZERO_PAGE = new byte[PAGE_SIZE];

    private final byte[][] pages;

    private MemoryImage(byte[][] pages) {
        this.pages = pages;
    }

    /**
     * Takes ownership of {@code pages}: the caller must never write to them again. Null or all-zero
     * entries become {@link #ZERO_PAGE}.
     */
    static MemoryImage adopt(byte[][] pages) {
        byte[][] copy = Arrays.copyOf(pages, pages.length);
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == null || isZero(copy[i])) {
                copy[i] = ZERO_PAGE;
            }
        }
        return new MemoryImage(copy);
    }

    /** An image of {@code pageCount} zero pages. */
    static MemoryImage zeros(int pageCount) {
        return adopt(new byte[pageCount][]);
    }

    private static boolean isZero(byte[] page) {
        return Arrays.mismatch(page, ZERO_PAGE) < 0;
    }

    public int pageCount() {
        return pages.length;
    }

    byte[] page(int index) {
        return pages[index];
    }

    /** Bytes held by this image's own pages (zero pages are shared and not counted). */
    public long retainedBytes() {
        long total = 0;
        for (byte[] p : pages) {
            if (p != ZERO_PAGE) {
                total += p.length;
            }
        }
        return total;
    }
}
