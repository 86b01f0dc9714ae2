package radicchio.bindings;

import radicchio.bindings.memory.MemoryImage;

/**
 * An isolate frozen between calls: its linear memory image and the values of its Wasm globals
 * (the shadow-stack pointer among them). Immutable and shared: any number of isolates start from
 * one snapshot, each with copy-on-write chunks over the same image (or its own copy once hot).
 *
 * <p>Two levels exist: the base snapshot ({@link GuestModule#baseSnapshot()}: QuickJS booted with
 * the prelude) and code snapshots ({@link Isolate#snapshot()} after a worker's modules were
 * loaded), from which further isolates of the same code start without evaluating it again.
 */
public final class Snapshot {
    private final GuestModule guest;
    private final MemoryImage memory;
    private final long[] globals;

    Snapshot(GuestModule guest, MemoryImage memory, long[] globals) {
        this.guest = guest;
        this.memory = memory;
        this.globals = globals.clone();
    }

    GuestModule guest() {
        return guest;
    }

    MemoryImage memory() {
        return memory;
    }

    long global(int index) {
        return globals[index];
    }

    int globalCount() {
        return globals.length;
    }

    /** Heap bytes held by this snapshot's memory image (shared by all isolates started from it). */
    public long retainedBytes() {
        return memory.retainedBytes();
    }

    /** Size of the guest's linear memory in this snapshot, in bytes. */
    public long memoryBytes() {
        return (long) memory.pageCount() * MemoryImage.PAGE_SIZE;
    }
}
