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
 * A guest's linear memory, copy-on-write over a shared {@link MemoryImage}.
 *
 * <p>Invariants:
 * <ol>
 *   <li>{@code readable[i]} is the current content of chunk i (2 KiB, see {@link MemoryImage}):
 *       either a chunk of the image (or the shared zero chunk) or a chunk this memory owns.</li>
 *   <li>{@code writable[i]} is non-null exactly when this memory owns chunk i, and then equals
 *       {@code readable[i]}. Image chunks are never written: the first write to one copies it.</li>
 *   <li>Both arrays are exactly {@link #pages()} times 32 long, so an address past the end fails
 *       on the array index and becomes the Wasm trap "out of bounds memory access".</li>
 * </ol>
 *
 * <p>The read path is one array index and one offset, as in Chicory's own {@code ByteArrayMemory};
 * a write pays one extra null check. Growing is free until a new chunk is written.
 */
public final class CowMemory implements Memory {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    // The copy-on-write unit (a chunk, see MemoryImage); "page" below means a 64 KiB Wasm page.
    private static final int SIZE = MemoryImage.CHUNK_SIZE;
    private static final int SHIFT = MemoryImage.CHUNK_SHIFT;
    private static final int MASK = MemoryImage.CHUNK_MASK;
    private static final int CHUNKS_PER_PAGE_SHIFT = MemoryImage.PAGE_SHIFT - MemoryImage.CHUNK_SHIFT;

    private final MemoryLimits limits;
    private final MemoryImage origin;
    /** The image this memory is copy-on-write over now: {@link #origin}, or its latest {@link #snapshot}. */
    private MemoryImage base;
    private byte[][] readable;
    private byte[][] writable;
    private DataSegment[] dataSegments = new DataSegment[0];
    private long ownedChunks;
    /** True for a fresh memory (the boot instance's), which Chicory fills from the data segments. */
    private boolean appliesDataSegments;

    /** A memory whose content starts as {@code image}, growable up to {@code limits.maximumPages()}. */
    public CowMemory(MemoryImage image, MemoryLimits limits) {
        this.limits = limits;
        this.origin = image;
        resetTo(image);
    }

    /**
     * A zeroed memory of {@code limits.initialPages()} that applies the module's active data
     * segments at instantiation, for booting the guest. Using this class for the boot instance
     * too keeps the compiled guest's memory call sites monomorphic.
     */
    public static CowMemory blank(MemoryLimits limits) {
        CowMemory memory = new CowMemory(MemoryImage.zeros(limits.initialPages()), limits);
        memory.appliesDataSegments = true;
        return memory;
    }

    private void resetTo(MemoryImage image) {
        base = image;
        readable = image.copyOfChunks();
        writable = new byte[readable.length][];
        ownedChunks = 0;
    }

    /** An image of the current content. This memory gives up its chunks to the image and copies on its next writes. */
    public MemoryImage snapshot() {
        MemoryImage image = MemoryImage.adopt(readable);
        base = image;
        for (int i = 0; i < readable.length; i++) {
            readable[i] = image.chunk(i);
        }
        Arrays.fill(writable, null);
        ownedChunks = 0;
        return image;
    }

    /**
     * Gives back every owned chunk whose content equals the image's again, and returns the bytes
     * released. Most chunks a call writes end up unchanged: QuickJS increments and then decrements
     * reference counts all over the heap, so roughly half of what one request copies is identical
     * to the image afterwards. Costs one comparison per owned chunk (tens of microseconds for a
     * typical isolate), so callers run it when an isolate goes idle, not after every call.
     */
    public long releaseUnchangedChunks() {
        long released = 0;
        int shared = Math.min(writable.length, base.chunkCount());
        for (int i = 0; i < shared; i++) {
            byte[] mine = writable[i];
            if (mine != null && Arrays.equals(mine, base.chunk(i))) {
                readable[i] = base.chunk(i);
                writable[i] = null;
                ownedChunks--;
                released += SIZE;
            }
        }
        for (int i = shared; i < writable.length; i++) {
            byte[] mine = writable[i];
            if (mine != null && Arrays.equals(mine, MemoryImage.ZERO_CHUNK)) {
                readable[i] = MemoryImage.ZERO_CHUNK;
                writable[i] = null;
                ownedChunks--;
                released += SIZE;
            }
        }
        return released;
    }

    /** Bytes of chunks this memory owns (copied from the image or grown and written). */
    public long ownedBytes() {
        return ownedChunks * SIZE;
    }

    private byte[] own(int chunk) {
        byte[] p = writable[chunk];
        if (p == null) {
            p = readable[chunk] == MemoryImage.ZERO_CHUNK ? new byte[SIZE] : readable[chunk].clone();
            writable[chunk] = p;
            readable[chunk] = p;
            ownedChunks++;
        }
        return p;
    }

    private RuntimeException outOfBounds(int addr, long size) {
        return new WasmRuntimeException("out of bounds memory access: attempted to access address "
                + Integer.toUnsignedString(addr) + " size " + size + " in memory of " + pages() + " pages");
    }

    /** Validates [addr, addr+len) as unsigned and returns false if it falls outside the memory. */
    private boolean inBounds(int addr, int len) {
        long end = Integer.toUnsignedLong(addr) + Integer.toUnsignedLong(len);
        return len >= 0 && end <= (long) readable.length * SIZE;
    }

    @Override
    public int pages() {
        return readable.length >>> CHUNKS_PER_PAGE_SHIFT;
    }

    @Override
    public int grow(int delta) {
        int old = pages();
        long wanted = (long) old + Integer.toUnsignedLong(delta);
        if (delta < 0 || wanted > limits.maximumPages() || wanted > RUNTIME_MAX_PAGES) {
            return -1;
        }
        if (delta == 0) {
            return old;
        }
        int oldChunks = readable.length;
        int wantedChunks = (int) (wanted << CHUNKS_PER_PAGE_SHIFT);
        readable = Arrays.copyOf(readable, wantedChunks);
        writable = Arrays.copyOf(writable, wantedChunks);
        Arrays.fill(readable, oldChunks, wantedChunks, MemoryImage.ZERO_CHUNK);
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

    @Override
    public void write(int addr, byte[] data, int offset, int size) {
        if (!inBounds(addr, size) || offset < 0 || (long) offset + size > data.length) {
            throw outOfBounds(addr, size);
        }
        int done = 0;
        while (done < size) {
            int a = addr + done;
            int chunk = Math.min(size - done, SIZE - (a & MASK));
            System.arraycopy(data, offset + done, own(a >>> SHIFT), a & MASK, chunk);
            done += chunk;
        }
    }

    @Override
    public byte read(int addr) {
        try {
            return readable[addr >>> SHIFT][addr & MASK];
        } catch (RuntimeException e) {
            throw outOfBounds(addr, 1);
        }
    }

    @Override
    public byte[] readBytes(int addr, int len) {
        if (!inBounds(addr, len)) {
            throw outOfBounds(addr, len);
        }
        byte[] out = new byte[len];
        int done = 0;
        while (done < len) {
            int a = addr + done;
            int chunk = Math.min(len - done, SIZE - (a & MASK));
            System.arraycopy(readable[a >>> SHIFT], a & MASK, out, done, chunk);
            done += chunk;
        }
        return out;
    }

    @Override
    public void writeByte(int addr, byte value) {
        try {
            byte[] p = writable[addr >>> SHIFT];
            if (p == null) {
                p = own(addr >>> SHIFT);
            }
            p[addr & MASK] = value;
        } catch (RuntimeException e) {
            throw outOfBounds(addr, 1);
        }
    }

    @Override
    public void writeShort(int addr, short value) {
        try {
            byte[] p = writable[addr >>> SHIFT];
            if (p == null) {
                p = own(addr >>> SHIFT);
            }
            SHORT.set(p, addr & MASK, value);
        } catch (RuntimeException e) {
            writeSlow(addr, value, 2); // straddles two chunks, or out of bounds
        }
    }

    @Override
    public void writeI32(int addr, int value) {
        try {
            byte[] p = writable[addr >>> SHIFT];
            if (p == null) {
                p = own(addr >>> SHIFT);
            }
            INT.set(p, addr & MASK, value);
        } catch (RuntimeException e) {
            writeSlow(addr, value, 4); // straddles two chunks, or out of bounds
        }
    }

    @Override
    public void writeLong(int addr, long value) {
        try {
            byte[] p = writable[addr >>> SHIFT];
            if (p == null) {
                p = own(addr >>> SHIFT);
            }
            LONG.set(p, addr & MASK, value);
        } catch (RuntimeException e) {
            writeSlow(addr, value, 8); // straddles two chunks, or out of bounds
        }
    }

    /**
     * A little-endian write that straddles two chunks, or traps if out of bounds. The fast paths
     * come here from the array bounds check instead of testing for a straddle on every access:
     * one branch less per access in the guest's hottest code, and straddles are rare (QuickJS
     * aligns its data).
     */
    private void writeSlow(int addr, long value, int size) {
        if (!inBounds(addr, size)) {
            throw outOfBounds(addr, size);
        }
        for (int i = 0; i < size; i++) {
            int a = addr + i;
            own(a >>> SHIFT)[a & MASK] = (byte) (value >>> (8 * i));
        }
    }

    /** A little-endian read that straddles two chunks, or traps if out of bounds (see {@link #writeSlow}). */
    private long readSlow(int addr, int size) {
        if (!inBounds(addr, size)) {
            throw outOfBounds(addr, size);
        }
        long v = 0;
        for (int i = 0; i < size; i++) {
            int a = addr + i;
            v |= (readable[a >>> SHIFT][a & MASK] & 0xFFL) << (8 * i);
        }
        return v;
    }

    @Override
    public short readShort(int addr) {
        try {
            return (short) SHORT.get(readable[addr >>> SHIFT], addr & MASK);
        } catch (RuntimeException e) {
            return (short) readSlow(addr, 2); // straddles two chunks, or out of bounds
        }
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public int readInt(int addr) {
        try {
            return (int) INT.get(readable[addr >>> SHIFT], addr & MASK);
        } catch (RuntimeException e) {
            return (int) readSlow(addr, 4); // straddles two chunks, or out of bounds
        }
    }

    @Override
    public long readLong(int addr) {
        try {
            return (long) LONG.get(readable[addr >>> SHIFT], addr & MASK);
        } catch (RuntimeException e) {
            return readSlow(addr, 8); // straddles two chunks, or out of bounds
        }
    }

    @Override
    public void writeF32(int addr, float value) {
        writeI32(addr, Float.floatToRawIntBits(value));
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
    public void writeF64(int addr, double value) {
        writeLong(addr, Double.doubleToRawLongBits(value));
    }

    @Override
    public double readDouble(int addr) {
        return Double.longBitsToDouble(readLong(addr));
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    /**
     * Chicory "zeroes" a memory at instantiation, before it applies data segments. For a memory
     * that starts from an image, the initial content is that image, so this returns to it.
     */
    @Override
    public void zero() {
        resetTo(origin);
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        int len = toIndex - fromIndex;
        if (len < 0 || !inBounds(fromIndex, len)) {
            throw outOfBounds(fromIndex, len);
        }
        int done = 0;
        while (done < len) {
            int a = fromIndex + done;
            int chunk = Math.min(len - done, SIZE - (a & MASK));
            int index = a >>> SHIFT;
            // Zeroing a chunk that is still the zero chunk needs no copy.
            if (!(value == 0 && readable[index] == MemoryImage.ZERO_CHUNK)) {
                Arrays.fill(own(index), a & MASK, (a & MASK) + chunk, value);
            }
            done += chunk;
        }
    }

    @Override
    public void copy(int dest, int src, int size) {
        if (!inBounds(dest, size) || !inBounds(src, size)) {
            throw outOfBounds(Integer.compareUnsigned(dest, src) > 0 ? dest : src, size);
        }
        if (size == 0 || dest == src) {
            return;
        }
        if (Integer.compareUnsigned(dest, src) < 0 || Integer.toUnsignedLong(dest) >= Integer.toUnsignedLong(src) + size) {
            int done = 0;
            while (done < size) {
                int s = src + done;
                int d = dest + done;
                int chunk = Math.min(size - done, Math.min(SIZE - (s & MASK), SIZE - (d & MASK)));
                System.arraycopy(readable[s >>> SHIFT], s & MASK, own(d >>> SHIFT), d & MASK, chunk);
                done += chunk;
            }
        } else {
            // Overlapping with dest after src: copy from the end so no source byte is overwritten first.
            int remaining = size;
            while (remaining > 0) {
                int sEnd = src + remaining;
                int dEnd = dest + remaining;
                int sOff = ((sEnd - 1) & MASK) + 1;
                int dOff = ((dEnd - 1) & MASK) + 1;
                int chunk = Math.min(remaining, Math.min(sOff, dOff));
                System.arraycopy(readable[(sEnd - 1) >>> SHIFT], sOff - chunk,
                        own((dEnd - 1) >>> SHIFT), dOff - chunk, chunk);
                remaining -= chunk;
            }
        }
    }

    @Override
    public void drop(int segment) {
        if (segment >= 0 && segment < dataSegments.length) {
            dataSegments[segment] = PassiveDataSegment.EMPTY;
        }
    }
}
