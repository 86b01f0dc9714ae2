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
 * A guest's linear memory over a shared {@link MemoryImage}, in one of two forms.
 *
 * <ul>
 *   <li><b>Chunked</b> (a new or parked isolate): copy-on-write in 2 KiB chunks over the image.
 *       Starting costs a chunk table (tens of microseconds), and an idle isolate keeps only the
 *       chunks it changed (~230 KB after a request) while sharing the rest.</li>
 *   <li><b>Flat</b> (a hot isolate, after {@link #flatten}): one array with the whole content.
 *       Each guest access is then a single bounds-checked load or store instead of a chunk-table
 *       lookup: the compiled guest runs ~1.5-2x faster (fib(25) ~75 ms against ~90-150 ms). The
 *       copy costs what the memory weighs (~350 µs for the 3 MB of a booted QuickJS), which is why
 *       isolates are not born flat: most starts serve one short call.</li>
 * </ul>
 * {@link #park} turns a flat memory back into chunks, keeping only those that differ from the
 * image. The isolate decides when to change form (between calls); the guest never sees it.
 *
 * <p>Invariants, chunked form ({@code flat == null}):
 * <ol>
 *   <li>{@code readable[i]} is the current content of chunk i: a chunk of the image (or the shared
 *       zero chunk) or a chunk this memory owns.</li>
 *   <li>{@code writable[i]} is non-null exactly when this memory owns chunk i, and then equals
 *       {@code readable[i]}. Image chunks are never written: the first write to one copies it.</li>
 *   <li>Both tables are exactly {@link #pages()} times 32 long, so an address past the end fails
 *       on the table index and becomes the Wasm trap "out of bounds memory access".</li>
 * </ol>
 * Flat form: {@code flat} holds the content and the chunk tables are null. Its length (the
 * capacity) may exceed the size: growing reserves half again the size so that a guest growing page
 * by page does not copy its whole memory each time. A single load or store between the size and the
 * capacity therefore does not trap (it reaches the guest's own bytes, zeroed again before a grow
 * makes them valid); bulk operations and every host access check the exact size.
 */
public final class GuestMemory implements Memory {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    // The copy-on-write unit (a chunk, see MemoryImage); "page" below means a 64 KiB Wasm page.
    private static final int SIZE = MemoryImage.CHUNK_SIZE;
    private static final int SHIFT = MemoryImage.CHUNK_SHIFT;
    private static final int MASK = MemoryImage.CHUNK_MASK;
    private static final int CHUNKS_PER_PAGE_SHIFT = MemoryImage.PAGE_SHIFT - MemoryImage.CHUNK_SHIFT;
    /** Pages a Java array can hold (the flat form's length is an int). */
    private static final int ARRAY_MAX_PAGES = Integer.MAX_VALUE >>> MemoryImage.PAGE_SHIFT;

    private final MemoryLimits limits;
    private final MemoryImage origin;
    /** The image this memory is copy-on-write over now: {@link #origin}, or its latest {@link #snapshot}. */
    private MemoryImage base;
    private byte[][] readable;
    private byte[][] writable;
    private DataSegment[] dataSegments = new DataSegment[0];
    private long ownedChunks;
    /** The whole content in the flat form; null in the chunked form. */
    private byte[] flat;
    /** Size in bytes (pages times 64 KiB), kept in both forms. */
    private int sizeBytes;
    /** True for a fresh memory (the boot instance's), which Chicory fills from the data segments. */
    private boolean appliesDataSegments;

    /** A memory whose content starts as {@code image}, growable up to {@code limits.maximumPages()}. */
    public GuestMemory(MemoryImage image, MemoryLimits limits) {
        this.limits = limits;
        this.origin = image;
        resetTo(image);
    }

    /**
     * A zeroed memory of {@code limits.initialPages()} that applies the module's active data
     * segments at instantiation, for booting the guest. Using this class for the boot instance
     * too keeps the compiled guest's memory call sites monomorphic.
     */
    public static GuestMemory blank(MemoryLimits limits) {
        GuestMemory memory = new GuestMemory(MemoryImage.zeros(limits.initialPages()), limits);
        memory.appliesDataSegments = true;
        return memory;
    }

    private void resetTo(MemoryImage image) {
        base = image;
        readable = image.copyOfChunks();
        writable = new byte[readable.length][];
        ownedChunks = 0;
        flat = null;
        sizeBytes = readable.length * SIZE;
    }

    /** Whether the memory is in its flat form (see the class comment). */
    public boolean isFlat() {
        return flat != null;
    }

    /** Turns the memory into its flat form: one copy of the whole content. Does nothing if already flat. */
    public void flatten() {
        if (flat != null) {
            return;
        }
        byte[] content = new byte[sizeBytes];
        for (int i = 0; i < readable.length; i++) {
            if (readable[i] != MemoryImage.ZERO_CHUNK) {
                System.arraycopy(readable[i], 0, content, i * SIZE, SIZE);
            }
        }
        flat = content;
        readable = null;
        writable = null;
        ownedChunks = 0;
    }

    /**
     * Returns to the chunked form keeping only the chunks whose content differs from the image,
     * and returns the bytes freed. From the flat form that compares the whole memory with the image;
     * in the chunked form it gives back owned chunks that are equal to the image's again (QuickJS
     * increments and then decrements reference counts all over the heap, so about half of what a
     * call copies ends up unchanged). Tens of microseconds either way: callers park isolates that
     * went idle, not between calls.
     */
    public long park() {
        if (flat == null) {
            return releaseUnchangedChunks();
        }
        int chunkCount = sizeBytes / SIZE;
        byte[][] chunks = new byte[chunkCount][];
        byte[][] owned = new byte[chunkCount][];
        long kept = 0;
        for (int i = 0; i < chunkCount; i++) {
            byte[] image = i < base.chunkCount() ? base.chunk(i) : MemoryImage.ZERO_CHUNK;
            int from = i * SIZE;
            if (Arrays.equals(flat, from, from + SIZE, image, 0, SIZE)) {
                chunks[i] = image;
            } else {
                owned[i] = chunks[i] = Arrays.copyOfRange(flat, from, from + SIZE);
                kept++;
            }
        }
        long freed = flat.length - kept * SIZE;
        flat = null;
        readable = chunks;
        writable = owned;
        ownedChunks = kept;
        return freed;
    }

    /** An image of the current content. This memory gives up its chunks to the image and copies on its next writes. */
    public MemoryImage snapshot() {
        if (flat != null) {
            byte[][] chunks = new byte[sizeBytes / SIZE][];
            for (int i = 0; i < chunks.length; i++) {
                chunks[i] = Arrays.copyOfRange(flat, i * SIZE, (i + 1) * SIZE);
            }
            MemoryImage image = MemoryImage.adopt(chunks);
            base = image;
            return image;
        }
        MemoryImage image = MemoryImage.adopt(readable);
        base = image;
        for (int i = 0; i < readable.length; i++) {
            readable[i] = image.chunk(i);
        }
        Arrays.fill(writable, null);
        ownedChunks = 0;
        return image;
    }

    /** The chunked form's {@link #park}: shares again every owned chunk equal to the image's. */
    private long releaseUnchangedChunks() {
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

    /** Bytes this memory holds beyond the image it shares: the flat array, or the chunks it owns. */
    public long ownedBytes() {
        return flat != null ? flat.length : ownedChunks * SIZE;
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
        return len >= 0 && end <= sizeBytes;
    }

    @Override
    public int pages() {
        return sizeBytes >>> MemoryImage.PAGE_SHIFT;
    }

    @Override
    public int grow(int delta) {
        int old = pages();
        long wanted = (long) old + Integer.toUnsignedLong(delta);
        if (delta < 0 || wanted > limits.maximumPages() || wanted > RUNTIME_MAX_PAGES || wanted > ARRAY_MAX_PAGES) {
            return -1;
        }
        if (delta == 0) {
            return old;
        }
        // Allocate first, then change the size: an OutOfMemoryError leaves the memory as it was.
        int oldBytes = sizeBytes;
        int wantedBytes = (int) (wanted << MemoryImage.PAGE_SHIFT);
        if (flat != null) {
            if (wantedBytes > flat.length) {
                long maxBytes = Math.min(Math.min((long) limits.maximumPages(), RUNTIME_MAX_PAGES), ARRAY_MAX_PAGES) << MemoryImage.PAGE_SHIFT;
                long ahead = Math.min(maxBytes, (long) flat.length + flat.length / 2);
                flat = Arrays.copyOf(flat, (int) Math.max(wantedBytes, ahead));
            }
            // The guest may have stored past its old size within the capacity (see the class comment).
            Arrays.fill(flat, oldBytes, wantedBytes, (byte) 0);
            sizeBytes = wantedBytes;
            return old;
        }
        int oldChunks = readable.length;
        int wantedChunks = (int) (wanted << CHUNKS_PER_PAGE_SHIFT);
        byte[][] grownReadable = Arrays.copyOf(readable, wantedChunks);
        byte[][] grownWritable = Arrays.copyOf(writable, wantedChunks);
        Arrays.fill(grownReadable, oldChunks, wantedChunks, MemoryImage.ZERO_CHUNK);
        readable = grownReadable;
        writable = grownWritable;
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
        if (flat != null) {
            System.arraycopy(data, offset, flat, addr, size);
            return;
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
        byte[] f = flat;
        if (f != null) {
            try {
                return f[addr];
            } catch (RuntimeException e) {
                throw outOfBounds(addr, 1);
            }
        }
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
        if (flat != null) {
            return Arrays.copyOfRange(flat, addr, addr + len);
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
        byte[] f = flat;
        if (f != null) {
            try {
                f[addr] = value;
            } catch (RuntimeException e) {
                throw outOfBounds(addr, 1);
            }
            return;
        }
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
        byte[] f = flat;
        if (f != null) {
            try {
                SHORT.set(f, addr, value);
            } catch (RuntimeException e) {
                throw outOfBounds(addr, 2);
            }
            return;
        }
        int offset = addr & MASK;
        if (offset > SIZE - 2) {
            writeSlow(addr, value, 2); // straddles two chunks, or out of bounds
            return;
        }
        try {
            byte[] p = writable[addr >>> SHIFT];
            if (p == null) {
                p = own(addr >>> SHIFT);
            }
            SHORT.set(p, offset, value);
        } catch (RuntimeException e) {
            throw outOfBounds(addr, 2);
        }
    }

    @Override
    public void writeI32(int addr, int value) {
        byte[] f = flat;
        if (f != null) {
            try {
                INT.set(f, addr, value);
            } catch (RuntimeException e) {
                throw outOfBounds(addr, 4);
            }
            return;
        }
        int offset = addr & MASK;
        if (offset > SIZE - 4) {
            writeSlow(addr, value, 4); // straddles two chunks, or out of bounds
            return;
        }
        try {
            byte[] p = writable[addr >>> SHIFT];
            if (p == null) {
                p = own(addr >>> SHIFT);
            }
            INT.set(p, offset, value);
        } catch (RuntimeException e) {
            throw outOfBounds(addr, 4);
        }
    }

    @Override
    public void writeLong(int addr, long value) {
        byte[] f = flat;
        if (f != null) {
            try {
                LONG.set(f, addr, value);
            } catch (RuntimeException e) {
                throw outOfBounds(addr, 8);
            }
            return;
        }
        int offset = addr & MASK;
        if (offset > SIZE - 8) {
            writeSlow(addr, value, 8); // straddles two chunks, or out of bounds
            return;
        }
        try {
            byte[] p = writable[addr >>> SHIFT];
            if (p == null) {
                p = own(addr >>> SHIFT);
            }
            LONG.set(p, offset, value);
        } catch (RuntimeException e) {
            throw outOfBounds(addr, 8);
        }
    }

    /**
     * A little-endian write that straddles two chunks, or traps if out of bounds. The chunked fast
     * paths test for a straddle before they access: reaching this through the array's bounds check
     * instead would save that branch but cost an exception per straddle, and they are not rare
     * (QuickJS reads its bytecode's operands unaligned), while an exception's stack trace is as deep
     * as the guest's call stack: 11% of a soak's CPU went into building them.
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
        byte[] f = flat;
        if (f != null) {
            try {
                return (short) SHORT.get(f, addr);
            } catch (RuntimeException e) {
                throw outOfBounds(addr, 2);
            }
        }
        int offset = addr & MASK;
        if (offset <= SIZE - 2) {
            try {
                return (short) SHORT.get(readable[addr >>> SHIFT], offset);
            } catch (RuntimeException e) {
                throw outOfBounds(addr, 2);
            }
        }
        return (short) readSlow(addr, 2); // straddles two chunks, or out of bounds
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public int readInt(int addr) {
        byte[] f = flat;
        if (f != null) {
            try {
                return (int) INT.get(f, addr);
            } catch (RuntimeException e) {
                throw outOfBounds(addr, 4);
            }
        }
        int offset = addr & MASK;
        if (offset <= SIZE - 4) {
            try {
                return (int) INT.get(readable[addr >>> SHIFT], offset);
            } catch (RuntimeException e) {
                throw outOfBounds(addr, 4);
            }
        }
        return (int) readSlow(addr, 4); // straddles two chunks, or out of bounds
    }

    @Override
    public long readLong(int addr) {
        byte[] f = flat;
        if (f != null) {
            try {
                return (long) LONG.get(f, addr);
            } catch (RuntimeException e) {
                throw outOfBounds(addr, 8);
            }
        }
        int offset = addr & MASK;
        if (offset <= SIZE - 8) {
            try {
                return (long) LONG.get(readable[addr >>> SHIFT], offset);
            } catch (RuntimeException e) {
                throw outOfBounds(addr, 8);
            }
        }
        return readSlow(addr, 8); // straddles two chunks, or out of bounds
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
        if (flat != null) {
            Arrays.fill(flat, fromIndex, toIndex, value);
            return;
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
        if (flat != null) {
            System.arraycopy(flat, src, flat, dest, size); // overlap-safe, like memmove
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
