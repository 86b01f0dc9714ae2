package radicchio.bindings.memory;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A guest's linear memory started from a shared {@link MemoryImage}: one flat array while the
 * isolate runs, and only the chunks that differ from the image while it is parked.
 *
 * <p>Why two forms: the compiled guest spends most of its time in memory accesses, and a flat
 * array makes each one a single bounds-checked load or store (fib(25) ~75 ms against ~90-135 ms
 * through a chunk table). Idle isolates, the many, keep only their differences from the image
 * (~230 KB after a request instead of the whole heap), so the price of the flat form (a copy of
 * the image, tens of microseconds) is paid when an isolate starts or wakes, never per access.
 *
 * <p>Invariants:
 * <ol>
 *   <li>Active: {@link #flat} holds the content; its length (the capacity) is at least
 *       {@link #sizeBytes}, and every byte past {@code sizeBytes} is zero when the memory grows
 *       over it. The parked fields are empty.</li>
 *   <li>Parked: {@link #flat} is null; the content is {@link #base}, zero-padded to
 *       {@code sizeBytes}, overlaid with the chunks {@link #parkedChunks} (sorted chunk indexes)
 *       whose bytes are in {@link #parkedData}, in the same order.</li>
 * </ol>
 *
 * <p>One deviation from the Wasm spec, accepted for speed: growing reserves capacity ahead (half
 * again the size) so that a guest growing page by page does not copy its whole memory each time.
 * A single load or store between the size and the capacity does not trap (it sees the guest's own
 * zeroed bytes); bulk operations and every host access check the exact size. Memory the guest can
 * reach this way is its own, and is zeroed again before a grow makes it valid.
 */
public final class ParkableMemory implements Memory {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int CHUNK = MemoryImage.CHUNK_SIZE;
    private static final int PAGE = MemoryImage.PAGE_SIZE;
    /** Pages a Java array can hold (its length is an int). */
    private static final int ARRAY_MAX_PAGES = Integer.MAX_VALUE / PAGE;
    private static final byte[] ZERO_CHUNK = new byte[CHUNK];
    private static final int[] NO_CHUNKS = new int[0];
    private static final byte[] NO_BYTES = new byte[0];

    private final MemoryLimits limits;
    private final MemoryImage origin;
    /** The image this memory differs from now: {@link #origin}, or its latest {@link #snapshot}. */
    private MemoryImage base;
    private int sizeBytes;
    private byte[] flat;
    private int[] parkedChunks = NO_CHUNKS;
    private byte[] parkedData = NO_BYTES;
    private DataSegment[] dataSegments = new DataSegment[0];
    /** True for a fresh memory (the boot instance's), which Chicory fills from the data segments. */
    private boolean appliesDataSegments;

    /**
     * A memory whose content starts as {@code image}, growable up to {@code limits.maximumPages()}.
     * It starts parked: its first {@link #activate} copies the image.
     */
    public ParkableMemory(MemoryImage image, MemoryLimits limits) {
        this.limits = limits;
        this.origin = image;
        resetTo(image);
    }

    /**
     * A zeroed, active memory of {@code limits.initialPages()} that applies the module's active
     * data segments at instantiation, for booting the guest. Using this class for the boot instance
     * too keeps the compiled guest's memory call sites monomorphic.
     */
    public static ParkableMemory blank(MemoryLimits limits) {
        ParkableMemory memory = new ParkableMemory(MemoryImage.zeros(limits.initialPages()), limits);
        memory.appliesDataSegments = true;
        memory.activate();
        return memory;
    }

    private void resetTo(MemoryImage image) {
        base = image;
        sizeBytes = image.pageCount() * PAGE;
        flat = null;
        parkedChunks = NO_CHUNKS;
        parkedData = NO_BYTES;
    }

    /** Whether the content is parked (only differences from the image held); calls need {@link #activate}. */
    public boolean isParked() {
        return flat == null;
    }

    /** Makes the content one flat array again, ready for the guest. Does nothing when already active. */
    public void activate() {
        if (flat != null) {
            return;
        }
        byte[] content = Arrays.copyOf(base.bytes(), sizeBytes);
        for (int i = 0; i < parkedChunks.length; i++) {
            System.arraycopy(parkedData, i * CHUNK, content, parkedChunks[i] * CHUNK, CHUNK);
        }
        flat = content;
        parkedChunks = NO_CHUNKS;
        parkedData = NO_BYTES;
    }

    /**
     * Keeps only the chunks that differ from the image and drops the flat array; returns the bytes
     * freed. Costs one comparison of the whole memory with the image (tens of microseconds for a
     * typical isolate) and the next {@link #activate} a copy, so callers park isolates that went
     * idle, not between calls. Most chunks a call writes end up unchanged: QuickJS increments and
     * decrements reference counts all over the heap.
     */
    public long park() {
        if (flat == null) {
            return 0;
        }
        byte[] image = base.bytes();
        int chunkCount = sizeBytes / CHUNK;
        int[] changed = new int[chunkCount];
        int n = 0;
        for (int i = 0; i < chunkCount; i++) {
            if (!sameAsImage(image, i * CHUNK)) {
                changed[n++] = i;
            }
        }
        byte[] data = new byte[n * CHUNK];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, changed[i] * CHUNK, data, i * CHUNK, CHUNK);
        }
        long freed = (long) flat.length - data.length;
        flat = null;
        parkedChunks = Arrays.copyOf(changed, n);
        parkedData = data;
        return freed;
    }

    /** Whether the chunk at {@code from} equals the image's bytes there (zeros past the image's stored part). */
    private boolean sameAsImage(byte[] image, int from) {
        int to = from + CHUNK;
        int stored = Math.min(Math.max(image.length - from, 0), CHUNK);
        return (stored == 0 || Arrays.equals(flat, from, from + stored, image, from, from + stored))
                && Arrays.equals(flat, from + stored, to, ZERO_CHUNK, stored, CHUNK);
    }

    /**
     * An image of the current content. This memory then differs from the new image: parking it
     * right after keeps nothing.
     */
    public MemoryImage snapshot() {
        activate();
        MemoryImage image = MemoryImage.copyOf(flat, sizeBytes / PAGE);
        base = image;
        return image;
    }

    /** Bytes this memory holds beyond the image it shares: the flat array, or the parked chunks. */
    public long ownedBytes() {
        return flat != null ? flat.length : parkedData.length;
    }

    /** A load or store failed: out of bounds (a Wasm trap), or the memory is parked (a host bug). */
    private RuntimeException accessFailed(int addr, long size) {
        if (flat == null) {
            return new IllegalStateException("guest memory accessed while parked");
        }
        return new WasmRuntimeException("out of bounds memory access: attempted to access address "
                + Integer.toUnsignedString(addr) + " size " + size + " in memory of " + pages() + " pages");
    }

    /** Validates [addr, addr+len) as unsigned against the exact size; false if it falls outside the memory. */
    private boolean inBounds(int addr, int len) {
        long end = Integer.toUnsignedLong(addr) + Integer.toUnsignedLong(len);
        return len >= 0 && end <= sizeBytes;
    }

    private void checkBulk(int addr, int len) {
        if (flat == null || !inBounds(addr, len)) {
            throw accessFailed(addr, len);
        }
    }

    @Override
    public int pages() {
        return sizeBytes / PAGE;
    }

    @Override
    public int grow(int delta) {
        int old = pages();
        long wanted = (long) old + Integer.toUnsignedLong(delta);
        if (delta < 0 || wanted > limits.maximumPages() || wanted > RUNTIME_MAX_PAGES || wanted > ARRAY_MAX_PAGES) {
            return -1;
        }
        int oldBytes = sizeBytes;
        int wantedBytes = (int) (wanted * PAGE);
        if (flat != null) {
            if (wantedBytes > flat.length) {
                long maxBytes = (long) Math.min(Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES), ARRAY_MAX_PAGES) * PAGE;
                long ahead = Math.min(maxBytes, (long) flat.length + flat.length / 2);
                flat = Arrays.copyOf(flat, (int) Math.max(wantedBytes, ahead));
            }
            // The guest may have stored past its old size within the capacity (see the class comment).
            Arrays.fill(flat, oldBytes, wantedBytes, (byte) 0);
        }
        sizeBytes = wantedBytes;
        return old;
    }

    @Override
    public int initialPages() {
        return limits.initialPages();
    }

    @Override
    public int maximumPages() {
        return limits.maximumPages();
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    @SuppressWarnings("removal")
    public Object lock(int address) {
        return this;
    }

    @Override
    public int waitOn(int address, int expected, long timeout) {
        throw new WasmRuntimeException("atomic wait on unshared memory");
    }

    @Override
    public int waitOn(int address, long expected, long timeout) {
        throw new WasmRuntimeException("atomic wait on unshared memory");
    }

    @Override
    public int notify(int address, int maxThreads) {
        return 0;
    }

    /**
     * A memory restored from an image already holds the data segments (the image was taken after
     * they were applied), so it only keeps passive segments for {@code memory.init}; a
     * {@link #blank} memory applies the active ones.
     */
    @Override
    public void initialize(Instance instance, DataSegment[] segments) {
        this.dataSegments = segments == null ? new DataSegment[0] : segments;
        if (!appliesDataSegments) {
            return;
        }
        for (DataSegment segment : dataSegments) {
            if (segment instanceof ActiveDataSegment) {
                ActiveDataSegment active = (ActiveDataSegment) segment;
                int offset = (int) ConstantEvaluators.computeConstantValue(instance, active.offsetInstructions())[0];
                write(offset, active.data(), 0, active.data().length);
            }
        }
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
        if (segmentId < 0 || segmentId >= dataSegments.length || !(dataSegments[segmentId] instanceof PassiveDataSegment)) {
            throw new WasmRuntimeException("out of bounds memory access: no passive data segment " + segmentId);
        }
        byte[] data = dataSegments[segmentId].data();
        if (offset < 0 || size < 0 || (long) offset + size > data.length) {
            throw new WasmRuntimeException("out of bounds memory access: data segment range");
        }
        write(dest, data, offset, size);
    }

    /**
     * Chicory "zeroes" a memory at instantiation, before it applies data segments. For a memory
     * that starts from an image, the initial content is that image, so this returns to it (parked,
     * so that the copy is made once, when the isolate first runs).
     */
    @Override
    public void zero() {
        resetTo(origin);
        if (appliesDataSegments) {
            activate();
        }
    }

    @Override
    public void write(int addr, byte[] data, int offset, int size) {
        checkBulk(addr, size);
        if (offset < 0 || (long) offset + size > data.length) {
            throw new WasmRuntimeException("out of bounds memory access: source range " + offset + "+" + size);
        }
        System.arraycopy(data, offset, flat, addr, size);
    }

    @Override
    public byte[] readBytes(int addr, int len) {
        checkBulk(addr, len);
        return Arrays.copyOfRange(flat, addr, addr + len);
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        checkBulk(fromIndex, toIndex - fromIndex);
        Arrays.fill(flat, fromIndex, toIndex, value);
    }

    @Override
    public void copy(int dest, int src, int size) {
        checkBulk(dest, size);
        checkBulk(src, size);
        System.arraycopy(flat, src, flat, dest, size); // handles overlap like memmove
    }

    @Override
    public void drop(int segment) {
        if (segment >= 0 && segment < dataSegments.length) {
            dataSegments[segment] = PassiveDataSegment.EMPTY;
        }
    }

    // The accessors below are the compiled guest's hot path: one array access each. A negative
    // (huge unsigned) or too large address fails on the array's own bounds check.

    @Override
    public byte read(int addr) {
        try {
            return flat[addr];
        } catch (RuntimeException e) {
            throw accessFailed(addr, 1);
        }
    }

    @Override
    public void writeByte(int addr, byte value) {
        try {
            flat[addr] = value;
        } catch (RuntimeException e) {
            throw accessFailed(addr, 1);
        }
    }

    @Override
    public short readShort(int addr) {
        try {
            return (short) SHORT.get(flat, addr);
        } catch (RuntimeException e) {
            throw accessFailed(addr, 2);
        }
    }

    @Override
    public void writeShort(int addr, short value) {
        try {
            SHORT.set(flat, addr, value);
        } catch (RuntimeException e) {
            throw accessFailed(addr, 2);
        }
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public int readInt(int addr) {
        try {
            return (int) INT.get(flat, addr);
        } catch (RuntimeException e) {
            throw accessFailed(addr, 4);
        }
    }

    @Override
    public void writeI32(int addr, int value) {
        try {
            INT.set(flat, addr, value);
        } catch (RuntimeException e) {
            throw accessFailed(addr, 4);
        }
    }

    @Override
    public long readLong(int addr) {
        try {
            return (long) LONG.get(flat, addr);
        } catch (RuntimeException e) {
            throw accessFailed(addr, 8);
        }
    }

    @Override
    public void writeLong(int addr, long value) {
        try {
            LONG.set(flat, addr, value);
        } catch (RuntimeException e) {
            throw accessFailed(addr, 8);
        }
    }

    @Override
    public long readF32(int addr) {
        return readInt(addr) & 0xFFFFFFFFL;
    }

    @Override
    public float readFloat(int addr) {
        return Float.intBitsToFloat(readInt(addr));
    }

    @Override
    public void writeF32(int addr, float value) {
        writeI32(addr, Float.floatToRawIntBits(value));
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    @Override
    public double readDouble(int addr) {
        return Double.longBitsToDouble(readLong(addr));
    }

    @Override
    public void writeF64(int addr, double value) {
        writeLong(addr, Double.doubleToRawLongBits(value));
    }
}
