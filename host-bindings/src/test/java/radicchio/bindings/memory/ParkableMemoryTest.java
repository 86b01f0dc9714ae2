package radicchio.bindings.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParkableMemoryTest {
    private static final int PAGE = MemoryImage.PAGE_SIZE;
    private static final int CHUNK = MemoryImage.CHUNK_SIZE;

    /** An active memory of zeros. */
    private static ParkableMemory memory(int pages, int max) {
        return started(MemoryImage.zeros(pages), pages, max);
    }

    /** A memory started from {@code image}, activated as an isolate does before its first call. */
    private static ParkableMemory started(MemoryImage image, int pages, int max) {
        ParkableMemory memory = new ParkableMemory(image, new MemoryLimits(pages, max));
        memory.activate();
        return memory;
    }

    @Test
    void writesAreInvisibleToTheImageAndToSiblingMemories() {
        ParkableMemory first = memory(2, 4);
        first.writeI32(100, 0x01020304);
        MemoryImage image = first.snapshot();
        ParkableMemory a = started(image, 2, 4);
        ParkableMemory b = started(image, 2, 4);
        a.writeI32(100, 42);
        assertEquals(42, a.readInt(100));
        assertEquals(0x01020304, b.readInt(100));
        assertEquals(0x01020304, first.readInt(100));
        assertEquals(0x01020304, started(image, 2, 4).readInt(100));
    }

    @Test
    void aParkedMemoryKeepsOnlyTheChunksThatDifferAndComesBackWhole() {
        ParkableMemory first = memory(1, 2);
        first.writeI32(8, 7);
        MemoryImage image = first.snapshot();
        ParkableMemory m = started(image, 1, 2);
        m.writeI32(8, 8); // changed, then restored: a reference count going up and down
        m.writeI32(8, 7);
        m.writeI32(CHUNK + 8, 5); // changed for good
        assertEquals(1, m.grow(1));
        m.writeI32(PAGE + 8, 9); // grown and restored to zero
        m.writeI32(PAGE + 8, 0);
        m.writeI32(PAGE + CHUNK, 3); // grown and written
        assertEquals(2 * PAGE, m.ownedBytes(), "an active memory holds all of it");

        assertEquals(2 * PAGE - 2 * CHUNK, m.park());
        assertTrue(m.isParked());
        assertEquals(2 * CHUNK, m.ownedBytes(), "two chunks differ from the image");
        assertEquals(0, m.park(), "parking twice frees nothing more");
        assertThrows(IllegalStateException.class, () -> m.readInt(8), "a parked memory is not for the guest");

        m.activate();
        assertEquals(7, m.readInt(8));
        assertEquals(5, m.readInt(CHUNK + 8));
        assertEquals(0, m.readInt(PAGE + 8));
        assertEquals(3, m.readInt(PAGE + CHUNK));
        assertEquals(2, m.pages());
        m.writeI32(8, 1);
        assertEquals(7, started(image, 1, 2).readInt(8), "the image is never written");
        assertEquals(1, m.readInt(8));
    }

    @Test
    void parkingRightAfterASnapshotKeepsNothing() {
        ParkableMemory m = memory(2, 2);
        new Random(3).ints(500, 0, 2 * PAGE - 4).forEach(a -> m.writeI32(a, a));
        byte[] before = m.readBytes(0, 2 * PAGE);
        m.snapshot();
        m.park();
        assertEquals(0, m.ownedBytes());
        m.activate();
        assertArrayEquals(before, m.readBytes(0, 2 * PAGE));
    }

    @Test
    void aSnapshotDoesNotStoreTrailingZeros() {
        ParkableMemory m = memory(4, 4);
        m.writeByte(PAGE + 9, (byte) 1);
        MemoryImage image = m.snapshot();
        assertEquals(4, image.pageCount());
        assertEquals(PAGE + 10, image.retainedBytes());
        ParkableMemory copy = started(image, 4, 4);
        assertEquals(1, copy.read(PAGE + 9));
        assertEquals(0L, copy.readLong(4 * PAGE - 8));
    }

    @Test
    void accessesStraddlingTwoPagesAreLittleEndianAndExact() {
        ParkableMemory m = memory(2, 2);
        for (int off = PAGE - 7; off < PAGE; off++) {
            m.writeLong(off, 0x1122334455667788L);
            assertEquals(0x1122334455667788L, m.readLong(off));
            m.writeI32(off, 0xCAFEBABE);
            assertEquals(0xCAFEBABE, m.readInt(off));
            m.writeShort(off, (short) 0xBEEF);
            assertEquals((short) 0xBEEF, m.readShort(off));
        }
        m.writeI32(PAGE - 2, 0x04030201);
        assertEquals(2, m.read(PAGE - 1));
        assertEquals(3, m.read(PAGE));
    }

    @Test
    void outOfBoundsAccessesTrap() {
        ParkableMemory m = memory(1, 1);
        assertThrows(WasmRuntimeException.class, () -> m.readInt(PAGE - 2));
        assertThrows(WasmRuntimeException.class, () -> m.writeLong(PAGE, 1));
        assertThrows(WasmRuntimeException.class, () -> m.read(-1));
        assertThrows(WasmRuntimeException.class, () -> m.readBytes(PAGE - 1, 2));
        assertThrows(WasmRuntimeException.class, () -> m.copy(0, PAGE - 4, 8));
        assertThrows(WasmRuntimeException.class, () -> m.fill((byte) 1, PAGE - 1, PAGE + 1));
    }

    @Test
    void growIsBoundedAndNewPagesReadAsZero() {
        ParkableMemory m = memory(1, 3);
        assertEquals(1, m.grow(2));
        assertEquals(3, m.pages());
        assertEquals(-1, m.grow(1));
        assertEquals(0L, m.readLong(2 * PAGE + 8));
        assertThrows(WasmRuntimeException.class, () -> m.readBytes(3 * PAGE - 4, 8), "bulk reads check the exact size");
    }

    @Test
    void growingReservesCapacityAheadAndZeroesWhatItExposes() {
        ParkableMemory m = memory(4, 100);
        assertEquals(4, m.grow(1));
        assertEquals(6 * PAGE, m.ownedBytes(), "half again the size, so page-by-page growth copies rarely");
        // Within the capacity a single store past the size does not trap (the documented deviation)...
        m.writeLong(5 * PAGE + 16, -1L);
        assertEquals(5, m.grow(1));
        // ...and the grow makes that page valid zeroed, as Wasm requires.
        assertEquals(0L, m.readLong(5 * PAGE + 16));
        assertThrows(WasmRuntimeException.class, () -> m.readLong(6 * PAGE), "past the capacity it traps");
    }

    @Test
    void bulkOperationsMatchAFlatArrayModel() {
        Random random = new Random(7);
        ParkableMemory m = memory(3, 3);
        byte[] model = new byte[3 * PAGE];
        for (int i = 0; i < 2000; i++) {
            int size = random.nextInt(3 * PAGE / 4);
            int src = random.nextInt(model.length - size);
            int dst = random.nextInt(model.length - size);
            switch (random.nextInt(3)) {
                case 0: {
                    byte[] data = new byte[size];
                    random.nextBytes(data);
                    m.write(dst, data, 0, size);
                    System.arraycopy(data, 0, model, dst, size);
                    break;
                }
                case 1:
                    m.copy(dst, src, size);
                    System.arraycopy(model, src, model, dst, size);
                    break;
                default:
                    byte v = (byte) random.nextInt(3);
                    m.fill(v, dst, dst + size);
                    java.util.Arrays.fill(model, dst, dst + size, v);
            }
        }
        assertArrayEquals(model, m.readBytes(0, model.length));
    }
}
